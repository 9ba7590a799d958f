#include "plugins/builtin_importers.h"

#include "core/import/importer_registry.h"
#include "plugins/changes/changes_jsonl_importer.h"
#include "plugins/changes/grafana_annotations_importer.h"
#include "plugins/chrome/chrome_trace_importer.h"
#include "plugins/dbt/dbt_importers.h"
#include "plugins/jaeger/jaeger_importer.h"
#include "plugins/jsonlogs/json_lines_logs_importer.h"
#include "plugins/lineage-csv/lineage_csv_importer.h"
#include "plugins/openlineage/openlineage_importer.h"
#include "plugins/otlp/otlp_importer.h"
#include "plugins/prometheus/openmetrics_text_importer.h"
#include "plugins/prometheus/prometheus_query_json_importer.h"
#include "plugins/prometheus/prometheus_text_importer.h"
#include "plugins/slo/slo_file_importer.h"
#include "plugins/zipkin/zipkin_importer.h"

#include <memory>

namespace casebook {

void registerBuiltinImporters(ImporterRegistry& registry) {
    registry.add(std::make_unique<OtlpJsonImporter>());
    registry.add(std::make_unique<JaegerJsonImporter>());
    registry.add(std::make_unique<ZipkinJsonImporter>());
    registry.add(std::make_unique<ChangesJsonlImporter>());
    registry.add(std::make_unique<GrafanaAnnotationsImporter>());
    registry.add(std::make_unique<PrometheusTextImporter>());
    registry.add(std::make_unique<OpenMetricsTextImporter>());
    registry.add(std::make_unique<PrometheusQueryJsonImporter>());
    registry.add(std::make_unique<JsonLinesLogsImporter>());
    registry.add(std::make_unique<ChromeTraceImporter>());
    registry.add(std::make_unique<SloFileImporter>());
    registry.add(std::make_unique<OpenLineageImporter>());
    registry.add(std::make_unique<DbtManifestImporter>());
    registry.add(std::make_unique<DbtRunResultsImporter>());
    registry.add(std::make_unique<LineageCsvImporter>());
}

std::vector<PluginLoad> registerAllImporters(ImporterRegistry& registry) {
    registerBuiltinImporters(registry);
    return loadPlugins(registry, pluginFolders());
}

} // namespace casebook
