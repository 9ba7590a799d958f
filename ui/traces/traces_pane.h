#pragma once
// The Traces pane: a filter bar over the paged trace list of the scope and time window
// in the InvestigationContext. Choosing a row selects the trace in the context, which
// the waterfall follows.

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace casebook::ui {

class InvestigationContext;
class JobRunner;
class TraceListModel;

class TracesPane : public QWidget {
    Q_OBJECT
public:
    TracesPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    TraceListModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QLineEdit* filterEdit() const { return filter_; }
    QLabel* statusLabel() const { return status_; }
    bool isLoading() const;

    // Runs the filter now (typing runs it after a short pause).
    void applyFilter();
    // Puts `filter` in the filter bar and runs it (evidence opened from the case).
    void showFilter(const QString& filter);

signals:
    void loaded();
    void failed(const QString& message);

protected:
    // The pointer leaving the list takes the shared crosshair away.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void reload();
    void updateStatus();

    InvestigationContext* context_;
    TraceListModel* model_;
    QLineEdit* filter_;
    QLabel* status_;
    QTableView* table_;
    QTimer* typingPause_;
};

} // namespace casebook::ui
