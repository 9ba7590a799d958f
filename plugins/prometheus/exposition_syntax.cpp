#include "plugins/prometheus/exposition_syntax.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace casebook {
namespace {

constexpr std::uint8_t kNameInitial = 1; // metric name, first character
constexpr std::uint8_t kName = 2;        // metric name, later characters
constexpr std::uint8_t kLabelInitial = 4;
constexpr std::uint8_t kLabel = 8;

constexpr std::array<std::uint8_t, 256> makeClasses() {
    std::array<std::uint8_t, 256> table{};
    for (int c = 0; c < 256; ++c) {
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        std::uint8_t bits = 0;
        if (alpha || c == '_' || c == ':')
            bits |= kNameInitial;
        if (alpha || digit || c == '_' || c == ':')
            bits |= kName;
        if (alpha || c == '_')
            bits |= kLabelInitial;
        if (alpha || digit || c == '_')
            bits |= kLabel;
        table[static_cast<std::size_t>(c)] = bits;
    }
    return table;
}
constexpr std::array<std::uint8_t, 256> kClasses = makeClasses();

bool is(char c, std::uint8_t bits) {
    return (kClasses[static_cast<unsigned char>(c)] & bits) != 0;
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool equalsNoCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != b[i])
            return false;
    return true;
}

// "'x'" for a printable character, "byte 0x07" otherwise: reasons stay readable.
std::string describe(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) {
        static constexpr char hex[] = "0123456789abcdef";
        return std::string("byte 0x") + hex[u >> 4] + hex[u & 0xF];
    }
    return std::string("'") + c + "'";
}

// At most 40 bytes of a token, for reasons.
std::string quoteToken(std::string_view token) {
    constexpr std::size_t kMax = 40;
    std::string out = "'";
    out.append(token.substr(0, kMax));
    if (token.size() > kMax)
        out.append("...");
    out.push_back('\'');
    return out;
}

