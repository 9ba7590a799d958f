#pragma once

#include "core/analysis/analysis_ids.h"
#include "core/import/record_sink.h"
#include "core/lineage/lineage_writer.h"
#include "core/store/trace_summary_builder.h"
#include "core/store/workspace.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace casebook {

// Writes the records of one bundle import into the workspace with prepared statements.
// The caller owns the transaction (one per bundle); the writer only inserts. Tenants,
// services, resources and metric series are interned in memory for the import, so a
// record costs one row insert.
class WorkspaceWriter : public RecordSink {
public:
    WorkspaceWriter(Workspace& workspace, BundleId bundle, std::string defaultTenant);

    // Rejections are filed against this import_files row.
    void setCurrentFile(std::int64_t fileRowId) { fileRow_ = fileRowId; }

    void addSpan(const SpanRecord& span) override;
    void addLog(const LogRecord& log) override;
    void addMetricPoint(const MetricPoint& point) override;
    void addChange(const ChangeRecord& change) override;
    void reject(const Rejection& rejection) override;
    void addSlo(const SloRecord& slo) override;
    void addLineageNode(const LineageNodeRecord& node) override { lineage_.addNode(node); }
    void addLineageEdge(const LineageEdgeRecord& edge) override { lineage_.addEdge(edge); }
    void addLineageRun(const LineageRunRecord& run) override { lineage_.addRun(run); }
    void addLineageColumnEdge(const LineageColumnEdgeRecord& edge) override {
        lineage_.addColumnEdge(edge);
    }
    void addLineageFacet(const LineageFacetRecord& facet) override { lineage_.addFacet(facet); }

    // Writes the per-trace summaries of every trace this bundle touched.
    void finishTraces() { traces_.flush(); }
    // Stores the SLOs that named no tenant, once per tenant with series of their metric
    // (the bundle's default tenant when none has any yet).
    void finishSlos();
    // Metric series this writer added points to, for rebuilding their rollups.
    std::vector<SeriesId> touchedSeries() const;

private:
    std::int64_t tenantRow(std::string_view name);
    std::int64_t serviceRow(std::string_view name);
    std::int64_t resourceRow(std::string_view attributesJson);
    std::int64_t seriesRow(const MetricPoint& point, std::int64_t tenant);
    void storeSlo(std::int64_t tenant, std::string_view name, std::string_view definitionJson);

    struct PendingSlo {
        std::string name, sliMetric, definitionJson;
    };
    std::vector<PendingSlo> pendingSlos_;

    Workspace& workspace_;
    Database& db_;
    std::int64_t bundle_;
    std::string defaultTenant_;
    std::int64_t fileRow_ = 0;

    Statement insertSpan_, insertEvent_, insertLink_, insertLog_, insertLogText_, insertPoint_,
        insertSeries_, insertChange_, insertRejection_, insertResource_;
    std::unordered_map<std::string, std::int64_t> tenants_, services_, resources_, series_;
    std::string keyBuffer_;
    TraceSummaryBuilder traces_;
    LineageWriter lineage_;
};

} // namespace casebook
