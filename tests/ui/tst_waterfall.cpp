// The trace waterfall through its real widgets: layout math, rows painted, keyboard and
// mouse, folds, search, the critical path, and the pane following the context on a
// generated lead-flow workspace (details fetched in a job, a link that jumps).

#include "ui_fixture.h"

#include "core/generate/scenario_generator.h"
#include "core/query/trace_queries.h"
#include "trace/trace_fixture.h"
#include "ui/context/investigation_context.h"
#include "ui/jobs/job_runner.h"
#include "ui/traces/attribute_table_model.h"
#include "ui/traces/span_details_pane.h"
#include "ui/traces/trace_data.h"
#include "ui/traces/trace_quality_badges.h"
#include "ui/traces/trace_view_pane.h"
#include "ui/traces/waterfall_header.h"
#include "ui/traces/waterfall_view.h"
#include "ui/util/text.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QToolButton>
#include <QTreeWidget>

using namespace casebook;
using namespace casebook::ui;
using namespace casebook::ui::waterfall;

namespace {

// "2 of 17" while the selected span (the root, chosen when a trace opens) is a match,
// "17 matches" otherwise: worked out from the matches, not from the label's code.
QString matchLabelFor(const TraceViewPane& pane, std::size_t count) {
    const auto& spans = pane.view()->matches().spans();
    const auto it = std::find(spans.begin(), spans.end(), pane.view()->selectedSpan());
    if (it == spans.end())
        return countOf(std::int64_t(count), QStringLiteral("match"), QStringLiteral("matches"));
    return QStringLiteral("%1 of %2").arg(it - spans.begin() + 1).arg(count);
}

std::shared_ptr<const TraceData> traceData(const std::string& text) {
    return TraceData::build(test::traceFromText(text));
}

// root, a (with a1), b: four rows, nothing folds.
const char* kSmallTrace = "root api 0 100ms\n"
                          "  a svc 5ms 40ms\n"
                          "    a1 db 10ms 30ms\n"
                          "  b svc 45ms 95ms error msg=timeout\n";

// Six alike siblings fold into one row between root and tail.
const char* kFoldTrace = "root api 0 100ms\n"
                         "  upsert crm 1ms 2ms\n"
                         "  upsert crm 3ms 4ms\n"
                         "  upsert crm 5ms 7ms error\n"
                         "  upsert crm 8ms 9ms\n"
                         "  upsert crm 10ms 12ms\n"
                         "  upsert crm 13ms 14ms\n"
                         "  tail svc 90ms 95ms\n";

QString nameOf(const ui::WaterfallView& view, std::size_t row) {
    const auto& r = view.rows().rows.at(row);
    if (r.kind != RowKind::Span)
        return QStringLiteral("fold");
    return toQString(view.data()->model.name(r.span));
}

QString selectedName(const ui::WaterfallView& view) {
    const SpanIndex s = view.selectedSpan();
    return s == kNoSpan ? QString() : toQString(view.data()->model.name(s));
}

QPoint rowPoint(const ui::WaterfallView& view, std::size_t row, int x) {
    return {x, int(row) * view.rowHeight() + view.rowHeight() / 2};
}

// Writes an OTLP bundle of two traces: span "a1" of trace A links to span "b1" of B.
void writeLinkBundle(const QString& dir) {
    QVERIFY(QDir().mkpath(dir));
    const QByteArray a1 =
        R"({"traceId":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","spanId":"a1a1a1a1a1a1a1a1","name":"consume",)"
        R"("kind":5,"startTimeUnixNano":")" +
        test::nanos(0) + R"(","endTimeUnixNano":")" + test::nanos(2) +
        R"(","attributes":[{"key":"zeta","value":{"stringValue":"last"}},)"
        R"({"key":"alpha","value":{"intValue":"7"}}],)"
        R"("events":[{"timeUnixNano":")" +
        test::nanos(1) +
        R"(","name":"retry","attributes":[{"key":"attempt","value":{"intValue":"2"}}]}],)"
        R"("links":[{"traceId":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","spanId":"b1b1b1b1b1b1b1b1",)"
        R"("attributes":[{"key":"link.kind","value":{"stringValue":"follows"}}]}],"status":{}})";
    const QByteArray b1 =
        test::span("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "b1b1b1b1b1b1b1b1", "produce", 0);
    test::writeText(dir + QStringLiteral("/telemetry.otlp.jsonl"),
                    test::tracesLine(test::resource("queue", "acme"), {a1, b1}));
}

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x27));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
    return p;
}

