// The main window, offscreen: the empty state, an import started from the window and
// finished through the job runner, the audited switch to all tenants with its banner,
// and a cancelled import that leaves the workspace as it was.

#include "ui_fixture.h"

#include "core/generate/scenario_generator.h"
#include "core/query/import_history.h"
#include "core/query/stats_query.h"
#include "ui/context/investigation_context.h"
#include "ui/findings/findings_pane.h"
#include "ui/import/import_controller.h"
#include "ui/jobs/job_runner.h"
#include "ui/logs/log_table_model.h"
#include "ui/logs/logs_pane.h"
#include "ui/main/main_window.h"
#include "ui/main/message_bar.h"
#include "ui/main/scope_banner.h"
#include "ui/summary/import_files_model.h"
#include "ui/summary/import_report_pane.h"
#include "ui/summary/rejected_records_model.h"
#include "ui/summary/summary_pane.h"
#include "ui/summary/tenant_counts_model.h"
#include "ui/traces/span_details_pane.h"
#include "ui/traces/trace_data.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/trace_view_pane.h"
#include "ui/traces/traces_pane.h"
#include "ui/traces/waterfall_view.h"

#include <QComboBox>
#include <QDockWidget>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QUrl>

using namespace casebook;
using namespace casebook::ui;

namespace {

qint64 countOf(const TenantCountsModel& model, const QString& tenant, int column) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, TenantCountsModel::Tenant).data().toString() == tenant)
            return model.index(row, column).data(TenantCountsModel::ValueRole).toLongLong();
    return -1;
}

qint64 totalOf(const TenantCountsModel& model, int column) {
    if (model.totalRow() < 0)
        return -1;
    return model.index(model.totalRow(), column).data(TenantCountsModel::ValueRole).toLongLong();
}

struct AuditRow {
    QString action, detail;
};

QList<AuditRow> auditRows(const QString& workspace) {
    auto ws =
        Workspace::open(QFile::encodeName(workspace).toStdString(), Workspace::OpenMode::ReadOnly);
    auto st = ws->db().prepare("SELECT action, detail FROM audit ORDER BY id");
    QList<AuditRow> rows;
    while (st.step())
        rows.append({QString::fromStdString(st.text(0)), QString::fromStdString(st.text(1))});
    return rows;
}

WorkspaceStats allStats(const QString& workspace) {
    auto ws = Workspace::open(QFile::encodeName(workspace).toStdString(),
                              Workspace::OpenMode::OpenExisting);
    return workspaceStats(*ws, ws->allTenantsScope("tst_main_window: checking counts"));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void showsEmptyStateWithoutWorkspace();
    void importFromWindowCompletesThroughJobRunner();
    void openedWorkspaceStaysInOneTenant();
    void allTenantsIsAuditedAndShowsBanner();
    void declinedReasonStaysInTenantScope();
    void cancelledImportLeavesCountsUnchanged();
    void cancelledImportIntoNewWorkspaceLeavesNoFile();
    void recentWorkspacesArePersisted();
    void workbenchFollowsTheInvestigation();
    void firstLayoutGivesBothSideDocksRoom();
    void droppedWorkspaceOpensAndDroppedBundleImports();
    void refusedPluginsAreShown();

private:
    QString freshWorkspaceWithTinyBundle();
    // The generated lead-flow sample, imported once for the tests that only read it,
    // opened in `window` shown at 1440 x 900.
    bool showLeadFlow(MainWindow& window);
    void waitForCounts(MainWindow& window);

    QTemporaryDir dir_;
    QString tinyBundle_;
    QString secondBundle_;
    int workspaces_ = 0;
    QString leadFlow_;
};

void TestMainWindow::initTestCase() {
    QVERIFY(dir_.isValid());
    tinyBundle_ = dir_.filePath(QStringLiteral("tiny"));
    test::writeTinyBundle(tinyBundle_);
    secondBundle_ = dir_.filePath(QStringLiteral("second"));
    test::writeTinyBundle(secondBundle_, "second bundle");
}

void TestMainWindow::init() {
    QSettings().clear();
}

