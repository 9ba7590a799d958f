#include "ui/main/main_window.h"

#include "core/runbook/check_registry.h"
#include "core/runbook/finding_symptoms.h"
#include "ui/context/investigation_context.h"
#include "ui/findings/findings_model.h"
#include "ui/findings/findings_pane.h"
#include "ui/import/import_controller.h"
#include "ui/import/import_summary.h"
#include "ui/jobs/job_runner.h"
#include "ui/lineage/lineage_pane.h"
#include "ui/logs/logs_pane.h"
#include "ui/main/empty_state.h"
#include "ui/main/message_bar.h"
#include "ui/main/scope_banner.h"
#include "ui/metrics/chart_stack.h"
#include "ui/metrics/metrics_pane.h"
#include "ui/runbook/runbook_pane.h"
#include "ui/summary/import_report_pane.h"
#include "ui/summary/summary_pane.h"
#include "ui/timeline/evidence_pinner.h"
#include "ui/timeline/timeline_pane.h"
#include "ui/traces/trace_view_pane.h"
#include "ui/traces/traces_pane.h"
#include "ui/util/text.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QShowEvent>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace casebook::ui {
namespace {

constexpr int kMaxRecent = 10;
constexpr int kIsAllTenantsRole = Qt::UserRole + 1;

QString recentKey() {
    return QStringLiteral("recentWorkspaces");
}

std::optional<QString> askForReason(QWidget* parent) {
    bool ok = false;
    const QString reason = QInputDialog::getText(
        parent, MainWindow::tr("Show All Tenants"),
        MainWindow::tr("Showing all tenants mixes customers' data. The reason is written to this "
                       "workspace's audit log.\n\nWhy do you need to see every tenant?"),
        QLineEdit::Normal, QString(), &ok);
    if (!ok || reason.trimmed().isEmpty())
        return std::nullopt;
    return reason.trimmed();
}

QString defaultWorkspaceFor(const QString& bundleDir) {
    return QDir::cleanPath(bundleDir) + QStringLiteral(".casebook");
}

} // namespace

