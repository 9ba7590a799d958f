// casebook-cli: the headless twin of the Casebook workbench.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"

#include <functional>
#include <iostream>
#include <map>

namespace {

constexpr const char* kUsage = R"(usage: casebook-cli COMMAND [ARGS] [--json]

commands:
  import WORKSPACE BUNDLE...      import bundles (folders) into a workspace, print the report
  stats WORKSPACE                 counts per signal and tenant
  traces WORKSPACE                list traces (--service --operation --min-duration --errors
                                  --from --to --sort start|duration|spans --limit)
  trace WORKSPACE TRACE_ID        one trace as a span tree with self time and critical path
  logs WORKSPACE                  log records (--search --level --service --trace --from --to)
  changes WORKSPACE               change events (deploys, releases, schema/config changes...)
  rejected WORKSPACE              records the imports rejected, with file, location and reason
  sql WORKSPACE QUERY             read-only SQL; with --tenant it sees only that tenant's rows
  generate --scenario S OUT       write a sample incident bundle (lead-flow, retail-personalization)
  formats                         the importers this build knows
  metrics WORKSPACE               metric series (--name --search); values of one (--series ID
                                  --view --from --to --step | --points); vs a baseline (--baseline 7d)
  slo WORKSPACE                   SLO status, error budget and burn-rate alerts (--add FILE --remove NAME)
  findings WORKSPACE              what changed: anomalies graded error/warning/info with ranked
                                  causes and evidence (--limit N, --all for info too)
  runbook list|check|run|decide   runbooks: list the bundled ones, check a file, run one headless
                                  (checks and evidence go into the workspace's case)
  timeline list|mark|export       the case's timeline; marks; export as md, html, pdf or json
  pin WORKSPACE WHAT --note TEXT  pin evidence to the case: --trace ID [--span ID], --logs IDS,
                                  --series ID --from --to [--baseline 7d], --finding N,
                                  --lineage NODE [--upstream], --slo NAME, --range --from --to
  lineage WORKSPACE SUB ...       lineage: nodes [--kind K], node NODE, impact NODE [--upstream]
                                  [--depth N] [--at T] [--format csv|markdown], layout [NODE]
                                  [--depth N] --format svg|dot [--out FILE]

Read commands take --tenant T to stay inside one tenant; without it they run across all
tenants and the workspace's audit table records that. Times are RFC 3339 or a duration
such as 2h (that long before the newest record in scope).
)";

} // namespace

int main(int argc, char** argv) {
    using namespace casebook::cli;
    const std::map<std::string, std::function<int(const std::vector<std::string>&, std::ostream&)>>
        commands{{"import", runImport},
                 {"stats", runStats},
                 {"traces", runTraces},
                 {"trace", runTrace},
                 {"logs", runLogs},
                 {"changes", runChanges},
                 {"sql", runSql},
                 {"generate", runGenerate},
                 {"formats", runFormats},
                 {"rejected", runRejected},
                 {"metrics", runMetrics},
                 {"slo", runSlo},
                 {"findings", runFindings},
                 {"runbook", runRunbook},
                 {"timeline", runTimeline},
                 {"lineage", runLineage},
                 {"pin", runPin}};
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    const auto it = commands.find(argv[1]);
    if (it == commands.end()) {
        std::cerr << "casebook-cli: unknown command \"" << argv[1]
                  << "\" (see casebook-cli --help)\n";
        return 2;
    }
    try {
        return it->second(std::vector<std::string>(argv + 2, argv + argc), std::cout);
    } catch (const UsageError& e) {
        std::cerr << "casebook-cli " << argv[1] << ": " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "casebook-cli " << argv[1] << ": " << e.what() << '\n';
        return 1;
    }
}
