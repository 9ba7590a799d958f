#pragma once
// The Findings dock: "what changed", run as a job with progress over the scope, listed
// like a compiler's diagnostics. Activating a finding or what it cites leads there: the
// chart of its anomalies over its range, the change on the charts, the log template in
// the log pane, the trace filter in the trace list.

#include "core/analysis/analysis_ids.h"
#include "core/analysis/findings.h"
#include "core/model/ids.h"
#include "core/query/change_queries.h"
#include "core/store/scope.h"
#include "ui/jobs/job_runner.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeView;

namespace casebook::ui {

class FindingsModel;
class InvestigationContext;

class FindingsPane : public QWidget {
    Q_OBJECT
public:
    FindingsPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    FindingsModel* model() const { return model_; }
    QTreeView* tree() const { return tree_; }
    QLabel* statusLabel() const { return status_; }
    QLabel* summaryLabel() const { return summary_; }
    QProgressBar* progressBar() const { return progress_; }
    bool isRunning() const;

    // Looks for findings in the scope now (a run on its way is dropped).
    void run();
    // Runs when the scope changed since the last run (also while the dock is hidden).
    void runIfStale();
    // Goes where the finding or evidence at `index` points (what activating it does).
    void follow(const QModelIndex& index);
    // Asks to pin the finding at the current row (or the one its evidence belongs to).
    void pinCurrent();
    QPushButton* pinButton() const { return pinButton_; }

signals:
    void seriesRequested(const std::vector<SeriesId>& series, const TimeWindow& window);
    void logSearchRequested(const QString& words, const TimeWindow& window);
    void tracesRequested(const QString& filter, const TimeWindow& window);
    void finished();
    void failed(const QString& message);
    // "Pin Finding…": the finding as `finding` evidence.
    void findingPinRequested(const casebook::Finding& finding);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void showSummary(const QModelIndex& index);

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot slot_;
    FindingsModel* model_;
    QPushButton* runButton_;
    QCheckBox* withInfo_;
    QPushButton* pinButton_;
    QProgressBar* progress_;
    QLabel* status_;
    QTreeView* tree_;
    QLabel* summary_;
    bool dirty_ = false;
};

} // namespace casebook::ui
