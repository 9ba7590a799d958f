// Findings: the log template miner and its counts, anomaly detection on series with a known
// step, change ranking on hand-made evidence, and the sample incidents: the top finding
// must name the planted cause and its evidence for several seeds, and a bundle without
// the cause must give nothing above a warning.

#include "core/analysis/findings.h"
#include "core/analysis/lineage_upstream.h"
#include "core/analysis/log_template_miner.h"
#include "core/generate/scenario_generator.h"
#include "core/util/time_text.h"
#include "handmade_incident.h"
#include "metric_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace casebook;
using namespace casebook::test;

namespace {

std::int64_t at(const char* text) {
    return *parseRfc3339(text);
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// A weekly-seasonal gauge over nine days: a daily wave, hourly points, and from `stepAt`
// on `factor` times its usual level.
OtlpMetric wave(const std::string& name, std::int64_t stepAt, double factor) {
    OtlpMetric m;
    m.name = name;
    for (int h = 0; h < 9 * 24; ++h) {
        const std::int64_t t = kT0 + (h + 1) * kHourNs;
        const double daily = 100 + 40 * std::sin(2 * M_PI * (h % 24) / 24.0);
        const double jitter = ((h * 37) % 7 - 3) * 0.5; // -1.5 .. 1.5, deterministic
        m.points.push_back(point(0, t, (t >= stepAt ? factor : 1.0) * daily + jitter));
    }
    return m;
}

} // namespace

class TestFindings : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::filesystem::path path(const std::string& name) const {
        return std::filesystem::path(tmp_.path().toStdString()) / name;
    }

    std::unique_ptr<Workspace> sample(Scenario scenario, std::uint64_t seed, bool incident) {
        const std::string name = std::string(scenarioName(scenario)) + "-" + std::to_string(seed) +
                                 (incident ? "" : "-calm");
        GenerateOptions options{scenario, 1, seed};
        options.incident = incident;
        if (!std::filesystem::exists(path(name)))
            generateBundle(options, path(name));
        auto ws = Workspace::open(path(name + ".casebook"));
        const auto report = importFolder(*ws, path(name));
        if (report.status != ImportStatus::Imported &&
            report.status != ImportStatus::AlreadyImported)
            qFatal("import failed: %s", report.error.c_str());
        return ws;
    }

private slots:
    void tokensMaskValues() {
        QCOMPARE(
            q(joinTemplate(templateTokens("rejected submission: unknown field 'utm_content'"))),
            QStringLiteral("rejected submission: unknown field 'utm_content'"));
        QCOMPARE(q(joinTemplate(
                     templateTokens("slow online store read: 412 ms (feature_group=inventory)"))),
                 QStringLiteral("slow online store read: <*> ms (feature_group=inventory)"));
        QCOMPARE(
            q(joinTemplate(templateTokens(
                R"(lead created without owner: email=ann@x.example company="Acme Widgets" reason=none)"))),
            QStringLiteral("lead created without owner: email=<*> company=<*> reason=none"));
        QCOMPARE(
            q(joinTemplate(templateTokens("decision exceeded 200 ms budget (233 ms); served"))),
            QStringLiteral("decision exceeded <*> ms budget (<*> ms); served"));
        QCOMPARE(q(joinTemplate(templateTokens("sent to https://x.example/a (event evt_1f)"))),
                 QStringLiteral("sent to <*> (event <*>)"));
    }

    void minerGroupsMessages() {
        LogTemplateMiner miner;
        const std::size_t a = miner.add("user alice logged in from web");
        const std::size_t b = miner.add("user bob logged in from web");
        const std::size_t c = miner.add("user carol logged in from mobile");
        const std::size_t d = miner.add("disk /var is full");
        const std::size_t e = miner.add("user dave logged out"); // another length
        QCOMPARE(a, b);
        QCOMPARE(b, c);
        QVERIFY(d != a);
        QVERIFY(e != a);
        QCOMPARE(miner.templates()[a].count, std::int64_t(3));
        QCOMPARE(q(miner.templates()[a].text()), QStringLiteral("user <*> logged in from <*>"));
        // Too different to join: under half of the fixed tokens agree.
        const std::size_t f = miner.add("cache warm took long from start");
        QVERIFY(f != a);
        QCOMPARE(miner.match("user erin logged in from tablet"), std::optional<std::size_t>(a));
        QVERIFY(!miner.match("user erin logged out today now"));
        QVERIFY(templateMatches(templateTokens("user <*> logged in from <*>"),
                                templateTokens("user zed logged in from car")));
        QVERIFY(templateMatches(templateTokens("owner: company=<*>"),
                                templateTokens(R"(owner: company="A B C")")));
        QVERIFY(!templateMatches(templateTokens("owner: company=<*>"),
                                 templateTokens("owner: email=x@y.example")));
    }

