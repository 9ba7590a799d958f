// The runbook format (docs/runbook-format.md): a valid runbook read into its parts, and a
// table of malformed ones, each reported at its line with what is wrong.
#include "core/runbook/bundled_runbooks.h"
#include "core/runbook/check_registry.h"
#include "core/runbook/runbook_parser.h"
#include "core/runbook/runbook_suggestions.h"

#include <QtTest>

using namespace casebook;

namespace {

constexpr const char* kValid = R"md(# Ingestion drift

Submissions stop after a client change.
Second line of the summary.

## Symptoms

Applies when:

- `volume-drop` Accepted submissions fall
  against the baseline.
- `parse-errors` Parse errors rise.
- Plain symptom without a tag.

## Parse errors in the logs

Look at the ingestion logs first.

```check
# a comment line
kind: log_count
search: rejected submission
level: error
pass: count >= 1 and count < 100000
evidence: logs, time_range
impact: lost
limit: 5
on pass: [the unknown field](#the-unknown-field)
on fail: #nothing-rejected
```

After the block.

## The unknown field

An example that is not an action block:

```sql
# not a heading inside a fence
SELECT 1
```

```check
kind: sql
query:
  SELECT count(*)
  FROM logs
pass: value >= 1
on pass: Roll back
on fail: nothing-rejected
```

### A sub-heading stays in the description

## Roll back

```gate
action: Roll back the SDK to 4.1.3
approvers: incident commander
on approve: drift-confirmed
on reject: drift-confirmed
```

## Drift confirmed

```conclusion
verdict: confirmed
diagnosis: A client release sends a field the parser does not know.
```

## Nothing rejected

```conclusion
verdict: ruled-out
diagnosis: No schema drift.
```
)md";

} // namespace

class TestRunbookParser : public QObject {
    Q_OBJECT

private slots:
    void readsAValidRunbook() {
        const RunbookParse parsed = loadRunbook(kValid, builtinCheckRegistry(), "drift");
        for (const auto& e : parsed.errors)
            qWarning("%s", formatRunbookError(e).c_str());
        QVERIFY(parsed.ok());
        QVERIFY(parsed.warnings.empty());
        const Runbook& r = *parsed.runbook;
        QCOMPARE(r.name, std::string("drift"));
        QCOMPARE(r.title, std::string("Ingestion drift"));
        QCOMPARE(r.summary,
                 std::string("Submissions stop after a client change.\nSecond line of the "
                             "summary.\n\n"));
        QCOMPARE(r.symptoms.size(), std::size_t(3));
        QCOMPARE(r.symptoms[0].tag, std::string("volume-drop"));
        QCOMPARE(r.symptoms[0].text,
                 std::string("Accepted submissions fall against the baseline."));
        QCOMPARE(r.symptoms[0].line, 10);
        QCOMPARE(r.symptoms[1].tag, std::string("parse-errors"));
        QCOMPARE(r.symptoms[2].tag, std::string());
        QCOMPARE(r.symptoms[2].text, std::string("Plain symptom without a tag."));

        QCOMPARE(r.steps.size(), std::size_t(5));
        const RunbookStep& first = r.steps[0];
        QCOMPARE(first.id, std::string("parse-errors-in-the-logs"));
        QCOMPARE(first.title, std::string("Parse errors in the logs"));
        QCOMPARE(first.line, 15);
        QCOMPARE(first.blockLine, 19);
        QCOMPARE(first.kind, StepKind::Check);
        QCOMPARE(first.check->kind, std::string("log_count"));
        QCOMPARE(first.check->kindLine, 21);
        QCOMPARE(first.check->parameters.size(), std::size_t(2));
        QCOMPARE(first.check->parameter("search")->value, std::string("rejected submission"));
        QCOMPARE(first.check->parameter("level")->line, 23);
        QCOMPARE(first.check->pass->text(), std::string("count >= 1 and count < 100000"));
        QCOMPARE(first.check->passLine, 24);
        QCOMPARE(first.check->evidence, (std::vector<std::string>{"logs", "time_range"}));
        QCOMPARE(first.check->impact, ImpactKind::Lost);
        QCOMPARE(first.check->limit, 5);
        QCOMPARE(first.onPass->target, std::string("the-unknown-field"));
        QCOMPARE(first.onPass->line, 28);
        QCOMPARE(first.onFail->target, std::string("nothing-rejected"));
        // The description keeps its prose but not the action block.
        QVERIFY(first.body.find("Look at the ingestion logs first.") != std::string::npos);
        QVERIFY(first.body.find("After the block.") != std::string::npos);
        QVERIFY(first.body.find("kind: log_count") == std::string::npos);

        const RunbookStep& second = r.steps[1];
        QCOMPARE(second.id, std::string("the-unknown-field"));
        QCOMPARE(second.check->kind, std::string("sql"));
        // Indented lines continue a value; the example ```sql fence is description.
        QCOMPARE(second.check->parameter("query")->value,
                 std::string("SELECT count(*)\nFROM logs"));
        QVERIFY(second.body.find("# not a heading inside a fence") != std::string::npos);
        QVERIFY(second.body.find("### A sub-heading stays") != std::string::npos);
        // A link may name the step by its title.
        QCOMPARE(second.onPass->target, std::string("roll-back"));

        const RunbookStep& gate = r.steps[2];
        QCOMPARE(gate.kind, StepKind::Gate);
        QCOMPARE(gate.gate->action, std::string("Roll back the SDK to 4.1.3"));
        QCOMPARE(gate.gate->approvers, std::string("incident commander"));
        QCOMPARE(gate.onPass->target, std::string("drift-confirmed"));
        QCOMPARE(gate.onFail->target, std::string("drift-confirmed"));

        QCOMPARE(r.steps[3].kind, StepKind::Conclusion);
        QCOMPARE(r.steps[3].conclusion->verdict, Verdict::Confirmed);
        QCOMPARE(r.steps[3].conclusion->diagnosis,
                 std::string("A client release sends a field the parser does not know."));
        QCOMPARE(r.steps[4].conclusion->verdict, Verdict::RuledOut);
        QCOMPARE(r.stepAfter("roll-back")->id, std::string("drift-confirmed"));
        QVERIFY(r.stepAfter("nothing-rejected") == nullptr);
    }

