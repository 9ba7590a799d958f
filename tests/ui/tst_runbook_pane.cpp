// The Runbook pane offscreen, through its real widgets, on the generated lead-flow
// sample (seed 42) in tenant acme: a runbook walked step by step through its gates to its
// diagnosis, results and evidence inline, evidence opened in the other panes, notes on a
// step, a malformed file of the investigator's own, the last run restored on reopening,
// and another tenant's scope that shows none of it. What the pane wrote is read back
// from the workspace with SQL.
#include "ui_fixture.h"

#include "core/casefile/case_queries.h"
#include "core/generate/scenario_generator.h"
#include "core/runbook/bundled_runbooks.h"
#include "ui/context/investigation_context.h"
#include "ui/jobs/job_runner.h"
#include "ui/runbook/runbook_pane.h"
#include "ui/runbook/runbook_steps_model.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTextBrowser>
#include <QTextDocument>

using namespace casebook;
using namespace casebook::ui;

class TestRunbookPane : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString workspace;

    std::int64_t count(const std::string& sql) {
        auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::ReadOnly);
        return ws->db().scalarInt(sql);
    }
    // Saves a picture of `widget` when CASEBOOK_UI_SHOTS names a folder (to look at).
    static void shoot(QWidget* widget, const QString& name) {
        const QString folder = qEnvironmentVariable("CASEBOOK_UI_SHOTS");
        if (!folder.isEmpty())
            widget->grab().save(folder + u'/' + name + QStringLiteral(".png"));
    }
    static void settle(RunbookPane& pane) {
        QTRY_VERIFY_WITH_TIMEOUT(!pane.isBusy() && pane.view(), 20000);
    }

