#include "ui/lineage/lineage_colors.h"

#include "core/lineage/view_layout.h"

#include <QString>

#include <algorithm>

namespace casebook::ui {

bool isDarkPalette(const QPalette& palette) {
    return palette.color(QPalette::Base).lightnessF() < 0.4;
}

QColor kindColor(std::string_view kind, const QPalette& palette) {
    const std::string hex = kindFill(kind);
    QColor c(QString::fromLatin1(hex.data(), static_cast<qsizetype>(hex.size())));
    if (!isDarkPalette(palette))
        return c;
    float h = 0, s = 0, l = 0;
    c.getHslF(&h, &s, &l);
    return QColor::fromHslF(h < 0 ? 0 : h, std::min(s, 0.38f), 0.25f);
}

QColor statusColor(const NodeStatus& status, const QPalette& palette) {
    QColor c(QString::fromStdString(statusStroke(status)));
    return isDarkPalette(palette) ? c.lighter(135) : c;
}

} // namespace casebook::ui
