#pragma once
// One paragraph about a finished import, for the investigator: what landed, what was
// rejected and where to look, or why nothing landed.

#include "core/import/import_report.h"
#include "core/import/plugin_loader.h"

#include <QCoreApplication>
#include <QString>

namespace casebook::ui {

struct ImportSummary {
    Q_DECLARE_TR_FUNCTIONS(ImportSummary)
public:
    enum class Tone { Success, Warning, Information, Error };
    Tone tone = Tone::Information;
    QString text;
    QString details; // the first rejected records, one a line
};

// `fallbackName` names the bundle when the report does not (it failed before reading it).
// Runtime plugins that were refused are told too (with why): their formats were missing
// from the import, so files in them may have gone unrecognised.
ImportSummary summarizeImport(const ImportReport& report, const QString& fallbackName,
                              const std::vector<PluginLoad>& refusedPlugins = {});

} // namespace casebook::ui
