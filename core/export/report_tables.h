#pragma once
// The tables every human-readable export shows, built once from the (redacted) report so
// that Markdown, HTML and PDF say the same things.

#include "core/export/incident_report.h"

#include <string>
#include <vector>

namespace casebook {

struct ReportTable {
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    std::string caption;     // e.g. "first 20 of 123"
    std::vector<int> widths; // per column, percent of the page; empty: the layout decides
};

// Figure name and value ("Records lost", "123 (acme 89, globex 30)").
std::vector<std::pair<std::string, std::string>> impactRows(const ImpactFigures& impact);
ReportTable timelineTable(const IncidentReport& report);
ReportTable checksTable(const IncidentReport& report);
ReportTable decisionsTable(const IncidentReport& report);
// What a piece of evidence shows, from its payload; empty headers for a bare time range.
ReportTable evidenceTable(const TimelineEntry& evidence);
// The same from an evidence kind and payload (the Runbook pane previews evidence with it).
ReportTable evidenceTable(std::string_view kind, const nlohmann::json& payload);
// "2026-11-19T20:00:00.123Z": exact, for JSON.
std::string exportTime(std::int64_t ns);
// "2026-11-19 20:00:12": to the second, for tables whose headers say UTC.
std::string humanTime(std::int64_t ns);
// "2026-11-19 20:00:00 – 2026-11-20 09:05:00", "2026-11-19 20:00:00 – 20:45:10" or one time.
std::string exportRange(const TimelineEntry& entry);

} // namespace casebook