QString TestMainWindow::freshWorkspaceWithTinyBundle() {
    const QString path = dir_.filePath(QStringLiteral("ws%1.casebook").arg(++workspaces_));
    const ImportReport report = test::importInto(path, tinyBundle_);
    if (report.status != ImportStatus::Imported)
        qWarning("import failed: %s", report.error.c_str());
    return path;
}

bool TestMainWindow::showLeadFlow(MainWindow& window) {
    if (leadFlow_.isEmpty()) {
        const QString bundle = dir_.filePath(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, QFile::encodeName(bundle).toStdString());
        const QString workspace = dir_.filePath(QStringLiteral("lead-flow.casebook"));
        if (test::importInto(workspace, bundle).status != ImportStatus::Imported)
            return false;
        leadFlow_ = workspace;
    }
    window.resize(1440, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.openWorkspace(leadFlow_);
    return true;
}

void TestMainWindow::waitForCounts(MainWindow& window) {
    QTRY_VERIFY(window.summaryPane()->model()->rowCount() > 0);
    QTRY_VERIFY(!window.summaryPane()->isLoading());
}

void TestMainWindow::showsEmptyStateWithoutWorkspace() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* title = window.findChild<QLabel*>(QStringLiteral("emptyStateTitle"));
    QVERIFY(title);
    QVERIFY(title->isVisible());
    QCOMPARE(title->text(), QStringLiteral("Open a workspace or import a bundle"));
    QVERIFY(!window.allTenantsBanner()->isVisible());
    QVERIFY(!window.tenantSelector()->isEnabled());
}

void TestMainWindow::importFromWindowCompletesThroughJobRunner() {
    MainWindow window;
    window.show();
    QSignalSpy finished(&window, &MainWindow::importFinished);
    QSignalSpy busy(window.jobs(), &JobRunner::busyChanged);
    const QString workspace = dir_.filePath(QStringLiteral("from-window.casebook"));

    window.importBundle(tinyBundle_, workspace);
    QVERIFY(window.importController()->isRunning());
    QVERIFY(window.importController()->progressDialog());
    QVERIFY(finished.wait(60000));
    QVERIFY(busy.count() >= 1);

    const auto& report = window.importController()->lastReport();
    QVERIFY(report);
    QCOMPARE(report->status, ImportStatus::Imported);
    QCOMPARE(report->rejected, 1u);
    QVERIFY(window.messageBar()->isVisible());
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("Imported “tiny incident”")),
             qPrintable(window.messageBar()->text()));

    // The window opened the new workspace, in the first tenant's scope.
    QTRY_COMPARE(window.context()->workspacePath(), QFileInfo(workspace).absoluteFilePath());
    waitForCounts(window);
    using T = test::TinyBundle;
    const TenantCountsModel& counts = *window.summaryPane()->model();
    QCOMPARE(countOf(counts, QStringLiteral("acme"), TenantCountsModel::Spans), T::acmeSpans);
    QCOMPARE(countOf(counts, QStringLiteral("acme"), TenantCountsModel::Logs), T::acmeLogs);
    QCOMPARE(countOf(counts, QStringLiteral("globex"), TenantCountsModel::Spans), -1);

    // The import report: files and the rejected record with its location and reason.
    ImportReportPane* pane = window.importReportPane();
    QTRY_COMPARE(pane->filesModel()->rowCount(), 2);
    QTRY_COMPARE(pane->rejectedModel()->rowCount(), 1);
    const QString location =
        pane->rejectedModel()->index(0, RejectedRecordsModel::Location).data().toString();
    QVERIFY2(test::isLineLocation(location, T::badLine), qPrintable(location));
    QVERIFY(
        !pane->rejectedModel()->index(0, RejectedRecordsModel::Reason).data().toString().isEmpty());
    QVERIFY(pane->isVisible());

    const QStringList items = [&] {
        QStringList texts;
        for (int i = 0; i < window.tenantSelector()->count(); ++i)
            texts.append(window.tenantSelector()->itemText(i));
        return texts;
    }();
    QVERIFY2(items.contains(QStringLiteral("acme")) && items.contains(QStringLiteral("globex")) &&
                 items.contains(QStringLiteral("All tenants…")),
             qPrintable(items.join(u',')));
    QCOMPARE(window.tenantSelector()->currentText(), QStringLiteral("acme"));
}

