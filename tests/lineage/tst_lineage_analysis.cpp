// Lineage analysis over the workspace: the graph as of a moment, tenant scope, node
// resolution, closures, impact in business words, the status overlay, node details,
// column lineage and focused views, all on the hand-checked graph of lead_graph_fixture.h;
// and the schema migration from an older workspace.
#include "core/lineage/focused_view.h"
#include "core/lineage/impact.h"
#include "core/lineage/lineage_store.h"
#include "core/lineage/node_details.h"
#include "core/query/sql_console.h"
#include "core/store/schema.h"
#include "core/store/sqlite.h"
#include "lead_graph_fixture.h"

#include <QtTest>

#include <sstream>

using namespace casebook;
namespace fs = std::filesystem;

class TestLineageAnalysis : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path path_;
    std::unique_ptr<Workspace> ws_;

    Scope acme() { return ws_->tenantScope("acme"); }
    NodeIndex index(const LineageGraph& g, const std::string& qualified) {
        for (NodeIndex n = 0; n < g.nodeCount(); ++n)
            if (g.node(n).qualifiedName() == qualified)
                return n;
        qFatal("no node %s", qualified.c_str());
    }

private slots:
    void initTestCase() {
        const fs::path root = dir_.path().toStdString();
        test::writeLeadGraphBundle(root / "bundle");
        path_ = root / "case.casebook";
        ws_ = Workspace::open(path_);
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        const auto report = importBundle(*ws_, root / "bundle", registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.rejected, std::uint64_t(0));
    }

    void graphPerTenantAndMoment() {
        const auto g = loadLineageGraph(*ws_, acme());
        QCOMPARE(g.nodeCount(), std::size_t(14));
        QCOMPARE(g.edgeCount(), std::size_t(12));
        const auto globex = loadLineageGraph(*ws_, ws_->tenantScope("globex"));
        QCOMPARE(globex.nodeCount(), std::size_t(3));
        QCOMPARE(globex.edgeCount(), std::size_t(2));
        // Before 10:00 only the CSV's edges were known, and the nodes they name.
        const auto early = loadLineageGraph(*ws_, acme(), test::leadTime(9, 30));
        QCOMPARE(early.nodeCount(), std::size_t(10));
        QCOMPARE(early.edgeCount(), std::size_t(8));
        const auto atTen = loadLineageGraph(*ws_, acme(), test::leadTime(10, 0));
        QCOMPARE(atTen.edgeCount(), std::size_t(10)); // + raw -> ingest -> leads
        // scores is named by the CSV too: known for all time.
        QCOMPARE(ws_->db().scalarInt("SELECT count(*) FROM lineage_nodes WHERE name = 'scores' "
                                     "AND first_seen_ns IS NULL"),
                 1);
    }

    void rawSqlInTenantScope() {
        QCOMPARE(runScopedSql(path_, acme(), "SELECT count(*) FROM lineage_nodes").rows[0][0],
                 std::string("14"));
        QCOMPARE(runScopedSql(path_, ws_->tenantScope("globex"),
                              "SELECT count(*) FROM lineage_run_events")
                     .rows[0][0],
                 std::string("1"));
    }

    void resolvingNodes() {
        QCOMPARE(resolveLineageNode(*ws_, acme(), "warehouse/leads").node->info.name,
                 std::string("leads"));
        QVERIFY(resolveLineageNode(*ws_, acme(), "leads").node);
        QCOMPARE(resolveLineageNode(*ws_, acme(), "job:ingestion-api/ingest").node->info.role,
                 LineageRole::Job);
        QVERIFY(!resolveLineageNode(*ws_, acme(), "dataset:ingestion-api/ingest").node);
        const auto all = ws_->allTenantsScope("test: resolve across tenants");
        const auto ambiguous = resolveLineageNode(*ws_, all, "leads");
        QVERIFY(!ambiguous.node);
        QCOMPARE(ambiguous.candidates.size(), std::size_t(2));
        const auto missing = resolveLineageNode(*ws_, acme(), "lead");
        QVERIFY(!missing.node);
        QVERIFY(missing.error.find("no lineage node") != std::string::npos);
        QVERIFY(!missing.candidates.empty()); // "leads", "lead-funnel"
        QCOMPARE(findLineageNodes(*ws_, acme(), "j", 50, "journey").size(), std::size_t(6));
    }

    void impactDownstreamInBusinessWords() {
        const auto g = loadLineageGraph(*ws_, acme());
        const auto report =
            computeImpact(g, index(g, "ingestion-api/ingest"), LineageDirection::Downstream);
        QCOMPARE(report.items.size(), std::size_t(10));
        QCOMPARE(report.summary(), std::string("5 of 6 journeys, 1 of 2 syncs, 1 of 1 dashboard, "
                                               "1 of 2 jobs, 2 of 3 datasets"));
        const auto& first = report.items.front(); // journeys first, nearest first, by name
        QCOMPARE(g.node(first.node).name, std::string("j1"));
        QCOMPARE(first.hops, 5);
        QCOMPARE(pathText(g, report.pathOf(first)),
                 std::string("ingestion-api/ingest \u2192 warehouse/leads \u2192 scoring/score "
                             "\u2192 warehouse/scores \u2192 crm/crm-sync \u2192 journeys/j1"));
        const auto upstream =
            computeImpact(g, index(g, "journeys/j1"), LineageDirection::Upstream, 2);
        QCOMPARE(upstream.items.size(), std::size_t(2));
        QCOMPARE(upstream.summary(), std::string("1 of 2 syncs, 1 of 3 datasets"));
    }

    void impactExportsEveryRow() {
        const auto g = loadLineageGraph(*ws_, acme());
        const auto status = lineageStatus(*ws_, acme(), g);
        const auto report =
            computeImpact(g, index(g, "ingestion-api/ingest"), LineageDirection::Downstream);
        std::ostringstream csv, md;
        writeImpactCsv(report, g, &status, csv);
        writeImpactMarkdown(report, g, &status, md);
        const std::string c = csv.str();
        QCOMPARE(std::count(c.begin(), c.end(), '\n'), 11L); // header + 10
        QVERIFY(c.rfind("kind,namespace,name,hops,status,path\njourney,journeys,j1,5,never run,",
                        0) == 0);
        QVERIFY(c.find("dataset,warehouse,leads,1,\"failed, stale\",") != std::string::npos);
        const std::string m = md.str();
        QVERIFY(m.find("# Impact of ingestion-api/ingest") != std::string::npos);
        QVERIFY(m.find("as of 2026-11-20T11:20:00Z: 5 of 6 journeys") != std::string::npos);
        QCOMPARE(std::count(m.begin(), m.end(), '\n'), 4L + 2 + 10);
    }

    void statusOverlay() {
        const auto g = loadLineageGraph(*ws_, acme());
        const auto ingest = g.node(index(g, "ingestion-api/ingest")).id;
        const auto leads = g.node(index(g, "warehouse/leads")).id;
        const auto score = g.node(index(g, "scoring/score")).id;
        const auto raw = g.node(index(g, "kafka/raw")).id;
        // Without a time: at the newest lineage event, score's run at 11:20.
        const auto now = lineageStatus(*ws_, acme(), g);
        QCOMPARE(now.atNs, test::leadTime(11, 20));
        QCOMPARE(now.of(ingest).state, RunState::Failed);
        QCOMPARE(now.of(ingest).lastError, std::string("unknown field 'utm_content'"));
        QCOMPARE(*now.of(ingest).lastSuccessNs, test::leadTime(10, 31));
        QCOMPARE(*now.of(ingest).expectedIntervalNs,
                 test::leadTime(10, 15) - test::leadTime(10, 0));
        QVERIFY(now.of(ingest).stale); // 49 min since the last success, twice 15 is 30
        QCOMPARE(now.of(leads).state, RunState::Failed); // through its writer
        QVERIFY(now.of(leads).stale);
        QCOMPARE(now.of(score).state, RunState::Complete);
        QVERIFY(!now.of(score).stale);
        QCOMPARE(now.of(raw).state, RunState::Never);
        QCOMPARE(*now.of(leads).quality->rowCount, std::int64_t(1200));
        QCOMPARE(*now.of(leads).previousQuality->rowCount, std::int64_t(1000));
        QCOMPARE(*now.of(leads).rowCountChangePercent(), 20.0);
        // Replayed at 10:40: the last ingest run had completed; at 10:45:30 one is running.
        const auto before = lineageStatus(*ws_, acme(), g, test::leadTime(10, 40));
        QCOMPARE(before.of(ingest).state, RunState::Complete);
        QVERIFY(!before.of(ingest).stale);
        const auto during =
            lineageStatus(*ws_, acme(), g, test::leadTime(10, 45) + 30'000'000'000LL);
        QCOMPARE(during.of(ingest).state, RunState::Running);
    }

    // Quality facets are user JSON: counts that are fractions are rounded, ones beyond 64
    // bits or not numbers are left out, and nothing throws.
    void qualityFacetsReadSafely() {
        auto q = qualitySampleOf(
            7, "dataQualityMetrics",
            R"({"rowCount":12.6,"bytes":1e300,"columnMetrics":)"
            R"({"a":{"nullCount":3},"b":{"nullCount":"x"},"c":5,"d":{"nullCount":2}}})");
        QVERIFY(q);
        QCOMPARE(q->timeNs, std::int64_t(7));
        QCOMPARE(q->rowCount.value_or(-1), std::int64_t(13));
        QVERIFY(!q->bytes);
        QCOMPARE(q->nullCount.value_or(-1), std::int64_t(5));
        q = qualitySampleOf(0, "outputStatistics", R"({"rowCount":18446744073709551615,"size":4})");
        QVERIFY(q);
        QVERIFY(!q->rowCount);
        QCOMPARE(q->bytes.value_or(-1), std::int64_t(4));
        QVERIFY(!qualitySampleOf(0, "dataQualityMetrics", R"({"rowCount":"12"})"));
        QVERIFY(!qualitySampleOf(0, "dataQualityMetrics", "[1,2]"));
        QVERIFY(!qualitySampleOf(0, "dataQualityMetrics", "not json"));
    }

    void nodeDetails() {
        const auto g = loadLineageGraph(*ws_, acme());
        const auto leads = lineageNodeDetails(*ws_, acme(), g.node(index(g, "warehouse/leads")).id);
        QVERIFY(leads);
        QCOMPARE(leads->runs.size(), std::size_t(4)); // its writer's runs, newest first
        QCOMPARE(leads->runs[0].state, RunState::Failed);
        QCOMPARE(leads->runs[0].job, std::string("ingestion-api/ingest"));
        QCOMPARE(leads->runs[0].error, std::string("unknown field 'utm_content'"));
        QCOMPARE(*leads->runs[0].startNs, test::leadTime(10, 45));
        QCOMPARE(*leads->runs[0].endNs, test::leadTime(10, 46));
        QCOMPARE(leads->upstream, std::int64_t(1));
        QCOMPARE(leads->downstream, std::int64_t(1));
        QCOMPARE(leads->quality.size(), std::size_t(3));
        const auto ingest =
            lineageNodeDetails(*ws_, acme(), g.node(index(g, "ingestion-api/ingest")).id);
        QCOMPARE(ingest->services, std::vector<std::string>{"ingestion-api"}); // by namespace
        QVERIFY(lineageNodeDetails(*ws_, acme(), g.node(index(g, "scoring/score")).id)
                    ->services.empty());
        // Another tenant's node is not there in acme's scope.
        const auto globex = loadLineageGraph(*ws_, ws_->tenantScope("globex"));
        QVERIFY(!lineageNodeDetails(*ws_, acme(), globex.node(0).id));
    }

    void columnLineage() {
        const auto g = loadLineageGraph(*ws_, acme());
        const auto raw = g.node(index(g, "kafka/raw")).id;
        const auto down = columnClosure(*ws_, acme(), raw, "utm", LineageDirection::Downstream);
        QCOMPARE(down.size(), std::size_t(2));
        QCOMPARE(down[0].column, std::string("campaign"));
        QCOMPARE(down[0].transformation, std::string("DIRECT/IDENTITY"));
        QCOMPARE(down[1].column, std::string("score"));
        QCOMPARE(down[1].hops, 2);
        const auto scores = g.node(index(g, "warehouse/scores")).id;
        const auto up = columnClosure(*ws_, acme(), scores, "score", LineageDirection::Upstream, 1);
        QCOMPARE(up.size(), std::size_t(1));
        QCOMPARE(up[0].column, std::string("campaign"));
        // Before the first event with column lineage nothing was known.
        QVERIFY(columnClosure(*ws_, acme(), raw, "utm", LineageDirection::Downstream, -1,
                              test::leadTime(9, 0))
                    .empty());
    }

    void focusedViewWithGroups() {
        const auto g = loadLineageGraph(*ws_, acme());
        LineageViewOptions options;
        options.focus = index(g, "warehouse/scores");
        options.hops = 1;
        auto view = buildLineageView(g, options);
        QCOMPARE(view.nodeCount(), std::size_t(4));  // scores, score, crm-sync, lead-funnel
        QCOMPARE(view.groupCount(), std::size_t(2)); // leads upstream, five journeys downstream
        QCOMPARE(view.foldedCount(), std::size_t(6));
        QCOMPARE(view.edges.size(), std::size_t(5));
        LineageGroupKey journeys{g.node(index(g, "crm/crm-sync")).id, LineageDirection::Downstream,
                                 "journey"};
        const auto group = std::find_if(view.nodes.begin(), view.nodes.end(), [&](const auto& n) {
            return n.isGroup && n.group == journeys;
        });
        QVERIFY(group != view.nodes.end());
        QCOMPARE(group->members.size(), std::size_t(5));
        options.expanded.insert(journeys);
        view = buildLineageView(g, options);
        QCOMPARE(view.nodeCount(), std::size_t(9));
        QCOMPARE(view.groupCount(), std::size_t(1));
        // Too many of one kind are folded even within the hops.
        options.expanded.clear();
        options.hops = 3;
        options.maxFanout = 3;
        view = buildLineageView(g, options);
        QCOMPARE(view.nodeCount(), std::size_t(6));   // + leads, ingest
        QCOMPARE(view.foldedCount(), std::size_t(6)); // five journeys, raw
    }

    void filtersCarryEdgesThrough() {
        const auto g = loadLineageGraph(*ws_, acme());
        LineageViewOptions options;
        options.focus = index(g, "ingestion-api/ingest");
        options.hops = 6;
        options.filter.kinds = {"dataset", "journey"};
        const auto view = buildLineageView(g, options);
        QCOMPARE(view.nodeCount(), std::size_t(9));    // ingest (focus), raw, leads, scores, j1..j5
        QCOMPARE(view.hiddenByFilter, std::size_t(3)); // score, crm-sync, lead-funnel
        const auto contracted = std::count_if(view.edges.begin(), view.edges.end(),
                                              [](const auto& e) { return e.contracted; });
        QCOMPARE(view.edges.size(),
                 std::size_t(8)); // raw->ingest, ingest->leads, leads->scores, scores->j1..j5
        QCOMPARE(contracted, 6L);

        const auto status = lineageStatus(*ws_, acme(), g);
        LineageViewOptions failed;
        failed.focus = index(g, "ingestion-api/ingest");
        failed.hops = 1;
        failed.filter.statuses = {"failed"};
        const auto onlyFailed = buildLineageView(g, failed, &status);
        QCOMPARE(onlyFailed.nodeCount(), std::size_t(2));    // ingest, leads
        QCOMPARE(onlyFailed.hiddenByFilter, std::size_t(1)); // raw never ran
    }

    void pathHighlightAndIsolate() {
        const auto g = loadLineageGraph(*ws_, acme());
        LineageViewOptions options;
        options.focus = index(g, "kafka/raw");
        options.hops = 1;
        options.pathTo = index(g, "journeys/j3");
        auto view = buildLineageView(g, options);
        QCOMPARE(view.path.size(), std::size_t(7));
        QVERIFY(view.nodeCount() >= 7);
        QCOMPARE(std::count_if(view.edges.begin(), view.edges.end(),
                               [](const auto& e) { return e.onPath; }),
                 6L);
        options.isolatePath = true;
        view = buildLineageView(g, options);
        QCOMPARE(view.nodeCount(), std::size_t(7));
        QCOMPARE(view.groupCount(), std::size_t(0));
        QCOMPARE(view.edges.size(), std::size_t(6));
        // No path from a journey to the unrelated sync's journey.
        options.pathTo = index(g, "journeys/j6");
        options.focus = index(g, "journeys/j1");
        QVERIFY(buildLineageView(g, options).path.empty());
    }

    void migrationFromAnOlderWorkspace() {
        const fs::path old = fs::path(dir_.path().toStdString()) / "old.casebook";
        {
            Database db(old.string(), Database::Mode::ReadWriteCreate);
            migrate(db, 1);
            db.exec("INSERT INTO tenants(name) VALUES('acme')");
        }
        auto ws = Workspace::open(old);
        QCOMPARE(ws->schemaVersion(), kSchemaVersion);
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM tenants"), 1);
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM lineage_nodes"), 0);
        QCOMPARE(
            ws->db().scalarInt("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'lineage_%' "
                               "AND type = 'table'"),
            7);
    }
};

QTEST_GUILESS_MAIN(TestLineageAnalysis)
#include "tst_lineage_analysis.moc"