void saveShot(QWidget& widget, const QString& name) {
    const QPixmap shot = widget.grab();
    QVERIFY(!shot.isNull());
    const QString dir = qEnvironmentVariable("CASEBOOK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(shot.save(dir + u'/' + name));
}

} // namespace

class TestWaterfall : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void timeAxisMapsBothWays();
    void visibleRowRangeAndHitTests();
    void ticksAreRoundAndLabelled();
    void zoomKeepsTheAnchor();
    void paintsOnlyVisibleRows();
    void keyboardMovesCollapsesAndExpands();
    void clickOnTriangleToggles();
    void foldRowExpandsByEnterAndDoubleClick();
    void searchHighlightsAndFilters();
    void criticalPathSummaryAndSegments();
    void zoomAndPanByMouse();
    void attributeModelIsSortedAndSound();
    void qualityFindingsAreCounted();
    void paneShowsEmptyStateThenTrace();
    void paneSearchCountsAndFilters();
    void paneSearchRunsTheFilterLanguage();
    void detailsShowTheSpansAttributes();
    void linkJumpsToTheLinkedSpan();
    void screenshotsInLightAndDark();

private:
    void openInPane(TraceViewPane& pane, InvestigationContext& context, const QString& workspace,
                    const TraceId& trace);

    QTemporaryDir dir_;
    QString leadFlow_;
    QString links_;
    TraceId biggest_;
};

void TestWaterfall::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString bundle = dir_.filePath(QStringLiteral("lead-flow"));
    generateBundle({Scenario::LeadFlow, 1, 42}, toFsPath(bundle));
    leadFlow_ = dir_.filePath(QStringLiteral("lead-flow.casebook"));
    QCOMPARE(test::importInto(leadFlow_, bundle).status, ImportStatus::Imported);
    auto ws = Workspace::open(toFsPath(leadFlow_));
    TraceQuery query;
    query.sort = TraceSort::Spans;
    query.errorsOnly = true;
    query.limit = 1;
    const auto traces = listTraces(*ws, ws->tenantScope("acme"), query);
    QCOMPARE(traces.size(), std::size_t(1));
    biggest_ = traces.front().traceId;

    const QString linkBundle = dir_.filePath(QStringLiteral("links"));
    writeLinkBundle(linkBundle);
    links_ = dir_.filePath(QStringLiteral("links.casebook"));
    QCOMPARE(test::importInto(links_, linkBundle).status, ImportStatus::Imported);
}

void TestWaterfall::timeAxisMapsBothWays() {
    const TimeAxis axis{0, 1000, 100, 500};
    QCOMPARE(axis.xOf(0), 100.0);
    QCOMPARE(axis.xOf(500), 350.0);
    QCOMPARE(axis.xOf(1000), 600.0);
    QCOMPARE(axis.timeAt(350), 500.0);
    const TimeAxis zoomed{200, 400, 0, 100};
    QCOMPARE(zoomed.xOf(300), 50.0);
    QCOMPARE(zoomed.timeAt(zoomed.xOf(321)), 321.0);
}

void TestWaterfall::visibleRowRangeAndHitTests() {
    QCOMPARE(visibleRows(0, 100, 20, 1000), (RowRange{0, 5}));
    QCOMPARE(visibleRows(30, 100, 20, 1000), (RowRange{1, 7}));
    QCOMPARE(visibleRows(0, 100, 20, 3), (RowRange{0, 3}));
    QCOMPARE(visibleRows(0, 100, 20, 0), (RowRange{0, 0}));
    QCOMPARE(rowAt(10, 40, 20, 100), std::optional<std::size_t>(2));
    QCOMPARE(rowAt(5, 0, 20, 0), std::optional<std::size_t>());
    QCOMPARE(rowAt(-1, 0, 20, 10), std::optional<std::size_t>());
    QVERIFY(hitsTriangle(indentOf(2) + 4, 2));
    QVERIFY(!hitsTriangle(indentOf(2) + 40, 2));
    QVERIFY(!hitsTriangle(indentOf(0) + 4, 3));
}

