// The sample bundles: determinism, size, OTLP structure, the deliberate defects and the
// numbers of both incident stories, computed back from the files with nlohmann::json.

#include "core/generate/scenario_generator.h"
#include "core/util/time_text.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace casebook;
using nlohmann::json;

namespace {

constexpr std::int64_t kHourNs = 3'600'000'000'000;
constexpr std::int64_t kDayNs = 24 * kHourNs;

std::int64_t at(const char* rfc3339) {
    const auto t = parseRfc3339(rfc3339);
    if (!t)
        throw std::logic_error(std::string("bad test time ") + rfc3339);
    return *t;
}

std::optional<std::int64_t> nanos(const json& v) {
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (!v.is_string())
        return std::nullopt;
    const std::string s = v.get<std::string>();
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(s);
}

bool isHex(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// OTLP attribute list -> {"key": AnyValue}.
json attributeMap(const json& list) {
    json out = json::object();
    if (!list.is_array())
        return out;
    for (const auto& kv : list)
        out[kv.at("key").get<std::string>()] = kv.at("value");
    return out;
}

std::string stringAttr(const json& attrs, const char* key) {
    const auto it = attrs.find(key);
    if (it == attrs.end() || !it->contains("stringValue"))
        return {};
    return it->at("stringValue").get<std::string>();
}

struct Span {
    std::string traceId, spanId, parentId, name, service, version, tenant;
    std::int64_t start = 0, end = 0;
    int status = 0;
    json attrs;
};

struct Log {
    std::string body, service, tenant, traceId, spanId, severity;
    std::optional<std::int64_t> time;
};

struct Point {
    std::string name, tenant, shape;
    std::optional<std::int64_t> start, time;
    double value = 0;
    std::vector<std::uint64_t> buckets;
    std::vector<double> bounds;
};

struct Bundle {
    GenerateSummary summary;
    std::filesystem::path dir;
    json manifest;
    std::vector<Span> spans;
    std::vector<Log> logs;
    std::vector<Point> points;
    std::vector<json> changes; // changes.jsonl lines that parse and have a valid time
    std::vector<std::size_t> invalidTraceLines, invalidLogLines, invalidMetricLines;
    std::size_t changeLines = 0, invalidChanges = 0, annotations = 0;
    std::size_t traceLines = 0, logLines = 0, metricLines = 0;
    std::size_t maxRecordsPerLine = 0;
};

template <typename F> std::size_t forEachLine(const std::filesystem::path& file, F&& f) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + file.string());
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line))
        f(++n, line);
    return n;
}

Bundle readBundle(const std::filesystem::path& dir, const GenerateSummary& summary) {
    Bundle b;
    b.dir = dir;
    b.summary = summary;
    {
        std::ifstream in(dir / "manifest.json");
        b.manifest = json::parse(in);
    }
    b.traceLines =
        forEachLine(dir / "traces.otlp.jsonl", [&](std::size_t n, const std::string& line) {
            const json doc = json::parse(line, nullptr, false);
            if (doc.is_discarded()) {
                b.invalidTraceLines.push_back(n);
                return;
            }
            std::size_t records = 0;
            for (const auto& rs : doc.at("resourceSpans")) {
                const json res = attributeMap(rs.at("resource").at("attributes"));
                for (const auto& ss : rs.at("scopeSpans"))
                    for (const auto& s : ss.at("spans")) {
                        Span sp;
                        sp.traceId = s.at("traceId").get<std::string>();
                        sp.spanId = s.at("spanId").get<std::string>();
                        sp.parentId = s.value("parentSpanId", "");
                        sp.name = s.at("name").get<std::string>();
                        sp.service = stringAttr(res, "service.name");
                        sp.version = stringAttr(res, "service.version");
                        sp.tenant = stringAttr(res, "tenant.id");
                        sp.start = nanos(s.at("startTimeUnixNano")).value_or(-1);
                        sp.end = nanos(s.at("endTimeUnixNano")).value_or(-1);
                        sp.status = s.at("status").value("code", 0);
                        sp.attrs = attributeMap(s.value("attributes", json::array()));
                        b.spans.push_back(std::move(sp));
                        ++records;
                    }
            }
            b.maxRecordsPerLine = std::max(b.maxRecordsPerLine, records);
        });
    b.logLines = forEachLine(dir / "logs.otlp.jsonl", [&](std::size_t n, const std::string& line) {
        const json doc = json::parse(line, nullptr, false);
        if (doc.is_discarded()) {
            b.invalidLogLines.push_back(n);
            return;
        }
        std::size_t records = 0;
        for (const auto& rl : doc.at("resourceLogs")) {
            const json res = attributeMap(rl.at("resource").at("attributes"));
            for (const auto& sl : rl.at("scopeLogs"))
                for (const auto& r : sl.at("logRecords")) {
                    Log l;
                    l.body = r.at("body").at("stringValue").get<std::string>();
                    l.service = stringAttr(res, "service.name");
                    l.tenant = stringAttr(res, "tenant.id");
                    l.traceId = r.value("traceId", "");
                    l.spanId = r.value("spanId", "");
                    l.severity = r.value("severityText", "");
                    l.time = nanos(r.at("timeUnixNano"));
                    b.logs.push_back(std::move(l));
                    ++records;
                }
        }
        b.maxRecordsPerLine = std::max(b.maxRecordsPerLine, records);
    });
    b.metricLines =
        forEachLine(dir / "metrics.otlp.jsonl", [&](std::size_t n, const std::string& line) {
            const json doc = json::parse(line, nullptr, false);
            if (doc.is_discarded()) {
                b.invalidMetricLines.push_back(n);
                return;
            }
            std::size_t records = 0;
            for (const auto& rm : doc.at("resourceMetrics")) {
                const json res = attributeMap(rm.at("resource").at("attributes"));
                for (const auto& sm : rm.at("scopeMetrics"))
                    for (const auto& m : sm.at("metrics"))
                        for (const char* shape : {"sum", "gauge", "histogram"}) {
                            if (!m.contains(shape))
                                continue;
                            for (const auto& p : m.at(shape).at("dataPoints")) {
                                Point pt;
                                pt.name = m.at("name").get<std::string>();
                                pt.tenant = stringAttr(res, "tenant.id");
                                pt.shape = shape;
                                pt.time = nanos(p.at("timeUnixNano"));
                                if (p.contains("startTimeUnixNano"))
                                    pt.start = nanos(p.at("startTimeUnixNano"));
                                if (p.contains("asInt"))
                                    pt.value = static_cast<double>(*nanos(p.at("asInt")));
                                else if (p.contains("asDouble"))
                                    pt.value = p.at("asDouble").get<double>();
                                if (p.contains("bucketCounts")) {
                                    for (const auto& c : p.at("bucketCounts"))
                                        pt.buckets.push_back(static_cast<std::uint64_t>(*nanos(c)));
                                    pt.bounds = p.at("explicitBounds").get<std::vector<double>>();
                                }
                                b.points.push_back(std::move(pt));
                                ++records;
                            }
                        }
            }
            b.maxRecordsPerLine = std::max(b.maxRecordsPerLine, records);
        });
    b.changeLines = forEachLine(dir / "changes.jsonl", [&](std::size_t, const std::string& line) {
        const json doc = json::parse(line, nullptr, false);
        if (doc.is_discarded() || !doc.contains("time") || !doc.contains("kind") ||
            !doc.contains("title") || !parseRfc3339(doc.at("time").get<std::string>())) {
            ++b.invalidChanges;
            return;
        }
        b.changes.push_back(doc);
    });
    {
        std::ifstream in(dir / "annotations.grafana.json");
        const json annotations = json::parse(in);
        b.annotations = annotations.size();
    }
    return b;
}

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Sum of a delta counter over the points whose interval lies inside [from, to].
double sumIn(const Bundle& b, const std::string& name, std::int64_t from, std::int64_t to,
             const std::string& tenant = {}) {
    double total = 0;
    for (const Point& p : b.points)
        if (p.name == name && p.time && p.start && *p.start >= from && *p.time <= to &&
            (tenant.empty() || p.tenant == tenant))
            total += p.value;
    return total;
}

