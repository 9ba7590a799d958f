// The lineage of the lead-flow incident (docs/sample-incidents.md): per tenant, web forms
// -> ingestion job -> CDP datasets -> identity unification -> dbt models -> the lead scoring
// model -> CRM sync -> five nurture journeys, and four dashboards on the dbt models. The
// ingestion job's runs fail from the tenant's SDK wave on; the two journeys fed by
// utm_content campaigns stop running once their leads are rejected.

#include "core/generate/lead_flow_story.h"
#include "core/generate/lineage_files.h"

#include <filesystem>

namespace casebook::gen {
namespace {

using lead::kTenants;

constexpr std::string_view kProject = "lead_warehouse";
const std::string kWarehouse(kWarehouseNamespace);
const std::string kSubmissions = "web_form_submissions";

std::string table(std::string_view schemaAndName) {
    return "leads." + std::string(schemaAndName);
}

OrderedJson warehouseDataset(std::string_view schemaAndName) {
    return olDataset(kWarehouse, table(schemaAndName));
}

OrderedJson columnsFacet(const std::vector<std::pair<std::string, std::string>>& columns) {
    OrderedJson fields = OrderedJson::array();
    for (const auto& [name, type] : columns)
        fields.push_back({{"name", name}, {"type", type}});
    return {{"fields", fields}};
}

DbtProject leadProject() {
    DbtProject p;
    p.name = std::string(kProject);
    p.database = "leads";
    p.generatedAt = utc(2026, 11, 10, 6, 0);
    p.source("cdp", "leads_raw", "Web-form leads as the ingestion parser writes them",
             {{"warn_after", {{"count", 30}, {"period", "minute"}}},
              {"error_after", {{"count", 1}, {"period", "hour"}}}});
    p.source("cdp", "unified_profiles", "Profiles after identity unification");
    p.seed("campaigns");
    const std::string source = "source." + p.name + ".cdp.unified_profiles";
    const std::string model = "model." + p.name + ".";
    p.model("stg_leads", "view", {source}, "team:analytics",
            {{"lead_id", "varchar"}, {"company", "varchar"}, {"campaign_id", "varchar"}});
    p.model("dim_campaigns", "table", {"seed." + p.name + ".campaigns", model + "stg_leads"},
            "team:marketing-ops", {{"campaign_id", "varchar"}, {"journey", "varchar"}});
    p.model("lead_features", "table", {model + "stg_leads"}, "team:ml",
            {{"lead_id", "varchar"}, {"engagement_score", "float"}, {"campaign_id", "varchar"}});
    p.model("fct_lead_funnel", "incremental", {model + "stg_leads", model + "dim_campaigns"},
            "team:analytics", {{"day", "date"}, {"leads", "integer"}, {"sqls", "integer"}});
    p.test("not_null_stg_leads_lead_id", model + "stg_leads");
    p.test("unique_stg_leads_lead_id", model + "stg_leads");
    p.metric("sqls", model + "fct_lead_funnel");
    p.exposure("lead_scoring_model", "ml", {model + "lead_features"}, "ML platform",
               "ml@acme-saas.example", {{"service", "lead-scoring"}});
    p.exposure("lead_funnel", "dashboard", {model + "fct_lead_funnel"}, "Sales Ops",
               "salesops@acme-saas.example");
    p.exposure("campaign_attribution", "dashboard",
               {model + "fct_lead_funnel", model + "dim_campaigns"}, "Marketing Ops",
               "mops@acme-saas.example");
    p.exposure("sales_pipeline", "dashboard", {model + "fct_lead_funnel"}, "Sales Ops",
               "salesops@acme-saas.example");
    p.exposure("sql_trend", "dashboard", {"metric." + p.name + ".sqls"}, "RevOps",
               "revops@acme-saas.example");
    return p;
}

void addTenantRuns(const GenerateOptions& options, const lead::Tenant& tn, OpenLineageLog& log) {
    const std::string tenant(tn.name);
    const OlJob parse{std::string(lead::kIngestion), "parse_submissions", "", "team:ingestion",
                      "Parses web-form submissions into the CDP's raw leads"};
    const OlJob unify{std::string(lead::kIdentity), "unify_profiles", "", "team:identity",
                      "Merges new leads into customer profiles"};
    const OlJob sync{std::string(lead::kCrm), "lead-sync", "sync", "team:revops",
                     "Writes scored leads to the CRM and assigns owners"};
    const OrderedJson submissions = olDataset("kafka://events", kSubmissions);

    // The ingestion parser, every 15 minutes.
    // Without the incident the parser keeps every submission and nothing fails.
    const lead::Story story = lead::Story::of(options);
    bool first = true;
    for (std::int64_t t = lead::kTraceBegin; t < lead::kEnd; t += 15 * kMinute) {
        const double expected = tn.leadsPerHour * options.scale * lead::diurnal(t) / 4;
        const auto received = static_cast<std::int64_t>(std::llround(expected));
        const auto accepted = static_cast<std::int64_t>(
            std::llround(static_cast<double>(received) * (1 - story.rejectShare(tn, t))));
        const bool failed = story.parserRejectsUtmContent && t >= tn.sdkWave;
        OrderedJson input = submissions;
        input["inputFacets"]["dataQualityMetrics"] = {{"rowCount", received}};
        OrderedJson output = warehouseDataset("cdp.leads_raw");
        output["outputFacets"]["outputStatistics"] = {{"rowCount", accepted}};
        if (first) {
            input["facets"]["schema"] = columnsFacet({{"form_id", "string"},
                                                      {"email", "string"},
                                                      {"company", "string"},
                                                      {"utm_campaign", "string"},
                                                      {"utm_content", "string"}});
            output["facets"]["schema"] = columnsFacet({{"lead_id", "string"},
                                                       {"email", "string"},
                                                       {"company", "string"},
                                                       {"campaign_id", "string"}});
            output["facets"]["columnLineage"]["fields"] = {
                {"campaign_id",
                 {{"inputFields",
                   {{{"namespace", "kafka://events"},
                     {"name", kSubmissions},
                     {"field", "utm_campaign"},
                     {"transformations", {{{"type", "DIRECT"}, {"subtype", "IDENTITY"}}}}}}}}},
                {"email",
                 {{"inputFields",
                   {{{"namespace", "kafka://events"},
                     {"name", kSubmissions},
                     {"field", "email"},
                     {"transformations",
                      {{{"type", "DIRECT"},
                        {"subtype", "TRANSFORMATION"},
                        {"description", "lower(trim(email))"}}}}}}}}}};
            first = false;
        }
        log.addRun(parse, tenant, t, t + 40 * kSecond, failed, OrderedJson::array({input}),
                   OrderedJson::array({output}),
                   "unknown field 'utm_content' in web-form submission (PARSE_UNKNOWN_FIELD); "
                   "batch rejected");
    }
    // Identity unification, hourly at :10.
    for (std::int64_t t = lead::kTraceBegin + 10 * kMinute; t < lead::kEnd; t += kHour)
        log.addRun(unify, tenant, t, t + 3 * kMinute, false,
                   OrderedJson::array(
                       {warehouseDataset("cdp.leads_raw"), warehouseDataset("cdp.crm_contacts")}),
                   OrderedJson::array({warehouseDataset("cdp.unified_profiles")}));
    // dbt builds every two hours at :20, one run per model, as OpenLineage's dbt
    // integration reports them (the job is the model's dbt id, its parent the dbt run).
    struct ModelRun {
        const char* name;
        std::vector<std::string> inputs;
    };
    const std::vector<ModelRun> models = {
        {"stg_leads", {"cdp.unified_profiles"}},
        {"dim_campaigns", {"analytics.campaigns", "analytics.stg_leads"}},
        {"lead_features", {"analytics.stg_leads"}},
        {"fct_lead_funnel", {"analytics.stg_leads", "analytics.dim_campaigns"}},
    };
    for (std::int64_t t = lead::kTraceBegin + 20 * kMinute; t < lead::kEnd; t += 2 * kHour) {
        const OrderedJson parent = {
            {"run", {{"runId", log.newRunId()}}},
            {"job", {{"namespace", "dbt"}, {"name", "dbt-build-lead_warehouse"}}}};
        std::int64_t at = t;
        for (const auto& m : models) {
            OrderedJson inputs = OrderedJson::array();
            for (const auto& in : m.inputs)
                inputs.push_back(warehouseDataset(in));
            const OlJob job{"dbt", "model." + std::string(kProject) + "." + m.name, "",
                            "team:analytics", ""};
            log.addRun(job, tenant, at, at + 50 * kSecond, false, inputs,
                       OrderedJson::array({warehouseDataset(std::string("analytics.") + m.name)}),
                       {}, parent);
            at += kMinute;
        }
    }
    // The CRM sync, hourly at :30, except while the vendor's maintenance window is open.
    for (std::int64_t t = lead::kTraceBegin + 30 * kMinute; t < lead::kEnd; t += kHour) {
        if (t >= lead::kMaintenanceBegin && t < lead::kMaintenanceEnd)
            continue;
        log.addRun(sync, tenant, t, t + 4 * kMinute, false, OrderedJson::array(),
                   OrderedJson::array());
    }
    // Journeys enroll hourly at :40 while leads reach them; a journey fed by a utm_content
    // campaign gets none once browsers have the new SDK.
    for (const auto& campaign : tn.campaigns) {
        const OlJob journey{std::string(lead::kNurture), std::string(campaign.journey), "journey",
                            "team:lifecycle-marketing", ""};
        for (std::int64_t t = lead::kTraceBegin + 40 * kMinute; t < lead::kEnd; t += kHour) {
            if (story.parserRejectsUtmContent && campaign.utmContent &&
                t >= tn.sdkWave + lead::kSdkRamp)
                break;
            log.addRun(journey, tenant, t, t + 2 * kMinute, false, OrderedJson::array(),
                       OrderedJson::array());
        }
    }
}

} // namespace

void writeLeadFlowLineage(const GenerateOptions& options, const std::filesystem::path& dir,
                          GenerateSummary& summary) {
    OpenLineageLog log(options.seed);
    for (const auto& tn : kTenants)
        addTenantRuns(options, tn, log);
    log.write(dir, summary);

    std::vector<std::string_view> tenants;
    for (const auto& tn : kTenants)
        tenants.push_back(tn.name);
    writeDbtManifests(dir, leadProject().text(), tenants, summary);

    LineageEdgeCsv csv;
    const std::string model = "dbt://" + std::string(kProject);
    for (const auto& tn : kTenants) {
        csv.add(tn.name, "web-forms", "browser-sdk", "job", "kafka://events", kSubmissions,
                "dataset", "publishes", "", "team:web");
        csv.add(tn.name, model, "lead_scoring_model", "model", lead::kCrm, "lead-sync", "sync",
                "scores", lead::kCrm, "team:revops");
        csv.add(tn.name, lead::kCrm, "lead-sync", "sync", "crm://salesforce", "Lead", "dataset",
                "upserts", "", "team:revops");
        for (const auto& campaign : tn.campaigns)
            csv.add(tn.name, lead::kCrm, "lead-sync", "sync", lead::kNurture, campaign.journey,
                    "journey", "enrolls", lead::kNurture, "team:lifecycle-marketing");
    }
    csv.write(dir, summary);
}

} // namespace casebook::gen
