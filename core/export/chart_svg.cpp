#include "core/export/chart_svg.h"
#include "core/util/plain_text.h"

#include "core/util/time_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

namespace casebook {
namespace {

constexpr std::int64_t kSecond = 1000000000LL;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

std::string esc(const std::string& s) {
    return xmlEscape(s);
}

std::string str(const nlohmann::json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string())
        return {};
    return j[key].get<std::string>();
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

struct Point {
    std::int64_t t = 0;
    double v = 0;
};

struct Line {
    std::string label;
    bool dashed = false;
    std::vector<Point> points;
};

struct Threshold {
    double value = 0;
    std::string label;
};

std::vector<Line> readLines(const nlohmann::json& payload) {
    std::vector<Line> lines;
    if (!payload.contains("lines") || !payload["lines"].is_array())
        return lines;
    for (const auto& l : payload["lines"]) {
        if (!l.is_object())
            continue;
        Line line;
        line.label = str(l, "label");
        line.dashed = l.contains("dashed") && l["dashed"].is_boolean() && l["dashed"].get<bool>();
        if (l.contains("points") && l["points"].is_array())
            for (const auto& p : l["points"])
                if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number()) {
                    const double v = p[1].get<double>();
                    if (std::isfinite(v))
                        line.points.push_back({p[0].get<std::int64_t>(), v});
                }
        lines.push_back(std::move(line));
    }
    return lines;
}

std::vector<Threshold> readThresholds(const nlohmann::json& payload) {
    std::vector<Threshold> out;
    if (!payload.contains("thresholds") || !payload["thresholds"].is_array())
        return out;
    for (const auto& t : payload["thresholds"])
        if (t.is_object() && t.contains("value") && t["value"].is_number())
            out.push_back({t["value"].get<double>(), str(t, "label")});
    return out;
}

// 1, 2 or 5 times a power of ten, so that [lo, hi] gets about `ticks` steps.
double niceStep(double span, int ticks) {
    if (!(span > 0))
        return 1;
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * power >= raw)
            return m * power;
    return 10 * power;
}

std::string valueLabel(double v, double step) {
    char buf[32];
    const double a = std::fabs(v);
    if (a >= 1e9)
        std::snprintf(buf, sizeof buf, "%gG", v / 1e9);
    else if (a >= 1e6)
        std::snprintf(buf, sizeof buf, "%gM", v / 1e6);
    else if (a >= 1e4)
        std::snprintf(buf, sizeof buf, "%gk", v / 1e3);
    else {
        const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
        std::snprintf(buf, sizeof buf, "%.*f", std::min(decimals, 6), v);
    }
    return buf;
}

std::int64_t timeStep(std::int64_t span, int maxTicks) {
    static constexpr std::int64_t steps[] = {
        kSecond,     5 * kSecond,  15 * kSecond, 30 * kSecond, kMinute,  2 * kMinute,
        5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute, kHour,    2 * kHour,
        3 * kHour,   6 * kHour,    12 * kHour,   kDay,         2 * kDay, 7 * kDay,
        14 * kDay,   30 * kDay,    90 * kDay,    365 * kDay};
    for (std::int64_t s : steps)
        if (span / s <= maxTicks)
            return s;
    return std::max<std::int64_t>(span / maxTicks, 1);
}

std::int64_t floorTo(std::int64_t ns, std::int64_t step) {
    const std::int64_t q = ns / step;
    return (ns % step != 0 && ns < 0 ? q - 1 : q) * step;
}

} // namespace

ChartSvgColors darkChartSvgColors(std::string background) {
    ChartSvgColors c;
    c.background = std::move(background);
    c.text = "#e6edf3";
    c.muted = "#9198a1";
    c.grid = "#30363d";
    c.baseline = "#9198a1";
    c.threshold = "#f85149";
    c.lines = {"#4493f8", "#f0883e", "#3fb950", "#ab7df8", "#f778ba", "#39c5cf"};
    return c;
}

std::string chartTimeLabel(std::int64_t ns, std::int64_t stepNs, std::int64_t spanNs) {
    const std::string t = formatRfc3339(ns); // 2026-11-19T20:00:05Z (maybe with fraction)
    if (t.size() < 19)
        return t;
    const std::string date = t.substr(0, 10), monthDay = t.substr(5, 5);
    const std::string hm = t.substr(11, 5), hms = t.substr(11, 8);
    if (stepNs >= kDay)
        return date;
    const std::string clock = stepNs < kMinute ? hms : hm;
    if (spanNs >= kDay || t.compare(11, 8, "00:00:00") == 0)
        return monthDay + " " + clock;
    return clock;
}

