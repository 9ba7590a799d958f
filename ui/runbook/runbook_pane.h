#pragma once
// The Runbook pane: pick a runbook (bundled, or a Markdown file of your own), start a run
// or continue the last one in scope, and walk it step by step. The current step shows its
// description and what it does: a check runs and its result and evidence appear inline,
// with links that open the evidence in the other panes at the right selection and time
// range; a manual step is marked done; a gate asks for a name and a reason. Notes go on
// any step. Everything is written to the case by the engine, in a job.

#include "core/casefile/case_ids.h"
#include "ui/jobs/job_runner.h"
#include "ui/runbook/runbook_run_view.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTextBrowser;
class QToolButton;

namespace casebook::ui {

class InvestigationContext;
class RunbookStepsModel;

class RunbookPane : public QWidget {
    Q_OBJECT
public:
    RunbookPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);
    ~RunbookPane() override;

    // A bundled runbook's name or a path to a Markdown file.
    void chooseRunbook(const QString& nameOrPath);
    // Starts a new run of the chosen runbook in the scope.
    void startRun();
    // Runs the current step (a check, a manual step or a conclusion).
    void runCurrentStep();
    // Decides the current gate with the name and reason typed in the pane.
    void decideGate(bool approve);
    void addNote();
    // Opens evidence of the shown run in the other panes.
    bool openEvidence(EvidenceId id);
    // Where the person's name for gates and notes comes from (QSettings by default).
    void setAuthor(const QString& author);

    bool isBusy() const;
    const RunView* view() const { return view_.get(); }
    QString selectedStep() const { return selectedStep_; }
    void selectStep(const QString& stepId);

    QComboBox* runbookSelector() const { return runbooks_; }
    QComboBox* runSelector() const { return runs_; }
    QPushButton* startButton() const { return start_; }
    QTableView* stepsView() const { return steps_; }
    // What the pane shows before a runbook is chosen: every runbook with its symptoms,
    // those suggested for the workspace first (a click chooses one).
    QTextBrowser* chooser() const { return chooser_; }
    // Bundled runbook names suggested for the open workspace, best first, each with why.
    void setSuggestions(const QList<QPair<QString, QString>>& suggestions);
    RunbookStepsModel* stepsModel() const { return model_; }
    QTextBrowser* descriptionView() const { return description_; }
    QTextBrowser* resultView() const { return result_; }
    QPushButton* runStepButton() const { return runStep_; }
    QLineEdit* personEdit() const { return person_; }
    QLineEdit* reasonEdit() const { return reason_; }
    QPushButton* approveButton() const { return approve_; }
    QPushButton* rejectButton() const { return reject_; }
    QLineEdit* noteEdit() const { return note_; }
    QPushButton* addNoteButton() const { return addNote_; }
    QLabel* statusLabel() const { return status_; }

signals:
    void loaded();
    void failed(const QString& message);

private:
    struct Loaded;
    void buildLayout();
    void reload(std::optional<CaseRunId> run = std::nullopt);
    // With no runbook chosen: the one of the newest run of the case in scope, if any.
    void restoreLatestRun();
    void present(Loaded result);
    void showStep(const QString& stepId);
    void updateActions();
    void updateStatus();
    void updateChooser();
    QString author() const;
    // Runs a write in a job, then reloads the view and tells the panes the case changed.
    template <typename Write> void write(Write write, std::optional<CaseRunId> show);

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot loadSlot_;
    JobSlot writeSlot_;
    RunbookStepsModel* model_;
    QComboBox* runbooks_;
    QToolButton* openFile_;
    QComboBox* runs_;
    QPushButton* start_;
    QLabel* symptoms_;
    QTableView* steps_;
    QLabel* stepTitle_;
    QTextBrowser* description_;

    QStackedWidget* actions_;
    QPushButton* runStep_;
    QLineEdit* person_;
    QLineEdit* reason_;
    QPushButton* approve_;
    QPushButton* reject_;
    QLabel* gateAction_;
    QTextBrowser* result_;
    QLineEdit* note_;
    QPushButton* addNote_;
    QLabel* status_;
    QTextBrowser* chooser_;
    QStackedWidget* pages_; // the chooser, or the steps and the step's detail
    QList<QPair<QString, QString>> suggestions_;
    QString choice_;
    QString selectedStep_;
    QString author_;
    std::unique_ptr<RunView> view_;
    QString loadError_;
};

} // namespace casebook::ui
