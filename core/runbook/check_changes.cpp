// changes: the change events (deploys, releases, schema and config changes, vendor
// incidents...) of some kinds and services in the window.
#include "core/casefile/evidence_snapshot.h"
#include "core/query/change_queries.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"
#include "core/util/plain_text.h"
#include "core/util/time_text.h"

#include <algorithm>
#include <cctype>

namespace casebook {
namespace {

std::vector<std::string> listOf(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty())
            out.push_back(asciiLower(item));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

CheckResult runChanges(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope scope = windowedScope(given, p);
    const auto kinds = listOf(p.value("change kinds"));
    const auto services = listOf(p.value("service"));
    const std::string title = asciiLower(p.value("title"));
    std::vector<ChangeRow> matched;
    for (auto& c : listChanges(ws, scope)) {
        if (!kinds.empty() &&
            std::find(kinds.begin(), kinds.end(), asciiLower(c.kind)) == kinds.end())
            continue;
        if (!services.empty() &&
            std::find(services.begin(), services.end(), asciiLower(c.service)) == services.end())
            continue;
        if (!title.empty() && asciiLower(c.title).find(title) == std::string::npos)
            continue;
        matched.push_back(std::move(c));
    }
    CheckResult result;
    for (const auto& c : matched)
        ++result.byTenant[c.tenant];
    const auto count = static_cast<std::int64_t>(matched.size());
    result.values["count"] = static_cast<double>(count);
    result.query = (kinds.empty() ? "any change" : "kind in [" + p.value("change kinds") + "]") +
                   (services.empty() ? "" : " and service in [" + p.value("service") + "]") +
                   (title.empty() ? "" : " and title ~ " + inQuotes(p.value("title")));
    result.summary = groupedCount(count) + (count == 1 ? " change" : " changes") +
                     (kinds.empty() ? "" : " of kind " + p.value("change kinds")) +
                     (services.empty() ? "" : " in " + p.value("service"));
    if (count) {
        const auto& latest = matched.back();
        result.summary += "; the latest: " + formatRfc3339(latest.timeNs) + " " + latest.title;
    }
    if (!count)
        return result;
    Evidence e;
    e.kind = evidence_kind::kChanges;
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < matched.size() && i < static_cast<std::size_t>(p.evidenceLimit());
         ++i)
        rows.push_back(changeJson(matched[i]));
    e.payload = {{"changes", rows}};
    setRangeFromRows(e, e.payload["changes"], "time_ns", "end_ns");
    e.title = groupedCount(count) + (count == 1 ? " change: " : " changes, the latest: ") +
              matched.back().title;
    result.evidence.push_back(std::move(e));
    return result;
}

} // namespace

CheckKind changesCheckKind() {
    CheckKind kind;
    kind.name = "changes";
    kind.description = "Change events (deploys, releases, schema and config changes, flags, "
                       "vendor incidents...) of some kinds and services in the window.";
    kind.parameters = {
        {"change kinds", false, "comma-separated: deploy, sdk_release, schema_change, ..."},
        {"service", false, "services, comma-separated"},
        {"title", false, "words the title contains (any case)"},
        kFromParameter,
        kToParameter};
    kind.values = {"count"};
    kind.primaryValue = "count";
    kind.evidenceKinds = {std::string(evidence_kind::kChanges)};
    kind.run = runChanges;
    kind.validate = validateWindow;
    return kind;
}

} // namespace casebook
