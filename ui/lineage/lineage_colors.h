#pragma once
// Colours of lineage boxes for the current palette: core's kind fills and status strokes
// (core/lineage/view_layout.h), muted on a dark theme so light text reads on them.

#include "core/lineage/node_status.h"

#include <QColor>
#include <QPalette>

#include <string_view>

namespace casebook::ui {

bool isDarkPalette(const QPalette& palette);
QColor kindColor(std::string_view kind, const QPalette& palette);
QColor statusColor(const NodeStatus& status, const QPalette& palette);

} // namespace casebook::ui
