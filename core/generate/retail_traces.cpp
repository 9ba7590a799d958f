// Traces and logs of the retail incident: homepage decisions with their feature reads,
// inventory syncs, ESP webhooks (retried into duplicate e-mails) and audience refreshes.

#include "core/generate/retail_story.h"

#include "core/generate/people.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace casebook::gen::retail {
namespace {

class RetailTraces {
public:
    RetailTraces(TelemetryWriter& w, std::uint64_t seed, Story story)
        : w_(w), rng_(seed, "retail-traces"), story_(story) {}

    void trace(std::int64_t t);
    void backgroundLog(std::int64_t t, std::uint64_t k);
    void defects(std::int64_t t) {
        w_.injectDefects(res(kStorefront, 0, t), res(kStorefront, 0, t), t);
    }

private:
    std::size_t res(std::string_view service, std::size_t tenant, std::int64_t t) {
        return w_.resources().get(service, versionOf(service, t), kTenants[tenant].name);
    }
    std::int64_t dur(double medianMs, double sigma) {
        return msToNs(rng_.logNormal(medianMs, sigma));
    }
    void common(std::size_t ti, std::string_view correlation) {
        w_.attrs().str("tenant_id", kTenants[ti].name).str("correlation_id", correlation);
    }

    void homepage(std::int64_t t, std::size_t ti);
    void inventorySync(std::int64_t t, std::size_t ti);
    void webhook(std::int64_t t, std::size_t ti, const std::string& eventId, const Person& person,
                 int attempt, bool slow);
    void audienceRefresh(std::int64_t t, std::size_t ti);
    // A feature read with its cache lookup and, on a miss, the online-store read. Returns
    // the end time.
    std::int64_t featureRead(const TraceBits& trace, std::uint64_t parent, std::size_t ti,
                             std::int64_t start, std::string_view group,
                             std::string_view correlation);

