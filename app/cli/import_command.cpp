#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/text_table.h"
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace casebook::cli {
namespace {

nlohmann::json reportJson(const ImportReport& r) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : r.files)
        files.push_back({{"path", f.path},
                         {"kind", f.kind},
                         {"format", f.format},
                         {"bytes", f.bytes},
                         {"accepted", f.accepted},
                         {"rejected", f.rejected},
                         {"partial", f.partial},
                         {"error", f.error},
                         {"note", f.note}});
    nlohmann::json samples = nlohmann::json::array();
    for (const auto& s : r.rejectedSamples)
        samples.push_back({{"path", s.path}, {"location", s.location}, {"reason", s.reason}});
    return {{"name", r.bundleName},
            {"source", r.sourcePath},
            {"status", toString(r.status)},
            {"content_hash", r.contentHash},
            {"error", r.error},
            {"spans", r.spans},
            {"logs", r.logs},
            {"metric_points", r.metricPoints},
            {"changes", r.changes},
            {"slos", r.slos},
            {"lineage", r.lineage},
            {"rejected", r.rejected},
            {"bytes", r.bytes},
            {"seconds", r.seconds},
            {"files", files},
            {"rejected_samples", samples}};
}

// What went wrong first, then how the file was read.
std::string noteText(const FileReport& f) {
    std::string text = (f.partial ? "partial: " : "") + f.error;
    if (!f.note.empty())
        text += (text.empty() ? "" : "; ") + f.note;
    return text;
}

void printReport(const ImportReport& r, std::ostream& out) {
    out << r.bundleName << " (" << r.sourcePath << "): " << toString(r.status);
    if (r.status == ImportStatus::Imported)
        out << ", " << r.spans << " spans, " << r.logs << " logs, " << r.metricPoints
            << " metric points, " << r.changes << " changes, "
            << (r.slos ? std::to_string(r.slos) + " SLOs, " : std::string())
            << (r.lineage ? std::to_string(r.lineage) + " lineage records, " : std::string())
            << r.rejected << " rejected";
    out << '\n';
    if (!r.error.empty())
        out << "  " << r.error << '\n';
    if (r.files.empty())
        return;
    TextTable table({"file", "kind", "format", "accepted", "rejected", "note"});
    for (const auto& f : r.files)
        table.add({f.path, f.kind, f.format, std::to_string(f.accepted), std::to_string(f.rejected),
                   noteText(f)});
    table.print(out);
    if (!r.rejectedSamples.empty()) {
        out << "rejected records (first " << r.rejectedSamples.size() << " of " << r.rejected
            << "):\n";
        for (const auto& s : r.rejectedSamples)
            out << "  " << s.path << ": " << s.location << ": " << s.reason << '\n';
    }
}

// Built-in importers plus runtime plugins; a refused plugin is a warning, not a failure.
void registerImporters(ImporterRegistry& registry) {
    for (const auto& load : registerAllImporters(registry))
        if (!load.loaded)
            std::cerr << "casebook-cli: plugin " << load.path.string()
                      << " refused: " << load.message << '\n';
}

} // namespace

int runImport(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, OptionSpec{{"json"}, {}});
    if (args.positionals().size() < 2)
        throw UsageError("usage: casebook-cli import WORKSPACE BUNDLE... [--json]");
    auto ws = Workspace::open(args.positionals()[0], Workspace::OpenMode::CreateOrOpen);
    ImporterRegistry registry;
    registerImporters(registry);
    nlohmann::json bundles = nlohmann::json::array();
    int exitCode = 0;
    for (std::size_t i = 1; i < args.positionals().size(); ++i) {
        const auto report = importBundle(*ws, args.positionals()[i], registry);
        if (report.status == ImportStatus::Failed || report.status == ImportStatus::Cancelled)
            exitCode = 1;
        if (args.flag("json"))
            bundles.push_back(reportJson(report));
        else
            printReport(report, out);
    }
    if (args.flag("json"))
        out << nlohmann::json{{"bundles", bundles}}.dump(2) << '\n';
    return exitCode;
}

int runFormats(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, OptionSpec{{"json"}, {}});
    args.requirePositionals(0, 0, "casebook-cli formats [--json]");
    ImporterRegistry registry;
    registerImporters(registry);
    nlohmann::json list = nlohmann::json::array();
    TextTable table({"format", "description"});
    for (const auto& importer : registry.all()) {
        list.push_back({{"format", importer->format()}, {"description", importer->description()}});
        table.add({std::string(importer->format()), std::string(importer->description())});
    }
    if (args.flag("json"))
        out << list.dump(2) << '\n';
    else
        table.print(out);
    return 0;
}

} // namespace casebook::cli
