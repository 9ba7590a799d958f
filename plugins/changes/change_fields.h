#pragma once
// Pure mapping of change events (changes-jsonl) and Grafana annotations to ChangeRecord.
// The record's views point into the given JSON value and `attributes`, which must
// outlive its use.

#include "core/model/records.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

// The change kinds Casebook knows; other words are kept as they are.
bool isKnownChangeKind(std::string_view word);

// A time given as RFC 3339 text or as integer epoch nanoseconds. Returns the reason on
// failure (without the field name).
std::optional<std::string> changeTimeNs(const nlohmann::json& value, std::int64_t& out);

// One changes-jsonl object. Returns why it is rejected, or nullopt when `out` is filled.
std::optional<std::string> mapChangeEvent(const nlohmann::json& event, ChangeRecord& out,
                                          std::string& attributes);

// One Grafana annotation {time, timeEnd, tags, text} with epoch milliseconds. The kind is
// the first tag that names a known kind (else "annotation"); "service:NAME" and
// "tenant:NAME" tags give the service and tenant.
std::optional<std::string> mapGrafanaAnnotation(const nlohmann::json& annotation, ChangeRecord& out,
                                                std::string& attributes);

// The first line of `head` when it is complete (ends in a line break within the head).
std::optional<std::string_view> firstCompleteLine(std::string_view head);

} // namespace casebook