struct GaugeStats {
    double min = 1e300, max = -1e300, sum = 0;
    std::size_t n = 0;
    double mean() const { return n ? sum / static_cast<double>(n) : 0; }
};

GaugeStats gaugeIn(const Bundle& b, const std::string& name, std::int64_t from, std::int64_t to,
                   const std::string& tenant = {}) {
    GaugeStats g;
    for (const Point& p : b.points)
        if (p.name == name && p.time && *p.time > from && *p.time <= to &&
            (tenant.empty() || p.tenant == tenant)) {
            g.min = std::min(g.min, p.value);
            g.max = std::max(g.max, p.value);
            g.sum += p.value;
            ++g.n;
        }
    return g;
}

const json* findChange(const Bundle& b, const std::string& kind, const std::string& tenant = {}) {
    for (const json& c : b.changes)
        if (c.at("kind") == kind && (tenant.empty() || c.value("tenant", "") == tenant))
            return &c;
    return nullptr;
}

std::int64_t changeTime(const json& c) {
    return *parseRfc3339(c.at("time").get<std::string>());
}

} // namespace

class TestScenarioGenerator : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void scenarioNames();
    void rejectsBadScale();
    void ioFailureThrows();
    void deterministic_data();
    void deterministic();
    void manifestListsTheFiles_data();
    void manifestListsTheFiles();
    void summaryMatchesTheFiles_data();
    void summaryMatchesTheFiles();
    void countsGrowWithScale_data();
    void countsGrowWithScale();
    void otlpStructure_data();
    void otlpStructure();
    void defectsSitInTheMiddle_data();
    void defectsSitInTheMiddle();

    void leadVolumeDropsAgainstLastWeek();
    void parseErrorsFollowTheSdkRelease();
    void freshnessSloBreachedAfterTheRelease();
    void noOwnerLeadsAndFewerSqls();
    void leadChangesTellTheStory();

    void retailAudienceShrinks();
    void retailConversionAndCtrDrop();
    void retailSlowFeatureReadsAndDecisions();
    void retailDuplicatesAfterWebhookRetries();

    void withoutIncidentTheCauseIsGone();
    void leadLineageTellsTheStory();
    void retailLineageTellsTheStory();

private:
    Bundle generate(Scenario scenario, int scale, std::uint64_t seed, const QString& name);
    const Bundle& bundle(const QString& name) const { return bundles_.at(name.toStdString()); }

    QTemporaryDir tmp_;
    std::map<std::string, Bundle> bundles_;
};

Bundle TestScenarioGenerator::generate(Scenario scenario, int scale, std::uint64_t seed,
                                       const QString& name) {
    const std::filesystem::path dir = tmp_.filePath(name).toStdString();
    GenerateOptions o;
    o.scenario = scenario;
    o.scale = scale;
    o.seed = seed;
    const GenerateSummary s = generateBundle(o, dir);
    return readBundle(dir, s);
}

void TestScenarioGenerator::initTestCase() {
    QVERIFY(tmp_.isValid());
    bundles_["lead1"] = generate(Scenario::LeadFlow, 1, 42, "lead1");
    bundles_["lead3"] = generate(Scenario::LeadFlow, 3, 42, "lead3");
    bundles_["retail1"] = generate(Scenario::RetailPersonalization, 1, 42, "retail1");
    bundles_["retail3"] = generate(Scenario::RetailPersonalization, 3, 42, "retail3");
}

void TestScenarioGenerator::scenarioNames() {
    QVERIFY(scenarioFromName("lead-flow") == Scenario::LeadFlow);
    QVERIFY(scenarioFromName("retail-personalization") == Scenario::RetailPersonalization);
    QVERIFY(!scenarioFromName("lead_flow"));
    QVERIFY(!scenarioFromName(""));
    QCOMPARE(scenarioName(Scenario::RetailPersonalization),
             std::string_view("retail-personalization"));
}

void TestScenarioGenerator::rejectsBadScale() {
    GenerateOptions o;
    o.scale = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             generateBundle(o, tmp_.filePath("bad-scale").toStdString()));
    QVERIFY(!std::filesystem::exists(tmp_.filePath("bad-scale").toStdString()));
}

void TestScenarioGenerator::ioFailureThrows() {
    const std::filesystem::path file = tmp_.filePath("a-file").toStdString();
    std::ofstream(file) << "x";
    bool threw = false;
    try {
        generateBundle({}, file / "bundle");
    } catch (const std::runtime_error& e) {
        threw = true;
        QVERIFY2(std::string(e.what()).find("a-file") != std::string::npos, e.what());
    }
    QVERIFY(threw);
}

void TestScenarioGenerator::deterministic_data() {
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QString>("reference");
    QTest::newRow("lead-flow") << int(Scenario::LeadFlow) << "lead1";
    QTest::newRow("retail") << int(Scenario::RetailPersonalization) << "retail1";
}

