#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/text_table.h"
#include "core/generate/scenario_generator.h"
#include "core/query/sql_console.h"

#include <nlohmann/json.hpp>

namespace casebook::cli {

int runSql(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({}, {"limit"}));
    args.requirePositionals(2, 2,
                            "casebook-cli sql WORKSPACE QUERY [--tenant T] [--limit N] [--json]");
    const auto limit = args.integer("limit", 1000, 1, 100'000'000);
    Scope scope = [&] {
        auto ws = openExistingWorkspace(args.positionals()[0]);
        return scopeFromArgs(*ws, args, "sql");
    }();
    const auto result = runScopedSql(args.positionals()[0], scope, args.positionals()[1], limit);
    if (args.flag("json")) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& r : result.rows) {
            nlohmann::json row = nlohmann::json::object();
            for (std::size_t c = 0; c < r.size(); ++c)
                row[result.columns[c]] = r[c];
            rows.push_back(row);
        }
        out << nlohmann::json{{"columns", result.columns},
                              {"rows", rows},
                              {"truncated", result.truncated}}
                   .dump(2)
            << '\n';
        return 0;
    }
    TextTable table(result.columns);
    for (const auto& r : result.rows)
        table.add(r);
    table.print(out);
    if (result.truncated)
        out << "(stopped at " << limit << " rows; use --limit)\n";
    return 0;
}

int runGenerate(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, OptionSpec{{"json", "no-incident"}, {"scenario", "scale", "seed"}});
    args.requirePositionals(
        1, 1,
        "casebook-cli generate --scenario lead-flow|retail-personalization [--scale N] [--seed S] "
        "[--no-incident] OUT");
    GenerateOptions options;
    const auto name = args.value("scenario").value_or("lead-flow");
    const auto scenario = scenarioFromName(name);
    if (!scenario)
        throw UsageError("--scenario must be lead-flow or retail-personalization, not \"" + name +
                         "\"");
    options.scenario = *scenario;
    options.scale = static_cast<int>(args.integer("scale", 1, 1, 1000));
    options.seed = static_cast<std::uint64_t>(args.integer("seed", 42, 0, 1'000'000'000));
    options.incident = !args.flag("no-incident");
    const auto summary = generateBundle(options, args.positionals()[0]);
    if (args.flag("json")) {
        out << nlohmann::json{{"spans", summary.spans},
                              {"logs", summary.logs},
                              {"metric_points", summary.metricPoints},
                              {"changes", summary.changes},
                              {"defects", summary.defects},
                              {"lineage_events", summary.lineageEvents},
                              {"lineage_runs", summary.lineageRuns},
                              {"lineage_edge_rows", summary.lineageEdgeRows},
                              {"bytes", summary.bytes},
                              {"files", summary.files}}
                   .dump(2)
            << '\n';
        return 0;
    }
    out << "wrote " << args.positionals()[0] << ": " << summary.spans << " spans, " << summary.logs
        << " logs, " << summary.metricPoints << " metric points, " << summary.changes
        << " changes, " << summary.defects << " deliberate defects, " << summary.bytes
        << " bytes\n";
    return 0;
}

} // namespace casebook::cli