void TestWaterfall::ticksAreRoundAndLabelled() {
    QCOMPARE(tickStep(1e9, 1000, 90), 1e8);
    QCOMPARE(tickStep(2.53e9, 1000, 90), 5e8);
    QCOMPARE(tickStep(1e6, 100, 90), 1e6);
    const auto ticks = tickTimes({0, 2.53e9, 0, 1000}, 90);
    QCOMPARE(ticks.size(), std::size_t(6)); // 0, 0.5 .. 2.5 s
    QCOMPARE(ticks.back(), 2.5e9);
    QCOMPARE(tickLabel(0, 5e8), std::string("0"));
    QCOMPARE(tickLabel(5e8, 5e8), std::string("500 ms"));
    QCOMPARE(tickLabel(1.5e9, 5e8), std::string("1.5 s"));
    QCOMPARE(tickLabel(2.5e5, 5e4), std::string("250 us"));
    QCOMPARE(tickLabel(40, 20), std::string("40 ns"));
}

void TestWaterfall::zoomKeepsTheAnchor() {
    const Window in = zoomAround({0, 1e6}, 5e5, 0.5, 1e6);
    QCOMPARE(in.fromNs, 2.5e5);
    QCOMPARE(in.toNs, 7.5e5);
    const Window edge = zoomAround({0, 1e6}, 1e5, 0.5, 1e6);
    QCOMPARE(edge.fromNs, 5e4); // the anchor stays at 10% of the window
    const Window out = zoomAround({2.5e5, 7.5e5}, 5e5, 4, 1e6);
    QCOMPARE(out.fromNs, 0.0); // never wider than the trace
    QCOMPARE(out.toNs, 1e6);
    const Window deep = zoomAround({0, 1e6}, 5e5, 1e-6, 1e6);
    QCOMPARE(deep.toNs - deep.fromNs, 1000.0); // a microsecond at most
    const Window panned = panBy({0, 1e5}, 2e6, 1e6);
    QCOMPARE(panned.fromNs, 9e5);
    QCOMPARE(panned.toNs, 1e6);
}

void TestWaterfall::paintsOnlyVisibleRows() {
    std::string text = "root api 0 10s\n";
    for (int i = 0; i < 5000; ++i)
        text += "  op" + std::to_string(i) + " svc" + std::to_string(i % 7) + " " +
                std::to_string(i) + "ms " + std::to_string(i + 3) + "ms\n";
    ui::WaterfallView view;
    view.setTrace(traceData(text));
    view.resize(900, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.rows().rows.size(), std::size_t(5001));
    view.viewport()->grab();
    const RowRange painted = view.lastPaintedRows();
    QCOMPARE(painted.first, std::size_t(0));
    QVERIFY(painted.last > 10);
    QVERIFY(painted.last <= std::size_t(view.viewport()->height() / view.rowHeight() + 1));
    QTest::keyClick(&view, Qt::Key_End);
    view.viewport()->grab();
    QCOMPARE(view.lastPaintedRows().last, std::size_t(5001));
    QVERIFY(view.lastPaintedRows().last - view.lastPaintedRows().first < 40);
    QCOMPARE(selectedName(view), QStringLiteral("op4999"));
}

void TestWaterfall::keyboardMovesCollapsesAndExpands() {
    ui::WaterfallView view;
    view.setTrace(traceData(kSmallTrace));
    view.resize(800, 400);
    view.show();
    QSignalSpy selected(&view, &ui::WaterfallView::spanSelected);
    QCOMPARE(view.rows().rows.size(), std::size_t(4));
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(selectedName(view), QStringLiteral("root"));
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(selectedName(view), QStringLiteral("a"));
    QCOMPARE(selected.count(), 2);
    QTest::keyClick(&view, Qt::Key_Left); // collapses a
    QCOMPARE(view.rows().rows.size(), std::size_t(3));
    QCOMPARE(selectedName(view), QStringLiteral("a"));
    QTest::keyClick(&view, Qt::Key_Left); // a is closed: to the parent
    QCOMPARE(selectedName(view), QStringLiteral("root"));
    QTest::keyClick(&view, Qt::Key_Right); // root is open: to its first child
    QCOMPARE(selectedName(view), QStringLiteral("a"));
    QTest::keyClick(&view, Qt::Key_Right); // opens a
    QCOMPARE(view.rows().rows.size(), std::size_t(4));
    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(selectedName(view), QStringLiteral("a1"));
    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(selectedName(view), QStringLiteral("b"));
    QTest::keyClick(&view, Qt::Key_PageUp);
    QCOMPARE(selectedName(view), QStringLiteral("root"));
    QTest::keyClick(&view, Qt::Key_PageDown);
    QCOMPARE(selectedName(view), QStringLiteral("b"));
    QTest::keyClick(&view, Qt::Key_Home);
    QCOMPARE(selectedName(view), QStringLiteral("root"));
    QTest::keyClick(&view, Qt::Key_Return); // Enter on a span toggles it
    QCOMPARE(view.rows().rows.size(), std::size_t(1));
    QTest::keyClick(&view, Qt::Key_Up);
    QCOMPARE(selectedName(view), QStringLiteral("root"));
}

