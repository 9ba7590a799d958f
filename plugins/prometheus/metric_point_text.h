#pragma once
// What the three Prometheus importers share when they turn labels into a MetricPoint:
// the labels object, the service and the tenant taken from labels, and numbers in JSON.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// Finds the service and the tenant among a point's labels while its labels object is
// written. The service is the "job" label, else "service", else "service_name". The
// tenant is the first of the bundle's tenant keys found, then "tenant", "tenant_id".
class LabelIdentity {
public:
    explicit LabelIdentity(const std::vector<std::string>& tenantKeys);

    void begin();                                            // starts a labels object
    void add(std::string_view name, std::string_view value); // one label, in order
    const std::string& end();                                // closes it: {"a":"b",...}

    std::string_view service() const { return service_; }
    std::string_view tenant() const { return tenant_; }
    const std::string& json() const { return json_; }

private:
    void appendString(std::string_view text);

    std::vector<std::string> tenantKeys_;
    std::string json_;
    std::string_view service_, tenant_;
    std::size_t serviceRank_ = 0, tenantRank_ = 0;
    bool first_ = true;
};

// A double as JSON: integers without a fraction, NaN and infinities as the strings
// "NaN", "Infinity" and "-Infinity" (JSON has no such numbers), as for OTLP.
void appendJsonNumber(std::string& out, double value);
void appendJsonUnsigned(std::string& out, std::uint64_t value);

} // namespace casebook
