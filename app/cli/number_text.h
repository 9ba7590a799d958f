#pragma once
// Numbers as the CLI prints them: six significant digits, "-" (or JSON null) for what is
// not a number.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace casebook::cli {

inline std::string number(double v) {
    if (!std::isfinite(v))
        return "-";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

inline nlohmann::json jsonNumber(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

} // namespace casebook::cli
