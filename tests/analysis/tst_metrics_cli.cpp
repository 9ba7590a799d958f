// casebook-cli metrics and slo, run as processes on the generated lead-flow bundle. The
// expected numbers come from the story (docs/sample-incidents.md) or are read back from
// the bundle's own files.

#include "cli_process.h"
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

using Run = casebook::test::CliRun;
using casebook::test::cli;

QString s(const char* text) {
    return QString::fromUtf8(text);
}

} // namespace

class TestMetricsCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString bundle, workspace;

    QJsonArray seriesList(const QStringList& extra) {
        const auto r = cli(QStringList{s("metrics"), workspace, s("--json")} + extra);
        if (r.exitCode != 0)
            qFatal("metrics failed: %s", r.err.constData());
        return r.json().array();
    }
    int seriesId(const QString& tenant, const QString& name) {
        for (const auto& v : seriesList({s("--tenant"), tenant, s("--name"), name}))
            return v.toObject().value(s("id")).toInt();
        return -1;
    }

private slots:
    void initTestCase() {
        bundle = dir.filePath(s("lead-flow"));
        workspace = dir.filePath(s("case.casebook"));
        QCOMPARE(cli({s("generate"), s("--scenario"), s("lead-flow"), bundle}).exitCode, 0);
        const auto r = cli({s("import"), workspace, bundle, s("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto b = r.json().object().value(s("bundles")).toArray().at(0).toObject();
        QCOMPARE(b.value(s("slos")).toInt(), 2); // the two SLOs of slos.json
    }

    void listsSeriesPerTenant() {
        const auto all = seriesList({});
        QCOMPARE(all.size(), 48); // 16 series for each of three tenants
        const auto acme = seriesList({s("--tenant"), s("acme")});
        QCOMPARE(acme.size(), 16);
        for (const auto& v : acme)
            QCOMPARE(v.toObject().value(s("tenant")).toString(), s("acme"));
        const auto found = seriesList({s("--tenant"), s("acme"), s("--search"), s("duration")});
        QCOMPARE(found.size(), 2); // client and server request duration
        for (const auto& v : found) {
            const auto o = v.toObject();
            QCOMPARE(o.value(s("kind")).toString(), s("histogram"));
            QCOMPARE(o.value(s("views")).toArray(), (QJsonArray{s("p50"), s("p95"), s("p99")}));
        }
        const auto text = cli({s("metrics"), workspace, s("--tenant"), s("acme")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("leads.submitted{source=web-forms}"));
    }

    void baselineInWords() {
        const auto r = cli({s("metrics"), workspace, s("--name"), s("leads.submitted"), s("--from"),
                            s("2026-11-19T20:00Z"), s("--to"), s("2026-11-21T00:00Z"),
                            s("--baseline"), s("7d"), s("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto rows = r.json().object().value(s("series")).toArray();
        QCOMPARE(rows.size(), 4); // three tenants and their total
        const auto total = rows.at(3).toObject();
        // The story's numbers: 4,943 accepted leads against 6,451 a week before.
        QCOMPARE(total.value(s("current")).toDouble(), 4943.0);
        QCOMPARE(total.value(s("baseline")).toDouble(), 6451.0);
        QCOMPARE(total.value(s("words")).toString(), s("-23.4% vs same time last week"));
        for (const auto& v : rows) {
            const auto o = v.toObject();
            if (o.value(s("tenant")).toString() == s("acme"))
                QCOMPARE(o.value(s("words")).toString(), s("-36.5% vs same time last week"));
            if (o.value(s("tenant")).toString() == s("initech"))
                QCOMPARE(o.value(s("words")).toString(), s("-3.0% vs same time last week"));
        }
        const auto acme = cli({s("metrics"), workspace, s("--tenant"), s("acme"), s("--name"),
                               s("leads.submitted"), s("--from"), s("2026-11-19T20:00Z"), s("--to"),
                               s("2026-11-21T00:00Z"), s("--baseline"), s("7d")});
        QCOMPARE(acme.exitCode, 0);
        QVERIFY(acme.out.contains("-36.5% vs same time last week"));
        QVERIFY(!acme.out.contains("globex"));
    }

    void stepValuesMatchTheFile() {
        const int id = seriesId(s("acme"), s("leads.submitted"));
        QVERIFY(id > 0);
        const auto r = cli({s("metrics"), workspace, s("--tenant"), s("acme"), s("--series"),
                            QString::number(id), s("--from"), s("2026-11-19T18:00Z"), s("--to"),
                            s("2026-11-19T23:00Z"), s("--step"), s("1h"), s("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto values = r.json().object().value(s("values")).toArray();
        QCOMPARE(values.size(), 5);

        // The hourly counts of acme's leads.submitted in the OTLP file, by interval start.
        QMap<QString, double> counts;
        QFile file(bundle + s("/metrics.otlp.jsonl"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        while (!file.atEnd()) {
            const auto doc = QJsonDocument::fromJson(file.readLine());
            for (const auto& rm : doc.object().value(s("resourceMetrics")).toArray()) {
                bool acme = false;
                for (const auto& a :
                     rm.toObject().value(s("resource")).toObject().value(s("attributes")).toArray())
                    acme = acme || (a.toObject().value(s("key")).toString() == s("tenant.id") &&
                                    a.toObject()
                                            .value(s("value"))
                                            .toObject()
                                            .value(s("stringValue"))
                                            .toString() == s("acme"));
                if (!acme)
                    continue;
                for (const auto& sm : rm.toObject().value(s("scopeMetrics")).toArray())
                    for (const auto& m : sm.toObject().value(s("metrics")).toArray()) {
                        if (m.toObject().value(s("name")).toString() != s("leads.submitted"))
                            continue;
                        for (const auto& p : m.toObject()
                                                 .value(s("sum"))
                                                 .toObject()
                                                 .value(s("dataPoints"))
                                                 .toArray()) {
                            const qint64 start =
                                p.toObject().value(s("startTimeUnixNano")).toString().toLongLong();
                            counts[QString::number(start)] =
                                p.toObject().value(s("asInt")).toString().toDouble();
                        }
                    }
            }
        }
        // 2026-11-19T18:00Z in ns, then hourly.
        const qint64 first = 1795118400LL * 1000000000LL - 2 * 3600LL * 1000000000LL;
        for (int i = 0; i < 5; ++i) {
            const auto v = values.at(i).toObject();
            const double expected =
                counts.value(QString::number(first + i * 3600LL * 1000000000LL));
            QCOMPARE(v.value(s("samples")).toInt(), 1);
            QCOMPARE(v.value(s("value")).toDouble(), expected / 3600.0);
        }
        QCOMPARE(values.at(0).toObject().value(s("time")).toString(), s("2026-11-19T18:00:00Z"));
    }

    void pointsAreDownsampled() {
        const int id = seriesId(s("acme"), s("ingestion.freshness_lag_seconds"));
        const auto r = cli({s("metrics"), workspace, s("--tenant"), s("acme"), s("--series"),
                            QString::number(id), s("--points"), s("20"), s("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto o = r.json().object();
        QCOMPARE(o.value(s("samples")).toInt(), 216); // nine days of hourly points
        const auto points = o.value(s("points")).toArray();
        QVERIFY(points.size() <= 20 && points.size() >= 10);
        // The climb after the release survives: the highest lag is well above the 900 s SLO.
        double highest = 0;
        for (const auto& p : points)
            highest = std::max(highest, p.toObject().value(s("value")).toDouble());
        QVERIFY(highest > 2000);
    }

    void sloStatusAndAlerts() {
        const auto r = cli({s("slo"), workspace, s("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto slos = r.json().array();
        QCOMPARE(slos.size(), 6);
        for (const auto& v : slos) {
            const auto o = v.toObject();
            const QString tenant = o.value(s("tenant")).toString();
            const QString name = o.value(s("name")).toString();
            QCOMPARE(o.value(s("source")).toString(), s("bundle"));
            if (tenant == s("acme"))
                QCOMPARE(o.value(s("status")).toString(), s("Broken"));
            if (tenant == s("initech") && name == s("web-forms freshness")) {
                QCOMPARE(o.value(s("status")).toString(), s("Healthy"));
                QVERIFY(o.value(s("alerts")).toArray().isEmpty());
            }
            // Every alert after the tenant's SDK wave (20:00, 20:20, 20:40 on 11-19).
            for (const auto& a : o.value(s("alerts")).toArray())
                QVERIFY(a.toObject().value(s("fired")).toString() > s("2026-11-19T20:00:00Z"));
        }
        const auto text = cli({s("slo"), workspace, s("--tenant"), s("acme")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("page 14.4x over 1h and 5m: fired"));
        QVERIFY(!text.out.contains("globex"));
    }

    void slosAddedForATenant() {
        const QString file = dir.filePath(s("extra.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name":"scoring volume","objective":0.9,
                    "sli":{"type":"threshold","metric":"leads.scored","min":0}})");
        f.close();
        QCOMPARE(cli({s("slo"), workspace, s("--add"), file}).exitCode, 2); // needs a tenant
        QCOMPARE(cli({s("slo"), workspace, s("--tenant"), s("globex"), s("--add"), file}).exitCode,
                 0);
        const auto globex = cli({s("slo"), workspace, s("--tenant"), s("globex"), s("--json")});
        QCOMPARE(globex.json().array().size(), 3);
        const auto acme = cli({s("slo"), workspace, s("--tenant"), s("acme"), s("--json")});
        QCOMPARE(acme.json().array().size(), 2);
        QCOMPARE(cli({s("slo"), workspace, s("--tenant"), s("globex"), s("--remove"),
                      s("scoring volume")})
                     .exitCode,
                 0);
        QCOMPARE(cli({s("slo"), workspace, s("--tenant"), s("globex"), s("--json")})
                     .json()
                     .array()
                     .size(),
                 2);
        // A broken file adds nothing and says why.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(R"({"name":"x","objective":2,"sli":{"type":"threshold","metric":"q","max":1}})");
        f.close();
        const auto bad = cli({s("slo"), workspace, s("--tenant"), s("globex"), s("--add"), file});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains("objective: must be between 0 and 1"));
    }

    void findingsRankTheCause() {
        const auto r = cli({s("findings"), workspace, s("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto o = r.json().object();
        QCOMPARE(o.value(s("series_scanned")).toInt(), 48);
        const auto findings = o.value(s("findings")).toArray();
        QVERIFY(!findings.isEmpty());
        const auto top = findings.at(0).toObject();
        QCOMPARE(top.value(s("grade")).toString(), s("error"));
        const auto change = top.value(s("changes")).toArray().at(0).toObject();
        QCOMPARE(change.value(s("kind")).toString(), s("sdk_release"));
        QVERIFY(change.value(s("title")).toString().startsWith(s("web-forms SDK 4.2.0")));
        bool template_ = false;
        for (const auto& t : top.value(s("log_templates")).toArray())
            template_ = template_ || (t.toObject().value(s("template")).toString() ==
                                          s("rejected submission: unknown field 'utm_content'") &&
                                      t.toObject().value(s("exception_type")).toString() ==
                                          s("SchemaValidationError"));
        QVERIFY(template_);
        // Info findings only with --all; a tenant scope keeps to its tenant.
        for (const auto& f : findings)
            QVERIFY(f.toObject().value(s("grade")).toString() != s("info"));
        const auto globex =
            cli({s("findings"), workspace, s("--tenant"), s("globex"), s("--json")});
        QCOMPARE(globex.exitCode, 0);
        for (const auto& f : globex.json().object().value(s("findings")).toArray())
            QCOMPARE(f.toObject().value(s("tenant")).toString(), s("globex"));
        const auto text = cli({s("findings"), workspace, s("--limit"), s("1")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.startsWith("error: "));
        QVERIFY(text.out.contains("  change   "));
        QVERIFY(text.out.contains("1 finding ("));
    }

    void badArgumentsFail_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("view of a counter")
            << QStringList{s("--tenant"), s("acme"), s("--series"), s("3"), s("--view"), s("p95")}
            << 2 << s("does not apply to a sum series");
        QTest::newRow("unknown view") << QStringList{s("--series"), s("3"), s("--view"), s("p42")}
                                      << 2 << s("--view must be");
        QTest::newRow("step and points")
            << QStringList{s("--series"), s("3"), s("--step"), s("1h"), s("--points"), s("5")} << 2
            << s("exclude each other");
        QTest::newRow("bad step") << QStringList{s("--series"), s("3"), s("--step"), s("often")}
                                  << 2 << s("--step must be a duration");
        QTest::newRow("baseline without range")
            << QStringList{s("--name"), s("leads.sql"), s("--baseline"), s("7d")} << 2
            << s("--baseline needs --from and --to");
        QTest::newRow("series of another tenant")
            << QStringList{s("--tenant"), s("globex"), s("--series"), s("3")} << 1
            << s("no series 3 in this scope");
    }
    void badArgumentsFail() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const auto r = cli(QStringList{s("metrics"), workspace} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestMetricsCli)
#include "tst_metrics_cli.moc"
