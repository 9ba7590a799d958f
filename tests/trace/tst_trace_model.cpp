// The waterfall's model: tree, self time, critical path, data quality, visible rows with
// collapsing and folding, search, and loading from a workspace. Expected values are
// worked out by hand in the comments.
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/trace/critical_path.h"
#include "core/trace/trace_quality.h"
#include "core/trace/trace_search.h"
#include "core/trace/waterfall_rows.h"
#include "plugins/builtin_importers.h"
#include "test_support.h"
#include "trace_fixture.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <filesystem>

using namespace casebook;
using casebook::test::dumpRows;
using casebook::test::traceFromText;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// "name:depth:self" per span in model (tree) order.
QString dumpTree(const TraceModel& m) {
    QStringList parts;
    for (SpanIndex i = 0; i < m.size(); ++i)
        parts << QStringLiteral("%1:%2:%3")
                     .arg(q(std::string(m.name(i))))
                     .arg(m.depth(i))
                     .arg(m.selfNs(i));
    return parts.join(QLatin1Char(' '));
}

// "name[from,to)" per segment.
QString dumpPath(const TraceModel& m, const CriticalPath& p) {
    QStringList parts;
    for (const auto& s : p.segments)
        parts << QStringLiteral("%1[%2,%3)")
                     .arg(q(std::string(m.name(s.span))))
                     .arg(s.fromNs)
                     .arg(s.toNs);
    return parts.join(QLatin1Char(' '));
}

QString rows(const TraceModel& m, const WaterfallView& view) {
    return q(dumpRows(m, waterfallRows(m, view)));
}

SpanIndex indexOf(const TraceModel& m, std::string_view name) {
    for (SpanIndex i = 0; i < m.size(); ++i)
        if (m.name(i) == name)
            return i;
    return kNoSpan;
}

// A with children E, B, F, C (C overlaps B); D is B's child.
const char* kOverlap = "A api 0 100\n"
                       "  B db 10 50\n"
                       "    D db 20 45\n"
                       "  C api 40 90\n"
                       "  E cache 5 8\n"
                       "  F api 12 30\n";

} // namespace

