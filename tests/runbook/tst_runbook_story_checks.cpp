// The check kinds over metrics, SLOs, log templates and lineage, on the generated lead-flow
// bundle (seed 42, scale 1). Expectations come from docs/sample-incidents.md ("The
// numbers", "Lineage") and are recomputed here from the tables with plain SQL, never from
// the code under test.
#include "core/generate/scenario_generator.h"
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/runbook/check_registry.h"
#include "core/runbook/runbook_parser.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "plugins/builtin_importers.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace casebook;

namespace {

BlockEntry entry(const char* key, const std::string& value) {
    return {key, value, 1};
}

std::int64_t at(const char* text) {
    return *parseRfc3339(text);
}

constexpr std::int64_t kWeek = 7LL * 86'400'000'000'000LL;

} // namespace

class TestRunbookStoryChecks : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;

    CheckResult run(const char* kind, std::vector<BlockEntry> parameters, const Scope& scope,
                    int limit = 20) {
        const CheckKind* k = builtinCheckRegistry().find(kind);
        if (!k)
            qFatal("no kind %s", kind);
        const CheckParameters p(std::move(parameters), limit);
        if (k->validate)
            if (auto problem = k->validate(p))
                qFatal("invalid parameters: %s", problem->message.c_str());
        return k->run(*ws, scope, p);
    }
    std::optional<CheckParameterError> validate(const char* kind,
                                                std::vector<BlockEntry> parameters) {
        return builtinCheckRegistry().find(kind)->validate(CheckParameters(std::move(parameters)));
    }
    Scope acme() { return ws->tenantScope("acme"); }
    Scope all() { return ws->allTenantsScope("story check tests"); }

    // Σ value of a delta counter's points whose interval's middle lies in [from, to): what
    // the baseline comparison counts (docs/sample-incidents.md, "The numbers").
    double counted(const char* metric, const char* tenant, std::int64_t from, std::int64_t to) {
        auto st = ws->db().prepare(
            "SELECT coalesce(sum(p.value), 0) FROM metric_points p JOIN metric_series s ON s.id = "
            "p.series_id JOIN tenants t ON t.id = p.tenant_id WHERE s.name = ? AND (p.start_ns + "
            "p.time_ns) / 2 >= ? AND (p.start_ns + p.time_ns) / 2 < ? AND (? = '' OR t.name = ?)");
        st.bind(1, std::string(metric));
        st.bind(2, from);
        st.bind(3, to);
        st.bind(4, std::string(tenant));
        st.bind(5, std::string(tenant));
        st.step();
        return st.real(0);
    }