void TestMainWindow::openedWorkspaceStaysInOneTenant() {
    const QString workspace = freshWorkspaceWithTinyBundle();
    MainWindow window;
    window.show();
    window.openWorkspace(workspace);
    waitForCounts(window);
    const TenantCountsModel& counts = *window.summaryPane()->model();
    QCOMPARE(counts.rowCount(), 2); // acme and its total
    QCOMPARE(totalOf(counts, TenantCountsModel::Spans), test::TinyBundle::acmeSpans);

    window.tenantSelector()->setCurrentIndex(
        window.tenantSelector()->findText(QStringLiteral("globex")));
    QTRY_COMPARE(countOf(counts, QStringLiteral("globex"), TenantCountsModel::Spans),
                 test::TinyBundle::globexSpans);
    QCOMPARE(countOf(counts, QStringLiteral("acme"), TenantCountsModel::Spans), -1);
    QVERIFY(!window.allTenantsBanner()->isVisible());
    QVERIFY(auditRows(workspace).isEmpty()); // no tenant scope was left
}

void TestMainWindow::allTenantsIsAuditedAndShowsBanner() {
    const QString workspace = freshWorkspaceWithTinyBundle();
    MainWindow window;
    const QString reason = QStringLiteral("INC-4711: compare lead flow across tenants");
    int asked = 0;
    window.setAllTenantsReasonProvider([&](QWidget*) {
        ++asked;
        return std::optional<QString>(reason);
    });
    window.show();
    window.openWorkspace(workspace);
    waitForCounts(window);
    QVERIFY(!window.allTenantsBanner()->isVisible());

    QSignalSpy scope(window.context(), &InvestigationContext::scopeChanged);
    QComboBox* selector = window.tenantSelector();
    selector->setCurrentIndex(selector->findText(QStringLiteral("All tenants…")));
    QCOMPARE(asked, 1);
    QVERIFY(scope.wait());
    QVERIFY(window.context()->isAllTenants());

    // The engine wrote the reason to the workspace's audit table...
    const QList<AuditRow> audit = auditRows(workspace);
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().action, QStringLiteral("scope.all_tenants"));
    QCOMPARE(audit.first().detail, reason);

    // ...the window says so, loudly...
    QVERIFY(window.allTenantsBanner()->isVisible());
    QVERIFY(window.allTenantsBanner()->text().startsWith(
        QStringLiteral("Showing all tenants — this view mixes customers' data")));
    QVERIFY(window.allTenantsBanner()->text().contains(reason));

    // ...and the summary mixes both tenants.
    const TenantCountsModel& counts = *window.summaryPane()->model();
    QTRY_COMPARE(counts.rowCount(), 3);
    QCOMPARE(countOf(counts, QStringLiteral("acme"), TenantCountsModel::Spans),
             test::TinyBundle::acmeSpans);
    QCOMPARE(countOf(counts, QStringLiteral("globex"), TenantCountsModel::Logs),
             test::TinyBundle::globexLogs);
    QCOMPARE(totalOf(counts, TenantCountsModel::Spans),
             test::TinyBundle::acmeSpans + test::TinyBundle::globexSpans);

    // Going back to one tenant hides the banner and writes nothing more.
    selector->setCurrentIndex(selector->findText(QStringLiteral("acme")));
    QTRY_VERIFY(!window.allTenantsBanner()->isVisible());
    QTRY_COMPARE(counts.rowCount(), 2);
    QCOMPARE(auditRows(workspace).size(), 1);
}

void TestMainWindow::declinedReasonStaysInTenantScope() {
    const QString workspace = freshWorkspaceWithTinyBundle();
    MainWindow window;
    window.setAllTenantsReasonProvider([](QWidget*) { return std::optional<QString>(); });
    window.show();
    window.openWorkspace(workspace);
    waitForCounts(window);
    QComboBox* selector = window.tenantSelector();
    selector->setCurrentIndex(selector->findText(QStringLiteral("All tenants…")));
    QCOMPARE(selector->currentText(), QStringLiteral("acme"));
    QVERIFY(!window.context()->isAllTenants());
    QVERIFY(!window.allTenantsBanner()->isVisible());
    QVERIFY(auditRows(workspace).isEmpty());
}

