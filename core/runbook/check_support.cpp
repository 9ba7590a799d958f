#include "core/runbook/check_support.h"

#include "core/util/time_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace casebook {

Scope windowedScope(const Scope& scope, const CheckParameters& parameters) {
    TimeWindow window = scope.window();
    if (auto from = parameters.get("from")) {
        const auto t = parseRfc3339(*from);
        if (!t)
            throw std::runtime_error("from: not an RFC 3339 time: " + *from);
        window.fromNs = window.fromNs ? std::max(*window.fromNs, *t) : *t;
    }
    if (auto to = parameters.get("to")) {
        const auto t = parseRfc3339(*to);
        if (!t)
            throw std::runtime_error("to: not an RFC 3339 time: " + *to);
        window.toNs = window.toNs ? std::min(*window.toNs, *t) : *t;
    }
    return scope.withWindow(window);
}

std::optional<CheckParameterError> validateWindow(const CheckParameters& parameters) {
    std::optional<std::int64_t> from, to;
    for (const char* key : {"from", "to"}) {
        if (auto v = parameters.get(key)) {
            const auto t = parseRfc3339(*v);
            if (!t)
                return CheckParameterError{
                    key, std::string(key) + " is a time like 2026-11-20T09:00Z, not '" + *v + "'"};
            (std::string_view(key) == "from" ? from : to) = t;
        }
    }
    if (from && to && *to <= *from)
        return CheckParameterError{"to", "the window ends ('to') before it starts ('from')"};
    return std::nullopt;
}

std::map<std::string, std::int64_t> countByTenant(Database& db, const ScopedQuery& query,
                                                  std::vector<std::int64_t>& sums) {
    auto st = query.prepare(db);
    std::map<std::string, std::int64_t> byTenant;
    const int counts = st.columnCount() - 1;
    sums.assign(static_cast<std::size_t>(std::max(counts, 0)), 0);
    while (st.step()) {
        byTenant[st.text(0)] += st.int64(1);
        for (int c = 0; c < counts; ++c)
            sums[static_cast<std::size_t>(c)] += st.int64(c + 1);
    }
    return byTenant;
}

std::optional<FilterTarget> filterTargetFromName(std::string_view name) {
    if (name == "spans")
        return FilterTarget::Spans;
    if (name == "traces")
        return FilterTarget::Traces;
    if (name == "logs")
        return FilterTarget::Logs;
    return std::nullopt;
}

TargetTable targetTable(FilterTarget target) {
    switch (target) {
    case FilterTarget::Spans:
        return {"spans s", "s", "start_ns", "spans"};
    case FilterTarget::Traces:
        return {"traces t", "t", "start_ns", "traces"};
    case FilterTarget::Logs:
        break;
    }
    return {"logs l", "l", "time_ns", "log records"};
}

std::optional<CheckParameterError> validateFilterKey(const CheckParameters& p, const char* key) {
    const auto target = filterTargetFromName(p.value("target"));
    if (!target)
        return CheckParameterError{"target", "target is spans, traces or logs, not '" +
                                                 p.value("target") + "'"};
    const std::string text = p.value(key);
    const auto compiled = compileFilter(text, *target);
    if (!compiled.ok())
        return CheckParameterError{key, "bad filter: " + compiled.error->message + "\n" +
                                            filterErrorCaret(text, *compiled.error)};
    return std::nullopt;
}

CompiledFilter compiledFilter(const CheckParameters& p, const char* key, FilterTarget target) {
    auto compiled = compileFilter(p.value(key), target);
    if (!compiled.ok())
        throw std::runtime_error(std::string(key) + ": bad filter: " + compiled.error->message);
    return std::move(compiled.filter);
}

std::string groupedCount(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out.push_back(',');
        out.push_back(digits[i]);
    }
    return value < 0 ? "-" + out : out;
}

std::string inQuotes(std::string_view text) {
    return "'" + std::string(text) + "'";
}

std::string formatValue(double value) {
    if (!std::isfinite(value))
        return "n/a";
    if (std::abs(value) >= 100 || value == std::round(value))
        return groupedCount(std::llround(value));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3g", value);
    return buffer;
}

std::string ftsTerms(std::string_view text) {
    std::string out, word;
    auto flush = [&] {
        if (word.empty())
            return;
        out += out.empty() ? "\"" : " \"";
        for (char c : word)
            out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += '"';
        word.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n')
            flush();
        else
            word += c;
    }
    flush();
    return out;
}

CheckRange checkRange(const Scope& windowed, const CheckParameters& p, std::int64_t dataEndNs,
                      std::int64_t fallbackNs) {
    const TimeWindow& w = windowed.window();
    CheckRange range;
    range.toNs = w.toNs ? *w.toNs : dataEndNs;
    std::int64_t last = fallbackNs;
    if (auto text = p.get("last")) {
        const auto d = parseDuration(*text);
        if (!d || *d <= 0)
            throw std::runtime_error("last: not a duration: " + *text);
        last = *d;
    }
    range.fromNs = w.fromNs && !p.has("last") ? *w.fromNs : range.toNs - last;
    if (w.fromNs)
        range.fromNs = std::max(range.fromNs, *w.fromNs);
    return range;
}

} // namespace casebook
