#pragma once

#include "core/import/import_report.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>

namespace casebook {

class ImporterRegistry;
class Workspace;

enum class ImportPhase {
    Checking,  // fingerprinting the bundle to recognise a re-import
    Importing, // reading files and writing records
    Finishing  // trace summaries and commit
};

struct ImportProgress {
    ImportPhase phase = ImportPhase::Checking;
    std::size_t filesDone = 0;
    std::size_t filesTotal = 0;
    std::uint64_t bytesDone = 0;
    std::uint64_t bytesTotal = 0;
    std::uint64_t records = 0;
    std::string currentFile;
};

struct BundleImportOptions {
    std::stop_token stop;
    // Called on the importing thread, at most once per 0.1% of the bundle's bytes and
    // once per file, so a GUI can forward it without flooding its event loop.
    std::function<void(const ImportProgress&)> onProgress;
    std::size_t maxRejectedSamples = 20;
};

// Imports one bundle folder in one transaction: it lands whole or not at all. A bundle
// whose content was imported before is reported as AlreadyImported and adds nothing.
// Bad records are rejected and reported, never fatal; a cancel (stop token) or an
// error writing the workspace rolls everything back. Never throws for bad input; a
// workspace failure yields status Failed with the reason.
ImportReport importBundle(Workspace& workspace, const std::filesystem::path& bundle,
                          const ImporterRegistry& registry,
                          const BundleImportOptions& options = {});

} // namespace casebook
