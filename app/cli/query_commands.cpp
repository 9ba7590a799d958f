// The read commands: stats, traces, trace, logs, changes, rejected.
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/text_table.h"
#include "core/filter/filter.h"
#include "core/query/change_queries.h"
#include "core/query/import_history.h"
#include "core/query/log_queries.h"
#include "core/query/stats_query.h"
#include "core/query/trace_queries.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace casebook::cli {
namespace {

nlohmann::json countsJson(const SignalCounts& c) {
    return {{"spans", c.spans},
            {"traces", c.traces},
            {"logs", c.logs},
            {"metric_series", c.metricSeries},
            {"metric_points", c.metricPoints},
            {"changes", c.changes}};
}

nlohmann::json attributes(const std::string& json) {
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(json) : parsed;
}

TraceId traceIdArg(const std::string& text) {
    const auto id = traceIdFromHexLenient(text);
    if (!id || !id->isValid())
        throw UsageError("trace id must be 16 or 32 hex digits, not \"" + text + "\"");
    return *id;
}

// Exit code 2 like any usage error, but shown the way a compiler shows one: the message,
// then the filter with a caret under the place it refers to.
int reportBadFilter(const std::string& text, const FilterError& error) {
    std::cerr << "casebook-cli: bad filter: " << error.message << '\n'
              << filterErrorCaret(text, error) << '\n';
    return 2;
}

} // namespace

int runStats(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({}, {"from", "to"}));
    args.requirePositionals(1, 1, "casebook-cli stats WORKSPACE [--tenant T] [--json]");
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "stats");
    const auto stats = workspaceStats(*ws, scope);
    if (args.flag("json")) {
        nlohmann::json j = countsJson(stats.totals);
        j["rejected"] = stats.rejected;
        j["bundles"] = stats.bundles;
        j["scope"] = scope.isAllTenants() ? "all tenants" : scope.tenantName();
        nlohmann::json tenants = nlohmann::json::array();
        for (const auto& t : stats.tenants) {
            auto tj = countsJson(t.counts);
            tj["tenant"] = t.tenant;
            tenants.push_back(tj);
        }
        j["tenants"] = tenants;
        out << j.dump(2) << '\n';
        return 0;
    }
    out << "scope: " << (scope.isAllTenants() ? "all tenants" : "tenant " + scope.tenantName())
        << '\n';
    TextTable table({"tenant", "traces", "spans", "logs", "series", "points", "changes"});
    auto row = [](const std::string& name, const SignalCounts& c) {
        return std::vector<std::string>{name,
                                        std::to_string(c.traces),
                                        std::to_string(c.spans),
                                        std::to_string(c.logs),
                                        std::to_string(c.metricSeries),
                                        std::to_string(c.metricPoints),
                                        std::to_string(c.changes)};
    };
    for (const auto& t : stats.tenants)
        table.add(row(t.tenant, t.counts));
    table.add(row("total", stats.totals));
    table.print(out);
    if (scope.isAllTenants())
        out << stats.bundles << " bundles, " << stats.rejected << " rejected records\n";
    return 0;
}

int runTraces(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv,
              readOptions({"errors", "ascending"}, {"service", "operation", "min-duration", "from",
                                                    "to", "sort", "limit", "offset", "where"}));
    args.requirePositionals(
        1, 1,
        "casebook-cli traces WORKSPACE [--service S] [--operation O] [--min-duration 250ms] "
        "[--errors] [--where FILTER] [--from T] [--to T] [--sort "
        "start|duration|spans|errors|services] "
        "[--limit N] [--json]");
    TraceQuery q;
    q.service = args.value("service");
    q.operation = args.value("operation");
    if (auto d = args.value("min-duration")) {
        q.minDurationNs = parseDuration(*d);
        if (!q.minDurationNs)
            throw UsageError("--min-duration must be a duration with a unit (250ms, 2s), not \"" +
                             *d + "\"");
    }
    q.errorsOnly = args.flag("errors");
    if (auto where = args.value("where")) {
        auto compiled = compileFilter(*where, FilterTarget::Traces);
        if (!compiled.ok())
            return reportBadFilter(*where, *compiled.error);
        q.filter = std::move(compiled.filter);
    }
    const auto sort = args.value("sort").value_or("start");
    if (sort == "start")
        q.sort = TraceSort::Start;
    else if (sort == "duration")
        q.sort = TraceSort::Duration;
    else if (sort == "spans")
        q.sort = TraceSort::Spans;
    else if (sort == "errors")
        q.sort = TraceSort::Errors;
    else if (sort == "services")
        q.sort = TraceSort::Services;
    else
        throw UsageError("--sort must be start, duration, spans, errors or services");
    q.descending = !args.flag("ascending");
    q.limit = args.integer("limit", 50, 1, 1'000'000);
    q.offset = args.integer("offset", 0, 0, 1'000'000'000);
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "traces");
    const auto traces = listTraces(*ws, scope, q);
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& t : traces)
            list.push_back({{"trace_id", t.traceId.hex()},
                            {"root_service", t.rootService},
                            {"root_operation", t.rootOperation},
                            {"start", formatRfc3339(t.startNs)},
                            {"start_ns", t.startNs},
                            {"duration_ns", t.durationNs},
                            {"spans", t.spans},
                            {"errors", t.errors},
                            {"services", t.services},
                            {"tenant", t.tenant}});
        out << list.dump(2) << '\n';
        return 0;
    }
    TextTable table({"trace id", "root", "start", "duration", "spans", "errors", "tenant"});
    for (const auto& t : traces)
        table.add({t.traceId.hex(), t.rootService + " " + t.rootOperation, formatRfc3339(t.startNs),
                   formatDuration(t.durationNs), std::to_string(t.spans), std::to_string(t.errors),
                   t.tenant});
    table.print(out);
    return 0;
}

