// Jaeger JSON importer: pure field functions, the splitter and walks, sniffing against the
// whole corpus, the corpus (counts verified by hand, see importsCorpus_data), the same
// traces as OTLP, and small fixtures under tests/data/jaeger/ for every kind of bad input.

#include "core/import/importer_registry.h"
#include "core/util/json_structure.h"
#include "plugins/jaeger/jaeger_api_errors.h"
#include "plugins/jaeger/jaeger_document_splitter.h"
#include "plugins/jaeger/jaeger_fields.h"
#include "plugins/jaeger/jaeger_importer.h"
#include "plugins/otlp/otlp_importer.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <tuple>

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

fs::path jaegerCorpus() {
    return test::corpusDir() / "jaeger";
}
fs::path fixture(const char* name) {
    return test::testDataDir() / "jaeger" / name;
}

std::string head(const fs::path& path) {
    return readAll(path).substr(0, 64 * 1024);
}

// AddressSanitizer's redzones and quarantine make memory figures meaningless.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMeasuresMemory = false;
#else
constexpr bool kMeasuresMemory = true;
#endif

// Resident memory of this process now, in bytes.
std::uint64_t currentRss() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

// What RecordingSink keeps, plus the fields it does not.
struct SpanDetail {
    std::string traceState, scopeVersion, correlationId, errorCode;
    std::vector<std::string> eventNames, eventAttributes, linkTraceIds, linkSpanIds, linkAttributes;
    std::vector<long long> eventTimes;
};

class DetailSink : public test::RecordingSink {
public:
    std::vector<SpanDetail> details;

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
        details.push_back(std::move(d));
    }

    std::size_t spanIndex(std::string_view spanIdHex) const {
        for (std::size_t i = 0; i < spans.size(); ++i)
            if (spans[i].spanId == spanIdHex)
                return i;
        return spans.size();
    }
    std::size_t byName(std::string_view name) const {
        for (std::size_t i = 0; i < spans.size(); ++i)
            if (spans[i].name == name)
                return i;
        return spans.size();
    }
};

// Keeps counts only, so that a test of the importer's memory does not measure the sink.
class CountingSink : public RecordSink {
public:
    std::size_t spans = 0, rejections = 0, largestAttributes = 0;
    std::string firstRejection;
    void addSpan(const SpanRecord& s) override {
        ++spans;
        largestAttributes = std::max(largestAttributes, s.attributesJson.size());
    }
    void addLog(const LogRecord&) override {}
    void addMetricPoint(const MetricPoint&) override {}
    void addChange(const ChangeRecord&) override {}
    void reject(const Rejection& r) override {
        if (rejections++ == 0)
            firstRejection = std::string(r.location) + " | " + std::string(r.reason);
    }
};

// Imports `path` in a child process into a CountingSink, so that the peak memory measured
// is the import's alone (as bench/import_bench.cpp does): the child's peak resident size
// minus what it shared with this process when it was forked.
struct ChildImport {
    bool partial = true;
    std::uint64_t spans = 0, rejections = 0, largestAttributes = 0;
    std::uint64_t grownBytes = 0;
};

ChildImport importInChild(const fs::path& path) {
    ChildImport result;
    int fds[2];
    if (pipe(fds) != 0)
        return result;
    const std::uint64_t before = currentRss();
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        CountingSink sink;
        JaegerJsonImporter importer;
        const auto outcome = importer.importFile(path, {}, sink);
        const std::uint64_t values[4] = {outcome.partial ? 1u : 0u, sink.spans, sink.rejections,
                                         sink.largestAttributes};
        const auto written = write(fds[1], values, sizeof values);
        _exit(written == sizeof values ? 0 : 1);
    }
    close(fds[1]);
    std::uint64_t values[4] = {1, 0, 0, 0};
    const auto got = read(fds[0], values, sizeof values);
    close(fds[0]);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (got != sizeof values || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return result;
    result.partial = values[0] != 0;
    result.spans = values[1];
    result.rejections = values[2];
    result.largestAttributes = values[3];
    const auto peak = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
    result.grownBytes = peak > before ? peak - before : 0;
    return result;
}

struct Imported {
    DetailSink sink;
    FileOutcome outcome;
};

Imported importWith(const fs::path& path, const ImportContext& context = {}) {
    Imported result;
    JaegerJsonImporter importer;
    result.outcome = importer.importFile(path, context, result.sink);
    return result;
}

// The byte offset of the '{' of the span whose first member is "flags": <flags>, found
// in the fixture's text (each span of bad_spans.json starts with its own flags value).
std::uint64_t spanOffset(const std::string& text, int flags) {
    const auto at = text.find("\"flags\": " + std::to_string(flags));
    return at == std::string::npos ? 0 : text.rfind('{', at);
}

} // namespace

class TestJaegerImporter : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    fs::path tmpPath(const char* name) const { return fs::path(tmp.path().toStdString()) / name; }

