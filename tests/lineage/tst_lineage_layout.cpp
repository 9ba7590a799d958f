// Layout with Graphviz: coordinates flipped for Qt, sizes kept, splines read; SVG and DOT
// rendering; the JSON codec and the cache key; the child process that can be abandoned
// (time limit, cancel, a missing or failing helper); the workspace's layout cache and its
// tenant scope.
#include "core/layout/layout_cache.h"
#include "core/layout/layout_codec.h"
#include "core/layout/layout_process.h"
#include "core/lineage/lineage_store.h"
#include "core/lineage/view_layout.h"
#include "lead_graph_fixture.h"

#include <QtTest>

#include <thread>

using namespace casebook;
namespace fs = std::filesystem;

namespace {

LayoutNodeSpec node(std::string id, std::string label, double width, double height) {
    LayoutNodeSpec spec;
    spec.id = std::move(id);
    spec.label = std::move(label);
    spec.width = width;
    spec.height = height;
    return spec;
}

LayoutEdgeSpec edge(std::string from, std::string to) {
    LayoutEdgeSpec spec;
    spec.from = std::move(from);
    spec.to = std::move(to);
    return spec;
}

LayoutRequest chain(int nodes) {
    LayoutRequest r;
    for (int i = 0; i < nodes; ++i)
        r.nodes.push_back(node("n" + std::to_string(i), "node " + std::to_string(i), 100, 40));
    for (int i = 0; i + 1 < nodes; ++i)
        r.edges.push_back(edge("n" + std::to_string(i), "n" + std::to_string(i + 1)));
    return r;
}

// A layered graph with many crossings: slow enough for dot that a tiny time limit hits.
LayoutRequest tangle(int layers, int width) {
    LayoutRequest r;
    r.options = LayoutOptions{}; // the thorough defaults, on purpose
    for (int l = 0; l < layers; ++l)
        for (int w = 0; w < width; ++w)
            r.nodes.push_back(node("l" + std::to_string(l) + "w" + std::to_string(w), "x", 80, 30));
    for (int l = 0; l + 1 < layers; ++l)
        for (int w = 0; w < width; ++w)
            for (int k : {1, 7, 13})
                r.edges.push_back(
                    edge("l" + std::to_string(l) + "w" + std::to_string(w),
                         "l" + std::to_string(l + 1) + "w" + std::to_string((w * k + l) % width)));
    return r;
}

const fs::path kHelper = CASEBOOK_LAYOUT_HELPER_PATH;

} // namespace

class TestLineageLayout : public QObject {
    Q_OBJECT
private slots:
    void leftToRightInQtCoordinates() {
        LayoutRequest r = chain(3);
        r.nodes.push_back(node("side", "side", 60, 60));
        r.edges.push_back(edge("n0", "side"));
        const LayoutResult layout = layoutGraph(r);
        QCOMPARE(layout.nodes.size(), std::size_t(4));
        QCOMPARE(layout.edges.size(), std::size_t(3));
        // Ranks go left to right; sizes are kept (fixed size, points).
        QVERIFY(layout.nodes[0].center.x < layout.nodes[1].center.x);
        QVERIFY(layout.nodes[1].center.x < layout.nodes[2].center.x);
        QCOMPARE(layout.nodes[0].width, 100.0);
        QCOMPARE(layout.nodes[0].height, 40.0);
        QCOMPARE(layout.nodes[3].width, 60.0);
        for (const auto& n : layout.nodes) {
            QVERIFY(n.center.x - n.width / 2 >= -0.01 &&
                    n.center.x + n.width / 2 <= layout.width + 0.01);
            QVERIFY(n.center.y - n.height / 2 >= -0.01 &&
                    n.center.y + n.height / 2 <= layout.height + 0.01);
        }
        for (const auto& e : layout.edges) {
            QVERIFY(e.points.size() >= 4);
            QCOMPARE((e.points.size() - 1) % 3, std::size_t(0)); // cubic Bezier pieces
            QVERIFY(e.arrowTip.has_value());
        }
        // The edge n0 -> n1 leaves n0's right side and its arrow ends at n1's left side.
        const auto& first = layout.edges[0];
        QVERIFY(std::abs(first.points.front().x - (layout.nodes[0].center.x + 50)) < 2);
        QVERIFY(std::abs(first.arrowTip->x - (layout.nodes[1].center.x - 50)) < 2);
        // y grows downwards: flipping twice gives Graphviz's y back, in the box.
        QVERIFY(layout.height > 0);
    }

