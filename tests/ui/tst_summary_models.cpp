// The summary models, each under QAbstractItemModelTester from before its data arrives,
// filled the way the panes fill them: by jobs off the GUI thread. Also the job runner's
// promise that stale results never land.

#include "ui_fixture.h"

#include "core/query/import_history.h"
#include "core/query/stats_query.h"
#include "ui/jobs/job_runner.h"
#include "ui/summary/import_files_model.h"
#include "ui/summary/rejected_records_model.h"
#include "ui/summary/tenant_counts_model.h"
#include "ui/util/text.h"

#include <QAbstractItemModelTester>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace casebook;
using namespace casebook::ui;

namespace {

int findRow(const QAbstractItemModel& model, int column, const QString& text) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, column).data().toString() == text)
            return row;
    return -1;
}

qint64 valueAt(const QAbstractItemModel& model, int row, int column, int role) {
    return model.index(row, column).data(role).toLongLong();
}

} // namespace

class TestSummaryModels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void tenantCountsShowRealNumbers();
    void tenantCountsFormatAndAlign();
    void importFilesShowTheReport();
    void rejectedRecordsShowLocationAndReason();
    void rejectedRecordsArePagedByFetchMore();
    void rejectedRecordsDropAPageOfAnOldWorkspace();
    void jobRunnerDropsSupersededResults();
    void jobRunnerLeavesTheGlobalPoolToQt();
    void jobRunnerDropsResultsForDeadReceivers();
    void jobRunnerReportsJobErrors();

private:
    QTemporaryDir dir_;
    QString tinyWorkspace_;
    QString manyWorkspace_;
};

void TestSummaryModels::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString tiny = dir_.filePath(QStringLiteral("tiny"));
    test::writeTinyBundle(tiny);
    tinyWorkspace_ = dir_.filePath(QStringLiteral("tiny.casebook"));
    const ImportReport tinyReport = test::importInto(tinyWorkspace_, tiny);
    QCOMPARE(tinyReport.status, ImportStatus::Imported);

    const QString many = dir_.filePath(QStringLiteral("many"));
    test::writeManyRejectsBundle(many, 450);
    manyWorkspace_ = dir_.filePath(QStringLiteral("many.casebook"));
    const ImportReport manyReport = test::importInto(manyWorkspace_, many);
    QCOMPARE(manyReport.status, ImportStatus::Imported);
    QCOMPARE(manyReport.rejected, 450u);
}

