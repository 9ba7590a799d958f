#include "ui/metrics/change_marker_style.h"

#include "ui/util/text.h"

#include <QObject>

namespace casebook::ui {

QColor changeKindColor(std::string_view kind) {
    if (kind == "deploy")
        return {0x1e, 0x88, 0xe5};
    if (kind == "sdk_release")
        return {0x8e, 0x44, 0xad};
    if (kind == "schema_change")
        return {0x00, 0x89, 0x7b};
    if (kind == "config_change" || kind == "feature_flag")
        return {0xef, 0x6c, 0x00};
    if (kind == "vendor_incident")
        return {0xd3, 0x2f, 0x2f};
    if (kind == "incident")
        return {0xb7, 0x1c, 0x1c};
    if (kind == "maintenance")
        return {0x75, 0x75, 0x75};
    return {0x90, 0x90, 0x90};
}

QString changeKindLabel(std::string_view kind) {
    if (kind == "deploy")
        return QObject::tr("Deploy");
    if (kind == "sdk_release")
        return QObject::tr("SDK release");
    if (kind == "schema_change")
        return QObject::tr("Schema change");
    if (kind == "config_change")
        return QObject::tr("Config change");
    if (kind == "feature_flag")
        return QObject::tr("Feature flag");
    if (kind == "vendor_incident")
        return QObject::tr("Vendor incident");
    if (kind == "incident")
        return QObject::tr("Incident");
    if (kind == "maintenance")
        return QObject::tr("Maintenance");
    return toQString(kind);
}

bool isWindowKind(std::string_view kind) {
    return kind == "maintenance" || kind == "incident" || kind == "vendor_incident";
}

} // namespace casebook::ui
