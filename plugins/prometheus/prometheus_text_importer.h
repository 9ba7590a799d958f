#pragma once

#include "core/import/importer.h"

namespace casebook {

// The Prometheus text exposition format 0.0.4: a saved /metrics scrape. Counters become
// cumulative monotonic sums, gauges and untyped samples gauges, the _bucket/_sum/_count
// lines of one label set and timestamp one histogram point, a summary's quantile/_sum/
// _count lines one summary point. Samples without a timestamp are given the file's
// modification time. Streamed line by line; memory is bounded by the longest line.
class PrometheusTextImporter : public Importer {
public:
    std::string_view format() const override { return "prometheus-text"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
