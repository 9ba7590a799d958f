// Chart evidence and how every export shows the new evidence kinds, without a workspace:
// downsampling that keeps a spike, the `chart` payload, the SVG a chart is drawn as (its
// coordinates worked out by hand below), UTC time labels, and the tables of `chart`,
// `lineage_impact`, `finding` and `slo_status` evidence.
#include "core/casefile/chart_evidence.h"
#include "core/export/chart_svg.h"
#include "core/export/report_tables.h"
#include "core/util/time_text.h"

#include <QRegularExpression>
#include <QtTest>

using namespace casebook;

namespace {

constexpr std::int64_t kHour = 3600LL * 1000000000LL;

std::int64_t at(const char* rfc3339) {
    return *parseRfc3339(rfc3339);
}

QStringList matches(const QString& text, const QString& pattern) {
    QStringList out;
    for (auto it = QRegularExpression(pattern).globalMatch(text); it.hasNext();)
        out << it.next().captured(1);
    return out;
}

} // namespace

class TestChartEvidence : public QObject {
    Q_OBJECT
private slots:
    void downsamplingKeepsTheSpikeAndTheEnds() {
        std::vector<ChartEvidencePoint> points;
        for (int i = 0; i < 10000; ++i)
            points.push_back({std::int64_t(i) * 1000, i == 5003   ? 1000.0
                                                      : i == 7777 ? -50.0
                                                                  : 1.0});
        const auto out = downsampleKeepingExtremes(points, 500);
        QVERIFY(out.size() <= 500);
        QVERIFY(out.size() >= 250);
        QCOMPARE(out.front().timeNs, 0);
        QCOMPARE(out.back().timeNs, 9999000);
        bool spike = false, dip = false;
        for (std::size_t i = 0; i < out.size(); ++i) {
            spike = spike || (out[i].timeNs == 5003000 && out[i].value == 1000.0);
            dip = dip || (out[i].timeNs == 7777000 && out[i].value == -50.0);
            if (i > 0)
                QVERIFY(out[i].timeNs > out[i - 1].timeNs);
        }
        QVERIFY(spike);
        QVERIFY(dip);
        // Fewer points than the limit pass unchanged.
        const std::vector<ChartEvidencePoint> few{{1, 2}, {3, 4}};
        QCOMPARE(downsampleKeepingExtremes(few, 500).size(), std::size_t(2));
    }

    void chartPayloadHasItsShape() {
        ChartEvidenceInput in;
        in.title = "leads.submitted{source=web-forms}";
        in.unit = "{lead}/s";
        in.comparison = "-36.5% vs a week earlier";
        in.fromNs = 1000;
        in.toNs = 2000;
        in.series.push_back({7, "leads.submitted", "acme", "rate"});
        ChartEvidenceLine line{"acme · rate", false, {}};
        for (std::int64_t t = 0; t < 3000; ++t)
            line.points.push_back({t, double(t % 7)});
        in.lines.push_back(line);
        in.lines.push_back({"a week earlier", true, {{1500, 3.0}}});
        in.thresholds.push_back({5.0, "alert"});
        const Evidence e = chartEvidence(in);
        QCOMPARE(QString::fromStdString(e.kind), QStringLiteral("chart"));
        QCOMPARE(*e.fromNs, 1000);
        QCOMPARE(*e.toNs, 2000);
        const auto& p = e.payload;
        QCOMPARE(p["title"].get<std::string>(), in.title);
        QCOMPARE(p["unit"].get<std::string>(), in.unit);
        QCOMPARE(p["comparison"].get<std::string>(), in.comparison);
        QCOMPARE(p["series"][0]["id"].get<int>(), 7);
        QCOMPARE(p["series"][0]["view"].get<std::string>(), std::string("rate"));
        QCOMPARE(p["lines"].size(), std::size_t(2));
        // 1000 points in [1000, 2000), cut to at most 500, all inside the range.
        const auto& pts = p["lines"][0]["points"];
        QVERIFY(pts.size() <= 500 && pts.size() > 400);
        QCOMPARE(pts.front()[0].get<std::int64_t>(), 1000);
        QCOMPARE(pts.back()[0].get<std::int64_t>(), 1999);
        QVERIFY(p["lines"][1]["dashed"].get<bool>());
        QCOMPARE(p["thresholds"][0]["value"].get<double>(), 5.0);
        QCOMPARE(p["thresholds"][0]["label"].get<std::string>(), std::string("alert"));
    }

    void timeLabelsAreUtcAndShort() {
        QCOMPARE(chartTimeLabel(at("2026-11-19T20:00Z"), kHour, 6 * kHour), std::string("20:00"));
        QCOMPARE(chartTimeLabel(at("2026-11-19T20:00Z"), 12 * kHour, 48 * kHour),
                 std::string("11-19 20:00"));
        QCOMPARE(chartTimeLabel(at("2026-11-20T00:00Z"), kHour, 6 * kHour),
                 std::string("11-20 00:00")); // midnight says which day
        QCOMPARE(chartTimeLabel(at("2026-11-19T20:00:30Z"), 30LL * 1000000000LL, kHour / 4),
                 std::string("20:00:30"));
        QCOMPARE(chartTimeLabel(at("2026-11-19T00:00Z"), 24 * kHour, 10 * 24 * kHour),
                 std::string("2026-11-19"));
    }