void TestMainWindow::cancelledImportLeavesCountsUnchanged() {
    const QString workspace = freshWorkspaceWithTinyBundle();
    const WorkspaceStats before = allStats(workspace);

    // One worker, held by the test: the import cannot start before Cancel is pressed,
    // so the cancel is deterministic however fast the machine is.
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    MainWindow window(&pool);
    window.show();
    window.openWorkspace(workspace);
    waitForCounts(window);
    const qint64 spansShown = totalOf(*window.summaryPane()->model(), TenantCountsModel::Spans);

    QSemaphore gate;
    pool.start([&gate] { gate.acquire(); });
    QSignalSpy finished(&window, &MainWindow::importFinished);
    window.importBundle(secondBundle_, workspace);
    QProgressDialog* dialog = window.importController()->progressDialog();
    QVERIFY(dialog);
    auto* cancel = dialog->findChild<QPushButton*>();
    QVERIFY(cancel);
    cancel->click();
    QVERIFY(dialog->labelText().contains(QStringLiteral("Cancelling")));
    gate.release();

    QVERIFY(finished.wait(60000));
    QCOMPARE(window.importController()->lastReport()->status, ImportStatus::Cancelled);
    QVERIFY2(window.messageBar()->text().contains(
                 QStringLiteral("cancelled — the workspace is unchanged")),
             qPrintable(window.messageBar()->text()));

    const WorkspaceStats after = allStats(workspace);
    QCOMPARE(after.totals.spans, before.totals.spans);
    QCOMPARE(after.totals.logs, before.totals.logs);
    QCOMPARE(after.totals.changes, before.totals.changes);
    QCOMPARE(after.bundles, before.bundles);
    QCOMPARE(after.rejected, before.rejected);
    QTRY_VERIFY(window.isSettled());
    QCOMPARE(totalOf(*window.summaryPane()->model(), TenantCountsModel::Spans), spansShown);
    QVERIFY(pool.waitForDone(10000));
}

void TestMainWindow::cancelledImportIntoNewWorkspaceLeavesNoFile() {
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    MainWindow window(&pool);
    window.show();
    const QString workspace = dir_.filePath(QStringLiteral("never.casebook"));
    QSemaphore gate;
    pool.start([&gate] { gate.acquire(); });
    QSignalSpy finished(&window, &MainWindow::importFinished);
    window.importBundle(tinyBundle_, workspace);
    window.importController()->cancel();
    gate.release();
    QVERIFY(finished.wait(60000));
    QCOMPARE(window.importController()->lastReport()->status, ImportStatus::Cancelled);
    QVERIFY(!QFile::exists(workspace));
    QVERIFY(!window.context()->hasWorkspace());
    QVERIFY(pool.waitForDone(10000));
}

void TestMainWindow::recentWorkspacesArePersisted() {
    const QString workspace = freshWorkspaceWithTinyBundle();
    {
        MainWindow window;
        window.openWorkspace(workspace);
        QTRY_VERIFY(window.context()->hasWorkspace());
        window.close();
    }
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("recentWorkspaces")).toStringList().value(0),
             QFileInfo(workspace).absoluteFilePath());
    QVERIFY(!settings.value(QStringLiteral("mainWindow/state")).toByteArray().isEmpty());
}

