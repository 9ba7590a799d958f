// The filter language: what each expression compiles to, what is rejected and where,
// that user text only ever travels as bound values, and that filtered queries return
// exactly the expected rows without leaving the tenant scope.
#include "core/filter/filter.h"
#include "core/query/log_queries.h"
#include "core/query/trace_queries.h"
#include "core/two_tenant_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casebook;

namespace {

const QString kExists = QStringLiteral("EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = "
                                       "t.trace_id AND s.tenant_id = t.tenant_id AND ");
QString attr(const char* alias) {
    return QStringLiteral("coalesce(json_extract(%1.attributes, ?), (SELECT "
                          "json_extract(r.attributes, ?) FROM resources r WHERE r.id = "
                          "%1.resource_id))")
        .arg(QLatin1String(alias));
}
const QString kServiceIs = QStringLiteral("service_id IN (SELECT id FROM services WHERE name = ?)");

QString hex(const std::vector<std::uint8_t>& bytes) {
    QString out;
    for (auto b : bytes)
        out += QStringLiteral("%1").arg(b, 2, 16, QLatin1Char('0'));
    return out;
}

QString render(const ScopedQuery::Value& v) {
    return std::visit(
        [](const auto& x) -> QString {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::int64_t>)
                return QStringLiteral("i:") + QString::number(x);
            else if constexpr (std::is_same_v<T, double>)
                return QStringLiteral("d:") + QString::number(x);
            else if constexpr (std::is_same_v<T, std::string>)
                return QStringLiteral("s:") + QString::fromStdString(x);
            else
                return QStringLiteral("b:") + hex(x);
        },
        v);
}

QStringList rendered(const std::vector<ScopedQuery::Value>& values) {
    QStringList out;
    for (const auto& v : values)
        out << render(v);
    return out;
}

FilterTarget targetOf(int t) {
    return static_cast<FilterTarget>(t);
}
constexpr int kSpans = static_cast<int>(FilterTarget::Spans);
constexpr int kTraces = static_cast<int>(FilterTarget::Traces);
constexpr int kLogs = static_cast<int>(FilterTarget::Logs);

QString path(const char* key) {
    return QStringLiteral("s:$.\"%1\"").arg(QString::fromUtf8(key));
}

} // namespace

class TestFilterLanguage : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;

    static QString traceHex(int tenant, int trace) {
        return QString::fromStdString(test::makeTraceId(tenant, trace).hex());
    }

