#include "core/store/schema.h"

#include "core/casefile/case_schema.h"
#include "core/store/audit_trail.h"
#include "core/store/sqlite.h"

#include <string>

namespace casebook {
namespace {

// Version 1: the signal tables. Times are int64 ns UTC; trace/span ids are BLOBs;
// every signal row carries bundle_id and tenant_id; attributes are JSON text with the
// hot ones in indexed columns.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE bundles(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  source_path TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  imported_at_ns INTEGER NOT NULL,
  default_tenant_id INTEGER
);
CREATE TABLE import_files(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  path TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT '',
  bytes INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  partial INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE rejected_records(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  file_id INTEGER NOT NULL REFERENCES import_files(id),
  location TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX rejected_by_file ON rejected_records(file_id);
CREATE TABLE tenants(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE services(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE resources(id INTEGER PRIMARY KEY, attributes TEXT NOT NULL);
CREATE TABLE spans(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  trace_id BLOB NOT NULL,
  span_id BLOB NOT NULL,
  parent_span_id BLOB,
  service_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  status_code INTEGER NOT NULL,
  status_message TEXT,
  trace_state TEXT,
  scope_name TEXT,
  scope_version TEXT,
  correlation_id TEXT,
  error_code TEXT,
  attributes TEXT NOT NULL,
  resource_id INTEGER
);
CREATE INDEX spans_by_trace ON spans(trace_id);
CREATE INDEX spans_by_service_time ON spans(service_id, start_ns);
CREATE TABLE span_events(
  id INTEGER PRIMARY KEY,
  span_row INTEGER NOT NULL,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  time_ns INTEGER NOT NULL,
  name TEXT NOT NULL,
  attributes TEXT NOT NULL
);
CREATE INDEX span_events_by_span ON span_events(span_row);
CREATE TABLE span_links(
  id INTEGER PRIMARY KEY,
  span_row INTEGER NOT NULL,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  linked_trace_id BLOB NOT NULL,
  linked_span_id BLOB NOT NULL,
  trace_state TEXT,
  attributes TEXT NOT NULL
);
CREATE INDEX span_links_by_span ON span_links(span_row);
CREATE TABLE logs(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  time_ns INTEGER NOT NULL,
  observed_ns INTEGER NOT NULL,
  severity_number INTEGER NOT NULL,
  severity_text TEXT,
  service_id INTEGER NOT NULL,
  body TEXT NOT NULL,
  trace_id BLOB,
  span_id BLOB,
  event_name TEXT,
  error_code TEXT,
  scope_name TEXT,
  attributes TEXT NOT NULL,
  resource_id INTEGER
);
CREATE INDEX logs_by_tenant_time ON logs(tenant_id, time_ns);
CREATE INDEX logs_by_trace ON logs(trace_id) WHERE trace_id IS NOT NULL;
CREATE VIRTUAL TABLE logs_fts USING fts5(body, content='logs', content_rowid='id');
CREATE TABLE metric_series(
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  bundle_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  description TEXT NOT NULL,
  kind INTEGER NOT NULL,
  monotonic INTEGER NOT NULL,
  temporality INTEGER NOT NULL,
  service_id INTEGER NOT NULL,
  labels TEXT NOT NULL,
  resource_id INTEGER,
  UNIQUE(tenant_id, name, kind, unit, service_id, labels)
);
CREATE TABLE metric_points(
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  time_ns INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  value REAL,
  count INTEGER,
  min REAL,
  max REAL,
  buckets TEXT
);
CREATE INDEX points_by_series_time ON metric_points(series_id, time_ns);
CREATE TABLE changes(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  time_ns INTEGER NOT NULL,
  end_ns INTEGER,
  kind TEXT NOT NULL,
  service_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  version TEXT,
  attributes TEXT NOT NULL
);
CREATE INDEX changes_by_tenant_time ON changes(tenant_id, time_ns);
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at_ns INTEGER NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

// Version 2: one summary row per (trace, tenant), so that trace lists sort by
// duration or span count without scanning spans. Backfilled from existing spans.
constexpr const char* kMigration2 = R"sql(
CREATE TABLE traces(
  trace_id BLOB NOT NULL,
  tenant_id INTEGER NOT NULL,
  bundle_id INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  duration_ns INTEGER NOT NULL,
  span_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  service_count INTEGER NOT NULL,
  root_service_id INTEGER,
  root_name TEXT,
  PRIMARY KEY(trace_id, tenant_id)
) WITHOUT ROWID;
CREATE INDEX traces_by_tenant_start ON traces(tenant_id, start_ns);
CREATE INDEX traces_by_tenant_duration ON traces(tenant_id, duration_ns);
)sql";

constexpr const char* kTraceSummaryBackfill = R"sql(
INSERT INTO traces
SELECT trace_id, tenant_id, max(bundle_id), min(start_ns), max(end_ns), max(end_ns) - min(start_ns),
       count(*), sum(status_code = 2), count(DISTINCT service_id), NULL, NULL
FROM spans GROUP BY trace_id, tenant_id;
UPDATE traces SET (root_service_id, root_name) = (
  SELECT s.service_id, s.name FROM spans s
  WHERE s.trace_id = traces.trace_id AND s.tenant_id = traces.tenant_id
  ORDER BY s.parent_span_id IS NOT NULL, s.start_ns LIMIT 1);
)sql";

// Version 3: how an importer read a file (the log keys it detected, say) is kept apart
// from what went wrong with it.
constexpr const char* kMigration3 = R"sql(
ALTER TABLE import_files ADD COLUMN note TEXT NOT NULL DEFAULT '';
)sql";

// Version 4: metric analysis. metric_rollups holds, per metric series, tiles of 64 and
// 4,096 consecutive points (count, sum, extremes with their times, first/last value and
// the counter increase) of the value a chart shows (the value of a gauge, the rate of a
// counter), so that a range over a million points is downsampled from a few thousand
// tiles instead of every point. Rebuilt for the series an import touches. slos holds
// SLO definitions, one row per tenant they apply to, from bundles or added in the app.
constexpr const char* kMigration4 = R"sql(
CREATE TABLE metric_rollups(
  series_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  level INTEGER NOT NULL,
  first_ns INTEGER NOT NULL,
  last_ns INTEGER NOT NULL,
  points INTEGER NOT NULL,
  sum REAL NOT NULL,
  min_value REAL NOT NULL,
  min_ns INTEGER NOT NULL,
  max_value REAL NOT NULL,
  max_ns INTEGER NOT NULL,
  first_value REAL NOT NULL,
  last_value REAL NOT NULL,
  increase REAL NOT NULL,
  PRIMARY KEY(series_id, level, first_ns)
) WITHOUT ROWID;
CREATE TABLE metric_rollup_state(
  series_id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  points INTEGER NOT NULL,
  first_ns INTEGER NOT NULL,
  last_ns INTEGER NOT NULL
);
CREATE TABLE slos(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER,
  tenant_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_ns INTEGER NOT NULL,
  UNIQUE(tenant_id, name)
);
)sql";

// Version 6: lineage (docs/lineage.md). Nodes are jobs and datasets (and the business
// kinds refining them) named by (role, namespace, name) per tenant; a node, edge or
// column edge seen by several bundles is one row, kept by the bundle that first brought
// it. first_seen_ns is the earliest time a source asserted the row, NULL when a static
// source (an edges CSV) asserts it for all time: "the lineage as of T" is what was known
// at T. Runs are kept one row per run event (START, COMPLETE, FAIL...), so the state of a
// job at any moment can be replayed. Facets are kept as JSON, one row per node, facet
// name and event.
constexpr const char* kMigration6 = R"sql(
CREATE TABLE lineage_nodes(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  role INTEGER NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT,
  description TEXT,
  columns TEXT,
  first_seen_ns INTEGER,
  UNIQUE(tenant_id, role, namespace, name)
);
CREATE INDEX lineage_nodes_by_name ON lineage_nodes(tenant_id, name);
CREATE TABLE lineage_edges(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  from_node INTEGER NOT NULL,
  to_node INTEGER NOT NULL,
  label TEXT NOT NULL,
  first_seen_ns INTEGER,
  last_seen_ns INTEGER,
  UNIQUE(tenant_id, from_node, to_node)
);
CREATE INDEX lineage_edges_by_target ON lineage_edges(to_node);
CREATE TABLE lineage_run_events(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  node_id INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  time_ns INTEGER NOT NULL,
  error_message TEXT,
  parent_run_id TEXT,
  parent_job TEXT,
  facets TEXT NOT NULL,
  UNIQUE(tenant_id, node_id, run_id, event_type, time_ns)
);
CREATE INDEX lineage_runs_by_node_time ON lineage_run_events(node_id, time_ns);
CREATE INDEX lineage_runs_by_tenant_time ON lineage_run_events(tenant_id, time_ns);
CREATE TABLE lineage_column_edges(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  from_node INTEGER NOT NULL,
  from_column TEXT NOT NULL,
  to_node INTEGER NOT NULL,
  to_column TEXT NOT NULL,
  transformation TEXT NOT NULL,
  description TEXT,
  first_seen_ns INTEGER,
  UNIQUE(tenant_id, from_node, from_column, to_node, to_column, transformation)
);
CREATE INDEX lineage_column_edges_by_target ON lineage_column_edges(to_node, to_column);
CREATE TABLE lineage_facets(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  node_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  time_ns INTEGER,
  run_id TEXT,
  facet TEXT NOT NULL
);
CREATE INDEX lineage_facets_by_node ON lineage_facets(node_id, name, time_ns);
CREATE TABLE lineage_node_services(
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  node_id INTEGER NOT NULL,
  service_id INTEGER NOT NULL,
  UNIQUE(node_id, service_id)
);
CREATE TABLE lineage_layout_cache(
  tenant_id INTEGER NOT NULL,
  cache_key TEXT NOT NULL,
  bundle_id INTEGER NOT NULL,
  created_ns INTEGER NOT NULL,
  node_count INTEGER NOT NULL,
  layout TEXT NOT NULL,
  PRIMARY KEY(tenant_id, cache_key)
) WITHOUT ROWID;
)sql";

