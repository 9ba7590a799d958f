// The metric commands: metrics (series, values over a range, baselines), slo (status and
// burn-rate alerts) and findings (what changed, ranked, with evidence).
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/text_table.h"
#include "core/analysis/findings.h"
#include "core/analysis/metric_baseline.h"
#include "core/analysis/metric_range.h"
#include "core/analysis/slo_evaluation.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace casebook::cli {
namespace {

std::string number(double v) {
    if (!std::isfinite(v))
        return "-";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

nlohmann::json jsonNumber(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

std::string viewList(const SeriesInfo& s) {
    std::string out;
    for (auto v : defaultViews(s))
        out += (out.empty() ? "" : ",") + std::string(seriesViewName(v));
    return out;
}

std::int64_t durationArg(const Args& args, const std::string& name) {
    const auto text = *args.value(name);
    const auto d = parseDuration(text);
    if (!d || *d <= 0)
        throw UsageError("--" + name + " must be a duration such as 5m, 1h or 7d, not \"" + text +
                         "\"");
    return *d;
}

SeriesView viewArg(const Args& args, const SeriesInfo& series) {
    if (!args.value("view"))
        return defaultViews(series).front();
    const auto view = seriesViewFromName(*args.value("view"));
    if (!view)
        throw UsageError("--view must be value, rate, p50, p90, p95 or p99, not \"" +
                         *args.value("view") + "\"");
    if (!viewApplies(series, *view))
        throw UsageError("--view " + *args.value("view") + " does not apply to a " +
                         std::string(metricKindName(series.kind)) + " series");
    return *view;
}

int listSeriesCommand(Workspace& ws, const Scope& scope, const Args& args, std::ostream& out) {
    SeriesFilter filter;
    filter.name = args.value("name");
    filter.contains = args.value("search");
    filter.limit = args.integer("limit", -1, -1, 10'000'000);
    const auto series = listSeries(ws, scope, filter);
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& s : series) {
            nlohmann::json views = nlohmann::json::array();
            for (auto v : defaultViews(s))
                views.push_back(seriesViewName(v));
            list.push_back({{"id", raw(s.id)},
                            {"tenant", s.tenant},
                            {"name", s.name},
                            {"labels", nlohmann::json::parse(s.labelsJson, nullptr, false)},
                            {"unit", s.unit},
                            {"kind", metricKindName(s.kind)},
                            {"monotonic", s.monotonic},
                            {"temporality", s.temporality},
                            {"service", s.service},
                            {"description", s.description},
                            {"views", views}});
        }
        out << list.dump(2) << '\n';
        return 0;
    }
    TextTable table({"id", "tenant", "series", "unit", "kind", "service", "shown as"});
    for (const auto& s : series)
        table.add({std::to_string(raw(s.id)), s.tenant, s.displayName(), s.unit,
                   std::string(metricKindName(s.kind)), s.service, viewList(s)});
    table.print(out);
    return 0;
}

// --name with --baseline: every series of the name, and their total, against a period ago.
int compareCommand(Workspace& ws, const Scope& scope, const Args& args, std::ostream& out) {
    if (!scope.window().fromNs || !scope.window().toNs)
        throw UsageError("--baseline needs --from and --to");
    const std::int64_t from = *scope.window().fromNs, to = *scope.window().toNs;
    const std::int64_t period = durationArg(args, "baseline");
    SeriesFilter filter;
    filter.name = args.value("name");
    std::vector<SeriesInfo> series;
    if (args.value("series")) {
        const auto id = SeriesId{args.integer("series", 0, 1, INT64_MAX)};
        if (auto s = findSeries(ws, scope, id))
            series.push_back(*s);
        else
            throw std::runtime_error("no series " + *args.value("series") + " in this scope");
    } else {
        series = listSeries(ws, scope, filter);
    }
    if (series.empty())
        throw std::runtime_error("no series named " + filter.name.value_or("") + " in this scope");
    const SeriesView view = viewArg(args, series.front());
    nlohmann::json rows = nlohmann::json::array();
    TextTable table({"series", "tenant", "now", "baseline", "change"});
    auto add = [&](const std::string& label, const std::string& tenant,
                   const BaselineComparison& c) {
        rows.push_back({{"series", label},
                        {"tenant", tenant},
                        {"current", c.current},
                        {"baseline", c.baseline},
                        {"change_percent", c.changePercent ? nlohmann::json(*c.changePercent)
                                                           : nlohmann::json(nullptr)},
                        {"words", c.words}});
        table.add({label, tenant, number(c.current), number(c.baseline), c.words});
    };
    for (const auto& s : series)
        add(s.displayName(), s.tenant, compareWithBaseline(ws, scope, {s}, view, from, to, period));
    if (series.size() > 1)
        add("total of " + std::to_string(series.size()) + " series", "",
            compareWithBaseline(ws, scope, series, view, from, to, period));
    if (args.flag("json")) {
        out << nlohmann::json{{"from", formatRfc3339(from)},
                              {"to", formatRfc3339(to)},
                              {"baseline_period", baselinePeriodWords(period)},
                              {"view", seriesViewName(view)},
                              {"series", rows}}
                   .dump(2)
            << '\n';
        return 0;
    }
    out << seriesViewName(view) << " from " << formatRfc3339(from) << " to " << formatRfc3339(to)
        << " vs " << baselinePeriodWords(period) << '\n';
    table.print(out);
    return 0;
}

int valuesCommand(Workspace& ws, const Scope& scope, const Args& args, std::ostream& out) {
    const auto id = SeriesId{args.integer("series", 0, 1, INT64_MAX)};
    const auto series = findSeries(ws, scope, id);
    if (!series)
        throw std::runtime_error("no series " + *args.value("series") + " in this scope");
    const SeriesView view = viewArg(args, *series);
    std::int64_t from = 0, to = 0;
    const auto span = seriesTimeSpan(ws, scope, id);
    from = scope.window().fromNs.value_or(span ? span->firstNs : 0);
    to = scope.window().toNs.value_or(span ? span->lastNs + 1 : 0);
    nlohmann::json head = {{"series", raw(id)},
                           {"name", series->displayName()},
                           {"tenant", series->tenant},
                           {"view", seriesViewName(view)},
                           {"unit", viewUnit(*series, view)},
                           {"from", formatRfc3339(from)},
                           {"to", formatRfc3339(to)}};
    if (args.value("step")) {
        const std::int64_t step = durationArg(args, "step");
        if ((to - from) / step > 1'000'000)
            throw UsageError("--step gives more than a million steps over this range");
        const auto steps = stepSeries(ws, scope, *series, view, from, to, step);
        if (args.flag("json")) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& s : steps)
                list.push_back({{"time", formatRfc3339(s.startNs)},
                                {"samples", s.samples},
                                {"value", jsonNumber(s.value)},
                                {"min", jsonNumber(s.min)},
                                {"max", jsonNumber(s.max)}});
            head["step"] = formatDuration(step);
            head["values"] = list;
            out << head.dump(2) << '\n';
            return 0;
        }
        out << series->displayName() << " (" << series->tenant << "), " << seriesViewName(view)
            << " in " << viewUnit(*series, view) << ", step " << formatDuration(step) << '\n';
        TextTable table({"time", "samples", "value", "min", "max"});
        for (const auto& s : steps)
            table.add({formatRfc3339(s.startNs), std::to_string(s.samples), number(s.value),
                       number(s.min), number(s.max)});
        table.print(out);
        return 0;
    }
    const int points = static_cast<int>(args.integer("points", 2000, 2, 10'000'000));
    const auto result = downsampleSeries(ws, scope, *series, view, from, to, points);
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& p : result.points)
            list.push_back({{"time", formatRfc3339(p.timeNs)}, {"value", p.value}});
        head["samples"] = result.samples;
        head["points"] = list;
        out << head.dump(2) << '\n';
        return 0;
    }
    out << series->displayName() << " (" << series->tenant << "), " << seriesViewName(view)
        << " in " << viewUnit(*series, view) << ": " << result.points.size() << " points for "
        << result.samples << " samples\n";
    TextTable table({"time", "value"});
    for (const auto& p : result.points)
        table.add({formatRfc3339(p.timeNs), number(p.value)});
    table.print(out);
    return 0;
}

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// --add FILE: an SLO file ({"slos": [...]}) or one SLO object, for the tenant in scope.
int addSlosCommand(Workspace& ws, const Scope& scope, const Args& args, std::ostream& out) {
    if (scope.isAllTenants())
        throw UsageError("--add needs --tenant: an SLO belongs to one tenant");
    const auto doc = nlohmann::json::parse(readWholeFile(*args.value("add")), nullptr, false);
    if (doc.is_discarded())
        throw std::runtime_error(*args.value("add") + " is not valid JSON");
    std::vector<nlohmann::json> objects;
    if (doc.is_object() && doc.contains("slos") && doc["slos"].is_array())
        objects.assign(doc["slos"].begin(), doc["slos"].end());
    else
        objects.push_back(doc);
    int added = 0;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const auto parsed = parseSloDefinition(objects[i]);
        if (!parsed.slo)
            throw std::runtime_error("slos[" + std::to_string(i) + "]: " + parsed.error +
                                     " (nothing was added)");
    }
    for (const auto& o : objects) {
        addSlo(ws, scope, *parseSloDefinition(o).slo);
        ++added;
    }
    out << "added " << added << (added == 1 ? " SLO" : " SLOs") << " for tenant "
        << scope.tenantName() << '\n';
    return 0;
}

