// No scoped query, including raw SQL in scope, returns another tenant's row.
#include "core/query/change_queries.h"
#include "core/query/log_queries.h"
#include "core/query/sql_console.h"
#include "core/query/stats_query.h"
#include "core/query/trace_queries.h"
#include "two_tenant_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

class TestScopeIsolation : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::filesystem::path path;
    std::unique_ptr<Workspace> ws;

    std::int64_t auditRows() { return ws->db().scalarInt("SELECT count(*) FROM audit"); }

private slots:
    void initTestCase() {
        path = std::filesystem::path(dir.path().toStdString()) / "scope.casebook";
        ws = Workspace::open(path);
        test::writeTwoTenants(*ws);
    }

    void statsSeeOnlyTheTenant() {
        const auto stats = workspaceStats(*ws, ws->tenantScope("acme"));
        QCOMPARE(stats.tenants.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(stats.tenants[0].tenant), QStringLiteral("acme"));
        QCOMPARE(stats.totals.spans, std::int64_t(6));
        QCOMPARE(stats.totals.traces, std::int64_t(2));
        QCOMPARE(stats.totals.logs, std::int64_t(3));
        QCOMPARE(stats.totals.metricSeries, std::int64_t(1));
        QCOMPARE(stats.totals.metricPoints, std::int64_t(4));
        QCOMPARE(stats.totals.changes, std::int64_t(1));
    }

    void queriesSeeOnlyTheTenant() {
        const auto acme = ws->tenantScope("acme");
        TraceQuery all;
        const auto traces = listTraces(*ws, acme, all);
        QCOMPARE(traces.size(), std::size_t(2));
        for (const auto& t : traces)
            QCOMPARE(QString::fromStdString(t.tenant), QStringLiteral("acme"));
        // A globex trace id asked for by id in acme's scope is simply not there.
        QVERIFY(traceTree(*ws, acme, test::makeTraceId(2, 0)).empty());
        QCOMPARE(traceTree(*ws, acme, test::makeTraceId(1, 0)).size(), std::size_t(3));

        LogQuery everything;
        for (const auto& l : listLogs(*ws, acme, everything))
            QVERIFY(QString::fromStdString(l.body).startsWith(QStringLiteral("acme")));
        LogQuery search;
        search.search = "globex secret";
        QVERIFY(listLogs(*ws, acme, search).empty());
        QCOMPARE(listLogs(*ws, ws->tenantScope("globex"), search).size(), std::size_t(3));

        const auto changes = listChanges(*ws, acme);
        QCOMPARE(changes.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(changes[0].title), QStringLiteral("acme deploy 1.2.3"));
    }

    void unknownTenantSeesNothing() {
        const auto nobody = ws->tenantScope("initech");
        QCOMPARE(workspaceStats(*ws, nobody).totals.spans, std::int64_t(0));
        QVERIFY(listTraces(*ws, nobody, {}).empty());
        QVERIFY(listLogs(*ws, nobody, {}).empty());
        QVERIFY(runScopedSql(path, nobody, "SELECT * FROM spans").rows.empty());
    }

    void allTenantsIsAuditedAndSeesBoth() {
        const auto before = auditRows();
        const auto all = ws->allTenantsScope("test: compare tenants");
        QCOMPARE(auditRows(), before + 1);
        auto st = ws->db().prepare("SELECT action, detail FROM audit ORDER BY id DESC LIMIT 1");
        QVERIFY(st.step());
        QCOMPARE(QString::fromStdString(st.text(0)), QStringLiteral("scope.all_tenants"));
        QCOMPARE(QString::fromStdString(st.text(1)), QStringLiteral("test: compare tenants"));
        QCOMPARE(workspaceStats(*ws, all).totals.spans, std::int64_t(12));
        QCOMPARE(listTraces(*ws, all, {}).size(), std::size_t(4));
    }

    void rawSqlInScopeSeesOnlyTheTenant_data() {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("rows");
        QTest::newRow("spans") << "SELECT * FROM spans" << 6;
        QTest::newRow("temp spans") << "SELECT * FROM temp.spans" << 6;
        QTest::newRow("logs") << "SELECT body FROM logs" << 3;
        QTest::newRow("points") << "SELECT * FROM metric_points" << 4;
        QTest::newRow("series") << "SELECT * FROM metric_series" << 1;
        QTest::newRow("traces") << "SELECT * FROM traces" << 2;
        QTest::newRow("changes") << "SELECT * FROM changes" << 1;
        QTest::newRow("tenants") << "SELECT * FROM tenants" << 1;
        QTest::newRow("services") << "SELECT * FROM services" << 1;
        QTest::newRow("join") << "SELECT s.name FROM spans s JOIN logs l ON l.trace_id = s.trace_id"
                              << 9;
        QTest::newRow("subquery")
            << "SELECT * FROM spans WHERE name IN (SELECT name FROM spans WHERE kind = 0)" << 6;
        QTest::newRow("cte") << "WITH x AS (SELECT * FROM logs) SELECT * FROM x" << 3;
    }
    void rawSqlInScopeSeesOnlyTheTenant() {
        QFETCH(QString, sql);
        QFETCH(int, rows);
        const auto result = runScopedSql(path, ws->tenantScope("acme"), sql.toStdString());
        QCOMPARE(int(result.rows.size()), rows);
        for (const auto& row : result.rows)
            for (const auto& cell : row)
                QVERIFY2(cell.find("globex") == std::string::npos, cell.c_str());
    }

    void rawSqlCannotReachUnderlyingTables_data() {
        QTest::addColumn<QString>("sql");
        QTest::newRow("main.spans") << "SELECT * FROM main.spans";
        QTest::newRow("main.logs") << "SELECT body FROM main.logs";
        QTest::newRow("fts") << "SELECT * FROM logs_fts WHERE logs_fts MATCH 'secret'";
        QTest::newRow("fts shadow") << "SELECT * FROM logs_fts_content";
        QTest::newRow("resources") << "SELECT * FROM resources";
        QTest::newRow("main.tenants") << "SELECT * FROM main.tenants";
        QTest::newRow("rejected") << "SELECT * FROM rejected_records";
        QTest::newRow("schema") << "SELECT sql FROM sqlite_schema";
        QTest::newRow("count main") << "SELECT count(*) FROM main.logs";
    }
    void rawSqlCannotReachUnderlyingTables() {
        QFETCH(QString, sql);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 runScopedSql(path, ws->tenantScope("acme"), sql.toStdString()));
    }

    void rawSqlRefusesWrites_data() {
        QTest::addColumn<QString>("sql");
        QTest::newRow("delete") << "DELETE FROM spans";
        QTest::newRow("update") << "UPDATE spans SET name = 'x'";
        QTest::newRow("insert") << "INSERT INTO tenants(name) VALUES('x')";
        QTest::newRow("drop") << "DROP TABLE spans";
        QTest::newRow("attach") << "ATTACH DATABASE ':memory:' AS other";
        QTest::newRow("pragma") << "PRAGMA writable_schema = 1";
        QTest::newRow("create") << "CREATE TABLE x(a)";
    }
    void rawSqlRefusesWrites() {
        QFETCH(QString, sql);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 runScopedSql(path, ws->tenantScope("acme"), sql.toStdString()));
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, runScopedSql(path, ws->allTenantsScope("test"), sql.toStdString()));
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM spans"), std::int64_t(12));
    }

    void rawSqlAllTenantsSeesEverything() {
        const auto result =
            runScopedSql(path, ws->allTenantsScope("test"), "SELECT count(*) FROM main.spans");
        QCOMPARE(QString::fromStdString(result.rows.at(0).at(0)), QStringLiteral("12"));
    }

    void rawSqlLimitsRows() {
        const auto result =
            runScopedSql(path, ws->allTenantsScope("test"), "SELECT * FROM spans", 5);
        QCOMPARE(result.rows.size(), std::size_t(5));
        QVERIFY(result.truncated);
    }
};

QTEST_APPLESS_MAIN(TestScopeIsolation)
#include "tst_scope_isolation.moc"