std::size_t codePoints(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

void skipBlanks(std::string_view line, std::size_t& pos) {
    while (pos < line.size() && isBlank(line[pos]))
        ++pos;
}

// The token from pos up to the next separator: a space (OpenMetrics) or a blank
// (Prometheus text), or the end of the line.
std::string_view token(std::string_view line, std::size_t& pos, ExpositionDialect dialect) {
    const std::size_t begin = pos;
    if (dialect == ExpositionDialect::OpenMetrics) {
        const void* space = std::memchr(line.data() + pos, ' ', line.size() - pos);
        pos = space ? static_cast<std::size_t>(static_cast<const char*>(space) - line.data())
                    : line.size();
    } else {
        while (pos < line.size() && !isBlank(line[pos]))
            ++pos;
    }
    return line.substr(begin, pos - begin);
}

std::size_t scanName(std::string_view line, std::size_t pos, std::uint8_t initial,
                     std::uint8_t rest) {
    if (pos >= line.size() || !is(line[pos], initial))
        return pos;
    ++pos;
    while (pos < line.size() && is(line[pos], rest))
        ++pos;
    return pos;
}

// A label set from the '{' at pos; on success pos is just past the '}'.
std::optional<std::string> parseLabels(std::string_view line, std::size_t& pos,
                                       ExpositionDialect dialect,
                                       std::vector<ExpositionLabel>& labels, std::string& scratch,
                                       std::string_view what) {
    const bool prometheus = dialect == ExpositionDialect::Prometheus;
    ++pos; // '{'
    if (prometheus)
        skipBlanks(line, pos);
    if (pos < line.size() && line[pos] == '}') {
        ++pos;
        return std::nullopt;
    }
    while (true) {
        if (pos >= line.size())
            return "unterminated " + std::string(what) + " set (no closing '}')";
        const std::size_t nameEnd = scanName(line, pos, kLabelInitial, kLabel);
        if (nameEnd == pos) {
            if (line[pos] == ',' || line[pos] == '}')
                return "expected a " + std::string(what) + " name, found " + describe(line[pos]);
            return "invalid " + std::string(what) + " name starting with " + describe(line[pos]);
        }
        const std::string_view name = line.substr(pos, nameEnd - pos);
        pos = nameEnd;
        if (prometheus)
            skipBlanks(line, pos);
        if (pos >= line.size() || line[pos] != '=') {
            if (pos < line.size() && is(line[pos], kName))
                return "invalid character " + describe(line[pos]) + " in " + std::string(what) +
                       " name " + quoteToken(name);
            return "expected '=' after " + std::string(what) + " name " + quoteToken(name);
        }
        ++pos;
        if (prometheus)
            skipBlanks(line, pos);
        if (pos >= line.size() || line[pos] != '"')
            return "value of " + std::string(what) + " " + quoteToken(name) +
                   " is not in double quotes";
        ++pos;
        // The value: a view into the line when it has no escapes, else unescaped into
        // scratch (reserved by the caller, so it never moves).
        std::size_t end = pos;
        bool escaped = false;
        while (end < line.size() && line[end] != '"') {
            if (line[end] == '\\') {
                escaped = true;
                ++end;
            }
            ++end;
        }
        if (end >= line.size())
            return "unterminated value of " + std::string(what) + " " + quoteToken(name) +
                   " (no closing '\"')";
        std::string_view value = line.substr(pos, end - pos);
        if (escaped) {
            const std::size_t start = scratch.size();
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (value[i] != '\\') {
                    scratch.push_back(value[i]);
                    continue;
                }
                const char next = value[++i];
                if (next == '\\' || next == '"') {
                    scratch.push_back(next);
                } else if (next == 'n') {
                    scratch.push_back('\n');
                } else if (prometheus) {
                    return "invalid escape '\\" + std::string(1, next) + "' in value of " +
                           std::string(what) + " " + quoteToken(name) +
                           " (only \\\\, \\\" and \\n)";
                } else {
                    // The OpenMetrics conformance suite keeps unknown escapes as written.
                    scratch.push_back('\\');
                    scratch.push_back(next);
                }
            }
            value = std::string_view(scratch.data() + start, scratch.size() - start);
        }
        labels.push_back({name, value});
        pos = end + 1;
        if (prometheus)
            skipBlanks(line, pos);
        if (pos >= line.size())
            return "unterminated " + std::string(what) + " set (no closing '}')";
        if (line[pos] == '}') {
            ++pos;
            return std::nullopt;
        }
        if (line[pos] != ',')
            return "expected ',' or '}' after the value of " + std::string(what) + " " +
                   quoteToken(name) + ", found " + describe(line[pos]);
        ++pos;
        if (prometheus) {
            skipBlanks(line, pos);
            if (pos < line.size() && line[pos] == '}') { // a trailing comma is allowed
                ++pos;
                return std::nullopt;
            }
        } else if (pos < line.size() && line[pos] == '}') {
            return "trailing ',' in " + std::string(what) + " set";
        }
    }
}

std::optional<std::string> duplicateLabel(const std::vector<ExpositionLabel>& labels) {
    const std::size_t n = labels.size();
    if (n < 2)
        return std::nullopt;
    if (n <= 32) {
        for (std::size_t i = 1; i < n; ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (labels[i].name == labels[j].name)
                    return "duplicate label " + quoteToken(labels[i].name);
        return std::nullopt;
    }
    std::vector<std::string_view> names;
    names.reserve(n);
    for (const auto& label : labels)
        names.push_back(label.name);
    std::sort(names.begin(), names.end());
    const auto twin = std::adjacent_find(names.begin(), names.end());
    if (twin != names.end())
        return "duplicate label " + quoteToken(*twin);
    return std::nullopt;
}

std::optional<std::string> timeError(TimeParse result, std::string_view text) {
    if (result == TimeParse::Syntax)
        return "invalid timestamp " + quoteToken(text);
    if (result == TimeParse::Range)
        return "timestamp " + quoteToken(text) + " out of range (int64 nanoseconds)";
    return std::nullopt;
}

// OpenMetrics: " # {labels} value [timestamp]" from the '#' at pos, to the end.
std::optional<std::string> parseExemplar(std::string_view line, std::size_t pos,
                                         std::string& scratch) {
    constexpr auto om = ExpositionDialect::OpenMetrics;
    if (pos + 1 >= line.size() || line[pos + 1] != ' ')
        return "expected ' ' after the exemplar's '#'";
    pos += 2;
    if (pos >= line.size() || line[pos] != '{')
        return "expected '{' to open the exemplar's labels";
    std::vector<ExpositionLabel> labels;
    if (auto error = parseLabels(line, pos, om, labels, scratch, "exemplar label"))
        return error;
    if (auto error = duplicateLabel(labels))
        return "exemplar: " + *error;
    std::size_t length = 0;
    for (const auto& label : labels)
        length += codePoints(label.name) + codePoints(label.value);
    if (length > 128)
        return "exemplar labels are " + std::to_string(length) + " characters long (at most 128)";
    if (pos >= line.size() || line[pos] != ' ')
        return "expected ' ' and a value after the exemplar's labels";
    ++pos;
    const std::string_view value = token(line, pos, om);
    if (value.empty())
        return "missing exemplar value";
    if (!parseSampleValue(value))
        return "invalid exemplar value " + quoteToken(value);
    if (pos == line.size())
        return std::nullopt;
    ++pos; // ' '
    const std::string_view time = token(line, pos, om);
    if (time.empty())
        return "trailing space after the exemplar";
    std::int64_t ignored = 0;
    if (decimalSecondsToNs(time, ignored) == TimeParse::Syntax)
        return "invalid exemplar timestamp " + quoteToken(time);
    if (pos != line.size())
        return "unexpected text after the exemplar's timestamp";
    return std::nullopt;
}

} // namespace

