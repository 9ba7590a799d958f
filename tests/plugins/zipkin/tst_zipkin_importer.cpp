// Zipkin v2 JSON importer: pure field functions, the splitter, sniffing against the whole
// corpus, the corpus (counts verified by hand, see importsCorpus_data), the shared-span
// rule (docs/formats/zipkin.md) on the corpus and on a fixture, and small fixtures under
// tests/data/zipkin/ for every kind of bad input.

#include "core/import/importer_registry.h"
#include "plugins/zipkin/zipkin_document_splitter.h"
#include "plugins/zipkin/zipkin_fields.h"
#include "plugins/zipkin/zipkin_importer.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
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

fs::path zipkinCorpus() {
    return test::corpusDir() / "zipkin";
}
fs::path fixture(const char* name) {
    return test::testDataDir() / "zipkin" / name;
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

struct SpanDetail {
    std::string scopeVersion, correlationId, errorCode;
    std::vector<std::string> eventNames;
    std::vector<long long> eventTimes;
};

class DetailSink : public test::RecordingSink {
public:
    std::vector<SpanDetail> details;

    void addSpan(const SpanRecord& s) override {
        RecordingSink::addSpan(s);
        SpanDetail d;
        d.scopeVersion = s.scopeVersion;
        d.correlationId = s.correlationId;
        d.errorCode = s.errorCode;
        for (const auto& e : s.events) {
            d.eventNames.emplace_back(e.name);
            d.eventTimes.push_back(e.timeNs);
        }
        details.push_back(std::move(d));
    }
    std::size_t byName(std::string_view name, std::size_t from = 0) const {
        for (std::size_t i = from; i < spans.size(); ++i)
            if (spans[i].name == name)
                return i;
        return spans.size();
    }
    std::size_t byId(std::string_view id) const {
        for (std::size_t i = 0; i < spans.size(); ++i)
            if (spans[i].spanId == id)
                return i;
        return spans.size();
    }
};

class CountingSink : public RecordSink {
public:
    std::size_t spans = 0, rejections = 0, largestAttributes = 0;
    void addSpan(const SpanRecord& s) override {
        ++spans;
        largestAttributes = std::max(largestAttributes, s.attributesJson.size());
    }
    void addLog(const LogRecord&) override {}
    void addMetricPoint(const MetricPoint&) override {}
    void addChange(const ChangeRecord&) override {}
    void reject(const Rejection&) override { ++rejections; }
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
        ZipkinJsonImporter importer;
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
    ZipkinJsonImporter importer;
    result.outcome = importer.importFile(path, context, result.sink);
    return result;
}

// The '{' of the span whose first member is "_n": <n> (bad_spans.json numbers its spans).
std::uint64_t spanOffset(const std::string& text, int n) {
    const auto at = text.find("\"_n\": " + std::to_string(n) + ",");
    return at == std::string::npos ? 0 : text.rfind('{', at);
}

std::string sharedIdOf(const test::RecordedSpan& span) {
    const json attributes = json::parse(span.attributes);
    const auto it = attributes.find("zipkin.shared_span_id");
    return it == attributes.end() ? std::string() : it->get<std::string>();
}

} // namespace

class TestZipkinImporter : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    fs::path tmpPath(const char* name) const { return fs::path(tmp.path().toStdString()) / name; }

