#pragma once
// Replaces personal data in everything Casebook exports: e-mail addresses, phone
// numbers, IP addresses, card-like numbers (Luhn-valid) and the values of attributes
// named in a redaction list. Each is replaced by a stable hash, "[email:3f9a0c21be]":
// the same value gives the same hash within one Redactor (one export), so an analyst can
// still see that two lines are about the same person; a random key per export keeps the
// hashes of two exports apart and out of reach of a dictionary.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct RedactionOptions {
    // Attribute keys whose values are always replaced (compared without case), also in
    // text as `key=value` or `key: value`.
    std::vector<std::string> attributes;
    // The HMAC key; empty: 32 random bytes.
    std::string key;
};

// email, phone, user.email, user.name, user.id, enduser.id, customer.name, name,
// first_name, last_name, address, client.address, company, ...
std::vector<std::string> defaultRedactedAttributes();

class Redactor {
public:
    explicit Redactor(RedactionOptions options = {});

    std::string redactText(std::string_view text);
    // Every string inside, and the whole value of every listed attribute key.
    void redactJson(nlohmann::json& value);

    // "[email:3f9a0c21be]" for `value` of `category`.
    std::string token(std::string_view category, std::string_view value);
    // Replacements made so far, by category.
    const std::map<std::string, std::int64_t>& counts() const { return counts_; }
    const std::vector<std::string>& attributes() const { return attributes_; }
    bool isRedactedAttribute(std::string_view key) const;

private:
    std::string redactAttributesInText(std::string_view text);
    std::string key_;
    std::vector<std::string> attributes_; // lower case
    std::map<std::string, std::int64_t> counts_;
};

// Exposed for tests: the Luhn checksum of a string of digits.
bool luhnValid(std::string_view digits);

} // namespace casebook
