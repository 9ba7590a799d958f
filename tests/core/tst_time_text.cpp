#include "core/util/time_text.h"

#include <QtTest>

using namespace casebook;

class TestTimeText : public QObject {
    Q_OBJECT
private slots:
    void parsesRfc3339_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << qint64(0);
        QTest::newRow("date only") << "1970-01-02" << qint64(86400) * 1000000000;
        QTest::newRow("minutes only") << "1970-01-01T01:30Z" << qint64(5400) * 1000000000;
        QTest::newRow("millis") << "1970-01-01T00:00:01.5Z" << qint64(1500000000);
        QTest::newRow("nanos") << "1970-01-01T00:00:00.000000001Z" << qint64(1);
        QTest::newRow("offset east") << "1970-01-01T01:00:00+01:00" << qint64(0);
        QTest::newRow("offset west") << "1969-12-31T23:00:00-01:00" << qint64(0);
        QTest::newRow("space separator") << "1970-01-01 00:01:00Z" << qint64(60) * 1000000000;
        // `date -u -d 2026-11-20T09:00:00Z +%s` = 1795165200
        QTest::newRow("incident") << "2026-11-20T09:00:00Z" << qint64(1795165200) * 1000000000;
        // `date -u -d 2000-02-29T12:00:00Z +%s` = 951825600 (leap day)
        QTest::newRow("leap day") << "2000-02-29T12:00:00Z" << qint64(951825600) * 1000000000;
        // The last nanosecond int64 holds: 2^63 - 1 ns is 9223372036 s (2262-04-11T23:47:16Z
        // by `date -u -d @9223372036`) and 854775807 ns.
        QTest::newRow("last representable")
            << "2262-04-11T23:47:16.854775807Z" << qint64(9223372036854775807LL);
    }
    void parsesRfc3339() {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        const auto parsed = parseRfc3339(text.toStdString());
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, ns);
    }
    void rejectsMalformedTimes_data() {
        QTest::addColumn<QString>("text");
        for (const char* bad :
             {"", "2026", "2026-13-01", "2026-11-20T25:00Z", "2026-11-20T09:00:00Zjunk", "20261120",
              "2026-11-20T09:00:00.Z", "yesterday", "2026-11-20T09:00+1",
              // outside int64 nanoseconds: refused, never wrapped around
              "2262-04-11T23:47:16.854775808Z", "3958-01-01T00:00:00Z", "9999-12-31",
              "1600-01-01T00:00:00Z", "2262-04-11T23:47:16.854775807-01:00"})
            QTest::newRow(bad) << QString::fromUtf8(bad);
    }
    void rejectsMalformedTimes() {
        QFETCH(QString, text);
        QVERIFY(!parseRfc3339(text.toStdString()).has_value());
    }
    void formatsRoundTrip() {
        for (const char* t : {"2026-11-20T09:00:00Z", "2026-11-20T09:00:00.250Z",
                              "1999-12-31T23:59:59.000000123Z", "1969-07-20T20:17:40Z"}) {
            const auto ns = parseRfc3339(t);
            QVERIFY(ns);
            QCOMPARE(QString::fromStdString(formatRfc3339(*ns)), QString::fromUtf8(t));
        }
    }
    void parsesDurations() {
        QCOMPARE(parseDuration("250ms").value(), qint64(250000000));
        QCOMPARE(parseDuration("2s").value(), qint64(2000000000));
        QCOMPARE(parseDuration("1.5h").value(), qint64(5400) * 1000000000);
        QCOMPARE(parseDuration("10us").value(), qint64(10000));
        QCOMPARE(parseDuration("3d").value(), qint64(3 * 86400) * 1000000000);
        QVERIFY(!parseDuration("250").has_value());
        QVERIFY(!parseDuration("ms").has_value());
        QVERIFY(!parseDuration("5 parsecs").has_value());
        QVERIFY(!parseDuration("99999999999999d").has_value());
    }
    void formatsDurationsForPeople() {
        QCOMPARE(QString::fromStdString(formatDuration(38000000)), QStringLiteral("38 ms"));
        QCOMPARE(QString::fromStdString(formatDuration(1200000000)), QStringLiteral("1.2 s"));
        QCOMPARE(QString::fromStdString(formatDuration(qint64(7500) * 1000000000)),
                 QStringLiteral("2 h 5 min"));
    }
};

QTEST_APPLESS_MAIN(TestTimeText)
#include "tst_time_text.moc"