std::string renderChartSvg(const nlohmann::json& payload, ChartSvgSize size,
                           const ChartSvgColors& colors) {
    const std::vector<Line> lines = readLines(payload);
    const std::vector<Threshold> thresholds = readThresholds(payload);
    const std::string title = str(payload, "title");
    const std::string unit = str(payload, "unit");
    const std::string comparison = str(payload, "comparison");

    const double w = size.width, h = size.height;
    const double left = 58, right = 20, top = 46, bottom = 58;
    const double plotW = std::max(10.0, w - left - right), plotH = std::max(10.0, h - top - bottom);

    // The ranges: every point and threshold, and the evidence's own range when given.
    std::int64_t t0 = std::numeric_limits<std::int64_t>::max(),
                 t1 = std::numeric_limits<std::int64_t>::min();
    double v0 = std::numeric_limits<double>::infinity(), v1 = -v0;
    for (const auto& l : lines)
        for (const auto& p : l.points) {
            t0 = std::min(t0, p.t);
            t1 = std::max(t1, p.t);
            v0 = std::min(v0, p.v);
            v1 = std::max(v1, p.v);
        }
    const bool empty = t0 > t1;
    if (payload.contains("from_ns") && payload["from_ns"].is_number_integer())
        t0 = payload["from_ns"].get<std::int64_t>();
    if (payload.contains("to_ns") && payload["to_ns"].is_number_integer())
        t1 = payload["to_ns"].get<std::int64_t>();
    for (const auto& t : thresholds) {
        v0 = std::min(v0, t.value);
        v1 = std::max(v1, t.value);
    }
    if (t0 >= t1) {
        t1 = (t0 == std::numeric_limits<std::int64_t>::max() ? 0 : t0) + kHour;
        t0 = t1 - kHour;
    }
    if (!std::isfinite(v0)) {
        v0 = 0;
        v1 = 1;
    }
    if (v0 > 0 && v0 < v1 * 0.5)
        v0 = 0; // start at zero unless the lines sit far above it
    if (v1 - v0 < 1e-12) {
        const double pad = std::max(std::fabs(v1) * 0.1, 1.0);
        v0 -= pad;
        v1 += pad;
    }
    const double vStep = niceStep(v1 - v0, 4);
    const double vLo = std::floor(v0 / vStep) * vStep, vHi = std::ceil(v1 / vStep) * vStep;

    auto x = [&](std::int64_t t) {
        return left + plotW * static_cast<double>(t - t0) / static_cast<double>(t1 - t0);
    };
    auto y = [&](double v) { return top + plotH * (1 - (v - vLo) / (vHi - vLo)); };

    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << size.width
      << "\" height=\"" << size.height << "\" viewBox=\"0 0 " << size.width << ' ' << size.height
      << "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\" role=\"img\">\n";
    s << "<title>" << esc(title) << "</title>\n";
    s << "<rect width=\"" << size.width << "\" height=\"" << size.height << "\" fill=\""
      << esc(colors.background) << "\"/>\n";
    s << "<text x=\"" << num(left) << "\" y=\"17\" font-size=\"13\" font-weight=\"bold\" fill=\""
      << colors.text << "\">" << esc(title) << "</text>\n";
    if (!comparison.empty())
        s << "<text x=\"" << num(left) << "\" y=\"33\" fill=\"" << colors.muted << "\">"
          << esc(comparison) << "</text>\n";
    if (!unit.empty())
        s << "<text x=\"" << num(w - right) << "\" y=\"33\" text-anchor=\"end\" fill=\""
          << colors.muted << "\">" << esc(unit) << "</text>\n";

    // Value grid and labels.
    s << "<g class=\"value-axis\" stroke=\"" << colors.grid << "\" stroke-width=\"1\">\n";
    const int vTicks = static_cast<int>(std::lround((vHi - vLo) / vStep));
    for (int i = 0; i <= vTicks; ++i) {
        const double v = vLo + i * vStep;
        s << "<line x1=\"" << num(left) << "\" x2=\"" << num(left + plotW) << "\" y1=\""
          << num(y(v)) << "\" y2=\"" << num(y(v)) << "\"/>";
        s << "<text x=\"" << num(left - 6) << "\" y=\"" << num(y(v) + 4)
          << "\" text-anchor=\"end\" stroke=\"none\" fill=\"" << colors.muted << "\">"
          << esc(valueLabel(v, vStep)) << "</text>\n";
    }
    s << "</g>\n";

    // Time axis at round UTC times.
    const std::int64_t span = t1 - t0;
    const std::int64_t tStep = timeStep(span, std::max(2, static_cast<int>(plotW / 110)));
    s << "<g class=\"time-axis\" stroke=\"" << colors.muted << "\" stroke-width=\"1\">\n";
    s << "<line x1=\"" << num(left) << "\" x2=\"" << num(left + plotW) << "\" y1=\""
      << num(top + plotH) << "\" y2=\"" << num(top + plotH) << "\"/>\n";
    for (std::int64_t t = floorTo(t0, tStep); t <= t1; t += tStep) {
        if (t < t0)
            continue;
        const double tx = x(t);
        s << "<line x1=\"" << num(tx) << "\" x2=\"" << num(tx) << "\" y1=\"" << num(top + plotH)
          << "\" y2=\"" << num(top + plotH + 4) << "\"/>";
        // Labels at the plot's ends stay inside the picture.
        const char* anchor = tx > left + plotW - 34 ? "end" : tx < left + 34 ? "start" : "middle";
        s << "<text x=\"" << num(tx) << "\" y=\"" << num(top + plotH + 16) << "\" text-anchor=\""
          << anchor << "\" stroke=\"none\" fill=\"" << colors.muted << "\">"
          << esc(chartTimeLabel(t, tStep, span)) << "</text>\n";
    }
    s << "<text x=\"" << num(left + plotW) << "\" y=\"" << num(h - 10)
      << "\" text-anchor=\"end\" stroke=\"none\" fill=\"" << colors.muted
      << "\">times in UTC</text>\n";
    s << "</g>\n";

    // Thresholds: dashed red with the label over the line's right end.
    for (const auto& t : thresholds) {
        s << "<g class=\"threshold\"><line x1=\"" << num(left) << "\" x2=\"" << num(left + plotW)
          << "\" y1=\"" << num(y(t.value)) << "\" y2=\"" << num(y(t.value)) << "\" stroke=\""
          << colors.threshold << "\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>";
        if (!t.label.empty())
            s << "<text x=\"" << num(left + plotW - 4) << "\" y=\"" << num(y(t.value) - 4)
              << "\" text-anchor=\"end\" fill=\"" << colors.threshold << "\">" << esc(t.label)
              << "</text>";
        s << "</g>\n";
    }

    // Lines, baselines first so that the current lines lie on top.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].dashed)
            order.push_back(i);
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (!lines[i].dashed)
            order.push_back(i);
    auto colorOf = [&](std::size_t i) {
        if (lines[i].dashed)
            return colors.baseline;
        std::size_t n = 0;
        for (std::size_t j = 0; j < i; ++j)
            n += lines[j].dashed ? 0 : 1;
        return colors.lines[n % colors.lines.size()];
    };
    for (std::size_t i : order) {
        const Line& l = lines[i];
        if (l.points.empty())
            continue;
        s << "<polyline class=\"" << (l.dashed ? "baseline" : "line")
          << "\" fill=\"none\" stroke=\"" << colorOf(i) << "\" stroke-width=\""
          << (l.dashed ? "1.2" : "1.6") << "\" stroke-linejoin=\"round\""
          << (l.dashed ? " stroke-dasharray=\"5 4\"" : "") << " points=\"";
        for (std::size_t p = 0; p < l.points.size(); ++p) {
            const auto& pt = l.points[p];
            if (pt.t < t0 || pt.t > t1)
                continue;
            s << (p ? " " : "") << num(x(pt.t)) << ',' << num(y(pt.v));
        }
        s << "\"/>\n";
    }
    if (empty)
        s << "<text x=\"" << num(left + plotW / 2) << "\" y=\"" << num(top + plotH / 2)
          << "\" text-anchor=\"middle\" fill=\"" << colors.muted
          << "\">No points in this range</text>\n";

    // Legend under the time labels.
    double lx = left;
    const double ly = h - 10;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string color = colorOf(i);
        const std::string label =
            lines[i].label.empty() ? "line " + std::to_string(i + 1) : lines[i].label;
        s << "<g class=\"legend\"><line x1=\"" << num(lx) << "\" x2=\"" << num(lx + 18)
          << "\" y1=\"" << num(ly - 4) << "\" y2=\"" << num(ly - 4) << "\" stroke=\"" << color
          << "\" stroke-width=\"2\"" << (lines[i].dashed ? " stroke-dasharray=\"5 4\"" : "")
          << "/><text x=\"" << num(lx + 23) << "\" y=\"" << num(ly) << "\" fill=\"" << colors.text
          << "\">" << esc(label) << "</text></g>\n";
        lx += 23 + 6.5 * static_cast<double>(label.size()) + 18;
    }
    s << "</svg>\n";
    return s.str();
}

} // namespace casebook
