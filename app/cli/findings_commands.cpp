// casebook-cli findings: what changed, graded and ranked, with the evidence of each cause.
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/number_text.h"
#include "core/analysis/findings.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

namespace casebook::cli {
namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

nlohmann::json anomalyJson(const Anomaly& a) {
    return {{"series", raw(a.series.id)},
            {"name", a.series.displayName()},
            {"service", a.series.service},
            {"tenant", a.series.tenant},
            {"view", seriesViewName(a.view)},
            {"unit", viewUnit(a.series, a.view)},
            {"onset", formatRfc3339(a.onsetNs)},
            {"end", formatRfc3339(a.endNs)},
            {"ongoing", a.ongoing},
            {"observed", a.observed},
            {"expected", a.expected},
            {"change_percent", a.changePercent},
            {"peak_z", a.peakZ},
            {"direction", a.direction > 0 ? "up" : "down"},
            {"sense", metricSenseName(a.sense)},
            {"harmful", a.harmful},
            {"words", a.words()}};
}

nlohmann::json findingJson(const Finding& f) {
    nlohmann::json anomalies = nlohmann::json::array();
    for (const auto& a : f.anomalies)
        anomalies.push_back(anomalyJson(a));
    nlohmann::json slos = nlohmann::json::array();
    for (const auto& e : f.sloAlerts)
        slos.push_back(
            {{"slo", e.name},
             {"rule", describeRule(e.alert.rule)},
             {"fired", formatRfc3339(e.alert.firedNs)},
             {"resolved", e.alert.resolvedNs ? nlohmann::json(formatRfc3339(e.alert.resolvedNs))
                                             : nlohmann::json(nullptr)}});
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& c : f.changes)
        changes.push_back({{"id", c.change.id},
                           {"time", formatRfc3339(c.change.timeNs)},
                           {"kind", c.change.kind},
                           {"service", c.change.service},
                           {"tenant", c.change.tenant},
                           {"title", c.change.title},
                           {"version", c.change.version},
                           {"before_onset", formatLead(c.leadNs)},
                           {"before_onset_seconds", c.leadNs / 1'000'000'000},
                           {"confidence", c.confidence},
                           {"reasons", c.reasons}});
    nlohmann::json templates = nlohmann::json::array();
    for (const auto& t : f.logTemplates)
        templates.push_back({{"template", t.logTemplate.text},
                             {"severity", t.logTemplate.maxSeverity},
                             {"service", t.logTemplate.service},
                             {"error_code", t.logTemplate.errorCode},
                             {"exception_type", t.exceptionType},
                             {"example", t.logTemplate.example},
                             {"before", t.before},
                             {"after", t.after},
                             {"before_hours", t.beforeHours},
                             {"after_hours", t.afterHours},
                             {"confidence", t.confidence}});
    nlohmann::json attributes = nlohmann::json::array();
    for (const auto& a : f.attributes)
        attributes.push_back(
            {{"feature", a.feature()},
             {"key", a.key},
             {"value", a.value},
             {"service", a.service},
             {"array_element", a.arrayElement},
             {"failing_with", a.failingWith},
             {"failing", a.failing},
             {"healthy_with", a.healthyWith},
             {"healthy", a.healthy},
             {"filter", a.filter},
             {"example_trace",
              a.exampleTrace ? nlohmann::json(a.exampleTrace->hex()) : nlohmann::json(nullptr)},
             {"confidence", a.confidence}});
    nlohmann::json slow = nlohmann::json::array();
    for (const auto& o : f.slowOperations)
        slow.push_back({{"service", o.service},
                        {"operation", o.operation},
                        {"p95_before_ms", o.p95BeforeMs},
                        {"p95_after_ms", o.p95AfterMs},
                        {"spans_before", o.spansBefore},
                        {"spans_after", o.spansAfter},
                        {"confidence", o.confidence}});
    return {{"grade", findingGradeName(f.grade)},
            {"tenant", f.tenant},
            {"title", f.title},
            {"summary", f.summary},
            {"onset", formatRfc3339(f.onsetNs)},
            {"end", formatRfc3339(f.endNs)},
            {"score", f.score},
            {"anomalies", anomalies},
            {"slo_alerts", slos},
            {"changes", changes},
            {"log_templates", templates},
            {"trace_attributes", attributes},
            {"slow_operations", slow},
            {"traces",
             {{"failing_before", f.failingTracesBefore},
              {"before", f.tracesBefore},
              {"failing_after", f.failingTracesAfter},
              {"after", f.tracesAfter}}},
            {"evidence_gathered", f.evidenceGathered}};
}

void printFinding(const Finding& f, std::ostream& out) {
    out << findingGradeName(f.grade) << ": " << f.tenant << ": " << f.title << '\n';
    out << "  onset " << formatRfc3339(f.onsetNs) << "; " << f.summary << '\n';
    for (const auto& a : f.anomalies)
        out << "  anomaly  " << a.series.displayName() << " (" << a.series.service << ", "
            << seriesViewName(a.view) << ") " << a.words() << " from " << formatRfc3339(a.onsetNs)
            << (a.harmful ? "" : " [not harmful]") << '\n';
    for (const auto& e : f.sloAlerts)
        out << "  slo      " << e.name << ": " << describeRule(e.alert.rule) << " fired "
            << formatRfc3339(e.alert.firedNs) << '\n';
    for (const auto& c : f.changes)
        out << "  change   " << fixed(c.confidence, 2) << "  " << c.change.kind << "  "
            << c.change.title << " (" << (c.change.service.empty() ? "-" : c.change.service) << ", "
            << formatLead(c.leadNs) << (c.leadNs >= 0 ? " before" : " after") << ")"
            << (c.reasons.empty() ? "" : ": " + c.reasons.front()) << '\n';
    for (const auto& t : f.logTemplates)
        out << "  log      " << fixed(t.confidence, 2) << "  \"" << t.logTemplate.text << "\" ("
            << t.logTemplate.service << (t.exceptionType.empty() ? "" : ", " + t.exceptionType)
            << (t.logTemplate.errorCode.empty() ? "" : ", " + t.logTemplate.errorCode) << ") "
            << t.before << " in " << fixed(t.beforeHours, 0) << " h before, " << t.after << " in "
            << fixed(t.afterHours, 0) << " h after\n";
    for (const auto& a : f.attributes)
        out << "  traces   " << fixed(a.confidence, 2) << "  " << a.feature() << ": "
            << a.failingWith << " of " << a.failing << " failing traces, " << a.healthyWith
            << " of " << a.healthy << " healthy (--where '" << a.filter << "')\n";
    for (const auto& o : f.slowOperations)
        out << "  slower   " << fixed(o.confidence, 2) << "  " << o.service << " " << o.operation
            << ": p95 " << fixed(o.p95BeforeMs, 1) << " ms -> " << fixed(o.p95AfterMs, 1) << " ms ("
            << o.spansBefore << " / " << o.spansAfter << " spans)\n";
}

} // namespace

