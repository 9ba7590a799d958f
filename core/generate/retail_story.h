#pragma once
// The retail personalization incident (docs/sample-incidents.md, incident 2): its clock,
// tenants and the model every signal is drawn from.

#include "core/generate/metric_writer.h"
#include "core/generate/scenario_common.h"
#include "core/generate/telemetry_writer.h"

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

namespace casebook::gen::retail {

inline const std::int64_t kBegin = utc(2026, 11, 19);      // metrics: eight ordinary days first
inline const std::int64_t kTraceBegin = utc(2026, 11, 26); // traces and logs: the last two days
inline const std::int64_t kEnd = utc(2026, 11, 28);        // exclusive
inline const std::int64_t kPreSale = utc(2026, 11, 26);
inline const std::int64_t kSaleStart = utc(2026, 11, 27);
inline const std::int64_t kCacheChange = utc(2026, 11, 27, 10, 0);
inline const std::int64_t kEvictionRamp = 15 * kMinute;
inline const std::int64_t kWebhookTrouble = kCacheChange + 30 * kMinute;
inline const std::int64_t kEspBegin = utc(2026, 11, 27, 11, 15);
inline const std::int64_t kEspEnd = utc(2026, 11, 27, 12, 0);
inline const std::int64_t kMaintenanceBegin = utc(2026, 11, 26, 2, 0);
inline const std::int64_t kMaintenanceEnd = utc(2026, 11, 26, 4, 0);
inline const std::int64_t kDetected = utc(2026, 11, 27, 13, 40);

inline constexpr double kEligibilityLimit = 600; // seconds of inventory age
inline constexpr double kBudgetMs = 200;

// Calibrated so that scale 1 lands near 10,000 spans and 10,000 log records.
inline constexpr double kSpansPerTrace = 12.4;
inline constexpr double kLogsPerTrace = 5.1;

struct Tenant {
    std::string_view name;
    double sessionsPerHour; // homepage sessions per hour on an ordinary day at scale 1
    double hitRatioAfter;   // feature cache hit ratio once the cache is shrunk
    double lagPlateau;      // inventory feature age it settles at, seconds
    double audienceBase;    // profiles in the sale audience
    double audienceDrop;    // share of it lost to stale inventory flags
    double conversionDrop;  // relative to the 10% headline
    double duplicateShare;  // duplicate follow-up e-mails per e-mail sent, at worst
    std::string_view shop;
};

// clang-format off
inline const std::array<Tenant, 3> kTenants = {{
    {"northwind", 6000, 0.50, 2400, 412000, 0.62, 1.20, 0.08, "shop.northwind.example"},
    {"tailspin", 3600, 0.58, 1900, 188000, 0.58, 0.90, 0.06, "www.tailspin.example"},
    {"wingtip", 2400, 0.64, 1500, 96000, 0.56, 0.70, 0.05, "wingtip.example"},
}};
// clang-format on

inline constexpr std::string_view kStorefront = "storefront";
inline constexpr std::string_view kEdge = "edge-decision";
inline constexpr std::string_view kFeatures = "feature-store";
inline constexpr std::string_view kInventory = "inventory-sync";
inline constexpr std::string_view kAudience = "audience-builder";
inline constexpr std::string_view kRecs = "recommendation";
inline constexpr std::string_view kEmail = "email-service";
inline constexpr std::string_view kWebhooks = "webhook-gateway";

struct VersionStep {
    std::string_view service;
    std::int64_t from;
    std::string_view version;
};

inline const std::vector<VersionStep> kVersions = {
    {kStorefront, 0, "8.11.3"},
    {kStorefront, utc(2026, 11, 26, 16, 0), "8.12.0"},
    {kEdge, 0, "2.9.0"},
    {kEdge, utc(2026, 11, 26, 11, 30), "2.9.1"},
    {kFeatures, 0, "3.3.2"},
    {kRecs, 0, "4.5.2"},
    {kRecs, utc(2026, 11, 20, 10, 0), "4.6.0"},
    {kRecs, utc(2026, 11, 24, 9, 0), "4.6.1"},
    {kInventory, 0, "1.18.0"},
    {kAudience, 0, "2.2.1"},
    {kEmail, 0, "6.0.4"},
    {kWebhooks, 0, "1.9.3"},
};

inline std::string_view versionOf(std::string_view service, std::int64_t t) {
    std::string_view v = "1.0.0";
    for (const auto& step : kVersions)
        if (step.service == service && t >= step.from)
            v = step.version;
    return v;
}

// Shoppers by UTC hour (Europe and the Americas), evenings busiest; the sale multiplies.
inline double traffic(std::int64_t t) {
    static constexpr double hourly[25] = {0.95, 0.80, 0.62, 0.48, 0.40, 0.38, 0.42, 0.55, 0.72,
                                          0.86, 0.95, 1.02, 1.08, 1.12, 1.15, 1.18, 1.22, 1.30,
                                          1.42, 1.55, 1.60, 1.52, 1.35, 1.15, 0.95};
    const double hour = static_cast<double>(t % kDay) / static_cast<double>(kHour);
    const auto h = static_cast<int>(hour);
    const double f = hourly[h] + (hourly[h + 1] - hourly[h]) * (hour - h);
    if (t >= kSaleStart)
        return f * 2.5;
    if (t >= kPreSale)
        return f * 1.2;
    return f;
}

// What the planted cause does in the bundle being written (GenerateOptions::incident):
// the cache shrink. Each writer holds the Story of its options and every effect of the
// cause goes through it, so without the cause the sale runs undisturbed.
struct Story {
    bool cacheShrinks = true;

