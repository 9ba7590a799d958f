// SLOs: the definition format and its errors, the SLO file importer (good SLOs land, bad
// ones are rejected with their place), tenant scope, burn-rate rules and alerts on
// hand-made series whose firing times are worked out by hand, and the sample incidents'
// SLOs, which must alert only after the planted cause, and never without it.

#include "core/analysis/metric_baseline.h"
#include "core/analysis/slo_evaluation.h"
#include "core/generate/scenario_generator.h"
#include "core/util/time_text.h"
#include "metric_fixture.h"
#include "plugins/slo/slo_file_importer.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace casebook;
using namespace casebook::test;

namespace {

std::string readText(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::int64_t at(const char* text) {
    return *parseRfc3339(text);
}

// Hour k of the hand-made series counts (T0 + k h, T0 + (k+1) h].
std::int64_t hourEnd(int k) {
    return kT0 + (k + 1) * kHourNs;
}

} // namespace

class TestSlo : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::filesystem::path path(const std::string& name) const {
        return std::filesystem::path(tmp_.path().toStdString()) / name;
    }

    // 48 hours of 100 requests an hour; hours 30 to 33 have 50 failures each. The good
    // counter's points may be stamped `goodOffset` after the total's.
    std::unique_ptr<Workspace> ratioWorkspace(const std::string& name, const std::string& slos,
                                              std::int64_t goodOffset = 0) {
        OtlpMetric total, good;
        total.name = "requests";
        total.shape = OtlpShape::DeltaSum;
        good = total;
        good.name = "requests.ok";
        for (int k = 0; k < 48; ++k) {
            total.points.push_back(point(hourEnd(k) - kHourNs, hourEnd(k), 100));
            good.points.push_back(point(hourEnd(k) - kHourNs + goodOffset, hourEnd(k) + goodOffset,
                                        k >= 30 && k <= 33 ? 50 : 100));
        }
        writeMetricsBundle(path(name), {total, good}, "slos.json", slos);
        auto ws = Workspace::open(path(name + ".casebook"));
        const auto report = importFolder(*ws, path(name));
        if (report.status != ImportStatus::Imported)
            qFatal("import failed: %s", report.error.c_str());
        return ws;
    }

private slots:
    void definitionsAreChecked_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("error");
        const auto sli = QStringLiteral(R"("sli":{"type":"threshold","metric":"q","max":1})");
        QTest::newRow("ok") << (QStringLiteral(R"({"name":"a","objective":0.99,)") + sli + u'}')
                            << QString();
        QTest::newRow("percent") << (QStringLiteral(R"({"name":"a","objective":"99.9%",)") + sli +
                                     u'}')
                                 << QString();
        QTest::newRow("no name") << (QStringLiteral(R"({"objective":0.99,)") + sli + u'}')
                                 << QStringLiteral("name: missing");
        QTest::newRow("objective 1")
            << (QStringLiteral(R"({"name":"a","objective":1,)") + sli + u'}')
            << QStringLiteral("objective: must be between 0 and 1");
        QTest::newRow("objective text")
            << (QStringLiteral(R"({"name":"a","objective":"high",)") + sli + u'}')
            << QStringLiteral("objective: \"high\" is neither a number nor a percentage");
        QTest::newRow("period")
            << (QStringLiteral(R"({"name":"a","objective":0.9,"period":"30",)") + sli + u'}')
            << QStringLiteral("period: \"30\" is not a duration");
        QTest::newRow("tenants")
            << (QStringLiteral(R"({"name":"a","objective":0.9,"tenants":"x",)") + sli + u'}')
            << QStringLiteral("tenants: must be an array");
        QTest::newRow("ratio without good")
            << QStringLiteral(
                   R"({"name":"a","objective":0.9,"sli":{"type":"ratio","total":{"metric":"t"}}})")
            << QStringLiteral("sli.good: missing");
        QTest::newRow("latency threshold")
            << QStringLiteral(
                   R"({"name":"a","objective":0.9,"sli":{"type":"latency","metric":"h","threshold":"fast"}})")
            << QStringLiteral("sli.threshold: must be a number, not a string");
        QTest::newRow("both bounds")
            << QStringLiteral(
                   R"({"name":"a","objective":0.9,"sli":{"type":"threshold","metric":"g","max":1,"min":0}})")
            << QStringLiteral("exactly one of \"max\" and \"min\"");
        QTest::newRow("labels")
            << QStringLiteral(
                   R"({"name":"a","objective":0.9,"sli":{"type":"threshold","metric":"g","max":1,"labels":{"k":3}}})")
            << QStringLiteral("sli.labels.k: must be a string, not a number");
        QTest::newRow("type")
            << QStringLiteral(R"({"name":"a","objective":0.9,"sli":{"type":"x"}})")
            << QStringLiteral("sli.type: \"x\" is not ratio, latency or threshold");
        QTest::newRow("array") << QStringLiteral("[]")
                               << QStringLiteral("an SLO must be an object, not an array");
    }
    void definitionsAreChecked() {
        QFETCH(QString, json);
        QFETCH(QString, error);
        const auto parsed = parseSloDefinitionText(json.toStdString());
        if (error.isEmpty()) {
            QVERIFY2(parsed.slo, parsed.error.c_str());
            // The normalised text reads back to the same definition.
            const auto again = parseSloDefinitionText(sloDefinitionJson(*parsed.slo));
            QVERIFY(again.slo);
            QCOMPARE(again.slo->objective, parsed.slo->objective);
            QCOMPARE(again.slo->threshold, parsed.slo->threshold);
            QCOMPARE(again.slo->periodNs, parsed.slo->periodNs);
        } else {
            QVERIFY(!parsed.slo);
            QVERIFY2(QString::fromStdString(parsed.error).contains(error), parsed.error.c_str());
        }
    }

    void burnRatesFollowThePeriod() {
        const auto month = burnRateRules(30 * kDayNs);
        QCOMPARE(month.size(), std::size_t(4));
        // The SRE workbook's table for 30 days.
        QCOMPARE(month[0].burnRate, 14.4);
        QCOMPARE(month[0].longWindowNs, kHourNs);
        QCOMPARE(month[0].shortWindowNs, 5 * kMinuteNs);
        QCOMPARE(month[1].burnRate, 6.0);
        QCOMPARE(month[2].burnRate, 3.0);
        QCOMPARE(month[3].burnRate, 1.0);
        QCOMPARE(month[3].longWindowNs, 3 * kDayNs);
        QCOMPARE(month[3].severity, AlertSeverity::Ticket);
        // A week keeps the budget shares: 2% of a week's budget in an hour is 3.36x. The
        // tickets would burn 0.7x and 0.23x by the shares; below 1x the budget outlasts the
        // week, so they alert at 1x.
        const auto week = burnRateRules(7 * kDayNs);
        QCOMPARE(week[0].burnRate, 3.36);
        QCOMPARE(week[1].burnRate, 1.4);
        QCOMPARE(week[2].burnRate, 1.0);
        QCOMPARE(week[3].burnRate, 1.0);
        for (const auto& rule : burnRateRules(kDayNs))
            QVERIFY(rule.burnRate >= 1.0);
        QCOMPARE(QString::fromStdString(describeRule(month[0])),
                 QStringLiteral("page 14.4x over 1h and 5m"));
    }

    void ratioAlertsFireAndResolveOnTime() {
        auto ws = ratioWorkspace("ratio", R"({"slos":[{"name":"requests ok","objective":0.99,
            "sli":{"type":"ratio","good":{"metric":"requests.ok"},"total":{"metric":"requests"}}}]})");
        const auto slos = listSlos(*ws, ws->tenantScope("acme"));
        QCOMPARE(slos.size(), std::size_t(1));
        QVERIFY(slos[0].fromBundle);
        const SloEvaluation e = evaluateSlo(*ws, ws->tenantScope("acme"), slos[0]);
        QVERIFY(e.error.empty());
        QCOMPARE(e.sli.size(), std::size_t(48));
        QCOMPARE(e.evaluatedAtNs, hourEnd(47));
        QCOMPARE(e.total, 4800.0);
        QCOMPARE(e.good, 4600.0);
        // 200 bad of 4,800 is 4.17% against a 1% budget: 3.17 budgets overspent.
        QCOMPARE(e.budgetRemaining, 1.0 - (200.0 / 4800.0) / (1.0 - 0.99));
        // Worked out by hand from the windows (t - W, t] at each hour's end:
        //   page 14.4x / 1h+5m: hours 30..33 burn 50x           -> fires at 30, resolved 34
        //   page 6x / 6h+30m:   6h at 30 is 50/600 = 8.3x       -> fires at 30, resolved 34
        //   ticket 3x / 1d+2h:  1d at 30 is 50/2400 = 2.1x, at 31 4.2x -> 31, 2h clear at 35
        //   ticket 1x / 3d+6h:  3d at 30 is 50/3100 = 1.6x      -> 30, 6h clear at 39
        struct Expected {
            AlertSeverity severity;
            std::int64_t longWindow;
            int fired, resolved;
        };
        const Expected expected[] = {{AlertSeverity::Page, kHourNs, 30, 34},
                                     {AlertSeverity::Page, 6 * kHourNs, 30, 34},
                                     {AlertSeverity::Ticket, 3 * kDayNs, 30, 39},
                                     {AlertSeverity::Ticket, kDayNs, 31, 35}};
        QCOMPARE(e.alerts.size(), std::size_t(4));
        for (const Expected& x : expected) {
            const auto it = std::find_if(e.alerts.begin(), e.alerts.end(), [&](const BurnAlert& a) {
                return a.rule.longWindowNs == x.longWindow;
            });
            QVERIFY(it != e.alerts.end());
            QCOMPARE(it->rule.severity, x.severity);
            QCOMPARE(it->firedNs, hourEnd(x.fired));
            QCOMPARE(it->resolvedNs, hourEnd(x.resolved));
        }
        // Nothing fires at the end, but the budget is gone.
        QCOMPARE(e.status, SloStatus::Broken);
        QVERIFY(QString::fromStdString(e.statusWords)
                    .startsWith(QStringLiteral("Broken: error budget exhausted")));
    }

    void goodAndTotalPairOnTheirOwnTimestamps() {
        // The good counter is stamped ten seconds after the total (two exporters, one
        // clock each). Worked out by hand with each point's events spread over its hour:
        // at the end of hour 30 the last hour holds 10 s of hour 29's good events
        // (100 x 10/3600) and 3,590 s of hour 30's (50 x 3590/3600): 50.14 good of 100, a
        // 49.9x burn; its 5-minute window lies inside hour 30: 50x. So the alerts fire
        // and resolve when they do with aligned stamps.
        auto ws = ratioWorkspace("offset", R"({"slos":[{"name":"requests ok","objective":0.99,
            "sli":{"type":"ratio","good":{"metric":"requests.ok"},"total":{"metric":"requests"}}}]})",
                                 10 * kSecondNs);
        const SloEvaluation e =
            evaluateSlo(*ws, ws->tenantScope("acme"), listSlos(*ws, ws->tenantScope("acme"))[0]);
        QVERIFY(e.error.empty());
        QCOMPARE(e.sli.size(), std::size_t(48));
        QCOMPARE(e.evaluatedAtNs, hourEnd(47));
        QCOMPARE(e.total, 4800.0);
        // Up to the end of hour 47 the good counter has 4,600 less the 10 s of its last
        // interval that lie after it (100 x 10/3600).
        QVERIFY(std::abs(e.good - (4600.0 - 1000.0 / 3600.0)) < 1e-6);
        // The SLI of hour 10 (all good) and of hour 31 (half bad).
        QVERIFY(std::abs(e.sli[10].sli() - 1.0) < 1e-9);
        QVERIFY(std::abs(e.sli[31].sli() - 0.5) < 1e-9);
        struct Expected {
            std::int64_t longWindow;
            int fired, resolved;
        };
        const Expected expected[] = {
            {kHourNs, 30, 34}, {6 * kHourNs, 30, 34}, {3 * kDayNs, 30, 39}, {kDayNs, 31, 35}};
        QCOMPARE(e.alerts.size(), std::size_t(4));
        for (const Expected& x : expected) {
            const auto it = std::find_if(e.alerts.begin(), e.alerts.end(), [&](const BurnAlert& a) {
                return a.rule.longWindowNs == x.longWindow;
            });
            QVERIFY(it != e.alerts.end());
            QCOMPARE(it->firedNs, hourEnd(x.fired));
            QCOMPARE(it->resolvedNs, hourEnd(x.resolved));
        }
    }

    void generousObjectiveStaysHealthy() {
        // 50% failures for four hours against a 50% budget: at most 1x, never a page.
        auto ws = ratioWorkspace("generous", R"({"slos":[{"name":"lenient","objective":0.5,
            "sli":{"type":"ratio","good":{"metric":"requests.ok"},"total":{"metric":"requests"}}}]})");
        const auto e =
            evaluateSlo(*ws, ws->tenantScope("acme"), listSlos(*ws, ws->tenantScope("acme"))[0]);
        QVERIFY(std::none_of(e.alerts.begin(), e.alerts.end(), [](const BurnAlert& a) {
            return a.rule.severity == AlertSeverity::Page;
        }));
        QCOMPARE(e.status, SloStatus::Healthy);
    }

    void thresholdAndLatencySlis() {
        OtlpMetric lag;
        lag.name = "lag";
        lag.unit = "s";
        const double values[] = {100, 200, 950, 300, 1200, 400, 500, 899, 900, 901};
        for (int k = 0; k < 10; ++k)
            lag.points.push_back(point(0, hourEnd(k), values[k]));
        OtlpMetric latency;
        latency.name = "latency";
        latency.unit = "ms";
        latency.shape = OtlpShape::DeltaHistogram;
        // 100 observations an hour: 60 in (0,100], 40 in (100,300]. Under 200 ms: 60 plus
        // half of the (100,300] bucket = 80.
        for (int k = 0; k < 10; ++k)
            latency.points.push_back(
                histogramPoint(hourEnd(k) - kHourNs, hourEnd(k), {100, 300}, {60, 40, 0}));
        writeMetricsBundle(path("sli"), {lag, latency}, "slos.json", R"({"slos":[
            {"name":"fresh","objective":0.9,"sli":{"type":"threshold","metric":"lag","max":900}},
            {"name":"fast","objective":0.9,"sli":{"type":"latency","metric":"latency","threshold":200}}]})");
        auto ws = Workspace::open(path("sli.casebook"));
        QCOMPARE(importFolder(*ws, path("sli")).status, ImportStatus::Imported);
        const auto slos = listSlos(*ws, ws->tenantScope("acme"));
        QCOMPARE(slos.size(), std::size_t(2)); // ordered by name: fast, fresh
        const auto fast = evaluateSlo(*ws, ws->tenantScope("acme"), slos[0]);
        QCOMPARE(fast.total, 1000.0);
        QCOMPARE(fast.good, 800.0);
        const auto fresh = evaluateSlo(*ws, ws->tenantScope("acme"), slos[1]);
        QCOMPARE(fresh.total, 10.0);
        QCOMPARE(fresh.good, 7.0); // 950, 1200 and 901 are above 900; 900 itself is within
        // One bad sample in an hour burns 10x against the 10% budget: below the 14.4x of a
        // page, and 6 h never hold more than 2 bad of 5 (4x < 6x). The day so far:
        //   hour 2: 1 bad of 3 = 3.3x (2 h: 1 of 2, 5x)  -> both tickets fire
        //   hour 3: 1 of 4 = 2.5x                        -> the 3x ticket resolves
        //   hour 4: 2 of 5 = 4x (2 h: 5x)                -> it fires again
        //   hour 6: 2 of 7 = 2.9x                        -> and resolves
        //   hour 9: 3 of 10 = exactly 3x, not faster     -> nothing new
        // The 1x ticket (3 d and 6 h) holds from hour 2 on: 6 h never clear of a bad sample.
        QCOMPARE(fresh.alerts.size(), std::size_t(3));
        for (const auto& a : fresh.alerts)
            QCOMPARE(a.rule.severity, AlertSeverity::Ticket);
        QCOMPARE(fresh.alerts[0].firedNs, hourEnd(2));
        QCOMPARE(fresh.alerts[1].firedNs, hourEnd(2));
        const auto& day =
            fresh.alerts[0].rule.longWindowNs == kDayNs ? fresh.alerts[0] : fresh.alerts[1];
        const auto& three = &day == &fresh.alerts[0] ? fresh.alerts[1] : fresh.alerts[0];
        QCOMPARE(day.resolvedNs, hourEnd(3));
        QVERIFY(three.activeAtEnd());
        QCOMPARE(three.rule.longWindowNs, 3 * kDayNs);
        QCOMPARE(fresh.alerts[2].rule.longWindowNs, kDayNs);
        QCOMPARE(fresh.alerts[2].firedNs, hourEnd(4));
        QCOMPARE(fresh.alerts[2].resolvedNs, hourEnd(6));
        // 3 bad of 10 against a 10% budget: overspent three times over.
        QCOMPARE(fresh.budgetRemaining, 1.0 - 0.3 / (1.0 - 0.9));
        QCOMPARE(fresh.status, SloStatus::Broken);
    }

    void sloFileLandsWhatIsValid() {
        const std::string text = readText(testDataDir() / "slo" / "mixed-validity.slos.json");
        OtlpMetric queue;
        queue.name = "queue";
        queue.points = {point(0, hourEnd(0), 1)};
        OtlpMetric other = queue;
        other.tenant = "globex";
        writeMetricsBundle(path("mixed"), {queue, other}, "slos.json", text);
        auto ws = Workspace::open(path("mixed.casebook"));
        const auto report = importFolder(*ws, path("mixed"));
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.slos, std::uint64_t(1));
        QCOMPARE(report.rejected, std::uint64_t(4));
        // The valid SLO names no tenant: every tenant with series of "queue" gets it.
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM slos"), std::int64_t(2));
        const auto file = std::find_if(report.files.begin(), report.files.end(),
                                       [](const FileReport& f) { return f.path == "slos.json"; });
        QVERIFY(file != report.files.end());
        QCOMPARE(QString::fromStdString(file->format), QStringLiteral("casebook-slos"));
        QCOMPARE(QString::fromStdString(file->kind), QStringLiteral("slos"));
        // Each rejection at the byte where its element starts, with its index and reason.
        auto st = ws->db().prepare("SELECT location, reason FROM rejected_records ORDER BY id");
        std::vector<std::pair<std::string, std::string>> rows;
        while (st.step())
            rows.emplace_back(st.text(0), st.text(1));
        QCOMPARE(rows.size(), std::size_t(4));
        const std::size_t tooSure = text.find(R"({"name": "too sure")");
        const std::size_t notObject = text.find(R"("not an object")");
        QCOMPARE(QString::fromStdString(rows[0].first),
                 QStringLiteral("byte %1: slos[1]").arg(tooSure));
        QVERIFY(QString::fromStdString(rows[0].second)
                    .contains(QStringLiteral("SLO (\"too sure\") rejected: objective: must be "
                                             "between 0 and 1 (exclusive), not 1.5")));
        QCOMPARE(QString::fromStdString(rows[1].second),
                 QStringLiteral("SLO (\"no sli\") rejected: sli: missing"));
        QCOMPARE(QString::fromStdString(rows[2].first),
                 QStringLiteral("byte %1: slos[3]").arg(notObject));
        QVERIFY(QString::fromStdString(rows[3].second).contains(QStringLiteral("\"vibes\"")));
    }

    void brokenSloFileIsReportedWhole() {
        OtlpMetric queue;
        queue.name = "queue";
        queue.points = {point(0, hourEnd(0), 1)};
        writeMetricsBundle(path("broken"), {queue}, "slos.json",
                           R"({"slos": [{"name": "x", "objective": 0.9, )");
        auto ws = Workspace::open(path("broken.casebook"));
        const auto report = importFolder(*ws, path("broken"));
        QCOMPARE(report.status, ImportStatus::Imported); // the metrics still land
        QCOMPARE(report.metricPoints, std::uint64_t(1));
        const auto file = std::find_if(report.files.begin(), report.files.end(),
                                       [](const FileReport& f) { return f.path == "slos.json"; });
        QVERIFY(file != report.files.end());
        QVERIFY(
            QString::fromStdString(file->error).startsWith(QStringLiteral("invalid JSON at byte")));
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM slos"), std::int64_t(0));

        // Found by the fuzz target: a number beyond double is valid JSON syntax that the
        // parser refuses; the file is reported, not the process ended.
        writeMetricsBundle(path("huge"), {queue}, "slos.json",
                           R"({"slos": [{"name": "x", "objective": 1e7777777}]})");
        auto huge = Workspace::open(path("huge.casebook"));
        const auto hugeReport = importFolder(*huge, path("huge"));
        QCOMPARE(hugeReport.status, ImportStatus::Imported);
        const auto hugeFile =
            std::find_if(hugeReport.files.begin(), hugeReport.files.end(),
                         [](const FileReport& f) { return f.path == "slos.json"; });
        QVERIFY(
            QString::fromStdString(hugeFile->error).startsWith(QStringLiteral("unreadable JSON")));
    }

    void slosStayInTheirTenant() {
        const std::string text = readText(testDataDir() / "slo" / "lead-flow.slos.json");
        OtlpMetric lag;
        lag.name = "ingestion.freshness_lag_seconds";
        lag.labelKey = "source";
        lag.labelValue = "web-forms";
        lag.points = {point(0, hourEnd(0), 10)};
        OtlpMetric globexLag = lag;
        globexLag.tenant = "globex";
        writeMetricsBundle(path("tenants"), {lag, globexLag}, "slos.json", text);
        auto ws = Workspace::open(path("tenants.casebook"));
        QCOMPARE(importFolder(*ws, path("tenants")).status, ImportStatus::Imported);
        // freshness: both tenants (series); success: no tenant has forms.submissions, so the
        // default tenant; checkout latency: the two it names.
        const auto names = [&](const Scope& scope) {
            QStringList out;
            for (const auto& s : listSlos(*ws, scope))
                out << QString::fromStdString(s.definition->name);
            return out;
        };
        QCOMPARE(names(ws->tenantScope("acme")),
                 (QStringList{QStringLiteral("checkout latency"),
                              QStringLiteral("lead submission success"),
                              QStringLiteral("web-forms freshness")}));
        QCOMPARE(names(ws->tenantScope("globex")),
                 (QStringList{QStringLiteral("checkout latency"),
                              QStringLiteral("web-forms freshness")}));
        QVERIFY(names(ws->tenantScope("initech")).isEmpty());
        // A globex SLO is not found from acme's scope.
        const auto globexSlo = listSlos(*ws, ws->tenantScope("globex")).front();
        QVERIFY(!findSlo(*ws, ws->tenantScope("acme"), globexSlo.id));
        QVERIFY(!removeSlo(*ws, ws->tenantScope("acme"), globexSlo.id));

        // Added in the app: for the tenant in scope only, replacing one of the same name.
        SloDefinition mine = *parseSloDefinitionText(
                                  R"({"name":"web-forms freshness","objective":0.95,
                                      "sli":{"type":"threshold","metric":"ingestion.freshness_lag_seconds","max":600}})")
                                  .slo;
        const SloId id = addSlo(*ws, ws->tenantScope("globex"), mine);
        const auto stored = findSlo(*ws, ws->tenantScope("globex"), id);
        QVERIFY(stored && !stored->fromBundle);
        QCOMPARE(stored->definition->threshold, 600.0);
        QCOMPARE(names(ws->tenantScope("globex")).size(), 2);
        QCOMPARE(listSlos(*ws, ws->tenantScope("acme"))[2].definition->threshold, 900.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 addSlo(*ws, ws->allTenantsScope("tst_slo: refused add"), mine));
        mine.tenants = {"acme"};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 addSlo(*ws, ws->tenantScope("globex"), mine));
        QVERIFY(removeSlo(*ws, ws->tenantScope("globex"), id));
        QCOMPARE(names(ws->tenantScope("globex")).size(), 1);
    }

    void sampleSlosAlertOnlyAfterTheCause_data() {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<int>("seed");
        QTest::addColumn<bool>("incident");
        for (int seed : {42, 7})
            for (bool incident : {true, false}) {
                const QByteArray tag = QByteArray::number(seed) + (incident ? "" : " no incident");
                QTest::newRow("lead-flow " + tag) << int(Scenario::LeadFlow) << seed << incident;
                QTest::newRow("retail " + tag)
                    << int(Scenario::RetailPersonalization) << seed << incident;
            }
    }
    void sampleSlosAlertOnlyAfterTheCause() {
        QFETCH(int, scenario);
        QFETCH(int, seed);
        QFETCH(bool, incident);
        const auto s = static_cast<Scenario>(scenario);
        const std::string name =
            std::string(scenarioName(s)) + "-" + std::to_string(seed) + (incident ? "" : "-calm");
        GenerateOptions options{s, 1, static_cast<std::uint64_t>(seed)};
        options.incident = incident;
        generateBundle(options, path(name));
        auto ws = Workspace::open(path(name + ".casebook"));
        QCOMPARE(importFolder(*ws, path(name)).status, ImportStatus::Imported);
        const Scope all = ws->allTenantsScope("tst_slo: every tenant's SLOs");
        const auto slos = listSlos(*ws, all);
        QCOMPARE(slos.size(), std::size_t(6)); // two SLOs for each of three tenants

        // When each tenant's cause happens (docs/sample-incidents.md).
        const std::map<std::string, std::int64_t> cause = {
            {"acme", at("2026-11-19T20:00:00Z")},     {"globex", at("2026-11-19T20:20:00Z")},
            {"initech", at("2026-11-19T20:40:00Z")},  {"northwind", at("2026-11-27T10:00:00Z")},
            {"tailspin", at("2026-11-27T10:00:00Z")}, {"wingtip", at("2026-11-27T10:00:00Z")}};
        int pages = 0;
        for (const auto& slo : slos) {
            const auto e = evaluateSlo(*ws, all, slo);
            QVERIFY2(e.error.empty(), e.error.c_str());
            for (const auto& a : e.alerts) {
                QVERIFY2(incident, (slo.tenant + " " + slo.definition->name + ": " +
                                    describeRule(a.rule) + " without a cause")
                                       .c_str());
                QVERIFY2(a.firedNs > cause.at(slo.tenant),
                         (slo.tenant + " " + slo.definition->name + " fired at " +
                          formatRfc3339(a.firedNs))
                             .c_str());
                pages += a.rule.severity == AlertSeverity::Page;
            }
            if (!incident)
                QCOMPARE(e.status, SloStatus::Healthy);
        }
        if (!incident)
            return;
        QVERIFY(pages > 0);
        if (s == Scenario::LeadFlow) {
            // acme (48% of its traffic through utm_content links) breaks both SLOs; initech
            // (5%) keeps its freshness within 900 s.
            for (const auto& slo : listSlos(*ws, ws->tenantScope("acme")))
                QCOMPARE(evaluateSlo(*ws, all, slo).status, SloStatus::Broken);
            for (const auto& slo : listSlos(*ws, ws->tenantScope("initech")))
                if (slo.definition->name == "web-forms freshness")
                    QCOMPARE(evaluateSlo(*ws, all, slo).status, SloStatus::Healthy);
        } else {
            for (const auto& slo : slos)
                QCOMPARE(evaluateSlo(*ws, all, slo).status, SloStatus::Broken);
        }
    }
};

QTEST_GUILESS_MAIN(TestSlo)
#include "tst_slo.moc"