    void readsWindowsLineEndings() {
        std::string crlf;
        for (char c : std::string(kValid)) {
            if (c == '\n')
                crlf += '\r';
            crlf += c;
        }
        const RunbookParse parsed = loadRunbook(crlf, builtinCheckRegistry());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.runbook->steps.size(), std::size_t(5));
        QCOMPARE(parsed.runbook->steps[1].check->parameter("query")->value,
                 std::string("SELECT count(*)\nFROM logs"));
    }

    void slugsFollowHeadingAnchors() {
        QCOMPARE(stepSlug("Check the SDK release (4.2.0)!"),
                 std::string("check-the-sdk-release-420"));
        QCOMPARE(stepSlug("Rejected submissions: why?"), std::string("rejected-submissions-why"));
        QCOMPARE(stepSlug("snake_case and-dashes"), std::string("snake_case-and-dashes"));
    }

    void warnsAboutStepsNoPathReaches() {
        const RunbookParse parsed = parseRunbook("# T\n\n## A\n\n```check\nkind: changes\npass: "
                                                 "count >= 1\non pass: c\non fail: c\n```\n\n## "
                                                 "B\n\nNever reached.\n\n## C\n\nEnd.\n");
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.warnings.size(), std::size_t(1));
        QCOMPARE(parsed.warnings[0].line, 12);
        QVERIFY(parsed.warnings[0].message.find("'B'") != std::string::npos);
    }

    void reportsMalformedRunbooks_data() {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        auto row = [](const char* name, const char* md, int line, const char* message) {
            QTest::newRow(name) << QString::fromUtf8(md) << line << QString::fromUtf8(message);
        };
        row("empty file", "", 0, "starts with its title as a '# ' heading; this file has none");
        row("no title", "Some text\n\n## Step\n\nx\n", 3, "starts with its title");
        row("second title", "# T\n\n## S\n\n# Again\n", 5,
            "a runbook has one title ('# ' heading); the title is on line 1");
        row("no steps", "# T\n\nOnly a summary.\n", 1, "the runbook has no steps");
        row("unclosed check", "# T\n\n## S\n\n```check\nkind: changes\n", 5,
            "the ```check block that starts here is never closed");
        row("unclosed example", "# T\n\n## S\n\n~~~sql\nSELECT 1\n", 5,
            "the fenced block that starts here is never closed");
        row("block in summary", "# T\n\n```check\nkind: changes\n```\n\n## S\n", 3,
            "a ```check block belongs inside a step");
        row("two blocks",
            "# T\n\n## S\n\n```check\nkind: changes\n```\n\n```gate\naction: x\n```\n", 9,
            "already has its action block (line 5); a step holds one");
        row("no kind", "# T\n\n## S\n\n```check\npass: count >= 1\n```\n", 5,
            "the ```check block has no 'kind'");
        row("duplicate key", "# T\n\n## S\n\n```check\nkind: changes\nkind: sql\n```\n", 7,
            "'kind' is given twice (first on line 6)");
        row("not key value", "# T\n\n## S\n\n```check\nkind: changes\njust words\n```\n", 7,
            "expected 'key: value' in the ```check block, not 'just words'");
        row("empty value", "# T\n\n## S\n\n```check\nkind: changes\npass:\n```\n", 7,
            "'pass' has no value");
        row("bad condition", "# T\n\n## S\n\n```check\nkind: changes\npass: count >=\n```\n", 7,
            "pass condition: expected a number after '>=' (column 9 of 'count >=')");
        row("bad condition operator",
            "# T\n\n## S\n\n```check\nkind: changes\npass: count about 3\n```\n", 7,
            "expected an operator (== != < <= > >=) after 'count'");
        row("unknown step",
            "# T\n\n## S\n\n```check\nkind: changes\npass: count > 0\non pass: "
            "endd\n```\n\n## End\n\nx\n",
            8, "no step 'endd' (did you mean 'end'?)");
        row("branch without condition", "# T\n\n## S\n\n```check\nkind: changes\non pass: s\n```\n",
            7, "'on pass' / 'on fail' need a 'pass' condition");
        row("next and on pass",
            "# T\n\n## S\n\n```check\nkind: changes\npass: count > 0\non pass: s\nnext: s\n```\n",
            9, "use 'on pass' / 'on fail' or 'next', not both");
        row("gate without action", "# T\n\n## S\n\n```gate\napprovers: lead\n```\n", 5,
            "the ```gate block needs an 'action'");
        row("gate unknown key", "# T\n\n## S\n\n```gate\naction: x\naprovers: lead\n```\n", 7,
            "unknown key 'aprovers' in a ```gate block (did you mean 'approvers'?)");
        row("conclusion without verdict", "# T\n\n## S\n\n```conclusion\ndiagnosis: x\n```\n", 5,
            "needs a 'verdict'");
        row("bad verdict", "# T\n\n## S\n\n```conclusion\ndiagnosis: x\nverdict: maybe\n```\n", 7,
            "verdict is confirmed, ruled-out or inconclusive, not 'maybe'");
        row("conclusion with next",
            "# T\n\n## S\n\n```conclusion\ndiagnosis: x\nverdict: confirmed\nnext: s\n```\n", 8,
            "a conclusion ends the run; it has no 'next'");
        row("duplicate step", "# T\n\n## Check it\n\nx\n\n## Check it!\n\ny\n", 7,
            "two steps have the id 'check-it' (the other is on line 3)");
        row("bad symptom tag", "# T\n\n## Symptoms\n\n- `Volume Drop` falls\n\n## S\n\nx\n", 5,
            "a symptom tag is lower-case letters, digits and '-', not 'Volume Drop'");
        row("bad impact", "# T\n\n## S\n\n```check\nkind: changes\nimpact: many\n```\n", 7,
            "impact is 'lost' or 'delayed'");
        row("bad limit", "# T\n\n## S\n\n```check\nkind: changes\nlimit: 1000\n```\n", 7,
            "limit is a whole number of evidence rows from 1 to 200, not '1000'");
        row("evidence none and more",
            "# T\n\n## S\n\n```check\nkind: changes\nevidence: none, logs\n```\n", 7,
            "'evidence: none' cannot list evidence as well");
        // Against the registry of check kinds.
        row("unknown kind", "# T\n\n## S\n\n```check\nkind: log_cuont\n```\n", 6,
            "unknown check kind 'log_cuont' (did you mean 'log_count'?)");
        row("unknown parameter", "# T\n\n## S\n\n```check\nkind: log_count\nserach: x\n```\n", 7,
            "unknown key 'serach' for a log_count check (did you mean 'search'?)");
        row("missing parameter", "# T\n\n## S\n\n```check\nkind: log_count\nlevel: warn\n```\n", 5,
            "a log_count check needs 'search'");
        row("bad filter",
            "# T\n\n## S\n\n```check\nkind: filter\ntarget: spans\nwhere: duration >=\n```\n", 8,
            "bad filter: expected a value after '>='");
        row("filter on wrong target",
            "# T\n\n## S\n\n```check\nkind: filter\ntarget: traces\nwhere: level == error\n```\n",
            8, "bad filter: field 'level' does not apply to traces");
        row("bad target",
            "# T\n\n## S\n\n```check\nkind: filter\ntarget: metrics\nwhere: x == "
            "y\n```\n",
            7, "target is spans, traces or logs, not 'metrics'");
        row("bad level", "# T\n\n## S\n\n```check\nkind: log_count\nsearch: x\nlevel: loud\n```\n",
            8, "level is trace, debug, info, warn, error or fatal, not 'loud'");
        row("unknown value",
            "# T\n\n## S\n\n```check\nkind: log_count\nsearch: x\npass: rows >= "
            "1\n```\n",
            8, "a log_count check has no value 'rows'");
        row("evidence it cannot make",
            "# T\n\n## S\n\n```check\nkind: log_count\nsearch: x\nevidence: table\n```\n", 5,
            "a log_count check cannot record 'table' evidence");
        row("bad time", "# T\n\n## S\n\n```check\nkind: changes\nfrom: yesterday\n```\n", 7,
            "from is a time like 2026-11-20T09:00Z, not 'yesterday'");
        row("window backwards",
            "# T\n\n## S\n\n```check\nkind: changes\nfrom: 2026-11-20\nto: 2026-11-19\n```\n", 8,
            "the window ends ('to') before it starts ('from')");
        row("sql that writes",
            "# T\n\n## S\n\n```check\nkind: sql\nquery: DELETE FROM spans\n```\n", 7,
            "an sql check runs one read-only SELECT");
    }

    void reportsMalformedRunbooks() {
        QFETCH(QString, markdown);
        QFETCH(int, line);
        QFETCH(QString, message);
        const RunbookParse parsed = loadRunbook(markdown.toStdString(), builtinCheckRegistry());
        QVERIFY(!parsed.ok());
        QVERIFY(!parsed.runbook.has_value()); // a malformed runbook never runs
        bool found = false;
        for (const auto& e : parsed.errors)
            found =
                found || (e.line == line && QString::fromStdString(e.message).contains(message));
        if (!found) {
            for (const auto& e : parsed.errors)
                qWarning("got: %s", formatRunbookError(e).c_str());
            QFAIL(qPrintable(QStringLiteral("expected line %1: %2").arg(line).arg(message)));
        }
    }

    void conditionsEvaluate_data() {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<bool>("expected");
        // values: count 12, ratio 0.034, errors 0
        QTest::newRow("ge") << "count >= 12" << true;
        QTest::newRow("gt") << "count > 12" << false;
        QTest::newRow("eq") << "errors == 0" << true;
        QTest::newRow("single =") << "errors = 0" << true;
        QTest::newRow("ne") << "errors != 0" << false;
        QTest::newRow("percent") << "ratio > 3%" << true;
        QTest::newRow("percent false") << "ratio > 3.5%" << false;
        QTest::newRow("and") << "count >= 1 and ratio < 0.05" << true;
        QTest::newRow("or") << "errors > 0 or count < 5" << false;
        QTest::newRow("precedence") << "errors > 0 and count > 0 or ratio > 0" << true;
        QTest::newRow("parentheses") << "errors > 0 and (count > 0 or ratio > 0)" << false;
        QTest::newRow("case of keywords") << "count > 1 AND ratio > 0" << true;
        QTest::newRow("missing value is false") << "rows >= 0" << false;
        QTest::newRow("missing value negated is false too") << "rows != 5" << false;
        QTest::newRow("nan is false") << "value == 0 or value != 0" << false;
    }

    void conditionsEvaluate() {
        QFETCH(QString, condition);
        QFETCH(bool, expected);
        auto parsed = PassCondition::parse(condition.toStdString());
        QVERIFY(std::holds_alternative<PassCondition>(parsed));
        const std::map<std::string, double> values{
            {"count", 12}, {"ratio", 0.034}, {"errors", 0}, {"value", std::nan("")}};
        QCOMPARE(std::get<PassCondition>(parsed).evaluate(values), expected);
    }

    void conditionErrorsHavePositions_data() {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<int>("position");
        QTest::newRow("empty") << "" << 0;
        QTest::newRow("number first") << "3 > count" << 0;
        QTest::newRow("dangling and") << "count > 1 and" << 13;
        QTest::newRow("unclosed") << "(count > 1" << 10;
        QTest::newRow("trailing") << "count > 1 x" << 10;
    }

    void conditionErrorsHavePositions() {
        QFETCH(QString, condition);
        QFETCH(int, position);
        auto parsed = PassCondition::parse(condition.toStdString());
        QVERIFY(std::holds_alternative<ConditionError>(parsed));
        QCOMPARE(int(std::get<ConditionError>(parsed).position), position);
    }

    void bundledRunbooksAllLoad() {
        QVERIFY(bundledRunbooks().size() >= 8);
        for (const auto& bundled : bundledRunbooks()) {
            const auto parsed = openRunbook(bundled.name, builtinCheckRegistry());
            for (const auto& e : parsed.errors)
                qWarning("%s: %s", std::string(bundled.name).c_str(),
                         formatRunbookError(e).c_str());
            QVERIFY2(parsed.ok(), std::string(bundled.name).c_str());
            QVERIFY2(parsed.warnings.empty(), std::string(bundled.name).c_str());
            QCOMPARE(parsed.runbook->origin, "bundled:" + std::string(bundled.name));
            QVERIFY(!parsed.runbook->symptoms.empty());
        }
    }

    void suggestsRunbooksBySymptoms() {
        // The tags are those written in resources/runbooks/*.md.
        const auto lead = suggestRunbooks({"parse-errors", "freshness-breach", "volume-drop"},
                                          builtinCheckRegistry());
        QVERIFY(lead.size() >= 3);
        QCOMPARE(lead[0].name, std::string("ingestion-schema-drift"));  // 3 of its 3
        QCOMPARE(lead[1].name, std::string("lead-flow-missing-leads")); // 3 of its 5
        QCOMPARE(lead[0].matched,
                 (std::vector<std::string>{"volume-drop", "parse-errors", "freshness-breach"}));
        const auto retail = suggestRunbooks({"stale-features", "latency"}, builtinCheckRegistry());
        QCOMPARE(retail.size(), std::size_t(2));
        QCOMPARE(retail[0].name, std::string("feature-store-latency-stale-features"));
        QCOMPARE(retail[1].name, std::string("retail-audience-shrink"));
        QVERIFY(suggestRunbooks({"no-such-symptom"}, builtinCheckRegistry()).empty());
    }

    void opensRunbookFilesAndRefusesUnknownNames() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mine.md"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kValid);
        file.close();
        const auto parsed = openRunbook(path.toStdString(), builtinCheckRegistry());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.runbook->origin, path.toStdString());
        QCOMPARE(parsed.runbook->name, std::string("mine"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 openRunbook("no-such-runbook", builtinCheckRegistry()));
    }
};

QTEST_GUILESS_MAIN(TestRunbookParser)
#include "tst_runbook_parser.moc"
