// The edges CSV importer on hand-made files: quoting (commas, doubled quotes, a line
// break inside a field), node kinds deciding job or dataset, owners and services, and
// every kind of bad row rejected with its line.
#include "lineage_fixture.h"

#include <QtTest>

using namespace casebook;
namespace fs = std::filesystem;

namespace {
fs::path data(const char* name) {
    return test::testDataDir() / "lineage-csv" / name;
}
} // namespace

class TestLineageCsvImporter : public QObject {
    Q_OBJECT
private slots:
    void edges() {
        test::RecordingSink sink;
        const auto outcome = test::runImporter("lineage-csv", data("edges.csv"), sink);
        QVERIFY(!outcome.partial);
        QCOMPARE(sink.lineageEdges.size(), std::size_t(4)); // lines 2, 3, 4 and 9
        QCOMPARE(sink.lineageNodes.size(), std::size_t(8));
        const auto& first = sink.lineageEdges[0];
        QCOMPARE(first.from, std::string("dataset:warehouse/analytics.lead_scores"));
        QCOMPARE(first.to, std::string("job:crm/lead-sync")); // a sync runs: job role
        QCOMPARE(first.label, std::string("feeds"));
        QVERIFY(!first.hasSeen); // no time column: known for all time
        QCOMPARE(sink.lineageNodes[1].kind, std::string("sync"));
        QCOMPARE(sink.lineageNodes[1].owner, std::string("team:revops"));
        QCOMPARE(sink.lineageNodes[1].service, std::string("crm-sync"));
        QCOMPARE(sink.lineageEdges[1].to, std::string("job:journeys/paid-demo-request"));
        QCOMPARE(sink.lineageNodes[3].owner, std::string("Growth, EMEA"));
        QCOMPARE(sink.lineageEdges[2].to, std::string("job:journeys/webinar \"follow-up\""));
        QVERIFY(sink.lineageEdges[3].to.rfind("dataset:bi/Pipeline", 0) == 0);
        QCOMPARE(sink.lineageNodes[7].kind, std::string("dashboard"));

        QCOMPARE(sink.rejections.size(), std::size_t(3));
        QCOMPARE(sink.rejections[0].location, std::string("line 5"));
        QCOMPARE(sink.rejections[0].reason, std::string("target is empty"));
        QCOMPARE(sink.rejections[1].location, std::string("line 6"));
        QVERIFY(sink.rejections[1].reason.find("\"spaceship\" is not a node kind") !=
                std::string::npos);
        QCOMPARE(sink.rejections[2].location, std::string("line 7"));
        QCOMPARE(sink.rejections[2].reason, std::string("5 fields where the header has 11"));
        QVERIFY(outcome.note.find("columns not read: notes") != std::string::npos);
    }

    void timesAndDefaults() {
        test::RecordingSink sink;
        test::runImporter("lineage-csv", data("timed.csv"), sink);
        QCOMPARE(sink.lineageEdges.size(), std::size_t(1));
        QCOMPARE(sink.lineageEdges[0].from, std::string("dataset:manual/a"));
        QVERIFY(sink.lineageEdges[0].hasSeen);
        QCOMPARE(sink.lineageEdges[0].seenNs, 1795168800LL * 1000000000LL); // 2026-11-20T10:00Z
        QCOMPARE(sink.rejections.size(), std::size_t(1));
        QCOMPARE(sink.rejections[0].location, std::string("line 3"));
        QVERIFY(sink.rejections[0].reason.find("\"yesterday\"") != std::string::npos);
    }

    void unclosedQuoteIsPartial() {
        test::RecordingSink sink;
        const auto outcome = test::runImporter("lineage-csv", data("unclosed.csv"), sink);
        QVERIFY(outcome.partial);
        QVERIFY2(outcome.error.find("line 2") != std::string::npos, outcome.error.c_str());
        QVERIFY(sink.lineageEdges.empty());
    }

    void landsInTheWorkspace() {
        auto b = test::importFiles({data("edges.csv")});
        QCOMPARE(b->report.status, ImportStatus::Imported);
        QCOMPARE(b->report.files.at(0).format, std::string("lineage-csv"));
        QCOMPARE(b->count("SELECT count(*) FROM lineage_nodes"), 5);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_edges"), 4);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_edges WHERE first_seen_ns IS NULL"), 4);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_nodes WHERE kind = 'journey'"), 2);
        QCOMPARE(b->count("SELECT count(*) FROM lineage_node_services"), 2);
    }

    void sniffing() {
        auto& importer = test::builtinImporter("lineage-csv");
        QCOMPARE(importer.sniff(test::readText(data("edges.csv"))), 80);
        QCOMPARE(importer.sniff("Source,Target\n"), 80);
        QCOMPARE(importer.sniff("timestamp,series,value\n"), 0);
        QCOMPARE(importer.sniff("{\"source\":1,\"target\":2}\n"), 0);
    }
};

QTEST_GUILESS_MAIN(TestLineageCsvImporter)
#include "tst_lineage_csv_importer.moc"
