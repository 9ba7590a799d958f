#pragma once
// Small text helpers shared across the engine: ASCII lower case (names, keys and tags
// compared without regard to case) and escaping for XML and HTML text and attributes.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace casebook {

inline std::string asciiLower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// &, <, > and " as entities: safe in element text and in double-quoted attributes.
inline std::string xmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace casebook
