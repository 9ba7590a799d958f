// Metric series of the lead-flow incident: a week of baseline, then the SDK release.

#include "core/generate/lead_flow_story.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace casebook::gen::lead {
namespace {

enum class Role {
    FormSubmissions,
    ClientDuration,
    LeadsSubmitted,
    ParseErrors,
    FreshnessLag,
    ServerDuration,
    CdpEvents,
    CdpQueue,
    MatchRate,
    ProfilesMerged,
    LeadsScored,
    LeadsSql,
    CrmWrites,
    NoOwner,
    Enrollments,
    ActiveJourneys,
    Count
};
constexpr std::size_t kRoles = static_cast<std::size_t>(Role::Count);

const std::vector<double> kLatencyBounds = {5, 10, 25, 50, 75, 100, 250, 500, 1000, 2500, 5000};

std::vector<MetricDef> leadMetricDefs() {
    std::vector<MetricDef> defs;
    for (const Tenant& t : kTenants) {
        const std::string tenant(t.name);
        auto add = [&](std::string_view service, std::string name, std::string description,
                       std::string unit, MetricShape shape, std::string attrs = "[]") {
            MetricDef d;
            d.service = service;
            d.tenant = tenant;
            d.name = std::move(name);
            d.description = std::move(description);
            d.unit = std::move(unit);
            d.shape = shape;
            d.attributes = std::move(attrs);
            if (shape == MetricShape::DeltaHistogram)
                d.bounds = kLatencyBounds;
            defs.push_back(std::move(d));
        };
        add(kWebForms, "forms.submissions", "Form submissions sent by the SDK", "{submission}",
            MetricShape::DeltaSum);
        add(kWebForms, "http.client.request.duration", "Submission request latency seen by the SDK",
            "ms", MetricShape::DeltaHistogram);
        add(kIngestion, "leads.submitted", "Lead submissions accepted by ingestion", "{lead}",
            MetricShape::DeltaSum, singleAttribute("source", "web-forms"));
        add(kIngestion, "ingestion.parse_errors", "Submissions rejected by the parser", "{error}",
            MetricShape::DeltaSum, singleAttribute("source", "web-forms"));
        add(kIngestion, "ingestion.freshness_lag_seconds",
            "Age of the newest record landed from the source (SLO: 900 s)", "s", MetricShape::Gauge,
            singleAttribute("source", "web-forms"));
        add(kIngestion, "http.server.request.duration", "Submission API latency", "ms",
            MetricShape::DeltaHistogram, singleAttribute("http.route", "/v1/submissions"));
        add(kCdp, "cdp.events.processed", "Events processed into profiles", "{event}",
            MetricShape::DeltaSum);
        add(kCdp, "cdp.queue.depth", "Messages waiting in leads.raw", "{message}",
            MetricShape::Gauge);
        add(kIdentity, "identity.match_rate.deterministic",
            "Share of profiles matched deterministically", "1", MetricShape::Gauge);
        add(kIdentity, "identity.profiles.merged", "Profiles merged into existing ones",
            "{profile}", MetricShape::DeltaSum);
        add(kScoring, "leads.scored", "Leads scored", "{lead}", MetricShape::DeltaSum);
        add(kScoring, "leads.sql", "Sales-qualified leads", "{lead}", MetricShape::DeltaSum);
        add(kCrm, "crm.sync.writes", "Successful CRM writes", "{write}", MetricShape::DeltaSum,
            singleAttribute("outcome", "success"));
        add(kCrm, "crm.leads.without_owner", "Leads created in the CRM without an owner", "{lead}",
            MetricShape::DeltaSum);
        add(kNurture, "journeys.enrollments", "Leads enrolled in nurture journeys", "{enrollment}",
            MetricShape::DeltaSum);
        add(kNurture, "journeys.active", "Journeys with enrollments in the last 6 hours",
            "{journey}", MetricShape::Gauge);
    }
    return defs;
}

// Expected counts of one tenant over one interval, noise included, shared by every
// series of that tenant so that they agree with each other.
struct Flow {
    double submissions = 0, rejected = 0, fallback = 0, malformed = 0, accepted = 0, sql = 0,
           noOwner = 0, enrolled = 0;
};

class LeadMetrics : public MetricModel {
public:
    LeadMetrics(std::uint64_t seed, int scale, Story story)
        : rng_(seed, "lead-metrics"), scale_(scale), story_(story) {
        quantizers_.resize(kTenants.size() * kRoles);
        cacheT0_.fill(-1);
    }