void TestWaterfall::clickOnTriangleToggles() {
    ui::WaterfallView view;
    view.setTrace(traceData(kSmallTrace));
    view.resize(800, 400);
    view.show();
    QSignalSpy selected(&view, &ui::WaterfallView::spanSelected);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, rowPoint(view, 3, 200));
    QCOMPARE(selectedName(view), QStringLiteral("b"));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).value<SpanIndex>(), view.selectedSpan());
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, rowPoint(view, 1, indentOf(1) + 5));
    QCOMPARE(view.rows().rows.size(), std::size_t(3)); // a closed
    QCOMPARE(selectedName(view), QStringLiteral("a"));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, rowPoint(view, 1, indentOf(1) + 5));
    QCOMPARE(view.rows().rows.size(), std::size_t(4));
    view.collapseAll();
    QCOMPARE(view.rows().rows.size(), std::size_t(1));
    view.expandAll();
    QCOMPARE(view.rows().rows.size(), std::size_t(4));
}

void TestWaterfall::foldRowExpandsByEnterAndDoubleClick() {
    ui::WaterfallView view;
    view.setTrace(traceData(kFoldTrace));
    view.resize(800, 400);
    view.show();
    QCOMPARE(view.rows().rows.size(), std::size_t(3));
    QCOMPARE(nameOf(view, 1), QStringLiteral("fold"));
    QVERIFY(view.rows().rows[1].flags & kRowError);
    QTest::keyClick(&view, Qt::Key_Down);
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.selectedRow(), std::optional<std::size_t>(1));
    QCOMPARE(view.selectedSpan(), kNoSpan); // a fold is not a span
    QTest::keyClick(&view, Qt::Key_Return);
    QCOMPARE(view.rows().rows.size(), std::size_t(8));
    QCOMPARE(selectedName(view), QStringLiteral("upsert"));
    QCOMPARE(view.selectedRow(), std::optional<std::size_t>(1));

    ui::WaterfallView other;
    other.setTrace(traceData(kFoldTrace));
    other.resize(800, 400);
    other.show();
    QTest::mouseDClick(other.viewport(), Qt::LeftButton, {}, rowPoint(other, 1, 120));
    QCOMPARE(other.rows().rows.size(), std::size_t(8));

    // Folding off shows every sibling; short folds gather the sub-ms ones again.
    ui::WaterfallView third;
    third.setTrace(traceData(kFoldTrace));
    FoldOptions options;
    options.similarSiblings = false;
    third.setFoldOptions(options);
    QCOMPARE(third.rows().rows.size(), std::size_t(8));
    options.shortSpanNs = 3'000'000;
    third.setFoldOptions(options);
    QCOMPARE(third.rows().rows.size(), std::size_t(3));
    QCOMPARE(third.rows().rows[1].kind, RowKind::ShortFold);
}

void TestWaterfall::searchHighlightsAndFilters() {
    ui::WaterfallView view;
    view.setTrace(traceData(kFoldTrace));
    view.setSearch(QStringLiteral("UPSERT"));
    QCOMPARE(view.matches().count(), std::size_t(6));
    QCOMPARE(view.rows().rows.size(), std::size_t(3));
    QVERIFY(view.rows().rows[1].flags & kRowHiddenMatch); // inside the fold
    QVERIFY(view.selectMatch(true));
    QCOMPARE(selectedName(view), QStringLiteral("upsert"));
    QCOMPARE(view.rows().rows.size(), std::size_t(8)); // the fold opened to show it
    view.setSearchMode(SearchMode::Filter);
    for (std::size_t r = 0; r < view.rows().rows.size(); ++r)
        QVERIFY(nameOf(view, r) != QStringLiteral("tail"));
    QCOMPARE(view.rows().rows.size(), std::size_t(7)); // root and the six matches
    view.setSearch(QString());
    QVERIFY(!view.matches().active());
    QCOMPARE(view.rows().rows.size(), std::size_t(8));
}

