// casebook-cli end to end: every command run as a process on a generated bundle.
#include "cli_process.h"
#include "core/store/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

using Run = test::CliRun;
using test::cli;

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString bundle, workspace;
    QJsonObject generated;

    QJsonObject stats(const QStringList& extra = {}) {
        const auto r =
            cli(QStringList{QStringLiteral("stats"), workspace, QStringLiteral("--json")} + extra);
        if (r.exitCode != 0)
            qFatal("stats failed: %s", r.err.constData());
        return r.json().object();
    }

private slots:
    void initTestCase() {
        bundle = dir.filePath(QStringLiteral("lead-flow"));
        workspace = dir.filePath(QStringLiteral("case.casebook"));
        const auto gen = cli({QStringLiteral("generate"), QStringLiteral("--scenario"),
                              QStringLiteral("lead-flow"), bundle, QStringLiteral("--json")});
        QCOMPARE(gen.exitCode, 0);
        generated = gen.json().object();
        QVERIFY(generated.value(QStringLiteral("spans")).toInt() > 5000);
    }

    void importPrintsTheReport() {
        const auto r = cli({QStringLiteral("import"), workspace, bundle, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto b =
            r.json().object().value(QStringLiteral("bundles")).toArray().at(0).toObject();
        QCOMPARE(b.value(QStringLiteral("status")).toString(), QStringLiteral("imported"));
        // Every valid generated record landed, and each deliberate defect was rejected.
        QCOMPARE(b.value(QStringLiteral("spans")).toInt(),
                 generated.value(QStringLiteral("spans")).toInt());
        QCOMPARE(b.value(QStringLiteral("logs")).toInt(),
                 generated.value(QStringLiteral("logs")).toInt());
        QCOMPARE(b.value(QStringLiteral("metric_points")).toInt(),
                 generated.value(QStringLiteral("metric_points")).toInt());
        QCOMPARE(b.value(QStringLiteral("changes")).toInt(),
                 generated.value(QStringLiteral("changes")).toInt());
        QCOMPARE(b.value(QStringLiteral("rejected")).toInt(),
                 generated.value(QStringLiteral("defects")).toInt());
        const auto files = b.value(QStringLiteral("files")).toArray();
        QVERIFY(files.size() >= 4);
        for (const auto& f : files) {
            const auto o = f.toObject();
            for (const char* key : {"path", "kind", "format", "accepted", "rejected", "partial"})
                QVERIFY2(o.contains(QLatin1String(key)), key);
            QVERIFY(!o.value(QStringLiteral("format")).toString().isEmpty());
        }
        const auto samples = b.value(QStringLiteral("rejected_samples")).toArray();
        QCOMPARE(samples.size(), generated.value(QStringLiteral("defects")).toInt());
        for (const auto& s : samples) {
            const auto o = s.toObject();
            QVERIFY(
                o.value(QStringLiteral("location")).toString().startsWith(QStringLiteral("line ")));
            QVERIFY(!o.value(QStringLiteral("reason")).toString().isEmpty());
            QVERIFY(o.value(QStringLiteral("path")).toString().endsWith(QStringLiteral(".jsonl")));
        }
        // The human-readable form names the files and the rejections.
        const auto again = cli({QStringLiteral("import"), workspace, bundle});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.out.contains("already imported"));
    }

    void statsCountEverythingAndPerTenant() {
        const auto all = stats();
        for (const char* key : {"spans", "traces", "logs", "metric_series", "metric_points",
                                "changes", "rejected", "tenants"})
            QVERIFY2(all.contains(QLatin1String(key)), key);
        QCOMPARE(all.value(QStringLiteral("spans")).toInt(),
                 generated.value(QStringLiteral("spans")).toInt());
        QCOMPARE(all.value(QStringLiteral("rejected")).toInt(),
                 generated.value(QStringLiteral("defects")).toInt());
        const auto tenants = all.value(QStringLiteral("tenants")).toArray();
        QVERIFY(tenants.size() >= 3);
        int sum = 0;
        for (const auto& t : tenants) {
            const auto name = t.toObject().value(QStringLiteral("tenant")).toString();
            const auto one = stats({QStringLiteral("--tenant"), name});
            const auto oneTenants = one.value(QStringLiteral("tenants")).toArray();
            QCOMPARE(oneTenants.size(), 1);
            QCOMPARE(oneTenants.at(0).toObject().value(QStringLiteral("tenant")).toString(), name);
            QCOMPARE(one.value(QStringLiteral("spans")).toInt(),
                     t.toObject().value(QStringLiteral("spans")).toInt());
            sum += one.value(QStringLiteral("spans")).toInt();
        }
        QCOMPARE(sum, all.value(QStringLiteral("spans")).toInt());
        // Running across all tenants was recorded in the audit table.
        auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::OpenExisting);
        QVERIFY(
            ws->db().scalarInt("SELECT count(*) FROM audit WHERE action = 'scope.all_tenants' AND "
                               "detail = 'casebook-cli stats'") >= 1);
    }

    void tracesFilterAndSort() {
        const auto r = cli({QStringLiteral("traces"), workspace, QStringLiteral("--sort"),
                            QStringLiteral("duration"), QStringLiteral("--limit"),
                            QStringLiteral("20"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto list = r.json().array();
        QCOMPARE(list.size(), 20);
        for (int i = 1; i < list.size(); ++i)
            QVERIFY(list.at(i - 1).toObject().value(QStringLiteral("duration_ns")).toDouble() >=
                    list.at(i).toObject().value(QStringLiteral("duration_ns")).toDouble());
        for (const char* key : {"trace_id", "root_service", "root_operation", "start",
                                "duration_ns", "spans", "errors", "tenant"})
            QVERIFY2(list.at(0).toObject().contains(QLatin1String(key)), key);

        const auto errors =
            cli({QStringLiteral("traces"), workspace, QStringLiteral("--errors"),
                 QStringLiteral("--limit"), QStringLiteral("500"), QStringLiteral("--json")});
        QCOMPARE(errors.exitCode, 0);
        QVERIFY(!errors.json().array().isEmpty());
        for (const auto& t : errors.json().array())
            QVERIFY(t.toObject().value(QStringLiteral("errors")).toInt() > 0);

        const auto slow =
            cli({QStringLiteral("traces"), workspace, QStringLiteral("--min-duration"),
                 QStringLiteral("250ms"), QStringLiteral("--limit"), QStringLiteral("1000"),
                 QStringLiteral("--json")});
        QCOMPARE(slow.exitCode, 0);
        for (const auto& t : slow.json().array())
            QVERIFY(t.toObject().value(QStringLiteral("duration_ns")).toDouble() >= 250e6);

        const auto root = list.at(0).toObject().value(QStringLiteral("root_service")).toString();
        const auto byService = cli({QStringLiteral("traces"), workspace,
                                    QStringLiteral("--service"), root, QStringLiteral("--json")});
        QCOMPARE(byService.exitCode, 0);
        QVERIFY(!byService.json().array().isEmpty());
    }

    void traceShowsTheSpanTree() {
        const auto list = cli({QStringLiteral("traces"), workspace, QStringLiteral("--sort"),
                               QStringLiteral("spans"), QStringLiteral("--limit"),
                               QStringLiteral("1"), QStringLiteral("--json")})
                              .json()
                              .array();
        const auto t = list.at(0).toObject();
        const auto id = t.value(QStringLiteral("trace_id")).toString();
        const auto tenant = t.value(QStringLiteral("tenant")).toString();
        const auto r = cli({QStringLiteral("trace"), workspace, id, QStringLiteral("--tenant"),
                            tenant, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto spans = r.json().object().value(QStringLiteral("spans")).toArray();
        QCOMPARE(spans.size(), t.value(QStringLiteral("spans")).toInt());
        QCOMPARE(spans.at(0).toObject().value(QStringLiteral("depth")).toInt(), 0);
        QVERIFY(spans.at(0).toObject().value(QStringLiteral("critical")).toBool());
        // Depth grows by at most one from a span to the next in tree order.
        for (int i = 1; i < spans.size(); ++i)
            QVERIFY(spans.at(i).toObject().value(QStringLiteral("depth")).toInt() <=
                    spans.at(i - 1).toObject().value(QStringLiteral("depth")).toInt() + 1);
        // Another tenant cannot see it.
        const auto other = cli({QStringLiteral("trace"), workspace, id, QStringLiteral("--tenant"),
                                QStringLiteral("no-such-tenant")});
        QCOMPARE(other.exitCode, 1);
        QVERIFY(other.err.contains("no trace"));
        // The text form indents children.
        const auto text = cli({QStringLiteral("trace"), workspace, id});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("\n  "));
    }

    void logsSearchAndFilter() {
        const auto r =
            cli({QStringLiteral("logs"), workspace, QStringLiteral("--search"),
                 QStringLiteral("utm_content"), QStringLiteral("--level"), QStringLiteral("error"),
                 QStringLiteral("--limit"), QStringLiteral("50"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto logs = r.json().array();
        QVERIFY(!logs.isEmpty());
        for (const auto& l : logs) {
            QVERIFY(l.toObject()
                        .value(QStringLiteral("body"))
                        .toString()
                        .contains(QStringLiteral("utm_content")));
            QVERIFY(l.toObject().value(QStringLiteral("severity_number")).toInt() >= 17);
        }
        // Logs of one trace.
        const auto trace = logs.at(0).toObject().value(QStringLiteral("trace_id")).toString();
        QVERIFY(!trace.isEmpty());
        const auto byTrace = cli({QStringLiteral("logs"), workspace, QStringLiteral("--trace"),
                                  trace, QStringLiteral("--json")});
        QCOMPARE(byTrace.exitCode, 0);
        QVERIFY(!byTrace.json().array().isEmpty());
        for (const auto& l : byTrace.json().array())
            QCOMPARE(l.toObject().value(QStringLiteral("trace_id")).toString(), trace);
        // A time window relative to the newest record.
        const auto recent =
            cli({QStringLiteral("logs"), workspace, QStringLiteral("--from"), QStringLiteral("1h"),
                 QStringLiteral("--limit"), QStringLiteral("100000"), QStringLiteral("--json")});
        QCOMPARE(recent.exitCode, 0);
        const auto all = cli({QStringLiteral("logs"), workspace, QStringLiteral("--limit"),
                              QStringLiteral("100000"), QStringLiteral("--json")});
        QVERIFY(recent.json().array().size() < all.json().array().size());
    }

    void changesListTheRelease() {
        const auto r = cli({QStringLiteral("changes"), workspace, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto changes = r.json().array();
        QCOMPARE(changes.size(), generated.value(QStringLiteral("changes")).toInt());
        bool release = false;
        for (const auto& c : changes)
            release = release || c.toObject().value(QStringLiteral("kind")).toString() ==
                                     QStringLiteral("sdk_release");
        QVERIFY(release);
    }

    void sqlIsReadOnlyAndTenantScoped() {
        const auto r =
            cli({QStringLiteral("sql"), workspace,
                 QStringLiteral(
                     "SELECT DISTINCT tenant_id FROM spans UNION SELECT tenant_id FROM logs"),
                 QStringLiteral("--tenant"), QStringLiteral("acme"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().object().value(QStringLiteral("rows")).toArray().size(), 1);
        const auto write =
            cli({QStringLiteral("sql"), workspace, QStringLiteral("DELETE FROM spans")});
        QCOMPARE(write.exitCode, 1);
        QVERIFY(write.err.contains("read-only"));
        const auto sneaky = cli({QStringLiteral("sql"), workspace,
                                 QStringLiteral("SELECT count(*) FROM main.spans"),
                                 QStringLiteral("--tenant"), QStringLiteral("acme")});
        QCOMPARE(sneaky.exitCode, 1);
        QCOMPARE(stats().value(QStringLiteral("spans")).toInt(),
                 generated.value(QStringLiteral("spans")).toInt());
    }

    void whereFiltersTracesAndLogs() {
        const auto failedSync =
            cli({QStringLiteral("traces"), workspace, QStringLiteral("--tenant"),
                 QStringLiteral("acme"), QStringLiteral("--where"),
                 QStringLiteral("service == crm-sync and status == error"),
                 QStringLiteral("--limit"), QStringLiteral("500"), QStringLiteral("--json")});
        QCOMPARE(failedSync.exitCode, 0);
        QVERIFY(!failedSync.json().array().isEmpty());
        for (const auto& t : failedSync.json().array()) {
            QCOMPARE(t.toObject().value(QStringLiteral("tenant")).toString(),
                     QStringLiteral("acme"));
            QVERIFY(t.toObject().value(QStringLiteral("errors")).toInt() > 0);
        }

        const auto slowClean =
            cli({QStringLiteral("traces"), workspace, QStringLiteral("--where"),
                 QStringLiteral("duration >= 250ms and errors == 0"), QStringLiteral("--limit"),
                 QStringLiteral("1000"), QStringLiteral("--json")});
        QCOMPARE(slowClean.exitCode, 0);
        QVERIFY(!slowClean.json().array().isEmpty());
        for (const auto& t : slowClean.json().array()) {
            QVERIFY(t.toObject().value(QStringLiteral("duration_ns")).toDouble() >= 250e6);
            QCOMPARE(t.toObject().value(QStringLiteral("errors")).toInt(), 0);
        }

        const auto rejected =
            cli({QStringLiteral("logs"), workspace, QStringLiteral("--tenant"),
                 QStringLiteral("globex"), QStringLiteral("--where"),
                 QStringLiteral("level >= warn and body ~ \"Unknown Field\" and "
                                "attr.error.code == PARSE_UNKNOWN_FIELD"),
                 QStringLiteral("--limit"), QStringLiteral("100000"), QStringLiteral("--json")});
        QCOMPARE(rejected.exitCode, 0);
        QVERIFY(!rejected.json().array().isEmpty());
        for (const auto& v : rejected.json().array()) {
            const auto l = v.toObject();
            QCOMPARE(l.value(QStringLiteral("tenant")).toString(), QStringLiteral("globex"));
            QVERIFY(l.value(QStringLiteral("severity_number")).toInt() >= 13);
            QVERIFY(l.value(QStringLiteral("body"))
                        .toString()
                        .contains(QStringLiteral("unknown field 'utm_content'")));
        }
    }

    void badFilterExitsWithCaret_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("stderr");
        QTest::newRow("missing value")
            << QStringList{QStringLiteral("traces"), workspace, QStringLiteral("--where"),
                           QStringLiteral("duration >= and status == error")}
            << QStringLiteral("casebook-cli: bad filter: expected a value after '>='\n"
                              "  duration >= and status == error\n"
                              "              ^\n");
        QTest::newRow("field of another target")
            << QStringList{QStringLiteral("logs"), workspace, QStringLiteral("--where"),
                           QStringLiteral("service == crm-sync and spans > 3")}
            << QStringLiteral("casebook-cli: bad filter: field 'spans' does not apply to logs\n"
                              "  service == crm-sync and spans > 3\n"
                              "                          ^\n");
        QTest::newRow("typo")
            << QStringList{QStringLiteral("logs"), workspace, QStringLiteral("--where"),
                           QStringLiteral("levle >= warn")}
            << QStringLiteral(
                   "casebook-cli: bad filter: unknown field 'levle' (did you mean 'level'?)\n"
                   "  levle >= warn\n"
                   "  ^\n");
    }

    void badFilterExitsWithCaret() {
        QFETCH(QStringList, args);
        QFETCH(QString, stderr);
        const auto r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err), stderr);
        QVERIFY(r.out.isEmpty());
    }

    void badArgumentsAndFilesFailWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString ws = dir.filePath(QStringLiteral("case.casebook"));
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate")} << 2 << "unknown command";
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("stats"), ws, QStringLiteral("--colour")} << 2
            << "unknown option --colour";
        QTest::newRow("missing workspace")
            << QStringList{QStringLiteral("stats"), dir.filePath(QStringLiteral("nope"))} << 1
            << "no such workspace";
        QTest::newRow("bad duration")
            << QStringList{QStringLiteral("traces"), ws, QStringLiteral("--min-duration"),
                           QStringLiteral("250")}
            << 2 << "--min-duration";
        QTest::newRow("bad sort") << QStringList{QStringLiteral("traces"), ws,
                                                 QStringLiteral("--sort"), QStringLiteral("size")}
                                  << 2 << "--sort";
        QTest::newRow("bad time") << QStringList{QStringLiteral("logs"), ws,
                                                 QStringLiteral("--from"),
                                                 QStringLiteral("last tuesday")}
                                  << 2 << "--from";
        QTest::newRow("bad trace id")
            << QStringList{QStringLiteral("trace"), ws, QStringLiteral("xyz")} << 2 << "trace id";
        QTest::newRow("missing args") << QStringList{QStringLiteral("trace"), ws} << 2 << "usage";
        QTest::newRow("bad scenario")
            << QStringList{QStringLiteral("generate"), QStringLiteral("--scenario"),
                           QStringLiteral("outage"), dir.filePath(QStringLiteral("x"))}
            << 2 << "--scenario";
        QTest::newRow("missing bundle")
            << QStringList{QStringLiteral("import"), ws, dir.filePath(QStringLiteral("none"))} << 1
            << "no such bundle";
    }
    void badArgumentsAndFilesFailWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const auto r = cli(args);
        QCOMPARE(r.exitCode, exitCode);
        const auto text = QString::fromUtf8(r.err + r.out);
        QVERIFY2(text.contains(message), qPrintable(text));
        if (exitCode == 2 || message == QStringLiteral("no such workspace"))
            QCOMPARE(r.err.count('\n'), 1);
    }

    void notAWorkspaceOrCorrupt() {
        const auto junk = dir.filePath(QStringLiteral("junk.casebook"));
        {
            QFile f(junk);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(8192, 'j'));
        }
        auto r = cli({QStringLiteral("stats"), junk});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("not a Casebook workspace"));
        QCOMPARE(r.err.count('\n'), 1);

        // A copy of the real workspace with its pages overwritten in the middle.
        const auto corrupt = dir.filePath(QStringLiteral("corrupt.casebook"));
        {
            auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::OpenExisting);
            ws->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        QVERIFY(QFile::copy(workspace, corrupt));
        {
            QFile f(corrupt);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(f.size() / 3));
            f.write(QByteArray(int(f.size() / 3), '\x7f'));
        }
        r = cli({QStringLiteral("stats"), corrupt});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("malformed") || r.err.contains("corrupt"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void runtimePluginsAreLoadedAndRefusalsShown() {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CASEBOOK_PLUGIN_PATH"),
                   QStringLiteral(CASEBOOK_PLUGINS_OUT ":" CASEBOOK_PLUGINS_REFUSED));
        const auto formats = cli({QStringLiteral("formats")}, env);
        QCOMPARE(formats.exitCode, 0);
        QVERIFY(formats.out.contains("csv-metrics"));
        QVERIFY(formats.err.contains(
            "wrong_abi_plugin.so refused: built for plugin interface version 999"));

        const QString bundleDir = dir.filePath(QStringLiteral("csv"));
        QVERIFY(QDir().mkpath(bundleDir));
        QVERIFY(QFile::copy(QStringLiteral(CASEBOOK_TEST_DATA_DIR "/csv-metrics/checkout.csv"),
                            bundleDir + QStringLiteral("/checkout.csv")));
        const auto r = cli({QStringLiteral("import"), dir.filePath(QStringLiteral("csv.casebook")),
                            bundleDir, QStringLiteral("--json")},
                           env);
        QCOMPARE(r.exitCode, 0);
        const auto b =
            r.json().object().value(QStringLiteral("bundles")).toArray().at(0).toObject();
        QCOMPARE(b.value(QStringLiteral("metric_points")).toInt(), 3);
        QCOMPARE(b.value(QStringLiteral("rejected")).toInt(), 3);
        // Without the plugin folder the same file is an unknown format.
        auto bare = QProcessEnvironment::systemEnvironment();
        bare.insert(QStringLiteral("CASEBOOK_PLUGIN_PATH"),
                    dir.filePath(QStringLiteral("no-plugins")));
        const auto without = cli({QStringLiteral("formats")}, bare);
        QVERIFY(!without.out.contains("csv-metrics"));
    }

    void killedImportLeavesWorkspaceUnchanged() {
        // A bundle large enough that the import is still running when it is killed.
        const auto big = dir.filePath(QStringLiteral("big"));
        // About 250 MB; a full disk shows up here with the generator's own message.
        const auto gen =
            cli({QStringLiteral("generate"), QStringLiteral("--scale"), QStringLiteral("20"), big});
        QVERIFY2(gen.exitCode == 0, gen.err.constData());
        const auto target = dir.filePath(QStringLiteral("killed.casebook"));
        const auto small = cli({QStringLiteral("import"), target, bundle});
        QVERIFY2(small.exitCode == 0, small.err.constData());
        const int before = [&] {
            auto ws = Workspace::open(target.toStdString(), Workspace::OpenMode::OpenExisting);
            return int(ws->db().scalarInt("SELECT count(*) FROM spans"));
        }();

        QProcess p;
        p.start(QStringLiteral(CASEBOOK_CLI_PATH), {QStringLiteral("import"), target, big});
        QVERIFY(p.waitForStarted());
        // Kill once the import has written into the WAL, i.e. mid-transaction.
        const QString wal = target + QStringLiteral("-wal");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(wal).size() > 8 * 1024 * 1024, 120000);
        QCOMPARE(p.state(), QProcess::Running);
        p.kill();
        QVERIFY(p.waitForFinished());

        auto ws = Workspace::open(target.toStdString(), Workspace::OpenMode::OpenExisting);
        QCOMPARE(int(ws->db().scalarInt("SELECT count(*) FROM spans")), before);
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM bundles"), std::int64_t(1));
        auto check = ws->db().prepare("PRAGMA integrity_check");
        QVERIFY(check.step());
        QCOMPARE(QString::fromStdString(check.text(0)), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
