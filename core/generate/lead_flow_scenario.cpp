// Incident 1 of docs/sample-incidents.md: a web-forms SDK release adds the form field
// utm_content, the ingestion parser rejects those submissions, and lead volume, freshness,
// CRM ownership and SQLs suffer until someone notices a day later.

#include "core/generate/lead_flow_story.h"

#include "core/generate/bundle_files.h"
#include "core/generate/lineage_files.h"

#include <string>
#include <utility>
#include <vector>

namespace casebook::gen {
namespace lead {
namespace {

std::vector<ChangeEvent> leadChanges(bool incident) {
    std::vector<ChangeEvent> c;
    auto add = [&](std::int64_t time, std::string kind, std::string service, std::string tenant,
                   std::string title, std::string version,
                   std::vector<std::pair<std::string, std::string>> attrs) {
        ChangeEvent e;
        e.time = time;
        e.kind = std::move(kind);
        e.service = std::move(service);
        e.tenant = std::move(tenant);
        e.title = std::move(title);
        e.version = std::move(version);
        e.attributes = std::move(attrs);
        c.push_back(std::move(e));
        return c.size() - 1;
    };
    add(utc(2026, 11, 12, 14, 10), "deploy", "crm-sync", "",
        "crm-sync 7.3.0: batched contact upserts", "7.3.0",
        {{"author", "deploy-bot"}, {"commit", "4f1c9e2"}});
    add(utc(2026, 11, 13, 9, 30), "config_change", "cdp", "",
        "cdp: warehouse batch size 256 -> 512", "", {{"author", "j.okafor"}});
    add(utc(2026, 11, 16, 11, 0), "deploy", "lead-scoring", "",
        "lead-scoring 2.8.0: retrained model lead-score-2.8", "2.8.0",
        {{"author", "ml-release"}, {"model", "lead-score-2.8"}});
    add(utc(2026, 11, 17, 10, 0), "deploy", "ingestion-api", "",
        "ingestion-api 3.14.2: dependency updates", "3.14.2", {{"author", "deploy-bot"}});
    add(utc(2026, 11, 17, 16, 20), "feature_flag", "nurture-journeys", "globex",
        "journey-builder-v2 enabled for globex", "", {{"flag", "journey-builder-v2"}});
    add(utc(2026, 11, 18, 10, 45), "deploy", "identity-resolution", "",
        "identity-resolution 5.1.2: graph client timeout 250 ms", "5.1.2",
        {{"author", "deploy-bot"}});
    add(utc(2026, 11, 19, 15, 30), "schema_change", "cdp", "",
        "cdp: profiles table adds column consent_scope", "", {{"migration", "0142"}});
    for (std::size_t i = 0; i < kTenants.size(); ++i) {
        add(kTenants[i].sdkWave, "sdk_release", "web-forms", std::string(kTenants[i].name),
            "web-forms SDK 4.2.0 (adds utm_content field) rolled out to " +
                std::string(kTenants[i].name) + " sites",
            "4.2.0", {{"author", "release-bot"}, {"rollout_wave", std::to_string(i + 1)}});
    }
    c[add(kMaintenanceBegin, "maintenance", "crm-sync", "", "CRM vendor maintenance window", "",
          {{"vendor", "crm"}})]
        .end = kMaintenanceEnd;
    c[add(kVendorBegin, "vendor_incident", "crm-sync", "",
          "CRM vendor: elevated API error rates (429)", "", {{"vendor", "crm"}})]
        .end = kVendorEnd;
    add(utc(2026, 11, 20, 13, 0), "deploy", "nurture-journeys", "",
        "nurture-journeys 3.4.1: template fixes", "3.4.1", {{"author", "deploy-bot"}});
    if (incident)
        add(kDetected, "incident", "ingestion-api", "acme",
            "SEV1 detected: lead volume down vs baseline, web-form freshness SLO breached", "",
            {{"severity", "SEV1"}, {"status", "detected"}, {"detected_by", "sales-ops report"}});
    return c;
}

std::vector<Annotation> leadAnnotations() {
    return {
        {kTenants[0].sdkWave,
         kTenants[0].sdkWave,
         {"release", "web-forms"},
         "web-forms SDK 4.2.0 published to the CDN"},
        {kMaintenanceBegin,
         kMaintenanceEnd,
         {"maintenance", "crm"},
         "CRM vendor maintenance: API read-only"},
        {kVendorBegin,
         kVendorEnd,
         {"vendor", "crm", "status-page"},
         "CRM vendor status page: elevated error rates on the contacts API, resolved 09:05 UTC"},
    };
}

// The web-form source's freshness (the 900 s SLO of the story) and the share of the
// SDK's submissions that ingestion accepts, for every tenant with those series.
constexpr std::string_view kLeadSlos = R"({
  "slos": [
    {
      "name": "web-forms freshness",
      "description": "Submissions from the web-forms source land within 15 minutes",
      "service": "ingestion-api",
      "objective": 0.99,
      "period": "30d",
      "sli": {"type": "threshold", "metric": "ingestion.freshness_lag_seconds",
              "labels": {"source": "web-forms"}, "max": 900}
    },
    {
      "name": "lead submission success",
      "description": "Form submissions sent by the SDK that ingestion accepts",
      "service": "ingestion-api",
      "objective": 0.98,
      "period": "30d",
      "sli": {"type": "ratio",
              "good": {"metric": "leads.submitted", "labels": {"source": "web-forms"}},
              "total": {"metric": "forms.submissions"}}
    }
  ]
}
)";

} // namespace
} // namespace lead

GenerateSummary generateLeadFlow(const GenerateOptions& options, const std::filesystem::path& dir) {
    GenerateSummary summary;
    std::vector<std::string_view> tenants;
    for (const auto& tn : lead::kTenants)
        tenants.push_back(tn.name);
    writeManifest(dir,
                  options.incident ? "lead-flow incident, 2026-11-20"
                                   : "lead flow without an incident, 2026-11-20",
                  "acme", summary, lineageManifestEntries(tenants));
    {
        TelemetryWriter writer(dir, options.seed);
        lead::writeScenarioTraces(options, writer);
        writer.finish(summary);
    }
    {
        OutputFile file(dir / std::string(kMetricsFile));
        summary.metricPoints += lead::writeScenarioMetrics(options, file);
        summary.defects += 1; // the point with a non-numeric time
        finishFile(file, summary);
    }
    writeChanges(dir, lead::leadChanges(options.incident), summary);
    writeAnnotations(dir, "lead-flow", lead::leadAnnotations(), summary);
    writeSlos(dir, lead::kLeadSlos, summary);
    writeLeadFlowLineage(options, dir, summary);
    return summary;
}

} // namespace casebook::gen
