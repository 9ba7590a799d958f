#pragma once
// Check kinds by name. A kind is a function (workspace, scope, parameters) -> result with
// the values its pass condition compares, a summary and evidence; plus what it declares
// about itself, so a runbook can be checked before it runs. The engine knows no kind by
// name: more built-in kinds are added by registering them.

#include "core/casefile/evidence.h"
#include "core/runbook/runbook.h"
#include "core/store/scope.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class Workspace;

// The kind's own keys of a ```check block, with the lines they came from.
class CheckParameters {
public:
    CheckParameters() = default;
    explicit CheckParameters(std::vector<BlockEntry> entries, int evidenceLimit = 20)
        : entries_(std::move(entries)), evidenceLimit_(evidenceLimit) {}

    std::optional<std::string> get(std::string_view key) const;
    std::string value(std::string_view key, std::string_view fallback = {}) const;
    bool has(std::string_view key) const { return get(key).has_value(); }
    int lineOf(std::string_view key) const;
    const std::vector<BlockEntry>& entries() const { return entries_; }
    // Rows of evidence to keep.
    int evidenceLimit() const { return evidenceLimit_; }

private:
    std::vector<BlockEntry> entries_;
    int evidenceLimit_ = 20;
};

struct CheckResult {
    // What the pass condition compares ("count", "ratio", ...).
    std::map<std::string, double> values;
    // The count per tenant, when the check ran across tenants and the kind splits one.
    std::map<std::string, std::int64_t> byTenant;
    std::string summary; // one line: "123 log lines match 'unknown field'"
    std::string query;   // the filter, SQL or search that ran, as text
    std::vector<Evidence> evidence;
};

// A parameter problem found before running: which key, and what is wrong.
struct CheckParameterError {
    std::string parameter; // empty: the block as a whole
    std::string message;
};

struct CheckParameterSpec {
    std::string name;
    bool required = false;
    std::string description;
};

struct CheckKind {
    std::string name;
    std::string description;
    std::vector<CheckParameterSpec> parameters;
    std::vector<std::string> values;        // names the result carries
    std::string primaryValue;               // the value an `impact:` counts
    std::vector<std::string> evidenceKinds; // what it can record; the first is the default
    std::function<CheckResult(Workspace&, const Scope&, const CheckParameters&)> run;
    // Beyond required and known keys; may be empty.
    std::function<std::optional<CheckParameterError>(const CheckParameters&)> validate;
};

class CheckRegistry {
public:
    // Replaces a kind of the same name.
    void add(CheckKind kind);
    const CheckKind* find(std::string_view name) const;
    std::vector<const CheckKind*> kinds() const; // by name
    std::vector<std::string> names() const;

private:
    std::map<std::string, std::shared_ptr<const CheckKind>, std::less<>> kinds_;
};

// The built-in kinds: filter, sql, error_ratio, changes, log_count, share, duplicates,
// metric_change, slo_status, log_template_count, lineage_impact.
void registerBuiltinChecks(CheckRegistry& registry);
// A registry holding the built-in kinds, made once.
const CheckRegistry& builtinCheckRegistry();

} // namespace casebook
