// Chrome Trace Event importer: pure time, phase and id functions, the nesting sweep, the
// event splitter, sniffing against the whole corpus, every corpus/chrome file with its
// counts checked by hand (see importsCorpus_data), and a fixture of bad events.

#include "core/import/importer_registry.h"
#include "plugins/builtin_importers.h"
#include "plugins/chrome/chrome_chunk_masks.h"
#include "plugins/chrome/chrome_digits.h"
#include "plugins/chrome/chrome_event_splitter.h"
#include "plugins/chrome/chrome_fields.h"
#include "plugins/chrome/chrome_nesting.h"
#include "plugins/chrome/chrome_record_spill.h"
#include "plugins/chrome/chrome_trace_importer.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

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

fs::path chromeCorpus() {
    return test::corpusDir() / "chrome";
}

std::string head(const fs::path& path) {
    return readAll(path).substr(0, 64 * 1024);
}

class DetailSink : public test::RecordingSink {
public:
    std::vector<std::string> spanResources;
    std::vector<std::string> logResources;
    std::vector<std::string> pointResources;
    void addMetricPoint(const MetricPoint& p) override {
        RecordingSink::addMetricPoint(p);
        pointResources.emplace_back(p.resourceJson);
    }
    void addSpan(const SpanRecord& s) override {
        RecordingSink::addSpan(s);
        spanResources.emplace_back(s.resourceJson);
    }
    void addLog(const LogRecord& l) override {
        RecordingSink::addLog(l);
        logResources.emplace_back(l.resourceJson);
    }
    const test::RecordedSpan* span(std::string_view name) const {
        for (const auto& s : spans)
            if (s.name == name)
                return &s;
        return nullptr;
    }
    const test::RecordedSpan* spanById(std::string_view id) const {
        for (const auto& s : spans)
            if (s.spanId == id)
                return &s;
        return nullptr;
    }
    // "child<parent" for every span with a parent, sorted.
    QStringList parents() const {
        QStringList out;
        for (const auto& s : spans)
            if (!s.parentSpanId.empty())
                if (const auto* p = spanById(s.parentSpanId))
                    out << q(s.name) + QLatin1Char('<') + q(p->name);
        out.sort();
        return out;
    }
};

struct Imported {
    DetailSink sink;
    FileOutcome outcome;
};

Imported importWith(const fs::path& path, const ImportContext& context = {}) {
    Imported result;
    ChromeTraceImporter importer;
    result.outcome = importer.importFile(path, context, result.sink);
    return result;
}

long peakRssKiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}
void resetPeakRss() {
    std::ofstream("/proc/self/clear_refs") << "5";
}
// AddressSanitizer's shadow memory and quarantine make peak RSS meaningless.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMeasureMemory = false;
#else
constexpr bool kMeasureMemory = true;
#endif

// "a:0-10 b:2-5" -> intervals with ordinals in order of appearance.
std::vector<ChromeInterval> intervalsFrom(const QString& text, QStringList& names) {
    std::vector<ChromeInterval> out;
    for (const QString& item : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const auto parts = item.split(QLatin1Char(':'));
        const auto range = parts[1].split(QLatin1Char('-'));
        out.push_back({range[0].toLongLong(), range[1].toLongLong(),
                       static_cast<std::uint32_t>(names.size())});
        names << parts[0];
    }
    return out;
}

} // namespace

class TestChromeImporter : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    fs::path tmpPath(const char* name) const { return fs::path(tmp.path().toStdString()) / name; }