int runTrace(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({}, {}));
    args.requirePositionals(2, 2, "casebook-cli trace WORKSPACE TRACE_ID [--tenant T] [--json]");
    const auto id = traceIdArg(args.positionals()[1]);
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "trace");
    const auto spans = traceTree(*ws, scope, id);
    if (spans.empty())
        throw std::runtime_error(
            "no trace " + id.hex() + " in " +
            (scope.isAllTenants() ? "this workspace" : "tenant " + scope.tenantName()));
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& s : spans)
            list.push_back({{"span_id", s.spanId.hex()},
                            {"parent_span_id", s.parentSpanId ? s.parentSpanId->hex() : ""},
                            {"depth", s.depth},
                            {"service", s.service},
                            {"operation", s.operation},
                            {"start_ns", s.startNs},
                            {"duration_ns", s.endNs - s.startNs},
                            {"self_ns", s.selfNs},
                            {"status", s.status},
                            {"critical", s.critical},
                            {"attributes", attributes(s.attributesJson)}});
        out << nlohmann::json{{"trace_id", id.hex()}, {"spans", list}}.dump(2) << '\n';
        return 0;
    }
    const auto start = spans.front().startNs;
    TextTable table({"span", "offset", "duration", "self", "status", "critical"});
    for (const auto& s : spans)
        table.add({std::string(static_cast<std::size_t>(s.depth) * 2, ' ') + s.service + " " +
                       s.operation,
                   "+" + formatDuration(s.startNs - start), formatDuration(s.endNs - s.startNs),
                   formatDuration(s.selfNs), s.status == 2 ? "ERROR" : (s.status == 1 ? "OK" : ""),
                   s.critical ? "*" : ""});
    table.print(out);
    return 0;
}

int runLogs(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({"newest-first"}, {"search", "level", "service", "trace", "from",
                                                   "to", "limit", "offset", "where"}));
    args.requirePositionals(
        1, 1,
        "casebook-cli logs WORKSPACE [--search TEXT] [--level L] [--service S] [--trace ID] "
        "[--where FILTER] [--from T] [--to T] [--limit N] [--json]");
    LogQuery q;
    q.search = args.value("search");
    if (auto level = args.value("level")) {
        q.minSeverity = severityFromName(*level);
        if (!q.minSeverity)
            throw UsageError("--level must be trace, debug, info, warn, error or fatal");
    }
    q.service = args.value("service");
    if (auto t = args.value("trace"))
        q.traceId = traceIdArg(*t);
    if (auto where = args.value("where")) {
        auto compiled = compileFilter(*where, FilterTarget::Logs);
        if (!compiled.ok())
            return reportBadFilter(*where, *compiled.error);
        q.filter = std::move(compiled.filter);
    }
    q.newestFirst = args.flag("newest-first");
    q.limit = args.integer("limit", 100, 1, 1'000'000);
    q.offset = args.integer("offset", 0, 0, 1'000'000'000);
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "logs");
    const auto logs = listLogs(*ws, scope, q);
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& l : logs)
            list.push_back({{"id", l.id},
                            {"time", formatRfc3339(l.timeNs)},
                            {"time_ns", l.timeNs},
                            {"severity", l.severityText},
                            {"severity_number", l.severityNumber},
                            {"service", l.service},
                            {"tenant", l.tenant},
                            {"body", l.body},
                            {"trace_id", l.traceId ? l.traceId->hex() : ""},
                            {"span_id", l.spanId ? l.spanId->hex() : ""},
                            {"error_code", l.errorCode},
                            {"attributes", attributes(l.attributesJson)}});
        out << list.dump(2) << '\n';
        return 0;
    }
    TextTable table({"time", "level", "service", "tenant", "body"});
    for (const auto& l : logs)
        table.add({formatRfc3339(l.timeNs), l.severityText, l.service, l.tenant, l.body});
    table.print(out);
    return 0;
}

int runChanges(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({}, {"from", "to"}));
    args.requirePositionals(
        1, 1, "casebook-cli changes WORKSPACE [--tenant T] [--from T] [--to T] [--json]");
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "changes");
    const auto changes = listChanges(*ws, scope);
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& c : changes)
            list.push_back({{"time", formatRfc3339(c.timeNs)},
                            {"end", c.endNs ? formatRfc3339(*c.endNs) : ""},
                            {"kind", c.kind},
                            {"service", c.service},
                            {"tenant", c.tenant},
                            {"title", c.title},
                            {"version", c.version},
                            {"attributes", attributes(c.attributesJson)}});
        out << list.dump(2) << '\n';
        return 0;
    }
    TextTable table({"time", "kind", "service", "tenant", "title"});
    for (const auto& c : changes)
        table.add({formatRfc3339(c.timeNs), c.kind, c.service, c.tenant, c.title});
    table.print(out);
    return 0;
}

int runRejected(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, OptionSpec{{"json"}, {"limit", "offset"}});
    args.requirePositionals(1, 1, "casebook-cli rejected WORKSPACE [--limit N] [--json]");
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto rows = rejectedRecords(*ws, args.integer("limit", 100, 1, 10'000'000),
                                      args.integer("offset", 0, 0, 1'000'000'000));
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& r : rows)
            list.push_back({{"bundle", r.bundle},
                            {"path", r.path},
                            {"location", r.location},
                            {"reason", r.reason}});
        out << list.dump(2) << '\n';
        return 0;
    }
    TextTable table({"bundle", "file", "location", "reason"});
    for (const auto& r : rows)
        table.add({r.bundle, r.path, r.location, r.reason});
    table.print(out);
    return 0;
}

} // namespace casebook::cli