nlohmann::json alertJson(const BurnAlert& a) {
    return {{"severity", alertSeverityName(a.rule.severity)},
            {"burn_rate", a.rule.burnRate},
            {"long_window_seconds", a.rule.longWindowNs / 1'000'000'000},
            {"short_window_seconds", a.rule.shortWindowNs / 1'000'000'000},
            {"rule", describeRule(a.rule)},
            {"fired", formatRfc3339(a.firedNs)},
            {"resolved",
             a.resolvedNs ? nlohmann::json(formatRfc3339(a.resolvedNs)) : nlohmann::json(nullptr)},
            {"peak_burn", a.peakLongBurn}};
}

} // namespace

int runMetrics(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({}, {"from", "to", "name", "search", "series", "view", "step",
                                     "points", "baseline", "limit"}));
    args.requirePositionals(
        1, 1,
        "casebook-cli metrics WORKSPACE [--name N] [--search TEXT] [--series ID [--view V] "
        "[--from T] [--to T] [--step D | --points N]] [--baseline 7d] [--tenant T] [--json]");
    if (args.value("step") && args.value("points"))
        throw UsageError("--step and --points exclude each other");
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "metrics");
    if (args.value("baseline"))
        return compareCommand(*ws, scope, args, out);
    if (args.value("series"))
        return valuesCommand(*ws, scope, args, out);
    if (args.value("step") || args.value("points") || args.value("view"))
        throw UsageError("--step, --points and --view need --series ID");
    return listSeriesCommand(*ws, scope, args, out);
}

