#pragma once
// A small lead pipeline written as the three lineage formats would bring it, so that every
// number of the analysis tests can be checked by hand:
//
//   acme:  raw --> [ingest] --> leads --> [score] --> scores --> crm-sync --> j1..j5
//                                                         \--> lead-funnel (dashboard)
//          partner-sync --> j6                  (a second sync and a sixth journey)
//   globex: raw --> [ingest] --> leads          (same names, another tenant)
//
// ingest runs every 15 minutes from 10:00 and FAILs at 10:45 (2026-11-20, UTC); score runs
// at 10:05, 10:20, ... 11:20. leads' outputStatistics: 1000, 1000, 1200 rows. Column
// lineage: raw.utm -> leads.campaign -> scores.score. The OpenLineage edges are first seen
// at 10:00 (ingest) and 10:05 (score); the CSV edges are known for all time.

#include "lineage_fixture.h"

#include <nlohmann/json.hpp>

namespace casebook::test {

inline std::int64_t leadTime(int hour, int minute) {
    // 2026-11-20T00:00:00Z is 1795132800.
    return (1795132800LL + hour * 3600LL + minute * 60LL) * 1000000000LL;
}

inline std::string leadTimeText(int hour, int minute) {
    char text[32];
    std::snprintf(text, sizeof text, "2026-11-20T%02d:%02d:00Z", hour, minute);
    return text;
}

inline nlohmann::json olDataset(const char* ns, const char* name) {
    return {{"namespace", ns}, {"name", name}};
}

inline std::string olEvent(const std::string& type, int hour, int minute, const std::string& runId,
                           const char* jobNs, const char* job, nlohmann::json inputs,
                           nlohmann::json outputs, const char* tenant = nullptr,
                           const char* error = nullptr) {
    nlohmann::json e = {{"eventType", type},
                        {"eventTime", leadTimeText(hour, minute)},
                        {"producer", "https://casebook.example/tests"},
                        {"run", {{"runId", runId}}},
                        {"job", {{"namespace", jobNs}, {"name", job}}},
                        {"inputs", inputs},
                        {"outputs", outputs}};
    if (tenant)
        e["job"]["facets"]["tags"]["tags"] = {{{"key", "tenant_id"}, {"value", tenant}}};
    if (error)
        e["run"]["facets"]["errorMessage"] = {{"message", error}, {"programmingLanguage", "go"}};
    return e.dump() + "\n";
}

inline std::string runId(int n) {
    char text[40];
    std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", n);
    return text;
}

// Writes the bundle folder: lineage.jsonl, edges.csv, changes.jsonl, manifest.json.
inline void writeLeadGraphBundle(const std::filesystem::path& dir) {
    using json = nlohmann::json;
    std::string events;
    int run = 0;
    for (int i = 0; i < 4; ++i) {
        const int minute = 15 * i;
        const bool fail = i == 3;
        json leads = olDataset("warehouse", "leads");
        if (!fail) {
            leads["outputFacets"]["outputStatistics"] = {{"rowCount", i == 2 ? 1200 : 1000},
                                                         {"size", 5000}};
            if (i == 0)
                leads["facets"]["columnLineage"]["fields"]["campaign"]["inputFields"] = {
                    {{"namespace", "kafka"},
                     {"name", "raw"},
                     {"field", "utm"},
                     {"transformations", {{{"type", "DIRECT"}, {"subtype", "IDENTITY"}}}}}};
        }
        ++run;
        events += olEvent("START", 10, minute, runId(run), "ingestion-api", "ingest",
                          {olDataset("kafka", "raw")}, {olDataset("warehouse", "leads")});
        events += olEvent(fail ? "FAIL" : "COMPLETE", 10, minute + 1, runId(run), "ingestion-api",
                          "ingest", {olDataset("kafka", "raw")},
                          fail ? json::array() : json::array({leads}), nullptr,
                          fail ? "unknown field 'utm_content'" : nullptr);
    }
    for (int i = 0; i < 6; ++i) {
        const int at = 5 + 15 * i; // 10:05 ... 11:20
        json scores = olDataset("warehouse", "scores");
        if (i == 0)
            scores["facets"]["columnLineage"]["fields"]["score"]["inputFields"] = {
                {{"namespace", "warehouse"}, {"name", "leads"}, {"field", "campaign"}}};
        ++run;
        events += olEvent("COMPLETE", 10 + at / 60, at % 60, runId(run), "scoring", "score",
                          {olDataset("warehouse", "leads")}, {scores});
    }
    events += olEvent("COMPLETE", 9, 0, runId(99), "ingestion-api", "ingest",
                      {olDataset("kafka", "raw")}, {olDataset("warehouse", "leads")}, "globex");
    writeFile(dir / "lineage.jsonl", events);

    std::string csv =
        "source_namespace,source,target_namespace,target,kind,source_kind,target_kind\n"
        "warehouse,scores,crm,crm-sync,feeds,dataset,sync\n"
        "warehouse,scores,bi,lead-funnel,shows,dataset,dashboard\n";
    for (int j = 1; j <= 5; ++j)
        csv += "crm,crm-sync,journeys,j" + std::to_string(j) + ",enrolls,sync,journey\n";
    csv += "crm,partner-sync,journeys,j6,enrolls,sync,journey\n";
    writeFile(dir / "edges.csv", csv);
    writeFile(
        dir / "changes.jsonl",
        R"({"time":"2026-11-20T09:00:00Z","kind":"deploy","service":"ingestion-api","title":"ingestion-api 3.15"})"
        "\n");
    writeFile(dir / "manifest.json", R"({"name":"lead graph","default_tenant":"acme"})");
}

} // namespace casebook::test
