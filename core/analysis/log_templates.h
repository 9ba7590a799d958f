#pragma once
// Log templates of a scope: what messages a tenant's services wrote in a time window,
// grouped by template with counts (the miner of log_template_miner.h), and how often one
// template occurred in a window. Findings use them for "new error messages"; runbooks use
// countTemplate for "log template count" checks.

#include "core/model/ids.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct LogTemplateSummary {
    std::string text; // "rejected submission: unknown field 'utm_content'"
    std::int64_t count = 0;
    std::int64_t countBeforeSplit = 0; // of count, records before LogTemplateQuery::splitNs
    int maxSeverity = 0;               // OTLP severity number
    std::string service;               // the service that wrote it most
    std::string errorCode;             // the commonest error code of its records, if any
    std::int64_t firstNs = 0;
    std::int64_t lastNs = 0;
    std::string example; // one message as written
    std::optional<TraceId> exampleTrace;
    std::optional<SpanId> exampleSpan;
};

struct LogTemplateQuery {
    std::optional<int> minSeverity; // e.g. 13: warnings and worse
    std::optional<std::string> service;
    std::int64_t maxRecords = 5'000'000; // a bound on the work; `truncated` says so
    // Counts the records before this time apart (countBeforeSplit): one pass over a
    // window gives the templates before and after an onset.
    std::optional<std::int64_t> splitNs;
};

struct LogTemplateResult {
    std::vector<LogTemplateSummary> templates; // most frequent first
    std::int64_t records = 0;
    bool truncated = false;
};

// The templates of the log records in `scope` (tenant and time window).
LogTemplateResult logTemplates(Workspace& ws, const Scope& scope, const LogTemplateQuery& query,
                               std::stop_token stop = {});

// Records in `scope` whose message fits `templateText` (as logTemplates wrote it). The
// template's fixed words find the candidates through the full-text index; each is then
// checked token by token.
std::int64_t countTemplate(Workspace& ws, const Scope& scope, std::string_view templateText,
                           std::optional<int> minSeverity = std::nullopt);

} // namespace casebook
