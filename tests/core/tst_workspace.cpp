#include "core/store/schema.h"
#include "core/store/workspace.h"
#include "two_tenant_fixture.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

using namespace casebook;

class TestWorkspace : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::filesystem::path file(const char* name) {
        return std::filesystem::path(dir.path().toStdString()) / name;
    }

private slots:
    void createsWalWorkspaceAtCurrentVersion() {
        auto ws = Workspace::open(file("new.casebook"));
        QCOMPARE(ws->schemaVersion(), kSchemaVersion);
        QCOMPARE(ws->db().scalarInt("PRAGMA application_id"), std::int64_t(kApplicationId));
        auto mode = ws->db().prepare("PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(QString::fromStdString(mode.text(0)), QStringLiteral("wal"));
    }

    void reopensWithoutLosingData() {
        {
            auto ws = Workspace::open(file("reopen.casebook"));
            test::writeTwoTenants(*ws);
        }
        auto ws = Workspace::open(file("reopen.casebook"), Workspace::OpenMode::OpenExisting);
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM spans"), std::int64_t(12));
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM traces"), std::int64_t(4));
        QCOMPARE(ws->tenantNames(), (std::vector<std::string>{"acme", "globex"}));
    }

    void upgradesVersionOneFile() {
        // Make a file as version 1 wrote it: spans but no trace summary table.
        {
            Database db(file("v1.casebook").string(), Database::Mode::ReadWriteCreate);
            migrate(db, 1);
            QCOMPARE(db.scalarInt("PRAGMA user_version"), std::int64_t(1));
            QCOMPARE(db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'traces'"),
                     std::int64_t(0));
            db.exec("INSERT INTO tenants(id, name) VALUES(1, 'acme');"
                    "INSERT INTO services(id, name) VALUES(1, 'web'), (2, 'db');"
                    "INSERT INTO spans(bundle_id, tenant_id, trace_id, span_id, parent_span_id, "
                    "service_id, name, "
                    "kind, start_ns, end_ns, status_code, attributes) VALUES "
                    "(1, 1, x'0102', x'01', NULL, 1, 'GET /', 2, 100, 900, 0, '{}'),"
                    "(1, 1, x'0102', x'02', x'01', 2, 'SELECT', 3, 200, 1000, 2, '{}')");
        }
        auto ws = Workspace::open(file("v1.casebook"), Workspace::OpenMode::OpenExisting);
        QCOMPARE(ws->schemaVersion(), kSchemaVersion);
        // Version 3 added the import files' note, empty for what was imported before it.
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM pragma_table_info('import_files') "
                                    "WHERE name = 'note'"),
                 std::int64_t(1));
        auto st = ws->db().prepare(
            "SELECT start_ns, end_ns, duration_ns, span_count, error_count, service_count, "
            "root_service_id, root_name FROM traces");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), std::int64_t(100));
        QCOMPARE(st.int64(1), std::int64_t(1000));
        QCOMPARE(st.int64(2), std::int64_t(900));
        QCOMPARE(st.int64(3), std::int64_t(2));
        QCOMPARE(st.int64(4), std::int64_t(1));
        QCOMPARE(st.int64(5), std::int64_t(2));
        QCOMPARE(st.int64(6), std::int64_t(1));
        QCOMPARE(QString::fromStdString(st.text(7)), QStringLiteral("GET /"));
        QVERIFY(!st.step());
    }

    void refusesNewerSchema() {
        {
            Database db(file("future.casebook").string(), Database::Mode::ReadWriteCreate);
            migrate(db);
            db.exec("PRAGMA user_version = 99");
        }
        try {
            Workspace::open(file("future.casebook"));
            QFAIL("a newer schema must be refused");
        } catch (const StoreError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("newer")));
        }
    }

    void refusesFilesThatAreNotWorkspaces() {
        {
            std::ofstream junk(file("junk.casebook"), std::ios::binary);
            junk << std::string(4096, 'x');
        }
        {
            Database other(file("other.sqlite").string(), Database::Mode::ReadWriteCreate);
            other.exec("CREATE TABLE customers(id INTEGER)");
        }
        struct Case {
            std::filesystem::path path;
            Workspace::OpenMode mode;
            const char* expected;
        } cases[] = {
            {file("junk.casebook"), Workspace::OpenMode::OpenExisting, "not a SQLite database"},
            {file("other.sqlite"), Workspace::OpenMode::OpenExisting, "not a Casebook workspace"},
            {file("missing.casebook"), Workspace::OpenMode::OpenExisting, "no such workspace"},
            {std::filesystem::path(dir.path().toStdString()), Workspace::OpenMode::OpenExisting,
             "is a directory"}};
        for (const auto& c : cases) {
            try {
                Workspace::open(c.path, c.mode);
                QFAIL(qPrintable(
                    QStringLiteral("opened %1").arg(QString::fromStdString(c.path.string()))));
            } catch (const StoreError& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromUtf8(c.expected)),
                         e.what());
            }
        }
        // The refused SQLite file was not modified.
        Database other(file("other.sqlite").string(), Database::Mode::ReadOnly);
        QCOMPARE(other.scalarInt("SELECT count(*) FROM sqlite_schema"), std::int64_t(1));
    }

    void reportsCorruptDatabase() {
        const auto path = file("corrupt.casebook");
        {
            auto ws = Workspace::open(path);
            test::writeTwoTenants(*ws);
            ws->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        {
            // Overwrite the middle of the file (table b-tree pages) with garbage.
            std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(4096 * 3);
            const std::string garbage(4096 * 6, '\x5a');
            f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        }
        bool reported = false;
        try {
            auto ws = Workspace::open(path, Workspace::OpenMode::OpenExisting);
            ws->db().scalarInt("SELECT count(*) FROM spans WHERE name LIKE '%x%'");
            ws->db().scalarInt("PRAGMA quick_check");
            reported = ws->db().scalarInt(
                           "SELECT count(*) FROM pragma_quick_check WHERE quick_check != 'ok'") > 0;
        } catch (const StoreError& e) {
            reported = QString::fromUtf8(e.what()).contains(QStringLiteral("malformed")) ||
                       QString::fromUtf8(e.what()).contains(QStringLiteral("corrupt"));
        }
        QVERIFY(reported);
    }
};

QTEST_APPLESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
