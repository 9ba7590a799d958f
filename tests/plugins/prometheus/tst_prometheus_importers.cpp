// Prometheus text, OpenMetrics text and Prometheus query JSON importers: the pure line
// and number functions (tables), sniffing against the whole corpus, the corpus files
// (counts verified by hand, see importsCorpus_data), spot checks of real values, and the
// fixtures under tests/data/prometheus/ for every kind of bad input.

#include "core/import/importer_registry.h"
#include "plugins/prometheus/exposition_import.h"
#include "plugins/prometheus/exposition_syntax.h"
#include "plugins/prometheus/openmetrics_text_importer.h"
#include "plugins/prometheus/prometheus_query_json_importer.h"
#include "plugins/prometheus/prometheus_text_importer.h"
#include "plugins/prometheus/query_response_splitter.h"
#include "plugins/prometheus/text_line_reader.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <memory>
#include <set>
#include <sstream>

using namespace casebook;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

QString q(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string head(const fs::path& path) {
    return readAll(path).substr(0, 64 * 1024);
}

fs::path corpus(const char* name) {
    return test::corpusDir() / "prometheus" / name;
}
fs::path fixture(const char* name) {
    return test::testDataDir() / "prometheus" / name;
}

constexpr long long kSecond = 1'000'000'000LL;
constexpr qint64 kNoTime = std::numeric_limits<qint64>::min();

struct PointDetail {
    std::string description;
    int temporality = 0;
    bool monotonic = false, hasCount = false;
    long long startNs = 0;
};

class DetailSink : public test::RecordingSink {
public:
    std::vector<PointDetail> details;
    void addMetricPoint(const MetricPoint& p) override {
        RecordingSink::addMetricPoint(p);
        details.push_back({std::string(p.description), p.temporality, p.monotonic,
                           p.count.has_value(), p.startNs});
    }
    // The point with this name and labels, or -1.
    int find(std::string_view name, const json& labels, long long timeNs = -1) const {
        for (std::size_t i = 0; i < points.size(); ++i)
            if (points[i].name == name && json::parse(points[i].labels) == labels &&
                (timeNs < 0 || points[i].timeNs == timeNs))
                return int(i);
        return -1;
    }
};

struct Imported {
    DetailSink sink;
    FileOutcome outcome;
};

Imported importWith(Importer& importer, const fs::path& path, const ImportContext& context = {}) {
    Imported result;
    result.outcome = importer.importFile(path, context, result.sink);
    return result;
}
Imported importText(const fs::path& path, const ImportContext& context = {}) {
    PrometheusTextImporter importer;
    return importWith(importer, path, context);
}
Imported importOpenMetrics(const fs::path& path, const ImportContext& context = {}) {
    OpenMetricsTextImporter importer;
    return importWith(importer, path, context);
}
Imported importQuery(const fs::path& path, const ImportContext& context = {}) {
    PrometheusQueryJsonImporter importer;
    return importWith(importer, path, context);
}

std::unique_ptr<Importer> importerFor(const QString& format) {
    if (format == QLatin1String("prometheus-text"))
        return std::make_unique<PrometheusTextImporter>();
    if (format == QLatin1String("openmetrics-text"))
        return std::make_unique<OpenMetricsTextImporter>();
    return std::make_unique<PrometheusQueryJsonImporter>();
}

// "a=b|c=d": labels in order, for compact tables.
QString renderLabels(const std::vector<ExpositionLabel>& labels) {
    QString out;
    for (const auto& label : labels) {
        if (!out.isEmpty())
            out += QLatin1Char('|');
        out += q(label.name) + QLatin1Char('=') + q(label.value);
    }
    return out;
}

json bucketsOf(std::vector<double> bounds, std::vector<unsigned long long> counts) {
    return json{{"bounds", bounds}, {"counts", counts}};
}

// Peak resident memory since the last reset, in KiB; -1 when Linux does not tell.
long long peakRssKiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stoll(line.substr(6));
    return -1;
}
bool resetPeakRss() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return bool(clear);
}

// Writes `lines` with a line of `bigBytes` bytes after the first one, in pieces.
void writeWithHugeLine(const fs::path& path, std::string_view first, std::string_view bigPrefix,
                       std::size_t bigBytes, std::string_view bigSuffix, std::string_view rest) {
    std::ofstream out(path, std::ios::binary);
    out << first << bigPrefix;
    const std::string piece(1 << 20, 'x');
    for (std::size_t done = 0; done < bigBytes; done += piece.size())
        out.write(piece.data(), std::streamsize(std::min(piece.size(), bigBytes - done)));
    out << bigSuffix << rest;
}

class CountingConsumer : public LineConsumer {
public:
    std::vector<std::uint64_t> lines, overlongLines;
    std::vector<std::string> texts;
    std::vector<bool> terminated;
    void line(std::string_view text, std::uint64_t number, bool isTerminated) override {
        lines.push_back(number);
        texts.emplace_back(text.substr(0, 64));
        terminated.push_back(isTerminated);
    }
    void overlong(std::uint64_t number, std::size_t) override { overlongLines.push_back(number); }
};

} // namespace

class TestPrometheusImporters : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    fs::path tmpPath(const char* name) const { return fs::path(tmp.path().toStdString()) / name; }