int runFindings(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({"all"}, {"limit"}));
    args.requirePositionals(1, 1,
                            "casebook-cli findings WORKSPACE [--tenant T] [--limit N] [--all] "
                            "[--json]");
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "findings");
    // Two readers, each mapping the file: the CLI has the machine to itself.
    mapForScan(*ws);
    FindingsOptions options;
    options.parallel = mappedThreads(2);
    FindingsReport report = findWhatChanged(*ws, scope, options);
    auto& findings = report.findings;
    // Info findings (harmless moves) only on request.
    if (!args.flag("all"))
        findings.erase(
            std::remove_if(findings.begin(), findings.end(),
                           [](const Finding& f) { return f.grade == FindingGrade::Info; }),
            findings.end());
    const auto limit = static_cast<std::size_t>(args.integer("limit", 20, 1, 100000));
    if (findings.size() > limit)
        findings.resize(limit);
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& f : findings)
            list.push_back(findingJson(f));
        out << nlohmann::json{{"series_scanned", report.seriesScanned},
                              {"anomalies", report.anomalies},
                              {"findings", list}}
                   .dump(2)
            << '\n';
        return 0;
    }
    if (findings.empty()) {
        out << "no findings: " << report.seriesScanned << " series scanned, " << report.anomalies
            << " anomalies, none harmful\n";
        return 0;
    }
    for (const auto& f : findings) {
        printFinding(f, out);
        out << '\n';
    }
    out << findings.size() << (findings.size() == 1 ? " finding" : " findings") << " ("
        << report.seriesScanned << " series scanned, " << report.anomalies << " anomalies)\n";
    return 0;
}

} // namespace casebook::cli
