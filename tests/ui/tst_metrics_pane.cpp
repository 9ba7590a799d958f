// The Metrics pane, its charts and the Findings dock over the generated lead-flow sample,
// offscreen, through the real models and widgets: the series browser (paged, searched,
// tenant-scoped), charts downsampled to their width with change markers, the shared
// crosshair (also on the log histogram and the trace list), dragging a range into the
// time window, clicking a marker to select the change, the baseline in words, PNG and
// SVG export, SLO charts, and findings leading to charts, logs and traces.

#include "ui_fixture.h"

#include "core/analysis/metric_baseline.h"
#include "core/generate/scenario_generator.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/findings/findings_model.h"
#include "ui/findings/findings_pane.h"
#include "ui/jobs/job_runner.h"
#include "ui/logs/log_histogram_view.h"
#include "ui/logs/logs_pane.h"
#include "ui/main/main_window.h"
#include "ui/metrics/chart_stack.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/metrics/metrics_pane.h"
#include "ui/metrics/series_list_model.h"
#include "ui/metrics/slo_table_model.h"
#include "ui/runbook/runbook_pane.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/traces_pane.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDockWidget>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeView>

#include <cmath>

using namespace casebook;
using namespace casebook::ui;

namespace {

std::int64_t at(const char* text) {
    return *parseRfc3339(text);
}

} // namespace