void TestWaterfall::criticalPathSummaryAndSegments() {
    const auto data = traceData(kSmallTrace);
    QCOMPARE(criticalPathSummary(*data),
             QStringLiteral("critical path: 100 ms — svc 65 ms, db 20 ms, api 15 ms"));
    QCOMPARE(traceHeadline(*data),
             QStringLiteral("api: root  ·  100 ms  ·  4 spans  ·  3 services  ·  1 error"));
    ui::WaterfallView view;
    view.setTrace(data);
    QVERIFY(view.selectCriticalSegment(true));
    QCOMPARE(selectedName(view), QStringLiteral("root"));
    QVERIFY(view.selectCriticalSegment(true));
    QCOMPARE(selectedName(view), QStringLiteral("a"));
    QVERIFY(view.selectCriticalSegment(true));
    QCOMPARE(selectedName(view), QStringLiteral("a1"));
    QVERIFY(view.selectCriticalSegment(false));
    QCOMPARE(selectedName(view), QStringLiteral("a"));
}

void TestWaterfall::zoomAndPanByMouse() {
    ui::WaterfallView view;
    view.setTrace(traceData(kSmallTrace));
    view.resize(1000, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const TimeAxis axis = view.axis();
    const QPointF at(axis.xOf(50e6), 30);
    QWheelEvent wheel(at, view.viewport()->mapToGlobal(at), {}, QPoint(0, 120), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &wheel);
    const Window zoomed = view.timeWindow();
    QVERIFY(zoomed.toNs - zoomed.fromNs < 100e6 * 0.9);
    QVERIFY(std::abs(view.axis().timeAt(at.x()) - 50e6) < 1e3); // around the cursor

    // A drag on the ruler zooms to the dragged range.
    view.fit();
    WaterfallHeader* header = view.header();
    const int y = header->rulerRect().center().y();
    const TimeAxis full = view.axis();
    QTest::mousePress(header, Qt::LeftButton, {}, QPoint(int(full.xOf(20e6)), y));
    QTest::mouseMove(header, QPoint(int(full.xOf(40e6)), y));
    QTest::mouseRelease(header, Qt::LeftButton, {}, QPoint(int(full.xOf(40e6)), y));
    QVERIFY(std::abs(view.timeWindow().fromNs - 20e6) < 0.5e6);
    QVERIFY(std::abs(view.timeWindow().toNs - 40e6) < 0.5e6);

    // Dragging the bars pans; a click on the minimap centers the window there.
    const TimeAxis a = view.axis();
    const Window before = view.timeWindow();
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, QPoint(int(a.xOf(30e6)), 20));
    QTest::mouseMove(view.viewport(), QPoint(int(a.xOf(25e6)), 20));
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, QPoint(int(a.xOf(25e6)), 20));
    QVERIFY(std::abs(view.timeWindow().fromNs - (before.fromNs + 5e6)) < 0.5e6);
    const TimeAxis mini = header->minimapAxis();
    QTest::mouseClick(header, Qt::LeftButton, {},
                      QPoint(int(mini.xOf(80e6)), header->minimapRect().center().y()));
    const Window centered = view.timeWindow();
    QVERIFY(std::abs((centered.fromNs + centered.toNs) / 2 - 80e6) < 1e6);
    view.fit();
    QCOMPARE(view.timeWindow().fromNs, 0.0);
    QCOMPARE(view.timeWindow().toNs, 100e6);
}

void TestWaterfall::attributeModelIsSortedAndSound() {
    AttributeTableModel model;
    QAbstractItemModelTester tester(&model);
    model.setJson(R"({"zeta":"z","alpha":7,"mid":[1,2],"flag":true})");
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("alpha"));
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("7"));
    QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("true"));
    QCOMPARE(model.index(2, 1).data().toString(), QStringLiteral("[1,2]"));
    QCOMPARE(model.index(3, 0).data().toString(), QStringLiteral("zeta"));
    model.setJson("not json");
    QCOMPARE(model.rowCount(), 0);
}