// The on-call loop through the real window on the generated lead-flow sample: the first
// trace opens in the waterfall, a filter narrows the trace list, a chosen trace opens,
// a subtree expands by key, and "logs of this span" narrows the Logs pane to that span.
void TestMainWindow::workbenchFollowsTheInvestigation() {
    MainWindow window;
    QVERIFY(showLeadFlow(window));
    TracesPane* traces = window.tracesPane();
    TraceViewPane* view = window.traceViewPane();
    QTRY_VERIFY(traces->model()->rowCount() > 0);
    // Nothing chosen yet, so the newest trace opens by itself.
    QTRY_VERIFY(view->trace() != nullptr);
    QCOMPARE(view->trace()->model.traceId(), traces->model()->traceAt(0)->traceId);

    // Only failed traces.
    QTest::keyClicks(traces->filterEdit(), QStringLiteral("status == error"));
    QTest::keyClick(traces->filterEdit(), Qt::Key_Return);
    QTRY_VERIFY(!traces->isLoading() && traces->model()->rowCount() > 0);
    for (int row = 0; row < traces->model()->rowCount(); ++row)
        QVERIFY(traces->model()->traceAt(row)->errors > 0);
    const TraceId chosen = traces->model()->traceAt(traces->model()->rowCount() - 1)->traceId;
    traces->table()->selectRow(traces->model()->rowCount() - 1);
    QTRY_VERIFY(view->trace() && view->trace()->model.traceId() == chosen);
    QCOMPARE(*window.context()->selectedTrace(), chosen);

    // Keys in the waterfall: collapse the root, then open it again.
    ui::WaterfallView* waterfall = view->view();
    waterfall->setFocus();
    const TraceModel& model = view->trace()->model;
    waterfall->selectSpan(model.mainRoot());
    const std::size_t open = waterfall->rows().rows.size();
    QVERIFY(open > 1);
    QTest::keyClick(waterfall, Qt::Key_Left);
    QCOMPARE(waterfall->rows().rows.size(), std::size_t(1));
    QTest::keyClick(waterfall, Qt::Key_Right);
    QCOMPARE(waterfall->rows().rows.size(), open);

    // A failed span, then its logs.
    SpanIndex failed = kNoSpan;
    for (SpanIndex i = 0; i < model.size() && failed == kNoSpan; ++i)
        if (model.isError(i))
            failed = i;
    QVERIFY(failed != kNoSpan);
    waterfall->selectSpan(failed);
    QCOMPARE(*window.context()->selectedSpan(), model.spanId(failed));
    auto* spanLogs = view->details()->findChild<QPushButton*>(QStringLiteral("showSpanLogs"));
    QVERIFY(spanLogs);
    QTRY_VERIFY(spanLogs->isEnabled());
    spanLogs->click();
    LogsPane* logs = window.logsPane();
    QTRY_VERIFY(logs->model()->request().span.has_value());
    QTRY_VERIFY(!logs->isLoading());
    auto ws =
        Workspace::open(QFile::encodeName(leadFlow_).toStdString(), Workspace::OpenMode::ReadOnly);
    auto st = ws->db().prepare("SELECT count(*) FROM logs WHERE span_id = ?");
    st.bindBlob(1, model.spanId(failed).bytes);
    QVERIFY(st.step());
    QCOMPARE(logs->model()->rowCount(), static_cast<int>(st.int64(0)));
    for (int row = 0; row < logs->model()->rowCount(); ++row)
        QCOMPARE(*logs->model()->rowAt(row)->spanId, model.spanId(failed));
}

void TestMainWindow::firstLayoutGivesBothSideDocksRoom() {
    // Without a saved layout the trace list and the runbook share the width with the
    // middle from the window's real size; a running analysis (a long progress line in the
    // findings dock) must not squeeze the runbook afterwards.
    MainWindow window;
    QVERIFY(showLeadFlow(window));
    QTRY_VERIFY(window.tracesPane()->model()->rowCount() > 0);
    // The runbook dock is visible, so the findings run for its suggestions.
    QTRY_VERIFY_WITH_TIMEOUT(!window.findingsPane()->isRunning(), 30000);
    QCoreApplication::processEvents();

    auto* traces = window.findChild<QDockWidget*>(QStringLiteral("tracesDock"));
    auto* runbook = window.findChild<QDockWidget*>(QStringLiteral("runbookDock"));
    QVERIFY(traces && runbook);
    // Each side gets about a quarter of the width (30% asked for, less what the middle
    // needs); the middle is never cut below its minimum.
    QVERIFY2(runbook->width() >= 1440 / 4 - 20, qPrintable(QString::number(runbook->width())));
    QVERIFY2(traces->width() >= 1440 / 4 - 20, qPrintable(QString::number(traces->width())));
    QVERIFY(window.centralWidget()->width() >= window.centralWidget()->minimumSizeHint().width());

    // A trace with a long headline is cut, not widened to: the docks keep their width.
    auto* headline = window.traceViewPane()->findChild<QLabel*>(QStringLiteral("traceHeader"));
    QVERIFY(headline);
    const int runbookWidth = runbook->width();
    headline->setText(QString(300, u'x'));
    QTest::qWait(100); // the layout requests travel up one parent per event loop pass
    QVERIFY2(window.centralWidget()->minimumSizeHint().width() < 720,
             qPrintable(QString::number(window.centralWidget()->minimumSizeHint().width())));
    QCOMPARE(runbook->width(), runbookWidth);
}

