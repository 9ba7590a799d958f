// casebook-cli timeline list|mark|note|title|export: the case's timeline without the GUI.
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/text_table.h"
#include "core/casefile/case_file.h"
#include "core/export/export_writers.h"
#include "core/timeline/timeline.h"
#include "core/util/time_text.h"

#ifdef CASEBOOK_HAVE_PDF
#include "ui/export/pdf_export.h"
#endif

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>

namespace casebook::cli {
namespace {

constexpr const char* kUsage =
    "casebook-cli timeline list WORKSPACE [--kind K[,K...]] [--tenant T] [--json]\n"
    "       casebook-cli timeline mark WORKSPACE impact_start|detection|mitigation|resolution "
    "TIME|clear [--note TEXT] [--author NAME] [--tenant T]\n"
    "       casebook-cli timeline note WORKSPACE TEXT [--author NAME] [--tenant T]\n"
    "       casebook-cli timeline title WORKSPACE ENTRY TITLE [--author NAME] [--tenant T]\n"
    "       casebook-cli timeline export WORKSPACE --format md|html|pdf|json OUT [--tenant T] "
    "[--kind K[,K...]] [--redact-attributes A[,A...]]";

std::vector<std::string> commaList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty())
            out.push_back(item);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

TimelineQuery queryFrom(const Args& args) {
    TimelineQuery q;
    if (auto kinds = args.value("kind")) {
        for (const auto& name : commaList(*kinds)) {
            const auto kind = timelineKindFromName(name);
            if (!kind)
                throw UsageError("--kind takes change, evidence, note, check, decision, "
                                 "conclusion or mark, not \"" +
                                 name + "\"");
            q.kinds.insert(*kind);
        }
    }
    return q;
}

int listTimeline(const Args& args, std::ostream& out) {
    args.requirePositionals(2, 2, kUsage);
    const TimelineQuery query = queryFrom(args);
    auto ws = openExistingWorkspace(args.positionals()[1]);
    const Scope scope = scopeFromArgs(*ws, args, "timeline list");
    const auto entries = buildTimeline(*ws, scope, query);
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& e : entries)
            list.push_back({{"key", e.key},
                            {"kind", timelineKindName(e.kind)},
                            {"time", formatRfc3339(e.timeNs)},
                            {"time_ns", e.timeNs},
                            {"title", e.title},
                            {"detail", e.detail},
                            {"subkind", e.subkind},
                            {"outcome", e.outcome},
                            {"tenant", e.tenant}});
        out << list.dump(2) << '\n';
        return 0;
    }
    TextTable table({"time (UTC)", "kind", "title", "detail", "entry"});
    for (const auto& e : entries) {
        std::string kind(timelineKindName(e.kind));
        if (!e.outcome.empty())
            kind += " " + e.outcome;
        std::string detail = e.detail.substr(0, e.detail.find('\n'));
        if (detail.size() > 80)
            detail = detail.substr(0, 77) + "...";
        table.add({formatRfc3339(e.timeNs), kind, e.title, detail, e.key});
    }
    table.print(out);
    return 0;
}

int setMark(const Args& args, std::ostream& out) {
    args.requirePositionals(4, 4, kUsage);
    const auto kind = markKindFromName(args.positionals()[2]);
    if (!kind)
        throw UsageError("a mark is impact_start, detection, mitigation or resolution, not \"" +
                         args.positionals()[2] + "\"");
    std::optional<std::int64_t> time;
    if (args.positionals()[3] != "clear") {
        time = parseRfc3339(args.positionals()[3]);
        if (!time)
            throw UsageError(
                "the mark's time is RFC 3339 (2026-11-20T21:00Z) or \"clear\", not \"" +
                args.positionals()[3] + "\"");
    }
    auto ws = openExistingWorkspace(args.positionals()[1]);
    const Scope scope = scopeFromArgs(*ws, args, "timeline mark");
    CaseFile file(*ws, scope);
    file.setMark(*kind, time, args.value("author").value_or(defaultAuthor()),
                 args.value("note").value_or(""));
    out << markKindLabel(*kind) << ": " << (time ? formatRfc3339(*time) : "cleared") << '\n';
    return 0;
}

