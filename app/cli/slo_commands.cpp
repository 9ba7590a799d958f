// casebook-cli slo: the status of every SLO in scope (SLI, error budget left, burn-rate
// alerts), and adding or removing definitions.
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/number_text.h"
#include "app/cli/text_table.h"
#include "core/analysis/slo_evaluation.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace casebook::cli {
namespace {

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
