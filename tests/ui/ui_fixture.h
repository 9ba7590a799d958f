#pragma once
// Small bundles written by the tests themselves, in the documented formats
// (docs/bundle-format.md), and a test main that makes GUI tests deterministic.

#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

namespace casebook::test {

inline void writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(text);
}

// 2026-11-19T20:00:00Z in nanoseconds, as OTLP wants them (a string).
inline QByteArray nanos(int secondsAfter) {
    return QByteArray::number(1795118400LL * 1000000000LL + secondsAfter * 1000000000LL);
}

inline QByteArray resource(const char* service, const char* tenant) {
    return QByteArray(R"({"attributes":[{"key":"service.name","value":{"stringValue":")") +
           service + R"("}},{"key":"tenant.id","value":{"stringValue":")" + tenant + R"("}}]})";
}

inline QByteArray span(const char* traceId, const char* spanId, const char* name, int start) {
    return QByteArray(R"({"traceId":")") + traceId + R"(","spanId":")" + spanId + R"(","name":")" +
           name + R"(","kind":2,"startTimeUnixNano":")" + nanos(start) +
           R"(","endTimeUnixNano":")" + nanos(start + 1) + R"(","status":{}})";
}

inline QByteArray tracesLine(const QByteArray& resourceJson, const QList<QByteArray>& spans) {
    return R"({"resourceSpans":[{"resource":)" + resourceJson +
           R"(,"scopeSpans":[{"scope":{"name":"casebook-test"},"spans":[)" + spans.join(',') +
           "]}]}]}\n";
}

inline QByteArray logRecord(const char* body, int time) {
    return QByteArray(R"({"timeUnixNano":")") + nanos(time) +
           R"(","severityNumber":9,"severityText":"INFO","body":{"stringValue":")" + body + "\"}}";
}

inline QByteArray resourceLogs(const QByteArray& resourceJson, const QList<QByteArray>& records) {
    return R"({"resource":)" + resourceJson + R"(,"scopeLogs":[{"scope":{},"logRecords":[)" +
           records.join(',') + "]}]}";
}

// A line whose only span has a trace id that is not hex: rejected with its location.
inline QByteArray badSpanLine(int i) {
    return tracesLine(resource("checkout", "acme"),
                      {span("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "eee19b7ec3c1b174",
                            QByteArray("bad " + QByteArray::number(i)).constData(), i)});
}

// The small two-tenant bundle:
//   acme:   3 spans in 2 traces, 2 logs, 1 change (the manifest's default tenant)
//   globex: 2 spans in 1 trace, 1 log
//   line 3 of telemetry.otlp.jsonl is rejected (bad trace id).
struct TinyBundle {
    static constexpr int acmeSpans = 3, acmeTraces = 2, acmeLogs = 2, acmeChanges = 1;
    static constexpr int globexSpans = 2, globexTraces = 1, globexLogs = 1;
    static constexpr int badLine = 3;
};

inline void writeTinyBundle(const QString& dir, const QByteArray& name = "tiny incident") {
    QVERIFY(QDir().mkpath(dir));
    writeText(dir + QStringLiteral("/manifest.json"),
              R"({"name":")" + name + R"(","default_tenant":"acme"})");
    QByteArray otlp;
    otlp +=
        tracesLine(resource("checkout", "acme"),
                   {span("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", "GET /cart", 0),
                    span("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b175", "SELECT cart", 0),
                    span("6b8efff798038103d269b633813fc60c", "eee19b7ec3c1b176", "POST /pay", 5)});
    otlp +=
        tracesLine(resource("forms", "globex"),
                   {span("7b8efff798038103d269b633813fc60c", "aee19b7ec3c1b174", "POST /lead", 1),
                    span("7b8efff798038103d269b633813fc60c", "aee19b7ec3c1b175", "score", 2)});
    otlp += badSpanLine(0);
    otlp += R"({"resourceLogs":[)" +
            resourceLogs(resource("checkout", "acme"),
                         {logRecord("cart loaded", 0), logRecord("payment accepted", 5)}) +
            ',' + resourceLogs(resource("forms", "globex"), {logRecord("lead stored", 1)}) + "]}\n";
    writeText(dir + QStringLiteral("/telemetry.otlp.jsonl"), otlp);
    writeText(dir + QStringLiteral("/changes.jsonl"),
              R"({"time":"2026-11-19T20:00:00Z","kind":"deploy","title":"x"})"
              "\n");
}

// One good span, then `bad` lines that are each rejected.
inline void writeManyRejectsBundle(const QString& dir, int bad) {
    QVERIFY(QDir().mkpath(dir));
    QByteArray otlp =
        tracesLine(resource("checkout", "acme"),
                   {span("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", "GET /cart", 0)});
    for (int i = 0; i < bad; ++i)
        otlp += badSpanLine(i + 1);
    writeText(dir + QStringLiteral("/telemetry.otlp.jsonl"), otlp);
}

// "line 3", or "line 3" refined with the record's position ("line 3: resourceSpans[0]...").
inline bool isLineLocation(const QString& location, int line) {
    const QString expected = QStringLiteral("line %1").arg(line);
    return location.startsWith(expected) &&
           (location.size() == expected.size() || !location.at(expected.size()).isDigit());
}

inline ImportReport importInto(const QString& workspace, const QString& bundle) {
    auto ws = Workspace::open(QFile::encodeName(workspace).toStdString());
    ImporterRegistry registry;
    registerBuiltinImporters(registry);
    return importBundle(*ws, QFile::encodeName(bundle).toStdString(), registry);
}

} // namespace casebook::test

// Offscreen, UTC, test-mode paths, private settings and 96 DPI, whatever the environment says.
#define CASEBOOK_UI_TEST_MAIN(TestClass)                                                           \
    int main(int argc, char** argv) {                                                              \
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))                                        \
            qputenv("QT_QPA_PLATFORM", "offscreen");                                               \
        qputenv("TZ", "UTC");                                                                      \
        QStandardPaths::setTestModeEnabled(true);                                                  \
        QApplication::setAttribute(Qt::AA_Use96Dpi);                                               \
        QApplication app(argc, argv);                                                              \
        QApplication::setOrganizationName(QStringLiteral("CasebookTests"));                        \
        QApplication::setApplicationName(QStringLiteral(#TestClass));                              \
        /* Settings of this run only: parallel runs must not share recent files or layout. */      \
        QTemporaryDir settingsDir;                                                                 \
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());     \
        TestClass test;                                                                            \
        return QTest::qExec(&test, argc, argv);                                                    \
    }
