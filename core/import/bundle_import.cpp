#include "core/import/bundle_import.h"

#include "core/analysis/metric_rollups.h"
#include "core/import/bundle_manifest.h"
#include "core/import/importer_registry.h"
#include "core/import/record_pipeline.h"
#include "core/runbook/check_indexes.h"
#include "core/store/workspace.h"
#include "core/store/workspace_writer.h"
#include "core/util/content_hash.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>

namespace casebook {

const char* toString(ImportStatus status) {
    switch (status) {
    case ImportStatus::Imported:
        return "imported";
    case ImportStatus::AlreadyImported:
        return "already imported";
    case ImportStatus::Cancelled:
        return "cancelled";
    case ImportStatus::Failed:
        return "failed";
    }
    return "unknown";
}

namespace {

namespace fs = std::filesystem;

struct Cancelled {};

struct BundleFile {
    fs::path absolute;
    std::string relative;
    std::uint64_t bytes = 0;
};

// Regular files below the bundle root in a stable order; hidden files and the manifest
// are not telemetry. Symlinks are not followed out of the bundle.
std::vector<BundleFile> listFiles(const fs::path& root) {
    std::vector<BundleFile> files;
    for (auto it =
             fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it) {
        const auto name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory())
                it.disable_recursion_pending();
            continue;
        }
        if (it->is_symlink() || !it->is_regular_file())
            continue;
        auto relative = fs::relative(it->path(), root).generic_string();
        if (relative == "manifest.json")
            continue;
        files.push_back({it->path(), std::move(relative), it->file_size()});
    }
    std::sort(files.begin(), files.end(),
              [](const BundleFile& a, const BundleFile& b) { return a.relative < b.relative; });
    return files;
}

