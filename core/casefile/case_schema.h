#pragma once

namespace casebook {

class Database;

// Migration step: the case tables (runbook runs, steps, checks, decisions, evidence,
// notes, marks, titles), each append-only through triggers. docs/case-file.md.
void createCaseTables(Database& db);

// The case tables, in the order their rows are verified.
inline constexpr const char* kCaseTables[] = {"case_runs",  "case_checks",   "case_decisions",
                                              "case_steps", "case_evidence", "case_notes",
                                              "case_marks", "case_titles"};

} // namespace casebook
