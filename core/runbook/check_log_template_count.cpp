// log_template_count: the log templates (core/analysis/log_template_miner.h) of the records
// whose text holds every search word, with their counts. The full-text index finds the
// records, so only those are mined, however many lines the workspace holds.
#include "core/analysis/log_template_miner.h"
#include "core/query/log_queries.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"

#include <algorithm>

namespace casebook {
namespace {

// Mining stops here; the count of records stays exact.
constexpr std::int64_t kMaxMined = 200'000;

std::optional<CheckParameterError> validateTemplateCount(const CheckParameters& p) {
    if (auto level = p.get("level"); level && !severityFromName(*level))
        return CheckParameterError{
            "level", "level is trace, debug, info, warn, error or fatal, not '" + *level + "'"};
    if (ftsTerms(p.value("search")).empty())
        return CheckParameterError{"search", "search needs at least one word"};
    return validateWindow(p);
}

// OTLP severity numbers by range: 1-4 trace, 5-8 debug, ... 21-24 fatal.
std::string levelWord(int severity) {
    static const char* const kWords[] = {"trace", "debug", "info", "warn", "error", "fatal"};
    if (severity < 1)
        return "unset";
    return kWords[std::min((severity - 1) / 4, 5)];
}

struct TemplateRow {
    std::string text;
    std::int64_t count = 0;
    std::map<std::string, std::int64_t> services;
    int maxSeverity = 0;
    std::int64_t firstNs = 0, lastNs = 0;
};

CheckResult runTemplateCount(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    ScopedQuery q("SELECT l.body, l.time_ns, l.severity_number, coalesce(sv.name, ''), tn.name "
                  "FROM logs_fts CROSS JOIN logs l ON l.id = logs_fts.rowid "
                  "JOIN tenants tn ON tn.id = l.tenant_id "
                  "LEFT JOIN services sv ON sv.id = l.service_id");
    q.where("logs_fts MATCH ?", ftsTerms(p.value("search")));
    q.applyScope(scope, "l", "time_ns", true);
    if (auto level = p.get("level"))
        q.where("l.severity_number >= ?", static_cast<std::int64_t>(*severityFromName(*level)));
    if (auto service = p.get("service"))
        q.where("sv.name = ?", *service);

    LogTemplateMiner miner;
    std::vector<TemplateRow> rows;
    std::int64_t records = 0;
    bool truncated = false;
    CheckResult result;
    auto st = q.prepare(ws.db());
    while (st.step()) {
        ++records;
        ++result.byTenant[st.text(4)];
        if (records > kMaxMined) {
            truncated = true;
            continue;
        }
        const std::size_t index = miner.add(st.text(0));
        if (index >= rows.size())
            rows.resize(index + 1);
        TemplateRow& row = rows[index];
        const std::int64_t t = st.int64(1);
        if (row.count == 0 || t < row.firstNs)
            row.firstNs = t;
        row.lastNs = std::max(row.lastNs, t);
        ++row.count;
        ++row.services[st.text(3)];
        row.maxSeverity = std::max(row.maxSeverity, static_cast<int>(st.int64(2)));
    }
    // A template's text generalises as it learns: take the final one.
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i].text = miner.templates()[i].text();
    std::erase_if(rows, [](const TemplateRow& r) { return r.count == 0; });
    std::sort(rows.begin(), rows.end(), [](const TemplateRow& a, const TemplateRow& b) {
        return a.count != b.count ? a.count > b.count : a.text < b.text;
    });

    result.values["count"] = static_cast<double>(records);
    result.values["templates"] = static_cast<double>(rows.size());
    result.query = p.value("search");
    result.summary = groupedCount(records) + (records == 1 ? " log record" : " log records") +
                     " in " + std::to_string(rows.size()) +
                     (rows.size() == 1 ? " template" : " templates") + " match " +
                     inQuotes(p.value("search")) +
                     (rows.empty() ? std::string() : "; the commonest: " + rows.front().text);
    if (truncated)
        result.summary += " (templates of the first " + groupedCount(kMaxMined) + " records)";
    if (rows.empty())
        return result;

    Evidence table;
    table.kind = evidence_kind::kTable;
    nlohmann::json list = nlohmann::json::array();
    const auto limit = static_cast<std::size_t>(p.evidenceLimit());
    std::int64_t first = rows.front().firstNs, last = rows.front().lastNs;
    for (const auto& r : rows) {
        first = std::min(first, r.firstNs);
        last = std::max(last, r.lastNs);
        if (list.size() >= limit)
            continue;
        const auto service =
            std::max_element(r.services.begin(), r.services.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        list.push_back({r.text, r.count, service->first, levelWord(r.maxSeverity),
                        formatRfc3339(r.firstNs), formatRfc3339(r.lastNs)});
    }
    table.payload = {{"columns", {"template", "count", "service", "level", "first", "last"}},
                     {"rows", list},
                     {"truncated", rows.size() > limit || truncated},
                     {"query", p.value("search")}};
    table.fromNs = first;
    table.toNs = last + 1;
    table.title = std::to_string(rows.size()) +
                  (rows.size() == 1 ? " log template" : " log templates") + " matching " +
                  inQuotes(p.value("search"));
    result.evidence.push_back(std::move(table));
    return result;
}

} // namespace

CheckKind logTemplateCountCheckKind() {
    CheckKind kind;
    kind.name = "log_template_count";
    kind.description = "Groups the log records a full-text search finds into templates "
                       "(messages with their values masked) and counts each.";
    kind.parameters = {{"search", true, "words of the message (every word must occur)"},
                       {"level", false, "lowest level: trace, debug, info, warn, error, fatal"},
                       {"service", false, "the service that logged"},
                       kFromParameter,
                       kToParameter};
    kind.values = {"count", "templates"};
    kind.primaryValue = "count";
    kind.evidenceKinds = {std::string(evidence_kind::kTable)};
    kind.run = runTemplateCount;
    kind.validate = validateTemplateCount;
    return kind;
}

} // namespace casebook
