// The lineage of the retail incident (docs/sample-incidents.md): per tenant, ERP stock ->
// inventory sync -> feature store feature groups -> audience builder -> the sale audience
// -> e-mail journeys and the homepage recommendation model, and dashboards on the dbt
// models. From the cache change at 10:00Z on 2026-11-27 the inventory sync's feature
// writes time out and its runs fail; the audience refreshes keep completing with fewer
// and fewer profiles.

#include "core/generate/lineage_files.h"
#include "core/generate/retail_story.h"

#include <filesystem>

namespace casebook::gen {
namespace {

using retail::kTenants;

constexpr std::string_view kProject = "retail_analytics";
const std::string kWarehouse(kWarehouseNamespace);
constexpr std::string_view kFeatureStore = "feature-store://online";
constexpr std::string_view kAudiences = "audiences://segments";
const std::vector<std::string_view> kJourneys = {"black-friday-picks", "cart-reminder",
                                                 "back-in-stock"};

OrderedJson warehouseDataset(std::string_view schemaAndName) {
    return olDataset(kWarehouse, "retail." + std::string(schemaAndName));
}

DbtProject retailProject() {
    DbtProject p;
    p.name = std::string(kProject);
    p.database = "retail";
    p.generatedAt = utc(2026, 11, 18, 6, 0);
    p.source("feature_store", "inventory_offline", "Offline copy of the inventory features",
             {{"warn_after", {{"count", 15}, {"period", "minute"}}},
              {"error_after", {{"count", 30}, {"period", "minute"}}}});
    p.source("audiences", "black_friday_eligible", "Snapshots of the sale audience");
    const std::string model = "model." + p.name + ".";
    p.model("stg_audience_snapshots", "view",
            {"source." + p.name + ".audiences.black_friday_eligible"}, "team:crm-analytics",
            {{"snapshot_at", "timestamp"}, {"profiles", "integer"}});
    p.model("fct_inventory_freshness", "table",
            {"source." + p.name + ".feature_store.inventory_offline"}, "team:merchandising",
            {{"sku", "varchar"}, {"age_seconds", "integer"}});
    p.model("fct_sale_performance", "incremental",
            {model + "stg_audience_snapshots", model + "fct_inventory_freshness"}, "team:ecommerce",
            {{"hour", "timestamp"}, {"sessions", "integer"}, {"conversions", "integer"}});
    p.test("not_null_fct_sale_performance_hour", model + "fct_sale_performance");
    p.exposure("sale_performance", "dashboard", {model + "fct_sale_performance"}, "E-commerce",
               "ecom@retail.example");
    p.exposure("audience_health", "dashboard", {model + "stg_audience_snapshots"}, "CRM",
               "crm@retail.example");
    p.exposure("inventory_freshness", "dashboard", {model + "fct_inventory_freshness"},
               "Merchandising", "merch@retail.example");
    return p;
}

// Without the incident the inventory writes never time out and the audience only grows.
void addTenantRuns(const retail::Story& story, const retail::Tenant& tn, OpenLineageLog& log) {
    const std::string tenant(tn.name);
    const OlJob inventory{std::string(retail::kInventory), "sync_inventory", "",
                          "team:merchandising",
                          "Copies ERP stock levels into the inventory feature group"};
    const OlJob profiles{std::string(retail::kFeatures), "materialize_user_profile", "",
                         "team:personalization", ""};
    const OlJob pricing{std::string(retail::kFeatures), "materialize_pricing", "",
                        "team:personalization", ""};
    const OlJob audience{std::string(retail::kAudience), "refresh_black_friday_eligible", "",
                         "team:crm", "Profiles eligible for the sale: in stock, fresh flags"};

    // Inventory features every 15 minutes; writes time out from the cache change on.
    for (std::int64_t t = retail::kTraceBegin; t < retail::kEnd; t += 15 * kMinute)
        log.addRun(inventory, tenant, t, t + 2 * kMinute,
                   story.cacheShrinks && t >= retail::kCacheChange,
                   OrderedJson::array({olDataset("erp://stock", "stock_levels")}),
                   OrderedJson::array({olDataset(kFeatureStore, "inventory"),
                                       warehouseDataset("feature_store.inventory_offline")}),
                   "WRITE_TIMEOUT: online store write timed out after 2000 ms; 1840 SKUs left "
                   "stale");
    for (std::int64_t t = retail::kTraceBegin + 5 * kMinute; t < retail::kEnd; t += kHour) {
        log.addRun(profiles, tenant, t, t + 6 * kMinute, false,
                   OrderedJson::array({warehouseDataset("crm.customers")}),
                   OrderedJson::array({olDataset(kFeatureStore, "user_profile")}));
        log.addRun(pricing, tenant, t, t + 3 * kMinute, false,
                   OrderedJson::array({olDataset("erp://pricing", "price_lists")}),
                   OrderedJson::array({olDataset(kFeatureStore, "pricing")}));
    }
    // The sale audience, hourly at :15: the refresh completes, the audience shrinks.
    for (std::int64_t t = retail::kTraceBegin + 15 * kMinute; t < retail::kEnd; t += kHour) {
        OrderedJson segment = olDataset(kAudiences, "black-friday-eligible");
        segment["outputFacets"]["outputStatistics"] = {
            {"rowCount", static_cast<std::int64_t>(std::llround(story.audienceSize(tn, t)))}};
        log.addRun(
            audience, tenant, t, t + 8 * kMinute, false,
            OrderedJson::array(
                {olDataset(kFeatureStore, "inventory"), olDataset(kFeatureStore, "user_profile")}),
            OrderedJson::array({segment, warehouseDataset("audiences.black_friday_eligible")}));
    }
    // E-mail journeys send from the audience every hour at :30.
    for (auto name : kJourneys) {
        const OlJob journey{std::string(retail::kEmail), std::string(name), "journey",
                            "team:lifecycle", ""};
        for (std::int64_t t = retail::kTraceBegin + 30 * kMinute; t < retail::kEnd; t += kHour)
            log.addRun(journey, tenant, t, t + 5 * kMinute, false,
                       OrderedJson::array({olDataset(kAudiences, "black-friday-eligible")}),
                       OrderedJson::array());
    }
}

} // namespace

void writeRetailLineage(const GenerateOptions& options, const std::filesystem::path& dir,
                        GenerateSummary& summary) {
    const retail::Story story = retail::Story::of(options);
    OpenLineageLog log(options.seed);
    for (const auto& tn : kTenants)
        addTenantRuns(story, tn, log);
    log.write(dir, summary);

    std::vector<std::string_view> tenants;
    for (const auto& tn : kTenants)
        tenants.push_back(tn.name);
    writeDbtManifests(dir, retailProject().text(), tenants, summary);

    LineageEdgeCsv csv;
    for (const auto& tn : kTenants) {
        csv.add(tn.name, kAudiences, "black-friday-eligible", "dataset", retail::kRecs,
                "homepage-ranker", "model", "ranks", retail::kRecs, "team:personalization");
        csv.add(tn.name, kFeatureStore, "inventory", "dataset", retail::kRecs, "homepage-ranker",
                "model", "features", retail::kRecs, "team:personalization");
        csv.add(tn.name, retail::kRecs, "homepage-ranker", "model", retail::kStorefront,
                "homepage-recommendations", "sync", "serves", retail::kStorefront,
                "team:storefront");
    }
    csv.write(dir, summary);
}

} // namespace casebook::gen