private slots:
    // ---- numbers and times ----------------------------------------------------------

    void parsesSampleValues_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("expected");
        const double inf = std::numeric_limits<double>::infinity();
        const double nan = std::numeric_limits<double>::quiet_NaN();
        auto ok = [](const char* text, double value) {
            QTest::newRow(text) << QString::fromLatin1(text) << true << value;
        };
        auto bad = [](const char* name, const char* text) {
            QTest::newRow(name) << QString::fromLatin1(text) << false << 0.0;
        };
        ok("1", 1);
        ok("-2.5e3", -2500);
        ok(".5", 0.5);
        ok("1.", 1);
        ok("+3", 3);
        ok("1E2", 100);
        ok("0000000000000000000000000000000000000000001.2e-1", 0.12);
        ok("9223372036854775808", 9223372036854775808.0);
        ok("2.279966416e+09", 2279966416.0);
        ok("NaN", nan);
        ok("nan", nan);
        ok("+Inf", inf);
        ok("-Inf", -inf);
        ok("Inf", inf);
        ok("-infinity", -inf);
        bad("empty", "");
        bad("word", "abc");
        bad("separator", "1_2");
        bad("hex", "0x1");
        bad("hex float", "0x1p-3");
        bad("binary", "0b1");
        bad("exponent without digits", "1e");
        bad("point alone", ".");
        bad("sign alone", "+");
        bad("signed NaN", "-NaN");
        bad("trailing space", "1 ");
        bad("leading space", " 1");
        bad("overflow", "1e999");
    }
    void parsesSampleValues() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(double, expected);
        const auto value = parseSampleValue(text.toStdString());
        QCOMPARE(value.has_value(), valid);
        if (!valid)
            return;
        if (std::isnan(expected))
            QVERIFY(std::isnan(*value));
        else
            QCOMPARE(*value, expected);
    }

    void convertsDecimalSeconds_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("result"); // TimeParse
        QTest::addColumn<qint64>("ns");
        auto row = [](const char* text, TimeParse result, qint64 ns) {
            QTest::newRow(text) << QString::fromLatin1(text) << int(result) << ns;
        };
        row("1435781430.781", TimeParse::Ok, 1435781430781000000LL);
        row("1620351786", TimeParse::Ok, 1620351786000000000LL);
        row("000", TimeParse::Ok, 0);
        row("0.0", TimeParse::Ok, 0);
        row("0.0000000001", TimeParse::Ok, 0); // finer than 1 ns: dropped
        row("0.0000000010", TimeParse::Ok, 1);
        row("1.5e3", TimeParse::Ok, 1500 * kSecond);
        row("1.726839813016397e+09", TimeParse::Ok, 1726839813016397000LL);
        row("-1.1", TimeParse::Ok, -1100000000LL);
        row("1e-9", TimeParse::Ok, 1);
        row("123.4567899999", TimeParse::Ok, 123456789999LL);
        row("1435781460.7810000001", TimeParse::Ok, 1435781460781000000LL);
        row("9223372036.854775807", TimeParse::Ok, std::numeric_limits<qint64>::max());
        row("-9223372036.854775808", TimeParse::Ok, std::numeric_limits<qint64>::min());
        row("9223372036.854775808", TimeParse::Range, 0);
        row("12345678901234567890.1234567890", TimeParse::Range, 0);
        row("1e10", TimeParse::Range, 0);
        row("1e999999999999", TimeParse::Range, 0);
        row("1e-999999999999", TimeParse::Ok, 0);
        row("", TimeParse::Syntax, 0);
        row("z", TimeParse::Syntax, 0);
        row("1z", TimeParse::Syntax, 0);
        row("1_2", TimeParse::Syntax, 0);
        row("1.1.1", TimeParse::Syntax, 0);
        row("NaN", TimeParse::Syntax, 0);
        row("Inf", TimeParse::Syntax, 0);
        row("0x1p-3", TimeParse::Syntax, 0);
        row(".", TimeParse::Syntax, 0);
        row("1e", TimeParse::Syntax, 0);
        row("+", TimeParse::Syntax, 0);
    }
    void convertsDecimalSeconds() {
        QFETCH(QString, text);
        QFETCH(int, result);
        QFETCH(qint64, ns);
        std::int64_t out = 0;
        QCOMPARE(int(decimalSecondsToNs(text.toStdString(), out)), result);
        if (result == int(TimeParse::Ok))
            QCOMPARE(qint64(out), ns);
    }

    void convertsMilliseconds_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("result");
        QTest::addColumn<qint64>("ns");
        auto row = [](const char* text, TimeParse result, qint64 ns) {
            QTest::newRow(text) << QString::fromLatin1(text) << int(result) << ns;
        };
        row("1395066363000", TimeParse::Ok, 1395066363000000000LL);
        row("-1000", TimeParse::Ok, -1000000000LL);
        row("+5", TimeParse::Ok, 5000000);
        row("0", TimeParse::Ok, 0);
        row("9223372036854", TimeParse::Ok, 9223372036854000000LL);
        row("-9223372036854", TimeParse::Ok, -9223372036854000000LL);
        row("9223372036855", TimeParse::Range, 0);
        row("9999999999999999", TimeParse::Range, 0);
        row("99999999999999999999999", TimeParse::Range, 0);
        row("1.5", TimeParse::Syntax, 0);
        row("1e3", TimeParse::Syntax, 0);
        row("", TimeParse::Syntax, 0);
        row("-", TimeParse::Syntax, 0);
        row("abc", TimeParse::Syntax, 0);
    }
    void convertsMilliseconds() {
        QFETCH(QString, text);
        QFETCH(int, result);
        QFETCH(qint64, ns);
        std::int64_t out = 0;
        QCOMPARE(int(millisecondsToNs(text.toStdString(), out)), result);
        if (result == int(TimeParse::Ok))
            QCOMPARE(qint64(out), ns);
    }

    // ---- lines -----------------------------------------------------------------------

    void parsesSampleLines_data() {
        QTest::addColumn<bool>("openMetrics");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("labels");
        QTest::addColumn<double>("value");
        QTest::addColumn<qint64>("timeNs"); // kNoTime: none
        QTest::addColumn<bool>("exemplar");
        QTest::newRow("plain") << false << "up 1"
                               << "up"
                               << "" << 1.0 << kNoTime << false;
        QTest::newRow("labels, ms timestamp")
            << false << "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000"
            << "http_requests_total"
            << "method=post|code=200" << 1027.0 << qint64(1395066363000000000LL) << false;
        QTest::newRow("blanks and a trailing comma")
            << false << " \tm { a = \"1\" , b=\"2\", }\t 3 \t-5 "
            << "m"
            << "a=1|b=2" << 3.0 << qint64(-5000000) << false;
        QTest::newRow("escapes") << false << "m{p=\"C:\\\\dir\",q=\"say \\\"hi\\\"\",n=\"a\\nb\"} 1"
                                 << "m"
                                 << "p=C:\\dir|q=say \"hi\"|n=a\nb" << 1.0 << kNoTime << false;
        QTest::newRow("braces and hash in values") << false << "m{a=\"} # {\"} 2"
                                                   << "m"
                                                   << "a=} # {" << 2.0 << kNoTime << false;
        QTest::newRow("colon name, no labels") << false << "job:rate5m -2.5e-3"
                                               << "job:rate5m"
                                               << "" << -0.0025 << kNoTime << false;
        QTest::newRow("om seconds") << true << "a_total{foo=\"1\"} 1 1.5"
                                    << "a_total"
                                    << "foo=1" << 1.0 << qint64(1500000000) << false;
        QTest::newRow("om exemplar") << true << "a_total 0 123 # {a=\"b\"} 0.5"
                                     << "a_total"
                                     << "" << 0.0 << qint64(123 * kSecond) << true;
        QTest::newRow("om exemplar, no timestamp")
            << true << "a_bucket{le=\"+Inf\",foo=\"bar # \"} 3 # {a=\"d\",foo=\"bar # bar\"} 4 123"
            << "a_bucket"
            << "le=+Inf|foo=bar # " << 3.0 << kNoTime << true;
        QTest::newRow("om unknown escape kept") << true << "a{foo=\"b\\\\a\\z\"} 2"
                                                << "a"
                                                << "foo=b\\a\\z" << 2.0 << kNoTime << false;
        QTest::newRow("om empty braces") << true << "a_total{} 1"
                                         << "a_total"
                                         << "" << 1.0 << kNoTime << false;
    }
    void parsesSampleLines() {
        QFETCH(bool, openMetrics);
        QFETCH(QString, line);
        QFETCH(QString, name);
        QFETCH(QString, labels);
        QFETCH(double, value);
        QFETCH(qint64, timeNs);
        QFETCH(bool, exemplar);
        ExpositionSample sample;
        std::string scratch;
        const std::string text = line.toStdString();
        const auto error = parseSampleLine(
            text, openMetrics ? ExpositionDialect::OpenMetrics : ExpositionDialect::Prometheus,
            sample, scratch);
        QVERIFY2(!error, error ? error->c_str() : "");
        QCOMPARE(q(sample.name), name);
        QCOMPARE(renderLabels(sample.labels), labels);
        QCOMPARE(sample.value, value);
        QCOMPARE(sample.timeNs.has_value(), timeNs != kNoTime);
        if (sample.timeNs)
            QCOMPARE(qint64(*sample.timeNs), timeNs);
        QCOMPARE(sample.hasExemplar, exemplar);
    }

    void rejectsSampleLines_data() {
        QTest::addColumn<bool>("openMetrics");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("reason");
        auto prom = [](const char* name, const char* line, const char* reason) {
            QTest::newRow(name) << false << QString::fromUtf8(line) << QString::fromUtf8(reason);
        };
        auto om = [](const char* name, const char* line, const char* reason) {
            QTest::newRow(name) << true << QString::fromUtf8(line) << QString::fromUtf8(reason);
        };
        prom("wrong value type", "m abc", "invalid value 'abc'");
        prom("missing name", "{a=\"b\"} 1", "missing metric name");
        prom("name starts with a digit", "0a 1", "invalid metric name starting with '0'");
        prom("unterminated label value", "m{a=\"b} 1",
             "unterminated value of label 'a' (no closing '\"')");
        prom("bad escape", "m{a=\"C:\\temp\"} 1", "invalid escape '\\t' in value of label 'a'");
        prom("duplicate label", "m{a=\"1\",a=\"2\"} 1", "duplicate label 'a'");
        prom("unquoted label value", "m{a=1} 1", "value of label 'a' is not in double quotes");
        prom("missing value", "m{a=\"1\"}", "missing value");
        prom("timestamp out of range", "m 1 9999999999999999",
             "timestamp '9999999999999999' out of range");
        prom("fractional timestamp", "m 1 1.5", "invalid timestamp '1.5'");
        prom("text after timestamp", "m 1 2 3", "unexpected text after the timestamp: '3'");
        prom("no closing brace", "m{a=\"1\"", "unterminated label set");
        prom("bad label name", "m{1a=\"1\"} 1", "invalid label name starting with '1'");
        prom("dot in name", "a.b 1", "invalid character '.' in metric name 'a'");
        om("om double space", "a  1", "expected a single space before the value");
        om("om tab", "a\t1", "invalid character byte 0x09 in metric name 'a'");
        om("om trailing space", "a 1 ", "trailing space after the value");
        om("om trailing comma", "a{a=\"1\",} 1", "trailing ',' in label set");
        om("om blank inside braces", "a{ a=\"1\"} 1", "invalid label name starting with ' '");
        om("om timestamp NaN", "a 1 NaN", "invalid timestamp 'NaN'");
        om("om timestamp out of range", "a 1 12345678901234567890.1",
           "timestamp '12345678901234567890.1' out of range");
        om("om exemplar without space", "a_total 1 #{} 1", "expected ' ' after the exemplar's '#'");
        om("om exemplar without value", "a_total 1 # {}", "expected ' ' and a value");
        om("om exemplar too long",
           "a_total 1 # {a=\"23456789012345678901234567890123456789012345678901234567890123456789"
           "012345678901234567890123456789012345678901234567890123456789\"} 1",
           "exemplar labels are 129 characters long (at most 128)");
        om("om exemplar hex value", "a_total 1 # {} 0x1p-3", "invalid exemplar value '0x1p-3'");
    }
    void rejectsSampleLines() {
        QFETCH(bool, openMetrics);
        QFETCH(QString, line);
        QFETCH(QString, reason);
        ExpositionSample sample;
        std::string scratch;
        const std::string text = line.toStdString();
        const auto error = parseSampleLine(
            text, openMetrics ? ExpositionDialect::OpenMetrics : ExpositionDialect::Prometheus,
            sample, scratch);
        QVERIFY(error);
        QVERIFY2(q(*error).startsWith(reason), error->c_str());
    }

    void parsesCommentLines_data() {
        QTest::addColumn<bool>("openMetrics");
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("kind"); // CommentKind, -1: error
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        auto row = [](const char* tag, bool om, const char* line, int kind, const char* name,
                      const char* text) {
            QTest::newRow(tag) << om << QString::fromUtf8(line) << kind << QString::fromUtf8(name)
                               << QString::fromUtf8(text);
        };
        const int help = int(CommentKind::Help), type = int(CommentKind::Type),
                  unit = int(CommentKind::Unit), eof = int(CommentKind::Eof),
                  comment = int(CommentKind::Comment);
        row("prom help", false, "# HELP a_total Some help.", help, "a_total", "Some help.");
        row("prom type, blanks", false, "#\tTYPE  a   counter \t", type, "a", "counter");
        row("prom plain comment", false, "# just words", comment, "", "");
        row("prom help alone", false, "# HELP", comment, "", "");
        row("prom eof is a comment", false, "# EOF", comment, "", "");
        row("prom bad name", false, "# TYPE a-b counter", -1, "", "");
        row("om help", true, "# HELP a he\\nlp", help, "a", "he\\nlp");
        row("om empty help", true, "# HELP a ", help, "a", "");
        row("om unit", true, "# UNIT a_seconds seconds", unit, "a_seconds", "seconds");
        row("om eof", true, "# EOF", eof, "", "");
        row("om eof with text", true, "# EOFblah", -1, "", "");
        row("om other comment", true, "# FOO a x", -1, "", "");
        row("om hash only", true, "#a_sum 0", -1, "", "");
        row("om help without text", true, "# HELP a", -1, "", "");
        row("om tab after name", true, "# TYPE a\t", -1, "", "");
    }
    void parsesCommentLines() {
        QFETCH(bool, openMetrics);
        QFETCH(QString, line);
        QFETCH(int, kind);
        QFETCH(QString, name);
        QFETCH(QString, text);
        ExpositionComment comment;
        const std::string input = line.toStdString();
        const auto error = parseCommentLine(
            input, openMetrics ? ExpositionDialect::OpenMetrics : ExpositionDialect::Prometheus,
            comment);
        if (kind < 0) {
            QVERIFY(error);
            return;
        }
        QVERIFY2(!error, error ? error->c_str() : "");
        QCOMPARE(int(comment.kind), kind);
        QCOMPARE(q(comment.name), name);
        QCOMPARE(q(comment.text), text);
    }

    void unescapesHelp() {
        QCOMPARE(unescapeHelp("a\\nb\\\\c\\t\\\"", ExpositionDialect::Prometheus),
                 std::string("a\nb\\c\\t\\\""));
        QCOMPARE(unescapeHelp("a\\nb\\\\c\\t\\\"", ExpositionDialect::OpenMetrics),
                 std::string("a\nb\\c\\t\""));
        QCOMPARE(unescapeHelp("trailing\\", ExpositionDialect::OpenMetrics),
                 std::string("trailing\\"));
    }

    void parsesMetricTypes() {
        QCOMPARE(parseMetricType("untyped", ExpositionDialect::Prometheus), MetricType::Unknown);
        QCOMPARE(parseMetricType("COUNTER", ExpositionDialect::Prometheus), MetricType::Counter);
        QVERIFY(!parseMetricType("info", ExpositionDialect::Prometheus));
        QVERIFY(!parseMetricType("untyped", ExpositionDialect::OpenMetrics));
        QVERIFY(!parseMetricType("Counter", ExpositionDialect::OpenMetrics));
        QCOMPARE(parseMetricType("gaugehistogram", ExpositionDialect::OpenMetrics),
                 MetricType::GaugeHistogram);
        QCOMPARE(parseMetricType("stateset", ExpositionDialect::OpenMetrics), MetricType::StateSet);
    }

    // ---- sniffing --------------------------------------------------------------------

    void classifiesHeads_data() {
        QTest::addColumn<QString>("head");
        QTest::addColumn<int>("shape");
        auto row = [](const char* tag, const char* text, ExpositionShape shape) {
            QTest::newRow(tag) << QString::fromUtf8(text) << int(shape);
        };
        row("empty", "", ExpositionShape::None);
        row("comments only", "# hello\n# world\n", ExpositionShape::None);
        row("plain", "# TYPE a gauge\na 1\n", ExpositionShape::PrometheusText);
        row("samples only", "a 1\nb{x=\"y\"} 2 1000\n", ExpositionShape::PrometheusText);
        row("eof", "a 1\n# EOF\n", ExpositionShape::OpenMetrics);
        row("unit", "# UNIT a_seconds seconds\n", ExpositionShape::OpenMetrics);
        row("exemplar", "# TYPE a counter\na_total 1 # {x=\"y\"} 1\n",
            ExpositionShape::OpenMetrics);
        row("created", "# TYPE a counter\na_total 1\na_created 1.5e9\n",
            ExpositionShape::OpenMetrics);
        row("seconds timestamp", "a 1 1.5\n", ExpositionShape::OpenMetrics);
        row("info type", "# TYPE a info\n", ExpositionShape::OpenMetrics);
        row("created gauge is Prometheus", "# TYPE a_created gauge\na_created 1.5e9\n",
            ExpositionShape::PrometheusText);
        row("head cut in a line", "# TYPE a gauge\na 1\na{x=\"unfinish",
            ExpositionShape::PrometheusText);
        row("json", "{\n  \"status\": \"success\"\n}\n", ExpositionShape::None);
        row("log line", "Starting server on port 8080\n", ExpositionShape::None);
        row("csv", "time,value\n1,2\n", ExpositionShape::None);
    }
    void classifiesHeads() {
        QFETCH(QString, head);
        QFETCH(int, shape);
        QCOMPARE(int(classifyExposition(head.toStdString())), shape);
    }

    void sniffsQueryResponses() {
        QVERIFY(
            looksLikeQueryResponse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\""));
        QVERIFY(looksLikeQueryResponse("{\"status\":\"error\",\"errorType\":\"bad_data\"}"));
        QVERIFY(!looksLikeQueryResponse("{\"data\":{\"resultType\":\"vector\"}}")); // no status
        QVERIFY(!looksLikeQueryResponse("{\"status\":\"ok\",\"data\":[{\"resultType\":1}]}"));
        QVERIFY(!looksLikeQueryResponse("{\"x\":{\"status\":1,\"data\":{\"resultType\":1}}}"));
        QVERIFY(!looksLikeQueryResponse("[{\"status\":\"success\"}]"));
        QVERIFY(!looksLikeQueryResponse(""));
    }

    void sniffsPrometheusCorpus_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        for (const auto& entry : fs::directory_iterator(test::corpusDir() / "prometheus")) {
            if (!entry.is_regular_file())
                continue;
            const std::string name = entry.path().filename().string();
            const char* format = name.ends_with(".json")     ? "prometheus-query-json"
                                 : name.ends_with(".om.txt") ? "openmetrics-text"
                                                             : "prometheus-text";
            QTest::newRow(name.c_str()) << q(name) << QString::fromLatin1(format);
        }
    }
    void sniffsPrometheusCorpus() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        const std::string text = head(test::corpusDir() / "prometheus" / file.toStdString());
        for (const char* candidate :
             {"prometheus-text", "openmetrics-text", "prometheus-query-json"}) {
            const auto importer = importerFor(QString::fromLatin1(candidate));
            const int score = importer->sniff(text);
            if (format == QLatin1String(candidate))
                QVERIFY2(score >= 80, candidate);
            else
                QVERIFY2(score == 0, candidate);
        }
        ImporterRegistry registry;
        registry.add(std::make_unique<PrometheusTextImporter>());
        registry.add(std::make_unique<OpenMetricsTextImporter>());
        registry.add(std::make_unique<PrometheusQueryJsonImporter>());
        const Importer* found = registry.detect(text);
        QVERIFY(found);
        QCOMPARE(q(found->format()), format);
    }

    void claimsNoOtherCorpusFile() {
        // Every OTLP, Jaeger, Zipkin, OpenLineage, dbt and Chrome file: 0 from all three.
        const PrometheusTextImporter text;
        const OpenMetricsTextImporter openMetrics;
        const PrometheusQueryJsonImporter query;
        std::size_t checked = 0;
        for (const char* folder : {"otlp", "jaeger", "zipkin", "openlineage", "dbt", "chrome"}) {
            for (const auto& entry : fs::recursive_directory_iterator(test::corpusDir() / folder)) {
                if (!entry.is_regular_file())
                    continue;
                const std::string h = head(entry.path());
                QVERIFY2(text.sniff(h) == 0, entry.path().c_str());
                QVERIFY2(openMetrics.sniff(h) == 0, entry.path().c_str());
                QVERIFY2(query.sniff(h) == 0, entry.path().c_str());
                ++checked;
            }
        }
        qInfo("%zu files of other formats checked", checked);
        QVERIFY(checked > 60);
    }

    // ---- the corpus ------------------------------------------------------------------

    void importsCorpus_data() {
        // Counted by hand, independently of the importers, in two ways that agree:
        // 1. A python script (regex per sample line, # TYPE per family) grouping _bucket/
        //    _sum/_count lines by label set without le (histograms) or quantile
        //    (summaries), every other sample line one point; series are distinct
        //    (name, labels) pairs. It also reproduces the sample-line counts of
        //    corpus/SOURCES.md (27, 248, 1857, 53, 42).
        // 2. grep/awk: histogram points = grep -c 'le="+Inf"' (1, 0, 105, 1, 3); summary
        //    points = _count lines of summary families (awk over # TYPE); plain points =
        //    counter/gauge/untyped sample lines (5, 32, 512); 5 + 1 + 1 = 7, 32 + 42 = 74,
        //    512 + 105 + 24 = 641.
        // alltypes.5mfs.om.txt: 1 gauge (go_build_info), 2 + 3 counter points (the _created
        // lines join their _total), 1 histogram, 3 summaries (one per service label) = 10.
        // It breaks three OpenMetrics rules, one line each (see spotChecksFiveFamilies).
        // The query files hold 1, 1, 0 and 0 [time, value] pairs (SOURCES.md, and by eye).
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("series");
        QTest::addColumn<int>("histograms");
        QTest::addColumn<int>("summaries");
        QTest::addColumn<int>("rejections");
        auto row = [](const char* file, const char* format, int points, int series, int histograms,
                      int summaries, int rejections) {
            QTest::newRow(file) << QString::fromUtf8(file) << QString::fromLatin1(format) << points
                                << series << histograms << summaries << rejections;
        };
        row("promtool_metrics-test.prom", "prometheus-text", 7, 7, 1, 1, 0);
        row("prometheus-common_expfmt_text.prom", "prometheus-text", 74, 74, 0, 42, 0);
        row("prometheus_alltypes.237mfs.prom.txt", "prometheus-text", 641, 641, 105, 24, 0);
        row("prometheus_alltypes.5mfs.om.txt", "openmetrics-text", 10, 10, 1, 3, 3);
        row("prometheus_1histogram.om.txt", "openmetrics-text", 3, 3, 3, 0, 0);
        row("jaeger_query_range_service_datapoint_response.json", "prometheus-query-json", 1, 1, 0,
            0, 0);
        row("jaeger_query_range_service_span_name_datapoint_response.json", "prometheus-query-json",
            1, 1, 0, 0, 0);
        row("jaeger_query_range_warning_response.json", "prometheus-query-json", 0, 0, 0, 0, 0);
        row("jaeger_query_range_empty_response.json", "prometheus-query-json", 0, 0, 0, 0, 0);
    }
    void importsCorpus() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(int, points);
        QFETCH(int, series);
        QFETCH(int, histograms);
        QFETCH(int, summaries);
        QFETCH(int, rejections);
        const auto importer = importerFor(format);
        const auto result = importWith(*importer, corpus(file.toUtf8().constData()));
        const auto& sink = result.sink;
        for (const auto& r : sink.rejections)
            qInfo("%s: %s", r.location.c_str(), r.reason.c_str());
        QVERIFY(!result.outcome.partial);
        if (!file.contains(QLatin1String("warning")))
            QVERIFY2(result.outcome.error.empty(), result.outcome.error.c_str());
        QCOMPARE(int(sink.points.size()), points);
        std::set<std::pair<std::string, std::string>> distinct;
        int histogramCount = 0, summaryCount = 0;
        for (const auto& p : sink.points) {
            distinct.emplace(p.name, p.labels);
            QVERIFY2(json::accept(p.labels), p.labels.c_str());
            QVERIFY(p.buckets.empty() || json::accept(p.buckets));
            if (p.kind == int(MetricKind::Histogram)) {
                ++histogramCount;
                // Per-bucket counts add up to the count; one more count than bounds.
                const auto buckets = json::parse(p.buckets);
                unsigned long long total = 0;
                for (const auto& c : buckets["counts"])
                    total += c.get<unsigned long long>();
                QCOMPARE(total, p.count);
                QCOMPARE(buckets["counts"].size(), buckets["bounds"].size() + 1);
            }
            if (p.kind == int(MetricKind::Summary))
                ++summaryCount;
            QVERIFY(!p.name.empty());
        }
        QCOMPARE(int(distinct.size()), series);
        QCOMPARE(histogramCount, histograms);
        QCOMPARE(summaryCount, summaries);
        QCOMPARE(int(sink.rejections.size()), rejections);
    }

    void spotChecksPromtoolFile() {
        const auto result = importText(corpus("promtool_metrics-test.prom"));
        const auto& sink = result.sink;
        // The histogram: cumulative 662, 1460, ... 13852 and +Inf 13867 per bucket.
        const int h = sink.find("prometheus_tsdb_compaction_chunk_size_bytes", json::object());
        QVERIFY(h >= 0);
        const auto& histogram = sink.points[std::size_t(h)];
        QCOMPARE(histogram.kind, int(MetricKind::Histogram));
        QCOMPARE(json::parse(histogram.buckets),
                 bucketsOf({32, 48, 72, 108, 162, 243, 364.5, 546.75, 820.125, 1230.1875,
                            1845.28125, 2767.921875},
                           {662, 798, 806, 1692, 903, 860, 4772, 1971, 790, 445, 107, 46, 15}));
        QCOMPARE(histogram.count, 13867ULL);
        QVERIFY(histogram.hasValue);
        QCOMPARE(histogram.value, 3886707.0);
        QCOMPARE(sink.details[std::size_t(h)].temporality, 2);
        QCOMPARE(q(sink.details[std::size_t(h)].description),
                 QStringLiteral("Final size of chunks on their first compaction"));
        // The summary.
        const int s = sink.find("go_gc_duration_seconds", json::object());
        QVERIFY(s >= 0);
        const auto& summary = sink.points[std::size_t(s)];
        QCOMPARE(summary.kind, int(MetricKind::Summary));
        QCOMPARE(json::parse(summary.buckets),
                 json::parse("{\"quantiles\":[{\"quantile\":0,\"value\":2.391e-05},"
                             "{\"quantile\":0.25,\"value\":9.4402e-05},"
                             "{\"quantile\":0.5,\"value\":0.000118953},"
                             "{\"quantile\":0.75,\"value\":0.000145884},"
                             "{\"quantile\":1,\"value\":0.005201208}]}"));
        QCOMPARE(summary.count, 232ULL);
        QCOMPARE(summary.value, 0.036134048);
        // A counter and a gauge.
        const int c = sink.find("net_conntrack_dialer_conn_attempted_total",
                                json{{"dialer_name", "blackbox"}});
        QVERIFY(c >= 0);
        QCOMPARE(sink.points[std::size_t(c)].kind, int(MetricKind::Sum));
        QCOMPARE(sink.points[std::size_t(c)].value, 5210.0);
        QVERIFY(sink.details[std::size_t(c)].monotonic);
        QCOMPARE(sink.details[std::size_t(c)].temporality, 2);
        const int g = sink.find("go_info", json{{"version", "go1.17"}});
        QVERIFY(g >= 0);
        QCOMPARE(sink.points[std::size_t(g)].kind, int(MetricKind::Gauge));
        // No timestamps in the file: the file's modification time.
        const long long mtime = fileModificationNs(corpus("promtool_metrics-test.prom"));
        QVERIFY(mtime > 0);
        for (const auto& p : sink.points)
            QCOMPARE(p.timeNs, mtime);
    }

    void spotChecksLargeScrapes() {
        const auto all = importText(corpus("prometheus_alltypes.237mfs.prom.txt"));
        // NaN quantiles stay in the JSON as the string "NaN".
        const int s = all.sink.find("prometheus_sd_consul_rpc_duration_seconds",
                                    json{{"call", "service"}, {"endpoint", "catalog"}});
        QVERIFY(s >= 0);
        const auto quantiles = json::parse(all.sink.points[std::size_t(s)].buckets)["quantiles"];
        QCOMPARE(quantiles.size(), std::size_t(3));
        QCOMPARE(quantiles[1]["quantile"].get<double>(), 0.9);
        QCOMPARE(quantiles[1]["value"], json("NaN"));
        // A label value with spaces and a semicolon.
        const int r = all.sink.find(
            "prometheus_rule_evaluations_total",
            json{{"rule_group",
                  "/etc/prometheus/rules/ansible_managed.rules;ansible managed alert rules"}});
        QVERIFY(r >= 0);
        QCOMPARE(all.sink.points[std::size_t(r)].value, 118092.0);
        // "# EOF" at the end of a Prometheus text file is a comment.
        QCOMPARE(all.sink.rejections.size(), std::size_t(0));

        const auto common = importText(corpus("prometheus-common_expfmt_text.prom"));
        const int e = common.sink.find("prometheus_rule_evaluation_duration_milliseconds",
                                       json{{"rule_type", "alerting"}});
        QVERIFY(e >= 0);
        const auto& p = common.sink.points[std::size_t(e)];
        QCOMPARE(json::parse(p.buckets),
                 json::parse("{\"quantiles\":[{\"quantile\":0.5,\"value\":0},"
                             "{\"quantile\":0.9,\"value\":0},{\"quantile\":0.99,\"value\":2}]}"));
        QCOMPARE(p.value, 12.0);
        QCOMPARE(p.count, 115ULL);
        const int m = common.sink.find("process_resident_memory_bytes", json::object());
        QVERIFY(m >= 0);
        QCOMPARE(common.sink.points[std::size_t(m)].value, 5.3870592e+07);
    }

    void spotChecksFiveFamilies() {
        const auto result = importOpenMetrics(corpus("prometheus_alltypes.5mfs.om.txt"));
        const auto& sink = result.sink;
        // Three OpenMetrics rules broken by this file from the Prometheus repository, each
        // one line: a negative _sum on a histogram (which also has negative buckets), a
        // negative quantile value, a negative summary _sum. Their points land without them.
        QCOMPARE(sink.rejections.size(), std::size_t(3));
        QCOMPARE(q(sink.rejections[0].location), QStringLiteral("line 33"));
        QCOMPARE(q(sink.rejections[0].reason),
                 QStringLiteral("_sum -8.452185437166741e-05 is negative"));
        QCOMPARE(q(sink.rejections[1].location), QStringLiteral("line 44"));
        QCOMPARE(q(sink.rejections[1].reason),
                 QStringLiteral("quantile value -5.066758674917046e-06 is negative"));
        QCOMPARE(q(sink.rejections[2].location), QStringLiteral("line 47"));

        const int h = sink.find("rpc_durations_histogram_seconds", json::object());
        QVERIFY(h >= 0);
        const auto& histogram = sink.points[std::size_t(h)];
        QCOMPARE(histogram.count, 15ULL);
        QVERIFY(!histogram.hasValue); // the rejected _sum
        const auto buckets = json::parse(histogram.buckets);
        QCOMPARE(buckets["bounds"].size(), std::size_t(20));
        QCOMPARE(buckets["bounds"][0].get<double>(), -0.00099);
        QCOMPARE(buckets["counts"], json::parse("[0,0,0,0,0,0,0,3,2,0,3,1,2,4,0,0,0,0,0,0,0]"));
        QCOMPARE(sink.details[std::size_t(h)].startNs, 1726839813016302000LL);
        QCOMPARE(q(sink.details[std::size_t(h)].description),
                 QStringLiteral("RPC latency distributions."));

        const int normal = sink.find("rpc_durations_seconds", json{{"service", "normal"}});
        QVERIFY(normal >= 0);
        QCOMPARE(q(sink.points[std::size_t(normal)].service), QStringLiteral("normal"));
        QCOMPARE(json::parse(sink.points[std::size_t(normal)].buckets)["quantiles"].size(),
                 std::size_t(2));
        QVERIFY(!sink.points[std::size_t(normal)].hasValue);
        QCOMPARE(sink.points[std::size_t(normal)].count, 15ULL);

        // Counters: the _total sample's name, the _created time as the start.
        const int c = sink.find("rpc_requests_total", json{{"service", "exponential"}});
        QVERIFY(c >= 0);
        QCOMPARE(sink.points[std::size_t(c)].kind, int(MetricKind::Sum));
        QCOMPARE(sink.points[std::size_t(c)].value, 22.0);
        QCOMPARE(sink.details[std::size_t(c)].startNs, 1726839813016893000LL);
        const int e =
            sink.find("promhttp_metric_handler_errors_total", json{{"cause", "encoding"}});
        QVERIFY(e >= 0);
        QCOMPARE(sink.details[std::size_t(e)].startNs, 1726839813016397000LL);
    }

    void spotChecksOneHistogramFile() {
        const auto result = importOpenMetrics(corpus("prometheus_1histogram.om.txt"));
        QVERIFY(result.outcome.error.empty()); // "# EOF" without a line break is complete
        const int h =
            result.sink.find("golang_manual_histogram_seconds",
                             json{{"address", "0.0.0.0"}, {"generation", "20"}, {"port", "5002"}});
        QVERIFY(h >= 0);
        const auto& p = result.sink.points[std::size_t(h)];
        QCOMPARE(json::parse(p.buckets),
                 bucketsOf({0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
                           {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}));
        QCOMPARE(p.count, 1ULL);
        QCOMPARE(p.value, 10.0);
    }

    void spotChecksConformanceEscaping() {
        // A real OpenMetrics file of the conformance suite with every label escape.
        const auto result = importOpenMetrics(test::corpusDir() /
                                              "prometheus/openmetrics-parsers/escaping/metrics");
        const auto& sink = result.sink;
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.points.size(), std::size_t(4));
        QCOMPARE(json::parse(sink.points[0].labels), json({{"foo", "b\"a\nr"}}));
        QCOMPARE(json::parse(sink.points[1].labels), json({{"foo", "b\\a\\z"}}));
        QCOMPARE(json::parse(sink.points[2].labels), json({{"foo", "b\"a\nr # "}}));
        QCOMPARE(json::parse(sink.points[3].labels), json({{"foo", "b\\a\\z # "}}));
        QCOMPARE(sink.points[3].value, 4.0);
        QCOMPARE(q(sink.details[0].description), QStringLiteral("he\n\\l\\tp"));
        QCOMPARE(q(sink.points[0].name), QStringLiteral("a_total"));
    }

    void spotChecksQueryCorpus() {
        const auto one =
            importQuery(corpus("jaeger_query_range_service_span_name_datapoint_response.json"));
        QCOMPARE(one.sink.points.size(), std::size_t(1));
        const auto& p = one.sink.points[0];
        // No __name__: the series is named after the file.
        QCOMPARE(q(p.name),
                 QStringLiteral("jaeger_query_range_service_span_name_datapoint_response"));
        QCOMPARE(json::parse(p.labels),
                 json({{"span_name", "/OrderResult"}, {"service_name", "emailservice"}}));
        QCOMPARE(q(p.service), QStringLiteral("emailservice"));
        QCOMPARE(p.timeNs, 1620351786 * kSecond);
        QCOMPARE(p.value, 9223372036854.0);
        QCOMPARE(p.kind, int(MetricKind::Gauge));

        const auto warning = importQuery(corpus("jaeger_query_range_warning_response.json"));
        QVERIFY(!warning.outcome.partial);
        QCOMPARE(q(warning.outcome.error),
                 QStringLiteral("status \"warning\"; query warnings: warning0; warning1"));
    }

    // ---- fixtures: Prometheus text ---------------------------------------------------

    void mapsPrometheusText() {
        // A copy with a known modification time: samples without a timestamp get it.
        const fs::path path = tmpPath("mapping.prom");
        fs::copy_file(fixture("mapping.prom"), path, fs::copy_options::overwrite_existing);
        const auto mtime = std::chrono::file_clock::from_sys(
            std::chrono::sys_seconds(std::chrono::seconds(1795165200)));
        fs::last_write_time(path, mtime);
        const long long fileNs = 1795165200 * kSecond;

        const auto result = importText(path);
        const auto& sink = result.sink;
        for (const auto& r : sink.rejections)
            qWarning("%s: %s", r.location.c_str(), r.reason.c_str());
        QVERIFY(result.outcome.error.empty());
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.points.size(), std::size_t(13));

        // Counter: Sum, monotonic, cumulative; job is the service; ms timestamps.
        const int c = sink.find("http_requests_total",
                                json{{"method", "post"}, {"code", "200"}, {"job", "checkout"}});
        QVERIFY(c >= 0);
        QCOMPARE(sink.points[std::size_t(c)].kind, int(MetricKind::Sum));
        QVERIFY(sink.details[std::size_t(c)].monotonic);
        QCOMPARE(sink.details[std::size_t(c)].temporality, 2);
        QCOMPARE(q(sink.points[std::size_t(c)].service), QStringLiteral("checkout"));
        QCOMPARE(sink.points[std::size_t(c)].timeNs, 1395066363000 * 1000000LL);
        QCOMPARE(q(sink.details[std::size_t(c)].description),
                 QStringLiteral("The total number of HTTP requests.\nSecond line with a \\ "
                                "backslash."));
        // Blanks, tabs and a trailing comma; no timestamp: the file's time.
        const int blank =
            sink.find("http_requests_total", json{{"method", "get"}, {"code", "200"}});
        QVERIFY(blank >= 0);
        QCOMPARE(sink.points[std::size_t(blank)].value, 12.0);
        QCOMPARE(sink.points[std::size_t(blank)].timeNs, fileNs);

        // Gauges: NaN, +Inf, -Inf; tenant_id before tenant; job before service_name.
        const int nan =
            sink.find("queue_depth", json{{"service", "orders"}, {"tenant_id", "acme"}});
        QVERIFY(nan >= 0);
        QVERIFY(std::isnan(sink.points[std::size_t(nan)].value));
        QCOMPARE(q(sink.points[std::size_t(nan)].service), QStringLiteral("orders"));
        QCOMPARE(q(sink.points[std::size_t(nan)].tenant), QStringLiteral("acme"));
        const int inf =
            sink.find("queue_depth",
                      json{{"service", "orders"}, {"tenant", "globex"}, {"tenant_id", "acme"}});
        QVERIFY(inf >= 0);
        QCOMPARE(sink.points[std::size_t(inf)].value, std::numeric_limits<double>::infinity());
        QCOMPARE(q(sink.points[std::size_t(inf)].tenant), QStringLiteral("acme"));
        const int minus =
            sink.find("queue_depth", json{{"service_name", "billing"}, {"job", "api"}});
        QVERIFY(minus >= 0);
        QCOMPARE(sink.points[std::size_t(minus)].value, -std::numeric_limits<double>::infinity());
        QCOMPARE(q(sink.points[std::size_t(minus)].service), QStringLiteral("api"));
        const int billing = sink.find("queue_depth", json{{"service_name", "billing"}});
        QCOMPARE(q(sink.points[std::size_t(billing)].service), QStringLiteral("billing"));
        QCOMPARE(sink.points[std::size_t(billing)].value, -0.0025);
        const int untyped = sink.find("untyped_metric", json::object());
        QCOMPARE(sink.points[std::size_t(untyped)].kind, int(MetricKind::Gauge));
        QCOMPARE(sink.points[std::size_t(untyped)].timeNs, -1000000000LL);

        // Histograms: per-bucket counts; the +Inf bucket implied by _count; one point per
        // label set and timestamp.
        const int api = sink.find("request_duration_seconds", json{{"job", "api"}});
        QVERIFY(api >= 0);
        QCOMPARE(json::parse(sink.points[std::size_t(api)].buckets),
                 bucketsOf({0.05, 0.1, 0.2, 0.5, 1}, {24054, 9390, 66948, 28997, 4599, 10332}));
        QCOMPARE(sink.points[std::size_t(api)].count, 144320ULL);
        QCOMPARE(sink.points[std::size_t(api)].value, 53423.0);
        QCOMPARE(q(sink.points[std::size_t(api)].service), QStringLiteral("api"));
        QCOMPARE(q(sink.details[std::size_t(api)].description), QStringLiteral("Latency."));
        const int implied = sink.find("request_duration_seconds", json{{"job", "worker"}},
                                      1395066363000 * 1000000LL);
        QVERIFY(implied >= 0);
        QCOMPARE(json::parse(sink.points[std::size_t(implied)].buckets),
                 bucketsOf({0.05, 1}, {1, 2, 4}));
        QCOMPARE(sink.points[std::size_t(implied)].count, 7ULL);
        const int later = sink.find("request_duration_seconds", json{{"job", "worker"}},
                                    1395066423000 * 1000000LL);
        QVERIFY(later >= 0);
        QCOMPARE(json::parse(sink.points[std::size_t(later)].buckets),
                 bucketsOf({0.05, 1}, {2, 2, 5}));
        QCOMPARE(sink.points[std::size_t(later)].value, 3.5);

        // Summary.
        const int s = sink.find("rpc_duration_seconds", json{{"job", "rpc"}});
        QVERIFY(s >= 0);
        QCOMPARE(json::parse(sink.points[std::size_t(s)].buckets),
                 json::parse("{\"quantiles\":[{\"quantile\":0.01,\"value\":3102},"
                             "{\"quantile\":0.5,\"value\":4773},"
                             "{\"quantile\":0.99,\"value\":76656}]}"));
        QCOMPARE(sink.points[std::size_t(s)].count, 2693ULL);
        QCOMPARE(sink.points[std::size_t(s)].value, 1.7560473e+07);

        // Label escapes.
        const int e =
            sink.find("escaped_labels",
                      json{{"path", "C:\\temp"}, {"quote", "say \"hi\""}, {"multi", "one\ntwo"}});
        QVERIFY(e >= 0);
    }

    void rejectsBadPrometheusLines_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("reason");
        auto row = [](int index, const char* location, const char* reason) {
            QTest::newRow(location)
                << index << QString::fromLatin1(location) << QString::fromUtf8(reason);
        };
        row(0, "line 3", "invalid value 'abc'");
        row(1, "line 4", "missing metric name");
        row(2, "line 5", "unterminated value of label 'code'");
        row(3, "line 6", "invalid escape '\\t' in value of label 'path'");
        row(4, "line 7", "timestamp '9999999999999999' out of range");
        row(5, "line 8", "invalid timestamp '1.5'");
        row(6, "line 9", "duplicate label 'code'");
        row(7, "line 10", "missing value");
        row(8, "line 11", "invalid metric name starting with '0'");
        row(9, "line 12", "unexpected text after the timestamp: '13'");
        row(10, "line 13", "unknown metric type 'histogramm'");
        row(11, "line 16", "bucket le=0.5 after le=1 (bounds must increase)");
        row(12, "line 17", "bucket le=2 counts 4, fewer than le=1");
        row(13, "line 18", "bucket without an le label");
        row(14, "line 23", "histogram 'no_inf' has no +Inf bucket (nor a _count to imply it)");
        row(15, "line 26", "summary sample without a quantile label");
        row(16, "line 27", "invalid quantile=\"1.5\"");
        row(17, "line 29", "count 1.5 is not a non-negative integer");
    }
    void rejectsBadPrometheusLines() {
        QFETCH(int, index);
        QFETCH(QString, location);
        QFETCH(QString, reason);
        const auto result = importText(fixture("bad_lines.prom"));
        const auto& sink = result.sink;
        QCOMPARE(sink.rejections.size(), std::size_t(18));
        const auto& r = sink.rejections[std::size_t(index)];
        QCOMPARE(q(r.location), location);
        QVERIFY2(q(r.reason).startsWith(reason), r.reason.c_str());
    }

    void keepsGoodPrometheusLinesAroundBadOnes() {
        const auto result = importText(fixture("bad_lines.prom"));
        const auto& sink = result.sink;
        QVERIFY(result.outcome.error.empty());
        QCOMPARE(sink.points.size(), std::size_t(4));
        QCOMPARE(json::parse(sink.points[0].labels), json({{"code", "200"}}));
        // The histogram keeps its good buckets: le=1 (5) and +Inf (7).
        const int h = sink.find("broken_histogram", json::object());
        QVERIFY(h >= 0);
        QCOMPARE(json::parse(sink.points[std::size_t(h)].buckets), bucketsOf({1}, {5, 2}));
        QCOMPARE(sink.points[std::size_t(h)].count, 7ULL);
        const int s = sink.find("quantiles", json::object());
        QVERIFY(s >= 0);
        QCOMPARE(sink.points[std::size_t(s)].count, 4ULL);
        // A sample of a counter declared earlier, after other families, is still a counter.
        const int late = sink.find("http_requests_total", json{{"code", "299"}});
        QVERIFY(late >= 0);
        QCOMPARE(sink.points[std::size_t(late)].kind, int(MetricKind::Sum));
    }

    void keepsInvalidUtf8AsValidJson() {
        const auto result = importText(fixture("invalid_utf8.prom"));
        const auto& sink = result.sink;
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.points.size(), std::size_t(4));
        for (const auto& p : sink.points)
            QVERIFY2(json::accept(p.labels), p.labels.c_str());
        QCOMPARE(json::parse(sink.points[0].labels)["name"].get<std::string>(),
                 std::string("caf\xc3\xa9"));
        // Invalid bytes become U+FFFD.
        QCOMPARE(json::parse(sink.points[1].labels)["name"].get<std::string>(),
                 std::string("bad\xef\xbf\xbd"
                             "byte"));
        QCOMPARE(json::parse(sink.points[2].labels)["name"].get<std::string>(),
                 std::string("cut\xef\xbf\xbd\xef\xbf\xbd"));
        QCOMPARE(sink.points[3].value, 4.0);
    }

    void customTenantKeys() {
        const fs::path path = tmpPath("tenants.prom");
        std::ofstream(path) << "m{org=\"initech\",tenant=\"acme\"} 1\nm{tenant=\"acme\"} 2\n";
        ImportContext context;
        context.tenantKeys = {"org"};
        const auto result = importText(path, context);
        QCOMPARE(result.sink.points.size(), std::size_t(2));
        QCOMPARE(q(result.sink.points[0].tenant), QStringLiteral("initech"));
        QCOMPARE(q(result.sink.points[1].tenant), QStringLiteral("acme"));
    }

    void hugeLineIsSkippedWithBoundedMemory() {
        // 50 MB on one line between two good samples, for both text formats.
        const fs::path path = tmpPath("huge.prom");
        writeWithHugeLine(path, "before 1\n", "huge{v=\"", std::size_t{50} << 20, "\"} 2\n",
                          "after 3\n# EOF\n");
        const bool measured = resetPeakRss();
        const long long before = peakRssKiB();
        for (const bool om : {false, true}) {
            const auto result = om ? importOpenMetrics(path) : importText(path);
            const auto& sink = result.sink;
            QVERIFY(!result.outcome.partial);
            QCOMPARE(sink.points.size(), std::size_t(2));
            QCOMPARE(q(sink.points[0].name), QStringLiteral("before"));
            QCOMPARE(q(sink.points[1].name), QStringLiteral("after"));
            QCOMPARE(sink.rejections.size(), std::size_t(1));
            QCOMPARE(q(sink.rejections[0].location), QStringLiteral("line 2"));
            QCOMPARE(q(sink.rejections[0].reason),
                     QStringLiteral("line longer than 8 MiB, skipped"));
        }
        if (measured && before > 0) {
            const long long grown = peakRssKiB() - before;
            qInfo("peak memory grew by %lld KiB reading a 50 MiB line twice", grown);
#ifndef __SANITIZE_ADDRESS__ // AddressSanitizer's quarantine keeps freed buffers around
            QVERIFY(grown < 24 * 1024);
#endif
        }
        // The reader itself: its buffer never passes the line limit.
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
        CountingConsumer consumer;
        const auto read = readLines(file.get(), {}, consumer);
        QCOMPARE(read.lines, std::uint64_t(4));
        QVERIFY(read.largestBuffer <= kDefaultMaxLine);
        QCOMPARE(consumer.overlongLines, std::vector<std::uint64_t>{2});
        QCOMPARE(consumer.lines, (std::vector<std::uint64_t>{1, 3, 4}));
    }

    void readerHandlesLineEnds() {
        const fs::path path = tmpPath("ends.txt");
        std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBF"
                                                 "a 1\r\n\nb 2\r\nlast";
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
        CountingConsumer consumer;
        const auto read = readLines(file.get(), {}, consumer, 64);
        QCOMPARE(read.lines, std::uint64_t(4));
        QCOMPARE(consumer.texts, (std::vector<std::string>{"a 1", "", "b 2", "last"}));
        QCOMPARE(consumer.terminated, (std::vector<bool>{true, true, true, false}));
    }

    void stopsWhenAskedAndReportsProgress() {
        std::stop_source stop;
        stop.request_stop();
        ImportContext context;
        context.stop = stop.get_token();
        const auto cancelled = importText(corpus("prometheus_alltypes.237mfs.prom.txt"), context);
        QVERIFY(cancelled.outcome.partial);
        QCOMPARE(q(cancelled.outcome.error), QStringLiteral("cancelled"));

        ImportContext progress;
        std::vector<std::uint64_t> reports;
        progress.onBytes = [&](std::uint64_t done) { reports.push_back(done); };
        importText(corpus("prometheus_alltypes.237mfs.prom.txt"), progress);
        QVERIFY(!reports.empty());
        QCOMPARE(reports.back(), std::uint64_t(190191));
    }

    // ---- fixtures: OpenMetrics ----------------------------------------------------------

    void mapsOpenMetrics() {
        const auto result = importOpenMetrics(fixture("mapping.om.txt"));
        const auto& sink = result.sink;
        for (const auto& r : sink.rejections)
            qWarning("%s: %s", r.location.c_str(), r.reason.c_str());
        QVERIFY(result.outcome.error.empty());
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.points.size(), std::size_t(11));
        // info and stateset: gauges.
        const int info = sink.find("build_info", json{{"version", "1.2.3"}, {"job", "shop"}});
        QVERIFY(info >= 0);
        QCOMPARE(sink.points[std::size_t(info)].kind, int(MetricKind::Gauge));
        QCOMPARE(q(sink.details[std::size_t(info)].description),
                 QStringLiteral("Build information."));
        QVERIFY(sink.find("door", json{{"door", "open"}, {"job", "shop"}}) >= 0);
        QCOMPARE(
            sink.points[std::size_t(sink.find("door", json{{"door", "closed"}, {"job", "shop"}}))]
                .value,
            0.0);
        // Counter: unit, help with \", seconds timestamps, _created as the start.
        const int c =
            sink.find("request_bytes_total", json{{"path", "/a \" quote"}, {"tenant", "acme"}});
        QVERIFY(c >= 0);
        const auto& counter = sink.points[std::size_t(c)];
        QCOMPARE(counter.kind, int(MetricKind::Sum));
        QCOMPARE(q(counter.unit), QStringLiteral("bytes"));
        QCOMPARE(q(counter.tenant), QStringLiteral("acme"));
        QCOMPARE(counter.timeNs, 1700000000500000000LL);
        QCOMPARE(sink.details[std::size_t(c)].startNs, 1699999000123456789LL);
        QCOMPARE(q(sink.details[std::size_t(c)].description),
                 QStringLiteral("Bytes received, \"quoted\"."));
        const int b = sink.find("request_bytes_total", json{{"path", "/b"}, {"tenant", "acme"}});
        QCOMPARE(sink.details[std::size_t(b)].startNs, 0LL);
        // Histogram with exemplars and _created.
        const int h = sink.find("latency_seconds", json{{"job", "api"}});
        QVERIFY(h >= 0);
        QCOMPARE(json::parse(sink.points[std::size_t(h)].buckets), bucketsOf({0.1, 1}, {2, 3, 1}));
        QCOMPARE(sink.points[std::size_t(h)].count, 6ULL);
        QCOMPARE(sink.points[std::size_t(h)].value, 4.5);
        QCOMPARE(q(sink.points[std::size_t(h)].unit), QStringLiteral("seconds"));
        QCOMPARE(sink.details[std::size_t(h)].startNs, 1699990000 * kSecond);
        QCOMPARE(sink.details[std::size_t(h)].temporality, 2);
        // Gauge histogram: negative buckets and a negative _gsum; no temporality.
        const int g = sink.find("queue", json::object());
        QVERIFY(g >= 0);
        QCOMPARE(sink.points[std::size_t(g)].kind, int(MetricKind::Histogram));
        QCOMPARE(json::parse(sink.points[std::size_t(g)].buckets), bucketsOf({-1, 5}, {1, 2, 1}));
        QCOMPARE(sink.points[std::size_t(g)].value, -2.0);
        QCOMPARE(sink.details[std::size_t(g)].temporality, 0);
        // Summary with a NaN quantile.
        const int s = sink.find("rpc_seconds", json{{"service", "cart"}});
        QVERIFY(s >= 0);
        QCOMPARE(json::parse(sink.points[std::size_t(s)].buckets),
                 json::parse("{\"quantiles\":[{\"quantile\":0.5,\"value\":0.25},"
                             "{\"quantile\":0.9,\"value\":\"NaN\"}]}"));
        QCOMPARE(q(sink.points[std::size_t(s)].service), QStringLiteral("cart"));
        // A gauge with two timestamps, one to the nanosecond.
        QCOMPARE(sink.points[std::size_t(sink.find("temperature_celsius", json{{"room", "a"}},
                                                   1700000060000000001LL))]
                     .value,
                 15.0);
        QVERIFY(sink.find("temperature_celsius", json{{"room", "a"}}, 1700000000 * kSecond) >= 0);
        QVERIFY(sink.find("plain_unknown", json::object()) >= 0);
    }

    void rejectsBadOpenMetricsLines() {
        const auto result = importOpenMetrics(fixture("bad_lines.om.txt"));
        const auto& sink = result.sink;
        QVERIFY(result.outcome.error.empty());
        const std::vector<std::pair<QString, QString>> expected{
            {QStringLiteral("line 3"), QStringLiteral("counter value -1 is negative")},
            {QStringLiteral("line 5"), QStringLiteral("blank line")},
            {QStringLiteral("line 7"), QStringLiteral("expected a single space before the value")},
            {QStringLiteral("line 9"), QStringLiteral("timestamp goes back")},
            {QStringLiteral("line 10"), QStringLiteral("samples of one metric with and without")},
            {QStringLiteral("line 11"), QStringLiteral("exemplars are allowed only on")},
        };
        QCOMPARE(sink.rejections.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(q(sink.rejections[i].location), expected[i].first);
            QVERIFY2(q(sink.rejections[i].reason).startsWith(expected[i].second),
                     sink.rejections[i].reason.c_str());
        }
        QCOMPARE(sink.points.size(), std::size_t(5));
        QVERIFY(sink.find("e", json{{"a", "\\q"}}) >= 0);
        QVERIFY(sink.find("c", json{{"x", "1"}}, 1500000000) >= 0);
    }

    void truncatedOpenMetricsIsPartial() {
        // Cut inside a line: that line is not imported ("12" may be "1234").
        const auto cut = importOpenMetrics(fixture("truncated_line.om.txt"));
        QVERIFY(cut.outcome.partial);
        QCOMPARE(q(cut.outcome.error),
                 QStringLiteral("line 4: the file breaks off inside this line (no \"# EOF\"); "
                                "the line is not imported"));
        QCOMPARE(cut.sink.points.size(), std::size_t(2));
        QCOMPARE(cut.sink.rejections.size(), std::size_t(0));
        // Cut after a line: everything lands, the file is still partial.
        const auto noEof = importOpenMetrics(fixture("no_eof.om.txt"));
        QVERIFY(noEof.outcome.partial);
        QCOMPARE(
            q(noEof.outcome.error),
            QStringLiteral("line 4: missing \"# EOF\" at the end (the file may have been cut)"));
        QCOMPARE(noEof.sink.points.size(), std::size_t(2));
        // Read as Prometheus text, the same file is complete.
        const auto asText = importText(fixture("no_eof.om.txt"));
        QVERIFY(!asText.outcome.partial);
    }

    // ---- fixtures: query JSON -----------------------------------------------------------

    void mapsRangeQuery() {
        const auto result = importQuery(fixture("query_range.json"));
        const auto& sink = result.sink;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(q(result.outcome.error), QStringLiteral("query warnings: results truncated"));
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.points.size(), std::size_t(6));
        const json up{{"job", "prometheus"}, {"instance", "localhost:9090"}, {"tenant_id", "acme"}};
        // 1435781430.781 s exactly, not 1435781430.7809999 through a double.
        const int first = sink.find("up", up, 1435781430781000000LL);
        QVERIFY(first >= 0);
        QCOMPARE(sink.points[std::size_t(first)].value, 1.0);
        QCOMPARE(q(sink.points[std::size_t(first)].service), QStringLiteral("prometheus"));
        QCOMPARE(q(sink.points[std::size_t(first)].tenant), QStringLiteral("acme"));
        const int last = sink.find("up", up, 1435781460781000000LL);
        QVERIFY(last >= 0);
        QVERIFY(std::isnan(sink.points[std::size_t(last)].value));
        // No __name__: named after the file.
        const json node{{"job", "node"}, {"instance", "localhost:9091"}};
        QCOMPARE(
            sink.points[std::size_t(sink.find("query_range", node, 1435781430 * kSecond))].value,
            std::numeric_limits<double>::infinity());
        QCOMPARE(
            sink.points[std::size_t(sink.find("query_range", node, 1435781445500000000LL))].value,
            -std::numeric_limits<double>::infinity());
        QCOMPARE(
            sink.points[std::size_t(sink.find("query_range", node, 1435781460 * kSecond))].value,
            325.0);
    }

    void mapsInstantAndScalarQueries() {
        const auto vector = importQuery(fixture("query_vector.json"));
        QVERIFY(vector.outcome.error.empty());
        QCOMPARE(vector.sink.points.size(), std::size_t(2));
        QCOMPARE(vector.sink.points[0].timeNs, 1700000000001000000LL);
        QCOMPARE(q(vector.sink.points[0].service), QStringLiteral("api")); // job before service
        QCOMPARE(q(vector.sink.points[1].name), QStringLiteral("query_vector"));
        QCOMPARE(q(vector.sink.points[1].labels), QStringLiteral("{}"));

        const auto scalar = importQuery(fixture("query_scalar.json"));
        QVERIFY(scalar.outcome.error.empty());
        QCOMPARE(scalar.sink.points.size(), std::size_t(1));
        QCOMPARE(scalar.sink.points[0].timeNs, 1435781451781000000LL);
        QCOMPARE(q(scalar.sink.points[0].name), QStringLiteral("query_scalar"));
    }

    void reportsQueryErrors() {
        const auto result = importQuery(fixture("query_error.json"));
        QVERIFY(!result.outcome.partial);
        QCOMPARE(q(result.outcome.error),
                 QStringLiteral("the query failed (bad_data): invalid parameter \"query\": 1:1: "
                                "parse error"));
        QCOMPARE(result.sink.points.size(), std::size_t(0));
    }

    void rejectsBadQueryValues() {
        const auto result = importQuery(fixture("query_bad_values.json"));
        const auto& sink = result.sink;
        QVERIFY(result.outcome.error.empty());
        QCOMPARE(sink.points.size(), std::size_t(2));
        QCOMPARE(sink.points[0].timeNs, 1 * kSecond);
        QCOMPARE(sink.points[1].value, 5.0); // a number where a string belongs is taken
        std::vector<std::string> locations, reasons;
        for (const auto& r : sink.rejections) {
            locations.push_back(r.location.substr(r.location.find(':') + 2));
            reasons.push_back(r.reason);
            QVERIFY(r.location.rfind("byte ", 0) == 0);
        }
        QCOMPARE(locations,
                 (std::vector<std::string>{"data.result[0].values[1]", "data.result[0].values[2]",
                                           "data.result[0].values[3]", "data.result[0].values[4]",
                                           "data.result[1].metric.job", "data.result[2].histograms",
                                           "data.result[3]"}));
        QCOMPARE(reasons[0], std::string("time 'soon' is not a number of seconds"));
        QCOMPARE(reasons[1], std::string("value 'abc' is not a number"));
        QCOMPARE(reasons[2], std::string("time '1e30' s is out of range (int64 nanoseconds)"));
        QCOMPARE(reasons[3], std::string("expected [time, \"value\"], got 3 elements"));
        QCOMPARE(reasons[4], std::string("expected a string, got number"));
        QCOMPARE(reasons[5], std::string("native histogram samples are not imported"));
        // The location's byte is where the series starts in the file.
        const std::string text = readAll(fixture("query_bad_values.json"));
        QCOMPARE(q(sink.rejections[4].location.substr(0, sink.rejections[4].location.find(':'))),
                 QStringLiteral("byte ") +
                     QString::number(text.find("{\"metric\":{\"__name__\":\"m\",\"job\":7")));
    }

    void truncatedQueryIsPartial() {
        const auto result = importQuery(fixture("query_truncated.json"));
        QVERIFY(result.outcome.partial);
        const auto size = fs::file_size(fixture("query_truncated.json"));
        QCOMPARE(q(result.outcome.error), QStringLiteral("invalid JSON at byte ") +
                                              QString::number(size) +
                                              QStringLiteral(": the document ends early (cut?)"));
        QCOMPARE(result.sink.points.size(), std::size_t(1));
        // Not JSON at all: an error, not partial.
        const fs::path path = tmpPath("not.json");
        std::ofstream(path) << "up 1\n";
        const auto notJson = importQuery(path);
        QVERIFY(!notJson.outcome.partial);
        QVERIFY(
            q(notJson.outcome.error).startsWith(QStringLiteral("not a Prometheus query response")));
    }

    void splitsQueryResponsesInSmallPieces() {
        const std::string text = readAll(fixture("query_range.json"));
        for (std::size_t piece : {std::size_t(1), std::size_t(3), std::size_t(64), text.size()}) {
            std::vector<std::string> members, elements;
            bool offsetsRight = true;
            QueryResponseSplitter splitter(
                [&](const QueryResponseSplitter::Member& m) {
                    members.push_back(std::string(m.path) + "=" + std::string(m.json));
                    return true;
                },
                [&](const QueryResponseSplitter::Element& e) {
                    elements.emplace_back(e.json);
                    offsetsRight = offsetsRight && text.substr(e.offset, e.json.size()) == e.json;
                    return true;
                });
            for (std::size_t at = 0; at < text.size(); at += piece)
                QVERIFY(splitter.feed(std::string_view(text).substr(at, piece)));
            QVERIFY(splitter.finish());
            QCOMPARE(members,
                     (std::vector<std::string>{"status=\"success\"", "data.resultType=\"matrix\"",
                                               "warnings=[\"results truncated\"]"}));
            QCOMPARE(elements.size(), std::size_t(2));
            QVERIFY(offsetsRight);
            QVERIFY(json::accept(elements[0]));
            QVERIFY(splitter.largestElement() < text.size() / 2);
        }
    }
};

QTEST_GUILESS_MAIN(TestPrometheusImporters)
#include "tst_prometheus_importers.moc"
