#pragma once
// Reads a file of JSON documents in any of the three shapes event exports come in: one
// document, a JSON array of documents, or JSON lines (also plain concatenated documents).
// Each document is parsed and handed over with a location for the import report, one at
// a time, so memory stays bounded by the largest document, not by the file.

#include "core/import/importer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace casebook {

class JsonDocumentReader {
public:
    // `location` is "line 3" for JSON lines and a single document, "event 2 (line 14)"
    // for array elements and concatenated multi-line documents.
    using OnDocument =
        std::function<void(const nlohmann::json& document, const std::string& location)>;
    // A document that is not valid JSON (a bad JSON-lines line): rejected, reading goes on.
    using OnBroken = std::function<void(const std::string& location, const std::string& reason)>;

    // Documents larger than this are refused (the file is then read no further).
    static constexpr std::size_t kMaxDocumentBytes = std::size_t{256} << 20;

    // Returns partial with the reason when the file breaks off or its structure is broken
    // past recovery; the documents before that were handed over.
    static FileOutcome read(const std::filesystem::path& file, const ImportContext& context,
                            const OnDocument& onDocument, const OnBroken& onBroken);
};

// "invalid JSON at column 7: syntax error ..." without nlohmann's prefix.
std::string jsonParseErrorReason(const nlohmann::json::exception& error);

} // namespace casebook
