#pragma once
// The incident's timeline: one chronological list of the changes in the bundle and of
// the case (evidence, notes, checks, decisions, conclusions, and the detection /
// mitigation / resolution marks), in a scope, filterable by kind, with the titles the
// author edited; with the SLO alerts and the findings of the telemetry when asked for
// (timeline_sources.h: they cost an analysis).
//
// Entries sort by the time they refer to: a change or a mark at its time, evidence at the
// start of what it shows, checks, decisions, notes and conclusions when they were recorded.

#include "core/store/scope.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class Workspace;

enum class TimelineKind {
    Change,
    Finding,
    SloAlert,
    Evidence,
    Note,
    Check,
    Decision,
    Conclusion,
    Mark
};
inline constexpr TimelineKind kTimelineKinds[] = {
    TimelineKind::Change,   TimelineKind::Finding,    TimelineKind::SloAlert,
    TimelineKind::Evidence, TimelineKind::Note,       TimelineKind::Check,
    TimelineKind::Decision, TimelineKind::Conclusion, TimelineKind::Mark};

// "change", "finding", "slo_alert", "evidence", "note", "check", "decision", "conclusion",
// "mark".
std::string_view timelineKindName(TimelineKind kind);
std::optional<TimelineKind> timelineKindFromName(std::string_view name);

struct TimelineEntry {
    std::string key; // "change:12", "check:3": what an edited title is stored under
    TimelineKind kind = TimelineKind::Change;
    std::int64_t timeNs = 0;
    std::optional<std::int64_t> endNs;
    std::optional<std::int64_t> recordedAtNs; // case entries: when they were recorded
    std::string title;                        // the author's title if edited, else the default
    std::string defaultTitle;
    std::string detail;  // a sentence or two
    std::string subkind; // the change's kind, evidence kind, check kind, mark kind...
    std::string outcome; // a check's pass/fail, a decision, a verdict
    std::string tenant;  // empty: recorded across all tenants
    std::string author;
    nlohmann::json data = nlohmann::json::object(); // the row for exports and links
};

struct TimelineQuery {
    std::set<TimelineKind> kinds; // empty: every kind
    // Findings and SLO alerts are computed from the telemetry (an analysis of every series
    // in scope): false leaves them out even when `kinds` names them.
    bool analyse = true;
    // Findings and SLO alerts computed earlier for this scope (see analysedEntries), used
    // instead of analysing again, e.g. when only the case changed.
    const std::vector<TimelineEntry>* analysed = nullptr;
};

std::vector<TimelineEntry> buildTimeline(Workspace& ws, const Scope& scope,
                                         const TimelineQuery& query = {});
// The entries of a timeline that came from the analysis (findings, SLO alerts), to pass as
// TimelineQuery::analysed later.
std::vector<TimelineEntry> analysedEntries(const std::vector<TimelineEntry>& timeline);

// The incident's title: the author's ("incident" entry), else the title of the incident
// change event in scope, else the workspace's file name.
std::string incidentTitle(Workspace& ws, const Scope& scope);

} // namespace casebook
