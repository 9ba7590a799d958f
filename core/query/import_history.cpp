#include "core/query/import_history.h"

namespace casebook {

std::vector<BundleRecord> importHistory(Workspace& ws) {
    std::vector<BundleRecord> bundles;
    auto st =
        ws.db().prepare("SELECT id, name, source_path, content_hash, imported_at_ns FROM bundles "
                        "ORDER BY id DESC");
    auto files = ws.db().prepare(
        "SELECT path, kind, format, bytes, accepted, rejected, partial, error, note "
        "FROM import_files WHERE bundle_id = ? ORDER BY id");
    while (st.step()) {
        BundleRecord b;
        b.id = BundleId{st.int64(0)};
        b.name = st.text(1);
        b.sourcePath = st.text(2);
        b.contentHash = st.text(3);
        b.importedAtNs = st.int64(4);
        files.bind(1, raw(b.id));
        while (files.step()) {
            FileReport f;
            f.path = files.text(0);
            f.kind = files.text(1);
            f.format = files.text(2);
            f.bytes = static_cast<std::uint64_t>(files.int64(3));
            f.accepted = static_cast<std::uint64_t>(files.int64(4));
            f.rejected = static_cast<std::uint64_t>(files.int64(5));
            f.partial = files.int64(6) != 0;
            f.error = files.text(7);
            f.note = files.text(8);
            b.rejected += static_cast<std::int64_t>(f.rejected);
            b.files.push_back(std::move(f));
        }
        files.reset();
        bundles.push_back(std::move(b));
    }
    return bundles;
}

std::vector<RejectedRow> rejectedRecords(Workspace& ws, std::int64_t limit, std::int64_t offset) {
    auto st = ws.db().prepare(
        "SELECT b.name, f.path, r.location, r.reason FROM rejected_records r "
        "JOIN import_files f ON f.id = r.file_id JOIN bundles b ON b.id = r.bundle_id "
        "ORDER BY r.id LIMIT ? OFFSET ?");
    st.bind(1, limit).bind(2, offset);
    std::vector<RejectedRow> rows;
    while (st.step())
        rows.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
    return rows;
}

} // namespace casebook
