#pragma once
// A runbook as Casebook reads it from Markdown (docs/runbook-format.md): a title, the
// symptoms it applies to, and steps (## headings) that may hold one fenced action block:
// a check, a gate or a conclusion. Line numbers are kept so that every error and every
// recorded step can point back at the file.

#include "core/runbook/pass_condition.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct RunbookError {
    int line = 0; // 1-based; 0 for the file as a whole
    std::string message;
};

// "line 12: unknown key 'pas' in a ```check block (did you mean 'pass'?)"
std::string formatRunbookError(const RunbookError& error);

// One `key: value` line of an action block (values may continue on indented lines).
struct BlockEntry {
    std::string key; // lower case, words separated by one space ("on pass")
    std::string value;
    int line = 0;
};

// A reference to another step, as written (`on pass: confirm-the-release`).
struct StepLink {
    std::string target; // a step id once the runbook has parsed
    int line = 0;
};

enum class StepKind { Manual, Check, Gate, Conclusion };
enum class Verdict { Confirmed, RuledOut, Inconclusive };
enum class ImpactKind { None, Lost, Delayed };

std::string_view stepKindName(StepKind kind);
// "confirmed", "ruled-out", "inconclusive".
std::string_view verdictName(Verdict verdict);
std::string_view impactKindName(ImpactKind impact); // "", "lost", "delayed"

struct CheckSpec {
    std::string kind;
    int kindLine = 0;
    std::vector<BlockEntry> parameters; // the kind's own keys, in file order
    std::optional<PassCondition> pass;  // none: the check informs, it does not decide
    int passLine = 0;
    std::vector<std::string> evidence; // evidence kinds to record; empty: the kind's default
    bool noEvidence = false;           // `evidence: none`
    ImpactKind impact = ImpactKind::None;
    int limit = 20; // rows of evidence to keep

    const BlockEntry* parameter(std::string_view key) const;
};

struct GateSpec {
    std::string action;    // what needs approval ("Roll back the web-forms SDK to 4.1.3")
    std::string approvers; // who may approve, as text ("incident commander")
};

struct ConclusionSpec {
    std::string diagnosis;
    Verdict verdict = Verdict::Inconclusive;
};

struct RunbookStep {
    std::string id; // the heading's anchor: "Check parse errors" -> "check-parse-errors"
    std::string title;
    int line = 0;      // of the heading
    int blockLine = 0; // of the action block's opening fence; 0 for a plain manual step
    std::string body;  // the step's Markdown without its action block
    StepKind kind = StepKind::Manual;
    std::optional<CheckSpec> check;
    std::optional<GateSpec> gate;
    std::optional<ConclusionSpec> conclusion;
    // Where to go next. Checks: on pass / on fail; gates: on approve / on reject; any
    // step: next. Missing: the following step in the file.
    std::optional<StepLink> onPass, onFail, next;
};

struct Symptom {
    std::string tag; // machine-readable, matched against findings: `volume-drop`
    std::string text;
    int line = 0;
};

struct Runbook {
    std::string name;   // file name without .md ("ingestion-schema-drift")
    std::string origin; // "bundled:NAME" or the path it was read from
    std::string text;   // the Markdown it was read from
    std::string title;
    std::string summary; // the text between the title and the first ## heading
    std::vector<Symptom> symptoms;
    std::vector<RunbookStep> steps;

    const RunbookStep* findStep(std::string_view id) const;
    // The step after `id` in the file, or none after the last one.
    const RunbookStep* stepAfter(std::string_view id) const;
};

// GitHub's heading anchors: lower case, punctuation dropped, spaces become hyphens.
std::string stepSlug(std::string_view heading);

} // namespace casebook