    void templatesOfTheLeadFlowLogs() {
        auto ws = sample(Scenario::LeadFlow, 42, true);
        const Scope acme = ws->tenantScope("acme");
        // Independently: the rejected submissions of acme as SQL sees them.
        const auto rejected = ws->db().scalarInt(
            "SELECT count(*) FROM logs l JOIN tenants t ON t.id = l.tenant_id WHERE t.name = "
            "'acme' AND l.body = 'rejected submission: unknown field ''utm_content'''");
        QVERIFY(rejected > 50);
        QCOMPARE(countTemplate(*ws, acme, "rejected submission: unknown field 'utm_content'"),
                 rejected);
        LogTemplateQuery errors;
        errors.minSeverity = 17;
        const auto mined = logTemplates(*ws, acme, errors);
        const auto it =
            std::find_if(mined.templates.begin(), mined.templates.end(), [](const auto& t) {
                return t.text == "rejected submission: unknown field 'utm_content'";
            });
        QVERIFY(it != mined.templates.end());
        QCOMPARE(it->count, rejected);
        QCOMPARE(q(it->service), QStringLiteral("ingestion-api"));
        QCOMPARE(q(it->errorCode), QStringLiteral("PARSE_UNKNOWN_FIELD"));
        QVERIFY(it->exampleTrace && it->exampleSpan);
        QCOMPARE(q(exceptionTypeOf(*ws, acme, *it->exampleTrace, *it->exampleSpan)),
                 QStringLiteral("SchemaValidationError"));
        // A template with a wildcard counts every message it covers.
        const auto freshness = ws->db().scalarInt(
            "SELECT count(*) FROM logs l JOIN tenants t ON t.id = l.tenant_id WHERE t.name = "
            "'acme' AND l.body LIKE 'freshness of source web-forms is % s, above the 900 s SLO'");
        QVERIFY(freshness > 0);
        QCOMPARE(
            countTemplate(*ws, acme, "freshness of source web-forms is <*> s, above the <*> s SLO"),
            freshness);
        // Another tenant's records are not counted.
        QCOMPARE(countTemplate(*ws, ws->tenantScope("initech"),
                               "rejected submission: unknown field 'utm_content'"),
                 ws->db().scalarInt("SELECT count(*) FROM logs l JOIN tenants t ON t.id = "
                                    "l.tenant_id WHERE t.name = 'initech' AND l.body = 'rejected "
                                    "submission: unknown field ''utm_content'''"));
    }