bool isMetricName(std::string_view name) {
    return !name.empty() && scanName(name, 0, kNameInitial, kName) == name.size();
}

bool isLabelName(std::string_view name) {
    return !name.empty() && scanName(name, 0, kLabelInitial, kLabel) == name.size();
}

std::optional<double> parseSampleValue(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        i = 1;
    }
    const std::string_view body = text.substr(i);
    if (body.empty())
        return std::nullopt;
    if (!isDigit(body[0]) && body[0] != '.') {
        if (equalsNoCase(body, "inf") || equalsNoCase(body, "infinity"))
            return negative ? -std::numeric_limits<double>::infinity()
                            : std::numeric_limits<double>::infinity();
        if (i == 0 && equalsNoCase(body, "nan"))
            return std::numeric_limits<double>::quiet_NaN();
        return std::nullopt;
    }
    // Most values are "123" or "75.35": at most 15 digits with an optional point. Their
    // digits as an integer are exact in a double, and so is the power of ten, so one
    // division (correctly rounded) gives the same double as a full float parser.
    std::size_t k = 0, digits = 0, fraction = 0;
    std::uint64_t mantissa = 0; // wraps past 19 digits, then unused
    for (; k < body.size() && isDigit(body[k]); ++k, ++digits)
        mantissa = mantissa * 10 + static_cast<std::uint64_t>(body[k] - '0');
    if (k < body.size() && body[k] == '.') {
        for (++k; k < body.size() && isDigit(body[k]); ++k, ++fraction)
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(body[k] - '0');
    }
    if (k == body.size() && digits + fraction >= 1 && digits + fraction <= 15) {
        static constexpr double kPowers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                             1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
        const double value = static_cast<double>(mantissa) / kPowers[fraction];
        return negative ? -value : value;
    }
    // The decimal grammar: digits [. digits] [e [sign] digits], at least one mantissa digit.
    k = 0;
    std::size_t mantissaDigits = 0;
    while (k < body.size() && isDigit(body[k]))
        ++k, ++mantissaDigits;
    if (k < body.size() && body[k] == '.') {
        ++k;
        while (k < body.size() && isDigit(body[k]))
            ++k, ++mantissaDigits;
    }
    if (mantissaDigits == 0)
        return std::nullopt;
    if (k < body.size() && (body[k] == 'e' || body[k] == 'E')) {
        ++k;
        if (k < body.size() && (body[k] == '+' || body[k] == '-'))
            ++k;
        const std::size_t expStart = k;
        while (k < body.size() && isDigit(body[k]))
            ++k;
        if (k == expStart)
            return std::nullopt;
    }
    if (k != body.size())
        return std::nullopt;
    double value = 0;
    const auto result = std::from_chars(body.data(), body.data() + body.size(), value);
    if (result.ec != std::errc() || result.ptr != body.data() + body.size())
        return std::nullopt;
    return negative ? -value : value;
}

