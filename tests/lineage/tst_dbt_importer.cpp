// The dbt importers: a hand-made manifest with every resource and exposure type, a cut
// manifest, run results, and every dbt file of the shared corpus with counts computed
// independently (python3 over the JSON with the rules of docs/formats/dbt.md).
#include "lineage_fixture.h"

#include "core/lineage/lineage_store.h"
#include "core/lineage/node_status.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <limits>

using namespace casebook;
namespace fs = std::filesystem;

namespace {

fs::path data(const char* name) {
    return test::testDataDir() / "dbt" / name;
}

const test::RecordedLineageNode* node(const test::RecordingSink& sink, const std::string& key) {
    for (const auto& n : sink.lineageNodes)
        if (n.key == key)
            return &n;
    return nullptr;
}

bool hasEdge(const test::RecordingSink& sink, const std::string& from, const std::string& to,
             const std::string& label) {
    return std::any_of(sink.lineageEdges.begin(), sink.lineageEdges.end(), [&](const auto& e) {
        return e.from == from && e.to == to && e.label == label;
    });
}

const std::string kSource = "dataset:snowflake/warehouse.cdp.leads_raw";
const std::string kStg = "dataset:snowflake/warehouse.analytics.stg_leads";
const std::string kFunnel = "dataset:snowflake/warehouse.analytics.fct_lead_funnel";
const std::string kFeatures = "dataset:snowflake/warehouse.analytics.lead_features";
const std::string kStgJob = "job:dbt/model.lead_warehouse.stg_leads";

} // namespace

class TestDbtImporter : public QObject {
    Q_OBJECT
private slots:
    void manifestBusinessView() {
        test::RecordingSink sink;
        const auto outcome =
            test::runImporter("dbt-manifest", data("lead_manifest.v12.json"), sink);
        QVERIFY(!outcome.partial);
        // 4 datasets (a source, three models), 3 model jobs, 5 exposures.
        QCOMPARE(sink.lineageNodes.size(), std::size_t(12));
        QCOMPARE(sink.facets.size(), std::size_t(12));
        // Each model job writes its table and reads its parent (6); 5 exposure edges.
        QCOMPARE(sink.lineageEdges.size(), std::size_t(11));
        QVERIFY(hasEdge(sink, kSource, kStgJob, "reads"));
        QVERIFY(hasEdge(sink, kStgJob, kStg, "writes"));
        QVERIFY(hasEdge(sink, kStg, "job:dbt/model.lead_warehouse.fct_lead_funnel", "reads"));
        QVERIFY(hasEdge(sink, kFunnel, "dataset:dbt://lead_warehouse/lead_funnel_dashboard",
                        "depends_on"));
        // Through the metric and its semantic model to the table behind them.
        QVERIFY(hasEdge(sink, kFunnel, "dataset:dbt://lead_warehouse/sql_trend", "depends_on"));
        QVERIFY(hasEdge(sink, kFeatures, "dataset:dbt://lead_warehouse/lead_scoring_model",
                        "depends_on"));

        QCOMPARE(node(sink, "dataset:dbt://lead_warehouse/lead_funnel_dashboard")->kind,
                 std::string("dashboard"));
        QCOMPARE(node(sink, "dataset:dbt://lead_warehouse/lead_scoring_model")->kind,
                 std::string("model"));
        QCOMPARE(node(sink, "dataset:dbt://lead_warehouse/campaign_notebook")->kind,
                 std::string("other"));
        QCOMPARE(node(sink, "dataset:dbt://lead_warehouse/crm_app")->kind, std::string("sync"));
        QCOMPARE(node(sink, "dataset:dbt://lead_warehouse/lead_funnel_dashboard")->owner,
                 std::string("Sales Ops <salesops@example.com>"));
        QCOMPARE(node(sink, "dataset:dbt://lead_warehouse/sql_trend")->owner,
                 std::string("analytics@example.com"));
        QCOMPARE(node(sink, kStg)->owner, std::string("team:analytics"));
        QCOMPARE(node(sink, kSource)->owner, std::string("team:ingestion"));
        QCOMPARE(node(sink, kFeatures)->service, std::string("lead-scoring"));
        QCOMPARE(nlohmann::json::parse(node(sink, kStg)->columns).size(), std::size_t(2));
        QVERIFY(node(sink, kStg)->hasSeen);
        QCOMPARE(node(sink, kStg)->seenNs, 1794290400LL * 1000000000LL); // 2026-11-10T06:00Z
        const auto sourceFacet =
            std::find_if(sink.facets.begin(), sink.facets.end(),
                         [](const auto& f) { return f.node == kSource && f.name == "dbt"; });
        QVERIFY(sourceFacet != sink.facets.end());
        const auto facet = nlohmann::json::parse(sourceFacet->json);
        QCOMPARE(facet["freshness"]["warn_after"]["count"].get<int>(), 30);
        QCOMPARE(facet["resource_type"].get<std::string>(), std::string("source"));

        QCOMPARE(sink.rejections.size(), std::size_t(2));
        QCOMPARE(sink.rejections[0].reason, std::string("schema is missing"));
        QVERIFY(sink.rejections[0].location.rfind("nodes[\"model.lead_warehouse.broken\"]", 0) ==
                0);
        QCOMPARE(sink.rejections[1].reason, std::string("not a JSON object"));
        QVERIFY(outcome.note.find("1 tests, analyses or operations left out") != std::string::npos);
    }

