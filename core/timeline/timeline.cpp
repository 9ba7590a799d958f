#include "core/timeline/timeline.h"

#include "core/casefile/case_queries.h"
#include "core/query/change_queries.h"
#include "core/store/workspace.h"
#include "core/timeline/timeline_sources.h"
#include "core/util/time_text.h"

#include <algorithm>

namespace casebook {
namespace {

std::string firstLine(const std::string& text, std::size_t max = 90) {
    std::string line = text.substr(0, text.find('\n'));
    if (line.size() > max) {
        std::size_t cut = max;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
            --cut; // never split a UTF-8 character
        line = line.substr(0, cut) + "…";
    }
    return line;
}

bool isVerdict(const std::string& outcome) {
    return outcome == "confirmed" || outcome == "ruled-out" || outcome == "inconclusive";
}

void addChanges(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    for (const auto& c : listChanges(ws, scope.withWindow({}))) {
        TimelineEntry e;
        e.key = "change:" + std::to_string(c.id);
        e.kind = TimelineKind::Change;
        e.timeNs = c.timeNs;
        e.endNs = c.endNs;
        e.defaultTitle = c.title;
        e.subkind = c.kind;
        e.tenant = c.tenant;
        e.detail = c.kind + (c.service.empty() ? "" : " in " + c.service) +
                   (c.version.empty() ? "" : ", version " + c.version) +
                   (c.endNs ? ", until " + formatRfc3339(*c.endNs) : "");
        e.data = {{"id", c.id},       {"kind", c.kind},       {"service", c.service},
                  {"title", c.title}, {"version", c.version}, {"tenant", c.tenant}};
        out.push_back(std::move(e));
    }
}

void addEvidence(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    for (const auto& r : listCaseEvidence(ws, scope)) {
        TimelineEntry e;
        e.key = "evidence:" + std::to_string(raw(r.id));
        e.kind = TimelineKind::Evidence;
        e.timeNs = r.evidence.fromNs.value_or(r.atNs);
        e.endNs = r.evidence.toNs;
        e.recordedAtNs = r.atNs;
        e.defaultTitle = r.evidence.title;
        e.subkind = r.evidence.kind;
        e.tenant = r.tenant;
        e.author = r.author;
        e.detail = r.note.empty()
                       ? (r.check ? "recorded by a check at step " + r.stepId.value_or("") : "")
                       : r.note;
        e.data = {{"id", raw(r.id)},
                  {"kind", r.evidence.kind},
                  {"payload", r.evidence.payload},
                  {"note", r.note},
                  {"check_id", r.check ? nlohmann::json(raw(*r.check)) : nlohmann::json()},
                  {"from_ns", r.evidence.fromNs ? nlohmann::json(*r.evidence.fromNs) : nullptr},
                  {"to_ns", r.evidence.toNs ? nlohmann::json(*r.evidence.toNs) : nullptr}};
        out.push_back(std::move(e));
    }
}

void addNotes(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    for (const auto& n : listCaseNotes(ws, scope)) {
        TimelineEntry e;
        e.key = "note:" + std::to_string(raw(n.id));
        e.kind = TimelineKind::Note;
        e.timeNs = n.atNs;
        e.recordedAtNs = n.atNs;
        e.defaultTitle = firstLine(n.text);
        // The title shows the first line; the detail holds the rest, if there is more.
        e.detail = e.defaultTitle == n.text ? std::string() : n.text;
        e.tenant = n.tenant;
        e.author = n.author;
        e.data = {{"id", raw(n.id)},
                  {"text", n.text},
                  {"step", n.stepId ? nlohmann::json(*n.stepId) : nullptr},
                  {"evidence_id", n.evidence ? nlohmann::json(raw(*n.evidence)) : nullptr}};
        out.push_back(std::move(e));
    }
}

void addChecks(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    for (const auto& c : listCaseChecks(ws, scope)) {
        TimelineEntry e;
        e.key = "check:" + std::to_string(raw(c.id));
        e.kind = TimelineKind::Check;
        e.timeNs = c.atNs;
        e.recordedAtNs = c.atNs;
        e.defaultTitle = c.stepTitle;
        e.detail = c.summary;
        e.subkind = c.kind;
        e.outcome = c.outcome;
        e.tenant = c.tenant;
        e.data = {{"id", raw(c.id)},
                  {"kind", c.kind},
                  {"step", c.stepId},
                  {"query", c.query},
                  {"parameters", c.parameters},
                  {"pass_condition", c.passCondition},
                  {"values", c.values},
                  {"impact", c.impact},
                  {"run_id", c.run ? nlohmann::json(raw(*c.run)) : nullptr},
                  {"duration_ns", c.durationNs}};
        out.push_back(std::move(e));
    }
}

void addDecisions(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    for (const auto& d : listCaseDecisions(ws, scope)) {
        TimelineEntry e;
        e.key = "decision:" + std::to_string(raw(d.id));
        e.kind = TimelineKind::Decision;
        e.timeNs = d.atNs;
        e.recordedAtNs = d.atNs;
        e.defaultTitle = (d.approved ? "Approved: " : "Rejected: ") + d.action;
        e.detail = (d.approved ? "approved by " : "rejected by ") + d.person + ": " + d.reason;
        e.outcome = d.approved ? "approved" : "rejected";
        e.tenant = d.tenant;
        e.author = d.person;
        e.data = {{"id", raw(d.id)},
                  {"step", d.stepId},
                  {"action", d.action},
                  {"person", d.person},
                  {"reason", d.reason},
                  {"approved", d.approved},
                  {"run_id", d.run ? nlohmann::json(raw(*d.run)) : nullptr}};
        out.push_back(std::move(e));
    }
}

void addConclusions(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    for (const auto& s : listCaseSteps(ws, scope)) {
        if (!isVerdict(s.outcome))
            continue;
        TimelineEntry e;
        e.key = "conclusion:" + std::to_string(s.id);
        e.kind = TimelineKind::Conclusion;
        e.timeNs = s.atNs;
        e.recordedAtNs = s.atNs;
        e.defaultTitle = "Diagnosis (" + s.outcome + "): " + s.stepTitle;
        e.detail = s.summary;
        e.outcome = s.outcome;
        e.tenant = s.tenant;
        e.data = {{"run_id", raw(s.run)},
                  {"step", s.stepId},
                  {"verdict", s.outcome},
                  {"diagnosis", s.summary}};
        out.push_back(std::move(e));
    }
}

void addMarks(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out) {
    for (const auto& [kind, m] : currentMarks(ws, scope)) {
        TimelineEntry e;
        e.key = "mark:" + std::string(markKindName(kind));
        e.kind = TimelineKind::Mark;
        e.timeNs = *m.timeNs;
        e.recordedAtNs = m.atNs;
        e.defaultTitle = std::string(markKindLabel(kind));
        e.detail = m.note;
        e.subkind = std::string(markKindName(kind));
        e.tenant = m.tenant;
        e.author = m.author;
        e.data = {{"id", raw(m.id)}, {"mark", markKindName(kind)}, {"note", m.note}};
        out.push_back(std::move(e));
    }
}

using TimelineSource = void (*)(Workspace&, const Scope&, std::vector<TimelineEntry>&);

struct Source {
    TimelineKind kind;
    TimelineSource add;
};

bool isAnalysis(TimelineKind kind) {
    return kind == TimelineKind::Finding || kind == TimelineKind::SloAlert;
}

// One source per kind.
constexpr Source kSources[] = {
    {TimelineKind::Change, addChanges},     {TimelineKind::Finding, addFindings},
    {TimelineKind::SloAlert, addSloAlerts}, {TimelineKind::Evidence, addEvidence},
    {TimelineKind::Note, addNotes},         {TimelineKind::Check, addChecks},
    {TimelineKind::Decision, addDecisions}, {TimelineKind::Conclusion, addConclusions},
    {TimelineKind::Mark, addMarks}};

} // namespace

std::string_view timelineKindName(TimelineKind kind) {
    switch (kind) {
    case TimelineKind::Change:
        return "change";
    case TimelineKind::Finding:
        return "finding";
    case TimelineKind::SloAlert:
        return "slo_alert";
    case TimelineKind::Evidence:
        return "evidence";
    case TimelineKind::Note:
        return "note";
    case TimelineKind::Check:
        return "check";
    case TimelineKind::Decision:
        return "decision";
    case TimelineKind::Conclusion:
        return "conclusion";
    case TimelineKind::Mark:
        return "mark";
    }
    return "change";
}

std::optional<TimelineKind> timelineKindFromName(std::string_view name) {
    for (TimelineKind kind : kTimelineKinds)
        if (timelineKindName(kind) == name)
            return kind;
    return std::nullopt;
}

std::vector<TimelineEntry> buildTimeline(Workspace& ws, const Scope& scope,
                                         const TimelineQuery& query) {
    std::vector<TimelineEntry> entries;
    for (const auto& source : kSources) {
        if (!query.kinds.empty() && !query.kinds.count(source.kind))
            continue;
        if (!isAnalysis(source.kind))
            source.add(ws, scope, entries);
        else if (query.analysed) {
            for (const auto& e : *query.analysed)
                if (e.kind == source.kind)
                    entries.push_back(e);
        } else if (query.analyse)
            source.add(ws, scope, entries);
    }
    const auto titles = titleOverrides(ws, scope);
    for (auto& e : entries) {
        const auto it = titles.find(e.key);
        e.title = it != titles.end() ? it->second : e.defaultTitle;
    }
    // Stable: entries of one time keep the sources' order (a change before the evidence).
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.timeNs < b.timeNs; });
    return entries;
}

std::vector<TimelineEntry> analysedEntries(const std::vector<TimelineEntry>& timeline) {
    std::vector<TimelineEntry> out;
    for (const auto& e : timeline)
        if (isAnalysis(e.kind))
            out.push_back(e);
    return out;
}

std::string incidentTitle(Workspace& ws, const Scope& scope) {
    const auto titles = titleOverrides(ws, scope);
    if (const auto it = titles.find("incident"); it != titles.end())
        return it->second;
    for (const auto& c : listChanges(ws, scope.withWindow({})))
        if (c.kind == "incident")
            return c.title;
    return ws.path().stem().string();
}

} // namespace casebook
