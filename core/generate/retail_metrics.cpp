// Metric series of the retail incident: ordinary days, the sale, then the cache change.

#include "core/generate/retail_story.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace casebook::gen::retail {
namespace {

enum class Role {
    Sessions,
    Conversions,
    DecisionDuration,
    DecisionFallbacks,
    FeatureReadDuration,
    CacheHitRatio,
    CacheEvictions,
    InventoryAge,
    InventoryWrites,
    AudienceSize,
    Impressions,
    Clicks,
    EmailSent,
    EmailDuplicates,
    WebhookDeliveries,
    WebhookRetries,
    Count
};
constexpr std::size_t kRoles = static_cast<std::size_t>(Role::Count);

const std::vector<double> kDecisionBounds = {10, 25, 50, 100, 150, 200, 300, 500, 1000, 2000};
const std::vector<double> kReadBounds = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000};

std::vector<MetricDef> retailMetricDefs() {
    std::vector<MetricDef> defs;
    for (const Tenant& t : kTenants) {
        auto add = [&](std::string_view service, std::string name, std::string description,
                       std::string unit, MetricShape shape, std::string attrs = "[]",
                       const std::vector<double>* bounds = nullptr) {
            MetricDef d;
            d.service = service;
            d.tenant = t.name;
            d.name = std::move(name);
            d.description = std::move(description);
            d.unit = std::move(unit);
            d.shape = shape;
            d.attributes = std::move(attrs);
            if (bounds)
                d.bounds = *bounds;
            defs.push_back(std::move(d));
        };
        add(kStorefront, "homepage.sessions", "Sessions landing on the personalized homepage",
            "{session}", MetricShape::DeltaSum);
        add(kStorefront, "homepage.conversions", "Homepage sessions that placed an order",
            "{order}", MetricShape::DeltaSum);
        add(kEdge, "decision.duration", "Edge personalization decision latency (budget 200 ms)",
            "ms", MetricShape::DeltaHistogram, singleAttribute("placement", "homepage-hero"),
            &kDecisionBounds);
        add(kEdge, "decisions.fallback", "Decisions over budget that served the default layout",
            "{decision}", MetricShape::DeltaSum, singleAttribute("placement", "homepage-hero"));
        add(kFeatures, "feature.read.duration", "Online feature read latency", "ms",
            MetricShape::DeltaHistogram, "[]", &kReadBounds);
        add(kFeatures, "cache.hit_ratio", "Online feature cache hit ratio", "1",
            MetricShape::Gauge);
        add(kFeatures, "cache.evictions", "Keys evicted from the online feature cache", "{key}",
            MetricShape::DeltaSum);
        add(kFeatures, "feature.freshness_seconds", "Age of the newest feature values", "s",
            MetricShape::Gauge, singleAttribute("feature_group", "inventory"));
        add(kInventory, "inventory.updates.written",
            "Inventory updates written to the feature store", "{update}", MetricShape::DeltaSum);
        add(kAudience, "audience.size", "Profiles in the audience", "{profile}", MetricShape::Gauge,
            singleAttribute("audience", "black-friday-eligible"));
        add(kRecs, "recommendation.impressions", "Recommended items shown", "{impression}",
            MetricShape::DeltaSum);
        add(kRecs, "recommendation.clicks", "Recommended items clicked", "{click}",
            MetricShape::DeltaSum);
        add(kEmail, "email.sent", "Triggered e-mails sent", "{email}", MetricShape::DeltaSum);
        add(kEmail, "email.duplicates", "E-mails sent twice for the same event (ESP report)",
            "{email}", MetricShape::DeltaSum);
        add(kWebhooks, "webhook.deliveries", "ESP webhook events received", "{event}",
            MetricShape::DeltaSum);
        add(kWebhooks, "webhook.retries", "ESP webhook events delivered again after a timeout",
            "{event}", MetricShape::DeltaSum);
    }
    return defs;
}

struct Flow {
    double sessions = 0, conversions = 0, fallbacks = 0, impressions = 0, clicks = 0, sent = 0,
           duplicates = 0, deliveries = 0, retries = 0, reads = 0;
};

// Two log-normal populations in one histogram: the fast path and the slow one.
void mixedHistogram(MetricValue& out, MetricValue& scratch, const std::vector<double>& bounds,
                    std::uint64_t count, double slowShare, double fastMedian, double fastSigma,
                    double slowMedian, double slowSigma) {
    const auto slow = static_cast<std::uint64_t>(
        std::llround(static_cast<double>(count) * std::clamp(slowShare, 0.0, 1.0)));
    fillLogNormalHistogram(out, bounds, count - slow, fastMedian, fastSigma);
    if (slow == 0)
        return;
    fillLogNormalHistogram(scratch, bounds, slow, slowMedian, slowSigma);
    const bool hadFast = out.count > 0;
    for (std::size_t i = 0; i < out.buckets.size(); ++i)
        out.buckets[i] += scratch.buckets[i];
    out.count += scratch.count;
    out.sum += scratch.sum;
    out.min = hadFast ? std::min(out.min, scratch.min) : scratch.min;
    out.max = hadFast ? std::max(out.max, scratch.max) : scratch.max;
}

class RetailMetrics : public MetricModel {
public:
    RetailMetrics(std::uint64_t seed, int scale, Story story)
        : rng_(seed, "retail-metrics"), scale_(scale), story_(story) {
        quantizers_.resize(kTenants.size() * kRoles);
        cacheT0_.fill(-1);
    }

    std::string_view versionAt(std::string_view service, std::string_view,
                               std::int64_t t) const override {
        return versionOf(service, t);
    }

