// casebook-cli pin as a process, on the generated lead-flow sample: each kind of evidence
// the panes pin (trace, span, log lines, chart range, finding, lineage impact, window)
// lands in the case with its note, in the tenant, with the rows it names (read back with
// SQL); bad requests exit with a reason and record nothing.
#include "cli_process.h"
#include "core/generate/scenario_generator.h"
#include "core/store/workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

namespace {

using Run = test::CliRun;
using test::cli;

std::int64_t ns(const char* rfc3339) {
    return QDateTime::fromString(QString::fromLatin1(rfc3339), Qt::ISODate).toMSecsSinceEpoch() *
           1'000'000;
}

QString s(const char* text) {
    return QString::fromUtf8(text);
}

} // namespace

class TestPinCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString workspace;

    QString text(const QString& sql) {
        auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::ReadOnly);
        auto st = ws->db().prepare(sql.toStdString());
        return st.step() ? QString::fromStdString(st.text(0)) : QString();
    }
    std::int64_t integer(const QString& sql) {
        auto ws = Workspace::open(workspace.toStdString(), Workspace::OpenMode::ReadOnly);
        return ws->db().scalarInt(sql.toStdString());
    }
    // Pins in acme with `note`; returns the new evidence id.
    qint64 pin(QStringList args, const QString& note) {
        args = QStringList{s("pin"), workspace, s("--tenant"), s("acme")} + args +
               QStringList{s("--note"), note, s("--author"), s("Dana Whitfield")};
        const Run r = cli(args);
        if (r.exitCode != 0 || !r.out.startsWith("evidence:"))
            qWarning("pin failed: %s%s", r.out.constData(), r.err.constData());
        return r.out.mid(9, r.out.indexOf(' ') - 9).toLongLong();
    }
    // The id of the newest trace of `tenant` that `casebook-cli traces` lists with `filter`.
    QString firstTrace(const QString& tenant, const QStringList& filter = {}) {
        return cli(QStringList{s("traces"), workspace, s("--tenant"), tenant, s("--limit"), s("1"),
                               s("--json")} +
                   filter)
            .json()
            .array()
            .at(0)
            .toObject()
            .value(s("trace_id"))
            .toString();
    }
    QString where(qint64 id) { return QStringLiteral(" FROM case_evidence WHERE id = %1").arg(id); }