// Version 7: rollup tiles by aligned slot of time (1 min, 15 min, 4 h) instead of by
// runs of 64 and 4,096 points, so that a grid of whole slots (the anomaly scan, a step
// table, a baseline) is answered from tiles alone, and keyed by slot, so that many points
// on one timestamp can no longer collide. Histogram tiles keep their merged buckets. The
// old tiles are dropped; every series that needs tiles is listed in
// metric_rollup_pending, and buildPendingRollups (core/analysis) builds them after the
// migration (the app does it in a job when it opens the workspace, every import does it
// too).
constexpr const char* kMigration7 = R"sql(
DROP TABLE metric_rollups;
DROP TABLE metric_rollup_state;
CREATE TABLE metric_rollups(
  series_id INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  level INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  first_ns INTEGER NOT NULL,
  last_ns INTEGER NOT NULL,
  points INTEGER NOT NULL,
  sum REAL NOT NULL,
  increase REAL NOT NULL,
  min_value REAL NOT NULL,
  min_ns INTEGER NOT NULL,
  max_value REAL NOT NULL,
  max_ns INTEGER NOT NULL,
  buckets TEXT,
  PRIMARY KEY(series_id, level, slot)
) WITHOUT ROWID;
CREATE TABLE metric_rollup_state(
  series_id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  points INTEGER NOT NULL,
  first_ns INTEGER NOT NULL,
  last_ns INTEGER NOT NULL,
  levels INTEGER NOT NULL
);
CREATE TABLE metric_rollup_pending(series_id INTEGER PRIMARY KEY);
INSERT INTO metric_rollup_pending
  SELECT series_id FROM metric_points GROUP BY series_id HAVING count(*) >= 1024;
)sql";

