// The OpenLineage importer: a hand-made JSON-lines file with every extracted facet and
// every kind of bad line, the three file shapes, and every file of the shared corpus
// with its counts computed independently (python3 over the JSON: events, their datasets,
// edges, runs and columnLineage inputs; see docs/formats/openlineage.md for the rules).
#include "lineage_fixture.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>

using namespace casebook;
namespace fs = std::filesystem;

namespace {

fs::path data(const char* name) {
    return test::testDataDir() / "openlineage" / name;
}

template <typename T, typename P> std::size_t countIf(const std::vector<T>& v, P p) {
    return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), p));
}

bool hasRejection(const test::RecordingSink& sink, const std::string& location,
                  const std::string& reasonPart) {
    return std::any_of(sink.rejections.begin(), sink.rejections.end(), [&](const auto& r) {
        return r.location == location && r.reason.find(reasonPart) != std::string::npos;
    });
}

} // namespace

class TestOpenLineageImporter : public QObject {
    Q_OBJECT
private slots:
    void pipelineRecords() {
        test::RecordingSink sink;
        const FileOutcome outcome =
            test::runImporter("openlineage-json", data("pipeline.jsonl"), sink);
        // Lines 1, 2, 4, 5 and 9 are events; 3, 6 and 7 are rejected; 8 is blank; 10 is cut.
        QCOMPARE(sink.lineageRuns.size(), std::size_t(4));
        // job + input + output for lines 1, 2, 4; job + input for 5; the dataset of 9.
        QCOMPARE(sink.lineageNodes.size(), std::size_t(12));
        QCOMPARE(sink.lineageEdges.size(), std::size_t(7));
        // Two inputs of "campaign" and one of "lead_id", in each of lines 1, 2 and 4.
        QCOMPARE(sink.columnEdges.size(), std::size_t(9));
        // Job facets 3, input 2, output 3 for lines 1, 2, 4; 3 + 2 for line 5; 1 for 9.
        QCOMPARE(sink.facets.size(), std::size_t(30));

        const auto& start = sink.lineageRuns[0];
        QCOMPARE(start.job, std::string("job:ingest/parse_submissions"));
        QCOMPARE(start.eventType, std::string("START"));
        QCOMPARE(start.runId, std::string("0c2a1f44-6b61-4d0a-9a57-0b8f3b1f0a01"));
        QCOMPARE(start.timeNs, 1795117500LL * 1000000000LL); // 2026-11-19T19:45:00Z
        QCOMPARE(start.tenant, std::string("globex"));       // the job's tags facet
        QCOMPARE(start.parentRunId, std::string("5d3c5a35-2a44-4d77-a13c-4c8f2b1f0a00"));
        QCOMPARE(start.parentJob, std::string("airflow/lead_dag"));
        QCOMPARE(sink.lineageRuns[1].timeNs, 1795117590LL * 1000000000LL + 500000000LL);
        const auto& fail = sink.lineageRuns[3];
        QCOMPARE(fail.eventType, std::string("FAIL"));
        QCOMPARE(fail.errorMessage, std::string("unknown field 'utm_content'"));
        QCOMPARE(fail.timeNs, 1795121160LL * 1000000000LL); // 21:46+01:00 is 20:46Z
        QVERIFY(nlohmann::json::parse(fail.facets).contains("errorMessage"));

        const auto& job = sink.lineageNodes[0];
        QCOMPARE(job.key, std::string("job:ingest/parse_submissions"));
        QCOMPARE(job.owner, std::string("team:ingestion, ana@example.com"));
        QCOMPARE(job.description, std::string("Parses web-form submissions"));
        QCOMPARE(job.service, std::string("ingestion-api"));
        const auto& raw = sink.lineageNodes[1];
        QCOMPARE(raw.key, std::string("dataset:kafka://events/web_form_submissions"));
        const auto columns = nlohmann::json::parse(raw.columns);
        QCOMPARE(columns.size(), std::size_t(4)); // form_id, utm, utm.source, utm.content
        QCOMPARE(columns[2]["name"].get<std::string>(), std::string("utm.source"));
        const auto& profiles = sink.lineageNodes.back();
        QCOMPARE(profiles.key, std::string("dataset:warehouse/cdp.profiles"));
        QCOMPARE(profiles.kind, std::string("model")); // datasetType MODEL
        QCOMPARE(profiles.tenant, std::string());      // no tags: the bundle's default

        QCOMPARE(sink.lineageEdges[0].from,
                 std::string("dataset:kafka://events/web_form_submissions"));
        QCOMPARE(sink.lineageEdges[0].to, std::string("job:ingest/parse_submissions"));
        QCOMPARE(sink.lineageEdges[0].label, std::string("reads"));
        QCOMPARE(sink.lineageEdges[1].from, std::string("job:ingest/parse_submissions"));
        QCOMPARE(sink.lineageEdges[1].to, std::string("dataset:warehouse/cdp.leads_raw"));
        QCOMPARE(sink.lineageEdges[1].label, std::string("writes"));

        const auto& direct = sink.columnEdges[0];
        QCOMPARE(direct.from, std::string("dataset:kafka://events/web_form_submissions"));
        QCOMPARE(direct.fromColumn, std::string("utm.source"));
        QCOMPARE(direct.to, std::string("dataset:warehouse/cdp.leads_raw"));
        QCOMPARE(direct.toColumn, std::string("campaign"));
        QCOMPARE(direct.transformation, std::string("DIRECT/IDENTITY"));
        QCOMPARE(direct.description, std::string("utm.source AS campaign"));
        QCOMPARE(sink.columnEdges[1].transformation, std::string("INDIRECT/FILTER"));
        QCOMPARE(sink.columnEdges[2].transformation, std::string("IDENTITY")); // spec 1-0-x style

        const auto quality = countIf(sink.facets, [](const auto& f) {
            return f.name == "dataQualityMetrics" &&
                   nlohmann::json::parse(f.json)["rowCount"].template get<int>() == 1200;
        });
        QCOMPARE(quality, std::size_t(4));

        // Rejected lines say where and why; the cut last line makes the file partial.
        QCOMPARE(sink.rejections.size(), std::size_t(3));
        QVERIFY(hasRejection(sink, "line 3", "invalid JSON"));
        QVERIFY(hasRejection(sink, "line 6", "job.name is missing"));
        QVERIFY(hasRejection(sink, "line 7", "eventType \"DONE\""));
        QVERIFY(outcome.partial);
        QVERIFY2(outcome.error.find("line 10") != std::string::npos, outcome.error.c_str());
    }

