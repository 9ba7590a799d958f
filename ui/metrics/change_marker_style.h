#pragma once
// How change events look on every time axis: a colour per kind, shared by the chart
// markers, the legend and the findings.

#include <QColor>
#include <QString>

#include <string_view>

namespace casebook::ui {

QColor changeKindColor(std::string_view kind);
// "Deploy", "SDK release", ... for legends and tooltips.
QString changeKindLabel(std::string_view kind);
// Kinds drawn as shaded windows when they have an end: maintenance and incidents.
bool isWindowKind(std::string_view kind);

} // namespace casebook::ui