TimeParse millisecondsToNs(std::string_view text, std::int64_t& ns) {
    std::size_t i = 0;
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        i = 1;
    }
    if (i == text.size())
        return TimeParse::Syntax;
    constexpr std::uint64_t kLimit = std::uint64_t{1} << 63; // |int64 min|
    std::uint64_t ms = 0;
    bool range = false;
    if (text.size() - i <= 19) {
        // Up to 19 digits cannot overflow: no range check per digit.
        for (; i < text.size(); ++i) {
            if (!isDigit(text[i]))
                return TimeParse::Syntax;
            ms = ms * 10 + static_cast<std::uint64_t>(text[i] - '0');
        }
    }
    for (; i < text.size(); ++i) {
        if (!isDigit(text[i]))
            return TimeParse::Syntax;
        if (ms > kLimit)
            range = true;
        else
            ms = ms * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    if (range || ms > kLimit / 1'000'000)
        return TimeParse::Range;
    const std::uint64_t magnitude = ms * 1'000'000;
    if (!negative && magnitude > kLimit - 1)
        return TimeParse::Range;
    ns = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return TimeParse::Ok;
}

TimeParse decimalSecondsToNs(std::string_view text, std::int64_t& ns) {
    std::size_t i = 0;
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        i = 1;
    }
    const std::size_t intBegin = i;
    while (i < text.size() && isDigit(text[i]))
        ++i;
    const std::string_view intPart = text.substr(intBegin, i - intBegin);
    std::string_view fracPart;
    if (i < text.size() && text[i] == '.') {
        const std::size_t fracBegin = ++i;
        while (i < text.size() && isDigit(text[i]))
            ++i;
        fracPart = text.substr(fracBegin, i - fracBegin);
    }
    if (intPart.empty() && fracPart.empty())
        return TimeParse::Syntax;
    std::int64_t exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool expNegative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            expNegative = text[i] == '-';
            ++i;
        }
        const std::size_t expBegin = i;
        for (; i < text.size() && isDigit(text[i]); ++i)
            if (exponent < 1'000'000) // beyond any time; keeps the arithmetic small
                exponent = exponent * 10 + (text[i] - '0');
        if (i == expBegin)
            return TimeParse::Syntax;
        if (expNegative)
            exponent = -exponent;
    }
    if (i != text.size())
        return TimeParse::Syntax;

    constexpr std::uint64_t kLimit = std::uint64_t{1} << 63;
    if (exponent == 0 && intPart.size() <= 10) {
        // The usual "1763629200.123": whole seconds and the first nine fraction digits as
        // integers, below 10^19 (no overflow), the same digits the general path takes.
        std::uint64_t seconds = 0, nanos = 0;
        for (const char c : intPart)
            seconds = seconds * 10 + static_cast<std::uint64_t>(c - '0');
        for (std::size_t k = 0; k < 9; ++k)
            nanos = nanos * 10 +
                    (k < fracPart.size() ? static_cast<std::uint64_t>(fracPart[k] - '0') : 0u);
        const std::uint64_t magnitude = seconds * 1'000'000'000 + nanos;
        if (magnitude > (negative ? kLimit : kLimit - 1))
            return TimeParse::Range;
        ns = negative ? static_cast<std::int64_t>(0 - magnitude)
                      : static_cast<std::int64_t>(magnitude);
        return TimeParse::Ok;
    }

    // The digits of int and fraction as one sequence D with the point after `point`
    // digits; nanoseconds are the first point + 9 digits of D.
    const std::size_t total = intPart.size() + fracPart.size();
    auto digit = [&](std::size_t k) {
        return k < intPart.size() ? intPart[k] : fracPart[k - intPart.size()];
    };
    std::size_t first = 0;
    while (first < total && digit(first) == '0')
        ++first;
    if (first == total) {
        ns = 0;
        return TimeParse::Ok;
    }
    const std::int64_t point =
        static_cast<std::int64_t>(intPart.size()) - static_cast<std::int64_t>(first) + exponent;
    const std::int64_t wanted = point + 9; // digits of the nanosecond count
    if (wanted <= 0) {
        ns = 0; // finer than a nanosecond
        return TimeParse::Ok;
    }
    if (wanted > 19)
        return TimeParse::Range;
    std::uint64_t magnitude = 0;
    for (std::int64_t k = 0; k < wanted; ++k) {
        const std::size_t index = first + static_cast<std::size_t>(k);
        magnitude =
            magnitude * 10 + (index < total ? static_cast<std::uint64_t>(digit(index) - '0') : 0u);
    }
    if (magnitude > (negative ? kLimit : kLimit - 1))
        return TimeParse::Range;
    ns = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return TimeParse::Ok;
}