    void compute(std::size_t index, std::int64_t t0, std::int64_t t1, MetricValue& out) override {
        const std::size_t ti = index / kRoles;
        const auto role = static_cast<Role>(index % kRoles);
        const Tenant& tn = kTenants[ti];
        const Flow& f = flow(ti, t0, t1);
        const std::int64_t mid = t0 + (t1 - t0) / 2;
        const double hours = static_cast<double>(t1 - t0) / static_cast<double>(kHour);
        Quantizer& q = quantizers_[index];
        switch (role) {
        case Role::Sessions:
            out.intValue = q.take(f.sessions);
            break;
        case Role::Conversions:
            out.intValue = q.take(f.conversions);
            break;
        case Role::DecisionFallbacks:
            out.intValue = q.take(f.fallbacks);
            break;
        case Role::Impressions:
            out.intValue = q.take(f.impressions);
            break;
        case Role::Clicks:
            out.intValue = q.take(f.clicks);
            break;
        case Role::EmailSent:
            out.intValue = q.take(f.sent);
            break;
        case Role::EmailDuplicates:
            out.intValue = q.take(f.duplicates);
            break;
        case Role::WebhookDeliveries:
            out.intValue = q.take(f.deliveries);
            break;
        case Role::WebhookRetries:
            out.intValue = q.take(f.retries);
            break;
        case Role::InventoryWrites:
            out.intValue =
                q.take(1500 * scale_ * hours * (1 - 0.85 * story_.incident(mid)) * noise(0.05));
            break;
        case Role::CacheEvictions: {
            // A storm right after the change, then a steady churn far above the old one.
            const double storm =
                story_.cacheShrinks && t0 >= kCacheChange && t0 < kCacheChange + 30 * kMinute
                    ? 400000
                    : 0;
            const double perHour = 2500 + 90000 * story_.incident(mid) + storm;
            out.intValue = q.take(perHour * scale_ * hours * traffic(mid) * noise(0.1) *
                                  tn.sessionsPerHour / 6000);
            break;
        }
        case Role::DecisionDuration: {
            // Decisions waiting for an online-store read form the slow population.
            const double hit = story_.hitRatio(tn, mid);
            const double anyMiss = 1 - hit * hit * hit;
            mixedHistogram(out, scratch_, kDecisionBounds,
                           static_cast<std::uint64_t>(q.take(f.sessions)), anyMiss, 45, 0.35,
                           story_.storeReadMedianMs(mid) + 30, 0.5);
            break;
        }
        case Role::FeatureReadDuration:
            mixedHistogram(out, scratch_, kReadBounds, static_cast<std::uint64_t>(q.take(f.reads)),
                           1 - story_.hitRatio(tn, mid), 1.5, 0.4, story_.storeReadMedianMs(mid),
                           0.6);
            break;
        case Role::CacheHitRatio:
            out.value =
                std::round(std::clamp(story_.hitRatio(tn, mid) + 0.004 * rng_.normal(), 0.0, 1.0) *
                           1000) /
                1000;
            break;
        case Role::InventoryAge:
            out.value = std::round(story_.inventoryAge(tn, mid) * noise(0.06));
            break;
        case Role::AudienceSize:
            out.value = std::round(story_.audienceSize(tn, mid) * noise(0.004));
            break;
        case Role::Count:
            break;
        }
    }

private:
    double noise(double sigma) { return std::clamp(1 + sigma * rng_.normal(), 0.5, 1.5); }

    const Flow& flow(std::size_t ti, std::int64_t t0, std::int64_t t1) {
        if (cacheT0_[ti] == t0)
            return cache_[ti];
        cacheT0_[ti] = t0;
        const Tenant& tn = kTenants[ti];
        const std::int64_t mid = t0 + (t1 - t0) / 2;
        const double hours = static_cast<double>(t1 - t0) / static_cast<double>(kHour);
        Flow& f = cache_[ti];
        f.sessions = tn.sessionsPerHour * scale_ * traffic(mid) * hours * noise(0.03);
        const double rate = mid >= kSaleStart ? 0.034 : 0.021;
        f.conversions =
            f.sessions * rate * (1 - 0.10 * tn.conversionDrop * story_.incident(mid)) * noise(0.02);
        const double fb = story_.fallbackShare(tn, mid);
        f.fallbacks = f.sessions * fb;
        f.impressions = f.sessions * 12;
        f.clicks = f.impressions * (0.042 * (1 - fb) + 0.018 * fb) * noise(0.02);
        f.sent = f.sessions * 0.012 * noise(0.05);
        f.duplicates = f.sent * story_.duplicateShare(tn, mid);
        f.deliveries = f.sent * 3;
        f.retries = f.deliveries * (0.002 + 1.4 * story_.duplicateShare(tn, mid)) +
                    (mid >= kEspBegin && mid < kEspEnd ? f.deliveries * 0.05 : 0);
        f.reads = f.sessions * 3;
        return f;
    }

    Rng rng_;
    double scale_;
    Story story_;
    std::vector<Quantizer> quantizers_;
    std::array<std::int64_t, 3> cacheT0_{};
    std::array<Flow, 3> cache_{};
    MetricValue scratch_;
};

} // namespace

std::uint64_t writeScenarioMetrics(const GenerateOptions& options, OutputFile& file) {
    RetailMetrics model(options.seed, options.scale, Story::of(options));
    ResourceRegistry resources("production");
    return writeMetrics(file, resources, retailMetricDefs(), model,
                        {kBegin, kEnd, kHour / options.scale}, true);
}

} // namespace casebook::gen::retail