int addNote(const Args& args, std::ostream& out) {
    args.requirePositionals(3, 3, kUsage);
    auto ws = openExistingWorkspace(args.positionals()[1]);
    const Scope scope = scopeFromArgs(*ws, args, "timeline note");
    CaseFile file(*ws, scope);
    NoteRecord note;
    note.text = args.positionals()[2];
    note.author = args.value("author").value_or(defaultAuthor());
    if (note.text.find_first_not_of(" \t\n") == std::string::npos)
        throw UsageError("a note needs text");
    const NoteId id = file.addNote(note);
    out << "note:" << raw(id) << '\n';
    return 0;
}

int setTitle(const Args& args, std::ostream& out) {
    args.requirePositionals(4, 4, kUsage);
    auto ws = openExistingWorkspace(args.positionals()[1]);
    const Scope scope = scopeFromArgs(*ws, args, "timeline title");
    const std::string& entry = args.positionals()[2];
    if (entry != "incident") {
        bool known = false;
        for (const auto& e : buildTimeline(*ws, scope))
            known = known || e.key == entry;
        if (!known)
            throw std::runtime_error("no timeline entry " + entry +
                                     " in this scope (see casebook-cli timeline list)");
    }
    CaseFile file(*ws, scope);
    file.setTitle(entry, args.positionals()[3], args.value("author").value_or(defaultAuthor()));
    out << entry << ": " << args.positionals()[3] << '\n';
    return 0;
}

int exportTimeline(const Args& args, std::ostream& out) {
    args.requirePositionals(3, 3, kUsage);
    const auto formatName = args.value("format");
    if (!formatName)
        throw UsageError("timeline export needs --format md|html|pdf|json");
    const auto format = exportFormatFromName(*formatName);
    if (!format)
        throw UsageError("--format takes md, html, pdf or json, not \"" + *formatName + "\"");
#ifndef CASEBOOK_HAVE_PDF
    if (*format == ExportFormat::Pdf)
        throw std::runtime_error("this casebook-cli was built without Qt, so it cannot write PDF");
#endif
    ReportOptions options;
    options.timeline = queryFrom(args);
    RedactionOptions redaction;
    redaction.attributes = defaultRedactedAttributes();
    if (auto extra = args.value("redact-attributes"))
        for (const auto& a : commaList(*extra))
            redaction.attributes.push_back(a);

    const auto started = std::chrono::steady_clock::now();
    auto ws = openExistingWorkspace(args.positionals()[1]);
    const Scope scope = scopeFromArgs(*ws, args, "timeline export");
    Redactor redactor(redaction);
    const RedactedReport report = redactReport(buildIncidentReport(*ws, scope, options), redactor);
    const std::filesystem::path target = args.positionals()[2];
    if (*format == ExportFormat::Pdf) {
#ifdef CASEBOOK_HAVE_PDF
        writePdfExport(report, target);
#endif
    } else {
        writeTextExport(report, *format, target);
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    std::int64_t replaced = 0;
    for (const auto& [category, n] : report.report().redactions)
        replaced += n;
    out << "wrote " << target.string() << ": " << report.report().timeline.size()
        << " timeline entries, " << replaced << " values redacted, " << ms << " ms\n";
    return 0;
}

} // namespace

int runTimeline(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({}, {"kind", "format", "note", "author", "redact-attributes"}));
    if (args.positionals().empty())
        throw UsageError(kUsage);
    const std::string& sub = args.positionals()[0];
    if (sub == "list")
        return listTimeline(args, out);
    if (sub == "mark")
        return setMark(args, out);
    if (sub == "note")
        return addNote(args, out);
    if (sub == "title")
        return setTitle(args, out);
    if (sub == "export")
        return exportTimeline(args, out);
    throw UsageError("timeline takes list, mark, note, title or export\n" + std::string(kUsage));
}

} // namespace casebook::cli