private slots:
    void initTestCase() {
        ws = Workspace::open(std::filesystem::path(dir.path().toStdString()) / "f.casebook");
        test::writeTwoTenants(*ws);
        // One resource attribute on acme's second trace, for the resource fallback of attr.*.
        ws->db().exec(
            "INSERT INTO resources(attributes) VALUES('{\"service.version\":\"4.2.0\"}')");
        const auto resource = ws->db().lastInsertRowId();
        auto st = ws->db().prepare("UPDATE spans SET resource_id = ? WHERE trace_id = ?");
        const auto id = test::makeTraceId(1, 1);
        st.bind(1, resource)
            .bindBlob(2, std::vector<std::uint8_t>(id.bytes.begin(), id.bytes.end()))
            .run();
    }

    void compiles_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("target");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("values");

        auto row = [](const char* name, const QString& text, int target, const QString& sql,
                      const QStringList& values) {
            QTest::newRow(name) << text << target << sql << values;
        };
        row("empty", QString(), kTraces, QString(), {});
        row("blank", QStringLiteral("  \t "), kLogs, QString(), {});

        // Spans.
        row("service", QStringLiteral("service == crm-sync"), kSpans, "s." + kServiceIs,
            {"s:crm-sync"});
        row("name alias, quoted", QStringLiteral("name == \"POST /v1/submissions\""), kSpans,
            "s.name = ?", {"s:POST /v1/submissions"});
        row("duration ms", QStringLiteral("duration >= 250ms"), kSpans,
            "s.end_ns - s.start_ns >= ?", {"i:250000000"});
        row("duration decimal s", QStringLiteral("duration<1.5s"), kSpans,
            "s.end_ns - s.start_ns < ?", {"i:1500000000"});
        row("duration µs", QStringLiteral("duration > 10µs"), kSpans, "s.end_ns - s.start_ns > ?",
            {"i:10000"});
        row("status", QStringLiteral("status == error"), kSpans, "s.status_code = ?", {"i:2"});
        row("status not", QStringLiteral("status != ok"), kSpans, "NOT (s.status_code = ?)",
            {"i:1"});
        row("kind", QStringLiteral("kind == consumer"), kSpans, "s.kind = ?", {"i:5"});
        row("start", QStringLiteral("start >= 2026-11-20T09:00Z"), kSpans, "s.start_ns >= ?",
            {"i:1795165200000000000"});
        row("short trace id padded", QStringLiteral("trace_id == 0af7651916cd43dd"), kSpans,
            "s.trace_id = ?", {"b:00000000000000000af7651916cd43dd"});
        row("span id", QStringLiteral("span_id == 00F067AA0BA902B7"), kSpans, "s.span_id = ?",
            {"b:00f067aa0ba902b7"});
        row("error code nullable", QStringLiteral("error_code == PARSE_UNKNOWN_FIELD"), kSpans,
            "coalesce(s.error_code = ?, 0)", {"s:PARSE_UNKNOWN_FIELD"});
        row("attr number", QStringLiteral("attr.http.status_code >= 500"), kSpans,
            "coalesce(" + attr("s") + " >= ?, 0)",
            {path("http.status_code"), path("http.status_code"), "i:500"});
        row("attr quoted key", QStringLiteral("attr.\"http status\" == \"a b\""), kSpans,
            "coalesce(" + attr("s") + " = ?, 0)",
            {path("http status"), path("http status"), "s:a b"});
        row("attr contains", QStringLiteral("attr.form.fields ~ utm_content"), kSpans,
            "coalesce(instr(lower(" + attr("s") + "), ?) > 0, 0)",
            {path("form.fields"), path("form.fields"), "s:utm_content"});
        row("attr version word is text", QStringLiteral("attr.service.version == 4.2.0"), kSpans,
            "coalesce(" + attr("s") + " = ?, 0)",
            {path("service.version"), path("service.version"), "s:4.2.0"});
        row("attr true", QStringLiteral("attr.retry == true"), kSpans,
            "coalesce(" + attr("s") + " = ?, 0)", {path("retry"), path("retry"), "i:1"});
        row("attr decimal", QStringLiteral("attr.ratio < 0.5"), kSpans,
            "coalesce(" + attr("s") + " < ?, 0)", {path("ratio"), path("ratio"), "d:0.5"});
        row("attr negative", QStringLiteral("attr.x == -3"), kSpans,
            "coalesce(" + attr("s") + " = ?, 0)", {path("x"), path("x"), "i:-3"});
        row("attr quoted number stays text", QStringLiteral("attr.x == \"3\""), kSpans,
            "coalesce(" + attr("s") + " = ?, 0)", {path("x"), path("x"), "s:3"});
        // The pattern's ? comes before the attribute path's, and so does its value.
        row("attr regex binds in order", QStringLiteral("attr.http.route ~ /^\\/v1/"), kSpans,
            "coalesce(regexp(?, " + attr("s") + "), 0)",
            {"s:^/v1", path("http.route"), path("http.route")});
        row("contains folds case", QStringLiteral("operation ~ \"Submissions\""), kSpans,
            "instr(lower(s.name), ?) > 0", {"s:submissions"});
        row("regex with flag", QStringLiteral("operation ~ /^POST \\/v1/i"), kSpans,
            "regexp(?, s.name, 'i')", {"s:^POST /v1"});
        row("regex negated", QStringLiteral("operation !~ /healthz$/"), kSpans,
            "NOT (regexp(?, s.name))", {"s:healthz$"});
        row("and binds tighter than or",
            QStringLiteral("service == a or service == b and status == error"), kSpans,
            "s." + kServiceIs + " OR (s." + kServiceIs + " AND s.status_code = ?)",
            {"s:a", "s:b", "i:2"});
        row("parentheses and not",
            QStringLiteral("(service == a || service == b) and not status == ok"), kSpans,
            "(s." + kServiceIs + " OR s." + kServiceIs + ") AND NOT (s.status_code = ?)",
            {"s:a", "s:b", "i:1"});
        row("symbols", QStringLiteral("!(kind == server) && duration > 1s || status == error"),
            kSpans, "(NOT (s.kind = ?) AND s.end_ns - s.start_ns > ?) OR s.status_code = ?",
            {"i:2", "i:1000000000", "i:2"});
        row("upper-case keywords", QStringLiteral("service == a AND NOT status == ok"), kSpans,
            "s." + kServiceIs + " AND NOT (s.status_code = ?)", {"s:a", "i:1"});
        row("string escapes", QStringLiteral("operation == \"a\\\"b\\\\c\""), kSpans, "s.name = ?",
            {"s:a\"b\\c"});

        // Traces.
        row("trace fields", QStringLiteral("duration > 2s and errors >= 1"), kTraces,
            "t.duration_ns > ? AND t.error_count >= ?", {"i:2000000000", "i:1"});
        row("counts", QStringLiteral("spans > 10 or services >= 5"), kTraces,
            "t.span_count > ? OR t.service_count >= ?", {"i:10", "i:5"});
        row("trace start", QStringLiteral("time < 2026-11-20T00:00:00Z"), kTraces, "t.start_ns < ?",
            {"i:1795132800000000000"});
        row("trace tenant", QStringLiteral("tenant == acme"), kTraces,
            "t.tenant_id IN (SELECT id FROM tenants WHERE name = ?)", {"s:acme"});
        row("trace id on t", QStringLiteral("trace_id == 0af7651916cd43dd8448eb211c80319c"),
            kTraces, "t.trace_id = ?", {"b:0af7651916cd43dd8448eb211c80319c"});
        row("span field is exists", QStringLiteral("service == crm-sync"), kTraces,
            kExists + "s." + kServiceIs + ")", {"s:crm-sync"});
        row("negated span field is not exists", QStringLiteral("service != crm-sync"), kTraces,
            "NOT " + kExists + "s." + kServiceIs + ")", {"s:crm-sync"});
        row("each comparison its own exists",
            QStringLiteral("service == crm-sync and status == error"), kTraces,
            kExists + "s." + kServiceIs + ") AND " + kExists + "s.status_code = ?)",
            {"s:crm-sync", "i:2"});
        row("attr on traces", QStringLiteral("attr.form.fields ~ utm_content"), kTraces,
            kExists + "coalesce(instr(lower(" + attr("s") + "), ?) > 0, 0))",
            {path("form.fields"), path("form.fields"), "s:utm_content"});

        // Logs.
        row("level at least", QStringLiteral("level >= warn"), kLogs, "l.severity_number >= ?",
            {"i:13"});
        row("level equal is a range", QStringLiteral("level == error"), kLogs,
            "l.severity_number BETWEEN ? AND ?", {"i:17", "i:20"});
        row("above a level", QStringLiteral("severity > warn"), kLogs, "l.severity_number > ?",
            {"i:16"});
        row("at most a level", QStringLiteral("level <= info"), kLogs, "l.severity_number <= ?",
            {"i:12"});
        row("below a level", QStringLiteral("level < INFO"), kLogs, "l.severity_number < ?",
            {"i:9"});
        row("not a level", QStringLiteral("level != debug"), kLogs,
            "NOT (l.severity_number BETWEEN ? AND ?)", {"i:5", "i:8"});
        row("severity number", QStringLiteral("level == 17"), kLogs, "l.severity_number = ?",
            {"i:17"});
        row("body contains", QStringLiteral("body ~ \"Unknown Field\""), kLogs,
            "instr(lower(l.body), ?) > 0", {"s:unknown field"});
        row("log time", QStringLiteral("time >= 2026-11-20T09:00Z"), kLogs, "l.time_ns >= ?",
            {"i:1795165200000000000"});
        row("log trace id nullable", QStringLiteral("trace_id == 0af7651916cd43dd"), kLogs,
            "coalesce(l.trace_id = ?, 0)", {"b:00000000000000000af7651916cd43dd"});
        row("log service", QStringLiteral("service == ingestion-api"), kLogs, "l." + kServiceIs,
            {"s:ingestion-api"});
        row("log attr", QStringLiteral("attr.error.code == PARSE_UNKNOWN_FIELD"), kLogs,
            "coalesce(" + attr("l") + " = ?, 0)",
            {path("error.code"), path("error.code"), "s:PARSE_UNKNOWN_FIELD"});
        row("log error code negated", QStringLiteral("error_code != X"), kLogs,
            "NOT (coalesce(l.error_code = ?, 0))", {"s:X"});

        // Injection attempts: the text arrives as a value, the SQL is the usual constant.
        row("quote in value", QStringLiteral("service == \"x' OR 1=1 --\""), kSpans,
            "s." + kServiceIs, {"s:x' OR 1=1 --"});
        row("quotes in attr key", QStringLiteral("attr.\"a'b\\\")--;\" == 1"), kSpans,
            "coalesce(" + attr("s") + " = ?, 0)",
            {QStringLiteral("s:$.\"a'b\\\")--;\""), QStringLiteral("s:$.\"a'b\\\")--;\""), "i:1"});
        row("paren in body", QStringLiteral("body ~ \"); DROP TABLE logs; --\""), kLogs,
            "instr(lower(l.body), ?) > 0", {"s:); drop table logs; --"});
        row("regex with sql", QStringLiteral("operation ~ /'\\); DROP TABLE spans; --/"), kSpans,
            "regexp(?, s.name)", {"s:'\\); DROP TABLE spans; --"});
    }

    void compiles() {
        QFETCH(QString, text);
        QFETCH(int, target);
        QFETCH(QString, sql);
        QFETCH(QStringList, values);
        const auto result = compileFilter(text.toStdString(), targetOf(target));
        QVERIFY2(result.ok(), result.error ? result.error->message.c_str() : "");
        QCOMPARE(QString::fromStdString(result.filter.sql), sql);
        QCOMPARE(rendered(result.filter.values), values);
        QCOMPARE(result.filter.matchesEverything(), sql.isEmpty());
        QCOMPARE(static_cast<int>(result.filter.target), target);
        QCOMPARE(static_cast<std::size_t>(sql.count(QLatin1Char('?'))),
                 result.filter.values.size());
        // And it is valid SQL for its row: prepare and run it on the fixture.
        const char* base = target == kSpans    ? "SELECT count(*) FROM spans s"
                           : target == kTraces ? "SELECT count(*) FROM traces t"
                                               : "SELECT count(*) FROM logs l";
        ScopedQuery query(base);
        query.where(result.filter.sql, result.filter.values);
        auto st = query.prepare(ws->db());
        QVERIFY(st.step());
    }

    void rejects_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("target");
        QTest::addColumn<int>("position");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("message");
        auto row = [](const char* name, const char* text, int target, int position, int length,
                      const char* message) {
            QTest::newRow(name) << QString::fromUtf8(text) << target << position << length
                                << QString::fromUtf8(message);
        };
        row("operator without value", "duration >= and status == error", kTraces, 12, 3,
            "expected a value after '>='");
        row("still typing a value", "duration >=", kSpans, 11, 0, "expected a value after '>='");
        row("still typing an operator", "service", kSpans, 7, 0,
            "expected an operator (== != < <= > >= ~ !~) after 'service'");
        row("missing operator", "service crm-sync", kSpans, 8, 8,
            "expected an operator (== != < <= > >= ~ !~) after 'service'");
        row("still typing after and", "service == a and", kSpans, 16, 0,
            "expected a comparison after 'and'");
        row("still typing after not", "not", kSpans, 3, 0, "expected a comparison after 'not'");
        row("misspelt field", "servce == x", kSpans, 0, 6,
            "unknown field 'servce' (did you mean 'service'?)");
        row("attribute without prefix", "http.route == x", kSpans, 0, 10,
            "unknown field 'http.route' (did you mean 'attr.http.route'?)");
        row("unknown field", "frobnicate == 1", kSpans, 0, 10, "unknown field 'frobnicate'");
        row("level on traces", "level == error", kTraces, 0, 5,
            "field 'level' does not apply to traces");
        row("alias named as written", "x == 1 or severity == error", kTraces, 0, 1,
            "unknown field 'x'");
        row("spans on logs", "spans > 3", kLogs, 0, 5, "field 'spans' does not apply to logs");
        row("spans on spans", "errors > 3", kSpans, 0, 6, "field 'errors' does not apply to spans");
        row("operation on logs", "level >= warn and operation == x", kLogs, 18, 9,
            "field 'operation' does not apply to logs");
        row("unterminated string", "body ~ \"unfinished", kLogs, 7, 11, "unterminated string");
        row("unknown escape", "body ~ \"bad \\q\"", kLogs, 12, 2, "unknown escape '\\q' in string");
        row("unclosed parenthesis", "(service == a", kSpans, 13, 0,
            "unbalanced parenthesis: missing ')'");
        row("stray parenthesis", "service == a)", kSpans, 12, 1,
            "unbalanced parenthesis: no '(' for this ')'");
        row("stray parenthesis first", ")", kSpans, 0, 1,
            "unbalanced parenthesis: no '(' for this ')'");
        row("empty parentheses", "()", kSpans, 1, 1, "expected a comparison before ')'");
        row("junk after comparison", "service == a b", kSpans, 13, 1,
            "expected 'and', 'or' or the end of the filter before 'b'");
        row("junk inside parentheses", "(service == a b)", kSpans, 14, 1,
            "expected 'and', 'or' or ')' before 'b'");
        row("no field", "== x", kSpans, 0, 2, "expected a field name before '=='");
        row("empty attr key", "attr. == x", kSpans, 0, 5,
            "expected an attribute key after 'attr.'");
        row("empty quoted attr key", "attr.\"\" == x", kSpans, 0, 7, "attribute key is empty");
        row("single ampersand", "service == a & b", kSpans, 13, 1, "unexpected character '&'");
        row("semicolon", "service == x;y", kSpans, 12, 1, "unexpected character ';'");
        row("duration without unit", "duration > 5", kSpans, 11, 1,
            "expected a duration with a unit (250ms, 1.5s, 2h), not '5'");
        row("contains on duration", "duration ~ 5s", kSpans, 9, 1,
            "operator '~' does not apply to field 'duration'");
        row("order on status", "status < ok", kSpans, 7, 1,
            "operator '<' does not apply to field 'status' (use == or !=)");
        row("bad status", "status == broken", kSpans, 10, 6,
            "status is ok, error or unset, not 'broken'");
        row("bad kind", "kind == rpc", kSpans, 8, 3,
            "kind is server, client, producer, consumer or internal, not 'rpc'");
        row("bad trace id", "trace_id == xyz", kSpans, 12, 3,
            "trace_id needs 16 or 32 hex digits, not 'xyz'");
        row("bad span id", "span_id == 0af7651916cd43dd8448eb211c80319c", kLogs, 11, 32,
            "span_id needs 16 hex digits, not '0af7651916cd43dd8448eb211c80319c'");
        row("unterminated regex", "operation ~ /abc", kSpans, 12, 4,
            "unterminated regular expression");
        row("order on text", "operation < b", kSpans, 10, 1,
            "operator '<' does not apply to field 'operation' (use == != ~ !~)");
        row("bad time", "start > yesterday", kSpans, 8, 9,
            "expected a time like 2026-11-20T09:00Z, not 'yesterday'");
        row("bad level", "level >= loud", kLogs, 9, 4,
            "level is trace, debug, info, warn, error, fatal or a severity number, not 'loud'");
        row("bad count", "spans > many", kTraces, 8, 4, "expected a whole number, not 'many'");
        row("keyword is no value", "service == or", kSpans, 11, 2, "expected a value after '=='");
    }

    void rejects() {
        QFETCH(QString, text);
        QFETCH(int, target);
        QFETCH(int, position);
        QFETCH(int, length);
        QFETCH(QString, message);
        const auto result = compileFilter(text.toStdString(), targetOf(target));
        QVERIFY(!result.ok());
        QCOMPARE(QString::fromStdString(result.error->message), message);
        QCOMPARE(result.error->position, static_cast<std::size_t>(position));
        QCOMPARE(result.error->length, static_cast<std::size_t>(length));
        // Used by mistake anyway, a rejected filter shows nothing rather than everything.
        QCOMPARE(QString::fromStdString(result.filter.sql), QStringLiteral("0"));
        QVERIFY(result.filter.values.empty());
    }

    void badRegexIsRejectedWhereItIs() {
        const auto result = compileFilter("operation ~ /(unclosed/", FilterTarget::Spans);
        QVERIFY(!result.ok());
        QCOMPARE(result.error->position, std::size_t(12));
        QCOMPARE(result.error->length, std::size_t(11));
        QVERIFY(result.error->message.rfind("bad regular expression: ", 0) == 0);
    }

    void lengthLimit() {
        const std::string prefix = "service == ";
        const std::string fits = prefix + std::string(kMaxFilterLength - prefix.size(), 'a');
        QVERIFY(compileFilter(fits, FilterTarget::Spans).ok());
        const auto tooLong = compileFilter(fits + "a", FilterTarget::Spans);
        QVERIFY(!tooLong.ok());
        QCOMPARE(tooLong.error->position, kMaxFilterLength);
        QCOMPARE(tooLong.error->length, std::size_t(1));
        QCOMPARE(QString::fromStdString(tooLong.error->message),
                 QStringLiteral("filter is longer than 4096 bytes"));
    }

    void depthLimit_data() {
        QTest::addColumn<QString>("open");
        QTest::addColumn<QString>("close");
        QTest::newRow("parentheses") << QStringLiteral("(") << QStringLiteral(")");
        QTest::newRow("not") << QStringLiteral("not ") << QString();
        QTest::newRow("bang") << QStringLiteral("!") << QString();
    }

    void depthLimit() {
        QFETCH(QString, open);
        QFETCH(QString, close);
        auto nested = [&](int depth) {
            return (open.repeated(depth) + QStringLiteral("status == ok") + close.repeated(depth))
                .toStdString();
        };
        const auto deepest = compileFilter(nested(kMaxFilterDepth), FilterTarget::Spans);
        QVERIFY(deepest.ok());
        const auto tooDeep = compileFilter(nested(kMaxFilterDepth + 1), FilterTarget::Spans);
        QVERIFY(!tooDeep.ok());
        QCOMPARE(tooDeep.error->position, static_cast<std::size_t>(open.size() * kMaxFilterDepth));
        QCOMPARE(QString::fromStdString(tooDeep.error->message),
                 QStringLiteral("filter nests too deeply (more than 64 levels)"));
        // As deep as the length limit allows: still an error, not a stack overflow.
        const auto hostile = compileFilter(std::string(kMaxFilterLength, '('), FilterTarget::Spans);
        QVERIFY(!hostile.ok());
        QCOMPARE(hostile.error->position, static_cast<std::size_t>(kMaxFilterDepth));
    }

    void longChainsStayFlat() {
        QString text = QStringLiteral("status == ok");
        for (int i = 0; i < 250; ++i)
            text += QStringLiteral(" or status == ok");
        const auto result = compileFilter(text.toStdString(), FilterTarget::Spans);
        QVERIFY(result.ok());
        QCOMPARE(result.filter.values.size(), std::size_t(251));
        QVERIFY(!QString::fromStdString(result.filter.sql).contains(QLatin1Char('(')));
    }

    void caretPointsAtTheCharacter_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("value") << QStringLiteral("duration >= and status == error")
                               << QStringLiteral("  duration >= and status == error\n"
                                                 "              ^");
        QTest::newRow("end") << QStringLiteral("service ==")
                             << QStringLiteral("  service ==\n            ^");
        // µ is two bytes but one column.
        QTest::newRow("utf-8") << QStringLiteral("service == µ )")
                               << QStringLiteral("  service == µ )\n               ^");
        QTest::newRow("newline") << QStringLiteral("service ==\nx )")
                                 << QStringLiteral("  service == x )\n               ^");
    }

    void caretPointsAtTheCharacter() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const std::string utf8 = text.toStdString();
        const auto result = compileFilter(utf8, FilterTarget::Spans);
        QVERIFY(!result.ok());
        QCOMPARE(QString::fromStdString(filterErrorCaret(utf8, *result.error)), expected);
    }

    void scopedQueryTakesAFragment() {
        ScopedQuery q("SELECT 1 FROM spans s");
        q.where("", std::vector<ScopedQuery::Value>{});
        QCOMPARE(QString::fromStdString(q.sql()), QStringLiteral("SELECT 1 FROM spans s"));
        q.where("s.kind = ? OR s.kind = ?",
                std::vector<ScopedQuery::Value>{std::int64_t{2}, std::int64_t{3}});
        QCOMPARE(QString::fromStdString(q.sql()),
                 QStringLiteral("SELECT 1 FROM spans s WHERE (s.kind = ? OR s.kind = ?)"));
    }

    void regexpFunctionIsRegistered() {
        auto& db = ws->db();
        QCOMPARE(db.scalarInt("SELECT regexp('^acme\\.op[12]$', 'acme.op2')"), std::int64_t(1));
        QCOMPARE(db.scalarInt("SELECT regexp('^ACME', 'acme.op2')"), std::int64_t(0));
        QCOMPARE(db.scalarInt("SELECT regexp('^ACME', 'acme.op2', 'i')"), std::int64_t(1));
        QCOMPARE(db.scalarInt("SELECT regexp('x', NULL) IS NULL"), std::int64_t(1));
        QCOMPARE(db.scalarInt("SELECT count(*) FROM spans WHERE name REGEXP 'op0$'"),
                 std::int64_t(4));
    }

    void filteredTraces_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("tenant"); // empty: all tenants
        QTest::addColumn<QStringList>("traces");
        const auto a0 = traceHex(1, 0), a1 = traceHex(1, 1);
        const auto g0 = traceHex(2, 0), g1 = traceHex(2, 1);
        const QString acme = QStringLiteral("acme"), globex = QStringLiteral("globex");
        auto row = [](const char* name, const char* filter, const QString& tenant,
                      const QStringList& traces) {
            QTest::newRow(name) << QString::fromUtf8(filter) << tenant << traces;
        };
        row("no filter", "", acme, {a1, a0});
        row("errors", "errors > 0", acme, {a1});
        row("failed span, all tenants", "status == error", QString(), {a1, g1});
        row("service in scope", "service == acme-api", QString(), {a1, a0});
        row("other tenant's service", "service == acme-api", globex, {});
        row("no failed span", "not status == error", acme, {a0});
        row("!= negates the exists", "status != error", acme, {a0});
        row("two span predicates", "operation == acme.op2 and status == error", acme, {a1});
        row("span attribute", "attr.tenant_id == globex", QString(), {g1, g0});
        row("attribute regex", "attr.tenant_id ~ /^GLOB/i", QString(), {g1, g0});
        row("attribute regex negated", "attr.tenant_id !~ /^glob/ and errors > 0", QString(), {a1});
        row("resource attribute", "attr.service.version == 4.2.0", QString(), {a1});
        row("tenant field cannot widen the scope", "tenant == globex", acme, {});
        row("tenant field narrows all tenants", "tenant == globex", QString(), {g1, g0});
        row("trace id", qPrintable("trace_id == " + a0), acme, {a0});
        row("other tenant's trace id", qPrintable("trace_id == " + a0), globex, {});
        row("duration and count", "duration >= 100ms and spans == 3", acme, {a1, a0});
        row("too slow for all", "duration > 100ms", QString(), {});
        row("span id",
            qPrintable("span_id == " + QString::fromStdString(test::makeSpanId(1, 1, 2).hex())),
            QString(), {a1});
        row("regex on operation", "operation ~ /^globex\\.op2$/ and errors == 1", QString(), {g1});
        row("injection matches nothing", "service == \"x' OR 1=1 --\"", QString(), {});
        row("injection in attr key", "attr.\"a'b\\\")--;\" == 1", QString(), {});
    }

    void filteredTraces() {
        QFETCH(QString, filter);
        QFETCH(QString, tenant);
        QFETCH(QStringList, traces);
        const auto compiled = compileFilter(filter.toStdString(), FilterTarget::Traces);
        QVERIFY2(compiled.ok(), compiled.error ? compiled.error->message.c_str() : "");
        const Scope scope = tenant.isEmpty() ? ws->allTenantsScope("filter test")
                                             : ws->tenantScope(tenant.toStdString());
        TraceQuery q;
        q.filter = compiled.filter;
        QStringList got;
        for (const auto& t : listTraces(*ws, scope, q))
            got << QString::fromStdString(t.traceId.hex());
        QCOMPARE(got, traces);
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM spans"), std::int64_t(12));
    }

    void filteredLogs_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QStringList>("bodies");
        const QString acme = QStringLiteral("acme"), globex = QStringLiteral("globex");
        auto body = [](const char* tenant, int i) {
            return QStringLiteral("%1 secret message %2").arg(QLatin1String(tenant)).arg(i);
        };
        auto row = [](const char* name, const QString& filter, const QString& tenant,
                      const QStringList& bodies) {
            QTest::newRow(name) << filter << tenant << bodies;
        };
        row("level at least warn", "level >= warn", acme, {body("acme", 2)});
        row("level range, all tenants", "level == info", QString(),
            {body("acme", 0), body("globex", 0), body("acme", 1), body("globex", 1)});
        row("contains and not", "body ~ SECRET and not level == error", globex,
            {body("globex", 0), body("globex", 1)});
        row("regex on body", "body ~ /message [02]$/", acme, {body("acme", 0), body("acme", 2)});
        row("trace id in scope", "trace_id == " + traceHex(1, 0), acme,
            {body("acme", 0), body("acme", 1), body("acme", 2)});
        row("trace id of another tenant", "trace_id == " + traceHex(1, 0), globex, {});
        row("service of another tenant", "service == globex-api", acme, {});
        // The fixture's log records have no attributes at all.
        row("missing attribute fails ==", "attr.tenant_id == acme", QString(), {});
        row("missing attribute matches !=", "attr.tenant_id != globex and level < warn", acme,
            {body("acme", 0), body("acme", 1)});
        row("time", "time >= 2026-11-20T09:00:00.100Z", acme, {body("acme", 1), body("acme", 2)});
        row("missing error code matches !=", "error_code != X", acme,
            {body("acme", 0), body("acme", 1), body("acme", 2)});
        row("missing error code fails ==", "error_code == X", acme, {});
        row("injection in body", "body ~ \"'); DROP TABLE logs; --\"", QString(), {});
    }

    void filteredLogs() {
        QFETCH(QString, filter);
        QFETCH(QString, tenant);
        QFETCH(QStringList, bodies);
        const auto compiled = compileFilter(filter.toStdString(), FilterTarget::Logs);
        QVERIFY2(compiled.ok(), compiled.error ? compiled.error->message.c_str() : "");
        const Scope scope = tenant.isEmpty() ? ws->allTenantsScope("filter test")
                                             : ws->tenantScope(tenant.toStdString());
        LogQuery q;
        q.filter = compiled.filter;
        QStringList got;
        for (const auto& l : listLogs(*ws, scope, q))
            got << QString::fromStdString(l.body);
        QCOMPARE(got, bodies);
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM logs"), std::int64_t(6));
    }

    void filterForAnotherTargetIsRefused() {
        TraceQuery q;
        q.filter = compileFilter("service == a", FilterTarget::Logs).filter;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 listTraces(*ws, ws->tenantScope("acme"), q));
    }
};

QTEST_GUILESS_MAIN(TestFilterLanguage)
#include "tst_filter_language.moc"
