#include "core/trace/trace_model.h"

#include "core/query/scoped_query.h"
#include "core/trace/trace_model_builder.h"

#include <algorithm>
#include <numeric>

namespace casebook {
namespace {

std::uint64_t keyOf(const SpanId& id) {
    std::uint64_t k = 0;
    for (auto b : id.bytes)
        k = (k << 8) | b;
    return k;
}

template <typename T>
std::vector<T> permuted(const std::vector<T>& raw, const std::vector<std::uint32_t>& order) {
    std::vector<T> out(order.size());
    for (std::size_t pos = 0; pos < order.size(); ++pos)
        out[pos] = raw[order[pos]];
    return out;
}

template <typename T> std::size_t bytesOf(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}

std::vector<std::uint8_t> blobOf(const auto& id) {
    return std::vector<std::uint8_t>(id.bytes.begin(), id.bytes.end());
}

template <typename Id> Id idFrom(std::span<const std::uint8_t> blob) {
    Id id;
    std::copy_n(blob.begin(), std::min(blob.size(), Id::size), id.bytes.begin());
    return id;
}

} // namespace

std::uint32_t TraceModelBuilder::intern(std::string_view text) {
    if (const auto it = interned_.find(text); it != interned_.end())
        return it->second;
    const auto index = static_cast<std::uint32_t>(strings_.size());
    strings_.emplace_back(text);
    interned_.emplace(std::string(text), index);
    return index;
}

void TraceModelBuilder::reserve(std::size_t spans) {
    start_.reserve(spans);
    end_.reserve(spans);
    rowId_.reserve(spans);
    spanId_.reserve(spans);
    parentKey_.reserve(spans);
    service_.reserve(spans);
    name_.reserve(spans);
    message_.reserve(spans);
    status_.reserve(spans);
    kind_.reserve(spans);
}

void TraceModelBuilder::add(const SpanInput& span) {
    start_.push_back(span.startNs);
    end_.push_back(span.endNs);
    rowId_.push_back(span.rowId);
    spanId_.push_back(span.spanId);
    parentKey_.push_back(span.parentSpanId ? keyOf(*span.parentSpanId) : 0);
    service_.push_back(intern(span.service));
    name_.push_back(intern(span.name));
    message_.push_back(intern(span.statusMessage));
    status_.push_back(static_cast<std::uint8_t>(span.status));
    kind_.push_back(static_cast<std::uint8_t>(span.kind));
}

TraceModel TraceModelBuilder::build() {
    const auto n = static_cast<std::uint32_t>(start_.size());
    std::vector<std::uint8_t> flags(n, 0);
    for (std::uint32_t r = 0; r < n; ++r) {
        if (status_[r] == 2)
            flags[r] |= kSpanError;
        if (end_[r] < start_[r])
            flags[r] |= kSpanEndBeforeStart;
    }

    // Id lookup by sorting rather than hashing: the sorted run also shows duplicates,
    // and a stable order makes the first arrival the one children attach to.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> byId(n);
    for (std::uint32_t r = 0; r < n; ++r)
        byId[r] = {keyOf(spanId_[r]), r};
    std::sort(byId.begin(), byId.end());
    for (std::uint32_t i = 1; i < n; ++i)
        if (byId[i].first == byId[i - 1].first) {
            flags[byId[i].second] |= kSpanDuplicateId;
            flags[byId[i - 1].second] |= kSpanDuplicateId;
        }

    std::vector<std::uint32_t> parentRaw(n, kNoSpan);
    for (std::uint32_t r = 0; r < n; ++r) {
        if (parentKey_[r] == 0)
            continue;
        const auto it = std::lower_bound(byId.begin(), byId.end(),
                                         std::pair<std::uint64_t, std::uint32_t>{parentKey_[r], 0});
        if (it == byId.end() || it->first != parentKey_[r])
            flags[r] |= kSpanOrphan;
        else if (it->second == r)
            flags[r] |= kSpanCycle;
        else
            parentRaw[r] = it->second;
    }
    byId = {};

    // Children as CSR arrays, each list in start order.
    std::vector<std::uint32_t> offsets(n + 3, 0), kids(n);
    for (std::uint32_t r = 0; r < n; ++r)
        ++offsets[(parentRaw[r] == kNoSpan ? n : parentRaw[r]) + 2];
    for (std::uint32_t i = 2; i < n + 3; ++i)
        offsets[i] += offsets[i - 1];
    for (std::uint32_t r = 0; r < n; ++r)
        kids[offsets[(parentRaw[r] == kNoSpan ? n : parentRaw[r]) + 1]++] = r;
    // offsets[p]..offsets[p+1] are p's children; offsets[n]..offsets[n+1] the roots.
    const auto byStart = [&](std::uint32_t a, std::uint32_t b) {
        return start_[a] != start_[b] ? start_[a] < start_[b] : a < b;
    };
    for (std::uint32_t p = 0; p <= n; ++p)
        if (offsets[p + 1] - offsets[p] > 1)
            std::sort(kids.begin() + offsets[p], kids.begin() + offsets[p + 1], byStart);

    // Depth-first order with an explicit stack; children pushed in reverse start order.
    std::vector<std::uint32_t> order;
    order.reserve(n);
    std::vector<std::uint32_t> depthRaw(n, 0);
    std::vector<std::uint8_t> seen(n, 0);
    std::vector<std::uint32_t> stack;
    std::vector<std::uint32_t> rootsRaw(kids.begin() + offsets[n], kids.begin() + offsets[n + 1]);
    const auto walkFrom = [&](std::uint32_t root) {
        seen[root] = 1;
        stack.push_back(root);
        while (!stack.empty()) {
            const auto r = stack.back();
            stack.pop_back();
            order.push_back(r);
            for (auto k = offsets[r + 1]; k-- > offsets[r];) {
                const auto c = kids[k];
                if (seen[c])
                    continue;
                seen[c] = 1;
                depthRaw[c] = depthRaw[r] + 1;
                stack.push_back(c);
            }
        }
    };
    for (auto r : rootsRaw)
        walkFrom(r);
    // What is left hangs off a parent loop. Cut each loop at the member reached first
    // when climbing from the earliest leftover span, so nothing is dropped.
    if (order.size() < n) {
        std::vector<std::uint32_t> stamp(n, 0);
        for (std::uint32_t r = 0; r < n; ++r) {
            if (seen[r])
                continue;
            auto c = r;
            // An unseen span's ancestors are all unseen, so the climb ends on the loop.
            while (stamp[c] != r + 1) {
                stamp[c] = r + 1;
                c = parentRaw[c];
            }
            flags[c] |= kSpanCycle;
            parentRaw[c] = kNoSpan;
            depthRaw[c] = 0;
            rootsRaw.push_back(c);
            walkFrom(c);
        }
    }

    TraceModel m;
    m.traceId_ = traceId_;
    std::vector<std::uint32_t> posOf(n);
    for (std::uint32_t pos = 0; pos < n; ++pos)
        posOf[order[pos]] = pos;
    m.start_ = permuted(start_, order);
    m.end_ = permuted(end_, order);
    m.rowId_ = permuted(rowId_, order);
    m.spanId_ = permuted(spanId_, order);
    m.service_ = permuted(service_, order);
    m.name_ = permuted(name_, order);
    m.message_ = permuted(message_, order);
    m.status_ = permuted(status_, order);
    m.kind_ = permuted(kind_, order);
    m.flags_ = permuted(flags, order);
    m.depth_ = permuted(depthRaw, order);
    m.parent_.resize(n);
    for (std::uint32_t pos = 0; pos < n; ++pos) {
        const auto p = parentRaw[order[pos]];
        m.parent_[pos] = p == kNoSpan ? kNoSpan : posOf[p];
    }
    m.subtreeEnd_.assign(n, 1);
    for (std::uint32_t pos = n; pos-- > 0;)
        if (m.parent_[pos] != kNoSpan)
            m.subtreeEnd_[m.parent_[pos]] += m.subtreeEnd_[pos];
    for (std::uint32_t pos = 0; pos < n; ++pos)
        m.subtreeEnd_[pos] += pos;
    for (auto r : rootsRaw)
        m.roots_.push_back(posOf[r]);

    // Clock skew and self time need a span's children, which follow it in order.
    m.self_.resize(n);
    for (std::uint32_t p = 0; p < n; ++p) {
        const std::int64_t s = m.start_[p], e = std::max(m.end_[p], s);
        std::int64_t covered = 0, cursor = s;
        for (auto c = m.firstChild(p); c != kNoSpan; c = m.nextSibling(c)) {
            if (m.start_[c] < s)
                m.flags_[c] |= kSpanStartsBeforeParent;
            if (m.end_[c] > m.end_[p])
                m.flags_[c] |= kSpanEndsAfterParent;
            const std::int64_t cs = std::max(m.start_[c], cursor);
            const std::int64_t ce = std::min(m.end_[c], e);
            if (ce > cs) {
                covered += ce - cs;
                cursor = ce;
            }
        }
        m.self_[p] = (e - s) - covered;
    }
    for (auto r : m.roots_)
        if (m.mainRoot_ == kNoSpan || m.durationNs(r) > m.durationNs(m.mainRoot_))
            m.mainRoot_ = r;
    m.strings_ = std::move(strings_);
    return m;
}

TraceModel TraceModel::fromSpans(const std::vector<SpanInput>& spans, TraceId traceId) {
    TraceModelBuilder builder(traceId);
    builder.reserve(spans.size());
    for (const auto& s : spans)
        builder.add(s);
    return builder.build();
}

TraceModel TraceModel::load(Workspace& ws, const Scope& scope, const TraceId& traceId) {
    ScopedQuery q("SELECT s.id, s.span_id, s.parent_span_id, coalesce(sv.name, ''), s.name, "
                  "s.kind, s.status_code, coalesce(s.status_message, ''), s.start_ns, s.end_ns "
                  "FROM spans s LEFT JOIN services sv ON sv.id = s.service_id");
    q.where("s.trace_id = ?", blobOf(traceId));
    // A trace is shown whole: the time window picks traces, it does not cut them.
    q.applyScope(scope.withWindow({}), "s", "");
    q.append("ORDER BY s.id");
    auto st = q.prepare(ws.db());
    TraceModelBuilder builder(traceId);
    SpanInput in;
    while (st.step()) {
        in.rowId = st.int64(0);
        in.spanId = idFrom<SpanId>(st.blob(1));
        in.parentSpanId.reset();
        if (!st.isNull(2))
            in.parentSpanId = idFrom<SpanId>(st.blob(2));
        in.service = st.textView(3);
        in.name = st.textView(4);
        in.kind = static_cast<int>(st.int64(5));
        in.status = static_cast<int>(st.int64(6));
        in.statusMessage = st.textView(7);
        in.startNs = st.int64(8);
        in.endNs = st.int64(9);
        builder.add(in);
    }
    return builder.build();
}

std::size_t TraceModel::memoryBytes() const {
    std::size_t bytes = bytesOf(start_) + bytesOf(end_) + bytesOf(self_) + bytesOf(parent_) +
                        bytesOf(subtreeEnd_) + bytesOf(depth_) + bytesOf(service_) +
                        bytesOf(name_) + bytesOf(message_) + bytesOf(status_) + bytesOf(kind_) +
                        bytesOf(flags_) + bytesOf(spanId_) + bytesOf(rowId_) + bytesOf(roots_) +
                        bytesOf(strings_);
    for (const auto& s : strings_)
        if (s.capacity() > 15)
            bytes += s.capacity() + 1;
    return bytes;
}

std::optional<SpanDetails> spanDetails(Workspace& ws, const Scope& scope, const TraceId& traceId,
                                       const SpanId& spanId) {
    ScopedQuery q("SELECT s.id, s.attributes, coalesce(r.attributes, '{}'), "
                  "coalesce(s.status_message, '') FROM spans s "
                  "LEFT JOIN resources r ON r.id = s.resource_id");
    q.where("s.trace_id = ?", blobOf(traceId));
    q.where("s.span_id = ?", blobOf(spanId));
    q.applyScope(scope.withWindow({}), "s", "");
    q.append("ORDER BY s.id LIMIT 1");
    auto st = q.prepare(ws.db());
    if (!st.step())
        return std::nullopt;
    const std::int64_t row = st.int64(0);
    SpanDetails d;
    d.attributesJson = st.text(1);
    d.resourceAttributesJson = st.text(2);
    d.statusMessage = st.text(3);

    ScopedQuery events("SELECT e.time_ns, e.name, e.attributes FROM span_events e");
    events.where("e.span_row = ?", row);
    events.applyScope(scope.withWindow({}), "e", "");
    events.append("ORDER BY e.time_ns, e.id");
    auto es = events.prepare(ws.db());
    while (es.step())
        d.events.push_back({es.int64(0), es.text(1), es.text(2)});

    ScopedQuery links("SELECT l.linked_trace_id, l.linked_span_id, coalesce(l.trace_state, ''), "
                      "l.attributes FROM span_links l");
    links.where("l.span_row = ?", row);
    links.applyScope(scope.withWindow({}), "l", "");
    links.append("ORDER BY l.id");
    auto ls = links.prepare(ws.db());
    while (ls.step())
        d.links.push_back(
            {idFrom<TraceId>(ls.blob(0)), idFrom<SpanId>(ls.blob(1)), ls.text(2), ls.text(3)});
    return d;
}

} // namespace casebook
