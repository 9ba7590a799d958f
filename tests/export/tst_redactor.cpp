// Redaction: what is personal data and is replaced, what merely looks like it and stays,
// and that the replacement is a stable hash within one export and differs between two.
#include "core/redact/redactor.h"

#include <QtTest>

using namespace casebook;

namespace {

Redactor fixed() {
    return Redactor({defaultRedactedAttributes(), "fixed test key"});
}

} // namespace

class TestRedactor : public QObject {
    Q_OBJECT

private slots:
    void replacesPersonalData_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("category");
        auto row = [](const char* name, const char* text, const char* secret, const char* cat) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(secret)
                                << QString::fromUtf8(cat);
        };
        row("email", "synced lead maria.lopez@northbridge.example to CRM",
            "maria.lopez@northbridge.example", "email");
        row("email with plus", "<j.smith+leads@mail.bluefin.example>",
            "j.smith+leads@mail.bluefin.example", "email");
        row("email at start", "grace@cedar.example wrote", "grace@cedar.example", "email");
        row("phone dashes", "call +1-202-555-0142 now", "+1-202-555-0142", "phone");
        row("phone spaces", "tel +44 20 7946 0958.", "+44 20 7946 0958", "phone");
        row("phone compact", "sms:+12025550142", "+12025550142", "phone");
        row("phone parentheses", "(202) 555-0142 office", "(202) 555-0142", "phone");
        row("phone us dashes", "mobile 202-555-0199", "202-555-0199", "phone");
        row("phone dots", "fax 202.555.0100;", "202.555.0100", "phone");
        row("ipv4", "client 203.0.113.42 blocked", "203.0.113.42", "ip");
        row("ipv4 private", "from 10.0.0.1:8080", "10.0.0.1", "ip");
        row("ipv6", "peer 2001:db8::8a2e:370:7334 closed", "2001:db8::8a2e:370:7334", "ip");
        row("ipv6 link local", "addr fe80::1ff:fe23:4567:890a%eth0", "fe80::1ff:fe23:4567:890a",
            "ip");
        row("card spaces", "card 4111 1111 1111 1111 declined", "4111 1111 1111 1111", "card");
        row("card dashes", "pan=5500-0000-0000-0004", "5500-0000-0000-0004", "card");
        row("card compact", "paid with 4012888888881881.", "4012888888881881", "card");
        row("amex", "amex 378282246310005", "378282246310005", "card");
        row("attribute in text", "lead company=\"Northbridge Logistics\" campaign=(none)",
            "Northbridge Logistics", "company");
        row("attribute colon", "user.name: mlopez logged in", "mlopez", "user.name");
    }

    void replacesPersonalData() {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        QFETCH(QString, category);
        Redactor r = fixed();
        const QString out = QString::fromStdString(r.redactText(text.toStdString()));
        QVERIFY2(!out.contains(secret), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("[") + category + QStringLiteral(":")),
                 qPrintable(out));
        QCOMPARE(r.counts().at(category.toStdString()), std::int64_t(1));
    }

    void leavesLookalikesAlone_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("date") << "2026-11-20";
        QTest::newRow("timestamp") << "at 2026-11-20T09:00:00.123Z the parser";
        QTest::newRow("time") << "maintenance until 20:00:00 UTC";
        QTest::newRow("version") << "SDK 4.2.0 and 10.1.3";
        QTest::newRow("dotted five") << "build 1.2.3.4.5";
        QTest::newRow("big octet") << "999.1.1.1";
        QTest::newRow("duration") << "took 1234 ms over 12345 rows";
        QTest::newRow("not luhn") << "order 4111 1111 1111 1112";
        QTest::newRow("trace id") << "trace 18d4494fc47415b5f65a74c3997bfa56";
        QTest::newRow("cpp") << "std::string and a::b";
        QTest::newRow("loopback") << "listening on ::1";
        QTest::newRow("ratio") << "share 3.42% of 1,234";
        QTest::newRow("not an address") << "user@localhost and @mention";
        QTest::newRow("nanoseconds") << "1795118400000000000";
    }

    void leavesLookalikesAlone() {
        QFETCH(QString, text);
        Redactor r = fixed();
        QCOMPARE(QString::fromStdString(r.redactText(text.toStdString())), text);
        QVERIFY(r.counts().empty());
    }

    void theSameValueGetsTheSameHash() {
        Redactor r = fixed();
        const std::string a = r.redactText("maria.lopez@northbridge.example");
        const std::string b = r.redactText("MARIA.LOPEZ@Northbridge.example");
        QCOMPARE(a, b);
        QVERIFY(a != r.redactText("james.smith@northbridge.example"));
        // A phone written two ways is one number.
        QCOMPARE(r.redactText("+1-202-555-0142"), r.redactText("+1 202 555 0142"));
        // Another export, another key: the hashes do not link two exports.
        Redactor other({defaultRedactedAttributes(), {}});
        Redactor third({defaultRedactedAttributes(), {}});
        QVERIFY(other.redactText("maria.lopez@northbridge.example") !=
                third.redactText("maria.lopez@northbridge.example"));
        QVERIFY(QString::fromStdString(a).contains(
            QRegularExpression(QStringLiteral("^\\[email:[0-9a-f]{10}\\]$"))));
    }

    void redactsJsonValuesAndListedKeys() {
        Redactor r = fixed();
        nlohmann::json j = {
            {"body", "sent to grace.mehta@bluefin.example (event evt_1)"},
            {"attributes",
             {{"user.name", "Grace Mehta"},
              {"Customer.Name", "Grace"},
              {"phone", 2025550142},
              {"nested", {{"email", "g@h.example"}, {"list", {"10.1.2.3", "plain"}}}},
              {"campaign_id", "acme-paid"},
              {"count", 3}}}};
        r.redactJson(j);
        const std::string text = j.dump();
        for (const char* secret : {"grace.mehta@bluefin.example", "Grace Mehta", "\"Grace\"",
                                   "2025550142", "g@h.example", "10.1.2.3"})
            QVERIFY2(text.find(secret) == std::string::npos, secret);
        QCOMPARE(j["attributes"]["campaign_id"].get<std::string>(), std::string("acme-paid"));
        QCOMPARE(j["attributes"]["count"].get<int>(), 3);
        QCOMPARE(j["attributes"]["nested"]["list"][1].get<std::string>(), std::string("plain"));
        QVERIFY(j["attributes"]["user.name"].get<std::string>().rfind("[user.name:", 0) == 0);
    }

    void luhn() {
        QVERIFY(luhnValid("4111111111111111"));
        QVERIFY(luhnValid("79927398713"));
        QVERIFY(!luhnValid("79927398710"));
        QVERIFY(!luhnValid(""));
        QVERIFY(!luhnValid("4111a11111111111"));
    }
};

QTEST_GUILESS_MAIN(TestRedactor)
#include "tst_redactor.moc"
