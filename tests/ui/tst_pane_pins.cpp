// Pins from the analysis panes, offscreen through the main window on the lead-flow sample
// (seed 42) in tenant acme: "Pin Chart Range…" in a chart's context menu, "Pin Finding…"
// in the Findings dock and "Pin Impact…" in the Lineage pane each record one piece of
// evidence with the note given, whose payload matches what the pane showed, and the
// evidence's link opens the right pane at the right selection again.
#include "ui_fixture.h"

#include "core/casefile/case_queries.h"
#include "core/export/export_writers.h"
#include "core/generate/scenario_generator.h"
#include "core/lineage/impact.h"
#include "core/redact/redactor.h"
#include "ui/findings/findings_model.h"
#include "ui/findings/findings_pane.h"
#include "ui/lineage/lineage_pane.h"
#include "ui/main/main_window.h"
#include "ui/metrics/chart_stack.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/metrics/metrics_pane.h"
#include "ui/metrics/series_list_model.h"
#include "ui/metrics/slo_table_model.h"
#include "ui/runbook/evidence_links.h"
#include "ui/timeline/evidence_pinner.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>

using namespace casebook;
using namespace casebook::ui;

namespace {

// CASEBOOK_PIN_SHOTS=DIR keeps pictures of the panes (and the worked workspace) to look at.
void saveShot(QWidget* widget, const QString& name) {
    const QString folder = qEnvironmentVariable("CASEBOOK_PIN_SHOTS");
    if (!folder.isEmpty())
        QVERIFY(widget->grab().save(folder + u'/' + name));
}

} // namespace

