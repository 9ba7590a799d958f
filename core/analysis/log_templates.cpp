#include "core/analysis/log_templates.h"

#include "core/analysis/log_template_miner.h"
#include "core/query/log_queries.h"
#include "core/query/scoped_query.h"

#include <algorithm>
#include <map>

namespace casebook {
namespace {

struct Tally {
    std::int64_t count = 0, before = 0;
    int maxSeverity = 0;
    std::map<std::string, std::int64_t> services, errorCodes;
    std::int64_t firstNs = 0, lastNs = 0;
    std::string example;
    std::optional<TraceId> trace;
    std::optional<SpanId> span;
};

std::string commonest(const std::map<std::string, std::int64_t>& counts) {
    std::string best;
    std::int64_t n = 0;
    for (const auto& [key, count] : counts)
        if (!key.empty() && count > n) {
            best = key;
            n = count;
        }
    return best;
}

// The words of a template the full-text index can look for: fixed tokens, and the key
// of key=<*>.
std::string searchWords(std::string_view templateText) {
    std::string words;
    for (const auto& token : templateTokens(templateText)) {
        std::string word = token;
        if (const auto at = word.find(kTemplateWildcard); at != std::string::npos)
            word = word.substr(0, at);
        while (!word.empty() && (word.back() == '=' || word.back() == '"'))
            word.pop_back();
        const bool hasLetter = std::any_of(word.begin(), word.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0;
        });
        if (!hasLetter)
            continue;
        if (!words.empty())
            words.push_back(' ');
        words += word;
    }
    return words;
}

} // namespace

LogTemplateResult logTemplates(Workspace& ws, const Scope& scope, const LogTemplateQuery& query,
                               std::stop_token stop) {
    LogTemplateResult out;
    ScopedQuery q("SELECT l.body, l.severity_number, coalesce(sv.name, ''), "
                  "coalesce(l.error_code, ''), l.time_ns, l.trace_id, l.span_id FROM logs l "
                  "LEFT JOIN services sv ON sv.id = l.service_id");
    LogQuery conditions;
    conditions.minSeverity = query.minSeverity;
    conditions.service = query.service;
    applyLogConditions(ws.db(), q, scope, conditions);
    q.append("ORDER BY l.tenant_id, l.time_ns LIMIT " + std::to_string(query.maxRecords + 1));
    auto st = q.prepare(ws.db());
    LogTemplateMiner miner;
    std::vector<Tally> tallies;
    while (st.step()) {
        if (out.records == query.maxRecords) {
            out.truncated = true;
            break;
        }
        if ((++out.records & 0xfff) == 0 && stop.stop_requested())
            break;
        const std::string_view body = st.textView(0);
        const std::size_t index = miner.add(body);
        if (index >= tallies.size())
            tallies.resize(index + 1);
        Tally& t = tallies[index];
        const std::int64_t time = st.int64(4);
        if (t.count == 0) {
            t.firstNs = time;
            t.example.assign(body);
        }
        ++t.count;
        if (query.splitNs && time < *query.splitNs)
            ++t.before;
        t.lastNs = std::max(t.lastNs, time);
        t.maxSeverity = std::max(t.maxSeverity, static_cast<int>(st.int64(1)));
        ++t.services[st.text(2)];
        const std::string_view code = st.textView(3);
        if (!code.empty())
            ++t.errorCodes[std::string(code)];
        if (!t.trace && !st.isNull(5) && !st.isNull(6)) {
            const auto traceBytes = st.blob(5);
            const auto spanBytes = st.blob(6);
            if (traceBytes.size() == TraceId::size && spanBytes.size() == SpanId::size) {
                TraceId trace;
                SpanId span;
                std::copy(traceBytes.begin(), traceBytes.end(), trace.bytes.begin());
                std::copy(spanBytes.begin(), spanBytes.end(), span.bytes.begin());
                t.trace = trace;
                t.span = span;
            }
        }
    }
    const auto& templates = miner.templates();
    for (std::size_t i = 0; i < templates.size() && i < tallies.size(); ++i) {
        const Tally& t = tallies[i];
        LogTemplateSummary s;
        s.text = templates[i].text();
        s.count = t.count;
        s.countBeforeSplit = t.before;
        s.maxSeverity = t.maxSeverity;
        s.service = commonest(t.services);
        s.errorCode = commonest(t.errorCodes);
        s.firstNs = t.firstNs;
        s.lastNs = t.lastNs;
        s.example = t.example;
        s.exampleTrace = t.trace;
        s.exampleSpan = t.span;
        out.templates.push_back(std::move(s));
    }
    std::stable_sort(
        out.templates.begin(), out.templates.end(),
        [](const LogTemplateSummary& a, const LogTemplateSummary& b) { return a.count > b.count; });
    return out;
}

std::int64_t countTemplate(Workspace& ws, const Scope& scope, std::string_view templateText,
                           std::optional<int> minSeverity) {
    const auto wanted = templateTokens(templateText);
    ScopedQuery q("SELECT l.body FROM logs l LEFT JOIN services sv ON sv.id = l.service_id");
    LogQuery conditions;
    conditions.minSeverity = minSeverity;
    const std::string words = searchWords(templateText);
    if (!words.empty())
        conditions.search = words;
    applyLogConditions(ws.db(), q, scope, conditions);
    auto st = q.prepare(ws.db());
    std::int64_t n = 0;
    while (st.step())
        if (templateMatches(wanted, templateTokens(st.textView(0))))
            ++n;
    return n;
}

} // namespace casebook
