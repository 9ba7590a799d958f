#pragma once
// Helpers shared by the test executables: temporary workspaces and a sink that records
// what an importer produced.

#include "core/import/record_sink.h"

#include <filesystem>
#include <string>
#include <vector>

namespace casebook::test {

inline std::filesystem::path corpusDir() {
    return CASEBOOK_CORPUS_DIR;
}
inline std::filesystem::path testDataDir() {
    return CASEBOOK_TEST_DATA_DIR;
}

// Copies of what a RecordSink was given; views are turned into owned strings.
struct RecordedSpan {
    std::string traceId, spanId, parentSpanId, service, name, tenant, attributes, resource,
        statusMessage, scopeName;
    long long startNs = 0, endNs = 0;
    int kind = 0, status = 0;
    std::size_t events = 0, links = 0;
};
struct RecordedLog {
    std::string body, service, tenant, traceId, spanId, severityText, attributes, eventName;
    long long timeNs = 0;
    int severityNumber = 0;
};
struct RecordedPoint {
    std::string name, unit, service, tenant, labels, buckets;
    int kind = 0;
    long long timeNs = 0;
    bool hasValue = false;
    double value = 0;
    unsigned long long count = 0;
};
struct RecordedChange {
    std::string kind, service, tenant, title, version, attributes;
    long long timeNs = 0;
    bool hasEnd = false;
    long long endNs = 0;
};
struct RecordedRejection {
    std::string location, reason;
};
// A lineage node key as "job:namespace/name" or "dataset:namespace/name".
inline std::string lineageKeyText(const LineageNodeKey& key) {
    return std::string(key.role == LineageRole::Job ? "job:" : "dataset:") + std::string(key.ns) +
           "/" + std::string(key.name);
}
struct RecordedLineageNode {
    std::string key, tenant, kind, owner, description, columns, service;
    bool hasSeen = false;
    long long seenNs = 0;
};
struct RecordedLineageEdge {
    std::string from, to, tenant, label;
    bool hasSeen = false;
    long long seenNs = 0;
};
struct RecordedLineageRun {
    std::string job, tenant, runId, eventType, errorMessage, parentRunId, parentJob, facets;
    long long timeNs = 0;
};
struct RecordedColumnEdge {
    std::string from, fromColumn, to, toColumn, tenant, transformation, description;
};
struct RecordedFacet {
    std::string node, tenant, name, json, runId;
    bool hasTime = false;
    long long timeNs = 0;
};

class RecordingSink : public RecordSink {
public:
    std::vector<RecordedSpan> spans;
    std::vector<RecordedLog> logs;
    std::vector<RecordedPoint> points;
    std::vector<RecordedChange> changes;
    std::vector<RecordedRejection> rejections;
    std::vector<RecordedLineageNode> lineageNodes;
    std::vector<RecordedLineageEdge> lineageEdges;
    std::vector<RecordedLineageRun> lineageRuns;
    std::vector<RecordedColumnEdge> columnEdges;
    std::vector<RecordedFacet> facets;
    std::size_t spanEvents = 0, spanLinks = 0;

    void addSpan(const SpanRecord& s) override {
        spans.push_back({s.traceId.hex(), s.spanId.hex(),
                         s.parentSpanId ? s.parentSpanId->hex() : "", std::string(s.service),
                         std::string(s.name), std::string(s.tenant), std::string(s.attributesJson),
                         std::string(s.resourceJson), std::string(s.statusMessage),
                         std::string(s.scopeName), s.startNs, s.endNs, static_cast<int>(s.kind),
                         static_cast<int>(s.status), s.events.size(), s.links.size()});
        spanEvents += s.events.size();
        spanLinks += s.links.size();
    }
    void addLog(const LogRecord& l) override {
        logs.push_back({std::string(l.body), std::string(l.service), std::string(l.tenant),
                        l.traceId ? l.traceId->hex() : "", l.spanId ? l.spanId->hex() : "",
                        std::string(l.severityText), std::string(l.attributesJson),
                        std::string(l.eventName), l.timeNs, l.severityNumber});
    }
    void addMetricPoint(const MetricPoint& p) override {
        points.push_back({std::string(p.name), std::string(p.unit), std::string(p.service),
                          std::string(p.tenant), std::string(p.labelsJson),
                          std::string(p.bucketsJson), static_cast<int>(p.kind), p.timeNs,
                          p.value.has_value(), p.value.value_or(0), p.count.value_or(0)});
    }
    void addChange(const ChangeRecord& c) override {
        changes.push_back({std::string(c.kind), std::string(c.service), std::string(c.tenant),
                           std::string(c.title), std::string(c.version),
                           std::string(c.attributesJson), c.timeNs, c.endNs.has_value(),
                           c.endNs.value_or(0)});
    }
    void reject(const Rejection& r) override {
        rejections.push_back({std::string(r.location), std::string(r.reason)});
    }
    void addLineageNode(const LineageNodeRecord& n) override {
        lineageNodes.push_back({lineageKeyText(n.key), std::string(n.tenant), std::string(n.kind),
                                std::string(n.owner), std::string(n.description),
                                std::string(n.columnsJson), std::string(n.service),
                                n.seenNs.has_value(), n.seenNs.value_or(0)});
    }
    void addLineageEdge(const LineageEdgeRecord& e) override {
        lineageEdges.push_back({lineageKeyText(e.from), lineageKeyText(e.to), std::string(e.tenant),
                                std::string(e.label), e.seenNs.has_value(), e.seenNs.value_or(0)});
    }
    void addLineageRun(const LineageRunRecord& r) override {
        lineageRuns.push_back({lineageKeyText(r.job), std::string(r.tenant), std::string(r.runId),
                               std::string(r.eventType), std::string(r.errorMessage),
                               std::string(r.parentRunId), std::string(r.parentJob),
                               std::string(r.facetsJson), r.timeNs});
    }
    void addLineageColumnEdge(const LineageColumnEdgeRecord& c) override {
        columnEdges.push_back({lineageKeyText(c.from), std::string(c.fromColumn),
                               lineageKeyText(c.to), std::string(c.toColumn), std::string(c.tenant),
                               std::string(c.transformation), std::string(c.description)});
    }
    void addLineageFacet(const LineageFacetRecord& f) override {
        facets.push_back({lineageKeyText(f.node), std::string(f.tenant), std::string(f.name),
                          std::string(f.json), std::string(f.runId), f.timeNs.has_value(),
                          f.timeNs.value_or(0)});
    }
};

} // namespace casebook::test
