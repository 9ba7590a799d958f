#pragma once
// The "errors" of a Jaeger query answer ({"data": ..., "errors": [...]}): what the query
// met instead of (or besides) the traces, as the API writes them:
// {"code": 500, "msg": "...", "traceID": "..."}. An error answer has "data": null and
// nothing else to import; its errors are what the import report shows for the file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct JaegerApiError {
    std::string location; // "byte N: errors[i]"
    std::string message;  // "Jaeger query error 400: parameter 'service' is required"
};

// The errors in `json`, the text of the "errors" member that starts at byte `offset` of
// the file: one for each element of an array, one for a single string or other value,
// none for null.
std::vector<JaegerApiError> jaegerApiErrors(std::string_view json, std::uint64_t offset);

} // namespace casebook
