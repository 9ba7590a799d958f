// casebook-cli pin: evidence pinned to the case with a note, as the panes' Pin actions do
// (a trace or span, log lines, a chart range, a finding, a lineage impact, an SLO's status,
// a time window),
// snapshotted in the tenant's scope by the same core functions.
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/lineage_args.h"
#include "core/analysis/findings.h"
#include "core/analysis/metric_catalog.h"
#include "core/analysis/parallel_reads.h"
#include "core/analysis/slo_evaluation.h"
#include "core/analysis/slo_store.h"
#include "core/casefile/case_file.h"
#include "core/casefile/chart_evidence.h"
#include "core/casefile/evidence_snapshot.h"
#include "core/casefile/pane_evidence.h"
#include "core/lineage/impact.h"
#include "core/lineage/lineage_store.h"
#include "core/util/time_text.h"

#include <algorithm>
#include <climits>
#include <stdexcept>

namespace casebook::cli {
namespace {

constexpr const char* kUsage =
    "casebook-cli pin WORKSPACE WHAT --note TEXT [--author NAME] [--tenant T], WHAT one of:\n"
    "  --trace ID [--span ID]                       a trace, or one span of it\n"
    "  --logs ID[,ID...]                            log lines by id (casebook-cli logs --json)\n"
    "  --series ID --from T --to T [--baseline D]   a chart range, against D earlier (7d)\n"
    "  --finding N [--all]                          the Nth of casebook-cli findings [--all]\n"
    "  --lineage NODE [--at T] [--upstream]         what a lineage node reaches\n"
    "  --slo NAME [--from T] [--to T]               an SLO's status, alerts in the range\n"
    "  --range --from T --to T                      a time window";

TraceId traceArg(const std::string& text) {
    const auto id = TraceId::fromHex(text);
    if (!id)
        throw UsageError("--trace takes a trace id of 32 hex digits, not \"" + text + "\"");
    return *id;
}

std::vector<std::int64_t> logIds(const std::string& text) {
    std::vector<std::int64_t> ids;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        std::size_t used = 0;
        long long id = 0;
        try {
            id = std::stoll(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || id <= 0)
            throw UsageError("--logs takes log ids separated by commas, not \"" + text + "\"");
        ids.push_back(id);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return ids;
}

std::int64_t timeArg(const Scope& scope, const char* name) {
    const auto& window = scope.window();
    const auto t = std::string_view(name) == "from" ? window.fromNs : window.toNs;
    if (!t)
        throw UsageError(std::string("this pin needs --") + name + "\n" + kUsage);
    return *t;
}

Evidence chartPin(Workspace& ws, const Scope& scope, const Args& args) {
    const auto id = SeriesId{args.integer("series", 0, 1, LLONG_MAX)};
    const auto series = findSeries(ws, scope, id);
    if (!series)
        throw std::runtime_error("no series " + *args.value("series") + " in this scope");
    const std::int64_t from = timeArg(scope, "from"), to = timeArg(scope, "to");
    if (to <= from)
        throw UsageError("--to must be after --from");
    std::int64_t baseline = 0;
    if (const auto text = args.value("baseline")) {
        const auto d = parseDuration(*text);
        if (!d || *d <= 0)
            throw UsageError("--baseline takes a period such as 7d, not \"" + *text + "\"");
        baseline = *d;
    }
    return seriesChartEvidence(ws, scope.withWindow({}), *series, from, to, baseline);
}

Evidence findingPin(Workspace& ws, const Scope& scope, const Args& args) {
    const auto n = static_cast<std::size_t>(args.integer("finding", 0, 1, 100000));
    mapForScan(ws);
    FindingsOptions options;
    options.parallel = mappedThreads(2);
    FindingsReport report = findWhatChanged(ws, scope.withWindow({}), options);
    // Counted as `casebook-cli findings` lists them: info findings only with --all.
    std::vector<const Finding*> listed;
    for (const auto& f : report.findings)
        if (args.flag("all") || f.grade != FindingGrade::Info)
            listed.push_back(&f);
    if (n > listed.size())
        throw std::runtime_error("there are " + std::to_string(listed.size()) +
                                 " findings in this scope, so no finding " + std::to_string(n));
    return findingEvidence(*listed[n - 1]);
}

Evidence lineagePin(Workspace& ws, const Scope& scope, const Args& args) {
    const auto root = resolveLineageNodeOrFail(ws, scope, *args.value("lineage"));
    const auto at = lineageAtTime(ws, scope, args);
    const auto graph = loadLineageGraph(ws, scope, at);
    const auto index = graph.indexOf(root.info.id);
    if (!index)
        throw std::runtime_error(root.info.qualifiedName() + " was not known yet at " +
                                 formatRfc3339(*at));
    const auto direction =
        args.flag("upstream") ? LineageDirection::Upstream : LineageDirection::Downstream;
    return lineageImpactEvidence(graph, computeImpact(graph, *index, direction, -1), at);
}

// Evaluated as the slo_status check does: at the end of the range (or of the data), with
// the alerts that fired in it.
Evidence sloPin(Workspace& ws, const Scope& scope, const Args& args) {
    const std::string name = *args.value("slo");
    std::vector<StoredSlo> named;
    for (auto& slo : listSlos(ws, scope.withWindow({})))
        if (slo.definition && slo.definition->name == name)
            named.push_back(std::move(slo));
    if (named.empty())
        throw std::runtime_error("no SLO named '" + name + "' in this scope");
    if (named.size() > 1)
        throw UsageError("the SLO '" + name + "' is in " + std::to_string(named.size()) +
                         " tenants: pin one with --tenant");
    return sloStatusEvidence(evaluateSlo(ws, scope, named.front()), scope.window());
}

} // namespace

int runPin(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({"all", "upstream", "range"},
                                {"note", "author", "trace", "span", "logs", "series", "from", "to",
                                 "baseline", "finding", "lineage", "at", "slo"}));
    args.requirePositionals(1, 1, kUsage);
    if (args.value("span") && !args.value("trace"))
        throw UsageError("--span goes with --trace");
    const int kinds = (args.value("trace") ? 1 : 0) + (args.value("logs") ? 1 : 0) +
                      (args.value("series") ? 1 : 0) + (args.value("finding") ? 1 : 0) +
                      (args.value("lineage") ? 1 : 0) + (args.value("slo") ? 1 : 0) +
                      (args.flag("range") ? 1 : 0);
    if (kinds != 1)
        throw UsageError(std::string(kinds ? "pin one thing at a time\n" : "pin what?\n") + kUsage);
    const bool ranged = args.value("series") || args.value("slo") || args.flag("range");
    if (!ranged && (args.value("from") || args.value("to")))
        throw UsageError("--from and --to go with --series, --slo or --range");
    const auto note = args.value("note");
    if (!note || note->find_first_not_of(" \t\n") == std::string::npos)
        throw UsageError("a pin needs --note saying why it matters");

