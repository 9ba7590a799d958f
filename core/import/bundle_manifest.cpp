#include "core/import/bundle_manifest.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace casebook {

BundleManifest readManifest(const std::filesystem::path& bundleDir,
                            const std::string& defaultName) {
    BundleManifest manifest;
    manifest.name = defaultName.empty() ? bundleDir.filename().string() : defaultName;
    const auto path = bundleDir / "manifest.json";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return manifest;
    std::ifstream in(path, std::ios::binary);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        manifest.errors.push_back(std::string("manifest.json is not valid JSON at byte ") +
                                  std::to_string(e.byte) + "; using defaults");
        return manifest;
    }
    if (!doc.is_object()) {
        manifest.errors.push_back("manifest.json is not a JSON object; using defaults");
        return manifest;
    }
    auto text = [&](const nlohmann::json& obj, const char* key, std::string& out,
                    const std::string& where) {
        if (!obj.contains(key))
            return;
        if (obj[key].is_string())
            out = obj[key].get<std::string>();
        else
            manifest.errors.push_back(where + key + " must be a string");
    };
    text(doc, "name", manifest.name, "manifest.json: ");
    text(doc, "default_tenant", manifest.defaultTenant, "manifest.json: ");
    if (manifest.defaultTenant.empty()) {
        manifest.errors.push_back("manifest.json: default_tenant is empty; using \"default\"");
        manifest.defaultTenant = "default";
    }
    if (doc.contains("tenant_attribute_keys")) {
        const auto& keys = doc["tenant_attribute_keys"];
        std::vector<std::string> parsed;
        if (keys.is_array()) {
            for (const auto& k : keys)
                if (k.is_string() && !k.get<std::string>().empty())
                    parsed.push_back(k.get<std::string>());
        }
        if (!keys.is_array() || parsed.size() != keys.size())
            manifest.errors.push_back(
                "manifest.json: tenant_attribute_keys must be an array of strings");
        if (!parsed.empty())
            manifest.tenantKeys = std::move(parsed);
    }
    if (doc.contains("files")) {
        if (!doc["files"].is_array()) {
            manifest.errors.push_back("manifest.json: files must be an array");
        } else {
            std::size_t index = 0;
            for (const auto& entry : doc["files"]) {
                const std::string where = "manifest.json: files[" + std::to_string(index++) + "].";
                ManifestFile file;
                if (!entry.is_object()) {
                    manifest.errors.push_back(where.substr(0, where.size() - 1) +
                                              " must be an object");
                    continue;
                }
                text(entry, "path", file.path, where);
                text(entry, "kind", file.kind, where);
                text(entry, "format", file.format, where);
                if (entry.contains("mapping"))
                    file.mapping = entry["mapping"].dump();
                const std::filesystem::path p(file.path);
                bool hostile = file.path.empty() || p.is_absolute();
                for (const auto& part : p)
                    hostile = hostile || part == "..";
                if (hostile) {
                    manifest.errors.push_back(where + "path \"" + file.path +
                                              "\" must be a relative path inside the bundle");
                    continue;
                }
                manifest.files.push_back(std::move(file));
            }
        }
    }
    return manifest;
}

} // namespace casebook
