#include "core/redact/redactor.h"
#include "core/util/plain_text.h"

#include "core/util/sha256.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace casebook {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isAlnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool isHex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
std::string digitsOf(std::string_view s) {
    std::string out;
    for (char c : s)
        if (isDigit(c))
            out.push_back(c);
    return out;
}

// A match found by one of the scanners: [begin, end) of the text and its category.
struct Match {
    std::size_t begin = 0, end = 0;
    const char* category = "";
    std::string normalized;
};

bool localPartChar(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool domainChar(char c) {
    return isAlnum(c) || c == '.' || c == '-';
}

std::optional<Match> emailAt(std::string_view t, std::size_t at) {
    std::size_t b = at;
    while (b > 0 && localPartChar(t[b - 1]))
        --b;
    while (b < at && (t[b] == '.' || t[b] == '-'))
        ++b;
    if (b == at)
        return std::nullopt;
    std::size_t e = at + 1;
    while (e < t.size() && domainChar(t[e]))
        ++e;
    while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-'))
        --e;
    const std::string_view domain = t.substr(at + 1, e - at - 1);
    const auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2)
        return std::nullopt;
    for (char c : domain.substr(dot + 1))
        if (!std::isalpha(static_cast<unsigned char>(c)))
            return std::nullopt;
    return Match{b, e, "email", asciiLower(t.substr(b, e - b))};
}

// Digit runs joined by single spaces or dashes: 13-19 digits passing Luhn.
std::optional<Match> cardAt(std::string_view t, std::size_t b) {
    if (b > 0 && (isAlnum(t[b - 1]) || t[b - 1] == '.' || t[b - 1] == '+'))
        return std::nullopt;
    std::size_t e = b;
    std::size_t digits = 0;
    std::size_t lastDigitEnd = b;
    while (e < t.size()) {
        if (isDigit(t[e])) {
            ++digits;
            ++e;
            lastDigitEnd = e;
        } else if ((t[e] == ' ' || t[e] == '-') && e + 1 < t.size() && isDigit(t[e + 1]) && e > b &&
                   isDigit(t[e - 1])) {
            ++e;
        } else {
            break;
        }
        if (digits > 19)
            return std::nullopt;
    }
    e = lastDigitEnd;
    if (e < t.size() && (isAlnum(t[e]) || (t[e] == '.' && e + 1 < t.size() && isDigit(t[e + 1]))))
        return std::nullopt;
    if (digits < 13)
        return std::nullopt;
    const std::string d = digitsOf(t.substr(b, e - b));
    if (!luhnValid(d))
        return std::nullopt;
    return Match{b, e, "card", d};
}

// "+44 20 7946 0958", "+1-202-555-0142", "+12025550142", "(202) 555-0142", "202-555-0142",
// "202.555.0142", "202 555 0142". Dates and times never start with '+' and do not have the
// 3-3-4 shape, so they stay.
std::optional<Match> phoneAt(std::string_view t, std::size_t b) {
    if (b > 0 && (isAlnum(t[b - 1]) || t[b - 1] == '+' || t[b - 1] == '.'))
        return std::nullopt;
    std::size_t e = b;
    const bool plus = t[e] == '+';
    if (plus)
        ++e;
    std::vector<std::size_t> groups;
    std::size_t run = 0;
    bool paren = false;
    while (e < t.size()) {
        const char c = t[e];
        if (isDigit(c)) {
            ++run;
            ++e;
            continue;
        }
        const bool separator = c == ' ' || c == '-' || c == '.';
        if (c == '(' && !paren && run == 0) {
            paren = true;
            ++e;
            continue;
        }
        if (c == ')' && paren && run > 0) {
            paren = false;
            groups.push_back(run);
            run = 0;
            ++e;
            if (e < t.size() && t[e] == ' ')
                ++e;
            continue;
        }
        if (separator && run > 0 && e + 1 < t.size() && (isDigit(t[e + 1]) || t[e + 1] == '(')) {
            groups.push_back(run);
            run = 0;
            ++e;
            continue;
        }
        break;
    }
    if (run > 0)
        groups.push_back(run);
    while (e > b && !isDigit(t[e - 1]))
        --e;
    if (e < t.size() && (isAlnum(t[e]) || t[e] == '@'))
        return std::nullopt;
    std::size_t digits = 0;
    for (auto g : groups)
        digits += g;
    bool phoneShaped = false;
    if (plus) {
        phoneShaped = digits >= 8 && digits <= 15 && (groups.size() == 1 || groups.front() <= 3);
    } else {
        phoneShaped = digits == 10 && groups.size() == 3 && groups[0] == 3 && groups[1] == 3 &&
                      groups[2] == 4;
    }
    if (!phoneShaped)
        return std::nullopt;
    return Match{b, e, "phone", digitsOf(t.substr(b, e - b))};
}