private slots:
    void initTestCase() {
        const QString bundle = dir.filePath(s("lead-flow"));
        generateBundle(GenerateOptions{}, bundle.toStdString());
        workspace = dir.filePath(s("case.casebook"));
        QCOMPARE(cli({s("import"), workspace, bundle}).exitCode, 0);
    }

    void tracesSpansAndLogLines() {
        const QString trace = firstTrace(s("acme"), {s("--errors")});
        QCOMPARE(trace.size(), 32);
        const qint64 t = pin({s("--trace"), trace}, s("a failing submission"));
        QVERIFY(t > 0);
        QCOMPARE(text(s("SELECT kind") + where(t)), s("traces"));
        QCOMPARE(text(s("SELECT note") + where(t)), s("a failing submission"));
        QCOMPARE(text(s("SELECT author") + where(t)), s("Dana Whitfield"));
        QCOMPARE(text(s("SELECT json_extract(payload, '$.traces[0].trace_id')") + where(t)), trace);
        QCOMPARE(integer(s("SELECT tenant_id = (SELECT id FROM tenants WHERE name = 'acme')") +
                         where(t)),
                 std::int64_t(1));

        const QJsonArray spans =
            cli({s("trace"), workspace, trace, s("--tenant"), s("acme"), s("--json")})
                .json()
                .object()
                .value(s("spans"))
                .toArray();
        const QString span = spans.at(1).toObject().value(s("span_id")).toString();
        const qint64 sp = pin({s("--trace"), trace, s("--span"), span}, s("the failing span"));
        QCOMPARE(text(s("SELECT kind") + where(sp)), s("spans"));
        QVERIFY(text(s("SELECT payload") + where(sp)).contains(span));

        const QJsonArray errors = cli({s("logs"), workspace, s("--tenant"), s("acme"), s("--level"),
                                       s("error"), s("--limit"), s("2"), s("--json")})
                                      .json()
                                      .array();
        QCOMPARE(errors.size(), 2);
        const qint64 first = errors.at(0).toObject().value(s("id")).toInteger();
        const qint64 second = errors.at(1).toObject().value(s("id")).toInteger();
        QVERIFY(first > 0 && second > 0);
        const qint64 l = pin({s("--logs"), QStringLiteral("%1,%2").arg(first).arg(second)},
                             s("the parser rejects"));
        QCOMPARE(text(s("SELECT kind") + where(l)), s("logs"));
        QCOMPARE(integer(QStringLiteral("SELECT json_extract(payload, '$.logs[0].id') + "
                                        "json_extract(payload, '$.logs[1].id')") +
                         where(l)),
                 std::int64_t(first + second));
    }

    void chartRangeFindingLineageAndWindow() {
        // The chart: leads.submitted of acme over a day, against a week earlier.
        qint64 series = 0;
        for (const auto& v :
             cli({s("metrics"), workspace, s("--tenant"), s("acme"), s("--json")}).json().array())
            if (v.toObject().value(s("name")).toString() == s("leads.submitted"))
                series = v.toObject().value(s("id")).toInteger();
        QVERIFY(series > 0);
        const qint64 c =
            pin({s("--series"), QString::number(series), s("--from"), s("2026-11-19T12:00:00Z"),
                 s("--to"), s("2026-11-20T12:00:00Z"), s("--baseline"), s("7d")},
                s("the drop"));
        QCOMPARE(text(s("SELECT kind") + where(c)), s("chart"));
        QCOMPARE(integer(s("SELECT from_ns") + where(c)), ns("2026-11-19T12:00:00Z"));
        QCOMPARE(integer(s("SELECT to_ns") + where(c)), ns("2026-11-20T12:00:00Z"));
        // The series and its dashed week-earlier line, and the change in words.
        QCOMPARE(integer(s("SELECT json_array_length(payload, '$.lines')") + where(c)),
                 std::int64_t(2));
        QCOMPARE(integer(s("SELECT json_extract(payload, '$.lines[1].dashed')") + where(c)),
                 std::int64_t(1));
        QVERIFY(text(s("SELECT json_extract(payload, '$.comparison')") + where(c))
                    .contains(s("a week earlier")));

        // The first finding as `casebook-cli findings` lists it.
        const QString title = cli({s("findings"), workspace, s("--tenant"), s("acme"), s("--json")})
                                  .json()
                                  .object()
                                  .value(s("findings"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(s("title"))
                                  .toString();
        QVERIFY(title.startsWith(s("leads.submitted")));
        const qint64 f = pin({s("--finding"), s("1")}, s("top finding"));
        QCOMPARE(text(s("SELECT kind") + where(f)), s("finding"));
        QCOMPARE(text(s("SELECT title") + where(f)), title);

        // What the failing parser feeds: all five nurture journeys (DOMAIN.md's incident).
        const qint64 g = pin({s("--lineage"), s("parse_submissions")}, s("what the parser feeds"));
        QCOMPARE(text(s("SELECT kind") + where(g)), s("lineage_impact"));
        QCOMPARE(text(s("SELECT json_extract(payload, '$.direction')") + where(g)),
                 s("downstream"));
        QCOMPARE(integer(s("SELECT json_extract(value, '$.reached') FROM case_evidence, "
                           "json_each(payload, '$.counts') WHERE json_extract(value, '$.kind') = "
                           "'journey' AND case_evidence.id = ") +
                         QString::number(g)),
                 std::int64_t(5));

        const qint64 w = pin({s("--range"), s("--from"), s("2026-11-19T20:00:00Z"), s("--to"),
                              s("2026-11-19T22:00:00Z")},
                             s("impact window"));
        QCOMPARE(text(s("SELECT kind") + where(w)), s("time_range"));
        QCOMPARE(integer(s("SELECT to_ns - from_ns") + where(w)), 2 * 3600 * 1'000'000'000LL);

        // The freshness SLO of the web-form source, breached and paging (DOMAIN.md).
        const qint64 o = pin({s("--slo"), s("web-forms freshness")}, s("freshness is broken"));
        QCOMPARE(text(s("SELECT title") + where(o)), s("'web-forms freshness' for acme: Broken"));
        QCOMPARE(text(s("SELECT json_extract(payload, '$.alerts[0].severity')") + where(o)),
                 s("page"));
        QVERIFY(integer(s("SELECT json_extract(payload, '$.budget_remaining') < 0") + where(o)));

        // Every pin is on the timeline with its note.
        const QString timeline = QString::fromUtf8(
            cli({s("timeline"), s("list"), workspace, s("--tenant"), s("acme"), s("--json")}).out);
        for (const char* note :
             {"a failing submission", "the failing span", "the parser rejects", "the drop",
              "top finding", "what the parser feeds", "impact window"})
            QVERIFY2(timeline.contains(s(note)), note);
    }

    void badRequestsRecordNothing() {
        const std::int64_t before = integer(s("SELECT count(*) FROM case_evidence"));
        const QString globexTrace = firstTrace(s("globex"));
        QCOMPARE(globexTrace.size(), 32);
        struct Case {
            QStringList args;
            int exitCode;
            const char* says;
        };
        const QList<Case> cases = {
            {{s("--note"), s("x")}, 2, "pin what?"},
            {{s("--trace"), globexTrace}, 2, "needs --note"},
            {{s("--range"), s("--finding"), s("1"), s("--note"), s("x")}, 2, "one thing at a time"},
            {{s("--trace"), s("abc"), s("--note"), s("x")}, 2, "32 hex digits"},
            {{s("--span"), s("64ba2a6e32056aa7"), s("--note"), s("x")}, 2, "goes with --trace"},
            {{s("--logs"), s("1,x"), s("--note"), s("x")}, 2, "log ids"},
            {{s("--range"), s("--from"), s("2026-11-19T20:00Z"), s("--note"), s("x")},
             2,
             "needs --to"},
            {{s("--finding"), s("1"), s("--from"), s("2026-11-19T20:00Z"), s("--note"), s("x")},
             2,
             "go with --series"},
            // Another tenant's trace is not in acme's scope.
            {{s("--trace"), globexTrace, s("--note"), s("x")}, 1, "not in this scope"},
            {{s("--finding"), s("99"), s("--note"), s("x")}, 1, "no finding 99"},
            {{s("--lineage"), s("no_such_node"), s("--note"), s("x")}, 1, "no_such_node"},
            {{s("--slo"), s("no such objective"), s("--note"), s("x")}, 1, "no SLO named"},
            {{s("--series"), s("999999"), s("--from"), s("2026-11-19T20:00Z"), s("--to"),
              s("2026-11-19T22:00Z"), s("--note"), s("x")},
             1,
             "no series 999999"},
        };
        for (const auto& c : cases) {
            const Run r = cli(QStringList{s("pin"), workspace, s("--tenant"), s("acme")} + c.args);
            QVERIFY2(r.exitCode == c.exitCode, qPrintable(c.args.join(u' ') + u' ' + r.err));
            QVERIFY2(r.err.contains(c.says), qPrintable(c.args.join(u' ') + u' ' + r.err));
        }
        // Across tenants an SLO name is ambiguous: each tenant has its own copy.
        const Run across =
            cli({s("pin"), workspace, s("--slo"), s("web-forms freshness"), s("--note"), s("x")});
        QCOMPARE(across.exitCode, 2);
        QVERIFY(across.err.contains("pin one with --tenant"));
        QCOMPARE(integer(s("SELECT count(*) FROM case_evidence")), before);
    }
};

QTEST_GUILESS_MAIN(TestPinCli)
#include "tst_pin_cli.moc"
