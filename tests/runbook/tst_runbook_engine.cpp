// The runbook engine on the two-tenant fixture: branching on pass conditions, gates with
// a person and a reason, manual steps, conclusions, errors that keep the run in place,
// what lands in the case (read back with plain SQL), resuming from the case, and a kind
// registered from outside the engine.
#include "core/casefile/case_queries.h"
#include "core/runbook/check_indexes.h"
#include "core/runbook/runbook_engine.h"
#include "core/runbook/runbook_parser.h"
#include "core/store/workspace.h"
#include "core/two_tenant_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

namespace {

// acme has 1 failed span of 6 and 1 ERROR log of 3.
constexpr const char* kRunbook = R"md(# Fixture runbook

## Symptoms

- `errors` Something fails.

## Any failed span

```check
kind: filter
target: spans
where: status == error
pass: count >= 1
impact: lost
on pass: error-share
on fail: all-healthy
```

## Error share

```check
kind: error_ratio
service: acme-api
pass: ratio > 50%
on pass: mostly-failing
on fail: look-at-the-logs
```

## Look at the logs

Read the ERROR lines yourself.

## Roll back

```gate
action: Roll back acme-api
approvers: incident commander
on approve: rolled-back
on reject: all-healthy
```

## Rolled back

```conclusion
verdict: confirmed
diagnosis: acme-api failed after its deploy; rolled back.
```

## Mostly failing

```conclusion
verdict: confirmed
diagnosis: acme-api fails most requests.
```

## All healthy

```conclusion
verdict: ruled-out
diagnosis: Nothing fails.
```
)md";

Runbook load(const char* text, const CheckRegistry& registry = builtinCheckRegistry()) {
    auto parsed = loadRunbook(text, registry, "fixture");
    for (const auto& e : parsed.errors)
        qWarning("%s", formatRunbookError(e).c_str());
    if (!parsed.ok())
        qFatal("runbook does not load");
    parsed.runbook->origin = "test:fixture";
    return std::move(*parsed.runbook);
}

} // namespace

class TestRunbookEngine : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;
    int files = 0;

    std::int64_t count(const std::string& sql) { return ws->db().scalarInt(sql); }

