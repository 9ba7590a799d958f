// The Lineage pane offscreen over the generated lead-flow sample, through the real widgets,
// models and jobs (the layout in the casebook-layout helper process): it opens on the
// failing parser, folds and opens groups, filters, isolates a path, replays the past,
// switches tenant, abandons a layout at its time limit, exports, and hands a node's
// services to the Traces and Logs panes of the main window. With CASEBOOK_LINEAGE_SHOTS set
// to a folder it also writes what it rendered there (light and dark), for people to look.

#include "ui/ui_fixture.h"

#include "core/generate/scenario_generator.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/jobs/job_runner.h"
#include "ui/lineage/impact_table_model.h"
#include "ui/lineage/lineage_details_panel.h"
#include "ui/lineage/lineage_graph_view.h"
#include "ui/lineage/lineage_items.h"
#include "ui/lineage/lineage_pane.h"
#include "ui/lineage/lineage_scene.h"
#include "ui/logs/logs_pane.h"
#include "ui/main/main_window.h"
#include "ui/main/theme.h"
#include "ui/metrics/metrics_pane.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/traces_pane.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QGraphicsScene>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QUrl>

using namespace casebook;
using namespace casebook::ui;

namespace {

std::int64_t nodeId(const LineagePane& pane, const std::string& qualified) {
    const auto& g = pane.snapshot()->graph;
    for (NodeIndex n = 0; n < g.nodeCount(); ++n)
        if (g.node(n).qualifiedName() == qualified)
            return g.node(n).id;
    qFatal("no node %s", qualified.c_str());
}

std::string focusName(const LineagePane& pane) {
    const auto& g = pane.snapshot()->graph;
    return g.node(*g.indexOf(*pane.focusId())).qualifiedName();
}

void saveShot(QWidget* widget, const QString& name) {
    const QString folder = qEnvironmentVariable("CASEBOOK_LINEAGE_SHOTS");
    if (!folder.isEmpty())
        QVERIFY(widget->grab().save(folder + u'/' + name));
}

} // namespace

