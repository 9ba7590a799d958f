#include "core/analysis/metric_sense.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace casebook {
namespace {

bool containsAny(const std::string& text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return text.find(w) != std::string::npos; });
}

bool isTimeUnit(const std::string& unit) {
    static constexpr std::array<std::string_view, 7> units = {"s",   "ms", "us", "ns",
                                                              "min", "h",  "d"};
    return std::find(units.begin(), units.end(), unit) != units.end();
}

} // namespace

MetricSense metricSense(const SeriesInfo& series, SeriesView view) {
    std::string name = series.name;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Words that say "bad thing" win over everything else: "leads.without_owner" is a
    // count of failures even though it counts leads.
    if (containsAny(name,
                    {"error",   "fail",     "reject",    "retr",        "timeout",     "duplicate",
                     "drop",    "denied",   "throttl",   "fallback",    "without",     "orphan",
                     "stale",   "evict",    "backlog",   "overdue",     "unavailable", "lag",
                     "latency", "duration", "freshness", "age_seconds", ".age",        "queue",
                     "depth",   "pending",  "5xx",       "exception",   "panic",       "crash",
                     "miss"}))
        return MetricSense::UpIsBad;
    if (isQuantileView(view) || isTimeUnit(series.unit))
        return MetricSense::UpIsBad; // a time: latency or age
    if (containsAny(name, {"success",    "submitted", "session",   "conversion", "click",
                           "impression", "sent",      "written",   "processed",  "scored",
                           "sql",        "enroll",    "active",    "hit",        "match",
                           "size",       "deliver",   "writes",    "revenue",    "order",
                           "lead",       "accepted",  "completed", "throughput", "availability",
                           "uptime",     "healthy"}))
        return MetricSense::DownIsBad;
    // A counter without telling words is a volume: it hurts when it stops.
    if (view == SeriesView::Rate && series.kind == MetricKind::Sum)
        return MetricSense::DownIsBad;
    return MetricSense::Either;
}

std::string_view metricSenseName(MetricSense sense) {
    switch (sense) {
    case MetricSense::UpIsBad:
        return "up is bad";
    case MetricSense::DownIsBad:
        return "down is bad";
    case MetricSense::Either:
        return "either way";
    }
    return "either way";
}

} // namespace casebook