    static Story of(const GenerateOptions& options) { return Story{options.incident}; }

    double incident(std::int64_t t) const {
        if (!cacheShrinks)
            return 0;
        return ramp(t, kCacheChange, kEvictionRamp);
    }

    double hitRatio(const Tenant& tn, std::int64_t t) const {
        return 0.97 - (0.97 - tn.hitRatioAfter) * incident(t);
    }

    // Median latency of an online-store read on a cache miss: the store is swamped by the
    // misses once the cache is shrunk.
    double storeReadMedianMs(std::int64_t t) const { return 35 + 125 * incident(t); }

    double inventoryAge(const Tenant& tn, std::int64_t t) const {
        const double base = 30 + 10 * (static_cast<double>(t % kHour) / static_cast<double>(kHour));
        if (t <= kCacheChange || !cacheShrinks)
            return base;
        const double minutes = static_cast<double>(t - kCacheChange) / static_cast<double>(kMinute);
        return base + (tn.lagPlateau - base) * (1 - std::exp(-minutes / 40.0));
    }

    double audienceSize(const Tenant& tn, std::int64_t t) const {
        const double days = static_cast<double>(t - kBegin) / static_cast<double>(kDay);
        const double grown = tn.audienceBase * (1 + 0.004 * days);
        // Eligibility needs inventory flags younger than 10 minutes; the audience empties
        // as the hourly refreshes drop stale SKUs.
        if (!cacheShrinks)
            return grown;
        return grown * (1 - tn.audienceDrop * ramp(t, kCacheChange + 15 * kMinute, 30 * kMinute));
    }

    // Share of edge decisions that miss the 200 ms budget and serve the default layout.
    double fallbackShare(const Tenant& tn, std::int64_t t) const {
        const double hit = hitRatio(tn, t);
        const double anyMiss = 1 - hit * hit * hit;
        return 0.005 + 0.40 * anyMiss * incident(t);
    }

    double duplicateShare(const Tenant& tn, std::int64_t t) const {
        if (!cacheShrinks)
            return 0;
        return tn.duplicateShare * ramp(t, kWebhookTrouble, 30 * kMinute);
    }
};

// The metric series of the scenario; returns the number of valid points written.
std::uint64_t writeScenarioMetrics(const GenerateOptions& options, OutputFile& file);
// The traces and logs of the scenario, with their deliberate defects.
void writeScenarioTraces(const GenerateOptions& options, TelemetryWriter& writer);

} // namespace casebook::gen::retail