private slots:
    // ---- pure functions -------------------------------------------------------------

    void parsesMicros_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("error");
        QTest::newRow("integer") << "9524" << qint64(9524000) << "";
        QTest::newRow("fraction") << "1.5" << qint64(1500) << "";
        QTest::newRow("ns precision") << "826.123456" << qint64(826123) << "";
        QTest::newRow("boot clock") << "438877834451" << qint64(438877834451000) << "";
        QTest::newRow("exponent") << "1.5e3" << qint64(1500000) << "";
        QTest::newRow("negative") << "-5" << qint64(-5000) << "";
        QTest::newRow("max") << "9223372036854775.807" << qint64(INT64_MAX) << "";
        QTest::newRow("too far") << "9223372036854776" << qint64(0) << "beyond the int64";
        QTest::newRow("word") << "soon" << qint64(0) << "\"soon\" is not a number";
        QTest::newRow("empty") << "" << qint64(0) << "is not a number";
    }
    void parsesMicros() {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        QFETCH(QString, error);
        const auto parsed = chromeMicrosToNs(text.toStdString());
        QCOMPARE(parsed.value.has_value(), error.isEmpty());
        if (parsed.value)
            QCOMPARE(qint64(*parsed.value), ns);
        else
            QVERIFY2(q(parsed.error).contains(error), parsed.error.c_str());
    }

    void classifiesPhases() {
        QVERIFY(chromePhase("X") == ChromePhase::Complete);
        QVERIFY(chromePhase("B") == ChromePhase::Begin);
        QVERIFY(chromePhase("E") == ChromePhase::End);
        QVERIFY(chromePhase("i") == ChromePhase::Instant);
        QVERIFY(chromePhase("I") == ChromePhase::Instant);
        QVERIFY(chromePhase("C") == ChromePhase::Counter);
        QVERIFY(chromePhase("M") == ChromePhase::Metadata);
        for (const char* ph : {"b", "e", "n", "S", "T", "p", "F", "s", "t", "f",
                               "P", "N", "O", "D", "v", "V", "R", "c", "(", ")"})
            QVERIFY2(chromePhase(ph) == ChromePhase::Skipped, ph);
        QVERIFY(chromePhase("XX") == ChromePhase::Unknown);
        QVERIFY(chromePhase("") == ChromePhase::Unknown);
    }

    void derivesIds() {
        const auto file = chromeFileKey("trace.json", 100, "[{}]");
        const auto trace = chromeTraceId(file, "52");
        QCOMPARE(chromeTraceId(file, "52"), trace); // deterministic
        QVERIFY(chromeTraceId(file, "53") != trace);
        QVERIFY(chromeTraceId(chromeFileKey("other.json", 100, "[{}]"), "52") != trace);
        QVERIFY(chromeTraceId(chromeFileKey("trace.json", 101, "[{}]"), "52") != trace);
        QVERIFY(chromeTraceId(chromeFileKey("trace.json", 100, "[{} ]"), "52") != trace);
        std::set<std::string> spans;
        for (std::uint64_t i = 0; i < 100000; ++i) {
            const auto id = chromeSpanId(trace, i);
            QVERIFY(id.isValid());
            spans.insert(id.hex());
        }
        QCOMPARE(spans.size(), std::size_t(100000));
    }

    void nestsByTime_data() {
        QTest::addColumn<QString>("slices");
        QTest::addColumn<QString>("instants");
        QTest::addColumn<QString>("parents");
        QTest::addColumn<QString>("enclosing");
        QTest::newRow("nested and siblings") << "a:0-10 b:2-5 c:6-9"
                                             << "i:3 j:7 k:11"
                                             << "b<a c<a"
                                             << "i>b j>c";
        QTest::newRow("children before parents (written at their end)") << "c:6-9 b:2-5 a:0-10"
                                                                        << ""
                                                                        << "b<a c<a"
                                                                        << "";
        QTest::newRow("equal bounds: the earlier is the parent")
            << "a:0-10 g:0-10 b:2-5 d:6-9 e:6-9"
            << "i:0"
            << "b<g d<g e<d g<a"
            << "i>g";
        QTest::newRow("touching ends are contained") << "a:0-10 b:10-10 c:0-0"
                                                     << "i:10"
                                                     << "b<a c<a"
                                                     << "i>b";
        QTest::newRow("overlap is not containment") << "e:12-15 f:14-20"
                                                    << "i:13 j:16 k:21"
                                                    << ""
                                                    << "i>e j>f";
    }
    void nestsByTime() {
        QFETCH(QString, slices);
        QFETCH(QString, instants);
        QFETCH(QString, parents);
        QFETCH(QString, enclosing);
        QStringList names, instantNames;
        auto intervals = intervalsFrom(slices, names);
        std::vector<ChromeInstant> points;
        for (const QString& item : instants.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const auto parts = item.split(QLatin1Char(':'));
            points.push_back(
                {parts[1].toLongLong(), static_cast<std::uint32_t>(instantNames.size())});
            instantNames << parts[0];
        }
        std::vector<std::uint32_t> parentOf(intervals.size(), kChromeNone);
        std::vector<std::uint32_t> enclosingOf(points.size(), kChromeNone);
        chromeNest(intervals, points, parentOf, enclosingOf);
        QStringList gotParents, gotEnclosing;
        for (std::size_t i = 0; i < parentOf.size(); ++i)
            if (parentOf[i] != kChromeNone)
                gotParents << names[qsizetype(i)] + QLatin1Char('<') + names[parentOf[i]];
        for (std::size_t i = 0; i < enclosingOf.size(); ++i)
            if (enclosingOf[i] != kChromeNone)
                gotEnclosing << instantNames[qsizetype(i)] + QLatin1Char('>') +
                                    names[enclosingOf[i]];
        gotParents.sort();
        gotEnclosing.sort();
        QCOMPARE(gotParents.join(QLatin1Char(' ')), parents);
        QCOMPARE(gotEnclosing.join(QLatin1Char(' ')), enclosing);
    }

    void namesMembers_data() {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("member");
        const auto row = [](const char* name, const QByteArray& key, ChromeMember member) {
            QTest::newRow(name) << key << static_cast<int>(member);
        };
        row("s", "s", ChromeMember::Scope);
        row("ph", "ph", ChromeMember::Ph);
        row("ts", "ts", ChromeMember::Ts);
        row("id", "id", ChromeMember::Id);
        row("pid", "pid", ChromeMember::Pid);
        row("tid", "tid", ChromeMember::Tid);
        row("dur", "dur", ChromeMember::Dur);
        row("cat", "cat", ChromeMember::Cat);
        row("name", "name", ChromeMember::Name);
        row("args", "args", ChromeMember::Args);
        row("tdur", "tdur", ChromeMember::Tdur);
        // Near misses: other lengths, other bytes in every position, a NUL.
        row("empty", "", ChromeMember::Other);
        row("S", "S", ChromeMember::Other);
        row("p", "p", ChromeMember::Other);
        row("pp", "pp", ChromeMember::Other);
        row("hp", "hp", ChromeMember::Other);
        row("pix", "pix", ChromeMember::Other);
        row("pIh", "pId", ChromeMember::Other);
        row("nXme", "nXme", ChromeMember::Other);
        row("namX", "namX", ChromeMember::Other);
        row("name plus", "names", ChromeMember::Other);
        row("tdux", "tdux", ChromeMember::Other);
        row("s and a NUL", QByteArray("s\0", 2), ChromeMember::Other);
        row("ts and a NUL", QByteArray("ts\0", 3), ChromeMember::Other);
        row("sp", "sp", ChromeMember::Other);
        row("cats", "cats", ChromeMember::Other);
    }
    void namesMembers() {
        QFETCH(QByteArray, key);
        QFETCH(int, member);
        QCOMPARE(static_cast<int>(chromeMemberOf(
                     std::string_view(key.constData(), static_cast<std::size_t>(key.size())))),
                 member);
    }

    void readsDigitRuns_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("digits");
        QTest::addColumn<qulonglong>("value"); // meaningful up to 19 digits
        QTest::newRow("one") << "7," << 1 << 7ULL;
        QTest::newRow("zero") << "0}" << 1 << 0ULL;
        QTest::newRow("seven, at the end") << "1234567" << 7 << 1234567ULL;
        QTest::newRow("eight") << "12345678," << 8 << 12345678ULL;
        QTest::newRow("nine") << "123456789," << 9 << 123456789ULL;
        QTest::newRow("wall clock micros")
            << "1763629200000000,\"dur\"" << 16 << 1763629200000000ULL;
        QTest::newRow("nineteen") << "1234567890123456789x" << 19 << 1234567890123456789ULL;
        QTest::newRow("digits then a letter") << "12a45678" << 2 << 12ULL;
        QTest::newRow("none") << "-5" << 0 << 0ULL;
        QTest::newRow("a byte above 0x7F after") << "42\u00e9" << 2 << 42ULL;
    }
    void readsDigitRuns() {
        QFETCH(QString, text);
        QFETCH(int, digits);
        QFETCH(qulonglong, value);
        const std::string bytes = text.toStdString();
        const char* q = bytes.data();
        std::size_t count = 0;
        const std::uint64_t got = chrome_digits::readDigits(q, bytes.data() + bytes.size(), count);
        QCOMPARE(int(count), digits);
        QCOMPARE(q, bytes.data() + count);
        QCOMPARE(qulonglong(got), value);
    }

    void readsSixteenDigitMicros() {
        // Wall-clock microseconds have 16 digits; the largest that fits int64 nanoseconds
        // is 9223372036854775 (INT64_MAX / 1000).
        QCOMPARE(chromeWholeMicrosToNs("1763629200000000"),
                 std::optional<std::int64_t>(1763629200000000000LL));
        QCOMPARE(chromeWholeMicrosToNs("9223372036854775"),
                 std::optional<std::int64_t>(9223372036854775000LL));
        QCOMPARE(chromeWholeMicrosToNs("9223372036854776"), std::nullopt);
        QCOMPARE(chromeWholeMicrosToNs("12345678901234567"), std::nullopt);
        // Through the importer's own reader: the same values, and the same rejection as
        // the general path gives.
        const auto path = tmpPath("micros.json");
        writeAll(path, "[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":9223372036854775,"
                       "\"dur\":0,\"name\":\"last\"},"
                       "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":9223372036854776,"
                       "\"dur\":0,\"name\":\"beyond\"},"
                       "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1763629200000000,"
                       "\"dur\":7787654,\"name\":\"now\"}]");
        const auto result = importWith(path);
        QCOMPARE(result.sink.spans.size(), std::size_t(2));
        QCOMPARE(result.sink.spans[0].startNs, 9223372036854775000LL);
        QCOMPARE(result.sink.spans[1].startNs, 1763629200000000000LL);
        QCOMPARE(result.sink.spans[1].endNs, 1763629200000000000LL + 7787654000LL);
        QCOMPARE(result.sink.rejections.size(), std::size_t(1));
        QCOMPARE(q(result.sink.rejections[0].reason),
                 QStringLiteral("ts: \"9223372036854776\" microseconds is beyond the int64 "
                                "nanosecond range"));
    }

    void tellsPlainText_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("begin");
        QTest::addColumn<int>("end"); // -1: the whole text
        QTest::addColumn<bool>("plain");
        QTest::newRow("plain") << QByteArray("{\"a\":\"b\",\"c\":1}") << 0 << -1 << true;
        QTest::newRow("a backslash") << QByteArray("{\"a\":\"b\\\"\"}") << 0 << -1 << false;
        QTest::newRow("UTF-8") << QByteArray("{\"a\":\"caf\xC3\xA9\"}") << 0 << -1 << false;
        QTest::newRow("a tab inside a string")
            << QByteArray("{\"a\":\"b\tc\"}") << 0 << -1 << false;
        QTest::newRow("new lines between members")
            << QByteArray("{\n\"a\":\"b\",\r\n\t\"c\":1\n}") << 0 << -1 << true;
        QTest::newRow("unusual bytes outside the range")
            << QByteArray("\\\xFF{\"a\":1}\xFF\\") << 2 << 9 << true;
        // Past 64 bytes: a string that starts in one word and ends in the next.
        QTest::newRow("a control byte in a string across words")
            << (QByteArray("{\"pad\":\"") + QByteArray(60, 'x') + QByteArray("\x01\"}")) << 0 << -1
            << false;
        QTest::newRow("a new line after a string across words")
            << (QByteArray("{\"pad\":\"") + QByteArray(60, 'x') + QByteArray("\",\n\"b\":2}")) << 0
            << -1 << true;
    }
    void tellsPlainText() {
        QFETCH(QByteArray, text);
        QFETCH(int, begin);
        QFETCH(int, end);
        QFETCH(bool, plain);
        ChromeChunkMasks masks;
        masks.compute(text.constData(), static_cast<std::size_t>(text.size()));
        QCOMPARE(masks.plain(static_cast<std::size_t>(begin),
                             static_cast<std::size_t>(end < 0 ? text.size() : end)),
                 plain);
        // The quotes are found where they are.
        const auto first = static_cast<std::size_t>(text.indexOf('"', begin));
        QCOMPARE(masks.nextQuote(static_cast<std::size_t>(begin)), first);
    }

    void spillsToAFileAndBack() {
        // With 1 KiB of memory, 5,000 records go to the temporary file; they come back in
        // order and whole, also one larger than the buffer.
        ChromeRecordSpill spill(1024);
        std::vector<std::string> written;
        for (int i = 0; i < 5000; ++i) {
            std::string text(static_cast<std::size_t>(i % 97), static_cast<char>('a' + i % 26));
            if (i == 2500)
                text.assign(100000, 'Z');
            ChromeSpillWriter out(spill.begin(3 * ChromeSpillWriter::kMaxVarint + text.size()));
            out.varint(static_cast<std::uint64_t>(i));
            out.signedVarint(-i);
            out.text(text);
            spill.end(out.end());
            written.push_back(std::move(text));
        }
        QVERIFY(spill.usedFile());
        std::string_view record;
        int i = 0;
        while (spill.next(record)) {
            ChromeSpillReader in(record);
            QCOMPARE(in.varint(), static_cast<std::uint64_t>(i));
            QCOMPARE(in.signedVarint(), static_cast<std::int64_t>(-i));
            QCOMPARE(in.text(), std::string_view(written[static_cast<std::size_t>(i)]));
            ++i;
        }
        QCOMPARE(i, 5000);
        QVERIFY(spill.error().empty());

        // Below the limit nothing goes to a file.
        ChromeRecordSpill small;
        ChromeSpillWriter out(small.begin(ChromeSpillWriter::kMaxVarint));
        out.varint(1);
        small.end(out.end());
        QVERIFY(small.next(record));
        QVERIFY(!small.next(record));
        QVERIFY(!small.usedFile());
    }

    void varintsRoundTrip() {
        const std::uint64_t unsignedValues[] = {
            0, 1, 127, 128, 16383, 16384, UINT64_MAX >> 1, UINT64_MAX};
        const std::int64_t signedValues[] = {0, -1, 1, -64, 64, INT64_MIN, INT64_MAX};
        char buffer[256];
        ChromeSpillWriter out(buffer);
        for (auto v : unsignedValues)
            out.varint(v);
        for (auto v : signedValues)
            out.signedVarint(v);
        // Small numbers take one byte: 0, 1, 127 and 0, -1, 1, -64 (zigzag 127).
        QVERIFY(out.end() - buffer < 256);
        ChromeSpillReader in({buffer, static_cast<std::size_t>(out.end() - buffer)});
        for (auto v : unsignedValues)
            QCOMPARE(in.varint(), v);
        for (auto v : signedValues)
            QCOMPARE(in.signedVarint(), v);
        QCOMPARE(in.at(), out.end());
    }

    void keepsEventsWithoutNameCatOrArgs() {
        // Absent texts are empty views without a buffer: the spill must not hand them to
        // memcpy (undefined even for 0 bytes; the sanitizer build stops on it, which the
        // fuzz target found). The span lands with empty name and no cat or args.
        const auto path = tmpPath("bare.json");
        writeAll(path, "[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1},"
                       "{\"ph\":\"i\",\"pid\":1,\"tid\":1,\"ts\":1}]");
        const auto result = importWith(path);
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        QCOMPARE(q(result.sink.spans[0].name), QString());
        QCOMPARE(json::parse(result.sink.spans[0].attributes),
                 json::parse("{\"thread\":\"1\",\"thread.id\":1}"));
        QCOMPARE(result.sink.logs.size(), std::size_t(1));
        QCOMPARE(q(result.sink.logs[0].body), QString());
        QCOMPARE(result.sink.logs[0].spanId, result.sink.spans[0].spanId); // inside it
    }

    void pidSpelledByTheSpanNotAnEarlierCounter() {
        // A counter names pid 7 as a string before a span names it as a number: the
        // resource keeps the span's spelling (see ChromeThreadTable). A process named only
        // by a counter keeps the counter's.
        const auto path = tmpPath("spelling.json");
        writeAll(path, "[{\"ph\":\"C\",\"pid\":\"7\",\"ts\":1,\"name\":\"q\",\"args\":{\"v\":1}},"
                       "{\"ph\":\"X\",\"pid\":7,\"tid\":1,\"ts\":2,\"dur\":1,\"name\":\"s\"},"
                       "{\"ph\":\"C\",\"pid\":\"8\",\"ts\":3,\"name\":\"r\",\"args\":{\"v\":2}}]");
        const auto result = importWith(path);
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        QCOMPARE(json::parse(result.sink.spanResources[0]),
                 json::parse("{\"service.name\":\"process 7\",\"process.pid\":7}"));
        QCOMPARE(result.sink.points.size(), std::size_t(2));
        QCOMPARE(q(result.sink.points[0].service), QStringLiteral("process 7"));
        QCOMPARE(json::parse(result.sink.pointResources[0]),
                 json::parse("{\"service.name\":\"process 7\",\"process.pid\":7}"));
        QCOMPARE(q(result.sink.points[1].service), QStringLiteral("process 8"));
        QCOMPARE(json::parse(result.sink.pointResources[1]),
                 json::parse("{\"service.name\":\"process 8\",\"process.pid\":\"8\"}"));
    }

    // ---- splitting ------------------------------------------------------------------

    void splitsBothForms_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("events");
        QTest::addColumn<bool>("complete");
        QTest::addColumn<qint64>("errorOffset");
        QTest::newRow("array") << "[{\"ph\":\"X\"},{\"ph\":\"B\"}]" << 2 << true << qint64(0);
        QTest::newRow("array without ]") << "[{\"ph\":\"X\"},\n{\"ph\":\"B\"}\n"
                                         << 2 << true << qint64(0);
        QTest::newRow("array with a trailing comma") << "[{\"ph\":\"X\"},\n"
                                                     << 1 << true << qint64(0);
        QTest::newRow("trailing comma then ]") << "[{},]" << 1 << true << qint64(0);
        QTest::newRow("empty array") << "[]" << 0 << true << qint64(0);
        QTest::newRow("empty file") << "" << 0 << true << qint64(0);
        QTest::newRow("object, other members around")
            << "{\"displayTimeUnit\":\"ns\",\"samples\":[{\"a\":[1,{\"b\":\"]}\"}]}],"
               "\"traceEvents\":[{\"ph\":\"X\",\"name\":\"a]}\\\"\"}],\"stackFrames\":{\"1\":{}}}"
            << 1 << true << qint64(0);
        QTest::newRow("object without }") << "{\"traceEvents\":[{}]" << 1 << false << qint64(19);
        QTest::newRow("cut inside an event")
            << "[{\"ph\":\"X\"},{\"ph\":\"X\",\"na" << 1 << false << qint64(12);
        QTest::newRow("not a trace") << "hello" << 0 << false << qint64(0);
        QTest::newRow("mismatched bracket") << "[{\"a\":[1}]" << 0 << false << qint64(8);
        QTest::newRow("junk after the array") << "[{}] x" << 1 << false << qint64(5);
    }
    void splitsBothForms() {
        QFETCH(QString, text);
        QFETCH(int, events);
        QFETCH(bool, complete);
        QFETCH(qint64, errorOffset);
        const std::string bytes = text.toStdString();
        // Fed whole, and fed one byte at a time: the same events.
        for (bool byteByByte : {false, true}) {
            ChromeEventSplitter splitter;
            std::vector<std::string> seen;
            bool valid = true;
            auto onEvent = [&](const ChromeEventSplitter::Event& e) {
                seen.emplace_back(e.json);
                valid = valid && json::accept(e.json);
                return true;
            };
            bool fed = true;
            if (byteByByte) {
                for (std::size_t i = 0; i < bytes.size() && fed; ++i)
                    fed = splitter.feed(std::string_view(bytes).substr(i, 1), onEvent);
            } else {
                fed = splitter.feed(bytes, onEvent);
            }
            const bool finished = fed && splitter.finish();
            QCOMPARE(int(seen.size()), events);
            QVERIFY(valid);
            QCOMPARE(finished, complete);
            if (!complete)
                QCOMPARE(qint64(splitter.errorOffset()), errorOffset);
        }
    }

    void readsHeadKeys() {
        bool inArray = true;
        auto keys = chromeHeadKeys("{\"traceEvents\":[{\"ph\":\"X\"}],\"meta", inArray);
        QVERIFY(!inArray);
        QCOMPARE(keys, std::vector<std::string>({"traceEvents"}));
        keys = chromeHeadKeys(
            "\xEF\xBB\xBF [ {\"name\":\"a\",\"args\":{\"x\":[1]},\"ph\":\"B\",\"ts", inArray);
        QVERIFY(inArray);
        QCOMPARE(keys, std::vector<std::string>({"name", "args", "ph"})); // the ts key is cut off
        QVERIFY(chromeHeadKeys("[1,2]", inArray).empty());
        QVERIFY(chromeHeadKeys("", inArray).empty());
    }

    // ---- sniffing -------------------------------------------------------------------

    void sniffsCorpus() {
        // Every corpus/chrome file is the Trace Event Format: the catapult ones and the
        // speedscope ones too, which are speedscope's trace-event test inputs (its own
        // .speedscope.json format has "$schema" and "profiles" and is not here). All
        // other folders are other formats.
        ChromeTraceImporter importer;
        std::size_t mine = 0, others = 0;
        for (const auto& entry : fs::recursive_directory_iterator(test::corpusDir())) {
            if (!entry.is_regular_file())
                continue;
            const bool chrome = entry.path().parent_path().filename() == "chrome";
            const int score = importer.sniff(head(entry.path()));
            if (chrome) {
                QVERIFY2(score >= 90, entry.path().c_str());
                ++mine;
            } else {
                QVERIFY2(score == 0, entry.path().c_str());
                ++others;
            }
        }
        QCOMPARE(mine, std::size_t(13));
        QVERIFY(others > 500);
        QCOMPARE(importer.sniff("[]"), 0);
        QCOMPARE(importer.sniff("[{\"traceId\":\"a\",\"id\":\"b\",\"name\":\"x\"}]"), 0); // Zipkin
        QCOMPARE(importer.sniff("{\"$schema\":\"https://www.speedscope.app/file-format-schema."
                                "json\",\"profiles\":[]}"),
                 0);
        QCOMPARE(importer.sniff("{\"ph\":\"X\",\"ts\":1}\n"), 0); // one event is not a trace
        for (const auto& entry : fs::directory_iterator(test::testDataDir() / "chrome"))
            QVERIFY2(importer.sniff(head(entry.path())) >= 90, entry.path().c_str());
    }

    void registryPicksChrome() {
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        for (const auto& entry : fs::directory_iterator(chromeCorpus())) {
            Importer* found = registry.detect(head(entry.path()));
            QVERIFY2(found, entry.path().c_str());
            QCOMPARE(q(found->format()), QStringLiteral("chrome-trace"));
        }
        QCOMPARE(q(registry.detect(head(test::corpusDir() / "otlp" / "otel-tui_test_data.json"))
                       ->format()),
                 QStringLiteral("otlp-json"));
    }

    // ---- the corpus -----------------------------------------------------------------

    void importsCorpus_data() {
        // Counted by hand, independently of the importer, in two ways that agree:
        //  - jq per phase, e.g. jq '[.[] | select(.ph=="B")] | length' (or .traceEvents[])
        //    (for speedscope_simple-partial, after appending the missing ']'), which also
        //    agrees with the phase counts in corpus/SOURCES.md;
        //  - a python script that applies the mapping rules to json.load()ed events: X
        //    with ts and dur (or tdur) is a span, B/E matched per (pid, tid) stack is a
        //    span, i/I a log, each numeric args member of C a point, other phases except
        //    M counted by phase; traces = distinct pids with spans; "with parent" by a
        //    brute-force O(n^2) containment search per thread (not the sweep).
        // catapult_big_trace: 933 B and 933 E, all matched, over 4 pids; 587 have a
        // parent.
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("spans");
        QTest::addColumn<int>("withParent");
        QTest::addColumn<int>("traces");
        QTest::addColumn<int>("logs");
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("rejections");
        QTest::addColumn<QString>("note");
        auto row = [](const char* file, int spans, int withParent, int traces, int logs, int points,
                      int rejections, const char* note) {
            QTest::newRow(file) << QString::fromUtf8(file) << spans << withParent << traces << logs
                                << points << rejections << QString::fromUtf8(note);
        };
        row("catapult_async_begin_end.json", 3, 1, 1, 0, 0, 0, "F 10, S 11, T 7, b 1");
        row("catapult_big_trace.json", 933, 587, 4, 0, 0, 0, "");
        row("catapult_flow_simple.json", 5, 0, 5, 0, 0, 0, "f 2, s 2, t 1");
        row("catapult_instance_counters.json", 2, 0, 1, 0, 8, 0, "");
        row("catapult_instant_events.json", 0, 0, 0, 5, 0, 0, "");
        row("catapult_nestable_async.json", 0, 0, 0, 0, 0, 0, "b 9, e 9, n 2");
        row("catapult_simple_trace.json", 12, 6, 1, 6, 5, 0, "P 3");
        row("catapult_trivial_trace.json", 2, 0, 1, 0, 0, 0, "");
        row("speedscope_multi-thread-with-samples.json", 2, 0, 1, 0, 0, 0, "");
        row("speedscope_multiprocess.json", 8, 0, 4, 0, 0, 0, "");
        row("speedscope_simple-object.json", 3, 2, 1, 0, 0, 0, "");
        row("speedscope_simple-partial.json", 4, 3, 1, 0, 0, 0, "");
        row("speedscope_simple.json", 4, 3, 1, 0, 0, 0, "");
    }
    void importsCorpus() {
        QFETCH(QString, file);
        QFETCH(int, spans);
        QFETCH(int, withParent);
        QFETCH(int, traces);
        QFETCH(int, logs);
        QFETCH(int, points);
        QFETCH(int, rejections);
        QFETCH(QString, note);
        const auto result = importWith(chromeCorpus() / file.toStdString());
        QVERIFY2(!result.outcome.partial, result.outcome.error.c_str());
        QCOMPARE(q(result.outcome.error),
                 note.isEmpty()
                     ? QString()
                     : QStringLiteral("not imported (phases without a mapping): ") + note);
        const auto& sink = result.sink;
        QCOMPARE(int(sink.spans.size()), spans);
        QCOMPARE(int(sink.logs.size()), logs);
        QCOMPARE(int(sink.points.size()), points);
        QCOMPARE(int(sink.rejections.size()), rejections);
        std::set<std::string> traceIds, spanIds;
        int parented = 0;
        for (const auto& s : sink.spans) {
            traceIds.insert(s.traceId);
            spanIds.insert(s.traceId + s.spanId);
            QVERIFY(s.endNs >= s.startNs);
            QVERIFY(json::parse(s.attributes).is_object());
            if (!s.parentSpanId.empty()) {
                ++parented;
                // The parent is a span of the same trace and thread, containing this one.
                const auto* parent = sink.spanById(s.parentSpanId);
                QVERIFY(parent);
                QCOMPARE(parent->traceId, s.traceId);
                QVERIFY(parent->startNs <= s.startNs && s.endNs <= parent->endNs);
                QCOMPARE(json::parse(parent->attributes).value("thread.id", json()),
                         json::parse(s.attributes).value("thread.id", json()));
            }
        }
        QCOMPARE(int(traceIds.size()), traces);
        QCOMPARE(int(spanIds.size()), spans); // ids are unique
        QCOMPARE(parented, withParent);
        for (const auto& l : sink.logs)
            QVERIFY(json::parse(l.attributes).is_object());
    }

    void mapsSimpleTrace() {
        const auto result = importWith(chromeCorpus() / "catapult_simple_trace.json");
        const auto& sink = result.sink;
        // python brute force (see importsCorpus_data), by name:
        QCOMPARE(sink.parents(),
                 QStringList({"A long name that doesnt fit but is exceedingly informative<Long X "
                              "type",
                              "Asub with a name that wont fit<A long name that doesnt fit but is "
                              "exceedingly informative",
                              "Asub<A long name that doesnt fit but is exceedingly informative",
                              "B/E under X<X", "X same ts and dur as X1<X1", "X<B/E over X"}));
        // B at 826 us, its E at 833 us; the names come from the B (the E says "").
        const auto* along = sink.span("A long name that doesnt fit but is exceedingly informative");
        QVERIFY(along);
        QCOMPARE(along->startNs, 826000LL);
        QCOMPARE(along->endNs, 833000LL);
        QCOMPARE(q(along->service), QStringLiteral("process 22630"));
        QCOMPARE(along->kind, int(SpanKind::Internal));
        QCOMPARE(json::parse(along->attributes),
                 json::parse("{\"thread\":\"threadA\",\"thread.id\":22630,\"cat\":\"PERF\","
                             "\"args.name_false\":false,\"args.value_true\":true}"));
        QCOMPARE(json::parse(sink.spanResources[0]),
                 json::parse("{\"service.name\":\"process 22630\",\"process.pid\":22630}"));
        const auto* a = sink.span("A");
        QVERIFY(a);
        QCOMPARE(json::parse(a->attributes).value("thread", ""), std::string("threadB"));
        // Instants: logs, linked to the slice of their thread that contains them.
        std::map<std::string, std::string> linked;
        for (const auto& log : sink.logs) {
            const auto* span = sink.spanById(log.spanId);
            linked[log.body] = span ? span->name : std::string("-");
            if (span)
                QCOMPARE(log.traceId, span->traceId);
        }
        QCOMPARE(linked["ThreadLevelI1"], std::string("Long X type")); // 835 = its end
        QCOMPARE(linked["ThreadLevelI2"], std::string("-"));           // 837: nothing open
        QCOMPARE(linked["ThreadLevelImmediate Three"], std::string("A"));
        QCOMPARE(linked["ThreadLevelImmediate4"], std::string("A"));
        QCOMPARE(linked["ProcessWideEvent1"], std::string("-")); // process scope
        QCOMPARE(linked["GlobalEvent1"], std::string("-"));      // global scope, no pid
        for (const auto& log : sink.logs) {
            if (log.body == "GlobalEvent1") {
                QCOMPARE(q(log.service), QString());
                QCOMPARE(json::parse(log.attributes),
                         json::parse("{\"cat\":\"PERF\",\"scope\":\"g\"}"));
                QCOMPARE(log.timeNs, 880000LL);
            }
            if (log.body == "ProcessWideEvent1")
                QCOMPARE(q(log.service), QStringLiteral("process 22630"));
        }
        // Counters: one series, "value".
        QStringList values;
        for (const auto& p : sink.points) {
            QCOMPARE(q(p.name), QStringLiteral("counter"));
            QCOMPARE(p.kind, int(MetricKind::Gauge));
            QCOMPARE(q(p.labels), QStringLiteral("{\"series\":\"value\"}"));
            values << QString::number(p.value) + QLatin1Char('@') + QString::number(p.timeNs);
        }
        QCOMPARE(values,
                 QStringList({"10@826000", "1@832000", "5@839000", "1@848000", "10@854000"}));
    }

    void namesProcessesAndThreads() {
        const auto multi = importWith(chromeCorpus() / "speedscope_multiprocess.json");
        std::map<std::string, std::pair<std::string, std::string>> byName;
        for (const auto& s : multi.sink.spans)
            byName[s.name] = {s.service, json::parse(s.attributes).value("thread", "")};
        using P = std::pair<std::string, std::string>;
        QVERIFY(byName["alpha"] == P("p0", "p0t0"));
        QVERIFY(byName["beta"] == P("p0", "p0t1"));
        QVERIFY(byName["gamma"] == P("p1", "p1t0"));
        QVERIFY(byName["delta"] == P("p1", "p1t1"));
        QVERIFY(byName["epsilon"] == P("process 2", "p2t0")); // no process_name
        QVERIFY(byName["phi"] == P("process 2", "p2t1"));
        QVERIFY(byName["zeta"] == P("p3", "0")); // no thread_name
        QVERIFY(byName["eta"] == P("p3", "1"));

        // ts and tid written as strings; thread_name only for tid "1".
        const auto hermes =
            importWith(chromeCorpus() / "speedscope_multi-thread-with-samples.json");
        QCOMPARE(hermes.sink.spans.size(), std::size_t(2));
        for (const auto& s : hermes.sink.spans) {
            QCOMPARE(q(s.service), QStringLiteral("hermes"));
            QCOMPARE(s.startNs, 11550183666000LL);
            QCOMPARE(s.endNs, s.startNs);
        }
        QCOMPARE(json::parse(hermes.sink.spans[0].attributes),
                 json::parse("{\"thread\":\"mqt_js\",\"thread.id\":\"1\",\"cat\":\"mqt_js\"}"));
        QCOMPARE(json::parse(hermes.sink.spans[1].attributes),
                 json::parse("{\"thread\":\"2\",\"thread.id\":\"2\",\"cat\":\"mqt_js\"}"));
        QCOMPARE(json::parse(hermes.sink.spanResources[0]),
                 json::parse("{\"service.name\":\"hermes\",\"process.pid\":7512}"));

        // An X with tdur and no dur or name (speedscope_simple-object).
        const auto object = importWith(chromeCorpus() / "speedscope_simple-object.json");
        const auto* unnamed = object.sink.span("");
        QVERIFY(unnamed);
        QCOMPARE(unnamed->startNs, 7000LL);
        QCOMPARE(unnamed->endNs, 11000LL);
        QCOMPARE(object.sink.parents(), QStringList({"<beta", "beta<alpha"}));

        // Counter instances: the id is a label.
        const auto counters = importWith(chromeCorpus() / "catapult_instance_counters.json");
        std::map<std::string, int> byLabels;
        for (const auto& p : counters.sink.points)
            ++byLabels[p.labels];
        QCOMPARE(byLabels["{\"series\":\"value\",\"id\":\"123\"}"], 6);
        QCOMPARE(byLabels["{\"series\":\"value\",\"id\":\"b\"}"], 2);
    }

    void idsAreDeterministicPerFile() {
        ImportContext one;
        one.displayPath = "traces/one.json";
        ImportContext two;
        two.displayPath = "traces/two.json";
        const auto path = chromeCorpus() / "catapult_trivial_trace.json";
        const auto a = importWith(path, one);
        const auto b = importWith(path, one);
        const auto c = importWith(path, two);
        QCOMPARE(a.sink.spans[0].traceId, b.sink.spans[0].traceId);
        QCOMPARE(a.sink.spans[1].spanId, b.sink.spans[1].spanId);
        QVERIFY(a.sink.spans[0].traceId != c.sink.spans[0].traceId);
        QVERIFY(a.sink.spans[0].spanId != a.sink.spans[1].spanId);
    }

    // ---- bad input ------------------------------------------------------------------

    void rejectsBadEvents() {
        // tests/data/chrome/bad.json, one event per line; offsets from python
        // (text.index of each element), indexes from their order.
        const auto result = importWith(test::testDataDir() / "chrome" / "bad.json");
        const auto& sink = result.sink;
        QVERIFY(!result.outcome.partial);
        QCOMPARE(q(result.outcome.error),
                 QStringLiteral("not imported (phases without a mapping): Z 1"));
        QStringList rejections;
        for (const auto& r : sink.rejections)
            rejections << q(r.location) + QStringLiteral(" | ") + q(r.reason);
        QCOMPARE(rejections.size(), 12);
        QVERIFY2(rejections[9].startsWith(QStringLiteral("byte 785: [14] | invalid JSON: ")),
                 qPrintable(rejections[9]));
        rejections.removeAt(9);
        QCOMPARE(rejections,
                 QStringList({
                     "byte 61: [1] | ts: expected a string or number, got boolean",
                     "byte 124: [2] | pid: expected a string or number, got object",
                     "byte 193: [3] | event without \"ph\"",
                     "byte 234: [4] | X event without dur",
                     "byte 285: [5] | X event with a negative dur",
                     "byte 351: [6] | X event without ts",
                     "byte 402: [7] | E event without a matching B (pid 1, tid 2)",
                     "byte 624: [11] | C event \"no numbers\" has no numeric args",
                     "byte 781: [13] | expected an event object, got number",
                     "byte 1089: [19] | E event at ts before its B (byte 1032: [18])",
                     "byte 437: [8] | B event \"open forever\" has no matching E (pid 1, tid 1)",
                 }));
        QCOMPARE(sink.spans.size(), std::size_t(3));
        const auto* closed = sink.span("closed");
        QVERIFY(closed);
        QCOMPARE(json::parse(closed->attributes),
                 json::parse("{\"thread\":\"3\",\"thread.id\":3,\"args.step\":1,"
                             "\"args.result\":\"ok\"}")); // B and E args merged
        const auto* after = sink.span("after bad literal");
        QVERIFY(after);
        QCOMPARE(sink.spanById(after->parentSpanId)->name, std::string("root"));
        // The event that was not valid JSON still had its number: the instant after it is
        // linked to the right span (both passes numbered the same way).
        QCOMPARE(sink.logs.size(), std::size_t(1));
        QCOMPARE(sink.logs[0].spanId, after->spanId);
        QCOMPARE(sink.points.size(), std::size_t(2));
        QCOMPARE(q(sink.points[0].labels), QStringLiteral("{\"series\":\"depth\"}"));
        QCOMPARE(sink.points[0].value, 7.0);
        QCOMPARE(q(sink.points[1].labels), QStringLiteral("{\"series\":\"cap\"}"));
    }

    void keepsInvalidUtf8AsValidJson() {
        writeAll(tmpPath("latin1.json"),
                 "[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":2,\"name\":\"caf\xE9\","
                 "\"args\":{\"us\xE9r\":\"Jos\xE9\"}},\n"
                 "{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"br\xFC"
                 "cke\"}}]");
        const auto result = importWith(tmpPath("latin1.json"));
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
        QCOMPARE(result.sink.spans.size(), std::size_t(1));
        QCOMPARE(q(result.sink.spans[0].name), QStringLiteral("caf\uFFFD"));
        QCOMPARE(q(result.sink.spans[0].service), QStringLiteral("br\uFFFDcke"));
        QCOMPARE(json::parse(result.sink.spans[0].attributes).value("args.us\xEF\xBF\xBDr", ""),
                 std::string("Jos\xEF\xBF\xBD"));
    }

    void cutFilesArePartialOrComplete() {
        // Every corpus file cut at 17 places: never a crash, never more spans than the
        // whole file. An object-form trace cut before its end is partial; an array cut
        // between events is complete (the format allows a missing ']').
        for (const auto& entry : fs::directory_iterator(chromeCorpus())) {
            const std::string text = readAll(entry.path());
            const bool objectForm = text.find_first_not_of(" \n\r\t") != std::string::npos &&
                                    text[text.find_first_not_of(" \n\r\t")] == '{';
            const auto whole = importWith(entry.path());
            for (int k = 1; k <= 17; ++k) {
                const std::size_t cut = text.size() * std::size_t(k) / 18;
                const auto path = tmpPath("cut.json");
                writeAll(path, std::string_view(text).substr(0, cut));
                const auto result = importWith(path);
                QVERIFY(result.sink.spans.size() <= whole.sink.spans.size());
                QVERIFY(result.sink.logs.size() <= whole.sink.logs.size());
                if (objectForm)
                    QVERIFY2(result.outcome.partial,
                             (entry.path().filename().string() + " cut at " + std::to_string(cut))
                                 .c_str());
                if (result.outcome.partial && result.outcome.error != "cancelled")
                    QVERIFY(q(result.outcome.error)
                                .startsWith(QStringLiteral("invalid JSON at byte ")));
            }
        }
        // The speedscope file without its ']' is complete, as the format allows.
        const auto partial = importWith(chromeCorpus() / "speedscope_simple-partial.json");
        QVERIFY(!partial.outcome.partial);
        // Cut inside an event: the events before it land, the break is located.
        writeAll(tmpPath("cut_event.json"),
                 "[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":2},\n{\"ph\":\"X\",\"pi");
        const auto cut = importWith(tmpPath("cut_event.json"));
        QVERIFY(cut.outcome.partial);
        QCOMPARE(cut.sink.spans.size(), std::size_t(1));
        QCOMPARE(q(cut.outcome.error),
                 QStringLiteral("invalid JSON at byte 44: the file ends inside the event that "
                                "starts here"));

        std::string garbage;
        for (int i = 0; i < 5000; ++i)
            garbage.push_back(static_cast<char>((i * 7919) % 251));
        writeAll(tmpPath("garbage.json"), garbage);
        const auto bad = importWith(tmpPath("garbage.json"));
        QVERIFY(bad.outcome.partial);
        QCOMPARE(bad.sink.spans.size() + bad.sink.logs.size(), std::size_t(0));
        const auto missing = importWith(tmpPath("missing.json"));
        QVERIFY(q(missing.outcome.error).startsWith(QStringLiteral("cannot read missing.json")));
    }

    void streamsWithBoundedMemory() {
        // 300,000 events (about 30 MB): per thread, a root X with 99 children written
        // before it, as writers that emit an event at its end do. Memory grows with the
        // nesting index (a few dozen bytes a span), not with the file.
        const auto path = tmpPath("big.json");
        std::size_t bytes = 0;
        {
            std::ofstream out(path, std::ios::binary);
            out << "{\"traceEvents\":[\n";
            std::string line;
            for (int block = 0; block < 3000; ++block) {
                const long base = block * 1000L;
                for (int child = 0; child < 99; ++child) {
                    line = "{\"ph\":\"X\",\"pid\":" + std::to_string(block % 7) +
                           ",\"tid\":" + std::to_string(block % 3) +
                           ",\"ts\":" + std::to_string(base + child * 10 + 1) +
                           ",\"dur\":5,\"name\":\"child\",\"cat\":\"work\",\"args\":{\"i\":" +
                           std::to_string(child) + ",\"note\":\"padding padding padding\"}},\n";
                    out << line;
                    bytes += line.size();
                }
                line = "{\"ph\":\"X\",\"pid\":" + std::to_string(block % 7) +
                       ",\"tid\":" + std::to_string(block % 3) + ",\"ts\":" + std::to_string(base) +
                       ",\"dur\":999,\"name\":\"root\"},\n";
                out << line;
                bytes += line.size();
            }
            out << "{\"ph\":\"M\",\"pid\":0,\"name\":\"process_name\",\"args\":{\"name\":\"zero\"}}"
                   "],\"otherData\":{\"version\":\"x\"}}\n";
        }
        // A sink that counts, so the test's own copies do not hide the importer's memory.
        struct CountingSink : RecordSink {
            std::size_t spans = 0, parented = 0, rejections = 0, zero = 0;
            void addSpan(const SpanRecord& s) override {
                ++spans;
                parented += s.parentSpanId.has_value();
                zero += s.service == "zero";
            }
            void addLog(const LogRecord&) override {}
            void addMetricPoint(const MetricPoint&) override {}
            void addChange(const ChangeRecord&) override {}
            void reject(const Rejection&) override { ++rejections; }
        } sink;
        resetPeakRss();
        const long before = peakRssKiB();
        ChromeTraceImporter importer;
        const auto outcome = importer.importFile(path, {}, sink);
        const long peak = peakRssKiB();
        QVERIFY2(!outcome.partial, outcome.error.c_str());
        QCOMPARE(sink.spans, std::size_t(300000));
        QCOMPARE(sink.parented, std::size_t(297000)); // every child finds its root
        QCOMPARE(sink.rejections, std::size_t(0));
        // pid 0 is named by metadata at the very end: its 429 blocks of 100 spans.
        QCOMPARE(sink.zero, std::size_t(42900));
        QVERIFY(bytes > 25u << 20);
        if (kMeasureMemory && before > 0)
            QVERIFY2(peak - before < 24 * 1024,
                     qPrintable(QStringLiteral("peak grew by %1 KiB").arg(peak - before)));
    }

    void stopsWhenAsked() {
        std::stop_source stop;
        ImportContext context;
        context.stop = stop.get_token();
        stop.request_stop();
        const auto result = importWith(chromeCorpus() / "catapult_big_trace.json", context);
        QVERIFY(result.outcome.partial);
        QCOMPARE(q(result.outcome.error), QStringLiteral("cancelled"));
        QCOMPARE(result.sink.spans.size(), std::size_t(0));
    }

    void stopsWhileHandingOnRecords() {
        // A stop asked for once the file has been read (progress past four fifths of the
        // bytes: the records are being handed on) stops before the last record. Progress
        // comes every 4 MiB: the file (about 37 MB) is large enough for one report while
        // the records are handed on.
        const auto path = tmpPath("cancel-late.json");
        std::size_t events = 0;
        {
            std::ofstream out(path, std::ios::binary);
            out << "[";
            for (; events < 500000; ++events)
                out << (events ? "," : "") << "{\"ph\":\"X\",\"pid\":1,\"tid\":" << events % 5
                    << ",\"ts\":" << events * 10
                    << ",\"dur\":5,\"name\":\"work\",\"args\":{\"i\":" << events << "}}";
            out << "]";
        }
        const auto size = fs::file_size(path);
        std::stop_source stop;
        ImportContext context;
        context.stop = stop.get_token();
        std::uint64_t stoppedAt = 0;
        context.onBytes = [&](std::uint64_t done) {
            if (!stoppedAt && done > size / 5 * 4) {
                stoppedAt = done;
                stop.request_stop();
            }
        };
        const auto result = importWith(path, context);
        QVERIFY(stoppedAt > 0);
        QVERIFY(result.outcome.partial);
        QCOMPARE(q(result.outcome.error), QStringLiteral("cancelled"));
        QVERIFY(result.sink.spans.size() < events);
    }

    void reportsProgress() {
        std::vector<std::uint64_t> calls;
        ImportContext context;
        context.onBytes = [&](std::uint64_t done) { calls.push_back(done); };
        const auto path = chromeCorpus() / "catapult_big_trace.json";
        importWith(path, context);
        QVERIFY(!calls.empty());
        QCOMPARE(calls.back(), std::uint64_t(fs::file_size(path)));
        for (std::size_t i = 1; i < calls.size(); ++i)
            QVERIFY(calls[i] >= calls[i - 1]);
    }
};

QTEST_APPLESS_MAIN(TestChromeImporter)
#include "tst_chrome_importer.moc"
