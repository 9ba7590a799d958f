#pragma once
// Which keys of a JSON-lines log file hold the timestamp, level, message and the other
// fields Casebook indexes. Loggers disagree (pino writes {"level":30,"time":1531171074631,
// "msg":..}, ECS {"@timestamp":..,"log.level":..,"message":..}, zap {"level":..,"ts":..,
// "msg":..}), so the keys are detected once per file from its first lines, reported in
// the import report, and can be overridden.
//
// Keys are dotted paths: "service.name" names both a top-level key "service.name" (ECS
// loggers write dotted keys) and "name" inside a "service" object (ECS as nested JSON).

#include "plugins/jsonlogs/log_fields.h"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace casebook {

enum class LogRole { Timestamp, Level, Message, Service, TraceId, SpanId, Logger };
inline constexpr std::size_t kLogRoleCount = 7;

// "timestamp", "level", "message", "service", "trace_id", "span_id", "logger": the names
// used in describe() and in the override object.
std::string_view logRoleName(LogRole role);

// The keys tried for a role, in order of precedence (see the .cpp for the list).
std::span<const std::string_view> logKeyCandidates(LogRole role);

// Keys that name the tenant, after the bundle's tenant_attribute_keys.
std::span<const std::string_view> logTenantFallbackKeys();

struct LogKeyMapping {
    std::array<std::string, kLogRoleCount> keys; // by LogRole; empty: not in this file
    std::array<bool, kLogRoleCount> overridden{};
    // For numeric timestamps. Unknown until the first one is seen (then fixed for the file).
    EpochUnit timeUnit = EpochUnit::Unknown;
    bool timeUnitOverridden = false;
    bool timeAsText = false; // the sampled timestamps were RFC 3339 text
    LevelScale levelScale = LevelScale::Text;
    bool levelScaleOverridden = false;

    const std::string& key(LogRole role) const { return keys[static_cast<std::size_t>(role)]; }
    // "timestamp=ts (epoch ms), level=level (pino numbers), message=msg, service=name,
    //  trace_id=none, span_id=none, logger=none"
    std::string describe() const;
};

// Replaces what detection found. An empty key means "this file has none" (for example
// to stop a "name" key from being read as the service).
struct LogKeyOverride {
    std::array<std::optional<std::string>, kLogRoleCount> keys;
    std::optional<EpochUnit> timeUnit;
    std::optional<LevelScale> levelScale;

    bool empty() const;
};

// What detection saw in the head, for sniffing.
struct LogHeadSample {
    std::size_t lines = 0;         // complete, non-blank lines looked at
    std::size_t objects = 0;       // of which JSON objects
    std::size_t withTimestamp = 0; // of which have the detected timestamp key, usable
    bool otlpRequest = false;      // a line is an OTLP export request (not ours)
};

// Detects the keys from the complete lines of `head` (the first 64 KiB of the file; a
// last line without its newline is used only when it parses). For each role, the
// candidate found with a usable value on the most sampled lines wins; ties go to the
// earlier candidate. Then `override` is applied.
LogKeyMapping detectLogKeys(std::string_view head, const LogKeyOverride& override = {},
                            LogHeadSample* sample = nullptr);

// Reads the proposed manifest field files[].mapping, e.g.
// {"timestamp":"ts","timestamp_unit":"ms","level":"lvl","level_scale":"pino",
//  "message":"msg","service":"app","trace_id":"tid","span_id":"sid","logger":"logger"}.
// Unknown members and values of the wrong type are errors (nullopt, `error` says which).
std::optional<LogKeyOverride> parseLogKeyOverride(std::string_view json, std::string& error);

} // namespace casebook