private slots:
    // ---- pure functions -------------------------------------------------------------

    void parsesIds_data() {
        QTest::addColumn<QString>("hex");
        QTest::addColumn<bool>("trace");
        QTest::addColumn<QString>("expected"); // hex when valid, else the error
        QTest::newRow("128-bit") << "4BF92F3577B34DA6A3CE929D0E0E4736" << true
                                 << "4bf92f3577b34da6a3ce929d0e0e4736";
        QTest::newRow("64-bit padded to 128")
            << "2db17286b3e6b148" << true << "00000000000000002db17286b3e6b148";
        QTest::newRow("31 digits (leading zero dropped)")
            << "df84e36b9e2ee3815d07f0867a5be1f" << true << "0df84e36b9e2ee3815d07f0867a5be1f";
        QTest::newRow("one digit") << "A" << true << "0000000000000000000000000000000a";
        QTest::newRow("33 digits") << QString(33, '1') << true
                                   << "invalid trace id length 33 (want at most 32 hex digits)";
        QTest::newRow("not hex") << "trace-123" << true
                                 << "invalid trace id \"trace-123\": not hex";
        QTest::newRow("zero trace") << "0000000000000000" << true << "invalid trace id: all zeros";
        QTest::newRow("empty trace") << "" << true << "missing trace id";
        QTest::newRow("span") << "E127AF99E3B3E074" << false << "e127af99e3b3e074";
        QTest::newRow("15-digit span") << "ec2b4e0bcea566d" << false << "0ec2b4e0bcea566d";
        QTest::newRow("span too long") << "e127af99e3b3e0740" << false
                                       << "invalid span id length 17 (want at most 16 hex digits)";
        QTest::newRow("span not hex") << "G" << false << "invalid span id \"G\": not hex";
        QTest::newRow("zero span") << "0" << false << "invalid span id: all zeros";
    }
    void parsesIds() {
        QFETCH(QString, hex);
        QFETCH(bool, trace);
        QFETCH(QString, expected);
        std::string error;
        const std::string text = hex.toStdString();
        if (trace) {
            const auto id = parseJaegerTraceId(text, error);
            QCOMPARE(id ? q(id->hex()) : q(error), expected);
            // 64-bit ids pad the way core does, so OTLP and Jaeger traces join.
            if (id && text.size() <= 32)
                QCOMPARE(id->hex(), traceIdFromHexLenient(text)->hex());
        } else {
            const auto id = parseJaegerSpanId(text, error);
            QCOMPARE(id ? q(id->hex()) : q(error), expected);
        }
    }

    void convertsMicroseconds_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("nanos");
        QTest::addColumn<QString>("error");
        QTest::newRow("start") << "1485467191639875" << true << qint64(1485467191639875000) << "";
        QTest::newRow("zero") << "0" << true << qint64(0) << "";
        QTest::newRow("integral exponent") << "1.5e15" << true << qint64(1500000000000000000) << "";
        QTest::newRow("largest") << "9223372036854775" << true << qint64(9223372036854775000) << "";
        QTest::newRow("past 2262") << "9223372036854776" << false << qint64(0)
                                   << "microseconds is beyond the int64 nanosecond range";
        QTest::newRow("negative") << "-5" << false << qint64(0) << "\"-5\" is negative";
        QTest::newRow("overflow") << "99999999999999999999" << false << qint64(0)
                                  << "overflows int64";
        QTest::newRow("fraction") << "1.5" << false << qint64(0) << "is not a whole number";
        QTest::newRow("word") << "soon" << false << qint64(0) << "\"soon\" is not an integer";
    }
    void convertsMicroseconds() {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, nanos);
        QFETCH(QString, error);
        std::string reason;
        const auto value = jaegerMicrosToNanos(text.toStdString(), reason);
        QCOMPARE(value.has_value(), ok);
        if (ok)
            QCOMPARE(qint64(*value), nanos);
        else
            QVERIFY2(q(reason).contains(error), reason.c_str());
    }

    void convertsTagValues_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // JSON text, or "!" + part of the error
        const int str = int(JaegerValueKind::String), num = int(JaegerValueKind::Number),
                  boolean = int(JaegerValueKind::Bool), null = int(JaegerValueKind::Null);
        QTest::newRow("string") << "string" << str << "a\"b"
                                << "\"a\\\"b\"";
        QTest::newRow("binary stays base64") << "binary" << str << "AAAwOQ=="
                                             << "\"AAAwOQ==\"";
        QTest::newRow("bool") << "bool" << boolean << "true"
                              << "true";
        QTest::newRow("bool as string") << "bool" << str << "false"
                                        << "false";
        QTest::newRow("bool not a word") << "bool" << str << "yes"
                                         << "!\"yes\" is not a boolean";
        QTest::newRow("int64") << "int64" << num << "23456"
                               << "23456";
        QTest::newRow("int64 as string beyond 2^53") << "int64" << str << "9223372036854775222"
                                                     << "9223372036854775222";
        QTest::newRow("int64 overflow") << "int64" << str << "9223372036854775808"
                                        << "!overflows int64";
        QTest::newRow("int64 not a number") << "int64" << str << "12a"
                                            << "!is not an integer";
        QTest::newRow("int64 from bool") << "int64" << boolean << "true"
                                         << "!expected a value of type int64, got boolean";
        QTest::newRow("float64") << "float64" << num << "72.5"
                                 << "72.5";
        QTest::newRow("float64 integral") << "float64" << num << "1"
                                          << "1";
        QTest::newRow("float64 keeps its digits") << "float64" << num << "637.704"
                                                  << "637.704";
        QTest::newRow("float64 NaN string") << "float64" << str << "NaN"
                                            << "\"NaN\"";
        QTest::newRow("float64 overflow") << "float64" << num << "1e999"
                                          << "!is not a representable number";
        QTest::newRow("upper-case type") << "FLOAT64" << num << "0.25"
                                         << "0.25";
        QTest::newRow("string from number") << "string" << num << "5"
                                            << "!expected a value of type string, got number";
        QTest::newRow("unknown type") << "float32" << num << "1"
                                      << "!unknown tag type \"float32\"";
        QTest::newRow("no type: number") << "" << num << "1.50"
                                         << "1.5";
        QTest::newRow("no type: string") << "" << str << "x"
                                         << "\"x\"";
        QTest::newRow("null value") << "string" << null << ""
                                    << "null";
    }
    void convertsTagValues() {
        QFETCH(QString, type);
        QFETCH(int, kind);
        QFETCH(QString, text);
        QFETCH(QString, expected);
        std::string out, error;
        const bool ok = appendJaegerTagValue(out, type.toStdString(), JaegerValueKind(kind),
                                             text.toStdString(), error);
        if (expected.startsWith('!')) {
            QVERIFY(!ok);
            QVERIFY2(q(error).contains(expected.mid(1)), error.c_str());
        } else {
            QVERIFY2(ok, error.c_str());
            QCOMPARE(q(out), expected);
            QVERIFY(json::accept(out));
        }
    }

    void readsKindsAndRepairsUtf8() {
        QCOMPARE(jaegerSpanKind("server"), std::optional<SpanKind>(SpanKind::Server));
        QCOMPARE(jaegerSpanKind("CLIENT"), std::optional<SpanKind>(SpanKind::Client));
        QCOMPARE(jaegerSpanKind("internal"), std::optional<SpanKind>(SpanKind::Internal));
        QCOMPARE(jaegerSpanKind("sideways"), std::nullopt);
        QCOMPARE(jaegerRepairUtf8("caf\xC3\xA9"), std::string("caf\xC3\xA9"));
        QCOMPARE(jaegerRepairUtf8("a\xFF"
                                  "b"),
                 std::string("a\xEF\xBF\xBD"
                             "b"));
        QCOMPARE(jaegerRepairUtf8("\xC3"), std::string("\xEF\xBF\xBD"));
        QCOMPARE(jaegerRepairUtf8("\xED\xA0\x80"),
                 std::string("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")); // a surrogate
    }

    // ---- the splitter and the walks ---------------------------------------------------

    void splitsEveryShape_data() {
        QTest::addColumn<QByteArray>("text");  // bytes, so a BOM stays one
        QTest::addColumn<QString>("elements"); // "path@offset" separated by spaces
        QTest::newRow("data wrapper")
            << QByteArray("{\"data\":[{\"a\":1},{\"b\":[2]}],\"total\":0}")
            << "data[0]@9 data[1]@17";
        QTest::newRow("data after other members, strings with brackets")
            << QByteArray("{\"errors\":null,\"note\":\"]}[{\",\"data\": [ {\"x\":\"}\"} ]}")
            << "data[0]@39";
        QTest::newRow("bare array") << QByteArray(" [{\"t\":1}, {\"t\":2}]\n") << "[0]@2 [1]@11";
        QTest::newRow("one trace")
            << QByteArray("\n{\"traceID\":\"a\",\"spans\":[{\"data\":[1]}]}") << "@1";
        QTest::newRow("byte order mark")
            << QByteArray("\xEF\xBB\xBF{\"data\":[{}]}") << "data[0]@12";
        QTest::newRow("data null: an API error answer")
            << QByteArray("{\"data\":null,\"errors\":[{\"code\":404}]}") << "";
        QTest::newRow("empty data") << QByteArray("{\"data\":[],\"total\":0}") << "";
        QTest::newRow("escaped key is not data")
            << QByteArray("{\"d\\u0061ta\":[{\"a\":1}]}") << "@0";
    }
    void splitsEveryShape() {
        QFETCH(QByteArray, text);
        QFETCH(QString, elements);
        const std::string bytes = text.toStdString();
        // Fed whole, in threes and byte by byte, the elements are the same.
        for (std::size_t piece : {bytes.size(), std::size_t(3), std::size_t(1)}) {
            JaegerDocumentSplitter splitter;
            QStringList seen;
            for (std::size_t i = 0; i < bytes.size(); i += piece) {
                QVERIFY(splitter.feed(std::string_view(bytes).substr(i, piece),
                                      [&](const JaegerDocumentSplitter::Element& e) {
                                          // The element's text is the file's, at its offset.
                                          if (bytes.substr(e.offset, e.json.size()) != e.json)
                                              return false;
                                          seen << q(JaegerDocumentSplitter::path(e.container,
                                                                                 e.index)) +
                                                      "@" + QString::number(e.offset);
                                          return true;
                                      }));
            }
            QVERIFY2(splitter.finish(), splitter.error().c_str());
            QCOMPARE(seen.join(' '), elements);
        }
    }

    void splitterReportsBreaks_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qulonglong>("offset");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("landed");
        QTest::newRow("cut inside data[1]") << "{\"data\":[{\"a\":1},{\"b\":[2" << 24ULL
                                            << "unexpected end of file inside data[1]" << 1;
        QTest::newRow("cut inside a single trace")
            << "{\"traceID\":\"a\",\"spans\":[" << 24ULL
            << "unexpected end of file inside the trace object" << 0;
        QTest::newRow("mismatched bracket")
            << "[{\"a\":[1}]" << 8ULL << "expected ']', found '}'" << 0;
        QTest::newRow("garbage after")
            << "[{}] x" << 5ULL << "unexpected 'x' after the JSON value" << 1;
        QTest::newRow("not JSON") << "hello" << 0ULL << "expected '{' or '['" << 0;
        QTest::newRow("data of the wrong kind") << "{\"data\":{\"resultType\":\"matrix\"}}" << 8ULL
                                                << "data: expected an array of traces" << 0;
    }
    void splitterReportsBreaks() {
        QFETCH(QString, text);
        QFETCH(qulonglong, offset);
        QFETCH(QString, error);
        QFETCH(int, landed);
        JaegerDocumentSplitter splitter;
        int seen = 0;
        const std::string bytes = text.toStdString();
        const bool fed = splitter.feed(bytes, [&](const auto&) { return ++seen > 0; });
        QVERIFY(!fed || !splitter.finish());
        QCOMPARE(qulonglong(splitter.errorOffset()), offset);
        QVERIFY2(q(splitter.error()).startsWith(error), splitter.error().c_str());
        QCOMPARE(seen, landed);
    }

    void splitterSkipsElementsTooLargeToHold() {
        // A limit of 64 bytes: the second trace is scanned past, not held.
        JaegerDocumentSplitter splitter(64);
        const std::string big = "{\"spans\":[" + std::string(100, ' ') + "]}";
        const std::string text = "{\"data\":[{\"a\":1}," + big + ",{\"c\":3}]}";
        std::vector<JaegerDocumentSplitter::Element> seen;
        std::vector<std::string> texts;
        for (std::size_t i = 0; i < text.size(); i += 7) {
            QVERIFY(splitter.feed(std::string_view(text).substr(i, 7), [&](const auto& e) {
                seen.push_back(e);
                texts.emplace_back(e.json);
                return true;
            }));
        }
        QVERIFY(splitter.finish());
        QCOMPARE(seen.size(), std::size_t(3));
        QVERIFY(!seen[0].tooLarge);
        QVERIFY(seen[1].tooLarge);
        QCOMPARE(seen[1].size, std::uint64_t(big.size()));
        QCOMPARE(seen[1].offset, std::uint64_t(text.find("{\"spans\"")));
        QCOMPARE(q(texts[2]), QStringLiteral("{\"c\":3}"));
        QVERIFY(splitter.largestElement() <= 64);
    }

    void walksMembersAndElements() {
        const std::string trace =
            " {\"traceID\" : \"a\", \"spans\":[ {\"x\":\"]\"} ,2 ],\"e\\\"k\":null}";
        std::vector<std::tuple<std::string, bool, std::size_t>> members;
        JsonStructureError error;
        std::vector<std::pair<std::size_t, std::string>> elements;
        QVERIFY(JsonWalk::members(
            trace, error, [&](std::string_view key, bool escaped, std::size_t offset) -> long {
                members.emplace_back(key, escaped, offset);
                if (key != "spans")
                    return 0; // the walk skips the value
                std::size_t end = 0;
                const bool ok = JsonWalk::elements(
                    std::string_view(trace).substr(offset), error,
                    [&](const JsonWalk::Element& e) {
                        elements.emplace_back(e.offset, e.value);
                        return true;
                    },
                    &end);
                return ok ? long(offset + end) : -1;
            }));
        QCOMPARE(members.size(), std::size_t(3));
        QCOMPARE(std::get<0>(members[0]), std::string("traceID"));
        QCOMPARE(std::get<2>(members[0]), trace.find("\"a\""));
        QCOMPARE(std::get<2>(members[1]), trace.find('['));
        QVERIFY(std::get<1>(members[2])); // an escaped key
        QCOMPARE(elements.size(), std::size_t(2));
        QCOMPARE(elements[0], std::make_pair(std::size_t(2), std::string("{\"x\":\"]\"}")));
        QCOMPARE(elements[1], std::make_pair(std::size_t(13), std::string("2")));
        auto skipAll = [](std::string_view, bool, std::size_t) -> long { return 0; };
        QVERIFY(!JsonWalk::members("{\"a\" 1}", error, skipAll));
        QCOMPARE(error.offset, std::size_t(5));
        QCOMPARE(q(error.message), QStringLiteral("expected ':'"));
        QVERIFY(!JsonWalk::members("{\"a\":1 \"b\":2}", error, skipAll));
        QCOMPARE(q(error.message), QStringLiteral("expected ',' or '}'"));
        QVERIFY(!JsonWalk::elements("[1 2]", error, [](const auto&) { return true; }));
        QCOMPARE(q(error.message), QStringLiteral("expected ',' or ']'"));
    }

    void scannerBlocksAgreeWithBytes() {
        // The 64-byte bit-mask path must find the same end as the byte-by-byte path, for
        // values whose strings hold escaped quotes, runs of backslashes and brackets across
        // block boundaries. Values come from a small random generator (fixed seed).
        std::uint64_t seed = 42;
        auto next = [&](std::uint64_t bound) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            return (seed >> 33) % bound;
        };
        std::function<void(std::string&, int)> value = [&](std::string& out, int depth) {
            switch (depth > 5 ? 2 : next(4)) {
            case 0:
            case 1: {
                const bool object = next(2);
                out.push_back(object ? '{' : '[');
                const auto n = next(5);
                for (std::uint64_t k = 0; k < n; ++k) {
                    if (k)
                        out.push_back(',');
                    if (object)
                        out += "\"k\":";
                    value(out, depth + 1);
                }
                out.push_back(object ? '}' : ']');
                break;
            }
            case 2: {
                out.push_back('"');
                const auto n = next(90);
                for (std::uint64_t k = 0; k < n; ++k) {
                    switch (next(8)) {
                    case 0:
                        out.append(next(2) ? "\\\"" : "\\\\"); // an escaped quote or backslash
                        break;
                    case 1:
                        out.push_back("{}[]"[next(4)]);
                        break;
                    default:
                        out.push_back('a');
                    }
                }
                out.push_back('"');
                break;
            }
            default:
                out += std::to_string(next(100000));
            }
        };
        for (int round = 0; round < 3000; ++round) {
            std::string text = next(2) ? "{\"a\":" : "[";
            value(text, 0);
            text += text[0] == '{' ? "}" : "]";
            text += std::string(next(80), ' ') + ",{\"after\":1}";
            JsonStructureError error;
            std::size_t whole = 0;
            QVERIFY2(JsonWalk::valueEnd(text, 0, whole, error), text.c_str());
            JsonValueScanner bytes;
            bytes.start(text[0]);
            std::size_t at = 1;
            while (!bytes.done() && at < text.size())
                at = bytes.scan(text.data(), at, at + 1);
            QCOMPARE(at, whole);
            // Pieces that straddle the blocks: 100 bytes at a time.
            JsonValueScanner pieces;
            pieces.start(text[0]);
            at = 1;
            while (!pieces.done() && at < text.size())
                at = pieces.scan(text.data(), at, std::min(text.size(), at + 100));
            QCOMPARE(at, whole);
        }
        // A bracket that does not match, far into a block.
        JsonStructureError error;
        std::size_t end = 0;
        const std::string bad = "{\"a\":[" + std::string(100, ' ') + "}";
        QVERIFY(!JsonWalk::valueEnd(bad, 0, end, error));
        QCOMPARE(error.offset, bad.size() - 1);
        QCOMPARE(q(error.message), QStringLiteral("expected ']', found '}'"));
    }

    // ---- sniffing ------------------------------------------------------------------

    void sniffsJaegerCorpus_data() {
        QTest::addColumn<QString>("file");
        for (const auto& entry : fs::directory_iterator(jaegerCorpus()))
            QTest::newRow(entry.path().filename().c_str()) << q(entry.path().filename().string());
    }
    void sniffsJaegerCorpus() {
        QFETCH(QString, file);
        JaegerJsonImporter importer;
        // Every corpus trace has a first span with spanID / operationName within the head.
        QCOMPARE(importer.sniff(head(jaegerCorpus() / file.toStdString())), 95);
    }

    void doesNotClaimOtherFormats() {
        JaegerJsonImporter importer;
        std::size_t checked = 0;
        for (const char* folder :
             {"otlp", "zipkin", "openlineage", "chrome", "dbt", "prometheus"}) {
            for (const auto& entry : fs::recursive_directory_iterator(test::corpusDir() / folder)) {
                if (!entry.is_regular_file())
                    continue;
                QVERIFY2(importer.sniff(head(entry.path())) == 0, entry.path().c_str());
                ++checked;
            }
        }
        QVERIFY(checked > 400); // the OpenMetrics suite alone has 422 files
        QCOMPARE(importer.sniff(""), 0);
        QCOMPARE(importer.sniff("[]"), 0);
        QCOMPARE(importer.sniff("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\"}}"),
                 0);
        // OTLP spans inside a "spans" member are not Jaeger spans.
        QCOMPARE(importer.sniff("{\"spans\":[{\"traceId\":\"a\",\"spanId\":\"b\"}]}"), 0);
        // Shapes the corpus does not have.
        QCOMPARE(importer.sniff("[{\"traceID\":\"a\",\"spans\":[{\"spanID\":\"b\"}]}]"), 95);
        QCOMPARE(importer.sniff("{\"traceID\":\"a\",\"spans\":[],\"processes\":{}}"), 80);
        QCOMPARE(
            importer.sniff("{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}"),
            60);
        // A head cut inside the first span still decides.
        QCOMPARE(importer.sniff("{\"data\":[{\"traceID\":\"a\",\"spans\":[{\"traceID\":\"a\","
                                "\"spanID\":\"b\",\"oper"),
                 95);
    }

    void registryPicksJaeger() {
        ImporterRegistry registry;
        registry.add(std::make_unique<OtlpJsonImporter>());
        registry.add(std::make_unique<JaegerJsonImporter>());
        QVERIFY(registry.byFormat("jaeger-json"));
        Importer* found = registry.detect(head(jaegerCorpus() / "jaeger_uimodel-ui_01.json"));
        QVERIFY(found);
        QCOMPARE(q(found->format()), QStringLiteral("jaeger-json"));
        found = registry.detect(head(test::corpusDir() / "otlp" / "jaeger-ui_otlp2jaeger-in.json"));
        QVERIFY(found);
        QCOMPARE(q(found->format()), QStringLiteral("otlp-json"));
    }

    // ---- the corpus ----------------------------------------------------------------

    void importsCorpus_data() {
        // Counted independently of the importer, with a 40-line python script that applies
        // the rules of docs/formats/jaeger.md to json.load() of each file (ids must be hex,
        // padded; startTime required; parent = first same-trace CHILD_OF else FOLLOWS_FROM;
        // links = the other references; events = logs), and cross-checked with jq:
        //   jq '(if type=="array" then . elif has("data") then .data else [.] end)
        //       | [.[] | .spans[]] | length, ([.[].logs[]?] | length),
        //         ([.[].references[]?] | group_by(.refType) | map(length))' FILE
        // The span, process, log and reference totals agree with corpus/SOURCES.md. Two
        // files hold ids that are not hex and Jaeger itself would refuse: CRISP test 18
        // names spans A..I (G, H, I are rejected), the trace-graph fixture uses
        // "trace-123" / "span-1" (all 11 rejected).
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("spans");
        QTest::addColumn<int>("traces");
        QTest::addColumn<int>("services");
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("links");
        QTest::addColumn<int>("rejections");
        QTest::addColumn<int>("withParent");
        auto row = [](const char* file, int spans, int traces, int services, int events, int links,
                      int rejections, int withParent) {
            QTest::newRow(file) << file << spans << traces << services << events << links
                                << rejections << withParent;
        };
        row("crisp_test_case_1.json", 1, 1, 1, 0, 0, 0, 0);
        row("crisp_test_case_18.json", 6, 1, 6, 1, 0, 3, 5);
        row("jaeger-analytics-java_ui-trace.json", 2, 1, 1, 0, 0, 0, 1);
        row("jaeger-ui_genaiTestTrace.json", 57, 1, 10, 0, 0, 0, 56);
        row("jaeger-ui_oltp2jaeger-multi-out.json", 4, 1, 1, 0, 0, 0, 3);
        row("jaeger-ui_otlp2jaeger-out.json", 2, 1, 1, 0, 0, 0, 2);
        row("jaeger-ui_spanAmongEachOtherGroupedAndSpans.json", 17, 1, 2, 0, 0, 0, 16);
        row("jaeger-ui_testTraceNormal.json", 5, 1, 2, 0, 0, 0, 4);
        row("jaeger-ui_tracegraph-testTrace.json", 0, 0, 0, 0, 0, 11, 0);
        row("jaeger_query-otlp2jaeger-out.json", 2, 1, 1, 0, 0, 0, 2);
        row("jaeger_uimodel-ui_01.json", 5, 1, 2, 2, 2, 0, 3);
    }
    void importsCorpus() {
        QFETCH(QString, file);
        QFETCH(int, spans);
        QFETCH(int, traces);
        QFETCH(int, services);
        QFETCH(int, events);
        QFETCH(int, links);
        QFETCH(int, rejections);
        QFETCH(int, withParent);
        const auto result = importWith(jaegerCorpus() / file.toStdString());
        const auto& sink = result.sink;
        QVERIFY2(!result.outcome.partial, result.outcome.error.c_str());
        QVERIFY(result.outcome.error.empty());
        QCOMPARE(int(sink.spans.size()), spans);
        std::set<std::string> traceIds, serviceNames;
        int parents = 0;
        for (const auto& s : sink.spans) {
            traceIds.insert(s.traceId);
            if (!s.service.empty())
                serviceNames.insert(s.service);
            parents += !s.parentSpanId.empty();
            QVERIFY(json::parse(s.attributes).is_object());
            QVERIFY(json::parse(s.resource).is_object());
            QVERIFY(s.endNs >= s.startNs);
        }
        QCOMPARE(int(traceIds.size()), traces);
        QCOMPARE(int(serviceNames.size()), services);
        QCOMPARE(int(sink.spanEvents), events);
        QCOMPARE(int(sink.spanLinks), links);
        QCOMPARE(int(sink.rejections.size()), rejections);
        QCOMPARE(parents, withParent);
        for (const auto& r : sink.rejections) {
            QVERIFY2(q(r.location).startsWith(QStringLiteral("byte ")), r.location.c_str());
            QVERIFY(q(r.location).contains(QStringLiteral("spans[")));
            QVERIFY(!r.reason.empty());
        }
    }

    void spotChecksUiModel() {
        // jaeger_uimodel-ui_01.json: the five tag types, logs, a FOLLOWS_FROM, warnings.
        const auto result = importWith(jaegerCorpus() / "jaeger_uimodel-ui_01.json");
        const auto& sink = result.sink;
        QCOMPARE(sink.spans.size(), std::size_t(5));
        // spans[0]: two logs, one named by its "event" field.
        const auto& first = sink.details[0];
        QCOMPARE(first.eventNames, (std::vector<std::string>{"some-event", "log"}));
        QCOMPARE(first.eventTimes[0], 1485467191639875000LL);
        QCOMPARE(q(first.eventAttributes[0]), QStringLiteral("{}"));
        QCOMPARE(q(first.eventAttributes[1]), QStringLiteral("{\"x\":\"y\"}"));
        QCOMPARE(q(sink.spans[0].service), QStringLiteral("service-x"));
        QCOMPARE(q(sink.spans[0].traceId), QStringLiteral("00000000000000000000000000000001"));
        QCOMPARE(sink.spans[0].startNs, 1485467191639875000LL);
        QCOMPARE(sink.spans[0].endNs, 1485467191639880000LL); // duration 5 µs
        // spans[1]: typed tags; error=true is the status, not an attribute.
        QCOMPARE(sink.spans[1].status, int(StatusCode::Error));
        QCOMPARE(json::parse(sink.spans[1].attributes),
                 json::parse("{\"peer.service\":\"service-y\",\"peer.ipv4\":23456,"
                             "\"temperature\":72.5,\"javascript_limit\":9223372036854775222,"
                             "\"blob\":\"AAAwOQ==\"}"));
        QCOMPARE(json::parse(sink.spans[1].attributes)["javascript_limit"].get<std::int64_t>(),
                 std::int64_t(9223372036854775222));
        // spans[3]: CHILD_OF another trace first, then CHILD_OF and FOLLOWS_FROM in its own.
        const auto& refs = sink.details[3];
        QCOMPARE(q(sink.spans[3].parentSpanId), QStringLiteral("0000000000000002"));
        QCOMPARE(refs.linkTraceIds, (std::vector<std::string>{"000000000000000000000000000000ff",
                                                              "00000000000000000000000000000001"}));
        QCOMPARE(refs.linkSpanIds,
                 (std::vector<std::string>{"00000000000000ff", "0000000000000002"}));
        QCOMPARE(refs.linkAttributes,
                 (std::vector<std::string>{"{\"opentracing.ref_type\":\"child_of\"}",
                                           "{\"opentracing.ref_type\":\"follows_from\"}"}));
        QCOMPARE(json::parse(sink.spans[3].attributes)["jaeger.warnings"],
                 json::parse("[\"some span warning\"]"));
        QCOMPARE(q(sink.spans[4].parentSpanId), QStringLiteral("0000000000000004"));
        QCOMPARE(sink.spans[4].endNs - sink.spans[4].startNs, 4000LL);
    }

    void spotChecksShortIdsAndKinds() {
        // jaeger-analytics-java: a 64-bit trace id and a 15-digit span id (leading zero
        // dropped by the Jaeger version that wrote it), process tags as the resource.
        auto result = importWith(jaegerCorpus() / "jaeger-analytics-java_ui-trace.json");
        const auto& a = result.sink;
        QCOMPARE(q(a.spans[1].spanId), QStringLiteral("0ec2b4e0bcea566d"));
        QCOMPARE(q(a.spans[1].traceId), QStringLiteral("00000000000000002db17286b3e6b148"));
        QCOMPARE(q(a.spans[1].parentSpanId), QStringLiteral("2db17286b3e6b148"));
        QCOMPARE(a.spans[0].kind, int(SpanKind::Server));
        QCOMPARE(json::parse(a.spans[0].attributes).count("span.kind"), std::size_t(0));
        QCOMPARE(json::parse(a.spans[0].attributes)["sampler.param"], json(1));
        QCOMPARE(json::parse(a.spans[0].resource),
                 json::parse("{\"service.name\":\"jaeger-query\",\"client-uuid\":"
                             "\"46d69fcdf947a814\",\"hostname\":"
                             "\"simple-streaming-query-66f49db66-8x9hd\",\"ip\":\"10.129.2.13\","
                             "\"jaeger.version\":\"Go-2.15.1dev\"}"));
        // spanAmongEachOther...: a 31-digit trace id, padded to 32.
        result = importWith(jaegerCorpus() / "jaeger-ui_spanAmongEachOtherGroupedAndSpans.json");
        QCOMPARE(q(result.sink.spans[0].traceId),
                 QStringLiteral("0df84e36b9e2ee3815d07f0867a5be1f"));
        // CRISP: processes before spans, keyed by service name; a log named "error".
        result = importWith(jaegerCorpus() / "crisp_test_case_18.json");
        const auto f = result.sink.spanIndex("000000000000000f");
        QVERIFY(f < result.sink.spans.size());
        QCOMPARE(q(result.sink.spans[f].service), QStringLiteral("S6"));
        QCOMPARE(result.sink.details[f].eventNames, std::vector<std::string>{"error"});
        QCOMPARE(result.sink.details[f].eventTimes[0], 140000LL);
        QCOMPARE(q(result.sink.rejections[0].reason),
                 QStringLiteral("spanID: invalid span id \"G\": not hex"));
        // genai: a "_comment" member before the trace's own, ten services.
        result = importWith(jaegerCorpus() / "jaeger-ui_genaiTestTrace.json");
        QCOMPARE(result.sink.spans[0].kind, int(SpanKind::Server));
        QCOMPARE(q(result.sink.spans[0].name), QStringLiteral("POST /api/graphql"));
    }

    void sameTreeAsOtlp_data() {
        QTest::addColumn<QString>("otlp");
        QTest::addColumn<QString>("jaeger");
        QTest::newRow("otlp2jaeger (UI)") << "jaeger-ui_otlp2jaeger-in.json"
                                          << "jaeger-ui_otlp2jaeger-out.json";
        QTest::newRow("otlp2jaeger (query service, otel.scope.name)")
            << "jaeger-ui_otlp2jaeger-in.json"
            << "jaeger_query-otlp2jaeger-out.json";
        QTest::newRow("multi resource") << "jaeger-ui_otlp2jaeger-multi-in-combined.json"
                                        << "jaeger-ui_oltp2jaeger-multi-out.json";
    }
    void sameTreeAsOtlp() {
        // The same trace imported from its OTLP form and from Jaeger's conversion of it:
        // ids, tree, services, names, kinds, times, attributes, resources and scopes agree.
        // Jaeger keeps microseconds, so the OTLP end is compared truncated to the
        // microsecond of its duration (end - start), as Jaeger's converter computes it.
        QFETCH(QString, otlp);
        QFETCH(QString, jaeger);
        DetailSink fromOtlp;
        ImportContext context;
        OtlpJsonImporter otlpImporter;
        const auto otlpOutcome = otlpImporter.importFile(
            test::corpusDir() / "otlp" / otlp.toStdString(), context, fromOtlp);
        QVERIFY(!otlpOutcome.partial);
        const auto fromJaeger = importWith(jaegerCorpus() / jaeger.toStdString());
        QVERIFY(!fromJaeger.outcome.partial);
        QCOMPARE(fromJaeger.sink.spans.size(), fromOtlp.spans.size());
        QVERIFY(!fromOtlp.spans.empty());

        using Row =
            std::tuple<std::string, std::string, std::string, std::string, std::string, int, int,
                       long long, long long, std::string, std::string, std::string, std::string>;
        auto rows = [](const DetailSink& sink, bool truncateEnd) {
            std::vector<Row> out;
            for (std::size_t i = 0; i < sink.spans.size(); ++i) {
                const auto& s = sink.spans[i];
                long long end = s.endNs;
                if (truncateEnd)
                    end = s.startNs + (s.endNs - s.startNs) / 1000 * 1000;
                out.emplace_back(s.traceId, s.spanId, s.parentSpanId, s.service, s.name, s.kind,
                                 s.status, s.startNs, end, json::parse(s.attributes).dump(),
                                 json::parse(s.resource).dump(), s.scopeName,
                                 sink.details[i].scopeVersion);
            }
            std::sort(out.begin(), out.end());
            return out;
        };
        const auto expected = rows(fromOtlp, true);
        const auto actual = rows(fromJaeger.sink, false);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const std::string label = std::get<1>(expected[i]) + " " + std::get<4>(expected[i]);
            QVERIFY2(actual[i] == expected[i], label.c_str());
        }
    }

    // ---- bad input -----------------------------------------------------------------

    void rejectsBadSpans_data() {
        // bad_spans.json: one trace of 26 spans; spans 0, 16, 22 and 25 are good. Each span
        // starts with its own "flags" value (100 + its index) so that its offset can be
        // found in the text; the '42' of spans[23] is found directly.
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no spanID") << 1 << "missing spanID";
        QTest::newRow("no startTime") << 2 << "missing startTime";
        QTest::newRow("negative start") << 3 << "startTime: \"-5\" is negative";
        QTest::newRow("start past int64 nanoseconds")
            << 4
            << "startTime: \"9223372036854776\" microseconds is beyond the int64 nanosecond "
               "range (year 2262)";
        QTest::newRow("start overflows int64")
            << 5 << "startTime: \"99999999999999999999\" overflows int64";
        QTest::newRow("start of the wrong type") << 6 << "startTime: expected integer, got boolean";
        QTest::newRow("name of the wrong type")
            << 7 << "operationName: expected string, got number";
        QTest::newRow("int64 tag not a number") << 8 << "tags[0].value: \"12a\" is not an integer";
        QTest::newRow("unknown tag type") << 9 << "tags[1].value: unknown tag type \"float32\"";
        QTest::newRow("bool tag not a boolean") << 10 << "tags[0].value: \"yes\" is not a boolean";
        QTest::newRow("negative duration") << 11 << "duration: \"-1\" is negative";
        QTest::newRow("bad reference")
            << 12 << "references[0].spanID: invalid span id \"xyz\": not hex";
        QTest::newRow("unknown reference type")
            << 13 << "references[0].refType: unknown reference type \"SIBLING\"";
        QTest::newRow("log without timestamp") << 14 << "logs[0]: missing timestamp";
        QTest::newRow("invalid process")
            << 15 << "processID: process \"p2\": serviceName: expected string, got number";
        QTest::newRow("trace id too long")
            << 17 << "traceID: invalid trace id length 33 (want at most 32 hex digits)";
        QTest::newRow("all-zero span id") << 18 << "spanID: invalid span id: all zeros";
        QTest::newRow("tag without key") << 19 << "tags[0]: missing key";
        QTest::newRow("tag value object")
            << 20 << "tags[0].value: expected a string, number or boolean, got object";
        QTest::newRow("string tag given a number")
            << 21 << "tags[0].value: expected a value of type string, got number";
        QTest::newRow("not an object") << 23 << "expected a span object, got number";
        // simdjson notices the missing comma at the next key (python: t.index('"operationName":
        // "missing-comma"')), and the spans after it still import.
        QTest::newRow("invalid JSON") << 24 << "invalid JSON at byte ";
    }
    void rejectsBadSpans() {
        QFETCH(int, index);
        QFETCH(QString, reason);
        const std::string text = readAll(fixture("bad_spans.json"));
        const auto result = importWith(fixture("bad_spans.json"));
        const auto& sink = result.sink;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(sink.spans.size(), std::size_t(4));
        QCOMPARE(sink.rejections.size(), std::size_t(22));
        const std::string path = "data[0].spans[" + std::to_string(index) + "]";
        const auto it = std::find_if(sink.rejections.begin(), sink.rejections.end(),
                                     [&](const auto& r) { return r.location.ends_with(path); });
        QVERIFY2(it != sink.rejections.end(), path.c_str());
        const std::uint64_t offset = index == 23 ? text.find("42,") : spanOffset(text, 100 + index);
        QCOMPARE(q(it->location), QStringLiteral("byte %1: ").arg(offset) + q(path));
        if (index == 24) {
            QVERIFY2(q(it->reason).startsWith(reason), it->reason.c_str());
            QVERIFY(
                q(it->reason)
                    .contains(QString::number(text.find("\"operationName\": \"missing-comma\""))));
        } else {
            QCOMPARE(q(it->reason), reason);
        }
    }

    void keepsTheGoodSpansAmongBadOnes() {
        const auto result = importWith(fixture("bad_spans.json"));
        const auto& sink = result.sink;
        // good-00: span tags first for the tenant (acme, not the process's globex); typed
        // attributes; hot attributes; logs as events; warnings.
        const auto good = sink.byName("good-00");
        QVERIFY(good < sink.spans.size());
        const auto& span = sink.spans[good];
        QCOMPARE(q(span.traceId), QStringLiteral("00000000000000000000000000000abc"));
        QCOMPARE(q(span.service), QStringLiteral("checkout"));
        QCOMPARE(q(span.tenant), QStringLiteral("acme"));
        QCOMPARE(q(sink.details[good].correlationId), QStringLiteral("corr-1"));
        QCOMPARE(q(sink.details[good].errorCode), QStringLiteral("503"));
        const json attributes = json::parse(span.attributes);
        QCOMPARE(attributes["retries"].get<std::int64_t>(), INT64_MAX);
        QCOMPARE(attributes["ratio"], json(0.25));
        QCOMPARE(attributes["cached"], json(false));
        QCOMPARE(attributes["blob"], json("AAEC"));
        QCOMPARE(attributes["quote\"key"], json("a\"b\\c\u00e9\t"));
        QCOMPARE(attributes["jaeger.warnings"], json::parse("[\"clock skew adjusted\"]"));
        QCOMPARE(sink.details[good].eventNames, (std::vector<std::string>{"retry", "log"}));
        QCOMPARE(q(sink.details[good].eventAttributes[0]), QStringLiteral("{\"attempt\":2}"));
        QCOMPARE(sink.details[good].eventTimes[1], 1700000000000700000LL);
        QCOMPARE(json::parse(span.resource),
                 json::parse("{\"service.name\":\"checkout\",\"host.name\":\"node-1\","
                             "\"tenant.id\":\"globex\"}"));
        // A processID the trace does not define: kept, without a service, and noted.
        const auto unknown = sink.byName("unknown-process");
        QVERIFY(unknown < sink.spans.size());
        QCOMPARE(q(sink.spans[unknown].service), QString());
        QCOMPARE(q(sink.spans[unknown].resource), QStringLiteral("{}"));
        QCOMPARE(
            json::parse(sink.spans[unknown].attributes),
            json::parse("{\"jaeger.missing_duration\":true,\"jaeger.unknown_process\":\"p9\"}"));
        QCOMPARE(sink.spans[unknown].endNs, sink.spans[unknown].startNs);
        // No traceID of its own: the trace's; the tenant from the process's tags.
        const auto inherits = sink.byName("inherits-trace-id");
        QCOMPARE(q(sink.spans[inherits].traceId),
                 QStringLiteral("00000000000000000000000000000abc"));
        QCOMPARE(q(sink.spans[inherits].tenant), QStringLiteral("globex"));
        QCOMPARE(q(sink.spans[inherits].parentSpanId), QStringLiteral("b000000000000000"));
        // Only a FOLLOWS_FROM: it is the parent (Jaeger's rule) and stays a link.
        const auto follows = sink.byName("good-follows-from");
        QCOMPARE(q(sink.spans[follows].parentSpanId), QStringLiteral("b000000000000016"));
        QCOMPARE(sink.details[follows].linkAttributes,
                 std::vector<std::string>{"{\"opentracing.ref_type\":\"follows_from\"}"});
    }

    void readsBareArrayAndTagConventions() {
        // bare_array.json: two traces, processes before spans in the first and after in the
        // second; ids without leading zeros; the OpenTelemetry tag conventions.
        const auto result = importWith(fixture("bare_array.json"));
        const auto& sink = result.sink;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.spans.size(), std::size_t(4));
        const auto& root = sink.spans[0];
        QCOMPARE(q(root.traceId), QStringLiteral("000000000000000000f067aa0ba902b7"));
        QCOMPARE(root.kind, int(SpanKind::Server));
        QCOMPARE(root.status, int(StatusCode::Error)); // otel.status_code
        QCOMPARE(q(root.statusMessage), QStringLiteral("payment declined"));
        QCOMPARE(q(root.scopeName), QStringLiteral("io.opentelemetry.http"));
        QCOMPARE(q(sink.details[0].scopeVersion), QStringLiteral("1.2.0"));
        QCOMPARE(q(sink.details[0].traceState), QStringLiteral("vendor=1"));
        QCOMPARE(q(root.tenant), QStringLiteral("globex")); // tenant.id before tenant_id
        // error=false is no status; an unknown span.kind stays an attribute.
        QCOMPARE(json::parse(root.attributes),
                 json::parse("{\"error\":false,\"span.kind\":\"sideways\"}"));
        // Short ids, members of a tag in any order, error as the string "true".
        const auto& charge = sink.spans[1];
        QCOMPARE(q(charge.spanId), QStringLiteral("0000000000000001"));
        QCOMPARE(q(charge.parentSpanId), QStringLiteral("00f067aa0ba902b7"));
        QCOMPARE(q(charge.traceId), QStringLiteral("000000000000000000f067aa0ba902b7"));
        QCOMPARE(charge.kind, int(SpanKind::Client));
        QCOMPARE(charge.status, int(StatusCode::Error));
        QCOMPARE(q(charge.tenant), QStringLiteral("umbrella")); // span tag over process tags
        QCOMPARE(q(sink.details[1].correlationId), QStringLiteral("77"));
        QCOMPARE(json::parse(charge.attributes),
                 json::parse("{\"late\":42,\"tenant_id\":\"umbrella\",\"untyped\":1.5,"
                             "\"big\":\"Infinity\",\"correlation.id\":77}"));
        // An inline process, times as strings, a reference without traceID, otel.library.*.
        const auto& inlined = sink.spans[2];
        QCOMPARE(q(inlined.service), QStringLiteral("inline-svc"));
        QCOMPARE(q(inlined.tenant), QStringLiteral("wayne"));
        QCOMPARE(q(inlined.parentSpanId), QStringLiteral("0000000000000001"));
        QCOMPARE(inlined.startNs, 1700000000020000000LL);
        QCOMPARE(inlined.endNs, 1700000000021000000LL);
        QCOMPARE(q(inlined.scopeName), QStringLiteral("legacy-lib"));
        QCOMPARE(q(sink.details[2].scopeVersion), QStringLiteral("0.9"));
        // The first CHILD_OF in the span's trace is the parent; a FOLLOWS_FROM into another
        // trace and the second CHILD_OF are links.
        const auto& publish = sink.spans[3];
        QCOMPARE(q(publish.traceId), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
        QCOMPARE(q(publish.parentSpanId), QStringLiteral("a3ce929d0e0e4736"));
        QCOMPARE(publish.kind, int(SpanKind::Producer));
        QCOMPARE(q(publish.service), QStringLiteral("queue-writer"));
        QCOMPARE(sink.details[3].linkSpanIds,
                 (std::vector<std::string>{"0000000000000001", "a3ce929d0e0e4737"}));
        QCOMPARE(sink.details[3].linkTraceIds[0], std::string("000000000000000000f067aa0ba902b7"));
    }

    void customTenantKeys() {
        ImportContext context;
        context.tenantKeys = {"org"};
        const auto result = importWith(fixture("bare_array.json"), context);
        QCOMPARE(q(result.sink.spans[0].tenant), QString());
        QCOMPARE(q(result.sink.spans[1].tenant), QStringLiteral("hooli")); // process tag "org"
    }

    void rejectsBadTraces() {
        // bad_traces.json: whole traces that cannot be read, one rejection each at the
        // trace (offsets: python t.index of each trace's text); the last trace imports.
        const auto result = importWith(fixture("bad_traces.json"));
        const auto& r = result.sink.rejections;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        QCOMPARE(q(result.sink.spans[0].service), QStringLiteral("survivor"));
        QCOMPARE(r.size(), std::size_t(6));
        QCOMPARE(q(r[0].location), QStringLiteral("byte 13: data[0]"));
        QCOMPARE(q(r[0].reason), QStringLiteral("expected a trace object, got number"));
        QCOMPARE(q(r[1].location), QStringLiteral("byte 18: data[1]"));
        QCOMPARE(q(r[1].reason), QStringLiteral("missing spans (not a Jaeger trace)"));
        QCOMPARE(q(r[2].location), QStringLiteral("byte 81: data[2].spans"));
        QCOMPARE(q(r[2].reason), QStringLiteral("expected an array of spans, got object"));
        QCOMPARE(q(r[3].location), QStringLiteral("byte 115: data[3].spans[0]"));
        QCOMPARE(q(r[3].reason),
                 QStringLiteral("processID: processes: expected object, got number"));
        QCOMPARE(q(r[4].location), QStringLiteral("byte 253: data[5]"));
        QCOMPARE(q(r[4].reason), QStringLiteral("invalid JSON at byte 264: expected ':'"));
        QCOMPARE(q(r[5].location), QStringLiteral("byte 409: data[6].processes"));
        QVERIFY(q(r[5].reason).startsWith(QStringLiteral("invalid JSON: ")));
    }

    // ---- query answers with errors ----------------------------------------------------

    void readsQueryErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("errors"); // "location | message"
        QTest::newRow("code and msg")
            << "[{\"code\":400,\"msg\":\"m\"}]"
            << QStringList{"byte 11: errors[0] | Jaeger query error 400: m"};
        QTest::newRow("message, a string, the trace")
            << "[ {\"message\":\"x\"} , \"plain\", {\"msg\":\"gone\",\"traceID\":\"ab\"} ]"
            << QStringList{"byte 12: errors[0] | Jaeger query error: x",
                           "byte 30: errors[1] | Jaeger query error: plain",
                           "byte 39: errors[2] | Jaeger query error: gone (trace ab)"};
        QTest::newRow("null") << "null" << QStringList{};
        QTest::newRow("one string")
            << "\"down\"" << QStringList{"byte 10: errors | Jaeger query error: down"};
        QTest::newRow("an object without msg")
            << "{\"code\":1}"
            << QStringList{"byte 10: errors | Jaeger query error 1: {\"code\":1}"};
        QTest::newRow("broken") << "[1," << QStringList{"byte 10: errors | errors: not valid JSON"};
    }
    void readsQueryErrors() {
        QFETCH(QString, text);
        QFETCH(QStringList, errors);
        QStringList got;
        for (const auto& e : jaegerApiErrors(text.toStdString(), 10))
            got << q(e.location) + " | " + q(e.message);
        QCOMPARE(got, errors);
    }

    void reportsAnErrorAnswer() {
        // error_answer.json: what /api/traces answers when the query fails. Nothing to
        // import; each error is a rejection at its own offset (python: text.index of
        // '{"code":400' is 54, of '{"code":500' 107), and the note says what the file is.
        JaegerJsonImporter importer;
        QCOMPARE(importer.sniff(readAll(fixture("error_answer.json"))), 60);
        const auto result = importWith(fixture("error_answer.json"));
        QVERIFY(!result.outcome.partial);
        QCOMPARE(q(result.outcome.error), QString());
        QCOMPARE(result.sink.spans.size(), std::size_t(0));
        const auto& r = result.sink.rejections;
        QCOMPARE(r.size(), std::size_t(2));
        QCOMPARE(q(r[0].location), QStringLiteral("byte 54: errors[0]"));
        QCOMPARE(q(r[0].reason),
                 QStringLiteral("Jaeger query error 400: parameter 'service' is required"));
        QCOMPARE(q(r[1].location), QStringLiteral("byte 107: errors[1]"));
        QCOMPARE(q(r[1].reason),
                 QStringLiteral("Jaeger query error 500: cassandra: no hosts available (trace "
                                "0af7651916cd43dd8448eb211c80319c)"));
        QCOMPARE(q(result.outcome.note),
                 QStringLiteral("an error answer of the Jaeger query API (data is null): 2 "
                                "errors, listed with the rejected records"));

        // The registry recognises it, so a bundle reports it instead of an unknown file.
        ImporterRegistry registry;
        registry.add(std::make_unique<OtlpJsonImporter>());
        registry.add(std::make_unique<JaegerJsonImporter>());
        Importer* found = registry.detect(readAll(fixture("error_answer.json")));
        QVERIFY(found);
        QCOMPARE(q(found->format()), QStringLiteral("jaeger-json"));
    }

    void reportsErrorsBesideTraces() {
        // Errors before "data", and errors beside traces (a trace the query could not
        // load): the traces import, the errors are rejections.
        const auto first = tmpPath("errors_first.json");
        writeAll(first, "{\"errors\":[\"timeout\"],\"data\":null}");
        auto result = importWith(first);
        QCOMPARE(result.sink.rejections.size(), std::size_t(1));
        // '[' is byte 10 ({"errors": is ten bytes), its string element byte 11.
        QCOMPARE(q(result.sink.rejections[0].location), QStringLiteral("byte 11: errors[0]"));
        QCOMPARE(q(result.sink.rejections[0].reason),
                 QStringLiteral("Jaeger query error: timeout"));
        QCOMPARE(q(result.outcome.note),
                 QStringLiteral("an error answer of the Jaeger query API (data is null): 1 "
                                "error, listed with the rejected records"));

        const auto beside = tmpPath("errors_beside.json");
        const std::string text = "{\"data\":[{\"traceID\":\"1\",\"spans\":[{\"traceID\":\"1\","
                                 "\"spanID\":\"2\",\"operationName\":\"op\","
                                 "\"startTime\":1000,\"duration\":5,\"processID\":\"p1\"}],"
                                 "\"processes\":{\"p1\":{\"serviceName\":"
                                 "\"svc\"}}}],\"total\":1,\"limit\":0,\"offset\":0,\"errors\":[{"
                                 "\"code\":404,\"msg\":\"trace not "
                                 "found\",\"traceID\":\"abc\"}]}";
        writeAll(beside, text);
        result = importWith(beside);
        QVERIFY(!result.outcome.partial);
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        QCOMPARE(q(result.sink.spans[0].service), QStringLiteral("svc"));
        QCOMPARE(result.sink.rejections.size(), std::size_t(1));
        QCOMPARE(q(result.sink.rejections[0].location),
                 QStringLiteral("byte %1: errors[0]").arg(text.find("{\"code\":404")));
        QCOMPARE(q(result.sink.rejections[0].reason),
                 QStringLiteral("Jaeger query error 404: trace not found (trace abc)"));
        QCOMPARE(q(result.outcome.note),
                 QStringLiteral("the query reported 1 error besides its traces, listed with the "
                                "rejected records"));

        // A good answer ("errors": null) says nothing more than before.
        const auto good = tmpPath("errors_null.json");
        writeAll(good, "{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}");
        result = importWith(good);
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
        QCOMPARE(q(result.outcome.note), QString());
    }

    void truncatedFileKeepsEarlierTraces() {
        // truncated.json: three traces, the third cut inside its second span (the file is
        // 1746 bytes). The two whole traces land; the cut one cannot (its processes follow).
        const auto result = importWith(fixture("truncated.json"));
        QVERIFY(result.outcome.partial);
        QCOMPARE(
            q(result.outcome.error),
            QStringLiteral("invalid JSON at byte 1746: unexpected end of file inside data[2]"));
        QCOMPARE(result.sink.spans.size(), std::size_t(3));
        QCOMPARE(q(result.sink.spans[0].service), QStringLiteral("svc-a"));
        QCOMPARE(q(result.sink.spans[2].service), QStringLiteral("svc-b"));
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
    }

    void repairsInvalidUtf8() {
        // invalid_utf8.json: a lone 0xFF, a cut 2-byte sequence, an overlong '/' and a UTF-16
        // surrogate in a tag key, its value and the operation name.
        const auto result = importWith(fixture("invalid_utf8.json"));
        const auto& sink = result.sink;
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.spans.size(), std::size_t(2));
        QCOMPARE(q(sink.spans[0].name), QStringLiteral("caf\uFFFD au lait"));
        QVERIFY(json::accept(sink.spans[0].attributes));
        const json attributes = json::parse(sink.spans[0].attributes);
        QCOMPARE(attributes.begin().key(), std::string("raw\xEF\xBF\xBD"
                                                       "bytes"));
        QCOMPARE(q(attributes.begin().value().get<std::string>()),
                 QStringLiteral("bad \uFFFD byte, overlong \uFFFD\uFFFD, surrogate "
                                "\uFFFD\uFFFD\uFFFD, fine \u00e9"));
        QCOMPARE(q(sink.spans[1].name), QStringLiteral("clean"));
    }

    void controlCharactersDoNotBreakStoredJson() {
        // A raw tab inside a string is not valid JSON: the span is rejected, never stored
        // as broken text.
        const std::string text =
            "{\"traceID\":\"a\",\"spans\":[{\"spanID\":\"1\",\"startTime\":1,"
            "\"tags\":[{\"key\":\"k\",\"type\":\"string\",\"value\":\"a\tb\"}]},"
            "{\"spanID\":\"2\",\"startTime\":1}]}";
        writeAll(tmpPath("control.json"), text);
        const auto result = importWith(tmpPath("control.json"));
        QCOMPARE(result.sink.spans.size() + result.sink.rejections.size(), std::size_t(2));
        for (const auto& s : result.sink.spans)
            QVERIFY2(json::accept(s.attributes), s.attributes.c_str());
    }

    void hugeLineOfSpans() {
        // One line of about 50 MB: a single trace of 200,000 spans. It imports whole, and
        // memory stays near one copy of the trace: spans are parsed one at a time, never
        // as a tree of the whole trace.
        const auto path = tmpPath("huge-trace.json");
        std::uint64_t size = 0;
        {
            std::ofstream out(path, std::ios::binary);
            out << "{\"data\":[{\"traceID\":\"7a3f00000000000000000000000000ff\",\"spans\":[";
            char span[512];
            for (int i = 0; i < 200000; ++i) {
                const int n = std::snprintf(
                    span, sizeof span,
                    "%s{\"traceID\":\"7a3f00000000000000000000000000ff\",\"spanID\":\"%016x\","
                    "\"operationName\":\"op-%d\",\"references\":[{\"refType\":\"CHILD_OF\","
                    "\"traceID\":\"7a3f00000000000000000000000000ff\",\"spanID\":\"%016x\"}],"
                    "\"startTime\":1700000000%06d,\"duration\":%d,\"tags\":[{\"key\":\"http."
                    "route\","
                    "\"type\":\"string\",\"value\":\"/api/items/"
                    "{id}\"},{\"key\":\"http.status_code\","
                    "\"type\":\"int64\",\"value\":200}],\"logs\":[],\"processID\":\"p%d\"}",
                    i ? "," : "", i + 1, i % 50, i / 2 + 1, i % 1000000, 10 + i % 90, i % 3 + 1);
                out.write(span, n);
            }
            out << "],\"processes\":{\"p1\":{\"serviceName\":\"a\",\"tags\":[]},\"p2\":{"
                   "\"serviceName\":\"b\",\"tags\":[]},\"p3\":{\"serviceName\":\"c\",\"tags\":[]}}}"
                   "]}";
            size = static_cast<std::uint64_t>(out.tellp());
        }
        QVERIFY(size > 50'000'000);
        const ChildImport child = importInChild(path);
        const std::uint64_t grown = child.grownBytes;
        QVERIFY(!child.partial);
        QCOMPARE(child.spans, std::uint64_t(200000));
        QCOMPARE(child.rejections, std::uint64_t(0));
        qInfo("200k spans on one line, %.1f MB: memory at the peak of the import +%.1f MB",
              double(size) / 1e6, double(grown) / 1e6);
        QVERIFY2(!kMeasuresMemory || grown < 2 * size + (16 << 20),
                 "memory must stay near one copy of the trace");
    }

    void hugeTagValue() {
        // One span whose tag value is 50 MB, on one line: imported, its attribute whole.
        const auto path = tmpPath("huge-tag.json");
        const std::size_t valueSize = 50'000'000;
        {
            std::ofstream out(path, std::ios::binary);
            out << "{\"data\":[{\"traceID\":\"1\",\"spans\":[{\"traceID\":\"1\",\"spanID\":\"1\","
                   "\"operationName\":\"big\",\"startTime\":1700000000000000,\"duration\":1,"
                   "\"tags\":[{\"key\":\"payload\",\"type\":\"string\",\"value\":\"";
            const std::string block(1 << 20, 'x');
            for (std::size_t written = 0; written < valueSize; written += block.size())
                out.write(block.data(), static_cast<std::streamsize>(
                                            std::min(block.size(), valueSize - written)));
            out << "\"}],\"processID\":\"p1\"}],\"processes\":{\"p1\":{\"serviceName\":\"s\"}}}]}";
        }
        const ChildImport child = importInChild(path);
        const std::uint64_t grown = child.grownBytes;
        QVERIFY(!child.partial);
        QCOMPARE(child.spans, std::uint64_t(1));
        QCOMPARE(child.largestAttributes, valueSize + std::string("{\"payload\":\"\"}").size());
        qInfo("one 50 MB tag value: memory at the peak of the import +%.1f MB",
              double(grown) / 1e6);
        // The trace's text (parsed in place) and the attribute text.
        QVERIFY2(!kMeasuresMemory || grown < 3 * valueSize,
                 "memory must stay a small multiple of the span");
    }

    void survivesCutsAndGarbage() {
        // Every corpus file cut at 17 places: partial, never a crash, never more spans than
        // the whole file.
        for (const auto& entry : fs::directory_iterator(jaegerCorpus())) {
            const std::string text = readAll(entry.path());
            const auto whole = importWith(entry.path());
            for (int k = 1; k <= 17; ++k) {
                const std::size_t cut = text.size() * std::size_t(k) / 18;
                writeAll(tmpPath("cut.json"), std::string_view(text).substr(0, cut));
                const auto result = importWith(tmpPath("cut.json"));
                QVERIFY2(
                    result.outcome.partial,
                    (entry.path().filename().string() + " cut at " + std::to_string(cut)).c_str());
                QVERIFY(
                    q(result.outcome.error).startsWith(QStringLiteral("invalid JSON at byte ")));
                QVERIFY(result.sink.spans.size() <= whole.sink.spans.size());
            }
        }
        std::string garbage;
        for (int i = 0; i < 5000; ++i)
            garbage.push_back(static_cast<char>((i * 7919) % 251));
        writeAll(tmpPath("garbage.json"), garbage);
        const auto result = importWith(tmpPath("garbage.json"));
        QVERIFY(result.outcome.partial);
        QCOMPARE(result.sink.spans.size(), std::size_t(0));
        const auto missing = importWith(tmpPath("missing.json"));
        QVERIFY(q(missing.outcome.error).startsWith(QStringLiteral("cannot read missing.json")));
        writeAll(tmpPath("empty.json"), "");
        const auto empty = importWith(tmpPath("empty.json"));
        QVERIFY(!empty.outcome.partial);
        QCOMPARE(empty.sink.spans.size() + empty.sink.rejections.size(), std::size_t(0));
    }

    void stopsWhenAskedAndReportsProgress() {
        std::stop_source stop;
        ImportContext context;
        context.stop = stop.get_token();
        stop.request_stop();
        const auto stopped = importWith(jaegerCorpus() / "jaeger-ui_genaiTestTrace.json", context);
        QVERIFY(stopped.outcome.partial);
        QCOMPARE(q(stopped.outcome.error), QStringLiteral("cancelled"));
        QCOMPARE(stopped.sink.spans.size(), std::size_t(0));

        std::vector<std::uint64_t> calls;
        ImportContext progress;
        progress.onBytes = [&](std::uint64_t done) { calls.push_back(done); };
        const auto path = jaegerCorpus() / "jaeger-ui_genaiTestTrace.json";
        importWith(path, progress);
        QCOMPARE(calls.size(), std::size_t(1)); // a small file: once, at the end
        QCOMPARE(calls.back(), std::uint64_t(fs::file_size(path)));
    }
};

QTEST_APPLESS_MAIN(TestJaegerImporter)
#include "tst_jaeger_importer.moc"
