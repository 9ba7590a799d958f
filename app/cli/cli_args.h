#pragma once
// Command-line parsing for casebook-cli: positionals plus --options, each command
// declaring which options it takes so that a typo is an error, not silently ignored.

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace casebook::cli {

// Bad arguments: exit code 2 with the message.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::set<std::string> flags;  // --json, --errors
    std::set<std::string> values; // --tenant T
};

class Args {
public:
    Args(const std::vector<std::string>& argv, const OptionSpec& spec);
    const std::vector<std::string>& positionals() const { return positionals_; }
    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    std::optional<std::string> value(const std::string& name) const;
    long long integer(const std::string& name, long long fallback, long long min,
                      long long max) const;
    void requirePositionals(std::size_t min, std::size_t max, const std::string& usage) const;

private:
    std::vector<std::string> positionals_;
    std::set<std::string> flags_;
    std::map<std::string, std::string> values_;
};

} // namespace casebook::cli