MainWindow::MainWindow(QThreadPool* pool, QWidget* parent)
    : QMainWindow(parent), jobs_(new JobRunner(pool, this)),
      context_(new InvestigationContext(jobs_, this)), importer_(new ImportController(jobs_, this)),
      reasonProvider_(askForReason) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Casebook"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    setAcceptDrops(true); // a bundle or workspace dropped on the window opens

    createCentral();
    createDocks();
    createActions();
    createStatusBar();

    settleTimer_ = new QTimer(this);
    settleTimer_->setSingleShot(true);
    settleTimer_->setInterval(250);
    connect(settleTimer_, &QTimer::timeout, this, [this] {
        if (isSettled())
            emit settled();
    });

    connect(context_, &InvestigationContext::workspaceChanged, this,
            &MainWindow::updateWorkspaceUi);
    connect(context_, &InvestigationContext::scopeChanged, this, &MainWindow::updateScopeUi);
    connect(context_, &InvestigationContext::failed, this, &MainWindow::showFailure);
    connect(summary_, &SummaryPane::failed, this, &MainWindow::showFailure);
    connect(report_, &ImportReportPane::failed, this, &MainWindow::showFailure);
    connect(traces_, &TracesPane::failed, this, &MainWindow::showFailure);
    connect(logs_, &LogsPane::failed, this, &MainWindow::showFailure);
    connect(traceView_, &TraceViewPane::failed, this, &MainWindow::showFailure);
    connect(metrics_, &MetricsPane::failed, this, &MainWindow::showFailure);
    connect(findings_, &FindingsPane::failed, this, &MainWindow::showFailure);
    // Findings lead to what they cite: charts over their range, log lines, traces.
    connect(findings_, &FindingsPane::seriesRequested, this,
            [this](const std::vector<SeriesId>& series, const TimeWindow& window) {
                context_->setTimeWindow(window);
                metrics_->showSeries(series);
                centralTabs_->setCurrentWidget(metrics_);
            });
    // The first findings of a workspace chart their anomalies, so the metric that moved is
    // on screen at once (over the series' whole span: the time window stays as it was).
    // The findings say which runbooks fit: the Runbook pane lists those first. While it
    // is on screen the findings are looked for even if their own dock is hidden.
    connect(context_, &InvestigationContext::scopeChanged, this, [this] {
        if (runbookDock_->isVisible())
            findings_->runIfStale();
    });
    connect(findings_, &FindingsPane::finished, this, [this] {
        QList<QPair<QString, QString>> suggestions;
        for (const auto& s : suggestRunbooksForFindings(findings_->model()->allFindings(),
                                                        builtinCheckRegistry())) {
            QStringList matched;
            for (const auto& tag : s.matched)
                matched << toQString(tag);
            suggestions.append({toQString(s.name), tr("Seen: %1 (%2 of its %3 symptoms)")
                                                       .arg(matched.join(QStringLiteral(", ")))
                                                       .arg(s.matched.size())
                                                       .arg(s.symptoms)});
        }
        runbook_->setSuggestions(suggestions);
    });
    connect(findings_, &FindingsPane::finished, this, [this] {
        if (metrics_->charts()->chartCount() > 0 || findings_->model()->findingCount() == 0)
            return;
        const Finding* top = findings_->model()->findingAt(findings_->model()->index(0, 0));
        std::vector<SeriesId> series;
        for (std::size_t i = 0; top && i < top->anomalies.size() && i < 3; ++i)
            series.push_back(top->anomalies[i].series.id);
        metrics_->showSeries(series);
    });
    connect(findings_, &FindingsPane::logSearchRequested, this,
            [this](const QString& words, const TimeWindow& window) {
                context_->setTimeWindow(window);
                logs_->searchEdit()->setText(words);
                logs_->apply();
                logsDock_->show();
                logsDock_->raise();
            });
    connect(findings_, &FindingsPane::tracesRequested, this,
            [this](const QString& filter, const TimeWindow& window) {
                context_->setTimeWindow(window);
                traces_->filterEdit()->setText(filter);
                traces_->applyFilter();
                tracesDock_->show();
                tracesDock_->raise();
            });
    connect(lineage_, &LineagePane::failed, this, &MainWindow::showFailure);
    // A lineage node's telemetry, one click away: the panes filter on its services.
    connect(lineage_, &LineagePane::showTracesRequested, this, [this](const QString& filter) {
        traces_->filterEdit()->setText(filter);
        traces_->applyFilter();
        tracesDock_->show();
        tracesDock_->raise();
    });
    connect(lineage_, &LineagePane::showMetricsRequested, this, [this](const QString& service) {
        metrics_->searchEdit()->setText(service);
        centralTabs_->setCurrentWidget(metrics_);
    });
    connect(lineage_, &LineagePane::showLogsRequested, this, [this](const QString& filter) {
        logs_->filterEdit()->setText(filter);
        logs_->apply();
        logsDock_->show();
        logsDock_->raise();
    });
    connect(traceView_, &TraceViewPane::showLogsRequested, this,
            [this](const TraceId& trace, const std::optional<SpanId>& span) {
                logs_->showLogsOf(trace, span);
                logsDock_->show();
                logsDock_->raise();
            });
    // The case: pins from the trace view and the logs, evidence opened in the panes, and
    // the record's verification when a workspace opens.
    connect(traceView_, &TraceViewPane::pinRequested, pinner_, &EvidencePinner::pinSpan);
    connect(logs_, &LogsPane::pinLogLinesRequested, pinner_, &EvidencePinner::pinLogLines);
    connect(metrics_, &MetricsPane::chartPinRequested, pinner_, &EvidencePinner::pinChart);
    connect(metrics_, &MetricsPane::sloPinRequested, pinner_, &EvidencePinner::pinSlo);
    connect(findings_, &FindingsPane::findingPinRequested, pinner_, &EvidencePinner::pinFinding);
    connect(lineage_, &LineagePane::impactPinRequested, pinner_, &EvidencePinner::pinLineageImpact);
    connect(pinner_, &EvidencePinner::pinned, this, [this](const QString& title) {
        messages_->showMessage(MessageBar::Kind::Success, tr("Pinned to the case: %1").arg(title));
    });
    connect(pinner_, &EvidencePinner::failed, this, &MainWindow::showFailure);
    connect(runbook_, &RunbookPane::failed, this, &MainWindow::showFailure);
    connect(timeline_, &TimelinePane::failed, this, &MainWindow::showFailure);
    connect(context_, &InvestigationContext::evidenceFocusRequested, this,
            [this](const EvidenceFocus& focus) {
                if (focus.showLogs) {
                    logs_->showQuery(focus.logSearch, focus.logFilter);
                    logsDock_->show();
                    logsDock_->raise();
                }
                if (focus.showTraces) {
                    traces_->showFilter(focus.traceFilter);
                    tracesDock_->show();
                    tracesDock_->raise();
                }
                if (!focus.series.empty() || focus.slo) {
                    metrics_->charts()->clear();
                    if (!focus.series.empty())
                        metrics_->showSeries(focus.series);
                    if (focus.slo)
                        metrics_->showSlo(*focus.slo);
                    centralTabs_->setCurrentWidget(metrics_);
                }
                if (!focus.lineageNode.isEmpty() && lineage_->focusOnNamed(focus.lineageNode)) {
                    lineageDock_->show();
                    lineageDock_->raise();
                }
            });
    connect(context_, &InvestigationContext::recordBroken, this, [this](const QString& warning) {
        messages_->showMessage(MessageBar::Kind::Warning,
                               tr("This workspace's record did not verify: %1").arg(warning));
    });
    connect(importer_, &ImportController::started, this, &MainWindow::onImportStarted);
    connect(importer_, &ImportController::finished, this, &MainWindow::onImportFinished);
    // "Working…" only for work that lasts long enough to notice, so it does not flicker.
    auto* busyDelay = new QTimer(this);
    busyDelay->setSingleShot(true);
    busyDelay->setInterval(300);
    connect(busyDelay, &QTimer::timeout, busyLabel_, &QWidget::show);
    connect(jobs_, &JobRunner::busyChanged, this, [this, busyDelay](bool busy) {
        if (busy) {
            busyDelay->start();
        } else {
            busyDelay->stop();
            busyLabel_->hide();
        }
        scheduleSettleCheck();
    });

    restoreLayout();
    updateWorkspaceUi();
}

