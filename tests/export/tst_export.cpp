// The incident export, end to end through casebook-cli: the lead-flow sample (seed 42)
// worked in tenant acme (the schema-drift runbook run headless, marks, a note, a title),
// plus a corpus of personal data (tests/data/export/personal_data.tsv) imported as log
// lines and typed into notes, titles, a gate decision and pinned evidence. Every format
// keeps its structure (not byte for byte), the impact figures match the story's numbers
// recomputed with SQL, and no personal data survives in Markdown, HTML, JSON or the
// PDF's text (pdftotext).
#include "core/analysis/metric_catalog.h"
#include "core/casefile/case_file.h"
#include "core/casefile/chart_evidence.h"
#include "core/casefile/evidence_snapshot.h"
#include "core/generate/scenario_generator.h"
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"
#include "test_support.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace casebook;

namespace {

// The chart pinned in the case: the two days around the incident.
const std::int64_t kChartFromNs = 1795089600LL * 1000000000LL; // 2026-11-19T12:00Z
const std::int64_t kChartToNs = kChartFromNs + 48LL * 3600 * 1000000000LL;

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run program(const QString& name, const QStringList& args) {
    QProcess p;
    p.start(name, args);
    if (!p.waitForFinished(300000))
        qFatal("%s did not finish", qPrintable(name));
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

Run cli(const QStringList& args) {
    return program(QStringLiteral(CASEBOOK_CLI_PATH), args);
}

struct Secret {
    QString category, value;
};

std::vector<Secret> corpus() {
    std::vector<Secret> out;
    QFile file(
        QString::fromStdString((test::testDataDir() / "export" / "personal_data.tsv").string()));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("no corpus");
    for (const QString& line : QString::fromUtf8(file.readAll()).split(u'\n')) {
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const auto parts = line.split(u'\t');
        out.push_back({parts[0], parts[1]});
    }
    return out;
}

QString value(const std::vector<Secret>& secrets, const char* category, int nth = 0) {
    for (const auto& s : secrets)
        if (s.category == QLatin1String(category) && nth-- == 0)
            return s.value;
    qFatal("no %s", category);
}

// One bundle of acme log lines carrying every corpus value, in bodies and attributes.
void writeCorpusBundle(const QString& dir, const std::vector<Secret>& secrets) {
    QDir().mkpath(dir);
    nlohmann::json records = nlohmann::json::array();
    std::int64_t t = 1795161600LL * 1000000000LL; // 2026-11-20T08:00Z
    auto add = [&](const QString& body, nlohmann::json attributes) {
        records.push_back({{"timeUnixNano", std::to_string(t += 1000000000LL)},
                           {"severityNumber", 13},
                           {"severityText", "WARN"},
                           {"body", {{"stringValue", body.toStdString()}}},
                           {"attributes", attributes}});
    };
    auto attr = [](const char* key, const QString& v) {
        return nlohmann::json{{"key", key}, {"value", {{"stringValue", v.toStdString()}}}};
    };
    for (const auto& s : secrets) {
        if (s.category == QLatin1String("email") || s.category == QLatin1String("phone") ||
            s.category == QLatin1String("ip") || s.category == QLatin1String("card"))
            add(QStringLiteral("corpus line: customer contact %1 noted").arg(s.value),
                nlohmann::json::array({attr("channel", QStringLiteral("support"))}));
    }
    add(QStringLiteral("corpus line: lead created without owner: company=\"%1\" campaign=(none)")
            .arg(value(secrets, "company")),
        nlohmann::json::array({attr("user.name", value(secrets, "user.name")),
                               attr("customer.name", value(secrets, "customer.name")),
                               attr("email", value(secrets, "email"))}));
    const nlohmann::json request = {
        {"resourceLogs",
         {{{"resource",
            {{"attributes",
              {{{"key", "service.name"}, {"value", {{"stringValue", "support-desk"}}}},
               {{"key", "tenant.id"}, {"value", {{"stringValue", "acme"}}}}}}}},
           {"scopeLogs", {{{"scope", nlohmann::json::object()}, {"logRecords", records}}}}}}}};
    std::ofstream(QString(dir + QStringLiteral("/corpus.otlp.jsonl")).toStdString())
        << request.dump() << '\n';
}

// A runbook of its own: counts the corpus lines (recording them as evidence) and asks a
// person at a gate. Its titles carry personal data too.
constexpr const char* kCorpusRunbook = R"md(# Corpus follow-up for maria.lopez@northbridge.example

## Symptoms

- `corpus` Customer contacts in the logs.

## Corpus lines from +1-202-555-0142

```check
kind: log_count
search: corpus line
pass: count >= 1
limit: 50
```

## Tell the customer

```gate
action: E-mail j.smith+leads@mail.bluefin.example the workaround
approvers: support lead
```

## Told

```conclusion
verdict: confirmed
diagnosis: Customer at 203.0.113.42 was told.
```
)md";

QString collapsed(QString text) {
    text.remove(QRegularExpression(QStringLiteral("\\s+")));
    return text;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString workspace;
    std::size_t chartLines = 0;
    std::vector<Secret> secrets;
    std::int64_t acmeRejections = 0;

    QString out(const QString& name) { return dir.filePath(name); }
    QString readFile(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll());
    }
    QString exportAs(const QString& format, const QStringList& extra = {}) {
        const QString path = out(QStringLiteral("incident-%1.%2").arg(extra.join(u'-'), format));
        const Run r = cli(QStringList{QStringLiteral("timeline"), QStringLiteral("export"),
                                      workspace, QStringLiteral("--format"), format, path} +
                          extra);
        if (r.exitCode != 0)
            qWarning("export failed: %s", r.err.constData());
        return r.exitCode == 0 ? path : QString();
    }

private slots:
    void initTestCase() {
        secrets = corpus();
        QVERIFY(secrets.size() >= 15);
        const QString bundle = out(QStringLiteral("lead-flow"));
        generateBundle(GenerateOptions{}, bundle.toStdString());
        const QString corpusBundle = out(QStringLiteral("corpus"));
        writeCorpusBundle(corpusBundle, secrets);
        workspace = out(QStringLiteral("case.casebook"));
        {
            auto ws = Workspace::open(workspace.toStdString());
            ImporterRegistry registry;
            registerBuiltinImporters(registry);
            QCOMPARE(importBundle(*ws, bundle.toStdString(), registry).status,
                     ImportStatus::Imported);
            QCOMPARE(importBundle(*ws, corpusBundle.toStdString(), registry).status,
                     ImportStatus::Imported);
            acmeRejections = ws->db().scalarInt(
                "SELECT count(*) FROM spans s JOIN tenants t ON t.id = s.tenant_id WHERE t.name "
                "= 'acme' AND s.name = 'parse submission' AND s.error_code = "
                "'PARSE_UNKNOWN_FIELD'");
        }
        QCOMPARE(acmeRejections, std::int64_t(89)); // docs/sample-incidents.md, seed 42

        const QString acme = QStringLiteral("--tenant=acme");
        QCOMPARE(cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                      QStringLiteral("ingestion-schema-drift"), acme})
                     .exitCode,
                 0);
        const QString runbook = out(QStringLiteral("corpus-follow-up.md"));
        std::ofstream(runbook.toStdString()) << kCorpusRunbook;
        QCOMPARE(cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace, runbook, acme})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("runbook"), QStringLiteral("decide"), workspace,
                      QStringLiteral("--run=2"), QStringLiteral("--step=tell-the-customer"),
                      QStringLiteral("--approve"), QStringLiteral("--person=Dana Whitfield"),
                      QStringLiteral("--reason=spoke to ") + value(secrets, "phone", 1), acme})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("runbook"), QStringLiteral("run"), workspace,
                      QStringLiteral("--run=2"), acme})
                     .exitCode,
                 0);
        // The story's marks: the SDK release, detection 25 hours later.
        for (const auto& [mark, time] :
             std::vector<std::pair<QString, QString>>{{"impact_start", "2026-11-19T20:00Z"},
                                                      {"detection", "2026-11-20T21:00Z"},
                                                      {"mitigation", "2026-11-20T23:30Z"},
                                                      {"resolution", "2026-11-21T09:00Z"}})
            QCOMPARE(cli({QStringLiteral("timeline"), QStringLiteral("mark"), workspace, mark, time,
                          acme})
                         .exitCode,
                     0);
        QCOMPARE(cli({QStringLiteral("timeline"), QStringLiteral("note"), workspace,
                      QStringLiteral("Called %1 and %2; card %3 from %4")
                          .arg(value(secrets, "phone", 2), value(secrets, "email", 2),
                               value(secrets, "card", 1), value(secrets, "ip", 2)),
                      acme})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("timeline"), QStringLiteral("title"), workspace,
                      QStringLiteral("incident"),
                      QStringLiteral("Leads lost after SDK 4.2.0 (reported by %1)")
                          .arg(value(secrets, "email", 1)),
                      acme})
                     .exitCode,
                 0);
        // Pinned by hand: the corpus lines, with a note holding a card number.
        {
            auto ws = Workspace::open(workspace.toStdString());
            const Scope scope = ws->tenantScope("acme");
            std::vector<std::int64_t> ids;
            auto st = ws->db().prepare("SELECT id FROM logs WHERE body LIKE 'corpus line:%'");
            while (st.step())
                ids.push_back(st.int64(0));
            CaseFile(*ws, scope)
                .addEvidence({logLinesEvidence(*ws, scope, ids),
                              "all of them; card " + value(secrets, "card", 2).toStdString(),
                              "dana", std::nullopt, std::nullopt, std::nullopt});
        }
        // A chart pinned from the Metrics pane, and a finding, a lineage impact and an SLO
        // status, each carrying personal data in what the exports print.
        {
            auto ws = Workspace::open(workspace.toStdString());
            const Scope scope = ws->tenantScope("acme");
            SeriesFilter filter;
            filter.name = "leads.submitted";
            const auto series = listSeries(*ws, scope, filter);
            QCOMPARE(series.size(), std::size_t(1));
            Evidence chart = seriesChartEvidence(*ws, scope, series[0], kChartFromNs, kChartToNs,
                                                 7LL * 24 * 3600 * 1000000000LL);
            chart.title = "Leads as " + value(secrets, "email", 2).toStdString() + " saw them";
            chart.payload["title"] = chart.title;
            chart.payload["lines"][0]["label"] =
                "acme, call " + value(secrets, "phone", 3).toStdString();
            chartLines = chart.payload["lines"].size();
            CaseFile file(*ws, scope);
            file.addEvidence({chart, "the dip", "dana", std::nullopt, std::nullopt, std::nullopt});
            Evidence finding;
            finding.kind = "finding";
            finding.title = "leads.submitted fell";
            finding.fromNs = kChartFromNs;
            finding.payload = {
                {"grade", "error"},
                {"title", "leads.submitted fell"},
                {"summary", "reported from " + value(secrets, "ip", 1).toStdString()},
                {"tenant", "acme"},
                {"onset_ns", kChartFromNs},
                {"causes", {{{"kind", "change"}, {"title", "SDK 4.2.0"}, {"confidence", "high"}}}},
                {"series", {raw(series[0].id)}}};
            file.addEvidence({finding, "", "dana", std::nullopt, std::nullopt, std::nullopt});
            Evidence impact;
            impact.kind = "lineage_impact";
            impact.title = "impact of leads_clean";
            impact.fromNs = kChartFromNs;
            impact.payload = {{"node", "warehouse/leads_clean"},
                              {"direction", "downstream"},
                              {"words", "owner " + value(secrets, "email", 0).toStdString()},
                              {"counts", nlohmann::json::array()},
                              {"nodes",
                               {{{"node", "journeys/welcome"},
                                 {"kind", "journey"},
                                 {"hops", 1},
                                 {"path", {"warehouse/leads_clean", "journeys/welcome"}}}}},
                              {"truncated", false}};
            file.addEvidence({impact, "", "dana", std::nullopt, std::nullopt, std::nullopt});
            Evidence slo;
            slo.kind = "slo_status";
            slo.title = "freshness SLO";
            slo.fromNs = kChartFromNs;
            slo.payload = {{"slo", "ingestion-freshness"},
                           {"tenant", "acme"},
                           {"status", "Broken"},
                           {"sli", 0.9412},
                           {"objective", 0.99},
                           {"budget_remaining", -4.88},
                           {"alerts", nlohmann::json::array()}};
            file.addEvidence({slo, "", "dana", std::nullopt, std::nullopt, std::nullopt});
        }
    }

    qsizetype acmeChartEvidence() const {
        auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::ReadOnly);
        return static_cast<qsizetype>(
            ws->db().scalarInt("SELECT count(*) FROM case_evidence e JOIN tenants t ON t.id = "
                               "e.tenant_id WHERE t.name = 'acme' AND e.kind = 'chart'"));
    }

    void chartsAndTheNewKindsInEveryFormat() {
        const QString md =
            readFile(exportAs(QStringLiteral("md"), {QStringLiteral("--tenant=acme")}));
        QVERIFY(md.contains(QStringLiteral("| line | points | first | lowest | highest | last |")));
        QVERIFY(md.contains(QStringLiteral("(mean) vs the same range a week earlier")));
        QVERIFY(md.contains(QStringLiteral("a week earlier (dashed)")));
        QVERIFY(md.contains(QStringLiteral("| change | SDK 4.2.0 | high |")));
        QVERIFY(md.contains(
            QStringLiteral("| journeys/welcome | journey | 1 | leads_clean → welcome |")));
        QVERIFY(md.contains(
            QStringLiteral("| ingestion-freshness | acme | Broken | 0.9412 | 0.99 | -4.88 |")));

        // One chart per chart evidence of acme's case: the one pinned here and those the
        // runbook's metric checks recorded.
        const qsizetype chartEvidence = acmeChartEvidence();
        QVERIFY(chartEvidence >= 1);
        const QString html =
            readFile(exportAs(QStringLiteral("html"), {QStringLiteral("--tenant=acme")}));
        QCOMPARE(html.count(QStringLiteral("<figure class=\"chart\"><svg")), chartEvidence);
        // The pinned chart is the one titled with the corpus' secrets (redacted).
        QString svg;
        int pinned = 0;
        for (qsizetype at = html.indexOf(QStringLiteral("<svg")); at >= 0;
             at = html.indexOf(QStringLiteral("<svg"), at + 1)) {
            const QString one = html.mid(at, html.indexOf(QStringLiteral("</svg>"), at) - at);
            if (one.contains(QStringLiteral("Leads as [email:"))) {
                svg = one;
                ++pinned;
            }
        }
        QCOMPARE(pinned, 1);
        QCOMPARE(svg.count(QStringLiteral("<polyline class=\"line\"")), 1);
        QCOMPARE(svg.count(QStringLiteral("<polyline class=\"baseline\"")), 1);
        QVERIFY(svg.contains(QStringLiteral(">times in UTC</text>")));
        QVERIFY(svg.contains(QStringLiteral("Leads as [email:")));
        QVERIFY(svg.contains(QStringLiteral("acme, call [phone:")));

        const QJsonObject doc =
            QJsonDocument::fromJson(
                readFile(exportAs(QStringLiteral("json"), {QStringLiteral("--tenant=acme")}))
                    .toUtf8())
                .object();
        const QJsonArray charts = doc.value(QStringLiteral("charts")).toArray();
        QCOMPARE(charts.size(), chartEvidence);
        QJsonObject chart;
        for (const auto& c : charts)
            if (c.toObject()
                    .value(QStringLiteral("title"))
                    .toString()
                    .contains(QStringLiteral("[email:")))
                chart = c.toObject();
        QVERIFY(chart.value(QStringLiteral("evidence"))
                    .toString()
                    .startsWith(QStringLiteral("evidence:")));
        QCOMPARE(chart.value(QStringLiteral("from_ns")).toInteger(), kChartFromNs);
        QCOMPARE(chart.value(QStringLiteral("to_ns")).toInteger(), kChartToNs);
        QVERIFY(
            chart.value(QStringLiteral("title")).toString().contains(QStringLiteral("[email:")));
        const QJsonArray lines = chart.value(QStringLiteral("lines")).toArray();
        QCOMPARE(std::size_t(lines.size()), chartLines);
        for (const auto& line : lines) {
            const QJsonArray points = line.toObject().value(QStringLiteral("points")).toArray();
            QVERIFY(!points.isEmpty());
            QVERIFY(points.size() <= 500);
            for (const auto& pt : points) {
                const qint64 t = pt.toArray()[0].toInteger();
                QVERIFY(t >= kChartFromNs && t < kChartToNs);
            }
        }

        // The PDF draws the chart as a picture twice the SVG's 720 x 270.
        const QString pdf = exportAs(QStringLiteral("pdf"), {QStringLiteral("--tenant=acme")});
        const Run images = program(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
        QCOMPARE(images.exitCode, 0);
        QCOMPARE(QString::fromUtf8(images.out)
                     .count(QRegularExpression(QStringLiteral("image\\s+1440\\s+540\\s"))),
                 chartEvidence);
    }

    void markdownHasItsStructure() {
        const QString md =
            readFile(exportAs(QStringLiteral("md"), {QStringLiteral("--tenant=acme")}));
        QVERIFY(!md.isEmpty());
        // Sections in order.
        qsizetype at = -1;
        for (const char* heading :
             {"\n## Impact\n", "\n## Timeline\n", "\n## Runbook runs\n", "\n## Checks\n",
              "\n## Decisions\n", "\n## Evidence\n", "\n## Record\n"}) {
            const qsizetype next = md.indexOf(QLatin1String(heading));
            QVERIFY2(next > at, heading);
            at = next;
        }
        QVERIFY(md.startsWith(QStringLiteral("# Leads lost after SDK 4.2.0 (reported by [email:")));
        QVERIFY(md.contains(QStringLiteral("| Records lost | %1 |").arg(acmeRejections)));
        QVERIFY(md.contains(QStringLiteral("| Affected tenants | 1: acme |")));
        QVERIFY(md.contains(QStringLiteral("| Time to detect | 25 h 0 min |")));
        QVERIFY(md.contains(QStringLiteral("| Time to mitigate | 2 h 30 min |")));
        QVERIFY(md.contains(QStringLiteral("| Duration | 37 h 0 min |")));
        QVERIFY(md.contains(QStringLiteral(
            "web-forms SDK 4.2.0 (adds utm_content field) rolled out to acme sites")));
        QVERIFY(md.contains(QStringLiteral("**Diagnosis (confirmed):** Ingestion schema drift")));
        QVERIFY(md.contains(QStringLiteral("The audit trail verified:")));
        // Another tenant's SDK wave is not in acme's timeline.
        QVERIFY(!md.contains(QStringLiteral("rolled out to globex sites")));
    }

    void htmlIsSelfContained() {
        const QString html =
            readFile(exportAs(QStringLiteral("html"), {QStringLiteral("--tenant=acme")}));
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        for (const char* section :
             {"<h2>Impact</h2>", "<h2>Timeline</h2>", "<h2>Runbook runs</h2>", "<h2>Evidence</h2>"})
            QVERIFY(html.contains(QLatin1String(section)));
        QVERIFY(html.contains(QStringLiteral("<style>")));
        // Nothing to fetch: no scripts, style sheets, images or fonts from elsewhere.
        QVERIFY(
            !html.contains(QRegularExpression(QStringLiteral("(src|href)\\s*=\\s*\"(https?:)?//"),
                                              QRegularExpression::CaseInsensitiveOption)));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QVERIFY(!html.contains(QStringLiteral("<link")));
        QVERIFY(!html.contains(QStringLiteral("@import")));
    }

    void jsonFollowsItsSchema() {
        const QString path = exportAs(QStringLiteral("json"), {QStringLiteral("--tenant=acme")});
        const QJsonObject doc = QJsonDocument::fromJson(readFile(path).toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("schema")).toString(),
                 QStringLiteral("casebook-timeline-export"));
        QCOMPARE(doc.value(QStringLiteral("version")).toInt(), 1);
        const QJsonObject impact = doc.value(QStringLiteral("impact")).toObject();
        QCOMPARE(impact.value(QStringLiteral("records_lost")).toInteger(), acmeRejections);
        QCOMPARE(impact.value(QStringLiteral("affected_tenants")).toArray(),
                 QJsonArray({QStringLiteral("acme")}));
        QCOMPARE(impact.value(QStringLiteral("time_to_detect_ns")).toInteger(),
                 25LL * 3600 * 1000000000LL);
        QCOMPARE(impact.value(QStringLiteral("detected_at")).toString(),
                 QStringLiteral("2026-11-20T21:00:00Z"));
        const QJsonArray timeline = doc.value(QStringLiteral("timeline")).toArray();
        QVERIFY(timeline.size() > 10);
        qint64 last = std::numeric_limits<qint64>::min();
        QSet<QString> kinds;
        for (const auto& v : timeline) {
            const QJsonObject e = v.toObject();
            for (const char* key :
                 {"key", "kind", "time", "time_ns", "title", "detail", "tenant", "data"})
                QVERIFY2(e.contains(QLatin1String(key)), key);
            QVERIFY(e.value(QStringLiteral("time_ns")).toInteger() >= last);
            last = e.value(QStringLiteral("time_ns")).toInteger();
            kinds.insert(e.value(QStringLiteral("kind")).toString());
            QCOMPARE(e.value(QStringLiteral("tenant")).toString(), QStringLiteral("acme"));
        }
        for (const char* kind :
             {"change", "evidence", "note", "check", "decision", "conclusion", "mark"})
            QVERIFY2(kinds.contains(QLatin1String(kind)), kind);
        const QJsonArray runs = doc.value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].toObject().value(QStringLiteral("verdict")).toString(),
                 QStringLiteral("confirmed"));
        QCOMPARE(runs[0].toObject().value(QStringLiteral("origin")).toString(),
                 QStringLiteral("bundled:ingestion-schema-drift"));
        QCOMPARE(runs[1].toObject().value(QStringLiteral("path")).toArray().size(), 3);
        QVERIFY(doc.value(QStringLiteral("record"))
                    .toObject()
                    .value(QStringLiteral("intact"))
                    .toBool());
        QVERIFY(doc.value(QStringLiteral("redaction"))
                    .toObject()
                    .value(QStringLiteral("replaced"))
                    .toObject()
                    .value(QStringLiteral("email"))
                    .toInt() > 0);
    }

    void noPersonalDataInAnyFormat() {
        QStringList texts;
        for (const QString& format : {QStringLiteral("md"), QStringLiteral("html"),
                                      QStringLiteral("json"), QStringLiteral("pdf")}) {
            const QString path = exportAs(format, {QStringLiteral("--tenant=acme")});
            QVERIFY2(!path.isEmpty(), qPrintable(format));
            QString text;
            if (format == QStringLiteral("pdf")) {
                const QString txt = path + QStringLiteral(".txt");
                QCOMPARE(program(QStringLiteral("pdftotext"), {path, txt}).exitCode, 0);
                text = readFile(txt);
                QVERIFY(text.contains(QStringLiteral("Impact")));
                QVERIFY(text.contains(QStringLiteral("Records lost")));
            } else {
                text = readFile(path);
            }
            QVERIFY2(text.contains(QStringLiteral("[email:")), qPrintable(format));
            QVERIFY2(text.contains(QStringLiteral("[phone:")), qPrintable(format));
            QVERIFY2(text.contains(QStringLiteral("[card:")), qPrintable(format));
            QVERIFY2(text.contains(QStringLiteral("[ip:")), qPrintable(format));
            texts << text;
        }
        const QStringList formats{QStringLiteral("md"), QStringLiteral("html"),
                                  QStringLiteral("json"), QStringLiteral("pdf")};
        for (int i = 0; i < texts.size(); ++i) {
            const QString flat = collapsed(texts[i]);
            for (const auto& s : secrets) {
                QVERIFY2(!texts[i].contains(s.value, Qt::CaseInsensitive),
                         qPrintable(formats[i] + QStringLiteral(": ") + s.value));
                // Line breaks in the PDF's text must not hide a value either.
                QVERIFY2(!flat.contains(collapsed(s.value), Qt::CaseInsensitive),
                         qPrintable(formats[i] + QStringLiteral(" (collapsed): ") + s.value));
            }
            // Nor the sample incident's own people.
            const auto found =
                QRegularExpression(QStringLiteral("[a-z0-9.+-]+@[a-z0-9-]+\\.example")).match(flat);
            QVERIFY2(!found.hasMatch(),
                     qPrintable(formats[i] + QStringLiteral(": ") + found.captured()));
        }
        // Within one export the same address has the same hash: the title and the pinned
        // line both name j.smith; the Markdown shows one token for both.
        const auto tokens =
            QRegularExpression(QStringLiteral("\\[email:[0-9a-f]{10}\\]")).globalMatch(texts[0]);
        QMap<QString, int> seen;
        for (auto it = tokens; it.hasNext();)
            ++seen[it.next().captured()];
        bool repeated = false;
        for (int n : seen)
            repeated = repeated || n > 1;
        QVERIFY(repeated);
    }

    void thePdfHasPagesToLookAt() {
        const QString pdf = exportAs(QStringLiteral("pdf"), {QStringLiteral("--tenant=acme")});
        const Run info = program(QStringLiteral("pdfinfo"), {pdf});
        QCOMPARE(info.exitCode, 0);
        const auto pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)"))
                               .match(QString::fromUtf8(info.out));
        QVERIFY(pages.hasMatch());
        QVERIFY(pages.captured(1).toInt() >= 2);
        QVERIFY(QString::fromUtf8(info.out).contains(
            QRegularExpression(QStringLiteral("Page size:\\s+595 x 842 pts \\(A4\\)"))));
        const QString prefix = out(QStringLiteral("page"));
        QCOMPARE(program(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("50"),
                                                      QStringLiteral("-png"), pdf, prefix})
                     .exitCode,
                 0);
        // pdftoppm pads page numbers to the width of the last one (page-1, page-01...).
        const QStringList first =
            QDir(QFileInfo(prefix).path())
                .entryList({QFileInfo(prefix).fileName() + QStringLiteral("-*1.png")});
        QVERIFY(!first.isEmpty());
        QVERIFY(QFileInfo(QFileInfo(prefix).path() + u'/' + first.front()).size() > 1000);
    }

    void anotherTenantsExportHoldsNoneOfThisCase() {
        const QString md =
            readFile(exportAs(QStringLiteral("md"), {QStringLiteral("--tenant=globex")}));
        QVERIFY(md.contains(QStringLiteral("No runbook was run.")));
        QVERIFY(md.contains(QStringLiteral("No evidence was recorded.")));
        QVERIFY(md.contains(QStringLiteral("rolled out to globex sites")));
        QVERIFY(!md.contains(QStringLiteral("corpus")));
    }

    void exportRefusesBadArguments() {
        QCOMPARE(cli({QStringLiteral("timeline"), QStringLiteral("export"), workspace,
                      QStringLiteral("--format"), QStringLiteral("docx"), out(QStringLiteral("x"))})
                     .exitCode,
                 2);
        const Run missing =
            cli({QStringLiteral("timeline"), QStringLiteral("export"), workspace,
                 QStringLiteral("--format"), QStringLiteral("md"),
                 QStringLiteral("/no/such/dir/x.md"), QStringLiteral("--tenant=acme")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("cannot write"));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
