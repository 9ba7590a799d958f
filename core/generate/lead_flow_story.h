#pragma once
// The lead-flow incident (docs/sample-incidents.md, incident 1): its clock, tenants and
// the model every signal is drawn from, so that metrics, traces and logs tell one story.

#include "core/generate/metric_writer.h"
#include "core/generate/scenario_common.h"
#include "core/generate/telemetry_writer.h"

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

namespace casebook::gen::lead {

// The clock of the incident (UTC).
inline const std::int64_t kBegin = utc(2026, 11, 12);      // metrics start: a week of baseline
inline const std::int64_t kTraceBegin = utc(2026, 11, 19); // traces and logs cover the last 2 days
inline const std::int64_t kEnd = utc(2026, 11, 21);        // exclusive
inline const std::int64_t kSdkRamp = 45 * kMinute; // browsers pick up the new SDK from the CDN
inline const std::int64_t kMaintenanceBegin = utc(2026, 11, 20, 3, 0);
inline const std::int64_t kMaintenanceEnd = utc(2026, 11, 20, 5, 0);
inline const std::int64_t kVendorBegin = utc(2026, 11, 20, 8, 15);
inline const std::int64_t kVendorEnd = utc(2026, 11, 20, 9, 5);
inline const std::int64_t kDetected = utc(2026, 11, 20, 21, 0);

inline constexpr double kFallbackShare = 0.25;   // rejected submissions the SDK re-sends by beacon
inline constexpr double kMalformedShare = 0.003; // baseline junk payloads, before and after
inline constexpr double kFreshnessSlo = 900;     // seconds

// Calibrated so that scale 1 lands near 10,000 spans and 10,000 log records.
inline constexpr double kSpansPerTrace = 14.6;
inline constexpr double kLogsPerTrace = 5.9;

struct Campaign {
    std::string_view id, journey;
    bool utmContent; // its links carry utm_content, which SDK 4.2.0 starts to send
};

struct Tenant {
    std::string_view name;
    double leadsPerHour; // average weekday submissions per hour at scale 1
    double utmShare;     // share of submissions coming through utm_content links
    std::int64_t sdkWave;
    double lagPlateau; // freshness lag the tenant settles at once the parser rejects
    std::array<Campaign, 5> campaigns;
};

// clang-format off
inline const std::array<Tenant, 3> kTenants = {{
    {"acme", 120, 0.48, utc(2026, 11, 19, 20, 0), 2400,
     {{{"acme-paid-linkedin-q4", "paid-demo-request", true},
       {"acme-google-ads-nov", "paid-trial-nurture", true},
       {"acme-webinar-1119", "webinar-followup", false},
       {"acme-newsletter", "newsletter-welcome", false},
       {"acme-organic", "content-download", false}}}},
    {"globex", 72, 0.19, utc(2026, 11, 19, 20, 20), 1150,
     {{{"globex-paid-search-q4", "paid-demo-request", true},
       {"globex-partner-co-marketing", "partner-trial", true},
       {"globex-webinar-1118", "webinar-followup", false},
       {"globex-newsletter", "newsletter-welcome", false},
       {"globex-organic", "content-download", false}}}},
    {"initech", 48, 0.05, utc(2026, 11, 19, 20, 40), 260,
     {{{"initech-display-retargeting", "paid-demo-request", true},
       {"initech-g2-listing", "review-site-nurture", true},
       {"initech-webinar-1117", "webinar-followup", false},
       {"initech-newsletter", "newsletter-welcome", false},
       {"initech-organic", "content-download", false}}}},
}};
// clang-format on

inline constexpr std::string_view kWebForms = "web-forms";
inline constexpr std::string_view kIngestion = "ingestion-api";
inline constexpr std::string_view kCdp = "cdp";
inline constexpr std::string_view kIdentity = "identity-resolution";
inline constexpr std::string_view kScoring = "lead-scoring";
inline constexpr std::string_view kCrm = "crm-sync";
inline constexpr std::string_view kNurture = "nurture-journeys";

struct VersionStep {
    std::string_view service;
    std::int64_t from;
    std::string_view version;
};

inline const std::vector<VersionStep> kVersions = {
    {kIngestion, 0, "3.14.1"},
    {kIngestion, utc(2026, 11, 17, 10, 0), "3.14.2"},
    {kCdp, 0, "12.4.0"},
    {kIdentity, 0, "5.1.1"},
    {kIdentity, utc(2026, 11, 18, 10, 45), "5.1.2"},
    {kScoring, 0, "2.7.4"},
    {kScoring, utc(2026, 11, 16, 11, 0), "2.8.0"},
    {kCrm, 0, "7.2.9"},
    {kCrm, utc(2026, 11, 12, 14, 10), "7.3.0"},
    {kNurture, 0, "3.4.0"},
    {kNurture, utc(2026, 11, 20, 13, 0), "3.4.1"},
};

inline std::string_view versionOf(std::string_view service, std::int64_t t) {
    std::string_view v = "1.0.0";
    for (const auto& step : kVersions)
        if (step.service == service && t >= step.from)
            v = step.version;
    return v;
}

inline std::string_view sdkVersion(const Tenant& tenant, std::int64_t t) {
    return t >= tenant.sdkWave ? "4.2.0" : "4.1.3";
}

// B2B traffic by UTC hour (Europe and the Americas), weekends quieter.
inline double diurnal(std::int64_t t) {
    static constexpr double hourly[25] = {0.55, 0.45, 0.38, 0.33, 0.32, 0.36, 0.50, 0.72, 0.98,
                                          1.18, 1.30, 1.36, 1.42, 1.55, 1.68, 1.74, 1.70, 1.56,
                                          1.36, 1.16, 0.98, 0.86, 0.75, 0.64, 0.55};
    const std::int64_t day = t / kDay;
    const double hour = static_cast<double>(t % kDay) / static_cast<double>(kHour);
    const auto h = static_cast<int>(hour);
    const double f = hourly[h] + (hourly[h + 1] - hourly[h]) * (hour - h);
    const std::int64_t weekday = (day + 4) % 7; // 0 = Sunday; 1970-01-01 was a Thursday
    return (weekday == 0 || weekday == 6) ? f * 0.4 : f;
}

// What the planted cause does in the bundle being written (GenerateOptions::incident):
// the ingestion parser rejecting utm_content. Each writer holds the Story of its options
// and every effect of the cause goes through it, so without the cause the SDK release is
// harmless and nothing follows from it.
struct Story {
    bool parserRejectsUtmContent = true;