std::optional<Match> ipv4At(std::string_view t, std::size_t b) {
    if (b > 0 && (isAlnum(t[b - 1]) || t[b - 1] == '.'))
        return std::nullopt;
    std::size_t e = b;
    for (int part = 0; part < 4; ++part) {
        std::size_t start = e;
        int value = 0;
        while (e < t.size() && isDigit(t[e]) && e - start < 3)
            value = value * 10 + (t[e++] - '0');
        if (e == start || value > 255)
            return std::nullopt;
        if (part < 3) {
            if (e >= t.size() || t[e] != '.')
                return std::nullopt;
            ++e;
        }
    }
    if (e < t.size() && (isAlnum(t[e]) || (t[e] == '.' && e + 1 < t.size() && isDigit(t[e + 1]))))
        return std::nullopt;
    return Match{b, e, "ip", std::string(t.substr(b, e - b))};
}

std::optional<Match> ipv6At(std::string_view t, std::size_t b) {
    if (b > 0 && (isHex(t[b - 1]) || t[b - 1] == ':' || isAlnum(t[b - 1])))
        return std::nullopt;
    std::size_t e = b;
    while (e < t.size() && (isHex(t[e]) || t[e] == ':' || t[e] == '.'))
        ++e;
    while (e > b && (t[e - 1] == '.' || (t[e - 1] == ':' && !(e - b >= 2 && t[e - 2] == ':'))))
        --e;
    if (e < t.size() && isAlnum(t[e]))
        return std::nullopt;
    const std::string candidate(t.substr(b, e - b));
    if (std::count(candidate.begin(), candidate.end(), ':') < 2)
        return std::nullopt;
    int groups = 0;
    bool inGroup = false;
    for (char c : candidate) {
        if (isHex(c) && !inGroup) {
            ++groups;
            inGroup = true;
        } else if (c == ':') {
            inGroup = false;
        }
    }
    // "a::b" in C++ or Rust text is a path, not an address: real ones carry digits.
    if (groups < 2 || std::none_of(candidate.begin(), candidate.end(), isDigit))
        return std::nullopt;
    unsigned char buffer[16];
    if (inet_pton(AF_INET6, candidate.c_str(), buffer) != 1)
        return std::nullopt;
    return Match{b, e, "ip", asciiLower(candidate)};
}

} // namespace

bool luhnValid(std::string_view digits) {
    int sum = 0;
    bool doubled = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (!isDigit(*it))
            return false;
        int d = *it - '0';
        if (doubled) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        doubled = !doubled;
    }
    return !digits.empty() && sum % 10 == 0;
}

std::vector<std::string> defaultRedactedAttributes() {
    return {"email",          "user.email",   "user.name",     "user.id",
            "user.full_name", "enduser.id",   "customer.name", "customer.id",
            "name",           "first_name",   "last_name",     "full_name",
            "phone",          "phone_number", "user.phone",    "address",
            "street",         "postal_code",  "zip",           "client.address",
            "client.ip",      "ip",           "company",       "date_of_birth"};
}

Redactor::Redactor(RedactionOptions options) : key_(std::move(options.key)) {
    if (key_.empty()) {
        std::random_device random;
        for (int i = 0; i < 32; ++i)
            key_.push_back(static_cast<char>(random() & 0xFF));
    }
    for (const auto& a : options.attributes)
        attributes_.push_back(asciiLower(a));
}

