#pragma once
// Records as importers hand them to a RecordSink. Text fields are views into the
// importer's buffers and are valid only for the duration of the sink call, so a
// parser can stream without copying every string.

#include "core/model/ids.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace casebook {

// OTLP SpanKind numbering (0 unspecified, 1 internal, 2 server, 3 client, 4 producer,
// 5 consumer); other formats map onto it.
enum class SpanKind : int { Unspecified = 0, Internal, Server, Client, Producer, Consumer };
// OTLP Status.code numbering.
enum class StatusCode : int { Unset = 0, Ok = 1, Error = 2 };

struct SpanEventRecord {
    std::int64_t timeNs = 0;
    std::string_view name;
    std::string_view attributesJson; // JSON object text, "{}" when none
};

struct SpanLinkRecord {
    TraceId traceId;
    SpanId spanId;
    std::string_view traceState;
    std::string_view attributesJson;
};

struct SpanRecord {
    TraceId traceId;
    SpanId spanId;
    std::optional<SpanId> parentSpanId;
    std::string_view service; // empty: unknown service
    std::string_view name;    // operation
    std::string_view tenant;  // empty: the bundle's default tenant
    SpanKind kind = SpanKind::Unspecified;
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
    StatusCode status = StatusCode::Unset;
    std::string_view statusMessage;
    std::string_view traceState;
    std::string_view scopeName;
    std::string_view scopeVersion;
    std::string_view attributesJson; // span attributes, JSON object text
    std::string_view resourceJson;   // resource attributes, JSON object text
    std::string_view correlationId;  // hot attribute, extracted for indexing
    std::string_view errorCode;      // hot attribute, extracted for indexing
    std::vector<SpanEventRecord> events;
    std::vector<SpanLinkRecord> links;
};

struct LogRecord {
    std::int64_t timeNs = 0; // event time; observed time when the event time is absent
    std::int64_t observedNs = 0;
    int severityNumber = 0; // OTLP SeverityNumber 1..24, 0 unspecified
    std::string_view severityText;
    std::string_view body; // string body as text; other AnyValue kinds as JSON text
    std::string_view service;
    std::string_view tenant;
    std::optional<TraceId> traceId;
    std::optional<SpanId> spanId;
    std::string_view eventName;
    std::string_view errorCode;
    std::string_view scopeName;
    std::string_view attributesJson;
    std::string_view resourceJson;
};

enum class MetricKind : int { Gauge = 0, Sum, Histogram, ExponentialHistogram, Summary };

// One data point with the identity of the series it belongs to. The writer interns
// series by (name, kind, unit, service, tenant, labels) so importers need not.
struct MetricPoint {
    std::string_view name;
    std::string_view unit;
    std::string_view description;
    MetricKind kind = MetricKind::Gauge;
    bool monotonic = false;
    int temporality = 0; // OTLP AggregationTemporality: 0 unspecified, 1 delta, 2 cumulative
    std::string_view service;
    std::string_view tenant;
    std::string_view
        labelsJson; // data point attributes, JSON object text (canonical order as given)
    std::string_view resourceJson; // resource attributes, JSON object text
    std::int64_t timeNs = 0;
    std::int64_t startNs = 0;
    std::optional<double> value;        // gauge / sum value; histogram sum
    std::optional<std::uint64_t> count; // histogram / summary count
    std::optional<double> min;
    std::optional<double> max;
    std::string_view
        bucketsJson; // histogram bounds/counts, exp. histogram scale/buckets, summary quantiles
};

// Kinds of change events, as written in change-event files.
struct ChangeRecord {
    std::int64_t timeNs = 0;
    std::optional<std::int64_t> endNs;
    std::string_view kind; // deploy, sdk_release, schema_change, config_change, feature_flag,
                           // vendor_incident, maintenance, incident, or another word
    std::string_view service;
    std::string_view tenant;
    std::string_view title;
    std::string_view version;
    std::string_view attributesJson;
};

// An SLO definition (docs/slo-format.md) as an importer read it.
struct SloRecord {
    std::string_view name;
    std::string_view tenant; // empty: every tenant with series of `sliMetric`
    // The metric whose series say which tenants an SLO without a tenant applies to.
    std::string_view sliMetric;
    std::string_view definitionJson; // the definition, normalised JSON object text
};

// Lineage (docs/lineage.md). A node is a job (a process that runs) or a dataset
// (something read and written), named by namespace and name as OpenLineage names them;
// its business kind refines the role (a sync or a journey is a job, a dashboard or a
// scoring model is read like a dataset).
enum class LineageRole : int { Dataset = 0, Job = 1 };

struct LineageNodeKey {
    LineageRole role = LineageRole::Dataset;
    std::string_view ns; // namespace
    std::string_view name;
};

// What a source says about a node. Empty fields say nothing (a later source may fill
// them); `kind` empty means the role's default (dataset or job).
struct LineageNodeRecord {
    LineageNodeKey key;
    std::string_view tenant; // empty: the bundle's default tenant
    std::string_view kind;   // dataset, job, dashboard, sync, journey, model, other
    std::string_view owner;  // owners, comma separated
    std::string_view description;
    std::string_view columnsJson;       // [{"name":..,"type":..,"description":..}] from a schema
    std::string_view service;           // a service of the telemetry this node runs as or feeds
    std::optional<std::int64_t> seenNs; // when the source saw it; none: known for all time
};

// Data flows from `from` to `to` (an input dataset to its job, a job to its output, a
// dbt parent to its child).
struct LineageEdgeRecord {
    LineageNodeKey from;
    LineageNodeKey to;
    std::string_view tenant;
    std::string_view label; // reads, writes, depends_on, or the word of an edges file
    std::optional<std::int64_t> seenNs;
};

// One event of a job run: its state at `timeNs`.
struct LineageRunRecord {
    LineageNodeKey job;
    std::string_view tenant;
    std::string_view runId;
    std::string_view eventType; // START, RUNNING, COMPLETE, ABORT, FAIL, OTHER
    std::int64_t timeNs = 0;
    std::string_view errorMessage;
    std::string_view parentRunId;
    std::string_view parentJob;  // "namespace/name" of the parent run's job
    std::string_view facetsJson; // run facets, JSON object text
};

// Column-level lineage: `toColumn` of `to` is derived from `fromColumn` of `from`.
struct LineageColumnEdgeRecord {
    LineageNodeKey from;
    std::string_view fromColumn;
    LineageNodeKey to;
    std::string_view toColumn;
    std::string_view tenant;
    std::string_view transformation; // "DIRECT/IDENTITY", "INDIRECT/JOIN", or empty
    std::string_view description;
    std::optional<std::int64_t> seenNs;
};

// A facet of a node as the source gave it (schema, dataQualityMetrics, ownership...).
struct LineageFacetRecord {
    LineageNodeKey node;
    std::string_view tenant;
    std::string_view name;
    std::string_view json;
    std::optional<std::int64_t> timeNs;
    std::string_view runId;
};

struct Rejection {
    std::string_view location; // "line 12", "byte 3456", "line 3, span 2"
    std::string_view reason;
};

} // namespace casebook
