// The lineage of the generated sample incidents, imported into a workspace: the graph each
// tenant gets, the impact of the broken job in business words, and the status replayed at
// the moment of detection. Expected numbers follow from docs/sample-incidents.md
// ("Lineage"), counted by hand from the bundle's design.
#include "core/generate/scenario_generator.h"
#include "core/lineage/impact.h"
#include "core/lineage/lineage_store.h"
#include "core/lineage/node_details.h"
#include "core/util/time_text.h"
#include "lineage_fixture.h"

#include <QtTest>

using namespace casebook;
namespace fs = std::filesystem;

class TestSampleLineage : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<Workspace> lead_, retail_;

    std::unique_ptr<Workspace> generateAndImport(Scenario scenario, const char* name) {
        const fs::path root = dir_.path().toStdString();
        GenerateOptions options;
        options.scenario = scenario;
        generateBundle(options, root / name);
        auto ws = Workspace::open(root / (std::string(name) + ".casebook"));
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        const auto report = importBundle(*ws, root / name, registry);
        if (report.status != ImportStatus::Imported)
            qFatal("import failed: %s", report.error.c_str());
        return ws;
    }

    static NodeIndex node(const LineageGraph& g, const std::string& qualified) {
        for (NodeIndex n = 0; n < g.nodeCount(); ++n)
            if (g.node(n).qualifiedName() == qualified)
                return n;
        qFatal("no node %s", qualified.c_str());
    }