void TestScenarioGenerator::deterministic() {
    QFETCH(int, scenario);
    QFETCH(QString, reference);
    const Bundle& first = bundle(reference);
    const QString againName = reference + "-again";
    const std::filesystem::path again = tmp_.filePath(againName).toStdString();
    GenerateOptions o;
    o.scenario = static_cast<Scenario>(scenario);
    const GenerateSummary s = generateBundle(o, again);
    QCOMPARE(s.files, first.summary.files);
    QCOMPARE(s.bytes, first.summary.bytes);
    for (const std::string& f : s.files)
        QVERIFY2(readFile(first.dir / f) == readFile(again / f), f.c_str());

    // Regenerating into the same folder overwrites the files rather than appending.
    generateBundle(o, again);
    for (const std::string& f : s.files)
        QVERIFY2(readFile(first.dir / f) == readFile(again / f), f.c_str());

    // Another seed tells the same story with other ids and samples.
    o.seed = 7;
    const std::filesystem::path other = tmp_.filePath(reference + "-seed7").toStdString();
    generateBundle(o, other);
    QVERIFY(readFile(first.dir / "traces.otlp.jsonl") != readFile(other / "traces.otlp.jsonl"));
    QVERIFY(readFile(first.dir / "changes.jsonl") == readFile(other / "changes.jsonl"));
}

void TestScenarioGenerator::manifestListsTheFiles_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("tenant");
    QTest::newRow("lead-flow") << "lead1"
                               << "acme";
    QTest::newRow("retail") << "retail1"
                            << "northwind";
}

void TestScenarioGenerator::manifestListsTheFiles() {
    QFETCH(QString, name);
    QFETCH(QString, tenant);
    const Bundle& b = bundle(name);
    QCOMPARE(b.manifest.at("default_tenant").get<std::string>(), tenant.toStdString());
    QVERIFY(b.manifest.at("tenant_attribute_keys") == json::parse(R"(["tenant.id","tenant_id"])"));
    QVERIFY(!b.manifest.at("name").get<std::string>().empty());
    std::map<std::string, std::string> formats;
    for (const auto& f : b.manifest.at("files")) {
        const std::string path = f.at("path");
        QVERIFY2(std::filesystem::is_regular_file(b.dir / path), path.c_str());
        QVERIFY(f.contains("kind"));
        formats[path] = f.at("format");
    }
    // The six telemetry files (SLOs included), then lineage: OpenLineage events, a dbt
    // manifest per tenant (named with its tenant in the mapping), the edges CSV.
    QCOMPARE(formats.size(), std::size_t(11));
    QCOMPARE(formats["traces.otlp.jsonl"], std::string("otlp-json"));
    QCOMPARE(formats["logs.otlp.jsonl"], std::string("otlp-json"));
    QCOMPARE(formats["metrics.otlp.jsonl"], std::string("otlp-json"));
    QCOMPARE(formats["changes.jsonl"], std::string("changes-jsonl"));
    QCOMPARE(formats["annotations.grafana.json"], std::string("grafana-annotations"));
    QCOMPARE(formats["slos.json"], std::string("casebook-slos"));
    // The SLOs of the story: two, valid JSON, each naming a metric the bundle has.
    std::ifstream in(b.dir / "slos.json");
    const json slos = json::parse(in).at("slos");
    QCOMPARE(slos.size(), std::size_t(2));
    for (const auto& slo : slos) {
        const json& sli = slo.at("sli");
        const std::string metric = sli.contains("total")
                                       ? sli.at("total").at("metric").get<std::string>()
                                       : sli.at("metric").get<std::string>();
        QVERIFY2(std::any_of(b.points.begin(), b.points.end(),
                             [&](const Point& p) { return p.name == metric; }),
                 metric.c_str());
    }
    QCOMPARE(formats["lineage.openlineage.jsonl"], std::string("openlineage-json"));
    QCOMPARE(formats["lineage-edges.csv"], std::string("lineage-csv"));
    for (const auto& f : b.manifest.at("files"))
        if (f.at("format") == "dbt-manifest")
            QCOMPARE(f.at("path").get<std::string>(),
                     "dbt/" + f.at("mapping").at("tenant").get<std::string>() + "/manifest.json");
}

void TestScenarioGenerator::summaryMatchesTheFiles_data() {
    QTest::addColumn<QString>("name");
    for (const char* n : {"lead1", "lead3", "retail1", "retail3"})
        QTest::newRow(n) << QString::fromLatin1(n);
}

void TestScenarioGenerator::summaryMatchesTheFiles() {
    QFETCH(QString, name);
    const Bundle& b = bundle(name);
    const GenerateSummary& s = b.summary;
    QCOMPARE(s.files.size(), std::size_t(12)); // 7 of telemetry, 5 of lineage
    std::uint64_t bytes = 0;
    for (const std::string& f : s.files)
        bytes += std::filesystem::file_size(b.dir / f);
    QCOMPARE(s.bytes, bytes);

    // Valid records only; the defects are counted apart.
    const auto badTraceIds = std::count_if(b.spans.begin(), b.spans.end(), [](const Span& sp) {
        return sp.traceId.size() != 32 || sp.spanId == "0000000000000000";
    });
    QCOMPARE(s.spans, b.spans.size() - static_cast<std::size_t>(badTraceIds));
    const auto badLogTimes =
        std::count_if(b.logs.begin(), b.logs.end(), [](const Log& l) { return !l.time; });
    QCOMPARE(s.logs, b.logs.size() - static_cast<std::size_t>(badLogTimes));
    const auto badPointTimes =
        std::count_if(b.points.begin(), b.points.end(), [](const Point& p) { return !p.time; });
    QCOMPARE(s.metricPoints, b.points.size() - static_cast<std::size_t>(badPointTimes));
    QCOMPARE(s.changes, b.changes.size() + b.annotations);
    QCOMPARE(s.defects, std::uint64_t(badTraceIds + badLogTimes + badPointTimes) +
                            b.invalidLogLines.size() + b.invalidChanges);
    QCOMPARE(s.defects, std::uint64_t(6));
}

void TestScenarioGenerator::countsGrowWithScale_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("scale");
    QTest::newRow("lead-flow 1") << "lead1" << 1;
    QTest::newRow("lead-flow 3") << "lead3" << 3;
    QTest::newRow("retail 1") << "retail1" << 1;
    QTest::newRow("retail 3") << "retail3" << 3;
}

