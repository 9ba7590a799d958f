#include "plugins/jsonlogs/log_key_mapping.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <functional>

namespace casebook {
namespace {

using nlohmann::json;

// Precedence within a role: the keys of the most specific conventions first (ECS,
// OpenTelemetry), then the common short forms (pino, bunyan, zap, logrus, zerolog,
// slog, structlog, python-json-logger, Serilog CLEF, Docker json-file, GELF).
constexpr std::array<std::string_view, 10> kTimestampKeys{
    "@timestamp", "timestamp", "time", "ts", "t", "@t", "datetime", "date", "asctime", "_time"};
constexpr std::array<std::string_view, 11> kLevelKeys{
    "log.level", "level",    "severity", "severity_text",   "severityText",  "levelname",
    "lvl",       "loglevel", "@l",       "severity_number", "severityNumber"};
constexpr std::array<std::string_view, 8> kMessageKeys{"message", "msg", "@message", "@m",
                                                       "@mt",     "log", "body",     "event"};
constexpr std::array<std::string_view, 9> kServiceKeys{
    "service.name", "resource.service.name", "service",  "service_name", "serviceName",
    "app",          "application",           "app_name", "name"};
constexpr std::array<std::string_view, 5> kTraceKeys{"trace_id", "traceId", "trace.id", "traceID",
                                                     "traceid"};
constexpr std::array<std::string_view, 5> kSpanKeys{"span_id", "spanId", "span.id", "spanID",
                                                    "spanid"};
constexpr std::array<std::string_view, 4> kLoggerKeys{"log.logger", "logger", "logger_name",
                                                      "loggerName"};
constexpr std::array<std::string_view, 3> kTenantKeys{"tenant_id", "tenant.id", "tenant"};

constexpr std::size_t kMaxSampleLines = 256;
constexpr int kMaxDepth = 8;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::size_t index(LogRole role) {
    return static_cast<std::size_t>(role);
}

bool isOtlpKey(std::string_view key) {
    return key == "resourceSpans" || key == "resourceLogs" || key == "resourceMetrics" ||
           key == "resourceProfiles";
}

bool isLevelNumberKey(std::string_view key) {
    return key == "severity_number" || key == "severityNumber";
}

// Calls `visit(path, value)` for every member of `object`, descending into objects, with
// paths joined by dots, as the importer flattens them.
void flatten(const json& object, std::string& path, int depth,
             const std::function<void(const std::string&, const json&)>& visit) {
    const std::size_t base = path.size();
    for (auto it = object.begin(); it != object.end(); ++it) {
        path.resize(base);
        if (base)
            path.push_back('.');
        path.append(it.key());
        visit(path, it.value());
        if (it.value().is_object() && depth < kMaxDepth)
            flatten(it.value(), path, depth + 1, visit);
    }
    path.resize(base);
}

bool usableTimestamp(const json& value) {
    if (value.is_number())
        return epochUnitForNumber(value.dump()) != EpochUnit::Unknown;
    if (!value.is_string())
        return false;
    const auto& text = value.get_ref<const std::string&>();
    if (isJsonNumber(text))
        return epochUnitForNumber(text) != EpochUnit::Unknown;
    return parseLogTimeText(text).value.has_value();
}

bool usable(LogRole role, std::string_view key, const json& value) {
    switch (role) {
    case LogRole::Timestamp:
        return usableTimestamp(value);
    case LogRole::Level:
        return value.is_string() || value.is_number_integer();
    case LogRole::Message:
        return value.is_string() || (key == "body" && (value.is_object() || value.is_array()));
    case LogRole::Service:
    case LogRole::TraceId:
    case LogRole::SpanId:
    case LogRole::Logger:
        return value.is_string() && !value.get_ref<const std::string&>().empty();
    }
    return false;
}

std::string withDetails(const std::string& key, std::string detail, bool overridden) {
    if (overridden)
        detail += detail.empty() ? "override" : ", override";
    return detail.empty() ? key : key + " (" + detail + ")";
}

} // namespace

std::string_view logRoleName(LogRole role) {
    static constexpr std::array<std::string_view, kLogRoleCount> kNames{
        "timestamp", "level", "message", "service", "trace_id", "span_id", "logger"};
    return kNames[index(role)];
}

std::span<const std::string_view> logKeyCandidates(LogRole role) {
    switch (role) {
    case LogRole::Timestamp:
        return kTimestampKeys;
    case LogRole::Level:
        return kLevelKeys;
    case LogRole::Message:
        return kMessageKeys;
    case LogRole::Service:
        return kServiceKeys;
    case LogRole::TraceId:
        return kTraceKeys;
    case LogRole::SpanId:
        return kSpanKeys;
    case LogRole::Logger:
        return kLoggerKeys;
    }
    return {};
}

std::span<const std::string_view> logTenantFallbackKeys() {
    return kTenantKeys;
}

std::string LogKeyMapping::describe() const {
    std::string out;
    for (std::size_t r = 0; r < kLogRoleCount; ++r) {
        const auto role = static_cast<LogRole>(r);
        if (!out.empty())
            out += ", ";
        out += logRoleName(role);
        out += '=';
        if (keys[r].empty()) {
            out += overridden[r] ? "none (override)" : "none";
            continue;
        }
        std::string detail;
        if (role == LogRole::Timestamp) {
            if (timeUnit != EpochUnit::Unknown)
                detail = "epoch " + std::string(epochUnitName(timeUnit));
            else if (timeAsText)
                detail = "RFC 3339";
            if (timeUnitOverridden)
                detail += ", unit override";
        } else if (role == LogRole::Level) {
            switch (levelScale) {
            case LevelScale::Text:
                detail = "text";
                break;
            case LevelScale::Pino:
                detail = "pino numbers";
                break;
            case LevelScale::Syslog:
                detail = "syslog numbers";
                break;
            case LevelScale::Otlp:
                detail = "OTLP severity numbers";
                break;
            }
            if (levelScaleOverridden)
                detail += ", scale override";
        }
        out += withDetails(keys[r], detail, overridden[r]);
    }
    return out;
}

bool LogKeyOverride::empty() const {
    return std::none_of(keys.begin(), keys.end(), [](const auto& k) { return k.has_value(); }) &&
           !timeUnit && !levelScale;
}

LogKeyMapping detectLogKeys(std::string_view head, const LogKeyOverride& override,
                            LogHeadSample* sample) {
    LogHeadSample seen;
    std::vector<json> objects;
    std::size_t pos = 0;
    bool first = true;
    while (pos < head.size() && seen.lines < kMaxSampleLines) {
        const std::size_t newline = head.find('\n', pos);
        const bool complete = newline != std::string_view::npos;
        std::string_view line = head.substr(pos, complete ? newline - pos : head.size() - pos);
        pos = complete ? newline + 1 : head.size();
        if (first && line.substr(0, kBom.size()) == kBom)
            line.remove_prefix(kBom.size());
        first = false;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        json value = json::parse(line, nullptr, false);
        if (!complete && value.is_discarded())
            break; // the head ends inside this line
        ++seen.lines;
        if (!value.is_object())
            continue;
        ++seen.objects;
        for (auto it = value.begin(); it != value.end(); ++it)
            if (isOtlpKey(it.key()))
                seen.otlpRequest = true;
        objects.push_back(std::move(value));
    }

    // counts[role][candidate]: lines where the candidate holds a usable value.
    std::array<std::vector<std::size_t>, kLogRoleCount> counts;
    for (std::size_t r = 0; r < kLogRoleCount; ++r)
        counts[r].assign(logKeyCandidates(static_cast<LogRole>(r)).size(), 0);
    std::vector<std::vector<std::pair<std::string, const json*>>> flat(objects.size());
    std::string path;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        flatten(objects[i], path, 0, [&](const std::string& p, const json& v) {
            flat[i].emplace_back(p, &v);
            for (std::size_t r = 0; r < kLogRoleCount; ++r) {
                const auto role = static_cast<LogRole>(r);
                const auto candidates = logKeyCandidates(role);
                for (std::size_t c = 0; c < candidates.size(); ++c)
                    if (candidates[c] == p && usable(role, p, v))
                        ++counts[r][c];
            }
        });
    }