std::string readHead(const fs::path& file, std::size_t limit = 64 * 1024) {
    std::ifstream in(file, std::ios::binary);
    std::string head(limit, '\0');
    in.read(head.data(), static_cast<std::streamsize>(limit));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

// Wraps the writer for one file: counts what the importer produced, keeps the first
// rejections as samples, and turns the stop token into an unwinding exception so that
// a cancel never has to be threaded through every importer's return path.
class FileSink : public RecordSink {
public:
    FileSink(WorkspaceWriter& writer, const BundleImportOptions& options, ImportReport& report,
             std::string path)
        : writer_(writer), options_(options), report_(report), path_(std::move(path)) {}

    void addSpan(const SpanRecord& r) override {
        tick();
        writer_.addSpan(r);
        ++spans;
    }
    void addLog(const LogRecord& r) override {
        tick();
        writer_.addLog(r);
        ++logs;
    }
    void addMetricPoint(const MetricPoint& r) override {
        tick();
        writer_.addMetricPoint(r);
        ++points;
    }
    void addChange(const ChangeRecord& r) override {
        tick();
        writer_.addChange(r);
        ++changes;
    }
    void addSlo(const SloRecord& r) override {
        tick();
        writer_.addSlo(r);
        ++slos;
    }
    void addLineageNode(const LineageNodeRecord& r) override {
        tick();
        writer_.addLineageNode(r);
        ++lineage;
    }
    void addLineageEdge(const LineageEdgeRecord& r) override {
        tick();
        writer_.addLineageEdge(r);
        ++lineage;
    }
    void addLineageRun(const LineageRunRecord& r) override {
        tick();
        writer_.addLineageRun(r);
        ++lineage;
    }
    void addLineageColumnEdge(const LineageColumnEdgeRecord& r) override {
        tick();
        writer_.addLineageColumnEdge(r);
        ++lineage;
    }
    void addLineageFacet(const LineageFacetRecord& r) override {
        tick();
        writer_.addLineageFacet(r);
        ++lineage;
    }
    void reject(const Rejection& r) override {
        tick();
        writer_.reject(r);
        ++rejected;
        if (report_.rejectedSamples.size() < options_.maxRejectedSamples)
            report_.rejectedSamples.push_back(
                {path_, std::string(r.location), std::string(r.reason)});
    }

    std::uint64_t accepted() const { return spans + logs + points + changes + slos + lineage; }
    std::string kind() const {
        const int kinds =
            (spans > 0) + (logs > 0) + (points > 0) + (changes > 0) + (slos > 0) + (lineage > 0);
        if (kinds > 1)
            return "mixed";
        if (spans)
            return "traces";
        if (logs)
            return "logs";
        if (points)
            return "metrics";
        if (changes)
            return "changes";
        if (slos)
            return "slos";
        if (lineage)
            return "lineage";
        return "";
    }

    std::uint64_t spans = 0, logs = 0, points = 0, changes = 0, rejected = 0, slos = 0, lineage = 0;

private:
    void tick() {
        if ((++ticks_ & 1023) == 0 && options_.stop.stop_requested())
            throw Cancelled{};
    }
    WorkspaceWriter& writer_;
    const BundleImportOptions& options_;
    ImportReport& report_;
    std::string path_;
    std::uint64_t ticks_ = 0;
};

class ProgressThrottle {
public:
    ProgressThrottle(const BundleImportOptions& options, ImportProgress& progress)
        : options_(options), progress_(progress) {}
    void report(bool force) {
        if (!options_.onProgress)
            return;
        const std::uint64_t step = std::max<std::uint64_t>(progress_.bytesTotal / 1000, 1);
        if (force || progress_.bytesDone >= lastBytes_ + step) {
            lastBytes_ = progress_.bytesDone;
            options_.onProgress(progress_);
        }
    }

private:
    const BundleImportOptions& options_;
    ImportProgress& progress_;
    std::uint64_t lastBytes_ = 0;
};

void recordFileRow(Database& db, std::int64_t row, const FileReport& f) {
    auto st =
        db.prepare("UPDATE import_files SET kind=?, format=?, accepted=?, rejected=?, partial=?, "
                   "error=?, note=? WHERE id=?");
    st.bind(1, f.kind)
        .bind(2, f.format)
        .bind(3, static_cast<std::int64_t>(f.accepted))
        .bind(4, static_cast<std::int64_t>(f.rejected))
        .bind(5, f.partial ? 1 : 0)
        .bind(6, f.error)
        .bind(7, f.note)
        .bind(8, row)
        .run();
}

std::int64_t insertFileRow(Database& db, BundleId bundle, const FileReport& f) {
    auto st = db.prepare("INSERT INTO import_files(bundle_id, path, kind, format, bytes, error) "
                         "VALUES(?,?,?,?,?,?)");
    st.bind(1, raw(bundle))
        .bind(2, f.path)
        .bind(3, f.kind)
        .bind(4, f.format)
        .bind(5, static_cast<std::int64_t>(f.bytes))
        .bind(6, f.error)
        .run();
    return db.lastInsertRowId();
}

// Raises the page cache for the duration of an import and restores it afterwards.
class ImportCacheSize {
public:
    ImportCacheSize(Database& db, std::int64_t kibibytes)
        : db_(db), previous_(db.scalarInt("PRAGMA cache_size")) {
        db_.exec("PRAGMA cache_size = -" + std::to_string(kibibytes));
    }
    ~ImportCacheSize() {
        try {
            db_.exec("PRAGMA cache_size = " + std::to_string(previous_));
        } catch (...) {
            // The connection is unusable anyway if this fails.
        }
    }
    ImportCacheSize(const ImportCacheSize&) = delete;
    ImportCacheSize& operator=(const ImportCacheSize&) = delete;

private:
    Database& db_;
    std::int64_t previous_;
};

// What is left of a report whose transaction rolled back: nothing landed, so no counts.
ImportReport failedReport(const ImportReport& from, ImportStatus status, std::string error) {
    ImportReport r;
    r.status = status;
    r.bundleName = from.bundleName;
    r.sourcePath = from.sourcePath;
    r.contentHash = from.contentHash;
    r.error = std::move(error);
    return r;
}

// Where the folder being imported came from.
struct FolderSource {
    std::string sourcePath;  // what was named: the folder, or the archive it was extracted from
    std::string defaultName; // the bundle's name unless manifest.json gives one
    // False for an extracted archive: its extraction was the Checking phase, and the
    // fingerprint of the files just written is taken without reporting it again, so that
    // progress within the phase never goes backwards.
    bool reportChecking = true;
    std::chrono::steady_clock::time_point started;
};

ImportReport importFolder(Workspace& workspace, const fs::path& bundle,
                          const ImporterRegistry& registry, const BundleImportOptions& options,
                          const FolderSource& source) {
    ImportReport report;
    report.sourcePath = source.sourcePath;
    auto finish = [&]() -> ImportReport {
        report.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - source.started)
                .count();
        return report;
    };

    std::error_code ec;
    const BundleManifest manifest = readManifest(bundle, source.defaultName);
    report.bundleName = manifest.name;
    std::vector<BundleFile> files;
    ContentHasher hasher;
    try {
        files = listFiles(bundle);
        // Reading every byte to fingerprint the bundle takes a while on a large one, so it
        // reports progress and honours a cancel like the import itself.
        ImportProgress hashing;
        hashing.phase = ImportPhase::Checking;
        hashing.filesTotal = files.size();
        for (const auto& f : files)
            hashing.bytesTotal += f.bytes;
        ProgressThrottle throttle(options, hashing);
        const auto onChunk = [&](std::uint64_t chunk) {
            hashing.bytesDone += chunk;
            if (source.reportChecking)
                throttle.report(false);
            return !options.stop.stop_requested();
        };
        if (fs::exists(bundle / "manifest.json", ec))
            hasher.updateFile(bundle / "manifest.json");
        for (const auto& f : files) {
            hashing.currentFile = f.relative;
            hasher.update(f.relative);
            hasher.update(std::string_view("\0", 1));
            if (!hasher.updateFile(f.absolute, onChunk)) {
                report.status = ImportStatus::Cancelled;
                report.error = "import cancelled; the workspace is unchanged";
                return finish();
            }
            ++hashing.filesDone;
        }
    } catch (const std::exception& e) {
        report.error = e.what();
        return finish();
    }
    report.contentHash = hasher.hex();

    Database& db = workspace.db();
    try {
        auto seen = db.prepare("SELECT id FROM bundles WHERE content_hash = ?");
        seen.bind(1, report.contentHash);
        if (seen.step()) {
            report.status = ImportStatus::AlreadyImported;
            report.bundleId = BundleId{seen.int64(0)};
            return finish();
        }

        std::map<std::string, const ManifestFile*> declared;
        for (const auto& m : manifest.files)
            declared[fs::path(m.path).lexically_normal().generic_string()] = &m;

        ImportProgress progress;
        progress.phase = ImportPhase::Importing;
        progress.filesTotal = files.size();
        for (const auto& f : files)
            progress.bytesTotal += f.bytes;
        ProgressThrottle throttle(options, progress);

        // A bundle is one transaction, so every page it dirties stays in the cache or is
        // spilled to the WAL and read back. The index B-trees (trace ids are random) are
        // touched all over; a cache that holds them avoids most of that I/O. 128 MiB keeps
        // the import's peak RSS well under 400 MB whatever the bundle size.
        ImportCacheSize cache(db, 128 * 1024);
        Transaction tx(db);
        // The runbook checks' indexes are a cache that would slow every insert; they go
        // with this transaction and return when the next runbook run starts.
        dropCheckIndexes(db);
        const auto defaultTenant = workspace.ensureTenant(manifest.defaultTenant);
        auto insertBundle =
            db.prepare("INSERT INTO bundles(name, source_path, content_hash, imported_at_ns, "
                       "default_tenant_id) VALUES(?,?,?,?,?)");
        insertBundle.bind(1, manifest.name)
            .bind(2, report.sourcePath)
            .bind(3, report.contentHash)
            .bind(4, nowNs())
            .bind(5, raw(defaultTenant))
            .run();
        report.bundleId = BundleId{db.lastInsertRowId()};
        WorkspaceWriter writer(workspace, report.bundleId, manifest.defaultTenant);

        // Manifest problems and files it names that are missing are reported as rows of
        // the report, so they are kept with the bundle like any rejection.
        for (const auto& problem : manifest.errors) {
            FileReport f;
            f.path = "manifest.json";
            f.error = problem;
            insertFileRow(db, report.bundleId, f);
            report.files.push_back(std::move(f));
        }
        for (const auto& [path, entry] : declared) {
            const bool present =
                std::any_of(files.begin(), files.end(),
                            [&path = path](const BundleFile& f) { return f.relative == path; });
            if (!present) {
                FileReport f;
                f.path = path;
                f.kind = entry->kind;
                f.format = entry->format;
                f.error = "named in manifest.json but missing from the bundle";
                insertFileRow(db, report.bundleId, f);
                report.files.push_back(std::move(f));
            }
        }

        for (const auto& file : files) {
            if (options.stop.stop_requested())
                throw Cancelled{};
            FileReport f;
            f.path = file.relative;
            f.bytes = file.bytes;
            Importer* importer = nullptr;
            const auto it = declared.find(file.relative);
            if (it != declared.end() && !it->second->format.empty()) {
                importer = registry.byFormat(it->second->format);
                if (!importer)
                    f.error = "manifest.json names unknown format \"" + it->second->format + "\"";
            } else {
                const auto recognition = registry.recognise(readHead(file.absolute));
                importer = recognition.importer;
                if (!recognition.tied.empty()) {
                    f.error = "ambiguous format: ";
                    for (std::size_t i = 0; i < recognition.tied.size(); ++i)
                        f.error += (i ? " and " : "") + std::string(recognition.tied[i]->format());
                    f.error += " recognise this file equally; name its format in manifest.json";
                } else if (!importer) {
                    f.error = "unknown format: no importer recognises this file's content";
                }
            }
            if (importer)
                f.format = std::string(importer->format());
            const auto fileRow = insertFileRow(db, report.bundleId, f);
            progress.currentFile = file.relative;
            throttle.report(true);

            if (importer) {
                writer.setCurrentFile(fileRow);
                FileSink sink(writer, options, report, file.relative);
                ImportContext context;
                context.displayPath = file.relative;
                context.tenantKeys = manifest.tenantKeys;
                if (it != declared.end())
                    context.mapping = it->second->mapping;
                context.stop = options.stop;
                const auto bytesBefore = progress.bytesDone;
                // Progress is reported from this thread (the one writing), as batches land.
                const auto onBytes = [&](std::uint64_t done) {
                    progress.bytesDone = bytesBefore + std::min<std::uint64_t>(done, file.bytes);
                    progress.records = report.spans + report.logs + report.metricPoints +
                                       report.changes + report.lineage + sink.accepted();
                    throttle.report(false);
                };
                const auto fileStarted = std::chrono::steady_clock::now();
                const FileOutcome outcome =
                    importWithPipeline(*importer, file.absolute, context, sink, onBytes);
                f.seconds =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - fileStarted)
                        .count();
                if (options.stop.stop_requested())
                    throw Cancelled{};
                f.accepted = sink.accepted();
                f.rejected = sink.rejected;
                f.partial = outcome.partial;
                f.error = outcome.error;
                f.note = outcome.note;
                f.kind = sink.kind();
                if (it != declared.end() && !it->second->kind.empty() && f.kind.empty())
                    f.kind = it->second->kind;
                report.spans += sink.spans;
                report.logs += sink.logs;
                report.metricPoints += sink.points;
                report.changes += sink.changes;
                report.slos += sink.slos;
                report.lineage += sink.lineage;
                report.rejected += sink.rejected;
                recordFileRow(db, fileRow, f);
            }
            report.bytes += file.bytes;
            progress.bytesDone = report.bytes;
            ++progress.filesDone;
            progress.records =
                report.spans + report.logs + report.metricPoints + report.changes + report.lineage;
            throttle.report(true);
            report.files.push_back(std::move(f));
        }
        progress.phase = ImportPhase::Finishing;
        throttle.report(true);
        writer.finishTraces();
        writer.finishSlos();
        // Rollup tiles of every series this bundle added points to (core/analysis), and
        // of those still waiting for tiles since a migration.
        auto rollups = writer.touchedSeries();
        for (const SeriesId id : pendingRollups(workspace))
            if (std::find(rollups.begin(), rollups.end(), id) == rollups.end())
                rollups.push_back(id);
        rebuildMetricRollups(workspace, rollups, options.stop);
        if (options.stop.stop_requested())
            throw Cancelled{};
        tx.commit();
        report.status = ImportStatus::Imported;
    } catch (const Cancelled&) {
        report = failedReport(report, ImportStatus::Cancelled,
                              "import cancelled; the workspace is unchanged");
    } catch (const std::exception& e) {
        const std::string reason = e.what();
        report = failedReport(report, ImportStatus::Failed,
                              "import failed, the workspace is unchanged: " + reason);
    }
    return finish();
}

} // namespace

