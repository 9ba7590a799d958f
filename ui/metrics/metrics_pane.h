#pragma once
// The Metrics pane: a browser of the scope's series and SLOs on the left, and the charts
// on one shared time axis on the right, with the range in view, a baseline a period
// earlier (dashed, with the change in words) and export of the charts as PNG or SVG.

#include "core/analysis/analysis_ids.h"
#include "ui/jobs/job_runner.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTabWidget;
class QTimer;
class QToolButton;

namespace casebook::ui {

class ChartStack;
struct ChartPin;
class InvestigationContext;
class SeriesListModel;
class SloTableModel;

class MetricsPane : public QWidget {
    Q_OBJECT
public:
    MetricsPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    ChartStack* charts() const { return charts_; }
    SeriesListModel* seriesModel() const { return series_; }
    SloTableModel* sloModel() const { return slos_; }
    QTableView* seriesTable() const { return seriesTable_; }
    QTableView* sloTable() const { return sloTable_; }
    QPushButton* pinSloButton() const { return pinSlo_; }
    QLineEdit* searchEdit() const { return search_; }
    QComboBox* baselineSelector() const { return baseline_; }
    QLabel* rangeLabel() const { return range_; }
    QTabWidget* browserTabs() const { return tabs_; }
    bool isLoading() const;

    // Charts these series (kept when already charted).
    void showSeries(const std::vector<SeriesId>& series);
    void showSlo(SloId slo);
    // Baselines: 0 (none), a day, a week or any period.
    void setBaselinePeriod(std::int64_t periodNs);

signals:
    void loaded();
    void failed(const QString& message);
    // "Pin Chart Range…" on one of the charts.
    void chartPinRequested(const casebook::ui::ChartPin& pin);
    // "Pin SLO Status…" under the SLO list.
    void sloPinRequested(qint64 slo, const QString& name);

private:
    void reloadBrowser();
    void reloadSlos();
    void updateRangeLabel();
    void addSloFromText();
    void exportCharts(bool svg);

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot slosSlot_;
    JobSlot addSlot_;
    SeriesListModel* series_;
    SloTableModel* slos_;
    QTabWidget* tabs_;
    QLineEdit* search_;
    QTableView* seriesTable_;
    QTableView* sloTable_;
    QPushButton* pinSlo_ = nullptr;
    QLabel* range_;
    QPushButton* resetRange_;
    QComboBox* baseline_;
    QToolButton* export_;
    ChartStack* charts_;
    QTimer* typingPause_;
};

} // namespace casebook::ui
