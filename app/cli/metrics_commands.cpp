// casebook-cli metrics: the series of a scope, a series' values over a range (by step or
// downsampled to N points), and a range against the same time a period earlier.
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/number_text.h"
#include "app/cli/text_table.h"
#include "core/analysis/metric_baseline.h"
#include "core/analysis/metric_range.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace casebook::cli {
namespace {

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

} // namespace casebook::cli
