#pragma once
// The symptoms a workspace shows, read off its findings (core/analysis/findings.h), in the
// symptom tags the bundled runbooks list: a volume that fell, an error count, a latency or
// a freshness lag that rose, an audience or conversion that shrank, an SLO burning, new
// error messages, a schema change or client release just before the onset. Runbooks are
// then suggested by how many of their symptoms were seen (runbook_suggestions.h).

#include "core/runbook/runbook_suggestions.h"

#include <string>
#include <vector>

namespace casebook {

struct Finding;

// The tags, each once, in the order first seen (errors before warnings, as findings come).
// Info findings are left out: they are not symptoms of an incident.
std::vector<std::string> symptomsOfFindings(const std::vector<Finding>& findings);

// suggestRunbooks over the symptoms of the findings.
std::vector<RunbookSuggestion> suggestRunbooksForFindings(const std::vector<Finding>& findings,
                                                          const CheckRegistry& registry);

} // namespace casebook