ImportReport importBundle(Workspace& workspace, const fs::path& bundle,
                          const ImporterRegistry& registry, const BundleImportOptions& options) {
    FolderSource source;
    source.started = std::chrono::steady_clock::now();
    source.sourcePath = fs::absolute(bundle).lexically_normal().string();
    std::error_code ec;
    if (fs::is_directory(bundle, ec))
        return importFolder(workspace, bundle, registry, options, source);

    ImportReport report;
    report.sourcePath = source.sourcePath;
    auto finish = [&]() -> ImportReport {
        report.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - source.started)
                .count();
        return report;
    };
    if (!fs::is_regular_file(bundle, ec)) {
        report.error = fs::exists(bundle, ec) ? bundle.string() + " is not a bundle folder"
                                              : "no such bundle: " + bundle.string();
        return finish();
    }

    // A file is a bundle when its content is an archive; the name is not consulted.
    source.defaultName = archiveBundleName(bundle);
    source.reportChecking = false;
    report.bundleName = source.defaultName;
    ImportProgress checking;
    checking.phase = ImportPhase::Checking;
    ProgressThrottle throttle(options, checking);
    const auto extraction = extractArchive(bundle, options.archiveLimits, options.stop,
                                           [&](const ExtractionProgress& p) {
                                               checking.bytesDone = p.archiveBytesRead;
                                               checking.bytesTotal = p.archiveBytes;
                                               checking.filesDone = p.entries;
                                               checking.currentFile = p.currentEntry;
                                               throttle.report(false);
                                           });
    switch (extraction.status) {
    case ArchiveExtraction::Status::NotAnArchive:
        report.error = bundle.string() +
                       " is neither a bundle folder nor an archive (zip, tar, tar.gz, tar.zst, "
                       "tar.xz, tar.bz2 or one compressed file)";
        return finish();
    case ArchiveExtraction::Status::Refused:
        report.error = "archive refused, the workspace is unchanged: " + extraction.error;
        return finish();
    case ArchiveExtraction::Status::Cancelled:
        report.status = ImportStatus::Cancelled;
        report.error = "import cancelled; the workspace is unchanged";
        return finish();
    case ArchiveExtraction::Status::Extracted:
        break;
    }
    checking.bytesDone = checking.bytesTotal;
    checking.currentFile.clear();
    throttle.report(true);
    return importFolder(workspace, extraction.bundleRoot, registry, options, source);
}

} // namespace casebook
