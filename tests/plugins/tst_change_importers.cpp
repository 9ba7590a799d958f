// Change events (changes-jsonl) and Grafana annotation exports. Expected times were
// computed with `date -u -d <time> +%s`, e.g. 2026-11-20T09:00:00Z = 1795165200.

#include "core/import/importer_registry.h"
#include "plugins/builtin_importers.h"
#include "plugins/changes/change_fields.h"
#include "plugins/changes/changes_jsonl_importer.h"
#include "plugins/changes/grafana_annotations_importer.h"
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

fs::path fixture(const char* name) {
    return test::testDataDir() / "changes" / name;
}

constexpr long long kSecond = 1'000'000'000LL;

struct Imported {
    test::RecordingSink sink;
    FileOutcome outcome;
};

template <typename ImporterType>
Imported importWith(const fs::path& path, const ImportContext& context = {}) {
    Imported result;
    ImporterType importer;
    result.outcome = importer.importFile(path, context, result.sink);
    return result;
}

} // namespace

class TestChangeImporters : public QObject {
    Q_OBJECT

private slots:
    void mapsChangeTimes_data() {
        QTest::addColumn<QString>("event");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("utc") << R"({"time":"2026-11-20T09:00:00Z"})"
                             << qint64(1795165200 * kSecond);
        QTest::newRow("offset east, millis") << R"({"time":"2026-11-20T09:00:00.250+01:00"})"
                                             << qint64(1795161600 * kSecond + 250000000);
        QTest::newRow("offset west")
            << R"({"time":"2026-11-20T10:30:00-00:30"})" << qint64(1795172400 * kSecond);
        QTest::newRow("integer ns")
            << R"({"time":1795165200000000001})" << qint64(1795165200 * kSecond + 1);
        QTest::newRow("negative ns") << R"({"time":-5})" << qint64(-5);
    }
    void mapsChangeTimes() {
        QFETCH(QString, event);
        QFETCH(qint64, ns);
        std::int64_t out = 0;
        const auto error = changeTimeNs(json::parse(event.toStdString())["time"], out);
        QVERIFY2(!error, error ? error->c_str() : "");
        QCOMPARE(qint64(out), ns);
    }

    void rejectsChangeTimes_data() {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("reason");
        QTest::newRow("impossible") << R"({"time":"2026-11-31T25:70:00Z"})"
                                    << R"("2026-11-31T25:70:00Z" is not an RFC 3339 time)";
        QTest::newRow("fraction") << R"({"time":1.5})"
                                  << "got a fractional or too large number";
        QTest::newRow("overflow") << R"({"time":18446744073709551615})"
                                  << "overflows int64";
        QTest::newRow("bool") << R"({"time":true})"
                              << "got boolean";
    }
    void rejectsChangeTimes() {
        QFETCH(QString, event);
        QFETCH(QString, reason);
        std::int64_t out = 0;
        const auto error = changeTimeNs(json::parse(event.toStdString())["time"], out);
        QVERIFY(error);
        QVERIFY2(q(*error).contains(reason), error->c_str());
    }

    void knowsChangeKinds() {
        for (const char* kind : {"deploy", "sdk_release", "schema_change", "config_change",
                                 "feature_flag", "vendor_incident", "maintenance", "incident"})
            QVERIFY(isKnownChangeKind(kind));
        QVERIFY(!isKnownChangeKind("Deploy"));
        QVERIFY(!isKnownChangeKind("annotation"));
    }

    // ---- changes-jsonl --------------------------------------------------------------

    void importsChangeEvents() {
        const auto result = importWith<ChangesJsonlImporter>(fixture("changes.jsonl"));
        const auto& changes = result.sink.changes;
        QVERIFY(!result.outcome.partial);
        QVERIFY(result.outcome.error.empty());
        QCOMPARE(changes.size(), std::size_t(5));
        // line 1: every field
        QCOMPARE(changes[0].timeNs, 1795118700 * kSecond); // 2026-11-19T20:05:00Z
        QVERIFY(!changes[0].hasEnd);
        QCOMPARE(q(changes[0].kind), QStringLiteral("sdk_release"));
        QCOMPARE(q(changes[0].service), QStringLiteral("web-forms"));
        QCOMPARE(q(changes[0].tenant), QStringLiteral("acme"));
        QCOMPARE(q(changes[0].title),
                 QStringLiteral("web-forms SDK 4.2.0: adds utm_content field"));
        QCOMPARE(q(changes[0].version), QStringLiteral("4.2.0"));
        QCOMPARE(json::parse(changes[0].attributes),
                 json::parse(R"({"author":"release-bot","prs":[101,102]})"));
        // line 2: offsets on both ends of a window
        QCOMPARE(changes[1].timeNs, 1795161600 * kSecond + 250000000);
        QVERIFY(changes[1].hasEnd);
        QCOMPARE(changes[1].endNs, 1795172400 * kSecond);
        QCOMPARE(q(changes[1].service), QString());
        QCOMPARE(q(changes[1].attributes), QStringLiteral("{}"));
        // line 3: integer nanoseconds
        QCOMPARE(changes[2].timeNs, 1795165200 * kSecond);
        QCOMPARE(q(changes[2].kind), QStringLiteral("deploy"));
        // line 5: other kind words are kept; a null service is none
        QCOMPARE(q(changes[3].kind), QStringLiteral("custom_word"));
        QCOMPARE(q(changes[3].service), QString());
        // line 15: integer end, tenant
        QCOMPARE(changes[4].timeNs, 1795158000 * kSecond);
        QCOMPARE(changes[4].endNs, 1795172400 * kSecond);
        QCOMPARE(q(changes[4].tenant), QStringLiteral("globex"));
    }

