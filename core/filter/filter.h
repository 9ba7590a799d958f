#pragma once
// The one filter language of Casebook, shared by the trace list, the waterfall, the log
// pane and `casebook-cli ... --where`. Text goes in; a parameterised SQL fragment comes
// out, or an error with a byte position. User text never reaches the SQL text: every
// value, attribute path and pattern is a bound parameter. docs/filters.md is the manual.
//
// What a fragment expects from the surrounding query, per target:
//
//   Spans   a row of `spans` aliased `s`. service/tenant match by name through
//           `s.service_id IN (SELECT id FROM services ...)` (same for tenants);
//           duration is s.end_ns - s.start_ns; status is status_code (0 unset, 1 ok,
//           2 error); kind the OTLP integer (1 internal, 2 server, 3 client,
//           4 producer, 5 consumer); start/time is s.start_ns.
//   Traces  a row of the `traces` summary table aliased `t`. duration, spans, errors,
//           services, start/time, tenant and trace_id compare on `t` (duration_ns,
//           span_count, error_count, service_count, start_ns). Every span field
//           (service, operation, status, kind, span_id, error_code, attr.*) becomes its
//           own `EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id AND
//           s.tenant_id = t.tenant_id AND <span predicate>)`: "some span of the trace
//           matches". `service == a and status == error` therefore means "a span in a
//           and a (possibly different) failed span". `!=` and `!~` negate the whole
//           EXISTS: "no span of the trace matches".
//   Logs    a row of `logs` aliased `l`: time/start is l.time_ns, level the OTLP
//           severity_number (a level name means its range of four: `level == error`
//           is 17..20), body, service, tenant, trace_id, span_id, error_code, attr.*.
//
// attr.KEY reads the row's attributes JSON (json_extract with a bound path), falling back
// to its resource's attributes, so resource keys such as service.version work too.
// A comparison with a missing value (absent attribute, log without trace id, span without
// error code) is false; `!=` and `!~` are exactly `not ==` and `not ~`, so they match it.

#include "core/query/scoped_query.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

enum class FilterTarget { Spans, Traces, Logs };

inline constexpr std::size_t kMaxFilterLength = 4096; // bytes
inline constexpr int kMaxFilterDepth = 64;            // nested parentheses and `not`s

struct FilterError {
    std::size_t position = 0; // byte offset into the filter text
    std::size_t length = 0;   // bytes the error covers; 0 at the end of the input
    std::string message;      // plain words, no position inside
};

struct CompiledFilter {
    FilterTarget target = FilterTarget::Spans; // the row the SQL expects (see above)
    std::string sql;                           // empty: the filter matches everything
    std::vector<ScopedQuery::Value> values;
    bool matchesEverything() const { return sql.empty(); }
};

// Check ok() before using `filter`. After an error `filter` is "0" (matches nothing), so
// a caller that forgets to check shows no rows rather than every row.
struct FilterResult {
    CompiledFilter filter;
    std::optional<FilterError> error;
    bool ok() const { return !error.has_value(); }
};

FilterResult compileFilter(std::string_view text, FilterTarget target);

// Two lines for a terminal or a tooltip: the filter, then a caret under the error
// (columns count UTF-8 characters; tabs and newlines are shown as spaces).
std::string filterErrorCaret(std::string_view text, const FilterError& error,
                             std::string_view indent = "  ");

} // namespace casebook
