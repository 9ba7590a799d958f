#pragma once
// The Lineage pane: start from a broken job or dataset and see what it affects. It opens
// focused on the most recently failed job (or on what the investigator searches for) with
// N hops up and down; neighbours beyond are folded into groups that count them and open on
// a click. Filters by kind, namespace, owner and status; the path between two nodes
// highlighted or isolated; the lineage replayed as of any moment (following the time
// window the other panes share); a details panel; the impact list in business words; and
// exports of the picture (SVG, PNG, DOT) and of the impact list (CSV, Markdown), whole.
//
// Every engine call runs as a job: the snapshot (graph and status) and details read the
// workspace on a worker, views and impact are computed there, and layouts run in the
// casebook-layout helper process, abandoned at a time limit (a whole large lineage) or as
// soon as the investigator asks for something else.

#include "ui/jobs/job_runner.h"
#include "ui/lineage/impact_table_model.h"
#include "ui/lineage/lineage_snapshot.h"

#include <QWidget>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <utility>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSlider;
class QSpinBox;
class QSplitter;
class QTableView;
class QToolButton;

namespace casebook::ui {

class InvestigationContext;
class LineageDetailsPanel;
class LineageGraphView;
class LineageScene;

class LineagePane : public QWidget {
    Q_OBJECT
public:
    LineagePane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    // What the pane shows, for tests and for the main window.
    const LineageSnapshotPtr& snapshot() const { return snapshot_; }
    const std::optional<LineageDrawing>& drawing() const { return drawing_; }
    std::optional<std::int64_t> focusId() const { return focusId_; }
    LineageScene* scene() const { return scene_; }
    LineageGraphView* graphView() const { return view_; }
    LineageDetailsPanel* detailsPanel() const { return details_; }
    ImpactTableModel* impactModel() const { return impact_; }
    NodeSearchModel* searchModel() const { return search_; }
    QTableView* impactTable() const { return impactTable_; }
    QLineEdit* searchEdit() const { return searchEdit_; }
    QLineEdit* asOfEdit() const { return asOfEdit_; }
    QLabel* summaryLabel() const { return summary_; }
    QLabel* statusLabel() const { return status_; }
    bool isLoading() const;

    // The investigator's choices; each redraws (and reloads what depends on it).
    void focusOn(std::int64_t nodeId);
    void setHops(int hops);
    void setDirection(LineageDirection direction); // of the impact list
    void setKindFilter(const std::set<std::string>& kinds);
    void setStatusFilter(const std::set<std::string>& statuses);
    void setNamespaceFilter(const QString& ns); // empty: any
    void setOwnerFilter(const QString& owner);  // empty: any
    void toggleGroup(const LineageGroupKey& key);
    void showPathTo(std::optional<std::int64_t> nodeId, bool isolate = false);
    void setWholeLineage(bool whole);
    void setAsOf(std::optional<std::int64_t> ns); // none: everything known
    void selectNode(std::int64_t nodeId);         // the details panel follows
    // Asks to pin the impact of the selected node (else the focus) in the direction shown.
    void pinImpact();
    // Focuses and selects the node named "namespace/name"; false when the lineage shown
    // has no such node.
    bool focusOnNamed(const QString& qualifiedName);
    // Where a column of the selected node comes from and what it feeds, in the details.
    void showColumnLineage(const std::string& column);
    void setLayoutTimeLimit(std::chrono::milliseconds limit) { timeLimit_ = limit; }

    // Exports; false with a message through failed() when the file cannot be written.
    bool exportPicture(const QString& path, const QString& format); // "svg", "png", "dot"
    bool exportImpact(const QString& path, const QString& format);  // "csv", "markdown"

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

signals:
    void loaded(); // the snapshot, the drawing, the impact and the details are in
    void failed(const QString& message);
    void showTracesRequested(const QString& filter);
    void showLogsRequested(const QString& filter);
    void showMetricsRequested(const QString& service);
    // "Pin Impact…": the lineage as shown, the node and the direction of the impact list.
    void impactPinRequested(const casebook::ui::LineageSnapshotPtr& snapshot, std::int64_t nodeId,
                            casebook::LineageDirection direction);

private:
    void createToolbar();
    void reloadSnapshot();
    void redraw();
    void reloadImpact();
    void reloadDetails();
    void applySnapshot(LineageSnapshotPtr snapshot);
    void applyDrawing(LineageDrawing drawing);
    void showNodeMenu(int viewIndex, const QPoint& globalPos);
    void onNodeClicked(int viewIndex);
    void updateAsOfControls();
    void updateStatus();
    void emitLoadedWhenSettled();
    QString chooseExportFile(const QString& title, const QString& suffix);
    LineageViewFilter currentFilter() const;

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot snapshotSlot_, drawSlot_, impactSlot_, detailsSlot_, searchSlot_;
    LineageScene* scene_;
    LineageGraphView* view_;
    LineageDetailsPanel* details_;
    ImpactTableModel* impact_;
    NodeSearchModel* search_;
    QTableView* impactTable_;
    QSplitter* splitter_ = nullptr;
    QSplitter* side_ = nullptr;
    QLineEdit* searchEdit_ = nullptr;
    QSpinBox* hopsSpin_ = nullptr;
    QComboBox* directionCombo_ = nullptr;
    QToolButton* kindButton_ = nullptr;
    QToolButton* statusButton_ = nullptr;
    QComboBox* namespaceCombo_ = nullptr;
    QComboBox* ownerCombo_ = nullptr;
    QToolButton* wholeButton_ = nullptr;
    QToolButton* clearPathButton_ = nullptr;
    QToolButton* exportButton_ = nullptr;
    QToolButton* pinButton_ = nullptr;
    QSlider* asOfSlider_ = nullptr;
    QLineEdit* asOfEdit_ = nullptr;
    QCheckBox* followWindow_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* notice_ = nullptr;

    LineageSnapshotPtr snapshot_;
    std::optional<LineageDrawing> drawing_;
    std::optional<std::int64_t> focusId_;
    std::optional<std::int64_t> selectedId_;
    std::optional<std::int64_t> pathToId_;
    std::optional<std::pair<std::int64_t, std::string>> column_; // node, column shown
    bool isolatePath_ = false;
    bool wholeLineage_ = false;
    int hops_ = 2;
    LineageDirection direction_ = LineageDirection::Downstream;
    std::set<std::string> kinds_, statuses_;
    std::string namespace_, owner_;
    std::set<LineageGroupKey> expanded_;
    std::optional<std::int64_t> asOf_;
    std::chrono::milliseconds timeLimit_{10'000};
    bool splitterSized_ = false;
};

} // namespace casebook::ui