    TelemetryWriter& w_;
    Rng rng_;
    Story story_;
    std::string body_;
    std::int64_t nextRefresh_ = kTraceBegin + 5 * kMinute;
    std::array<double, 3> lastAudience_{};
};

std::int64_t RetailTraces::featureRead(const TraceBits& trace, std::uint64_t parent, std::size_t ti,
                                       std::int64_t start, std::string_view group,
                                       std::string_view correlation) {
    const Tenant& tn = kTenants[ti];
    const std::size_t fsRes = res(kFeatures, ti, start);
    const std::uint64_t eId = w_.newSpanId();
    const bool hit = rng_.chance(story_.hitRatio(tn, start));
    const std::int64_t fStart = start + msToNs(0.3);
    const std::int64_t fEnd = fStart + dur(1.2, 0.4);
    common(ti, correlation);
    w_.attrs().str("db.system", "redis").str("feature_group", group).boolean("cache.hit", hit);
    w_.span(fsRes, trace, eId, "cache.get", kClient, fStart, fEnd);
    std::int64_t end = fEnd;
    if (!hit) {
        const std::int64_t gStart = fEnd + msToNs(0.2);
        const double readMs = rng_.logNormal(story_.storeReadMedianMs(start), 0.6);
        const std::int64_t gEnd = gStart + msToNs(readMs);
        const std::uint64_t gId = w_.newSpanId();
        common(ti, correlation);
        w_.attrs()
            .str("db.system", "cassandra")
            .str("db.operation", "SELECT")
            .str("feature_group", group);
        w_.span(fsRes, trace, eId, "online_store.read", kClient, gStart, gEnd, kUnset, {}, {}, gId);
        body_.assign(readMs > 100 ? "slow online store read: " : "online store read: ");
        body_.append(fixed(readMs, 0)).append(" ms (feature_group=").append(group).append(")");
        common(ti, correlation);
        w_.attrs().str("feature_group", group);
        w_.log(fsRes, gEnd, readMs > 100 ? kWarn : kDebug, body_, trace, gId);
        end = gEnd;
    } else {
        body_.assign("served feature_group=").append(group).append(" from cache");
        common(ti, correlation);
        w_.attrs().str("feature_group", group);
        w_.log(fsRes, fEnd, kDebug, body_, trace, eId);
    }
    end += msToNs(0.3);
    common(ti, correlation);
    w_.attrs().str("rpc.system", "grpc").str("feature_group", group).boolean("cache.hit", hit);
    if (group == "inventory") {
        const double age = std::round(story_.inventoryAge(tn, start) * (1 + 0.05 * rng_.normal()));
        w_.attrs()
            .number("feature.age_seconds", age)
            .boolean("feature.stale", age > kEligibilityLimit);
    }
    w_.span(fsRes, trace, parent, "GetOnlineFeatures", kServer, start, end, kUnset, {}, {}, eId);
    return end;
}

void RetailTraces::homepage(std::int64_t t, std::size_t ti) {
    const Tenant& tn = kTenants[ti];
    const TraceBits trace = w_.newTrace();
    const std::string correlation = hexId(rng_, "req_", 12);
    const std::uint64_t aId = w_.newSpanId(), bId = w_.newSpanId(), cId = w_.newSpanId(),
                        dId = w_.newSpanId();
    const std::size_t sfRes = res(kStorefront, ti, t);
    const std::size_t edgeRes = res(kEdge, ti, t);
    const std::string_view campaign = t >= kSaleStart ? "black-friday-2026" : "always-on";

    const std::int64_t bStart = t + dur(2, 0.3);
    const std::int64_t cStart = bStart + dur(3, 0.3);
    const std::int64_t dStart = cStart + msToNs(0.5);
    std::int64_t dEnd = dStart;
    static constexpr std::string_view groups[] = {"user_profile", "inventory", "pricing"};
    for (std::string_view g : groups) {
        const std::int64_t start = dStart + msToNs(0.5 + rng_.uniform());
        dEnd = std::max(dEnd, featureRead(trace, dId, ti, start, g, correlation));
    }
    dEnd += msToNs(0.5);
    common(ti, correlation);
    w_.attrs().integer("feature_groups", 3);
    w_.span(edgeRes, trace, cId, "features.fetch", kInternal, dStart, dEnd, kUnset, {}, {}, dId);

    const double featuresMs = static_cast<double>(dEnd - cStart) / 1e6;
    const bool stale = story_.inventoryAge(tn, t) > kEligibilityLimit;
    // Ranking takes ~25 ms; when the features come later than that before the budget the
    // edge serves the default layout instead.
    const bool fallback = featuresMs > kBudgetMs - 25;
    std::int64_t cEnd = 0;
    if (!fallback) {
        const std::int64_t hStart = dEnd + msToNs(0.5);
        const std::uint64_t hId = w_.newSpanId();
        const std::int64_t iStart = hStart + msToNs(1);
        const std::int64_t iEnd = iStart + dur(16, 0.35);
        const std::int64_t hEnd = iEnd + dur(4, 0.3);
        const std::size_t recRes = res(kRecs, ti, t);
        common(ti, correlation);
        w_.attrs().str("model.version", "bf-recs-2026-11-24");
        w_.span(recRes, trace, hId, "model.infer", kInternal, iStart, iEnd);
        common(ti, correlation);
        w_.attrs().str("http.route", "/v1/rank").integer("recommendation.count", 12);
        w_.span(recRes, trace, cId, "POST /v1/rank", kServer, hStart, hEnd, kUnset, {}, {}, hId);
        common(ti, correlation);
        w_.log(recRes, hEnd, kDebug, "ranked 12 items with model bf-recs-2026-11-24", trace, hId);
        cEnd = hEnd + dur(2, 0.3);
    } else {
        cEnd = std::min(dEnd, cStart + msToNs(250)) + dur(2, 0.3);
    }
    const double decisionMs = static_cast<double>(cEnd - cStart) / 1e6;
    const std::string_view variant = fallback                    ? "default-layout"
                                     : t >= kSaleStart && !stale ? "bf-hero-personalized"
                                     : t >= kSaleStart           ? "bf-hero-generic"
                                                                 : "personalized";
    common(ti, correlation);
    w_.attrs()
        .str("http.route", "/v1/decide")
        .str("decision.placement", "homepage-hero")
        .str("decision.variant", variant)
        .boolean("decision.fallback", fallback)
        .number("decision.duration_ms", std::round(decisionMs * 10) / 10)
        .str("campaign_id", campaign);
    w_.span(edgeRes, trace, bId, "POST /v1/decide", kServer, cStart, cEnd, kUnset, {}, {}, cId);
    if (fallback) {
        body_.assign("decision exceeded 200 ms budget (").append(fixed(decisionMs, 0));
        body_.append(" ms); served default layout");
        common(ti, correlation);
        w_.attrs().str("decision.placement", "homepage-hero");
        w_.log(edgeRes, cEnd, kWarn, body_, trace, cId);
    } else {
        body_.assign("decision variant=").append(variant).append(" in ");
        body_.append(fixed(decisionMs, 0)).append(" ms");
        common(ti, correlation);
        w_.log(edgeRes, cEnd, kDebug, body_, trace, cId);
    }
    const std::int64_t bEnd = cEnd + dur(3, 0.3);
    common(ti, correlation);
    w_.attrs().str("http.request.method", "POST").str("server.address", "edge-decision");
    w_.span(sfRes, trace, aId, "edge.decide", kClient, bStart, bEnd, kUnset, {}, {}, bId);
    const std::int64_t jStart = bEnd + msToNs(1);
    const std::int64_t jEnd = jStart + dur(38, 0.35);
    common(ti, correlation);
    w_.attrs().str("decision.variant", variant);
    w_.span(sfRes, trace, aId, "render homepage", kInternal, jStart, jEnd);
    const std::int64_t aEnd = jEnd + dur(2, 0.3);
    common(ti, correlation);
    w_.attrs()
        .str("http.request.method", "GET")
        .str("http.route", "/")
        .str("url.full", "https://" + std::string(tn.shop) + "/")
        .integer("http.status_code", 200)
        .str("journey", "homepage")
        .str("campaign_id", campaign);
    w_.span(sfRes, trace, 0, "GET /", kServer, t, aEnd, kUnset, {}, {}, aId);
    body_.assign("GET / 200 in ")
        .append(fixed(static_cast<double>(aEnd - t) / 1e6, 0))
        .append(" ms");
    common(ti, correlation);
    w_.attrs().str("http.route", "/");
    w_.log(sfRes, aEnd, kInfo, body_, trace, aId);
}

void RetailTraces::inventorySync(std::int64_t t, std::size_t ti) {
    const TraceBits trace = w_.newTrace();
    const std::string correlation = hexId(rng_, "inv_", 12);
    const std::size_t invRes = res(kInventory, ti, t);
    const std::size_t fsRes = res(kFeatures, ti, t);
    const std::uint64_t aId = w_.newSpanId(), cId = w_.newSpanId(), dId = w_.newSpanId();
    const int skus = 1500 + static_cast<int>(rng_.below(1000));
    const std::int64_t bStart = t + msToNs(1);
    const std::int64_t bEnd = bStart + dur(120, 0.4);
    common(ti, correlation);
    w_.attrs()
        .str("http.request.method", "GET")
        .str("server.address", "erp.internal")
        .integer("batch.skus", skus);
    w_.span(invRes, trace, aId, "erp.fetch_stock", kClient, bStart, bEnd);
    const bool timeout = rng_.chance(0.005 + 0.6 * story_.incident(t));
    const std::int64_t cStart = bEnd + msToNs(1);
    const std::int64_t dStart = cStart + dur(2, 0.3);
    const std::int64_t eStart = dStart + msToNs(0.5);
    const std::int64_t eEnd = eStart + (timeout ? msToNs(2000) : dur(140, 0.5));
    const std::int64_t dEnd = eEnd + msToNs(0.5);
    const std::int64_t cEnd = dEnd + dur(2, 0.3);
    const std::string_view code = timeout ? "WRITE_TIMEOUT" : "";
    common(ti, correlation);
    w_.attrs()
        .str("db.system", "cassandra")
        .str("db.operation", "BATCH")
        .str("feature_group", "inventory");
    if (timeout)
        w_.attrs().str("error.code", code);
    w_.span(fsRes, trace, dId, "online_store.write", kClient, eStart, eEnd,
            timeout ? kStatusError : kUnset, timeout ? "write timed out after 2000 ms" : "");
    common(ti, correlation);
    w_.attrs()
        .str("rpc.system", "grpc")
        .str("feature_group", "inventory")
        .integer("batch.skus", skus);
    if (timeout)
        w_.attrs().str("error.code", code);
    w_.span(fsRes, trace, cId, "WriteOnlineFeatures", kServer, dStart, dEnd,
            timeout ? kStatusError : kUnset, timeout ? "DEADLINE_EXCEEDED" : "", {}, dId);
    common(ti, correlation);
    w_.attrs().str("rpc.system", "grpc").str("feature_group", "inventory");
    if (timeout)
        w_.attrs().str("error.code", code);
    w_.span(invRes, trace, aId, "feature_store.write", kClient, cStart, cEnd,
            timeout ? kStatusError : kUnset, timeout ? "DEADLINE_EXCEEDED" : "", {}, cId);
    const std::int64_t aEnd = cEnd + dur(3, 0.3);
    common(ti, correlation);
    w_.attrs().integer("batch.skus", skus).str("feature_group", "inventory");
    w_.span(invRes, trace, 0, "inventory.sync batch", kInternal, t, aEnd,
            timeout ? kStatusError : kUnset, timeout ? "feature write failed" : "", {}, aId);
    if (timeout) {
        body_.assign("inventory feature write timed out after 2000 ms; ");
        body_.append(std::to_string(skus)).append(" SKUs left stale");
        common(ti, correlation);
        w_.attrs().str("error.code", code).integer("batch.skus", skus);
        w_.log(invRes, cEnd, kError, body_, trace, cId);
    } else {
        body_.assign("synced ")
            .append(std::to_string(skus))
            .append(" SKUs to the feature store in ");
        body_.append(fixed(static_cast<double>(aEnd - t) / 1e6, 0)).append(" ms");
        common(ti, correlation);
        w_.log(invRes, aEnd, kInfo, body_, trace, aId);
    }
}

void RetailTraces::webhook(std::int64_t t, std::size_t ti, const std::string& eventId,
                           const Person& person, int attempt, bool slow) {
    const TraceBits trace = w_.newTrace();
    const std::size_t gwRes = res(kWebhooks, ti, t);
    const std::size_t emRes = res(kEmail, ti, t);
    const std::uint64_t aId = w_.newSpanId(), bId = w_.newSpanId();
    const std::int64_t bStart = t + dur(2, 0.3);
    // The handler looks up the next best offer in the feature store before mailing; with
    // the cache shrunk it waits on retried online-store reads.
    const std::int64_t cStart = bStart + msToNs(1);
    std::int64_t cEnd = featureRead(trace, bId, ti, cStart, "next_best_offer", eventId);
    if (slow)
        cEnd += msToNs(rng_.uniform(3200, 6000));
    const std::int64_t dStart = cEnd + msToNs(1);
    const std::int64_t dEnd = dStart + dur(90, 0.4);
    const std::string messageId = hexId(rng_, "msg_", 10);
    common(ti, eventId);
    w_.attrs()
        .str("email.template", "bf-follow-up")
        .str("vendor_status", "202")
        .str("email.message_id", messageId)
        .integer("webhook.attempt", attempt);
    const std::uint64_t dId = w_.newSpanId();
    w_.span(emRes, trace, bId, "email.send", kClient, dStart, dEnd, kUnset, {}, {}, dId);
    body_.assign("sent 'Your Black Friday picks' to ").append(person.email);
    body_.append(" (event ").append(eventId).append(")");
    common(ti, eventId);
    w_.attrs().str("email.template", "bf-follow-up").integer("webhook.attempt", attempt);
    w_.log(emRes, dEnd, kInfo, body_, trace, dId);
    const std::int64_t bEnd = dEnd + dur(3, 0.3);
    common(ti, eventId);
    w_.attrs().str("webhook.event_type", "email.clicked").integer("webhook.attempt", attempt);
    w_.span(emRes, trace, aId, "handle delivery event", kServer, bStart, bEnd, kUnset, {}, {}, bId);
    const bool timedOut = bEnd - t > 3 * kSecond;
    const std::int64_t aEnd = timedOut ? t + 3 * kSecond : bEnd + dur(2, 0.3);
    common(ti, eventId);
    w_.attrs()
        .str("http.request.method", "POST")
        .str("http.route", "/webhooks/esp")
        .integer("http.status_code", timedOut ? 504 : 200)
        .str("webhook.event_id", eventId)
        .integer("webhook.attempt", attempt);
    if (timedOut)
        w_.attrs().str("error.code", "UPSTREAM_TIMEOUT");
    w_.span(gwRes, trace, 0, "POST /webhooks/esp", kServer, t, aEnd,
            timedOut ? kStatusError : kUnset, timedOut ? "504 Gateway Timeout" : "", {}, aId);
    if (timedOut) {
        body_.assign("upstream email-service timed out after 3000 ms; ESP will retry event ");
        body_.append(eventId);
        common(ti, eventId);
        w_.attrs().str("error.code", "UPSTREAM_TIMEOUT");
        w_.log(gwRes, aEnd, kWarn, body_, trace, aId);
    }
}

void RetailTraces::audienceRefresh(std::int64_t t, std::size_t ti) {
    const Tenant& tn = kTenants[ti];
    const TraceBits trace = w_.newTrace();
    const std::string correlation = hexId(rng_, "aud_", 12);
    const std::size_t audRes = res(kAudience, ti, t);
    const std::size_t fsRes = res(kFeatures, ti, t);
    const std::uint64_t aId = w_.newSpanId();
    const std::int64_t bStart = t + msToNs(3);
    const std::int64_t bEnd = bStart + dur(800 + 3000 * story_.incident(t), 0.3);
    common(ti, correlation);
    w_.attrs().str("rpc.system", "grpc").str("feature_group", "inventory");
    w_.span(fsRes, trace, aId, "ScanOnlineFeatures", kServer, bStart, bEnd);
    const double size = std::round(story_.audienceSize(tn, t));
    const std::int64_t cStart = bEnd + msToNs(2);
    const std::int64_t cEnd = cStart + dur(40, 0.3);
    common(ti, correlation);
    w_.attrs().str("messaging.system", "kafka").str("messaging.destination.name", "audiences");
    w_.span(audRes, trace, aId, "audience.publish", kProducer, cStart, cEnd);
    const std::int64_t aEnd = cEnd + msToNs(2);
    common(ti, correlation);
    w_.attrs()
        .str("audience", "black-friday-eligible")
        .integer("audience.size", static_cast<std::int64_t>(size));
    w_.span(audRes, trace, 0, "audience.refresh", kInternal, t, aEnd, kUnset, {}, {}, aId);
    const double previous = lastAudience_[ti];
    lastAudience_[ti] = size;
    body_.assign("audience black-friday-eligible refreshed: ");
    body_.append(fixed(size, 0)).append(" profiles (inventory freshness limit 600 s)");
    Severity severity = kInfo;
    if (previous > 0 && size < previous * 0.8) {
        body_.append("; shrank ").append(fixed(100 * (1 - size / previous), 0));
        body_.append("% since the last refresh: SKUs with stale inventory flags are not eligible");
        severity = kWarn;
    }
    common(ti, correlation);
    w_.attrs()
        .str("audience", "black-friday-eligible")
        .integer("audience.size", static_cast<std::int64_t>(size));
    w_.log(audRes, aEnd, severity, body_, trace, aId);
}

void RetailTraces::trace(std::int64_t t) {
    while (nextRefresh_ <= t) {
        for (std::size_t ti = 0; ti < kTenants.size(); ++ti)
            audienceRefresh(nextRefresh_ + static_cast<std::int64_t>(ti) * 7 * kSecond, ti);
        nextRefresh_ += kHour;
    }
    const std::size_t ti = rng_.weighted(std::array<double, 3>{
        kTenants[0].sessionsPerHour, kTenants[1].sessionsPerHour, kTenants[2].sessionsPerHour});
    const std::size_t kind = rng_.weighted(std::array<double, 3>{0.85, 0.06, 0.09});
    if (kind == 0) {
        homepage(t, ti);
    } else if (kind == 1) {
        inventorySync(t, ti);
    } else {
        const std::string eventId = hexId(rng_, "evt_", 12);
        const Person person = randomPerson(rng_);
        // With the handler stuck on feature reads, the gateway answers 504 and the ESP
        // delivers the event again a minute later: the handler mails twice.
        const bool slow = rng_.chance(std::min(1.0, 5 * story_.duplicateShare(kTenants[ti], t)));
        webhook(t, ti, eventId, person, 1, slow);
        if (slow)
            webhook(t + static_cast<std::int64_t>(30 + rng_.below(60)) * kSecond, ti, eventId,
                    person, 2, false);
    }
}

void RetailTraces::backgroundLog(std::int64_t t, std::uint64_t k) {
    const std::size_t ti = k % kTenants.size();
    const Tenant& tn = kTenants[ti];
    w_.attrs().str("tenant_id", tn.name);
    switch (rng_.below(7)) {
    case 0: {
        const double hit = story_.hitRatio(tn, t);
        const double evictions = (50 + 1500 * story_.incident(t)) * (1 + 0.1 * rng_.normal());
        body_.assign("cache stats: hit ratio ").append(fixed(hit, 2)).append(", evictions ");
        body_.append(fixed(evictions, 0)).append("/min, ");
        body_.append(story_.incident(t) > 0 ? "used 100% of max_entries=2000000"
                                            : "used 61% of max_entries=8000000");
        w_.attrs().number("cache.hit_ratio", std::round(hit * 100) / 100);
        w_.log(res(kFeatures, ti, t), t, story_.incident(t) > 0 ? kWarn : kInfo, body_);
        break;
    }
    case 1: {
        const double age = std::round(story_.inventoryAge(tn, t));
        if (age > kEligibilityLimit) {
            body_.assign("inventory features stale: newest update ").append(fixed(age, 0));
            body_.append(" s old (eligibility limit 600 s)");
        } else {
            body_.assign("inventory freshness ").append(fixed(age, 0)).append(" s");
        }
        w_.attrs().str("feature_group", "inventory").number("feature.age_seconds", age);
        w_.log(res(kInventory, ti, t), t, age > kEligibilityLimit ? kWarn : kInfo, body_);
        break;
    }
    case 2: {
        const double share = story_.fallbackShare(tn, t);
        body_.assign("decisions over the 200 ms budget in the last minute: ");
        body_.append(fixed(100 * share, 1)).append("%");
        w_.log(res(kEdge, ti, t), t, share > 0.05 ? kWarn : kInfo, body_);
        break;
    }
    case 3:
        w_.attrs().str("http.route", "/healthz");
        w_.log(res(kStorefront, ti, t), t, kDebug, "health check ok");
        break;
    case 4:
        if (t >= kMaintenanceBegin && t < kMaintenanceEnd) {
            w_.log(res(kInventory, ti, t), t, kWarn,
                   "inventory DB maintenance: reading from the replica");
        } else {
            body_.assign("embedding cache refreshed: ");
            body_.append(std::to_string(1'100'000 + rng_.below(200'000))).append(" items");
            w_.log(res(kRecs, ti, t), t, kDebug, body_);
        }
        break;
    case 5: {
        const bool esp = t >= kEspBegin && t < kEspEnd;
        body_.assign("send queue depth ").append(std::to_string(5 + rng_.below(esp ? 400 : 30)));
        w_.log(res(kEmail, ti, t), t, esp ? kWarn : kInfo, body_);
        break;
    }
    default: {
        const double retries = 100 * (0.002 + 1.4 * story_.duplicateShare(tn, t));
        body_.assign("webhook deliveries in the last minute: ");
        body_.append(std::to_string(150 + rng_.below(150))).append(", retried ");
        body_.append(fixed(retries, 1)).append("%");
        w_.log(res(kWebhooks, ti, t), t, retries > 2 ? kWarn : kInfo, body_);
        break;
    }
    }
}

} // namespace

void writeScenarioTraces(const GenerateOptions& options, TelemetryWriter& writer) {
    RetailTraces traces(writer, options.seed, Story::of(options));
    Rng scheduleRng(options.seed, "retail-schedule");
    const double target = static_cast<double>(kRecordsPerScale) * options.scale;
    TraceSchedule schedule;
    schedule.begin = kTraceBegin;
    schedule.end = kEnd;
    schedule.traces = static_cast<std::uint64_t>(std::llround(target / kSpansPerTrace));
    schedule.backgroundLogs = static_cast<std::uint64_t>(
        std::max(0.0, target - static_cast<double>(schedule.traces) * kLogsPerTrace));
    runSchedule(
        schedule, scheduleRng, [](std::int64_t t) { return traffic(t); },
        [&](std::int64_t t) { traces.trace(t); },
        [&](std::int64_t t, std::uint64_t k) { traces.backgroundLog(t, k); },
        [&](std::int64_t t) { traces.defects(t); });
}

} // namespace casebook::gen::retail
