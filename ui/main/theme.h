#pragma once
// Light and dark looks. Panes paint with palette roles, so a theme is one palette.

#include <QString>

#include <optional>

class QApplication;

namespace casebook::ui {

enum class Theme { Light, Dark };

// "light" / "dark"; nothing for any other word.
std::optional<Theme> themeFromName(const QString& name);
// Fusion style with the theme's palette, the same on every desktop.
void applyTheme(QApplication& app, Theme theme);

} // namespace casebook::ui
