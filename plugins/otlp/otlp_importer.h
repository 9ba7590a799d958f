#pragma once

#include "core/import/importer.h"

namespace casebook {

// OTLP/JSON traces, logs and metrics: one export request document (possibly
// pretty-printed), or JSON lines with one request per line as the collector's file
// exporter writes them. Both are streamed; memory is bounded by the longest line or the
// largest resource block, not by the file.
class OtlpJsonImporter : public Importer {
public:
    std::string_view format() const override { return "otlp-json"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
