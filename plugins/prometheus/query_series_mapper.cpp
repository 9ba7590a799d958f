#include "plugins/prometheus/query_series_mapper.h"

#include "plugins/prometheus/exposition_syntax.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace casebook {
namespace ondemand = simdjson::ondemand;

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                             text.front() == '\r'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                             text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

std::string shortText(std::string_view text) {
    constexpr std::size_t kMax = 40;
    std::string out(text.substr(0, kMax));
    if (text.size() > kMax)
        out.append("...");
    return out;
}

const char* typeName(ondemand::json_type type) {
    switch (type) {
    case ondemand::json_type::array:
        return "array";
    case ondemand::json_type::object:
        return "object";
    case ondemand::json_type::number:
        return "number";
    case ondemand::json_type::string:
        return "string";
    case ondemand::json_type::boolean:
        return "boolean";
    case ondemand::json_type::null:
        return "null";
    }
    return "value";
}

// A number's text or a string's contents.
simdjson::error_code scalarText(ondemand::value& value, std::string_view& out, bool& isString) {
    ondemand::json_type type;
    if (auto error = value.type().get(type))
        return error;
    isString = type == ondemand::json_type::string;
    if (isString)
        return value.get_string().get(out);
    if (type != ondemand::json_type::number)
        return simdjson::INCORRECT_TYPE;
    out = trim(value.raw_json_token());
    return simdjson::SUCCESS;
}

