#pragma once
// Service level objectives as docs/slo-format.md defines them: a name, an SLI (good/total
// counters, the share of a histogram's observations under a latency threshold, or the
// share of a gauge's samples within a bound), an objective, a period and a tenant filter.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// Which series an SLI reads: a metric name and labels the series must have.
struct SeriesSelector {
    std::string metric;
    std::map<std::string, std::string> labels;
};

enum class SliType {
    Ratio,     // good events / total events, from two counters
    Latency,   // observations of a histogram at or below a threshold / all observations
    Threshold, // samples of a gauge within a bound / all samples
};

struct SloDefinition {
    std::string name;
    std::string description;
    std::string service;              // the service the SLO is about (optional)
    std::vector<std::string> tenants; // empty: every tenant with series of the SLI metric
    double objective = 0.99;          // e.g. 0.99: 99% of events good
    std::int64_t periodNs = 30LL * 86'400'000'000'000LL;
    SliType type = SliType::Ratio;
    SeriesSelector good, total; // Ratio
    SeriesSelector series;      // Latency (a histogram) and Threshold (a gauge)
    double threshold = 0;       // Latency: in the histogram's unit; Threshold: the bound
    bool atMost = true;         // Threshold: good when value <= threshold (else >=)

    // The metric whose series decide the tenants of an SLO without a tenant filter.
    const std::string& sliMetric() const {
        return type == SliType::Ratio ? total.metric : series.metric;
    }
    double errorBudget() const { return 1.0 - objective; }
};

std::string_view sliTypeName(SliType type); // "ratio", "latency", "threshold"

// Reads one SLO object; the error names the field and why ("objective: must be between 0
// and 1 (exclusive), not 1.5"). Unknown fields are ignored.
struct SloParse {
    std::optional<SloDefinition> slo;
    std::string error;
};
SloParse parseSloDefinition(const nlohmann::json& object);
// The same from JSON text (a single object).
SloParse parseSloDefinitionText(std::string_view text);

// The normalised JSON object stored in the workspace (and read back by parseSlo...).
std::string sloDefinitionJson(const SloDefinition& slo);

// "99.5%", "99%".
std::string formatObjective(double objective);

} // namespace casebook