class TestPanePins : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString workspace_;
    std::unique_ptr<MainWindow> window_;
    QStringList notes_;

    std::int64_t count(const std::string& sql) const {
        auto ws = Workspace::open(workspace_.toStdString(), Workspace::OpenMode::ReadOnly);
        return ws->db().scalarInt(sql);
    }
    // The newest evidence of a kind, read back as the case holds it.
    Evidence newest(const std::string& kind) const {
        auto ws = Workspace::open(workspace_.toStdString(), Workspace::OpenMode::ReadOnly);
        auto st = ws->db().prepare(
            "SELECT title, from_ns, to_ns, payload FROM case_evidence WHERE kind = ?1 ORDER BY "
            "id DESC LIMIT 1");
        st.bind(1, kind);
        if (!st.step())
            qFatal("no %s evidence", kind.c_str());
        Evidence e;
        e.kind = kind;
        e.title = st.text(0);
        if (!st.isNull(1))
            e.fromNs = st.int64(1);
        if (!st.isNull(2))
            e.toNs = st.int64(2);
        e.payload = nlohmann::json::parse(st.text(3));
        return e;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString bundle = dir_.filePath(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, QFile::encodeName(bundle).toStdString());
        workspace_ = dir_.filePath(QStringLiteral("lead-flow.casebook"));
        QCOMPARE(test::importInto(workspace_, bundle).status, ImportStatus::Imported);
        window_ = std::make_unique<MainWindow>();
        window_->resize(1440, 900);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->pinner()->setNoteProvider(
            [this](QWidget*, const QString&) -> std::optional<QString> {
                return notes_.isEmpty() ? std::nullopt : std::optional(notes_.takeFirst());
            });
        window_->setInitialScope(QStringLiteral("acme"));
        window_->openWorkspace(workspace_);
        QTRY_VERIFY_WITH_TIMEOUT(window_->isSettled(), 60000);
    }

    void pinChartRangeFromTheContextMenu() {
        QVERIFY(window_->showPane(QStringLiteral("metrics")));
        MetricsPane* metrics = window_->metricsPane();
        ChartStack* stack = metrics->charts();
        stack->clear();
        const std::int64_t leadsId =
            count("SELECT ms.id FROM metric_series ms JOIN tenants t ON t.id = ms.tenant_id WHERE "
                  "t.name = 'acme' AND ms.name = 'leads.submitted'");
        metrics->showSeries({SeriesId{leadsId}});
        QTRY_VERIFY_WITH_TIMEOUT(stack->chartCount() == 1 && !stack->isLoading() &&
                                     !stack->chart(0)->chartData().lines.empty(),
                                 30000);
        MetricChartView* chart = stack->chart(0);
        const ChartData shown = chart->chartData();
        std::unique_ptr<QMenu> menu(chart->createContextMenu(nullptr));
        QAction* pin = nullptr;
        for (QAction* a : menu->actions())
            if (a->text() == QStringLiteral("Pin Chart Range…"))
                pin = a;
        QVERIFY(pin && pin->isEnabled());
        saveShot(window_.get(), QStringLiteral("metrics-window.png"));
        menu->adjustSize();
        saveShot(menu.get(), QStringLiteral("chart-menu.png"));
        const std::int64_t before =
            count("SELECT count(*) FROM case_evidence WHERE kind = 'chart'");
        notes_ << QStringLiteral("leads fell at the SDK release");
        pin->trigger();
        QTRY_COMPARE(count("SELECT count(*) FROM case_evidence WHERE kind = 'chart'"), before + 1);
        QCOMPARE(count("SELECT count(*) FROM case_evidence WHERE kind = 'chart' AND note = 'leads "
                       "fell at the SDK release' AND tenant_id = (SELECT id FROM tenants WHERE "
                       "name = 'acme')"),
                 std::int64_t(1));
        const Evidence e = newest("chart");
        QCOMPARE(*e.fromNs, stack->rangeFrom());
        QCOMPARE(*e.toNs, stack->rangeTo());
        QCOMPARE(QString::fromStdString(e.payload["title"].get<std::string>()), shown.title);
        QCOMPARE(e.payload["series"][0]["id"].get<std::int64_t>(), leadsId);
        QCOMPARE(e.payload["series"][0]["name"].get<std::string>(), std::string("leads.submitted"));
        QCOMPARE(e.payload["series"][0]["tenant"].get<std::string>(), std::string("acme"));
        // Every line the chart drew, at most 500 points; a line that fitted is kept whole.
        QCOMPARE(e.payload["lines"].size(), shown.lines.size());
        for (std::size_t i = 0; i < shown.lines.size(); ++i) {
            const auto& points = e.payload["lines"][i]["points"];
            QVERIFY(points.size() <= 500);
            if (shown.lines[i].points.size() <= 500) {
                QCOMPARE(points.size(), shown.lines[i].points.size());
                QCOMPARE(points[0][0].get<std::int64_t>(), shown.lines[i].points[0].timeNs);
                QCOMPARE(points[0][1].get<double>(), shown.lines[i].points[0].value);
            }
        }
        // The link charts the series again.
        stack->clear();
        QCOMPARE(stack->chartCount(), 0);
        window_->context()->focusEvidence(focusOf(e));
        QTRY_COMPARE(stack->chartCount(), 1);
        QTRY_VERIFY(!stack->isLoading());
        QCOMPARE(stack->chart(0)->chartData().title, shown.title);
        QCOMPARE(window_->context()->timeWindow().fromNs, e.fromNs);
    }

    void pinTheSelectedFinding() {
        QVERIFY(window_->showPane(QStringLiteral("findings")));
        FindingsPane* findings = window_->findingsPane();
        QAbstractItemModelTester tester(findings->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(findings, &FindingsPane::finished);
        findings->run();
        QVERIFY(finished.wait(60000));
        QVERIFY(findings->model()->findingCount() > 0);
        auto* pin = findings->findChild<QPushButton*>(QStringLiteral("pinFinding"));
        QVERIFY(pin);
        findings->tree()->setCurrentIndex({});
        QVERIFY(!pin->isEnabled()); // nothing selected
        const QModelIndex first = findings->model()->index(0, 0);
        findings->tree()->setCurrentIndex(first);
        QVERIFY(pin->isEnabled());
        saveShot(findings, QStringLiteral("findings-pane.png"));
        const Finding* finding = findings->model()->findingAt(first);
        QVERIFY(finding);
        const std::string title = finding->title;
        notes_ << QStringLiteral("the headline finding");
        pin->click();
        QTRY_COMPARE(count("SELECT count(*) FROM case_evidence WHERE kind = 'finding' AND note = "
                           "'the headline finding'"),
                     std::int64_t(1));
        const Evidence e = newest("finding");
        QCOMPARE(e.payload["title"].get<std::string>(), title);
        QCOMPARE(e.payload["tenant"].get<std::string>(), std::string("acme"));
        QCOMPARE(e.payload["grade"].get<std::string>(),
                 std::string(findingGradeName(finding->grade)));
        QCOMPARE(e.payload["onset_ns"].get<std::int64_t>(), finding->onsetNs);
        QCOMPARE(e.payload["causes"].size(),
                 finding->changes.size() + finding->logTemplates.size() +
                     finding->attributes.size() + finding->slowOperations.size() +
                     finding->sloAlerts.size());
        QCOMPARE(e.payload["series"].size(), finding->anomalies.size());
        // The link charts the finding's series.
        window_->metricsPane()->charts()->clear();
        window_->context()->focusEvidence(focusOf(e));
        QTRY_COMPARE(window_->metricsPane()->charts()->chartCount(),
                     static_cast<int>(finding->anomalies.size()));
    }

    void pinTheStatusOfTheSelectedSlo() {
        QVERIFY(window_->showPane(QStringLiteral("metrics")));
        MetricsPane* metrics = window_->metricsPane();
        metrics->browserTabs()->setCurrentIndex(1);
        SloTableModel* slos = metrics->sloModel();
        QTRY_VERIFY(slos->rowCount() > 0);
        QPushButton* pin = metrics->pinSloButton();
        QVERIFY(!pin->isEnabled()); // nothing selected
        int row = -1;
        for (int r = 0; r < slos->rowCount(); ++r)
            if (slos->rowAt(r)->name == QStringLiteral("web-forms freshness"))
                row = r;
        QVERIFY(row >= 0);
        metrics->sloTable()->selectRow(row);
        QVERIFY(pin->isEnabled());
        saveShot(metrics, QStringLiteral("metrics-slos.png"));
        const QString shownStatus = slos->rowAt(row)->status;
        notes_ << QStringLiteral("freshness is broken");
        pin->click();
        QTRY_COMPARE(count("SELECT count(*) FROM case_evidence WHERE kind = 'slo_status' AND "
                           "note = 'freshness is broken'"),
                     std::int64_t(1));
        const Evidence e = newest("slo_status");
        // The sample's incident: the web-form source's freshness SLO is breached, paging.
        QCOMPARE(e.title, std::string("'web-forms freshness' for acme: Broken"));
        QCOMPARE(e.payload["slo"].get<std::string>(), std::string("web-forms freshness"));
        QCOMPARE(e.payload["tenant"].get<std::string>(), std::string("acme"));
        QCOMPARE(QString::fromStdString(e.payload["status"].get<std::string>()), shownStatus);
        QVERIFY(e.payload["budget_remaining"].get<double>() < 0);
        bool paged = false;
        for (const auto& a : e.payload["alerts"])
            paged = paged || a["severity"].get<std::string>() == "page";
        QVERIFY(paged);
        QVERIFY(e.fromNs && e.toNs && *e.fromNs < *e.toNs);
        metrics->browserTabs()->setCurrentIndex(0);
    }

    void pinTheImpactOfTheFocus() {
        QVERIFY(window_->showPane(QStringLiteral("lineage")));
        LineagePane* lineage = window_->lineagePane();
        QTRY_VERIFY_WITH_TIMEOUT(lineage->drawing().has_value() && lineage->focusId(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(lineage->impactModel()->rowCount() > 0, 30000);
        const auto& graph = lineage->snapshot()->graph;
        const std::string focus = graph.node(*graph.indexOf(*lineage->focusId())).qualifiedName();
        QCOMPARE(focus, std::string("ingestion-api/parse_submissions"));
        const int listed = lineage->impactModel()->rowCount();
        auto* pin = lineage->findChild<QToolButton*>(QStringLiteral("pinImpact"));
        QVERIFY(pin);
        saveShot(lineage, QStringLiteral("lineage-pane.png"));
        notes_ << QStringLiteral("what the parser feeds");
        pin->click();
        QTRY_COMPARE(count("SELECT count(*) FROM case_evidence WHERE kind = 'lineage_impact' AND "
                           "note = 'what the parser feeds'"),
                     std::int64_t(1));
        const Evidence e = newest("lineage_impact");
        QCOMPARE(e.payload["node"].get<std::string>(), focus);
        QCOMPARE(e.payload["direction"].get<std::string>(), std::string("downstream"));
        // The nodes the pane's impact list shows, each with a path from the focus.
        QCOMPARE(static_cast<int>(e.payload["nodes"].size()), listed);
        for (const auto& n : e.payload["nodes"]) {
            QCOMPARE(n["path"].front().get<std::string>(), focus);
            QCOMPARE(n["path"].back().get<std::string>(), n["node"].get<std::string>());
            QCOMPARE(static_cast<int>(n["path"].size()), n["hops"].get<int>() + 1);
        }
        QVERIFY(lineage->summaryLabel()->text().contains(
            QString::fromStdString(e.payload["words"].get<std::string>())));
        // The link focuses the node again after the pane moved elsewhere.
        auto focusNow = [lineage] {
            const auto& g = lineage->snapshot()->graph;
            const auto index = lineage->focusId() ? g.indexOf(*lineage->focusId()) : std::nullopt;
            return index ? g.node(*index).qualifiedName() : std::string();
        };
        const std::int64_t other =
            lineage->impactModel()->index(0, 0).data(ImpactTableModel::NodeIdRole).toLongLong();
        lineage->focusOn(other);
        QCOMPARE(*lineage->focusId(), other);
        QVERIFY(focusNow() != focus);
        window_->context()->focusEvidence(focusOf(e));
        QTRY_COMPARE(focusNow(), focus);
    }

    // The HTML export of the worked case: its chart is SVG a renderer reads (QSvgRenderer,
    // as a browser would), drawn with the first line's colour and the baseline's grey.
    void theHtmlChartRenders() {
        auto ws = Workspace::open(workspace_.toStdString(), Workspace::OpenMode::ReadOnly);
        Redactor redactor(RedactionOptions{defaultRedactedAttributes(), {}});
        const auto report =
            redactReport(buildIncidentReport(*ws, ws->tenantScope("acme")), redactor);
        const QString html = QString::fromStdString(renderHtml(report));
        const auto svgs = QRegularExpression(QStringLiteral("<svg .*?</svg>"),
                                             QRegularExpression::DotMatchesEverythingOption)
                              .globalMatch(html);
        int charts = 0;
        for (auto it = svgs; it.hasNext();) {
            const QString svg = it.next().captured();
            QSvgRenderer renderer(svg.toUtf8());
            QVERIFY(renderer.isValid());
            QCOMPARE(renderer.defaultSize(), QSize(720, 270));
            QImage image(renderer.defaultSize() * 2, QImage::Format_RGB32);
            image.fill(Qt::white);
            {
                QPainter painter(&image);
                renderer.render(&painter);
            }
            bool blue = false;
            for (int y = 0; y < image.height() && !blue; ++y)
                for (int x = 0; x < image.width() && !blue; ++x)
                    blue = image.pixelColor(x, y) == QColor(0x09, 0x69, 0xda);
            QVERIFY(blue);
            const QString folder = qEnvironmentVariable("CASEBOOK_PIN_SHOTS");
            if (!folder.isEmpty())
                QVERIFY(image.save(folder + QStringLiteral("/html-chart-%1.png").arg(charts)));
            ++charts;
        }
        QCOMPARE(charts, static_cast<int>(
                             count("SELECT count(*) FROM case_evidence WHERE kind = 'chart' AND "
                                   "tenant_id = (SELECT id FROM tenants WHERE name = 'acme')")));
    }

    void cleanupTestCase() {
        window_->close();
        window_.reset();
        const QString folder = qEnvironmentVariable("CASEBOOK_PIN_SHOTS");
        if (!folder.isEmpty()) {
            QFile::remove(folder + QStringLiteral("/pinned.casebook"));
            QVERIFY(QFile::copy(workspace_, folder + QStringLiteral("/pinned.casebook")));
        }
    }
};

CASEBOOK_UI_TEST_MAIN(TestPanePins)
#include "tst_pane_pins.moc"
