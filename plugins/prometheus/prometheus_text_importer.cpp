#include "plugins/prometheus/prometheus_text_importer.h"

#include "plugins/prometheus/exposition_import.h"

namespace casebook {

std::string_view PrometheusTextImporter::description() const {
    return "Prometheus text exposition format 0.0.4 (a saved /metrics scrape)";
}

int PrometheusTextImporter::sniff(std::string_view head) const {
    return classifyExposition(head) == ExpositionShape::PrometheusText ? 80 : 0;
}

FileOutcome PrometheusTextImporter::importFile(const std::filesystem::path& file,
                                               const ImportContext& context, RecordSink& sink) {
    return importExposition(ExpositionDialect::Prometheus, file, context, sink);
}

} // namespace casebook
