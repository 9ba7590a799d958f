// Symptom tags read off hand-made findings: each rule of core/runbook/finding_symptoms.cpp
// with the finding that should and should not trigger it, and the suggestions they give.
#include "core/analysis/findings.h"
#include "core/runbook/check_registry.h"
#include "core/runbook/finding_symptoms.h"

#include <QtTest>

using namespace casebook;

namespace {

Anomaly anomaly(const char* metric, int direction, SeriesView view = SeriesView::Value,
                bool harmful = true) {
    Anomaly a;
    a.series.name = metric;
    a.direction = direction;
    a.view = view;
    a.harmful = harmful;
    return a;
}

Finding finding(std::vector<Anomaly> anomalies, FindingGrade grade = FindingGrade::Error) {
    Finding f;
    f.grade = grade;
    f.anomalies = std::move(anomalies);
    return f;
}

ChangeCandidate change(const char* kind, double confidence) {
    ChangeCandidate c;
    c.change.kind = kind;
    c.confidence = confidence;
    return c;
}

using Tags = std::vector<std::string>;

} // namespace

class TestFindingSymptoms : public QObject {
    Q_OBJECT
private slots:
    void metricsMapToTags() {
        QCOMPARE(symptomsOfFindings({finding({anomaly("ingestion.freshness_lag_seconds", +1)})}),
                 (Tags{"freshness-breach", "stale-data"}));
        QCOMPARE(symptomsOfFindings({finding({anomaly("feature.freshness_seconds", +1)})}),
                 (Tags{"stale-features"}));
        // A lag that shrinks is good news.
        QCOMPARE(symptomsOfFindings({finding({anomaly("ingestion.freshness_lag_seconds", -1)})}),
                 Tags{});
        QCOMPARE(symptomsOfFindings({finding({anomaly("decision.duration", +1, SeriesView::P95)})}),
                 (Tags{"latency"}));
        QCOMPARE(symptomsOfFindings({finding({anomaly("audience.size", -1)})}),
                 (Tags{"audience-drop"}));
        QCOMPARE(symptomsOfFindings({finding({anomaly("homepage.conversions", +1)})}), Tags{});
        QCOMPARE(symptomsOfFindings({finding({anomaly("email.duplicates", +1, SeriesView::Rate)})}),
                 (Tags{"duplicate-sends"}));
        QCOMPARE(symptomsOfFindings({finding({anomaly("crm.leads.without_owner", +1)})}),
                 (Tags{"no-owner"}));
        QCOMPARE(symptomsOfFindings({finding({anomaly("identity.match_rate.deterministic", -1)})}),
                 (Tags{"match-rate-drop"}));
        // A count that fell where falling hurts; one that fell harmlessly says nothing.
        QCOMPARE(
            symptomsOfFindings({finding({anomaly("leads.submitted", -1, SeriesView::Rate, true)})}),
            (Tags{"volume-drop", "business-dip"}));
        QCOMPARE(symptomsOfFindings(
                     {finding({anomaly("leads.submitted", -1, SeriesView::Rate, false)})}),
                 Tags{});
    }

    void infoFindingsAreNoSymptoms() {
        QCOMPARE(symptomsOfFindings({finding({anomaly("audience.size", -1)}, FindingGrade::Info)}),
                 Tags{});
        QCOMPARE(
            symptomsOfFindings({finding({anomaly("audience.size", -1)}, FindingGrade::Warning)}),
            (Tags{"audience-drop"}));
    }

    void causesMapToTags() {
        Finding f = finding({});
        f.changes = {change("schema_change", 0.9), change("vendor_incident", 0.2)};
        TemplateCandidate t;
        t.logTemplate.text = "rejected submission: unknown field <*>";
        f.logTemplates = {t};
        SloAlertEvidence alert;
        alert.name = "web-forms freshness";
        f.sloAlerts = {alert};
        // The vendor incident ranks too low to count as a cause.
        QCOMPARE(symptomsOfFindings({f}),
                 (Tags{"freshness-breach", "parse-errors", "schema-change"}));
    }

    void suggestionsRankByMatchedSymptoms() {
        Finding f = finding({anomaly("leads.submitted", -1, SeriesView::Rate),
                             anomaly("ingestion.parse_errors", +1, SeriesView::Rate),
                             anomaly("crm.leads.without_owner", +1)});
        f.changes = {change("sdk_release", 0.9)};
        const auto s = suggestRunbooksForFindings({f}, builtinCheckRegistry());
        QVERIFY(s.size() >= 2);
        // volume-drop, parse-errors, no-owner, schema-change: 4 of the lead-flow runbook's
        // 6; volume-drop, parse-errors, schema-change: 3 of the schema-drift one's 4.
        QCOMPARE(s[0].name, std::string("lead-flow-missing-leads"));
        QCOMPARE(s[0].matched.size(), std::size_t(4));
        QCOMPARE(s[1].name, std::string("ingestion-schema-drift"));
        QCOMPARE(s[1].matched.size(), std::size_t(3));
        QVERIFY(suggestRunbooksForFindings({}, builtinCheckRegistry()).empty());
    }
};

QTEST_GUILESS_MAIN(TestFindingSymptoms)
#include "tst_finding_symptoms.moc"
