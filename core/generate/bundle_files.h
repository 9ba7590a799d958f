#pragma once
// The small files of a generated bundle: manifest, change events, Grafana annotations.

#include "core/generate/otlp_writer.h"
#include "core/generate/scenario_generator.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casebook::gen {

inline constexpr std::string_view kTracesFile = "traces.otlp.jsonl";
inline constexpr std::string_view kLogsFile = "logs.otlp.jsonl";
inline constexpr std::string_view kMetricsFile = "metrics.otlp.jsonl";
inline constexpr std::string_view kChangesFile = "changes.jsonl";
inline constexpr std::string_view kAnnotationsFile = "annotations.grafana.json";
inline constexpr std::string_view kSlosFile = "slos.json";

struct ChangeEvent {
    std::int64_t time = 0;
    std::optional<std::int64_t> end;
    std::string kind, title, service, tenant, version;
    std::vector<std::pair<std::string, std::string>> attributes;
};

struct Annotation {
    std::int64_t time = 0, end = 0;
    std::vector<std::string> tags;
    std::string text;
};

// An entry of manifest.json's files beyond the five every bundle has.
struct ManifestEntry {
    std::string path, kind, format;
    std::string mappingJson; // files[].mapping as JSON text, or empty
};

// Closes the file and adds its name and size to the summary.
void finishFile(OutputFile& file, GenerateSummary& summary);

void writeManifest(const std::filesystem::path& dir, std::string_view name,
                   std::string_view defaultTenant, GenerateSummary& summary,
                   const std::vector<ManifestEntry>& extra = {});

// Writes the events in time order, with one deliberately broken line (an impossible
// time) in the middle.
void writeChanges(const std::filesystem::path& dir, std::vector<ChangeEvent> events,
                  GenerateSummary& summary);

// The scenario's SLO definitions (docs/slo-format.md), written as given.
void writeSlos(const std::filesystem::path& dir, std::string_view json, GenerateSummary& summary);

void writeAnnotations(const std::filesystem::path& dir, std::string_view dashboardUid,
                      const std::vector<Annotation>& annotations, GenerateSummary& summary);

} // namespace casebook::gen