void TestScenarioGenerator::countsGrowWithScale() {
    QFETCH(QString, name);
    QFETCH(int, scale);
    const Bundle& b = bundle(name);
    const double target = 10'000.0 * scale;
    auto near = [&](std::uint64_t n) {
        return std::abs(static_cast<double>(n) - target) <= 0.1 * target;
    };
    QVERIFY2(near(b.summary.spans), std::to_string(b.summary.spans).c_str());
    QVERIFY2(near(b.summary.logs), std::to_string(b.summary.logs).c_str());
    QVERIFY2(near(b.summary.metricPoints), std::to_string(b.summary.metricPoints).c_str());
    // Lines stay bounded: requests of at most 500 records.
    QVERIFY(b.maxRecordsPerLine <= 501);
    // The metric resolution follows the scale: one point per series every 60/scale minutes.
    std::set<std::int64_t> steps;
    for (const Point& p : b.points)
        if (p.name == "homepage.sessions" || p.name == "leads.submitted")
            steps.insert(*p.time - *p.start);
    QCOMPARE(steps.size(), std::size_t(1));
    QCOMPARE(*steps.begin(), kHourNs / scale);
}

void TestScenarioGenerator::otlpStructure_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("lead-flow") << "lead1";
    QTest::newRow("retail") << "retail1";
}

void TestScenarioGenerator::otlpStructure() {
    QFETCH(QString, name);
    const Bundle& b = bundle(name);
    std::map<std::string, std::set<std::string>> traces;
    std::set<std::string> services, tenants;
    std::size_t shortTraceIds = 0, zeroSpanIds = 0;
    for (const Span& s : b.spans) {
        if (s.traceId.size() == 31) {
            ++shortTraceIds;
            continue;
        }
        if (s.spanId == "0000000000000000") {
            ++zeroSpanIds;
            continue;
        }
        QCOMPARE(s.traceId.size(), std::size_t(32));
        QCOMPARE(s.spanId.size(), std::size_t(16));
        QVERIFY(isHex(s.traceId) && isHex(s.spanId));
        QVERIFY(s.parentId.empty() || (s.parentId.size() == 16 && isHex(s.parentId)));
        QVERIFY(s.start > 0 && s.end >= s.start);
        QVERIFY(!s.service.empty() && !s.version.empty() && !s.tenant.empty());
        QCOMPARE(stringAttr(s.attrs, "tenant_id"), s.tenant);
        QVERIFY(traces[s.traceId].insert(s.spanId).second); // span ids unique in a trace
        services.insert(s.service);
        tenants.insert(s.tenant);
    }
    QCOMPARE(shortTraceIds, std::size_t(1));
    QCOMPARE(zeroSpanIds, std::size_t(1));
    std::size_t roots = 0;
    for (const Span& s : b.spans) {
        if (s.traceId.size() != 32 || s.spanId == "0000000000000000")
            continue;
        if (s.parentId.empty()) {
            ++roots;
            continue;
        }
        QVERIFY2(traces[s.traceId].count(s.parentId) == 1,
                 (s.traceId + " lacks parent " + s.parentId + " of " + s.name).c_str());
    }
    QVERIFY(roots >= traces.size()); // every trace has a root
    QVERIFY(services.size() >= 7);
    QVERIFY(tenants.size() >= 2 && tenants.size() <= 3);

    // Log records linked to a span point at a span of the trace file.
    std::size_t linked = 0;
    for (const Log& l : b.logs) {
        QVERIFY(!l.service.empty() && !l.tenant.empty());
        if (l.spanId.empty())
            continue;
        QCOMPARE(l.traceId.size(), std::size_t(32));
        QCOMPARE(l.spanId.size(), std::size_t(16));
        const auto it = traces.find(l.traceId);
        QVERIFY2(it != traces.end() && it->second.count(l.spanId) == 1, l.body.c_str());
        ++linked;
    }
    QVERIFY(linked > b.logs.size() / 5);

    // Metrics: histograms are consistent, counters are whole and non-negative.
    for (const Point& p : b.points) {
        if (!p.time)
            continue;
        if (p.shape == "histogram") {
            QCOMPARE(p.buckets.size(), p.bounds.size() + 1);
        } else if (p.shape == "sum") {
            QVERIFY(p.value >= 0);
            QVERIFY(p.start && *p.start < *p.time);
        }
    }
}

void TestScenarioGenerator::defectsSitInTheMiddle_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("lead-flow 1") << "lead1";
    QTest::newRow("retail 3") << "retail3";
}

void TestScenarioGenerator::defectsSitInTheMiddle() {
    QFETCH(QString, name);
    const Bundle& b = bundle(name);
    QVERIFY(b.invalidTraceLines.empty());
    QVERIFY(b.invalidMetricLines.empty());
    QCOMPARE(b.invalidLogLines.size(), std::size_t(1));
    const std::size_t broken = b.invalidLogLines.front();
    QVERIFY(broken > b.logLines / 4 && broken < b.logLines * 3 / 4);
    QCOMPARE(b.invalidChanges, std::size_t(1));

    auto middle = [](std::size_t index, std::size_t size) {
        return index > size / 4 && index < size * 3 / 4;
    };
    const auto shortId = std::find_if(b.spans.begin(), b.spans.end(),
                                      [](const Span& s) { return s.traceId.size() == 31; });
    QVERIFY(middle(static_cast<std::size_t>(shortId - b.spans.begin()), b.spans.size()));
    const auto badTime =
        std::find_if(b.logs.begin(), b.logs.end(), [](const Log& l) { return !l.time; });
    QVERIFY(badTime != b.logs.end());
    QVERIFY(middle(static_cast<std::size_t>(badTime - b.logs.begin()), b.logs.size()));
    QCOMPARE(
        std::count_if(b.points.begin(), b.points.end(), [](const Point& p) { return !p.time; }),
        std::ptrdiff_t(1));
}

// ----------------------------------------------------------------------------------------
// Lead flow