void TestSummaryModels::tenantCountsShowRealNumbers() {
    TenantCountsModel model;
    QAbstractItemModelTester tester(&model);
    JobRunner jobs;
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    const QString path = tinyWorkspace_;
    jobs.run(
        jobs.newSlot(), &model,
        [path](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::OpenExisting);
            return workspaceStats(*ws, ws->allTenantsScope("tst_summary_models"));
        },
        [&model](JobResult<WorkspaceStats> result) {
            QVERIFY2(result.ok(), qPrintable(result.error));
            model.setStats(std::move(*result.value));
        });
    QVERIFY(reset.wait());

    using T = test::TinyBundle;
    QCOMPARE(model.rowCount(), 3); // acme, globex, total
    const int acme = findRow(model, TenantCountsModel::Tenant, QStringLiteral("acme"));
    const int globex = findRow(model, TenantCountsModel::Tenant, QStringLiteral("globex"));
    const int total = model.totalRow();
    QVERIFY(acme >= 0 && globex >= 0);
    QCOMPARE(total, 2);
    QCOMPARE(model.index(total, 0).data().toString(), QStringLiteral("Total"));
    constexpr int V = TenantCountsModel::ValueRole;
    QCOMPARE(valueAt(model, acme, TenantCountsModel::Spans, V), T::acmeSpans);
    QCOMPARE(valueAt(model, acme, TenantCountsModel::Traces, V), T::acmeTraces);
    QCOMPARE(valueAt(model, acme, TenantCountsModel::Logs, V), T::acmeLogs);
    QCOMPARE(valueAt(model, acme, TenantCountsModel::Changes, V), T::acmeChanges);
    QCOMPARE(valueAt(model, globex, TenantCountsModel::Spans, V), T::globexSpans);
    QCOMPARE(valueAt(model, globex, TenantCountsModel::Traces, V), T::globexTraces);
    QCOMPARE(valueAt(model, globex, TenantCountsModel::Logs, V), T::globexLogs);
    QCOMPARE(valueAt(model, globex, TenantCountsModel::Changes, V), 0);
    QCOMPARE(valueAt(model, total, TenantCountsModel::Spans, V), T::acmeSpans + T::globexSpans);
    QCOMPARE(valueAt(model, total, TenantCountsModel::Logs, V), T::acmeLogs + T::globexLogs);
    QCOMPARE(model.index(acme, TenantCountsModel::Spans).data().toString(), QStringLiteral("3"));

    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestSummaryModels::tenantCountsFormatAndAlign() {
    TenantCountsModel model;
    QAbstractItemModelTester tester(&model);
    WorkspaceStats stats;
    stats.tenants.push_back({"acme", {1234567, 8901, 42, 3, 9876543210, 7}});
    stats.totals = stats.tenants.front().counts;
    model.setStats(stats);

    QCOMPARE(model.index(0, TenantCountsModel::Spans).data().toString(),
             QStringLiteral("1,234,567"));
    QCOMPARE(model.index(0, TenantCountsModel::MetricPoints).data().toString(),
             QStringLiteral("9,876,543,210"));
    const auto alignment = [&](int column) {
        return Qt::Alignment(model.index(0, column).data(Qt::TextAlignmentRole).toInt());
    };
    QVERIFY(alignment(TenantCountsModel::Spans) & Qt::AlignRight);
    QVERIFY(alignment(TenantCountsModel::Tenant) & Qt::AlignLeft);
    QCOMPARE(model.headerData(TenantCountsModel::MetricSeries, Qt::Horizontal).toString(),
             QStringLiteral("Metric series"));
}

void TestSummaryModels::importFilesShowTheReport() {
    ImportFilesModel model;
    QAbstractItemModelTester tester(&model);
    JobRunner jobs;
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QString path = tinyWorkspace_;
    jobs.run(
        jobs.newSlot(), &model,
        [path](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            return importHistory(*ws);
        },
        [&model](JobResult<std::vector<BundleRecord>> result) {
            QVERIFY2(result.ok(), qPrintable(result.error));
            model.setHistory(std::move(*result.value));
        });
    QVERIFY(reset.wait());

    QCOMPARE(model.rowCount(), 2); // changes.jsonl and telemetry.otlp.jsonl
    const int otlp = findRow(model, ImportFilesModel::File, QStringLiteral("telemetry.otlp.jsonl"));
    const int changes = findRow(model, ImportFilesModel::File, QStringLiteral("changes.jsonl"));
    QVERIFY(otlp >= 0 && changes >= 0);
    using T = test::TinyBundle;
    constexpr int V = ImportFilesModel::ValueRole;
    QCOMPARE(model.index(otlp, ImportFilesModel::Bundle).data().toString(),
             QStringLiteral("tiny incident"));
    QCOMPARE(model.index(otlp, ImportFilesModel::Format).data().toString(),
             QStringLiteral("otlp-json"));
    QCOMPARE(model.index(otlp, ImportFilesModel::Kind).data().toString(), QStringLiteral("mixed"));
    QCOMPARE(valueAt(model, otlp, ImportFilesModel::Accepted, V),
             T::acmeSpans + T::acmeLogs + T::globexSpans + T::globexLogs);
    QCOMPARE(valueAt(model, otlp, ImportFilesModel::Rejected, V), 1);
    QCOMPARE(
        model.index(otlp, ImportFilesModel::Status).data(ImportFilesModel::StateRole).toString(),
        QStringLiteral("ok"));
    QCOMPARE(model.index(changes, ImportFilesModel::Format).data().toString(),
             QStringLiteral("changes-jsonl"));
    QCOMPARE(valueAt(model, changes, ImportFilesModel::Accepted, V), T::acmeChanges);
    QCOMPARE(model.rejectedTotal(), 1);
    QCOMPARE(model.partialFiles(), 0);

    // How a file was read is its own column, apart from the status.
    BundleRecord logs;
    logs.name = "logs";
    FileReport mapped;
    mapped.path = "app.jsonl";
    mapped.note = "mapping: timestamp=ts (epoch ms)";
    logs.files.push_back(mapped);
    model.setHistory({logs});
    QCOMPARE(model.headerData(ImportFilesModel::Note, Qt::Horizontal).toString(),
             QStringLiteral("How it was read"));
    QCOMPARE(model.index(0, ImportFilesModel::Note).data().toString(),
             QStringLiteral("mapping: timestamp=ts (epoch ms)"));
    QCOMPARE(model.index(0, ImportFilesModel::Status).data().toString(), QStringLiteral("OK"));
}

