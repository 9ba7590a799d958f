#include "core/export/export_writers.h"

#include "core/export/report_tables.h"

#include <sstream>

namespace casebook {
namespace {

// A table cell: one line, pipes escaped.
std::string cell(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

void table(std::ostringstream& out, const ReportTable& t) {
    if (t.headers.empty())
        return;
    out << '|';
    for (const auto& h : t.headers)
        out << ' ' << cell(h) << " |";
    out << "\n|";
    for (std::size_t i = 0; i < t.headers.size(); ++i)
        out << "---|";
    out << '\n';
    for (const auto& row : t.rows) {
        out << '|';
        for (std::size_t i = 0; i < t.headers.size(); ++i)
            out << ' ' << cell(i < row.size() ? row[i] : std::string()) << " |";
        out << '\n';
    }
    if (!t.caption.empty())
        out << "\n*" << cell(t.caption) << "*\n";
    out << '\n';
}

} // namespace

std::string renderMarkdown(const RedactedReport& redacted) {
    const IncidentReport& r = redacted.report();
    std::ostringstream out;
    out << "# " << cell(r.title) << "\n\n";
    out << "Scope: " << r.scope << " · Workspace: " << cell(r.workspace)
        << " · Exported: " << humanTime(r.generatedAtNs) + " UTC"
        << "\n\n";
    out << "> Personal data in this export (e-mail addresses, phone numbers, IP addresses, "
           "card numbers and redacted attributes) is replaced by stable hashes such as "
           "`[email:3f9a0c21be]`: the same value has the same hash within this export.\n\n";

    out << "## Impact\n\n| figure | value |\n|---|---|\n";
    for (const auto& [figure, value] : impactRows(r.impact))
        out << "| " << figure << " | " << cell(value) << " |\n";
    out << '\n';
    for (const auto& s : r.impact.sources)
        out << "- " << s << '\n';
    if (!r.impact.sources.empty())
        out << '\n';

    out << "## Timeline\n\n";
    if (r.timeline.empty())
        out << "Nothing recorded yet.\n\n";
    else
        table(out, timelineTable(r));

    out << "## Runbook runs\n\n";
    if (r.runs.empty())
        out << "No runbook was run.\n\n";
    for (const auto& run : r.runs) {
        out << "### " << cell(run.title) << " (run " << run.id << ")\n\n";
        out << "Runbook `" << cell(run.origin) << "` (SHA-256 " << run.sha256.substr(0, 12)
            << "…), started " << humanTime(run.startedAtNs) + " UTC"
            << " by " << cell(run.author)
            << (run.tenant.empty() ? ", all tenants" : ", tenant " + run.tenant) << ".\n\n";
        int n = 1;
        for (const auto& step : run.path)
            out << n++ << ". **" << cell(step.title) << "**: " << step.outcome << ". "
                << cell(step.summary) << '\n';
        out << '\n';
        if (run.diagnosis)
            out << "**Diagnosis (" << *run.verdict << "):** " << cell(*run.diagnosis) << "\n\n";
    }

    const ReportTable checks = checksTable(r);
    out << "## Checks\n\n";
    if (checks.rows.empty())
        out << "No checks were run.\n\n";
    else
        table(out, checks);

    const ReportTable decisions = decisionsTable(r);
    out << "## Decisions\n\n";
    if (decisions.rows.empty())
        out << "No gate decisions were recorded.\n\n";
    else
        table(out, decisions);

    out << "## Evidence\n\n";
    bool anyEvidence = false;
    for (const auto& e : r.timeline) {
        if (e.kind != TimelineKind::Evidence)
            continue;
        anyEvidence = true;
        out << "### " << cell(e.title) << "\n\n";
        out << e.subkind << " · " << exportRange(e);
        if (!e.tenant.empty())
            out << " · tenant " << e.tenant;
        out << "\n\n";
        const std::string note = e.data.value("note", std::string());
        if (!note.empty())
            out << "> " << cell(note) << "\n\n";
        table(out, evidenceTable(e));
    }
    if (!anyEvidence)
        out << "No evidence was recorded.\n\n";

    out << "## Record\n\n";
    out << (r.recordIntact ? "The audit trail verified: " + std::to_string(r.auditEntries) +
                                 " entries, each chained to the one before it, and every case "
                                 "row matches its entry."
                           : "**The record did not verify:** " + cell(r.recordProblem))
        << "\n\n";
    out << "Redacted:";
    if (r.redactions.empty())
        out << " nothing was found to redact.";
    for (const auto& [category, n] : r.redactions)
        out << ' ' << category << " " << n << ';';
    out << "\n";
    return out.str();
}

} // namespace casebook