void TestScenarioGenerator::leadVolumeDropsAgainstLastWeek() {
    for (const char* name : {"lead1", "lead3"}) {
        const Bundle& b = bundle(QString::fromLatin1(name));
        const std::int64_t from = at("2026-11-19T20:00:00Z");
        const std::int64_t to = at("2026-11-21T00:00:00Z");
        const double now = sumIn(b, "leads.submitted", from, to);
        const double before = sumIn(b, "leads.submitted", from - 7 * kDayNs, to - 7 * kDayNs);
        QVERIFY(before > 0);
        const double drop = 1 - now / before;
        QVERIFY2(drop >= 0.21 && drop <= 0.25,
                 (std::string(name) + ": " + std::to_string(drop)).c_str());

        // acme suffers most; the SDK still sends as many submissions as last week.
        double worst = 0;
        std::string worstTenant;
        for (const char* tenant : {"acme", "globex", "initech"}) {
            const double d =
                1 - sumIn(b, "leads.submitted", from, to, tenant) /
                        sumIn(b, "leads.submitted", from - 7 * kDayNs, to - 7 * kDayNs, tenant);
            if (d > worst) {
                worst = d;
                worstTenant = tenant;
            }
        }
        QCOMPARE(worstTenant, std::string("acme"));
        const double sent = sumIn(b, "forms.submissions", from, to) /
                            sumIn(b, "forms.submissions", from - 7 * kDayNs, to - 7 * kDayNs);
        QVERIFY2(sent > 0.95 && sent < 1.05, std::to_string(sent).c_str());
        // The weekday before the release looks like last week's.
        const double calm =
            sumIn(b, "leads.submitted", at("2026-11-19T00:00:00Z"), from) /
            sumIn(b, "leads.submitted", at("2026-11-12T00:00:00Z"), from - 7 * kDayNs);
        QVERIFY2(calm > 0.95 && calm < 1.05, std::to_string(calm).c_str());
    }
}

void TestScenarioGenerator::parseErrorsFollowTheSdkRelease() {
    const Bundle& b = bundle("lead3");
    std::map<std::string, std::int64_t> release;
    for (const json& c : b.changes)
        if (c.at("kind") == "sdk_release")
            release[c.at("tenant").get<std::string>()] = changeTime(c);
    QCOMPARE(release.size(), std::size_t(3));
    QCOMPARE(release["acme"], at("2026-11-19T20:00:00Z"));

    std::map<std::string, const Span*> spanById;
    for (const Span& s : b.spans)
        spanById[s.traceId + s.spanId] = &s;
    std::map<std::string, std::size_t> perTenant;
    std::size_t total = 0;
    for (const Log& l : b.logs) {
        if (l.body != "rejected submission: unknown field 'utm_content'")
            continue;
        ++total;
        ++perTenant[l.tenant];
        QCOMPARE(l.severity, std::string("ERROR"));
        QVERIFY(l.time && *l.time >= release.at(l.tenant));
        const auto it = spanById.find(l.traceId + l.spanId);
        QVERIFY(it != spanById.end());
        const Span& failed = *it->second;
        QCOMPARE(failed.status, 2);
        QCOMPARE(stringAttr(failed.attrs, "error.code"), std::string("PARSE_UNKNOWN_FIELD"));
        QCOMPARE(failed.service, std::string("ingestion-api"));
    }
    QVERIFY2(total > 100, std::to_string(total).c_str());
    QVERIFY(perTenant["acme"] * 2 > total);
    QVERIFY(perTenant["acme"] > perTenant["globex"] && perTenant["globex"] > perTenant["initech"]);

    // What the failing traces share: SDK 4.2.0 sending utm_content.
    std::set<std::string> failingTraces;
    for (const Span& s : b.spans)
        if (stringAttr(s.attrs, "error.code") == "PARSE_UNKNOWN_FIELD")
            failingTraces.insert(s.traceId);
    QCOMPARE(failingTraces.size(), total);
    std::size_t failingClients = 0;
    for (const Span& s : b.spans) {
        if (s.service != "web-forms" || s.name != "POST /v1/submissions")
            continue;
        bool utm = false;
        for (const auto& v : s.attrs.at("form.fields").at("arrayValue").at("values"))
            utm = utm || v.at("stringValue") == "utm_content";
        if (failingTraces.count(s.traceId)) {
            ++failingClients;
            QCOMPARE(s.status, 2);
            QVERIFY(utm);
            QCOMPARE(s.version, std::string("4.2.0"));
        }
        if (utm)
            QVERIFY(s.start >= release.at(s.tenant));
    }
    QCOMPARE(failingClients, total);
    // And no span fails that way before the first wave.
    for (const Span& s : b.spans)
        if (stringAttr(s.attrs, "error.code") == "PARSE_UNKNOWN_FIELD")
            QVERIFY(s.start >= release.at(s.tenant));
}

void TestScenarioGenerator::freshnessSloBreachedAfterTheRelease() {
    const Bundle& b = bundle("lead1");
    const std::int64_t release = at("2026-11-19T20:00:00Z");
    const std::int64_t end = at("2026-11-21T00:00:00Z");
    for (const char* tenant : {"acme", "globex", "initech"}) {
        const GaugeStats before = gaugeIn(b, "ingestion.freshness_lag_seconds",
                                          at("2026-11-12T00:00:00Z"), release, tenant);
        QVERIFY(before.n > 100);
        QVERIFY2(before.max < 900, tenant);
    }
    QVERIFY(gaugeIn(b, "ingestion.freshness_lag_seconds", release, end, "acme").max > 1800);
    QVERIFY(gaugeIn(b, "ingestion.freshness_lag_seconds", release, end, "globex").max > 900);
    QVERIFY(gaugeIn(b, "ingestion.freshness_lag_seconds", release, end, "initech").max < 900);
    // Breached within a few hours of the release, long before anyone noticed.
    QVERIFY(gaugeIn(b, "ingestion.freshness_lag_seconds", release + 2 * kHourNs,
                    release + 5 * kHourNs, "acme")
                .min > 900);
    // Journeys fed by utm_content campaigns starve: 2 of 5 per tenant.
    QCOMPARE(gaugeIn(b, "journeys.active", at("2026-11-20T12:00:00Z"), end).max, 3.0);
    QCOMPARE(gaugeIn(b, "journeys.active", at("2026-11-12T00:00:00Z"), release).min, 5.0);
}

