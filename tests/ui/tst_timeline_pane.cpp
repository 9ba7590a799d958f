// The Timeline pane and evidence pinning offscreen, through the real widgets, on the
// generated lead-flow sample (seed 42) in tenant acme: the model under
// QAbstractItemModelTester with counts checked against the tables, the kind filter,
// titles edited in place, marks and the impact they give, the export in Markdown and PDF,
// pins from the trace view and the Logs pane of the main window, and the warning the
// main window shows when the workspace's record does not verify.
#include "ui_fixture.h"

#include "core/generate/scenario_generator.h"
#include "core/runbook/bundled_runbooks.h"
#include "core/runbook/runbook_engine.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/jobs/job_runner.h"
#include "ui/logs/log_table_model.h"
#include "ui/logs/logs_pane.h"
#include "ui/main/main_window.h"
#include "ui/main/message_bar.h"
#include "ui/timeline/evidence_pinner.h"
#include "ui/timeline/timeline_model.h"
#include "ui/timeline/timeline_pane.h"
#include "ui/traces/trace_data.h"
#include "ui/traces/trace_view_pane.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QToolButton>

using namespace casebook;
using namespace casebook::ui;

namespace {

constexpr const char* kAcme = "(SELECT id FROM tenants WHERE name = 'acme')";

} // namespace

class TestTimelinePane : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString workspace;

    std::int64_t count(const std::string& sql) {
        auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::ReadOnly);
        return ws->db().scalarInt(sql);
    }
    // Entries acme's timeline must hold, counted from the tables themselves.
    std::int64_t expectedEntries() {
        return count(std::string("SELECT (SELECT count(*) FROM changes WHERE tenant_id = ") +
                     kAcme + ") + (SELECT count(*) FROM case_evidence WHERE tenant_id = " + kAcme +
                     ") + (SELECT count(*) FROM case_notes WHERE tenant_id = " + kAcme +
                     ") + (SELECT count(*) FROM case_checks WHERE tenant_id = " + kAcme +
                     ") + (SELECT count(*) FROM case_decisions WHERE tenant_id = " + kAcme +
                     ") + (SELECT count(*) FROM case_steps WHERE tenant_id = " + kAcme +
                     " AND outcome IN ('confirmed', 'ruled-out', 'inconclusive')) + (SELECT "
                     "count(DISTINCT kind) FROM case_marks WHERE tenant_id = " +
                     kAcme + ")");
    }
    static void shoot(QWidget* widget, const QString& name) {
        const QString folder = qEnvironmentVariable("CASEBOOK_UI_SHOTS");
        if (!folder.isEmpty())
            widget->grab().save(folder + u'/' + name + QStringLiteral(".png"));
    }

