#pragma once
// The waterfall's geometry as plain functions: where a time falls on screen, which rows a
// scroll position shows, what a click hits, and ruler ticks in round units. Kept apart
// from painting so it can be tested without a widget.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casebook::ui::waterfall {

// A time window (ns relative to the trace start) mapped onto `width` pixels from `left`.
struct TimeAxis {
    double fromNs = 0;
    double toNs = 1;
    double left = 0;
    double width = 1;

    double xOf(double ns) const { return left + (ns - fromNs) * width / spanNs(); }
    double timeAt(double x) const { return fromNs + (x - left) * spanNs() / width; }
    double spanNs() const { return toNs > fromNs ? toNs - fromNs : 1; }
};

// Rows [first, last) that intersect a viewport of `height` pixels scrolled by `scrollPx`.
struct RowRange {
    std::size_t first = 0;
    std::size_t last = 0;
    friend bool operator==(const RowRange&, const RowRange&) = default;
};
RowRange visibleRows(int scrollPx, int height, int rowHeight, std::size_t rowCount);

// The row under viewport y, or nullopt below the last row.
std::optional<std::size_t> rowAt(int y, int scrollPx, int rowHeight, std::size_t rowCount);

// The label column: indentation and the disclosure triangle of a row at `depth`.
inline constexpr int kIndentPx = 14;
inline constexpr int kTrianglePx = 12;
inline int indentOf(std::uint32_t depth) {
    return 6 + static_cast<int>(depth) * kIndentPx;
}
bool hitsTriangle(int x, std::uint32_t depth);

// A window of `wantNs` kept inside [0, totalNs] and at least `minNs` long.
struct Window {
    double fromNs = 0;
    double toNs = 0;
};
Window clampWindow(Window w, double totalNs, double minNs = 1000);
// Zooms by `factor` (< 1 zooms in) keeping the time at `anchorNs` where it is.
Window zoomAround(Window w, double anchorNs, double factor, double totalNs);
Window panBy(Window w, double deltaNs, double totalNs);

// Ruler ticks: a step of 1, 2 or 5 times a power of ten ns so that ticks are at least
// `minSpacingPx` apart, and the tick times in the axis' window.
double tickStep(double spanNs, double widthPx, double minSpacingPx);
std::vector<double> tickTimes(const TimeAxis& axis, double minSpacingPx);
// "0", "250 us", "1.5 ms", "2 s": enough decimals to tell ticks `stepNs` apart.
std::string tickLabel(double ns, double stepNs);

} // namespace casebook::ui::waterfall