std::optional<MetricType> parseMetricType(std::string_view text, ExpositionDialect dialect) {
    struct Name {
        std::string_view text;
        MetricType type;
    };
    static constexpr std::array<Name, 8> kOpenMetrics{
        {{"counter", MetricType::Counter},
         {"gauge", MetricType::Gauge},
         {"histogram", MetricType::Histogram},
         {"gaugehistogram", MetricType::GaugeHistogram},
         {"summary", MetricType::Summary},
         {"info", MetricType::Info},
         {"stateset", MetricType::StateSet},
         {"unknown", MetricType::Unknown}}};
    static constexpr std::array<Name, 6> kPrometheus{{{"counter", MetricType::Counter},
                                                      {"gauge", MetricType::Gauge},
                                                      {"histogram", MetricType::Histogram},
                                                      {"summary", MetricType::Summary},
                                                      {"untyped", MetricType::Unknown},
                                                      {"unknown", MetricType::Unknown}}};
    if (dialect == ExpositionDialect::OpenMetrics) {
        for (const auto& name : kOpenMetrics)
            if (name.text == text)
                return name.type;
        return std::nullopt;
    }
    for (const auto& name : kPrometheus)
        if (equalsNoCase(text, name.text))
            return name.type;
    return std::nullopt;
}

std::string_view metricTypeName(MetricType type) {
    switch (type) {
    case MetricType::Unknown:
        return "unknown";
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    case MetricType::GaugeHistogram:
        return "gaugehistogram";
    case MetricType::Summary:
        return "summary";
    case MetricType::Info:
        return "info";
    case MetricType::StateSet:
        return "stateset";
    }
    return "unknown";
}

std::string unescapeHelp(std::string_view text, ExpositionDialect dialect) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out.push_back(text[i]);
            continue;
        }
        const char next = text[i + 1];
        if (next == '\\') {
            out.push_back('\\');
        } else if (next == 'n') {
            out.push_back('\n');
        } else if (next == '"' && dialect == ExpositionDialect::OpenMetrics) {
            out.push_back('"');
        } else {
            out.push_back('\\');
            continue;
        }
        ++i;
    }
    return out;
}

std::optional<std::string> parseCommentLine(std::string_view line, ExpositionDialect dialect,
                                            ExpositionComment& out) {
    out = {};
    std::size_t pos = 0;
    if (dialect == ExpositionDialect::Prometheus) {
        skipBlanks(line, pos);
        ++pos; // '#'
        skipBlanks(line, pos);
        const std::string_view keyword = token(line, pos, dialect);
        if (keyword != "HELP" && keyword != "TYPE")
            return std::nullopt; // a comment
        skipBlanks(line, pos);
        if (pos == line.size())
            return std::nullopt; // "# HELP" alone: a comment, as for the Go parser
        const std::size_t nameEnd = scanName(line, pos, kNameInitial, kName);
        if (nameEnd == pos || (nameEnd < line.size() && !isBlank(line[nameEnd])))
            return "invalid metric name in # " + std::string(keyword) + " line";
        out.name = line.substr(pos, nameEnd - pos);
        pos = nameEnd;
        skipBlanks(line, pos);
        std::string_view rest = line.substr(pos);
        if (keyword == "TYPE") {
            while (!rest.empty() && isBlank(rest.back()))
                rest.remove_suffix(1);
            if (rest.empty()) {
                out = {};
                return std::nullopt; // no type: a comment, as for the Go parser
            }
            out.kind = CommentKind::Type;
        } else {
            out.kind = CommentKind::Help;
        }
        out.text = rest;
        return std::nullopt;
    }

    if (line == "# EOF") {
        out.kind = CommentKind::Eof;
        return std::nullopt;
    }
    if (line.substr(0, 5) == "# EOF")
        return "text after # EOF";
    if (line.size() < 2 || line[1] != ' ')
        return "invalid comment: OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF";
    pos = 2;
    const std::string_view keyword = token(line, pos, dialect);
    if (keyword == "HELP")
        out.kind = CommentKind::Help;
    else if (keyword == "TYPE")
        out.kind = CommentKind::Type;
    else if (keyword == "UNIT")
        out.kind = CommentKind::Unit;
    else
        return "invalid comment: OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF";
    if (pos == line.size())
        return "# " + std::string(keyword) + " without a metric name";
    ++pos;
    const std::string_view name = token(line, pos, dialect);
    if (name.empty())
        return "# " + std::string(keyword) + " without a metric name";
    if (!isMetricName(name))
        return "invalid metric name " + quoteToken(name) + " in # " + std::string(keyword);
    if (pos == line.size()) {
        return keyword == "TYPE"   ? std::string("# TYPE without a type")
               : keyword == "HELP" ? std::string("# HELP without a space and text after the name")
                                   : std::string("# UNIT without a space and unit after the name");
    }
    out.name = name;
    out.text = line.substr(pos + 1);
    return std::nullopt;
}

