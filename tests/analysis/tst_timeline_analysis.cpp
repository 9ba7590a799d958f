// The timeline's analysed entries on the sample incidents: the SLO alerts and findings of
// the story (docs/sample-incidents.md) join the changes and the case, at their times, in
// their tenant; without the planted cause there is no alert and no error; a timeline
// rebuilt after a case change reuses the analysed entries instead of analysing again.

#include "core/casefile/case_file.h"
#include "core/generate/scenario_generator.h"
#include "core/timeline/timeline.h"
#include "core/util/time_text.h"
#include "metric_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace casebook;
using namespace casebook::test;

namespace {

std::int64_t at(const char* text) {
    return *parseRfc3339(text);
}

std::vector<const TimelineEntry*> ofKind(const std::vector<TimelineEntry>& entries,
                                         TimelineKind kind) {
    std::vector<const TimelineEntry*> out;
    for (const auto& e : entries)
        if (e.kind == kind)
            out.push_back(&e);
    return out;
}

} // namespace

class TestTimelineAnalysis : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    std::unique_ptr<Workspace> sample(Scenario scenario, bool incident) {
        const std::filesystem::path dir =
            std::filesystem::path(tmp_.path().toStdString()) /
            (std::string(scenarioName(scenario)) + (incident ? "" : "-calm"));
        GenerateOptions options{scenario, 1, 7};
        options.incident = incident;
        generateBundle(options, dir);
        auto ws = Workspace::open(dir.string() + ".casebook");
        if (importFolder(*ws, dir).status != ImportStatus::Imported)
            qFatal("import failed");
        return ws;
    }

private slots:
    void leadFlowAlertsAndFindingsFollowTheRelease() {
        auto ws = sample(Scenario::LeadFlow, true);
        const Scope acme = ws->tenantScope("acme");
        const auto entries = buildTimeline(*ws, acme);
        for (std::size_t i = 1; i < entries.size(); ++i)
            QVERIFY(entries[i - 1].timeNs <= entries[i].timeNs);

        // The story: web-forms SDK 4.2.0 from 2026-11-19 20:00; submissions with
        // utm_content rejected from then on, so both SLOs burn after it, never before.
        const std::int64_t release = at("2026-11-19T20:00:00Z");
        const auto alerts = ofKind(entries, TimelineKind::SloAlert);
        QVERIFY(!alerts.empty());
        std::set<std::string> slos;
        for (const TimelineEntry* a : alerts) {
            QVERIFY2(a->timeNs > release, a->title.c_str());
            QCOMPARE(a->tenant, std::string("acme"));
            QVERIFY(a->subkind == "page" || a->subkind == "ticket");
            QVERIFY(a->endNs && *a->endNs >= a->timeNs);
            slos.insert(a->data.at("slo").get<std::string>());
        }
        QVERIFY(slos.count("web-forms freshness"));
        QVERIFY(slos.count("lead submission success"));
        const bool paged = std::any_of(alerts.begin(), alerts.end(), [](const TimelineEntry* a) {
            return a->subkind == "page" && a->data.at("slo") == "web-forms freshness";
        });
        QVERIFY(paged);

        // The first error finding: leads.submitted falls from the release, and names it.
        const auto findings = ofKind(entries, TimelineKind::Finding);
        QVERIFY(!findings.empty());
        const auto error =
            std::find_if(findings.begin(), findings.end(),
                         [](const TimelineEntry* f) { return f->subkind == "error"; });
        QVERIFY(error != findings.end());
        QVERIFY((*error)->title.find("leads.submitted") != std::string::npos);
        QVERIFY(std::llabs((*error)->timeNs - release) <= 3'600'000'000'000LL);
        QVERIFY((*error)->detail.find("web-forms SDK 4.2.0") != std::string::npos);
        for (const TimelineEntry* f : findings)
            QVERIFY(f->subkind != "info");

        // Only the kinds asked for; none of the analysis when told not to analyse.
        TimelineQuery onlyAlerts;
        onlyAlerts.kinds = {TimelineKind::SloAlert};
        QCOMPARE(buildTimeline(*ws, acme, onlyAlerts).size(), alerts.size());
        TimelineQuery quick;
        quick.analyse = false;
        for (const auto& e : buildTimeline(*ws, acme, quick))
            QVERIFY(e.kind != TimelineKind::Finding && e.kind != TimelineKind::SloAlert);

        // After a case change the analysed entries are reused as they were (here one of
        // them), under the title the author gives them.
        std::vector<TimelineEntry> analysed = analysedEntries(entries);
        QCOMPARE(analysed.size(), alerts.size() + findings.size());
        analysed.resize(1);
        CaseFile(*ws, acme).setTitle(analysed[0].key, "Freshness pages", "dana");
        TimelineQuery reuse;
        reuse.analysed = &analysed;
        const auto rebuilt = buildTimeline(*ws, acme, reuse);
        QCOMPARE(ofKind(rebuilt, TimelineKind::SloAlert).size() +
                     ofKind(rebuilt, TimelineKind::Finding).size(),
                 std::size_t(1));
        const auto kept = std::find_if(rebuilt.begin(), rebuilt.end(),
                                       [&](const auto& e) { return e.key == analysed[0].key; });
        QVERIFY(kept != rebuilt.end());
        QCOMPARE(kept->title, std::string("Freshness pages"));

        // Another tenant's timeline has none of acme's alerts.
        for (const auto& e : buildTimeline(*ws, ws->tenantScope("globex")))
            QVERIFY(e.tenant != "acme");
    }

    void calmBundlesHaveNoAlertsAndNoErrors() {
        for (const Scenario scenario : {Scenario::LeadFlow, Scenario::RetailPersonalization}) {
            auto ws = sample(scenario, false);
            for (const auto& tenant : ws->tenantNames()) {
                const auto entries = buildTimeline(*ws, ws->tenantScope(tenant));
                QVERIFY(ofKind(entries, TimelineKind::SloAlert).empty());
                for (const TimelineEntry* f : ofKind(entries, TimelineKind::Finding))
                    QVERIFY2(f->subkind != "error", f->title.c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTimelineAnalysis)
#include "tst_timeline_analysis.moc"