bool Redactor::isRedactedAttribute(std::string_view key) const {
    const std::string k = asciiLower(key);
    return std::find(attributes_.begin(), attributes_.end(), k) != attributes_.end();
}

std::string Redactor::token(std::string_view category, std::string_view value) {
    ++counts_[std::string(category)];
    std::string message(category);
    message.push_back('\0');
    message.append(value);
    const auto mac = hmacSha256(key_, message);
    return "[" + std::string(category) + ":" + toHex(mac.data(), 5) + "]";
}

std::string Redactor::redactAttributesInText(std::string_view t) {
    if (attributes_.empty())
        return std::string(t);
    std::string out;
    std::size_t i = 0;
    while (i < t.size()) {
        // A token made a moment ago ("[email:3f9a0c21be]") is not a key and a value.
        if (t[i] == '[') {
            const auto close = t.find(']', i);
            const auto colon = t.find(':', i);
            if (close != std::string_view::npos && colon < close && close - colon == 11) {
                out.append(t.substr(i, close + 1 - i));
                i = close + 1;
                continue;
            }
        }
        bool replaced = false;
        if (std::isalpha(static_cast<unsigned char>(t[i])) && (i == 0 || !isAlnum(t[i - 1]))) {
            std::size_t k = i;
            while (k < t.size() && (isAlnum(t[k]) || t[k] == '.' || t[k] == '_' || t[k] == '-'))
                ++k;
            const std::string_view key = t.substr(i, k - i);
            std::size_t v = k;
            if (isRedactedAttribute(key) && v < t.size() && (t[v] == '=' || t[v] == ':')) {
                ++v;
                while (v < t.size() && t[v] == ' ')
                    ++v;
                std::size_t end = v;
                if (v < t.size() && (t[v] == '"' || t[v] == '\'')) {
                    const char quote = t[v];
                    end = t.find(quote, v + 1);
                    end = end == std::string_view::npos ? t.size() : end + 1;
                } else {
                    while (end < t.size() && !std::isspace(static_cast<unsigned char>(t[end])) &&
                           t[end] != ',' && t[end] != ';' && t[end] != '&' && t[end] != ')')
                        ++end;
                }
                if (end > v) {
                    out.append(t.substr(i, v - i));
                    std::string value(t.substr(v, end - v));
                    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\''))
                        value = value.substr(1, value.size() - 2);
                    out += token(asciiLower(key), value);
                    i = end;
                    replaced = true;
                }
            }
        }
        if (!replaced)
            out.push_back(t[i++]);
    }
    return out;
}

std::string Redactor::redactText(std::string_view t) {
    std::string out;
    out.reserve(t.size());
    std::size_t i = 0;
    while (i < t.size()) {
        std::optional<Match> m;
        const char c = t[i];
        if (c == '@') {
            // The local part was copied already; take it back.
            if (auto email = emailAt(t, i)) {
                const std::size_t copied = i - email->begin;
                if (copied <= out.size()) {
                    out.resize(out.size() - copied);
                    m = email;
                }
            }
        } else if (isDigit(c) || c == '+' || c == '(') {
            m = cardAt(t, i);
            if (!m)
                m = phoneAt(t, i);
            if (!m && isDigit(c))
                m = ipv4At(t, i);
        }
        if (!m && (isHex(c) || c == ':'))
            m = ipv6At(t, i);
        if (m && m->end > i) {
            out += token(m->category, m->normalized);
            i = m->end;
            continue;
        }
        out.push_back(c);
        ++i;
    }
    return redactAttributesInText(out);
}

void Redactor::redactJson(nlohmann::json& value) {
    if (value.is_string()) {
        value = redactText(value.get_ref<const std::string&>());
    } else if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (isRedactedAttribute(it.key()) && !it.value().is_null())
                it.value() = token(asciiLower(it.key()), it.value().is_string()
                                                             ? it.value().get<std::string>()
                                                             : it.value().dump());
            else
                redactJson(it.value());
        }
    } else if (value.is_array()) {
        for (auto& item : value)
            redactJson(item);
    }
}

} // namespace casebook
