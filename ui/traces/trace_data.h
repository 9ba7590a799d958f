#pragma once
// One loaded trace with everything the waterfall derives from it once: the critical
// path, the data-quality findings, the minimap's span density and the first rows. Built
// in a job off the GUI thread and then shared read-only by the view and the panes.

#include "core/trace/critical_path.h"
#include "core/trace/trace_model.h"
#include "core/trace/trace_quality.h"
#include "core/trace/waterfall_rows.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace casebook::ui {

struct TraceData {
    TraceModel model;
    CriticalPath path;
    TraceQuality quality;
    std::int64_t startNs = 0; // earliest span start: the ruler's zero
    std::int64_t endNs = 0;   // latest span end
    // Service string indexes of the trace, sorted by name, with their span counts.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> services;
    std::uint32_t errors = 0;
    // Spans running in each of kDensityBins equal slices of [startNs, endNs].
    static constexpr std::size_t kDensityBins = 1024;
    std::vector<std::uint32_t> density, errorDensity;
    // (span, segment index) sorted by span: a span's critical segments by binary search.
    std::vector<std::pair<SpanIndex, std::uint32_t>> segmentsBySpan;
    // waterfallRows() for a fresh view, so a large trace opens without a second pass.
    WaterfallRows initialRows;

    std::int64_t durationNs() const { return endNs > startNs ? endNs - startNs : 0; }
    // The critical segments of `span`, as indexes into path.segments.
    std::pair<const std::pair<SpanIndex, std::uint32_t>*,
              const std::pair<SpanIndex, std::uint32_t>*>
    segmentsOf(SpanIndex span) const;
    // The span with this id (the first one when ids repeat), or kNoSpan.
    SpanIndex find(const SpanId& id) const;

    static std::shared_ptr<const TraceData> build(TraceModel model);
};

} // namespace casebook::ui
