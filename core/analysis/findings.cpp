#include "core/analysis/findings.h"

#include "core/analysis/lineage_upstream.h"

#include "core/analysis/parallel_reads.h"
#include "core/analysis/text_words.h"
#include "core/query/scoped_query.h"
#include "core/util/time_text.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <map>
#include <mutex>

namespace casebook {
namespace {

constexpr std::int64_t kHour = 3'600'000'000'000LL;
constexpr int kError = 17;

// Throttled progress: at most one call per 1% (and one per step name).
class Progress {
public:
    explicit Progress(const std::function<void(double, const std::string&)>& report)
        : report_(report) {}
    void operator()(double done, const std::string& step) {
        if (!report_)
            return;
        if (step == lastStep_ && done - lastDone_ < 0.01 && done < 1.0)
            return;
        lastDone_ = done;
        lastStep_ = step;
        report_(done, step);
    }

private:
    const std::function<void(double, const std::string&)>& report_;
    double lastDone_ = -1;
    std::string lastStep_;
};

struct TimeRange {
    std::int64_t first = 0, last = 0;
    bool any = false;
};

TimeRange signalRange(Workspace& ws, const Scope& tenantScope, const char* table,
                      const char* column) {
    // Two single-aggregate queries, each answered from a (tenant, time) index.
    TimeRange r;
    for (const char* aggregate : {"min", "max"}) {
        ScopedQuery q(std::string("SELECT ") + aggregate + "(x." + column + ") FROM " + table +
                      " x");
        q.applyScope(tenantScope.withWindow({}), "x", "");
        auto st = q.prepare(ws.db());
        if (!st.step() || st.isNull(0))
            return {};
        (std::string(aggregate) == "min" ? r.first : r.last) = st.int64(0);
    }
    r.any = true;
    return r;
}

// Window lengths around an onset, clipped to where the signal has data.
std::pair<std::int64_t, std::int64_t> clip(const TimeRange& r, std::int64_t onset,
                                           std::int64_t before, std::int64_t after) {
    if (!r.any || onset <= r.first || onset > r.last)
        return {0, 0};
    return {std::min(before, onset - r.first), std::min(after, r.last + 1 - onset)};
}

bool isPage(const SloAlertEvidence& e) {
    return e.alert.rule.severity == AlertSeverity::Page;
}

// The anomaly a finding is named after: a flow that fell (what people notice first),
// preferably of a service where the traces fail, else the largest harmful move, else the
// largest move.
std::size_t headline(const std::vector<Anomaly>& anomalies,
                     const std::set<std::string>& failingServices) {
    std::size_t best = 0;
    double bestScore = -1;
    for (std::size_t i = 0; i < anomalies.size(); ++i) {
        const Anomaly& a = anomalies[i];
        double score = std::min(std::abs(a.logRatio), 5.0);
        if (a.harmful)
            score += 10;
        // The series of the service where the traces fail is closest to the cause.
        if (a.harmful && failingServices.count(a.series.service))
            score += 5;
        if (a.harmful && a.sense == MetricSense::DownIsBad && a.view == SeriesView::Rate &&
            a.changePercent <= -20)
            score += 20;
        if (score > bestScore) {
            bestScore = score;
            best = i;
        }
    }
    return best;
}

std::string percent(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

std::string summaryOf(const Finding& f) {
    std::string s;
    if (!f.changes.empty()) {
        const ChangeCandidate& c = f.changes.front();
        s += "Likely cause: " + c.change.title + " (" + c.change.kind +
             (c.change.service.empty() ? "" : ", " + c.change.service) + ", " +
             formatLead(c.leadNs) + (c.leadNs >= 0 ? " before" : " after") + " the onset).";
    } else {
        s += "No change event shortly before the onset.";
    }
    if (!f.logTemplates.empty()) {
        const TemplateCandidate& t = f.logTemplates.front();
        s += " New " + std::string(t.logTemplate.maxSeverity >= kError ? "errors" : "warnings") +
             ": \"" + t.logTemplate.text + "\"" +
             (t.exceptionType.empty() ? "" : " (" + t.exceptionType + ")") + ", " +
             std::to_string(t.before) + " before, " + std::to_string(t.after) + " after.";
    }
    if (!f.attributes.empty()) {
        const AttributeCandidate& a = f.attributes.front();
        s += " Failing traces share " + a.feature() + " (" + percent(a.failingShare()) +
             " of them, " + percent(a.healthyShare()) + " of healthy ones).";
    }
    if (!f.slowOperations.empty()) {
        const SlowOperation& o = f.slowOperations.front();
        char buf[160];
        std::snprintf(buf, sizeof buf, " Slower: %s %s, p95 %.0f ms -> %.0f ms.", o.service.c_str(),
                      o.operation.c_str(), o.p95BeforeMs, o.p95AfterMs);
        s += buf;
    }
    for (const auto& e : f.sloAlerts)
        if (isPage(e)) {
            s += " SLO " + e.name + " pages (" + describeRule(e.alert.rule) + ") from " +
                 formatRfc3339(e.alert.firedNs) + ".";
            break;
        }
    return s;
}

struct TenantData {
    Scope scope;
    std::vector<Finding> findings;
    std::vector<SloEvaluation> slos;
};

// `after` is how long after the onset evidence may come from: up to the tenant's next
// finding, whose own causes must not be counted as this one's.
void gatherEvidence(Workspace& ws, const Scope& tenantScope, const FindingsOptions& options,
                    std::int64_t after, Finding& f) {
    const std::int64_t onset = f.onsetNs;
    const auto logs = signalRange(ws, tenantScope, "logs", "time_ns");
    const auto [logsBefore, logsAfter] = clip(logs, onset, 2 * options.evidenceWindowNs, after);
    f.logTemplates =
        templatesThatJumped(ws, tenantScope, {onset, logsBefore, logsAfter}, options.stop);
    const auto traces = signalRange(ws, tenantScope, "traces", "start_ns");
    const auto [tracesBefore, tracesAfter] =
        clip(traces, onset, 2 * options.evidenceWindowNs, after);
    if (tracesAfter > 0) {
        const TraceComparison c =
            compareFailingTraces(ws, tenantScope, {onset, tracesBefore, tracesAfter}, options.stop);
        f.attributes = c.attributes;
        f.failingTracesBefore = c.failingBefore;
        f.tracesBefore = c.tracesBefore;
        f.failingTracesAfter = c.failingTraces;
        f.tracesAfter = c.failingTraces + c.healthyTraces;
        f.failingServices = c.failingServices;
        const auto [opsBefore, opsAfter] =
            clip(traces, onset, 3 * kHour, std::min(after, 3 * kHour));
        f.slowOperations =
            operationsThatSlowed(ws, tenantScope, {onset, opsBefore, opsAfter}, options.stop);
    }
    f.evidenceGathered = true;
}

void rankCauses(const FindingsOptions& options, const std::vector<ChangeRow>& changes,
                const WordRarity& rarity, Finding& f) {
    ChangeEvidence e;
    e.rarity = &rarity;
    e.onsetNs = f.onsetNs;
    e.tenant = f.tenant;
    e.lookbackNs = options.changeLookbackNs;
    e.toleranceNs = f.anomalies.empty() ? kHour : f.anomalies.front().bucketNs;
    e.isUpstream = options.isUpstream;
    for (const Anomaly& a : f.anomalies)
        if (!a.series.service.empty())
            e.anomalyServices.insert(a.series.service);
    e.failingServices = f.failingServices;
    std::string text;
    for (const auto& t : f.logTemplates)
        text += " " + t.logTemplate.text + " " + t.exceptionType + " " + t.logTemplate.errorCode;
    for (const auto& a : f.attributes) {
        text += " " + a.feature();
        e.sharedValues.insert(a.value);
    }
    e.evidenceText = toLower(text);
    f.changes = rankChanges(changes, e);
    if (f.changes.size() > static_cast<std::size_t>(options.maxCandidates))
        f.changes.resize(static_cast<std::size_t>(options.maxCandidates));
    if (f.logTemplates.size() > static_cast<std::size_t>(options.maxCandidates))
        f.logTemplates.resize(static_cast<std::size_t>(options.maxCandidates));
    if (f.attributes.size() > static_cast<std::size_t>(options.maxCandidates))
        f.attributes.resize(static_cast<std::size_t>(options.maxCandidates));
}

void grade(Finding& f) {
    bool harmful = false, strong = false;
    for (const Anomaly& a : f.anomalies) {
        harmful = harmful || a.harmful;
        strong = strong || (a.harmful && (std::abs(a.changePercent) >= 30 || a.peakZ >= 8));
    }
    const bool page = std::any_of(f.sloAlerts.begin(), f.sloAlerts.end(), isPage);
    const bool errors =
        std::any_of(f.logTemplates.begin(), f.logTemplates.end(),
                    [](const TemplateCandidate& t) { return t.logTemplate.maxSeverity >= kError; });
    const double before =
        f.tracesBefore ? double(f.failingTracesBefore) / double(f.tracesBefore) : 0;
    const double after = f.tracesAfter ? double(f.failingTracesAfter) / double(f.tracesAfter) : 0;
    const bool failing = after >= 0.01 && after >= 2 * before;
    if ((strong && (page || errors || failing)) || (page && (harmful || f.anomalies.empty())))
        f.grade = FindingGrade::Error;
    else if (harmful || !f.sloAlerts.empty())
        f.grade = FindingGrade::Warning;
    else
        f.grade = FindingGrade::Info;
}

double preliminaryScore(const Finding& f) {
    double score = 0;
    for (const Anomaly& a : f.anomalies)
        score += (a.harmful ? 1.0 : 0.2) * std::min(std::abs(a.logRatio), 5.0);
    for (const auto& e : f.sloAlerts)
        score += isPage(e) ? 2.0 : 1.0;
    return score;
}

} // namespace

std::string_view findingGradeName(FindingGrade grade) {
    switch (grade) {
    case FindingGrade::Info:
        return "info";
    case FindingGrade::Warning:
        return "warning";
    case FindingGrade::Error:
        return "error";
    }
    return "info";
}

FindingsReport findWhatChanged(Workspace& ws, const Scope& scope, const FindingsOptions& options) {
    FindingsReport report;
    Progress progress(options.progress);
    progress(0, "reading series");
    const auto series = listSeries(ws, scope, {});
    // Which way each series hurts, from the SLOs of the scope.
    const MetricSenses senses = MetricSenses::fromSlos(ws, scope);
    AnomalyOptions anomalyOptions = options.anomaly;
    if (!anomalyOptions.senses)
        anomalyOptions.senses = &senses;
    std::map<std::string, std::vector<Anomaly>> byTenant;
    // Series on several threads; results kept by index so the outcome does not depend on
    // which thread finished first.
    std::vector<std::vector<Anomaly>> perSeries(series.size());
    std::atomic<std::size_t> scanned{0};
    std::mutex progressLock;
    forEachInParallel(
        ws, series.size(),
        [&](std::size_t i, Workspace& own) {
            if (options.stop.stop_requested())
                return;
            perSeries[i] = detectAnomalies(own, scope, series[i], anomalyOptions, options.stop);
            const std::size_t done = ++scanned;
            const std::lock_guard lock(progressLock);
            progress(0.7 * double(done) / double(series.size()), "anomalies");
        },
        options.parallel);
    report.seriesScanned = static_cast<std::int64_t>(scanned);
    if (options.stop.stop_requested()) {
        report.cancelled = true;
        return report;
    }
    for (auto& found : perSeries)
        for (auto& a : found)
            byTenant[a.series.tenant].push_back(std::move(a));
    // Tenants with SLOs may alert without an anomaly being found.
    for (const auto& slo : listSlos(ws, scope))
        byTenant.try_emplace(slo.tenant);

    std::vector<Finding> all;
    std::map<std::string, std::vector<ChangeRow>> changesOf;
    for (auto& [tenant, anomalies] : byTenant) {
        report.anomalies += static_cast<std::int64_t>(anomalies.size());
        const Scope tenantScope = ws.tenantScope(tenant);
        // Other tenants' changes are candidates too when the scope spans them (a shared
        // service's deploy is recorded once); a tenant scope sees its own.
        changesOf[tenant] =
            listChanges(ws, scope.isAllTenants() ? scope.withWindow({}) : tenantScope);
        std::stable_sort(anomalies.begin(), anomalies.end(),
                         [](const Anomaly& a, const Anomaly& b) { return a.onsetNs < b.onsetNs; });
        std::vector<Finding> found;
        for (auto& a : anomalies) {
            // Single linkage: an anomaly joins while it starts within the window of the
            // latest onset so far.
            if (found.empty() ||
                a.onsetNs > found.back().anomalies.back().onsetNs + options.clusterWindowNs) {
                Finding f;
                f.tenant = tenant;
                f.onsetNs = a.onsetNs;
                f.endNs = a.endNs;
                found.push_back(std::move(f));
            }
            found.back().endNs = std::max(found.back().endNs, a.endNs);
            found.back().anomalies.push_back(std::move(a));
        }
        // SLO alerts join the finding whose onset they follow; the rest stand alone.
        for (const auto& slo : listSlos(ws, tenantScope)) {
            const SloEvaluation e = evaluateSlo(ws, tenantScope, slo);
            std::set<std::size_t> joined;
            for (const BurnAlert& alert : e.alerts) {
                // The latest finding that began before the alert; else one beginning up to
                // a bucket after it (the alert's data lies in the bucket before).
                Finding* target = nullptr;
                for (auto& f : found)
                    if (f.onsetNs <= alert.firedNs &&
                        alert.firedNs <= f.onsetNs + options.evidenceWindowNs &&
                        (!target || f.onsetNs > target->onsetNs))
                        target = &f;
                for (auto& f : found) {
                    const std::int64_t slack =
                        f.anomalies.empty() ? kHour : f.anomalies.front().bucketNs;
                    if (!target && f.onsetNs > alert.firedNs && f.onsetNs - slack <= alert.firedNs)
                        target = &f;
                }
                if (!target) {
                    Finding f;
                    f.tenant = tenant;
                    f.onsetNs = alert.firedNs - alert.rule.longWindowNs;
                    f.endNs = alert.resolvedNs ? alert.resolvedNs : e.evaluatedAtNs;
                    found.push_back(std::move(f));
                    target = &found.back();
                }
                // One alert per SLO and finding: the first, which dates the breach.
                const bool known =
                    std::any_of(target->sloAlerts.begin(), target->sloAlerts.end(),
                                [&](const SloAlertEvidence& x) { return x.slo == slo.id; });
                if (!known)
                    target->sloAlerts.push_back(
                        {slo.id, slo.definition ? slo.definition->name : "SLO", alert});
                else
                    for (auto& x : target->sloAlerts)
                        if (x.slo == slo.id && alert.rule.severity == AlertSeverity::Page &&
                            !isPage(x))
                            x.alert = alert; // a page says more than a ticket
            }
        }
        for (auto& f : found) {
            // The earliest onset that several anomalies share (a noisy series may start a
            // bucket early on its own); the earliest when none is shared.
            std::map<std::int64_t, int> onsets;
            for (const Anomaly& a : f.anomalies)
                ++onsets[a.onsetNs];
            if (!onsets.empty())
                f.onsetNs = onsets.begin()->first;
            for (const auto& [t, n] : onsets)
                if (n >= 2 || n * 4 >= static_cast<int>(f.anomalies.size())) {
                    f.onsetNs = t;
                    break;
                }
            f.score = preliminaryScore(f);
            all.push_back(std::move(f));
        }
    }

    // The strongest findings get their logs, traces and spans looked at.
    std::vector<std::size_t> order(all.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return all[a].score > all[b].score; });
    const std::size_t deep =
        std::min(order.size(), static_cast<std::size_t>(std::max(0, options.evidenceFindings)));
    std::vector<std::int64_t> afterOf(deep, options.evidenceWindowNs);
    std::vector<Scope> scopeOf;
    for (std::size_t k = 0; k < deep; ++k) {
        const Finding& f = all[order[k]];
        for (const Finding& other : all)
            if (other.tenant == f.tenant && other.onsetNs > f.onsetNs)
                afterOf[k] = std::min(afterOf[k], other.onsetNs - f.onsetNs);
        scopeOf.push_back(ws.tenantScope(f.tenant));
    }
    std::atomic<std::size_t> gathered{0};
    forEachInParallel(
        ws, deep,
        [&](std::size_t k, Workspace& own) {
            if (options.stop.stop_requested())
                return;
            gatherEvidence(own, scopeOf[k], options, afterOf[k], all[order[k]]);
            const std::size_t done = ++gathered;
            const std::lock_guard lock(progressLock);
            progress(0.7 + 0.3 * double(done) / double(std::max<std::size_t>(1, deep)), "evidence");
        },
        options.parallel);
    if (options.stop.stop_requested()) {
        report.cancelled = true;
        return report;
    }
    // How rare each word is among the workspace's own change titles and log templates.
    std::vector<std::string> documents;
    std::set<std::int64_t> titled;
    for (const auto& [tenant, changes] : changesOf)
        for (const ChangeRow& c : changes)
            if (titled.insert(c.id).second)
                documents.push_back(c.title);
    for (const Finding& f : all)
        for (const auto& t : f.logTemplates)
            documents.push_back(t.logTemplate.text);
    const WordRarity rarity(documents);
    // Upstream in lineage, per tenant, when the caller gave no test of its own.
    std::map<std::string, UpstreamTest> upstreamOf;
    for (Finding& f : all) {
        FindingsOptions own = options;
        if (!own.isUpstream) {
            auto [it, fresh] = upstreamOf.try_emplace(f.tenant);
            if (fresh)
                it->second = lineageUpstreamTest(ws, ws.tenantScope(f.tenant));
            own.isUpstream = it->second;
        }
        rankCauses(own, changesOf[f.tenant], rarity, f);
        grade(f);
        if (!f.anomalies.empty()) {
            std::swap(f.anomalies.front(), f.anomalies[headline(f.anomalies, f.failingServices)]);
            std::stable_sort(f.anomalies.begin() + 1, f.anomalies.end(),
                             [](const Anomaly& a, const Anomaly& b) {
                                 if (a.harmful != b.harmful)
                                     return a.harmful;
                                 return std::abs(a.logRatio) > std::abs(b.logRatio);
                             });
            const Anomaly& h = f.anomalies.front();
            f.title = h.series.displayName() + " " + h.words();
            if (f.anomalies.size() > 1)
                f.title += " (and " + std::to_string(f.anomalies.size() - 1) + " more series)";
        } else if (!f.sloAlerts.empty()) {
            const auto& e = f.sloAlerts.front();
            f.title = "SLO " + e.name + ": " + describeRule(e.alert.rule) + " alert";
        }
        // Candidates make the evidence stronger, so they add to the order within a grade.
        if (!f.changes.empty())
            f.score += f.changes.front().confidence;
        for (const auto& t : f.logTemplates)
            f.score += 0.5 * t.confidence;
        f.summary = summaryOf(f);
    }
    std::stable_sort(all.begin(), all.end(), [](const Finding& a, const Finding& b) {
        if (a.grade != b.grade)
            return a.grade > b.grade;
        return a.score > b.score;
    });
    report.findings = std::move(all);
    progress(1.0, "done");
    return report;
}

} // namespace casebook