private slots:
    void initTestCase() {
        lead_ = generateAndImport(Scenario::LeadFlow, "lead-flow");
        retail_ = generateAndImport(Scenario::RetailPersonalization, "retail");
    }

    void everyTenantHasItsPipeline() {
        for (const char* tenant : {"acme", "globex", "initech"}) {
            const auto g = loadLineageGraph(*lead_, lead_->tenantScope(tenant));
            QCOMPARE(g.nodeCount(), std::size_t(29));
            QCOMPARE(g.edgeCount(), std::size_t(30));
        }
        for (const char* tenant : {"northwind", "tailspin", "wingtip"}) {
            const auto g = loadLineageGraph(*retail_, retail_->tenantScope(tenant));
            QCOMPARE(g.nodeCount(), std::size_t(27));
            QCOMPARE(g.edgeCount(), std::size_t(27));
        }
        // Nothing landed in a tenant of the other story.
        QCOMPARE(loadLineageGraph(*lead_, lead_->tenantScope("northwind")).nodeCount(),
                 std::size_t(0));
    }

    void leadImpactOfTheParser() {
        const auto scope = lead_->tenantScope("acme");
        const auto g = loadLineageGraph(*lead_, scope);
        const auto parser = node(g, "ingestion-api/parse_submissions");
        const auto impact = computeImpact(g, parser, LineageDirection::Downstream);
        // Downstream: leads_raw, unification and its output, the four dbt models (jobs and
        // tables), the scoring model, the four dashboards, the CRM sync, the CRM's Lead
        // object and all five journeys.
        QCOMPARE(impact.summary(), std::string("5 of 5 journeys, 1 of 1 sync, 4 of 4 dashboards, "
                                               "1 of 1 model, 5 of 8 jobs, 7 of 10 datasets"));
        QCOMPARE(impact.items.size(), std::size_t(23));
        const auto& journey = impact.items.front();
        QCOMPARE(g.node(journey.node).kind, std::string("journey"));
        QCOMPARE(journey.hops, 10); // via the features model and the scoring model
        // Upstream of the parser: the topic and the browser SDK that publishes to it.
        QCOMPARE(computeImpact(g, parser, LineageDirection::Upstream).summary(),
                 std::string("1 of 8 jobs, 1 of 10 datasets"));
    }

    void leadStatusAtDetection() {
        const auto scope = lead_->tenantScope("acme");
        const auto g = loadLineageGraph(*lead_, scope);
        const auto detected = *parseRfc3339("2026-11-20T21:00:00Z");
        const auto status = lineageStatus(*lead_, scope, g, detected);
        const auto& parser = status.of(g.node(node(g, "ingestion-api/parse_submissions")).id);
        // At 21:00 sharp the next run has just started; the one before it failed.
        QCOMPARE(parser.state, RunState::Running);
        QVERIFY(parser.stale);
        QCOMPARE(*parser.lastSuccessNs, *parseRfc3339("2026-11-19T19:45:40Z"));
        QVERIFY(parser.lastError.find("utm_content") != std::string::npos);
        const auto minuteBefore = lineageStatus(*lead_, scope, g, detected - 60'000'000'000LL);
        QCOMPARE(minuteBefore.of(g.node(node(g, "ingestion-api/parse_submissions")).id).state,
                 RunState::Failed);
        QVERIFY(
            status.of(g.node(node(g, "snowflake://casebook-demo/leads.cdp.leads_raw")).id).stale);
        // Two of the five journeys starve: ~40% of the active ones.
        int staleJourneys = 0;
        for (NodeIndex n = 0; n < g.nodeCount(); ++n)
            if (g.node(n).kind == "journey" && status.of(g.node(n).id).stale)
                ++staleJourneys;
        QCOMPARE(staleJourneys, 2);
        QVERIFY(status.of(g.node(node(g, "nurture-journeys/paid-demo-request")).id).stale);
        QVERIFY(!status.of(g.node(node(g, "nurture-journeys/webinar-followup")).id).stale);
        // Before the wave all was well (19:05: the 19:00 run has completed).
        const auto before = lineageStatus(*lead_, scope, g, *parseRfc3339("2026-11-19T19:05:00Z"));
        QCOMPARE(before.of(g.node(node(g, "ingestion-api/parse_submissions")).id).state,
                 RunState::Complete);
        for (NodeIndex n = 0; n < g.nodeCount(); ++n)
            QVERIFY2(!before.of(g.node(n).id).stale, g.node(n).qualifiedName().c_str());
    }

    void leadNodesMapToServices() {
        const auto scope = lead_->tenantScope("acme");
        const auto g = loadLineageGraph(*lead_, scope);
        auto servicesOf = [&](const char* qualified) {
            return servicesOfNode(*lead_, scope, g.node(node(g, qualified)));
        };
        QCOMPARE(servicesOf("ingestion-api/parse_submissions"),
                 std::vector<std::string>{"ingestion-api"});
        QCOMPARE(servicesOf("crm-sync/lead-sync"), std::vector<std::string>{"crm-sync"});
        QCOMPARE(servicesOf("nurture-journeys/paid-demo-request"),
                 std::vector<std::string>{"nurture-journeys"});
        QCOMPARE(servicesOf("dbt://lead_warehouse/lead_scoring_model"),
                 std::vector<std::string>{"lead-scoring"}); // the exposure's meta
    }

    void retailStatusAtDetection() {
        const auto scope = retail_->tenantScope("northwind");
        const auto g = loadLineageGraph(*retail_, scope);
        const auto status =
            lineageStatus(*retail_, scope, g, *parseRfc3339("2026-11-27T13:40:00Z"));
        const auto& sync = status.of(g.node(node(g, "inventory-sync/sync_inventory")).id);
        QCOMPARE(sync.state, RunState::Failed);
        QVERIFY(sync.stale);
        QVERIFY(sync.lastError.find("WRITE_TIMEOUT") != std::string::npos);
        QVERIFY(status.of(g.node(node(g, "feature-store://online/inventory")).id).stale);
        const auto& audience =
            status.of(g.node(node(g, "audiences://segments/black-friday-eligible")).id);
        QCOMPARE(audience.state, RunState::Complete);
        QVERIFY(!audience.stale);
        // At 11:30 the last two refreshes straddle the drop: the one started at 10:15 still
        // had the whole audience, the one at 11:15 has lost northwind's 62%.
        const auto during =
            lineageStatus(*retail_, scope, g, *parseRfc3339("2026-11-27T11:30:00Z"));
        const auto change =
            *during.of(g.node(node(g, "audiences://segments/black-friday-eligible")).id)
                 .rowCountChangePercent();
        QVERIFY2(change < -61.5 && change > -62.5, std::to_string(change).c_str());
        const auto impact = computeImpact(g, node(g, "inventory-sync/sync_inventory"),
                                          LineageDirection::Downstream);
        QCOMPARE(impact.summary(), std::string("3 of 3 journeys, 1 of 1 sync, 3 of 3 dashboards, "
                                               "1 of 1 model, 4 of 7 jobs, 7 of 12 datasets"));
    }
};

QTEST_GUILESS_MAIN(TestSampleLineage)
#include "tst_sample_lineage.moc"
