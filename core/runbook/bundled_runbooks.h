#pragma once
// The runbooks Casebook ships (resources/runbooks/*.md), compiled into the engine so that
// casebook-cli and the GUI offer the same ones wherever they are installed, and opening
// a runbook by bundled name or by path.

#include "core/runbook/runbook_parser.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace casebook {

class CheckRegistry;

struct BundledRunbook {
    std::string_view name; // file name without .md
    std::string_view text;
};

// Sorted by name.
std::span<const BundledRunbook> bundledRunbooks();
std::optional<std::string_view> bundledRunbookText(std::string_view name);

// `nameOrPath` names a bundled runbook ("ingestion-schema-drift") or a Markdown file. The
// runbook's origin says which ("bundled:NAME" or the path). Throws std::runtime_error
// when neither exists or the file cannot be read; a malformed runbook comes back with
// its errors.
RunbookParse openRunbook(std::string_view nameOrPath, const CheckRegistry& registry);

} // namespace casebook
