#pragma once

#include "core/model/ids.h"
#include "core/store/sqlite.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace casebook {

// Keeps the per-(trace, tenant) summary rows of the `traces` table up to date while
// spans are written, so an import never has to read its spans back. Aggregates live
// in memory and are flushed when there are too many (memory stays bounded) and at the
// end. A trace that already has a row (it continues an earlier bundle, or spilled over
// a flush) is recomputed exactly from its spans through the trace-id index.
class TraceSummaryBuilder {
public:
    TraceSummaryBuilder(Database& db, std::int64_t bundle, std::size_t maxPending = 200000);

    void add(const TraceId& trace, std::int64_t tenant, std::int64_t service, std::int64_t startNs,
             std::int64_t endNs, bool error, bool isRoot, std::string_view name);
    void flush();

private:
    struct Key {
        TraceId trace;
        std::int64_t tenant;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const;
    };
    struct Pending {
        std::int64_t startNs, endNs, spans = 0, errors = 0;
        std::vector<std::int64_t> services; // distinct; traces touch few services
        std::int64_t rootService = 0;
        std::int64_t rootStartNs = 0;
        std::string rootName;
        bool hasRoot = false;
        std::int64_t firstService = 0; // fallback root when no span lacks a parent
        std::string firstName;
        std::int64_t firstStartNs = 0;
    };

    void recompute(const Key& key);

    Database& db_;
    std::int64_t bundle_;
    std::size_t maxPending_;
    std::unordered_map<Key, Pending, KeyHash> pending_;
    Statement insert_, remove_, rebuild_, rebuildRoot_;
};

} // namespace casebook
