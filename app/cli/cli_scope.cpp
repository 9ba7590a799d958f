#include "app/cli/cli_scope.h"

#include "core/casefile/case_integrity.h"
#include "core/util/time_text.h"

#include <iostream>

namespace casebook::cli {

std::unique_ptr<Workspace> openExistingWorkspace(const std::string& path) {
    auto ws = Workspace::open(path, Workspace::OpenMode::OpenExisting);
    // The record is verified whenever a workspace opens; a break is told, not fatal.
    const auto record = verifyWorkspaceRecord(ws->db());
    if (!record.intact())
        std::cerr << "casebook-cli: warning: " << path << ": " << record.warning() << '\n';
    return ws;
}

namespace {
std::int64_t newestRecordNs(Workspace& ws, const Scope& scope) {
    std::string tenant =
        scope.isAllTenants() ? "" : " WHERE tenant_id = " + std::to_string(raw(*scope.tenant()));
    return ws.db().scalarInt("SELECT max(t) FROM (SELECT max(end_ns) AS t FROM spans" + tenant +
                             " UNION ALL SELECT max(time_ns) FROM logs" + tenant +
                             " UNION ALL SELECT max(time_ns) FROM metric_points" + tenant +
                             " UNION ALL SELECT max(time_ns) FROM changes" + tenant + ")");
}

std::int64_t parseTime(Workspace& ws, const Scope& scope, const std::string& name,
                       const std::string& text) {
    if (auto t = parseRfc3339(text))
        return *t;
    if (auto d = parseDuration(text))
        return newestRecordNs(ws, scope) - *d;
    throw UsageError("--" + name +
                     " must be an RFC 3339 time (2026-11-20T09:00Z) or a duration (2h), not \"" +
                     text + "\"");
}
} // namespace

Scope scopeFromArgs(Workspace& ws, const Args& args, const std::string& command) {
    Scope scope = args.value("tenant") ? ws.tenantScope(*args.value("tenant"))
                                       : ws.allTenantsScope("casebook-cli " + command);
    TimeWindow window;
    if (auto from = args.value("from"))
        window.fromNs = parseTime(ws, scope, "from", *from);
    if (auto to = args.value("to"))
        window.toNs = parseTime(ws, scope, "to", *to);
    return scope.withWindow(window);
}

OptionSpec readOptions(std::set<std::string> extraFlags, std::set<std::string> extraValues) {
    OptionSpec spec;
    spec.flags = std::move(extraFlags);
    spec.flags.insert("json");
    spec.values = std::move(extraValues);
    spec.values.insert("tenant");
    return spec;
}

} // namespace casebook::cli
