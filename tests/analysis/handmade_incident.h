#pragma once
// An incident written by hand, in standard files, whose tenant, services, metrics,
// attributes, log messages and changes appear in neither generated scenario: findings
// must find its cause from the data alone.
//
// Tenant "tyrell". invoice-api takes invoices and calls billing-ledger to post them. Nine
// days of hourly metrics: ledger.postings (posted invoices) and invoice.requests (all
// invoices). On day 9 (2026-11-27) at 09:40 billing-ledger 7.1.0 is deployed; from 10:00 it
// refuses every invoice in yen ("posting refused: currency_scale mismatch for JPY"), a
// fifth of them: postings fall to 80% of requests. Traces and logs cover the last two
// days, one invoice every four minutes. Distractors: an invoice-api config change the day
// before, a feature flag of another service at 03:00, attributes that are identifiers
// (request.uid) or the same everywhere (deployment.region).

#include "metric_fixture.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

namespace casebook::test::handmade {

inline constexpr std::int64_t kDayNs = 24 * kHourNs;
inline constexpr std::int64_t kBegin = kT0 - 7 * kDayNs; // 2026-11-12T00:00Z
inline constexpr std::int64_t kTracesBegin = kT0 + kDayNs;
inline constexpr std::int64_t kEnd = kT0 + 2 * kDayNs; // 2026-11-21T00:00Z
inline constexpr std::int64_t kDeploy = kT0 + kDayNs + 9 * kHourNs + 40 * kMinuteNs;
inline constexpr std::int64_t kOnset = kT0 + kDayNs + 10 * kHourNs;
inline constexpr const char* kRefusal = "posting refused: currency_scale mismatch for JPY";

// Invoices an hour at hour h of the day: a daily wave around 600.
inline double invoicesPerHour(std::int64_t t) {
    const double hour = static_cast<double>((t % kDayNs) / kHourNs);
    return std::round(600 + 250 * std::sin(2 * M_PI * (hour - 8) / 24.0));
}

inline std::string hex(std::uint64_t v, int digits) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(v));
    return buf;
}

inline std::string attr(const std::string& key, const std::string& value) {
    return R"({"key":")" + key + R"(","value":{"stringValue":")" + value + R"("}})";
}

inline std::string spanLine(const std::string& service, const std::string& version,
                            const std::string& spans) {
    return R"({"resourceSpans":[{"resource":{"attributes":[)" + attr("service.name", service) +
           "," + attr("service.version", version) + "," + attr("tenant.id", "tyrell") +
           R"(]},"scopeSpans":[{"scope":{},"spans":[)" + spans + "]}]}]}\n";
}

inline void writeHandmadeIncident(const std::filesystem::path& dir) {
    OtlpMetric postings, requests;
    postings.tenant = requests.tenant = "tyrell";
    postings.service = "billing-ledger";
    requests.service = "invoice-api";
    postings.name = "ledger.postings";
    requests.name = "invoice.requests";
    postings.unit = "{posting}";
    requests.unit = "{invoice}";
    postings.shape = requests.shape = OtlpShape::DeltaSum;
    for (std::int64_t t = kBegin; t < kEnd; t += kHourNs) {
        const double n = invoicesPerHour(t);
        requests.points.push_back(point(t, t + kHourNs, n));
        postings.points.push_back(point(t, t + kHourNs, t >= kOnset ? std::round(n * 0.8) : n));
    }
    writeMetricsBundle(dir, {postings, requests}, "slos.json", R"({"slos":[
        {"name":"invoices posted","objective":0.995,"service":"billing-ledger",
         "sli":{"type":"ratio","good":{"metric":"ledger.postings"},
                "total":{"metric":"invoice.requests"}}}]})");
    std::ofstream(dir / "manifest.json", std::ios::trunc)
        << R"({"name":"hand-made ledger incident","default_tenant":"tyrell"})";

    std::ofstream changes(dir / "changes.jsonl");
    changes
        << R"({"time":)" << kDeploy
        << R"(,"kind":"deploy","service":"billing-ledger","tenant":"tyrell","title":"billing-ledger 7.1.0: half_even rounding by currency_scale","version":"7.1.0"})"
        << "\n"
        << R"({"time":)" << kDeploy - 18 * kHourNs - 40 * kMinuteNs
        << R"(,"kind":"config_change","service":"invoice-api","tenant":"tyrell","title":"invoice-api connection pool 32 -> 64"})"
        << "\n"
        << R"({"time":)" << kOnset - 7 * kHourNs
        << R"(,"kind":"feature_flag","service":"dunning","tenant":"tyrell","title":"dunning reminder wording v3 on"})"
        << "\n";

    std::ofstream traces(dir / "traces.otlp.jsonl");
    std::ofstream logs(dir / "ledger.log.jsonl");
    static const char* currencies[] = {"EUR", "USD", "EUR", "GBP", "JPY"};
    std::uint64_t i = 0;
    for (std::int64_t t = kTracesBegin; t < kEnd; t += 4 * kMinuteNs, ++i) {
        const std::string trace = hex(0x7a11ull << 40 | i, 32);
        const std::string root = hex(0x100000 + i, 16), post = hex(0x900000 + i, 16);
        const std::string currency = currencies[i % 5];
        const bool refused = t >= kOnset && currency == "JPY";
        const std::string version = t >= kDeploy ? "7.1.0" : "7.0.4";
        std::string rootAttrs = attr("ledger.currency", currency) + "," +
                                attr("request.uid", "req-" + hex(i * 2654435761u, 12)) + "," +
                                attr("deployment.region", "eu-2") +
                                R"(,{"key":"invoice.lines","value":{"arrayValue":{"values":[)";
        bool first = true;
        for (const char* line : {"net", "tax", "fx"}) {
            if (std::string(line) == "fx" && currency == "EUR")
                continue;
            rootAttrs += std::string(first ? "" : ",") + R"({"stringValue":")" + line + R"("})";
            first = false;
        }
        rootAttrs += "]}}}";
        const std::int64_t end = t + 180 * 1'000'000LL;
        traces << spanLine("invoice-api", "3.2.0",
                           R"({"traceId":")" + trace + R"(","spanId":")" + root +
                               R"(","name":"POST /invoices","kind":2,"startTimeUnixNano":")" +
                               std::to_string(t) + R"(","endTimeUnixNano":")" +
                               std::to_string(end) + R"(","attributes":[)" + rootAttrs +
                               R"(],"status":{)" + (refused ? R"("code":2)" : "") + "}}");
        traces << spanLine(
            "billing-ledger", version,
            R"({"traceId":")" + trace + R"(","spanId":")" + post + R"(","parentSpanId":")" + root +
                R"(","name":"ledger.post","kind":3,"startTimeUnixNano":")" +
                std::to_string(t + 20'000'000) + R"(","endTimeUnixNano":")" +
                std::to_string(end - 20'000'000) + R"(","attributes":[)" +
                attr("ledger.book", "receivables") +
                (refused ? "," + attr("error.type", "currency_scale") : std::string()) +
                R"(],"status":{)" + (refused ? R"("code":2,"message":"refused")" : "") + "}}");
        logs << R"({"ts":)" << (end - 30'000'000) / 1'000'000 << R"(,"level":")"
             << (refused ? "error" : "info")
             << R"(","service":"billing-ledger","tenant_id":"tyrell","msg":")"
             << (refused ? std::string(kRefusal)
                         : "posted invoice " + hex(i, 6) + " to receivables")
             << R"(","trace_id":")" << trace << R"(","span_id":")" << post << "\"}\n";
    }
}

} // namespace casebook::test::handmade
