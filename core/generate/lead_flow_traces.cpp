// Traces and logs of the lead-flow incident: sampled submissions through the whole chain,
// the rejected ones, the beacon fallbacks that end without an owner, and background logs.

#include "core/generate/lead_flow_story.h"

#include "core/generate/people.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace casebook::gen::lead {
namespace {

class LeadTraces {
public:
    LeadTraces(TelemetryWriter& w, std::uint64_t seed, Story story)
        : w_(w), rng_(seed, "lead-traces"), story_(story) {}

    void trace(std::int64_t t);
    void backgroundLog(std::int64_t t, std::uint64_t k);
    void defects(std::int64_t t) {
        w_.injectDefects(res(kIngestion, 0, t), res(kIngestion, 0, t), t);
    }

private:
    struct Lead {
        std::size_t tenant = 0;
        const Campaign* campaign = nullptr;
        Person person;
        std::string correlation;
        std::string_view formId;
        std::string_view sdk;
        bool fallback = false;
    };

    std::size_t res(std::string_view service, std::size_t tenant, std::int64_t t) {
        const Tenant& tn = kTenants[tenant];
        const std::string_view version =
            service == kWebForms ? std::string_view(currentSdk_) : versionOf(service, t);
        return w_.resources().get(service, version, tn.name);
    }
    std::int64_t dur(double medianMs, double sigma) {
        return msToNs(rng_.logNormal(medianMs, sigma));
    }
    void common(const Lead& lead) {
        w_.attrs()
            .str("tenant_id", kTenants[lead.tenant].name)
            .str("correlation_id", lead.correlation);
    }

    std::int64_t beaconFallback(const TraceBits& trace, std::uint64_t rootId, std::int64_t after,
                                const Lead& lead);
    // ingestion publish -> cdp -> identity -> scoring -> crm -> nurture.
    void pipeline(const TraceBits& trace, std::uint64_t publishSpan, std::int64_t publishedAt,
                  const Lead& lead);