private slots:
    void initTestCase() {
        const std::string bundle = dir.filePath(QStringLiteral("lead-flow")).toStdString();
        generateBundle(GenerateOptions{Scenario::LeadFlow, 1, 42}, bundle);
        ws = Workspace::open(bundle + ".casebook");
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        QCOMPARE(importBundle(*ws, bundle, registry).status, ImportStatus::Imported);
    }

    void metricChangeMeasuresTheLeadDrop() {
        // The incident window against the same window a week earlier: acme -36.5%.
        const std::int64_t from = at("2026-11-19T20:00Z"), to = at("2026-11-21T00:00Z");
        const auto r = run("metric_change",
                           {entry("metric", "leads.submitted"), entry("labels", "source=web-forms"),
                            entry("from", "2026-11-19T20:00Z"), entry("to", "2026-11-21T00:00Z")},
                           acme());
        const double current = counted("leads.submitted", "acme", from, to);
        const double baseline = counted("leads.submitted", "acme", from - kWeek, to - kWeek);
        QCOMPARE(r.values.at("current"), current);
        QCOMPARE(r.values.at("baseline"), baseline);
        QCOMPARE(r.values.at("change"), current / baseline - 1);
        QCOMPARE(std::round(r.values.at("change") * 1000), -365.0);
        QCOMPARE(r.values.at("missing"), baseline - current);
        QVERIFY2(r.summary.find("-36.5% vs same time last week") != std::string::npos,
                 r.summary.c_str());

        QCOMPARE(r.evidence.size(), std::size_t(1));
        const auto& chart = r.evidence.front();
        QCOMPARE(chart.kind, std::string("chart"));
        QCOMPARE(*chart.fromNs, from);
        QCOMPARE(*chart.toNs, to);
        const auto& lines = chart.payload["lines"];
        QCOMPARE(lines.size(), std::size_t(2));
        QCOMPARE(lines[0]["dashed"].get<bool>(), false);
        QCOMPARE(lines[1]["dashed"].get<bool>(), true);
        QCOMPARE(chart.payload["series"].size(), std::size_t(1));
        QCOMPARE(chart.payload["series"][0]["tenant"].get<std::string>(), std::string("acme"));
        for (const auto& line : lines) {
            QVERIFY(!line["points"].empty());
            QVERIFY(line["points"].size() <= 500);
            // The baseline is drawn shifted onto the range it is compared with.
            for (const auto& point : line["points"]) {
                QVERIFY(point[0].get<std::int64_t>() >= from);
                QVERIFY(point[0].get<std::int64_t>() < to);
            }
        }
        // The rate (leads per second) of the hourly counts: both lines are positive and
        // the current one is lower on average, as the totals say.
        auto mean = [](const nlohmann::json& points) {
            double sum = 0;
            for (const auto& p : points)
                sum += p[1].get<double>();
            return sum / static_cast<double>(points.size());
        };
        QVERIFY(mean(lines[0]["points"]) < mean(lines[1]["points"]));
    }

    void metricChangeAcrossTenantsPoolsTheSeries() {
        // All tenants: 4,943 vs 6,451, -23.4%.
        const auto r = run("metric_change",
                           {entry("metric", "leads.submitted"), entry("from", "2026-11-19T20:00Z"),
                            entry("to", "2026-11-21T00:00Z")},
                           all());
        QCOMPARE(r.values.at("current"), 4943.0);
        QCOMPARE(r.values.at("baseline"), 6451.0);
        QCOMPARE(r.evidence.front().payload["series"].size(), std::size_t(3));
        // forms.submissions: the SDK sends as before, -0.8%.
        const auto forms =
            run("metric_change",
                {entry("metric", "forms.submissions"), entry("from", "2026-11-19T20:00Z"),
                 entry("to", "2026-11-21T00:00Z")},
                all());
        QCOMPARE(std::round(forms.values.at("change") * 1000), -8.0);
    }

    void metricChangePerAnotherMetric() {
        // Leads accepted per submission sent, acme, the incident window against a week
        // earlier: the share the parser lets through.
        const std::int64_t from = at("2026-11-19T20:00Z"), to = at("2026-11-21T00:00Z");
        const auto r = run("metric_change",
                           {entry("metric", "leads.submitted"), entry("per", "forms.submissions"),
                            entry("from", "2026-11-19T20:00Z"), entry("to", "2026-11-21T00:00Z")},
                           acme());
        const double now = counted("leads.submitted", "acme", from, to) /
                           counted("forms.submissions", "acme", from, to);
        const double before = counted("leads.submitted", "acme", from - kWeek, to - kWeek) /
                              counted("forms.submissions", "acme", from - kWeek, to - kWeek);
        QVERIFY(std::abs(r.values.at("current") / now - 1) < 1e-12);
        QVERIFY(std::abs(r.values.at("baseline") / before - 1) < 1e-12);
        QVERIFY(std::abs(r.values.at("change") - (now / before - 1)) < 1e-12);
        QVERIFY(std::isnan(r.values.at("missing")));
        const auto& chart = r.evidence.front().payload;
        QCOMPARE(chart["series"].size(), std::size_t(2)); // the metric and the one it is per
        QCOMPARE(chart["unit"].get<std::string>(), std::string("1"));
        for (const auto& point : chart["lines"][0]["points"])
            QVERIFY(point[1].get<double>() >= 0 && point[1].get<double>() <= 1.5);
        const auto missing = run(
            "metric_change", {entry("metric", "leads.submitted"), entry("per", "no.such")}, acme());
        QCOMPARE(missing.summary, std::string("no series of no.such in this scope"));
    }

    void metricChangeDefaultsToTheLastDayOfData() {
        // Without a range: the last 24 h of the data (metrics end 2026-11-21T00:00Z), vs
        // the same day a week earlier; `baseline: 1d` compares with the day before.
        const std::int64_t to = at("2026-11-21T00:00Z") + 1, from = to - 86'400'000'000'000LL;
        const auto r = run("metric_change", {entry("metric", "leads.submitted")}, acme());
        QCOMPARE(r.values.at("current"), counted("leads.submitted", "acme", from, to));
        QCOMPARE(r.values.at("baseline"),
                 counted("leads.submitted", "acme", from - kWeek, to - kWeek));
        const auto day = run("metric_change",
                             {entry("metric", "leads.submitted"), entry("baseline", "1d")}, acme());
        const std::int64_t d = 86'400'000'000'000LL;
        QCOMPARE(day.values.at("baseline"), counted("leads.submitted", "acme", from - d, to - d));
        QVERIFY2(day.summary.find("same time yesterday") != std::string::npos, day.summary.c_str());
    }

    void metricChangeWithoutSeriesIsNoAlarm() {
        // A gauge counts nothing: no records missing.
        const auto gauge =
            run("metric_change", {entry("metric", "identity.match_rate.deterministic")}, acme());
        QVERIFY(std::isfinite(gauge.values.at("change")));
        QVERIFY(std::isnan(gauge.values.at("missing")));
        const auto r = run("metric_change", {entry("metric", "audience.size")}, acme());
        QVERIFY(std::isnan(r.values.at("change")));
        QVERIFY(r.evidence.empty());
        QCOMPARE(r.summary, std::string("no series of audience.size in this scope"));
        QVERIFY(validate("metric_change", {entry("metric", "m"), entry("view", "p42")}));
        QVERIFY(validate("metric_change", {entry("metric", "m"), entry("labels", "source")}));
        QVERIFY(validate("metric_change", {entry("metric", "m"), entry("baseline", "7")}));
        QVERIFY(!validate("metric_change", {entry("metric", "m"), entry("view", "p95"),
                                            entry("labels", "a=b, c=d"), entry("last", "12h")}));
    }

    void impactOnlyWhereRecordsAreCounted() {
        auto withImpact = [](const char* kind, const char* key, const char* value) {
            return loadRunbook(std::string("# T\n\n## S\n\n```check\nkind: ") + kind + "\n" + key +
                                   ": " + value + "\nimpact: lost\n```\n",
                               builtinCheckRegistry(), "t");
        };
        QVERIFY(withImpact("metric_change", "metric", "leads.submitted").ok());
        for (const auto& [kind, key] :
             {std::pair{"slo_status", "slo"}, std::pair{"lineage_impact", "node"}}) {
            const auto parsed = withImpact(kind, key, "x");
            QVERIFY(!parsed.ok());
            QVERIFY2(parsed.errors.front().message.find("cannot give an impact") !=
                         std::string::npos,
                     parsed.errors.front().message.c_str());
        }
    }

    void sloStatusOfTheFreshnessSlo() {
        // The freshness gauge is good at <= 900 s; acme's SLI is the share of its hourly
        // samples within it (the 30-day period covers all nine days of data).
        const double good = double(ws->db().scalarInt(
            "SELECT count(*) FROM metric_points p JOIN metric_series s ON s.id = p.series_id "
            "JOIN tenants t ON t.id = p.tenant_id WHERE s.name = "
            "'ingestion.freshness_lag_seconds' AND t.name = 'acme' AND p.value <= 900"));
        const double total = double(ws->db().scalarInt(
            "SELECT count(*) FROM metric_points p JOIN metric_series s ON s.id = p.series_id "
            "JOIN tenants t ON t.id = p.tenant_id WHERE s.name = "
            "'ingestion.freshness_lag_seconds' AND t.name = 'acme'"));
        const auto r = run("slo_status", {entry("slo", "web-forms freshness")}, acme());
        QCOMPARE(r.values.at("sli"), good / total);
        // Budget left: 1 - (bad share / allowed bad share of 1%).
        QVERIFY(std::abs(r.values.at("budget_remaining") - (1 - (1 - good / total) / 0.01)) < 1e-9);
        QCOMPARE(r.values.at("burning"), 1.0);
        QVERIFY(r.values.at("alerts") >= 1);
        QCOMPARE(r.evidence.size(), std::size_t(1));
        const auto& e = r.evidence.front().payload;
        QCOMPARE(r.evidence.front().kind, std::string("slo_status"));
        QCOMPARE(e["slo"].get<std::string>(), std::string("web-forms freshness"));
        QCOMPARE(e["tenant"].get<std::string>(), std::string("acme"));
        QCOMPARE(e["status"].get<std::string>(), std::string("Broken"));
        QCOMPARE(e["objective"].get<double>(), 0.99);
        QVERIFY(!e["alerts"].empty());
        // The first page alert fires after the SDK wave reached acme (20:00Z).
        for (const auto& a : e["alerts"])
            QVERIFY(a["from_ns"].get<std::int64_t>() > at("2026-11-19T20:00Z"));
        QVERIFY2(r.summary.find("Broken") != std::string::npos, r.summary.c_str());

        // Before the wave nothing burns: the range ends at 19:00Z on the 19th.
        const auto before =
            run("slo_status",
                {entry("slo", "web-forms freshness"), entry("to", "2026-11-19T19:00Z")}, acme());
        QCOMPARE(before.values.at("burning"), 0.0);
        QCOMPARE(before.evidence.front().payload["status"].get<std::string>(),
                 std::string("Healthy"));
    }

    void sloStatusAcrossTenantsAnswersWithTheWorst() {
        // initech's lag peaks at 314 s: every sample good, its SLO healthy; across tenants
        // acme (the worst) answers and every tenant has its evidence.
        const auto initech =
            run("slo_status", {entry("slo", "web-forms freshness")}, ws->tenantScope("initech"));
        QCOMPARE(initech.values.at("sli"), 1.0);
        QCOMPARE(initech.values.at("budget_remaining"), 1.0);
        QCOMPARE(initech.values.at("burning"), 0.0);
        const auto r = run("slo_status", {entry("slo", "web-forms freshness")}, all());
        QCOMPARE(r.evidence.size(), std::size_t(3));
        QCOMPARE(r.evidence.front().payload["tenant"].get<std::string>(), std::string("acme"));
        QCOMPARE(r.values.at("burning"), 1.0);
        QVERIFY(r.byTenant.count("acme") && !r.byTenant.count("initech"));
        const auto none = run("slo_status", {entry("slo", "no such slo")}, acme());
        QCOMPARE(none.values.at("burning"), 0.0);
        QVERIFY(none.evidence.empty());
    }

    void logTemplateCountGroupsTheRejections() {
        // acme: 89 rejections for utm_content, and the malformed-JSON ones.
        const auto utm = ws->db().scalarInt(
            "SELECT count(*) FROM logs l JOIN tenants t ON t.id = l.tenant_id WHERE t.name = "
            "'acme' AND l.body = 'rejected submission: unknown field ''utm_content'''");
        QCOMPARE(utm, std::int64_t(89));
        const auto rejected = ws->db().scalarInt(
            "SELECT count(*) FROM logs l JOIN tenants t ON t.id = l.tenant_id WHERE t.name = "
            "'acme' AND l.body LIKE 'rejected submission%'");
        const auto templates = ws->db().scalarInt(
            "SELECT count(DISTINCT CASE WHEN l.body LIKE '%utm_content%' THEN 1 ELSE 2 END) "
            "FROM logs l JOIN tenants t ON t.id = l.tenant_id WHERE t.name = 'acme' AND l.body "
            "LIKE 'rejected submission%'");
        const auto r = run("log_template_count", {entry("search", "rejected submission")}, acme());
        QCOMPARE(std::int64_t(r.values.at("count")), rejected);
        QCOMPARE(std::int64_t(r.values.at("templates")), templates);
        QCOMPARE(r.evidence.size(), std::size_t(1));
        const auto& table = r.evidence.front().payload;
        QCOMPARE(r.evidence.front().kind, std::string("table"));
        QCOMPARE(table["columns"][0].get<std::string>(), std::string("template"));
        QCOMPARE(table["rows"][0][0].get<std::string>(),
                 std::string("rejected submission: unknown field 'utm_content'"));
        QCOMPARE(table["rows"][0][1].get<std::int64_t>(), utm);
        QCOMPARE(table["rows"][0][2].get<std::string>(), std::string("ingestion-api"));
        // Across tenants: 123 (acme 89, globex 30, initech 4).
        const auto every =
            run("log_template_count", {entry("search", "unknown field utm_content")}, all());
        QCOMPARE(every.values.at("count"), 123.0);
        QCOMPARE(every.byTenant.at("globex"), std::int64_t(30));
        QCOMPARE(every.byTenant.at("initech"), std::int64_t(4));
        const auto nothing = run("log_template_count", {entry("search", "zebra")}, acme());
        QCOMPARE(nothing.values.at("count"), 0.0);
        QCOMPARE(nothing.values.at("templates"), 0.0);
        QVERIFY(nothing.evidence.empty());
        QVERIFY(validate("log_template_count", {entry("search", "x"), entry("level", "loud")}));
    }

    void lineageImpactOfTheParser() {
        // Downstream of the parser in any tenant: 5 of 5 journeys, 1 of 1 sync, 4 of 4
        // dashboards, 1 of 1 model, 5 of 8 jobs, 7 of 10 datasets; at the detection the
        // two journeys fed by utm_content campaigns and leads_raw are stale.
        const auto r = run(
            "lineage_impact",
            {entry("node", "ingestion-api/parse_submissions"), entry("at", "2026-11-20T21:00Z")},
            acme(), 50);
        QCOMPARE(r.values.at("journeys"), 5.0);
        QCOMPARE(r.values.at("syncs"), 1.0);
        QCOMPARE(r.values.at("dashboards"), 4.0);
        QCOMPARE(r.values.at("models"), 1.0);
        QCOMPARE(r.values.at("jobs"), 5.0);
        QCOMPARE(r.values.at("datasets"), 7.0);
        QCOMPARE(r.values.at("reached"), 23.0);
        QCOMPARE(r.values.at("share_journeys"), 1.0);
        QCOMPARE(r.values.at("share_jobs"), 5.0 / 8.0);
        QCOMPARE(r.values.at("stale_journeys"), 2.0);
        QCOMPARE(r.values.at("stale_datasets"), 1.0);
        const auto& e = r.evidence.front();
        QCOMPARE(e.kind, std::string("lineage_impact"));
        QCOMPARE(e.payload["node"].get<std::string>(),
                 std::string("ingestion-api/parse_submissions"));
        QCOMPARE(e.payload["direction"].get<std::string>(), std::string("downstream"));
        QCOMPARE(e.payload["at_ns"].get<std::int64_t>(), at("2026-11-20T21:00Z"));
        QCOMPARE(e.payload["nodes"].size(), std::size_t(23));
        QCOMPARE(e.payload["truncated"].get<bool>(), false);
        QVERIFY2(e.payload["words"].get<std::string>().starts_with("5 of 5 journeys, 1 of 1 sync"),
                 e.payload["words"].get<std::string>().c_str());
        // Journeys first; every path starts at the parser and ends at its node.
        QCOMPARE(e.payload["nodes"][0]["kind"].get<std::string>(), std::string("journey"));
        for (const auto& n : e.payload["nodes"]) {
            QCOMPARE(n["path"].front().get<std::string>(),
                     std::string("ingestion-api/parse_submissions"));
            QCOMPARE(n["path"].back(), n["node"]);
            QCOMPARE(int(n["path"].size()), n["hops"].get<int>() + 1);
        }
        // At 19:05 on 11-19, before the wave, nothing is stale.
        const auto early =
            run("lineage_impact",
                {entry("node", "parse_submissions"), entry("at", "2026-11-19T19:05Z")}, acme());
        QCOMPARE(early.values.at("stale"), 0.0);
        QCOMPARE(early.values.at("journeys"), 5.0);
        QCOMPARE(early.evidence.front().payload["nodes"].size(), std::size_t(20));
        QCOMPARE(early.evidence.front().payload["truncated"].get<bool>(), true);
    }

    void lineageImpactAcrossTenantsAndUpstream() {
        const auto r = run(
            "lineage_impact",
            {entry("node", "ingestion-api/parse_submissions"), entry("at", "2026-11-20T21:00Z")},
            all());
        QCOMPARE(r.values.at("journeys"), 15.0);
        QCOMPARE(r.values.at("share_journeys"), 1.0);
        QCOMPARE(r.values.at("reached"), 69.0);
        QCOMPARE(r.byTenant.at("globex"), std::int64_t(23));
        // Upstream of the CRM sync lies the parser (through the profiles and the model).
        const auto up =
            run("lineage_impact",
                {entry("node", "crm-sync/lead-sync"), entry("direction", "upstream")}, acme(), 100);
        bool parser = false;
        for (const auto& n : up.evidence.front().payload["nodes"])
            parser = parser || n["node"] == "ingestion-api/parse_submissions";
        QVERIFY(parser);
        QCOMPARE(up.evidence.front().payload["direction"].get<std::string>(),
                 std::string("upstream"));
        const auto none = run("lineage_impact", {entry("node", "no-such-node")}, acme());
        QCOMPARE(none.values.at("reached"), 0.0);
        QVERIFY(none.evidence.empty());
        QVERIFY(validate("lineage_impact", {entry("node", "x"), entry("direction", "sideways")}));
        // Words that name several nodes are a clear error, not a guess.
        const CheckKind* k = builtinCheckRegistry().find("lineage_impact");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 k->run(*ws, acme(), CheckParameters({entry("node", "nurture")})));
    }
};

QTEST_GUILESS_MAIN(TestRunbookStoryChecks)
#include "tst_runbook_story_checks.moc"