    void svgDrawsLinesAxesAndThresholds() {
        // 720 x 270: plot from x 58 to 700 (642 wide), y 46 to 212 (166 high). Values 10..50
        // (threshold 50) start at 0 with steps of 20 up to 60: y(v) = 46 + 166 * (1 - v/60).
        const std::int64_t from = at("2026-11-19T12:00Z");
        nlohmann::json payload = {{"title", "queue <depth> & lag"},
                                  {"unit", "{message}"},
                                  {"comparison", "+7.5% vs a week earlier"},
                                  {"lines",
                                   {{{"label", "acme · value"},
                                     {"dashed", false},
                                     {"points", {{from, 10.0}, {from + 24 * kHour, 40.0}}}},
                                    {{"label", "a week earlier"},
                                     {"dashed", true},
                                     {"points", {{from, 20.0}, {from + 24 * kHour, 20.0}}}}}},
                                  {"thresholds", {{{"value", 50.0}, {"label", "limit"}}}},
                                  {"from_ns", from},
                                  {"to_ns", from + 48 * kHour}};
        const QString svg = QString::fromStdString(renderChartSvg(payload));
        QVERIFY(svg.startsWith(QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\"")));
        QVERIFY(svg.contains(QStringLiteral("width=\"720\" height=\"270\"")));
        QVERIFY(svg.contains(QStringLiteral(">queue &lt;depth&gt; &amp; lag</text>")));
        QVERIFY(svg.contains(QStringLiteral(">+7.5% vs a week earlier</text>")));
        QVERIFY(svg.contains(QStringLiteral(">{message}</text>")));
        // x(from) = 58, x(from + 24 h) = 58 + 642 / 2 = 379; y(10) = 184.3, y(40) = 101.3,
        // y(20) = 156.7.
        QCOMPARE(matches(svg, QStringLiteral("class=\"line\"[^>]*points=\"([^\"]*)\"")),
                 QStringList{QStringLiteral("58.0,184.3 379.0,101.3")});
        QCOMPARE(matches(svg, QStringLiteral("class=\"baseline\"[^>]*points=\"([^\"]*)\"")),
                 QStringList{QStringLiteral("58.0,156.7 379.0,156.7")});
        QVERIFY(svg.contains(
            QRegularExpression(QStringLiteral("class=\"baseline\"[^>]*stroke-dasharray=\"5 4\""))));
        // The threshold at y(50) = 73.7, dashed, labelled.
        QVERIFY(svg.contains(QStringLiteral("y1=\"73.7\" y2=\"73.7\"")));
        QVERIFY(svg.contains(QStringLiteral(">limit</text>")));
        // Values at 0, 20, 40, 60; times every 12 h, in UTC.
        QCOMPARE(matches(svg, QStringLiteral("text-anchor=\"end\" stroke=\"none\" fill=\"#57606a\">"
                                             "([0-9.]+)</text>")),
                 (QStringList{QStringLiteral("0"), QStringLiteral("20"), QStringLiteral("40"),
                              QStringLiteral("60")}));
        QCOMPARE(matches(svg, QStringLiteral(">(\\d\\d-\\d\\d \\d\\d:\\d\\d)</text>")),
                 (QStringList{QStringLiteral("11-19 12:00"), QStringLiteral("11-20 00:00"),
                              QStringLiteral("11-20 12:00"), QStringLiteral("11-21 00:00"),
                              QStringLiteral("11-21 12:00")}));
        QVERIFY(svg.contains(QStringLiteral(">times in UTC</text>")));
        // The legend names both lines.
        QCOMPARE(svg.count(QStringLiteral("class=\"legend\"")), 2);

