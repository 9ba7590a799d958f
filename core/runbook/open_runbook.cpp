#include "core/runbook/bundled_runbooks.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace casebook {

std::optional<std::string_view> bundledRunbookText(std::string_view name) {
    for (const auto& r : bundledRunbooks())
        if (r.name == name)
            return r.text;
    return std::nullopt;
}

RunbookParse openRunbook(std::string_view nameOrPath, const CheckRegistry& registry) {
    const std::filesystem::path path{std::string(nameOrPath)};
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
        // Runbooks are small; a file this big is not one.
        if (std::filesystem::file_size(path, ec) > 4 * 1024 * 1024)
            throw std::runtime_error(path.string() + " is larger than 4 MB: not a runbook");
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw std::runtime_error("cannot read " + path.string());
        std::ostringstream text;
        text << in.rdbuf();
        RunbookParse parsed = loadRunbook(text.str(), registry, path.stem().string());
        if (parsed.runbook)
            parsed.runbook->origin = path.string();
        return parsed;
    }
    if (auto text = bundledRunbookText(nameOrPath)) {
        RunbookParse parsed = loadRunbook(*text, registry, std::string(nameOrPath));
        if (parsed.runbook)
            parsed.runbook->origin = "bundled:" + std::string(nameOrPath);
        return parsed;
    }
    std::string names;
    for (const auto& r : bundledRunbooks())
        names += (names.empty() ? "" : ", ") + std::string(r.name);
    throw std::runtime_error("no runbook file or bundled runbook named '" +
                             std::string(nameOrPath) + "' (bundled: " + names + ")");
}

} // namespace casebook