    void cutManifestKeepsTheEntriesBefore() {
        test::RecordingSink sink;
        const auto outcome = test::runImporter("dbt-manifest", data("cut_manifest.v12.json"), sink);
        QVERIFY(outcome.partial);
        QVERIFY2(outcome.error.find("malformed JSON at byte") != std::string::npos,
                 outcome.error.c_str());
        // stg_leads and fct_lead_funnel were complete; the source came after the cut, so
        // stg_leads reads a placeholder named by the source's dbt id.
        QCOMPARE(sink.lineageNodes.size(), std::size_t(5));
        QCOMPARE(sink.lineageEdges.size(), std::size_t(4));
        QVERIFY(node(sink, "dataset:snowflake/source.lead_warehouse.cdp.leads_raw"));
    }

    // Found by fuzzing: a number too large for a double in one entry was thrown out of
    // the importer; it rejects that entry and reads the others.
    void hugeNumberRejectsOnlyItsEntry() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "manifest.json";
        test::writeFile(
            file,
            R"({"metadata":{"dbt_schema_version":"https://schemas.getdbt.com/dbt/manifest/v12.json"},)"
            R"("nodes":{"model.p.a":{"resource_type":"model","name":"a","database":"d","schema":"s",)"
            R"("depends_on":{"nodes":[]}},"model.p.b":{"resource_type":"model","name":"b",)"
            R"("database":"d","schema":"s","x":1e999,"depends_on":{"nodes":["model.p.a"]}}}})");
        test::RecordingSink sink;
        const auto outcome = test::runImporter("dbt-manifest", file, sink);
        QVERIFY2(!outcome.partial, outcome.error.c_str());
        QCOMPARE(sink.rejections.size(), std::size_t(1));
        QVERIFY2(sink.rejections[0].reason.find("invalid JSON: number overflow") !=
                     std::string::npos,
                 sink.rejections[0].reason.c_str());
        QVERIFY(sink.rejections[0].location.find("model.p.b") != std::string::npos);
        // Model a is a job and the table it builds.
        QCOMPARE(sink.lineageNodes.size(), std::size_t(2));
    }

    // A source's freshness with a period that is not a word, or a count too large for
    // nanoseconds, is read without throwing: no interval, or one that never runs out.
    void oddFreshnessIsReadSafely() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "sources.manifest.v12.json";
        test::writeFile(
            file,
            R"({"metadata":{"dbt_schema_version":"https://schemas.getdbt.com/dbt/manifest/v12.json"},)"
            R"("sources":{"source.p.s.odd":{"resource_type":"source","name":"odd","source_name":"s",)"
            R"("database":"d","schema":"s","freshness":{"error_after":{"count":2,"period":5}}},)"
            R"("source.p.s.huge":{"resource_type":"source","name":"huge","source_name":"s",)"
            R"("database":"d","schema":"s","freshness":{"warn_after":)"
            R"({"count":9000000000000000000,"period":"day"}}}}})");
        auto b = test::importFiles({file});
        QCOMPARE(b->report.status, ImportStatus::Imported);
        const Scope scope = b->ws->tenantScope("default");
        const auto graph = loadLineageGraph(*b->ws, scope);
        QCOMPARE(graph.nodeCount(), std::size_t(2));
        const auto status = lineageStatus(*b->ws, scope, graph);
        for (NodeIndex n = 0; n < graph.nodeCount(); ++n) {
            const auto& node = graph.node(n);
            const NodeStatus& s = status.of(node.id);
            if (node.name.find("huge") != std::string::npos) {
                QCOMPARE(s.expectedIntervalNs.value_or(0),
                         std::numeric_limits<std::int64_t>::max());
                QVERIFY(s.intervalExplicit);
            } else {
                QVERIFY2(node.name.find("odd") != std::string::npos, node.name.c_str());
                QVERIFY(!s.expectedIntervalNs);
            }
            QVERIFY(!s.stale);
        }
    }

    void manifestMappingNamesNamespacesAndTenant() {
        test::RecordingSink sink;
        test::runImporter(
            "dbt-manifest", data("lead_manifest.v12.json"), sink,
            R"({"namespace":"warehouse","job_namespace":"dbt-prod","tenant":"acme"})");
        QVERIFY(node(sink, "dataset:warehouse/warehouse.analytics.stg_leads"));
        QVERIFY(node(sink, "job:dbt-prod/model.lead_warehouse.stg_leads"));
        QCOMPARE(node(sink, "dataset:warehouse/warehouse.analytics.stg_leads")->tenant,
                 std::string("acme"));
    }

    void runResults() {
        test::RecordingSink sink;
        const auto outcome =
            test::runImporter("dbt-run-results", data("lead_run_results.json"), sink);
        QVERIFY(!outcome.partial);
        QCOMPARE(sink.lineageRuns.size(), std::size_t(5));
        QCOMPARE(sink.lineageRuns[0].job, kStgJob);
        QCOMPARE(sink.lineageRuns[0].eventType, std::string("START"));
        QCOMPARE(sink.lineageRuns[0].timeNs, 1795154402LL * 1000000000LL); // 06:00:02Z
        QCOMPARE(sink.lineageRuns[1].eventType, std::string("COMPLETE"));
        QCOMPARE(sink.lineageRuns[1].runId, std::string("b1b2c3d4-0000-4000-8000-000000000002"));
        QCOMPARE(sink.lineageRuns[3].eventType, std::string("FAIL"));
        QCOMPARE(sink.lineageRuns[3].errorMessage,
                 std::string("Database Error: column \"campaign\" does not exist"));
        QCOMPARE(sink.lineageRuns[4].eventType, std::string("ABORT"));
        QCOMPARE(sink.lineageRuns[4].timeNs, 1795155000LL * 1000000000LL); // generated_at
        QCOMPARE(sink.rejections.size(), std::size_t(2));
        QCOMPARE(sink.rejections[0].location, std::string("results[4]"));
        QCOMPARE(sink.rejections[0].reason, std::string("status is missing"));
        QVERIFY(sink.rejections[1].reason.find("exploded") != std::string::npos);
        QVERIFY(outcome.note.find("1 test results left out") != std::string::npos);
    }

    void manifestAndRunsJoinInTheWorkspace() {
        auto b = test::importFiles({data("lead_manifest.v12.json"), data("lead_run_results.json")});
        QCOMPARE(b->report.status, ImportStatus::Imported);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_nodes"), 12);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_edges"), 11);
        // The runs land on the model jobs of the manifest, not on new nodes.
        QCOMPARE(b->count("SELECT count(*) FROM lineage_run_events r JOIN lineage_nodes n ON "
                          "n.id = r.node_id WHERE n.name = 'model.lead_warehouse.fct_lead_funnel' "
                          "AND r.event_type = 'FAIL'"),
                 1);
    }

    void corpus_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("nodeRecords");
        QTest::addColumn<int>("edgeRecords");
        QTest::addColumn<int>("runRecords");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("edges");
        // From python3 over the files (datasets of models, seeds, snapshots and sources; a job
        // for each model, seed and snapshot; exposures; placeholders for dependencies the
        // manifest does not describe).
        // clang-format off
        auto row = [](const char* f, const char* fmt, int nr, int er, int rr, int n, int e) {
            QTest::newRow(f) << QString::fromUtf8(f) << QString::fromUtf8(fmt) << nr << er << rr << n << e;
        };
        row("dbt-core-state_manifest.v12.json",           "dbt-manifest", 10, 7, 0, 10, 7);
        row("ol-dbt-build_manifest.v3.json",               "dbt-manifest", 5, 3, 0, 5, 3);
        row("ol-dbt-compiled_code_manifest.v7.json",       "dbt-manifest", 4, 3, 0, 4, 3);
        row("ol-dbt-duckdb-jaffle_shop_manifest.v12.json", "dbt-manifest", 13, 10, 0, 13, 10);
        row("ol-dbt-postgres-jaffle_shop_manifest.v7.json", "dbt-manifest", 16, 16, 0, 16, 16);
        row("ol-dbt-singular_test_manifest.v11.json",      "dbt-manifest", 0, 0, 0, 0, 0);
        row("ol-dbt-small_manifest.v2.json",               "dbt-manifest", 3, 2, 0, 3, 2);
        row("ol-dbt-snapshot_manifest.v4.json",            "dbt-manifest", 6, 5, 0, 6, 5);
        row("ol-dbt-structured-logs-bigquery_manifest.v12.json", "dbt-manifest", 3, 2, 0, 3, 2);
        // One result: customers' execute step as START and COMPLETE of its job.
        row("ol-dbt-duckdb-jaffle_shop_run_results.json",  "dbt-run-results", 0, 0, 2, 1, 0);
        // clang-format on
    }

    void corpus() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        const fs::path path = test::corpusDir() / "dbt" / file.toStdString();
        test::RecordingSink sink;
        const auto outcome = test::runImporter(format.toStdString(), path, sink);
        QVERIFY2(!outcome.partial && outcome.error.empty(), outcome.error.c_str());
        QVERIFY(sink.rejections.empty());
        QTEST(int(sink.lineageNodes.size()), "nodeRecords");
        QTEST(int(sink.lineageEdges.size()), "edgeRecords");
        QTEST(int(sink.lineageRuns.size()), "runRecords");
        auto b = test::importFiles({path});
        QCOMPARE(b->report.status, ImportStatus::Imported);
        QCOMPARE(QString::fromStdString(b->report.files.at(0).format), format);
        QTEST(int(b->count("SELECT count(*) FROM lineage_nodes")), "nodes");
        QTEST(int(b->count("SELECT count(*) FROM lineage_edges")), "edges");
    }

    void jaffleShopByHand() {
        // jaffle_shop on Postgres: 3 seeds -> 3 staging views -> customers and orders.
        test::RecordingSink sink;
        test::runImporter(
            "dbt-manifest",
            test::corpusDir() / "dbt" / "ol-dbt-postgres-jaffle_shop_manifest.v7.json", sink);
        QVERIFY(hasEdge(sink, "dataset:postgres/postgres.public.stg_orders",
                        "job:dbt/model.jaffle_shop.customers", "reads"));
        QVERIFY(hasEdge(sink, "job:dbt/seed.jaffle_shop.raw_orders",
                        "dataset:postgres/postgres.public.raw_orders", "writes"));
    }

    void sniffing() {
        auto& manifest = test::builtinImporter("dbt-manifest");
        auto& results = test::builtinImporter("dbt-run-results");
        const std::string head = test::readText(data("lead_manifest.v12.json"));
        QCOMPARE(manifest.sniff(head), 95);
        QCOMPARE(results.sniff(head), 0);
        const std::string runs = test::readText(data("lead_run_results.json"));
        QCOMPARE(results.sniff(runs), 95);
        QCOMPARE(manifest.sniff(runs), 0);
    }
};

QTEST_GUILESS_MAIN(TestDbtImporter)
#include "tst_dbt_importer.moc"
