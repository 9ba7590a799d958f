#pragma once
// The line grammar of the two text exposition formats, as pure functions on one line:
// Prometheus text 0.0.4 (what `expfmt` writes: blanks or tabs between tokens, integer
// millisecond timestamps, lenient comments) and OpenMetrics 1.0 (single spaces, float
// second timestamps, exemplars, nothing but descriptors and "# EOF" in comments).
// What the lines mean together (families, histograms) is ExpositionAssembler's job.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

enum class ExpositionDialect { Prometheus, OpenMetrics };

enum class MetricType {
    Unknown,
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    Info,
    StateSet
};

struct ExpositionLabel {
    std::string_view name;
    std::string_view value; // unescaped
};

struct ExpositionSample {
    std::string_view name;
    std::vector<ExpositionLabel> labels;
    double value = 0;
    std::string_view valueText;
    std::optional<std::int64_t> timeNs;
    bool hasExemplar = false;
    // Just past the label set's '}', 0 when there is none: the line up to here (blanks,
    // name, labels) decides name and labels alone, whatever follows it.
    std::size_t seriesEnd = 0;
};

enum class CommentKind { Comment, Help, Type, Unit, Eof };

struct ExpositionComment {
    CommentKind kind = CommentKind::Comment;
    std::string_view name; // the metric family of a descriptor
    std::string_view text; // help (still escaped), type or unit
};

// A sample line. Label values with escapes are unescaped into `scratch`, which the
// views in `out` may point into: keep both alive and untouched while `out` is used.
// Returns the reason when the line is not a valid sample.
std::optional<std::string> parseSampleLine(std::string_view line, ExpositionDialect dialect,
                                           ExpositionSample& out, std::string& scratch);

// The rest of a sample line from `pos` (just past its name and labels): value,
// timestamp, exemplar. Exemplar label values with escapes are unescaped into `scratch`,
// which must have room for them (line.size() more bytes) so that it does not move.
std::optional<std::string> parseSampleRest(std::string_view line, std::size_t pos,
                                           ExpositionDialect dialect, ExpositionSample& out,
                                           std::string& scratch);

// A line that starts with '#' (after blanks, for Prometheus text). Prometheus text:
// "# HELP name text" and "# TYPE name type" are descriptors, every other comment is
// a comment. OpenMetrics: only "# HELP", "# TYPE", "# UNIT" and "# EOF" are allowed.
std::optional<std::string> parseCommentLine(std::string_view line, ExpositionDialect dialect,
                                            ExpositionComment& out);

// "counter", "gauge"... Prometheus text also takes "untyped" (and "unknown"), in any
// case, as its Go parser does; OpenMetrics takes exactly its eight lower-case words.
std::optional<MetricType> parseMetricType(std::string_view text, ExpositionDialect dialect);
std::string_view metricTypeName(MetricType type);

// HELP text: \\ and \n are escapes (OpenMetrics also \"); other backslashes stay.
std::string unescapeHelp(std::string_view text, ExpositionDialect dialect);

// A sample value: a decimal number ("1", "-2.5e3", ".5", "1."), or NaN, Inf, +Inf,
// -Inf, Infinity in any case. Hexadecimal floats and digit separators are refused.
std::optional<double> parseSampleValue(std::string_view text);

enum class TimeParse { Ok, Syntax, Range };

// Prometheus text timestamps: integer milliseconds since the epoch, to nanoseconds.
TimeParse millisecondsToNs(std::string_view text, std::int64_t& ns);

// Decimal seconds ("1435781430.781", "1.5e3", "-1.1", "000") to nanoseconds, exactly
// as far as the decimal goes: its digits are shifted, never taken through a double.
// Digits finer than a nanosecond are dropped (toward zero). Range when the time falls
// outside int64 nanoseconds (about the years 1678 to 2262).
TimeParse decimalSecondsToNs(std::string_view text, std::int64_t& ns);

bool isMetricName(std::string_view name);
bool isLabelName(std::string_view name);

} // namespace casebook
