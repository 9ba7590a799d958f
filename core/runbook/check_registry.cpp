#include "core/runbook/check_registry.h"

namespace casebook {

std::optional<std::string> CheckParameters::get(std::string_view key) const {
    for (const auto& e : entries_)
        if (e.key == key)
            return e.value;
    return std::nullopt;
}

std::string CheckParameters::value(std::string_view key, std::string_view fallback) const {
    auto v = get(key);
    return v ? *v : std::string(fallback);
}

int CheckParameters::lineOf(std::string_view key) const {
    for (const auto& e : entries_)
        if (e.key == key)
            return e.line;
    return 0;
}

void CheckRegistry::add(CheckKind kind) {
    auto name = kind.name;
    kinds_[name] = std::make_shared<const CheckKind>(std::move(kind));
}

const CheckKind* CheckRegistry::find(std::string_view name) const {
    const auto it = kinds_.find(name);
    return it == kinds_.end() ? nullptr : it->second.get();
}

std::vector<const CheckKind*> CheckRegistry::kinds() const {
    std::vector<const CheckKind*> out;
    for (const auto& [name, kind] : kinds_)
        out.push_back(kind.get());
    return out;
}

std::vector<std::string> CheckRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& [name, kind] : kinds_)
        out.push_back(name);
    return out;
}

const CheckRegistry& builtinCheckRegistry() {
    static const CheckRegistry registry = [] {
        CheckRegistry r;
        registerBuiltinChecks(r);
        return r;
    }();
    return registry;
}

} // namespace casebook
