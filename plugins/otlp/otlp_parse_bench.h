#pragma once
// A small measurement for the project benchmark: which JSON parser reads OTLP JSON lines
// faster in this build. Not used on the import path.

#include <filesystem>

namespace casebook {

struct ParserThroughput {
    double simdjsonMBps = 0; // the import's simdjson On-Demand path, every line mapped to records
    double nlohmannSaxMBps =
        0; // nlohmann::json::sax_parse counting events: a lower bound on its cost
};

// Reads the file's lines into memory, then times each parser over all of them (repeated
// until each has run for a fraction of a second). MB is 10^6 bytes of line text.
ParserThroughput measureOtlpParsers(const std::filesystem::path& jsonLinesFile);

} // namespace casebook
