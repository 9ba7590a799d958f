// JSON-lines logs importer: pure time and level functions, key detection per logger
// (fixtures under tests/data/jsonlogs with the real key shapes of ECS, pino, bunyan,
// zap, logrus, the collector's own logs, GELF and OTel-style flat records), the values
// of the records, every kind of bad line, and the sniffing of the whole corpus.

#include "core/import/importer_registry.h"
#include "plugins/builtin_importers.h"
#include "plugins/jsonlogs/json_lines_logs_importer.h"
#include "plugins/jsonlogs/json_log_mapper.h"
#include "plugins/jsonlogs/log_fields.h"
#include "plugins/jsonlogs/log_key_mapping.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
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

fs::path fixture(const std::string& name) {
    return test::testDataDir() / "jsonlogs" / name;
}

std::string head(const fs::path& path) {
    return readAll(path).substr(0, 64 * 1024);
}

struct LogDetail {
    std::string scopeName, errorCode, resource;
};

class DetailSink : public test::RecordingSink {
public:
    std::vector<LogDetail> details;
    void addLog(const LogRecord& l) override {
        RecordingSink::addLog(l);
        details.push_back(
            {std::string(l.scopeName), std::string(l.errorCode), std::string(l.resourceJson)});
    }
};

struct Imported {
    DetailSink sink;
    FileOutcome outcome;
};

Imported importWith(const fs::path& path, const ImportContext& context = {},
                    const LogKeyOverride& override = {}) {
    Imported result;
    JsonLinesLogsImporter importer(override);
    result.outcome = importer.importFile(path, context, result.sink);
    return result;
}

// Peak resident memory of this process in KiB, after the peak was reset.
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

} // namespace

class TestJsonLogsImporter : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    fs::path tmpPath(const char* name) const { return fs::path(tmp.path().toStdString()) / name; }