    auto ws = openExistingWorkspace(args.positionals()[0]);
    const Scope scope = scopeFromArgs(*ws, args, "pin");
    // Snapshots read the whole scope; --from/--to only bound a chart or a window.
    const Scope whole = scope.withWindow({});
    EvidenceRecord record;
    if (const auto trace = args.value("trace")) {
        if (const auto span = args.value("span")) {
            const auto spanId = SpanId::fromHex(*span);
            if (!spanId)
                throw UsageError("--span takes a span id of 16 hex digits, not \"" + *span + "\"");
            record.evidence = spanEvidence(*ws, whole, traceArg(*trace), *spanId);
        } else {
            record.evidence = traceEvidence(*ws, whole, traceArg(*trace));
        }
    } else if (const auto logs = args.value("logs")) {
        record.evidence = logLinesEvidence(*ws, whole, logIds(*logs));
    } else if (args.value("series")) {
        record.evidence = chartPin(*ws, scope, args);
    } else if (args.value("finding")) {
        record.evidence = findingPin(*ws, scope, args);
    } else if (args.value("lineage")) {
        record.evidence = lineagePin(*ws, whole, args);
    } else if (args.value("slo")) {
        record.evidence = sloPin(*ws, scope, args);
    } else {
        const std::int64_t from = timeArg(scope, "from"), to = timeArg(scope, "to");
        if (to <= from)
            throw UsageError("--to must be after --from");
        record.evidence = timeRangeEvidence(from, to);
    }
    record.note = *note;
    record.author = args.value("author").value_or(defaultAuthor());
    const EvidenceId id = CaseFile(*ws, scope).addEvidence(record);
    out << "evidence:" << raw(id) << " " << record.evidence.kind << ": " << record.evidence.title
        << '\n';
    return 0;
}

} // namespace casebook::cli