    static Story of(const GenerateOptions& options) { return Story{options.incident}; }

    // Share of a tenant's submissions the parser rejects at time t.
    double rejectShare(const Tenant& tenant, std::int64_t t) const {
        if (!parserRejectsUtmContent)
            return 0;
        return tenant.utmShare * ramp(t, tenant.sdkWave, kSdkRamp);
    }

    // Freshness lag of the web-forms source in seconds, without noise.
    double freshnessLag(const Tenant& tenant, std::int64_t t) const {
        const double base = 70 + 25 * diurnal(t);
        if (t <= tenant.sdkWave || !parserRejectsUtmContent)
            return base;
        const double minutes =
            static_cast<double>(t - tenant.sdkWave) / static_cast<double>(kMinute);
        return base + (tenant.lagPlateau - base) * (1 - std::exp(-minutes / 90.0));
    }

    // Journeys with enrollments in the last six hours: the two fed by utm_content
    // campaigns starve once their leads are rejected.
    int activeJourneys(const Tenant& tenant, std::int64_t t) const {
        if (!parserRejectsUtmContent)
            return 5;
        return t >= tenant.sdkWave + kSdkRamp + 6 * kHour ? 3 : 5;
    }
};

// The metric series of the scenario; returns the number of valid points written.
std::uint64_t writeScenarioMetrics(const GenerateOptions& options, OutputFile& file);
// The traces and logs of the scenario, with their deliberate defects.
void writeScenarioTraces(const GenerateOptions& options, TelemetryWriter& writer);

} // namespace casebook::gen::lead