    void rejectsBadChangeLines_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no time") << 0 << "line 6"
                                 << "missing time";
        QTest::newRow("no kind") << 1 << "line 7"
                                 << "missing kind";
        QTest::newRow("no title") << 2 << "line 8"
                                  << "missing title";
        QTest::newRow("impossible time")
            << 3 << "line 9"
            << R"(time: "2026-11-31T25:70:00Z" is not an RFC 3339 time)";
        QTest::newRow("fractional time") << 4 << "line 10"
                                         << "time: expected RFC 3339 text or integer nanoseconds, "
                                            "got a fractional or too large number";
        QTest::newRow("broken JSON") << 5 << "line 11"
                                     << "invalid JSON at column";
        QTest::newRow("attributes not an object") << 6 << "line 12"
                                                  << "attributes: expected an object, got array";
        QTest::newRow("service not text") << 7 << "line 13"
                                          << "service: expected text, got integer";
        QTest::newRow("not an object") << 8 << "line 14"
                                       << "expected an object, got array";
    }
    void rejectsBadChangeLines() {
        QFETCH(int, index);
        QFETCH(QString, location);
        QFETCH(QString, reason);
        const auto result = importWith<ChangesJsonlImporter>(fixture("changes.jsonl"));
        const auto& rejections = result.sink.rejections;
        QCOMPARE(rejections.size(), std::size_t(9));
        QCOMPARE(q(rejections[std::size_t(index)].location), location);
        QVERIFY2(q(rejections[std::size_t(index)].reason).startsWith(reason),
                 rejections[std::size_t(index)].reason.c_str());
    }

    void truncatedLastChangeLineIsPartial() {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "cut.jsonl";
        std::ofstream(path) << R"({"time":"2026-11-20T09:00:00Z","kind":"deploy","title":"ok"})"
                               "\n"
                            << "{\"time\":\"2026-11-20T09:00:00Z\",\"kind\":\"dep"; // cut
        const auto result = importWith<ChangesJsonlImporter>(path);
        QVERIFY(result.outcome.partial);
        QVERIFY(q(result.outcome.error).startsWith(QStringLiteral("invalid JSON")));
        QVERIFY(q(result.outcome.error).endsWith(QStringLiteral("(line 2)")));
        QCOMPARE(result.sink.changes.size(), std::size_t(1));
        QCOMPARE(result.sink.rejections.size(), std::size_t(0));
    }

    // ---- grafana-annotations ----------------------------------------------------------

    void importsGrafanaAnnotations() {
        const auto result = importWith<GrafanaAnnotationsImporter>(fixture("annotations.json"));
        const auto& changes = result.sink.changes;
        QVERIFY(!result.outcome.partial);
        QVERIFY(result.outcome.error.empty());
        QCOMPARE(changes.size(), std::size_t(4));
        // A point annotation (timeEnd == time) has no end; "Deploy" names the kind.
        QCOMPARE(changes[0].timeNs, 1795165200 * kSecond);
        QVERIFY(!changes[0].hasEnd);
        QCOMPARE(q(changes[0].kind), QStringLiteral("deploy"));
        QCOMPARE(q(changes[0].title), QStringLiteral("checkout 2.3 rolled out"));
        QCOMPARE(q(changes[0].service), QStringLiteral("checkout"));
        QCOMPARE(q(changes[0].tenant), QStringLiteral("acme"));
        QCOMPARE(json::parse(changes[0].attributes),
                 json::parse(R"({"tags":["Deploy","service:checkout","tenant:acme"]})"));
        // A region annotation: 2026-11-20T08:00Z .. 10:00Z
        QCOMPARE(changes[1].timeNs, 1795161600 * kSecond);
        QVERIFY(changes[1].hasEnd);
        QCOMPARE(changes[1].endNs, 1795168800 * kSecond);
        QCOMPARE(q(changes[1].kind), QStringLiteral("maintenance"));
        // No known kind among the tags; milliseconds kept.
        QCOMPARE(changes[2].timeNs, 1795165260123LL * 1000000);
        QCOMPARE(q(changes[2].kind), QStringLiteral("annotation"));
        QCOMPARE(q(changes[2].title), QStringLiteral("someone's note"));
        QCOMPARE(q(changes[2].tenant), QString());
        QCOMPARE(q(changes[3].kind), QStringLiteral("feature_flag"));
        QCOMPARE(q(changes[3].service), QStringLiteral("web"));
        // Rejections located by the element's byte offset (python: text.rindex('{', 0,
        // text.index('"id": 4')) = 549, for id 5: 593) and its index.
        const auto& rejections = result.sink.rejections;
        QCOMPARE(rejections.size(), std::size_t(2));
        QCOMPARE(q(rejections[0].location), QStringLiteral("byte 549: [3]"));
        QCOMPARE(q(rejections[0].reason), QStringLiteral("missing time"));
        QCOMPARE(q(rejections[1].location), QStringLiteral("byte 593: [4]"));
        QCOMPARE(q(rejections[1].reason),
                 QStringLiteral("time: expected epoch milliseconds, got string"));
    }

    void truncatedGrafanaExportKeepsEarlierAnnotations() {
        // annotations_truncated.json: the first three annotations, cut inside the third's
        // text; the file is 525 bytes.
        const auto result =
            importWith<GrafanaAnnotationsImporter>(fixture("annotations_truncated.json"));
        QVERIFY(result.outcome.partial);
        QCOMPARE(
            q(result.outcome.error),
            QStringLiteral("invalid JSON at byte 525: unexpected end of file inside the array"));
        QCOMPARE(result.sink.changes.size(), std::size_t(2));
        QCOMPARE(q(result.sink.changes[1].kind), QStringLiteral("maintenance"));
    }

    void grafanaFileThatIsNotAnArray() {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "object.json";
        std::ofstream(path) << R"({"time":1,"text":"x"})";
        const auto result = importWith<GrafanaAnnotationsImporter>(path);
        QVERIFY(!result.outcome.partial);
        QCOMPARE(q(result.outcome.error),
                 QStringLiteral("invalid JSON at byte 0: expected a JSON array, found '{'"));
    }

    // ---- sniffing ------------------------------------------------------------------

    void sniffsOwnFormats() {
        ChangesJsonlImporter changes;
        GrafanaAnnotationsImporter grafana;
        const std::string changesHead = readAll(fixture("changes.jsonl"));
        const std::string grafanaHead = readAll(fixture("annotations.json"));
        QVERIFY(changes.sniff(changesHead) >= 80);
        QCOMPARE(grafana.sniff(changesHead), 0);
        QVERIFY(grafana.sniff(grafanaHead) >= 80);
        QCOMPARE(changes.sniff(grafanaHead), 0);
        QVERIFY(grafana.sniff(R"([{"time":1,"tags":["deploy"]}])") > 0);
        QCOMPARE(grafana.sniff(R"([{"time":1}])"), 0);
        QCOMPARE(changes.sniff(R"({"time":"x","kind":"deploy"})"
                               "\n"),
                 0); // no title
        QCOMPARE(changes.sniff(R"({"time":"x","kind":"deploy","title":"t")"),
                 0); // line not complete

        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        QCOMPARE(q(registry.detect(changesHead)->format()), QStringLiteral("changes-jsonl"));
        QCOMPARE(q(registry.detect(grafanaHead)->format()), QStringLiteral("grafana-annotations"));
        QVERIFY(registry.byFormat("grafana-annotations"));
    }

    void doesNotClaimCorpusFiles() {
        ChangesJsonlImporter changes;
        GrafanaAnnotationsImporter grafana;
        std::size_t checked = 0;
        for (const auto& entry : fs::recursive_directory_iterator(test::corpusDir())) {
            if (!entry.is_regular_file())
                continue;
            const std::string head = readAll(entry.path()).substr(0, 64 * 1024);
            QVERIFY2(changes.sniff(head) == 0, entry.path().c_str());
            QVERIFY2(grafana.sniff(head) == 0, entry.path().c_str());
            ++checked;
        }
        QVERIFY(checked > 100);
    }

    void stopsAndReportsProgress() {
        std::vector<std::uint64_t> calls;
        ImportContext context;
        context.onBytes = [&](std::uint64_t done) { calls.push_back(done); };
        importWith<GrafanaAnnotationsImporter>(fixture("annotations.json"), context);
        QCOMPARE(calls.size(), std::size_t(1));
        QCOMPARE(calls[0], std::uint64_t(fs::file_size(fixture("annotations.json"))));

        std::stop_source stop;
        context.stop = stop.get_token();
        stop.request_stop();
        const auto lines = importWith<ChangesJsonlImporter>(fixture("changes.jsonl"), context);
        QCOMPARE(q(lines.outcome.error), QStringLiteral("cancelled"));
        QCOMPARE(lines.sink.changes.size(), std::size_t(0));
        const auto array =
            importWith<GrafanaAnnotationsImporter>(fixture("annotations.json"), context);
        QCOMPARE(q(array.outcome.error), QStringLiteral("cancelled"));
        QCOMPARE(array.sink.changes.size(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestChangeImporters)
#include "tst_change_importers.moc"
