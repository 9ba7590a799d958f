// Span trees from short text fixtures: "id parent start end" per span (parent "-" for
// none); expected depth, self time and critical flags worked out by hand in comments.
#include "core/query/trace_queries.h"

#include <QtTest>
#include <sstream>

using namespace casebook;

namespace {

SpanId sid(int n) {
    SpanId id;
    id.bytes[6] = static_cast<std::uint8_t>(n >> 8);
    id.bytes[7] = static_cast<std::uint8_t>(n & 0xFF);
    id.bytes[0] = static_cast<std::uint8_t>(n >> 16);
    return id;
}

std::vector<TraceSpan> parse(const char* text) {
    std::vector<TraceSpan> spans;
    std::istringstream in(text);
    std::string name, parent;
    long long start, end;
    while (in >> name >> parent >> start >> end) {
        TraceSpan s;
        s.spanId = sid(name[0]);
        if (parent != "-")
            s.parentSpanId = sid(parent[0]);
        s.operation = name;
        s.startNs = start;
        s.endNs = end;
        spans.push_back(s);
    }
    return spans;
}

// "name:depth:self:critical" per span in tree order.
QString dump(const std::vector<TraceSpan>& spans) {
    QStringList parts;
    for (const auto& s : spans)
        parts << QStringLiteral("%1:%2:%3:%4")
                     .arg(QString::fromStdString(s.operation))
                     .arg(s.depth)
                     .arg(s.selfNs)
                     .arg(s.critical ? QStringLiteral("C") : QStringLiteral("-"));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestTraceTree : public QObject {
    Q_OBJECT
private slots:
    void selfTimeAndCriticalPath() {
        // A [0,100] has children E [5,8], B [10,50], F [12,30], C [40,90]; D [20,45] is B's child.
        // Self A = 100 - |[5,8] u [10,90]| = 100 - 83 = 17; self B = 40 - 25 = 15.
        // Critical path walks back from A's end: C (ends last), then from 40 the child
        // ending latest that started before 40 is B, then from 10 it is E. F lies inside
        // B's time and is not critical. Inside B, D is critical.
        const auto tree =
            arrangeTrace(parse("B A 10 50\nA - 0 100\nC A 40 90\nD B 20 45\nE A 5 8\nF A 12 30"));
        QCOMPARE(dump(tree),
                 QStringLiteral("A:0:17:C E:1:3:C B:1:15:C D:2:25:C F:1:18:- C:1:50:C"));
    }

    void orphansBecomeRootsInStartOrder() {
        // Z's parent Q is not in the trace: Z is a second root. The longer root (A) holds
        // the critical path.
        const auto tree = arrangeTrace(parse("Z Q 50 60\nA - 0 100\nB A 10 20"));
        QCOMPARE(dump(tree), QStringLiteral("A:0:90:C B:1:10:C Z:0:10:-"));
    }

    void childOutlivingParentIsClipped() {
        // B ends after its parent: A's self time counts only the part inside A.
        const auto tree = arrangeTrace(parse("A - 0 100\nB A 60 150"));
        QCOMPARE(dump(tree), QStringLiteral("A:0:60:C B:1:90:C"));
    }

    void deepChainNeedsNoRecursion() {
        // 300,000 spans each the child of the previous one: a recursive walk would
        // overflow the stack.
        const int n = 300000;
        std::vector<TraceSpan> spans(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            auto& s = spans[static_cast<std::size_t>(i)];
            s.spanId = sid(i + 1);
            if (i > 0)
                s.parentSpanId = sid(i);
            s.startNs = i;
            s.endNs = 2LL * n - i;
        }
        const auto tree = arrangeTrace(std::move(spans));
        QCOMPARE(tree.size(), std::size_t(n));
        QCOMPARE(tree.back().depth, n - 1);
        QCOMPARE(tree.front().selfNs, std::int64_t(2)); // [0,2n] minus child [1,2n-1]
        QVERIFY(
            std::all_of(tree.begin(), tree.end(), [](const TraceSpan& s) { return s.critical; }));
    }

    void wideFanOutKeepsStartOrder() {
        const int n = 100000;
        std::vector<TraceSpan> spans;
        TraceSpan root;
        root.spanId = sid(1);
        root.startNs = 0;
        root.endNs = 10LL * n;
        spans.push_back(root);
        for (int i = 0; i < n; ++i) {
            TraceSpan s;
            s.spanId = sid(i + 2);
            s.parentSpanId = sid(1);
            s.startNs = 10LL * (n - i); // given in reverse order
            s.endNs = s.startNs + 5;
            spans.push_back(s);
        }
        const auto tree = arrangeTrace(std::move(spans));
        QCOMPARE(tree.size(), std::size_t(n + 1));
        for (std::size_t i = 2; i < tree.size(); ++i)
            QVERIFY(tree[i - 1].startNs <= tree[i].startNs);
        // Children start at 10, 20, ... 10n and last 5 ns; the one starting at 10n lies
        // past the root's end, so n-1 children cover 5 ns each.
        QCOMPARE(tree.front().selfNs, std::int64_t(10LL * n - 5LL * (n - 1)));
    }
};

QTEST_APPLESS_MAIN(TestTraceTree)
#include "tst_trace_tree.moc"