    void anomalyOnsetAndSize() {
        const std::int64_t step = kT0 + (8 * 24 + 6) * kHourNs; // day 9, 06:00
        // Which way the series hurt comes from the bundle's SLOs: a maximum on the queue, a
        // ratio whose good events are the accepted orders. steady.level has none.
        writeMetricsBundle(path("step"),
                           {wave("queue.depth", step, 3.0), wave("steady.level", INT64_MAX, 1.0),
                            wave("orders.accepted", step, 0.6)},
                           "slos.json", R"({"slos":[
            {"name":"queue","objective":0.99,
             "sli":{"type":"threshold","metric":"queue.depth","max":500}},
            {"name":"orders","objective":0.99,
             "sli":{"type":"ratio","good":{"metric":"orders.accepted"},
                    "total":{"metric":"orders.accepted"}}}]})");
        auto ws = Workspace::open(path("step.casebook"));
        QCOMPARE(importFolder(*ws, path("step")).status, ImportStatus::Imported);
        const Scope acme = ws->tenantScope("acme");
        const MetricSenses senses = MetricSenses::fromSlos(*ws, acme);
        AnomalyOptions options;
        options.senses = &senses;
        SeriesFilter filter;
        for (const auto& s : listSeries(*ws, acme, filter)) {
            const auto found = detectAnomalies(*ws, acme, s, options);
            if (s.name == "steady.level") {
                QVERIFY(found.empty());
                QCOMPARE(senses.of(s, SeriesView::Value), MetricSense::Either);
                continue;
            }
            QCOMPARE(found.size(), std::size_t(1));
            const Anomaly& a = found.front();
            // A gauge's sample is an instant: the first changed one, at 06:00, starts the
            // anomaly's bucket.
            QCOMPARE(a.onsetNs, step);
            QCOMPARE(a.baselinePeriodNs, kWeekNs);
            QCOMPARE(a.bucketNs, kHourNs);
            QVERIFY(a.ongoing);
            if (s.name == "queue.depth") {
                QCOMPARE(a.direction, 1);
                QVERIFY(std::abs(a.changePercent - 200) < 5); // three times the level
                QCOMPARE(a.sense, MetricSense::UpIsBad);
                QVERIFY(a.harmful);
            } else {
                QCOMPARE(a.direction, -1);
                QVERIFY(std::abs(a.changePercent + 40) < 3);
                QCOMPARE(a.sense, MetricSense::DownIsBad);
                QVERIFY(a.harmful);
                QVERIFY(q(a.words()).startsWith(QStringLiteral("fell 4")));
            }
        }
    }

    void conventionsGiveDirections() {
        SeriesInfo latency;
        latency.name = "rpc.server.duration";
        latency.unit = "ms";
        latency.kind = MetricKind::Histogram;
        QCOMPARE(conventionalSense(latency, SeriesView::P95), MetricSense::UpIsBad);
        // How many observations a latency histogram has says nothing about latency.
        QCOMPARE(conventionalSense(latency, SeriesView::Rate), MetricSense::Either);
        SeriesInfo failures;
        failures.name = "http.server.requests";
        failures.kind = MetricKind::Sum;
        failures.monotonic = true;
        failures.labelsJson = R"({"error.type":"timeout"})";
        QCOMPARE(conventionalSense(failures, SeriesView::Rate), MetricSense::UpIsBad);
        failures.labelsJson = R"({"http.response.status_code":"503"})";
        QCOMPARE(conventionalSense(failures, SeriesView::Rate), MetricSense::UpIsBad);
        failures.labelsJson = R"({"http.response.status_code":"200"})";
        QCOMPARE(conventionalSense(failures, SeriesView::Rate), MetricSense::Either);
        // A name alone says nothing: "postgresql.errors" is not read by its words.
        SeriesInfo named;
        named.name = "postgresql.sql.errors";
        named.kind = MetricKind::Sum;
        named.monotonic = true;
        QCOMPARE(conventionalSense(named, SeriesView::Rate), MetricSense::Either);
    }

    void pastIncidentIsNoBaseline() {
        // 23 days of a daily wave; on day 10 from 06:00 to 12:00 the level triples. A week
        // later the same hours are normal again: against the single week before they would
        // fall by two thirds; the seasonal baseline skips the anomalous week and takes
        // the median of the others, so only day 10 is an anomaly.
        OtlpMetric m;
        m.name = "queue.depth";
        const std::int64_t from = kT0 + (10 * 24 + 6) * kHourNs, to = from + 6 * kHourNs;
        for (int h = 0; h < 23 * 24; ++h) {
            const std::int64_t t = kT0 + (h + 1) * kHourNs;
            const double daily = 100 + 40 * std::sin(2 * M_PI * (h % 24) / 24.0);
            const double jitter = ((h * 31) % 5 - 2) * 0.7;
            m.points.push_back(point(0, t, (t >= from && t < to ? 3.0 : 1.0) * daily + jitter));
        }
        writeMetricsBundle(path("echo"), {m});
        auto ws = Workspace::open(path("echo.casebook"));
        QCOMPARE(importFolder(*ws, path("echo")).status, ImportStatus::Imported);
        const Scope acme = ws->tenantScope("acme");
        const auto s = listSeries(*ws, acme, {}).front();
        const auto found = detectAnomalies(*ws, acme, s);
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found.front().onsetNs, from);
        QCOMPARE(found.front().endNs, to);
        QCOMPARE(found.front().direction, 1);
        QCOMPARE(found.front().baselinePeriodNs, kWeekNs);
    }

    void histogramObservationsThatFellAreAnAnomaly() {
        // A delta latency histogram, hourly over nine days: 100 observations an hour spread
        // the same way, until day 9 06:00, from when only 30 an hour arrive, spread the
        // same way. The p95 does not move; the observation rate falls 70%.
        OtlpMetric m;
        m.name = "checkout.duration";
        m.unit = "ms";
        m.shape = OtlpShape::DeltaHistogram;
        const std::int64_t step = kT0 + (8 * 24 + 6) * kHourNs;
        for (int h = 0; h < 9 * 24; ++h) {
            const std::int64_t t = kT0 + (h + 1) * kHourNs;
            const std::uint64_t k = t > step ? 3 : 10;
            m.points.push_back(
                histogramPoint(t - kHourNs, t, {50, 100, 200}, {4 * k, 4 * k, 2 * k, 0}));
        }
        writeMetricsBundle(path("observations"), {m});
        auto ws = Workspace::open(path("observations.casebook"));
        QCOMPARE(importFolder(*ws, path("observations")).status, ImportStatus::Imported);
        const Scope acme = ws->tenantScope("acme");
        const auto s = listSeries(*ws, acme, {}).front();
        QCOMPARE(anomalyViews(s), (std::vector<SeriesView>{SeriesView::P95, SeriesView::Rate}));
        const auto found = detectAnomalies(*ws, acme, s);
        QCOMPARE(found.size(), std::size_t(1));
        const Anomaly& a = found.front();
        QCOMPARE(a.view, SeriesView::Rate);
        QCOMPARE(a.direction, -1);
        QCOMPARE(a.onsetNs, step);
        QVERIFY(std::abs(a.changePercent + 70) < 0.5);
    }

    void sparseCounterNoiseIsNoAnomaly() {
        OtlpMetric rare;
        rare.name = "orders.rejected";
        rare.shape = OtlpShape::DeltaSum;
        for (int h = 0; h < 9 * 24; ++h) // 0, 1 or 2 a hour, in a fixed pattern
            rare.points.push_back(
                point(kT0 + h * kHourNs, kT0 + (h + 1) * kHourNs, double((h * 7) % 3)));
        writeMetricsBundle(path("rare"), {rare});
        auto ws = Workspace::open(path("rare.casebook"));
        QCOMPARE(importFolder(*ws, path("rare")).status, ImportStatus::Imported);
        const auto s = listSeries(*ws, ws->tenantScope("acme"), {}).front();
        QVERIFY(detectAnomalies(*ws, ws->tenantScope("acme"), s).empty());
    }

    void changesRankByTimeKindAndEvidence() {
        auto change = [](std::int64_t id, const char* time, const char* kind, const char* service,
                         const char* title, const char* version = "") {
            ChangeRow c;
            c.id = id;
            c.timeNs = at(time);
            c.kind = kind;
            c.service = service;
            c.tenant = "acme";
            c.title = title;
            c.version = version;
            return c;
        };
        const std::vector<ChangeRow> changes = {
            change(1, "2026-11-19T20:00:00Z", "sdk_release", "web-forms",
                   "web-forms SDK 4.2.0 (adds utm_content field)", "4.2.0"),
            change(2, "2026-11-19T15:30:00Z", "schema_change", "cdp",
                   "cdp: profiles adds consent_scope"),
            change(3, "2026-11-19T20:00:00Z", "annotation", "", "SDK published"),
            change(4, "2026-11-20T21:00:00Z", "incident", "ingestion-api", "SEV1 detected"),
            change(5, "2026-11-16T10:00:00Z", "deploy", "ingestion-api", "ingestion-api 3.14.2"),
            change(6, "2026-11-19T20:30:00Z", "deploy", "billing", "billing 1.2"),
        };
        ChangeEvidence e;
        e.onsetNs = at("2026-11-19T20:00:00Z");
        e.toleranceNs = kHourNs;
        e.lookbackNs = 48 * kHourNs;
        e.tenant = "acme";
        e.anomalyServices = {"ingestion-api", "cdp"};
        e.failingServices = {"web-forms", "ingestion-api"};
        e.sharedValues = {"4.2.0"};
        e.evidenceText =
            "rejected submission: unknown field 'utm_content' form.fields contains utm_content";
        const auto ranked = rankChanges(changes, e);
        // The incident record is not a cause; the deploy of 11-16 is beyond the lookback.
        QCOMPARE(ranked.size(), std::size_t(4));
        QCOMPARE(ranked[0].change.id, std::int64_t(1));
        QCOMPARE(ranked[0].reasons.size(), std::size_t(3)); // failing traces, version, word
        QVERIFY(q(ranked[0].reasons[2]).contains(QStringLiteral("utm_content")));
        // Same service as the anomaly, 4.5 h earlier: second.
        QCOMPARE(ranked[1].change.id, std::int64_t(2));
        QCOMPARE(ranked[1].leadNs, std::int64_t(4 * kHourNs + 30 * kMinuteNs));
        // An annotation without a service and an unrelated deploy half an hour later trail.
        QCOMPARE(ranked[2].change.id, std::int64_t(3));
        QCOMPARE(ranked[3].change.id, std::int64_t(6));
        QVERIFY(ranked[3].leadNs < 0);
        for (std::size_t i = 1; i < ranked.size(); ++i)
            QVERIFY(ranked[i - 1].score >= ranked[i].score);
        // The lineage hook: a change upstream of the anomaly's service counts.
        e.isUpstream = [](std::string_view service, std::string_view upstream) {
            return service == "ingestion-api" && upstream == "billing";
        };
        const auto withLineage = rankChanges(changes, e);
        const auto billing =
            std::find_if(withLineage.begin(), withLineage.end(),
                         [](const ChangeCandidate& c) { return c.change.id == 6; });
        QVERIFY(q(billing->reasons.front()).contains(QStringLiteral("upstream")));
        QVERIFY(billing->score > ranked[3].score);
    }

    void handmadeIncidentIsExplainedFromItsData() {
        const auto dir = path("ledger");
        handmade::writeHandmadeIncident(dir);
        auto ws = Workspace::open(path("ledger.casebook"));
        const auto imported = importFolder(*ws, dir);
        QCOMPARE(imported.status, ImportStatus::Imported);
        QCOMPARE(imported.rejected, std::int64_t(0));
        const auto report = findWhatChanged(*ws, ws->tenantScope("tyrell"));
        QCOMPARE(report.seriesScanned, std::int64_t(2));
        QVERIFY(!report.findings.empty());
        const Finding& top = report.findings.front();
        QCOMPARE(top.grade, FindingGrade::Error);
        QCOMPARE(q(top.tenant), QStringLiteral("tyrell"));
        QCOMPARE(top.onsetNs, handmade::kOnset);
        // The postings fell a fifth, and the SLO on them says that hurts.
        QVERIFY(std::any_of(top.anomalies.begin(), top.anomalies.end(), [](const Anomaly& a) {
            return a.series.name == "ledger.postings" && a.direction < 0 && a.harmful &&
                   std::abs(a.changePercent + 20) < 1;
        }));
        // The deploy twenty minutes before, over the earlier config change and the flag.
        QVERIFY(!top.changes.empty());
        QCOMPARE(q(top.changes.front().change.title),
                 QStringLiteral("billing-ledger 7.1.0: half_even rounding by currency_scale"));
        QCOMPARE(top.changes.front().leadNs, handmade::kOnset - handmade::kDeploy);
        // Its title shares a rare word with the new error.
        QVERIFY(std::any_of(
            top.changes.front().reasons.begin(), top.changes.front().reasons.end(),
            [](const std::string& r) { return q(r).contains(QStringLiteral("currency_scale")); }));
        // The new error message, counted: every yen invoice from 10:00 on.
        const auto tmpl =
            std::find_if(top.logTemplates.begin(), top.logTemplates.end(),
                         [](const auto& t) { return t.logTemplate.text == handmade::kRefusal; });
        QVERIFY(tmpl != top.logTemplates.end());
        QCOMPARE(tmpl->before, std::int64_t(0));
        QCOMPARE(tmpl->logTemplate.maxSeverity, 17);
        // What the failing traces share: the currency, from the data; neither the request
        // id (an identifier) nor the region (the same everywhere) nor the new version
        // (healthy traces after the deploy have it too).
        QVERIFY(!top.attributes.empty());
        QCOMPARE(q(top.attributes.front().feature()), QStringLiteral("ledger.currency = JPY"));
        QCOMPARE(top.attributes.front().healthyWith, std::int64_t(0));
        for (const auto& a : top.attributes) {
            QVERIFY2(a.key != "request.uid" && a.key != "deployment.region" &&
                         a.key != "service.version",
                     a.feature().c_str());
        }
        QVERIFY(std::any_of(top.sloAlerts.begin(), top.sloAlerts.end(),
                            [](const SloAlertEvidence& e) { return e.name == "invoices posted"; }));
    }

    void lineageSaysWhichServicesFeedWhich() {
        // The lead-flow lineage (docs/sample-incidents.md): the browser SDK (web-forms)
        // feeds the parser (ingestion-api), which feeds the CDP, scoring, the CRM sync and
        // the nurture journeys; nothing flows back.
        auto ws = sample(Scenario::LeadFlow, 42, true);
        const UpstreamTest feeds = lineageUpstreamTest(*ws, ws->tenantScope("acme"));
        QVERIFY(feeds);
        QVERIFY(feeds("crm-sync", "ingestion-api"));
        QVERIFY(feeds("nurture-journeys", "ingestion-api"));
        QVERIFY(feeds("nurture-journeys", "web-forms"));
        QVERIFY(feeds("crm-sync", "lead-scoring"));
        QVERIFY(!feeds("ingestion-api", "crm-sync"));
        QVERIFY(!feeds("web-forms", "nurture-journeys"));
        QVERIFY(!feeds("ingestion-api", "ingestion-api"));

        // So the journeys' fall is explained by the SDK release two services up.
        const auto report = findWhatChanged(*ws, ws->tenantScope("acme"));
        const auto journeys =
            std::find_if(report.findings.begin(), report.findings.end(), [](const Finding& f) {
                return f.title.rfind("journeys.active fell", 0) == 0;
            });
        QVERIFY(journeys != report.findings.end());
        QVERIFY(!journeys->changes.empty());
        const ChangeCandidate& top = journeys->changes.front();
        QCOMPARE(top.change.kind, std::string("sdk_release"));
        QVERIFY(std::find(top.reasons.begin(), top.reasons.end(),
                          "web-forms is upstream of nurture-journeys in lineage") !=
                top.reasons.end());

        // A workspace without lineage has no upstream test.
        QTemporaryDir empty;
        auto bare =
            Workspace::open(std::filesystem::path(empty.path().toStdString()) / "bare.casebook");
        QVERIFY(!lineageUpstreamTest(*bare, bare->allTenantsScope("tst_findings: no lineage")));
    }

    void leadFlowTopFindingNamesTheCause_data() {
        QTest::addColumn<int>("seed");
        for (int seed : {42, 7, 2026})
            QTest::newRow(QByteArray::number(seed).constData()) << seed;
    }
    void leadFlowTopFindingNamesTheCause() {
        QFETCH(int, seed);
        auto ws = sample(Scenario::LeadFlow, static_cast<std::uint64_t>(seed), true);
        int progressCalls = 0;
        double lastProgress = -1;
        FindingsOptions options;
        options.progress = [&](double done, const std::string&) {
            QVERIFY(done >= lastProgress);
            lastProgress = done;
            ++progressCalls;
        };
        const auto report =
            findWhatChanged(*ws, ws->allTenantsScope("tst_findings: lead flow"), options);
        QCOMPARE(report.seriesScanned, std::int64_t(48));
        QVERIFY(progressCalls > 10 && progressCalls < 200);
        QCOMPARE(lastProgress, 1.0);
        QVERIFY(!report.findings.empty());
        const Finding& top = report.findings.front();
        QCOMPARE(top.grade, FindingGrade::Error);
        // The onset at the tenant's SDK wave (the hour it lies in, or the next).
        const std::map<std::string, std::int64_t> wave = {{"acme", at("2026-11-19T20:00:00Z")},
                                                          {"globex", at("2026-11-19T20:20:00Z")},
                                                          {"initech", at("2026-11-19T20:40:00Z")}};
        QVERIFY(top.onsetNs >= wave.at(top.tenant) - kHourNs &&
                top.onsetNs <= wave.at(top.tenant) + 2 * kHourNs);
        // The change: the web SDK release, of this tenant's wave.
        QVERIFY(!top.changes.empty());
        const ChangeRow& cause = top.changes.front().change;
        QCOMPARE(q(cause.kind), QStringLiteral("sdk_release"));
        QCOMPARE(q(cause.service), QStringLiteral("web-forms"));
        QVERIFY(q(cause.title).startsWith(QStringLiteral("web-forms SDK 4.2.0")));
        QCOMPARE(q(cause.tenant), q(top.tenant));
        // The submission drop is among its anomalies.
        QVERIFY(std::any_of(top.anomalies.begin(), top.anomalies.end(), [](const Anomaly& a) {
            return a.series.name == "leads.submitted" && a.direction < 0 && a.harmful;
        }));
        // The log template: the parser's rejection, an error, with its exception type.
        const auto tmpl =
            std::find_if(top.logTemplates.begin(), top.logTemplates.end(), [](const auto& t) {
                return t.logTemplate.text == "rejected submission: unknown field 'utm_content'";
            });
        QVERIFY(tmpl != top.logTemplates.end());
        QCOMPARE(q(tmpl->exceptionType), QStringLiteral("SchemaValidationError"));
        QVERIFY(tmpl->logTemplate.maxSeverity >= 17);
        QVERIFY(tmpl->after > tmpl->before);
        // Its "after" count, checked against SQL over the same window.
        const std::int64_t afterEnd =
            top.onsetNs + static_cast<std::int64_t>(tmpl->afterHours * 3.6e12 + 0.5);
        auto st = ws->db().prepare(
            "SELECT count(*) FROM logs l JOIN tenants t ON t.id = l.tenant_id WHERE t.name = ? AND "
            "l.body = 'rejected submission: unknown field ''utm_content''' AND l.time_ns >= ? AND "
            "l.time_ns < ?");
        st.bind(1, top.tenant).bind(2, top.onsetNs).bind(3, afterEnd);
        QVERIFY(st.step());
        QCOMPARE(tmpl->after, st.int64(0));
        // The new form field in what failing traces share: the array element itself.
        const auto field =
            std::find_if(top.attributes.begin(), top.attributes.end(), [](const auto& a) {
                return a.key == "form.fields" && a.value == "utm_content" && a.arrayElement;
            });
        QVERIFY(field != top.attributes.end());
        QCOMPARE(q(field->feature()), QStringLiteral("form.fields contains utm_content"));
        // Nearly every failing trace has it, hardly a healthy one (the sampled traces,
        // counted against SQL below).
        QVERIFY(field->failingShare() >= 0.9);
        QVERIFY(field->healthyShare() <= 0.1);
        QVERIFY(field->exampleTrace.has_value());
        auto has = ws->db().prepare(
            "SELECT count(*) FROM spans s WHERE s.trace_id = ? AND EXISTS (SELECT 1 FROM "
            "json_each(s.attributes, '$.\"form.fields\"') e WHERE e.value = 'utm_content')");
        has.bindBlob(1, field->exampleTrace->bytes);
        QVERIFY(has.step());
        QVERIFY(has.int64(0) > 0);
        // The summary names the change, the template and the field apart from the title.
        QVERIFY(q(top.summary).contains(QStringLiteral("web-forms SDK 4.2.0")));
        QVERIFY(q(top.summary).contains(QStringLiteral("form.fields contains utm_content")));
        QVERIFY(
            q(top.summary)
                .contains(QStringLiteral("\"rejected submission: unknown field 'utm_content'\"")));
    }

    void retailTopFindingNamesTheCache_data() {
        QTest::addColumn<int>("seed");
        for (int seed : {42, 7})
            QTest::newRow(QByteArray::number(seed).constData()) << seed;
    }
    void retailTopFindingNamesTheCache() {
        QFETCH(int, seed);
        auto ws = sample(Scenario::RetailPersonalization, static_cast<std::uint64_t>(seed), true);
        // As the support engineer of the default tenant sees it.
        const auto report = findWhatChanged(*ws, ws->tenantScope("northwind"));
        QVERIFY(!report.findings.empty());
        const Finding& top = report.findings.front();
        QCOMPARE(top.grade, FindingGrade::Error);
        QCOMPARE(q(top.tenant), QStringLiteral("northwind"));
        QCOMPARE(top.onsetNs, at("2026-11-27T10:00:00Z"));
        const ChangeRow& cause = top.changes.front().change;
        QCOMPARE(q(cause.kind), QStringLiteral("config_change"));
        QCOMPARE(q(cause.service), QStringLiteral("feature-store"));
        QVERIFY(q(cause.title).contains(QStringLiteral("max_entries")));
        // Feature-store latency: its read histogram's p95 rose, and its spans slowed.
        QVERIFY(std::any_of(top.anomalies.begin(), top.anomalies.end(), [](const Anomaly& a) {
            return a.series.name == "feature.read.duration" && a.direction > 0;
        }));
        // The cache eviction the issue names: evictions rose, the hit ratio fell.
        QVERIFY(std::any_of(top.anomalies.begin(), top.anomalies.end(), [](const Anomaly& a) {
            return a.series.name == "cache.evictions" && a.direction > 0 && a.changePercent > 100;
        }));
        QVERIFY(std::any_of(top.anomalies.begin(), top.anomalies.end(), [](const Anomaly& a) {
            return a.series.name == "cache.hit_ratio" && a.direction < 0;
        }));
        QVERIFY(!top.slowOperations.empty());
        QCOMPARE(q(top.slowOperations.front().service), QStringLiteral("feature-store"));
        QVERIFY(top.slowOperations.front().p95AfterMs > 3 * top.slowOperations.front().p95BeforeMs);
        QVERIFY(
            std::any_of(top.sloAlerts.begin(), top.sloAlerts.end(), [](const SloAlertEvidence& e) {
                return e.alert.rule.severity == AlertSeverity::Page;
            }));
        // Every finding stays in the tenant.
        for (const auto& f : report.findings)
            QCOMPARE(q(f.tenant), QStringLiteral("northwind"));
    }

    void withoutTheCauseNothingAboveWarning_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<int>("seed");
        for (int seed : {42, 7}) {
            QTest::newRow(("lead-flow " + QByteArray::number(seed)).constData())
                << int(Scenario::LeadFlow) << seed;
            QTest::newRow(("retail " + QByteArray::number(seed)).constData())
                << int(Scenario::RetailPersonalization) << seed;
        }
    }
    void withoutTheCauseNothingAboveWarning() {
        QFETCH(int, scenario);
        QFETCH(int, seed);
        auto ws = sample(static_cast<Scenario>(scenario), static_cast<std::uint64_t>(seed), false);
        const auto report = findWhatChanged(*ws, ws->allTenantsScope("tst_findings: calm"));
        // Every series was looked at: as many as the workspace has.
        const std::int64_t series = ws->db().scalarInt("SELECT count(*) FROM metric_series");
        QVERIFY(series >= 40);
        QCOMPARE(report.seriesScanned, series);
        for (const auto& f : report.findings) {
            QVERIFY2(f.grade != FindingGrade::Error, (f.tenant + ": " + f.title).c_str());
            // Without the cause, the change that carries it is never what a warning blames
            // first: the web SDK release still happens on the lead flow (harmless now); the
            // retail bundle has no cache change at all.
            if (f.changes.empty())
                continue;
            const ChangeRow& blamed = f.changes.front().change;
            QVERIFY2(blamed.title.rfind("web-forms SDK 4.2.0", 0) != 0 &&
                         blamed.service != "feature-store",
                     (f.tenant + ": " + f.title + " <- " + blamed.title).c_str());
        }
    }

    void cancelStopsEarly() {
        auto ws = sample(Scenario::LeadFlow, 42, true);
        std::stop_source stop;
        FindingsOptions options;
        options.stop = stop.get_token();
        options.progress = [&](double done, const std::string&) {
            if (done > 0.2)
                stop.request_stop();
        };
        const auto report =
            findWhatChanged(*ws, ws->allTenantsScope("tst_findings: cancel"), options);
        QVERIFY(report.cancelled);
        QVERIFY(report.seriesScanned < 48);
    }
};

QTEST_GUILESS_MAIN(TestFindings)
#include "tst_findings.moc"
