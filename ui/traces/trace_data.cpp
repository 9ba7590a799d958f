#include "ui/traces/trace_data.h"

#include <algorithm>

namespace casebook::ui {

std::pair<const std::pair<SpanIndex, std::uint32_t>*, const std::pair<SpanIndex, std::uint32_t>*>
TraceData::segmentsOf(SpanIndex span) const {
    const auto range = std::equal_range(
        segmentsBySpan.begin(), segmentsBySpan.end(), std::pair<SpanIndex, std::uint32_t>{span, 0},
        [](const auto& a, const auto& b) { return a.first < b.first; });
    return {segmentsBySpan.data() + (range.first - segmentsBySpan.begin()),
            segmentsBySpan.data() + (range.second - segmentsBySpan.begin())};
}

SpanIndex TraceData::find(const SpanId& id) const {
    for (SpanIndex i = 0; i < model.size(); ++i)
        if (model.spanId(i) == id)
            return i;
    return kNoSpan;
}

std::shared_ptr<const TraceData> TraceData::build(TraceModel model) {
    auto data = std::make_shared<TraceData>();
    data->model = std::move(model);
    const TraceModel& m = data->model;
    data->path = criticalPath(m);
    data->quality = traceQuality(m);
    if (!m.empty()) {
        data->startNs = m.startNs(0);
        data->endNs = m.endNs(0);
    }
    std::vector<std::uint32_t> perService(m.strings().size(), 0);
    for (SpanIndex i = 0; i < m.size(); ++i) {
        data->startNs = std::min(data->startNs, m.startNs(i));
        data->endNs = std::max(data->endNs, std::max(m.endNs(i), m.startNs(i)));
        ++perService[m.serviceIndex(i)];
        data->errors += m.isError(i) ? 1 : 0;
    }
    for (std::uint32_t s = 0; s < perService.size(); ++s)
        if (perService[s])
            data->services.emplace_back(s, perService[s]);
    std::sort(data->services.begin(), data->services.end(), [&](const auto& a, const auto& b) {
        return m.strings()[a.first] < m.strings()[b.first];
    });

    // A difference array: +1 where a span starts, -1 after the slice it ends in.
    const double total = double(std::max<std::int64_t>(1, data->durationNs()));
    const auto binOf = [&](std::int64_t ns) {
        const double f = double(ns - data->startNs) / total;
        return std::min<std::size_t>(kDensityBins - 1,
                                     std::size_t(std::max(0.0, f) * kDensityBins));
    };
    std::vector<std::int64_t> delta(kDensityBins + 1, 0), errorDelta(kDensityBins + 1, 0);
    for (SpanIndex i = 0; i < m.size(); ++i) {
        const auto from = binOf(m.startNs(i));
        const auto to = std::max(from, binOf(m.endNs(i))) + 1;
        ++delta[from];
        --delta[to];
        if (m.isError(i)) {
            ++errorDelta[from];
            --errorDelta[to];
        }
    }
    data->density.resize(kDensityBins);
    data->errorDensity.resize(kDensityBins);
    std::int64_t running = 0, errorRunning = 0;
    for (std::size_t b = 0; b < kDensityBins; ++b) {
        running += delta[b];
        errorRunning += errorDelta[b];
        data->density[b] = std::uint32_t(std::max<std::int64_t>(0, running));
        data->errorDensity[b] = std::uint32_t(std::max<std::int64_t>(0, errorRunning));
    }

    const auto& segments = data->path.segments;
    data->segmentsBySpan.reserve(segments.size());
    for (std::uint32_t s = 0; s < segments.size(); ++s)
        data->segmentsBySpan.emplace_back(segments[s].span, s);
    std::stable_sort(data->segmentsBySpan.begin(), data->segmentsBySpan.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });

    data->initialRows = waterfallRows(m, WaterfallView{});
    return data;
}

} // namespace casebook::ui
