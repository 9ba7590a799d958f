#pragma once

#include "core/util/temporary_directory.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

namespace casebook {

// What an archive may expand to before it is refused. The defaults suit real incident
// exports (a few GB of JSON, compressing 5-30 times) and stop zip bombs early.
struct ArchiveLimits {
    std::uint64_t maxEntries = 10'000;                       // files, folders and everything else
    std::uint64_t maxTotalBytes = 4ull * 1024 * 1024 * 1024; // bytes actually extracted
    // Bytes extracted per byte of archive file, counted while extracting. Below
    // ratioAllowance extracted bytes the ratio is not applied, so that a tiny archive of
    // very repetitive lines is not taken for a bomb.
    double maxRatio = 200.0;
    std::uint64_t ratioAllowance = 1024 * 1024;
    // Where the private extraction folder (casebook-XXXXXX) is made; empty means
    // std::filesystem::temp_directory_path().
    std::filesystem::path extractionParent;
};

struct ExtractionProgress {
    std::uint64_t archiveBytesRead = 0; // of the archive file, not of its content
    std::uint64_t archiveBytes = 0;
    std::uint64_t entries = 0;
    std::string currentEntry;
};

struct ArchiveExtraction {
    enum class Status {
        NotAnArchive, // the content is neither an archive nor a compressed file
        Extracted,
        Refused,  // hostile, over a limit, broken or unreadable: `error` says why
        Cancelled // the stop token was triggered
    };
    Status status = Status::NotAnArchive;
    std::string error;                        // for Refused: the reason, naming the entry
    std::optional<TemporaryDirectory> folder; // owns the extracted files
    // The folder to import: the extraction folder, or the one folder in it when every
    // entry lies under a single top-level folder (an archive of a folder).
    std::filesystem::path bundleRoot;
    std::uint64_t entries = 0;
    std::uint64_t bytes = 0; // extracted
};

// Recognises `file` by its content (never its name) as a zip or tar archive, optionally
// compressed with gzip, bzip2, xz or zstd, or as one compressed file, and extracts it
// into a new private temporary folder. Entries are checked as they come: absolute
// paths, ".." components, names that are not UTF-8, links of any kind, devices, FIFOs,
// sockets and duplicate names are refused, and so is an archive that goes over `limits`
// (sizes are the bytes actually written, never what headers claim). On anything but
// Extracted the temporary folder is already gone; on Extracted it goes when the result
// is destroyed. Never throws for bad input. `onProgress` is called for every entry and
// every chunk (64 KiB) extracted.
ArchiveExtraction
extractArchive(const std::filesystem::path& file, const ArchiveLimits& limits,
               std::stop_token stop = {},
               const std::function<void(const ExtractionProgress&)>& onProgress = {});

// The bundle name an archive's file name stands for: the name without its archive and
// compression extensions ("incident-42.tar.gz" -> "incident-42").
std::string archiveBundleName(const std::filesystem::path& file);

} // namespace casebook