class TestLineagePane : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString workspace_;
    std::unique_ptr<JobRunner> jobs_;
    std::unique_ptr<InvestigationContext> context_;
    std::unique_ptr<LineagePane> pane_;

    // Waits until the pane has answered everything it was asked.
    void settle() { QTRY_VERIFY_WITH_TIMEOUT(!pane_->isLoading() && jobs_->isIdle(), 20000); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString bundle = dir_.filePath(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, QFile::encodeName(bundle).toStdString());
        workspace_ = dir_.filePath(QStringLiteral("lead-flow.casebook"));
        QCOMPARE(test::importInto(workspace_, bundle).status, ImportStatus::Imported);
        jobs_ = std::make_unique<JobRunner>();
        context_ = std::make_unique<InvestigationContext>(jobs_.get());
        pane_ = std::make_unique<LineagePane>(context_.get(), jobs_.get());
        pane_->resize(1440, 820);
        pane_->show();
        context_->openWorkspace(workspace_, QStringLiteral("acme"));
        QTRY_VERIFY(pane_->drawing().has_value());
        settle();
    }

    void opensOnTheFailingParser() {
        QCOMPARE(focusName(*pane_), std::string("ingestion-api/parse_submissions"));
        const auto& view = pane_->drawing()->view;
        // Two hops each way: the topic and the browser SDK, leads_raw and unification;
        // unification's output folded beyond them.
        QCOMPARE(view.nodeCount(), std::size_t(5));
        QCOMPARE(view.groupCount(), std::size_t(1));
        QCOMPARE(pane_->scene()->nodeItemCount(), 6);
        QCOMPARE(pane_->scene()->edgeItemCount(), static_cast<int>(view.edges.size()));
        // The boxes sit where Graphviz put them.
        const auto& layout = pane_->drawing()->layout;
        const auto* item =
            pane_->scene()->itemOfNode(nodeId(*pane_, "ingestion-api/parse_submissions"));
        QVERIFY(item);
        const auto placed =
            std::find_if(layout.nodes.begin(), layout.nodes.end(), [&](const LayoutNode& n) {
                return n.id ==
                       "n" + std::to_string(nodeId(*pane_, "ingestion-api/parse_submissions"));
            });
        QVERIFY(placed != layout.nodes.end());
        QCOMPARE(item->pos(), QPointF(placed->center.x, placed->center.y));
        QCOMPARE(item->look().kind, QStringLiteral("job"));
        QVERIFY(item->look().focus);
        QVERIFY(item->look().detail.contains(QStringLiteral("failed")));
        saveShot(pane_.get(), QStringLiteral("lineage-pane-light.png"));
    }

    void impactListAndSummary() {
        QAbstractItemModelTester tester(pane_->impactModel());
        QCOMPARE(pane_->impactModel()->rowCount(), 23);
        QCOMPARE(
            pane_->summaryLabel()->text(),
            QStringLiteral("Downstream of parse_submissions: 5 of 5 journeys, 1 of 1 sync, 4 of 4 "
                           "dashboards, 1 of 1 model, 5 of 8 jobs, 7 of 10 datasets"));
        const auto first = pane_->impactModel()->index(0, ImpactTableModel::Kind);
        QCOMPARE(first.data().toString(), QStringLiteral("journey"));
        QCOMPARE(pane_->impactModel()->index(0, ImpactTableModel::Hops).data().toInt(), 10);
        // Upstream: the topic and the SDK.
        pane_->setDirection(LineageDirection::Upstream);
        settle();
        QCOMPARE(pane_->impactModel()->rowCount(), 2);
        QVERIFY(pane_->summaryLabel()->text().startsWith(
            QStringLiteral("Upstream of parse_submissions")));
        pane_->setDirection(LineageDirection::Downstream);
        settle();
    }

    void detailsAndTelemetryLinks() {
        LineageDetailsPanel* details = pane_->detailsPanel();
        QCOMPARE(*details->nodeId(), nodeId(*pane_, "ingestion-api/parse_submissions"));
        QCOMPARE(details->serviceFilter(), QStringLiteral("service == ingestion-api"));
        QVERIFY(details->tracesButton()->isEnabled());
        const QString html = details->body()->toPlainText();
        QVERIFY(html.contains(QStringLiteral("unknown field 'utm_content'")));
        QVERIFY(html.contains(QStringLiteral("team:ingestion")));
        QSignalSpy traces(pane_.get(), &LineagePane::showTracesRequested);
        QSignalSpy logs(pane_.get(), &LineagePane::showLogsRequested);
        details->tracesButton()->click();
        details->logsButton()->click();
        QCOMPARE(traces.count(), 1);
        QCOMPARE(traces.at(0).at(0).toString(), QStringLiteral("service == ingestion-api"));
        QCOMPARE(logs.at(0).at(0).toString(), QStringLiteral("service == ingestion-api"));
        // And the service's metric series, one click away too.
        QSignalSpy metrics(pane_.get(), &LineagePane::showMetricsRequested);
        QVERIFY(details->metricsButton()->isEnabled());
        details->metricsButton()->click();
        QCOMPARE(metrics.count(), 1);
        QCOMPARE(metrics.at(0).at(0).toString(), QStringLiteral("ingestion-api"));
        // Selecting another node shows it without moving the focus.
        pane_->selectNode(nodeId(*pane_, "snowflake://casebook-demo/leads.cdp.leads_raw"));
        settle();
        QVERIFY(details->body()->toPlainText().contains(QStringLiteral("stale")));
        QVERIFY(
            details->body()->toPlainText().contains(QStringLiteral("of the jobs that write it")));
        QVERIFY(details->focusButton()->isEnabled());
        QCOMPARE(focusName(*pane_), std::string("ingestion-api/parse_submissions"));
        // Its column names are links; a click shows where that column comes from.
        QVERIFY(details->body()->toHtml().contains(QStringLiteral("column:campaign_id")));
        emit details->body()->anchorClicked(QUrl(QStringLiteral("column:campaign_id")));
        settle();
        QString text = details->body()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Column campaign_id")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Comes from 1 column:")));
        QVERIFY(text.contains(QStringLiteral("kafka://events/web_form_submissions.utm_campaign")));
        QVERIFY(text.contains(QStringLiteral("DIRECT/IDENTITY")));
        QVERIFY(text.contains(QStringLiteral("Feeds no recorded column.")));
        // From the source's side, the email column feeds the raw leads, transformed.
        pane_->selectNode(nodeId(*pane_, "kafka://events/web_form_submissions"));
        pane_->showColumnLineage("email");
        settle();
        text = details->body()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Feeds 1 column:")), qPrintable(text));
        QVERIFY(
            text.contains(QStringLiteral("snowflake://casebook-demo/leads.cdp.leads_raw.email")));
        QVERIFY(text.contains(QStringLiteral("DIRECT/TRANSFORMATION")));
        QVERIFY(text.contains(QStringLiteral("Comes from no recorded column.")));
        saveShot(pane_.get(), QStringLiteral("pane-column-lineage.png"));
        // Another node shows its own details, without the column.
        pane_->selectNode(nodeId(*pane_, "snowflake://casebook-demo/leads.cdp.leads_raw"));
        settle();
        QVERIFY(!details->body()->toPlainText().contains(QStringLiteral("Column email")));
    }

    void groupsOpenOnAClick() {
        const auto& view = pane_->drawing()->view;
        const auto group = std::find_if(view.nodes.begin(), view.nodes.end(),
                                        [](const auto& n) { return n.isGroup; });
        QVERIFY(group != view.nodes.end());
        const int index = static_cast<int>(group - view.nodes.begin());
        auto* item = pane_->scene()->nodeItem(index);
        QCOMPARE(item->look().name, QStringLiteral("1 dataset"));
        // A real click on the group's box in the view.
        LineageGraphView* graph = pane_->graphView();
        graph->centerOn(item);
        const QPoint at = graph->mapFromScene(item->scenePos());
        QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, at);
        settle();
        QCOMPARE(pane_->drawing()->view.nodeCount(), std::size_t(6)); // + unified_profiles
    }

    void hopsFiltersAndPaths() {
        pane_->setHops(12);
        settle();
        // Everything the parser reaches (23), the parser, the topic and the SDK.
        QCOMPARE(pane_->drawing()->view.nodeCount(), std::size_t(26));
        pane_->setKindFilter({"journey", "dataset"});
        settle();
        const auto& filtered = pane_->drawing()->view;
        QCOMPARE(filtered.hiddenByFilter,
                 std::size_t(12)); // 5 jobs, the SDK, sync, model, 4 dashboards
        QVERIFY(std::any_of(filtered.edges.begin(), filtered.edges.end(),
                            [](const auto& e) { return e.contracted; }));
        pane_->setKindFilter({});
        const std::int64_t journey = nodeId(*pane_, "nurture-journeys/paid-demo-request");
        pane_->showPathTo(journey, true);
        settle();
        QCOMPARE(pane_->drawing()->view.nodeCount(), std::size_t(11)); // ten hops
        QCOMPARE(pane_->drawing()->view.edges.size(), std::size_t(10));
        QVERIFY(pane_->scene()->itemOfNode(journey)->look().onPath);
        pane_->showPathTo(std::nullopt);
        pane_->setHops(2);
        settle();
        // Back to two hops; the group opened before stays open.
        QCOMPARE(pane_->drawing()->view.nodeCount(), std::size_t(6));
    }

    void searchFindsNodes() {
        QAbstractItemModelTester tester(pane_->searchModel());
        pane_->searchEdit()->setFocus();
        QTest::keyClicks(pane_->searchEdit(), QStringLiteral("paid"));
        QTRY_COMPARE(pane_->searchModel()->rowCount(), 2);
        QVERIFY(pane_->searchModel()->index(0).data().toString().startsWith(
            QStringLiteral("paid-demo-request")));
        QTest::keyClick(pane_->searchEdit(), Qt::Key_Return);
        settle();
        QCOMPARE(focusName(*pane_), std::string("nurture-journeys/paid-demo-request"));
        pane_->focusOn(nodeId(*pane_, "ingestion-api/parse_submissions"));
        settle();
    }

    void replaysThePast() {
        pane_->asOfEdit()->setText(QStringLiteral("2026-11-19T19:05:00Z"));
        QTest::keyClick(pane_->asOfEdit(), Qt::Key_Return);
        QTRY_VERIFY(pane_->snapshot()->asOfNs.has_value());
        settle();
        const auto& s =
            pane_->snapshot()->status.of(nodeId(*pane_, "ingestion-api/parse_submissions"));
        QCOMPARE(s.state, RunState::Complete);
        QVERIFY(
            pane_->statusLabel()->text().contains(QStringLiteral("as of 2026-11-19T19:05:00Z")));
        QCOMPARE(focusName(*pane_), std::string("ingestion-api/parse_submissions"));
        // The shared time window moves it too.
        context_->setTimeWindow(TimeWindow{*parseRfc3339("2026-11-20T18:00:00Z"),
                                           *parseRfc3339("2026-11-20T21:00:00Z")});
        QTRY_COMPARE(pane_->snapshot()->asOfNs.value_or(0), *parseRfc3339("2026-11-20T21:00:00Z"));
        settle();
        context_->setTimeWindow(TimeWindow{});
        QTRY_VERIFY(!pane_->snapshot()->asOfNs.has_value());
        settle();
    }

    void exportsEverything() {
        const QString svg = dir_.filePath(QStringLiteral("lineage.svg"));
        const QString png = dir_.filePath(QStringLiteral("lineage.png"));
        const QString dot = dir_.filePath(QStringLiteral("lineage.dot"));
        const QString csv = dir_.filePath(QStringLiteral("impact.csv"));
        const QString md = dir_.filePath(QStringLiteral("impact.md"));
        QVERIFY(pane_->exportPicture(svg, QStringLiteral("svg")));
        QVERIFY(pane_->exportPicture(png, QStringLiteral("png")));
        QVERIFY(pane_->exportPicture(dot, QStringLiteral("dot")));
        QVERIFY(pane_->exportImpact(csv, QStringLiteral("csv")));
        QVERIFY(pane_->exportImpact(md, QStringLiteral("markdown")));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("parse_submissions"));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), static_cast<int>(pane_->scene()->sceneRect().width() * 2));
        QFile dotFile(dot);
        QVERIFY(dotFile.open(QIODevice::ReadOnly));
        const QByteArray dotText = dotFile.readAll();
        QVERIFY(dotText.startsWith("digraph"));
        QCOMPARE(dotText.count(" -> "), static_cast<int>(pane_->drawing()->view.edges.size()));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QCOMPARE(csvFile.readAll().count('\n'), 24); // header + all 23, no cap
        QFile mdFile(md);
        QVERIFY(mdFile.open(QIODevice::ReadOnly));
        QVERIFY(mdFile.readAll().startsWith("# Impact of ingestion-api/parse_submissions"));
    }

    void wholeLineageAndItsTimeLimit() {
        pane_->setWholeLineage(true);
        settle();
        QCOMPARE(pane_->drawing()->view.nodeCount(), std::size_t(29));
        saveShot(pane_.get(), QStringLiteral("lineage-whole-light.png"));
        // A layout that takes longer than the limit is abandoned: the helper is killed and
        // the pane goes back to the focused view, saying why.
        pane_->setWholeLineage(false);
        settle();
        pane_->setLayoutTimeLimit(std::chrono::milliseconds(1));
        pane_->setKindFilter({"job", "dataset"}); // a new node set: not in the layout cache
        pane_->setWholeLineage(true);
        settle();
        const auto notice = pane_->findChild<QLabel*>(QStringLiteral("lineageNotice"));
        QTRY_VERIFY(notice->isVisible());
        QVERIFY(notice->text().contains(QStringLiteral("abandoned")));
        QVERIFY(pane_->drawing()->view.nodeCount() < 29);
        pane_->setLayoutTimeLimit(std::chrono::milliseconds(10000));
        pane_->setKindFilter({});
        settle();
    }

    void layoutsComeFromTheCacheNextTime() {
        // The same view again: its layout is in the workspace.
        pane_->setHops(4);
        settle();
        pane_->setHops(2);
        settle();
        QVERIFY(pane_->drawing()->fromCache);
        QVERIFY(pane_->statusLabel()->text().contains(
            QStringLiteral("layout from the workspace cache")));
    }

    void followsTheTenant() {
        context_->chooseTenant(QStringLiteral("globex"));
        QTRY_COMPARE(pane_->snapshot()->scope.tenantName(), std::string("globex"));
        settle();
        QCOMPARE(pane_->snapshot()->graph.nodeCount(), std::size_t(29));
        for (const auto& n : pane_->snapshot()->graph.nodes())
            QCOMPARE(n.tenant, std::string("globex"));
        QCOMPARE(focusName(*pane_), std::string("ingestion-api/parse_submissions"));
        context_->chooseTenant(QStringLiteral("acme"));
        QTRY_COMPARE(pane_->snapshot()->scope.tenantName(), std::string("acme"));
        settle();
    }

    void staleJourneysShowAroundTheSync() {
        // The CRM sync two hops out: the scoring model and the features behind it, and the
        // five journeys, two of them stale (outlined like the legend's "stale").
        pane_->focusOn(nodeId(*pane_, "crm-sync/lead-sync"));
        pane_->setHops(2);
        settle();
        const auto paid = nodeId(*pane_, "nurture-journeys/paid-demo-request");
        pane_->selectNode(paid);
        settle();
        // The sync; up: the model, the features table; down: the CRM's Lead and five journeys.
        QCOMPARE(pane_->drawing()->view.nodeCount(), std::size_t(9));
        const QColor stale = pane_->scene()->itemOfNode(paid)->look().stroke;
        const QColor fine = pane_->scene()
                                ->itemOfNode(nodeId(*pane_, "nurture-journeys/webinar-followup"))
                                ->look()
                                .stroke;
        QVERIFY(stale != fine);
        QCOMPARE(pane_->scene()
                     ->itemOfNode(nodeId(*pane_, "nurture-journeys/paid-trial-nurture"))
                     ->look()
                     .stroke,
                 stale);
        QVERIFY(pane_->detailsPanel()->body()->toPlainText().contains(QStringLiteral("stale")));
        QCOMPARE(pane_->detailsPanel()->serviceFilter(),
                 QStringLiteral("service == nurture-journeys"));
        saveShot(pane_.get(), QStringLiteral("lineage-light.png"));
        applyTheme(*qApp, Theme::Dark);
        pane_->setPalette(qApp->palette());
        pane_->focusOn(nodeId(*pane_, "crm-sync/lead-sync"));
        settle();
        pane_->selectNode(paid);
        settle();
        saveShot(pane_.get(), QStringLiteral("lineage-dark.png"));
        applyTheme(*qApp, Theme::Light);
        pane_->setPalette(qApp->palette());
        pane_->focusOn(nodeId(*pane_, "ingestion-api/parse_submissions"));
        settle();
    }

    void darkThemeAndPanZoom() {
        applyTheme(*qApp, Theme::Dark);
        pane_->setPalette(qApp->palette());
        pane_->setHops(3);
        settle();
        saveShot(pane_.get(), QStringLiteral("lineage-pane-dark.png"));
        LineageGraphView* graph = pane_->graphView();
        const double before = graph->zoom();
        graph->zoomBy(2.0);
        QCOMPARE(graph->zoom(), before * 2.0);
        graph->fitAll();
        QVERIFY(graph->zoom() <= 1.25);
        // Far out the boxes are painted by one layer and the node items are hidden.
        graph->setTransform(QTransform::fromScale(0.2, 0.2));
        graph->viewport()->repaint();
        QVERIFY(!pane_->scene()->detailShown());
        QVERIFY(!pane_->scene()->nodeItem(0)->isVisible());
        graph->fitAll();
        graph->viewport()->repaint();
        QVERIFY(pane_->scene()->detailShown());
        applyTheme(*qApp, Theme::Light);
        pane_->setPalette(qApp->palette());
        pane_->setHops(2);
        settle();
    }

    void farOutEdgesAreOpaqueAndFollowTheDeviceTransform() {
        // One straight edge across a 1000 x 500 scene, drawn at a fifth of its size (the
        // fast far-out path) by a painter whose viewport starts 100 px in: the line must
        // land where world, window and viewport put it together, in the opaque colour a
        // half-transparent blue shows over white, not blended.
        const QPolygonF line{QPointF(0, 100), QPointF(1000, 100)};
        LineageEdgeLayer::Edge edge;
        edge.path.addPolygon(line);
        edge.line = line;
        edge.coarse = line;
        edge.bounds = QRectF(0, 99, 1000, 2);
        std::vector<LineageEdgeLayer::Edge> edges{edge};
        QGraphicsScene scene(0, 0, 1000, 500);
        auto* layer = new LineageEdgeLayer(std::move(edges), QColor(0, 0, 255, 128),
                                           QColor(0, 0, 0, 40), QColor(Qt::white));
        scene.addItem(layer);

        QImage image(300, 100, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setViewport(100, 0, 200, 100);
        painter.setWindow(0, 0, 200, 100);
        scene.render(&painter, QRectF(0, 0, 200, 100), QRectF(0, 0, 1000, 500));
        painter.end();

        // Scene y 100 is device y 20; x 0..1000 is device x 100..300, end to end.
        for (int x : {101, 200, 298}) {
            const QColor drawn = image.pixelColor(x, 20);
            QCOMPARE(drawn.alpha(), 255);
            QVERIFY2(std::abs(drawn.red() - 127) <= 2 && std::abs(drawn.green() - 127) <= 2 &&
                         drawn.blue() == 255,
                     qPrintable(drawn.name(QColor::HexArgb)));
        }
        // Nothing left of the viewport, nor off the line.
        QCOMPARE(image.pixelColor(50, 20).alpha(), 0);
        QCOMPARE(image.pixelColor(200, 60).alpha(), 0);
    }

    void mainWindowWiresTheLinks() {
        MainWindow window;
        window.resize(1440, 900);
        window.show();
        window.setInitialScope(QStringLiteral("acme"));
        window.openWorkspace(workspace_);
        QTRY_VERIFY_WITH_TIMEOUT(window.lineagePane()->drawing().has_value(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.isSettled(), 20000);
        window.lineageDock()->show();
        window.lineageDock()->raise();
        QTRY_VERIFY(window.lineagePane()->detailsPanel()->tracesButton()->isEnabled());
        window.lineagePane()->detailsPanel()->tracesButton()->click();
        QCOMPARE(window.tracesPane()->filterEdit()->text(),
                 QStringLiteral("service == ingestion-api"));
        window.lineagePane()->detailsPanel()->logsButton()->click();
        QCOMPARE(window.logsPane()->filterEdit()->text(),
                 QStringLiteral("service == ingestion-api"));
        window.lineagePane()->detailsPanel()->metricsButton()->click();
        QCOMPARE(window.metricsPane()->searchEdit()->text(), QStringLiteral("ingestion-api"));
        QTRY_VERIFY_WITH_TIMEOUT(
            !window.logsPane()->isLoading() && !window.tracesPane()->isLoading(), 20000);
        // The trace list holds exactly acme's traces with an ingestion-api span.
        TraceListModel* traces = window.tracesPane()->model();
        std::int64_t expected = 0;
        {
            auto ws = Workspace::open(QFile::encodeName(workspace_).toStdString(),
                                      Workspace::OpenMode::ReadOnly);
            expected = ws->db().scalarInt("SELECT count(DISTINCT s.trace_id) FROM spans s JOIN "
                                          "services v ON v.id = s.service_id "
                                          "WHERE v.name = 'ingestion-api' AND s.tenant_id = "
                                          "(SELECT id FROM tenants WHERE name = 'acme')");
        }
        QVERIFY(expected > 0);
        while (traces->canFetchMore({})) {
            traces->fetchMore({});
            QTRY_VERIFY(!traces->isFetching());
        }
        QCOMPARE(traces->rowCount(), static_cast<int>(expected));
        window.lineageDock()->raise();
        window.resizeDocks({window.lineageDock()}, {520}, Qt::Vertical);
        QTRY_VERIFY_WITH_TIMEOUT(window.isSettled(), 20000);
        saveShot(&window, QStringLiteral("workbench-lineage-light.png"));
    }
};

CASEBOOK_UI_TEST_MAIN(TestLineagePane)
#include "tst_lineage_pane.moc"