        // The same chart for a dark window: its background, light text, no light-set colour.
        const QString dark = QString::fromStdString(
            renderChartSvg(payload, ChartSvgSize{}, darkChartSvgColors("#202124")));
        QVERIFY(dark.contains(QStringLiteral("height=\"270\" fill=\"#202124\"/>")));
        QVERIFY(dark.contains(QStringLiteral("fill=\"#e6edf3\">queue &lt;depth&gt;")));
        for (const char* light : {"#ffffff", "#1f2328", "#57606a", "#0969da", "#cf222e"})
            QVERIFY2(!dark.contains(QLatin1String(light)), light);
        // Only the colours change: the same geometry.
        QCOMPARE(matches(dark, QStringLiteral("class=\"line\"[^>]*points=\"([^\"]*)\"")),
                 QStringList{QStringLiteral("58.0,184.3 379.0,101.3")});
    }

    void svgOfNothingSaysSo() {
        const QString svg = QString::fromStdString(renderChartSvg(nlohmann::json::object()));
        QVERIFY(svg.contains(QStringLiteral("No points in this range")));
        QVERIFY(!svg.contains(QStringLiteral("<polyline")));
        const QString bad = QString::fromStdString(
            renderChartSvg({{"lines", {{{"points", {"x", {1}, {1, "y"}}}}}}}));
        QVERIFY(bad.contains(QStringLiteral("No points in this range")));
    }

    void chartTableSummarisesEachLine() {
        const nlohmann::json p = {
            {"comparison", "-20.0% vs a week earlier"},
            {"unit", "{lead}/s"},
            {"lines",
             {{{"label", "acme · rate"}, {"points", {{1, 4.0}, {2, 1.5}, {3, 9.0}, {4, 2.0}}}},
              {{"label", "a week earlier"},
               {"dashed", true},
               {"points", nlohmann::json::array()}}}},
            {"thresholds", {{{"value", 8}, {"label", "alert"}}}}};
        const ReportTable t = evidenceTable("chart", p);
        QCOMPARE(t.headers.size(), std::size_t(6));
        QCOMPARE(t.rows.size(), std::size_t(2));
        QCOMPARE(t.rows[0], (std::vector<std::string>{"acme · rate", "4", "4", "1.5", "9", "2"}));
        QCOMPARE(t.rows[1][0], std::string("a week earlier (dashed)"));
        QCOMPARE(t.rows[1][1], std::string("0"));
        QCOMPARE(t.caption,
                 std::string("-20.0% vs a week earlier; unit {lead}/s; threshold alert at 8"));
    }

    void lineageFindingAndSloTablesReadWell() {
        const nlohmann::json impact = {
            {"node", "snowflake://db/leads_clean"},
            {"direction", "downstream"},
            {"words", "2 of 5 journeys"},
            {"nodes",
             {{{"node", "journeys/welcome"},
               {"kind", "journey"},
               {"hops", 2},
               {"path",
                {"snowflake://db/leads_clean", "features/lead_score", "journeys/welcome"}}}}},
            {"truncated", true}};
        ReportTable t = evidenceTable("lineage_impact", impact);
        QCOMPARE(t.rows.size(), std::size_t(1));
        // Paths by short names: the namespace "snowflake://db" holds a slash itself.
        QCOMPARE(t.rows[0], (std::vector<std::string>{"journeys/welcome", "journey", "2",
                                                      "leads_clean → lead_score → welcome"}));
        QCOMPARE(t.caption, std::string("downstream of snowflake://db/leads_clean: 2 of 5 "
                                        "journeys; more nodes were reached than the evidence "
                                        "lists"));
        nlohmann::json many = impact;
        many["truncated"] = false;
        for (int i = 0; i < 19; ++i)
            many["nodes"].push_back(impact["nodes"][0]);
        t = evidenceTable("lineage_impact", many);
        QCOMPARE(t.rows.size(), std::size_t(15));
        QCOMPARE(t.caption, std::string("downstream of snowflake://db/leads_clean: 2 of 5 "
                                        "journeys; the first 15 of 20 nodes listed"));

        const nlohmann::json finding = {
            {"grade", "error"},
            {"title", "leads.submitted fell 36%"},
            {"summary", "since 20:00"},
            {"tenant", "acme"},
            {"onset_ns", at("2026-11-19T20:00Z")},
            {"causes",
             {{{"kind", "change"}, {"title", "SDK 4.2.0"}, {"confidence", 0.9357}},
              {{"kind", "slo_alert"}, {"title", "freshness"}, {"confidence", nullptr}}}}};
        t = evidenceTable("finding", finding);
        QCOMPARE(t.rows.size(), std::size_t(2));
        QCOMPARE(t.rows[0], (std::vector<std::string>{"change", "SDK 4.2.0", "94%"}));
        QCOMPARE(t.rows[1], (std::vector<std::string>{"slo_alert", "freshness", ""}));
        QCOMPARE(t.caption,
                 std::string("error, onset 2026-11-19 20:00:00 UTC, tenant acme: since 20:00"));

        const nlohmann::json slo = {{"slo", "ingestion-freshness"},
                                    {"tenant", "acme"},
                                    {"status", "Broken"},
                                    {"sli", 0.9412},
                                    {"objective", 0.99},
                                    {"budget_remaining", -4.88},
                                    {"alerts",
                                     {{{"severity", "page"},
                                       {"long_window", "1h"},
                                       {"short_window", "5m"},
                                       {"burn_rate", 14.4},
                                       {"from_ns", at("2026-11-20T21:00Z")}}}}};
        t = evidenceTable("slo_status", slo);
        QCOMPARE(t.rows[0], (std::vector<std::string>{"ingestion-freshness", "acme", "Broken",
                                                      "0.9412", "0.99", "-4.88"}));
        QCOMPARE(t.caption, std::string("alert page burn 14.4 over 1h/5m at 2026-11-20 21:00:00"));
    }
};

QTEST_GUILESS_MAIN(TestChartEvidence)
#include "tst_chart_evidence.moc"
