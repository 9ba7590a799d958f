// The Traces and Logs panes over the generated lead-flow sample, offscreen, through the
// real models and widgets: paging, engine-side sorting, the filter language, the tenant
// scope, full-text search, the log histogram and the time window they share.

#include "ui_fixture.h"

#include "core/generate/scenario_generator.h"
#include "core/query/log_histogram.h"
#include "ui/context/investigation_context.h"
#include "ui/jobs/job_runner.h"
#include "ui/logs/log_body_delegate.h"
#include "ui/logs/log_histogram_view.h"
#include "ui/logs/log_table_model.h"
#include "ui/logs/logs_pane.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/traces_pane.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace casebook;
using namespace casebook::ui;

namespace {

// Counts straight from the tables, written apart from the query layer under test.
std::int64_t sqlCount(const QString& workspace, const std::string& sql) {
    auto ws =
        Workspace::open(QFile::encodeName(workspace).toStdString(), Workspace::OpenMode::ReadOnly);
    return ws->db().scalarInt(sql);
}

} // namespace

class TestWorkbenchPanes : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString workspace_;

    std::int64_t count(const std::string& sql) const { return sqlCount(workspace_, sql); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString bundle = dir_.filePath(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, QFile::encodeName(bundle).toStdString());
        workspace_ = dir_.filePath(QStringLiteral("lead-flow.casebook"));
        const auto report = test::importInto(workspace_, bundle);
        QCOMPARE(report.status, ImportStatus::Imported);
    }

    void traceListPagesSortsAndStaysInTenant() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        QTRY_VERIFY(context.scope().has_value());
        const std::int64_t acmeTraces = count(
            "SELECT count(*) FROM traces WHERE tenant_id = (SELECT id FROM tenants WHERE name = "
            "'acme')");
        QVERIFY(acmeTraces > TraceListModel::PageSize);
        {
            // A view asks for one page at a time: the first holds a page, no more.
            TraceListModel paged(&jobs);
            paged.setQuery(workspace_, context.scope(), {});
            QTRY_VERIFY(!paged.isFetching());
            QCOMPARE(paged.rowCount(), TraceListModel::PageSize);
            QVERIFY(paged.canFetchMore({}));
        }
        // The tester asks for more until there is no more: every trace, each once.
        TraceListModel model(&jobs);
        QAbstractItemModelTester tester(&model);
        model.setQuery(workspace_, context.scope(), {});
        QTRY_COMPARE(model.rowCount(), static_cast<int>(acmeTraces));
        QVERIFY(!model.canFetchMore({}));
        QSet<QString> ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids.insert(model.index(row, 0).data(TraceListModel::TraceIdRole).toString());
        QCOMPARE(ids.size(), model.rowCount());
        // Newest first, every row acme's.
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.traceAt(row - 1)->startNs >= model.traceAt(row)->startNs);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.index(row, TraceListModel::Tenant).data().toString(),
                     QStringLiteral("acme"));

        // Sorting asks the engine again: the longest trace first.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.sort(TraceListModel::Duration, Qt::DescendingOrder);
        QCOMPARE(reset.count(), 1);
        QTRY_COMPARE(model.rowCount(), static_cast<int>(acmeTraces));
        const std::int64_t longest = count(
            "SELECT max(duration_ns) FROM traces WHERE tenant_id = (SELECT id FROM tenants WHERE "
            "name = 'acme')");
        QCOMPARE(
            model.index(0, TraceListModel::Duration).data(TraceListModel::ValueRole).toLongLong(),
            longest);
        // The counts sort too; the root span does not, and keeps the order it had.
        model.sort(TraceListModel::Errors, Qt::DescendingOrder);
        QTRY_COMPARE(model.rowCount(), static_cast<int>(acmeTraces));
        QCOMPARE(model.sortColumn(), int(TraceListModel::Errors));
        QCOMPARE(model.traceAt(0)->errors,
                 count("SELECT max(error_count) FROM traces WHERE tenant_id = (SELECT id FROM "
                       "tenants WHERE name = 'acme')"));
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.traceAt(row - 1)->errors >= model.traceAt(row)->errors);
        const QString first = model.index(0, 0).data(TraceListModel::TraceIdRole).toString();
        model.sort(TraceListModel::Root, Qt::AscendingOrder);
        QCOMPARE(model.sortColumn(), int(TraceListModel::Errors));
        QCOMPARE(model.index(0, 0).data(TraceListModel::TraceIdRole).toString(), first);
    }

    void traceListFilterRunsOrIsReported() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        QTRY_VERIFY(context.scope().has_value());
        TraceListModel model(&jobs);
        QAbstractItemModelTester tester(&model);
        model.setQuery(workspace_, context.scope(),
                       QStringLiteral("service == ingestion-api and status == error"));
        QVERIFY(model.filterError().isEmpty());
        const std::int64_t expected =
            count("SELECT count(*) FROM traces t WHERE t.tenant_id = (SELECT id FROM tenants WHERE "
                  "name = 'acme') AND EXISTS (SELECT 1 FROM spans s JOIN services sv ON sv.id = "
                  "s.service_id WHERE s.trace_id = t.trace_id AND s.tenant_id = t.tenant_id AND "
                  "sv.name = 'ingestion-api') AND EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = "
                  "t.trace_id AND s.tenant_id = t.tenant_id AND s.status_code = 2)");
        QVERIFY(expected > 0);
        QTRY_COMPARE(model.rowCount(), static_cast<int>(expected));
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.traceAt(row)->errors > 0);

        // A filter that does not parse never runs: nothing is shown, the error says where.
        model.setQuery(workspace_, context.scope(), QStringLiteral("duration >= and x"));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY2(model.filterError().contains(QStringLiteral("expected a value")),
                 qPrintable(model.filterError()));
    }

    void logSearchHistogramAndFilterAgree() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        QTRY_VERIFY(context.scope().has_value());
        const std::string acme = "(SELECT id FROM tenants WHERE name = 'acme')";
        const std::int64_t rejected = count("SELECT count(*) FROM logs WHERE tenant_id = " + acme +
                                            " AND instr(body, 'utm_content') > 0");
        QVERIFY(rejected > 0);

        LogTableModel model(&jobs);
        QAbstractItemModelTester tester(&model);
        LogRequest request;
        request.workspacePath = workspace_;
        request.scope = context.scope();
        request.search = QStringLiteral("utm_content");
        model.setRequest(request);
        QTRY_COMPARE(model.rowCount(), static_cast<int>(rejected));
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.index(row, LogTableModel::Body)
                        .data()
                        .toString()
                        .contains(QStringLiteral("utm_content")));

        // The histogram counts the same records, in the severity classes the table shows.
        auto ws = Workspace::open(QFile::encodeName(workspace_).toStdString(),
                                  Workspace::OpenMode::ReadOnly);
        const LogHistogram histogram = logHistogram(*ws, *context.scope(), toLogQuery(request), 60);
        QCOMPARE(histogram.total(), rejected);
        QVERIFY(histogram.buckets.size() <= 60);
        std::int64_t errors = 0;
        for (const auto& bucket : histogram.buckets)
            errors += bucket[static_cast<std::size_t>(LogLevelClass::Error)];
        QCOMPARE(errors, count("SELECT count(*) FROM logs WHERE tenant_id = " + acme +
                               " AND instr(body, 'utm_content') > 0 AND severity_number "
                               "BETWEEN 17 AND 20"));

        // The filter language narrows the same way, and a bad one is reported, not run.
        request.search.clear();
        request.filter = QStringLiteral("level >= error and service == ingestion-api");
        model.setRequest(request);
        const std::int64_t ingestionErrors =
            count("SELECT count(*) FROM logs l JOIN services sv ON sv.id = l.service_id WHERE "
                  "l.tenant_id = " +
                  acme + " AND l.severity_number >= 17 AND sv.name = 'ingestion-api'");
        QTRY_COMPARE(model.rowCount(), static_cast<int>(ingestionErrors));
        request.filter = QStringLiteral("level >= loud");
        model.setRequest(request);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.queryError().isEmpty());
    }

    void bodyMarksAreWhereTheWordsAre() {
        const auto found =
            LogBodyDelegate::matches(QStringLiteral("Unknown field UTM_content; unknown again"),
                                     {QStringLiteral("unknown"), QStringLiteral("utm_content")});
        QCOMPARE(found.size(), 3);
        QCOMPARE(found[0], qMakePair(0, 7));
        QCOMPARE(found[1], qMakePair(14, 11));
        QCOMPARE(found[2], qMakePair(27, 7));
    }

    void histogramDragNarrowsLogsAndTraces() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        TracesPane traces(&context, &jobs);
        LogsPane logs(&context, &jobs);
        logs.resize(900, 500);
        logs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&logs));
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        QTRY_VERIFY(logs.histogram()->histogram().total() > 0);
        QTRY_VERIFY(!logs.isLoading() && !traces.isLoading());
        const std::int64_t allLogs = logs.histogram()->histogram().total();
        QCOMPARE(allLogs, count("SELECT count(*) FROM logs WHERE tenant_id = (SELECT id FROM "
                                "tenants WHERE name = 'acme')"));

        // Drag across the middle third of the histogram.
        LogHistogramView* view = logs.histogram();
        const int y = view->height() / 2;
        const int from = view->width() / 3, to = view->width() * 2 / 3;
        QSignalSpy window(&context, &InvestigationContext::timeWindowChanged);
        QTest::mousePress(view, Qt::LeftButton, {}, QPoint(from, y));
        QTest::mouseMove(view, QPoint(to, y));
        QTest::mouseRelease(view, Qt::LeftButton, {}, QPoint(to, y));
        QCOMPARE(window.count(), 1);
        const TimeWindow chosen = context.timeWindow();
        QVERIFY(chosen.fromNs && chosen.toNs && *chosen.fromNs < *chosen.toNs);

        // Both panes follow: every log row and every trace starts inside the window.
        QTRY_VERIFY(!logs.isLoading() && !traces.isLoading());
        QTRY_VERIFY(logs.histogram()->histogram().total() < allLogs);
        QVERIFY(logs.model()->rowCount() > 0);
        for (int row = 0; row < logs.model()->rowCount(); ++row) {
            const auto t = logs.model()->rowAt(row)->timeNs;
            QVERIFY(t >= *chosen.fromNs && t < *chosen.toNs);
        }
        QVERIFY(traces.model()->rowCount() > 0);
        for (int row = 0; row < traces.model()->rowCount(); ++row) {
            const auto t = traces.model()->traceAt(row)->startNs;
            QVERIFY(t >= *chosen.fromNs && t < *chosen.toNs);
        }
        QVERIFY(traces.statusLabel()->text().contains(QStringLiteral("time window")));
    }

    void typingSearchAndClickingATraceId() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        LogsPane logs(&context, &jobs);
        logs.resize(900, 500);
        logs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&logs));
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        QTRY_VERIFY(logs.model()->rowCount() > 0);
        QTest::keyClicks(logs.searchEdit(), QStringLiteral("utm_content"));
        QTRY_VERIFY(logs.model()->request().search == QStringLiteral("utm_content"));
        QTRY_VERIFY(!logs.isLoading());
        // The service quick filter lists the services that logged in this tenant.
        QVERIFY(logs.serviceSelector()->findText(QStringLiteral("ingestion-api")) > 0);

        // A row with a trace id: clicking the id selects that trace in the context.
        int withTrace = -1;
        for (int row = 0; row < logs.model()->rowCount() && withTrace < 0; ++row)
            if (logs.model()->rowAt(row)->traceId)
                withTrace = row;
        QVERIFY(withTrace >= 0);
        QSignalSpy selection(&context, &InvestigationContext::selectionChanged);
        QTableView* table = logs.table();
        table->scrollTo(logs.model()->index(withTrace, LogTableModel::Trace));
        const QRect cell = table->visualRect(logs.model()->index(withTrace, LogTableModel::Trace));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(selection.count(), 1);
        QCOMPARE(*context.selectedTrace(), *logs.model()->rowAt(withTrace)->traceId);

        // "Logs of this trace" shows that trace's records only.
        logs.showLogsOf(*context.selectedTrace(), std::nullopt);
        QTRY_VERIFY(!logs.isLoading());
        QVERIFY(logs.model()->rowCount() > 0);
        for (int row = 0; row < logs.model()->rowCount(); ++row)
            QCOMPARE(*logs.model()->rowAt(row)->traceId, *context.selectedTrace());
    }
};

CASEBOOK_UI_TEST_MAIN(TestWorkbenchPanes)
#include "tst_workbench_panes.moc"
