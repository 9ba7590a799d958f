#pragma once
// Runs a runbook against a workspace and records every step in the case file. The engine
// holds no state of its own: where a run stands is read back from the case (the steps it
// recorded), so the GUI, the CLI and a reopened workspace all continue the same run.
//
// A check step runs its kind from the registry, compares the values with the pass
// condition and goes on to `on pass` / `on fail` (or `next`, or the following step); a
// gate waits for a named person's decision with a reason; a manual step is marked done; a
// conclusion ends the run with its diagnosis and verdict.

#include "core/casefile/case_file.h"
#include "core/casefile/case_queries.h"
#include "core/runbook/check_registry.h"
#include "core/runbook/runbook.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class Workspace;

struct StepExecution {
    std::string stepId;
    std::string stepTitle;
    StepKind kind = StepKind::Manual;
    // "pass", "fail", "info", "error", "approved", "rejected", "done", "skipped", or a
    // conclusion's verdict ("confirmed", "ruled-out", "inconclusive").
    std::string outcome;
    std::optional<std::string> next; // none: the run ended at this step
    std::string summary;
    std::optional<CheckResult> check;
    std::optional<CheckRecordId> checkRecord;
    std::vector<EvidenceId> evidence;
    std::optional<DecisionId> decision;
    std::int64_t durationNs = 0;
};

struct GateDecision {
    std::string person;
    std::string reason;
    bool approved = false;
};

// What the case says about a run.
struct RunbookRunState {
    CaseRunId run{};
    std::vector<CaseStepRow> path;          // the steps recorded, oldest first
    std::optional<std::string> currentStep; // none: the run has ended
    std::optional<std::string> diagnosis;   // set when it ended at a conclusion
    std::optional<std::string> verdict;
    bool ended() const { return !currentStep; }
};

// What a headless run did and where it stopped.
struct HeadlessRun {
    std::vector<StepExecution> steps;
    std::optional<std::string> waitingAtGate; // the gate step it stopped at
    std::optional<std::string> errorAtStep;   // a check that could not run
    bool stepLimitReached = false;            // it went round a loop too often
    RunbookRunState state;
};

class RunbookEngine {
public:
    explicit RunbookEngine(const CheckRegistry& registry = builtinCheckRegistry());

    // Records a new run of `runbook` in the case.
    CaseRunId startRun(Workspace& ws, const Scope& scope, const Runbook& runbook,
                       std::string_view author) const;
    RunbookRunState state(Workspace& ws, const Scope& scope, CaseRunId run,
                          const Runbook& runbook) const;

    // Runs a check, marks a manual step done or reaches a conclusion, and records it.
    // Throws std::invalid_argument for a gate (use decideGate) or an unknown step. A check
    // that fails to run (a SQL error, say) is recorded with outcome "error" and the run
    // stays at that step.
    StepExecution executeStep(Workspace& ws, const Scope& scope, CaseRunId run,
                              const Runbook& runbook, std::string_view stepId,
                              std::string_view author = {}) const;
    // Records a gate decision; a name and a reason are required.
    StepExecution decideGate(Workspace& ws, const Scope& scope, CaseRunId run,
                             const Runbook& runbook, std::string_view stepId,
                             const GateDecision& decision) const;
    // Without a person at the keyboard: from the current step, runs checks, passes manual
    // steps as "skipped", and stops at a gate, a conclusion, an error or the end.
    HeadlessRun runHeadless(Workspace& ws, const Scope& scope, CaseRunId run,
                            const Runbook& runbook, int maxSteps = 200) const;

    const CheckRegistry& registry() const { return registry_; }

private:
    StepExecution runCheck(Workspace& ws, const Scope& scope, CaseRunId run,
                           const RunbookStep& step, const Runbook& runbook) const;
    StepExecution recordPlainStep(Workspace& ws, const Scope& scope, CaseRunId run,
                                  const Runbook& runbook, const RunbookStep& step, bool headless,
                                  std::string_view author) const;

    const CheckRegistry& registry_;
};

} // namespace casebook
