#pragma once
// The fields a filter can name, their aliases, and which targets each applies to.

#include "core/filter/filter.h"

#include <optional>
#include <string>
#include <string_view>

namespace casebook::filter {

enum class Field {
    Service,
    Operation,
    Duration,
    Status,
    Kind,
    Tenant,
    TraceId,
    SpanId,
    Level,
    Body,
    ErrorCode,
    Start,
    Spans,
    Errors,
    Services,
    Attribute // attr.KEY
};

std::optional<Field> fieldByName(std::string_view name);
bool fieldAppliesTo(Field field, FilterTarget target);
// "spans", "traces", "logs": for "does not apply to ..." messages.
std::string_view targetName(FilterTarget target);
// The closest known name for a misspelt one ("servce" -> "service"), or empty.
std::string suggestField(std::string_view name);

} // namespace casebook::filter
