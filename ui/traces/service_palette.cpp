#include "ui/traces/service_palette.h"

#include <array>
#include <cstdint>

namespace casebook::ui {

QColor serviceColor(std::string_view service) {
    // Tableau-like hues, lightened a little so a dark critical-path line shows on them.
    static constexpr std::array<QRgb, 12> colors = {
        0x5b9bd5, 0xf4a259, 0x6cc08b, 0xe8817f, 0xa98fd1, 0xc49a6c,
        0xe99ac9, 0x9ea7ad, 0xcfcf5a, 0x5cc6d0, 0x8fb8e8, 0xf2c25c,
    };
    std::uint32_t hash = 2166136261u; // FNV-1a: stable across runs, unlike std::hash
    for (const char c : service) {
        hash ^= static_cast<std::uint8_t>(c);
        hash *= 16777619u;
    }
    return QColor(colors[hash % colors.size()]);
}

} // namespace casebook::ui
