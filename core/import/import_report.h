#pragma once

#include "core/model/ids.h"

#include <cstdint>
#include <string>
#include <vector>

namespace casebook {

struct FileReport {
    std::string path;   // relative to the bundle root
    std::string kind;   // traces, logs, metrics, changes, lineage, mixed; empty: nothing landed
    std::string format; // importer format, or empty when unknown
    std::uint64_t bytes = 0;
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    bool partial = false;
    std::string error;  // unknown format, unreadable, or where the file broke off
    std::string note;   // how the importer read it (e.g. the log keys it detected)
    double seconds = 0; // time spent reading and writing this file (not kept in the workspace)
};

struct RejectedSample {
    std::string path;
    std::string location;
    std::string reason;
};

enum class ImportStatus { Imported, AlreadyImported, Cancelled, Failed };

struct ImportReport {
    ImportStatus status = ImportStatus::Failed;
    std::string bundleName;
    std::string sourcePath;
    std::string contentHash;
    BundleId bundleId{0};
    std::vector<FileReport> files;
    std::vector<RejectedSample> rejectedSamples; // the first few; all are in the workspace
    std::uint64_t spans = 0, logs = 0, metricPoints = 0, changes = 0, rejected = 0;
    std::uint64_t slos = 0;    // SLO definitions (one per definition, before tenants)
    std::uint64_t lineage = 0; // lineage records: nodes, edges, run events, column edges, facets
    std::uint64_t bytes = 0;
    double seconds = 0;
    std::string error; // for Failed: why the bundle did not land
};

const char* toString(ImportStatus status);

} // namespace casebook