void TestScenarioGenerator::noOwnerLeadsAndFewerSqls() {
    const Bundle& b = bundle("lead3");
    const std::int64_t traceStart = at("2026-11-19T00:00:00Z");
    const std::int64_t release = at("2026-11-19T20:00:00Z");
    const std::int64_t end = at("2026-11-21T00:00:00Z");
    std::size_t before = 0, after = 0, acmeAfter = 0;
    for (const Log& l : b.logs) {
        if (l.body.rfind("lead created without owner:", 0) != 0)
            continue;
        QVERIFY(l.body.find('@') != std::string::npos); // personal data for redaction to find
        if (*l.time < release) {
            ++before;
        } else {
            ++after;
            acmeAfter += l.tenant == "acme";
        }
    }
    const double rateBefore =
        static_cast<double>(before) / static_cast<double>(release - traceStart);
    const double rateAfter = static_cast<double>(after) / static_cast<double>(end - release);
    QVERIFY2(rateAfter > 5 * rateBefore,
             (std::to_string(before) + " " + std::to_string(after)).c_str());
    QVERIFY(acmeAfter * 2 > after);
    const double noOwner = sumIn(b, "crm.leads.without_owner", release, end);
    QVERIFY(noOwner >
            5 * sumIn(b, "crm.leads.without_owner", release - 7 * kDayNs, end - 7 * kDayNs));

    const double sql = sumIn(b, "leads.sql", release, end) /
                       sumIn(b, "leads.sql", release - 7 * kDayNs, end - 7 * kDayNs);
    QVERIFY2(sql < 0.8, std::to_string(sql).c_str());
}

void TestScenarioGenerator::leadChangesTellTheStory() {
    const Bundle& b = bundle("lead1");
    const json* sdk = findChange(b, "sdk_release", "acme");
    QVERIFY(sdk);
    QCOMPARE(sdk->at("service").get<std::string>(), std::string("web-forms"));
    QCOMPARE(sdk->at("version").get<std::string>(), std::string("4.2.0"));
    QVERIFY(sdk->at("title").get<std::string>().find("utm_content") != std::string::npos);
    const json* incident = findChange(b, "incident");
    QVERIFY(incident);
    QCOMPARE(changeTime(*incident), at("2026-11-20T21:00:00Z"));
    QVERIFY(changeTime(*incident) - changeTime(*sdk) >= 24 * kHourNs);
    QVERIFY(findChange(b, "deploy") && findChange(b, "maintenance") &&
            findChange(b, "vendor_incident") && findChange(b, "schema_change"));
    QVERIFY(findChange(b, "maintenance")->contains("end"));
    QVERIFY(b.changes.size() >= 12);
    QCOMPARE(b.annotations, std::size_t(3));
}

// ----------------------------------------------------------------------------------------
// Retail personalization

void TestScenarioGenerator::retailAudienceShrinks() {
    const Bundle& b = bundle("retail1");
    double before = 0, after = 0;
    for (const char* tenant : {"northwind", "tailspin", "wingtip"}) {
        before += gaugeIn(b, "audience.size", at("2026-11-27T00:00:00Z"),
                          at("2026-11-27T10:00:00Z"), tenant)
                      .mean();
        after += gaugeIn(b, "audience.size", at("2026-11-27T12:00:00Z"), at("2026-11-28T00:00:00Z"),
                         tenant)
                     .mean();
    }
    const double ratio = after / before;
    QVERIFY2(ratio > 0.35 && ratio < 0.45, std::to_string(ratio).c_str());
    // Because inventory features went stale (eligibility needs < 600 s).
    QVERIFY(gaugeIn(b, "feature.freshness_seconds", at("2026-11-19T00:00:00Z"),
                    at("2026-11-27T10:00:00Z"))
                .max < 600);
    QVERIFY(gaugeIn(b, "feature.freshness_seconds", at("2026-11-27T11:00:00Z"),
                    at("2026-11-28T00:00:00Z"))
                .min > 600);
    const json* change = findChange(b, "config_change");
    QVERIFY(change);
    bool cache = false;
    for (const json& c : b.changes)
        if (c.at("kind") == "config_change" && c.value("service", "") == "feature-store") {
            cache = true;
            QCOMPARE(changeTime(c), at("2026-11-27T10:00:00Z"));
        }
    QVERIFY(cache);
}

void TestScenarioGenerator::retailConversionAndCtrDrop() {
    for (const char* name : {"retail1", "retail3"}) {
        const Bundle& b = bundle(QString::fromLatin1(name));
        const std::int64_t day = at("2026-11-27T00:00:00Z");
        const std::int64_t change = at("2026-11-27T10:00:00Z");
        const std::int64_t end = at("2026-11-28T00:00:00Z");
        const double before = sumIn(b, "homepage.conversions", day, change) /
                              sumIn(b, "homepage.sessions", day, change);
        const double after = sumIn(b, "homepage.conversions", change, end) /
                             sumIn(b, "homepage.sessions", change, end);
        const double drop = 1 - after / before;
        QVERIFY2(drop > 0.08 && drop < 0.12,
                 (std::string(name) + ": " + std::to_string(drop)).c_str());
        const double ctrBefore = sumIn(b, "recommendation.clicks", day, change) /
                                 sumIn(b, "recommendation.impressions", day, change);
        const double ctrAfter = sumIn(b, "recommendation.clicks", change, end) /
                                sumIn(b, "recommendation.impressions", change, end);
        QVERIFY(ctrAfter < ctrBefore * 0.9);
    }
}

void TestScenarioGenerator::retailSlowFeatureReadsAndDecisions() {
    const Bundle& b = bundle("retail1");
    const std::int64_t change = at("2026-11-27T10:00:00Z");
    // Decisions over the 200 ms budget, from the decision.duration histogram.
    auto overBudget = [&](std::int64_t from, std::int64_t to) {
        double over = 0, all = 0;
        for (const Point& p : b.points) {
            if (p.name != "decision.duration" || !p.start || *p.start < from || *p.time > to)
                continue;
            for (std::size_t i = 0; i < p.buckets.size(); ++i) {
                all += static_cast<double>(p.buckets[i]);
                if (i > 0 && p.bounds[i - 1] >= 200)
                    over += static_cast<double>(p.buckets[i]);
            }
        }
        return over / all;
    };
    const double before = overBudget(at("2026-11-27T00:00:00Z"), change);
    const double after = overBudget(change + kHourNs, at("2026-11-28T00:00:00Z"));
    QVERIFY2(before < 0.03, std::to_string(before).c_str());
    QVERIFY2(after > 0.25, std::to_string(after).c_str());

    // Traces: slow feature-store reads appear with the cache change.
    std::size_t slowBefore = 0, allBefore = 0, slowAfter = 0, allAfter = 0;
    std::size_t decisionsOver = 0, decisionsAfter = 0;
    for (const Span& s : b.spans) {
        if (s.service == "feature-store" && s.name == "GetOnlineFeatures") {
            const bool slow = s.end - s.start > 100'000'000;
            if (s.start < change) {
                ++allBefore;
                slowBefore += slow;
            } else if (s.start > change + kHourNs) {
                ++allAfter;
                slowAfter += slow;
            }
        }
        if (s.service == "edge-decision" && s.name == "POST /v1/decide" &&
            s.start > change + kHourNs) {
            ++decisionsAfter;
            decisionsOver += s.end - s.start > 200'000'000;
        }
    }
    QVERIFY(allBefore > 100 && allAfter > 100);
    QVERIFY(slowBefore * 100 <= allBefore);
    QVERIFY(slowAfter * 5 >= allAfter);
    QVERIFY(decisionsOver * 4 >= decisionsAfter);
}