MainWindow::~MainWindow() = default;

void MainWindow::createCentral() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    banner_ = new ScopeBanner(central);
    connect(banner_, &ScopeBanner::backRequested, this, [this] {
        const QStringList tenants = context_->tenantNames();
        if (!tenants.isEmpty())
            context_->chooseTenant(tenants.contains(lastTenant_) ? lastTenant_ : tenants.first());
    });
    banner_->hide();
    layout->addWidget(banner_);

    messages_ = new MessageBar(central);
    layout->addWidget(messages_);

    stack_ = new QStackedWidget(central);
    emptyState_ = new EmptyState(stack_);
    connect(emptyState_, &EmptyState::openRequested, this, &MainWindow::chooseWorkspace);
    connect(emptyState_, &EmptyState::importRequested, this, &MainWindow::chooseBundle);

    // The trace under investigation gets the middle of the window; lists and counts
    // live in the docks around it.
    // The trace under investigation and the metric timelines share the middle, as tabs.
    centralTabs_ = new QTabWidget(stack_);
    centralTabs_->setObjectName(QStringLiteral("centralTabs"));
    centralTabs_->setDocumentMode(true);
    traceView_ = new TraceViewPane(context_, jobs_, centralTabs_);
    traceView_->setObjectName(QStringLiteral("traceViewPane"));
    metrics_ = new MetricsPane(context_, jobs_, centralTabs_);
    metrics_->setObjectName(QStringLiteral("metricsPane"));
    centralTabs_->addTab(traceView_, tr("Trace"));
    centralTabs_->addTab(metrics_, tr("Metrics"));
    stack_->addWidget(emptyState_);
    stack_->addWidget(centralTabs_);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);
}

