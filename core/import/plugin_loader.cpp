#include "core/import/plugin_loader.h"

#include "core/import/importer_registry.h"
#include "core/import/plugin_api.h"

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>
#include <memory>
#include <sstream>

namespace casebook {

std::vector<std::filesystem::path> pluginFolders() {
    std::vector<std::filesystem::path> folders;
    if (const char* list = std::getenv("CASEBOOK_PLUGIN_PATH")) {
        std::stringstream in(list);
        std::string item;
        while (std::getline(in, item, ':'))
            if (!item.empty())
                folders.emplace_back(item);
        return folders;
    }
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
        folders.push_back(std::filesystem::path(data) / "casebook" / "plugins");
    else if (const char* home = std::getenv("HOME"); home && *home)
        folders.push_back(std::filesystem::path(home) / ".local" / "share" / "casebook" /
                          "plugins");
    return folders;
}

namespace {

PluginLoad loadOne(ImporterRegistry& registry, const std::filesystem::path& path) {
    PluginLoad result;
    result.path = path;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* error = dlerror();
        result.message = std::string("cannot load: ") + (error ? error : "unknown error");
        return result;
    }
    // Unloaded again on every refusal; kept loaded once its importers are registered.
    std::unique_ptr<void, int (*)(void*)> library(handle, &dlclose);
    auto entry =
        reinterpret_cast<CasebookPluginInfoFunction>(dlsym(handle, "casebook_plugin_info"));
    if (!entry) {
        result.message = "not a Casebook plugin: it exports no casebook_plugin_info()";
        return result;
    }
    const CasebookPluginInfo* info = entry();
    if (!info) {
        result.message = "casebook_plugin_info() returned nothing";
        return result;
    }
    if (info->abiVersion != CASEBOOK_PLUGIN_ABI_VERSION) {
        result.message = "built for plugin interface version " + std::to_string(info->abiVersion) +
                         ", this Casebook has version " +
                         std::to_string(CASEBOOK_PLUGIN_ABI_VERSION) +
                         "; rebuild the plugin against this Casebook";
        return result;
    }
    result.name = info->name ? info->name : path.stem().string();
    std::vector<std::unique_ptr<Importer>> importers;
    for (std::size_t i = 0; i < info->importerCount; ++i) {
        std::unique_ptr<Importer> importer(info->createImporter ? info->createImporter(i)
                                                                : nullptr);
        if (!importer) {
            result.message = "importer " + std::to_string(i) + " could not be created";
            return result;
        }
        if (registry.byFormat(importer->format())) {
            result.message =
                "format \"" + std::string(importer->format()) + "\" is already provided";
            return result;
        }
        importers.push_back(std::move(importer));
    }
    for (auto& importer : importers) {
        result.formats.emplace_back(importer->format());
        registry.add(std::move(importer));
    }
    library.release();
    result.loaded = true;
    return result;
}

} // namespace

std::vector<PluginLoad> loadPlugins(ImporterRegistry& registry,
                                    const std::vector<std::filesystem::path>& folders) {
    std::vector<PluginLoad> results;
    for (const auto& folder : folders) {
        std::error_code ec;
        if (!std::filesystem::is_directory(folder, ec))
            continue;
        std::vector<std::filesystem::path> libraries;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.is_regular_file() && entry.path().extension() == ".so")
                libraries.push_back(entry.path());
        std::sort(libraries.begin(), libraries.end());
        for (const auto& library : libraries)
            results.push_back(loadOne(registry, library));
    }
    return results;
}

} // namespace casebook
