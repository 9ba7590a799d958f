#include "app/cli/lineage_args.h"

#include "core/store/workspace.h"
#include "core/util/time_text.h"

#include <stdexcept>

namespace casebook::cli {

std::optional<std::int64_t> lineageAtTime(Workspace& ws, const Scope& scope, const Args& args) {
    const auto text = args.value("at");
    if (!text)
        return std::nullopt;
    if (auto t = parseRfc3339(*text))
        return t;
    if (auto d = parseDuration(*text))
        return newestLineageTime(ws, scope).value_or(0) - *d;
    throw UsageError(
        "--at must be an RFC 3339 time (2026-11-20T21:00Z) or a duration (2h), not \"" + *text +
        "\"");
}

LineageNodeRow resolveLineageNodeOrFail(Workspace& ws, const Scope& scope,
                                        const std::string& text) {
    auto found = resolveLineageNode(ws, scope, text);
    if (found.node)
        return std::move(*found.node);
    std::string message = found.error;
    if (!found.candidates.empty()) {
        // Nodes of one name in several tenants (across all tenants) differ by tenant and
        // id: each candidate says both, and "#ID" picks one.
        message += "; did you mean";
        for (std::size_t i = 0; i < found.candidates.size() && i < 8; ++i) {
            const auto& c = found.candidates[i].info;
            message += std::string(i ? "," : "") + " " +
                       (c.role == LineageRole::Job ? "job:" : "dataset:") + c.qualifiedName() +
                       " (tenant " + c.tenant + ", #" + std::to_string(c.id) + ")";
        }
        message += "?";
    }
    throw std::runtime_error(message);
}

} // namespace casebook::cli