    void renderingSvgAndDot() {
        LayoutRequest r = chain(2);
        r.nodes[0].label = "leads_raw\ndataset \u00b7 failed";
        r.nodes[0].fill = "#e3eefc";
        const std::string svg = renderGraph(r, "svg");
        QVERIFY(svg.find("<svg") != std::string::npos);
        QVERIFY(svg.find("leads_raw") != std::string::npos);
        QVERIFY(svg.find("dataset \u00b7 failed") != std::string::npos); // the second line
        QVERIFY(svg.find("#e3eefc") != std::string::npos);
        const std::string dot = renderGraph(r, "dot");
        QVERIFY(dot.find("pos=") != std::string::npos);
        QVERIFY(dot.find("rankdir=LR") != std::string::npos);
        const std::string plain = toDot(r);
        QVERIFY(plain.find("\"n0\" -> \"n1\"") != std::string::npos);
        QVERIFY(plain.find("label=\"leads_raw\\ndataset") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(LayoutError, renderGraph(r, "png"));
        LayoutRequest broken = chain(2);
        broken.edges.push_back(edge("n0", "nowhere"));
        QVERIFY_THROWS_EXCEPTION(LayoutError, layoutGraph(broken));
    }

    void codecAndCacheKey() {
        LayoutRequest r = chain(4);
        r.options = LayoutOptions::forLargeGraphs();
        const LayoutRequest back = requestFromJson(requestToJson(r));
        QCOMPARE(back.nodes.size(), r.nodes.size());
        QCOMPARE(back.edges[2].to, std::string("n3"));
        QCOMPARE(back.options.mclimit, r.options.mclimit);
        QCOMPARE(back.options.remincross, false);
        const LayoutResult layout = layoutGraph(r);
        const LayoutResult again = resultFromJson(resultToJson(layout));
        QCOMPARE(again.nodes.size(), layout.nodes.size());
        QCOMPARE(again.edges[1].points, layout.edges[1].points);
        QCOMPARE(again.nodes[3].center, layout.nodes[3].center);
        // The key follows ids, sizes, edges and options; labels and colours do not change it.
        LayoutRequest relabelled = r;
        relabelled.nodes[0].label = "another label";
        relabelled.nodes[0].fill = "#000000";
        QCOMPARE(layoutCacheKey(relabelled), layoutCacheKey(r));
        LayoutRequest rewired = r;
        rewired.edges.pop_back();
        QVERIFY(layoutCacheKey(rewired) != layoutCacheKey(r));
        LayoutRequest resized = r;
        resized.nodes[1].width = 140;
        QVERIFY(layoutCacheKey(resized) != layoutCacheKey(r));
        QVERIFY_THROWS_EXCEPTION(LayoutError, resultFromJson("{\"nodes\": 3}"));
    }

    void childProcessLaysOut() {
        QVERIFY2(fs::exists(kHelper), kHelper.c_str());
        const LayoutRequest r = chain(5);
        const ProcessLayout outcome = layoutInChildProcess(r, kHelper, std::chrono::seconds(30));
        QVERIFY2(outcome.status == ProcessLayout::Status::Done, outcome.error.c_str());
        const LayoutResult inProcess = layoutGraph(r);
        QCOMPARE(outcome.result.nodes.size(), std::size_t(5));
        for (std::size_t i = 0; i < 5; ++i)
            QVERIFY(std::abs(outcome.result.nodes[i].center.x - inProcess.nodes[i].center.x) <
                    0.01);
    }

    void childProcessIsAbandonedAtTheTimeLimit() {
        const LayoutRequest big = tangle(40, 50); // 2,000 nodes, 5,850 edges
        const auto started = std::chrono::steady_clock::now();
        const ProcessLayout outcome =
            layoutInChildProcess(big, kHelper, std::chrono::milliseconds(300));
        const auto waited = std::chrono::steady_clock::now() - started;
        QCOMPARE(outcome.status, ProcessLayout::Status::TimedOut);
        QVERIFY(waited < std::chrono::seconds(3)); // killed, not waited for
    }

    void childProcessIsCancelled() {
        const LayoutRequest big = tangle(40, 50);
        std::stop_source stop;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            stop.request_stop();
        });
        const ProcessLayout outcome =
            layoutInChildProcess(big, kHelper, std::chrono::seconds(60), stop.get_token());
        canceller.join();
        QCOMPARE(outcome.status, ProcessLayout::Status::Cancelled);
        QVERIFY(outcome.seconds < 3);
    }

    void childProcessFailuresSayWhy() {
        const ProcessLayout missing =
            layoutInChildProcess(chain(2), "/nonexistent/casebook-layout", std::chrono::seconds(5));
        QCOMPARE(missing.status, ProcessLayout::Status::Failed);
        QVERIFY(missing.error.find("not found") != std::string::npos);
        LayoutRequest broken = chain(2);
        broken.edges.push_back(edge("n0", "nowhere"));
        const ProcessLayout failed =
            layoutInChildProcess(broken, kHelper, std::chrono::seconds(30));
        QCOMPARE(failed.status, ProcessLayout::Status::Failed);
        QVERIFY2(failed.error.find("unknown node") != std::string::npos, failed.error.c_str());
    }

    void cacheInTheWorkspaceStaysInItsTenant() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        test::writeLeadGraphBundle(root / "bundle");
        auto ws = Workspace::open(root / "case.casebook");
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        QCOMPARE(importBundle(*ws, root / "bundle", registry).status, ImportStatus::Imported);
        const auto acme = ws->tenantScope("acme");
        const auto graph = loadLineageGraph(*ws, acme);
        const auto status = lineageStatus(*ws, acme, graph);
        const auto view = wholeLineageView(graph, {}, &status);
        const LayoutRequest request = layoutRequestFor(view, graph, &status);
        QCOMPARE(request.nodes.size(), std::size_t(14));
        QCOMPARE(request.edges.size(), std::size_t(12));
        const std::string key = layoutCacheKey(request);
        QVERIFY(!cachedLayout(*ws, acme, key));
        const LayoutResult layout = layoutGraph(request);
        storeLayout(*ws, acme, key, layout);
        const auto cached = cachedLayout(*ws, acme, key);
        QVERIFY(cached);
        QCOMPARE(cached->nodes.size(), std::size_t(14));
        QCOMPARE(cached->nodes[5].center, layout.nodes[5].center);
        QVERIFY(!cachedLayout(*ws, ws->tenantScope("globex"), key));
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM lineage_layout_cache"), 1);
        // Node ids are the workspace's row ids: the same view next time has the same key.
        QCOMPARE(
            layoutCacheKey(layoutRequestFor(wholeLineageView(graph, {}, &status), graph, &status)),
            key);
    }
};

QTEST_GUILESS_MAIN(TestLineageLayout)
#include "tst_lineage_layout.moc"
