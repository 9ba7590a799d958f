#include "core/casefile/case_schema.h"

#include "core/store/sqlite.h"

#include <string>

namespace casebook {
namespace {

// Every row says when it was recorded (at_ns) and in which scope (tenant_id; NULL when it
// was recorded across all tenants), so a tenant-scoped case shows only that tenant's rows.
constexpr const char* kCaseTablesSql = R"sql(
CREATE TABLE case_runs(
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER,
  at_ns INTEGER NOT NULL,
  runbook_name TEXT NOT NULL,
  runbook_title TEXT NOT NULL,
  runbook_source TEXT NOT NULL,
  runbook_sha256 TEXT NOT NULL,
  runbook_text TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT ''
);
CREATE TABLE case_checks(
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES case_runs(id),
  tenant_id INTEGER,
  at_ns INTEGER NOT NULL,
  step_id TEXT NOT NULL,
  step_title TEXT NOT NULL,
  kind TEXT NOT NULL,
  parameters TEXT NOT NULL,
  query TEXT NOT NULL,
  pass_condition TEXT NOT NULL,
  outcome TEXT NOT NULL,
  summary TEXT NOT NULL,
  result_values TEXT NOT NULL,
  impact TEXT NOT NULL DEFAULT '',
  duration_ns INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_checks_by_run ON case_checks(run_id);
CREATE TABLE case_decisions(
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES case_runs(id),
  tenant_id INTEGER,
  at_ns INTEGER NOT NULL,
  step_id TEXT NOT NULL,
  step_title TEXT NOT NULL,
  action TEXT NOT NULL,
  person TEXT NOT NULL CHECK(length(trim(person)) > 0),
  reason TEXT NOT NULL CHECK(length(trim(reason)) > 0),
  approved INTEGER NOT NULL CHECK(approved IN (0, 1))
);
CREATE TABLE case_steps(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES case_runs(id),
  tenant_id INTEGER,
  at_ns INTEGER NOT NULL,
  step_id TEXT NOT NULL,
  step_title TEXT NOT NULL,
  outcome TEXT NOT NULL,
  next_step TEXT,
  check_id INTEGER REFERENCES case_checks(id),
  decision_id INTEGER REFERENCES case_decisions(id),
  summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_steps_by_run ON case_steps(run_id);
CREATE TABLE case_evidence(
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER,
  at_ns INTEGER NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  from_ns INTEGER,
  to_ns INTEGER,
  check_id INTEGER REFERENCES case_checks(id),
  run_id INTEGER REFERENCES case_runs(id),
  step_id TEXT,
  payload TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_evidence_by_check ON case_evidence(check_id);
CREATE TABLE case_notes(
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER,
  at_ns INTEGER NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL CHECK(length(trim(text)) > 0),
  run_id INTEGER REFERENCES case_runs(id),
  step_id TEXT,
  evidence_id INTEGER REFERENCES case_evidence(id)
);
CREATE TABLE case_marks(
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER,
  at_ns INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('impact_start', 'detection', 'mitigation', 'resolution')),
  time_ns INTEGER,
  author TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE case_titles(
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER,
  at_ns INTEGER NOT NULL,
  entry TEXT NOT NULL,
  title TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_titles_by_entry ON case_titles(entry, id);
)sql";

} // namespace

void createCaseTables(Database& db) {
    db.exec(kCaseTablesSql);
    // The record of an investigation only grows: a later mark or title supersedes an
    // earlier one by being newer, never by overwriting it.
    for (const char* table : kCaseTables) {
        const std::string name(table);
        db.exec("CREATE TRIGGER " + name + "_no_update BEFORE UPDATE ON " + name +
                " BEGIN SELECT RAISE(ABORT, 'the case file is append-only: " + name +
                " rows cannot be changed'); END;"
                "CREATE TRIGGER " +
                name + "_no_delete BEFORE DELETE ON " + name +
                " BEGIN SELECT RAISE(ABORT, 'the case file is append-only: " + name +
                " rows cannot be removed'); END;");
    }
}

} // namespace casebook