private slots:
    void init() {
        ws = Workspace::open(
            dir.filePath(QStringLiteral("engine%1.casebook").arg(++files)).toStdString());
        test::writeTwoTenants(*ws);
    }

    void walksTheBranchesAndRecordsEveryStep() {
        const Runbook runbook = load(kRunbook);
        const RunbookEngine engine;
        const Scope acme = ws->tenantScope("acme");
        const CaseRunId run = engine.startRun(*ws, acme, runbook, "dana");
        QCOMPARE(engine.state(*ws, acme, run, runbook).currentStep,
                 std::optional<std::string>("any-failed-span"));

        const auto first = engine.executeStep(*ws, acme, run, runbook, "any-failed-span");
        QCOMPARE(first.outcome, std::string("pass"));
        QCOMPARE(first.next, std::optional<std::string>("error-share"));
        QCOMPARE(first.evidence.size(), std::size_t(1));

        // 1 of 6 is not over 50%: on fail goes to the manual step.
        const auto second = engine.executeStep(*ws, acme, run, runbook, "error-share");
        QCOMPARE(second.outcome, std::string("fail"));
        QCOMPARE(second.next, std::optional<std::string>("look-at-the-logs"));
        QCOMPARE(second.check->values.at("ratio"), 1.0 / 6.0);

        const auto manual = engine.executeStep(*ws, acme, run, runbook, "look-at-the-logs", "dana");
        QCOMPARE(manual.outcome, std::string("done"));
        QCOMPARE(manual.next, std::optional<std::string>("roll-back")); // the following step

        // The gate needs a person and a reason.
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            engine.decideGate(*ws, acme, run, runbook, "roll-back", {"", "because", true}));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            engine.decideGate(*ws, acme, run, runbook, "roll-back", {"Dana", "  ", true}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 engine.executeStep(*ws, acme, run, runbook, "roll-back"));
        const auto gate =
            engine.decideGate(*ws, acme, run, runbook, "roll-back",
                              {"Dana Whitfield", "errors began with the deploy", true});
        QCOMPARE(gate.outcome, std::string("approved"));
        QCOMPARE(gate.next, std::optional<std::string>("rolled-back"));

        const auto end = engine.executeStep(*ws, acme, run, runbook, "rolled-back");
        QCOMPARE(end.outcome, std::string("confirmed"));
        QVERIFY(!end.next);
        const RunbookRunState state = engine.state(*ws, acme, run, runbook);
        QVERIFY(state.ended());
        QCOMPARE(state.verdict, std::optional<std::string>("confirmed"));
        QCOMPARE(state.diagnosis,
                 std::optional<std::string>("acme-api failed after its deploy; rolled back."));

        // What the case holds, read without the case API.
        QCOMPARE(count("SELECT count(*) FROM case_runs WHERE runbook_source = 'test:fixture' AND "
                       "author = 'dana'"),
                 std::int64_t(1));
        QCOMPARE(
            count("SELECT group_concat(step_id || ':' || outcome, ' ') = 'any-failed-span:pass "
                  "error-share:fail look-at-the-logs:done roll-back:approved "
                  "rolled-back:confirmed' FROM (SELECT * FROM case_steps ORDER BY id)"),
            std::int64_t(1));
        QCOMPARE(count("SELECT count(*) FROM case_checks WHERE kind = 'filter' AND query = "
                       "'status == error' AND outcome = 'pass' AND impact = 'lost' AND "
                       "json_extract(result_values, '$.count') = 1"),
                 std::int64_t(1));
        QCOMPARE(count("SELECT count(*) FROM case_checks WHERE kind = 'error_ratio' AND "
                       "pass_condition = 'ratio > 50%' AND outcome = 'fail'"),
                 std::int64_t(1));
        // filter: 1 spans evidence; error_ratio: a table and the failed spans.
        QCOMPARE(count("SELECT count(*) FROM case_evidence WHERE check_id IS NOT NULL"),
                 std::int64_t(3));
        QCOMPARE(count("SELECT count(*) FROM case_decisions WHERE person = 'Dana Whitfield' AND "
                       "reason = 'errors began with the deploy' AND approved = 1 AND action = "
                       "'Roll back acme-api'"),
                 std::int64_t(1));
        // Everything in acme's scope; nothing is visible from globex.
        QCOMPARE(count("SELECT count(DISTINCT tenant_id) FROM case_steps"), std::int64_t(1));
        QVERIFY(listCaseChecks(*ws, ws->tenantScope("globex")).empty());
        QCOMPARE(listCaseChecks(*ws, acme).size(), std::size_t(2));
    }

    void theFirstRunBuildsTheCheckIndexes() {
        const auto indexes = [&] {
            return count("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN "
                         "('spans_by_service_operation', 'spans_failed', "
                         "'spans_by_error_code', 'logs_by_error_code')");
        };
        QCOMPARE(indexes(), std::int64_t(0)); // an import alone does not pay for them
        const Runbook runbook = load(kRunbook);
        const RunbookEngine engine;
        engine.startRun(*ws, ws->tenantScope("acme"), runbook, "ci");
        QCOMPARE(indexes(), std::int64_t(4));
        engine.startRun(*ws, ws->tenantScope("acme"), runbook, "ci"); // idempotent
        QCOMPARE(indexes(), std::int64_t(4));
        // An import drops them (they would slow its inserts); the next run brings them back.
        dropCheckIndexes(ws->db());
        QCOMPARE(indexes(), std::int64_t(0));
        engine.startRun(*ws, ws->tenantScope("acme"), runbook, "ci");
        QCOMPARE(indexes(), std::int64_t(4));
    }

    void headlessRunsChecksAndStopsAtTheGate() {
        const Runbook runbook = load(kRunbook);
        const RunbookEngine engine;
        const Scope acme = ws->tenantScope("acme");
        const CaseRunId run = engine.startRun(*ws, acme, runbook, "ci");
        const HeadlessRun headless = engine.runHeadless(*ws, acme, run, runbook);
        QCOMPARE(headless.steps.size(), std::size_t(3));
        QCOMPARE(headless.steps[2].outcome, std::string("skipped")); // nobody read the logs
        QCOMPARE(headless.waitingAtGate, std::optional<std::string>("roll-back"));
        QCOMPARE(headless.state.currentStep, std::optional<std::string>("roll-back"));
        QVERIFY(!headless.state.ended());

        // Another engine (another process) continues from what the case says.
        const RunbookEngine later;
        later.decideGate(*ws, acme, run, runbook, "roll-back", {"Sam", "not the deploy", false});
        const HeadlessRun rest = later.runHeadless(*ws, acme, run, runbook);
        QCOMPARE(rest.steps.size(), std::size_t(1));
        QCOMPARE(rest.state.verdict, std::optional<std::string>("ruled-out"));
        QCOMPARE(rest.state.path.size(), std::size_t(5));
        QCOMPARE(count("SELECT approved FROM case_decisions"), std::int64_t(0));
    }

    void aFailedCheckKeepsTheRunInPlace() {
        const Runbook runbook = load(R"md(# Broken

## Query

```check
kind: sql
query: SELECT count(*) FROM main.spans
pass: value > 0
```

## Done

```conclusion
verdict: inconclusive
diagnosis: x
```
)md");
        const RunbookEngine engine;
        const Scope acme = ws->tenantScope("acme");
        const CaseRunId run = engine.startRun(*ws, acme, runbook, "ci");
        const HeadlessRun headless = engine.runHeadless(*ws, acme, run, runbook);
        QCOMPARE(headless.errorAtStep, std::optional<std::string>("query"));
        QCOMPARE(headless.steps.front().outcome, std::string("error"));
        QVERIFY(QString::fromStdString(headless.steps.front().summary)
                    .contains(QStringLiteral("not readable in a tenant scope")));
        QCOMPARE(headless.state.currentStep, std::optional<std::string>("query"));
        QCOMPARE(count("SELECT count(*) FROM case_checks WHERE outcome = 'error'"),
                 std::int64_t(1));
    }

    void aLoopStopsAfterTheStepLimit() {
        const Runbook runbook = load(R"md(# Loop

## Again

```check
kind: changes
next: again
```
)md");
        const RunbookEngine engine;
        const Scope acme = ws->tenantScope("acme");
        const CaseRunId run = engine.startRun(*ws, acme, runbook, "ci");
        const HeadlessRun headless = engine.runHeadless(*ws, acme, run, runbook, 7);
        QVERIFY(headless.stepLimitReached);
        QCOMPARE(headless.steps.size(), std::size_t(7));
        QCOMPARE(headless.steps.front().outcome, std::string("info")); // no pass condition
    }

    void evidenceIsWhatTheStepAsksFor() {
        const Runbook runbook = load(R"md(# Evidence

## None

```check
kind: log_count
search: secret
evidence: none
```

## Only the range

```check
kind: log_count
search: secret
evidence: time_range
```
)md");
        const RunbookEngine engine;
        const Scope acme = ws->tenantScope("acme");
        const CaseRunId run = engine.startRun(*ws, acme, runbook, "ci");
        const auto none = engine.executeStep(*ws, acme, run, runbook, "none");
        QVERIFY(none.evidence.empty());
        const auto range = engine.executeStep(*ws, acme, run, runbook, "only-the-range");
        QCOMPARE(range.evidence.size(), std::size_t(1));
        // Logs at +0..+200 ms: the range ends just after the last one.
        QCOMPARE(count("SELECT count(*) FROM case_evidence WHERE kind = 'time_range' AND "
                       "from_ns = " +
                       std::to_string(test::kBaseNs) +
                       " AND to_ns = " + std::to_string(test::kBaseNs + 200 * test::kMs + 1)),
                 std::int64_t(1));
    }

    void kindsRegisteredFromOutsideRun() {
        CheckRegistry registry;
        registerBuiltinChecks(registry);
        CheckKind spans;
        spans.name = "span_total";
        spans.description = "all spans in scope";
        spans.values = {"total"};
        spans.primaryValue = "total";
        spans.run = [](Workspace& w, const Scope& scope, const CheckParameters&) {
            CheckResult r;
            r.values["total"] = static_cast<double>(
                w.db().scalarInt("SELECT count(*) FROM spans WHERE tenant_id = " +
                                 std::to_string(raw(*scope.tenant()))));
            r.summary = "counted";
            return r;
        };
        registry.add(spans);
        const char* text = "# Custom\n\n## Count\n\n```check\nkind: span_total\npass: total == "
                           "6\n```\n";
        // Unknown to the built-in registry, known to this one.
        QVERIFY(!loadRunbook(text, builtinCheckRegistry()).ok());
        const Runbook runbook = load(text, registry);
        const RunbookEngine engine(registry);
        const Scope acme = ws->tenantScope("acme");
        const CaseRunId run = engine.startRun(*ws, acme, runbook, "ci");
        QCOMPARE(engine.executeStep(*ws, acme, run, runbook, "count").outcome, std::string("pass"));
    }

    void recordsAcrossTenantsWithTheSplit() {
        const Runbook runbook = load(kRunbook);
        const RunbookEngine engine;
        const Scope all = ws->allTenantsScope("engine test");
        const CaseRunId run = engine.startRun(*ws, all, runbook, "ci");
        engine.executeStep(*ws, all, run, runbook, "any-failed-span");
        QCOMPARE(count("SELECT json_extract(result_values, '$.by_tenant.globex') FROM case_checks"),
                 std::int64_t(1));
        QCOMPARE(count("SELECT count(*) FROM case_checks WHERE tenant_id IS NULL"),
                 std::int64_t(1));
        // A check recorded across tenants is not shown inside one tenant.
        QVERIFY(listCaseChecks(*ws, ws->tenantScope("acme")).empty());
    }
};

QTEST_GUILESS_MAIN(TestRunbookEngine)
#include "tst_runbook_engine.moc"
