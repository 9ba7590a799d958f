#pragma once

#include "core/model/records.h"

namespace casebook {

// Where importers put what they read. The workspace writer implements it; tests use
// a recording sink. Calls never throw for bad data: that is what reject() is for.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void addSpan(const SpanRecord& span) = 0;
    virtual void addLog(const LogRecord& log) = 0;
    virtual void addMetricPoint(const MetricPoint& point) = 0;
    virtual void addChange(const ChangeRecord& change) = 0;
    virtual void reject(const Rejection& rejection) = 0;
    // SLO definitions. A sink that keeps no SLOs ignores them (the default), so sinks
    // written before SLOs existed still build.
    virtual void addSlo(const SloRecord&) {}

    // Lineage. Sinks that keep no lineage (counting and fuzzing sinks) may ignore it.
    virtual void addLineageNode(const LineageNodeRecord&) {}
    virtual void addLineageEdge(const LineageEdgeRecord&) {}
    virtual void addLineageRun(const LineageRunRecord&) {}
    virtual void addLineageColumnEdge(const LineageColumnEdgeRecord&) {}
    virtual void addLineageFacet(const LineageFacetRecord&) {}
};

} // namespace casebook