QDockWidget* MainWindow::addPane(QWidget* pane, const QString& title, const QString& name,
                                 Qt::DockWidgetArea area) {
    pane->setObjectName(name + QStringLiteral("Pane"));
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name + QStringLiteral("Dock"));
    dock->setWidget(pane);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks() {
    traces_ = new TracesPane(context_, jobs_, this);
    tracesDock_ = addPane(traces_, tr("Traces"), QStringLiteral("traces"), Qt::LeftDockWidgetArea);
    findings_ = new FindingsPane(context_, jobs_, this);
    findingsDock_ =
        addPane(findings_, tr("Findings"), QStringLiteral("findings"), Qt::LeftDockWidgetArea);
    tabifyDockWidget(tracesDock_, findingsDock_);
    tracesDock_->raise();
    logs_ = new LogsPane(context_, jobs_, this);
    logsDock_ = addPane(logs_, tr("Logs"), QStringLiteral("logs"), Qt::BottomDockWidgetArea);
    summary_ = new SummaryPane(context_, jobs_, this);
    summaryDock_ =
        addPane(summary_, tr("Overview"), QStringLiteral("summary"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(logsDock_, summaryDock_);
    report_ = new ImportReportPane(context_, jobs_, this);
    reportDock_ = addPane(report_, tr("Import Report"), QStringLiteral("importReport"),
                          Qt::BottomDockWidgetArea);
    tabifyDockWidget(summaryDock_, reportDock_);
    lineage_ = new LineagePane(context_, jobs_, this);
    lineageDock_ =
        addPane(lineage_, tr("Lineage"), QStringLiteral("lineage"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(reportDock_, lineageDock_);
    runbook_ = new RunbookPane(context_, jobs_, this);
    runbookDock_ =
        addPane(runbook_, tr("Runbook"), QStringLiteral("runbook"), Qt::RightDockWidgetArea);
    timeline_ = new TimelinePane(context_, jobs_, this);
    // The timeline is a wide table like the logs; the runbook is read top to bottom and
    // gets the full height of the right side.
    timelineDock_ =
        addPane(timeline_, tr("Timeline"), QStringLiteral("timeline"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(lineageDock_, timelineDock_);
    logsDock_->raise();
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    pinner_ = new EvidencePinner(context_, jobs_, this, this);
}

QList<QDockWidget*> MainWindow::paneDocks() const {
    return {tracesDock_, findingsDock_, logsDock_,    summaryDock_,
            reportDock_, lineageDock_,  runbookDock_, timelineDock_};
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    openAction_ = file->addAction(tr("&Open Workspace…"), this, &MainWindow::chooseWorkspace);
    openAction_->setShortcut(QKeySequence::Open);
    importAction_ = file->addAction(tr("&Import Bundle…"), this, &MainWindow::chooseBundle);
    importAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    file->addAction(tr("Import Bundle &Archive…"), this, &MainWindow::chooseBundleArchive);
    file->addAction(tr("Import Bundle into a &New Workspace…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Import Bundle Folder"));
        if (!dir.isEmpty())
            importChosenBundle(dir, true);
    });
    recentMenu_ = file->addMenu(tr("&Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : paneDocks())
        view->addAction(dock->toggleViewAction());

    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(openAction_);
    toolbar->addAction(importAction_);
    toolbar->addSeparator();
    auto* scopeCaption = new QLabel(tr("  Tenant: "), toolbar);
    toolbar->addWidget(scopeCaption);
    tenantSelector_ = new QComboBox(toolbar);
    tenantSelector_->setObjectName(QStringLiteral("tenantSelector"));
    tenantSelector_->setMinimumWidth(200);
    tenantSelector_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    tenantSelector_->setToolTip(tr("The tenant whose data every pane shows"));
    tenantSelector_->setPlaceholderText(tr("No workspace open"));
    toolbar->addWidget(tenantSelector_);
    connect(tenantSelector_, &QComboBox::currentIndexChanged, this, &MainWindow::onTenantSelected);
}

void MainWindow::createStatusBar() {
    workspaceLabel_ = new QLabel(this);
    workspaceLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scopeLabel_ = new QLabel(this);
    busyLabel_ = new QLabel(tr("Working…"), this);
    busyLabel_->hide();
    statusBar()->addWidget(workspaceLabel_, 1);
    statusBar()->addPermanentWidget(busyLabel_);
    statusBar()->addPermanentWidget(scopeLabel_);
}

void MainWindow::restoreLayout() {
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("mainWindow/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1280, 800);
    const QByteArray state = settings.value(QStringLiteral("mainWindow/state")).toByteArray();
    // Before the window is shown its width is not the final one (a saved geometry or the
    // caller's resize() still comes), so dock sizes asked for now are squeezed later.
    if (state.isEmpty() || !restoreState(state))
        defaultDockSizesPending_ = true;
    report_->restoreLayout(settings.value(QStringLiteral("importReport/splitter")).toByteArray());
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (defaultDockSizesPending_) {
        defaultDockSizesPending_ = false;
        // Once the show has been laid out, so the docks' minimum sizes are known.
        QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
    }
}

void MainWindow::applyDefaultDockSizes() {
    // The trace list on the left and the runbook on the right each want about 27% of
    // the width and the middle keeps what its panes need. When the window is too narrow
    // for all three, each side gives way in proportion to what it has above its own
    // minimum (the left one's is that of the widest of its tabs).
    const int available = width() - 2 * style()->pixelMetric(QStyle::PM_DockWidgetSeparatorExtent);
    const int middle = centralWidget()->minimumSizeHint().width();
    const int leftMin =
        std::max(tracesDock_->minimumSizeHint().width(), findingsDock_->minimumSizeHint().width());
    const int rightMin = runbookDock_->minimumSizeHint().width();
    int left = std::max(leftMin, available * 27 / 100);
    int right = std::max(rightMin, available * 27 / 100);
    const int over = left + right + middle - available;
    const int slack = (left - leftMin) + (right - rightMin);
    if (over > 0 && slack > 0) {
        const int leftCut = std::min(over, slack) * (left - leftMin) / slack;
        left -= leftCut;
        right -= std::min(over, slack) - leftCut;
    }
    resizeDocks({tracesDock_, runbookDock_}, {left, right}, Qt::Horizontal);
    resizeDocks({logsDock_}, {height() * 2 / 5}, Qt::Vertical);
}

void MainWindow::saveLayout() {
    // The report dock is only put away while no workspace is open; what is saved is the
    // investigator's choice.
    if (reportDockParked_)
        reportDock_->show();
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("importReport/splitter"), report_->saveLayout());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // The runner waits for the import to roll back when the window goes away.
    importer_->cancel();
    saveLayout();
    event->accept();
}

void MainWindow::setInitialScope(const QString& tenant, const QString& allTenantsReason) {
    initialTenant_ = tenant;
    initialAllTenantsReason_ = allTenantsReason;
    applyInitialScope_ = !tenant.isEmpty() || !allTenantsReason.isEmpty();
}

void MainWindow::setAllTenantsReasonProvider(ReasonProvider provider) {
    reasonProvider_ = std::move(provider);
}

void MainWindow::openWorkspace(const QString& path) {
    context_->openWorkspace(QFileInfo(path).absoluteFilePath(), initialTenant_);
}

void MainWindow::importBundle(const QString& bundleDir, const QString& workspacePath) {
    if (importer_->isRunning())
        return;
    importer_->start(QFileInfo(bundleDir).absoluteFilePath(),
                     QFileInfo(workspacePath).absoluteFilePath());
}

bool MainWindow::showPane(const QString& name) {
    if (name == QStringLiteral("trace") || name == QStringLiteral("metrics")) {
        centralTabs_->setCurrentWidget(name == QStringLiteral("trace")
                                           ? static_cast<QWidget*>(traceView_)
                                           : static_cast<QWidget*>(metrics_));
        return true;
    }
    for (QDockWidget* dock : paneDocks())
        if (dock->objectName() == name + QStringLiteral("Dock")) {
            dock->show();
            dock->raise();
            return true;
        }
    return false;
}

bool MainWindow::isSettled() const {
    return jobs_->isIdle() && !importer_->isRunning() && !context_->isBusy();
}

void MainWindow::scheduleSettleCheck() {
    settleTimer_->start();
}

void MainWindow::chooseWorkspace() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Workspace"), QString(),
                                     tr("Casebook workspaces (*.casebook);;All files (*)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::chooseBundle() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Import Bundle Folder"));
    if (!dir.isEmpty())
        importChosenBundle(dir);
}

void MainWindow::chooseBundleArchive() {
    // The engine recognises archives by content; the filter only helps people find them.
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Import Bundle Archive"), QString(),
                                     tr("Bundle archives (*.zip *.tar *.tgz *.tar.gz *.tar.zst "
                                        "*.tar.xz *.tar.bz2 *.gz);;All files (*)"));
    if (!file.isEmpty())
        importChosenBundle(file);
}

void MainWindow::importChosenBundle(const QString& dir, bool newWorkspace) {
    QString workspace = newWorkspace ? QString() : context_->workspacePath();
    if (workspace.isEmpty()) {
        workspace = QFileDialog::getSaveFileName(
            this, tr("New Workspace for the Bundle"), defaultWorkspaceFor(dir),
            tr("Casebook workspaces (*.casebook)"), nullptr, QFileDialog::DontConfirmOverwrite);
        if (workspace.isEmpty())
            return;
        if (!workspace.endsWith(QStringLiteral(".casebook")))
            workspace += QStringLiteral(".casebook");
    }
    importBundle(dir, workspace);
}

void MainWindow::openPath(const QString& path) {
    const QFileInfo target(path);
    if (target.isFile() && target.suffix() == QStringLiteral("casebook"))
        openWorkspace(target.absoluteFilePath());
    else if (target.exists())
        importChosenBundle(target.absoluteFilePath());
    else
        showFailure(tr("No such bundle or workspace: %1").arg(path));
}

namespace {
// The one local path of a drag, or nothing: several files at once are not a bundle.
QString droppedPath(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1 ||
        !mime->urls().first().isLocalFile())
        return {};
    return mime->urls().first().toLocalFile();
}
} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedPath(event->mimeData()).isEmpty() && !importer_->isRunning())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = droppedPath(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openPath(path);
}

void MainWindow::onTenantSelected(int index) {
    if (index < 0)
        return;
    if (tenantSelector_->itemData(index, kIsAllTenantsRole).toBool()) {
        const std::optional<QString> reason = reasonProvider_(this);
        if (!reason || reason->trimmed().isEmpty()) {
            updateScopeUi(); // stay where we were
            return;
        }
        allTenantsReason_ = reason->trimmed();
        context_->chooseAllTenants(allTenantsReason_);
        return;
    }
    context_->chooseTenant(tenantSelector_->itemData(index).toString());
}

void MainWindow::updateScopeUi() {
    const QSignalBlocker blocker(tenantSelector_);
    tenantSelector_->clear();
    const QStringList tenants = context_->tenantNames();
    for (const QString& tenant : tenants)
        tenantSelector_->addItem(tenant, tenant);
    if (!tenants.isEmpty()) {
        tenantSelector_->insertSeparator(tenantSelector_->count());
        tenantSelector_->addItem(tr("All tenants…"));
        tenantSelector_->setItemData(tenantSelector_->count() - 1, true, kIsAllTenantsRole);
        tenantSelector_->setItemData(tenantSelector_->count() - 1,
                                     tr("Shows every customer's data; asks why and records it "
                                        "in the audit log"),
                                     Qt::ToolTipRole);
    }
    tenantSelector_->setEnabled(!tenants.isEmpty());

    const bool all = context_->isAllTenants();
    if (all)
        tenantSelector_->setCurrentIndex(tenantSelector_->count() - 1);
    else
        tenantSelector_->setCurrentIndex(tenantSelector_->findData(context_->currentTenant()));
    if (!all && !context_->currentTenant().isEmpty())
        lastTenant_ = context_->currentTenant();

    banner_->setVisible(all);
    if (all)
        banner_->setReason(allTenantsReason_);
    if (!context_->hasWorkspace())
        scopeLabel_->clear();
    else if (all)
        scopeLabel_->setText(tr("Scope: all tenants (audited)"));
    else if (context_->scope())
        scopeLabel_->setText(tr("Scope: tenant %1").arg(context_->currentTenant()));
    else
        scopeLabel_->setText(tr("Scope: no tenants yet"));
}

void MainWindow::updateWorkspaceUi() {
    const bool open = context_->hasWorkspace();
    stack_->setCurrentWidget(open ? static_cast<QWidget*>(centralTabs_)
                                  : static_cast<QWidget*>(emptyState_));
    // Without a workspace there is no report to show; the empty state gets the window.
    if (!open && !reportDockParked_ && reportDock_->isVisibleTo(this)) {
        reportDockParked_ = true;
        reportDock_->hide();
    } else if (open && reportDockParked_) {
        reportDockParked_ = false;
        reportDock_->show();
    }
    if (open) {
        const QString path = context_->workspacePath();
        setWindowTitle(tr("%1 — Casebook").arg(QFileInfo(path).fileName()));
        workspaceLabel_->setText(QDir::toNativeSeparators(path));
        addRecent(path);
        if (applyInitialScope_) {
            applyInitialScope_ = false;
            if (!initialAllTenantsReason_.isEmpty()) {
                allTenantsReason_ = initialAllTenantsReason_;
                context_->chooseAllTenants(initialAllTenantsReason_);
            } else if (!initialTenant_.isEmpty() &&
                       !context_->tenantNames().contains(initialTenant_)) {
                messages_->showMessage(MessageBar::Kind::Warning,
                                       tr("This workspace has no tenant “%1”; showing %2 instead.")
                                           .arg(initialTenant_, context_->currentTenant()));
            }
            initialTenant_.clear();
            initialAllTenantsReason_.clear();
        }
    } else {
        setWindowTitle(tr("Casebook"));
        workspaceLabel_->setText(tr("No workspace open"));
    }
    updateScopeUi();
}

void MainWindow::onImportStarted() {
    openAction_->setEnabled(false);
    importAction_->setEnabled(false);
    statusBar()->showMessage(
        tr("Importing %1…").arg(QDir::toNativeSeparators(importer_->lastBundlePath())));
}

void MainWindow::onImportFinished() {
    openAction_->setEnabled(true);
    importAction_->setEnabled(true);
    statusBar()->clearMessage();
    const ImportReport& r = *importer_->lastReport();
    const QString workspace = importer_->lastWorkspacePath();
    const ImportSummary summary = summarizeImport(
        r, QFileInfo(importer_->lastBundlePath()).fileName(), importer_->refusedPlugins());
    const auto kind = [&] {
        switch (summary.tone) {
        case ImportSummary::Tone::Success:
            return MessageBar::Kind::Success;
        case ImportSummary::Tone::Warning:
            return MessageBar::Kind::Warning;
        case ImportSummary::Tone::Error:
            return MessageBar::Kind::Error;
        case ImportSummary::Tone::Information:
            break;
        }
        return MessageBar::Kind::Information;
    }();
    messages_->showMessage(kind, summary.text, summary.details);

    switch (r.status) {
    case ImportStatus::Imported:
        reportDock_->show();
        reportDock_->raise();
        [[fallthrough]];
    case ImportStatus::AlreadyImported:
        if (workspace == context_->workspacePath())
            context_->reload();
        else
            openWorkspace(workspace);
        break;
    case ImportStatus::Cancelled:
        // A cancelled import into a workspace that did not exist leaves no file behind.
        if (QFile::exists(workspace) && workspace != context_->workspacePath())
            openWorkspace(workspace);
        break;
    case ImportStatus::Failed:
        break;
    }
    emit importFinished();
}

void MainWindow::showFailure(const QString& message) {
    messages_->showMessage(MessageBar::Kind::Error, message);
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(recentKey()).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(recentKey(), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(recentKey()).toStringList();
    for (const QString& path : recent) {
        QAction* action = recentMenu_->addAction(
            QFileInfo(path).fileName() % QStringLiteral("   ") % QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] {
            if (!QFile::exists(path)) {
                QSettings settings;
                QStringList list = settings.value(recentKey()).toStringList();
                list.removeAll(path);
                settings.setValue(recentKey(), list);
                rebuildRecentMenu();
                showFailure(tr("%1 no longer exists.").arg(QDir::toNativeSeparators(path)));
                return;
            }
            openWorkspace(path);
        });
    }
    if (recent.isEmpty()) {
        recentMenu_->addAction(tr("No recent workspaces"))->setEnabled(false);
        return;
    }
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("Clear Recent"), this, [this] {
        QSettings().remove(recentKey());
        rebuildRecentMenu();
    });
}

} // namespace casebook::ui
