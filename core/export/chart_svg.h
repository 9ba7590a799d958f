#pragma once
// A `chart` evidence payload (docs/case-file.md) drawn as SVG text, without the workspace
// and without Qt: the lines as polylines (the baseline dashed), threshold lines, a value
// axis at round numbers and a time axis at round UTC times, a title, the comparison in
// words and a legend. The HTML export inlines it; the PDF export rasterises the same text.

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>

namespace casebook {

struct ChartSvgSize {
    int width = 720;
    int height = 270;
};

// The colours a chart is drawn in. The exports use the light set (readable on paper);
// a dark window shows the dark set, whose background is the window's own.
struct ChartSvgColors {
    std::string background = "#ffffff";
    std::string text = "#1f2328";
    std::string muted = "#57606a";
    std::string grid = "#d8dee4";
    std::string baseline = "#6e7781";
    std::string threshold = "#cf222e";
    std::array<std::string, 6> lines = {"#0969da", "#bc4c00", "#1a7f37",
                                        "#8250df", "#bf3989", "#1b7c83"};
};

// The same roles in colours that read on a dark background of `background`.
ChartSvgColors darkChartSvgColors(std::string background = "#0d1117");

// Never throws on a malformed payload: what cannot be read is left out, and a chart with
// no points says so in its plot area. "from_ns"/"to_ns" in the payload fix the time axis.
std::string renderChartSvg(const nlohmann::json& payload, ChartSvgSize size = {},
                           const ChartSvgColors& colors = {});

// "20:00", "11-19 20:00" or "2026-11-19" for a tick at `ns` when ticks are `stepNs` apart
// and the range spans `spanNs`: the shortest UTC label that tells ticks apart.
std::string chartTimeLabel(std::int64_t ns, std::int64_t stepNs, std::int64_t spanNs);

} // namespace casebook