    std::string_view versionAt(std::string_view service, std::string_view tenant,
                               std::int64_t t) const override {
        if (service == kWebForms) {
            for (const Tenant& tn : kTenants)
                if (tn.name == tenant)
                    return sdkVersion(tn, t);
        }
        return versionOf(service, t);
    }

    void compute(std::size_t index, std::int64_t t0, std::int64_t t1, MetricValue& out) override {
        const std::size_t ti = index / kRoles;
        const auto role = static_cast<Role>(index % kRoles);
        const Tenant& tn = kTenants[ti];
        const Flow& f = flow(ti, t0, t1);
        const std::int64_t mid = t0 + (t1 - t0) / 2;
        Quantizer& q = quantizers_[index];
        switch (role) {
        case Role::FormSubmissions:
            out.intValue = q.take(f.submissions);
            break;
        case Role::LeadsSubmitted:
            out.intValue = q.take(f.accepted);
            break;
        case Role::ParseErrors:
            out.intValue = q.take(f.rejected + f.malformed);
            break;
        case Role::CdpEvents:
            out.intValue = q.take(f.accepted * 3.2);
            break;
        case Role::ProfilesMerged:
            out.intValue = q.take(f.accepted * 0.14);
            break;
        case Role::LeadsScored:
            out.intValue = q.take(f.accepted);
            break;
        case Role::LeadsSql:
            out.intValue = q.take(f.sql);
            break;
        case Role::CrmWrites:
            out.intValue = q.take(f.accepted * 1.8);
            break;
        case Role::NoOwner:
            out.intValue = q.take(f.noOwner);
            break;
        case Role::Enrollments:
            out.intValue = q.take(f.enrolled);
            break;
        case Role::ClientDuration:
            fillLogNormalHistogram(out, kLatencyBounds,
                                   static_cast<std::uint64_t>(q.take(f.submissions + f.fallback)),
                                   95, 0.45);
            break;
        case Role::ServerDuration:
            fillLogNormalHistogram(out, kLatencyBounds,
                                   static_cast<std::uint64_t>(q.take(f.submissions + f.fallback)),
                                   38, 0.5);
            break;
        case Role::FreshnessLag:
            out.value = std::round(story_.freshnessLag(tn, mid) * noise(0.08));
            break;
        case Role::CdpQueue:
            out.value = std::round((25 + 30 * diurnal(mid)) * noise(0.15));
            break;
        case Role::MatchRate: {
            const double share = f.accepted > 0 ? f.fallback / f.accepted : 0;
            out.value = std::round((0.86 - 0.3 * share + 0.008 * rng_.normal()) * 1000) / 1000;
            break;
        }
        case Role::ActiveJourneys:
            out.value = story_.activeJourneys(tn, mid);
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
        f.submissions = tn.leadsPerHour * scale_ * diurnal(mid) * hours * noise(0.04);
        const double reject = story_.rejectShare(tn, mid);
        const double utm = f.submissions * tn.utmShare;
        f.malformed = f.submissions * kMalformedShare;
        f.rejected = f.submissions * reject;
        f.fallback = f.rejected * kFallbackShare;
        const double utmAccepted = utm - f.rejected;
        const double other = f.submissions - utm;
        f.accepted = f.submissions - f.malformed - f.rejected + f.fallback;
        // Paid (utm_content) leads qualify far more often than the rest.
        f.sql = (utmAccepted * 0.14 + other * 0.09 + f.fallback * 0.02) * (1 - kMalformedShare);
        f.noOwner = (f.accepted - f.fallback) * 0.004 + f.fallback;
        f.enrolled = (f.accepted - f.fallback) * 0.85;
        return f;
    }

    Rng rng_;
    double scale_;
    Story story_;
    std::vector<Quantizer> quantizers_;
    std::array<std::int64_t, 3> cacheT0_{};
    std::array<Flow, 3> cache_{};
};

} // namespace

std::uint64_t writeScenarioMetrics(const GenerateOptions& options, OutputFile& file) {
    LeadMetrics model(options.seed, options.scale, Story::of(options));
    ResourceRegistry resources("production");
    return writeMetrics(file, resources, leadMetricDefs(), model,
                        {kBegin, kEnd, kHour / options.scale}, true);
}

} // namespace casebook::gen::lead