void TestWaterfall::qualityFindingsAreCounted() {
    const auto data = traceData("root api 10ms 100ms id=r\n"
                                "  late svc 90ms 120ms\n"
                                "  early svc 5ms 20ms\n"
                                "lost svc 1ms 2ms parent=nowhere\n"
                                "back svc 50ms 40ms\n");
    const auto findings = qualityFindings(data->quality);
    QStringList texts;
    for (const auto& f : findings)
        texts << f.text;
    QVERIFY2(texts.contains(QStringLiteral("1 orphan span")), qPrintable(texts.join(u'|')));
    QVERIFY2(texts.contains(QStringLiteral("clock skew: 2 children outside their parent")),
             qPrintable(texts.join(u'|')));
    QVERIFY2(texts.contains(QStringLiteral("1 span ends before it starts")),
             qPrintable(texts.join(u'|')));
    TraceQualityBadges badges;
    badges.setQuality(data->quality);
    QCOMPARE(badges.badges().size(), qsizetype(findings.size()));
    for (auto* badge : badges.badges())
        QVERIFY(!badge->toolTip().isEmpty());
    QSignalSpy requested(&badges, &TraceQualityBadges::spanRequested);
    badges.badges().first()->click();
    QCOMPARE(requested.count(), 1);
}

void TestWaterfall::openInPane(TraceViewPane& pane, InvestigationContext& context,
                               const QString& workspace, const TraceId& trace) {
    context.openWorkspace(workspace);
    QTRY_VERIFY(context.scope().has_value());
    QSignalSpy loaded(&pane, &TraceViewPane::loaded);
    context.selectTrace(trace);
    QVERIFY(pane.isLoading());
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(!pane.isLoading());
}

void TestWaterfall::paneShowsEmptyStateThenTrace() {
    JobRunner jobs;
    InvestigationContext context(&jobs);
    TraceViewPane pane(&context, &jobs);
    pane.resize(1200, 800);
    pane.show();
    QVERIFY(pane.emptyLabel()->isVisible());
    QCOMPARE(pane.emptyLabel()->text(), QStringLiteral("Choose a trace in the Traces pane"));
    openInPane(pane, context, leadFlow_, biggest_);
    QVERIFY(!pane.emptyLabel()->isVisible());
    QVERIFY(pane.headerLabel()->text().contains(QStringLiteral("spans")));
    QVERIFY(pane.headerLabel()->text().contains(QStringLiteral("error")));
    QVERIFY(pane.criticalPathLabel()->text().startsWith(QStringLiteral("critical path: ")));
    ui::WaterfallView* view = pane.view();
    QVERIFY(view->rows().rows.size() > 3);
    view->viewport()->grab();
    QCOMPARE(view->lastPaintedRows(), view->visibleRowRange());
    QCOMPARE(view->lastPaintedRows().first, std::size_t(0));
    QVERIFY(view->lastPaintedRows().last > 5);

    // A span chosen in the view is chosen in the context, and keyboard moves follow.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Down);
    QTest::keyClick(view, Qt::Key_Down);
    const SpanIndex second = view->selectedSpan();
    QVERIFY(second != kNoSpan);
    QCOMPARE(context.selectedSpan(), std::optional(pane.trace()->model.spanId(second)));
    // And a span chosen in the context from outside is revealed in the view.
    view->collapseAll();
    const SpanIndex last = SpanIndex(pane.trace()->model.size() - 1);
    context.selectSpan(biggest_, pane.trace()->model.spanId(last));
    QCOMPARE(view->selectedSpan(), last);
    QVERIFY(view->selectedRow().has_value());
    QCOMPARE(pane.details()->span(), last);

    context.closeWorkspace();
    QTRY_VERIFY(pane.emptyLabel()->isVisible());
}

void TestWaterfall::paneSearchCountsAndFilters() {
    JobRunner jobs;
    InvestigationContext context(&jobs);
    TraceViewPane pane(&context, &jobs);
    pane.resize(1200, 800);
    pane.show();
    openInPane(pane, context, leadFlow_, biggest_);
    const TraceModel& model = pane.trace()->model;
    const QString service = toQString(model.service(model.mainRoot()));
    std::size_t expected = 0;
    for (SpanIndex i = 0; i < model.size(); ++i)
        expected += QString(toQString(model.service(i)) % u' ' % toQString(model.name(i)) % u' ' %
                            toQString(model.statusMessage(i)))
                        .contains(service, Qt::CaseInsensitive);
    QVERIFY(expected > 0);
    pane.searchEdit()->setText(service);
    pane.applySearch();
    QCOMPARE(pane.view()->matches().count(), expected);
    QCOMPARE(pane.matchLabel()->text(), matchLabelFor(pane, expected));
    // The root is selected when the trace opens and is the first match (the search is its
    // service), so Return moves on to the second.
    QVERIFY(expected >= 2);
    QCOMPARE(pane.view()->selectedSpan(), model.mainRoot());
    QTest::keyClick(pane.searchEdit(), Qt::Key_Return);
    QCOMPARE(pane.matchLabel()->text(), QStringLiteral("2 of %1").arg(expected));
    const std::size_t allRows = pane.view()->rows().rows.size();
    pane.onlyMatchesToggle()->setChecked(true);
    QVERIFY(pane.view()->rows().rows.size() <= allRows);
    for (const auto& row : pane.view()->rows().rows)
        QVERIFY(row.kind != RowKind::Span || pane.view()->matches().isKept(row.span));
    pane.searchEdit()->setText(QStringLiteral("no-such-span-anywhere"));
    pane.applySearch();
    QCOMPARE(pane.matchLabel()->text(), QStringLiteral("no matches"));
    QCOMPARE(pane.view()->rows().rows.size(), std::size_t(0));
}