void TestScenarioGenerator::retailDuplicatesAfterWebhookRetries() {
    const Bundle& b = bundle("retail1");
    const std::int64_t change = at("2026-11-27T10:00:00Z");
    QCOMPARE(sumIn(b, "email.duplicates", at("2026-11-19T00:00:00Z"), change), 0.0);
    QVERIFY(sumIn(b, "email.duplicates", change, at("2026-11-28T00:00:00Z")) > 0);

    // In the traces: one ESP event id, two sends, the first behind a gateway 504.
    std::map<std::string, std::vector<const Span*>> sends;
    for (const Span& s : b.spans)
        if (s.name == "email.send")
            sends[stringAttr(s.attrs, "correlation_id")].push_back(&s);
    std::size_t duplicated = 0;
    for (const auto& [event, list] : sends) {
        if (list.size() < 2)
            continue;
        ++duplicated;
        QCOMPARE(list.size(), std::size_t(2));
        QVERIFY(list[0]->start > change);
        QVERIFY(list[0]->traceId != list[1]->traceId);
    }
    QVERIFY(duplicated > 0);
    std::size_t timeouts = 0;
    for (const Span& s : b.spans)
        if (s.service == "webhook-gateway" &&
            stringAttr(s.attrs, "error.code") == "UPSTREAM_TIMEOUT") {
            ++timeouts;
            QVERIFY(s.start > change);
        }
    QCOMPARE(timeouts, duplicated);
}

namespace {

// The OpenLineage file as (tenant, job name) -> its events, in file order.
std::map<std::pair<std::string, std::string>, std::vector<json>>
lineageEventsByJob(const std::filesystem::path& dir, std::size_t& events) {
    std::map<std::pair<std::string, std::string>, std::vector<json>> byJob;
    events =
        forEachLine(dir / "lineage.openlineage.jsonl", [&](std::size_t, const std::string& line) {
            const json e = json::parse(line);
            std::string tenant;
            for (const auto& tag : e.at("job").at("facets").at("tags").at("tags"))
                if (tag.at("key") == "tenant_id")
                    tenant = tag.at("value");
            byJob[{tenant, e.at("job").at("name").get<std::string>()}].push_back(e);
        });
    return byJob;
}

std::int64_t atText(const std::string& rfc3339) {
    return at(rfc3339.c_str());
}

std::size_t countType(const std::vector<json>& events, const char* type) {
    return static_cast<std::size_t>(std::count_if(
        events.begin(), events.end(), [&](const json& e) { return e.at("eventType") == type; }));
}

} // namespace

void TestScenarioGenerator::leadLineageTellsTheStory() {
    const Bundle& b = bundle("lead1");
    std::size_t events = 0;
    const auto byJob = lineageEventsByJob(b.dir, events);
    // Per tenant: the parser every 15 minutes over two days (192 runs), unification hourly
    // (48), four dbt models every two hours (96), the CRM sync hourly but for the two hours
    // of vendor maintenance (46), three journeys hourly (144) and the two utm_content
    // journeys until the SDK reached the browsers (21 each): 568 runs, START and end each.
    QCOMPARE(events, std::size_t(3 * 568 * 2));
    QCOMPARE(b.summary.lineageEvents, std::uint64_t(3 * 568 * 2));
    QCOMPARE(b.summary.lineageRuns, std::uint64_t(3 * 568));
    // The parser fails from the tenant's SDK wave on: runs at or after 20:00, 20:20 (so from
    // 20:30) and 20:40 (from 20:45) on 11-19, to 23:45 on 11-20.
    const std::map<std::string, std::size_t> failed{
        {"acme", 112}, {"globex", 110}, {"initech", 109}};
    const std::map<std::string, std::string> wave{{"acme", "2026-11-19T20:00:00Z"},
                                                  {"globex", "2026-11-19T20:20:00Z"},
                                                  {"initech", "2026-11-19T20:40:00Z"}};
    for (const auto& [tenant, count] : failed) {
        const auto& parse = byJob.at({tenant, "parse_submissions"});
        QCOMPARE(countType(parse, "START"), std::size_t(192));
        QCOMPARE(countType(parse, "FAIL"), count);
        QCOMPARE(countType(parse, "COMPLETE"), 192 - count);
        for (const auto& e : parse) {
            const auto t = atText(e.at("eventTime").get<std::string>());
            if (e.at("eventType") == "FAIL") {
                QVERIFY(t >= atText(wave.at(tenant)));
                QVERIFY(e.at("run")
                            .at("facets")
                            .at("errorMessage")
                            .at("message")
                            .get<std::string>()
                            .find("utm_content") != std::string::npos);
            } else if (e.at("eventType") == "COMPLETE") {
                QVERIFY(t < atText(wave.at(tenant)));
            }
        }
        QCOMPARE(countType(byJob.at({tenant, "lead-sync"}), "COMPLETE"), std::size_t(46));
        QCOMPARE(byJob.at({tenant, "model.lead_warehouse.fct_lead_funnel"}).size(),
                 std::size_t(48));
    }
    // The paid (utm_content) journeys' last enrollment is at 20:40 on 11-19; the others run on.
    QCOMPARE(countType(byJob.at({"acme", "paid-demo-request"}), "COMPLETE"), std::size_t(21));
    QCOMPARE(byJob.at({"acme", "paid-demo-request"}).back().at("eventTime").get<std::string>(),
             std::string("2026-11-19T20:42:00Z"));
    QCOMPARE(countType(byJob.at({"globex", "partner-trial"}), "COMPLETE"), std::size_t(21));
    QCOMPARE(countType(byJob.at({"acme", "webinar-followup"}), "COMPLETE"), std::size_t(48));

    // One dbt project, the same bytes for every tenant.
    const std::string acme = readFile(b.dir / "dbt/acme/manifest.json");
    QCOMPARE(readFile(b.dir / "dbt/globex/manifest.json"), acme);
    const json manifest = json::parse(acme);
    std::map<std::string, int> types;
    for (const auto& [id, node] : manifest.at("nodes").items())
        ++types[node.at("resource_type").get<std::string>()];
    QCOMPARE(types["model"], 4);
    QCOMPARE(types["seed"], 1);
    QCOMPARE(types["test"], 2);
    QCOMPARE(manifest.at("sources").size(), std::size_t(2));
    std::map<std::string, int> exposures;
    for (const auto& [id, e] : manifest.at("exposures").items())
        ++exposures[e.at("type").get<std::string>()];
    QCOMPARE(exposures["dashboard"], 4);
    QCOMPARE(exposures["ml"], 1);

    // The edges CSV: per tenant the browser SDK, the scoring model to the CRM sync, the
    // sync to the CRM and to the tenant's five journeys.
    std::size_t rows = 0;
    std::set<std::string> journeys;
    forEachLine(b.dir / "lineage-edges.csv", [&](std::size_t n, const std::string& line) {
        if (n == 1)
            return;
        ++rows;
        if (line.find(",journey,") != std::string::npos && line.rfind("acme,", 0) == 0)
            journeys.insert(line);
    });
    QCOMPARE(rows, std::size_t(24));
    QCOMPARE(b.summary.lineageEdgeRows, std::uint64_t(24));
    QCOMPARE(journeys.size(), std::size_t(5));
}

