#include "plugins/lineage-csv/lineage_csv_importer.h"
#include "core/util/plain_text.h"

#include "core/lineage/lineage_mapping.h"
#include "core/util/time_text.h"
#include "plugins/lineage-csv/csv_reader.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace casebook {
namespace {

constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;

// The columns Casebook reads; others are kept out of the lineage (and reported once).
enum Column {
    kSource,
    kTarget,
    kKind,
    kSourceKind,
    kTargetKind,
    kSourceNamespace,
    kTargetNamespace,
    kSourceOwner,
    kTargetOwner,
    kSourceService,
    kTargetService,
    kTenant,
    kTime,
    kColumnCount
};
constexpr std::array<std::string_view, kColumnCount> kColumnNames{
    "source",           "target",           "kind",         "source_kind",  "target_kind",
    "source_namespace", "target_namespace", "source_owner", "target_owner", "source_service",
    "target_service",   "tenant",           "time"};

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

// Jobs run; the other kinds are read (docs/lineage.md).
LineageRole roleOfKind(std::string_view kind) {
    return kind == "job" || kind == "sync" || kind == "journey" ? LineageRole::Job
                                                                : LineageRole::Dataset;
}

struct Layout {
    std::array<int, kColumnCount> index;
    std::vector<std::string> ignored;
};

std::optional<Layout> headerLayout(const std::vector<std::string>& header) {
    Layout layout;
    layout.index.fill(-1);
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string name = asciiLower(trim(header[i]));
        if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0)
            name.erase(0, 3);
        const auto it = std::find(kColumnNames.begin(), kColumnNames.end(), name);
        if (it == kColumnNames.end()) {
            if (!name.empty())
                layout.ignored.push_back(name);
            continue;
        }
        layout.index[static_cast<std::size_t>(it - kColumnNames.begin())] = static_cast<int>(i);
    }
    if (layout.index[kSource] < 0 || layout.index[kTarget] < 0)
        return std::nullopt;
    return layout;
}

class RowMapping {
public:
    RowMapping(const Layout& layout, const LineageMapping& mapping, RecordSink& sink)
        : layout_(layout), mapping_(mapping), sink_(sink) {}

    std::optional<std::string> map(const std::vector<std::string>& fields) {
        auto field = [&](Column c) -> std::string {
            const int i = layout_.index[c];
            return i >= 0 && static_cast<std::size_t>(i) < fields.size()
                       ? trim(fields[static_cast<std::size_t>(i)])
                       : std::string();
        };
        source_ = field(kSource);
        target_ = field(kTarget);
        if (source_.empty())
            return std::string("source is empty");
        if (target_.empty())
            return std::string("target is empty");
        sourceNs_ = field(kSourceNamespace);
        targetNs_ = field(kTargetNamespace);
        if (sourceNs_.empty())
            sourceNs_ = mapping_.ns.empty() ? std::string("manual") : mapping_.ns;
        if (targetNs_.empty())
            targetNs_ = mapping_.ns.empty() ? std::string("manual") : mapping_.ns;
        sourceKind_ = asciiLower(field(kSourceKind));
        targetKind_ = asciiLower(field(kTargetKind));
        for (auto* kind : {&sourceKind_, &targetKind_}) {
            if (!kind->empty() && !isLineageKind(*kind))
                return std::string(kind == &sourceKind_ ? "source_kind" : "target_kind") + " \"" +
                       *kind +
                       "\" is not a node kind (dataset, job, dashboard, sync, journey, "
                       "model, other)";
        }
        if (sourceKind_.empty())
            sourceKind_ = std::string(mapping_.kindFor(sourceNs_, source_));
        if (targetKind_.empty())
            targetKind_ = std::string(mapping_.kindFor(targetNs_, target_));
        tenant_ = field(kTenant);
        if (tenant_.empty())
            tenant_ = mapping_.tenant;
        seen_.reset();
        if (const std::string time = field(kTime); !time.empty()) {
            seen_ = parseRfc3339(time);
            if (!seen_)
                return "time \"" + time + "\" is not an RFC 3339 time";
        }
        label_ = field(kKind);

        const LineageNodeKey from{roleOfKind(sourceKind_), sourceNs_, source_};
        const LineageNodeKey to{roleOfKind(targetKind_), targetNs_, target_};
        emitNode(from, sourceKind_, field(kSourceOwner), field(kSourceService));
        emitNode(to, targetKind_, field(kTargetOwner), field(kTargetService));
        LineageEdgeRecord edge;
        edge.from = from;
        edge.to = to;
        edge.tenant = tenant_;
        edge.label = label_;
        edge.seenNs = seen_;
        sink_.addLineageEdge(edge);
        return std::nullopt;
    }

private:
    void emitNode(const LineageNodeKey& key, std::string_view kind, const std::string& owner,
                  const std::string& service) {
        LineageNodeRecord node;
        node.key = key;
        node.tenant = tenant_;
        node.kind = kind;
        node.owner = owner;
        node.service = service.empty() ? mapping_.serviceFor(key.ns, key.name) : service;
        node.seenNs = seen_;
        sink_.addLineageNode(node);
    }

