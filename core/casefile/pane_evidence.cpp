#include "core/casefile/pane_evidence.h"

#include "core/analysis/findings.h"
#include "core/analysis/slo_evaluation.h"
#include "core/lineage/impact.h"

namespace casebook {
namespace {

// "1h", "5m", "3d": the windows as the SRE workbook writes them.
std::string windowText(std::int64_t ns) {
    constexpr std::int64_t minute = 60'000'000'000LL;
    if (ns % (24 * 60 * minute) == 0)
        return std::to_string(ns / (24 * 60 * minute)) + "d";
    if (ns % (60 * minute) == 0)
        return std::to_string(ns / (60 * minute)) + "h";
    return std::to_string(ns / minute) + "m";
}

} // namespace

Evidence findingEvidence(const Finding& f) {
    Evidence e;
    e.kind = std::string(evidence_kind::kFinding);
    e.title = f.title;
    e.fromNs = f.onsetNs;
    if (f.endNs > f.onsetNs)
        e.toNs = f.endNs;
    nlohmann::json causes = nlohmann::json::array();
    auto cause = [&](const char* kind, const std::string& title, double confidence) {
        causes.push_back({{"kind", kind}, {"title", title}, {"confidence", confidence}});
    };
    for (const auto& c : f.changes)
        cause("change", c.change.title, c.confidence);
    for (const auto& t : f.logTemplates)
        cause("log_template", t.logTemplate.text, t.confidence);
    for (const auto& a : f.attributes)
        cause("attribute", a.key + "=" + a.value, a.confidence);
    for (const auto& s : f.slowOperations)
        cause("slow_operation", s.service + " / " + s.operation, s.confidence);
    for (const auto& a : f.sloAlerts)
        causes.push_back({{"kind", "slo_alert"}, {"title", a.name}, {"confidence", nullptr}});
    nlohmann::json series = nlohmann::json::array();
    for (const auto& a : f.anomalies)
        series.push_back(raw(a.series.id));
    e.payload = {{"grade", std::string(findingGradeName(f.grade))},
                 {"title", f.title},
                 {"summary", f.summary},
                 {"tenant", f.tenant},
                 {"onset_ns", f.onsetNs},
                 {"causes", causes},
                 {"series", series}};
    return e;
}

Evidence lineageImpactEvidence(const LineageGraph& graph, const ImpactReport& report,
                               std::optional<std::int64_t> atNs, std::size_t maxNodes) {
    Evidence e;
    e.kind = std::string(evidence_kind::kLineageImpact);
    const std::string root = graph.node(report.root).qualifiedName();
    const bool down = report.direction == LineageDirection::Downstream;
    e.title = (down ? "Downstream of " : "Upstream of ") + root;
    if (atNs) {
        e.fromNs = *atNs;
        e.toNs = *atNs + 1;
    }
    nlohmann::json counts = nlohmann::json::array();
    for (const auto& c : report.byKind)
        counts.push_back({{"kind", c.kind}, {"reached", c.affected}, {"total", c.total}});
    nlohmann::json nodes = nlohmann::json::array();
    for (std::size_t i = 0; i < report.items.size() && i < maxNodes; ++i) {
        const auto& item = report.items[i];
        nlohmann::json path = nlohmann::json::array();
        for (NodeIndex n : report.pathOf(item))
            path.push_back(graph.node(n).qualifiedName());
        nodes.push_back({{"node", graph.node(item.node).qualifiedName()},
                         {"kind", graph.node(item.node).kind},
                         {"hops", item.hops},
                         {"path", path}});
    }
    e.payload = {{"node", root},
                 {"direction", down ? "downstream" : "upstream"},
                 {"words", report.summary()},
                 {"counts", counts},
                 {"nodes", nodes},
                 {"truncated", report.items.size() > maxNodes}};
    if (atNs)
        e.payload["at_ns"] = *atNs;
    return e;
}

Evidence sloStatusEvidence(const SloEvaluation& e, const TimeWindow& window) {
    nlohmann::json alerts = nlohmann::json::array();
    for (const BurnAlert* a : alertsFiringIn(e, window))
        alerts.push_back({{"severity", alertSeverityName(a->rule.severity)},
                          {"long_window", windowText(a->rule.longWindowNs)},
                          {"short_window", windowText(a->rule.shortWindowNs)},
                          {"burn_rate", a->rule.burnRate},
                          {"from_ns", a->firedNs},
                          {"to_ns", a->resolvedNs ? nlohmann::json(a->resolvedNs) : nullptr}});
    const std::string name = e.slo.definition ? e.slo.definition->name : std::string();
    Evidence evidence;
    evidence.kind = std::string(evidence_kind::kSloStatus);
    evidence.title =
        "'" + name + "' for " + e.slo.tenant + ": " + std::string(sloStatusName(e.status));
    evidence.payload = {{"slo", name},
                        {"tenant", e.slo.tenant},
                        {"status", sloStatusName(e.status)},
                        {"sli", e.total > 0 ? e.good / e.total : 1.0},
                        {"objective", e.slo.definition ? e.slo.definition->objective : 0.0},
                        {"budget_remaining", e.budgetRemaining},
                        {"alerts", alerts}};
    if (!e.sli.empty()) {
        evidence.fromNs = e.sli.front().timeNs;
        evidence.toNs = e.evaluatedAtNs;
    }
    return evidence;
}

} // namespace casebook
