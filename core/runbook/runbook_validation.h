#pragma once
// A parsed runbook against the check kinds a build knows.

#include "core/runbook/runbook.h"

#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class CheckRegistry;

// Every problem, with its line: unknown kinds and keys, missing required keys, invalid
// parameter values, pass conditions over values the kind does not return, evidence the
// kind cannot produce, an impact on a kind that counts nothing.
std::vector<RunbookError> validateRunbook(const Runbook& runbook, const CheckRegistry& registry);

// " (did you mean 'pass'?)" for a near miss among `known`, else empty.
std::string suggestionFor(std::string_view word, const std::vector<std::string>& known);

} // namespace casebook
