#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace casebook {

class ImporterRegistry;

struct PluginLoad {
    std::filesystem::path path;
    bool loaded = false;
    std::string name;                 // the plugin's own name, when it could be read
    std::vector<std::string> formats; // formats it added
    std::string message;              // why it was refused
};

// Where plugins are looked for: the folders in $CASEBOOK_PLUGIN_PATH (colon-separated)
// if set, else $XDG_DATA_HOME/casebook/plugins (default ~/.local/share/casebook/plugins).
std::vector<std::filesystem::path> pluginFolders();

// Loads every *.so in `folders` (missing folders are skipped) and adds its importers
// to `registry`. A plugin of another ABI version, without the entry point, or whose
// format is already registered is refused with a message and adds nothing. Loaded
// libraries stay loaded for the life of the process (their importers live in the
// registry).
std::vector<PluginLoad> loadPlugins(ImporterRegistry& registry,
                                    const std::vector<std::filesystem::path>& folders);

} // namespace casebook