void TestMainWindow::droppedWorkspaceOpensAndDroppedBundleImports() {
    const QString workspace = freshWorkspaceWithTinyBundle();
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto drop = [&](const QString& path) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(&window, &enter);
        QDropEvent dropped(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(&window, &dropped);
        return enter.isAccepted() && dropped.isAccepted();
    };
    QVERIFY(drop(workspace));
    QTRY_COMPARE(window.context()->workspacePath(), QFileInfo(workspace).absoluteFilePath());
    waitForCounts(window);
    // A bundle dropped on an open workspace lands in it.
    QSignalSpy imported(&window, &MainWindow::importFinished);
    QVERIFY(drop(secondBundle_));
    QTRY_COMPARE(imported.count(), 1);
    QTRY_COMPARE(importHistory(*Workspace::open(QFile::encodeName(workspace).toStdString(),
                                                Workspace::OpenMode::ReadOnly))
                     .size(),
                 std::size_t(2));
    // Two files at once are not one bundle: refused.
    QMimeData two;
    two.setUrls({QUrl::fromLocalFile(workspace), QUrl::fromLocalFile(secondBundle_)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &two, Qt::LeftButton, {});
    QApplication::sendEvent(&window, &enter);
    QVERIFY(!enter.isAccepted());
}

// Runtime plugins that cannot be loaded (built for another interface version, or not a
// Casebook plugin) are refused; the window says so after the import, with the reason for
// each, as casebook-cli does on stderr. The bundle still imports with the built-in
// importers.
void TestMainWindow::refusedPluginsAreShown() {
    const QByteArray before = qgetenv("CASEBOOK_PLUGIN_PATH");
    qputenv("CASEBOOK_PLUGIN_PATH", CASEBOOK_PLUGINS_REFUSED);
    MainWindow window;
    window.show();
    QSignalSpy finished(&window, &MainWindow::importFinished);
    window.importBundle(tinyBundle_, dir_.filePath(QStringLiteral("with-refusals.casebook")));
    QVERIFY(finished.wait(60000));
    if (before.isNull())
        qunsetenv("CASEBOOK_PLUGIN_PATH");
    else
        qputenv("CASEBOOK_PLUGIN_PATH", before);

    QCOMPARE(window.importController()->lastReport()->status, ImportStatus::Imported);
    const auto& refused = window.importController()->refusedPlugins();
    QCOMPARE(refused.size(), std::size_t(2));
    const QString text = window.messageBar()->text();
    QVERIFY(window.messageBar()->isVisible());
    QCOMPARE(window.messageBar()->kind(), MessageBar::Kind::Warning);
    QVERIFY2(text.contains(QStringLiteral("Imported “tiny incident”")), qPrintable(text));
    // Sorted by file name, as the loader reads them.
    QVERIFY2(text.contains(QStringLiteral("2 plugins were refused: not_a_plugin.so (not a "
                                          "Casebook plugin: it exports no "
                                          "casebook_plugin_info()); wrong_abi_plugin.so (built "
                                          "for plugin interface version 999")),
             qPrintable(text));

    // Without refusals the message says nothing about plugins.
    qputenv("CASEBOOK_PLUGIN_PATH", QFile::encodeName(dir_.filePath(QStringLiteral("none"))));
    window.importBundle(secondBundle_, dir_.filePath(QStringLiteral("no-refusals.casebook")));
    QVERIFY(finished.wait(60000));
    if (before.isNull())
        qunsetenv("CASEBOOK_PLUGIN_PATH");
    else
        qputenv("CASEBOOK_PLUGIN_PATH", before);
    QVERIFY(window.importController()->refusedPlugins().empty());
    QVERIFY2(!window.messageBar()->text().contains(QStringLiteral("plugin")),
             qPrintable(window.messageBar()->text()));
}

CASEBOOK_UI_TEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
