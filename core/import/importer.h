#pragma once

#include "core/import/record_sink.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// What an importer knows about the bundle while it reads one file.
struct ImportContext {
    std::string displayPath; // path relative to the bundle root
    std::vector<std::string> tenantKeys{"tenant.id", "tenant_id"};
    // The manifest's files[].mapping for this file as JSON text, or empty: how an importer
    // whose keys are detected per file (JSON-lines logs) should read it instead.
    std::string mapping;
    std::stop_token stop;                                 // importers check it between records
    std::function<void(std::uint64_t bytesDone)> onBytes; // may be empty; called sparingly
};

struct FileOutcome {
    bool partial = false; // the file broke off; what came before it landed
    std::string error;    // why it is partial or unreadable, with its location
    std::string note;     // how the file was read (e.g. the log keys detected), for the report
};

// One importer per format. sniff() looks at the head of a file (up to 64 KiB) and
// says how sure it is (0 = not mine, 100 = certainly mine), so that files are
// recognised by content, not by name.
class Importer {
public:
    virtual ~Importer() = default;
    virtual std::string_view format() const = 0; // e.g. "otlp-json"
    virtual std::string_view description() const = 0;
    virtual int sniff(std::string_view head) const = 0;
    virtual FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                                   RecordSink& sink) = 0;
};

} // namespace casebook
