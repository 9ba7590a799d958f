#pragma once
// The main window only wires panes together: the tenant selector and the all-tenants
// banner, the summary, the import report dock, the import action and the status bar.
// Every pane reads the InvestigationContext; every engine call runs through the JobRunner.

#include <QMainWindow>
#include <QString>

#include <functional>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QStackedWidget;
class QTabWidget;
class QThreadPool;
class QTimer;
class QDockWidget;

namespace casebook::ui {

class EmptyState;
class ImportController;
class ImportReportPane;
class InvestigationContext;
class JobRunner;
class MessageBar;
class ScopeBanner;
class SummaryPane;
class TracesPane;
class TraceViewPane;
class LogsPane;
class MetricsPane;
class FindingsPane;
class RunbookPane;
class TimelinePane;
class EvidencePinner;
class LineagePane;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `pool` runs the jobs (the job runner's own pool when null).
    explicit MainWindow(QThreadPool* pool = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    InvestigationContext* context() const { return context_; }
    JobRunner* jobs() const { return jobs_; }
    SummaryPane* summaryPane() const { return summary_; }
    ImportReportPane* importReportPane() const { return report_; }
    TracesPane* tracesPane() const { return traces_; }
    LogsPane* logsPane() const { return logs_; }
    TraceViewPane* traceViewPane() const { return traceView_; }
    MetricsPane* metricsPane() const { return metrics_; }
    FindingsPane* findingsPane() const { return findings_; }
    // Brings a pane to the front: "trace" or "metrics" in the middle, "findings" and the
    // docks' names ("traces", "logs") around it. False for an unknown name.
    bool showPane(const QString& name);
    LineagePane* lineagePane() const { return lineage_; }
    QDockWidget* lineageDock() const { return lineageDock_; }
    ImportController* importController() const { return importer_; }
    MessageBar* messageBar() const { return messages_; }
    QComboBox* tenantSelector() const { return tenantSelector_; }
    ScopeBanner* allTenantsBanner() const { return banner_; }
    RunbookPane* runbookPane() const { return runbook_; }
    TimelinePane* timelinePane() const { return timeline_; }
    EvidencePinner* pinner() const { return pinner_; }

    // The scope to take when the next workspace opens: a tenant, or all tenants with the
    // reason written to the audit table (a command-line choice; the GUI asks).
    void setInitialScope(const QString& tenant, const QString& allTenantsReason = {});
    void openWorkspace(const QString& path);
    // Imports the bundle folder into the workspace (created when missing), then opens it.
    void importBundle(const QString& bundleDir, const QString& workspacePath);
    // A path dropped on the window: a workspace file is
    // opened, a bundle folder or archive is imported (into the open workspace; with none
    // open, the investigator chooses where the new workspace goes).
    void openPath(const QString& path);

    // Asked before leaving tenant scope; returns the reason, or nothing to stay. The
    // default asks with a dialog; tests answer directly.
    using ReasonProvider = std::function<std::optional<QString>(QWidget* parent)>;
    void setAllTenantsReasonProvider(ReasonProvider provider);

    // No job is running and nothing is waiting to be loaded.
    bool isSettled() const;
    // Emits settled() shortly, unless work starts again meanwhile.
    void scheduleSettleCheck();

signals:
    // Emitted once the window has been settled for a short moment after work finished.
    void settled();
    void importFinished();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createCentral();
    void createDocks();
    // Every pane's dock, in the order the View menu lists them.
    QList<QDockWidget*> paneDocks() const;
    QDockWidget* addPane(QWidget* pane, const QString& title, const QString& name,
                         Qt::DockWidgetArea area);
    void createStatusBar();
    void restoreLayout();
    // Without a saved layout: split the width between the side docks and the middle from
    // the window's real size, once it is shown.
    void applyDefaultDockSizes();
    void saveLayout();

    void chooseWorkspace();
    void chooseBundle();
    void chooseBundleArchive();
    // A folder or an archive, into the open workspace unless `newWorkspace`.
    void importChosenBundle(const QString& bundle, bool newWorkspace = false);
    void onTenantSelected(int index);
    void updateScopeUi();
    void updateWorkspaceUi();
    void onImportStarted();
    void onImportFinished();
    void showFailure(const QString& message);
    void addRecent(const QString& path);
    void rebuildRecentMenu();

    JobRunner* jobs_;
    InvestigationContext* context_;
    ImportController* importer_;
    SummaryPane* summary_ = nullptr;
    ImportReportPane* report_ = nullptr;
    MessageBar* messages_ = nullptr;
    ScopeBanner* banner_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    EmptyState* emptyState_ = nullptr;
    QDockWidget* reportDock_ = nullptr;
    TracesPane* traces_ = nullptr;
    LogsPane* logs_ = nullptr;
    TraceViewPane* traceView_ = nullptr;
    QDockWidget* summaryDock_ = nullptr;
    QDockWidget* logsDock_ = nullptr;
    QDockWidget* tracesDock_ = nullptr;
    QTabWidget* centralTabs_ = nullptr;
    MetricsPane* metrics_ = nullptr;
    FindingsPane* findings_ = nullptr;
    QDockWidget* findingsDock_ = nullptr;
    RunbookPane* runbook_ = nullptr;
    TimelinePane* timeline_ = nullptr;
    EvidencePinner* pinner_ = nullptr;
    QDockWidget* runbookDock_ = nullptr;
    QDockWidget* timelineDock_ = nullptr;
    LineagePane* lineage_ = nullptr;
    QDockWidget* lineageDock_ = nullptr;
    QComboBox* tenantSelector_ = nullptr;
    QLabel* workspaceLabel_ = nullptr;
    QLabel* scopeLabel_ = nullptr;
    QLabel* busyLabel_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* importAction_ = nullptr;
    QTimer* settleTimer_ = nullptr;
    ReasonProvider reasonProvider_;
    QString initialTenant_;
    QString initialAllTenantsReason_;
    QString allTenantsReason_;
    QString lastTenant_;
    bool applyInitialScope_ = false;
    bool reportDockParked_ = false;
    bool defaultDockSizesPending_ = false;
};

} // namespace casebook::ui
