// The audit trail is append-only and hash-chained, and the case rows are vouched for by
// it. Tampering is done the way someone would: with the sqlite3 shell on the file. The
// chain is recomputed by Python's hashlib from the format in docs/case-file.md, apart from
// the code under test.
#include "core/casefile/case_file.h"
#include "core/casefile/case_integrity.h"
#include "core/store/schema.h"
#include "core/store/workspace.h"
#include "core/two_tenant_fixture.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

namespace {

struct Shell {
    int exitCode = -1;
    QString out, err;
};

Shell run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000))
        qFatal("%s did not finish", qPrintable(program));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

Shell sqlite(const QString& file, const QString& sql) {
    return run(QStringLiteral("sqlite3"), {file, sql});
}

// The documented hash input, computed by another implementation.
constexpr const char* kPythonChain = R"py(
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
prev = "0" * 64
def field(s):
    b = s.encode() if isinstance(s, str) else s
    return str(len(b)).encode() + b":" + b + b"\n"
ok = 0
for id_, at, action, detail, prev_hash, hash_ in db.execute(
        "SELECT id, at_ns, action, detail, prev_hash, hash FROM audit ORDER BY id"):
    data = b"casebook-audit-v1\n" + field(str(id_)) + field(str(at)) + field(action) + field(detail) + field(prev)
    if prev_hash != prev or hashlib.sha256(data).hexdigest() != hash_:
        print("bad", id_); sys.exit(1)
    prev = hash_
    ok += 1
print("ok", ok)
)py";

} // namespace

class TestAuditChain : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    int files = 0;

    // A workspace with three audit entries (all-tenants scopes) and a few case rows.
    QString makeWorkspace() {
        const QString path = dir.filePath(QStringLiteral("audit%1.casebook").arg(++files));
        auto ws = Workspace::open(path.toStdString());
        test::writeTwoTenants(*ws);
        ws->allTenantsScope("first look");
        ws->allTenantsScope("second look");
        ws->allTenantsScope("third look");
        return path;
    }

    RecordVerification verify(const QString& path) {
        auto ws = Workspace::open(path.toStdString(), Workspace::OpenMode::ReadOnly);
        return verifyWorkspaceRecord(ws->db());
    }

