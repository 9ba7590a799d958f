// casebook-cli lineage end to end, as a process, on the generated lead-flow sample: impact
// in text, JSON, CSV and Markdown, upstream and by column, node listings and details,
// layouts as SVG, DOT and cached coordinates, and the errors a person can make.
#include "cli_process.h"
#include "core/generate/scenario_generator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

using Run = test::CliRun;
using test::cli;

class TestLineageCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString ws_;

    Run lineage(const QStringList& args) {
        return cli(QStringList{QStringLiteral("lineage"), ws_} + args);
    }

private slots:
    void initTestCase() {
        const QString bundle = dir_.filePath(QStringLiteral("lead-flow"));
        GenerateOptions options;
        generateBundle(options, bundle.toStdString());
        ws_ = dir_.filePath(QStringLiteral("case.casebook"));
        const auto imported = cli({QStringLiteral("import"), ws_, bundle});
        QCOMPARE(imported.exitCode, 0);
        QVERIFY(imported.out.contains("lineage records"));
    }

    void impactAsJson() {
        const auto r =
            lineage({QStringLiteral("impact"), QStringLiteral("ingestion-api/parse_submissions"),
                     QStringLiteral("--tenant"), QStringLiteral("acme"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto j = r.json().object();
        QCOMPARE(j.value(QStringLiteral("summary")).toString(),
                 QStringLiteral("5 of 5 journeys, 1 of 1 sync, 4 of 4 dashboards, 1 of 1 model, "
                                "5 of 8 jobs, 7 of 10 datasets"));
        // The parser runs every 15 minutes for 40 s and fails from acme's SDK wave at 20:00
        // on (docs/sample-incidents.md): its first failure ends at 20:00:40.
        QCOMPARE(j.value(QStringLiteral("broken_since")).toString(),
                 QStringLiteral("2026-11-19T20:00:40Z"));
        const auto items = j.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 23);
        const auto first = items.first().toObject();
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("journey"));
        QCOMPARE(first.value(QStringLiteral("path")).toArray().size(), 11);
        QCOMPARE(first.value(QStringLiteral("path")).toArray().first().toString(),
                 QStringLiteral("ingestion-api/parse_submissions"));
        // Without --at: the newest lineage event, the last journey run on 11-20.
        QVERIFY(
            j.value(QStringLiteral("at")).toString().startsWith(QStringLiteral("2026-11-20T23:")));
        QCOMPARE(j.value(QStringLiteral("direction")).toString(), QStringLiteral("downstream"));
    }

    void impactExportsAtTheDetection() {
        const auto csv = lineage({QStringLiteral("impact"), QStringLiteral("parse_submissions"),
                                  QStringLiteral("--tenant"), QStringLiteral("acme"),
                                  QStringLiteral("--at"), QStringLiteral("2026-11-20T21:00Z"),
                                  QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(csv.exitCode, 0);
        const auto lines = csv.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 24); // header + every affected node, no cap
        QCOMPARE(lines[0], QByteArray("kind,namespace,name,hops,status,path"));
        QVERIFY(
            csv.out.contains("journey,nurture-journeys,paid-demo-request,10,\"complete, stale\","));
        QVERIFY(csv.out.contains("journey,nurture-journeys,webinar-followup,10,complete,"));
        const auto md = lineage({QStringLiteral("impact"), QStringLiteral("parse_submissions"),
                                 QStringLiteral("--tenant"), QStringLiteral("acme"),
                                 QStringLiteral("--format"), QStringLiteral("markdown")});
        QCOMPARE(md.exitCode, 0);
        QVERIFY(md.out.startsWith("# Impact of ingestion-api/parse_submissions"));
        QCOMPARE(md.out.count("\n| "), 24); // table header and 23 rows
    }

    void impactUpstreamAndByColumn() {
        const auto up = lineage(
            {QStringLiteral("impact"), QStringLiteral("job:ingestion-api/parse_submissions"),
             QStringLiteral("--upstream"), QStringLiteral("--depth"), QStringLiteral("1"),
             QStringLiteral("--tenant"), QStringLiteral("globex"), QStringLiteral("--json")});
        QCOMPARE(up.exitCode, 0);
        const auto items = up.json().object().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items[0].toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("web_form_submissions"));
        const auto column =
            lineage({QStringLiteral("impact"),
                     QStringLiteral("snowflake://casebook-demo/leads.cdp.leads_raw"),
                     QStringLiteral("--column"), QStringLiteral("campaign_id"),
                     QStringLiteral("--upstream"), QStringLiteral("--tenant"),
                     QStringLiteral("acme"), QStringLiteral("--json")});
        QCOMPARE(column.exitCode, 0);
        const auto reached = column.json().object().value(QStringLiteral("items")).toArray();
        QCOMPARE(reached.size(), 1);
        QCOMPARE(reached[0].toObject().value(QStringLiteral("column")).toString(),
                 QStringLiteral("utm_campaign"));
        QCOMPARE(reached[0].toObject().value(QStringLiteral("transformation")).toString(),
                 QStringLiteral("DIRECT/IDENTITY"));
    }

    void nodesAndDetails() {
        const auto journeys = lineage({QStringLiteral("nodes"), QStringLiteral("--kind"),
                                       QStringLiteral("journey"), QStringLiteral("--tenant"),
                                       QStringLiteral("initech"), QStringLiteral("--json")});
        QCOMPARE(journeys.exitCode, 0);
        QCOMPARE(journeys.json().array().size(), 5);
        const auto node =
            lineage({QStringLiteral("node"), QStringLiteral("parse_submissions"),
                     QStringLiteral("--tenant"), QStringLiteral("acme"), QStringLiteral("--at"),
                     QStringLiteral("2026-11-20T20:59Z"), QStringLiteral("--json")});
        QCOMPARE(node.exitCode, 0);
        const auto j = node.json().object();
        QCOMPARE(j.value(QStringLiteral("services")).toArray().first().toString(),
                 QStringLiteral("ingestion-api"));
        const auto status = j.value(QStringLiteral("status")).toObject();
        QCOMPARE(status.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
        QCOMPARE(status.value(QStringLiteral("stale")).toBool(), true);
        QCOMPARE(status.value(QStringLiteral("expected_interval_seconds")).toInt(), 900);
        QVERIFY(status.value(QStringLiteral("last_error"))
                    .toString()
                    .contains(QStringLiteral("utm_content")));
        QCOMPARE(j.value(QStringLiteral("runs")).toArray().size(), 20);
        const auto text = lineage({QStringLiteral("node"), QStringLiteral("parse_submissions"),
                                   QStringLiteral("--tenant"), QStringLiteral("acme")});
        QVERIFY(text.out.contains("services: ingestion-api"));
    }

    void mistakesAreExplained() {
        const auto ambiguous =
            lineage({QStringLiteral("impact"), QStringLiteral("parse_submissions")});
        QCOMPARE(ambiguous.exitCode, 1); // three tenants each have one
        QVERIFY(ambiguous.err.contains("names 3 nodes"));
        // Each candidate says its tenant and the id that picks it.
        for (const char* tenant : {"acme", "globex", "initech"})
            QVERIFY2(ambiguous.err.contains(
                         QStringLiteral("(tenant %1, #").arg(QLatin1String(tenant)).toUtf8()),
                     ambiguous.err.constData());
        const auto missing = lineage({QStringLiteral("impact"), QStringLiteral("parse_submission"),
                                      QStringLiteral("--tenant"), QStringLiteral("acme")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("no lineage node"));
        QVERIFY(missing.err.contains("did you mean"));
        QCOMPARE(lineage({QStringLiteral("explode")}).exitCode, 2);
        QCOMPARE(lineage({QStringLiteral("impact"), QStringLiteral("x"),
                          QStringLiteral("--upstream"), QStringLiteral("--downstream")})
                     .exitCode,
                 2);
        QCOMPARE(
            lineage({QStringLiteral("layout"), QStringLiteral("--format"), QStringLiteral("png"),
                     QStringLiteral("--tenant"), QStringLiteral("acme")})
                .exitCode,
            2);
        QCOMPARE(lineage({QStringLiteral("impact"), QStringLiteral("parse_submissions"),
                          QStringLiteral("--at"), QStringLiteral("yesterday"),
                          QStringLiteral("--tenant"), QStringLiteral("acme")})
                     .exitCode,
                 2);
    }

    void layouts() {
        const QString svg = dir_.filePath(QStringLiteral("focus.svg"));
        const auto written =
            lineage({QStringLiteral("layout"), QStringLiteral("parse_submissions"),
                     QStringLiteral("--depth"), QStringLiteral("2"), QStringLiteral("--tenant"),
                     QStringLiteral("acme"), QStringLiteral("--format"), QStringLiteral("svg"),
                     QStringLiteral("--out"), svg});
        QCOMPARE(written.exitCode, 0);
        // Two hops each way from the parser: the topic and the SDK, leads_raw and
        // unification; beyond them folded groups.
        QVERIFY2(written.out.contains("5 nodes"), written.out.constData());
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("parse_submissions"));
        QVERIFY(text.contains("folded, click to show"));
        const auto dot =
            lineage({QStringLiteral("layout"), QStringLiteral("--tenant"), QStringLiteral("acme"),
                     QStringLiteral("--format"), QStringLiteral("dot")});
        QCOMPARE(dot.exitCode, 0);
        QVERIFY(dot.out.startsWith("digraph"));
        QCOMPARE(dot.out.count(" -> "), 30); // every edge of the tenant's lineage
        const auto first = lineage({QStringLiteral("layout"), QStringLiteral("--tenant"),
                                    QStringLiteral("acme"), QStringLiteral("--json")});
        const auto second = lineage({QStringLiteral("layout"), QStringLiteral("--tenant"),
                                     QStringLiteral("acme"), QStringLiteral("--json")});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.json().object().value(QStringLiteral("nodes")).toArray().size(), 29);
        QCOMPARE(second.out, first.out); // from the cache
        const auto cached = cli({QStringLiteral("sql"), ws_,
                                 QStringLiteral("SELECT count(*) FROM lineage_layout_cache")});
        QVERIFY(cached.out.contains("\n1\n"));
    }
};

QTEST_GUILESS_MAIN(TestLineageCli)
#include "tst_lineage_cli.moc"
