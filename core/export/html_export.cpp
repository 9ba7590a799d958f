#include "core/export/export_writers.h"
#include "core/util/plain_text.h"

#include "core/export/chart_svg.h"
#include "core/export/report_tables.h"

#include <sstream>

namespace casebook {
namespace {

std::string esc(const std::string& s) {
    return xmlEscape(s);
}

constexpr const char* kStandaloneStyle = R"css(
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2em auto; max-width: 72em;
       color: #1f2328; line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
.meta { color: #57606a; }
.notice { background: #f6f8fa; border-left: 4px solid #8c959f; padding: 0.5em 0.8em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.time { white-space: nowrap; font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
.pass, .approved, .confirmed { color: #1a7f37; font-weight: 600; }
.fail, .rejected, .error { color: #cf222e; font-weight: 600; }
.caption { color: #57606a; font-style: italic; }
.broken { color: #cf222e; font-weight: 600; }
figure.chart { margin: 0.4em 0; }
figure.chart svg { max-width: 100%; height: auto; border: 1px solid #d0d7de; }
blockquote { margin: 0.3em 0 0.6em; padding-left: 0.8em; border-left: 3px solid #d0d7de; color: #424a53; }
)css";

constexpr const char* kPrintStyle = R"css(
body { font-family: "DejaVu Sans"; font-size: 9pt; color: #1f2328; }
h1 { font-size: 17pt; }
h2 { font-size: 12.5pt; color: #24292f; margin-top: 14pt; }
h3 { font-size: 10pt; margin-top: 8pt; }
.meta { color: #57606a; }
.notice { color: #424a53; }
th { background-color: #eaeef2; font-weight: bold; font-size: 7.5pt; }
td { font-size: 7.5pt; }
.pass, .approved, .confirmed { color: #1a7f37; font-weight: bold; }
.fail, .rejected, .error { color: #cf222e; font-weight: bold; }
.caption { color: #57606a; font-style: italic; }
.broken { color: #cf222e; font-weight: bold; }
)css";

class HtmlWriter {
public:
    explicit HtmlWriter(HtmlFlavor flavor) : flavor_(flavor) {}

    void table(const ReportTable& t, std::size_t timeColumns = 1) {
        if (t.headers.empty())
            return;
        out_ << (flavor_ == HtmlFlavor::Print
                     ? "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">"
                     : "<table>")
             << "<tr>";
        for (std::size_t i = 0; i < t.headers.size(); ++i) {
            out_ << "<th";
            if (i < t.widths.size())
                out_ << " width=\"" << t.widths[i] << "%\"";
            out_ << ">" << esc(t.headers[i]) << "</th>";
        }
        out_ << "</tr>\n";
        for (const auto& row : t.rows) {
            out_ << "<tr>";
            for (std::size_t i = 0; i < t.headers.size(); ++i) {
                const std::string value = i < row.size() ? row[i] : std::string();
                const bool outcome = value == "pass" || value == "fail" || value == "approved" ||
                                     value == "rejected" || value == "error" ||
                                     value == "confirmed";
                const std::string cls = outcome ? value : i < timeColumns ? "time" : "";
                out_ << "<td" << (cls.empty() ? std::string() : " class=\"" + cls + "\"") << ">"
                     << esc(value) << "</td>";
            }
            out_ << "</tr>\n";
        }
        out_ << "</table>\n";
        if (!t.caption.empty())
            out_ << "<p class=\"caption\">" << esc(t.caption) << "</p>\n";
    }

    std::ostringstream& out() { return out_; }

private:
    HtmlFlavor flavor_;
    std::ostringstream out_;
};

} // namespace

std::vector<nlohmann::json> reportCharts(const RedactedReport& redacted) {
    std::vector<nlohmann::json> charts;
    for (const auto& e : redacted.report().timeline) {
        if (e.kind != TimelineKind::Evidence || e.subkind != "chart")
            continue;
        nlohmann::json chart = e.data.contains("payload") && e.data["payload"].is_object()
                                   ? e.data["payload"]
                                   : nlohmann::json::object();
        chart["evidence"] = e.key;
        chart["from_ns"] = e.timeNs;
        if (e.endNs)
            chart["to_ns"] = *e.endNs;
        charts.push_back(std::move(chart));
    }
    return charts;
}

std::string chartImageName(std::size_t index) {
    return "casebook-chart-" + std::to_string(index) + ".png";
}

std::string renderHtml(const RedactedReport& redacted, HtmlFlavor flavor) {
    const IncidentReport& r = redacted.report();
    HtmlWriter w(flavor);
    auto& out = w.out();
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        << "<title>" << esc(r.title) << "</title><style>"
        << (flavor == HtmlFlavor::Print ? kPrintStyle : kStandaloneStyle) << "</style></head>\n"
        << "<body>\n<h1>" << esc(r.title) << "</h1>\n";
    out << "<p class=\"meta\">Scope: " << esc(r.scope) << " · Workspace: " << esc(r.workspace)
        << " · Exported: " << esc(humanTime(r.generatedAtNs) + " UTC") << "</p>\n";
    out << "<p class=\"notice\">Personal data in this export (e-mail addresses, phone numbers, "
           "IP addresses, card numbers and redacted attributes) is replaced by stable hashes "
           "such as <code>[email:3f9a0c21be]</code>: the same value has the same hash within "
           "this export.</p>\n";

    out << "<h2>Impact</h2>\n";
    ReportTable impact;
    impact.headers = {"figure", "value"};
    for (const auto& [figure, value] : impactRows(r.impact))
        impact.rows.push_back({figure, value});
    w.table(impact, 0);
    if (!r.impact.sources.empty()) {
        out << "<ul>";
        for (const auto& s : r.impact.sources)
            out << "<li>" << esc(s) << "</li>";
        out << "</ul>\n";
    }

    out << "<h2>Timeline</h2>\n";
    if (r.timeline.empty())
        out << "<p>Nothing recorded yet.</p>\n";
    else
        w.table(timelineTable(r));

    out << "<h2>Runbook runs</h2>\n";
    if (r.runs.empty())
        out << "<p>No runbook was run.</p>\n";
    for (const auto& run : r.runs) {
        out << "<h3>" << esc(run.title) << " (run " << run.id << ")</h3>\n";
        out << "<p class=\"meta\">Runbook <code>" << esc(run.origin) << "</code> (SHA-256 "
            << esc(run.sha256.substr(0, 12)) << "…), started "
            << esc(humanTime(run.startedAtNs) + " UTC") << " by " << esc(run.author)
            << esc(run.tenant.empty() ? ", all tenants" : ", tenant " + run.tenant)
            << ".</p>\n<ol>";
        for (const auto& step : run.path)
            out << "<li><b>" << esc(step.title) << "</b>: <span class=\"" << esc(step.outcome)
                << "\">" << esc(step.outcome) << "</span>. " << esc(step.summary) << "</li>\n";
        out << "</ol>\n";
        if (run.diagnosis)
            out << "<p><b>Diagnosis (<span class=\"" << esc(*run.verdict) << "\">"
                << esc(*run.verdict) << "</span>):</b> " << esc(*run.diagnosis) << "</p>\n";
    }

    out << "<h2>Checks</h2>\n";
    const ReportTable checks = checksTable(r);
    if (checks.rows.empty())
        out << "<p>No checks were run.</p>\n";
    else
        w.table(checks);

    out << "<h2>Decisions</h2>\n";
    const ReportTable decisions = decisionsTable(r);
    if (decisions.rows.empty())
        out << "<p>No gate decisions were recorded.</p>\n";
    else
        w.table(decisions);

    out << "<h2>Evidence</h2>\n";
    bool anyEvidence = false;
    const std::vector<nlohmann::json> charts = reportCharts(redacted);
    std::size_t chartIndex = 0;
    for (const auto& e : r.timeline) {
        if (e.kind != TimelineKind::Evidence)
            continue;
        anyEvidence = true;
        out << "<h3>" << esc(e.title) << "</h3>\n<p class=\"meta\">" << esc(e.subkind) << " · "
            << esc(exportRange(e)) << (e.tenant.empty() ? "" : " · tenant " + esc(e.tenant))
            << "</p>\n";
        const std::string note = e.data.value("note", std::string());
        if (!note.empty())
            out << "<blockquote>" << esc(note) << "</blockquote>\n";
        if (e.subkind == "chart" && chartIndex < charts.size()) {
            // Standalone: the SVG inline (text stays text). Print: QTextDocument shows no
            // SVG, so an image the PDF export draws from the same SVG.
            if (flavor == HtmlFlavor::Standalone)
                out << "<figure class=\"chart\">" << renderChartSvg(charts[chartIndex])
                    << "</figure>\n";
            else
                out << "<p><img src=\"" << chartImageName(chartIndex)
                    << "\" width=\"620\" height=\""
                    << 620 * ChartSvgSize{}.height / ChartSvgSize{}.width << "\"></p>\n";
            ++chartIndex;
        }
        w.table(evidenceTable(e));
    }
    if (!anyEvidence)
        out << "<p>No evidence was recorded.</p>\n";

    out << "<h2>Record</h2>\n<p>";
    if (r.recordIntact)
        out << "The audit trail verified: " << r.auditEntries
            << " entries, each chained to the one before it, and every case row matches its "
               "entry.";
    else
        out << "<span class=\"broken\">The record did not verify:</span> " << esc(r.recordProblem);
    out << "</p>\n<p class=\"meta\">Redacted:";
    if (r.redactions.empty())
        out << " nothing was found to redact.";
    for (const auto& [category, n] : r.redactions)
        out << ' ' << esc(category) << ' ' << n << ';';
    out << "</p>\n</body></html>\n";
    return out.str();
}

} // namespace casebook
