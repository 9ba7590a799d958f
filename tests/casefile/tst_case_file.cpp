// The case file: every kind of row written and read back in its scope, marks and titles
// superseded by newer ones, evidence snapshots that refuse another tenant's data, and an
// audit entry for every write. Expectations come from the two-tenant fixture's known
// content (tests/core/two_tenant_fixture.h) and plain SQL.
#include "core/casefile/case_file.h"
#include "core/casefile/case_integrity.h"
#include "core/casefile/case_queries.h"
#include "core/casefile/evidence_snapshot.h"
#include "core/store/workspace.h"
#include "core/two_tenant_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

namespace {

std::int64_t fixedClock() {
    return 1795200000LL * 1000000000LL; // 2026-11-20T18:40:00Z
}

} // namespace

class TestCaseFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;
    int files = 0;

    std::int64_t count(const std::string& sql) { return ws->db().scalarInt(sql); }

private slots:
    void init() {
        ws = Workspace::open(
            dir.filePath(QStringLiteral("case%1.casebook").arg(++files)).toStdString());
        test::writeTwoTenants(*ws);
    }

    void writesAreReadBackInTheirScope() {
        const Scope acme = ws->tenantScope("acme");
        CaseFile file(*ws, acme);
        file.setClock(&fixedClock);
        const CaseRunId run =
            file.startRun({"drift", "Drift", "bundled:drift", "# Drift\n", "dana"});
        CheckRecord check;
        check.run = run;
        check.stepId = "s1";
        check.stepTitle = "Step one";
        check.kind = "log_count";
        check.parameters = {{"search", "secret"}};
        check.query = "secret";
        check.passCondition = "count >= 1";
        check.outcome = "pass";
        check.summary = "3 log records match 'secret'";
        check.values = {{"count", 3}};
        check.impact = "lost";
        const CheckRecordId checkId = file.recordCheck(check);
        const DecisionId decision =
            file.recordDecision({run, "gate", "Gate", "Roll back", "Dana", "because", true});
        file.recordStep({run, "s1", "Step one", "pass", std::string("gate"), checkId, std::nullopt,
                         "3 log records"});
        const EvidenceId evidence =
            file.addEvidence({timeRangeEvidence(test::kBaseNs, test::kBaseNs + 1000),
                              "the bad minute", "dana", checkId, run, std::string("s1")});
        file.addNote({"looks like the deploy", "dana", run, std::string("s1"), evidence});

        const auto runs = listCaseRuns(*ws, acme);
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].name, std::string("drift"));
        QCOMPARE(runs[0].tenant, std::string("acme"));
        QCOMPARE(runs[0].atNs, fixedClock());
        // SHA-256 of "# Drift\n", from sha256sum.
        QCOMPARE(runs[0].sha256,
                 std::string("eda83100f4d40a800a8b0427d683ce7fad34d79e0489cd230687fb8104c6d9a9"));
        const auto checks = listCaseChecks(*ws, acme);
        QCOMPARE(checks.size(), std::size_t(1));
        QCOMPARE(checks[0].parameters["search"].get<std::string>(), std::string("secret"));
        QCOMPARE(checks[0].values["count"].get<int>(), 3);
        QCOMPARE(checks[0].impact, std::string("lost"));
        QCOMPARE(listCaseDecisions(*ws, acme)[0].id, decision);
        const auto steps = listCaseSteps(*ws, acme, run);
        QCOMPARE(steps[0].nextStep, std::optional<std::string>("gate"));
        QCOMPARE(steps[0].check, std::optional<CheckRecordId>(checkId));
        const auto ev = listCaseEvidence(*ws, acme);
        QCOMPARE(ev[0].evidence.kind, std::string("time_range"));
        QCOMPARE(ev[0].note, std::string("the bad minute"));
        QCOMPARE(*ev[0].evidence.toNs, test::kBaseNs + 1000);
        QCOMPARE(listCaseNotes(*ws, acme)[0].evidence, std::optional<EvidenceId>(evidence));

        // Not from the other tenant; all of it across tenants.
        const Scope globex = ws->tenantScope("globex");
        QVERIFY(listCaseRuns(*ws, globex).empty());
        QVERIFY(listCaseChecks(*ws, globex).empty());
        QVERIFY(listCaseEvidence(*ws, globex).empty());
        QVERIFY(listCaseNotes(*ws, globex).empty());
        QCOMPARE(listCaseChecks(*ws, ws->allTenantsScope("review")).size(), std::size_t(1));

        // One audit entry per row, each naming its row and its digest.
        QCOMPARE(count("SELECT count(*) FROM audit WHERE action LIKE 'case.%'"), std::int64_t(6));
        QCOMPARE(count("SELECT count(*) FROM audit WHERE action = 'case.check' AND "
                       "json_extract(detail, '$.table') = 'case_checks' AND "
                       "json_extract(detail, '$.id') = " +
                       std::to_string(raw(checkId)) +
                       " AND length(json_extract(detail, "
                       "'$.row_sha256')) = 64"),
                 std::int64_t(1));
        QVERIFY(verifyWorkspaceRecord(ws->db()).intact());
    }

    void newerMarksAndTitlesWin() {
        const Scope acme = ws->tenantScope("acme");
        CaseFile file(*ws, acme);
        file.setMark(MarkKind::Detection, test::kBaseNs, "dana", "pager");
        file.setMark(MarkKind::Detection, test::kBaseNs + 60, "sam", "moved");
        file.setMark(MarkKind::Mitigation, test::kBaseNs + 120, "sam");
        file.setMark(MarkKind::Mitigation, std::nullopt, "sam"); // cleared
        const auto marks = currentMarks(*ws, acme);
        QCOMPARE(marks.size(), std::size_t(1));
        QCOMPARE(*marks.at(MarkKind::Detection).timeNs, test::kBaseNs + 60);
        QCOMPARE(marks.at(MarkKind::Detection).note, std::string("moved"));
        QVERIFY(currentMarks(*ws, ws->tenantScope("globex")).empty());

        file.setTitle("change:1", "The deploy", "dana");
        file.setTitle("change:1", "The deploy that did it", "sam");
        file.setTitle("incident", "Leads lost", "dana");
        const auto titles = titleOverrides(*ws, acme);
        QCOMPARE(titles.at("change:1"), std::string("The deploy that did it"));
        QCOMPARE(titles.at("incident"), std::string("Leads lost"));
        // Superseded, not overwritten: every version is still there.
        QCOMPARE(count("SELECT count(*) FROM case_titles"), std::int64_t(3));
        QCOMPARE(count("SELECT count(*) FROM case_marks"), std::int64_t(4));
    }

    void theDatabaseRefusesEmptyDecisionsAndNotes() {
        CaseFile file(*ws, ws->tenantScope("acme"));
        QVERIFY_THROWS_EXCEPTION(
            StoreError, file.recordDecision({std::nullopt, "g", "G", "x", " ", "because", true}));
        QVERIFY_THROWS_EXCEPTION(
            StoreError, file.recordDecision({std::nullopt, "g", "G", "x", "Dana", "", false}));
        QVERIFY_THROWS_EXCEPTION(
            StoreError, file.addNote({"   ", "dana", std::nullopt, std::nullopt, std::nullopt}));
        // A refused write leaves no audit entry behind.
        QCOMPARE(count("SELECT count(*) FROM audit"), std::int64_t(0));
    }

    void snapshotsStayInsideTheScope() {
        const Scope acme = ws->tenantScope("acme");
        // The failed span: acme's second trace, third span.
        const Evidence span =
            spanEvidence(*ws, acme, test::makeTraceId(1, 1), test::makeSpanId(1, 1, 2));
        QCOMPARE(span.kind, std::string("spans"));
        QCOMPARE(span.title, std::string("span acme-api: acme.op2"));
        QCOMPARE(span.payload["spans"][0]["status"].get<std::string>(), std::string("error"));
        QCOMPARE(*span.fromNs, test::kBaseNs + 1020 * test::kMs);
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error,
            spanEvidence(*ws, acme, test::makeTraceId(2, 1), test::makeSpanId(2, 1, 2)));

        const Evidence trace = traceEvidence(*ws, acme, test::makeTraceId(1, 1));
        QCOMPARE(trace.payload["traces"][0]["spans"].get<int>(), 3);
        QCOMPARE(trace.payload["traces"][0]["errors"].get<int>(), 1);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 traceEvidence(*ws, acme, test::makeTraceId(2, 0)));

        const std::int64_t acmeLog = count("SELECT min(id) FROM logs WHERE body LIKE 'acme%'");
        const std::int64_t globexLog = count("SELECT min(id) FROM logs WHERE body LIKE 'globex%'");
        const Evidence lines = logLinesEvidence(*ws, acme, {acmeLog, acmeLog + 1});
        QCOMPARE(lines.payload["logs"].size(), std::size_t(2));
        QCOMPARE(lines.payload["logs"][0]["body"].get<std::string>(),
                 std::string("acme secret message 0"));
        QCOMPARE(*lines.fromNs, test::kBaseNs);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 logLinesEvidence(*ws, acme, {acmeLog, globexLog}));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, timeRangeEvidence(10, 10));
    }
};

QTEST_GUILESS_MAIN(TestCaseFile)
#include "tst_case_file.moc"
