#pragma once
// What "Pin Chart Range…" pins: the lines a chart shows over the range on screen, as the
// input of a `chart` evidence (core downsamples each line to 500 points when it is made).
// The series' name and tenant are filled in from the workspace when the pin is recorded.

#include "core/analysis/analysis_ids.h"
#include "core/casefile/chart_evidence.h"
#include "ui/metrics/chart_data.h"

#include <optional>

namespace casebook::ui {

struct ChartPin {
    ChartEvidenceInput chart;
    std::optional<SeriesId> series; // a series' chart (else an SLO's)
    std::optional<SloId> slo;
};

ChartPin chartPinOf(const ChartData& data, std::int64_t fromNs, std::int64_t toNs,
                    std::optional<SeriesId> series, std::optional<SloId> slo);

} // namespace casebook::ui
