// Every built-in check kind on the two-tenant fixture, whose content is known by
// construction (tests/core/two_tenant_fixture.h): per tenant 2 traces of 3 spans in the
// service <tenant>-api, one failed span (<tenant>.op2 of the second trace, no error
// code), 3 logs "<tenant> secret message i" 100 ms apart (the third at ERROR), and one
// deploy "<tenant> deploy 1.2.3" an hour before.
#include "core/runbook/check_registry.h"
#include "core/store/workspace.h"
#include "core/two_tenant_fixture.h"
#include "core/util/time_text.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace casebook;

namespace {

BlockEntry entry(const char* key, const std::string& value) {
    return {key, value, 1};
}

} // namespace

class TestRunbookChecks : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;

    CheckResult run(const char* kind, std::vector<BlockEntry> parameters,
                    std::optional<Scope> scope = std::nullopt) {
        const CheckKind* k = builtinCheckRegistry().find(kind);
        if (!k)
            qFatal("no kind %s", kind);
        const CheckParameters p(std::move(parameters), 10);
        if (k->validate)
            if (auto problem = k->validate(p))
                qFatal("invalid parameters: %s", problem->message.c_str());
        return k->run(*ws, scope ? *scope : acme(), p);
    }
    Scope acme() { return ws->tenantScope("acme"); }
    Scope all() { return ws->allTenantsScope("check tests"); }

