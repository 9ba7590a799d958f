#pragma once

#include "core/import/import_report.h"
#include "core/store/workspace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace casebook {

struct BundleRecord {
    BundleId id{0};
    std::string name;
    std::string sourcePath;
    std::string contentHash;
    std::int64_t importedAtNs = 0;
    std::vector<FileReport> files;
    std::int64_t rejected = 0;
};

// The import reports kept in the workspace, newest bundle first. Rejection reasons are
// written by the importers (never record contents), so they are shown in every scope.
std::vector<BundleRecord> importHistory(Workspace& ws);

struct RejectedRow {
    std::string bundle;
    std::string path;
    std::string location;
    std::string reason;
};

std::vector<RejectedRow> rejectedRecords(Workspace& ws, std::int64_t limit,
                                         std::int64_t offset = 0);

} // namespace casebook
