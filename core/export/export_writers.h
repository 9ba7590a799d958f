#pragma once
// The incident export in Markdown (reads well in any repository viewer), self-contained
// HTML (one file: styles inline, charts embedded as images once there are charts) and
// JSON (docs/timeline-export-schema.md). PDF is made from the print flavour of the HTML
// by ui/export, which has Qt.

#include "core/export/incident_report.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

enum class ExportFormat { Markdown, Html, Json, Pdf };
// "md" / "markdown", "html", "json", "pdf".
std::optional<ExportFormat> exportFormatFromName(std::string_view name);

std::string renderMarkdown(const RedactedReport& report);

// Standalone: for browsers. Print: the subset of HTML and CSS QTextDocument lays out.
enum class HtmlFlavor { Standalone, Print };
std::string renderHtml(const RedactedReport& report, HtmlFlavor flavor = HtmlFlavor::Standalone);

inline constexpr int kTimelineExportSchemaVersion = 1;
// Every `chart` evidence of the report, in timeline order: its payload with the range it
// shows added as "from_ns"/"to_ns" (what the exports draw).
std::vector<nlohmann::json> reportCharts(const RedactedReport& report);
// The image name by which the Print flavour of the HTML refers to chart `index` of
// reportCharts(); the PDF export supplies the picture under that name.
std::string chartImageName(std::size_t index);

std::string renderJson(const RedactedReport& report);

// Markdown, HTML or JSON to `path` (written whole, then renamed into place). Throws
// std::invalid_argument for PDF and std::runtime_error when the file cannot be written.
void writeTextExport(const RedactedReport& report, ExportFormat format,
                     const std::filesystem::path& path);

} // namespace casebook
