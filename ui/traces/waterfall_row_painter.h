#pragma once
// Paints the waterfall's rows: labels with indentation and disclosure triangles on the
// left, bars on the time axis on the right. Only the rows inside `area` are touched.

#include "core/trace/trace_search.h"
#include "core/trace/waterfall_rows.h"
#include "ui/traces/trace_data.h"
#include "ui/traces/waterfall_layout.h"

#include <optional>

class QPainter;
class QPalette;
class QRect;

namespace casebook::ui {

struct RowPaintInput {
    const TraceData* data = nullptr;
    const WaterfallRows* rows = nullptr;
    const ::casebook::WaterfallView* state = nullptr;
    const TraceMatches* matches = nullptr;
    waterfall::TimeAxis axis; // x in viewport coordinates
    int scrollPx = 0;
    int rowHeight = 22;
    int labelWidth = 340;
    std::optional<std::size_t> selectedRow;
    bool showPath = true;
};

// Returns the rows it painted.
waterfall::RowRange paintRows(QPainter& p, const QRect& area, const QPalette& palette,
                              const RowPaintInput& in);

} // namespace casebook::ui
