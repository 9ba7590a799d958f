// Incident 2 of docs/sample-incidents.md: on Black Friday a cost-saving config change
// shrinks the feature store's online cache; the eviction storm raises the tail latency of
// feature reads, inventory features go stale, the sale audience shrinks, homepage
// conversion drops and webhook retries make the email service send duplicates.

#include "core/generate/retail_story.h"

#include "core/generate/bundle_files.h"
#include "core/generate/lineage_files.h"

#include <string>
#include <utility>
#include <vector>

namespace casebook::gen {
namespace retail {
namespace {

std::vector<ChangeEvent> retailChanges(bool incident) {
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
    add(utc(2026, 11, 20, 10, 0), "deploy", "recommendation", "",
        "recommendation 4.6.0: ranking on the new GPU pool", "4.6.0", {{"author", "deploy-bot"}});
    add(utc(2026, 11, 24, 9, 0), "deploy", "recommendation", "",
        "recommendation 4.6.1: model refresh bf-recs-2026-11-24", "4.6.1",
        {{"author", "ml-release"}});
    add(utc(2026, 11, 25, 14, 0), "config_change", "email-service", "",
        "follow-up e-mail throttle 2/day -> 4/day for the sale", "", {{"author", "crm-team"}});
    c[add(kMaintenanceBegin, "maintenance", "inventory-sync", "", "inventory DB maintenance", "",
          {{"owner", "dba"}})]
        .end = kMaintenanceEnd;
    add(utc(2026, 11, 26, 11, 30), "deploy", "edge-decision", "",
        "edge-decision 2.9.1: 200 ms decision budget enforced", "2.9.1",
        {{"author", "deploy-bot"}});
    add(utc(2026, 11, 26, 16, 0), "deploy", "storefront", "",
        "storefront 8.12.0: Black Friday banners", "8.12.0", {{"author", "deploy-bot"}});
    for (const Tenant& tn : kTenants)
        add(kSaleStart, "feature_flag", "storefront", std::string(tn.name),
            "black-friday-2026 sale live for " + std::string(tn.name), "",
            {{"flag", "black-friday-2026"}});
    if (incident)
        add(kCacheChange, "config_change", "feature-store", "",
            "online feature cache max_entries 8000000 -> 2000000 (cost review)", "",
            {{"author", "infra-cost-bot"},
             {"ticket", "FIN-2231"},
             {"eviction_policy", "allkeys-lru"}});
    c[add(kEspBegin, "vendor_incident", "email-service", "", "ESP: delayed delivery webhooks", "",
          {{"vendor", "esp"}})]
        .end = kEspEnd;
    if (incident)
        add(kDetected, "incident", "audience-builder", "northwind",
            "SEV1 detected: sale audience down 60%, homepage conversion falling", "",
            {{"severity", "SEV1"}, {"status", "detected"}, {"detected_by", "merchandising"}});
    return c;
}

std::vector<Annotation> retailAnnotations() {
    return {
        {kMaintenanceBegin,
         kMaintenanceEnd,
         {"maintenance", "inventory"},
         "inventory DB maintenance (replica reads)"},
        {kSaleStart, kSaleStart, {"sale", "black-friday"}, "Black Friday sale live"},
        {kEspBegin,
         kEspEnd,
         {"vendor", "esp", "status-page"},
         "ESP status page: webhook deliveries delayed, resolved 12:00 UTC"},
    };
}

// Edge decisions within the 200 ms budget and inventory features younger than the 600 s
// eligibility limit, for every tenant with those series.
constexpr std::string_view kRetailSlos = R"({
  "slos": [
    {
      "name": "edge decision latency",
      "description": "Homepage personalization decisions within the 200 ms budget",
      "service": "edge-decision",
      "objective": 0.99,
      "period": "30d",
      "sli": {"type": "latency", "metric": "decision.duration",
              "labels": {"placement": "homepage-hero"}, "threshold": 200}
    },
    {
      "name": "inventory feature freshness",
      "description": "Inventory features younger than the 600 s eligibility limit",
      "service": "feature-store",
      "objective": 0.99,
      "period": "30d",
      "sli": {"type": "threshold", "metric": "feature.freshness_seconds",
              "labels": {"feature_group": "inventory"}, "max": 600}
    }
  ]
}
)";

} // namespace
} // namespace retail

GenerateSummary generateRetail(const GenerateOptions& options, const std::filesystem::path& dir) {
    GenerateSummary summary;
    std::vector<std::string_view> tenants;
    for (const auto& tn : retail::kTenants)
        tenants.push_back(tn.name);
    writeManifest(dir,
                  options.incident ? "retail personalization incident, 2026-11-27"
                                   : "retail personalization without an incident, 2026-11-27",
                  "northwind", summary, lineageManifestEntries(tenants));
    {
        TelemetryWriter writer(dir, options.seed);
        retail::writeScenarioTraces(options, writer);
        writer.finish(summary);
    }
    {
        OutputFile file(dir / std::string(kMetricsFile));
        summary.metricPoints += retail::writeScenarioMetrics(options, file);
        summary.defects += 1; // the point with a non-numeric time
        finishFile(file, summary);
    }
    writeChanges(dir, retail::retailChanges(options.incident), summary);
    writeAnnotations(dir, "retail-personalization", retail::retailAnnotations(), summary);
    writeSlos(dir, retail::kRetailSlos, summary);
    writeRetailLineage(options, dir, summary);
    return summary;
}

} // namespace casebook::gen
