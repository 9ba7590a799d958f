#pragma once

#include "core/import/plugin_loader.h"

#include <vector>

namespace casebook {
class ImporterRegistry;

// Registers every importer plugin this build links.
void registerBuiltinImporters(ImporterRegistry& registry);

// What the programs use: the built-in importers, then the runtime plugins found in
// pluginFolders(). Returns what happened to each plugin, so refusals can be shown.
std::vector<PluginLoad> registerAllImporters(ImporterRegistry& registry);
} // namespace casebook