void TestWaterfall::paneSearchRunsTheFilterLanguage() {
    JobRunner jobs;
    InvestigationContext context(&jobs);
    TraceViewPane pane(&context, &jobs);
    pane.resize(1200, 800);
    pane.show();
    openInPane(pane, context, leadFlow_, biggest_);
    const TraceModel& model = pane.trace()->model;
    // Failed spans of the trace, counted from the table itself.
    auto ws = Workspace::open(toFsPath(leadFlow_), Workspace::OpenMode::ReadOnly);
    auto st = ws->db().prepare("SELECT count(*) FROM spans WHERE trace_id = ? AND status_code = 2");
    st.bindBlob(1, biggest_.bytes);
    QVERIFY(st.step());
    const auto failed = static_cast<std::size_t>(st.int64(0));
    QVERIFY(failed > 0);
    pane.searchEdit()->setText(QStringLiteral("status == error"));
    pane.applySearch();
    QTRY_COMPARE(pane.view()->matches().count(), failed);
    for (SpanIndex span : pane.view()->matches().spans())
        QVERIFY(model.isError(span));
    QCOMPARE(pane.matchLabel()->text(), matchLabelFor(pane, failed));
    // An attribute the model does not hold: every span carries tenant_id = acme.
    pane.searchEdit()->setText(QStringLiteral("attr.tenant_id == acme"));
    pane.applySearch();
    QTRY_COMPARE(pane.view()->matches().count(), model.size());
    // A filter that does not parse is shown with its position and marks nothing.
    pane.searchEdit()->setText(QStringLiteral("duration >= "));
    pane.applySearch();
    QVERIFY(!pane.view()->matches().active());
    QVERIFY2(pane.matchLabel()->text().startsWith(QStringLiteral("filter: expected a value")),
             qPrintable(pane.matchLabel()->text()));
}

void TestWaterfall::detailsShowTheSpansAttributes() {
    JobRunner jobs;
    InvestigationContext context(&jobs);
    TraceViewPane pane(&context, &jobs);
    pane.resize(1200, 800);
    pane.show();
    QSignalSpy detailsLoaded(pane.details(), &SpanDetailsPane::loaded);
    openInPane(pane, context, leadFlow_, biggest_);
    const TraceModel& model = pane.trace()->model;
    // A freshly opened trace shows its root's details without being asked.
    QCOMPARE(pane.view()->selectedSpan(), model.mainRoot());
    QTRY_COMPARE(detailsLoaded.count(), 1);
    auto ws = Workspace::open(toFsPath(leadFlow_), Workspace::OpenMode::ReadOnly);
    const auto expected =
        spanDetails(*ws, ws->tenantScope("acme"), biggest_, model.spanId(model.mainRoot()));
    QVERIFY(expected.has_value());
    const auto pairs = attributePairs(expected->attributesJson);
    AttributeTableModel* attributes = pane.details()->attributesModel();
    QCOMPARE(attributes->rowCount(), int(pairs.size()));
    QVERIFY(attributes->rowCount() > 0);
    for (int r = 0; r < attributes->rowCount(); ++r) {
        QCOMPARE(attributes->index(r, 0).data().toString(), pairs[r].first);
        QCOMPARE(attributes->index(r, 1).data().toString(), pairs[r].second);
        if (r)
            QVERIFY(pairs[r - 1].first < pairs[r].first);
    }
    QVERIFY(pane.details()->resourceModel()->rowCount() > 0);
    QCOMPARE(pane.details()->field(QStringLiteral("service"))->text(),
             toQString(model.service(model.mainRoot())));
    QVERIFY(pane.details()->field(QStringLiteral("start"))->text().contains(u'Z'));

    QSignalSpy logs(&pane, &TraceViewPane::showLogsRequested);
    pane.details()->findChild<QPushButton*>(QStringLiteral("showSpanLogs"))->click();
    pane.details()->findChild<QPushButton*>(QStringLiteral("showTraceLogs"))->click();
    QCOMPARE(logs.count(), 2);
    QCOMPARE(logs.at(0).at(0).value<TraceId>(), biggest_);
    QCOMPARE(logs.at(0).at(1).value<std::optional<SpanId>>(),
             std::optional(model.spanId(model.mainRoot())));
    QCOMPARE(logs.at(1).at(1).value<std::optional<SpanId>>(), std::optional<SpanId>());
}

