// error_ratio: the share of a service's (or one operation's) spans that failed.
#include "core/casefile/evidence_snapshot.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"

#include <cstdio>

namespace casebook {
namespace {

std::string percent(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", ratio * 100);
    return text;
}

// The partial index of failed spans (check_indexes.h), when this workspace has it.
bool hasFailedSpansIndex(Workspace& ws) {
    return ws.db().scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
                             "name = 'spans_failed'") == 1;
}

void addSpanConditions(ScopedQuery& q, const Scope& scope, const CheckParameters& p) {
    q.applyScope(scope, "s", "start_ns");
    q.where("s.service_id = (SELECT id FROM services WHERE name = ?)", p.value("service"));
    if (auto operation = p.get("operation"))
        q.where("s.name = ?", *operation);
}

CheckResult runErrorRatio(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    // The failures per tenant come from the small index of failed spans; the total needs
    // no split, so it is one count over the service's index entries.
    ScopedQuery failures(std::string("SELECT tn.name, count(*) FROM spans s ") +
                         (hasFailedSpansIndex(ws) ? "INDEXED BY spans_failed " : "") +
                         "JOIN tenants tn ON tn.id = s.tenant_id");
    addSpanConditions(failures, scope, p);
    failures.where("s.status_code = 2");
    failures.append("GROUP BY s.tenant_id");
    std::vector<std::int64_t> sums;
    CheckResult result;
    result.byTenant = countByTenant(ws.db(), failures, sums);
    const std::int64_t errors = sums.empty() ? 0 : sums[0];
    ScopedQuery all("SELECT count(*) FROM spans s");
    addSpanConditions(all, scope, p);
    auto counted = all.prepare(ws.db());
    const std::int64_t total = counted.step() ? counted.int64(0) : 0;
    const double ratio = total ? static_cast<double>(errors) / static_cast<double>(total) : 0.0;
    result.values = {{"ratio", ratio},
                     {"errors", static_cast<double>(errors)},
                     {"total", static_cast<double>(total)}};
    const std::string subject =
        p.value("service") + (p.has("operation") ? " / " + p.value("operation") : "");
    result.query = "service == " + p.value("service") +
                   (p.has("operation") ? " and operation == \"" + p.value("operation") + "\"" : "");
    result.summary = subject + ": " + groupedCount(errors) + " of " + groupedCount(total) +
                     " spans failed (" + percent(ratio) + ")";
    if (errors == 0)
        return result;

    // What the failures say, most frequent first.
    const std::string failedSpans =
        hasFailedSpansIndex(ws) ? "spans s INDEXED BY spans_failed" : "spans s";
    ScopedQuery codes("SELECT coalesce(nullif(s.error_code, ''), nullif(s.status_message, ''), "
                      "'(no code)'), count(*), min(s.start_ns), max(s.start_ns) FROM " +
                      failedSpans);
    addSpanConditions(codes, scope, p);
    codes.where("s.status_code = 2");
    codes.append("GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?").bindValue(p.evidenceLimit());
    auto st = codes.prepare(ws.db());
    Evidence table;
    table.kind = evidence_kind::kTable;
    table.title = "why " + subject + " failed";
    nlohmann::json rows = nlohmann::json::array();
    while (st.step()) {
        rows.push_back({st.text(0), std::to_string(st.int64(1)),
                        percent(static_cast<double>(st.int64(1)) / static_cast<double>(errors))});
        const std::int64_t first = st.int64(2);
        const std::int64_t last = st.int64(3) + 1;
        table.fromNs = table.fromNs ? std::min(*table.fromNs, first) : first;
        table.toNs = table.toNs ? std::max(*table.toNs, last) : last;
    }
    table.payload = {
        {"columns", {"error", "spans", "share of failures"}}, {"rows", rows}, {"truncated", false}};
    result.evidence.push_back(std::move(table));

    Evidence spans;
    spans.kind = evidence_kind::kSpans;
    nlohmann::json sample = nlohmann::json::array();
    std::string condition = "s.service_id = (SELECT id FROM services WHERE name = ?) AND "
                            "s.status_code = 2";
    std::vector<ScopedQuery::Value> values{p.value("service")};
    if (auto operation = p.get("operation")) {
        condition += " AND s.name = ?";
        values.emplace_back(*operation);
    }
    for (auto& row : spansWhere(ws, scope, condition, values, p.evidenceLimit(), failedSpans))
        sample.push_back(std::move(row));
    spans.payload = {
        {"spans", sample}, {"filter", result.query + " and status == error"}, {"total", errors}};
    spans.title = "first " + std::to_string(sample.size()) + " failed spans of " + subject;
    setRangeFromRows(spans, spans.payload["spans"], "start_ns", "end_ns");
    result.evidence.push_back(std::move(spans));
    return result;
}

} // namespace

CheckKind errorRatioCheckKind() {
    CheckKind kind;
    kind.name = "error_ratio";
    kind.description = "The share of a service's spans (or of one operation's) with status "
                       "error, and what the failures say.";
    kind.parameters = {{"service", true, "the service, e.g. ingestion-api"},
                       {"operation", false, "one operation (span name) of it"},
                       kFromParameter,
                       kToParameter};
    kind.values = {"ratio", "errors", "total"};
    kind.primaryValue = "errors";
    kind.evidenceKinds = {std::string(evidence_kind::kTable), std::string(evidence_kind::kSpans)};
    kind.run = runErrorRatio;
    kind.validate = validateWindow;
    return kind;
}

} // namespace casebook
