#include "core/runbook/runbook_suggestions.h"

#include "core/runbook/bundled_runbooks.h"

#include <algorithm>

namespace casebook {

std::vector<RunbookSuggestion> suggestRunbooks(const std::vector<std::string>& seen,
                                               const CheckRegistry& registry) {
    std::vector<RunbookSuggestion> out;
    for (const auto& bundled : bundledRunbooks()) {
        const auto parsed = loadRunbook(bundled.text, registry, std::string(bundled.name));
        if (!parsed.ok())
            continue;
        RunbookSuggestion s;
        s.name = parsed.runbook->name;
        s.title = parsed.runbook->title;
        for (const auto& symptom : parsed.runbook->symptoms) {
            if (symptom.tag.empty())
                continue;
            ++s.symptoms;
            if (std::find(seen.begin(), seen.end(), symptom.tag) != seen.end())
                s.matched.push_back(symptom.tag);
        }
        if (!s.matched.empty())
            out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.matched.size() != b.matched.size())
            return a.matched.size() > b.matched.size();
        // a.matched / a.symptoms > b.matched / b.symptoms, without division
        const auto left = a.matched.size() * static_cast<std::size_t>(b.symptoms);
        const auto right = b.matched.size() * static_cast<std::size_t>(a.symptoms);
        if (left != right)
            return left > right;
        return a.name < b.name;
    });
    return out;
}

} // namespace casebook