    const Layout& layout_;
    const LineageMapping& mapping_;
    RecordSink& sink_;
    std::string source_, target_, sourceNs_, targetNs_, sourceKind_, targetKind_, tenant_, label_;
    std::optional<std::int64_t> seen_;
};

} // namespace

std::string_view LineageCsvImporter::description() const {
    return "Lineage edges as CSV (source, target, kind, node kinds, owners, services)";
}

int LineageCsvImporter::sniff(std::string_view head) const {
    const auto end = head.find('\n');
    if (end == std::string_view::npos && head.size() >= 64 * 1024)
        return 0;
    std::istringstream in{std::string(head.substr(0, end))};
    CsvReader reader(in);
    std::vector<std::string> header;
    std::uint64_t line = 0;
    std::string error;
    if (!reader.next(header, line, error) || !error.empty() || header.size() < 2)
        return 0;
    return headerLayout(header) ? 80 : 0;
}

FileOutcome LineageCsvImporter::importFile(const std::filesystem::path& file,
                                           const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        outcome.error = "cannot read " + file.filename().string();
        return outcome;
    }
    std::vector<std::string> problems;
    const LineageMapping mapping = parseLineageMapping(context.mapping, problems);
    for (const auto& problem : problems)
        sink.reject({"manifest.json mapping", problem});

    CsvReader reader(in);
    std::vector<std::string> fields;
    std::uint64_t line = 0, reported = 0, edges = 0;
    std::string error;
    if (!reader.next(fields, line, error) || !error.empty()) {
        outcome.error = "the file has no header line";
        return outcome;
    }
    const auto layout = headerLayout(fields);
    if (!layout) {
        outcome.error = "the header names no source and target columns";
        return outcome;
    }
    const std::size_t width = fields.size();
    RowMapping rows(*layout, mapping, sink);
    while (reader.next(fields, line, error)) {
        if (context.stop.stop_requested()) {
            outcome.partial = true;
            outcome.error = "cancelled";
            return outcome;
        }
        if (context.onBytes && reader.bytesRead() - reported >= kProgressStep) {
            reported = reader.bytesRead();
            context.onBytes(reported);
        }
        const std::string location = "line " + std::to_string(line);
        if (!error.empty()) {
            outcome.partial = true;
            outcome.error = error + " (" + location + "); the rest of the file was not read";
            break;
        }
        if (fields.size() == 1 && trim(fields[0]).empty())
            continue; // a blank line
        if (fields.size() != width) {
            sink.reject({location, std::to_string(fields.size()) + " fields where the header has " +
                                       std::to_string(width)});
            continue;
        }
        if (auto reason = rows.map(fields))
            sink.reject({location, *reason});
        else
            ++edges;
    }
    outcome.note = std::to_string(edges) + (edges == 1 ? " edge" : " edges");
    if (!layout->ignored.empty()) {
        outcome.note += "; columns not read:";
        for (const auto& name : layout->ignored)
            outcome.note += " " + name;
    }
    if (context.onBytes)
        context.onBytes(reader.bytesRead());
    return outcome;
}

} // namespace casebook