int runSlo(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({}, {"add", "remove", "to"}));
    args.requirePositionals(1, 1,
                            "casebook-cli slo WORKSPACE [--tenant T] [--to T] [--add FILE] "
                            "[--remove NAME] [--json]");
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "slo");
    if (args.value("add"))
        return addSlosCommand(*ws, scope, args, out);
    if (args.value("remove")) {
        if (scope.isAllTenants())
            throw UsageError("--remove needs --tenant");
        for (const auto& s : listSlos(*ws, scope))
            if (s.definition && s.definition->name == *args.value("remove") &&
                removeSlo(*ws, scope, s.id)) {
                out << "removed SLO " << *args.value("remove") << '\n';
                return 0;
            }
        throw std::runtime_error("no SLO named " + *args.value("remove") + " in tenant " +
                                 scope.tenantName());
    }
    nlohmann::json list = nlohmann::json::array();
    TextTable table({"tenant", "SLO", "objective", "SLI", "budget left", "status"});
    std::vector<std::string> detailLines;
    for (const auto& slo : listSlos(*ws, scope)) {
        const SloEvaluation e = evaluateSlo(*ws, scope, slo);
        const std::string name = slo.definition ? slo.definition->name : "(invalid definition)";
        const double sli = e.total > 0 ? e.good / e.total : NAN;
        nlohmann::json alerts = nlohmann::json::array();
        detailLines.push_back(slo.tenant + " / " + name + ": " + e.statusWords);
        for (const auto& a : e.alerts) {
            alerts.push_back(alertJson(a));
            detailLines.push_back("  " + describeRule(a.rule) + ": fired " +
                                  formatRfc3339(a.firedNs) +
                                  (a.resolvedNs ? ", resolved " + formatRfc3339(a.resolvedNs)
                                                : std::string(", still firing")) +
                                  " (peak " + formatBurnRate(a.peakLongBurn) + ")");
        }
        list.push_back(
            {{"id", raw(slo.id)},
             {"tenant", slo.tenant},
             {"name", name},
             {"source", slo.fromBundle ? "bundle" : "app"},
             {"definition", nlohmann::json::parse(slo.definitionJson, nullptr, false)},
             {"status", sloStatusName(e.status)},
             {"status_words", e.statusWords},
             {"evaluated_at", e.evaluatedAtNs ? nlohmann::json(formatRfc3339(e.evaluatedAtNs))
                                              : nlohmann::json(nullptr)},
             {"sli", jsonNumber(sli)},
             {"good", e.good},
             {"total", e.total},
             {"covered", formatDuration(e.coveredNs)},
             {"budget_remaining",
              e.total > 0 ? nlohmann::json(e.budgetRemaining) : nlohmann::json(nullptr)},
             {"alerts", alerts},
             {"error", e.error}});
        char sliText[32] = "-", budget[32] = "-";
        if (std::isfinite(sli))
            std::snprintf(sliText, sizeof sliText, "%.3f%%", sli * 100);
        if (e.total > 0)
            std::snprintf(budget, sizeof budget, "%.0f%%", e.budgetRemaining * 100);
        table.add({slo.tenant, name,
                   slo.definition ? formatObjective(slo.definition->objective) : "-", sliText,
                   budget, std::string(sloStatusName(e.status))});
    }
    if (args.flag("json")) {
        out << list.dump(2) << '\n';
        return 0;
    }
    if (list.empty()) {
        out << "no SLOs in this scope\n";
        return 0;
    }
    table.print(out);
    out << '\n';
    for (const auto& line : detailLines)
        out << line << '\n';
    return 0;
}

} // namespace casebook::cli

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