std::optional<std::string> parseSampleLine(std::string_view line, ExpositionDialect dialect,
                                           ExpositionSample& out, std::string& scratch) {
    const bool prometheus = dialect == ExpositionDialect::Prometheus;
    out.labels.clear();
    out.timeNs.reset();
    out.hasExemplar = false;
    out.seriesEnd = 0;
    scratch.clear();
    if (scratch.capacity() < line.size())
        scratch.reserve(line.size());

    std::size_t pos = 0;
    if (prometheus)
        skipBlanks(line, pos);
    const std::size_t nameEnd = scanName(line, pos, kNameInitial, kName);
    if (nameEnd == pos) {
        if (pos == line.size() || line[pos] == '{')
            return std::string("missing metric name");
        return "invalid metric name starting with " + describe(line[pos]);
    }
    out.name = line.substr(pos, nameEnd - pos);
    pos = nameEnd;
    if (prometheus)
        skipBlanks(line, pos);
    if (pos < line.size() && line[pos] == '{') {
        if (auto error = parseLabels(line, pos, dialect, out.labels, scratch, "label"))
            return error;
        if (auto error = duplicateLabel(out.labels))
            return error;
        out.seriesEnd = pos;
    } else if (pos < line.size() && pos == nameEnd && line[pos] != ' ' &&
               !(prometheus && isBlank(line[pos]))) {
        return "invalid character " + describe(line[pos]) + " in metric name " +
               quoteToken(out.name);
    }

    return parseSampleRest(line, pos, dialect, out, scratch);
}

std::optional<std::string> parseSampleRest(std::string_view line, std::size_t pos,
                                           ExpositionDialect dialect, ExpositionSample& out,
                                           std::string& scratch) {
    const bool prometheus = dialect == ExpositionDialect::Prometheus;
    out.timeNs.reset();
    out.hasExemplar = false;
    // The value.
    if (prometheus) {
        skipBlanks(line, pos);
    } else {
        if (pos == line.size())
            return std::string("missing value");
        if (line[pos] != ' ')
            return "expected ' ' before the value, found " + describe(line[pos]);
        ++pos;
    }
    out.valueText = token(line, pos, dialect);
    if (out.valueText.empty())
        return std::string(pos < line.size() ? "expected a single space before the value"
                                             : "missing value");
    const auto value = parseSampleValue(out.valueText);
    if (!value)
        return "invalid value " + quoteToken(out.valueText);
    out.value = *value;

    if (prometheus) {
        skipBlanks(line, pos);
        if (pos == line.size())
            return std::nullopt;
        const std::string_view time = token(line, pos, dialect);
        std::int64_t ns = 0;
        if (auto error = timeError(millisecondsToNs(time, ns), time))
            return error;
        out.timeNs = ns;
        skipBlanks(line, pos);
        if (pos != line.size())
            return "unexpected text after the timestamp: " + quoteToken(line.substr(pos));
        return std::nullopt;
    }

    if (pos == line.size())
        return std::nullopt;
    ++pos; // ' '
    if (pos == line.size())
        return std::string("trailing space after the value");
    if (line[pos] != '#') {
        const std::string_view time = token(line, pos, dialect);
        if (time.empty())
            return std::string("expected a single space before the timestamp");
        std::int64_t ns = 0;
        if (auto error = timeError(decimalSecondsToNs(time, ns), time))
            return error;
        out.timeNs = ns;
        if (pos == line.size())
            return std::nullopt;
        ++pos; // ' '
        if (pos == line.size())
            return std::string("trailing space after the timestamp");
        if (line[pos] != '#')
            return "unexpected text after the timestamp: " + quoteToken(line.substr(pos));
    }
    if (auto error = parseExemplar(line, pos, scratch))
        return error;
    out.hasExemplar = true;
    return std::nullopt;
}

} // namespace casebook