void TestScenarioGenerator::retailLineageTellsTheStory() {
    const Bundle& b = bundle("retail1");
    std::size_t events = 0;
    const auto byJob = lineageEventsByJob(b.dir, events);
    // Per tenant: inventory every 15 minutes (192), user profile and pricing features and the
    // audience hourly (3 x 48), three e-mail journeys hourly (144): 480 runs.
    QCOMPARE(events, std::size_t(3 * 480 * 2));
    for (const char* tenant : {"northwind", "tailspin", "wingtip"}) {
        const auto& inventory = byJob.at({tenant, "sync_inventory"});
        // Fails from the cache change at 10:00Z on 11-27 to 23:45: 14 hours, 56 runs.
        QCOMPARE(countType(inventory, "FAIL"), std::size_t(56));
        for (const auto& e : inventory)
            if (e.at("eventType") == "FAIL")
                QVERIFY(atText(e.at("eventTime").get<std::string>()) >= at("2026-11-27T10:00:00Z"));
    }
    // The audience refresh completes, but the sale audience shrinks: northwind loses 62%.
    std::map<std::string, std::int64_t> size;
    for (const auto& e : byJob.at({"northwind", "refresh_black_friday_eligible"}))
        if (e.at("eventType") == "COMPLETE")
            size[e.at("eventTime").get<std::string>()] =
                e.at("outputs").at(0).at("outputFacets").at("outputStatistics").at("rowCount");
    QCOMPARE(countType(byJob.at({"northwind", "refresh_black_friday_eligible"}), "FAIL"),
             std::size_t(0));
    const double ratio = static_cast<double>(size.at("2026-11-27T12:23:00Z")) /
                         static_cast<double>(size.at("2026-11-27T09:23:00Z"));
    QVERIFY2(ratio > 0.37 && ratio < 0.39, std::to_string(ratio).c_str());
    std::size_t rows = 0;
    forEachLine(b.dir / "lineage-edges.csv",
                [&](std::size_t n, const std::string&) { rows += n > 1; });
    QCOMPARE(rows, std::size_t(9));
}

QTEST_GUILESS_MAIN(TestScenarioGenerator)
#include "tst_scenario_generator.moc"

// ----------------------------------------------------------------------------------------
// The same scenarios without their planted cause (GenerateOptions::incident = false)

void TestScenarioGenerator::withoutIncidentTheCauseIsGone() {
    GenerateOptions calm;
    calm.incident = false;
    const std::filesystem::path leadDir = tmp_.filePath("lead-calm").toStdString();
    const Bundle lead = readBundle(leadDir, generateBundle(calm, leadDir));
    // The SDK release still rolls out, but nothing is rejected and nobody declares a SEV1.
    QVERIFY(findChange(lead, "sdk_release", "acme"));
    QVERIFY(!findChange(lead, "incident"));
    QVERIFY(std::none_of(lead.logs.begin(), lead.logs.end(), [](const Log& l) {
        return l.body.find("unknown field") != std::string::npos;
    }));
    const std::int64_t from = at("2026-11-19T20:00:00Z"), to = at("2026-11-21T00:00:00Z");
    double now = 0, before = 0;
    for (const char* tenant : {"acme", "globex", "initech"}) {
        now += sumIn(lead, "leads.submitted", from, to, tenant);
        before += sumIn(lead, "leads.submitted", from - 7 * kDayNs, to - 7 * kDayNs, tenant);
    }
    QVERIFY(std::abs(now / before - 1) < 0.03); // no drop beyond the noise

    calm.scenario = Scenario::RetailPersonalization;
    const std::filesystem::path retailDir = tmp_.filePath("retail-calm").toStdString();
    const Bundle retail = readBundle(retailDir, generateBundle(calm, retailDir));
    QVERIFY(std::none_of(retail.changes.begin(), retail.changes.end(), [](const json& c) {
        return c.at("kind") == "config_change" && c.value("service", "") == "feature-store";
    }));
    QVERIFY(!findChange(retail, "incident"));
    double audienceBefore = 0, audienceAfter = 0;
    for (const char* tenant : {"northwind", "tailspin", "wingtip"}) {
        audienceBefore += gaugeIn(retail, "audience.size", at("2026-11-27T00:00:00Z"),
                                  at("2026-11-27T10:00:00Z"), tenant)
                              .mean();
        audienceAfter += gaugeIn(retail, "audience.size", at("2026-11-27T12:00:00Z"),
                                 at("2026-11-28T00:00:00Z"), tenant)
                             .mean();
    }
    QVERIFY(audienceAfter / audienceBefore > 0.97);

    // Generating without the cause leaves the next bundle with it as it always was.
    const std::filesystem::path again = tmp_.filePath("lead1-again").toStdString();
    generateBundle(GenerateOptions{}, again);
    for (const std::string& f : bundle("lead1").summary.files)
        QVERIFY2(readFile(bundle("lead1").dir / f) == readFile(again / f), f.c_str());
}
