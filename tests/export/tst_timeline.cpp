// The timeline on the two-tenant fixture (one deploy per tenant an hour before the base
// time, tests/core/two_tenant_fixture.h) with case entries written at fixed clocks:
// chronological order, filtering by kind, edited titles, and the tenant scope.
#include "core/casefile/case_file.h"
#include "core/casefile/evidence_snapshot.h"
#include "core/store/workspace.h"
#include "core/timeline/timeline.h"
#include "core/two_tenant_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

namespace {

std::int64_t clockAt(int minutes) {
    return test::kBaseNs + std::int64_t(minutes) * 60 * 1000000000LL;
}
std::int64_t at30() {
    return clockAt(30);
}
std::int64_t at40() {
    return clockAt(40);
}
std::int64_t at50() {
    return clockAt(50);
}

std::vector<std::string> keys(const std::vector<TimelineEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries)
        out.push_back(e.key);
    return out;
}

} // namespace

class TestTimeline : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;

private slots:
    void initTestCase() {
        ws = Workspace::open(dir.filePath(QStringLiteral("timeline.casebook")).toStdString());
        test::writeTwoTenants(*ws);
        const Scope acme = ws->tenantScope("acme");
        CaseFile file(*ws, acme);
        file.setClock(&at50);
        file.addNote({"the deploy looks guilty\nsecond line", "dana", std::nullopt, std::nullopt,
                      std::nullopt});
        file.setClock(&at30);
        CheckRecord check;
        check.stepId = "errors";
        check.stepTitle = "Any failed span";
        check.kind = "filter";
        check.query = "status == error";
        check.outcome = "pass";
        check.summary = "1 spans match 'status == error'";
        file.recordCheck(check);
        file.setClock(&at40);
        file.recordDecision({std::nullopt, "roll-back", "Roll back", "Roll back acme-api", "Dana",
                             "errors began with the deploy", true});
        // Evidence sorts at the time it shows: the failed span, 1.02 s after the base.
        file.addEvidence(
            {spanEvidence(*ws, acme, test::makeTraceId(1, 1), test::makeSpanId(1, 1, 2)),
             "the failing span", "dana", std::nullopt, std::nullopt, std::nullopt});
        file.setMark(MarkKind::Detection, clockAt(20), "dana", "pager");
        file.setMark(MarkKind::ImpactStart, clockAt(-60), "dana");
        CaseFile(*ws, ws->tenantScope("globex"))
            .addNote({"globex only", "sam", std::nullopt, std::nullopt, std::nullopt});
    }

    void isChronologicalAcrossKinds() {
        const auto entries = buildTimeline(*ws, ws->tenantScope("acme"));
        // deploy (-60 min) and the impact mark at the same time: the change first; then the
        // evidence (+1 s), detection (+20), check (+30), decision (+40), note (+50).
        QCOMPARE(keys(entries),
                 (std::vector<std::string>{"change:1", "mark:impact_start", "evidence:1",
                                           "mark:detection", "check:1", "decision:1", "note:1"}));
        for (std::size_t i = 1; i < entries.size(); ++i)
            QVERIFY(entries[i - 1].timeNs <= entries[i].timeNs);
        QCOMPARE(entries[0].title, std::string("acme deploy 1.2.3"));
        QCOMPARE(entries[0].subkind, std::string("deploy"));
        QCOMPARE(entries[2].timeNs, test::kBaseNs + 1020 * test::kMs);
        QCOMPARE(*entries[2].recordedAtNs, clockAt(40));
        QCOMPARE(entries[3].title, std::string("Detected"));
        QCOMPARE(entries[3].detail, std::string("pager"));
        QCOMPARE(entries[4].outcome, std::string("pass"));
        QCOMPARE(entries[5].title, std::string("Approved: Roll back acme-api"));
        QCOMPARE(entries[5].detail, std::string("approved by Dana: errors began with the deploy"));
        QCOMPARE(entries[6].title, std::string("the deploy looks guilty"));
    }

    void filtersByKind() {
        TimelineQuery q;
        q.kinds = {TimelineKind::Decision, TimelineKind::Mark};
        QCOMPARE(keys(buildTimeline(*ws, ws->tenantScope("acme"), q)),
                 (std::vector<std::string>{"mark:impact_start", "mark:detection", "decision:1"}));
        QCOMPARE(timelineKindFromName("conclusion"), std::optional(TimelineKind::Conclusion));
        QCOMPARE(timelineKindFromName("slo_alert"), std::optional(TimelineKind::SloAlert));
        QVERIFY(!timelineKindFromName("alert"));
    }

    void staysInTheTenant() {
        const auto globex = buildTimeline(*ws, ws->tenantScope("globex"));
        QCOMPARE(keys(globex), (std::vector<std::string>{"change:2", "note:2"}));
        QCOMPARE(buildTimeline(*ws, ws->allTenantsScope("review")).size(), std::size_t(9));
    }

    void editedTitlesReplaceTheDefault() {
        const Scope acme = ws->tenantScope("acme");
        CaseFile(*ws, acme).setTitle("change:1", "The deploy that broke acme", "dana");
        const auto entries = buildTimeline(*ws, acme);
        QCOMPARE(entries[0].title, std::string("The deploy that broke acme"));
        QCOMPARE(entries[0].defaultTitle, std::string("acme deploy 1.2.3"));
        // The incident's title falls back to the workspace name, then takes the author's.
        QCOMPARE(incidentTitle(*ws, acme), std::string("timeline"));
        CaseFile(*ws, acme).setTitle("incident", "acme-api errors after 1.2.3", "dana");
        QCOMPARE(incidentTitle(*ws, acme), std::string("acme-api errors after 1.2.3"));
        // Another tenant's title is not this tenant's.
        QCOMPARE(incidentTitle(*ws, ws->tenantScope("globex")), std::string("timeline"));
    }
};

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