    void pipelineLandsInTheWorkspace() {
        auto b = test::importFiles({data("pipeline.jsonl")});
        QCOMPARE(b->report.status, ImportStatus::Imported);
        QCOMPARE(b->report.rejected, std::uint64_t(3));
        QCOMPARE(b->report.files.size(), std::size_t(1));
        QCOMPARE(b->report.files[0].format, std::string("openlineage-json"));
        QCOMPARE(b->report.files[0].kind, std::string("lineage"));
        QVERIFY(b->report.files[0].partial);
        // Merged: one job, the raw topic, cdp.leads_raw, cdp.profiles.
        QCOMPARE(b->count("SELECT count(*) FROM lineage_nodes"), 4);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_edges"), 2);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_run_events"), 4);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_column_edges"), 3);
        // A facet is stored again only when it changes (3 of the job, the raw topic's
        // schema, cdp.leads_raw's schema and columnLineage, cdp.profiles' datasetType), but
        // quality metrics are a series: 4 dataQualityMetrics and 3 outputStatistics.
        QCOMPARE(b->count("SELECT count(*) FROM lineage_facets"), 3 + 1 + 2 + 1 + 4 + 3);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_facets WHERE name = 'dataQualityMetrics'"),
                 4);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_nodes n JOIN tenants t ON t.id = "
                          "n.tenant_id WHERE t.name = 'globex'"),
                 3);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_node_services ns JOIN services s ON s.id "
                          "= ns.service_id WHERE s.name = 'ingestion-api'"),
                 1);
        // The edge was first seen at the first START, last seen at the last event with it.
        QCOMPARE(b->count("SELECT e.first_seen_ns FROM lineage_edges e JOIN lineage_nodes n ON "
                          "n.id = e.to_node WHERE n.name = 'cdp.leads_raw'"),
                 1795117500LL * 1000000000LL);
        QCOMPARE(b->count("SELECT e.last_seen_ns FROM lineage_edges e JOIN lineage_nodes n ON "
                          "n.id = e.from_node WHERE n.name = 'web_form_submissions'"),
                 1795121160LL * 1000000000LL);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_nodes WHERE kind = 'model'"), 1);
    }

    void concatenatedDocuments() {
        test::RecordingSink sink;
        const auto outcome = test::runImporter("openlineage-json", data("concatenated.json"), sink);
        QVERIFY(!outcome.partial);
        QCOMPARE(sink.lineageRuns.size(), std::size_t(2));
        QCOMPARE(sink.lineageRuns[1].eventType, std::string("ABORT"));
        QVERIFY(sink.rejections.empty());
    }

    // Found by fuzzing: a bare number closing a file of concatenated documents, and a
    // number too large for a double, were thrown out of the importer instead of rejected.
    void oddValuesAreRejectedNotThrown() {
        QTemporaryDir dir;
        const fs::path tail = fs::path(dir.path().toStdString()) / "tail.json";
        const std::string event =
            R"({"eventTime":"2026-11-20T08:00:00Z","producer":"p","schemaURL":"s",)"
            R"("eventType":"COMPLETE","run":{"runId":"7e9b4c1a-0000-4000-8000-000000000001"},)"
            R"("job":{"namespace":"n","name":"j"}})";
        // Spread over lines, so that the file reads as concatenated documents.
        std::string pretty = event;
        for (auto at = pretty.find(','); at != std::string::npos; at = pretty.find(',', at + 2))
            pretty.insert(at + 1, "\n");
        test::writeFile(tail, pretty + "0");
        test::RecordingSink sink;
        auto outcome = test::runImporter("openlineage-json", tail, sink);
        QCOMPARE(sink.lineageRuns.size(), std::size_t(1));
        QCOMPARE(sink.rejections.size(), std::size_t(1));
        QVERIFY2(sink.rejections[0].reason.find("not a JSON object") != std::string::npos,
                 sink.rejections[0].reason.c_str());

        const fs::path huge = fs::path(dir.path().toStdString()) / "huge.jsonl";
        std::string big = event;
        big.replace(big.find("\"eventType\""), 0, "\"x\":1e999,");
        test::writeFile(huge, event + "\n" + big + "\n");
        test::RecordingSink second;
        outcome = test::runImporter("openlineage-json", huge, second);
        QCOMPARE(second.lineageRuns.size(), std::size_t(1));
        QCOMPARE(second.rejections.size(), std::size_t(1));
        QVERIFY2(second.rejections[0].reason.find("invalid JSON: number overflow") !=
                     std::string::npos,
                 second.rejections[0].reason.c_str());
    }

    void truncatedArrayKeepsWhatCameBefore() {
        test::RecordingSink sink;
        const auto outcome =
            test::runImporter("openlineage-json", data("truncated_array.json"), sink);
        QVERIFY(outcome.partial);
        QVERIFY2(outcome.error.find("event 3") != std::string::npos, outcome.error.c_str());
        QCOMPARE(sink.lineageRuns.size(), std::size_t(2));
    }

    void manifestMappingOverrides() {
        test::RecordingSink sink;
        test::runImporter(
            "openlineage-json", data("concatenated.json"), sink,
            R"({"tenant":"initech","kinds":{"ingest/nightly":"sync","s3://b/*":"dashboard"},)"
            R"("services":{"nightly":"batch-runner"}})");
        QCOMPARE(sink.lineageNodes[0].key, std::string("job:ingest/nightly"));
        QCOMPARE(sink.lineageNodes[0].kind, std::string("sync"));
        QCOMPARE(sink.lineageNodes[0].service, std::string("batch-runner"));
        QCOMPARE(sink.lineageNodes[0].tenant, std::string("initech"));
        QCOMPARE(sink.lineageNodes[1].kind, std::string("dashboard"));
        test::RecordingSink bad;
        test::runImporter("openlineage-json", data("concatenated.json"), bad,
                          R"({"kinds":{"ingest/nightly":"spaceship"}})");
        QCOMPARE(bad.rejections.size(), std::size_t(1));
        QCOMPARE(bad.rejections[0].location, std::string("manifest.json mapping"));
        QVERIFY(bad.rejections[0].reason.find("spaceship") != std::string::npos);
        QCOMPARE(bad.lineageNodes[0].kind, std::string()); // the bad entry is ignored
    }

    void corpus_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("rejected");
        QTest::addColumn<int>("nodeRecords");
        QTest::addColumn<int>("edgeRecords");
        QTest::addColumn<int>("runRecords");
        QTest::addColumn<int>("columnRecords");
        QTest::addColumn<int>("facetRecords");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("edges");
        QTest::addColumn<int>("runs");
        QTest::addColumn<int>("columnEdges");
        // Computed with python3 from the files: node records are the job plus every input
        // and output (or the DatasetEvent's dataset); edges one per dataset of a job; column
        // records one per inputFields entry; facet records the job's, datasets' and
        // input/output facets. The last four are the distinct rows a workspace keeps.
        // clang-format off
        auto row = [](const char* f, int rej, int nr, int er, int rr, int cr, int fr, int n, int e, int r, int c) {
            QTest::newRow(f) << QString::fromUtf8(f) << rej << nr << er << rr << cr << fr << n << e << r << c;
        };
        row("marquez-apples/1_pick_apples.json",          0, 3, 2, 1, 0, 0, 3, 2, 1, 0);
        row("marquez-apples/2_apple_filling.json",        0, 4, 3, 1, 0, 0, 4, 3, 1, 0);
        row("marquez-apples/3_apple_cider.json",          0, 4, 3, 1, 0, 0, 4, 3, 1, 0);
        row("marquez-apples/5_apple_vinegar.json",        0, 3, 2, 1, 0, 0, 3, 2, 1, 0);
        row("marquez-apples/6_apple_pie.json",            0, 3, 2, 1, 0, 0, 3, 2, 1, 0);
        row("marquez-apples/7_pick_different_apples.json", 0, 3, 2, 1, 0, 0, 3, 2, 1, 0);
        row("marquez-apples/8_apple_filling.json",        0, 5, 4, 1, 0, 0, 5, 4, 1, 0);
        row("marquez-apples/9_apple_pie.json",            0, 3, 2, 1, 0, 0, 3, 2, 1, 0);
        row("marquez_docker_metadata.json",               0, 53, 27, 26, 39, 71, 27, 27, 26, 39);
        row("marquez_event_additional_facet.json",        0, 3, 2, 1, 0, 18, 2, 2, 1, 0);
        row("marquez_event_dataset_event.json",           0, 1, 0, 0, 0, 1, 1, 0, 0, 0);
        row("marquez_event_full.json",                    0, 3, 2, 1, 0, 22, 2, 2, 1, 0);
        row("marquez_event_job_event.json",               0, 3, 2, 0, 0, 2, 3, 2, 0, 0);
        row("marquez_event_large.json",                   0, 3, 2, 1, 0, 23, 2, 2, 1, 0);
        row("marquez_event_namespace_naming.json",        0, 3, 2, 1, 0, 18, 3, 2, 1, 0);
        row("marquez_event_required_only.json",           0, 1, 0, 1, 0, 0, 1, 0, 1, 0);
        row("marquez_event_simple.json",                  0, 4, 3, 1, 0, 0, 4, 3, 1, 0);
        row("marquez_event_unicode.json",                 0, 4, 3, 1, 0, 0, 4, 3, 1, 0);
        row("ol-client-python_example_full_event.json",   0, 3, 2, 1, 0, 5, 2, 2, 1, 0);
        row("ol-client-python_serde_example_dataset_event.json", 0, 1, 0, 0, 0, 1, 1, 0, 0, 0);
        row("ol-client-python_serde_example_job_event.json",     0, 3, 2, 0, 0, 2, 3, 2, 0, 0);
        row("ol-client-python_serde_example_run_event.json",     0, 1, 0, 1, 0, 0, 1, 0, 1, 0);
        row("ol-proxy-fluentd_event_full.json",           0, 3, 2, 1, 0, 21, 2, 2, 1, 0);
        row("ol-proxy-fluentd_event_no_run_id.json",      1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        row("ol-proxy-fluentd_event_simple.json",         0, 4, 3, 1, 0, 0, 4, 3, 1, 0);
        row("ol-proxy-fluentd_test-complete.json",        0, 3, 2, 1, 0, 2, 3, 2, 1, 0);
        row("ol-proxy-fluentd_test-start.json",           0, 3, 2, 1, 0, 2, 3, 2, 1, 0);
        row("ol-spark-serde_openlineage-event.json",      0, 3, 2, 1, 0, 5, 3, 2, 1, 0);
        row("ol-spec-tests_example_full_event.json",      0, 1, 0, 1, 0, 1, 1, 0, 1, 0);
        // Integration-test templates: placeholders or missing required fields; every event
        // is rejected with the reason (testTemplatesAreRejectedWithReasons).
        row("templates/ol-dbt-small_result.json",         2, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        row("templates/ol-dbt-structured-logs-bigquery_successful_run_ol_events.json", 4, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        row("templates/ol-flink1_expected_kafka.json",    1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        row("templates/ol-hive_cllCtasWithJoinsComplete.json", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        row("templates/ol-spark_pysparkCLLEnd.json",      1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        // clang-format on
    }

    void corpus() {
        QFETCH(QString, file);
        QFETCH(int, rejected);
        const fs::path path = test::corpusDir() / "openlineage" / file.toStdString();
        test::RecordingSink sink;
        const auto outcome = test::runImporter("openlineage-json", path, sink);
        QVERIFY2(!outcome.partial, outcome.error.c_str());
        QCOMPARE(int(sink.rejections.size()), rejected);
        QTEST(int(sink.lineageNodes.size()), "nodeRecords");
        QTEST(int(sink.lineageEdges.size()), "edgeRecords");
        QTEST(int(sink.lineageRuns.size()), "runRecords");
        QTEST(int(sink.columnEdges.size()), "columnRecords");
        QTEST(int(sink.facets.size()), "facetRecords");

        auto b = test::importFiles({path});
        QCOMPARE(b->report.status, ImportStatus::Imported);
        QCOMPARE(b->report.files.at(0).format, std::string("openlineage-json"));
        QCOMPARE(int(b->report.rejected), rejected);
        QTEST(int(b->count("SELECT count(*) FROM lineage_nodes")), "nodes");
        QTEST(int(b->count("SELECT count(*) FROM lineage_edges")), "edges");
        QTEST(int(b->count("SELECT count(*) FROM lineage_run_events")), "runs");
        QTEST(int(b->count("SELECT count(*) FROM lineage_column_edges")), "columnEdges");
    }

    void templatesAreRejectedWithReasons() {
        const fs::path templates = test::corpusDir() / "openlineage" / "templates";
        auto reasons = [&](const char* file) {
            test::RecordingSink sink;
            test::runImporter("openlineage-json", templates / file, sink);
            return sink.rejections;
        };
        const auto small = reasons("ol-dbt-small_result.json");
        QCOMPARE(small[0].location, std::string("event 1 (line 2)"));
        QCOMPARE(
            small[0].reason,
            std::string("eventTime \"{{ is_datetime(result) }}\" is not an ISO 8601 date-time"));
        const auto bigquery =
            reasons("ol-dbt-structured-logs-bigquery_successful_run_ol_events.json");
        QCOMPARE(bigquery[0].reason, std::string("run.runId \"{{ any(result) }}\" is not a UUID"));
        QCOMPARE(reasons("ol-hive_cllCtasWithJoinsComplete.json")[0].reason,
                 std::string("eventTime is missing"));
        QCOMPARE(reasons("ol-hive_cllCtasWithJoinsComplete.json")[0].location,
                 std::string("line 1"));
        QVERIFY(reasons("ol-flink1_expected_kafka.json")[0].reason.find(
                    "${json-unit.any-string}") != std::string::npos);
        test::RecordingSink noRunId;
        test::runImporter(
            "openlineage-json",
            test::corpusDir() / "openlineage" / "ol-proxy-fluentd_event_no_run_id.json", noRunId);
        QCOMPARE(noRunId.rejections[0].reason, std::string("run.runId is missing"));
    }

    void wholeCorpusTogether() {
        // The marquez seed data and the apples sequence in one bundle: 26 + 8 events; the
        // apples jobs re-run (gather_apples twice, prepare_apple_filling twice...), so the
        // workspace keeps 14 nodes and 14 edges of the apples next to the seed's 27 and 27.
        const fs::path dir = test::corpusDir() / "openlineage";
        std::vector<fs::path> files{dir / "marquez_docker_metadata.json"};
        for (const auto& entry : fs::directory_iterator(dir / "marquez-apples"))
            files.push_back(entry.path());
        auto b = test::importFiles(files);
        QCOMPARE(b->report.status, ImportStatus::Imported);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_nodes"), 27 + 14);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_edges"), 27 + 14);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_run_events"), 26 + 8);
        // README.md is not lineage: no importer claims it, and the report says so.
        const auto readme = std::find_if(b->report.files.begin(), b->report.files.end(),
                                         [](const FileReport& f) { return f.path == "README.md"; });
        QVERIFY(readme != b->report.files.end());
        QVERIFY(readme->error.find("unknown format") != std::string::npos);
    }

    void sniffing() {
        auto& importer = test::builtinImporter("openlineage-json");
        QCOMPARE(importer.sniff(test::readText(data("pipeline.jsonl"))), 90);
        QCOMPARE(importer.sniff(test::readText(data("truncated_array.json"))), 90);
        const fs::path schema =
            test::corpusDir() / "openlineage" / "ol-spec_OpenLineage.schema.json";
        QCOMPARE(importer.sniff(test::readText(schema)), 0);
        QCOMPARE(importer.sniff(R"({"time":"2026-11-20T10:00:00Z","kind":"deploy","title":"x"})"
                                "\n"),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestOpenLineageImporter)
#include "tst_openlineage_importer.moc"
