#include "app/cli/cli_args.h"

#include <charconv>

namespace casebook::cli {

Args::Args(const std::vector<std::string>& argv, const OptionSpec& spec) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.rfind("--", 0) == 0) {
            std::string name = a.substr(2);
            std::optional<std::string> inlineValue;
            if (auto eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (spec.flags.count(name)) {
                if (inlineValue)
                    throw UsageError("--" + name + " takes no value");
                flags_.insert(name);
            } else if (spec.values.count(name)) {
                if (inlineValue) {
                    values_[name] = *inlineValue;
                } else {
                    if (i + 1 >= argv.size())
                        throw UsageError("--" + name + " needs a value");
                    values_[name] = argv[++i];
                }
            } else {
                throw UsageError("unknown option --" + name);
            }
        } else {
            positionals_.push_back(a);
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end())
        return std::nullopt;
    return it->second;
}

long long Args::integer(const std::string& name, long long fallback, long long min,
                        long long max) const {
    const auto v = value(name);
    if (!v)
        return fallback;
    long long out = 0;
    const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || ptr != v->data() + v->size() || out < min || out > max)
        throw UsageError("--" + name + " must be a whole number from " + std::to_string(min) +
                         " to " + std::to_string(max) + ", not \"" + *v + "\"");
    return out;
}

void Args::requirePositionals(std::size_t min, std::size_t max, const std::string& usage) const {
    if (positionals_.size() < min || positionals_.size() > max)
        throw UsageError("usage: " + usage);
}

} // namespace casebook::cli
