// OTLP/JSON importer: pure field functions, layout detection and splitting, the corpus
// (counts verified by hand, see corpusCounts_data), spot checks of real values, and
// small fixtures under tests/data/otlp/ for every kind of bad input.

#include "core/import/importer_registry.h"
#include "plugins/builtin_importers.h"
#include "plugins/otlp/otlp_any_value.h"
#include "plugins/otlp/otlp_document_splitter.h"
#include "plugins/otlp/otlp_fields.h"
#include "plugins/otlp/otlp_importer.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
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

void writeAll(const fs::path& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

fs::path otlpCorpus() {
    return test::corpusDir() / "otlp";
}
fs::path fixture(const char* name) {
    return test::testDataDir() / "otlp" / name;
}

// What RecordingSink keeps, plus the fields it does not.
struct SpanDetail {
    std::string traceState, scopeVersion, correlationId, errorCode;
    std::vector<std::string> eventNames, eventAttributes, linkTraceIds, linkSpanIds, linkAttributes;
    std::vector<long long> eventTimes;
};
struct LogDetail {
    long long observedNs = 0;
    std::string errorCode, scopeName, resource;
};
struct PointDetail {
    std::string description, resource;
    int temporality = 0;
    bool monotonic = false, hasCount = false;
    std::optional<double> min, max;
    long long startNs = 0;
};

class DetailSink : public test::RecordingSink {
public:
    std::vector<SpanDetail> spanDetails;
    std::vector<LogDetail> logDetails;
    std::vector<PointDetail> pointDetails;

    void addSpan(const SpanRecord& s) override {
        RecordingSink::addSpan(s);
        SpanDetail d;
        d.traceState = s.traceState;
        d.scopeVersion = s.scopeVersion;
        d.correlationId = s.correlationId;
        d.errorCode = s.errorCode;
        for (const auto& e : s.events) {
            d.eventNames.emplace_back(e.name);
            d.eventAttributes.emplace_back(e.attributesJson);
            d.eventTimes.push_back(e.timeNs);
        }
        for (const auto& l : s.links) {
            d.linkTraceIds.push_back(l.traceId.hex());
            d.linkSpanIds.push_back(l.spanId.hex());
            d.linkAttributes.emplace_back(l.attributesJson);
        }
        spanDetails.push_back(std::move(d));
    }
    void addLog(const LogRecord& l) override {
        RecordingSink::addLog(l);
        logDetails.push_back({l.observedNs, std::string(l.errorCode), std::string(l.scopeName),
                              std::string(l.resourceJson)});
    }
    void addMetricPoint(const MetricPoint& p) override {
        RecordingSink::addMetricPoint(p);
        pointDetails.push_back({std::string(p.description), std::string(p.resourceJson),
                                p.temporality, p.monotonic, p.count.has_value(), p.min, p.max,
                                p.startNs});
    }

    std::size_t spanIndex(std::string_view spanIdHex) const {
        for (std::size_t i = 0; i < spans.size(); ++i)
            if (spans[i].spanId == spanIdHex)
                return i;
        return spans.size();
    }
};

struct Imported {
    DetailSink sink;
    FileOutcome outcome;
};

Imported importWith(const fs::path& path, const ImportContext& context = {}) {
    Imported result;
    OtlpJsonImporter importer;
    result.outcome = importer.importFile(path, context, result.sink);
    return result;
}

std::string head(const fs::path& path) {
    return readAll(path).substr(0, 64 * 1024);
}

} // namespace

class TestOtlpImporter : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    fs::path tmpPath(const char* name) const { return fs::path(tmp.path().toStdString()) / name; }