class TestMetricsPane : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString workspace_;

    std::int64_t sql(const std::string& query) const {
        auto ws = Workspace::open(QFile::encodeName(workspace_).toStdString(),
                                  Workspace::OpenMode::ReadOnly);
        return ws->db().scalarInt(query);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString bundle = dir_.filePath(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, QFile::encodeName(bundle).toStdString());
        workspace_ = dir_.filePath(QStringLiteral("lead-flow.casebook"));
        QCOMPARE(test::importInto(workspace_, bundle).status, ImportStatus::Imported);
    }

    void seriesBrowserPagesAndSearches() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        MetricsPane pane(&context, &jobs);
        QAbstractItemModelTester tester(pane.seriesModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester sloTester(pane.sloModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        const auto acme = sql("SELECT count(*) FROM metric_series ms JOIN tenants t ON t.id = "
                              "ms.tenant_id WHERE t.name = 'acme'");
        QTRY_COMPARE(pane.seriesModel()->rowCount(), static_cast<int>(acme));
        for (int row = 0; row < pane.seriesModel()->rowCount(); ++row)
            QCOMPARE(pane.seriesModel()->seriesAt(row)->tenant, std::string("acme"));
        pane.searchEdit()->setText(QStringLiteral("LEADS"));
        // leads.scored, leads.sql, leads.submitted and crm.leads.without_owner.
        QTRY_COMPARE(pane.seriesModel()->rowCount(), 4);
        // The SLO tab: acme's two SLOs, both broken by the incident.
        QTRY_COMPARE(pane.sloModel()->rowCount(), 2);
        for (int row = 0; row < 2; ++row)
            QCOMPARE(pane.sloModel()->rowAt(row)->status, QStringLiteral("Broken"));
        // Another tenant: the same search, its own series only.
        context.chooseTenant(QStringLiteral("initech"));
        QTRY_VERIFY(!pane.seriesModel()->isFetching() && pane.seriesModel()->rowCount() == 4 &&
                    pane.seriesModel()->seriesAt(0)->tenant == "initech");
        QTRY_VERIFY(pane.sloModel()->rowCount() == 2 &&
                    pane.sloModel()->rowAt(0)->tenant == QStringLiteral("initech"));
    }

    void chartsShareRangeMarkersAndCrosshair() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        MetricsPane pane(&context, &jobs);
        LogsPane logs(&context, &jobs);
        TracesPane traces(&context, &jobs);
        pane.resize(1200, 800);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        QTRY_VERIFY(pane.seriesModel()->rowCount() > 0);
        std::vector<SeriesId> ids;
        for (int row = 0; row < pane.seriesModel()->rowCount(); ++row) {
            const SeriesInfo* s = pane.seriesModel()->seriesAt(row);
            if (s->name == "leads.submitted" || s->name == "http.client.request.duration")
                ids.push_back(s->id);
        }
        QCOMPARE(ids.size(), std::size_t(2));
        pane.showSeries(ids);
        ChartStack* stack = pane.charts();
        QCOMPARE(stack->chartCount(), 2);
        QTRY_VERIFY(!stack->isLoading());
        // The range: the series' span, nine days of hourly points.
        QCOMPARE(stack->rangeFrom(), at("2026-11-12T01:00:00Z"));
        QCOMPARE(stack->rangeTo(), at("2026-11-21T00:00:00Z") + 1);
        // Above the charts, in UTC, the end without the year it shares with the start.
        QCOMPARE(pane.rangeLabel()->text(), QStringLiteral("2026-11-12 01:00 – 11-21 00:00 UTC"));
        MetricChartView* leads = stack->chart(0);
        for (int i = 0; i < stack->chartCount(); ++i) {
            MetricChartView* chart = stack->chart(i);
            QCOMPARE(chart->rangeFrom(), stack->rangeFrom());
            // Never more points a line than the plot is wide.
            for (const auto& line : chart->chartData().lines)
                QVERIFY(static_cast<int>(line.points.size()) <= chart->plotWidth());
            if (chart->chartData().title.startsWith(QStringLiteral("leads.submitted")))
                leads = chart;
        }
        QVERIFY(leads->chartData().title.startsWith(QStringLiteral("leads.submitted")));
        QTest::qWait(200); // a width that settles must not load the lines once more
        for (int i = 0; i < stack->chartCount(); ++i) {
            MetricChartView* chart = stack->chart(i);
            // Loaded once, at the width of its plot.
            QCOMPARE(stack->loadsOf(i), 1);
            // Time ticks at round times (a whole number of steps since the epoch), no
            // closer than a label's width, inside the range.
            const std::int64_t step = chart->timeTickStep();
            QVERIFY(step % 60'000'000'000LL == 0);
            const auto ticks = chart->timeTicks();
            QVERIFY(ticks.size() >= 2);
            // Apart by a label's width: "11-19" for ticks on midnights a day or more
            // apart, "12:00" (and a date on the first) otherwise.
            const double rangeNs = static_cast<double>(chart->rangeTo() - chart->rangeFrom());
            const double apartPx = static_cast<double>(step) * chart->plotWidth() / rangeNs;
            QVERIFY2(apartPx >= (step >= 86'400'000'000'000LL ? 60 : 100),
                     qPrintable(QString::number(apartPx)));
            // Not sparse: a plot 400 px wide has room for three date labels at least.
            QVERIFY2(ticks.size() >= 3 || chart->plotWidth() < 400,
                     qPrintable(QStringLiteral("%1 ticks over %2 px")
                                    .arg(ticks.size())
                                    .arg(chart->plotWidth())));
            for (const std::int64_t tick : ticks) {
                QCOMPARE(tick % step, std::int64_t(0));
                QVERIFY(tick >= chart->rangeFrom() && tick <= stack->rangeTo());
            }
            // Values at round numbers: the axis' ends are whole steps, every point inside.
            const double lo = chart->valueMin(), hi = chart->valueMax();
            const double valueStep = (hi - lo) / (chart->valueTickCount() - 1);
            const double mantissa = valueStep / std::pow(10.0, std::floor(std::log10(valueStep)));
            QVERIFY(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                    std::abs(mantissa - 2.5) < 1e-9 || std::abs(mantissa - 5) < 1e-9);
            QVERIFY(std::abs(lo / valueStep - std::round(lo / valueStep)) < 1e-6);
            for (const auto& line : chart->chartData().lines)
                for (const auto& point : line.points)
                    QVERIFY(point.value >= lo && point.value <= hi);
        }
        {
            // Narrow, the nine days still get a few date ticks (two days apart), not one.
            pane.resize(720, 800);
            QTRY_VERIFY(leads->plotWidth() < 520 && !stack->isLoading());
            QVERIFY2(leads->timeTicks().size() >= 3,
                     qPrintable(QStringLiteral("%1 ticks over %2 px")
                                    .arg(leads->timeTicks().size())
                                    .arg(leads->plotWidth())));
            pane.resize(1200, 800);
            QTRY_VERIFY(leads->plotWidth() > 800 && !stack->isLoading());
        }
        // A histogram shows its three quantiles, plus the baseline of the first.
        MetricChartView* histogram = leads == stack->chart(0) ? stack->chart(1) : stack->chart(0);
        QCOMPARE(histogram->chartData().lines.size(), std::size_t(4));
        QCOMPARE(histogram->chartData().lines[2].label, QStringLiteral("p99"));
        QVERIFY(histogram->chartData().lines[3].dashed);

        // The crosshair follows the context in every chart, the histogram and the list.
        const std::int64_t t = at("2026-11-20T10:00:00Z");
        context.setCrosshairTime(t);
        QTRY_VERIFY(traces.model()->rowCount() > 0);
        for (int row = 0; row < traces.model()->rowCount(); ++row) {
            const TraceSummary* s = traces.model()->traceAt(row);
            const bool covers = s->startNs <= t && t <= s->startNs + s->durationNs;
            const QVariant tint = traces.model()->index(row, 0).data(Qt::BackgroundRole);
            QCOMPARE(tint.isValid(), covers);
        }
        // A time inside a listed trace tints that row.
        const int middleRow = traces.model()->rowCount() / 2;
        const TraceSummary* some = traces.model()->traceAt(middleRow);
        context.setCrosshairTime(some->startNs + some->durationNs / 2);
        QVERIFY(traces.model()->index(middleRow, 0).data(Qt::BackgroundRole).isValid());
        context.setCrosshairTime(t);
        QCOMPARE(logs.histogram()->crosshair(), std::optional<std::int64_t>(t));
        QTRY_COMPARE(leads->crosshair(), std::optional<std::int64_t>(t));

        // The other way: pointing at the log histogram moves every chart's crosshair, and
        // leaving it takes the crosshair away.
        logs.resize(900, 400);
        logs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&logs));
        LogHistogramView* logHistogram = logs.histogram();
        QTRY_VERIFY(logHistogram->histogram().bucketNs > 0);
        const int hx = logHistogram->xOf(at("2026-11-20T06:00:00Z"));
        // (Sent to the widget itself: the offscreen windows of this test overlap.)
        QMouseEvent move(QEvent::MouseMove, QPointF(hx, 40),
                         logHistogram->mapToGlobal(QPointF(hx, 40)), Qt::NoButton, Qt::NoButton,
                         Qt::NoModifier);
        QApplication::sendEvent(logHistogram, &move);
        QVERIFY(context.crosshairTime().has_value());
        QCOMPARE(*context.crosshairTime(), logHistogram->timeAt(hx));
        QCOMPARE(leads->crosshair(), context.crosshairTime());
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(logHistogram, &leave);
        QVERIFY(!context.crosshairTime().has_value());
        QVERIFY(!leads->crosshair().has_value());
        // Pointing at a trace in the list puts the crosshair at its start.
        traces.resize(600, 400);
        traces.show();
        QVERIFY(QTest::qWaitForWindowExposed(&traces));
        QTableView* list = traces.findChild<QTableView*>();
        QVERIFY(list && list->model()->rowCount() > 0);
        const QRect row = list->visualRect(list->model()->index(0, 1));
        QMouseEvent overRow(QEvent::MouseMove, QPointF(row.center()),
                            list->viewport()->mapToGlobal(QPointF(row.center())), Qt::NoButton,
                            Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(list->viewport(), &overRow);
        QTRY_COMPARE(context.crosshairTime(),
                     std::optional<std::int64_t>(traces.model()->traceAt(0)->startNs));
        context.setCrosshairTime(t);
        // The markers and labels are not painted again for a moving crosshair.
        const int builds = leads->overlayBuilds();
        for (int hour = 0; hour < 5; ++hour) {
            context.setCrosshairTime(t + hour * 3'600'000'000'000LL);
            leads->viewport()->repaint();
        }
        QCOMPARE(leads->overlayBuilds(), builds);
        // One chart exports alone, from its context menu, where the user says.
        const QString one = dir_.filePath(QStringLiteral("one-chart.svg"));
        stack->setExportFileAsker([&](bool svg) { return svg ? one : QString(); });
        emit leads->exportRequested(true);
        QFile oneFile(one);
        QVERIFY(oneFile.open(QIODevice::ReadOnly));
        const QByteArray oneSvg = oneFile.readAll();
        QVERIFY(oneSvg.contains("leads.submitted"));
        QVERIFY(!oneSvg.contains("http.client.request.duration"));
        // Moving over a chart sets the crosshair for everyone.
        const QPoint middle(static_cast<int>(leads->mapFromScene(QPointF(leads->xOf(t), 0)).x()),
                            leads->height() / 2);
        QTest::mouseMove(leads->viewport(), middle);
        QTRY_VERIFY(context.crosshairTime().has_value());
        QVERIFY(std::llabs(*context.crosshairTime() - t) < 2 * 3'600'000'000'000LL);

        // Dragging across a chart narrows every pane to that time.
        const int x1 = leads->mapFromScene(QPointF(leads->xOf(at("2026-11-19T12:00:00Z")), 0)).x();
        const int x2 = leads->mapFromScene(QPointF(leads->xOf(at("2026-11-20T12:00:00Z")), 0)).x();
        QTest::mousePress(leads->viewport(), Qt::LeftButton, {}, QPoint(x1, 100));
        QTest::mouseMove(leads->viewport(), QPoint(x2, 100));
        QTest::mouseRelease(leads->viewport(), Qt::LeftButton, {}, QPoint(x2, 100));
        QVERIFY(context.timeWindow().fromNs && context.timeWindow().toNs);
        QVERIFY(std::llabs(*context.timeWindow().fromNs - at("2026-11-19T12:00:00Z")) <
                3'600'000'000'000LL);
        QVERIFY(std::llabs(*context.timeWindow().toNs - at("2026-11-20T12:00:00Z")) <
                3'600'000'000'000LL);
        QTRY_COMPARE(stack->rangeFrom(), *context.timeWindow().fromNs);
        QTRY_VERIFY(!stack->isLoading());
        // The log histogram follows the window; its crosshair line sits at the context's.
        QTRY_VERIFY(logs.histogram()->histogram().fromNs >= *context.timeWindow().fromNs);
    }

    void markersSelectChangesAndBaselineSpeaks() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        MetricsPane pane(&context, &jobs);
        pane.resize(1200, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        QTRY_VERIFY(pane.seriesModel()->rowCount() > 0);
        SeriesId leadsId{0};
        for (int row = 0; row < pane.seriesModel()->rowCount(); ++row)
            if (pane.seriesModel()->seriesAt(row)->name == "leads.submitted")
                leadsId = pane.seriesModel()->seriesAt(row)->id;
        // The incident window of the story: -36.5% for acme against the week before.
        context.setTimeWindow({at("2026-11-19T20:00:00Z"), at("2026-11-21T00:00:00Z")});
        pane.setBaselinePeriod(kWeekNs);
        pane.showSeries({leadsId});
        MetricChartView* chart = pane.charts()->chart(0);
        QTRY_VERIFY(!pane.charts()->isLoading() && !chart->chartData().lines.empty());
        QCOMPARE(chart->chartData().comparison, QStringLiteral("-36.5% vs same time last week"));
        QVERIFY(chart->chartData().lines.back().dashed);

        // The SDK release of 20:00 is a marker; a click on it selects that change.
        QSignalSpy selected(&context, &InvestigationContext::changeSelected);
        const std::int64_t release = at("2026-11-19T20:00:00Z");
        const int x = chart->mapFromScene(QPointF(chart->xOf(release), 0)).x();
        const int y = chart->height() / 2;
        const auto hit = chart->changeAt(QPoint(x, y));
        QVERIFY(hit.has_value());
        QCOMPARE(hit->timeNs, release);
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, QPoint(x, y));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(context.selectedChange()->timeNs, release);
        QVERIFY(!chart->changeAt(QPoint(x + 40, y)).has_value());

        // Export: a PNG of the stack as big as it is, an SVG document.
        const QString png = dir_.filePath(QStringLiteral("stack.png"));
        const QString svg = dir_.filePath(QStringLiteral("stack.svg"));
        QVERIFY(pane.charts()->exportPng(png));
        QVERIFY(pane.charts()->exportSvg(svg));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= chart->width() && image.height() >= chart->height());
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("leads.submitted"));

        // An SLO chart: the SLI with the objective line and the alert bands.
        QTRY_COMPARE(pane.sloModel()->rowCount(), 2);
        pane.showSlo(pane.sloModel()->rowAt(0)->id);
        QCOMPARE(pane.charts()->chartCount(), 2);
        QTRY_VERIFY(!pane.charts()->isLoading());
        const ChartData& sli = pane.charts()->chart(1)->chartData();
        QCOMPARE(sli.thresholds.size(), std::size_t(1));
        QVERIFY(!sli.bands.empty());
        QVERIFY(sli.percent);
        QVERIFY(sli.comparison.startsWith(QStringLiteral("Broken")));
        // To look at the charts: CASEBOOK_TEST_PICTURES=DIR keeps a picture of the stack.
        const QString pictures = qEnvironmentVariable("CASEBOOK_TEST_PICTURES");
        if (!pictures.isEmpty())
            QVERIFY(pane.charts()->exportPng(pictures + QStringLiteral("/metrics-stack.png")));
    }

    void findingsLeadToTheirEvidence() {
        JobRunner jobs;
        InvestigationContext context(&jobs);
        FindingsPane pane(&context, &jobs);
        QAbstractItemModelTester tester(pane.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        pane.resize(700, 500);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QSignalSpy finished(&pane, &FindingsPane::finished);
        context.openWorkspace(workspace_, QStringLiteral("acme"));
        QVERIFY(finished.wait(60000));
        QVERIFY(pane.model()->findingCount() > 0);
        // Info findings (harmless moves) come and go without looking for findings again.
        auto* withInfo = pane.findChild<QCheckBox*>();
        QVERIFY(withInfo && !withInfo->isChecked());
        const int listed = pane.model()->findingCount();
        withInfo->setChecked(true);
        QCOMPARE(pane.model()->findingCount(), pane.model()->allFindingCount());
        withInfo->setChecked(false);
        QCOMPARE(pane.model()->findingCount(), listed);
        QVERIFY(jobs.isIdle());
        QCOMPARE(finished.count(), 1);
        const QModelIndex top = pane.model()->index(0, 0);
        QVERIFY(top.data().toString().startsWith(QStringLiteral("error: ")));
        QCOMPARE(top.data(FindingsModel::GradeRole).toInt(), static_cast<int>(FindingGrade::Error));
        QVERIFY(pane.summaryLabel()->text().contains(QStringLiteral("web-forms SDK 4.2.0")));
        // Evidence rows: the change leads to the change, the template to the logs.
        QSignalSpy logs(&pane, &FindingsPane::logSearchRequested);
        QSignalSpy charts(&pane, &FindingsPane::seriesRequested);
        bool sawChange = false, sawTemplate = false;
        for (int row = 0; row < pane.model()->rowCount(top); ++row) {
            const QModelIndex e = pane.model()->index(row, 0, top);
            const auto kind =
                static_cast<EvidenceKind>(e.data(FindingsModel::EvidenceKindRole).toInt());
            if (kind == EvidenceKind::Change && !sawChange) {
                sawChange = true;
                pane.follow(e);
                QVERIFY(context.selectedChange().has_value());
                QCOMPARE(context.selectedChange()->kind, std::string("sdk_release"));
            }
            if (kind == EvidenceKind::LogTemplate && !sawTemplate &&
                e.data().toString().contains(QStringLiteral("unknown field"))) {
                sawTemplate = true;
                pane.follow(e);
                QCOMPARE(logs.count(), 1);
                QVERIFY(
                    logs.at(0).at(0).toString().contains(QStringLiteral("rejected submission")));
            }
        }
        QVERIFY(sawChange && sawTemplate);
        pane.follow(top);
        QVERIFY(charts.count() >= 1);
    }

    void mainWindowChartsTheTopFinding() {
        MainWindow window;
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.showPane(QStringLiteral("findings")));
        QVERIFY(window.showPane(QStringLiteral("metrics")));
        QVERIFY(!window.showPane(QStringLiteral("nonsense")));
        window.setInitialScope(QStringLiteral("acme"));
        window.openWorkspace(workspace_);
        QTRY_VERIFY_WITH_TIMEOUT(window.metricsPane()->charts()->chartCount() > 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(window.isSettled(), 60000);
        const QString title = window.metricsPane()->charts()->chart(0)->chartData().title;
        QVERIFY2(title.startsWith(QStringLiteral("leads.submitted")), qPrintable(title));
    }

    void runbookPaneSuggestsFromTheFindings() {
        MainWindow window;
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The Findings dock closed (whatever layout an earlier test saved); the Runbook dock
        // on screen.
        window.findChild<QDockWidget*>(QStringLiteral("findingsDock"))->hide();
        QVERIFY(window.showPane(QStringLiteral("runbook")));
        QTRY_VERIFY(!window.findingsPane()->isVisible());
        QVERIFY(window.runbookPane()->isVisible());
        window.setInitialScope(QStringLiteral("acme"));
        window.openWorkspace(workspace_);
        QTRY_VERIFY_WITH_TIMEOUT(window.runbookPane()->chooser()->toPlainText().contains(
                                     QStringLiteral("Suggested by the findings")),
                                 60000);
        const QString text = window.runbookPane()->chooser()->toPlainText();
        // The lead-flow incident's runbook first, before the others; with what was seen.
        const auto leadFlow =
            text.indexOf(QStringLiteral("Leads missing after a web-forms release"));
        const auto others = text.indexOf(QStringLiteral("Other runbooks"));
        QVERIFY(leadFlow > 0 && leadFlow < others);
        QVERIFY(text.indexOf(QStringLiteral("Seen: ")) < others);
        QVERIFY(text.indexOf(QStringLiteral("volume-drop")) < others);
    }
};

CASEBOOK_UI_TEST_MAIN(TestMetricsPane)
#include "tst_metrics_pane.moc"
