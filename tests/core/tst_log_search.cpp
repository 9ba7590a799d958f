// Full-text log search over both of its plans: words in few records (fetched by id from
// the index) and words in most records (checked row by row along the time index). Both
// must select exactly the records a plain scan finds, in time order, inside the tenant.
#include "core/query/log_histogram.h"
#include "core/query/log_queries.h"
#include "core/store/workspace.h"
#include "core/store/workspace_writer.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

class TestLogSearch : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<Workspace> ws_;
    // More records with "alpha" than the selective plan takes, so both plans run.
    static constexpr int kRecords = 20500;
    static constexpr int kOthers = 1000;

    std::int64_t scanCount(const char* tenant, const char* word) {
        auto st = ws_->db().prepare(
            "SELECT count(*) FROM logs WHERE tenant_id = (SELECT id FROM tenants WHERE name = ?) "
            "AND instr(' ' || body || ' ', ?) > 0");
        st.bind(1, std::string_view(tenant)).bind(2, " " + std::string(word) + " ");
        st.step();
        return st.int64(0);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        ws_ = Workspace::open(dir_.filePath(QStringLiteral("search.casebook")).toStdString());
        Transaction tx(ws_->db());
        ws_->db().exec("INSERT INTO bundles(name, source_path, content_hash, imported_at_ns) "
                       "VALUES('b', '/b', 'h', 0)");
        WorkspaceWriter writer(*ws_, BundleId{ws_->db().lastInsertRowId()}, "acme");
        std::string body;
        for (int i = 0; i < kRecords + kOthers; ++i) {
            LogRecord log;
            // Written newest first, so that time order is not row order; the records
            // without the common word are the oldest, where a page that ignored the
            // word would find them first.
            log.timeNs = 1'000'000'000LL * (kRecords + kOthers - i);
            log.severityNumber = 9;
            body = i >= kRecords
                       ? "omega record " + std::to_string(i)
                       : "alpha record " + std::to_string(i) + (i % 1000 == 0 ? " beta" : "");
            log.body = body;
            log.service = "svc";
            log.tenant = i % 2 ? "globex" : "acme";
            writer.addLog(log);
        }
        tx.commit();
    }

    void bothPlansFindWhatAScanFinds_data() {
        QTest::addColumn<QString>("word");
        QTest::newRow("selective (21 records)") << QStringLiteral("beta");
        QTest::newRow("everywhere (20,500 records)") << QStringLiteral("alpha");
        QTest::newRow("elsewhere (1,000 records)") << QStringLiteral("omega");
        QTest::newRow("nowhere") << QStringLiteral("gamma");
    }
    void bothPlansFindWhatAScanFinds() {
        QFETCH(QString, word);
        const Scope acme = ws_->tenantScope("acme");
        LogQuery query;
        query.search = word.toStdString();
        // The count over every match, and the first page in time order.
        const auto expected = scanCount("acme", query.search->c_str());
        QCOMPARE(logHistogram(*ws_, acme, query, 10).total(), expected);
        query.limit = 50;
        const auto page = listLogs(*ws_, acme, query);
        QCOMPARE(std::int64_t(page.size()), std::min<std::int64_t>(expected, 50));
        for (std::size_t i = 0; i < page.size(); ++i) {
            QCOMPARE(page[i].tenant, std::string("acme"));
            QVERIFY(QString::fromStdString(page[i].body).contains(word));
            if (i)
                QVERIFY(page[i - 1].timeNs <= page[i].timeNs);
        }
        // The oldest acme record with the word: the last one written among them.
        if (expected > 0) {
            auto st = ws_->db().prepare(
                "SELECT min(time_ns) FROM logs WHERE tenant_id = (SELECT id FROM tenants WHERE "
                "name = 'acme') AND instr(body, ?) > 0");
            st.bind(1, query.search.value());
            st.step();
            QCOMPARE(page.front().timeNs, st.int64(0));
        }
    }
};

QTEST_APPLESS_MAIN(TestLogSearch)
#include "tst_log_search.moc"