private slots:
    // ---- pure functions -------------------------------------------------------------

    void parsesInt64_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("timestamp")
            << "1544712660300000000" << true << qint64(1544712660300000000) << "";
        QTest::newRow("negative") << "-42" << true << qint64(-42) << "";
        QTest::newRow("max") << "9223372036854775807" << true << qint64(INT64_MAX) << "";
        QTest::newRow("min") << "-9223372036854775808" << true << qint64(INT64_MIN) << "";
        QTest::newRow("exponent") << "1.7e18" << true << qint64(1700000000000000000) << "";
        QTest::newRow("integral fraction") << "1500.000" << true << qint64(1500) << "";
        QTest::newRow("max + 1") << "9223372036854775808" << false << qint64(0)
                                 << "overflows int64";
        QTest::newRow("20 digits")
            << "99999999999999999999" << false << qint64(0) << "overflows int64";
        QTest::newRow("big exponent") << "1e19" << false << qint64(0) << "overflows int64";
        QTest::newRow("fraction") << "1.5" << false << qint64(0) << "is not a whole number";
        QTest::newRow("word") << "soon" << false << qint64(0) << "\"soon\" is not an integer";
        QTest::newRow("empty") << "" << false << qint64(0) << "is not an integer";
        QTest::newRow("plus") << "+5" << false << qint64(0) << "is not an integer";
        QTest::newRow("hex") << "0x10" << false << qint64(0) << "is not an integer";
    }
    void parsesInt64() {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, value);
        QFETCH(QString, error);
        const auto parsed = parseOtlpInt64(text.toStdString());
        QCOMPARE(parsed.value.has_value(), ok);
        if (ok)
            QCOMPARE(qint64(*parsed.value), value);
        else
            QVERIFY2(q(parsed.error).contains(error), parsed.error.c_str());
    }

    void parsesUnsignedAndDoubles() {
        QCOMPARE(*parseOtlpUint64("18446744073709551615").value, UINT64_MAX);
        QVERIFY(q(parseOtlpUint64("18446744073709551616").error).contains("overflows uint64"));
        QVERIFY(q(parseOtlpUint64("-1").error).contains("is negative"));
        QCOMPARE(*parseOtlpUint64("-0").value, 0u);
        QCOMPARE(*parseOtlpDouble("2.5").value, 2.5);
        QVERIFY(std::isnan(*parseOtlpDouble("NaN").value));
        QVERIFY(std::isinf(*parseOtlpDouble("-Infinity").value));
        QVERIFY(!parseOtlpDouble("inf").value); // only the protobuf JSON spellings
        QVERIFY(!parseOtlpDouble("1.5x").value);
        QVERIFY(q(parseOtlpDouble("1e999").error).contains("overflows double"));
    }

    void parsesIds_data() {
        QTest::addColumn<QString>("hex");
        QTest::addColumn<bool>("trace");
        QTest::addColumn<QString>("expected"); // hex when valid, else the error
        QTest::newRow("upper case")
            << "5B8EFFF798038103D269B633813FC60C" << true << "5b8efff798038103d269b633813fc60c";
        QTest::newRow("31 digits") << "5b8efff798038103d269b633813fc60" << true
                                   << "invalid trace id length 31 (want 32 hex digits)";
        QTest::newRow("not hex")
            << "zz8efff798038103d269b633813fc60c" << true
            << "invalid trace id \"zz8efff798038103d269b633813fc60c\": not hex";
        QTest::newRow("zero trace") << QString(32, '0') << true << "invalid trace id: all zeros";
        QTest::newRow("span") << "EEE19B7EC3C1B174" << false << "eee19b7ec3c1b174";
        QTest::newRow("zero span") << QString(16, '0') << false << "invalid span id: all zeros";
        QTest::newRow("span too long")
            << "eee19b7ec3c1b1740" << false << "invalid span id length 17 (want 16 hex digits)";
    }
    void parsesIds() {
        QFETCH(QString, hex);
        QFETCH(bool, trace);
        QFETCH(QString, expected);
        const std::string text = hex.toStdString();
        if (trace) {
            const auto id = parseOtlpTraceId(text);
            QCOMPARE(id.value ? q(id.value->hex()) : q(id.error), expected);
        } else {
            const auto id = parseOtlpSpanId(text);
            QCOMPARE(id.value ? q(id.value->hex()) : q(id.error), expected);
        }
    }

    void parsesEnumNames() {
        QCOMPARE(otlpSpanKindFromName("SPAN_KIND_CONSUMER"), std::optional<int>(5));
        QCOMPARE(otlpStatusCodeFromName("STATUS_CODE_ERROR"), std::optional<int>(2));
        QCOMPARE(otlpSeverityNumberFromName("SEVERITY_NUMBER_TRACE"), std::optional<int>(1));
        QCOMPARE(otlpSeverityNumberFromName("SEVERITY_NUMBER_INFO3"), std::optional<int>(11));
        QCOMPARE(otlpSeverityNumberFromName("SEVERITY_NUMBER_FATAL4"), std::optional<int>(24));
        QCOMPARE(otlpSeverityNumberFromName("SEVERITY_NUMBER_FATAL5"), std::nullopt);
        QCOMPARE(otlpTemporalityFromName("AGGREGATION_TEMPORALITY_DELTA"), std::optional<int>(1));
        QCOMPARE(otlpSpanKindFromName("server"), std::nullopt);
    }

    void convertsAnyValues_data() {
        QTest::addColumn<QString>("anyValue");
        QTest::addColumn<QString>("expected");
        QTest::newRow("string") << R"({"stringValue":"abc"})"
                                << R"("abc")";
        // (not a raw string: moc misreads \" inside raw string literals)
        QTest::newRow("escaped string") << "{\"stringValue\":\"a\\\"b\\\\c\\u00e9\\t\"}"
                                        << "\"a\\\"b\\\\c\u00e9\\t\"";
        QTest::newRow("bool") << R"({"boolValue":true})"
                              << "true";
        QTest::newRow("int string") << R"({"intValue":"-42"})"
                                    << "-42";
        QTest::newRow("int number") << R"({"intValue":7})"
                                    << "7";
        QTest::newRow("int exponent") << R"({"intValue":"1e3"})"
                                      << "1000";
        QTest::newRow("double keeps its text") << R"({"doubleValue":637.704})"
                                               << "637.704";
        QTest::newRow("double as string") << R"({"doubleValue":"2.5"})"
                                          << "2.5";
        QTest::newRow("NaN") << R"({"doubleValue":"NaN"})"
                             << R"("NaN")";
        QTest::newRow("-Infinity") << R"({"doubleValue":"-Infinity"})"
                                   << R"("-Infinity")";
        QTest::newRow("bytes stay base64") << R"({"bytesValue":"AAAwOQ=="})"
                                           << R"("AAAwOQ==")";
        QTest::newRow("array")
            << R"({"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"},{}]}})"
            << R"(["a",1,null])";
        QTest::newRow("empty array") << R"({"arrayValue":{}})"
                                     << "[]";
        QTest::newRow("kvlist")
            << R"({"kvlistValue":{"values":[{"key":"k","value":{"boolValue":false}},{"key":"n","value":{"kvlistValue":{"values":[]}}}]}})"
            << R"({"k":false,"n":{}})";
        QTest::newRow("kvlist value before key")
            << R"({"kvlistValue":{"values":[{"value":{"intValue":"3"},"key":"late"}]}})"
            << R"({"late":3})";
        // Each level's value arrives before its key and waits in that level's scratch
        // text while the deeper levels add theirs (a use-after-free found by fuzzing).
        QTest::newRow("values before keys, nested")
            << R"({"kvlistValue":{"values":[{"value":{"kvlistValue":{"values":[{"value":{"kvlistValue":{"values":[{"value":{"intValue":"1"},"key":"c"}]}},"key":"b"}]}},"key":"a"}]}})"
            << R"({"a":{"b":{"c":1}}})";
        QTest::newRow("empty AnyValue") << "{}"
                                        << "null";
        QTest::newRow("null") << "null"
                              << "null";
        QTest::newRow("unknown member ignored") << R"({"futureValue":1,"stringValue":"x"})"
                                                << R"("x")";
        QTest::newRow("null member is unset") << R"({"stringValue":null,"intValue":"5"})"
                                              << "5";
    }
    void convertsAnyValues() {
        QFETCH(QString, anyValue);
        QFETCH(QString, expected);
        std::string error;
        const auto text = otlpAnyValueToJson(anyValue.toStdString(), &error);
        QVERIFY2(text.has_value(), error.c_str());
        QCOMPARE(q(*text), expected);
        // Whatever the kind, the text is valid JSON.
        QVERIFY(json::accept(*text));
    }

    void rejectsBadAnyValues_data() {
        QTest::addColumn<QString>("anyValue");
        QTest::addColumn<QString>("error");
        QTest::newRow("string as number") << R"({"stringValue":5})"
                                          << "value.stringValue: expected string, got number";
        QTest::newRow("int not numeric") << R"({"intValue":"12a"})"
                                         << R"(value.intValue: "12a" is not an integer)";
        QTest::newRow("int overflow") << R"({"intValue":"9223372036854775808"})"
                                      << R"(value.intValue: "9223372036854775808" overflows int64)";
        QTest::newRow("int as bool")
            << R"({"intValue":true})"
            << "value.intValue: expected integer (string or number), got boolean";
        QTest::newRow("bool as string") << R"({"boolValue":"true"})"
                                        << "value.boolValue: expected boolean, got string";
        QTest::newRow("nested")
            << R"({"arrayValue":{"values":[{"stringValue":"ok"},{"intValue":"x"}]}})"
            << R"(value.arrayValue.values[1].intValue: "x" is not an integer)";
        QTest::newRow("not an object") << R"("plain")"
                                       << "value: expected AnyValue object, got string";
        std::string deep;
        for (int i = 0; i < 70; ++i)
            deep += R"({"arrayValue":{"values":[)";
        deep += "{}";
        for (int i = 0; i < 70; ++i)
            deep += "]}}";
        QTest::newRow("too deep") << QString::fromStdString(deep) << "nested more than 64 levels";
    }
    void rejectsBadAnyValues() {
        QFETCH(QString, anyValue);
        QFETCH(QString, error);
        std::string reason;
        QVERIFY(!otlpAnyValueToJson(anyValue.toStdString(), &reason));
        QVERIFY2(q(reason).contains(error), reason.c_str());
    }

    void convertsAttributeLists() {
        std::string error;
        const auto text = otlpAttributesToJson(
            R"([{"key":"a","value":{"stringValue":"b"}},{"value":{"intValue":"1"},"key":"late"},{"key":"none"}])",
            &error);
        QVERIFY2(text, error.c_str());
        QCOMPARE(q(*text), QStringLiteral(R"({"a":"b","late":1,"none":null})"));
        QCOMPARE(q(*otlpAttributesToJson("[]")), QStringLiteral("{}"));
        QVERIFY(!otlpAttributesToJson(R"({"key":"a"})", &error));
        QCOMPARE(q(error), QStringLiteral("attributes: expected array of KeyValue, got object"));
    }

    void detectsLayout_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("atEnd");
        QTest::addColumn<int>("layout");
        const int lines = int(OtlpLayout::JsonLines), doc = int(OtlpLayout::Document),
                  undecided = int(OtlpLayout::Undecided);
        QTest::newRow("two lines") << "{\"a\":1}\n{\"b\":2}\n" << false << lines;
        QTest::newRow("pretty document") << "{\n  \"a\": 1\n}\n" << false << doc;
        QTest::newRow("blank lines first") << "\n\n  {\"a\":[1,2]}\r\n" << false << lines;
        QTest::newRow("braces and newline escape in a string") << "{\"a\":\"x\\n}\"}\n"
                                                               << false << lines;
        QTest::newRow("first line not finished yet")
            << "{\"resourceSpans\":[" << false << undecided;
        QTest::newRow("one line cut short") << "{\"resourceSpans\":[" << true << doc;
        QTest::newRow("single line without newline") << "{\"a\":1}" << true << lines;
        QTest::newRow("empty") << "" << true << lines;
        QTest::newRow("not JSON") << "]\n" << false << doc;
    }
    void detectsLayout() {
        QFETCH(QString, text);
        QFETCH(bool, atEnd);
        QFETCH(int, layout);
        const std::string bytes = text.toStdString();
        // Fed whole and byte by byte, the answer is the same.
        for (std::size_t piece : {bytes.size() + 1, std::size_t(1)}) {
            OtlpLayoutDetector detector;
            OtlpLayout result = OtlpLayout::Undecided;
            for (std::size_t i = 0; i < bytes.size() && result == OtlpLayout::Undecided; i += piece)
                result = detector.feed(std::string_view(bytes).substr(i, piece));
            if (result == OtlpLayout::Undecided && atEnd)
                result = detector.finish();
            QCOMPARE(int(result), layout);
        }
    }

    void splitsDocumentInSmallPieces() {
        // mixed.json: an unknown member whose strings hold brackets, then one resourceLogs
        // element and two resourceSpans elements. Element offsets found with
        // python3 -c "t=open('mixed.json').read(); ..." (the '{' after each array start).
        const std::string text = readAll(fixture("mixed.json"));
        struct Seen {
            OtlpSignal signal;
            std::size_t index;
            std::uint64_t offset;
            std::string json;
        };
        for (std::size_t piece : {std::size_t(1), std::size_t(5), std::size_t(4096)}) {
            OtlpDocumentSplitter splitter;
            std::vector<Seen> seen;
            for (std::size_t i = 0; i < text.size(); i += piece) {
                QVERIFY(
                    splitter.feed(std::string_view(text).substr(i, piece), [&](const auto& block) {
                        seen.push_back(
                            {block.signal, block.index, block.offset, std::string(block.json)});
                        return true;
                    }));
            }
            QVERIFY(splitter.finish());
            QCOMPARE(seen.size(), std::size_t(3));
            QCOMPARE(int(seen[0].signal), int(OtlpSignal::Logs));
            QCOMPARE(seen[0].offset, std::uint64_t(125));
            QCOMPARE(int(seen[1].signal), int(OtlpSignal::Spans));
            QCOMPARE(seen[1].index, std::size_t(0));
            QCOMPARE(seen[1].offset, std::uint64_t(499));
            QCOMPARE(seen[2].index, std::size_t(1));
            QCOMPARE(seen[2].offset, std::uint64_t(1205));
            for (const Seen& s : seen) {
                QCOMPARE(q(s.json), q(text.substr(s.offset, s.json.size())));
                QVERIFY(json::parse(s.json).is_object());
            }
            // Memory is bounded by the largest block, not the file.
            QVERIFY(splitter.largestBlock() < text.size() / 2);
        }
    }

    void splitterReportsStructuralErrors() {
        OtlpDocumentSplitter splitter;
        auto ignore = [](const OtlpDocumentSplitter::Block&) { return true; };
        QVERIFY(!splitter.feed(R"({"resourceSpans":[{"a":[1}]})", ignore));
        QCOMPARE(splitter.errorOffset(), std::uint64_t(25)); // the '}' after "[1"
        QCOMPARE(q(splitter.error()), QStringLiteral("expected ']', found '}'"));
        OtlpDocumentSplitter trailing;
        QVERIFY(!trailing.feed("{} x", ignore));
        QCOMPARE(trailing.errorOffset(), std::uint64_t(3));
        OtlpDocumentSplitter notObject;
        QVERIFY(!notObject.feed("[1,2]", ignore));
        QCOMPARE(notObject.errorOffset(), std::uint64_t(0));
    }

    // ---- sniffing ------------------------------------------------------------------

    void sniffsCorpus_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("mine");
        for (const auto& entry : fs::directory_iterator(otlpCorpus())) {
            const std::string name = entry.path().filename().string();
            QTest::newRow(name.c_str()) << q(name) << (name != "ottl-playground_profiles.json");
        }
    }
    void sniffsCorpus() {
        QFETCH(QString, file);
        QFETCH(bool, mine);
        OtlpJsonImporter importer;
        const int score = importer.sniff(head(otlpCorpus() / file.toStdString()));
        if (mine)
            QVERIFY(score >= 90);
        else
            QCOMPARE(score, 0); // resourceProfiles is not ours
    }

    void doesNotClaimOtherFormats() {
        OtlpJsonImporter importer;
        std::size_t checked = 0;
        for (const char* folder :
             {"jaeger", "zipkin", "openlineage", "chrome", "dbt", "prometheus"}) {
            for (const auto& entry : fs::recursive_directory_iterator(test::corpusDir() / folder)) {
                if (!entry.is_regular_file())
                    continue;
                QVERIFY2(importer.sniff(head(entry.path())) == 0, entry.path().c_str());
                ++checked;
            }
        }
        QVERIFY(checked > 50);
        QCOMPARE(importer.sniff("{\"data\":[{\"traceID\":\"x\",\"spans\":[]}]}"), 0);
        QCOMPARE(importer.sniff("{\"outer\":{\"resourceSpans\":[]}}"), 0); // nested, not top-level
        QCOMPARE(importer.sniff(""), 0);
    }

    void registryPicksOtlp() {
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        QVERIFY(registry.byFormat("otlp-json"));
        Importer* found = registry.detect(head(otlpCorpus() / "otel-tui_test_data.json"));
        QVERIFY(found);
        QCOMPARE(q(found->format()), QStringLiteral("otlp-json"));
        QVERIFY(!registry.detect(head(otlpCorpus() / "ottl-playground_profiles.json")));
    }

    // ---- the corpus ----------------------------------------------------------------

    void importsCorpus_data() {
        // Counted by hand, twice, independently of the importer:
        //   jq -rs '([.[] | .resourceSpans[]?.scopeSpans[]?.spans[]?]) as $s
        //     | ([.[] | .resourceLogs[]?.scopeLogs[]?.logRecords[]?]) as $l
        //     | ([.[] | .resourceMetrics[]?.scopeMetrics[]?.metrics[]?
        //          | (.gauge // .sum // .histogram // .exponentialHistogram // .summary)
        //          | .dataPoints[]?]) as $p
        //     | [($s|length), ([$s[].events[]?]|length), ([$s[].links[]?]|length),
        //        ([$s[].traceId|ascii_downcase]|unique|length), ($l|length), ($p|length)]
        //     | @tsv' FILE
        // and a python json walk summing the data points of every metric kind. Both agree
        // with corpus/SOURCES.md. jq -s also reads otel-tui's 97 lines as 97 values.
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("spans");
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("links");
        QTest::addColumn<int>("traces");
        QTest::addColumn<int>("logs");
        QTest::addColumn<int>("points");
        auto row = [](const char* file, int spans, int events, int links, int traces, int logs,
                      int points) {
            QTest::newRow(file) << QString::fromUtf8(file) << spans << events << links << traces
                                << logs << points;
        };
        row("jaeger-integration_example_trace.json", 5, 10, 0, 1, 0, 0);
        row("jaeger-integration_link_attributes_trace.json", 1, 0, 3, 1, 0, 0);
        row("jaeger-integration_log_tags_trace.json", 1, 2, 0, 1, 0, 0);
        row("jaeger-integration_multi_spot_tags_trace.json", 1, 2, 0, 1, 0, 0);
        row("jaeger-integration_scope_attributes_trace.json", 1, 2, 0, 1, 0, 0);
        row("jaeger-integration_scope_name_version_trace.json", 1, 2, 0, 1, 0, 0);
        row("jaeger-memory_otel_traces_01.json", 4, 8, 8, 2, 0, 0);
        row("jaeger-pr9263_hotrod_n_plus_one_full_concurrent.json", 40, 52, 0, 1, 0, 0);
        row("jaeger-ui_otlp2jaeger-in-error.json", 1, 0, 0, 1, 0, 0);
        row("jaeger-ui_otlp2jaeger-in.json", 2, 0, 0, 1, 0, 0);
        row("jaeger-ui_otlp2jaeger-multi-in-combined.json", 4, 0, 0, 1, 0, 0);
        row("opentelemetry-proto_examples_events.json", 0, 0, 0, 0, 1, 0);
        row("opentelemetry-proto_examples_logs.json", 0, 0, 0, 0, 1, 0);
        row("opentelemetry-proto_examples_metrics.json", 0, 0, 0, 0, 0, 4);
        row("opentelemetry-proto_examples_trace.json", 1, 0, 0, 1, 0, 0);
        row("otel-tui_test_data.json", 547, 139, 53, 141, 23, 4551);
        row("ottl-playground_logs.json", 0, 0, 0, 0, 2, 0);
        row("ottl-playground_metrics.json", 0, 0, 0, 0, 0, 4);
        row("ottl-playground_traces.json", 2, 0, 0, 1, 0, 0);
    }
    void importsCorpus() {
        QFETCH(QString, file);
        QFETCH(int, spans);
        QFETCH(int, events);
        QFETCH(int, links);
        QFETCH(int, traces);
        QFETCH(int, logs);
        QFETCH(int, points);
        const auto result = importWith(otlpCorpus() / file.toStdString());
        const auto& sink = result.sink;
        for (const auto& r : sink.rejections)
            qWarning("%s: %s", r.location.c_str(), r.reason.c_str());
        QVERIFY2(result.outcome.error.empty(), result.outcome.error.c_str());
        QVERIFY(!result.outcome.partial);
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(int(sink.spans.size()), spans);
        QCOMPARE(int(sink.spanEvents), events);
        QCOMPARE(int(sink.spanLinks), links);
        std::set<std::string> traceIds;
        for (const auto& s : sink.spans)
            traceIds.insert(s.traceId);
        QCOMPARE(int(traceIds.size()), traces);
        QCOMPARE(int(sink.logs.size()), logs);
        QCOMPARE(int(sink.points.size()), points);
        for (const auto& s : sink.spans) {
            QVERIFY(json::accept(s.attributes));
            QVERIFY(json::accept(s.resource));
        }
        for (const auto& p : sink.points) {
            QVERIFY(json::accept(p.labels));
            QVERIFY(p.buckets.empty() || json::accept(p.buckets));
        }
    }

    void profilesAreNotRead() {
        // Forced through the importer anyway (a manifest could name it), the profiles
        // request holds nothing the importer maps: no records, no crash.
        const auto result = importWith(otlpCorpus() / "ottl-playground_profiles.json");
        QVERIFY(!result.outcome.partial);
        QCOMPARE(result.sink.spans.size() + result.sink.logs.size() + result.sink.points.size(),
                 std::size_t(0));
    }

    void spotChecksExampleTrace() {
        const auto result = importWith(otlpCorpus() / "opentelemetry-proto_examples_trace.json");
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        const auto& span = result.sink.spans[0];
        QCOMPARE(q(span.traceId), QStringLiteral("5b8efff798038103d269b633813fc60c"));
        QCOMPARE(q(span.spanId), QStringLiteral("eee19b7ec3c1b174"));
        QCOMPARE(q(span.parentSpanId), QStringLiteral("eee19b7ec3c1b173"));
        QCOMPARE(q(span.service), QStringLiteral("my.service"));
        QCOMPARE(q(span.name), QStringLiteral("I'm a server span"));
        QCOMPARE(span.kind, int(SpanKind::Server));
        QCOMPARE(span.startNs, 1544712660000000000LL);
        QCOMPARE(span.endNs, 1544712661000000000LL);
        QCOMPARE(q(span.scopeName), QStringLiteral("my.library"));
        QCOMPARE(q(result.sink.spanDetails[0].scopeVersion), QStringLiteral("1.0.0"));
        QCOMPARE(q(span.attributes), QStringLiteral(R"({"my.span.attr":"some value"})"));
        QCOMPARE(q(span.resource), QStringLiteral(R"({"service.name":"my.service"})"));
        QCOMPARE(q(span.tenant), QString());
    }

    void spotChecksEveryAnyValueKind() {
        // opentelemetry-proto examples/logs.json carries string, bool, int, double, array
        // and kvlist attributes; examples/events.json a kvlist body.
        const auto logs = importWith(otlpCorpus() / "opentelemetry-proto_examples_logs.json");
        QCOMPARE(logs.sink.logs.size(), std::size_t(1));
        const auto& log = logs.sink.logs[0];
        const json attributes = json::parse(log.attributes);
        QCOMPARE(attributes.size(), std::size_t(6));
        QCOMPARE(attributes["string.attribute"], json("some string"));
        QCOMPARE(attributes["boolean.attribute"], json(true));
        QVERIFY(attributes["int.attribute"].is_number_integer());
        QCOMPARE(attributes["int.attribute"].get<int>(), 10);
        QCOMPARE(attributes["double.attribute"].get<double>(), 637.704);
        QCOMPARE(attributes["array.attribute"], json::parse(R"(["many","values"])"));
        QCOMPARE(attributes["map.attribute"], json::parse(R"({"some.map.key":"some value"})"));
        QCOMPARE(q(log.body), QStringLiteral("Example log record")); // a string body is plain text
        QCOMPARE(log.severityNumber, 10);
        QCOMPARE(q(log.severityText), QStringLiteral("Information"));
        QCOMPARE(log.timeNs, 1544712660300000000LL);
        QCOMPARE(q(log.traceId), QStringLiteral("5b8efff798038103d269b633813fc60c"));
        QCOMPARE(q(log.spanId), QStringLiteral("eee19b7ec3c1b174"));
        QCOMPARE(q(logs.sink.logDetails[0].scopeName), QStringLiteral("my.library"));

        const auto events = importWith(otlpCorpus() / "opentelemetry-proto_examples_events.json");
        QCOMPARE(events.sink.logs.size(), std::size_t(1));
        const auto& event = events.sink.logs[0];
        QCOMPARE(q(event.eventName), QStringLiteral("browser.page_view"));
        const json body = json::parse(event.body); // a kvlist body is JSON text
        QCOMPARE(body["type"], json(0));
        QCOMPARE(body["url"], json("https://www.guidgenerator.com/online-guid-generator.aspx"));
        QCOMPARE(body["title"], json("Free Online GUID Generator"));
        QCOMPARE(q(event.traceId), QString()); // "" in the file: no trace context
        QCOMPARE(event.severityNumber, 9);
    }

    void spotChecksExampleMetrics() {
        const auto result = importWith(otlpCorpus() / "opentelemetry-proto_examples_metrics.json");
        const auto& points = result.sink.points;
        QCOMPARE(points.size(), std::size_t(4));
        // my.counter: sum, delta, monotonic, asDouble 5
        QCOMPARE(q(points[0].name), QStringLiteral("my.counter"));
        QCOMPARE(points[0].kind, int(MetricKind::Sum));
        QCOMPARE(points[0].value, 5.0);
        QCOMPARE(result.sink.pointDetails[0].temporality, 1);
        QVERIFY(result.sink.pointDetails[0].monotonic);
        QCOMPARE(q(result.sink.pointDetails[0].description), QStringLiteral("I am a Counter"));
        QCOMPARE(q(points[0].labels), QStringLiteral(R"({"my.counter.attr":"some value"})"));
        QCOMPARE(q(points[0].service), QStringLiteral("my.service"));
        // my.gauge
        QCOMPARE(points[1].kind, int(MetricKind::Gauge));
        QCOMPARE(points[1].value, 10.0);
        QCOMPARE(points[1].timeNs, 1544712660300000000LL);
        // my.histogram: count 2, sum 2, bounds [1], counts [1,1], min 0, max 2
        QCOMPARE(points[2].kind, int(MetricKind::Histogram));
        QCOMPARE(points[2].count, 2ULL);
        QCOMPARE(points[2].value, 2.0);
        QCOMPARE(json::parse(points[2].buckets), json::parse(R"({"bounds":[1],"counts":[1,1]})"));
        QCOMPARE(*result.sink.pointDetails[2].min, 0.0);
        QCOMPARE(*result.sink.pointDetails[2].max, 2.0);
        // my.exponential.histogram: scale 0, zeroCount 1, positive offset 1 [0,2]
        QCOMPARE(points[3].kind, int(MetricKind::ExponentialHistogram));
        QCOMPARE(points[3].count, 3ULL);
        QCOMPARE(points[3].value, 10.0);
        const json exp = json::parse(points[3].buckets);
        QCOMPARE(exp["scale"], json(0));
        QCOMPARE(exp["zeroCount"], json(1));
        QCOMPARE(exp["positive"], json::parse(R"({"offset":1,"bucketCounts":[0,2]})"));
        QCOMPARE(exp["negative"], json::parse(R"({"offset":0,"bucketCounts":[]})"));
    }

    void spotChecksJaegerFixture() {
        // jaeger-memory_otel_traces_01.json, resourceSpans[0].scopeSpans[0].spans[0]
        const auto result = importWith(otlpCorpus() / "jaeger-memory_otel_traces_01.json");
        const auto i = result.sink.spanIndex("0000000000000002");
        QVERIFY(i < result.sink.spans.size());
        const auto& span = result.sink.spans[i];
        const auto& detail = result.sink.spanDetails[i];
        QCOMPARE(q(span.traceId), QStringLiteral("00000000000000010000000000000000"));
        QCOMPARE(q(span.parentSpanId), QStringLiteral("0000000000000003"));
        QCOMPARE(q(span.service), QStringLiteral("service-x"));
        QCOMPARE(q(span.name), QStringLiteral("test-general-conversion-2"));
        QCOMPARE(span.kind, int(SpanKind::Server));
        QCOMPARE(span.status, int(StatusCode::Error));
        QCOMPARE(span.startNs, 1485467191639875000LL);
        QCOMPARE(span.endNs, 1485467191639880000LL);
        QCOMPARE(q(detail.traceState), QStringLiteral("state.2"));
        QCOMPARE(q(span.scopeName), QStringLiteral("testing-library-2"));
        QCOMPARE(q(detail.scopeVersion), QStringLiteral("1.1.1"));
        QCOMPARE(
            json::parse(span.attributes),
            json::parse(
                R"({"peer.service":"service-y","peer.ipv4":23456,"blob":"AAAwOQ==","temperature":72.5})"));
        QCOMPARE(detail.eventNames, (std::vector<std::string>{"testing-event", ""}));
        QCOMPARE(detail.eventTimes[0], 1485467191639875000LL);
        QCOMPARE(q(detail.eventAttributes[0]), QStringLiteral(R"({"event-x":"event-y"})"));
        QCOMPARE(detail.linkTraceIds,
                 (std::vector<std::string>{"00000000000000010000000000000000",
                                           "00000000000000ff0000000000000000"}));
        QCOMPARE(detail.linkSpanIds,
                 (std::vector<std::string>{"0000000000000004", "00000000000000ff"}));
        QCOMPARE(q(detail.linkAttributes[1]),
                 QStringLiteral(R"({"opentracing.ref_type":"child_of"})"));
    }

    void spotChecksOtelTui() {
        const auto result = importWith(otlpCorpus() / "otel-tui_test_data.json");
        const auto& sink = result.sink;
        // checkoutservice PlaceOrder span with an escaped status message (jq on the file:
        // select(.spanId=="29ffd8dbb29b3e9c")).
        auto i = sink.spanIndex("29ffd8dbb29b3e9c");
        QVERIFY(i < sink.spans.size());
        QCOMPARE(q(sink.spans[i].service), QStringLiteral("checkoutservice"));
        QCOMPARE(q(sink.spans[i].name), QStringLiteral("oteldemo.CheckoutService/PlaceOrder"));
        QCOMPARE(sink.spans[i].kind, int(SpanKind::Server));
        QCOMPARE(q(sink.spans[i].parentSpanId), QStringLiteral("1760e9062e8f71e8"));
        QCOMPARE(q(sink.spans[i].traceId), QStringLiteral("3fad8731d6cc2f1859c4bf61cdb09885"));
        QCOMPARE(sink.spans[i].startNs, 1730291059174983972LL);
        QCOMPARE(sink.spans[i].endNs, 1730291059175364530LL);
        QCOMPARE(sink.spans[i].status, int(StatusCode::Error));
        QVERIFY(q(sink.spans[i].statusMessage)
                    .startsWith(
                        QStringLiteral("cart failure: failed to get user cart during checkout")));
        QVERIFY(
            q(sink.spans[i].statusMessage).contains(QStringLiteral("desc = \"transport: Error")));
        QCOMPARE(sink.spans[i].events, std::size_t(1));
        // frontend root span with one event and one link
        i = sink.spanIndex("84479f1032d979d7");
        QVERIFY(i < sink.spans.size());
        QCOMPARE(q(sink.spans[i].service), QStringLiteral("frontend"));
        QCOMPARE(q(sink.spans[i].name), QStringLiteral("HTTP GET"));
        QCOMPARE(q(sink.spans[i].parentSpanId), QString()); // "" in the file: a root
        QCOMPARE(sink.spans[i].events, std::size_t(1));
        QCOMPARE(sink.spans[i].links, std::size_t(1));
        // currencyservice log without timeUnixNano: its time is the observed time
        bool found = false;
        for (const auto& log : sink.logs) {
            if (log.body != "Currency Server listening on port: 0.0.0.0:7001")
                continue;
            found = true;
            QCOMPARE(q(log.service), QStringLiteral("currencyservice"));
            QCOMPARE(log.timeNs, 1730291041637024540LL);
            QCOMPARE(log.severityNumber, 9);
            QCOMPARE(q(log.traceId), QString());
        }
        QVERIFY(found);
        // flagd http.server.duration, first data point
        found = false;
        for (std::size_t p = 0; p < sink.points.size() && !found; ++p) {
            const auto& point = sink.points[p];
            if (point.name != "http.server.duration" || point.service != "flagd")
                continue;
            found = true;
            QCOMPARE(point.kind, int(MetricKind::Histogram));
            QCOMPARE(point.timeNs, 1730291054217883495LL);
            QCOMPARE(point.count, 2ULL);
            QCOMPARE(point.value, 0.0029245300000000003);
            const json buckets = json::parse(point.buckets);
            QCOMPARE(buckets["bounds"],
                     json::parse("[0,5,10,25,50,75,100,250,500,750,1000,2500,5000,7500,10000]"));
            QCOMPARE(buckets["counts"], json::parse("[0,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0]"));
            QCOMPARE(json::parse(point.labels)["http.url"],
                     json("/flagd.evaluation.v1.Service/ResolveBoolean"));
            QCOMPARE(sink.pointDetails[p].temporality, 2);
            QCOMPARE(*sink.pointDetails[p].min, 0.000708419);
        }
        QVERIFY(found);
    }

    void serviceIsEmptyWithoutServiceName() {
        const auto result = importWith(otlpCorpus() / "jaeger-ui_otlp2jaeger-in-error.json");
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        QCOMPARE(q(result.sink.spans[0].service), QString());
        QCOMPARE(q(result.sink.spans[0].resource), QStringLiteral("{}"));
        QCOMPARE(q(result.sink.spans[0].scopeName), QStringLiteral("telemetrygen"));
    }

    // ---- bad input -----------------------------------------------------------------

    void rejectsBadIds_data() {
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");
        QTest::newRow("trace id 31 digits")
            << 1 << "invalid trace id length 31 (want 32 hex digits)";
        QTest::newRow("span id not hex") << 2 << "invalid span id \"zz00000000000001\": not hex";
        QTest::newRow("all-zero trace id") << 3 << "invalid trace id: all zeros";
        QTest::newRow("all-zero span id") << 4 << "invalid span id: all zeros";
        QTest::newRow("parent 15 digits")
            << 5 << "parentSpanId: invalid span id length 15 (want 16 hex digits)";
        QTest::newRow("link trace id")
            << 6 << "links[0]: invalid trace id length 30 (want 32 hex digits)";
        QTest::newRow("no trace id") << 7 << "missing trace id";
    }
    void rejectsBadIds() {
        QFETCH(int, line);
        QFETCH(QString, reason);
        // Each line of bad_ids.jsonl has a good span first and a bad one second; line 8
        // has an all-zero parent, which is a root span, not an error.
        const auto result = importWith(fixture("bad_ids.jsonl"));
        const auto& sink = result.sink;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(sink.rejections.size(), std::size_t(7));
        QCOMPARE(sink.spans.size(), std::size_t(9));
        const auto& r = sink.rejections[std::size_t(line - 1)];
        QCOMPARE(q(r.location),
                 QStringLiteral("line %1: resourceSpans[0].scopeSpans[0].spans[1]").arg(line));
        QCOMPARE(q(r.reason), reason);
        const auto root = sink.spanIndex("b000000000000008");
        QVERIFY(root < sink.spans.size());
        QCOMPARE(q(sink.spans[root].parentSpanId), QString());
    }

    void rejectsBadValues_data() {
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");
        QTest::newRow("time not a number") << 1 << "startTimeUnixNano: \"soon\" is not an integer";
        QTest::newRow("time of wrong type")
            << 2 << "startTimeUnixNano: expected integer (string or number), got boolean";
        QTest::newRow("name of wrong type") << 3 << "name: expected string, got number";
        QTest::newRow("int64 overflow")
            << 4 << "endTimeUnixNano: \"99999999999999999999\" overflows int64";
        QTest::newRow("attribute overflow")
            << 5 << "attributes[0].value.intValue: \"9223372036854775808\" overflows int64";
        QTest::newRow("kind out of range") << 6 << "kind: 9 is out of range (0..5)";
        QTest::newRow("event time") << 7 << "events[1].timeUnixNano: \"x\" is not an integer";
    }
    void rejectsBadValues() {
        QFETCH(int, line);
        QFETCH(QString, reason);
        const auto result = importWith(fixture("bad_values.jsonl"));
        QCOMPARE(result.sink.rejections.size(), std::size_t(7));
        const auto& r = result.sink.rejections[std::size_t(line - 1)];
        QCOMPARE(q(r.location),
                 QStringLiteral("line %1: resourceSpans[0].scopeSpans[0].spans[0]").arg(line));
        QCOMPARE(q(r.reason), reason);
    }

    void ignoresUnknownFieldsAndReadsEnumNames() {
        // bad_values.jsonl line 8: unknown members, enum names, a time in exponent form.
        const auto result = importWith(fixture("bad_values.jsonl"));
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        const auto& span = result.sink.spans[0];
        QCOMPARE(q(span.spanId), QStringLiteral("b000000000000018"));
        QCOMPARE(span.kind, int(SpanKind::Client));
        QCOMPARE(span.status, int(StatusCode::Error));
        QCOMPARE(q(span.statusMessage), QStringLiteral("boom"));
        QCOMPARE(span.startNs, 1700000000000000000LL);
        QCOMPARE(span.endNs, 1700000000900000000LL);
        QCOMPARE(q(result.sink.spanDetails[0].traceState), QStringLiteral("vendor=1"));
    }

    void brokenLineIsRejectedAndOthersLand() {
        // broken_line.jsonl: line 2 is cut in half, lines 4-5 are blank, line 6 ends in CRLF.
        const auto result = importWith(fixture("broken_line.jsonl"));
        QVERIFY(!result.outcome.partial);
        QVERIFY(result.outcome.error.empty());
        QCOMPARE(result.sink.spans.size(), std::size_t(3));
        QCOMPARE(q(result.sink.spans[0].spanId), QStringLiteral("d000000000000001"));
        QCOMPARE(q(result.sink.spans[1].spanId), QStringLiteral("d000000000000002"));
        QCOMPARE(q(result.sink.spans[2].spanId), QStringLiteral("d000000000000003"));
        QCOMPARE(result.sink.rejections.size(), std::size_t(1));
        QCOMPARE(q(result.sink.rejections[0].location), QStringLiteral("line 2"));
        QVERIFY(q(result.sink.rejections[0].reason).startsWith(QStringLiteral("invalid JSON")));
    }

    void truncatedLastLineMakesFilePartial() {
        std::string text = readAll(otlpCorpus() / "otel-tui_test_data.json");
        // Cut inside line 3: lines 1 and 2 are whole.
        const std::size_t line3 = text.find('\n', text.find('\n') + 1) + 1;
        const auto path = tmpPath("cut.jsonl");
        writeAll(path, std::string_view(text).substr(0, line3 + 200));
        const auto result = importWith(path);
        QVERIFY(result.outcome.partial);
        QVERIFY2(q(result.outcome.error).startsWith(QStringLiteral("invalid JSON at byte ")),
                 result.outcome.error.c_str());
        QVERIFY(q(result.outcome.error).contains(QStringLiteral("(line 3)")));
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
        // Lines 1 and 2 landed: hand count with `head -2 FILE | jq ...` as above.
        const auto whole = importWith(otlpCorpus() / "otel-tui_test_data.json");
        QVERIFY(result.sink.logs.size() + result.sink.points.size() + result.sink.spans.size() > 0);
        QVERIFY(result.sink.points.size() <= whole.sink.points.size());
    }

    void truncatedDocumentKeepsEarlierBlocks() {
        // truncated.json: three resourceSpans blocks, the third cut inside its span.
        const auto result = importWith(fixture("truncated.json"));
        QVERIFY(result.outcome.partial);
        // 1868 is the file size: the document ends inside the third block.
        QCOMPARE(
            q(result.outcome.error),
            QStringLiteral(
                "invalid JSON at byte 1868: unexpected end of file inside the request object"));
        QCOMPARE(result.sink.spans.size(), std::size_t(3));
        QCOMPARE(q(result.sink.spans[0].service), QStringLiteral("cut-a"));
        QCOMPARE(q(result.sink.spans[2].service), QStringLiteral("cut-b"));
    }

    void brokenBlockStopsTheDocument() {
        // broken_block.json: the second block lacks a comma after a span id; simdjson
        // notices at the next member, "name", at byte 1011 (python: t.index('"name": "op-02"')).
        const auto result = importWith(fixture("broken_block.json"));
        QVERIFY(result.outcome.partial);
        QVERIFY2(q(result.outcome.error).startsWith(QStringLiteral("invalid JSON at byte 1011: ")),
                 result.outcome.error.c_str());
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        QCOMPARE(q(result.sink.spans[0].service), QStringLiteral("ok-block"));
    }

    void tenantPrecedence() {
        // tenants.jsonl: record attribute over resource attribute over none; key order of
        // tenantKeys decides between two keys on the same resource.
        const auto result = importWith(fixture("tenants.jsonl"));
        const auto& sink = result.sink;
        QCOMPARE(sink.spans.size(), std::size_t(6));
        auto tenantOf = [&](const char* spanId) {
            return q(sink.spans[sink.spanIndex(spanId)].tenant);
        };
        QCOMPARE(tenantOf("e000000000000001"), QStringLiteral("acme"));    // record tenant.id
        QCOMPARE(tenantOf("e000000000000002"), QStringLiteral("globex"));  // resource tenant.id
        QCOMPARE(tenantOf("e000000000000003"), QStringLiteral("initech")); // record tenant_id
        QCOMPARE(tenantOf("e000000000000004"), QString()); // none: the default applies
        QCOMPARE(tenantOf("e000000000000005"),
                 QStringLiteral("wayne")); // tenant.id before tenant_id
        QCOMPARE(tenantOf("e000000000000006"), QStringLiteral("acme"));
    }

    void customTenantKeys() {
        ImportContext context;
        context.tenantKeys = {"org"};
        const auto result = importWith(fixture("tenants.jsonl"), context);
        const auto& sink = result.sink;
        QCOMPARE(q(sink.spans[sink.spanIndex("e000000000000006")].tenant), QStringLiteral("hooli"));
        QCOMPARE(q(sink.spans[sink.spanIndex("e000000000000001")].tenant), QString());
    }

    void extractsHotAttributes() {
        const auto result = importWith(fixture("tenants.jsonl"));
        const auto& sink = result.sink;
        const auto first = sink.spanIndex("e000000000000001");
        QCOMPARE(q(sink.spanDetails[first].correlationId), QStringLiteral("corr-1"));
        QCOMPARE(q(sink.spanDetails[first].errorCode), QStringLiteral("E42"));
        const auto third = sink.spanIndex("e000000000000003");
        QCOMPARE(q(sink.spanDetails[third].correlationId), QStringLiteral("corr-3"));
        QCOMPARE(q(sink.spanDetails[third].errorCode),
                 QStringLiteral("503")); // an intValue, as text
        QCOMPARE(q(sink.spanDetails[sink.spanIndex("e000000000000002")].errorCode), QString());
    }

    void mapsLogRecords() {
        const auto result = importWith(fixture("logs.jsonl"));
        const auto& sink = result.sink;
        QCOMPARE(sink.logs.size(), std::size_t(6));
        // No event time: the observed time; all-zero trace context: none.
        QCOMPARE(sink.logs[0].timeNs, 1700000001000000000LL);
        QCOMPARE(q(sink.logs[0].traceId), QString());
        QCOMPARE(q(sink.logs[0].spanId), QString());
        QCOMPARE(sink.logs[0].severityNumber, 13); // SEVERITY_NUMBER_WARN
        QCOMPARE(q(sink.logs[0].body), QStringLiteral("42"));
        QCOMPARE(q(sink.logs[0].eventName), QStringLiteral("queue.depth"));
        QCOMPARE(q(sink.logs[0].tenant), QStringLiteral("acme"));
        QCOMPARE(q(sink.logDetails[0].errorCode), QStringLiteral("Q-FULL"));
        QCOMPARE(q(sink.logDetails[0].scopeName), QStringLiteral("log-fixture"));
        // Event time wins over observed time; an escaped string body is decoded.
        QCOMPARE(sink.logs[1].timeNs, 1700000002000000000LL);
        QCOMPARE(sink.logDetails[1].observedNs, 1700000002500000000LL);
        QCOMPARE(q(sink.logs[1].body), QStringLiteral("line one\nline \"two\""));
        QCOMPARE(q(sink.logs[1].spanId), QStringLiteral("eee19b7ec3c1b174"));
        QCOMPARE(q(sink.logs[1].tenant), QStringLiteral("globex"));
        QCOMPARE(q(sink.logs[2].body), QStringLiteral(R"("aGVsbG8=")")); // bytes: JSON text
        QCOMPARE(json::parse(sink.logs[3].body), json::parse(R"({"user":"ana","ok":true})"));
        QCOMPARE(q(sink.logs[4].body), QString()); // no body
        QCOMPARE(q(sink.logs[5].body), QStringLiteral("fine"));
        QCOMPARE(sink.rejections.size(), std::size_t(2));
        QCOMPARE(q(sink.rejections[0].location),
                 QStringLiteral("line 2: resourceLogs[0].scopeLogs[0].logRecords[0]"));
        QCOMPARE(q(sink.rejections[0].reason),
                 QStringLiteral("traceId: invalid trace id length 3 (want 32 hex digits)"));
        QCOMPARE(q(sink.rejections[1].reason),
                 QStringLiteral("severityNumber: 25 is out of range (0..24)"));
    }

    void mapsMetricsDocument() {
        // metrics.json is pretty-printed: read as a document, located by byte offsets
        // (python: the '{' before '"count": "-1"' is at 2878, before '"name": 5' at 4661).
        const auto result = importWith(fixture("metrics.json"));
        const auto& sink = result.sink;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(sink.points.size(), std::size_t(6));
        QCOMPARE(sink.rejections.size(), std::size_t(2));
        QCOMPARE(q(sink.rejections[0].location),
                 QStringLiteral(
                     "byte 2878: "
                     "resourceMetrics[0].scopeMetrics[0].metrics[2].histogram.dataPoints[1]"));
        QCOMPARE(q(sink.rejections[0].reason), QStringLiteral("count: \"-1\" is negative"));
        QCOMPARE(q(sink.rejections[1].location),
                 QStringLiteral("byte 4661: resourceMetrics[0].scopeMetrics[0].metrics[5]"));
        QCOMPARE(q(sink.rejections[1].reason), QStringLiteral("name: expected string, got number"));
        // gauge, name after the data: asInt as string and as number; tenant per point
        QCOMPARE(q(sink.points[0].name), QStringLiteral("queue.depth"));
        QCOMPARE(q(sink.points[0].unit), QStringLiteral("1"));
        QCOMPARE(q(sink.pointDetails[0].description), QStringLiteral("items waiting"));
        QCOMPARE(sink.points[0].value, 7.0);
        QCOMPARE(sink.points[1].value, 8.0);
        QCOMPARE(q(sink.points[0].tenant), QStringLiteral("globex"));
        QCOMPARE(q(sink.points[1].tenant), QStringLiteral("acme"));
        QCOMPARE(q(sink.points[0].service), QStringLiteral("billing"));
        // sum with the temporality as a name
        QCOMPARE(sink.points[2].kind, int(MetricKind::Sum));
        QCOMPARE(sink.pointDetails[2].temporality, 2);
        QVERIFY(sink.pointDetails[2].monotonic);
        QCOMPARE(sink.pointDetails[2].startNs, 1700000000000000000LL);
        // histogram
        QCOMPARE(json::parse(sink.points[3].buckets),
                 json::parse(R"({"bounds":[10,50.5],"counts":[1,2,3]})"));
        QCOMPARE(sink.points[3].count, 6ULL);
        QCOMPARE(*sink.pointDetails[3].max, 80.0);
        // exponential histogram with negative buckets given offset last
        QCOMPARE(
            json::parse(sink.points[4].buckets),
            json::parse(R"({"scale":-2,"zeroCount":1,"positive":{"offset":-1,"bucketCounts":[4,2]},
                                 "negative":{"offset":2,"bucketCounts":[3]}})"));
        QCOMPARE(sink.points[4].value, -3.5);
        // summary: quantiles, NaN as the protobuf JSON string
        QCOMPARE(sink.points[5].kind, int(MetricKind::Summary));
        QCOMPARE(sink.points[5].count, 4ULL);
        QCOMPARE(
            json::parse(sink.points[5].buckets),
            json::parse(
                R"({"quantiles":[{"quantile":0.5,"value":2},{"quantile":0.99,"value":"NaN"}]})"));
    }

    void readsMembersInAnyOrder() {
        // ordering.jsonl line 1: resource after its scopes, scope name after the spans,
        // attribute value before its key, escaped keys and values.
        const auto result = importWith(fixture("ordering.jsonl"));
        const auto& sink = result.sink;
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.spans.size(), std::size_t(2));
        const auto& span = sink.spans[0];
        QCOMPARE(q(span.service), QStringLiteral("late-service"));
        QCOMPARE(q(span.tenant), QStringLiteral("acme"));
        QCOMPARE(q(span.scopeName), QStringLiteral("late-scope"));
        const json attributes = json::parse(span.attributes);
        QCOMPARE(attributes["late.key"], json("v1"));
        QCOMPARE(attributes["quote\"key"], json("a\"b\\c\u00e9\t"));
        QVERIFY(attributes["empty"].is_null());
        QCOMPARE(attributes["nested"], json::parse(R"([1,"Infinity",[],{"x":false}])"));
        // line 2: logs and spans in one request object
        QCOMPARE(sink.logs.size(), std::size_t(1));
        QCOMPARE(q(sink.logs[0].body), QStringLiteral("mixed log"));
        QCOMPARE(q(sink.spans[1].service), QStringLiteral("mixed"));
    }

    void readsDocumentWithSeveralSignals() {
        const auto result = importWith(fixture("mixed.json"));
        const auto& sink = result.sink;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(sink.logs.size(), std::size_t(1));
        QCOMPARE(q(sink.logs[0].service), QStringLiteral("doc-logs"));
        QCOMPARE(sink.spans.size(), std::size_t(2));
        QCOMPARE(q(sink.spans[0].service), QStringLiteral("doc-a"));
        QCOMPARE(q(sink.spans[1].service), QStringLiteral("doc-b"));
        QCOMPARE(sink.rejections.size(), std::size_t(1));
        // python: the '{' before '"name": 7' is at byte 944
        QCOMPARE(q(sink.rejections[0].location),
                 QStringLiteral("byte 944: resourceSpans[0].scopeSpans[0].spans[1]"));
    }

    void reportsProgressAtMostEvery4MiB() {
        // Five copies of otel-tui (11.6 MB): lines cross the 1 MiB read chunks.
        const std::string text = readAll(otlpCorpus() / "otel-tui_test_data.json");
        std::string big;
        for (int i = 0; i < 5; ++i)
            big += text;
        const auto path = tmpPath("big.jsonl");
        writeAll(path, big);
        std::vector<std::uint64_t> calls;
        ImportContext context;
        context.onBytes = [&](std::uint64_t done) { calls.push_back(done); };
        const auto result = importWith(path, context);
        QCOMPARE(result.sink.spans.size(), std::size_t(5 * 547));
        QCOMPARE(result.sink.points.size(), std::size_t(5 * 4551));
        QVERIFY(!calls.empty());
        QCOMPARE(calls.back(), std::uint64_t(big.size()));
        QVERIFY(calls.size() <= big.size() / (std::uint64_t(4) << 20) + 1);
        for (std::size_t i = 1; i + 1 < calls.size(); ++i)
            QVERIFY(calls[i] - calls[i - 1] >= (std::uint64_t(4) << 20));
    }

    void stopsWhenAsked() {
        std::stop_source stop;
        ImportContext context;
        context.stop = stop.get_token();
        stop.request_stop();
        const auto result = importWith(otlpCorpus() / "otel-tui_test_data.json", context);
        QVERIFY(result.outcome.partial);
        QCOMPARE(q(result.outcome.error), QStringLiteral("cancelled"));
        QCOMPARE(result.sink.logs.size() + result.sink.spans.size() + result.sink.points.size(),
                 std::size_t(0));
        const auto document = importWith(fixture("mixed.json"), context);
        QCOMPARE(q(document.outcome.error), QStringLiteral("cancelled"));
        QCOMPARE(document.sink.logs.size(), std::size_t(0));
    }

    void survivesCutsAndGarbage() {
        // Every small corpus document cut at 17 places: partial, never a crash, never
        // more records than the whole file.
        std::size_t files = 0;
        for (const auto& entry : fs::directory_iterator(otlpCorpus())) {
            const std::string text = readAll(entry.path());
            if (text.size() > 200000)
                continue;
            ++files;
            const auto whole = importWith(entry.path());
            for (int k = 1; k <= 17; ++k) {
                const std::size_t cut = text.size() * std::size_t(k) / 18;
                const auto path = tmpPath("cut.json");
                writeAll(path, std::string_view(text).substr(0, cut));
                const auto result = importWith(path);
                QVERIFY2(
                    result.outcome.partial,
                    (entry.path().filename().string() + " cut at " + std::to_string(cut)).c_str());
                QVERIFY(result.sink.spans.size() <= whole.sink.spans.size());
                QVERIFY(result.sink.points.size() <= whole.sink.points.size());
            }
        }
        QVERIFY(files >= 18);
        // Bytes that are not JSON at all, and a file that does not exist.
        std::string garbage;
        for (int i = 0; i < 5000; ++i)
            garbage.push_back(static_cast<char>((i * 7919) % 251));
        writeAll(tmpPath("garbage.json"), garbage);
        const auto result = importWith(tmpPath("garbage.json"));
        QVERIFY(!result.outcome.error.empty() || !result.sink.rejections.empty());
        QCOMPARE(result.sink.spans.size() + result.sink.logs.size() + result.sink.points.size(),
                 std::size_t(0));
        const auto missing = importWith(tmpPath("missing.json"));
        QVERIFY(q(missing.outcome.error).startsWith(QStringLiteral("cannot read missing.json")));
    }

    void nonObjectLinesAreRejected() {
        writeAll(tmpPath("lines.jsonl"),
                 "[1,2]\n\"text\"\n{\"resourceSpans\":{}}\n{\"other\":1}\n");
        const auto result = importWith(tmpPath("lines.jsonl"));
        const auto& r = result.sink.rejections;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(r.size(), std::size_t(3));
        QCOMPARE(q(r[0].location), QStringLiteral("line 1"));
        QCOMPARE(q(r[0].reason),
                 QStringLiteral("expected a JSON object (an OTLP export request), got array"));
        QCOMPARE(q(r[1].location), QStringLiteral("line 2"));
        QCOMPARE(q(r[2].location), QStringLiteral("line 3"));
        QCOMPARE(q(r[2].reason), QStringLiteral("resourceSpans: expected array, got object"));
    }
};

QTEST_APPLESS_MAIN(TestOtlpImporter)
#include "tst_otlp_importer.moc"
