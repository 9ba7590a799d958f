#include "ui/traces/waterfall_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace casebook::ui::waterfall {

RowRange visibleRows(int scrollPx, int height, int rowHeight, std::size_t rowCount) {
    if (rowHeight <= 0 || height <= 0 || rowCount == 0)
        return {};
    const auto first = static_cast<std::size_t>(std::max(0, scrollPx) / rowHeight);
    const auto last =
        static_cast<std::size_t>((std::max(0, scrollPx) + height + rowHeight - 1) / rowHeight);
    return {std::min(first, rowCount), std::min(last, rowCount)};
}

std::optional<std::size_t> rowAt(int y, int scrollPx, int rowHeight, std::size_t rowCount) {
    if (rowHeight <= 0 || y < 0)
        return std::nullopt;
    const auto row = static_cast<std::size_t>((y + std::max(0, scrollPx)) / rowHeight);
    if (row >= rowCount)
        return std::nullopt;
    return row;
}

bool hitsTriangle(int x, std::uint32_t depth) {
    const int left = indentOf(depth);
    // A little slack either side: the triangle is small and the row is a click target.
    return x >= left - 3 && x < left + kTrianglePx + 3;
}

Window clampWindow(Window w, double totalNs, double minNs) {
    totalNs = std::max(totalNs, 1.0);
    minNs = std::min(minNs, totalNs);
    double length = std::clamp(w.toNs - w.fromNs, minNs, totalNs);
    double from = std::clamp(w.fromNs, 0.0, totalNs - length);
    return {from, from + length};
}

Window zoomAround(Window w, double anchorNs, double factor, double totalNs) {
    const double length = w.toNs - w.fromNs;
    const double ratio = length > 0 ? (anchorNs - w.fromNs) / length : 0.5;
    const double minNs = std::min(1000.0, totalNs);
    const double newLength = std::clamp(length * factor, minNs, std::max(totalNs, 1.0));
    const double from = anchorNs - ratio * newLength;
    return clampWindow({from, from + newLength}, totalNs, minNs);
}

Window panBy(Window w, double deltaNs, double totalNs) {
    return clampWindow({w.fromNs + deltaNs, w.toNs + deltaNs}, totalNs, w.toNs - w.fromNs);
}

double tickStep(double spanNs, double widthPx, double minSpacingPx) {
    if (spanNs <= 0 || widthPx <= 0)
        return 1;
    const double raw = spanNs * minSpacingPx / widthPx;
    double power = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
    for (;;) {
        for (double m : {1.0, 2.0, 5.0})
            if (m * power >= raw)
                return m * power;
        power *= 10;
    }
}

std::vector<double> tickTimes(const TimeAxis& axis, double minSpacingPx) {
    const double step = tickStep(axis.spanNs(), axis.width, minSpacingPx);
    std::vector<double> ticks;
    for (double t = std::ceil(axis.fromNs / step) * step; t <= axis.toNs + step * 1e-9; t += step)
        ticks.push_back(t);
    return ticks;
}

std::string tickLabel(double ns, double stepNs) {
    if (std::abs(ns) < stepNs * 1e-6)
        return "0";
    struct Unit {
        double ns;
        const char* name;
    };
    static constexpr Unit units[] = {{1e9, "s"}, {1e6, "ms"}, {1e3, "us"}, {1, "ns"}};
    const double magnitude = std::max(std::abs(ns), stepNs);
    Unit unit = units[3];
    for (const auto& u : units)
        if (magnitude >= u.ns) {
            unit = u;
            break;
        }
    // Decimals so that neighbouring ticks differ: a 500 us step in ms needs one.
    const double stepInUnit = stepNs / unit.ns;
    int decimals = 0;
    while (decimals < 6 && std::abs(stepInUnit * std::pow(10.0, decimals) -
                                    std::round(stepInUnit * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f %s", decimals, ns / unit.ns, unit.name);
    return buffer;
}

} // namespace casebook::ui::waterfall