private slots:
    void initTestCase() {
        ws = Workspace::open(dir.filePath(QStringLiteral("fixture.casebook")).toStdString());
        test::writeTwoTenants(*ws);
    }

    void registryHoldsTheBuiltinKinds() {
        QCOMPARE(builtinCheckRegistry().names(),
                 (std::vector<std::string>{"changes", "duplicates", "error_ratio", "filter",
                                           "lineage_impact", "log_count", "log_template_count",
                                           "metric_change", "share", "slo_status", "sql"}));
        for (const auto* kind : builtinCheckRegistry().kinds()) {
            QVERIFY(!kind->description.empty());
            QVERIFY(!kind->values.empty());
            QVERIFY(kind->run);
        }
    }

    void filterCountsSpansWithEvidence() {
        const auto r = run("filter", {entry("target", "spans"), entry("where", "status == error")});
        QCOMPARE(r.values.at("count"), 1.0);
        QCOMPARE(r.query, std::string("status == error"));
        QCOMPARE(r.evidence.size(), std::size_t(1));
        const auto& e = r.evidence.front();
        QCOMPARE(e.kind, std::string("spans"));
        QCOMPARE(e.payload["spans"].size(), std::size_t(1));
        const auto& span = e.payload["spans"][0];
        QCOMPARE(span["operation"].get<std::string>(), std::string("acme.op2"));
        QCOMPARE(span["service"].get<std::string>(), std::string("acme-api"));
        QCOMPARE(span["status"].get<std::string>(), std::string("error"));
        QCOMPARE(span["tenant"].get<std::string>(), std::string("acme"));
        // Second trace starts 1 s after the base, op2 20 ms later, lasting 60 ms.
        QCOMPARE(*e.fromNs, test::kBaseNs + 1000 * test::kMs + 20 * test::kMs);
        QCOMPARE(*e.toNs, *e.fromNs + 60 * test::kMs);
    }

    void filterAcrossTenantsSplitsByTenant() {
        const auto r =
            run("filter", {entry("target", "spans"), entry("where", "status == error")}, all());
        QCOMPARE(r.values.at("count"), 2.0);
        QCOMPARE(r.byTenant, (std::map<std::string, std::int64_t>{{"acme", 1}, {"globex", 1}}));
    }

    void filterCountsTracesAndLogs() {
        QCOMPARE(run("filter", {entry("target", "traces"), entry("where", "errors >= 1")})
                     .values.at("count"),
                 1.0);
        QCOMPARE(run("filter", {entry("target", "traces"), entry("where", "spans == 3")})
                     .values.at("count"),
                 2.0);
        const auto logs =
            run("filter", {entry("target", "logs"), entry("where", "level >= error")});
        QCOMPARE(logs.values.at("count"), 1.0);
        QCOMPARE(logs.evidence.front().payload["logs"][0]["body"].get<std::string>(),
                 std::string("acme secret message 2"));
    }

    void filterNeverLeavesTheTenant() {
        const auto r = run("filter", {entry("target", "logs"), entry("where", "tenant == globex")});
        QCOMPARE(r.values.at("count"), 0.0);
        QVERIFY(r.evidence.empty());
    }

    void filterHonoursTheWindow() {
        // Logs at +0, +100 and +200 ms: from +150 ms only the third.
        const std::string from = formatRfc3339(test::kBaseNs + 150 * test::kMs);
        const auto r = run("filter", {entry("target", "logs"), entry("where", "body ~ secret"),
                                      entry("from", from)});
        QCOMPARE(r.values.at("count"), 1.0);
        const std::string to = formatRfc3339(test::kBaseNs + 150 * test::kMs);
        QCOMPARE(run("filter",
                     {entry("target", "logs"), entry("where", "body ~ secret"), entry("to", to)})
                     .values.at("count"),
                 2.0);
    }

    void sqlSeesOnlyTheTenant() {
        const auto r = run("sql", {entry("query", "SELECT count(*) AS spans FROM spans")});
        QCOMPARE(r.values.at("rows"), 1.0);
        QCOMPARE(r.values.at("value"), 6.0);
        QCOMPARE(r.evidence.front().kind, std::string("table"));
        QCOMPARE(r.evidence.front().payload["columns"], nlohmann::json({"spans"}));
        QCOMPARE(r.evidence.front().payload["rows"], nlohmann::json({{"6"}}));
        QCOMPARE(
            run("sql", {entry("query", "SELECT count(*) FROM spans")}, all()).values.at("value"),
            12.0);
        QCOMPARE(
            run("sql", {entry("query", "SELECT name FROM services ORDER BY 1")}).values.at("rows"),
            1.0);
    }

    void sqlValueIsNotANumberForText() {
        const auto r = run("sql", {entry("query", "SELECT 'words' UNION ALL SELECT 'more'")});
        QCOMPARE(r.values.at("rows"), 2.0);
        QVERIFY(std::isnan(r.values.at("value")));
    }

    void sqlRefusalsThrow() {
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 run("sql", {entry("query", "SELECT count(*) FROM main.spans")}));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 run("sql", {entry("query", "SELECT * FROM no_such_table")}));
    }

    void errorRatioOfAServiceAndAnOperation() {
        const auto r = run("error_ratio", {entry("service", "acme-api")});
        QCOMPARE(r.values.at("total"), 6.0);
        QCOMPARE(r.values.at("errors"), 1.0);
        QCOMPARE(r.values.at("ratio"), 1.0 / 6.0);
        QCOMPARE(r.evidence.size(), std::size_t(2));
        QCOMPARE(r.evidence[0].kind, std::string("table"));
        QCOMPARE(r.evidence[0].payload["rows"], nlohmann::json({{"(no code)", "1", "100.00%"}}));
        QCOMPARE(r.evidence[1].kind, std::string("spans"));
        QCOMPARE(r.evidence[1].payload["spans"].size(), std::size_t(1));

        const auto op =
            run("error_ratio", {entry("service", "acme-api"), entry("operation", "acme.op2")});
        QCOMPARE(op.values.at("total"), 2.0);
        QCOMPARE(op.values.at("ratio"), 0.5);

        const auto none = run("error_ratio", {entry("service", "globex-api")});
        QCOMPARE(none.values.at("total"), 0.0); // another tenant's service is not in scope
        QCOMPARE(none.values.at("ratio"), 0.0);
        QVERIFY(none.evidence.empty());
    }

    void changesByKindServiceAndTitle() {
        const auto r = run("changes", {entry("change kinds", "deploy, sdk_release")});
        QCOMPARE(r.values.at("count"), 1.0);
        QCOMPARE(r.evidence.front().payload["changes"][0]["title"].get<std::string>(),
                 std::string("acme deploy 1.2.3"));
        QCOMPARE(*r.evidence.front().fromNs, test::kBaseNs - 3600000 * test::kMs);
        QCOMPARE(run("changes", {entry("change kinds", "schema_change")}).values.at("count"), 0.0);
        QCOMPARE(run("changes", {entry("service", "acme-api")}).values.at("count"), 1.0);
        QCOMPARE(run("changes", {entry("service", "other")}).values.at("count"), 0.0);
        QCOMPARE(run("changes", {entry("title", "DEPLOY 1.2")}).values.at("count"), 1.0);
        QCOMPARE(run("changes", {entry("title", "rollback")}).values.at("count"), 0.0);
        // Before the deploy: nothing.
        QCOMPARE(run("changes", {entry("to", formatRfc3339(test::kBaseNs - 3600000 * test::kMs))})
                     .values.at("count"),
                 0.0);
        const auto both = run("changes", {entry("change kinds", "deploy")}, all());
        QCOMPARE(both.values.at("count"), 2.0);
        QCOMPARE(both.byTenant, (std::map<std::string, std::int64_t>{{"acme", 1}, {"globex", 1}}));
    }

    void logCountBySearchLevelAndService() {
        const auto r = run("log_count", {entry("search", "secret message")});
        QCOMPARE(r.values.at("count"), 3.0);
        QCOMPARE(r.evidence.front().kind, std::string("logs"));
        QCOMPARE(r.evidence.front().payload["logs"].size(), std::size_t(3));
        QCOMPARE(r.evidence.front().payload["search"].get<std::string>(),
                 std::string("secret message"));
        QCOMPARE(*r.evidence.front().fromNs, test::kBaseNs);
        QCOMPARE(run("log_count", {entry("search", "secret"), entry("level", "error")})
                     .values.at("count"),
                 1.0);
        QCOMPARE(run("log_count", {entry("search", "secret"), entry("service", "acme-api")})
                     .values.at("count"),
                 3.0);
        QCOMPARE(run("log_count", {entry("search", "secret"), entry("service", "nope")})
                     .values.at("count"),
                 0.0);
        // Among the records with "secret", one has "2": a share of a third.
        const auto within =
            run("log_count", {entry("search", "message 2"), entry("within", "secret")});
        QCOMPARE(within.values.at("count"), 1.0);
        QCOMPARE(within.values.at("within"), 3.0);
        QCOMPARE(within.values.at("share"), 1.0 / 3.0);
        QVERIFY(std::isnan(run("log_count", {entry("search", "secret")}).values.at("share")));
        // The other tenant's words are not found from this tenant.
        QCOMPARE(run("log_count", {entry("search", "globex")}).values.at("count"), 0.0);
        QCOMPARE(run("log_count", {entry("search", "globex")}, all()).values.at("count"), 3.0);
    }

    void shareOfAFilterWithinAnother() {
        const auto r = run("share", {entry("target", "spans"), entry("of", "service == acme-api"),
                                     entry("where", "status == error")});
        QCOMPARE(r.values.at("total"), 6.0);
        QCOMPARE(r.values.at("count"), 1.0);
        QCOMPARE(r.values.at("share"), 1.0 / 6.0);
        QCOMPARE(r.evidence.front().payload["spans"][0]["operation"].get<std::string>(),
                 std::string("acme.op2"));
        const auto traces = run("share", {entry("target", "traces"), entry("of", "spans == 3"),
                                          entry("where", "errors >= 1")});
        QCOMPARE(traces.values.at("share"), 0.5);
        // Nothing in scope: a share of zero, not a division by zero.
        const auto none = run("share", {entry("target", "logs"), entry("of", "service == nope"),
                                        entry("where", "level >= error")});
        QCOMPARE(none.values.at("total"), 0.0);
        QCOMPARE(none.values.at("share"), 0.0);
    }

    void duplicatesOfAKey() {
        // Two traces of three spans: two trace ids occur more than once, four rows extra.
        const auto byTrace =
            run("duplicates", {entry("target", "spans"), entry("where", "service == acme-api"),
                               entry("key", "trace_id")});
        QCOMPARE(byTrace.values.at("duplicated"), 2.0);
        QCOMPARE(byTrace.values.at("extra"), 4.0);
        QCOMPARE(byTrace.values.at("rows"), 6.0);
        QCOMPARE(byTrace.evidence.front().payload["rows"].size(), std::size_t(2));
        // Every span carries tenant_id "acme": one value, six times.
        const auto byAttribute =
            run("duplicates", {entry("target", "spans"), entry("where", "status != error"),
                               entry("key", "attr.tenant_id")});
        QCOMPARE(byAttribute.values.at("duplicated"), 1.0);
        QCOMPARE(byAttribute.values.at("extra"), 4.0);
        QCOMPARE(byAttribute.evidence.front().payload["rows"],
                 nlohmann::json::array({nlohmann::json::array({"acme", "5"})}));
        // Log bodies are all different.
        const auto bodies =
            run("duplicates", {entry("target", "logs"), entry("where", ""), entry("key", "body")});
        QCOMPARE(bodies.values.at("duplicated"), 0.0);
        QCOMPARE(bodies.values.at("rows"), 3.0);
        QVERIFY(bodies.evidence.empty());
        const CheckKind* kind = builtinCheckRegistry().find("duplicates");
        QVERIFY(kind->validate(CheckParameters(
            {entry("target", "traces"), entry("where", ""), entry("key", "trace_id")})));
        QVERIFY(kind->validate(CheckParameters(
            {entry("target", "logs"), entry("where", ""), entry("key", "correlation_id")})));
    }
};

QTEST_GUILESS_MAIN(TestRunbookChecks)
#include "tst_runbook_checks.moc"
