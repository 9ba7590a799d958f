// casebook-cli runbook list|check|run|decide as a process, on the generated lead-flow
// sample: what it prints, its exit codes, and what it records in the case (read back with
// SQL), including a run continued across gates decided from the command line.
#include "cli_process.h"
#include "core/generate/scenario_generator.h"
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

class TestRunbookCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString workspace;

    std::int64_t count(const std::string& sql) {
        auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::ReadOnly);
        return ws->db().scalarInt(sql);
    }

private slots:
    void initTestCase() {
        const QString bundle = dir.filePath(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, bundle.toStdString());
        workspace = dir.filePath(QStringLiteral("case.casebook"));
        QCOMPARE(cli({QStringLiteral("import"), workspace, bundle}).exitCode, 0);
    }

    void listsTheBundledRunbooks() {
        const Run r =
            cli({QStringLiteral("runbook"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(list.size(), 8);
        QStringList names;
        for (const auto& v : list) {
            names << v.toObject().value(QStringLiteral("name")).toString();
            QVERIFY(!v.toObject().value(QStringLiteral("symptoms")).toArray().isEmpty());
        }
        QVERIFY(names.contains(QStringLiteral("ingestion-schema-drift")));
        QVERIFY(names.contains(QStringLiteral("retail-audience-shrink")));
        const Run text = cli({QStringLiteral("runbook"), QStringLiteral("list")});
        QVERIFY(text.out.contains("Vendor outage that looks like a business dip"));
        // Suggested by symptom: the runbooks that list the tag, best match first.
        const Run suggested =
            cli({QStringLiteral("runbook"), QStringLiteral("list"),
                 QStringLiteral("--symptoms=no-owner,sync-failures"), QStringLiteral("--json")});
        const QJsonArray ranked = QJsonDocument::fromJson(suggested.out).array();
        QCOMPARE(ranked.size(), 2);
        QCOMPARE(ranked[0].toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("crm-sync-failures"));
        QCOMPARE(ranked[1].toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("lead-flow-missing-leads"));
    }

    void suggestsFromTheWorkspaceFindings() {
        // With a workspace and no --symptoms: the symptoms its findings show, and the
        // runbooks they suggest; the lead-flow incident's own runbook first.
        const Run r =
            cli({QStringLiteral("runbook"), QStringLiteral("list"), workspace,
                 QStringLiteral("--tenant"), QStringLiteral("acme"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.object();
        QStringList seen;
        for (const auto& v : o.value(QStringLiteral("symptoms")).toArray())
            seen << v.toString();
        for (const char* tag : {"volume-drop", "parse-errors", "freshness-breach", "schema-change"})
            QVERIFY2(seen.contains(QLatin1String(tag)), tag);
        const QJsonArray ranked = o.value(QStringLiteral("runbooks")).toArray();
        QVERIFY(ranked.size() >= 2);
        QCOMPARE(ranked[0].toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("lead-flow-missing-leads"));
        QCOMPARE(ranked[1].toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("ingestion-schema-drift"));
        const Run text = cli({QStringLiteral("runbook"), QStringLiteral("list"), workspace});
        QVERIFY(text.out.contains("symptoms in the findings: "));
        QVERIFY(text.out.contains("Leads missing after a web-forms release"));
    }

    void checkReportsMalformedRunbooksByLine() {
        const QString path = dir.filePath(QStringLiteral("broken.md"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "# Broken\n\n## Step\n\n```check\nkind: log_count\nserch: x\npass: count >=\n```\n");
        f.close();
        const Run r = cli({QStringLiteral("runbook"), QStringLiteral("check"), workspace, path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.err.contains(QString(path + QStringLiteral(":8: error: pass condition")).toUtf8()),
            r.err.constData());
        const Run json = cli(
            {QStringLiteral("runbook"), QStringLiteral("check"), path, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(json.object().value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(json.object()
                     .value(QStringLiteral("errors"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("line"))
                     .toInt(),
                 8);
        const Run good = cli({QStringLiteral("runbook"), QStringLiteral("check"), workspace,
                              QStringLiteral("crm-sync-failures")});
        QCOMPARE(good.exitCode, 0);
        QVERIFY(good.out.contains("ok, 12 steps (6 checks, 0 gates, 6 conclusions)"));
        // A malformed runbook never runs: nothing lands in the case.
        const std::int64_t runs = count("SELECT count(*) FROM case_runs");
        const Run refused = cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace, path,
                                 QStringLiteral("--tenant=acme")});
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(count("SELECT count(*) FROM case_runs"), runs);
        QCOMPARE(cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                      QStringLiteral("no-such-runbook")})
                     .exitCode,
                 1);
    }

    void runRecordsTheChecksAndPrintsThePath() {
        const Run r = cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                           QStringLiteral("ingestion-schema-drift"),
                           QStringLiteral("--tenant=acme"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = r.object();
        QCOMPARE(j.value(QStringLiteral("scope")).toString(), QStringLiteral("acme"));
        QCOMPARE(j.value(QStringLiteral("conclusion"))
                     .toObject()
                     .value(QStringLiteral("verdict"))
                     .toString(),
                 QStringLiteral("confirmed"));
        const QJsonArray path = j.value(QStringLiteral("path")).toArray();
        QCOMPARE(path.size(), 7);
        QCOMPARE(path[1].toObject().value(QStringLiteral("step")).toString(),
                 QStringLiteral("rejections-name-an-unknown-field"));
        const QJsonArray steps = j.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps[1]
                     .toObject()
                     .value(QStringLiteral("values"))
                     .toObject()
                     .value(QStringLiteral("count"))
                     .toDouble(),
                 89.0); // docs/sample-incidents.md: acme's rejections at seed 42
        const int run = j.value(QStringLiteral("run_id")).toInt();
        // Six checks recorded (log templates, spans, the lead metric, changes, SQL, the
        // parser's lineage impact), each with its evidence, in acme's scope.
        QCOMPARE(count("SELECT count(*) FROM case_checks WHERE run_id = " + std::to_string(run) +
                       " AND tenant_id = (SELECT id FROM tenants WHERE name = 'acme')"),
                 std::int64_t(6));
        QCOMPARE(count("SELECT count(*) FROM case_evidence WHERE run_id = " + std::to_string(run)),
                 std::int64_t(6));
        QCOMPARE(count("SELECT count(*) FROM case_steps WHERE run_id = " + std::to_string(run)),
                 std::int64_t(7));
        const Run text =
            cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                 QStringLiteral("ingestion-schema-drift"), QStringLiteral("--tenant=acme")});
        QVERIFY(text.out.contains("path: rejected-submissions-in-the-ingestion-logs -> "));
        QVERIFY(text.out.contains("conclusion (confirmed): Ingestion schema drift"));
    }

    void anImportDropsTheCheckIndexesAndARunRebuildsThem() {
        const auto indexes = [&] {
            return count("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN "
                         "('spans_by_service_operation', 'spans_failed', "
                         "'spans_by_error_code', 'logs_by_error_code')");
        };
        QCOMPARE(cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                      QStringLiteral("crm-sync-failures"), QStringLiteral("--tenant=acme")})
                     .exitCode,
                 0);
        QCOMPARE(indexes(), std::int64_t(4));
        const QString retail = dir.filePath(QStringLiteral("retail"));
        QCOMPARE(cli({QStringLiteral("generate"), QStringLiteral("--scenario"),
                      QStringLiteral("retail-personalization"), retail})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("import"), workspace, retail}).exitCode, 0);
        QCOMPARE(indexes(), std::int64_t(0));
        QCOMPARE(
            cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                 QStringLiteral("retail-audience-shrink"), QStringLiteral("--tenant=northwind")})
                .exitCode,
            0);
        QCOMPARE(indexes(), std::int64_t(4));
    }

    void gatesAreDecidedByAPersonWithAReason() {
        const Run first = cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                               QStringLiteral("lead-flow-missing-leads"),
                               QStringLiteral("--tenant=acme"), QStringLiteral("--json")});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.object().value(QStringLiteral("waiting_at_gate")).toString(),
                 QStringLiteral("roll-back-the-sdk"));
        const QString run = QString::number(first.object().value(QStringLiteral("run_id")).toInt());
        const QStringList decide{QStringLiteral("runbook"),
                                 QStringLiteral("decide"),
                                 workspace,
                                 QStringLiteral("--run"),
                                 run,
                                 QStringLiteral("--tenant=acme")};
        QCOMPARE(cli(decide + QStringList{QStringLiteral("--step=roll-back-the-sdk"),
                                          QStringLiteral("--approve"),
                                          QStringLiteral("--reason=4.2.0 breaks the parser")})
                     .exitCode,
                 2); // no person
        const Run wrongStep =
            cli(decide + QStringList{QStringLiteral("--step=reassign-the-owners"),
                                     QStringLiteral("--approve"), QStringLiteral("--person=Dana"),
                                     QStringLiteral("--reason=x")});
        QCOMPARE(wrongStep.exitCode, 1);
        QVERIFY(wrongStep.err.contains("is not waiting at 'reassign-the-owners' but at "
                                       "'roll-back-the-sdk'"));
        const Run approve =
            cli(decide + QStringList{QStringLiteral("--step=roll-back-the-sdk"),
                                     QStringLiteral("--approve"),
                                     QStringLiteral("--person=Dana Whitfield"),
                                     QStringLiteral("--reason=4.2.0 breaks the parser")});
        QCOMPARE(approve.exitCode, 0);
        QVERIFY(approve.out.contains("next: replay-the-rejected-submissions"));
        const Run next = cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                              QStringLiteral("--run"), run, QStringLiteral("--tenant=acme"),
                              QStringLiteral("--json")});
        QCOMPARE(next.object().value(QStringLiteral("waiting_at_gate")).toString(),
                 QStringLiteral("replay-the-rejected-submissions"));
        QCOMPARE(cli(decide + QStringList{QStringLiteral("--step=replay-the-rejected-submissions"),
                                          QStringLiteral("--reject"),
                                          QStringLiteral("--person=Sam Okafor"),
                                          QStringLiteral("--reason=queue already expired")})
                     .exitCode,
                 0);
        QCOMPARE(cli(decide + QStringList{QStringLiteral("--step=reassign-the-owners"),
                                          QStringLiteral("--approve"),
                                          QStringLiteral("--person=Sam Okafor"),
                                          QStringLiteral("--reason=sales ops ready")})
                     .exitCode,
                 0);
        const Run last = cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                              QStringLiteral("--run"), run, QStringLiteral("--tenant=acme"),
                              QStringLiteral("--json")});
        QCOMPARE(last.object()
                     .value(QStringLiteral("conclusion"))
                     .toObject()
                     .value(QStringLiteral("step"))
                     .toString(),
                 QStringLiteral("lead-flow-broken-by-schema-drift"));
        QCOMPARE(
            count("SELECT group_concat(person || ':' || approved, ',') = 'Dana Whitfield:1,Sam "
                  "Okafor:0,Sam Okafor:1' FROM (SELECT * FROM case_decisions WHERE run_id = " +
                  run.toStdString() + " ORDER BY id)"),
            std::int64_t(1));
        // Another tenant cannot continue acme's run.
        QCOMPARE(cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                      QStringLiteral("--run"), run, QStringLiteral("--tenant=globex")})
                     .exitCode,
                 1);
    }
};

QTEST_GUILESS_MAIN(TestRunbookCli)
#include "tst_runbook_cli.moc"
