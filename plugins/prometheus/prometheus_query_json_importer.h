#pragma once

#include "core/import/importer.h"

namespace casebook {

// A saved Prometheus HTTP API response: /api/v1/query (resultType "vector" or "scalar")
// or /api/v1/query_range ("matrix"). Every sample becomes a gauge point (the API does
// not say the metric's type). A response with status "error" is reported with its
// errorType and error; warnings and infos are kept in the report as a note. Streamed:
// memory is bounded by the largest series, not the file.
class PrometheusQueryJsonImporter : public Importer {
public:
    std::string_view format() const override { return "prometheus-query-json"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
