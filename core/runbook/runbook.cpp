#include "core/runbook/runbook.h"

#include <cctype>

namespace casebook {

std::string formatRunbookError(const RunbookError& error) {
    return error.line > 0 ? "line " + std::to_string(error.line) + ": " + error.message
                          : error.message;
}

std::string_view stepKindName(StepKind kind) {
    switch (kind) {
    case StepKind::Manual:
        return "manual";
    case StepKind::Check:
        return "check";
    case StepKind::Gate:
        return "gate";
    case StepKind::Conclusion:
        return "conclusion";
    }
    return "manual";
}

std::string_view verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Confirmed:
        return "confirmed";
    case Verdict::RuledOut:
        return "ruled-out";
    case Verdict::Inconclusive:
        return "inconclusive";
    }
    return "inconclusive";
}

std::string_view impactKindName(ImpactKind impact) {
    switch (impact) {
    case ImpactKind::None:
        return "";
    case ImpactKind::Lost:
        return "lost";
    case ImpactKind::Delayed:
        return "delayed";
    }
    return "";
}

const BlockEntry* CheckSpec::parameter(std::string_view key) const {
    for (const auto& p : parameters)
        if (p.key == key)
            return &p;
    return nullptr;
}

const RunbookStep* Runbook::findStep(std::string_view id) const {
    for (const auto& step : steps)
        if (step.id == id)
            return &step;
    return nullptr;
}

const RunbookStep* Runbook::stepAfter(std::string_view id) const {
    for (std::size_t i = 0; i + 1 < steps.size(); ++i)
        if (steps[i].id == id)
            return &steps[i + 1];
    return nullptr;
}

std::string stepSlug(std::string_view heading) {
    std::string out;
    for (unsigned char c : heading) {
        if (c >= 0x80 || std::isalnum(c) || c == '_' || c == '-')
            out.push_back(static_cast<char>(c < 0x80 ? std::tolower(c) : c));
        else if (c == ' ' || c == '\t')
            out.push_back('-');
    }
    return out;
}

} // namespace casebook
