#include "core/lineage/lineage_mapping.h"

#include <nlohmann/json.hpp>

namespace casebook {

bool isLineageKind(std::string_view word) {
    for (auto kind : kLineageKinds)
        if (kind == word)
            return true;
    return false;
}

namespace {

std::string_view lookup(const std::map<std::string, std::string, std::less<>>& table,
                        std::string_view ns, std::string_view name) {
    if (table.empty())
        return {};
    std::string key(ns);
    key.push_back('/');
    key.append(name);
    if (auto it = table.find(key); it != table.end())
        return it->second;
    if (auto it = table.find(name); it != table.end())
        return it->second;
    key.assign(ns);
    key.append("/*");
    if (auto it = table.find(key); it != table.end())
        return it->second;
    return {};
}

} // namespace

std::string_view LineageMapping::kindFor(std::string_view ns, std::string_view name) const {
    return lookup(kinds, ns, name);
}

std::string_view LineageMapping::serviceFor(std::string_view ns, std::string_view name) const {
    return lookup(services, ns, name);
}

LineageMapping parseLineageMapping(std::string_view text, std::vector<std::string>& problems) {
    LineageMapping mapping;
    if (text.empty())
        return mapping;
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_object()) {
        problems.push_back("mapping is not a JSON object; ignored");
        return mapping;
    }
    auto text_of = [&](const char* key, std::string& out) {
        if (!doc.contains(key))
            return;
        if (doc[key].is_string())
            out = doc[key].get<std::string>();
        else
            problems.push_back(std::string("mapping.") + key + " must be a string; ignored");
    };
    text_of("tenant", mapping.tenant);
    text_of("namespace", mapping.ns);
    text_of("job_namespace", mapping.jobNs);
    auto table = [&](const char* key, std::map<std::string, std::string, std::less<>>& out,
                     bool kinds) {
        if (!doc.contains(key))
            return;
        if (!doc[key].is_object()) {
            problems.push_back(std::string("mapping.") + key + " must be an object; ignored");
            return;
        }
        for (const auto& [node, value] : doc[key].items()) {
            if (!value.is_string() || value.get<std::string>().empty()) {
                problems.push_back(std::string("mapping.") + key + "[\"" + node +
                                   "\"] must be a non-empty string; ignored");
                continue;
            }
            const auto word = value.get<std::string>();
            if (kinds && !isLineageKind(word)) {
                problems.push_back("mapping.kinds[\"" + node + "\"]: \"" + word +
                                   "\" is not a node kind (dataset, job, dashboard, sync, "
                                   "journey, model, other); ignored");
                continue;
            }
            out[node] = word;
        }
    };
    table("kinds", mapping.kinds, true);
    table("services", mapping.services, false);
    return mapping;
}

} // namespace casebook