class TestTraceModel : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private slots:
    void treeOrderByStartAndDepth() {
        // Children listed out of start order come back sorted; orphans are roots in start order.
        const auto m = traceFromText("A api 0 100\n"
                                     "  C api 60 90\n"
                                     "    D db 70 80\n"
                                     "  B db 10 50\n"
                                     "Z api 5 20 parent=gone\n");
        QCOMPARE(dumpTree(m), QStringLiteral("A:0:30 B:1:40 C:1:20 D:2:10 Z:0:15"));
        QCOMPARE(m.roots(), (std::vector<SpanIndex>{0, 4}));
        QCOMPARE(m.mainRoot(), SpanIndex(0));
        QCOMPARE(m.parent(3), SpanIndex(2));
        QCOMPARE(m.subtreeEnd(0), SpanIndex(4));
        QCOMPARE(m.firstChild(0), SpanIndex(1));
        QCOMPARE(m.nextSibling(1), SpanIndex(2));
        QCOMPARE(m.nextSibling(2), kNoSpan);
        QCOMPARE(m.nextSibling(0), SpanIndex(4)); // roots are siblings too
        QVERIFY(m.flags(4) & kSpanOrphan);
    }

    void selfTimeIsDurationMinusChildUnion() {
        // Self A = 100 - |[5,8] u [10,90]| = 17; B = 40 - |[20,45]| = 15; F and E are leaves.
        const auto m = traceFromText(kOverlap);
        QCOMPARE(dumpTree(m), QStringLiteral("A:0:17 E:1:3 B:1:15 D:2:25 F:1:18 C:1:50"));
        // A child outliving its parent only counts inside it: A = 100 - |[60,100]| = 60.
        const auto skew = traceFromText("A api 0 100\n  B api 60 150\n");
        QCOMPARE(skew.selfNs(0), std::int64_t(60));
    }

    void criticalPathWithOverlappingChildren() {
        // Back from 100: C ends last (90) -> A[90,100) C[40,90); from 40, B started before
        // and ends latest, clipped to 40 -> B[10,40) with D[20,40) inside; F starts at 12,
        // after the cursor 10, so it is skipped; E -> A[8,10) E[5,8) A[0,5).
        const auto m = traceFromText(kOverlap);
        const auto p = criticalPath(m);
        QCOMPARE(dumpPath(m, p), QStringLiteral("A[0,5) E[5,8) A[8,10) B[10,20) D[20,40) "
                                                "C[40,90) A[90,100)"));
        QCOMPARE(p.totalNs(), std::int64_t(100));
        QVERIFY(!p.contains(indexOf(m, "F")));
        QVERIFY(p.contains(indexOf(m, "D")));
        // api: A 5+2+10 + C 50 = 67; db: B 10 + D 20 = 30; cache: E 3.
        QCOMPARE(p.byService.size(), std::size_t(3));
        QCOMPARE(m.strings()[p.byService[0].serviceIndex], std::string("api"));
        QCOMPARE(p.byService[0].ns, std::int64_t(67));
        QCOMPARE(m.strings()[p.byService[1].serviceIndex], std::string("db"));
        QCOMPARE(p.byService[1].ns, std::int64_t(30));
        QCOMPARE(m.strings()[p.byService[2].serviceIndex], std::string("cache"));
        QCOMPARE(p.byService[2].ns, std::int64_t(3));

        // Navigation: 45 lies in C[40,90) (index 5); next starts after 45 -> A[90,100) (6);
        // previous ends at or before 45 -> D[20,40) (4).
        QCOMPARE(segmentAt(p, 45), std::optional<std::size_t>(5));
        QCOMPARE(segmentAt(p, 100), std::optional<std::size_t>());
        QCOMPARE(nextSegment(p, 45), std::optional<std::size_t>(6));
        QCOMPARE(previousSegment(p, 45), std::optional<std::size_t>(4));
        QCOMPARE(previousSegment(p, 0), std::optional<std::size_t>());
        QCOMPARE(nextSegment(p, 95), std::optional<std::size_t>());
        // From B (first segment 3): 4 and 2. From F (off the path, starts 12): the first
        // segment starting after 12 is D (4), the last ending by 12 is A[8,10) (2).
        QCOMPARE(nextSegment(p, m, indexOf(m, "B")), std::optional<std::size_t>(4));
        QCOMPARE(previousSegment(p, m, indexOf(m, "B")), std::optional<std::size_t>(2));
        QCOMPARE(nextSegment(p, m, indexOf(m, "F")), std::optional<std::size_t>(4));
        QCOMPARE(previousSegment(p, m, indexOf(m, "F")), std::optional<std::size_t>(2));
    }

    void criticalPathClipsAChildOutlivingItsParent() {
        // B runs past A's end; only B[60,100) is on the path, and X (after 100) is not.
        const auto m = traceFromText("A api 0 100\n  B api 60 150\n    X db 110 140\n");
        const auto p = criticalPath(m);
        QCOMPARE(dumpPath(m, p), QStringLiteral("A[0,60) B[60,100)"));
        QVERIFY(!p.contains(indexOf(m, "X")));
    }

    void criticalPathTies() {
        // Both end at 100: the one that started first (B) held A longest and is taken;
        // C started inside B's window and is not on the path.
        const auto a = traceFromText("A api 0 100\n  B api 10 100\n  C api 50 100\n");
        QCOMPARE(dumpPath(a, criticalPath(a)), QStringLiteral("A[0,10) B[10,100)"));
        // Same start and end: the first in tree order.
        const auto b = traceFromText("A api 0 100\n  B api 10 100\n  C db 10 100\n");
        QCOMPARE(dumpPath(b, criticalPath(b)), QStringLiteral("A[0,10) B[10,100)"));
        // Back-to-back children: C[50,80), then B ends at 50 exactly -> no gap for A.
        const auto c = traceFromText("A api 0 100\n  B api 10 50\n  C api 50 80\n");
        QCOMPARE(dumpPath(c, criticalPath(c)),
                 QStringLiteral("A[0,10) B[10,50) C[50,80) A[80,100)"));
        // The longest root holds the path, not the first one.
        const auto d = traceFromText("Z api 0 10\nA api 5 100 parent=x\n");
        QCOMPARE(dumpPath(d, criticalPath(d)), QStringLiteral("A[5,100)"));
    }

    void deepChainOfAMillion() {
        // Span i is [i, 2n - i] and the parent of i+1: a recursive walk would overflow.
        const std::uint32_t n = 1'000'000;
        std::vector<SpanInput> spans(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            auto& s = spans[i];
            s.spanId.bytes[0] = 1;
            std::memcpy(s.spanId.bytes.data() + 4, &i, 4);
            if (i > 0) {
                SpanId parent;
                parent.bytes[0] = 1;
                const std::uint32_t p = i - 1;
                std::memcpy(parent.bytes.data() + 4, &p, 4);
                s.parentSpanId = parent;
            }
            s.service = "svc";
            s.name = "hop";
            s.startNs = i;
            s.endNs = 2LL * n - i;
        }
        std::reverse(spans.begin(), spans.end()); // leaves first
        const auto m = TraceModel::fromSpans(spans);
        QCOMPARE(m.size(), std::size_t(n));
        QCOMPARE(m.depth(n - 1), n - 1);
        QCOMPARE(m.selfNs(0), std::int64_t(2));     // [0,2n] minus [1,2n-1]
        QCOMPARE(m.selfNs(n - 1), std::int64_t(2)); // the leaf [n-1, n+1]
        QCOMPARE(m.subtreeEnd(0), SpanIndex(n));
        // Down the chain one unit a span, then back up: 2n - 1 segments.
        const auto p = criticalPath(m);
        QCOMPARE(p.segments.size(), std::size_t(2 * n - 1));
        QCOMPARE(p.spans.size(), std::size_t(n));
        QCOMPARE(p.totalNs(), std::int64_t(2LL * n));
        const auto r = waterfallRows(m, {});
        QCOMPARE(r.rows.size(), std::size_t(n));
        QCOMPARE(r.rows.back().depth, n - 1);
        const auto found = searchTrace(m, "HOP");
        QCOMPARE(found.count(), std::size_t(n));
    }

    void qualityReportsEachDefect() {
        // Tree order: A B C D E G. B starts before A, C ends after A, D ends before it
        // starts, E's parent is not in the trace, G has A's id.
        const auto m = traceFromText("A api 0 100 id=a\n"
                                     "  B api -10 50\n"
                                     "  C api 50 120\n"
                                     "  D api 70 60\n"
                                     "E api 5 10 parent=zz\n"
                                     "G api 20 30 id=a\n");
        QCOMPARE(dumpTree(m), QStringLiteral("A:0:0 B:1:60 C:1:70 D:1:0 E:0:5 G:0:10"));
        const auto qa = traceQuality(m);
        QCOMPARE(qa.orphans, (std::vector<SpanIndex>{4}));
        QCOMPARE(qa.duplicateIds, (std::vector<SpanIndex>{0, 5}));
        QCOMPARE(qa.startsBeforeParent, (std::vector<SpanIndex>{1}));
        QCOMPARE(qa.endsAfterParent, (std::vector<SpanIndex>{2}));
        QCOMPARE(qa.endBeforeStart, (std::vector<SpanIndex>{3}));
        QVERIFY(qa.parentLoops.empty());
        QVERIFY(!qa.clean());
        QCOMPARE(m.durationNs(3), std::int64_t(0));
        QVERIFY(traceQuality(traceFromText(kOverlap)).clean());
    }

    void parentLoopIsCutNotDropped() {
        // X and Y name each other as parent; the climb from X (first) finds X again, so X
        // becomes a root with Y under it. W hangs off the loop.
        const auto m = traceFromText("X api 0 10 id=x parent=y\n"
                                     "Y api 1 9 id=y parent=x\n"
                                     "W api 2 3 parent=y\n");
        QCOMPARE(dumpTree(m), QStringLiteral("X:0:2 Y:1:7 W:2:1"));
        QCOMPARE(traceQuality(m).parentLoops, (std::vector<SpanIndex>{0}));
    }

    void rowsCollapseAndExpand() {
        const auto m = traceFromText("A api 0 100\n"
                                     "  B db 10 50 error\n"
                                     "    D db 20 45\n"
                                     "  C api 60 90\n"
                                     "    E api 61 70\n");
        WaterfallView view;
        QCOMPARE(rows(m, view), QStringLiteral("A api open\n"
                                               "  B db open error\n"
                                               "    D db\n"
                                               "  C api open\n"
                                               "    E api\n"));
        toggleCollapsed(view, m, indexOf(m, "B"));
        QCOMPARE(rows(m, view), QStringLiteral("A api open\n"
                                               "  B db closed error\n"
                                               "  C api open\n"
                                               "    E api\n"));
        collapseToDepth(view, m, 0);
        QCOMPARE(rows(m, view), QStringLiteral("A api closed\n"));
        collapseToDepth(view, m, 1);
        QCOMPARE(rows(m, view), QStringLiteral("A api open\n"
                                               "  B db closed error\n"
                                               "  C api closed\n"));
        // Revealing E opens C; B stays closed.
        const auto revealed = revealSpan(view, m, indexOf(m, "E"));
        QCOMPARE(q(dumpRows(m, revealed)), QStringLiteral("A api open\n"
                                                          "  B db closed error\n"
                                                          "  C api open\n"
                                                          "    E api\n"));
        QCOMPARE(revealed.rowOf(indexOf(m, "E")), std::optional<std::size_t>(3));
        QCOMPARE(revealed.rowOf(indexOf(m, "D")), std::optional<std::size_t>());
        expandAll(view);
        QCOMPARE(waterfallRows(m, view).rows.size(), std::size_t(5));
    }

    void similarSiblingsFold() {
        // Six crm.upsert in a row: durations 10 40 20 50 30 60 -> sorted 10 20 30 40 50 60,
        // lower median 30; two have error status. The child under the 2nd one is hidden
        // in the fold. Four crm.get (below the run of 5) stay as rows.
        const auto m = traceFromText("P api 0 1000\n"
                                     "  upsert crm 100 110\n"
                                     "  upsert crm 120 160 error\n"
                                     "    write db 125 130\n"
                                     "  upsert crm 170 190\n"
                                     "  upsert crm 200 250\n"
                                     "  upsert crm 260 290 error\n"
                                     "  upsert crm 300 360\n"
                                     "  get crm 400 401\n"
                                     "  get crm 402 403\n"
                                     "  get crm 404 405\n"
                                     "  get crm 406 407\n");
        WaterfallView view;
        const auto folded = waterfallRows(m, view);
        QCOMPARE(q(dumpRows(m, folded)), QStringLiteral("P api open\n"
                                                        "  fold 6 crm.upsert p50=30 errors=2\n"
                                                        "  get crm\n"
                                                        "  get crm\n"
                                                        "  get crm\n"
                                                        "  get crm\n"));
        const auto& f = folded.folds.at(0);
        QCOMPARE(f.first, SpanIndex(1));
        QCOMPARE(f.last, SpanIndex(7));
        QCOMPARE(f.rangeEnd, SpanIndex(8));
        QCOMPARE(f.startNs, std::int64_t(100));
        QCOMPARE(f.endNs, std::int64_t(360));
        QCOMPARE(folded.rowOf(3), std::optional<std::size_t>(1)); // "write" is in the fold
        QCOMPARE(q(foldLabel(m, folded, folded.rows[1], view.folds)),
                 QStringLiteral("\u00d7 6 crm.upsert, p50 30 ns, 2 errors"));

        view.folds.minRun = 4; // the gets fold too: p50 of four 1s is 1
        QCOMPARE(rows(m, view), QStringLiteral("P api open\n"
                                               "  fold 6 crm.upsert p50=30 errors=2\n"
                                               "  fold 4 crm.get p50=1 errors=0\n"));
        view.folds.minRun = 5;
        view.expandedFolds.insert(f.first);
        QCOMPARE(rows(m, view), QStringLiteral("P api open\n"
                                               "  upsert crm\n"
                                               "  upsert crm open error\n"
                                               "    write db\n"
                                               "  upsert crm\n"
                                               "  upsert crm\n"
                                               "  upsert crm error\n"
                                               "  upsert crm\n"
                                               "  get crm\n"
                                               "  get crm\n"
                                               "  get crm\n"
                                               "  get crm\n"));
        view.folds.similarSiblings = false;
        view.expandedFolds.clear();
        QCOMPARE(waterfallRows(m, view).rows.size(), std::size_t(12));
    }

    void foldLabelInMilliseconds() {
        const auto m = traceFromText("P api 0 1s\n"
                                     "  upsert_contact crm 0 30ms\n"
                                     "  upsert_contact crm 0 38ms error\n"
                                     "  upsert_contact crm 0 40ms\n"
                                     "  upsert_contact crm 0 50ms\n"
                                     "  upsert_contact crm 0 35ms\n");
        const auto r = waterfallRows(m, {});
        // Durations 30 35 38 40 50 ms: the median is 38 ms.
        QCOMPARE(q(foldLabel(m, r, r.rows.at(1), {})),
                 QStringLiteral("\u00d7 5 crm.upsert_contact, p50 38 ms, 1 error"));
    }

    void shortSpansFold() {
        // Under 2 ns: a, b, c (1 ns each, b in error) merge; d is long; e is short but alone.
        const auto m = traceFromText("P api 0 100\n"
                                     "  a api 0 1\n"
                                     "  b db 2 3 error\n"
                                     "  c api 4 5\n"
                                     "  d api 10 50\n"
                                     "  e api 60 61\n");
        WaterfallView view;
        view.folds.shortSpanNs = 2;
        const auto r = waterfallRows(m, view);
        QCOMPARE(q(dumpRows(m, r)), QStringLiteral("P api open\n"
                                                   "  short 3 p50=1 errors=1\n"
                                                   "  d api\n"
                                                   "  e api\n"));
        QCOMPARE(q(foldLabel(m, r, r.rows.at(1), view.folds)),
                 QStringLiteral("\u00d7 3 spans under 2 ns, p50 1 ns, 1 error"));
        view.expandedFolds.insert(1);
        QCOMPARE(waterfallRows(m, view).rows.size(), std::size_t(6));
    }

    void searchHighlightAndFilter() {
        const auto m = traceFromText("A api 0 100\n"
                                     "  B db 10 50\n"
                                     "    D cache 20 30\n"
                                     "  C api 60 90 msg=Timeout\n"
                                     "    E db 65 70\n");
        const auto cache = searchTrace(m, "CACHE");
        QCOMPARE(cache.spans(), (std::vector<SpanIndex>{2}));
        WaterfallView view;
        view.search = &cache;
        QCOMPARE(rows(m, view), QStringLiteral("A api open\n"
                                               "  B db open\n"
                                               "    D cache match\n"
                                               "  C api open\n"
                                               "    E db\n"));
        toggleCollapsed(view, m, indexOf(m, "B"));
        QCOMPARE(rows(m, view), QStringLiteral("A api open\n"
                                               "  B db closed hidden-match\n"
                                               "  C api open\n"
                                               "    E db\n"));
        expandAll(view);
        view.searchMode = SearchMode::Filter;
        QCOMPARE(rows(m, view), QStringLiteral("A api open\n"
                                               "  B db open\n"
                                               "    D cache match\n"));

        // The status message is searched too.
        const auto timeout = searchTrace(m, "timeout");
        view.search = &timeout;
        QCOMPARE(rows(m, view), QStringLiteral("A api open\n"
                                               "  C api match\n"));

        // Next / previous in tree order: "db" matches B (1) and E (4).
        const auto db = searchTrace(m, "db");
        QCOMPARE(db.spans(), (std::vector<SpanIndex>{1, 4}));
        QCOMPARE(nextMatch(db, kNoSpan), std::optional<SpanIndex>(1));
        QCOMPARE(nextMatch(db, 1), std::optional<SpanIndex>(4));
        QCOMPARE(nextMatch(db, 2), std::optional<SpanIndex>(4));
        QCOMPARE(nextMatch(db, 4), std::optional<SpanIndex>());
        QCOMPARE(previousMatch(db, 4), std::optional<SpanIndex>(1));
        QCOMPARE(previousMatch(db, kNoSpan), std::optional<SpanIndex>(4));
        QCOMPARE(previousMatch(db, 1), std::optional<SpanIndex>());

        // A set from elsewhere (rows ids as an SQL attribute filter returns them): E is
        // row 5 of the fixture.
        const auto external = matchesFromRowIds(m, {5, 999});
        view.search = &external;
        QCOMPARE(rows(m, view), QStringLiteral("A api open\n"
                                               "  C api open\n"
                                               "    E db match\n"));
        const auto both = intersect(m, db, external);
        QCOMPARE(both.spans(), (std::vector<SpanIndex>{4}));
        QVERIFY(!searchTrace(m, "").active());
        QVERIFY(searchTrace(m, "nothing").active());
        view.search = nullptr;
        QCOMPARE(waterfallRows(m, view).rows.size(), std::size_t(5));
    }

    void filterKeepsFoldingOfMatches() {
        // Filtering keeps the six matching upserts and their parent; they still fold.
        const auto m = traceFromText("P api 0 1000\n"
                                     "  upsert crm 100 110\n"
                                     "  other api 115 118\n"
                                     "  upsert crm 120 160\n"
                                     "  upsert crm 170 190\n"
                                     "  upsert crm 200 250\n"
                                     "  upsert crm 260 290\n"
                                     "  other api 295 298\n");
        const auto found = searchTrace(m, "upsert");
        WaterfallView view;
        view.search = &found;
        view.searchMode = SearchMode::Filter;
        QCOMPARE(rows(m, view),
                 QStringLiteral("P api open\n"
                                "  fold 5 crm.upsert p50=30 errors=0 hidden-match\n"));
        // Highlighting keeps the rows: the others split the upserts into runs of 1 and 4.
        view.searchMode = SearchMode::Highlight;
        QCOMPARE(rows(m, view), QStringLiteral("P api open\n"
                                               "  upsert crm match\n"
                                               "  other api\n"
                                               "  upsert crm match\n"
                                               "  upsert crm match\n"
                                               "  upsert crm match\n"
                                               "  upsert crm match\n"
                                               "  other api\n"));
    }

    void loadsFromWorkspaceWithinTenantScope() {
        namespace fs = std::filesystem;
        const fs::path root = dir.path().toStdString();
        fs::create_directories(root / "bundle");
        fs::copy_file(fs::path(CASEBOOK_TRACE_TEST_DATA_DIR) / "checkout.otlp.json",
                      root / "bundle" / "checkout.otlp.json");
        auto ws = Workspace::open(root / "trace.casebook");
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        const auto report = importBundle(*ws, root / "bundle", registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.spans, 4u);

        const auto traceId = *TraceId::fromHex("0af7651916cd43dd8448eb211c80319c");
        const auto acme = ws->tenantScope("acme");
        const auto m = TraceModel::load(*ws, acme, traceId);
        QCOMPARE(m.size(), std::size_t(4));
        QCOMPARE(dumpTree(m), QStringLiteral("GET /checkout:0:30000000 load cart:1:20000000 "
                                             "charge:1:35000000 SELECT card:2:15000000"));
        const SpanIndex charge = indexOf(m, "charge");
        QCOMPARE(m.service(charge), std::string_view("payments"));
        QVERIFY(m.isError(charge));
        QCOMPARE(m.statusMessage(charge), std::string_view("card declined"));
        QCOMPARE(m.kind(charge), 3);
        QVERIFY(m.rowId(charge) > 0);
        QVERIFY(traceQuality(m).clean());
        // Back from the root's end: charge [40,90] then load cart [10,30] with root gaps.
        const auto p = criticalPath(m);
        QCOMPARE(p.segments.size(), std::size_t(7));
        QVERIFY(p.contains(charge));

        const auto d = spanDetails(*ws, acme, traceId, m.spanId(charge));
        QVERIFY(d.has_value());
        QVERIFY(d->attributesJson.find("card.brand") != std::string::npos);
        QVERIFY(d->resourceAttributesJson.find("pay-1") != std::string::npos);
        QCOMPARE(d->statusMessage, std::string("card declined"));
        QCOMPARE(d->events.size(), std::size_t(2));
        QCOMPARE(d->events[0].name, std::string("sent")); // time order, not file order
        QCOMPARE(d->events[1].name, std::string("retry"));
        QVERIFY(d->events[1].attributesJson.find("attempt") != std::string::npos);
        QCOMPARE(d->links.size(), std::size_t(1));
        QCOMPARE(d->links[0].spanId.hex(), std::string("b000000000000001"));
        QCOMPARE(d->links[0].traceId.hex(), std::string("1af7651916cd43dd8448eb211c80319c"));

        // Another tenant sees nothing of it.
        const auto globex = ws->tenantScope("globex");
        QVERIFY(TraceModel::load(*ws, globex, traceId).empty());
        QVERIFY(!spanDetails(*ws, globex, traceId, m.spanId(charge)).has_value());
        const auto unknown = ws->tenantScope("nobody");
        QVERIFY(TraceModel::load(*ws, unknown, traceId).empty());
    }
};

QTEST_GUILESS_MAIN(TestTraceModel)
#include "tst_trace_model.moc"
