#include "core/export/report_tables.h"

#include "core/util/time_text.h"

#include <algorithm>
#include <cstdio>

namespace casebook {
namespace {

std::string text(const nlohmann::json& row, const char* field) {
    if (!row.contains(field) || row[field].is_null())
        return {};
    const auto& v = row[field];
    return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string timeField(const nlohmann::json& row, const char* field) {
    if (!row.contains(field) || !row[field].is_number_integer())
        return {};
    return humanTime(row[field].get<std::int64_t>());
}

std::string shortId(const std::string& hex) {
    return hex.size() > 8 ? hex.substr(0, 8) + "…" : hex;
}

std::string withTenants(std::int64_t total, const std::map<std::string, std::int64_t>& byTenant) {
    std::string out = std::to_string(total);
    if (byTenant.size() > 1 || (byTenant.size() == 1 && byTenant.begin()->second != total)) {
        std::string parts;
        for (const auto& [tenant, n] : byTenant)
            parts += (parts.empty() ? "" : ", ") + tenant + " " + std::to_string(n);
        out += " (" + parts + ")";
    }
    return out;
}

std::string number(const nlohmann::json& row, const char* field) {
    if (!row.is_object() || !row.contains(field) || !row[field].is_number())
        return {};
    const double v = row[field].get<double>();
    char buf[32];
    if (row[field].is_number_integer())
        std::snprintf(buf, sizeof buf, "%lld",
                      static_cast<long long>(row[field].get<std::int64_t>()));
    else
        std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

const nlohmann::json& arrayOf(const nlohmann::json& p, const char* key) {
    static const nlohmann::json none = nlohmann::json::array();
    return p.is_object() && p.contains(key) && p[key].is_array() ? p[key] : none;
}

void addCaption(ReportTable& t, const std::string& text) {
    if (!text.empty())
        t.caption += (t.caption.empty() ? "" : "; ") + text;
}

// One row per line: how many points, its first, lowest, highest and last value; the
// comparison in words and the thresholds go to the caption.
void chartRows(ReportTable& t, const nlohmann::json& p) {
    t.headers = {"line", "points", "first", "lowest", "highest", "last"};
    t.widths = {40, 10, 12, 12, 13, 13};
    for (const auto& line : arrayOf(p, "lines")) {
        std::vector<std::pair<std::int64_t, double>> pts;
        for (const auto& pt : arrayOf(line, "points"))
            if (pt.is_array() && pt.size() == 2 && pt[0].is_number() && pt[1].is_number())
                pts.emplace_back(pt[0].get<std::int64_t>(), pt[1].get<double>());
        auto fmt = [](double v) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.4g", v);
            return std::string(buf);
        };
        std::string label = text(line, "label");
        if (line.contains("dashed") && line["dashed"].is_boolean() && line["dashed"].get<bool>())
            label += " (dashed)";
        if (pts.empty()) {
            t.rows.push_back({label, "0", "", "", "", ""});
            continue;
        }
        double lo = pts.front().second, hi = lo;
        for (const auto& [time, v] : pts) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        t.rows.push_back({label, std::to_string(pts.size()), fmt(pts.front().second), fmt(lo),
                          fmt(hi), fmt(pts.back().second)});
    }
    addCaption(t, text(p, "comparison"));
    const std::string unit = text(p, "unit");
    if (!unit.empty())
        addCaption(t, "unit " + unit);
    for (const auto& th : arrayOf(p, "thresholds"))
        addCaption(t, "threshold " + text(th, "label") + " at " + number(th, "value"));
}

// The last part of "namespace/name" (namespaces hold slashes: snowflake://db/schema).
std::string shortNode(const std::string& qualified) {
    const auto slash = qualified.rfind('/');
    return slash == std::string::npos || slash + 1 == qualified.size()
               ? qualified
               : qualified.substr(slash + 1);
}

// What the impact reaches, nearest business kinds first as the payload lists them, with
// each path by short names; the people's export stops at kImpactRows (JSON has them all).
constexpr std::size_t kImpactRows = 15;

void lineageImpactRows(ReportTable& t, const nlohmann::json& p) {
    t.headers = {"reached", "kind", "hops", "path from the node"};
    t.widths = {30, 10, 6, 54};
    const auto& nodes = arrayOf(p, "nodes");
    for (const auto& n : nodes) {
        if (t.rows.size() == kImpactRows)
            break;
        std::string path;
        for (const auto& step : arrayOf(n, "path"))
            path += (path.empty() ? "" : " → ") +
                    shortNode(step.is_string() ? step.get<std::string>() : step.dump());
        t.rows.push_back({text(n, "node"), text(n, "kind"), number(n, "hops"), path});
    }
    std::string head = text(p, "direction") + " of " + text(p, "node");
    if (head == " of ")
        head.clear();
    const std::string words = text(p, "words");
    addCaption(t, head + (words.empty() ? "" : (head.empty() ? "" : ": ") + words));
    if (nodes.size() > t.rows.size())
        addCaption(t, "the first " + std::to_string(t.rows.size()) + " of " +
                          std::to_string(nodes.size()) + " nodes listed");
    if (p.contains("truncated") && p["truncated"].is_boolean() && p["truncated"].get<bool>())
        addCaption(t, "more nodes were reached than the evidence lists");
}

// The candidate causes, one a row; the finding itself (grade, onset, tenant, summary) in
// the caption, since its title is the evidence's heading.
void findingRows(ReportTable& t, const nlohmann::json& p) {
    t.headers = {"cause", "candidate", "confidence"};
    t.widths = {16, 70, 14};
    for (const auto& c : arrayOf(p, "causes")) {
        std::string confidence = text(c, "confidence");
        if (c.contains("confidence") && c["confidence"].is_number()) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%.0f%%", 100 * c["confidence"].get<double>());
            confidence = buf;
        }
        t.rows.push_back({text(c, "kind"), text(c, "title"), confidence});
    }
    std::string head = text(p, "grade");
    const std::string onset = timeField(p, "onset_ns");
    if (!onset.empty())
        head += (head.empty() ? "onset " : ", onset ") + onset + " UTC";
    const std::string tenant = text(p, "tenant");
    if (!tenant.empty())
        head += ", tenant " + tenant;
    const std::string summary = text(p, "summary");
    addCaption(t, head + (summary.empty() ? "" : (head.empty() ? "" : ": ") + summary));
}

void sloStatusRows(ReportTable& t, const nlohmann::json& p) {
    t.headers = {"SLO", "tenant", "status", "SLI", "objective", "budget left"};
    t.widths = {30, 12, 12, 14, 14, 18};
    t.rows.push_back({text(p, "slo"), text(p, "tenant"), text(p, "status"), number(p, "sli"),
                      number(p, "objective"), number(p, "budget_remaining")});
    for (const auto& a : arrayOf(p, "alerts")) {
        std::string range = timeField(a, "from_ns");
        const std::string to = timeField(a, "to_ns");
        if (!to.empty())
            range += " – " + to;
        addCaption(t, "alert " + text(a, "severity") + " burn " + number(a, "burn_rate") +
                          " over " + text(a, "long_window") + "/" + text(a, "short_window") +
                          (range.empty() ? "" : " at " + range));
    }
}
} // namespace

std::string exportTime(std::int64_t ns) {
    return formatRfc3339(ns);
}

std::string humanTime(std::int64_t ns) {
    const std::int64_t second = 1000000000LL;
    const std::int64_t floored =
        ns >= 0 ? ns / second * second : (ns - second + 1) / second * second;
    std::string text = formatRfc3339(floored); // 2026-11-19T20:00:00Z
    if (text.size() == 20) {
        text[10] = ' ';
        text.pop_back();
    }
    return text;
}

std::string exportRange(const TimelineEntry& e) {
    // Evidence ends just after its last row; a range shorter than a second is one time.
    if (!e.endNs || *e.endNs - e.timeNs < 1000000000LL)
        return humanTime(e.timeNs);
    const std::string from = humanTime(e.timeNs);
    const std::string to = humanTime(*e.endNs - 1);
    return from + " – " + (from.substr(0, 10) == to.substr(0, 10) ? to.substr(11) : to);
}

std::vector<std::pair<std::string, std::string>> impactRows(const ImpactFigures& f) {
    std::vector<std::pair<std::string, std::string>> rows;
    auto unknown = [](const char* how) { return std::string("not known (") + how + ")"; };
    std::string tenants;
    for (const auto& t : f.affectedTenants)
        tenants += (tenants.empty() ? "" : ", ") + t;
    rows.emplace_back("Affected tenants",
                      tenants.empty() ? unknown("no counting check or evidence names one")
                                      : std::to_string(f.affectedTenants.size()) + ": " + tenants);
    rows.emplace_back("Records lost", f.recordsLost ? withTenants(*f.recordsLost, f.lostByTenant)
                                                    : unknown("no check marked impact: lost"));
    rows.emplace_back("Records delayed", f.recordsDelayed
                                             ? withTenants(*f.recordsDelayed, f.delayedByTenant)
                                             : unknown("no check marked impact: delayed"));
    auto mark = [&](const char* label, const std::optional<std::int64_t>& t, const char* how) {
        rows.emplace_back(label, t ? humanTime(*t) + " UTC" : unknown(how));
    };
    mark("Impact began", f.impactStartNs, "set the 'impact began' mark");
    mark("Detected", f.detectedNs, "set the 'detected' mark");
    mark("Mitigated", f.mitigatedNs, "set the 'mitigated' mark");
    mark("Resolved", f.resolvedNs, "set the 'resolved' mark");
    auto span = [&](const char* label, const std::optional<std::int64_t>& d, const char* how) {
        rows.emplace_back(label, d ? formatDuration(*d) : unknown(how));
    };
    span("Duration", f.durationNs, "needs impact began and resolved");
    span("Time to detect", f.timeToDetectNs, "needs impact began and detected");
    span("Time to mitigate", f.timeToMitigateNs, "needs detected and mitigated");
    return rows;
}

ReportTable timelineTable(const IncidentReport& r) {
    ReportTable t;
    t.headers = {"time (UTC)", "kind", "what", "detail"};
    t.widths = {19, 14, 33, 34};
    for (const auto& e : r.timeline) {
        std::string kind(timelineKindName(e.kind));
        if (!e.subkind.empty() && e.kind != TimelineKind::Check)
            kind += " · " + e.subkind;
        if (!e.outcome.empty())
            kind += " · " + e.outcome;
        std::string detail = e.detail;
        if (!e.tenant.empty())
            detail += (detail.empty() ? "" : " ") + std::string("[") + e.tenant + "]";
        t.rows.push_back({exportRange(e), kind, e.title, detail});
    }
    return t;
}

ReportTable checksTable(const IncidentReport& r) {
    ReportTable t;
    t.headers = {"step", "kind", "query", "pass if", "outcome", "result"};
    t.widths = {19, 9, 25, 11, 10, 26};
    for (const auto& e : r.timeline) {
        if (e.kind != TimelineKind::Check)
            continue;
        t.rows.push_back({e.title, e.subkind, text(e.data, "query"), text(e.data, "pass_condition"),
                          e.outcome, e.detail});
    }
    return t;
}

ReportTable decisionsTable(const IncidentReport& r) {
    ReportTable t;
    t.headers = {"recorded (UTC)", "action", "decision", "by", "reason"};
    t.widths = {19, 30, 10, 15, 26};
    for (const auto& e : r.timeline) {
        if (e.kind != TimelineKind::Decision)
            continue;
        t.rows.push_back({humanTime(e.timeNs), text(e.data, "action"), e.outcome,
                          text(e.data, "person"), text(e.data, "reason")});
    }
    return t;
}

ReportTable evidenceTable(const TimelineEntry& e) {
    static const nlohmann::json empty = nlohmann::json::object();
    return evidenceTable(e.subkind, e.data.contains("payload") ? e.data["payload"] : empty);
}

ReportTable evidenceTable(std::string_view kind, const nlohmann::json& p) {
    ReportTable t;
    auto rowsOf = [&](const char* key) -> const nlohmann::json& {
        static const nlohmann::json none = nlohmann::json::array();
        return p.contains(key) && p[key].is_array() ? p[key] : none;
    };
    if (kind == "logs") {
        t.headers = {"time (UTC)", "level", "service", "tenant", "message", "trace"};
        t.widths = {16, 8, 13, 8, 44, 11};
        for (const auto& l : rowsOf("logs"))
            t.rows.push_back({timeField(l, "time_ns"), text(l, "severity"), text(l, "service"),
                              text(l, "tenant"), text(l, "body"), shortId(text(l, "trace_id"))});
    } else if (kind == "spans") {
        t.headers = {"start (UTC)", "service", "operation", "status", "duration", "error", "trace"};
        t.widths = {16, 13, 17, 8, 9, 26, 11};
        for (const auto& s : rowsOf("spans")) {
            std::string duration;
            if (s.contains("start_ns") && s.contains("end_ns") && s["start_ns"].is_number() &&
                s["end_ns"].is_number())
                duration = formatDuration(s["end_ns"].get<std::int64_t>() -
                                          s["start_ns"].get<std::int64_t>());
            std::string error = text(s, "error_code");
            if (error.empty())
                error = text(s, "status_message");
            t.rows.push_back({timeField(s, "start_ns"), text(s, "service"), text(s, "operation"),
                              text(s, "status"), duration, error, shortId(text(s, "trace_id"))});
        }
    } else if (kind == "traces") {
        t.headers = {"start (UTC)", "root", "duration", "spans", "errors", "tenant", "trace"};
        for (const auto& tr : rowsOf("traces")) {
            std::string duration;
            if (tr.contains("duration_ns") && tr["duration_ns"].is_number())
                duration = formatDuration(tr["duration_ns"].get<std::int64_t>());
            t.rows.push_back({timeField(tr, "start_ns"),
                              text(tr, "root_service") + ": " + text(tr, "root_operation"),
                              duration, text(tr, "spans"), text(tr, "errors"), text(tr, "tenant"),
                              text(tr, "trace_id")});
        }
    } else if (kind == "changes") {
        t.headers = {"time (UTC)", "kind", "service", "title", "tenant"};
        t.widths = {17, 13, 14, 46, 10};
        for (const auto& c : rowsOf("changes"))
            t.rows.push_back({timeField(c, "time_ns"), text(c, "kind"), text(c, "service"),
                              text(c, "title"), text(c, "tenant")});
    } else if (kind == "table") {
        if (p.contains("columns") && p["columns"].is_array())
            for (const auto& c : p["columns"])
                t.headers.push_back(c.is_string() ? c.get<std::string>() : c.dump());
        for (const auto& row : rowsOf("rows")) {
            std::vector<std::string> cells;
            if (row.is_array())
                for (const auto& c : row)
                    cells.push_back(c.is_string() ? c.get<std::string>() : c.dump());
            t.rows.push_back(std::move(cells));
        }
    } else if (kind == "chart") {
        chartRows(t, p);
    } else if (kind == "lineage_impact") {
        lineageImpactRows(t, p);
    } else if (kind == "finding") {
        findingRows(t, p);
    } else if (kind == "slo_status") {
        sloStatusRows(t, p);
    }
    if (p.contains("total") && p["total"].is_number_integer() &&
        p["total"].get<std::int64_t>() > static_cast<std::int64_t>(t.rows.size()))
        t.caption = "the first " + std::to_string(t.rows.size()) + " of " +
                    std::to_string(p["total"].get<std::int64_t>());
    for (const char* key : {"search", "filter", "query"})
        if (p.contains(key) && p[key].is_string())
            t.caption += (t.caption.empty() ? "" : "; ") + std::string(key) + ": " +
                         p[key].get<std::string>();
    return t;
}

} // namespace casebook