private slots:
    void initTestCase() {
        const QString bundle = dir.filePath(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, bundle.toStdString());
        workspace = dir.filePath(QStringLiteral("lead-flow.casebook"));
        QCOMPARE(test::importInto(workspace, bundle).status, ImportStatus::Imported);
        // A case to show: the schema-drift runbook run in acme.
        auto ws = Workspace::open(workspace.toStdString());
        const auto runbook = openRunbook("ingestion-schema-drift", builtinCheckRegistry());
        const RunbookEngine engine;
        const Scope acme = ws->tenantScope("acme");
        const CaseRunId run = engine.startRun(*ws, acme, *runbook.runbook, "dana");
        engine.runHeadless(*ws, acme, run, *runbook.runbook);
    }

    void showsFiltersAndEditsTheTimeline() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        TimelinePane pane(&context, &jobs);
        QAbstractItemModelTester tester(pane.model());
        pane.resize(1200, 600);
        pane.show();
        context.openWorkspace(workspace, QStringLiteral("acme"));
        QTRY_VERIFY(!pane.isBusy() && pane.model()->rowCount() > 0);
        const std::int64_t changes =
            count(std::string("SELECT count(*) FROM changes WHERE tenant_id = ") + kAcme);
        // Besides the changes and the case: the findings and SLO alerts of the story (their
        // times and contents are checked in tests/analysis/tst_timeline_analysis.cpp).
        const int analysed = pane.model()->countOf(TimelineKind::Finding) +
                             pane.model()->countOf(TimelineKind::SloAlert);
        QVERIFY(pane.model()->countOf(TimelineKind::Finding) > 0);
        QVERIFY(pane.model()->countOf(TimelineKind::SloAlert) > 0);
        QCOMPARE(pane.model()->rowCount(), int(expectedEntries()) + analysed);
        QCOMPARE(pane.model()->countOf(TimelineKind::Change), int(changes));
        QCOMPARE(pane.model()->countOf(TimelineKind::Check), 6); // the runbook's six checks
        QCOMPARE(pane.model()->countOf(TimelineKind::Conclusion), 1);
        for (int row = 1; row < pane.model()->rowCount(); ++row)
            QVERIFY(pane.model()->entryAt(row - 1)->timeNs <= pane.model()->entryAt(row)->timeNs);
        // UTC and local time side by side (the tests run in UTC, so they agree).
        const QModelIndex first = pane.model()->index(0, TimelineModel::TimeUtc);
        QCOMPARE(first.data().toString(), QStringLiteral("2026-11-12 14:10:00"));
        QVERIFY(pane.model()
                    ->index(0, TimelineModel::TimeLocal)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("2026-11-12 14:10:00")));
        QCOMPARE(pane.incidentTitleEdit()->text(),
                 QStringLiteral("SEV1 detected: lead volume down vs baseline, web-form freshness "
                                "SLO breached"));

        // Hiding changes leaves the case entries.
        pane.kindToggle(TimelineKind::Change)->click();
        QCOMPARE(pane.model()->rowCount(), int(expectedEntries() - changes) + analysed);
        for (int row = 0; row < pane.model()->rowCount(); ++row)
            QVERIFY(pane.model()->entryAt(row)->kind != TimelineKind::Change);
        pane.kindToggle(TimelineKind::Change)->click();
        QCOMPARE(pane.model()->rowCount(), int(expectedEntries()) + analysed);

        // A title edited in place is recorded and survives a reload.
        const int sdk = [&] {
            for (int row = 0; row < pane.model()->rowCount(); ++row)
                if (pane.model()->entryAt(row)->title ==
                    "web-forms SDK 4.2.0 (adds utm_content field) rolled out to acme sites")
                    return row;
            return -1;
        }();
        QVERIFY(sdk >= 0);
        const QString key = QString::fromStdString(pane.model()->entryAt(sdk)->key);
        QVERIFY(pane.model()->flags(pane.model()->index(sdk, TimelineModel::Title)) &
                Qt::ItemIsEditable);
        QVERIFY(!(pane.model()->flags(pane.model()->index(sdk, TimelineModel::Detail)) &
                  Qt::ItemIsEditable));
        QVERIFY(pane.model()->setData(pane.model()->index(sdk, TimelineModel::Title),
                                      QStringLiteral("The SDK release that added utm_content")));
        QTRY_COMPARE(count("SELECT count(*) FROM case_titles WHERE entry = '" + key.toStdString() +
                           "' AND title = 'The SDK release that added utm_content'"),
                     std::int64_t(1));
        QTRY_VERIFY(!pane.isBusy());
        const int row = pane.model()->rowOfKey(key);
        QCOMPARE(pane.model()->index(row, TimelineModel::Title).data().toString(),
                 QStringLiteral("The SDK release that added utm_content"));

        // Marks: impact at the SDK release (suggested from the selected row), detection at
        // the incident event, 25 hours later (docs/sample-incidents.md).
        pane.table()->selectRow(row);
        std::optional<std::int64_t> suggested;
        pane.setMarkTimeProvider([&](QWidget*, MarkKind kind,
                                     std::optional<std::int64_t> s) -> std::optional<std::int64_t> {
            suggested = s;
            return kind == MarkKind::ImpactStart ? s : parseRfc3339("2026-11-20T21:00Z");
        });
        pane.setMark(MarkKind::ImpactStart);
        QCOMPARE(suggested, parseRfc3339("2026-11-19T20:00Z"));
        pane.setMark(MarkKind::Detection);
        QTRY_VERIFY2(
            pane.impactLabel()->text().contains(QStringLiteral("time to detect 25 h 0 min")),
            qPrintable(pane.impactLabel()->text()));
        QTRY_COMPARE(pane.model()->countOf(TimelineKind::Mark), 2);
        QTRY_VERIFY(!pane.isBusy());
        shoot(&pane, QStringLiteral("timeline-pane"));

        // The incident's title.
        pane.incidentTitleEdit()->setText(QStringLiteral("Leads lost to SDK 4.2.0"));
        QMetaObject::invokeMethod(pane.incidentTitleEdit(), "editingFinished");
        QTRY_COMPARE(count("SELECT count(*) FROM case_titles WHERE entry = 'incident' AND title = "
                           "'Leads lost to SDK 4.2.0'"),
                     std::int64_t(1));

        // Exports, in a job, where the investigator says.
        QSignalSpy exported(&pane, &TimelinePane::exported);
        const QString md = dir.filePath(QStringLiteral("incident.md"));
        const QString pdf = dir.filePath(QStringLiteral("incident.pdf"));
        pane.setExportPathProvider(
            [&](QWidget*, ExportFormat f) { return f == ExportFormat::Pdf ? pdf : md; });
        pane.exportAs(ExportFormat::Markdown);
        QTRY_COMPARE(exported.count(), 1);
        QFile file(md);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.startsWith(QStringLiteral("# Leads lost to SDK 4.2.0\n")));
        QVERIFY(text.contains(QStringLiteral("| Time to detect | 25 h 0 min |")));
        QVERIFY(text.contains(QStringLiteral("The SDK release that added utm_content")));
        pane.exportAs(ExportFormat::Pdf);
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 2, 30000);
        QProcess text2;
        text2.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY(text2.waitForFinished(60000));
        QVERIFY(QString::fromUtf8(text2.readAllStandardOutput())
                    .contains(QStringLiteral("Leads lost to SDK 4.2.0")));
    }

    void anotherTenantSeesNoneOfIt() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        TimelinePane pane(&context, &jobs);
        QAbstractItemModelTester tester(pane.model());
        context.openWorkspace(workspace, QStringLiteral("globex"));
        QTRY_VERIFY(!pane.isBusy() && pane.model()->rowCount() > 0);
        // Globex's changes, findings and alerts; none of acme's case.
        for (int row = 0; row < pane.model()->rowCount(); ++row) {
            const TimelineEntry* e = pane.model()->entryAt(row);
            QVERIFY(e->kind == TimelineKind::Change || e->kind == TimelineKind::Finding ||
                    e->kind == TimelineKind::SloAlert);
            QCOMPARE(e->tenant, std::string("globex"));
        }
        QVERIFY(pane.impactLabel()->text().startsWith(QStringLiteral("No marks yet")));
    }

    void pinsFromTheTraceViewAndTheLogs() {
        MainWindow window;
        window.resize(1440, 900);
        window.show();
        window.setInitialScope(QStringLiteral("acme"));
        QStringList notes{QStringLiteral("the first rejected trace"),
                          QStringLiteral("two parser lines")};
        window.pinner()->setNoteProvider(
            [&](QWidget*, const QString&) -> std::optional<QString> { return notes.takeFirst(); });
        window.openWorkspace(workspace);
        QTRY_VERIFY(window.context()->scope().has_value());
        // A failed trace of acme, found with SQL, opened in the trace view.
        auto id = TraceId::fromHex([&] {
            auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::ReadOnly);
            auto st = ws->db().prepare(std::string("SELECT hex(trace_id) FROM spans WHERE "
                                                   "error_code = 'PARSE_UNKNOWN_FIELD' AND "
                                                   "tenant_id = ") +
                                       kAcme + " ORDER BY start_ns LIMIT 1");
            st.step();
            std::string hex = st.text(0);
            for (auto& c : hex)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return hex;
        }());
        QVERIFY(id);
        window.context()->selectTrace(*id);
        QTRY_VERIFY_WITH_TIMEOUT(window.traceViewPane()->trace() &&
                                     window.traceViewPane()->trace()->model.traceId() == *id,
                                 20000);
        auto* pinTrace =
            window.traceViewPane()->findChild<QPushButton*>(QStringLiteral("pinTrace"));
        QVERIFY(pinTrace);
        QTRY_VERIFY(pinTrace->isEnabled());
        const std::int64_t before = count("SELECT count(*) FROM case_evidence");
        pinTrace->click();
        QTRY_COMPARE(count("SELECT count(*) FROM case_evidence"), before + 1);
        QCOMPARE(count("SELECT count(*) FROM case_evidence WHERE kind = 'traces' AND note = 'the "
                       "first rejected trace' AND json_extract(payload, '$.traces[0].trace_id') "
                       "= '" +
                       id->hex() + "'"),
                 std::int64_t(1));
        QTRY_VERIFY(window.messageBar()->text().contains(QStringLiteral("Pinned to the case")));

        // Two log lines selected in the Logs pane.
        LogsPane* logs = window.logsPane();
        logs->showQuery(QStringLiteral("rejected submission"), QString());
        QTRY_VERIFY(!logs->isLoading() && logs->model()->rowCount() >= 2);
        logs->table()->selectionModel()->select(
            logs->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        logs->table()->selectionModel()->select(
            logs->model()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        auto* pinLines = logs->findChild<QPushButton*>(QStringLiteral("pinLogLines"));
        QVERIFY(pinLines && pinLines->isEnabled());
        const QList<qint64> ids = logs->selectedLogIds();
        QCOMPARE(ids.size(), 2);
        pinLines->click();
        QTRY_COMPARE(count("SELECT count(*) FROM case_evidence WHERE kind = 'logs' AND note = 'two "
                           "parser lines' AND json_array_length(payload, '$.logs') = 2 AND "
                           "json_extract(payload, '$.logs[0].id') = " +
                           std::to_string(ids[0])),
                     std::int64_t(1));
        // The timeline shows both.
        QTRY_VERIFY(!window.timelinePane()->isBusy() &&
                    window.timelinePane()->model()->countOf(TimelineKind::Evidence) >= 2);
        window.close();
    }

    void aBrokenRecordIsShownInTheMessageBar() {
        const QString copy = dir.filePath(QStringLiteral("tampered.casebook"));
        QVERIFY(QFile::copy(workspace, copy));
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"),
                     {copy, QStringLiteral("DROP TRIGGER case_checks_no_update; UPDATE "
                                           "case_checks SET outcome = 'fail' WHERE id = 2;")});
        QVERIFY(sqlite.waitForFinished(30000));
        QCOMPARE(sqlite.exitCode(), 0);
        MainWindow window;
        window.show();
        window.openWorkspace(copy);
        QTRY_VERIFY(window.context()->hasWorkspace());
        QTRY_VERIFY2(
            window.messageBar()->text().contains(QStringLiteral("case_checks row 2 (audit entry")),
            qPrintable(window.messageBar()->text()));
        QCOMPARE(window.messageBar()->kind(), MessageBar::Kind::Warning);
        window.close();
    }
};

CASEBOOK_UI_TEST_MAIN(TestTimelinePane)
#include "tst_timeline_pane.moc"