private slots:
    // ---- pure functions -------------------------------------------------------------

    void parsesIds_data() {
        QTest::addColumn<QString>("hex");
        QTest::addColumn<bool>("trace");
        QTest::addColumn<QString>("expected");
        QTest::newRow("128-bit") << "5AAB74DBB904746BB33447BAAE403ED6" << true
                                 << "5aab74dbb904746bb33447baae403ed6";
        QTest::newRow("64-bit padded")
            << "1e223ff1f80f1c69" << true << "00000000000000001e223ff1f80f1c69";
        QTest::newRow("not hex") << "not-a-trace-id" << true
                                 << "invalid trace id \"not-a-trace-id\": not hex";
        QTest::newRow("too long") << QString(33, 'a') << true
                                  << "invalid trace id length 33 (want at most 32 hex digits)";
        QTest::newRow("missing") << "" << true << "missing trace id";
        QTest::newRow("span") << "74280ae0c10d8062" << false << "74280ae0c10d8062";
        QTest::newRow("short span") << "13" << false << "0000000000000013";
        QTest::newRow("zero span") << "0000000000000000" << false << "invalid span id: all zeros";
    }
    void parsesIds() {
        QFETCH(QString, hex);
        QFETCH(bool, trace);
        QFETCH(QString, expected);
        std::string error;
        if (trace) {
            const auto id = parseZipkinTraceId(hex.toStdString(), error);
            QCOMPARE(id ? q(id->hex()) : q(error), expected);
        } else {
            const auto id = parseZipkinSpanId(hex.toStdString(), error);
            QCOMPARE(id ? q(id->hex()) : q(error), expected);
        }
    }

    void convertsTimesKindsAndTags() {
        std::string error;
        QCOMPARE(*zipkinMicrosToNanos("1470150004008762", error), 1470150004008762000LL);
        QVERIFY(!zipkinMicrosToNanos("-7", error));
        QCOMPARE(q(error), QStringLiteral("\"-7\" is negative"));
        QVERIFY(!zipkinMicrosToNanos("9300000000000000", error));
        QVERIFY(q(error).contains(QStringLiteral("beyond the int64 nanosecond range")));
        QCOMPARE(zipkinSpanKind("CLIENT"), std::optional<SpanKind>(SpanKind::Client));
        QCOMPARE(zipkinSpanKind("consumer"), std::optional<SpanKind>(SpanKind::Consumer));
        QCOMPARE(zipkinSpanKind("INTERNAL"), std::nullopt); // not a Zipkin kind
        std::string out;
        QVERIFY(appendZipkinTagValue(out, ZipkinValueKind::String, "a\"b", error));
        out.push_back(',');
        QVERIFY(appendZipkinTagValue(out, ZipkinValueKind::Number, "200", error));
        out.push_back(',');
        QVERIFY(appendZipkinTagValue(out, ZipkinValueKind::Number, "1.50", error));
        out.push_back(',');
        QVERIFY(appendZipkinTagValue(out, ZipkinValueKind::Bool, "true", error));
        QCOMPARE(q(out), QStringLiteral("\"a\\\"b\",200,1.5,true"));
        QVERIFY(!appendZipkinTagValue(out, ZipkinValueKind::Number, "1e999", error));
        QCOMPARE(q(zipkinRepairUtf8("a\xFF")), QStringLiteral("a\uFFFD"));
    }

    void derivesServerHalfIds_data() {
        // Expected values from an independent python FNV-1a-64 over the id's 8 bytes, then
        // 0xFF + each of service, ipv4, ipv6, port (docs/formats/zipkin.md).
        QTest::addColumn<QString>("shared");
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("ipv4");
        QTest::addColumn<QString>("expected");
        QTest::newRow("orders at 10.0.0.2") << "00000000000000b0"
                                            << "orders"
                                            << "10.0.0.2"
                                            << "0ca8eb3437d31cc3";
        QTest::newRow("orders at 10.0.0.3") << "00000000000000b0"
                                            << "orders"
                                            << "10.0.0.3"
                                            << "01f3c234312dec18";
        QTest::newRow("edge, service only") << "00000000000000d0"
                                            << "edge"
                                            << ""
                                            << "8c43b4b8a193e80e";
        QTest::newRow("skew.json serviceb") << "74280ae0c10d8062"
                                            << "serviceb"
                                            << "192.0.0.0"
                                            << "8fbdde3bffadfd50";
    }
    void derivesServerHalfIds() {
        QFETCH(QString, shared);
        QFETCH(QString, service);
        QFETCH(QString, ipv4);
        QFETCH(QString, expected);
        const auto id = *SpanId::fromHex(shared.toStdString());
        const std::string s = service.toStdString(), ip = ipv4.toStdString();
        const SpanId half = zipkinServerHalfId(id, {s, ip, {}, {}});
        QCOMPARE(q(half.hex()), expected);
        QVERIFY(half != id && half.isValid());
    }

    void splitsArraysAndSingleSpans() {
        struct Case {
            std::string text;
            std::vector<std::pair<std::string, std::uint64_t>> elements;
        };
        const std::vector<Case> cases = {
            {"[{\"id\":\"1\"}, {\"id\":\"]\"}]", {{"[0]", 1}, {"[1]", 13}}},
            {"[[{\"id\":\"1\"}],[]]", {{"[0]", 1}, {"[1]", 14}}},
            {"\xEF\xBB\xBF {\"traceId\":\"a\",\"id\":\"b\"}\n", {{"", 4}}},
            {"[]", {}},
        };
        for (const auto& c : cases) {
            for (std::size_t piece : {c.text.size(), std::size_t(1)}) {
                ZipkinDocumentSplitter splitter;
                std::vector<std::pair<std::string, std::uint64_t>> seen;
                for (std::size_t i = 0; i < c.text.size(); i += piece) {
                    QVERIFY(splitter.feed(
                        std::string_view(c.text).substr(i, piece),
                        [&](const ZipkinDocumentSplitter::Element& e) {
                            seen.emplace_back(ZipkinDocumentSplitter::path(e.container, e.index),
                                              e.offset);
                            return c.text.substr(e.offset, e.json.size()) == e.json;
                        }));
                }
                QVERIFY2(splitter.finish(), splitter.error().c_str());
                QVERIFY2(seen == c.elements, c.text.c_str());
            }
        }
        ZipkinDocumentSplitter cut;
        QVERIFY(cut.feed("[{\"id\":\"1\"},{\"id\"", [](const auto&) { return true; }));
        QVERIFY(!cut.finish());
        QCOMPARE(cut.errorOffset(), std::uint64_t(17));
        QCOMPARE(q(cut.error()), QStringLiteral("unexpected end of file inside [1]"));
        ZipkinDocumentSplitter small(16); // an element over the limit is skipped, not held
        std::vector<bool> tooLarge;
        QVERIFY(
            small.feed("[{\"a\":1},{\"b\":\"0123456789abcdef\"},{\"c\":3}]", [&](const auto& e) {
                tooLarge.push_back(e.tooLarge);
                return true;
            }));
        QVERIFY(small.finish());
        QCOMPARE(tooLarge, (std::vector<bool>{false, true, false}));
    }

    // ---- sniffing ------------------------------------------------------------------

    void sniffsZipkinCorpus_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("score");
        for (const auto& entry : fs::directory_iterator(zipkinCorpus())) {
            const std::string name = entry.path().filename().string();
            // The two single-span files are one object, the others arrays (SOURCES.md).
            QTest::newRow(name.c_str()) << q(name) << (name.starts_with("single-span") ? 85 : 90);
        }
    }
    void sniffsZipkinCorpus() {
        QFETCH(QString, file);
        QFETCH(int, score);
        ZipkinJsonImporter importer;
        QCOMPARE(importer.sniff(head(zipkinCorpus() / file.toStdString())), score);
    }

    void doesNotClaimOtherFormats() {
        ZipkinJsonImporter importer;
        std::size_t checked = 0;
        for (const char* folder :
             {"otlp", "jaeger", "openlineage", "chrome", "dbt", "prometheus"}) {
            for (const auto& entry : fs::recursive_directory_iterator(test::corpusDir() / folder)) {
                if (!entry.is_regular_file())
                    continue;
                QVERIFY2(importer.sniff(head(entry.path())) == 0, entry.path().c_str());
                ++checked;
            }
        }
        QVERIFY(checked > 400);
        QCOMPARE(importer.sniff(""), 0);
        QCOMPARE(importer.sniff("[]"), 0);
        // Zipkin v1 is another format.
        QCOMPARE(importer.sniff("[{\"traceId\":\"a\",\"id\":\"b\",\"name\":\"x\","
                                "\"binaryAnnotations\":[]}]"),
                 0);
        // Chrome async events carry "id", but no traceId.
        QCOMPARE(importer.sniff("[{\"name\":\"a\",\"ph\":\"b\",\"id\":1,\"ts\":0}]"), 0);
        // The nested form of /api/v2/traces.
        QCOMPARE(importer.sniff("[[{\"traceId\":\"a\",\"id\":\"b\",\"timestamp\":1}]]"), 90);
    }

    void registryPicksZipkin() {
        ImporterRegistry registry;
        registry.add(std::make_unique<ZipkinJsonImporter>());
        Importer* found = registry.detect(head(zipkinCorpus() / "skew.json"));
        QVERIFY(found);
        QCOMPARE(q(found->format()), QStringLiteral("zipkin-json"));
    }

    // ---- the corpus ----------------------------------------------------------------

    void importsCorpus_data() {
        // Counted independently of the importer, with a 30-line python script applying the
        // rules of docs/formats/zipkin.md to json.load() of each file (a span needs hex ids
        // and a non-zero timestamp; annotations are events; shared, missing-duration and
        // error-tag spans counted among the accepted ones), and cross-checked with jq:
        //   jq '[.[] | select(.timestamp)] | length, ([.[].annotations[]?] | length),
        //       ([.[] | select(.shared)] | length),
        //       ([.[] | select(.timestamp and (.duration | not))] | length)' FILE
        // The totals agree with corpus/SOURCES.md: smartthings-mobile-web-install has 1041
        // spans of which 84 lack a timestamp (rejected) and 175 a duration (91 of them
        // among the 957 kept), 92 annotations, 16 services. envoy.json's one endpoint has
        // an address but no service name, so it counts no service here.
        // Shared spans given their own id (rule 1) are those whose CLIENT half is in the
        // file; orphans are spans whose parentId is no kept span's id, in the file itself:
        //   jq 'map(select(.timestamp)) as $s | [$s[] | select(.kind=="CLIENT") | [.traceId,.id]]
        //       as $c | ([$s[] | select(.shared) | select([.traceId,.id] as $k | $c |
        //       index([$k]))] | length), ([$s[].id] as $ids | [$s[] | select(.parentId and
        //       (.parentId as $p | $ids | index($p) | not))] | length)' FILE
        // The rule must leave exactly the file's own orphans. Repeated ids: jq groups by
        // (traceId, id, shared, localEndpoint); only the OAuth file repeats a server half
        // from the same endpoint (2 groups, 3 extra spans), which no rule can tell apart.
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("spans");
        QTest::addColumn<int>("traces");
        QTest::addColumn<int>("services");
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("rejections");
        QTest::addColumn<int>("joined");
        QTest::addColumn<int>("missingDuration");
        QTest::addColumn<int>("errors");
        QTest::addColumn<int>("repeatedIds");
        QTest::addColumn<int>("orphans");
        auto row = [](const char* file, int spans, int traces, int services, int events,
                      int rejections, int joined, int missingDuration, int errors, int repeatedIds,
                      int orphans) {
            QTest::newRow(file) << file << spans << traces << services << events << rejections
                                << joined << missingDuration << errors << repeatedIds << orphans;
        };
        row("ascend.json", 8, 1, 3, 0, 0, 2, 0, 0, 0, 0);
        row("envoy.json", 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        row("messaging-kafka.json", 28, 1, 2, 0, 0, 0, 0, 3, 0, 0);
        row("messaging.json", 4, 1, 2, 0, 0, 0, 0, 0, 0, 0);
        row("messaging2.json", 11, 1, 4, 0, 0, 0, 0, 0, 0, 6);
        row("simple-db-p6.json", 5, 1, 1, 0, 0, 0, 0, 0, 0, 0);
        row("single-span-chinese.json", 1, 1, 1, 0, 0, 0, 0, 1, 0, 1);
        row("single-span-client.json", 1, 1, 1, 2, 0, 0, 0, 0, 0, 1);
        row("skew.json", 4, 1, 2, 0, 0, 1, 0, 0, 0, 0);
        row("smartthings-mobile-web-install.json", 957, 1, 16, 92, 84, 294, 91, 2, 0, 0);
        row("smartthings-oauth-authorization.json", 175, 1, 8, 9, 0, 45, 19, 2, 3, 0);
        row("yelp.json", 16, 1, 6, 1, 0, 3, 0, 0, 0, 0);
    }
    void importsCorpus() {
        QFETCH(QString, file);
        QFETCH(int, spans);
        QFETCH(int, traces);
        QFETCH(int, services);
        QFETCH(int, events);
        QFETCH(int, rejections);
        QFETCH(int, joined);
        QFETCH(int, missingDuration);
        QFETCH(int, errors);
        QFETCH(int, repeatedIds);
        QFETCH(int, orphans);
        const auto result = importWith(zipkinCorpus() / file.toStdString());
        const auto& sink = result.sink;
        QVERIFY2(!result.outcome.partial, result.outcome.error.c_str());
        QCOMPARE(int(sink.spans.size()), spans);
        std::set<std::string> traceIds, serviceNames;
        std::set<std::pair<std::string, std::string>> ids;
        int sharedSeen = 0, noDuration = 0, errorStatus = 0;
        for (const auto& s : sink.spans) {
            traceIds.insert(s.traceId);
            if (!s.service.empty())
                serviceNames.insert(s.service);
            ids.emplace(s.traceId, s.spanId);
            const json attributes = json::parse(s.attributes);
            if (attributes.contains("zipkin.shared_span_id")) {
                ++sharedSeen;
                // Rule 1: the server half hangs under its client half's id.
                QCOMPARE(q(s.parentSpanId),
                         q(attributes["zipkin.shared_span_id"].get<std::string>()));
                QVERIFY(s.spanId != s.parentSpanId);
            }
            noDuration += attributes.contains("zipkin.missing_duration");
            errorStatus += s.status == int(StatusCode::Error);
            QVERIFY(json::parse(s.resource).is_object());
            QVERIFY(s.endNs >= s.startNs);
        }
        QCOMPARE(int(traceIds.size()), traces);
        QCOMPARE(int(serviceNames.size()), services);
        QCOMPARE(int(sink.spanEvents), events);
        QCOMPARE(int(sink.spanLinks), 0);
        QCOMPARE(int(sink.rejections.size()), rejections);
        QCOMPARE(sharedSeen, joined);
        std::set<std::string> known;
        for (const auto& span : sink.spans)
            known.insert(span.spanId);
        int orphaned = 0;
        for (const auto& span : sink.spans)
            orphaned += !span.parentSpanId.empty() && !known.count(span.parentSpanId);
        QCOMPARE(orphaned, orphans);
        QCOMPARE(noDuration, missingDuration);
        QCOMPARE(errorStatus, errors);
        QCOMPARE(int(sink.spans.size() - ids.size()), repeatedIds);
        for (const auto& r : sink.rejections) {
            QVERIFY2(q(r.location).startsWith(QStringLiteral("byte ")), r.location.c_str());
            QCOMPARE(q(r.reason), QStringLiteral("missing timestamp"));
        }
    }

    void sharedSpansInCorpus() {
        // skew.json: servicea's client "post" and serviceb's server half share the id
        // 74280ae0c10d8062; serviceb's "async" names that id as its parent.
        auto result = importWith(zipkinCorpus() / "skew.json");
        const auto& sink = result.sink;
        const auto client = sink.byId("74280ae0c10d8062");
        QVERIFY(client < sink.spans.size());
        QCOMPARE(q(sink.spans[client].service), QStringLiteral("servicea"));
        QCOMPARE(sink.spans[client].kind, int(SpanKind::Client));
        QCOMPARE(q(sink.spans[client].parentSpanId), QStringLiteral("bf396325699c84bf"));
        const auto server = sink.byId("8fbdde3bffadfd50"); // see derivesServerHalfIds
        QVERIFY(server < sink.spans.size());
        QCOMPARE(q(sink.spans[server].service), QStringLiteral("serviceb"));
        QCOMPARE(sink.spans[server].kind, int(SpanKind::Server));
        QCOMPARE(q(sink.spans[server].parentSpanId), QStringLiteral("74280ae0c10d8062"));
        // Rule 2: async runs in serviceb's endpoint, so it hangs under the server half,
        // although it comes first in the file.
        const auto async = sink.byName("async");
        QCOMPARE(q(sink.spans[async].parentSpanId), QStringLiteral("8fbdde3bffadfd50"));
        // The tree has one root and every parent is in the trace.
        int roots = 0;
        for (const auto& s : sink.spans) {
            roots += s.parentSpanId.empty();
            QVERIFY(s.parentSpanId.empty() || sink.byId(s.parentSpanId) < sink.spans.size());
        }
        QCOMPARE(roots, 1);

        // yelp.json: the root "routing" span is shared, but its client is not traced: it
        // keeps its id (rule 3) and the spans that name it as parent find it. jq finds four
        // ([.[] | select(.parentId=="2e8cfb154b59a41f")]): two CLIENT spans, and the two
        // shared server halves they call, which hang under those clients (rule 1).
        result = importWith(zipkinCorpus() / "yelp.json");
        const auto routing = result.sink.byId("2e8cfb154b59a41f");
        QVERIFY(routing < result.sink.spans.size());
        QCOMPARE(q(result.sink.spans[routing].service), QStringLiteral("routing"));
        QCOMPARE(q(result.sink.spans[routing].parentSpanId), QString());
        QCOMPARE(q(sharedIdOf(result.sink.spans[routing])), QString());
        int underRouting = 0;
        for (const auto& s : result.sink.spans)
            underRouting += s.parentSpanId == "2e8cfb154b59a41f";
        QCOMPARE(underRouting, 2);

        // envoy.json: one shared span, no client: it stays as it is.
        result = importWith(zipkinCorpus() / "envoy.json");
        QCOMPARE(q(result.sink.spans[0].spanId), QStringLiteral("978883983d506fa5"));
        QCOMPARE(q(result.sink.spans[0].parentSpanId), QString());
        QCOMPARE(q(result.sink.spans[0].service), QString());
        QCOMPARE(json::parse(result.sink.spans[0].attributes)["net.host.ip"],
                 json("169.254.65.45"));
    }

    void sharedSpanRule() {
        // shared.json: gateway calls orders with a joined span (id b0), answered by two
        // orders hosts; an edge server with no client. Children appear before their parent.
        const auto result = importWith(fixture("shared.json"));
        const auto& sink = result.sink;
        QCOMPARE(sink.spans.size(), std::size_t(9));
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        auto parentOf = [&](const char* id) { return q(sink.spans[sink.byId(id)].parentSpanId); };
        QCOMPARE(parentOf("00000000000000b0"), QStringLiteral("00000000000000a0")); // client
        QCOMPARE(parentOf("0ca8eb3437d31cc3"), QStringLiteral("00000000000000b0")); // server 1
        QCOMPARE(parentOf("01f3c234312dec18"), QStringLiteral("00000000000000b0")); // server 2
        QCOMPARE(parentOf("00000000000000c1"), QStringLiteral("0ca8eb3437d31cc3")); // orders .2
        QCOMPARE(parentOf("00000000000000c3"), QStringLiteral("01f3c234312dec18")); // orders .3
        QCOMPARE(parentOf("00000000000000c2"), QStringLiteral("00000000000000b0")); // gateway
        QCOMPARE(parentOf("00000000000000d0"), QString()); // edge: no client, kept
        QCOMPARE(parentOf("00000000000000d1"), QStringLiteral("00000000000000d0"));
        QCOMPARE(q(sink.spans[sink.byId("0ca8eb3437d31cc3")].service), QStringLiteral("orders"));
        QCOMPARE(q(sink.spans[sink.byId("00000000000000b0")].service), QStringLiteral("gateway"));
    }

    // ---- bad input -----------------------------------------------------------------

    void rejectsBadSpans_data() {
        // bad_spans.json: 20 elements, each span starting with "_n": its index (ignored by
        // the importer) so that its offset can be found; 0, 14, 18 and 19 are good.
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no id") << 1 << "missing span id";
        QTest::newRow("no timestamp") << 2 << "missing timestamp";
        QTest::newRow("zero timestamp") << 3 << "missing timestamp";
        QTest::newRow("negative timestamp") << 4 << "timestamp: \"-7\" is negative";
        QTest::newRow("past int64 nanoseconds")
            << 5
            << "timestamp: \"9300000000000000\" microseconds is beyond the int64 nanosecond "
               "range (year 2262)";
        QTest::newRow("timestamp a word") << 6 << "timestamp: \"soon\" is not an integer";
        QTest::newRow("trace id not hex")
            << 7 << "traceId: invalid trace id \"not-a-trace-id\": not hex";
        QTest::newRow("unknown kind") << 8 << "kind: unknown span kind \"SIDEWAYS\"";
        QTest::newRow("tags an array") << 9 << "tags: expected object, got array";
        QTest::newRow("tag an object")
            << 10 << "tags.x: expected a string, number or boolean, got object";
        QTest::newRow("annotation without timestamp") << 11 << "annotations[0]: missing timestamp";
        QTest::newRow("port out of range")
            << 12 << "remoteEndpoint.port: \"70000\" is not a port number";
        QTest::newRow("name a number") << 13 << "name: expected string, got number";
        QTest::newRow("negative duration") << 15 << "duration: \"-1\" is negative";
        QTest::newRow("not an object") << 16 << "expected a span object, got number";
        QTest::newRow("invalid JSON") << 17 << "invalid JSON at byte ";
    }
    void rejectsBadSpans() {
        QFETCH(int, index);
        QFETCH(QString, reason);
        const std::string text = readAll(fixture("bad_spans.json"));
        const auto result = importWith(fixture("bad_spans.json"));
        const auto& sink = result.sink;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(sink.spans.size(), std::size_t(4));
        QCOMPARE(sink.rejections.size(), std::size_t(16));
        const std::string path = "[" + std::to_string(index) + "]";
        const auto it = std::find_if(sink.rejections.begin(), sink.rejections.end(),
                                     [&](const auto& r) { return r.location.ends_with(path); });
        QVERIFY2(it != sink.rejections.end(), path.c_str());
        const std::uint64_t offset =
            index == 16 ? text.find("\n 7,\n") + 2 : spanOffset(text, index);
        QCOMPARE(q(it->location), QStringLiteral("byte %1: ").arg(offset) + q(path));
        if (index == 17) {
            // simdjson notices the missing comma at the next key.
            QVERIFY2(q(it->reason).startsWith(reason), it->reason.c_str());
            QVERIFY(
                q(it->reason).contains(QString::number(text.find("\"name\": \"missing-comma\""))));
        } else {
            QCOMPARE(q(it->reason), reason);
        }
    }

    void mapsFieldsOfGoodSpans() {
        const auto result = importWith(fixture("bad_spans.json"));
        const auto& sink = result.sink;
        // [0]: every field.
        const auto& span = sink.spans[0];
        QCOMPARE(q(span.traceId), QStringLiteral("5aab74dbb904746bb33447baae403ed6"));
        QCOMPARE(q(span.spanId), QStringLiteral("e457b5a2e4d86bd1"));
        QCOMPARE(q(span.parentSpanId), QStringLiteral("05e3ac9a4f6e3b90"));
        QCOMPARE(q(span.service), QStringLiteral("cart"));
        QCOMPARE(q(span.name), QStringLiteral("get /cart"));
        QCOMPARE(span.kind, int(SpanKind::Server));
        QCOMPARE(span.startNs, 1700000000000000000LL);
        QCOMPARE(span.endNs, 1700000000002500000LL);
        QCOMPARE(span.status, int(StatusCode::Error));
        QCOMPARE(q(span.statusMessage), QStringLiteral("timeout talking to redis"));
        QCOMPARE(q(span.tenant), QStringLiteral("acme"));
        QCOMPARE(q(span.scopeName), QStringLiteral("brave"));
        QCOMPARE(q(sink.details[0].scopeVersion), QStringLiteral("5.13"));
        QCOMPARE(q(sink.details[0].correlationId), QStringLiteral("corr-9"));
        QCOMPARE(q(sink.details[0].errorCode), QStringLiteral("E-42"));
        QCOMPARE(sink.details[0].eventNames, (std::vector<std::string>{"wr", "ws"}));
        QCOMPARE(sink.details[0].eventTimes[1], 1700000000002400000LL);
        QCOMPARE(q(span.resource), QStringLiteral("{\"service.name\":\"cart\"}"));
        // The error tag became the status; a tag wins over the endpoint's peer.service.
        QCOMPARE(json::parse(span.attributes),
                 json::parse("{\"http.method\":\"GET\",\"tenant_id\":\"acme\","
                             "\"correlation.id\":\"corr-9\",\"error_code\":\"E-42\","
                             "\"peer.service\":\"web-from-tag\",\"quote\\\"key\":"
                             "\"a\\\"b\\\\c\\u00e9\\t\",\"retries\":3,\"cached\":false,"
                             "\"net.peer.ip\":\"2001:db8::1\",\"net.peer.port\":54602,"
                             "\"net.host.ip\":\"10.0.0.5\",\"net.host.port\":8080}"));
        // [14]: no duration.
        const auto noDuration = sink.byName("no-duration");
        QCOMPARE(sink.spans[noDuration].endNs, sink.spans[noDuration].startNs);
        QCOMPARE(sink.spans[noDuration].kind, int(SpanKind::Internal));
        QCOMPARE(q(sink.spans[noDuration].attributes),
                 QStringLiteral("{\"zipkin.missing_duration\":true}"));
        // [18]: an all-zero parent is a root; otel.* tags; tenant.id.
        const auto root = sink.byName("zero-parent-is-root");
        QCOMPARE(q(sink.spans[root].parentSpanId), QString());
        QCOMPARE(sink.spans[root].kind, int(SpanKind::Producer));
        QCOMPARE(sink.spans[root].status, int(StatusCode::Ok));
        QCOMPARE(q(sink.spans[root].scopeName), QStringLiteral("io.opentelemetry.kafka"));
        QCOMPARE(q(sink.spans[root].tenant), QStringLiteral("globex"));
        // [19]: short and upper-case ids are padded.
        const auto shortIds = sink.byName("short-ids");
        QCOMPARE(q(sink.spans[shortIds].traceId),
                 QStringLiteral("0000000000000000b33447baae403ed6"));
        QCOMPARE(q(sink.spans[shortIds].spanId), QStringLiteral("0000000000000013"));
        QCOMPARE(q(sink.spans[shortIds].parentSpanId), QStringLiteral("0000000000000012"));
    }

    void readsNestedTraces() {
        // nested.json: [[root-1, child-1], [root-2, a span without timestamp]]; python:
        // t.index of the second trace's second '{' gives the rejected span's offset.
        const std::string text = readAll(fixture("nested.json"));
        const auto result = importWith(fixture("nested.json"));
        QCOMPARE(result.sink.spans.size(), std::size_t(3));
        QCOMPARE(result.sink.rejections.size(), std::size_t(1));
        const auto offset = text.rfind('{', text.find("\"no-timestamp\""));
        QCOMPARE(q(result.sink.rejections[0].location),
                 QStringLiteral("byte %1: [1][1]").arg(offset));
        QCOMPARE(q(result.sink.spans[1].parentSpanId), QStringLiteral("00000000000000c1"));
    }

    void truncatedFileKeepsEarlierSpans() {
        // truncated.json: five spans, cut inside the fourth (the file is 642 bytes).
        const auto result = importWith(fixture("truncated.json"));
        QVERIFY(result.outcome.partial);
        QCOMPARE(q(result.outcome.error),
                 QStringLiteral("invalid JSON at byte 642: unexpected end of file inside [3]"));
        QCOMPARE(result.sink.spans.size(), std::size_t(3));
        QCOMPARE(q(result.sink.spans[2].name), QStringLiteral("span-3"));
    }

    void repairsInvalidUtf8() {
        const auto result = importWith(fixture("invalid_utf8.json"));
        const auto& sink = result.sink;
        QCOMPARE(sink.rejections.size(), std::size_t(0));
        QCOMPARE(sink.spans.size(), std::size_t(2));
        QCOMPARE(q(sink.spans[0].name), QStringLiteral("caf\uFFFD au lait"));
        QCOMPARE(q(sink.spans[0].service), QStringLiteral("utf8-\uFFFD-svc"));
        QVERIFY(json::accept(sink.spans[0].attributes));
        QVERIFY(json::accept(sink.spans[0].resource));
        QCOMPARE(q(json::parse(sink.spans[0].attributes)["raw\xEF\xBF\xBDkey"].get<std::string>()),
                 QStringLiteral("bad \uFFFD byte, fine \u00e9"));
    }

    void hugeLineOfSpans() {
        // One line of about 50 MB holding 200,000 spans, a third of them shared: each span
        // is its own element, so memory stays flat however long the line.
        const auto path = tmpPath("huge.json");
        std::uint64_t size = 0;
        {
            std::ofstream out(path, std::ios::binary);
            out << '[';
            char span[400];
            for (int i = 0; i < 200000; ++i) {
                const int n = std::snprintf(
                    span, sizeof span,
                    "%s{\"traceId\":\"%016x\",\"parentId\":\"%016x\",\"id\":\"%016x\",\"kind\":"
                    "\"SERVER\",\"name\":\"get /items\",\"timestamp\":1700000000%06d,\"duration\":"
                    "%d,\"localEndpoint\":{\"serviceName\":\"svc-%d\",\"ipv4\":\"10.0.0.%d\"},"
                    "\"tags\":{\"http.status_code\":\"200\"}%s}",
                    i ? "," : "", i / 10 + 1, i + 1, i + 2, i % 1000000, 10 + i % 90, i % 7,
                    i % 250, i % 3 ? "" : ",\"shared\":true");
                out.write(span, n);
            }
            out << "]";
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
        // The first pass's index of shared spans (32 bytes each) and 1 MiB read buffers.
        QVERIFY2(!kMeasuresMemory || grown < (32u << 20), "memory must not grow with the line");
    }

    void hugeTagValue() {
        const auto path = tmpPath("huge-tag.json");
        const std::size_t valueSize = 50'000'000;
        {
            std::ofstream out(path, std::ios::binary);
            out << "[{\"traceId\":\"1\",\"id\":\"1\",\"name\":\"big\",\"timestamp\":"
                   "1700000000000000,"
                   "\"duration\":1,\"tags\":{\"payload\":\"";
            const std::string block(1 << 20, 'y');
            for (std::size_t written = 0; written < valueSize; written += block.size())
                out.write(block.data(), static_cast<std::streamsize>(
                                            std::min(block.size(), valueSize - written)));
            out << "\"}},{\"traceId\":\"1\",\"id\":\"2\",\"timestamp\":1700000000000000}]";
        }
        const ChildImport child = importInChild(path);
        const std::uint64_t grown = child.grownBytes;
        QVERIFY(!child.partial);
        QCOMPARE(child.spans, std::uint64_t(2));
        QVERIFY(child.largestAttributes > valueSize);
        qInfo("one 50 MB tag value: memory at the peak of the import +%.1f MB",
              double(grown) / 1e6);
        // The span's text (parsed in place) and the attribute text.
        QVERIFY2(!kMeasuresMemory || grown < 3 * valueSize,
                 "memory must stay a small multiple of the span");
    }

    void survivesCutsAndGarbage() {
        for (const auto& entry : fs::directory_iterator(zipkinCorpus())) {
            const std::string text = readAll(entry.path());
            if (text.size() > 200000)
                continue;
            const auto whole = importWith(entry.path());
            for (int k = 1; k <= 17; ++k) {
                const std::size_t cut = text.size() * std::size_t(k) / 18;
                writeAll(tmpPath("cut.json"), std::string_view(text).substr(0, cut));
                const auto result = importWith(tmpPath("cut.json"));
                QVERIFY2(
                    result.outcome.partial,
                    (entry.path().filename().string() + " cut at " + std::to_string(cut)).c_str());
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
    }

    void stopsWhenAsked() {
        std::stop_source stop;
        ImportContext context;
        context.stop = stop.get_token();
        stop.request_stop();
        // With shared spans (the first pass stops too) and without.
        for (const char* file : {"smartthings-oauth-authorization.json", "messaging-kafka.json"}) {
            const auto result = importWith(zipkinCorpus() / file, context);
            QVERIFY(result.outcome.partial);
            QCOMPARE(q(result.outcome.error), QStringLiteral("cancelled"));
            QCOMPARE(result.sink.spans.size(), std::size_t(0));
        }
    }
};

QTEST_APPLESS_MAIN(TestZipkinImporter)
#include "tst_zipkin_importer.moc"
