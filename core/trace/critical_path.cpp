#include "core/trace/critical_path.h"

#include <algorithm>

namespace casebook {
namespace {

// One span being walked back: its window on the path and where the walk has got to.
struct Frame {
    SpanIndex span;
    std::int64_t lo;
    std::int64_t cursor;
    std::size_t kidsBegin; // its children, latest end first, in the shared buffer
    std::size_t kidsNext;
};

} // namespace

std::int64_t CriticalPath::totalNs() const {
    std::int64_t total = 0;
    for (const auto& s : segments)
        total += s.toNs - s.fromNs;
    return total;
}

bool CriticalPath::contains(SpanIndex span) const {
    return std::binary_search(spans.begin(), spans.end(), span);
}

CriticalPath criticalPath(const TraceModel& model) {
    return model.empty() ? CriticalPath{} : criticalPath(model, model.mainRoot());
}

CriticalPath criticalPath(const TraceModel& m, SpanIndex root) {
    CriticalPath path;
    if (root >= m.size())
        return path;
    std::vector<SpanIndex> kids;
    std::vector<Frame> frames;
    const auto pushFrame = [&](SpanIndex span, std::int64_t lo, std::int64_t hi) {
        const std::size_t begin = kids.size();
        for (auto c = m.firstChild(span); c != kNoSpan; c = m.nextSibling(c))
            kids.push_back(c);
        std::sort(kids.begin() + static_cast<std::ptrdiff_t>(begin), kids.end(),
                  [&](SpanIndex a, SpanIndex b) {
                      if (m.endNs(a) != m.endNs(b))
                          return m.endNs(a) > m.endNs(b);
                      if (m.startNs(a) != m.startNs(b))
                          return m.startNs(a) < m.startNs(b);
                      return a < b;
                  });
        frames.push_back({span, lo, hi, begin, begin});
    };
    auto& out = path.segments; // filled backwards in time, reversed at the end
    const auto emit = [&](SpanIndex span, std::int64_t from, std::int64_t to) {
        if (to <= from)
            return;
        if (!out.empty() && out.back().span == span && out.back().fromNs == to)
            out.back().fromNs = from;
        else
            out.push_back({span, from, to});
    };

    pushFrame(root, m.startNs(root), std::max(m.endNs(root), m.startNs(root)));
    while (!frames.empty()) {
        const std::size_t top = frames.size() - 1;
        bool descended = false;
        while (frames[top].kidsNext < kids.size() && frames[top].cursor > frames[top].lo) {
            const SpanIndex c = kids[frames[top].kidsNext++];
            const Frame& f = frames[top];
            if (m.startNs(c) >= f.cursor)
                continue;
            const std::int64_t ce = std::min(m.endNs(c), f.cursor);
            if (ce <= f.lo)
                break; // the rest end even earlier
            const std::int64_t cs = std::max(m.startNs(c), f.lo);
            if (cs >= ce)
                continue;
            emit(f.span, ce, f.cursor);
            frames[top].cursor = cs;
            pushFrame(c, cs, ce);
            descended = true;
            break;
        }
        if (descended)
            continue;
        emit(frames[top].span, frames[top].lo, frames[top].cursor);
        kids.resize(frames[top].kidsBegin);
        frames.pop_back();
    }
    std::reverse(out.begin(), out.end());

    std::vector<std::int64_t> perService(m.strings().size(), 0);
    for (const auto& s : out) {
        perService[m.serviceIndex(s.span)] += s.toNs - s.fromNs;
        path.spans.push_back(s.span);
    }
    for (std::uint32_t i = 0; i < perService.size(); ++i)
        if (perService[i] > 0)
            path.byService.push_back({i, perService[i]});
    std::stable_sort(path.byService.begin(), path.byService.end(),
                     [](const auto& a, const auto& b) { return a.ns > b.ns; });
    std::sort(path.spans.begin(), path.spans.end());
    path.spans.erase(std::unique(path.spans.begin(), path.spans.end()), path.spans.end());
    return path;
}

std::optional<std::size_t> segmentAt(const CriticalPath& path, std::int64_t t) {
    const auto& s = path.segments;
    const auto it = std::upper_bound(
        s.begin(), s.end(), t, [](std::int64_t v, const auto& seg) { return v < seg.fromNs; });
    if (it == s.begin() || t >= std::prev(it)->toNs)
        return std::nullopt;
    return static_cast<std::size_t>(std::prev(it) - s.begin());
}

std::optional<std::size_t> nextSegment(const CriticalPath& path, std::int64_t t) {
    const auto& s = path.segments;
    const auto it = std::upper_bound(
        s.begin(), s.end(), t, [](std::int64_t v, const auto& seg) { return v < seg.fromNs; });
    if (it == s.end())
        return std::nullopt;
    return static_cast<std::size_t>(it - s.begin());
}

std::optional<std::size_t> previousSegment(const CriticalPath& path, std::int64_t t) {
    const auto& s = path.segments;
    const auto it = std::upper_bound(s.begin(), s.end(), t,
                                     [](std::int64_t v, const auto& seg) { return v < seg.toNs; });
    if (it == s.begin())
        return std::nullopt;
    return static_cast<std::size_t>(it - s.begin()) - 1;
}

namespace {
std::optional<std::size_t> firstSegmentOf(const CriticalPath& path, SpanIndex span) {
    if (!path.contains(span))
        return std::nullopt;
    for (std::size_t i = 0; i < path.segments.size(); ++i)
        if (path.segments[i].span == span)
            return i;
    return std::nullopt;
}
} // namespace

std::optional<std::size_t> nextSegment(const CriticalPath& path, const TraceModel& model,
                                       SpanIndex span) {
    if (const auto i = firstSegmentOf(path, span))
        return *i + 1 < path.segments.size() ? std::optional<std::size_t>(*i + 1) : std::nullopt;
    return nextSegment(path, model.startNs(span));
}

std::optional<std::size_t> previousSegment(const CriticalPath& path, const TraceModel& model,
                                           SpanIndex span) {
    if (const auto i = firstSegmentOf(path, span))
        return *i > 0 ? std::optional<std::size_t>(*i - 1) : std::nullopt;
    return previousSegment(path, model.startNs(span));
}

} // namespace casebook
