#pragma once

#include "core/import/importer.h"
#include "plugins/jsonlogs/log_key_mapping.h"

namespace casebook {

// JSON-lines logs as common loggers write them (ECS, pino, bunyan, zap, logrus, zerolog,
// slog, structlog, python-json-logger, Serilog CLEF, Docker json-file, the collector's own
// logs): one flat JSON object per line. The keys are detected per file from its first
// 64 KiB (see log_key_mapping.h) and the mapping used is returned in FileOutcome.note
// as "mapping: timestamp=ts (epoch ms), ..." for the import report. OTLP request lines
// are the OTLP importer's and are not claimed.
class JsonLinesLogsImporter : public Importer {
public:
    JsonLinesLogsImporter() = default;
    // Keys set here win over detection; a manifest's files[].mapping (ImportContext::mapping)
    // wins over both.
    explicit JsonLinesLogsImporter(LogKeyOverride override) : override_(std::move(override)) {}

    std::string_view format() const override { return "json-lines-logs"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;

private:
    LogKeyOverride override_;
};

// The whole import as a function of its inputs, for the importer and for tests. Lines
// longer than `maxLineBytes` are rejected and skipped without being held.
inline constexpr std::size_t kJsonLogsMaxLine = std::size_t{8} << 20;
FileOutcome importJsonLinesLogs(const std::filesystem::path& file, const ImportContext& context,
                                RecordSink& sink, const LogKeyOverride& override = {},
                                std::size_t maxLineBytes = kJsonLogsMaxLine);

} // namespace casebook