private slots:
    void chainMatchesTheDocumentedFormat() {
        const QString path = makeWorkspace();
        const auto v = verify(path);
        QVERIFY(v.intact());
        QCOMPARE(v.audit.entries, std::int64_t(3));
        const Shell py = run(QStringLiteral("python3"),
                             {QStringLiteral("-c"), QString::fromUtf8(kPythonChain), path});
        QCOMPARE(py.exitCode, 0);
        QCOMPARE(py.out.trimmed(), QStringLiteral("ok 3"));
    }

    void updatesAndDeletesAreRefused() {
        const QString path = makeWorkspace();
        const Shell update =
            sqlite(path, QStringLiteral("UPDATE audit SET detail = 'x' WHERE id = 2;"));
        QVERIFY(update.exitCode != 0);
        QVERIFY2(update.err.contains(QStringLiteral("append-only")), qPrintable(update.err));
        const Shell remove = sqlite(path, QStringLiteral("DELETE FROM audit WHERE id = 3;"));
        QVERIFY(remove.exitCode != 0);
        QVERIFY(remove.err.contains(QStringLiteral("append-only")));
        QVERIFY(verify(path).intact());
        QCOMPARE(
            sqlite(path, QStringLiteral("SELECT detail FROM audit WHERE id = 2;")).out.trimmed(),
            QStringLiteral("second look"));
    }

    void anEditedEntryIsNamed() {
        const QString path = makeWorkspace();
        QCOMPARE(sqlite(path, QStringLiteral("DROP TRIGGER audit_no_update; UPDATE audit SET "
                                             "detail = 'nothing to see' WHERE id = 2;"))
                     .exitCode,
                 0);
        const auto v = verify(path);
        QVERIFY(!v.intact());
        QCOMPARE(v.audit.firstBadEntry, std::optional<std::int64_t>(2));
        QVERIFY2(QString::fromStdString(v.warning())
                     .contains(QStringLiteral("audit trail broken at entry 2 (")),
                 v.warning().c_str());
        QVERIFY(QString::fromStdString(v.warning())
                    .contains(QStringLiteral("changed after it was written")));
        QVERIFY(QString::fromStdString(v.warning()).contains(QStringLiteral("scope.all_tenants")));
    }

    void aRemovedEntryIsNamedByTheOneAfterIt() {
        const QString path = makeWorkspace();
        QCOMPARE(sqlite(path, QStringLiteral("DROP TRIGGER audit_no_delete; DELETE FROM audit "
                                             "WHERE id = 2;"))
                     .exitCode,
                 0);
        const auto v = verify(path);
        QCOMPARE(v.audit.firstBadEntry, std::optional<std::int64_t>(3));
        QVERIFY(QString::fromStdString(v.warning())
                    .contains(QStringLiteral("does not follow entry 1")));
    }

    void aTruncatedTrailIsFound() {
        const QString path = makeWorkspace();
        QCOMPARE(sqlite(path, QStringLiteral("DROP TRIGGER audit_no_delete; DELETE FROM audit "
                                             "WHERE id = 3;"))
                     .exitCode,
                 0);
        const auto v = verify(path);
        QCOMPARE(v.audit.firstBadEntry, std::optional<std::int64_t>(3));
        QVERIFY(QString::fromStdString(v.warning())
                    .contains(QStringLiteral("entries 3 to 3 were removed")));
    }

    void anEntryRewrittenWithItsOwnHashBreaksTheNext() {
        // Someone who recomputes the edited entry's hash still breaks the link after it.
        const QString path = makeWorkspace();
        QString hash;
        {
            auto ws = Workspace::open(path.toStdString(), Workspace::OpenMode::ReadOnly);
            auto st = ws->db().prepare("SELECT at_ns, action, prev_hash FROM audit WHERE id = 2");
            QVERIFY(st.step());
            hash = QString::fromStdString(
                auditEntryHash(2, st.int64(0), st.text(1), "edited", st.text(2)));
        }
        QCOMPARE(sqlite(path, QStringLiteral("DROP TRIGGER audit_no_update; UPDATE audit SET "
                                             "detail = 'edited', hash = '%1' WHERE id = 2;")
                                  .arg(hash))
                     .exitCode,
                 0);
        QCOMPARE(verify(path).audit.firstBadEntry, std::optional<std::int64_t>(3));
    }

    void droppedTriggersAreReportedEvenWithAnIntactChain() {
        const QString path = makeWorkspace();
        QCOMPARE(sqlite(path, QStringLiteral("DROP TRIGGER audit_no_update;")).exitCode, 0);
        const auto v = verify(path);
        QVERIFY(!v.intact());
        QVERIFY(!v.audit.firstBadEntry);
        QVERIFY(
            QString::fromStdString(v.warning()).contains(QStringLiteral("no longer append-only")));
    }

    void caseRowsAreVouchedForByTheTrail() {
        const QString path = makeWorkspace();
        {
            auto ws = Workspace::open(path.toStdString());
            CaseFile file(*ws, ws->tenantScope("acme"));
            file.recordDecision({std::nullopt, "roll-back", "Roll back", "Roll back acme-api",
                                 "Dana", "errors after the deploy", true});
            file.addNote({"first note", "dana", std::nullopt, std::nullopt, std::nullopt});
        }
        QVERIFY(verify(path).intact());
        // The case tables refuse changes too.
        QVERIFY(sqlite(path, QStringLiteral("UPDATE case_decisions SET approved = 0;")).exitCode !=
                0);
        QVERIFY(sqlite(path, QStringLiteral("DELETE FROM case_notes;")).exitCode != 0);

        QCOMPARE(sqlite(path, QStringLiteral("DROP TRIGGER case_decisions_no_update; UPDATE "
                                             "case_decisions SET approved = 0 WHERE id = 1;"))
                     .exitCode,
                 0);
        auto v = verify(path);
        QVERIFY(v.audit.intact || !v.audit.firstBadEntry);
        QVERIFY2(QString::fromStdString(v.warning())
                     .contains(QStringLiteral("case_decisions row 1 (audit entry 4) was changed")),
                 v.warning().c_str());
    }

    void caseRowsRemovedOrSlippedInAreNamed() {
        const QString path = makeWorkspace();
        {
            auto ws = Workspace::open(path.toStdString());
            CaseFile file(*ws, ws->tenantScope("acme"));
            file.addNote({"first note", "dana", std::nullopt, std::nullopt, std::nullopt});
        }
        QCOMPARE(sqlite(path, QStringLiteral("DROP TRIGGER case_notes_no_delete; DELETE FROM "
                                             "case_notes WHERE id = 1;"))
                     .exitCode,
                 0);
        QVERIFY(QString::fromStdString(verify(path).warning())
                    .contains(QStringLiteral("case_notes row 1 (audit entry 4) was removed")));

        const QString planted = makeWorkspace();
        QCOMPARE(sqlite(planted, QStringLiteral("INSERT INTO case_notes(id, at_ns, text) "
                                                "VALUES(7, 0, 'planted');"))
                     .exitCode,
                 0);
        QVERIFY(QString::fromStdString(verify(planted).warning())
                    .contains(QStringLiteral("case_notes row 7 has no audit entry")));
    }

    void anOlderWorkspaceIsChainedWhenItUpgrades() {
        const QString path = dir.filePath(QStringLiteral("v3.casebook"));
        {
            Database db(path.toStdString(), Database::Mode::ReadWriteCreate);
            migrate(db, 3);
            db.exec("INSERT INTO audit(at_ns, action, detail) VALUES (100, 'scope.all_tenants', "
                    "'before the chain'), (200, 'scope.all_tenants', 'also before')");
        }
        {
            auto ws = Workspace::open(path.toStdString(), Workspace::OpenMode::OpenExisting);
            QCOMPARE(ws->schemaVersion(), kSchemaVersion);
            ws->allTenantsScope("after the upgrade");
            const auto v = verifyWorkspaceRecord(ws->db());
            QVERIFY(v.intact());
            QCOMPARE(v.audit.entries, std::int64_t(3));
        }
        QCOMPARE(sqlite(path, QStringLiteral("SELECT group_concat(id || '=' || detail, ';') FROM "
                                             "audit;"))
                     .out.trimmed(),
                 QStringLiteral("1=before the chain;2=also before;3=after the upgrade"));
        const Shell py = run(QStringLiteral("python3"),
                             {QStringLiteral("-c"), QString::fromUtf8(kPythonChain), path});
        QCOMPARE(py.out.trimmed(), QStringLiteral("ok 3"));
        QVERIFY(sqlite(path, QStringLiteral("DELETE FROM audit;")).exitCode != 0);
    }

    void theCliWarnsWhenItOpensABrokenWorkspace() {
        const QString path = makeWorkspace();
        QCOMPARE(sqlite(path, QStringLiteral("DROP TRIGGER audit_no_update; UPDATE audit SET "
                                             "action = 'renamed' WHERE id = 1;"))
                     .exitCode,
                 0);
        const Shell cli = run(
            QStringLiteral(CASEBOOK_CLI_PATH),
            {QStringLiteral("stats"), path, QStringLiteral("--tenant"), QStringLiteral("acme")});
        QCOMPARE(cli.exitCode, 0); // told, not fatal
        QVERIFY2(cli.err.contains(QStringLiteral("warning:")) &&
                     cli.err.contains(QStringLiteral("audit trail broken at entry 1")),
                 qPrintable(cli.err));
    }
};

QTEST_GUILESS_MAIN(TestAuditChain)
#include "tst_audit_chain.moc"
