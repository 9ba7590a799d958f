#pragma once
// What the Runbook pane shows of one runbook in one scope, read in a job: the runbook,
// its runs in the case, and for the chosen run the path, the latest result of each step
// with its check and evidence, and the notes on its steps.

#include "core/casefile/case_queries.h"
#include "core/runbook/runbook.h"
#include "core/runbook/runbook_engine.h"
#include "core/store/scope.h"

#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace casebook::ui {

struct StepRecordView {
    CaseStepRow step;                  // the latest record of the step in the run
    std::optional<CaseCheckRow> check; // its check, if it was one
    std::vector<CaseEvidenceRow> evidence;
};

struct RunView {
    Runbook runbook;
    std::vector<CaseRunRow> runs; // of this runbook (same name) in scope, oldest first
    std::optional<CaseRunId> run; // the run shown; none: no run yet
    RunbookRunState state;        // of that run
    std::map<std::string, StepRecordView> latest;          // by step id
    std::map<std::string, std::vector<CaseNoteRow>> notes; // by step id
    std::vector<CaseEvidenceRow> evidence;                 // every evidence row of the run
};

// Reads the view on a worker thread. `run` picks a run; without one, the newest run of
// the runbook in scope is shown.
RunView loadRunView(const QString& workspacePath, const Scope& scope, const Runbook& runbook,
                    std::optional<CaseRunId> run);

} // namespace casebook::ui
