#include "app/cli/text_table.h"

#include <algorithm>

namespace casebook::cli {
namespace {
// Display width in code points, so that UTF-8 text lines up.
std::size_t width(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
} // namespace

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> widths(headers_.size(), 0);
    for (std::size_t c = 0; c < headers_.size(); ++c)
        widths[c] = width(headers_[c]);
    for (const auto& row : rows_)
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], std::min<std::size_t>(width(row[c]), 80));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
            std::string cell = cells[c];
            if (width(cell) > 80)
                cell = cell.substr(0, 77) + "...";
            text += cell;
            if (c + 1 < cells.size())
                text += std::string(widths[c] - std::min(widths[c], width(cell)) + 2, ' ');
        }
        out << text << '\n';
    };
    line(headers_);
    for (const auto& row : rows_)
        line(row);
}

} // namespace casebook::cli
