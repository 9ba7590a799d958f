#include "core/export/export_writers.h"

#include "core/export/report_tables.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

namespace casebook {
namespace {

nlohmann::json optionalTime(const std::optional<std::int64_t>& ns) {
    return ns ? nlohmann::json(exportTime(*ns)) : nlohmann::json();
}
nlohmann::json optionalNumber(const std::optional<std::int64_t>& n) {
    return n ? nlohmann::json(*n) : nlohmann::json();
}

nlohmann::json impactJson(const ImpactFigures& f) {
    return {{"affected_tenants", f.affectedTenants},
            {"records_lost", optionalNumber(f.recordsLost)},
            {"records_lost_by_tenant", f.lostByTenant},
            {"records_delayed", optionalNumber(f.recordsDelayed)},
            {"records_delayed_by_tenant", f.delayedByTenant},
            {"impact_started_at", optionalTime(f.impactStartNs)},
            {"detected_at", optionalTime(f.detectedNs)},
            {"mitigated_at", optionalTime(f.mitigatedNs)},
            {"resolved_at", optionalTime(f.resolvedNs)},
            {"duration_ns", optionalNumber(f.durationNs)},
            {"time_to_detect_ns", optionalNumber(f.timeToDetectNs)},
            {"time_to_mitigate_ns", optionalNumber(f.timeToMitigateNs)},
            {"sources", f.sources}};
}

nlohmann::json entryJson(const TimelineEntry& e) {
    return {{"key", e.key},
            {"kind", timelineKindName(e.kind)},
            {"time", exportTime(e.timeNs)},
            {"time_ns", e.timeNs},
            {"end_ns", optionalNumber(e.endNs)},
            {"recorded_at", optionalTime(e.recordedAtNs)},
            {"title", e.title},
            {"default_title", e.defaultTitle},
            {"detail", e.detail},
            {"subkind", e.subkind},
            {"outcome", e.outcome},
            {"tenant", e.tenant},
            {"author", e.author},
            {"data", e.data}};
}

} // namespace

std::optional<ExportFormat> exportFormatFromName(std::string_view name) {
    std::string n(name);
    std::transform(n.begin(), n.end(), n.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (n == "md" || n == "markdown")
        return ExportFormat::Markdown;
    if (n == "html")
        return ExportFormat::Html;
    if (n == "json")
        return ExportFormat::Json;
    if (n == "pdf")
        return ExportFormat::Pdf;
    return std::nullopt;
}

std::string renderJson(const RedactedReport& redacted) {
    const IncidentReport& r = redacted.report();
    nlohmann::json timeline = nlohmann::json::array();
    for (const auto& e : r.timeline)
        timeline.push_back(entryJson(e));
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& run : r.runs) {
        nlohmann::json path = nlohmann::json::array();
        for (const auto& s : run.path)
            path.push_back({{"step", s.stepId},
                            {"title", s.title},
                            {"outcome", s.outcome},
                            {"summary", s.summary},
                            {"recorded_at", exportTime(s.atNs)}});
        runs.push_back({{"id", run.id},
                        {"runbook", run.name},
                        {"title", run.title},
                        {"origin", run.origin},
                        {"runbook_sha256", run.sha256},
                        {"tenant", run.tenant},
                        {"author", run.author},
                        {"started_at", exportTime(run.startedAtNs)},
                        {"path", path},
                        {"verdict", run.verdict ? nlohmann::json(*run.verdict) : nullptr},
                        {"diagnosis", run.diagnosis ? nlohmann::json(*run.diagnosis) : nullptr}});
    }
    nlohmann::json charts = nlohmann::json::array();
    for (auto& chart : reportCharts(redacted))
        charts.push_back(std::move(chart));
    const nlohmann::json doc = {
        {"schema", "casebook-timeline-export"},
        {"version", kTimelineExportSchemaVersion},
        {"incident",
         {{"title", r.title},
          {"scope", r.scope},
          {"workspace", r.workspace},
          {"exported_at", exportTime(r.generatedAtNs)}}},
        {"impact", impactJson(r.impact)},
        {"timeline", timeline},
        {"runs", runs},
        {"record",
         {{"intact", r.recordIntact},
          {"problem", r.recordProblem},
          {"audit_entries", r.auditEntries}}},
        {"redaction",
         {{"method", "HMAC-SHA-256 with a random key per export, first 10 hex digits"},
          {"replaced", r.redactions},
          {"attributes", r.redactedAttributes}}},
        {"charts", charts}};
    return doc.dump(2) + "\n";
}

void writeTextExport(const RedactedReport& report, ExportFormat format,
                     const std::filesystem::path& path) {
    std::string text;
    switch (format) {
    case ExportFormat::Markdown:
        text = renderMarkdown(report);
        break;
    case ExportFormat::Html:
        text = renderHtml(report);
        break;
    case ExportFormat::Json:
        text = renderJson(report);
        break;
    case ExportFormat::Pdf:
        throw std::invalid_argument("PDF is written by the Qt export library (ui/export)");
    }
    const std::filesystem::path partial = path.string() + ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out)
            throw std::runtime_error("cannot write " + partial.string());
        out << text;
        out.close();
        if (!out)
            throw std::runtime_error("cannot write " + partial.string());
    }
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) {
        std::filesystem::remove(partial, ec);
        throw std::runtime_error("cannot write " + path.string() + ": " + ec.message());
    }
}

} // namespace casebook
