#pragma once
// Which runbooks fit a workspace: their symptom tags matched against the symptoms seen
// in it. The findings of the analysis capability name symptoms (volume-drop,
// freshness-breach, ...); until they arrive, callers pass the tags they know of.

#include "core/runbook/runbook.h"

#include <string>
#include <vector>

namespace casebook {

class CheckRegistry;

struct RunbookSuggestion {
    std::string name; // the bundled runbook's name
    std::string title;
    std::vector<std::string> matched; // its symptom tags that were seen, in its order
    int symptoms = 0;                 // tags it lists
};

// Bundled runbooks with at least one of `seen` among their symptom tags, the most
// matched first (then the larger share of their symptoms, then the name).
std::vector<RunbookSuggestion> suggestRunbooks(const std::vector<std::string>& seen,
                                               const CheckRegistry& registry);

} // namespace casebook
