-- The baseline a user could pick instead of Casebook: load the same OTLP JSON-lines
-- files into SQLite with the sqlite3 shell alone, using its JSON functions. It extracts
-- the same hot columns and builds the same indexes and full-text index, but keeps ids
-- as hex text and attributes as raw OTLP arrays (less work than Casebook does).
-- The bench substitutes @DIR@ with the bundle folder and @US@ with the byte 0x1F.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE raw_lines(line TEXT);
CREATE TABLE spans(trace_id TEXT, span_id TEXT, parent_span_id TEXT, service TEXT, name TEXT, kind INTEGER,
                   start_ns INTEGER, end_ns INTEGER, status_code INTEGER, attributes TEXT);
CREATE INDEX spans_by_trace ON spans(trace_id);
CREATE INDEX spans_by_service_time ON spans(service, start_ns);
CREATE TABLE logs(time_ns INTEGER, severity_number INTEGER, service TEXT, body TEXT, trace_id TEXT,
                  span_id TEXT, attributes TEXT);
CREATE INDEX logs_by_time ON logs(time_ns);
CREATE INDEX logs_by_trace ON logs(trace_id);
CREATE VIRTUAL TABLE logs_fts USING fts5(body, content='logs', content_rowid='rowid');
CREATE TABLE metric_points(name TEXT, service TEXT, time_ns INTEGER, value REAL, labels TEXT);
CREATE INDEX points_by_series_time ON metric_points(name, time_ns);
.mode ascii
.separator "@US@" "\n"
BEGIN;
.import @DIR@/traces.otlp.jsonl raw_lines
INSERT INTO spans
SELECT json_extract(sp.value, '$.traceId'), json_extract(sp.value, '$.spanId'),
       json_extract(sp.value, '$.parentSpanId'),
       (SELECT json_extract(a.value, '$.value.stringValue') FROM json_each(rs.value, '$.resource.attributes') a
        WHERE json_extract(a.value, '$.key') = 'service.name'),
       json_extract(sp.value, '$.name'), json_extract(sp.value, '$.kind'),
       CAST(json_extract(sp.value, '$.startTimeUnixNano') AS INTEGER),
       CAST(json_extract(sp.value, '$.endTimeUnixNano') AS INTEGER),
       coalesce(json_extract(sp.value, '$.status.code'), 0), json_extract(sp.value, '$.attributes')
FROM raw_lines r, json_each(r.line, '$.resourceSpans') rs, json_each(rs.value, '$.scopeSpans') ss,
     json_each(ss.value, '$.spans') sp
WHERE json_valid(r.line);
DELETE FROM raw_lines;
.import @DIR@/logs.otlp.jsonl raw_lines
INSERT INTO logs
SELECT CAST(json_extract(lr.value, '$.timeUnixNano') AS INTEGER), json_extract(lr.value, '$.severityNumber'),
       (SELECT json_extract(a.value, '$.value.stringValue') FROM json_each(rl.value, '$.resource.attributes') a
        WHERE json_extract(a.value, '$.key') = 'service.name'),
       json_extract(lr.value, '$.body.stringValue'), json_extract(lr.value, '$.traceId'),
       json_extract(lr.value, '$.spanId'), json_extract(lr.value, '$.attributes')
FROM raw_lines r, json_each(r.line, '$.resourceLogs') rl, json_each(rl.value, '$.scopeLogs') sl,
     json_each(sl.value, '$.logRecords') lr
WHERE json_valid(r.line);
INSERT INTO logs_fts(logs_fts) VALUES('rebuild');
DELETE FROM raw_lines;
.import @DIR@/metrics.otlp.jsonl raw_lines
INSERT INTO metric_points
SELECT json_extract(m.value, '$.name'),
       (SELECT json_extract(a.value, '$.value.stringValue') FROM json_each(rm.value, '$.resource.attributes') a
        WHERE json_extract(a.value, '$.key') = 'service.name'),
       CAST(json_extract(dp.value, '$.timeUnixNano') AS INTEGER),
       coalesce(json_extract(dp.value, '$.asDouble'), CAST(json_extract(dp.value, '$.asInt') AS REAL),
                json_extract(dp.value, '$.sum')),
       json_extract(dp.value, '$.attributes')
FROM raw_lines r, json_each(r.line, '$.resourceMetrics') rm, json_each(rm.value, '$.scopeMetrics') sm,
     json_each(sm.value, '$.metrics') m,
     json_each(coalesce(json_extract(m.value, '$.sum.dataPoints'), json_extract(m.value, '$.gauge.dataPoints'),
                        json_extract(m.value, '$.histogram.dataPoints'), '[]')) dp
WHERE json_valid(r.line);
DELETE FROM raw_lines;
COMMIT;
SELECT 'baseline rows', (SELECT count(*) FROM spans), (SELECT count(*) FROM logs), (SELECT count(*) FROM metric_points);
