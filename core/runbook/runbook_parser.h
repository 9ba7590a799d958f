#pragma once
// Reads a runbook from Markdown (docs/runbook-format.md). Every problem is reported with
// its line, and a runbook with errors is never run.

#include "core/runbook/runbook.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class CheckRegistry;

struct RunbookParse {
    std::optional<Runbook> runbook; // set when there are no errors
    std::vector<RunbookError> errors;
    std::vector<RunbookError> warnings; // e.g. a step no path reaches
    bool ok() const { return errors.empty(); }
};

// Structure only: headings, blocks, keys, links between steps, pass-condition syntax.
RunbookParse parseRunbook(std::string_view markdown, std::string name = {});

// Structure, then every check against the registry: the kind exists, its parameters are
// known and valid (a filter compiles, a level is a level...), the pass condition names
// values the kind returns, the evidence asked for is evidence the kind produces.
RunbookParse loadRunbook(std::string_view markdown, const CheckRegistry& registry,
                         std::string name = {});

} // namespace casebook