int userVersion(Database& db) {
    return static_cast<int>(db.scalarInt("PRAGMA user_version"));
}

} // namespace

void migrate(Database& db, int target) {
    const int current = userVersion(db);
    if (current > target)
        throw StoreError("workspace schema version " + std::to_string(current) +
                         " is newer than this Casebook understands (" + std::to_string(target) +
                         ")");
    for (int version = current + 1; version <= target; ++version) {
        Transaction tx(db);
        switch (version) {
        case 1:
            db.exec(kMigration1);
            db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
            break;
        case 2:
            db.exec(kMigration2);
            db.exec(kTraceSummaryBackfill);
            break;
        case 3:
            db.exec(kMigration3);
            break;
        case 4:
            db.exec(kMigration4);
            break;
        case 5:
            // The case file: the audit trail becomes hash-chained and append-only, and the
            // case tables hold runbook runs, checks, decisions, evidence, notes and marks.
            migrateAuditTrailToChain(db);
            createCaseTables(db);
            break;
        case 6:
            db.exec(kMigration6);
            break;
        case 7:
            db.exec(kMigration7);
            break;
        default:
            throw StoreError("no migration to schema version " + std::to_string(version));
        }
        db.exec("PRAGMA user_version = " + std::to_string(version));
        tx.commit();
    }
}

} // namespace casebook
