#include "core/runbook/runbook_validation.h"

#include "core/runbook/check_registry.h"

#include <algorithm>

namespace casebook {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

} // namespace

std::vector<RunbookError> validateRunbook(const Runbook& runbook, const CheckRegistry& registry) {
    std::vector<RunbookError> errors;
    for (const auto& step : runbook.steps) {
        if (step.kind != StepKind::Check || !step.check)
            continue;
        const CheckSpec& spec = *step.check;
        const CheckKind* kind = registry.find(spec.kind);
        if (!kind) {
            errors.push_back({spec.kindLine, "unknown check kind '" + spec.kind + "'" +
                                                 suggestionFor(spec.kind, registry.names()) +
                                                 "; known: " + joined(registry.names())});
            continue;
        }
        std::vector<std::string> known;
        for (const auto& p : kind->parameters)
            known.push_back(p.name);
        for (const auto& entry : spec.parameters) {
            if (std::find(known.begin(), known.end(), entry.key) == known.end())
                errors.push_back({entry.line, "unknown key '" + entry.key + "' for a " +
                                                  kind->name + " check" +
                                                  suggestionFor(entry.key, known) +
                                                  "; its keys: " + joined(known) +
                                                  ", and kind, pass, evidence, impact, limit, on "
                                                  "pass, on fail, next"});
        }
        for (const auto& p : kind->parameters)
            if (p.required && !spec.parameter(p.name))
                errors.push_back({step.blockLine, "a " + kind->name + " check needs '" + p.name +
                                                      "' (" + p.description + ")"});
        const CheckParameters parameters(spec.parameters, spec.limit);
        if (kind->validate) {
            if (auto problem = kind->validate(parameters)) {
                const int line = problem->parameter.empty() ? step.blockLine
                                                            : parameters.lineOf(problem->parameter);
                errors.push_back({line ? line : step.blockLine, problem->message});
            }
        }
        if (spec.pass) {
            for (const auto& name : spec.pass->names())
                if (std::find(kind->values.begin(), kind->values.end(), name) == kind->values.end())
                    errors.push_back({spec.passLine, "a " + kind->name + " check has no value '" +
                                                         name + "'" +
                                                         suggestionFor(name, kind->values) +
                                                         "; its values: " + joined(kind->values)});
        }
        for (const auto& evidence : spec.evidence)
            if (evidence != "time_range" &&
                std::find(kind->evidenceKinds.begin(), kind->evidenceKinds.end(), evidence) ==
                    kind->evidenceKinds.end())
                errors.push_back({step.blockLine, "a " + kind->name + " check cannot record '" +
                                                      evidence + "' evidence; it records " +
                                                      joined(kind->evidenceKinds) +
                                                      " (and time_range)"});
        if (spec.impact != ImpactKind::None && kind->primaryValue.empty())
            errors.push_back({step.blockLine, "a " + kind->name +
                                                  " check counts no records, so "
                                                  "it cannot give an impact"});
    }
    std::stable_sort(errors.begin(), errors.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    return errors;
}

} // namespace casebook
