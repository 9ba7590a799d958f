#pragma once
// The Logs pane: full-text search, the filter language, level and service quick filters,
// a histogram of counts over time by severity (drag to choose the time window every pane
// follows) and the paged log table. A trace id in the table opens that trace.

#include "core/model/ids.h"
#include "ui/jobs/job_runner.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace casebook::ui {

class InvestigationContext;
class LogBodyDelegate;
class LogHistogramView;
class LogTableModel;

class LogsPane : public QWidget {
    Q_OBJECT
public:
    LogsPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    LogTableModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    LogHistogramView* histogram() const { return histogram_; }
    QLineEdit* searchEdit() const { return search_; }
    QLineEdit* filterEdit() const { return filter_; }
    QComboBox* levelSelector() const { return level_; }
    QComboBox* serviceSelector() const { return service_; }
    QLabel* statusLabel() const { return status_; }
    bool isLoading() const;

    // Shows only the records of one trace (and span); cleared with the chip's button or
    // when the scope changes.
    void showLogsOf(const TraceId& trace, const std::optional<SpanId>& span);
    // Runs the search and filter now (typing runs them after a short pause).
    void apply();
    // Puts a search and a filter in the fields and runs them (evidence opened from the case).
    void showQuery(const QString& search, const QString& filter);
    // Ids of the log records selected in the table.
    QList<qint64> selectedLogIds() const;

signals:
    void loaded();
    void failed(const QString& message);
    // Pin these log records to the case as evidence.
    void pinLogLinesRequested(const QList<qint64>& ids);

private:
    void reload();
    void reloadServices();
    void updateStatus();

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot histogramSlot_;
    JobSlot servicesSlot_;
    LogTableModel* model_;
    LogBodyDelegate* bodyDelegate_;
    LogHistogramView* histogram_;
    QLineEdit* search_;
    QLineEdit* filter_;
    QComboBox* level_;
    QComboBox* service_;
    QLabel* chip_;
    QPushButton* clearChip_;
    QLabel* window_;
    QPushButton* clearWindow_;
    QLabel* status_;
    QPushButton* pinLines_;
    QTableView* table_;
    QTimer* typingPause_;
    std::optional<TraceId> trace_;
    std::optional<SpanId> span_;
};

} // namespace casebook::ui