void TestWaterfall::linkJumpsToTheLinkedSpan() {
    JobRunner jobs;
    InvestigationContext context(&jobs);
    TraceViewPane pane(&context, &jobs);
    pane.resize(1200, 800);
    pane.show();
    context.openWorkspace(links_);
    QTRY_VERIFY(context.scope().has_value());
    const auto traceA = *TraceId::fromHex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    const auto traceB = *TraceId::fromHex("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    const auto spanA = *SpanId::fromHex("a1a1a1a1a1a1a1a1");
    const auto spanB = *SpanId::fromHex("b1b1b1b1b1b1b1b1");
    QSignalSpy loaded(&pane, &TraceViewPane::loaded);
    QSignalSpy detailsLoaded(pane.details(), &SpanDetailsPane::loaded);
    context.selectSpan(traceA, spanA);
    QTRY_COMPARE(loaded.count(), 1);
    QTRY_COMPARE(detailsLoaded.count(), 1);
    SpanDetailsPane* details = pane.details();
    QCOMPARE(details->titleLabel()->text(), QStringLiteral("consume"));
    QCOMPARE(details->field(QStringLiteral("kind"))->text(), QStringLiteral("consumer"));
    QCOMPARE(details->attributesModel()->index(0, 0).data().toString(), QStringLiteral("alpha"));
    QCOMPARE(details->eventsTree()->topLevelItemCount(), 1);
    QCOMPARE(details->eventsTree()->topLevelItem(0)->text(0), QStringLiteral("+1 s"));
    QCOMPARE(details->eventsTree()->topLevelItem(0)->text(1), QStringLiteral("retry"));
    QCOMPARE(details->eventsTree()->topLevelItem(0)->text(2), QStringLiteral("attempt=2"));
    QCOMPARE(details->linkCount(), 1);
    QVERIFY(details->linksLabel()->text().contains(QStringLiteral("<a href")));
    QVERIFY(details->followLink(0));
    QCOMPARE(context.selectedTrace(), std::optional(traceB));
    QTRY_COMPARE(loaded.count(), 2);
    QCOMPARE(pane.trace()->model.traceId(), traceB);
    QCOMPARE(pane.view()->selectedSpan(), pane.trace()->find(spanB));
    QTRY_COMPARE(details->titleLabel()->text(), QStringLiteral("produce"));
}

void TestWaterfall::screenshotsInLightAndDark() {
    JobRunner jobs;
    InvestigationContext context(&jobs);
    TraceViewPane pane(&context, &jobs);
    pane.resize(1440, 900);
    pane.show();
    openInPane(pane, context, leadFlow_, biggest_);
    QSignalSpy detailsLoaded(pane.details(), &SpanDetailsPane::loaded);
    pane.view()->setFocus();
    QTest::keyClick(pane.view(), Qt::Key_Down);
    QTest::keyClick(pane.view(), Qt::Key_Down);
    QTRY_COMPARE(detailsLoaded.count(), 1);
    pane.searchEdit()->setText(QStringLiteral("parse"));
    pane.applySearch();
    saveShot(pane, QStringLiteral("waterfall-light.png"));
    // Folds and a narrow pane: labels elide, the ruler thins its labels out.
    pane.foldShortToggle()->setChecked(true);
    pane.foldShortMs()->setValue(10);
    pane.resize(760, 600);
    saveShot(pane, QStringLiteral("waterfall-narrow.png"));
    pane.resize(1440, 900);
    pane.setPalette(darkPalette());
    saveShot(pane, QStringLiteral("waterfall-dark.png"));
}

CASEBOOK_UI_TEST_MAIN(TestWaterfall)
#include "tst_waterfall.moc"