void TestSummaryModels::rejectedRecordsShowLocationAndReason() {
    JobRunner jobs;
    RejectedRecordsModel model(&jobs);
    QAbstractItemModelTester tester(&model);
    model.setWorkspace(tinyWorkspace_);
    model.fetchMore({});
    QTRY_COMPARE(model.rowCount(), 1);
    QTRY_VERIFY(!model.isFetching());
    QVERIFY(!model.canFetchMore({}));

    const QString location = model.index(0, RejectedRecordsModel::Location).data().toString();
    QVERIFY2(test::isLineLocation(location, test::TinyBundle::badLine), qPrintable(location));
    QCOMPARE(model.index(0, RejectedRecordsModel::File).data().toString(),
             QStringLiteral("telemetry.otlp.jsonl"));
    QCOMPARE(model.index(0, RejectedRecordsModel::Bundle).data().toString(),
             QStringLiteral("tiny incident"));
    const QString reason = model.index(0, RejectedRecordsModel::Reason).data().toString();
    QVERIFY2(reason.contains(QStringLiteral("trace id"), Qt::CaseInsensitive), qPrintable(reason));
}

void TestSummaryModels::rejectedRecordsArePagedByFetchMore() {
    JobRunner jobs;
    RejectedRecordsModel model(&jobs);
    // The tester itself asks for more after every change, as a view scrolled to the end
    // would; every page must still be one job of at most 200 rows, appended in order.
    QAbstractItemModelTester tester(&model);
    QList<int> rowCountAfterInsert;
    QList<QPair<int, int>> insertedRanges;
    connect(&model, &QAbstractItemModel::rowsInserted, this,
            [&](const QModelIndex&, int first, int last) {
                insertedRanges.append({first, last});
                rowCountAfterInsert.append(model.rowCount());
            });

    QVERIFY(!model.canFetchMore({})); // no workspace yet
    model.setWorkspace(manyWorkspace_);
    QCOMPARE(model.rowCount(), 0); // nothing is loaded synchronously
    model.fetchMore({});
    QVERIFY(!model.canFetchMore({})); // a page is on its way
    QTRY_COMPARE(model.rowCount(), 450);
    QTRY_VERIFY(!model.isFetching());
    QVERIFY(!model.canFetchMore({}));

    QCOMPARE(rowCountAfterInsert, (QList<int>{200, 400, 450}));
    QCOMPARE(insertedRanges, (QList<QPair<int, int>>{{0, 199}, {200, 399}, {400, 449}}));
    // Rows are in the order of the file: line 2 is the first bad one.
    QVERIFY(
        test::isLineLocation(model.index(0, RejectedRecordsModel::Location).data().toString(), 2));
    QVERIFY(test::isLineLocation(model.index(449, RejectedRecordsModel::Location).data().toString(),
                                 451));
}

