#include "core/trace/trace_search.h"

#include <algorithm>
#include <unordered_set>

namespace casebook {
namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool containsFolded(std::string_view haystack, std::string_view needleLower) {
    if (needleLower.size() > haystack.size())
        return false;
    const auto it = std::search(haystack.begin(), haystack.end(), needleLower.begin(),
                                needleLower.end(), [](char h, char n) { return lower(h) == n; });
    return it != haystack.end();
}

} // namespace

bool TraceMatches::anyIn(SpanIndex from, SpanIndex to) const {
    const auto it = std::lower_bound(spans_.begin(), spans_.end(), from);
    return it != spans_.end() && *it < to;
}

TraceMatches TraceMatches::fromSpans(const TraceModel& model, std::vector<SpanIndex> spans) {
    const auto n = static_cast<SpanIndex>(model.size());
    std::erase_if(spans, [n](SpanIndex i) { return i >= n; });
    std::sort(spans.begin(), spans.end());
    spans.erase(std::unique(spans.begin(), spans.end()), spans.end());
    TraceMatches m;
    m.active_ = true;
    m.marks_.assign(n, 0);
    for (auto i : spans)
        m.marks_[i] |= kMatch;
    // Children follow their parent in tree order, so one backward pass marks ancestors.
    for (SpanIndex i = n; i-- > 0;)
        if (m.marks_[i] != 0 && model.parent(i) != kNoSpan)
            m.marks_[model.parent(i)] |= kKeptBelow;
    m.spans_ = std::move(spans);
    return m;
}

TraceMatches searchTrace(const TraceModel& model, std::string_view text) {
    if (text.empty())
        return {};
    std::string needle(text);
    std::transform(needle.begin(), needle.end(), needle.begin(), lower);
    // Strings are interned, so each distinct text is tested once.
    const auto& strings = model.strings();
    std::vector<std::uint8_t> hit(strings.size());
    for (std::size_t s = 0; s < strings.size(); ++s)
        hit[s] = containsFolded(strings[s], needle) ? 1 : 0;
    std::vector<SpanIndex> spans;
    const auto n = static_cast<SpanIndex>(model.size());
    for (SpanIndex i = 0; i < n; ++i)
        if (hit[model.serviceIndex(i)] || hit[model.nameIndex(i)] ||
            hit[model.statusMessageIndex(i)])
            spans.push_back(i);
    return TraceMatches::fromSpans(model, std::move(spans));
}

TraceMatches matchesFromRowIds(const TraceModel& model, const std::vector<std::int64_t>& rowIds) {
    const std::unordered_set<std::int64_t> wanted(rowIds.begin(), rowIds.end());
    std::vector<SpanIndex> spans;
    const auto n = static_cast<SpanIndex>(model.size());
    for (SpanIndex i = 0; i < n; ++i)
        if (wanted.contains(model.rowId(i)))
            spans.push_back(i);
    return TraceMatches::fromSpans(model, std::move(spans));
}

TraceMatches intersect(const TraceModel& model, const TraceMatches& a, const TraceMatches& b) {
    if (!a.active())
        return b;
    if (!b.active())
        return a;
    std::vector<SpanIndex> both;
    std::set_intersection(a.spans().begin(), a.spans().end(), b.spans().begin(), b.spans().end(),
                          std::back_inserter(both));
    return TraceMatches::fromSpans(model, std::move(both));
}

std::optional<SpanIndex> nextMatch(const TraceMatches& matches, SpanIndex from) {
    const auto& s = matches.spans();
    const auto it = from == kNoSpan ? s.begin() : std::upper_bound(s.begin(), s.end(), from);
    if (it == s.end())
        return std::nullopt;
    return *it;
}

std::optional<SpanIndex> previousMatch(const TraceMatches& matches, SpanIndex from) {
    const auto& s = matches.spans();
    const auto it = from == kNoSpan ? s.end() : std::lower_bound(s.begin(), s.end(), from);
    if (it == s.begin())
        return std::nullopt;
    return *std::prev(it);
}

} // namespace casebook
