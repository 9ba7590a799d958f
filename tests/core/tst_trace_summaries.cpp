// The per-trace summaries kept while importing must equal what SQL computes from the
// spans themselves, also when the in-memory aggregates are flushed mid-way and when a
// trace continues in a later bundle.
#include "core/store/trace_summary_builder.h"
#include "core/store/workspace_writer.h"
#include "two_tenant_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

namespace {

// The traces table as text, one line per row, in a stable order.
QStringList dumpTraces(Database& db, const char* table) {
    auto st = db.prepare(
        std::string("SELECT hex(trace_id), tenant_id, start_ns, end_ns, duration_ns, span_count, "
                    "error_count, service_count, root_service_id, root_name FROM ") +
        table + " ORDER BY 1, 2");
    QStringList rows;
    while (st.step()) {
        QStringList cells;
        for (int c = 0; c < 10; ++c)
            cells << QString::fromStdString(st.text(c));
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

// The reference: summaries computed by SQL over all spans (as the version 2 migration does).
void referenceSummaries(Database& db) {
    db.exec("DROP TABLE IF EXISTS temp.expected;"
            "CREATE TEMP TABLE expected AS SELECT trace_id, tenant_id, min(start_ns) AS start_ns, "
            "max(end_ns) AS end_ns, max(end_ns) - min(start_ns) AS duration_ns, count(*) AS "
            "span_count, "
            "sum(status_code = 2) AS error_count, count(DISTINCT service_id) AS service_count, "
            "NULL AS root_service_id, NULL AS root_name FROM spans GROUP BY trace_id, tenant_id;"
            "UPDATE temp.expected SET (root_service_id, root_name) = (SELECT s.service_id, s.name "
            "FROM spans s "
            "WHERE s.trace_id = expected.trace_id AND s.tenant_id = expected.tenant_id "
            "ORDER BY s.parent_span_id IS NOT NULL, s.start_ns LIMIT 1);");
}

SpanRecord span(int trace, int id, int parent, const char* service, const char* name,
                std::int64_t start, std::int64_t end, bool error = false) {
    SpanRecord s;
    s.traceId.bytes[15] = static_cast<std::uint8_t>(trace);
    s.spanId.bytes[7] = static_cast<std::uint8_t>(id);
    if (parent) {
        SpanId p;
        p.bytes[7] = static_cast<std::uint8_t>(parent);
        s.parentSpanId = p;
    }
    s.service = service;
    s.name = name;
    s.tenant = "acme";
    s.startNs = start;
    s.endNs = end;
    s.status = error ? StatusCode::Error : StatusCode::Unset;
    return s;
}

std::int64_t newBundle(Workspace& ws, const char* hash) {
    auto st = ws.db().prepare("INSERT INTO bundles(name, source_path, content_hash, "
                              "imported_at_ns) VALUES('b', '/b', ?, 0)");
    st.bind(1, std::string_view(hash)).run();
    return ws.db().lastInsertRowId();
}

} // namespace

class TestTraceSummaries : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private slots:
    void matchesSqlForTheFixture() {
        auto ws = Workspace::open(dir.filePath(QStringLiteral("a.casebook")).toStdString());
        test::writeTwoTenants(*ws);
        referenceSummaries(ws->db());
        QCOMPARE(dumpTraces(ws->db(), "traces"), dumpTraces(ws->db(), "temp.expected"));
        QCOMPARE(dumpTraces(ws->db(), "traces").size(), 4);
    }

    void flushesMidwayAndAcrossBundlesStayExact() {
        auto ws = Workspace::open(dir.filePath(QStringLiteral("b.casebook")).toStdString());
        {
            // Bundle 1: trace 1 without its root, trace 2 whole. maxPending 1 forces a
            // flush after nearly every span, so traces meet their own earlier rows.
            Transaction tx(ws->db());
            const auto bundle = newBundle(*ws, "h1");
            TraceSummaryBuilder builder(ws->db(), bundle, 1);
            WorkspaceWriter writer(*ws, BundleId{bundle}, "default");
            for (const auto& s : {span(1, 2, 1, "api", "GET /lead", 200, 700),
                                  span(2, 1, 0, "web", "submit", 0, 50),
                                  span(1, 3, 2, "db", "INSERT", 300, 650, true),
                                  span(2, 2, 1, "api", "POST", 10, 40)})
                writer.addSpan(s);
            writer.finishTraces();
            tx.commit();
        }
        {
            // Bundle 2 brings trace 1's root, which starts earlier and ends later.
            Transaction tx(ws->db());
            const auto bundle = newBundle(*ws, "h2");
            WorkspaceWriter writer(*ws, BundleId{bundle}, "default");
            writer.addSpan(span(1, 1, 0, "web", "submit form", 100, 900));
            writer.finishTraces();
            tx.commit();
        }
        referenceSummaries(ws->db());
        const auto actual = dumpTraces(ws->db(), "traces");
        QCOMPARE(actual, dumpTraces(ws->db(), "temp.expected"));
        // And by hand: trace 1 spans 100..900 with 3 spans in 3 services, 1 error, root "submit
        // form".
        QVERIFY2(actual.at(0).endsWith(QStringLiteral("|100|900|800|3|1|3|") +
                                       QString::number(ws->ensureService("web")) +
                                       QStringLiteral("|submit form")),
                 qPrintable(actual.at(0)));
    }

    void builderFlushLimitKeepsResultsExact() {
        auto ws = Workspace::open(dir.filePath(QStringLiteral("c.casebook")).toStdString());
        Transaction tx(ws->db());
        const auto bundle = newBundle(*ws, "h3");
        // Spans written to the table directly, summarised by a builder that flushes every 3 traces.
        TraceSummaryBuilder builder(ws->db(), bundle, 3);
        auto insert = ws->db().prepare(
            "INSERT INTO spans(bundle_id, tenant_id, trace_id, span_id, parent_span_id, "
            "service_id, name, kind, start_ns, end_ns, status_code, attributes) "
            "VALUES(?, 1, ?, ?, ?, ?, ?, 0, ?, ?, ?, '{}')");
        ws->ensureTenant("acme");
        for (int i = 0; i < 200; ++i) {
            const int trace = (i * 7) % 23; // interleaved traces
            const auto s =
                span(trace, i, i % 5 == 0 ? 0 : 250, i % 3 ? "api" : "db",
                     i % 5 == 0 ? "root" : "child", i * 10, i * 10 + 35 + i % 11, i % 13 == 0);
            const auto service = ws->ensureService(s.service);
            insert.bind(1, bundle)
                .bindBlob(2, std::span<const std::uint8_t>(s.traceId.bytes.data(), 16))
                .bindBlob(3, std::span<const std::uint8_t>(s.spanId.bytes.data(), 8));
            if (s.parentSpanId)
                insert.bindBlob(4, std::span<const std::uint8_t>(s.parentSpanId->bytes.data(), 8));
            else
                insert.bindNull(4);
            insert.bind(5, service)
                .bind(6, s.name)
                .bind(7, s.startNs)
                .bind(8, s.endNs)
                .bind(9, s.status == StatusCode::Error ? 2 : 0)
                .run();
            builder.add(s.traceId, 1, service, s.startNs, s.endNs, s.status == StatusCode::Error,
                        !s.parentSpanId, s.name);
        }
        builder.flush();
        tx.commit();
        referenceSummaries(ws->db());
        QCOMPARE(dumpTraces(ws->db(), "traces"), dumpTraces(ws->db(), "temp.expected"));
        QCOMPARE(dumpTraces(ws->db(), "traces").size(), 23);
    }
};

QTEST_APPLESS_MAIN(TestTraceSummaries)
#include "tst_trace_summaries.moc"