    LogKeyMapping mapping;
    for (std::size_t r = 0; r < kLogRoleCount; ++r) {
        const auto candidates = logKeyCandidates(static_cast<LogRole>(r));
        std::size_t best = 0, bestCount = 0;
        for (std::size_t c = 0; c < candidates.size(); ++c) {
            if (counts[r][c] > bestCount) {
                best = c;
                bestCount = counts[r][c];
            }
        }
        if (bestCount > 0)
            mapping.keys[r] = std::string(candidates[best]);
    }
    for (std::size_t r = 0; r < kLogRoleCount; ++r) {
        if (override.keys[r]) {
            mapping.keys[r] = *override.keys[r];
            mapping.overridden[r] = true;
        }
    }

    // Per-file facts from the values of the chosen keys.
    const std::string& timeKey = mapping.key(LogRole::Timestamp);
    const std::string& levelKey = mapping.key(LogRole::Level);
    std::int64_t maxLevel = -1;
    bool levelNumbers = false;
    for (const auto& members : flat) {
        for (const auto& [p, v] : members) {
            if (!timeKey.empty() && p == timeKey && mapping.timeUnit == EpochUnit::Unknown) {
                if (v->is_number()) {
                    mapping.timeUnit = epochUnitForNumber(v->dump());
                } else if (v->is_string()) {
                    const auto& text = v->get_ref<const std::string&>();
                    if (isJsonNumber(text))
                        mapping.timeUnit = epochUnitForNumber(text);
                    else if (parseLogTimeText(text).value)
                        mapping.timeAsText = true;
                }
            }
            if (!levelKey.empty() && p == levelKey && v->is_number_integer()) {
                levelNumbers = true;
                maxLevel = std::max(maxLevel, v->get<std::int64_t>());
            }
            if (!timeKey.empty() && p == timeKey && usableTimestamp(*v))
                ++seen.withTimestamp;
        }
    }
    if (isLevelNumberKey(levelKey))
        mapping.levelScale = LevelScale::Otlp;
    else if (levelNumbers)
        mapping.levelScale = maxLevel <= 7 ? LevelScale::Syslog : LevelScale::Pino;
    if (override.timeUnit) {
        mapping.timeUnit = *override.timeUnit;
        mapping.timeUnitOverridden = true;
    }
    if (override.levelScale) {
        mapping.levelScale = *override.levelScale;
        mapping.levelScaleOverridden = true;
    }
    if (sample)
        *sample = seen;
    return mapping;
}