    TelemetryWriter& w_;
    Rng rng_;
    Story story_;
    std::string currentSdk_;
    std::string body_;
};

void LeadTraces::trace(std::int64_t t) {
    const std::size_t ti = rng_.weighted(std::array<double, 3>{
        kTenants[0].leadsPerHour, kTenants[1].leadsPerHour, kTenants[2].leadsPerHour});
    const Tenant& tn = kTenants[ti];
    Lead lead;
    lead.tenant = ti;
    const bool utm = rng_.chance(tn.utmShare);
    lead.campaign = utm ? &tn.campaigns[rng_.chance(0.6) ? 0 : 1]
                        : &tn.campaigns[2 + rng_.weighted(std::array<double, 3>{0.45, 0.35, 0.2})];
    lead.person = randomPerson(rng_);
    lead.correlation = hexId(rng_, "sub_", 12);
    static constexpr std::string_view forms[] = {"demo-request", "contact-sales", "webinar-signup",
                                                 "whitepaper-download"};
    lead.formId = forms[rng_.weighted(std::array<double, 4>{0.35, 0.25, 0.25, 0.15})];
    // Browsers load SDK 4.2.0 from the CDN over the first 45 minutes of the rollout.
    const bool newSdk = rng_.chance(ramp(t, tn.sdkWave, kSdkRamp));
    lead.sdk = newSdk ? "4.2.0" : "4.1.3";
    currentSdk_ = lead.sdk;
    const bool malformed = rng_.chance(kMalformedShare);
    const bool rejected = !malformed && utm && newSdk && story_.parserRejectsUtmContent;
    lead.fallback = rejected && rng_.chance(kFallbackShare);

    std::vector<std::string_view> fields = {"email",      "first_name",  "last_name", "company",
                                            "job_title",  "country",     "consent",   "utm_source",
                                            "utm_medium", "utm_campaign"};
    if (lead.formId == "contact-sales")
        fields.insert(fields.begin() + 4, "phone");
    if (utm && newSdk)
        fields.push_back("utm_content");

    const TraceBits trace = w_.newTrace();
    const std::uint64_t rootId = w_.newSpanId();
    const std::size_t webRes = res(kWebForms, ti, t);
    const std::size_t ingRes = res(kIngestion, ti, t);

    // The submission request: web-forms client -> ingestion-api server -> parse.
    const std::int64_t a1Start = t + dur(3, 0.4);
    const std::int64_t bStart = a1Start + dur(14, 0.4);
    const std::int64_t cStart = bStart + msToNs(0.3);
    const std::int64_t cEnd = cStart + dur(1.8, 0.4);
    const bool ok = !malformed && !rejected;
    std::int64_t dEnd = cEnd;
    const std::uint64_t bId = w_.newSpanId();
    const std::uint64_t cId = w_.newSpanId();
    std::uint64_t dId = 0;
    if (ok) {
        dId = w_.newSpanId();
        const std::int64_t dStart = cEnd + msToNs(0.2);
        dEnd = dStart + dur(4, 0.5);
        common(lead);
        w_.attrs()
            .str("messaging.system", "kafka")
            .str("messaging.destination.name", "leads.raw")
            .str("campaign_id", lead.campaign->id);
        w_.span(ingRes, trace, bId, "publish leads.raw", kProducer, dStart, dEnd, kUnset, {}, {},
                dId);
    }
    const std::int64_t bEnd = dEnd + dur(1, 0.3);
    const std::int64_t a1End = bEnd + dur(14, 0.4);

    std::string events;
    if (ok) {
        common(lead);
        w_.attrs()
            .integer("form.field_count", static_cast<std::int64_t>(fields.size()))
            .str("parser.schema", "submission-v7");
        w_.span(ingRes, trace, bId, "parse submission", kInternal, cStart, cEnd, kUnset, {}, {},
                cId);
    } else {
        const std::string_view code = malformed ? "PARSE_MALFORMED" : "PARSE_UNKNOWN_FIELD";
        const std::string_view message =
            malformed ? "malformed JSON at byte 412" : "unknown field 'utm_content'";
        events = exceptionEvent(cEnd - msToNs(0.1), "SchemaValidationError", message);
        common(lead);
        w_.attrs()
            .str("error.code", code)
            .integer("form.field_count", static_cast<std::int64_t>(fields.size()))
            .str("parser.schema", "submission-v7");
        w_.span(ingRes, trace, bId, "parse submission", kInternal, cStart, cEnd, kStatusError,
                message, events, cId);
        body_.assign("rejected submission: ").append(message);
        common(lead);
        w_.attrs()
            .str("error.code", code)
            .str("form.id", lead.formId)
            .str("campaign_id", lead.campaign->id)
            .str("sdk.version", lead.sdk);
        w_.log(ingRes, cEnd, kError, body_, trace, cId);
    }

    common(lead);
    w_.attrs()
        .str("http.request.method", "POST")
        .str("http.route", "/v1/submissions")
        .integer("http.status_code", ok ? 202 : 400)
        .str("form.id", lead.formId)
        .str("campaign_id", lead.campaign->id);
    if (!ok)
        w_.attrs().str("error.code", malformed ? "PARSE_MALFORMED" : "PARSE_UNKNOWN_FIELD");
    const std::uint64_t a1Id = w_.newSpanId();
    w_.span(ingRes, trace, a1Id, "POST /v1/submissions", kServer, bStart, bEnd,
            ok ? kUnset : kStatusError, ok ? "" : "400 Bad Request", {}, bId);
    if (ok) {
        body_.assign("received submission form=").append(lead.formId).append(" fields=");
        body_.append(std::to_string(fields.size())).append(" sdk=").append(lead.sdk);
        common(lead);
        w_.log(ingRes, bStart + msToNs(0.2), kDebug, body_, trace, bId);
        body_.assign("accepted submission ").append(lead.correlation).append(" from web-forms");
        common(lead);
        w_.attrs().str("campaign_id", lead.campaign->id);
        w_.log(ingRes, bEnd - msToNs(0.5), kInfo, body_, trace, bId);
    }

    common(lead);
    w_.attrs()
        .str("http.request.method", "POST")
        .str("url.full", "https://collect.casebook-demo.example/v1/submissions")
        .integer("http.status_code", ok ? 202 : 400)
        .str("form.id", lead.formId)
        .str("campaign_id", lead.campaign->id)
        .strArray("form.fields", fields);
    w_.span(webRes, trace, rootId, "POST /v1/submissions", kClient, a1Start, a1End,
            ok ? kUnset : kStatusError, ok ? "" : "HTTP 400", {}, a1Id);

    std::int64_t rootEnd = a1End + dur(2, 0.3);
    if (!ok) {
        body_.assign("submission failed: HTTP 400 from ingestion-api");
        if (lead.fallback)
            body_.append("; retrying via beacon");
        common(lead);
        w_.attrs().str("form.id", lead.formId).str("sdk.version", lead.sdk);
        w_.log(webRes, a1End + msToNs(0.5), kWarn, body_, trace, a1Id);
    }
    if (lead.fallback) {
        rootEnd = beaconFallback(trace, rootId, a1End, lead);
    } else if (ok) {
        pipeline(trace, dId, dEnd, lead);
    }

    common(lead);
    w_.attrs()
        .str("form.id", lead.formId)
        .str("campaign_id", lead.campaign->id)
        .str("journey", lead.campaign->journey);
    w_.span(webRes, trace, 0, "form.submit", kInternal, t, rootEnd, ok ? kUnset : kStatusError,
            ok ? "" : "submission rejected", {}, rootId);
}

// SDK 4.2.0 falls back to the legacy beacon endpoint, which accepts the payload but drops
// the campaign fields: the lead goes on without attribution. Returns the root's end.
std::int64_t LeadTraces::beaconFallback(const TraceBits& trace, std::uint64_t rootId,
                                        std::int64_t after, const Lead& lead) {
    const std::size_t webRes = res(kWebForms, lead.tenant, after);
    const std::size_t ingRes = res(kIngestion, lead.tenant, after);
    const std::int64_t eStart = after + dur(40, 0.5);
    const std::int64_t fStart = eStart + dur(14, 0.4);
    const std::int64_t gStart = fStart + msToNs(0.3);
    const std::int64_t gEnd = gStart + dur(1.5, 0.4);
    const std::int64_t hStart = gEnd + msToNs(0.2);
    const std::int64_t hEnd = hStart + dur(4, 0.5);
    const std::int64_t fEnd = hEnd + dur(1, 0.3);
    const std::int64_t eEnd = fEnd + dur(10, 0.4);
    const std::uint64_t eId = w_.newSpanId();
    const std::uint64_t fId = w_.newSpanId();
    const std::uint64_t hId = w_.newSpanId();
    common(lead);
    w_.attrs()
        .str("http.request.method", "POST")
        .str("url.full", "https://collect.casebook-demo.example/v1/beacon")
        .integer("http.status_code", 204)
        .str("form.id", lead.formId);
    w_.span(webRes, trace, rootId, "beacon.send", kClient, eStart, eEnd, kUnset, {}, {}, eId);
    common(lead);
    w_.attrs()
        .str("http.request.method", "POST")
        .str("http.route", "/v1/beacon")
        .integer("http.status_code", 204)
        .str("form.id", lead.formId);
    w_.span(ingRes, trace, eId, "POST /v1/beacon", kServer, fStart, fEnd, kUnset, {}, {}, fId);
    common(lead);
    w_.attrs().str("parser.mode", "legacy-beacon").integer("fields.dropped", 4);
    w_.span(ingRes, trace, fId, "parse beacon", kInternal, gStart, gEnd);
    common(lead);
    w_.attrs().str("messaging.system", "kafka").str("messaging.destination.name", "leads.raw");
    w_.span(ingRes, trace, fId, "publish leads.raw", kProducer, hStart, hEnd, kUnset, {}, {}, hId);
    body_.assign("accepted beacon submission ")
        .append(lead.correlation)
        .append(" (campaign fields dropped)");
    common(lead);
    w_.log(ingRes, fEnd - msToNs(0.3), kInfo, body_, trace, fId);
    pipeline(trace, hId, hEnd, lead);
    return eEnd + dur(2, 0.3);
}

void LeadTraces::pipeline(const TraceBits& trace, std::uint64_t publishSpan,
                          std::int64_t publishedAt, const Lead& lead) {
    const std::size_t ti = lead.tenant;
    const std::int64_t t = publishedAt;

    // cdp consumes leads.raw, upserts the profile, resolves identity, asks for a score.
    const std::int64_t eStart = publishedAt + dur(400, 0.8);
    const std::uint64_t eId = w_.newSpanId();
    const std::int64_t fStart = eStart + msToNs(0.5);
    const std::int64_t fEnd = fStart + dur(25, 0.5);
    const std::uint64_t fId = w_.newSpanId();
    const std::string profile = hexId(rng_, "prof_", 10);
    common(lead);
    w_.attrs().str("cdp.profile_id", profile);
    w_.span(res(kCdp, ti, t), trace, eId, "profile.upsert", kInternal, fStart, fEnd, kUnset, {}, {},
            fId);
    body_.assign("profile upserted ").append(profile);
    common(lead);
    w_.log(res(kCdp, ti, t), fEnd, kInfo, body_, trace, fId);

    const std::int64_t gStart = fEnd + msToNs(0.4);
    const std::uint64_t gId = w_.newSpanId();
    const bool timeout = rng_.chance(0.004);
    const std::int64_t hStart = gStart + msToNs(0.6);
    const std::int64_t hEnd = hStart + (timeout ? msToNs(250) : dur(15, 0.5));
    const std::int64_t gEnd = hEnd + dur(timeout ? 8 : 20, 0.4);
    const std::size_t idRes = res(kIdentity, ti, t);
    common(lead);
    w_.attrs().str("db.system", "neo4j").str("db.operation", "MATCH");
    if (timeout)
        w_.attrs().str("error.code", "GRAPH_TIMEOUT");
    w_.span(idRes, trace, gId, "graph.lookup", kClient, hStart, hEnd,
            timeout ? kStatusError : kUnset, timeout ? "deadline exceeded after 250 ms" : "");
    const bool deterministic = !timeout && !lead.fallback && rng_.chance(0.88);
    const double confidence =
        deterministic ? 0.97 + 0.02 * rng_.uniform() : 0.55 + 0.3 * rng_.uniform();
    common(lead);
    w_.attrs()
        .str("http.route", "/v1/resolve")
        .str("identity.match_type", deterministic ? "deterministic" : "probabilistic")
        .number("identity.confidence", std::round(confidence * 100) / 100);
    w_.span(idRes, trace, eId, "POST /v1/resolve", kServer, gStart, gEnd, kUnset, {}, {}, gId);
    if (timeout) {
        common(lead);
        w_.attrs().str("error.code", "GRAPH_TIMEOUT");
        w_.log(idRes, hEnd, kWarn,
               "identity graph lookup timed out after 250 ms; used probabilistic match", trace,
               gId);
    }
    body_.assign("resolved identity for ").append(lead.correlation).append(": ");
    body_.append(deterministic ? "deterministic match on email" : "probabilistic match");
    body_.append(" (confidence ").append(fixed(confidence, 2)).append(")");
    common(lead);
    w_.log(idRes, gEnd, kInfo, body_, trace, gId);

    const std::size_t scRes = res(kScoring, ti, t);
    const std::int64_t iStart = gEnd + msToNs(0.5);
    const std::uint64_t iId = w_.newSpanId();
    const std::int64_t jStart = iStart + msToNs(1);
    const std::int64_t jEnd = jStart + dur(30, 0.4);
    const std::int64_t iEnd = jEnd + dur(6, 0.4);
    const std::string_view model =
        versionOf(kScoring, t) == "2.8.0" ? "lead-score-2.8" : "lead-score-2.7";
    double score = lead.fallback ? 30 + 12 * rng_.normal()
                                 : (lead.campaign->utmContent ? 70 : 55) + 14 * rng_.normal();
    score = std::clamp(std::round(score), 1.0, 99.0);
    const std::string_view grade = score >= 80 ? "SQL" : score >= 50 ? "MQL" : "lead";
    common(lead);
    w_.attrs().str("model.version", model);
    w_.span(scRes, trace, iId, "model.predict", kInternal, jStart, jEnd);
    common(lead);
    w_.attrs()
        .str("http.route", "/v1/score")
        .integer("lead.score", static_cast<std::int64_t>(score))
        .str("lead.grade", grade);
    if (!lead.fallback)
        w_.attrs().str("campaign_id", lead.campaign->id);
    w_.span(scRes, trace, eId, "POST /v1/score", kServer, iStart, iEnd, kUnset, {}, {}, iId);
    body_.assign("lead scored ").append(std::to_string(static_cast<int>(score)));
    body_.append(" (").append(grade).append(") by model ").append(model);
    common(lead);
    w_.log(scRes, iEnd, kInfo, body_, trace, iId);

    const std::int64_t eEnd = iEnd + dur(3, 0.3);
    common(lead);
    w_.attrs().str("messaging.system", "kafka").str("messaging.destination.name", "leads.raw");
    if (!lead.fallback)
        w_.attrs().str("campaign_id", lead.campaign->id);
    w_.span(res(kCdp, ti, t), trace, publishSpan, "process leads.raw", kConsumer, eStart, eEnd,
            kUnset, {}, {}, eId);

    // crm-sync consumes leads.scored: upserts the contacts, assigns an owner.
    std::int64_t kStart = iEnd + dur(2000, 0.9);
    if (kStart >= kMaintenanceBegin && kStart < kMaintenanceEnd)
        kStart = kMaintenanceEnd + static_cast<std::int64_t>(rng_.below(600)) * kSecond;
    const std::size_t crmRes = res(kCrm, ti, kStart);
    const std::uint64_t kId = w_.newSpanId();
    std::int64_t cursor = kStart + msToNs(2);
    const int contacts =
        1 + static_cast<int>(rng_.weighted(std::array<double, 3>{0.5, 0.35, 0.15}));
    const bool vendorTrouble = cursor >= kVendorBegin && cursor < kVendorEnd;
    std::string contactId;
    for (int c = 0; c < contacts; ++c) {
        if (vendorTrouble && rng_.chance(0.35)) {
            const std::int64_t end = cursor + dur(60, 0.3);
            const std::uint64_t failed = w_.newSpanId();
            common(lead);
            w_.attrs()
                .str("crm.object", "contact")
                .integer("http.status_code", 429)
                .str("vendor_status", "429")
                .str("error.code", "CRM_RATE_LIMITED");
            w_.span(crmRes, trace, kId, "crm.upsert_contact", kClient, cursor, end, kStatusError,
                    "429 Too Many Requests", {}, failed);
            common(lead);
            w_.attrs().str("vendor_status", "429").str("error.code", "CRM_RATE_LIMITED");
            w_.log(crmRes, end, kWarn, "CRM API rate limited (HTTP 429); retrying in 2 s", trace,
                   failed);
            cursor = end + 2 * kSecond;
        }
        const std::int64_t end = cursor + dur(140, 0.45);
        const bool created = c == 0 && rng_.chance(0.7);
        common(lead);
        w_.attrs()
            .str("crm.object", "contact")
            .integer("http.status_code", created ? 201 : 200)
            .str("vendor_status", created ? "201" : "200");
        w_.span(crmRes, trace, kId, "crm.upsert_contact", kClient, cursor, end);
        if (c == 0)
            contactId = hexId(rng_, "003", 9);
        cursor = end + msToNs(1);
    }
    const bool noOwner = lead.fallback || rng_.chance(0.004);
    const std::int64_t mEnd = cursor + dur(90, 0.4);
    const std::uint64_t mId = w_.newSpanId();
    const std::string owner = hexId(rng_, "usr_", 6);
    common(lead);
    w_.attrs().str("crm.object", "lead").str("vendor_status", noOwner ? "NO_OWNER" : "ASSIGNED");
    if (!noOwner)
        w_.attrs().str("crm.owner_id", owner);
    w_.span(crmRes, trace, kId, "crm.assign_owner", kClient, cursor, mEnd, kUnset, {}, {}, mId);
    const std::int64_t syncEnd = mEnd + dur(4, 0.3);
    if (noOwner) {
        body_.assign("lead created without owner: email=").append(lead.person.email);
        body_.append(" company=\"").append(lead.person.company).append("\" campaign=");
        body_.append(lead.fallback ? "(none)" : lead.campaign->id);
        body_.append(" reason=no assignment rule matched");
        common(lead);
        w_.attrs().str("vendor_status", "NO_OWNER").str("crm.contact_id", contactId);
        w_.log(crmRes, mEnd, kWarn, body_, trace, mId);
    }
    body_.assign("synced lead ").append(lead.person.email).append(" to CRM contact ");
    body_.append(contactId)
        .append(noOwner ? " without owner" : ", owner ")
        .append(noOwner ? "" : owner);
    common(lead);
    w_.log(crmRes, syncEnd, kInfo, body_, trace, kId);
    common(lead);
    w_.attrs()
        .str("messaging.system", "kafka")
        .str("messaging.destination.name", "leads.scored")
        .integer("crm.contacts", contacts)
        .str("vendor_status", noOwner ? "NO_OWNER" : "OK");
    w_.span(crmRes, trace, iId, "sync lead", kConsumer, kStart, syncEnd, kUnset, {}, {}, kId);

    // nurture-journeys enrolls attributed leads.
    if (lead.fallback || !rng_.chance(0.85))
        return;
    const std::int64_t nStart = syncEnd + dur(20'000, 1.0);
    const std::size_t nuRes = res(kNurture, ti, nStart);
    const std::uint64_t nId = w_.newSpanId();
    const std::int64_t oStart = nStart + msToNs(2);
    const std::int64_t oEnd = oStart + dur(12, 0.4);
    const std::int64_t nEnd = oEnd + dur(20, 0.4);
    common(lead);
    w_.attrs()
        .str("journey", lead.campaign->journey)
        .str("step", "step-1-welcome")
        .str("email.template", "welcome-1");
    w_.span(nuRes, trace, nId, "email.schedule", kClient, oStart, oEnd);
    common(lead);
    w_.attrs()
        .str("journey", lead.campaign->journey)
        .str("step", "step-1-welcome")
        .str("campaign_id", lead.campaign->id);
    w_.span(nuRes, trace, kId, "journey.enroll", kConsumer, nStart, nEnd, kUnset, {}, {}, nId);
    body_.assign("enrolled lead in journey ").append(lead.campaign->journey);
    body_.append(" at step step-1-welcome");
    common(lead);
    w_.attrs().str("journey", lead.campaign->journey);
    w_.log(nuRes, nEnd, kInfo, body_, trace, nId);
}

void LeadTraces::backgroundLog(std::int64_t t, std::uint64_t k) {
    const std::size_t ti = k % kTenants.size();
    const Tenant& tn = kTenants[ti];
    currentSdk_ = sdkVersion(tn, t);
    const std::uint64_t kind = rng_.below(8);
    w_.attrs().str("tenant_id", tn.name);
    switch (kind) {
    case 0: {
        const double lag = std::round(story_.freshnessLag(tn, t) * (1 + 0.05 * rng_.normal()));
        body_.assign("freshness of source web-forms is ").append(fixed(lag, 0)).append(" s");
        if (lag > kFreshnessSlo)
            body_.append(", above the 900 s SLO");
        w_.attrs().str("source", "web-forms").number("freshness_lag_seconds", lag);
        w_.log(res(kIngestion, ti, t), t, lag > kFreshnessSlo ? kWarn : kInfo, body_);
        break;
    }
    case 1:
        w_.attrs().str("http.route", "/healthz");
        w_.log(res(kIngestion, ti, t), t, kDebug, "health check ok");
        break;
    case 2: {
        body_.assign("committed batch of 512 events to the warehouse in ");
        body_.append(std::to_string(600 + rng_.below(500))).append(" ms");
        w_.log(res(kCdp, ti, t), t, kInfo, body_);
        break;
    }
    case 3:
        if (t >= kMaintenanceBegin && t < kMaintenanceEnd) {
            w_.log(res(kCrm, ti, t), t, kWarn,
                   "CRM maintenance window: sync deferred until 05:00 UTC");
        } else if (t >= kVendorBegin && t < kVendorEnd) {
            w_.attrs().str("vendor_status", "429");
            w_.log(res(kCrm, ti, t), t, kWarn,
                   "CRM API answering 429 Too Many Requests; backing off 2 s");
        } else {
            body_.assign("CRM API quota: ").append(std::to_string(6000 + rng_.below(4000)));
            body_.append(" of 10000 calls left this hour");
            w_.log(res(kCrm, ti, t), t, kInfo, body_);
        }
        break;
    case 4:
        body_.assign("identity graph cache hit ratio ")
            .append(fixed(0.9 + 0.05 * rng_.uniform(), 2));
        w_.log(res(kIdentity, ti, t), t, kDebug, body_);
        break;
    case 5:
        body_.assign("feature refresh finished in ").append(fixed(8 + 6 * rng_.uniform(), 1));
        body_.append(" s");
        w_.log(res(kScoring, ti, t), t, kDebug, body_);
        break;
    case 6: {
        const int active = story_.activeJourneys(tn, t);
        body_.assign("journey scheduler tick: ").append(std::to_string(active));
        body_.append(" active journeys, ").append(std::to_string(5 - active)).append(" idle");
        w_.attrs().integer("journeys.active", active);
        w_.log(res(kNurture, ti, t), t, active < 5 ? kWarn : kInfo, body_);
        break;
    }
    default:
        body_.assign("consumer lag on leads.raw: ").append(std::to_string(rng_.below(80)));
        body_.append(" messages");
        w_.log(res(kCdp, ti, t), t, kDebug, body_);
        break;
    }
}

} // namespace

void writeScenarioTraces(const GenerateOptions& options, TelemetryWriter& writer) {
    LeadTraces traces(writer, options.seed, Story::of(options));
    Rng scheduleRng(options.seed, "lead-schedule");
    const double target = static_cast<double>(kRecordsPerScale) * options.scale;
    TraceSchedule schedule;
    schedule.begin = kTraceBegin;
    schedule.end = kEnd;
    schedule.traces = static_cast<std::uint64_t>(std::llround(target / kSpansPerTrace));
    schedule.backgroundLogs = static_cast<std::uint64_t>(
        std::max(0.0, target - static_cast<double>(schedule.traces) * kLogsPerTrace));
    runSchedule(
        schedule, scheduleRng,
        [](std::int64_t t) {
            double r = 0;
            for (const Tenant& tn : kTenants)
                r += tn.leadsPerHour * diurnal(t);
            return r;
        },
        [&](std::int64_t t) { traces.trace(t); },
        [&](std::int64_t t, std::uint64_t k) { traces.backgroundLog(t, k); },
        [&](std::int64_t t) { traces.defects(t); });
}

} // namespace casebook::gen::lead
