#pragma once

#include "core/import/importer.h"

namespace casebook {

// OpenMetrics 1.0 text: like Prometheus text, plus units, _created times (the start of
// counters, histograms and summaries), info / stateset / gauge histogram families,
// exemplars (checked, not kept), timestamps in seconds and a mandatory "# EOF". Checked
// as strictly as the OpenMetrics conformance suite expects; a file without "# EOF" is
// partial. Streamed line by line.
class OpenMetricsTextImporter : public Importer {
public:
    std::string_view format() const override { return "openmetrics-text"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
