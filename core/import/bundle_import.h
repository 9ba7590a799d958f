#pragma once

#include "core/import/archive_bundle.h"
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
    Checking,  // extracting an archive (bytes of the archive read), or else fingerprinting
               // the bundle folder to recognise a re-import
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
    // For a bundle that is an archive: what it may expand to, and where it is extracted.
    ArchiveLimits archiveLimits;
};

// Imports one bundle in one transaction: it lands whole or not at all. The bundle is a
// folder, or a file whose content is an archive (zip, tar, compressed tar, or one
// compressed file; see extractArchive), which is extracted into a private temporary
// folder, imported from there and removed. A hostile or broken archive is refused before
// anything is written (status Failed). A bundle whose content was imported before, as a
// folder or as an archive, is reported as AlreadyImported and adds nothing. Bad records
// are rejected and reported, never fatal; a cancel (stop token) or an error writing the
// workspace rolls everything back. Never throws for bad input; a workspace failure
// yields status Failed with the reason.
ImportReport importBundle(Workspace& workspace, const std::filesystem::path& bundle,
                          const ImporterRegistry& registry,
                          const BundleImportOptions& options = {});

} // namespace casebook
