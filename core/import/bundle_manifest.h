#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

struct ManifestFile {
    std::string path;
    std::string kind;
    std::string format;
    std::string mapping; // files[].mapping as JSON text, handed to the importer as it is
};

// manifest.json as specified in docs/bundle-format.md.
struct BundleManifest {
    std::string name;
    std::string defaultTenant = "default";
    std::vector<std::string> tenantKeys{"tenant.id", "tenant_id"};
    std::vector<ManifestFile> files;
    std::vector<std::string> errors; // problems found while reading it; never fatal
};

// Reads <bundle>/manifest.json when present. A missing manifest yields the defaults; a
// broken one yields the defaults plus an error that names the problem. The name defaults
// to `defaultName`, or to the folder's name when that is empty.
BundleManifest readManifest(const std::filesystem::path& bundleDir,
                            const std::string& defaultName = {});

} // namespace casebook
