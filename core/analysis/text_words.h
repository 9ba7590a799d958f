#pragma once
// Small text helpers the analyses share.

#include <algorithm>
#include <cctype>
#include <string>

namespace casebook {

// ASCII lower case (metric, attribute and template words are compared this way).
inline std::string toLower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace casebook
