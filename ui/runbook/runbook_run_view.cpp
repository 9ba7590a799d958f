#include "ui/runbook/runbook_run_view.h"

#include "core/store/workspace.h"
#include "ui/util/text.h"

namespace casebook::ui {

RunView loadRunView(const QString& workspacePath, const Scope& scope, const Runbook& runbook,
                    std::optional<CaseRunId> run) {
    auto ws = Workspace::open(toFsPath(workspacePath), Workspace::OpenMode::ReadOnly);
    RunView view;
    view.runbook = runbook;
    for (auto& r : listCaseRuns(*ws, scope))
        if (r.name == runbook.name && r.title == runbook.title)
            view.runs.push_back(std::move(r));
    if (run) {
        view.run = run;
    } else if (!view.runs.empty()) {
        view.run = view.runs.back().id;
    }
    if (!view.run)
        return view;
    const RunbookEngine engine;
    view.state = engine.state(*ws, scope, *view.run, runbook);
    std::map<std::int64_t, CaseCheckRow> checks;
    for (auto& c : listCaseChecks(*ws, scope, *view.run))
        checks.emplace(raw(c.id), std::move(c));
    for (const auto& e : listCaseEvidence(*ws, scope))
        if (e.run == view.run)
            view.evidence.push_back(e);
    for (const auto& s : view.state.path) {
        StepRecordView record;
        record.step = s;
        if (s.check) {
            if (auto it = checks.find(raw(*s.check)); it != checks.end())
                record.check = it->second;
            for (const auto& e : view.evidence)
                if (e.check == s.check)
                    record.evidence.push_back(e);
        }
        view.latest[s.stepId] = std::move(record);
    }
    for (auto& n : listCaseNotes(*ws, scope))
        if (n.run == view.run && n.stepId)
            view.notes[*n.stepId].push_back(std::move(n));
    return view;
}

} // namespace casebook::ui
