#include "plugins/prometheus/openmetrics_text_importer.h"

#include "plugins/prometheus/exposition_import.h"

namespace casebook {

std::string_view OpenMetricsTextImporter::description() const {
    return "OpenMetrics 1.0 text exposition (a saved scrape ending in # EOF)";
}

int OpenMetricsTextImporter::sniff(std::string_view head) const {
    return classifyExposition(head) == ExpositionShape::OpenMetrics ? 85 : 0;
}

FileOutcome OpenMetricsTextImporter::importFile(const std::filesystem::path& file,
                                                const ImportContext& context, RecordSink& sink) {
    return importExposition(ExpositionDialect::OpenMetrics, file, context, sink);
}

} // namespace casebook
