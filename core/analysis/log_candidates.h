#pragma once
// "New error messages": log templates of warnings and errors whose rate jumped at an
// anomaly's onset, with their counts before and after, and the exception type that the
// spans they point at recorded.

#include "core/analysis/log_templates.h"

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

namespace casebook {

struct TemplateCandidate {
    LogTemplateSummary logTemplate;
    std::int64_t before = 0; // records in the window before the onset
    std::int64_t after = 0;  // records in the window after it
    double beforeHours = 0, afterHours = 0;
    std::string exceptionType; // from the exception event of the span of an example record
    double score = 0;
    double confidence = 0;

    double rateBefore() const { return beforeHours > 0 ? before / beforeHours : 0; }
    double rateAfter() const { return afterHours > 0 ? after / afterHours : 0; }
};

struct TemplateWindow {
    std::int64_t onsetNs = 0;
    std::int64_t beforeNs = 0; // window lengths around the onset, clipped to the logs
    std::int64_t afterNs = 0;
};

// Templates of warnings and worse in the tenant scope whose hourly rate after the onset is
// at least three times the rate before (or that are new), strongest first.
std::vector<TemplateCandidate> templatesThatJumped(Workspace& ws, const Scope& tenantScope,
                                                   const TemplateWindow& window,
                                                   std::stop_token stop = {});

// The exception.type of the span's exception event, if it recorded one.
std::string exceptionTypeOf(Workspace& ws, const Scope& scope, const TraceId& trace,
                            const SpanId& span);

} // namespace casebook
