#include "core/analysis/log_candidates.h"

#include "core/query/scoped_query.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <span>

namespace casebook {
namespace {

constexpr int kWarn = 13;  // OTLP SeverityNumber WARN
constexpr int kError = 17; // ERROR
constexpr double kHourNs = 3.6e12;

std::vector<std::uint8_t> bytes(std::span<const std::uint8_t> b) {
    return {b.begin(), b.end()};
}

} // namespace

std::string exceptionTypeOf(Workspace& ws, const Scope& scope, const TraceId& trace,
                            const SpanId& span) {
    ScopedQuery q("SELECT e.attributes FROM spans s JOIN span_events e ON e.span_row = s.id");
    q.where("s.trace_id = ?",
            bytes(std::span<const std::uint8_t>(trace.bytes.data(), trace.bytes.size())));
    q.where("s.span_id = ?",
            bytes(std::span<const std::uint8_t>(span.bytes.data(), span.bytes.size())));
    q.where("e.name = 'exception'");
    q.applyScope(scope.withWindow({}), "s", "", true);
    q.append("LIMIT 1");
    auto st = q.prepare(ws.db());
    if (!st.step())
        return {};
    const auto attrs = nlohmann::json::parse(st.textView(0), nullptr, false);
    if (!attrs.is_object())
        return {};
    const auto it = attrs.find("exception.type");
    return it != attrs.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<TemplateCandidate> templatesThatJumped(Workspace& ws, const Scope& tenantScope,
                                                   const TemplateWindow& window,
                                                   std::stop_token stop) {
    std::vector<TemplateCandidate> out;
    if (window.beforeNs <= 0 || window.afterNs <= 0)
        return out;
    LogTemplateQuery query;
    query.minSeverity = kWarn;
    query.splitNs = window.onsetNs;
    query.maxRecords = 2'000'000;
    const Scope scope =
        tenantScope.withWindow({window.onsetNs - window.beforeNs, window.onsetNs + window.afterNs});
    const LogTemplateResult mined = logTemplates(ws, scope, query, stop);
    const double beforeHours = static_cast<double>(window.beforeNs) / kHourNs;
    const double afterHours = static_cast<double>(window.afterNs) / kHourNs;
    for (const LogTemplateSummary& t : mined.templates) {
        TemplateCandidate c;
        c.before = t.countBeforeSplit;
        c.after = t.count - t.countBeforeSplit;
        c.beforeHours = beforeHours;
        c.afterHours = afterHours;
        // New, or at least three times as frequent; and more than a stray line or two.
        const bool isNew = c.before == 0 && c.after >= 3;
        const bool jumped = c.after >= 5 && c.rateAfter() >= 3 * c.rateBefore();
        if (!isNew && !jumped)
            continue;
        c.logTemplate = t;
        const double ratio =
            (c.rateAfter() + 0.5 / afterHours) / (c.rateBefore() + 0.5 / beforeHours);
        // Errors say more than warnings; a clear jump and more records say more.
        const double severity = t.maxSeverity >= kError ? 1.0 : 0.5;
        c.confidence =
            std::clamp(severity * (1 - 1 / ratio) * std::min(1.0, c.after / 10.0), 0.0, 1.0);
        c.score = c.confidence * std::log10(10 + c.after);
        out.push_back(std::move(c));
    }
    std::stable_sort(
        out.begin(), out.end(),
        [](const TemplateCandidate& a, const TemplateCandidate& b) { return a.score > b.score; });
    if (out.size() > 12)
        out.resize(12);
    for (auto& c : out)
        if (c.logTemplate.exampleTrace && c.logTemplate.exampleSpan)
            c.exceptionType = exceptionTypeOf(ws, tenantScope, *c.logTemplate.exampleTrace,
                                              *c.logTemplate.exampleSpan);
    return out;
}

} // namespace casebook
