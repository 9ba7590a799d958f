#pragma once
// Bar colors for services: a fixed qualitative palette picked by a hash of the service
// name, so a service keeps its color from trace to trace and run to run. Mid-bright
// colors that carry dark text and read on light and dark backgrounds alike.

#include <QColor>

#include <string_view>

namespace casebook::ui {

QColor serviceColor(std::string_view service);

} // namespace casebook::ui