std::optional<LogKeyOverride> parseLogKeyOverride(std::string_view text, std::string& error) {
    const json doc = json::parse(text, nullptr, false);
    if (!doc.is_object()) {
        error = "mapping must be a JSON object";
        return std::nullopt;
    }
    LogKeyOverride result;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& name = it.key();
        if (!it.value().is_string()) {
            error = "mapping." + name + " must be a string";
            return std::nullopt;
        }
        const auto& value = it.value().get_ref<const std::string&>();
        bool known = false;
        for (std::size_t r = 0; r < kLogRoleCount; ++r) {
            if (logRoleName(static_cast<LogRole>(r)) == name) {
                result.keys[r] = value;
                known = true;
            }
        }
        if (name == "timestamp_unit") {
            result.timeUnit = epochUnitFromName(value);
            if (!result.timeUnit) {
                error = "mapping.timestamp_unit must be s, ms, us or ns";
                return std::nullopt;
            }
            known = true;
        } else if (name == "level_scale") {
            result.levelScale = levelScaleFromName(value);
            if (!result.levelScale) {
                error = "mapping.level_scale must be text, pino, syslog or otlp";
                return std::nullopt;
            }
            known = true;
        }
        if (!known) {
            error = "mapping." + name + " is not a known field";
            return std::nullopt;
        }
    }
    return result;
}

} // namespace casebook