private slots:
    void initTestCase() {
        const QString bundle = dir.filePath(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, bundle.toStdString());
        workspace = dir.filePath(QStringLiteral("lead-flow.casebook"));
        QCOMPARE(test::importInto(workspace, bundle).status, ImportStatus::Imported);
    }

    void chooserListsTheRunbooksSuggestionsFirst() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        RunbookPane pane(&context, &jobs);
        pane.resize(620, 900);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        // Nothing chosen: every bundled runbook is listed, a link each; no empty panels.
        QVERIFY(pane.chooser()->isVisible());
        QVERIFY(!pane.stepsView()->isVisible());
        const QString html = pane.chooser()->toHtml();
        QCOMPARE(int(html.count(QStringLiteral("href=\"runbook:"))), int(bundledRunbooks().size()));
        for (const auto& bundled : bundledRunbooks())
            QVERIFY(
                html.contains(QStringLiteral("runbook:") +
                              QString::fromUtf8(bundled.name.data(), int(bundled.name.size()))));
        // Suggestions come first, with why; the rest after them.
        pane.setSuggestions({{QStringLiteral("freshness-slo-breach"),
                              QStringLiteral("matches: freshness-breach")}});
        const QString text = pane.chooser()->toPlainText();
        const auto suggested = text.indexOf(QStringLiteral("Suggested by the findings"));
        const auto freshness = text.indexOf(QStringLiteral("matches: freshness-breach"));
        const auto others = text.indexOf(QStringLiteral("Other runbooks"));
        QVERIFY(suggested >= 0 && suggested < freshness && freshness < others);
        QCOMPARE(int(pane.chooser()->toHtml().count(QStringLiteral("href=\"runbook:"))),
                 int(bundledRunbooks().size()));
        // A click on a runbook chooses it and shows its steps.
        context.openWorkspace(workspace, QStringLiteral("acme"));
        QTRY_VERIFY(context.scope().has_value());
        emit pane.chooser()->anchorClicked(QUrl(QStringLiteral("runbook:freshness-slo-breach")));
        settle(pane);
        QCOMPARE(pane.runbookSelector()->currentData().toString(),
                 QStringLiteral("freshness-slo-breach"));
        QVERIFY(pane.stepsView()->isVisible());
        QVERIFY(!pane.chooser()->isVisible());
        QVERIFY(pane.stepsModel()->rowCount() > 0);
    }

    void walksARunbookThroughItsGates() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        RunbookPane pane(&context, &jobs);
        QAbstractItemModelTester tester(pane.stepsModel());
        pane.resize(620, 900);
        pane.show();
        context.openWorkspace(workspace, QStringLiteral("acme"));
        QTRY_VERIFY(context.scope().has_value());

        const int index =
            pane.runbookSelector()->findData(QStringLiteral("lead-flow-missing-leads"));
        QVERIFY(index >= 0);
        pane.runbookSelector()->setCurrentIndex(index);
        settle(pane);
        QVERIFY(!pane.view()->run);
        QVERIFY(pane.statusLabel()->text().contains(QStringLiteral("No run of this runbook")));
        QCOMPARE(pane.stepsModel()->rowCount(), 16);
        QVERIFY(pane.startButton()->isEnabled());
        QTest::mouseClick(pane.startButton(), Qt::LeftButton);
        QTRY_VERIFY(pane.view() && pane.view()->run && !pane.isBusy());
        QCOMPARE(pane.selectedStep(), QStringLiteral("lead-submissions-against-last-week"));

        // Checks and manual steps until the first gate, each by its button.
        int clicks = 0;
        while (pane.runStepButton()->isVisible()) {
            QVERIFY(pane.runStepButton()->isEnabled());
            const QString before = pane.selectedStep();
            QTest::mouseClick(pane.runStepButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!pane.isBusy() && pane.selectedStep() != before, 20000);
            QVERIFY(++clicks < 10);
        }
        QCOMPARE(clicks, 8);
        QCOMPARE(pane.selectedStep(), QStringLiteral("roll-back-the-sdk"));
        QVERIFY(pane.approveButton()->isVisible());
        shoot(&pane, QStringLiteral("runbook-pane-gate"));
        // The first check's result with its evidence (a chart against last week).
        pane.selectStep(QStringLiteral("lead-submissions-against-last-week"));
        settle(pane);
        QVERIFY(
            pane.resultView()->toPlainText().contains(QStringLiteral("vs same time last week")));
        // Its chart evidence is drawn in the result, not only listed.
        const auto chartName = QRegularExpression(QStringLiteral("casebook-chart:\\d+"))
                                   .match(pane.resultView()->toHtml());
        QVERIFY(chartName.hasMatch());
        const QImage chart =
            pane.resultView()
                ->document()
                ->resource(QTextDocument::ImageResource, QUrl(chartName.captured()))
                .value<QImage>();
        QVERIFY(!chart.isNull());
        QVERIFY(chart.width() >= 2 * 240);
        QCOMPARE(chart.pixelColor(2, 2), QColor(Qt::white)); // the exports' light colours
        QCoreApplication::processEvents();                   // the layout without the action row
        shoot(&pane, QStringLiteral("runbook-pane-metric"));
        {
            // On a dark window the chart is drawn on the window's own base colour, with
            // light text, instead of a white card.
            const QPalette light = pane.palette();
            QPalette dark = light;
            dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
            dark.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
            pane.setPalette(dark);
            pane.selectStep(QStringLiteral("roll-back-the-sdk"));
            settle(pane);
            pane.selectStep(QStringLiteral("lead-submissions-against-last-week"));
            settle(pane);
            const auto darkName = QRegularExpression(QStringLiteral("casebook-chart:\\d+"))
                                      .match(pane.resultView()->toHtml());
            QVERIFY(darkName.hasMatch());
            const QImage darkChart =
                pane.resultView()
                    ->document()
                    ->resource(QTextDocument::ImageResource, QUrl(darkName.captured()))
                    .value<QImage>();
            QCOMPARE(darkChart.pixelColor(2, 2), QColor(0x1e, 0x1f, 0x22));
            // The title (top left, bold) is drawn in a light colour.
            int lightPixels = 0;
            for (int y = 0; y < 40; ++y)
                for (int x = 100; x < 400; ++x)
                    lightPixels += darkChart.pixelColor(x, y).lightness() > 160 ? 1 : 0;
            QVERIFY(lightPixels > 50);
            QCoreApplication::processEvents();
            shoot(&pane, QStringLiteral("runbook-pane-metric-dark"));
            pane.setPalette(light);
        }
        pane.selectStep(QStringLiteral("roll-back-the-sdk"));
        settle(pane);

        // The gate wants a name and a reason before either button works.
        pane.personEdit()->clear();
        pane.reasonEdit()->clear();
        QVERIFY(!pane.approveButton()->isEnabled());
        QTest::keyClicks(pane.personEdit(), QStringLiteral("Dana Whitfield"));
        QVERIFY(!pane.approveButton()->isEnabled());
        QTest::keyClicks(pane.reasonEdit(), QStringLiteral("4.2.0 is what the parser rejects"));
        QVERIFY(pane.approveButton()->isEnabled());
        QTest::mouseClick(pane.approveButton(), Qt::LeftButton);
        QTRY_COMPARE(pane.selectedStep(), QStringLiteral("replay-the-rejected-submissions"));
        QTRY_VERIFY(!pane.isBusy());
        QCOMPARE(count("SELECT count(*) FROM case_decisions WHERE step_id = 'roll-back-the-sdk' "
                       "AND person = 'Dana Whitfield' AND reason = '4.2.0 is what the parser "
                       "rejects' AND approved = 1"),
                 std::int64_t(1));

        QTest::keyClicks(pane.reasonEdit(), QStringLiteral("the retry queue expired"));
        QTest::mouseClick(pane.rejectButton(), Qt::LeftButton);
        QTRY_COMPARE(pane.selectedStep(), QStringLiteral("reassign-the-owners"));
        QTRY_VERIFY(!pane.isBusy());
        QTest::keyClicks(pane.reasonEdit(), QStringLiteral("sales operations are ready"));
        QTest::mouseClick(pane.approveButton(), Qt::LeftButton);
        QTRY_COMPARE(pane.selectedStep(), QStringLiteral("lead-flow-broken-by-schema-drift"));
        QTRY_VERIFY(!pane.isBusy());
        QCOMPARE(pane.runStepButton()->text(), QStringLiteral("Record the conclusion"));
        QTest::mouseClick(pane.runStepButton(), Qt::LeftButton);
        QTRY_VERIFY(pane.view()->state.ended() && !pane.isBusy());
        QVERIFY2(pane.statusLabel()->text().contains(QStringLiteral("ended: confirmed")),
                 qPrintable(pane.statusLabel()->text()));
        QCOMPARE(count("SELECT count(*) FROM case_decisions WHERE approved = 0 AND person = 'Dana "
                       "Whitfield'"),
                 std::int64_t(1));

        // The model shows the path: passes, the declined replay, the conclusion.
        const auto state = [&](const char* step) {
            return pane.stepsModel()
                ->index(pane.stepsModel()->rowOf(step), RunbookStepsModel::State)
                .data()
                .toString();
        };
        QCOMPARE(state("submissions-rejected-by-the-parser"), QStringLiteral("✓ pass"));
        QCOMPARE(state("replay-the-rejected-submissions"), QStringLiteral("✗ rejected"));
        QCOMPARE(state("lead-flow-broken-by-schema-drift"), QStringLiteral("◆ confirmed"));
        QCOMPARE(state("not-this-incident"), QString());

        // A check's result and evidence inline (docs/sample-incidents.md: 89 in acme).
        pane.selectStep(QStringLiteral("submissions-rejected-by-the-parser"));
        const QString result = pane.resultView()->toHtml();
        QVERIFY2(result.contains(QStringLiteral("89 spans match")), qPrintable(result));
        QVERIFY(result.contains(QStringLiteral("casebook-evidence:")));
        shoot(&pane, QStringLiteral("runbook-pane-result"));

        // Opening the evidence selects its first span and its time range in the context.
        const auto& record = pane.view()->latest.at("submissions-rejected-by-the-parser");
        QCOMPARE(record.evidence.size(), std::size_t(1));
        QSignalSpy focus(&context, &InvestigationContext::evidenceFocusRequested);
        QVERIFY(pane.openEvidence(record.evidence.front().id));
        QCOMPARE(focus.count(), 1);
        const auto& spans = record.evidence.front().evidence.payload["spans"];
        QCOMPARE(context.selectedTrace()->hex(), spans[0]["trace_id"].get<std::string>());
        QCOMPARE(context.selectedSpan()->hex(), spans[0]["span_id"].get<std::string>());
        QCOMPARE(context.timeWindow().fromNs, record.evidence.front().evidence.fromNs);
        const auto shown = focus.first().first().value<EvidenceFocus>();
        QVERIFY(shown.showTraces);
        QCOMPARE(shown.traceFilter,
                 QStringLiteral("service == ingestion-api and operation == \"parse submission\" "
                                "and status == error\nand error_code == PARSE_UNKNOWN_FIELD"));

        // A note on a step.
        QTest::keyClicks(pane.noteEdit(), QStringLiteral("paid campaigns only"));
        QTest::mouseClick(pane.addNoteButton(), Qt::LeftButton);
        QTRY_VERIFY(!pane.isBusy());
        QTRY_COMPARE(count("SELECT count(*) FROM case_notes WHERE step_id = "
                           "'submissions-rejected-by-the-parser' AND text = 'paid campaigns only'"),
                     std::int64_t(1));
        QTRY_VERIFY(
            pane.resultView()->toPlainText().contains(QStringLiteral("paid campaigns only")));
    }

    void reopeningShowsTheLatestRunAndStaysInItsTenant() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        RunbookPane pane(&context, &jobs);
        QAbstractItemModelTester tester(pane.stepsModel());
        context.openWorkspace(workspace, QStringLiteral("acme"));
        settle(pane);
        QCOMPARE(pane.runbookSelector()->currentData().toString(),
                 QStringLiteral("lead-flow-missing-leads"));
        QVERIFY(pane.view()->run.has_value());
        QVERIFY(pane.view()->state.ended());
        QCOMPARE(pane.runSelector()->count(), 1);

        context.chooseTenant(QStringLiteral("globex"));
        QTRY_VERIFY(!pane.isBusy() && pane.view() && !pane.view()->run);
        QVERIFY(pane.view()->runs.empty());
        QCOMPARE(pane.runSelector()->count(), 0);
    }

    void aMalformedRunbookIsShownWithItsLine() {
        const QString path = dir.filePath(QStringLiteral("mine.md"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# Mine\n\n## Count\n\n```check\nkind: log_count\nsearch: x\nlevel: loud\n```\n");
        f.close();
        JobRunner jobs;
        InvestigationContext context(&jobs);
        RunbookPane pane(&context, &jobs);
        context.openWorkspace(workspace, QStringLiteral("acme"));
        QTRY_VERIFY(context.scope().has_value());
        pane.chooseRunbook(path);
        QTRY_VERIFY(!pane.isBusy() &&
                    pane.resultView()->toPlainText().contains(QStringLiteral("line 8:")));
        QVERIFY(pane.resultView()->toPlainText().contains(QStringLiteral("level is trace, debug")));
        QVERIFY(!pane.startButton()->isEnabled());
        QCOMPARE(pane.runbookSelector()->currentText(), QStringLiteral("mine.md"));
    }
};

CASEBOOK_UI_TEST_MAIN(TestRunbookPane)
#include "tst_runbook_pane.moc"