private slots:
    // ---- pure functions -------------------------------------------------------------

    void epochUnitByMagnitude_data() {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("unit");
        QTest::newRow("zap float seconds") << "1763629200.1234567"
                                           << "s";
        QTest::newRow("seconds") << "1763629200"
                                 << "s";
        QTest::newRow("seconds exponent") << "1.7636292e9"
                                          << "s";
        QTest::newRow("pino ms") << "1763629200123"
                                 << "ms";
        QTest::newRow("ms exponent") << "1.763629200123e12"
                                     << "ms";
        QTest::newRow("micros") << "1763629200123456"
                                << "µs";
        QTest::newRow("nanos") << "1763629200123456789"
                               << "ns";
        QTest::newRow("1973 in ms") << "100000000000"
                                    << "ms";
        QTest::newRow("zero") << "0"
                              << "unknown";
        QTest::newRow("negative") << "-1763629200"
                                  << "unknown";
        QTest::newRow("not a number") << "soon"
                                      << "unknown";
        QTest::newRow("leading zero") << "0123"
                                      << "unknown";
    }
    void epochUnitByMagnitude() {
        QFETCH(QString, number);
        QFETCH(QString, unit);
        QCOMPARE(q(epochUnitName(epochUnitForNumber(number.toStdString()))), unit);
    }

    void parsesEpochNumbers_data() {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("error");
        QTest::newRow("zap float, exact") << "1584291845.0432646"
                                          << "s" << qint64(1584291845043264600) << "";
        QTest::newRow("pino ms") << "1763629200123"
                                 << "ms" << qint64(1763629200123000000) << "";
        QTest::newRow("micros") << "1763629200123456"
                                << "us" << qint64(1763629200123456000) << "";
        QTest::newRow("nanos") << "1763629200123456789"
                               << "ns" << qint64(1763629200123456789) << "";
        QTest::newRow("exponent") << "1.5e3"
                                  << "ms" << qint64(1500000000) << "";
        QTest::newRow("sub-ns digits dropped") << "1.0000000019"
                                               << "s" << qint64(1000000001) << "";
        QTest::newRow("last ns") << "9223372036.854775807"
                                 << "s" << qint64(INT64_MAX) << "";
        QTest::newRow("one ns too far") << "9223372036.854775808"
                                        << "s" << qint64(0) << "is beyond 2262";
        QTest::newRow("ms too far") << "99999999999999999999999"
                                    << "ms" << qint64(0) << "(epoch ms) is beyond 2262";
        QTest::newRow("huge exponent") << "1e400"
                                       << "s" << qint64(0) << "is beyond 2262";
        QTest::newRow("negative") << "-5"
                                  << "s" << qint64(0) << "\"-5\" is before 1970";
        QTest::newRow("not JSON") << "01"
                                  << "s" << qint64(0) << "is not a number";
        QTest::newRow("zero") << "0"
                              << "s" << qint64(0) << "";
    }
    void parsesEpochNumbers() {
        QFETCH(QString, number);
        QFETCH(QString, unit);
        QFETCH(qint64, ns);
        QFETCH(QString, error);
        const auto parsed =
            parseEpochNumber(number.toStdString(), *epochUnitFromName(unit.toStdString()));
        QCOMPARE(parsed.value.has_value(), error.isEmpty());
        if (parsed.value)
            QCOMPARE(qint64(*parsed.value), ns);
        else
            QVERIFY2(q(parsed.error).contains(error), parsed.error.c_str());
    }

    void parsesTimeText_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("error");
        // python: datetime.fromisoformat(s).timestamp()
        QTest::newRow("ECS") << "2026-11-20T09:00:00.123Z" << qint64(1795165200123000000) << "";
        QTest::newRow("logrus RFC3339")
            << "2026-11-20T10:00:00+01:00" << qint64(1795165200000000000) << "";
        QTest::newRow("zap ISO8601 +0000")
            << "2026-11-20T09:00:06.100+0000" << qint64(1795165206100000000) << "";
        QTest::newRow("python asctime")
            << "2026-11-20 09:00:00,500" << qint64(1795165200500000000) << "";
        QTest::newRow("Go zero time")
            << "0001-01-01T00:00:00Z" << qint64(0) << "is out of range (1970 to 2261)";
        QTest::newRow("year 9999") << "9999-12-31T23:59:59Z" << qint64(0) << "is out of range";
        QTest::newRow("before epoch by offset")
            << "1970-01-01T00:00:00+01:00" << qint64(0) << "is out of range";
        QTest::newRow("bad month, odd year")
            << "0001-13-01T00:00:00Z" << qint64(0) << "is not an RFC 3339 time";
        QTest::newRow("word") << "yesterday" << qint64(0) << "\"yesterday\" is not an RFC 3339";
        QTest::newRow("Go String()")
            << "2014-03-10 19:57:38.562264131 -0400 EDT" << qint64(0) << "is not an RFC 3339 time";
    }
    void parsesTimeText() {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        QFETCH(QString, error);
        const auto parsed = parseLogTimeText(text.toStdString());
        QCOMPARE(parsed.value.has_value(), error.isEmpty());
        if (parsed.value)
            QCOMPARE(qint64(*parsed.value), ns);
        else
            QVERIFY2(q(parsed.error).contains(error), parsed.error.c_str());
    }

    void mapsLevels_data() {
        QTest::addColumn<QString>("word");
        QTest::addColumn<int>("severity");
        QTest::newRow("pino/zap info") << "info" << 9;
        QTest::newRow("log4j upper") << "WARN" << 13;
        QTest::newRow("logrus warning") << "warning" << 13;
        QTest::newRow("Serilog Information") << "Information" << 9;
        QTest::newRow("Serilog Verbose") << "Verbose" << 1;
        QTest::newRow("python CRITICAL") << "CRITICAL" << 22;
        QTest::newRow("zap dpanic") << "dpanic" << 21;
        QTest::newRow("logrus panic") << "panic" << 21;
        QTest::newRow("syslog emerg") << "emerg" << 24;
        QTest::newRow("padded") << " error " << 17;
        QTest::newRow("unknown") << "loud" << 0;
        QTest::newRow("empty") << "" << 0;
    }
    void mapsLevels() {
        QFETCH(QString, word);
        QFETCH(int, severity);
        QCOMPARE(severityFromLevelText(word.toStdString()), severity);
    }

    void mapsLevelNumbers_data() {
        QTest::addColumn<QString>("scale");
        QTest::addColumn<int>("value");
        QTest::addColumn<int>("severity"); // -1: out of range
        QTest::addColumn<QString>("name");
        QTest::newRow("pino 10") << "pino" << 10 << 1 << "trace";
        QTest::newRow("pino 30") << "pino" << 30 << 9 << "info";
        QTest::newRow("pino 35 custom") << "pino" << 35 << 9 << "";
        QTest::newRow("pino 50") << "pino" << 50 << 17 << "error";
        QTest::newRow("pino 60") << "pino" << 60 << 21 << "fatal";
        QTest::newRow("pino 0") << "pino" << 0 << -1 << "";
        QTest::newRow("syslog 3") << "syslog" << 3 << 17 << "err";
        QTest::newRow("syslog 6") << "syslog" << 6 << 9 << "info";
        QTest::newRow("syslog 8") << "syslog" << 8 << -1 << "";
        QTest::newRow("otlp 9") << "otlp" << 9 << 9 << "INFO";
        QTest::newRow("otlp 10") << "otlp" << 10 << 10 << "";
        QTest::newRow("otlp 25") << "otlp" << 25 << -1 << "";
    }
    void mapsLevelNumbers() {
        QFETCH(QString, scale);
        QFETCH(int, value);
        QFETCH(int, severity);
        QFETCH(QString, name);
        const auto level = levelFromNumber(value, *levelScaleFromName(scale.toStdString()));
        QCOMPARE(level.value.has_value(), severity >= 0);
        if (level.value) {
            QCOMPARE(level.value->severityNumber, severity);
            QCOMPARE(q(level.value->name), name);
        }
    }

    void checksUtf8() {
        QVERIFY(isValidUtf8("plain ascii, \xC3\xA9t\xC3\xA9, \xE2\x82\xAC"));
        QVERIFY(!isValidUtf8("caf\xE9"));      // Latin-1
        QVERIFY(!isValidUtf8("\xED\xA0\x80")); // a surrogate
        QVERIFY(!isValidUtf8("\xC0\xAF"));     // overlong '/'
        QCOMPARE(q(replaceInvalidUtf8("caf\xE9!")), QStringLiteral("caf\uFFFD!"));
        QCOMPARE(q(replaceInvalidUtf8("\xF0\x9F\x98")), QStringLiteral("\uFFFD\uFFFD\uFFFD"));
    }

    // ---- key detection --------------------------------------------------------------

    void detectsKeys_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("mapping");
        QTest::addColumn<int>("sniff");
        QTest::newRow("ECS java (dotted keys)")
            << "ecs_java.jsonl"
            << "timestamp=@timestamp (RFC 3339), level=log.level (text), message=message, "
               "service=service.name, trace_id=trace.id, span_id=span.id, logger=log.logger"
            << 70;
        QTest::newRow("ECS nodejs (nested objects)")
            << "ecs_nodejs.jsonl"
            << "timestamp=@timestamp (RFC 3339), level=log.level (text), message=message, "
               "service=service.name, trace_id=trace.id, span_id=span.id, logger=none"
            << 70;
        QTest::newRow("ECS python (dotted and nested)")
            << "ecs_python.jsonl"
            << "timestamp=@timestamp (RFC 3339), level=log.level (text), message=message, "
               "service=service.name, trace_id=none, span_id=none, logger=log.logger"
            << 70;
        QTest::newRow("pino") << "pino.jsonl"
                              << "timestamp=time (epoch ms), level=level (pino numbers), "
                                 "message=msg, service=name, trace_id=trace_id, "
                                 "span_id=span_id, logger=none"
                              << 70;
        QTest::newRow("bunyan") << "bunyan.jsonl"
                                << "timestamp=time (RFC 3339), level=level (pino numbers), "
                                   "message=msg, service=name, trace_id=none, span_id=none, "
                                   "logger=none"
                                << 70;
        QTest::newRow("zap") << "zap.jsonl"
                             << "timestamp=ts (epoch s), level=level (text), message=msg, "
                                "service=service, trace_id=trace_id, span_id=span_id, "
                                "logger=logger"
                             << 70;
        QTest::newRow("logrus") << "logrus.jsonl"
                                << "timestamp=time (RFC 3339), level=level (text), message=msg, "
                                   "service=none, trace_id=none, span_id=none, logger=none"
                                << 70;
        QTest::newRow("collector's own logs")
            << "otelcol.jsonl"
            << "timestamp=ts (RFC 3339), level=level (text), message=msg, service=none, "
               "trace_id=none, span_id=none, logger=none"
            << 70;
        QTest::newRow("epoch microseconds")
            << "unit_micros.jsonl"
            << "timestamp=ts (epoch µs), level=severity (text), message=message, "
               "service=service, trace_id=none, span_id=none, logger=none"
            << 70;
        QTest::newRow("OTel-style flat records, ns as text")
            << "unit_nanos.jsonl"
            << "timestamp=timestamp (epoch ns), level=severity_text (text), message=body, "
               "service=resource.service.name, trace_id=trace_id, span_id=none, logger=none"
            << 70;
        QTest::newRow("GELF syslog levels")
            << "gelf_syslog.jsonl"
            << "timestamp=timestamp (epoch s), level=level (syslog numbers), message=message, "
               "service=none, trace_id=none, span_id=none, logger=none"
            << 70;
        QTest::newRow("keys it does not know")
            << "custom_keys.jsonl"
            << "timestamp=none, level=none, message=none, service=name, trace_id=none, "
               "span_id=none, logger=none"
            << 0;
    }
    void detectsKeys() {
        QFETCH(QString, file);
        QFETCH(QString, mapping);
        QFETCH(int, sniff);
        const std::string text = head(fixture(file.toStdString()));
        QCOMPARE(q(detectLogKeys(text).describe()), mapping);
        QCOMPARE(JsonLinesLogsImporter().sniff(text), sniff);
        // The import reports the mapping it used.
        const auto result = importWith(fixture(file.toStdString()));
        QCOMPARE(q(result.outcome.note), QStringLiteral("mapping: ") + mapping);
        QCOMPARE(q(result.outcome.error), QString());
    }

    void detectionPrefersTheMostCommonKey() {
        // "message" on one line, "msg" on three: msg wins; on a tie the earlier
        // candidate (message) would.
        const std::string text = "{\"ts\":1,\"msg\":\"a\"}\n{\"ts\":2,\"msg\":\"b\"}\n"
                                 "{\"ts\":3,\"msg\":\"c\",\"message\":\"d\"}\n";
        QCOMPARE(detectLogKeys(text).key(LogRole::Message), std::string("msg"));
        const std::string tie = "{\"ts\":1,\"msg\":\"a\"}\n{\"ts\":2,\"message\":\"b\"}\n";
        QCOMPARE(detectLogKeys(tie).key(LogRole::Message), std::string("message"));
        // A message key must hold text: Docker's "log" is a string, python ECS's an object.
        const std::string docker =
            "{\"log\":\"GET /health 200\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T09:"
            "00:00.000000001Z\"}\n";
        QCOMPARE(detectLogKeys(docker).key(LogRole::Message), std::string("log"));
        QCOMPARE(JsonLinesLogsImporter().sniff(docker), 60);
        // A head cut inside its last line uses the complete lines only.
        const std::string cut = "{\"ts\":1,\"msg\":\"a\",\"level\":\"info\"}\n{\"ts\":2,\"ms";
        LogHeadSample sample;
        detectLogKeys(cut, {}, &sample);
        QCOMPARE(sample.lines, std::size_t(1));
    }

    void parsesOverride() {
        std::string error;
        auto parsed = parseLogKeyOverride(
            "{\"timestamp\":\"when\",\"timestamp_unit\":\"s\",\"level\":\"sev\",\"level_scale\":"
            "\"syslog\",\"message\":\"text\",\"service\":\"\"}",
            error);
        QVERIFY2(parsed, error.c_str());
        QCOMPARE(*parsed->keys[0], std::string("when"));
        QCOMPARE(*parsed->keys[3], std::string(""));
        QVERIFY(!parsed->keys[4]);
        QVERIFY(parsed->timeUnit == EpochUnit::Seconds);
        QVERIFY(parsed->levelScale == LevelScale::Syslog);
        QVERIFY(!parseLogKeyOverride("{\"timestamp\":5}", error));
        QCOMPARE(q(error), QStringLiteral("mapping.timestamp must be a string"));
        QVERIFY(!parseLogKeyOverride("{\"colour\":\"red\"}", error));
        QCOMPARE(q(error), QStringLiteral("mapping.colour is not a known field"));
        QVERIFY(!parseLogKeyOverride("{\"timestamp_unit\":\"days\"}", error));
        QVERIFY(!parseLogKeyOverride("[]", error));
        QVERIFY(parseLogKeyOverride("{}", error)->empty());
    }

    void overrideWinsOverDetection() {
        LogKeyOverride override;
        override.keys[static_cast<std::size_t>(LogRole::Timestamp)] = "when";
        override.keys[static_cast<std::size_t>(LogRole::Level)] = "sev";
        override.keys[static_cast<std::size_t>(LogRole::Message)] = "text";
        override.keys[static_cast<std::size_t>(LogRole::Service)] = "app_component";
        const auto result = importWith(fixture("custom_keys.jsonl"), {}, override);
        QCOMPARE(q(result.outcome.note),
                 QStringLiteral("mapping: timestamp=when (epoch s, override), level=sev (text, "
                                "override), message=text (override), service=app_component "
                                "(override), trace_id=none, span_id=none, logger=none"));
        const auto& logs = result.sink.logs;
        QCOMPARE(logs.size(), std::size_t(2));
        QCOMPARE(logs[0].timeNs, 1763629200000000000LL);
        QCOMPARE(logs[1].severityNumber, 17);
        QCOMPARE(q(logs[0].body), QStringLiteral("custom keys need a mapping"));
        QCOMPARE(q(logs[0].service), QStringLiteral("billing"));
        // "name" is not the service any more, so it is an attribute again.
        QCOMPARE(json::parse(logs[0].attributes), json::parse("{\"name\":\"not-a-service\"}"));

        // An empty key switches a role off, and the unit can be forced.
        LogKeyOverride off;
        off.keys[static_cast<std::size_t>(LogRole::Service)] = "";
        off.timeUnit = EpochUnit::Milliseconds;
        const auto pino = importWith(fixture("pino.jsonl"), {}, off);
        QVERIFY(q(pino.outcome.note)
                    .contains(QStringLiteral("timestamp=time (epoch ms, unit override)")));
        QVERIFY(q(pino.outcome.note).contains(QStringLiteral("service=none (override)")));
        QCOMPARE(q(pino.sink.logs[0].service), QString());
        QCOMPARE(json::parse(pino.sink.logs[0].attributes).value("name", ""),
                 std::string("checkout"));
    }

    // ---- values -------------------------------------------------------------------

    void importsFixtures_data() {
        // Expectations written from the fixture lines by hand; times with python
        // datetime.fromisoformat(...).timestamp() or the epoch digits themselves.
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("logs");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("severityText");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("traceId");
        QTest::addColumn<QString>("spanId");
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QString>("scope");
        auto row = [](const char* file, int logs, qint64 time, int severity, const char* text,
                      const char* body, const char* service, const char* trace, const char* span,
                      const char* tenant, const char* scope) {
            QTest::newRow(file) << QString::fromUtf8(file) << logs << time << severity
                                << QString::fromUtf8(text) << QString::fromUtf8(body)
                                << QString::fromUtf8(service) << QString::fromUtf8(trace)
                                << QString::fromUtf8(span) << QString::fromUtf8(tenant)
                                << QString::fromUtf8(scope);
        };
        row("ecs_java.jsonl", 3, 1795165200123000000, 9, "INFO", "Lead received from web form",
            "lead-intake", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "acme",
            "com.acme.leads.LeadController");
        row("ecs_nodejs.jsonl", 2, 1795165200010000000, 9, "info", "cart loaded", "checkout",
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "", "");
        row("ecs_python.jsonl", 2, 1795165202000000000, 9, "info", "scoring lead", "lead-scoring",
            "", "", "globex", "scoring.worker");
        row("pino.jsonl", 6, 1763629200123000000, 9, "info", "incoming request", "checkout", "", "",
            "", "");
        row("bunyan.jsonl", 4, 1795165200000000000, 9, "info", "listening on :8080", "lead-router",
            "", "", "", "");
        row("zap.jsonl", 4, 1763629200123456700, 9, "info", "lead accepted", "lead-router",
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "acme", "router");
        row("logrus.jsonl", 4, 1795165200000000000, 9, "info",
            "A group of walrus emerges from the ocean", "", "", "", "", "");
        row("otelcol.jsonl", 4, 1795165200000000000, 9, "info", "Setting up own telemetry...", "",
            "", "", "", "");
        row("unit_micros.jsonl", 2, 1763629200123456000, 9, "INFO", "epoch microseconds", "clock",
            "", "", "", "");
        row("unit_nanos.jsonl", 2, 1763629200123456789, 9, "INFO",
            "OTel-style flat record with epoch ns as a string", "flat-otel",
            "4bf92f3577b34da6a3ce929d0e0e4736", "", "", "");
        row("gelf_syslog.jsonl", 3, 1763629200250000000, 13, "warning", "replica lag high: 12s", "",
            "", "", "", "");
    }
    void importsFixtures() {
        QFETCH(QString, file);
        QFETCH(int, logs);
        QFETCH(qint64, time);
        QFETCH(int, severity);
        QFETCH(QString, severityText);
        QFETCH(QString, body);
        QFETCH(QString, service);
        QFETCH(QString, traceId);
        QFETCH(QString, spanId);
        QFETCH(QString, tenant);
        QFETCH(QString, scope);
        const auto result = importWith(fixture(file.toStdString()));
        QVERIFY(!result.outcome.partial);
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
        QCOMPARE(result.sink.logs.size(), std::size_t(logs));
        const auto& log = result.sink.logs[0];
        QCOMPARE(log.timeNs, time);
        QCOMPARE(log.severityNumber, severity);
        QCOMPARE(q(log.severityText), severityText);
        QCOMPARE(q(log.body), body);
        QCOMPARE(q(log.service), service);
        QCOMPARE(q(log.traceId), traceId);
        QCOMPARE(q(log.spanId), spanId);
        QCOMPARE(q(log.tenant), tenant);
        QCOMPARE(q(result.sink.details[0].scopeName), scope);
        for (const auto& record : result.sink.logs)
            QVERIFY(json::parse(record.attributes).is_object());
        if (!service.isEmpty())
            QCOMPARE(json::parse(result.sink.details[0].resource),
                     json::object({{"service.name", service.toStdString()}}));
        else
            QCOMPARE(q(result.sink.details[0].resource), QString());
    }

    void mapsLevelsAndTimesAcrossLines() {
        const auto pino = importWith(fixture("pino.jsonl"));
        QCOMPARE(pino.sink.logs[2].severityNumber, 5);  // 20 debug
        QCOMPARE(pino.sink.logs[3].severityNumber, 17); // 50 error
        QCOMPARE(q(pino.sink.logs[3].severityText), QStringLiteral("error"));
        QCOMPARE(pino.sink.logs[4].severityNumber, 9); // 35, a custom level above info
        QCOMPARE(q(pino.sink.logs[4].severityText), QStringLiteral("35"));
        QCOMPARE(pino.sink.logs[5].severityNumber, 21); // 60 fatal
        QCOMPARE(q(pino.sink.logs[1].traceId), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));

        const auto zap = importWith(fixture("zap.jsonl"));
        QCOMPARE(zap.sink.logs[1].timeNs, 1763629200500000000LL);
        QCOMPARE(zap.sink.logs[2].timeNs, 1763629201000001000LL);
        QCOMPARE(zap.sink.logs[3].timeNs, 1763629202000000000LL); // an integer, still seconds
        QCOMPARE(zap.sink.logs[3].severityNumber, 21);            // dpanic
        QCOMPARE(q(zap.sink.details[2].scopeName), QStringLiteral("router.vendor"));

        const auto logrus = importWith(fixture("logrus.jsonl"));
        QCOMPARE(logrus.sink.logs[1].severityNumber, 13); // warning
        QCOMPARE(logrus.sink.logs[1].timeNs, 1795165205000000000LL);
        QCOMPARE(logrus.sink.logs[3].severityNumber, 21); // fatal

        const auto otelcol = importWith(fixture("otelcol.jsonl"));
        QCOMPARE(otelcol.sink.logs[3].timeNs, 1795165206100000000LL); // "+0000"
        QCOMPARE(otelcol.sink.logs[3].severityNumber, 17);

        const auto gelf = importWith(fixture("gelf_syslog.jsonl"));
        QCOMPARE(gelf.sink.logs[1].severityNumber, 17); // syslog 3 err
        QCOMPARE(q(gelf.sink.logs[1].severityText), QStringLiteral("err"));
        QCOMPARE(gelf.sink.logs[2].severityNumber, 9); // syslog 6 info

        const auto nanos = importWith(fixture("unit_nanos.jsonl"));
        QCOMPARE(q(nanos.sink.logs[1].body), QStringLiteral("{\"event\":\"structured body\"}"));
        QCOMPARE(nanos.sink.logs[1].severityNumber, 17);

        const auto bunyan = importWith(fixture("bunyan.jsonl"));
        QCOMPARE(bunyan.sink.logs[1].severityNumber, 13);
        QCOMPARE(bunyan.sink.logs[3].severityNumber, 1);
    }

    void flattensAttributes() {
        const auto ecs = importWith(fixture("ecs_nodejs.jsonl"));
        // The mapped keys (@timestamp, log.level, message, service.name, trace.id) are
        // not repeated; nested objects become dotted keys, in the order they came.
        QCOMPARE(json::parse(ecs.sink.logs[1].attributes),
                 json::parse(readAll(fixture("expected_ecs_nodejs_line2.json"))));
        const auto pino = importWith(fixture("pino.jsonl"));
        QCOMPARE(q(pino.sink.logs[0].attributes),
                 QStringLiteral("{\"pid\":4312,\"hostname\":\"web-7d9f\",\"reqId\":\"req-1\","
                                "\"req.id\":\"req-1\",\"req.method\":\"GET\",\"req.url\":"
                                "\"/cart\",\"req.remoteAddress\":\"10.0.3.7\","
                                "\"req.remotePort\":51234}"));
        // Error codes are read and kept; tenants too.
        const auto java = importWith(fixture("ecs_java.jsonl"));
        QCOMPARE(q(java.sink.details[2].errorCode), QStringLiteral("CRM_400"));
        QCOMPARE(json::parse(java.sink.logs[2].attributes).value("error.code", ""),
                 std::string("CRM_400"));
        QCOMPARE(json::parse(java.sink.logs[0].attributes).value("tenant.id", ""),
                 std::string("acme"));
        // Escapes in keys and values survive as JSON.
        writeAll(tmpPath("escapes.jsonl"),
                 "{\"ts\":1763629200,\"msg\":\"tab\\there \\\"quoted\\\" \\u00e9\",\"k\\\"ey\":"
                 "\"line\\nbreak\",\"deep\":{\"a\":{\"b\":[1,{\"c\":null}],\"e\":{}}}}\n");
        const auto escapes = importWith(tmpPath("escapes.jsonl"));
        QCOMPARE(escapes.sink.logs.size(), std::size_t(1));
        QCOMPARE(q(escapes.sink.logs[0].body), QStringLiteral("tab\there \"quoted\" \u00e9"));
        QCOMPARE(json::parse(escapes.sink.logs[0].attributes),
                 json::parse("{\"k\\\"ey\":\"line\\nbreak\",\"deep.a.b\":[1,{\"c\":null}],"
                             "\"deep.a.e\":{}}"));
    }

    void resolvesTenants() {
        ImportContext context;
        context.tenantKeys = {"customer"};
        const auto result = importWith(fixture("tenants.jsonl"), context);
        QStringList tenants;
        for (const auto& log : result.sink.logs)
            tenants << q(log.tenant);
        // The bundle's keys first, then tenant_id, tenant.id (dotted or nested), tenant.
        QCOMPARE(tenants, QStringList({"initech", "acme", "globex", "umbrella", "42", ""}));
        const auto defaults = importWith(fixture("tenants.jsonl"));
        QCOMPARE(q(defaults.sink.logs[0].tenant), QStringLiteral("acme"));
    }

    // ---- bad input ------------------------------------------------------------------

    void rejectsBadLines() {
        const auto result = importWith(fixture("bad.jsonl"));
        QVERIFY(!result.outcome.partial);
        QStringList bodies;
        for (const auto& log : result.sink.logs)
            bodies << q(log.body);
        const QStringList kept{"first good line", "unknown level word is kept",
                               "all-zero trace id is no trace", "text time in an epoch file",
                               "last good line"};
        QVERIFY2(bodies == kept, qPrintable(bodies.join(QStringLiteral(" | "))));
        QCOMPARE(result.sink.logs[1].severityNumber, 0);
        QCOMPARE(q(result.sink.logs[1].severityText), QStringLiteral("loud"));
        QCOMPARE(q(result.sink.logs[2].traceId), QString());
        QCOMPARE(result.sink.logs[3].timeNs, 1795165200000000000LL);

        QStringList rejections;
        for (const auto& r : result.sink.rejections)
            rejections << q(r.location) + QStringLiteral(" | ") + q(r.reason);
        const QStringList expected{
            "line 2 | no timestamp: \"time\" is missing",
            "line 3 | time: expected an RFC 3339 time or an epoch number, got boolean",
            "line 4 | time: \"99999999999999999999999\" (epoch ms) is beyond 2262",
            "line 5 | time: \"-5\" is before 1970",
            "line 6 | expected a JSON object, got array",
            "line 7 | expected a JSON object, got string",
            "line 11 | level: expected a level name or number, got object",
            "line 12 | trace_id: invalid trace id \"xyz\" (want 16 or 32 hex digits)",
            "line 15 | level: 0 is not a pino/bunyan level (10..60)",
            "line 17 | time: \"0001-01-01T00:00:00Z\" is out of range (1970 to 2261)",
            "line 18 | time: \"yesterday\" is not an RFC 3339 time",
            "line 19 | invalid JSON: invalid number 01",
        };
        // Line 8 (not JSON) and line 14 (trailing data) are syntax errors, whose wording
        // is simdjson's; only the location and the prefix are checked for them.
        QCOMPARE(rejections.size(), expected.size() + 2);
        QStringList syntax;
        QStringList rest;
        for (const auto& r : rejections) {
            if (r.startsWith(QStringLiteral("line 8 |")) ||
                r.startsWith(QStringLiteral("line 14 |")))
                syntax << r;
            else
                rest << r;
        }
        QCOMPARE(rest, expected);
        QCOMPARE(syntax.size(), 2);
        QVERIFY2(syntax[0].startsWith(QStringLiteral("line 8 | invalid JSON")),
                 qPrintable(syntax[0]));
        QCOMPARE(syntax[1],
                 QStringLiteral("line 14 | invalid JSON at column 57: unexpected data after the "
                                "JSON value"));
    }

    void rejectsMappedKeysOfTheWrongType() {
        writeAll(tmpPath("types.jsonl"),
                 "{\"ts\":1763629200,\"level\":\"info\",\"msg\":\"ok\",\"service\":\"a\","
                 "\"trace_id\":\"4bf92f3577b34da6\"}\n"
                 "{\"ts\":1763629201,\"level\":\"info\",\"msg\":\"s\",\"service\":{\"x\":1}}\n"
                 "{\"ts\":1763629202,\"level\":\"info\",\"msg\":\"t\",\"trace_id\":5}\n"
                 "{\"ts\":1763629203,\"level\":1.5,\"msg\":\"l\"}\n"
                 "{\"ts\":1763629204,\"level\":\"info\",\"msg\":[1,2],\"service\":7}\n");
        const auto result = importWith(tmpPath("types.jsonl"));
        QStringList rejections;
        for (const auto& r : result.sink.rejections)
            rejections << q(r.location) + QStringLiteral(" | ") + q(r.reason);
        QCOMPARE(rejections, QStringList({"line 2 | service: expected a string, got object",
                                          "line 3 | trace_id: expected a hex string, got number",
                                          "line 4 | level: 1.5 is not an integer level"}));
        QCOMPARE(result.sink.logs.size(), std::size_t(2));
        // A 64-bit trace id is padded to 128 bits, as Jaeger and Zipkin ids are.
        QCOMPARE(q(result.sink.logs[0].traceId),
                 QStringLiteral("00000000000000004bf92f3577b34da6"));
        // A message that is not text is kept as JSON; a number as a service is its text.
        QCOMPARE(q(result.sink.logs[1].body), QStringLiteral("[1,2]"));
        QCOMPARE(q(result.sink.logs[1].service), QStringLiteral("7"));
    }

    void truncatedFileIsPartial() {
        const auto result = importWith(fixture("truncated.jsonl"));
        QVERIFY(result.outcome.partial);
        QCOMPARE(result.sink.logs.size(), std::size_t(2));
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
        // python: the cut line starts at byte 94 (two lines of 47 bytes with their
        // newlines) and holds 44; simdjson cannot say where inside it, so the break is
        // its end, byte 138.
        QVERIFY2(q(result.outcome.error)
                     .startsWith(QStringLiteral("invalid JSON at byte 138 (line 3): ")),
                 result.outcome.error.c_str());
        QVERIFY(q(result.outcome.note).startsWith(QStringLiteral("mapping: timestamp=ts")));
        QVERIFY(!q(result.outcome.error).contains(QStringLiteral("mapping")));
    }

    void keepsInvalidUtf8AsValidJson() {
        writeAll(
            tmpPath("latin1.jsonl"),
            "{\"time\":\"2026-11-20T09:00:00Z\",\"level\":\"info\",\"msg\":\"caf\xE9 cr\xE8me\","
            "\"us\xE9r\":\"Jos\xE9\",\"ok\":\"\xC3\xA9\"}\n"
            "{\"time\":\"2026-11-20T09:00:01Z\",\"level\":\"info\",\"msg\":\"clean\"}\n");
        const auto result = importWith(tmpPath("latin1.jsonl"));
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
        QCOMPARE(result.sink.logs.size(), std::size_t(2));
        QCOMPARE(q(result.sink.logs[0].body), QStringLiteral("caf\uFFFD cr\uFFFDme"));
        const std::string& attributes = result.sink.logs[0].attributes;
        QVERIFY(isValidUtf8(attributes));
        QCOMPARE(json::parse(attributes),
                 json::parse("{\"us\xEF\xBF\xBDr\":\"Jos\xEF\xBF\xBD\",\"ok\":\"\xC3\xA9\"}"));
    }

    void handlesLineEndingsAndBom() {
        writeAll(tmpPath("crlf.jsonl"),
                 "\xEF\xBB\xBF{\"ts\":1763629200,\"level\":\"info\",\"msg\":\"one\"}\r\n"
                 "   \r\n"
                 "{\"ts\":1763629201,\"level\":\"info\",\"msg\":\"two\"}\r\n");
        QCOMPARE(JsonLinesLogsImporter().sniff(head(tmpPath("crlf.jsonl"))), 70);
        const auto result = importWith(tmpPath("crlf.jsonl"));
        QCOMPARE(result.sink.logs.size(), std::size_t(2));
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
        QCOMPARE(q(result.sink.logs[1].body), QStringLiteral("two"));
    }

    void rejectsHugeLineWithBoundedMemory() {
        // A 50 MB line between two good ones, written in pieces so the test does not
        // hold it either. The importer rejects it at its line and never holds it.
        const auto path = tmpPath("huge.jsonl");
        {
            std::ofstream out(path, std::ios::binary);
            out << "{\"ts\":1763629200,\"level\":\"info\",\"msg\":\"before\"}\n";
            out << "{\"ts\":1763629201,\"level\":\"info\",\"msg\":\"";
            const std::string piece(1 << 20, 'x');
            for (int i = 0; i < 50; ++i)
                out << piece;
            out << "\"}\n";
            out << "{\"ts\":1763629202,\"level\":\"info\",\"msg\":\"after\"}\n";
        }
        resetPeakRss();
        const long before = peakRssKiB();
        const auto result = importWith(path);
        const long peak = peakRssKiB();
        QCOMPARE(result.sink.logs.size(), std::size_t(2));
        QCOMPARE(q(result.sink.logs[1].body), QStringLiteral("after"));
        QCOMPARE(result.sink.rejections.size(), std::size_t(1));
        QCOMPARE(q(result.sink.rejections[0].location), QStringLiteral("line 2"));
        QCOMPARE(q(result.sink.rejections[0].reason),
                 QStringLiteral("line longer than 8 MiB, skipped"));
        QVERIFY(!result.outcome.partial);
        // The read buffer grows to the 8 MiB limit and no further.
        if (kMeasureMemory && before > 0)
            QVERIFY2(peak - before < 24 * 1024,
                     qPrintable(QStringLiteral("peak grew by %1 KiB").arg(peak - before)));

        // A huge first line does not spoil the detection of the keys.
        const auto first = tmpPath("huge_first.jsonl");
        {
            std::ofstream out(first, std::ios::binary);
            out << "{\"ts\":1763629200,\"level\":\"info\",\"msg\":\"";
            const std::string piece(1 << 20, 'x');
            for (int i = 0; i < 10; ++i)
                out << piece;
            out << "\"}\n{\"ts\":1763629202,\"level\":\"warn\",\"msg\":\"after\"}\n";
        }
        const auto afterHuge = importWith(first);
        QCOMPARE(afterHuge.sink.logs.size(), std::size_t(1));
        QCOMPARE(afterHuge.sink.logs[0].severityNumber, 13);
        QCOMPARE(q(afterHuge.sink.rejections[0].location), QStringLiteral("line 1"));
        QVERIFY(q(afterHuge.outcome.note)
                    .startsWith(QStringLiteral("mapping: timestamp=ts (epoch s)")));

        // Below the limit a long line is a record like any other.
        const auto small = tmpPath("long.jsonl");
        writeAll(small, "{\"ts\":1763629200,\"level\":\"info\",\"msg\":\"" +
                            std::string(3 << 20, 'y') + "\"}\n");
        const auto ok = importWith(small);
        QCOMPARE(ok.sink.logs.size(), std::size_t(1));
        QCOMPARE(ok.sink.logs[0].body.size(), std::size_t(3 << 20));
    }

    void survivesCutsAndGarbage() {
        // Every fixture cut at 7 places: never a crash, never more records than whole.
        for (const char* name : {"pino.jsonl", "ecs_nodejs.jsonl", "zap.jsonl", "bad.jsonl"}) {
            const std::string text = readAll(fixture(name));
            const auto whole = importWith(fixture(name));
            for (int k = 1; k <= 7; ++k) {
                const auto path = tmpPath("cut.jsonl");
                writeAll(path, std::string_view(text).substr(0, text.size() * std::size_t(k) / 8));
                const auto result = importWith(path);
                QVERIFY(result.sink.logs.size() <= whole.sink.logs.size());
            }
        }
        std::string garbage;
        for (int i = 0; i < 5000; ++i)
            garbage.push_back(static_cast<char>((i * 7919) % 251));
        writeAll(tmpPath("garbage.jsonl"), garbage);
        const auto result = importWith(tmpPath("garbage.jsonl"));
        QCOMPARE(result.sink.logs.size(), std::size_t(0));
        QVERIFY(!result.sink.rejections.empty() || result.outcome.partial);
        const auto missing = importWith(tmpPath("missing.jsonl"));
        QVERIFY(q(missing.outcome.error).startsWith(QStringLiteral("cannot read missing.jsonl")));
    }

    void stopsWhenAsked() {
        std::stop_source stop;
        ImportContext context;
        context.stop = stop.get_token();
        stop.request_stop();
        const auto result = importWith(fixture("pino.jsonl"), context);
        QVERIFY(result.outcome.partial);
        QCOMPARE(q(result.outcome.error), QStringLiteral("cancelled"));
        QCOMPARE(result.sink.logs.size(), std::size_t(0));
    }

    // ---- sniffing -------------------------------------------------------------------

    void claimsNoCorpusFile() {
        // Every file of the shared corpus is some other format (OTLP JSON lines among
        // them): none is a JSON-lines log.
        JsonLinesLogsImporter importer;
        std::size_t checked = 0;
        for (const auto& entry : fs::recursive_directory_iterator(test::corpusDir())) {
            if (!entry.is_regular_file())
                continue;
            QVERIFY2(importer.sniff(head(entry.path())) == 0, entry.path().c_str());
            ++checked;
        }
        QVERIFY(checked > 500);
        LogHeadSample sample;
        detectLogKeys(head(test::corpusDir() / "otlp" / "otel-tui_test_data.json"), {}, &sample);
        QVERIFY(sample.otlpRequest);
        QCOMPARE(importer.sniff(""), 0);
        QCOMPARE(importer.sniff("not json\n"), 0);
    }

    void registryPicksJsonLogs() {
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        for (const char* name :
             {"ecs_java.jsonl", "ecs_nodejs.jsonl", "ecs_python.jsonl", "pino.jsonl",
              "bunyan.jsonl", "zap.jsonl", "logrus.jsonl", "otelcol.jsonl", "unit_micros.jsonl",
              "unit_nanos.jsonl", "gelf_syslog.jsonl", "tenants.jsonl"}) {
            Importer* found = registry.detect(head(fixture(name)));
            QVERIFY2(found, name);
            QCOMPARE(q(found->format()), QStringLiteral("json-lines-logs"));
        }
        // Change events have a time but neither a message nor a level; OTLP lines are OTLP.
        QCOMPARE(
            q(registry.detect(head(test::testDataDir() / "changes" / "changes.jsonl"))->format()),
            QStringLiteral("changes-jsonl"));
        QCOMPARE(q(registry.detect(head(test::corpusDir() / "otlp" / "otel-tui_test_data.json"))
                       ->format()),
                 QStringLiteral("otlp-json"));
    }
};

QTEST_APPLESS_MAIN(TestJsonLogsImporter)
#include "tst_jsonlogs_importer.moc"