void TestSummaryModels::rejectedRecordsDropAPageOfAnOldWorkspace() {
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QSemaphore gate;
    pool.start([&gate] { gate.acquire(); }); // holds the only worker
    JobRunner jobs(&pool);
    RejectedRecordsModel model(&jobs);
    QAbstractItemModelTester tester(&model);

    model.setWorkspace(manyWorkspace_);
    model.fetchMore({});
    model.setWorkspace(tinyWorkspace_); // the page of `many` is stale now
    model.fetchMore({});
    gate.release();
    QTRY_VERIFY(jobs.isIdle());
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(pool.waitForDone(10000));
}

// Qt paints with threads of the global pool and waits for them: a job holding one would
// freeze the window (casebook-bench-gui-import measured seconds).
void TestSummaryModels::jobRunnerLeavesTheGlobalPoolToQt() {
    JobRunner jobs;
    QObject receiver;
    QSemaphore started, gate;
    std::atomic<bool> onGlobal{false};
    for (int i = 0; i < 2; ++i)
        jobs.run(
            jobs.newSlot(), &receiver,
            [&](const JobControl&) {
                if (QThreadPool::globalInstance()->contains(QThread::currentThread()))
                    onGlobal = true;
                started.release();
                gate.acquire();
                return 0;
            },
            [](JobResult<int>) {});
    QVERIFY(started.tryAcquire(2, 10000));
    QVERIFY(!onGlobal);
    QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
    gate.release(2);
    QTRY_VERIFY(jobs.isIdle());
}

void TestSummaryModels::jobRunnerDropsSupersededResults() {
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QSemaphore gate;
    pool.start([&gate] { gate.acquire(); });
    JobRunner jobs(&pool);
    QSignalSpy busy(&jobs, &JobRunner::busyChanged);
    const JobSlot slot = jobs.newSlot();
    QObject receiver;
    QList<int> delivered;
    bool firstSawStop = false;

    jobs.run(
        slot, &receiver,
        [&firstSawStop](const JobControl& control) {
            firstSawStop = control.stopRequested();
            return 1;
        },
        [&delivered](JobResult<int> r) { delivered.append(*r.value); });
    jobs.run(
        slot, &receiver, [](const JobControl&) { return 2; },
        [&delivered](JobResult<int> r) { delivered.append(*r.value); });
    QVERIFY(jobs.isRunning(slot));
    QCOMPARE(jobs.pendingJobs(), 2);
    gate.release();
    QTRY_VERIFY(jobs.isIdle());
    QCOMPARE(delivered, QList<int>{2});
    QVERIFY(firstSawStop); // the superseded job was asked to stop
    QVERIFY(!jobs.isRunning(slot));
    QCOMPARE(busy.count(), 2); // busy once, idle once
    QVERIFY(pool.waitForDone(10000));
}

void TestSummaryModels::jobRunnerDropsResultsForDeadReceivers() {
    JobRunner jobs;
    bool delivered = false;
    auto* receiver = new QObject;
    jobs.run(
        jobs.newSlot(), receiver, [](const JobControl&) { return 1; },
        [&delivered](JobResult<int>) { delivered = true; });
    delete receiver;
    QTRY_VERIFY(jobs.isIdle());
    QVERIFY(!delivered);
}

void TestSummaryModels::jobRunnerReportsJobErrors() {
    JobRunner jobs;
    QObject receiver;
    QString error;
    jobs.run(
        jobs.newSlot(), &receiver,
        [](const JobControl&) -> int {
            auto ws =
                Workspace::open("/nonexistent/dir/x.casebook", Workspace::OpenMode::OpenExisting);
            return 0;
        },
        [&error](JobResult<int> r) {
            QVERIFY(!r.ok());
            error = r.error;
        });
    QTRY_VERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QStringLiteral("no such workspace")), qPrintable(error));
}

CASEBOOK_UI_TEST_MAIN(TestSummaryModels)
#include "tst_summary_models.moc"
