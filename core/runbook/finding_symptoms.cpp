#include "core/runbook/finding_symptoms.h"
#include "core/util/plain_text.h"

#include "core/analysis/findings.h"

#include <algorithm>
#include <cctype>

namespace casebook {
namespace {

bool has(const std::string& text, std::string_view word) {
    return text.find(word) != std::string::npos;
}

// A change counts as the likely cause when the findings rank it this high.
constexpr double kLikelyCause = 0.5;

class Tags {
public:
    void add(const char* tag) {
        if (std::find(tags_.begin(), tags_.end(), tag) == tags_.end())
            tags_.emplace_back(tag);
    }
    std::vector<std::string> take() { return std::move(tags_); }

private:
    std::vector<std::string> tags_;
};

// What one anomaly says, by the metric's name and the way it moved.
void anomalySymptoms(const Anomaly& a, Tags& tags) {
    const std::string name = asciiLower(a.series.name);
    const bool rose = a.direction > 0, fell = a.direction < 0;
    if (has(name, "freshness") || has(name, "lag")) {
        if (!rose)
            return;
        if (has(name, "feature")) {
            tags.add("stale-features");
        } else {
            tags.add("freshness-breach");
            tags.add("stale-data");
        }
        return;
    }
    if (has(name, "duration") || has(name, "latency")) {
        if (rose)
            tags.add("latency");
        return;
    }
    if (has(name, "duplicate")) {
        if (rose)
            tags.add(has(name, "email") ? "duplicate-sends" : "duplicate-leads");
        return;
    }
    if (has(name, "without_owner") || has(name, "no_owner")) {
        if (rose)
            tags.add("no-owner");
        return;
    }
    if (has(name, "parse_error") || has(name, "rejected")) {
        if (rose)
            tags.add("parse-errors");
        return;
    }
    if (has(name, "match_rate")) {
        if (fell)
            tags.add("match-rate-drop");
        return;
    }
    if (has(name, "audience")) {
        if (fell)
            tags.add("audience-drop");
        return;
    }
    if (has(name, "conversion")) {
        if (fell)
            tags.add("conversion-drop");
        return;
    }
    if (has(name, "crm") && (has(name, "error") || has(name, "fail") || has(name, "retr"))) {
        if (rose)
            tags.add("sync-failures");
        return;
    }
    if (name == "leads.sql" || has(name, "qualified")) {
        if (fell)
            tags.add("sql-drop");
        return;
    }
    // Any other count that fell where falling hurts: fewer records than the baseline.
    if (fell && a.harmful && a.view == SeriesView::Rate) {
        tags.add("volume-drop");
        tags.add("business-dip");
    }
}

void sloSymptoms(const SloAlertEvidence& alert, Tags& tags) {
    const std::string name = asciiLower(alert.name);
    if (has(name, "freshness"))
        tags.add(has(name, "feature") ? "stale-features" : "freshness-breach");
    else if (has(name, "latency"))
        tags.add("latency");
    else if (has(name, "success") || has(name, "submission"))
        tags.add("volume-drop");
}

void templateSymptoms(const TemplateCandidate& candidate, Tags& tags) {
    const std::string text = asciiLower(candidate.logTemplate.text);
    if (has(text, "rejected") || has(text, "unknown field") || has(text, "parse"))
        tags.add("parse-errors");
    if (has(text, "without owner"))
        tags.add("no-owner");
    if (has(text, "429") || has(text, "rate limit") || has(text, "too many requests"))
        tags.add("rate-limited");
}

void changeSymptoms(const ChangeCandidate& candidate, Tags& tags) {
    if (candidate.confidence < kLikelyCause)
        return;
    const std::string kind = asciiLower(candidate.change.kind);
    if (kind == "schema_change" || kind == "sdk_release")
        tags.add("schema-change");
    if (kind == "vendor_incident")
        tags.add("vendor-errors");
}

} // namespace

std::vector<std::string> symptomsOfFindings(const std::vector<Finding>& findings) {
    Tags tags;
    for (const auto& f : findings) {
        if (f.grade == FindingGrade::Info)
            continue;
        for (const auto& a : f.anomalies)
            anomalySymptoms(a, tags);
        for (const auto& s : f.sloAlerts)
            sloSymptoms(s, tags);
        for (const auto& t : f.logTemplates)
            templateSymptoms(t, tags);
        for (const auto& c : f.changes)
            changeSymptoms(c, tags);
    }
    return tags.take();
}

std::vector<RunbookSuggestion> suggestRunbooksForFindings(const std::vector<Finding>& findings,
                                                          const CheckRegistry& registry) {
    return suggestRunbooks(symptomsOfFindings(findings), registry);
}

} // namespace casebook
