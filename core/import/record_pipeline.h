#pragma once
// Parsing and writing overlap: an importer runs on a producer thread and hands copies
// of its records, in batches, through a small bounded queue to the thread that owns the
// SQLite connection. Memory is bounded by the queue depth times the batch size.

#include "core/import/importer.h"
#include "core/import/record_sink.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

namespace casebook {

// Owns the bytes that the records of one batch point into. Chunks never move, so the
// string_views handed out stay valid until reset().
class TextArena {
public:
    std::string_view copy(std::string_view text);
    void reset();
    std::size_t bytes() const { return bytes_; }

private:
    static constexpr std::size_t kChunk = 1 << 20;
    std::vector<std::unique_ptr<char[]>> chunks_;
    std::size_t used_ = kChunk; // forces a chunk on first use
    std::size_t bytes_ = 0;
};

struct RecordBatch {
    using Item = std::variant<SpanRecord, LogRecord, MetricPoint, ChangeRecord, Rejection,
                              SloRecord, LineageNodeRecord, LineageEdgeRecord, LineageRunRecord,
                              LineageColumnEdgeRecord, LineageFacetRecord>;
    std::vector<Item> items;
    TextArena arena;
    void clear() {
        items.clear();
        arena.reset();
    }
};

// Runs `importer` on a producer thread and replays everything it produced into `sink`
// on the calling thread, in order. Exceptions from the importer are rethrown here; an
// exception thrown by `sink` stops the producer before it propagates.
FileOutcome importWithPipeline(Importer& importer, const std::filesystem::path& file,
                               const ImportContext& context, RecordSink& sink,
                               const std::function<void(std::uint64_t bytesDone)>& onBytes);

} // namespace casebook