// Eight ASCII digits at p as a number, in a few operations on one 64-bit word (as
// fast_float does it); false when they are not all digits. Times have ten.
bool eightDigits(const char* p, std::uint64_t& out) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    if (std::endian::native != std::endian::little ||
        ((v & 0xF0F0F0F0F0F0F0F0) | (((v + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) !=
            0x3333333333333333)
        return false;
    v -= 0x3030303030303030;
    v = v * 10 + (v >> 8); // pairs of digits
    constexpr std::uint64_t kMask = 0x000000FF000000FF;
    constexpr std::uint64_t kMul1 = 100 + (std::uint64_t{1000000} << 32);
    constexpr std::uint64_t kMul2 = 1 + (std::uint64_t{10000} << 32);
    out = (((v & kMask) * kMul1) + (((v >> 16) & kMask) * kMul2)) >> 32;
    return true;
}

} // namespace

std::optional<std::string> queryTimeNs(std::string_view text, std::int64_t& ns) {
    text = trim(text);
    switch (decimalSecondsToNs(text, ns)) {
    case TimeParse::Ok:
        return std::nullopt;
    case TimeParse::Syntax:
        return "time '" + shortText(text) + "' is not a number of seconds";
    case TimeParse::Range:
        return "time '" + shortText(text) + "' s is out of range (int64 nanoseconds)";
    }
    return std::nullopt;
}

QuerySeriesMapper::QuerySeriesMapper(const ImportContext& context, std::string fallbackName)
    : identity_(context.tenantKeys), fallbackName_(std::move(fallbackName)) {}

void QuerySeriesMapper::reject(RecordSink& sink, std::string_view path, std::string_view reason) {
    location_ = "byte " + std::to_string(offset_) + ": data.result[" + std::to_string(index_) + "]";
    location_.append(path);
    sink.reject({location_, reason});
}

std::optional<std::string> QuerySeriesMapper::readPair(ondemand::value value,
                                                       std::pair<std::int64_t, double>& out) {
    ondemand::array pair;
    if (value.get_array().get(pair))
        return std::string("expected [time, \"value\"]");
    std::string_view timeText, valueText;
    std::size_t count = 0;
    for (auto item : pair) {
        ondemand::value element;
        if (auto error = std::move(item).get(element))
            return std::string("invalid JSON: ") + simdjson::error_message(error);
        bool isString = false;
        std::string_view text;
        if (count < 2) {
            if (auto error = scalarText(element, text, isString)) {
                if (error != simdjson::INCORRECT_TYPE)
                    return std::string("invalid JSON: ") + simdjson::error_message(error);
                return std::string(count == 0 ? "time" : "value") +
                       ": expected a number or a string";
            }
            (count == 0 ? timeText : valueText) = text;
        }
        ++count;
    }
    if (count != 2)
        return "expected [time, \"value\"], got " + std::to_string(count) + " elements";
    if (auto error = queryTimeNs(timeText, out.first))
        return error;
    const auto number = parseSampleValue(valueText);
    if (!number)
        return "value '" + shortText(valueText) + "' is not a number";
    out.second = *number;
    return std::nullopt;
}

bool QuerySeriesMapper::readValuesFast(std::string_view raw, std::size_t& used) {
    const char* p = raw.data();
    const char* const end = p + raw.size();
    auto skipSpace = [&] {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
    };
    auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    auto timeByte = [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    };
    if (p == end || *p != '[')
        return false;
    ++p;
    skipSpace();
    if (p == end || *p == ']')
        return false; // empty: rare, left to the general path
    while (true) {
        if (p == end || *p != '[')
            return false;
        ++p;
        skipSpace();
        const char* timeBegin = p;
        if (p == end || !(*p == '-' || isDigit(*p)))
            return false;
        // The common time, at most ten digits of seconds and a fraction, is converted as it
        // is scanned, the way decimalSecondsToNs() converts it; any other through it.
        std::uint64_t seconds = 0, nanos = 0;
        std::size_t secondDigits = 0, fractionDigits = 0;
        if (end - p >= 8 && eightDigits(p, seconds)) {
            p += 8;
            secondDigits = 8;
        }
        for (; p < end && isDigit(*p); ++p, ++secondDigits)
            seconds = seconds * 10 + static_cast<std::uint64_t>(*p - '0');
        if (p < end && *p == '.') {
            for (++p; p < end && isDigit(*p); ++p, ++fractionDigits)
                if (fractionDigits < 9)
                    nanos = nanos * 10 + static_cast<std::uint64_t>(*p - '0');
        }
        bool plainTime = secondDigits >= 1 && secondDigits <= 10;
        for (; p < end && timeByte(*p); ++p)
            plainTime = false;
        const std::string_view timeText(timeBegin, static_cast<std::size_t>(p - timeBegin));
        skipSpace();
        if (p == end || *p != ',')
            return false;
        ++p;
        skipSpace();
        if (p == end || *p != '"')
            return false;
        const char* valueBegin = ++p;
        // The same for a plain decimal value, as parseSampleValue() reads it.
        std::uint64_t mantissa = 0;
        std::size_t digits = 0, fraction = 0;
        for (; p < end && isDigit(*p); ++p, ++digits)
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
        if (p < end && *p == '.') {
            for (++p; p < end && isDigit(*p); ++p, ++fraction)
                mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
        }
        bool plainValue = digits + fraction >= 1 && digits + fraction <= 15;
        // Printable ASCII without escapes: the string's contents are its bytes.
        for (; p < end && *p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20 &&
               static_cast<unsigned char>(*p) < 0x7F;
             ++p)
            plainValue = false;
        if (p == end || *p != '"')
            return false;
        const std::string_view valueText(valueBegin, static_cast<std::size_t>(p - valueBegin));
        ++p;
        skipSpace();
        if (p == end || *p != ']')
            return false;
        ++p;
        // Two scalars, not a pair on the stack: its halves would be stored and reloaded.
        std::int64_t timeNs = 0;
        double value = 0;
        if (plainTime) {
            static constexpr std::uint64_t kScale[] = {
                1'000'000'000, 100'000'000, 10'000'000, 1'000'000, 100'000,
                10'000,        1'000,       100,        10,        1};
            nanos *= kScale[std::min<std::size_t>(fractionDigits, 9)];
            const std::uint64_t magnitude = seconds * 1'000'000'000 + nanos; // below 10^19
            if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return false;
            timeNs = static_cast<std::int64_t>(magnitude);
        } else if (decimalSecondsToNs(timeText, timeNs) != TimeParse::Ok) {
            return false;
        }
        if (plainValue) {
            static constexpr double kPowers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
            value = static_cast<double>(mantissa) / kPowers[fraction];
        } else {
            const auto number = parseSampleValue(valueText);
            if (!number)
                return false;
            value = *number;
        }
        values_.emplace_back(timeNs, value);
        skipSpace();
        if (p < end && *p == ',') {
            ++p;
            skipSpace();
            continue;
        }
        if (p == end || *p != ']')
            return false;
        used = static_cast<std::size_t>(p + 1 - raw.data());
        return true;
    }
}

bool QuerySeriesMapper::mapCommon(std::size_t size, RecordSink& sink) {
    const std::string_view json(padded_.data(), size);
    auto isJsonSpace = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
    ondemand::document doc;
    ondemand::object series;
    if (parser_.iterate(padded_.data(), size, padded_.size()).get(doc) ||
        doc.get_object().get(series))
        return false;
    values_.clear();
    name_ = fallbackName_;
    identity_.begin();
    bool metricSeen = false, valuesSeen = false;
    for (auto field : series) {
        ondemand::raw_json_string key;
        ondemand::value value;
        if (field.key().get(key) || field.value().get(value))
            return false;
        // Raw keys, as find_field_unordered() matches them in map().
        if (key == "metric" && !metricSeen) {
            metricSeen = true;
            ondemand::object labels;
            if (value.get_object().get(labels))
                return false;
            for (auto label : labels) {
                std::string_view name, text;
                if (label.unescaped_key().get(name) || label.value().get_string().get(text))
                    return false;
                if (name == "__name__")
                    name_.assign(text);
                else
                    identity_.add(name, text);
            }
        } else if (key == "values" && !valuesSeen) {
            valuesSeen = true;
            // Read from the text; when nothing but the series' '}' follows the array, the
            // parser need not walk its structure as well (a tenth of the time).
            const std::string_view token = value.raw_json_token();
            const std::string_view rest(
                token.data(), static_cast<std::size_t>(json.data() + json.size() - token.data()));
            std::size_t used = 0;
            if (!readValuesFast(rest, used))
                return false;
            std::size_t k = used;
            while (k < rest.size() && isJsonSpace(rest[k]))
                ++k;
            if (k + 1 != rest.size() || rest[k] != '}')
                return false;
            break;
        } else {
            return false;
        }
    }
    if (!valuesSeen)
        return false;
    identity_.end();
    emitValues(sink);
    return true;
}

void QuerySeriesMapper::emitValues(RecordSink& sink) {
    MetricPoint point;
    point.name = name_;
    point.kind = MetricKind::Gauge;
    point.labelsJson = identity_.json();
    point.resourceJson = "{}";
    point.service = identity_.service();
    point.tenant = identity_.tenant();
    for (const auto& [timeNs, value] : values_) {
        point.timeNs = timeNs;
        point.value = value;
        sink.addMetricPoint(point);
        ++points_;
    }
}

void QuerySeriesMapper::map(std::string_view json, std::size_t index, std::uint64_t offset,
                            RecordSink& sink) {
    offset_ = offset;
    index_ = index;
    const std::size_t capacity = json.size() + simdjson::SIMDJSON_PADDING;
    if (padded_.size() < capacity)
        padded_.resize(capacity);
    std::memcpy(padded_.data(), json.data(), json.size());
    std::memset(padded_.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    if (mapCommon(json.size(), sink))
        return;

    auto invalid = [&](simdjson::error_code error) {
        reject(sink, "", std::string("invalid JSON: ") + simdjson::error_message(error));
    };
    ondemand::document doc;
    if (auto error = parser_.iterate(padded_.data(), json.size(), padded_.size()).get(doc))
        return invalid(error);
    ondemand::json_type type;
    if (auto error = doc.type().get(type))
        return invalid(error);
    if (type != ondemand::json_type::object) {
        // The parts of a scalar or string result: [t, "v"] is the result itself.
        if (scalarParts_.size() < 3)
            scalarParts_.emplace_back(trim(json));
        return;
    }
    ondemand::object series;
    if (auto error = doc.get_object().get(series))
        return invalid(error);

    rejections_.clear();
    values_.clear();
    name_ = fallbackName_;
    identity_.begin();
    ondemand::value metric;
    auto error = series.find_field_unordered("metric").get(metric);
    if (!error) {
        ondemand::object labels;
        if (metric.get_object().get(labels))
            return reject(sink, ".metric", "expected an object of labels");
        for (auto field : labels) {
            std::string_view key, text;
            if (auto fieldError = field.unescaped_key().get(key))
                return invalid(fieldError);
            ondemand::value value;
            if (auto fieldError = field.value().get(value))
                return invalid(fieldError);
            if (auto textError = value.get_string().get(text)) {
                if (textError != simdjson::INCORRECT_TYPE)
                    return invalid(textError);
                ondemand::json_type got = ondemand::json_type::null;
                (void)value.type().get(got);
                return reject(sink, ".metric." + std::string(key),
                              std::string("expected a string, got ") + typeName(got));
            }
            if (key == "__name__")
                name_.assign(text);
            else
                identity_.add(key, text);
        }
    } else if (error != simdjson::NO_SUCH_FIELD) {
        return invalid(error);
    }
    identity_.end();

    bool any = false;
    ondemand::value samples;
    error = series.find_field_unordered("values").get(samples);
    if (!error) {
        any = true;
        ondemand::array array;
        if (samples.get_array().get(array))
            return reject(sink, ".values", "expected an array of [time, \"value\"]");
        std::size_t k = 0;
        for (auto item : array) {
            ondemand::value pair;
            if (auto itemError = std::move(item).get(pair))
                return invalid(itemError);
            std::pair<std::int64_t, double> point;
            if (auto reason = readPair(pair, point)) {
                if (reason->rfind("invalid JSON", 0) == 0)
                    return reject(sink, ".values[" + std::to_string(k) + "]", *reason);
                rejections_.emplace_back(".values[" + std::to_string(k) + "]", *reason);
            } else {
                values_.push_back(point);
            }
            ++k;
        }
    } else if (error != simdjson::NO_SUCH_FIELD) {
        return invalid(error);
    }
    error = series.find_field_unordered("value").get(samples);
    if (!error) {
        any = true;
        std::pair<std::int64_t, double> point;
        if (auto reason = readPair(samples, point)) {
            if (reason->rfind("invalid JSON", 0) == 0)
                return reject(sink, ".value", *reason);
            rejections_.emplace_back(".value", *reason);
        } else {
            values_.push_back(point);
        }
    } else if (error != simdjson::NO_SUCH_FIELD) {
        return invalid(error);
    }
    for (const char* key : {"histograms", "histogram"}) {
        error = series.find_field_unordered(key).get(samples);
        if (!error) {
            any = true;
            rejections_.emplace_back("." + std::string(key),
                                     "native histogram samples are not imported");
        } else if (error != simdjson::NO_SUCH_FIELD) {
            return invalid(error);
        }
    }
    if (!any)
        return reject(sink, "", "a series without \"values\" or \"value\"");

    emitValues(sink);
    for (const auto& [path, reason] : rejections_)
        reject(sink, path, reason);
}

void QuerySeriesMapper::finishScalar(RecordSink& sink) {
    offset_ = 0;
    index_ = 0;
    if (scalarParts_.size() != 2) {
        location_ = "data.result";
        sink.reject({location_, "a scalar result is [time, \"value\"]"});
        return;
    }
    std::int64_t timeNs = 0;
    std::string valueText = scalarParts_[1];
    const auto parsed = nlohmann::json::parse(valueText, nullptr, false);
    if (parsed.is_string())
        valueText = parsed.get<std::string>();
    std::optional<std::string> reason = queryTimeNs(scalarParts_[0], timeNs);
    const auto value = parseSampleValue(valueText);
    if (!reason && !value)
        reason = "value '" + shortText(valueText) + "' is not a number";
    if (reason) {
        location_ = "data.result";
        sink.reject({location_, *reason});
        return;
    }
    identity_.begin();
    identity_.end();
    MetricPoint point;
    point.name = fallbackName_;
    point.kind = MetricKind::Gauge;
    point.labelsJson = identity_.json();
    point.resourceJson = "{}";
    point.timeNs = timeNs;
    point.value = value;
    sink.addMetricPoint(point);
    ++points_;
}

} // namespace casebook
