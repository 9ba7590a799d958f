#include "core/import/record_pipeline.h"

#include <cstring>
#include <thread>

namespace casebook {

std::string_view TextArena::copy(std::string_view text) {
    if (text.empty())
        return {};
    bytes_ += text.size();
    if (text.size() > kChunk / 4) {
        // Large values get a chunk of their own, kept in front of the current one.
        auto own = std::make_unique<char[]>(text.size());
        std::memcpy(own.get(), text.data(), text.size());
        std::string_view view(own.get(), text.size());
        chunks_.insert(chunks_.end() - (chunks_.empty() ? 0 : 1), std::move(own));
        return view;
    }
    if (used_ + text.size() > kChunk) {
        chunks_.push_back(std::make_unique<char[]>(kChunk));
        used_ = 0;
    }
    char* at = chunks_.back().get() + used_;
    std::memcpy(at, text.data(), text.size());
    used_ += text.size();
    return {at, text.size()};
}

void TextArena::reset() {
    // Keep one chunk for the next batch; drop the rest.
    if (chunks_.size() > 1) {
        std::unique_ptr<char[]> last;
        for (auto& c : chunks_)
            if (c && !last)
                last = std::move(c);
        chunks_.clear();
        chunks_.push_back(std::move(last));
    }
    used_ = chunks_.empty() ? kChunk : 0;
    bytes_ = 0;
}

namespace {

constexpr std::size_t kBatchRecords = 2048;
constexpr std::size_t kBatchBytes = 4 << 20;
constexpr std::size_t kQueueDepth = 4;

struct ProducerStopped {};

// The hand-over point between the two threads.
class BatchQueue {
public:
    std::unique_ptr<RecordBatch> takeEmpty() {
        std::unique_lock lock(mutex_);
        if (!free_.empty()) {
            auto b = std::move(free_.back());
            free_.pop_back();
            return b;
        }
        return std::make_unique<RecordBatch>();
    }
    void push(std::unique_ptr<RecordBatch> batch) {
        std::unique_lock lock(mutex_);
        notFull_.wait(lock, [&] { return full_.size() < kQueueDepth || abandoned_; });
        if (abandoned_)
            throw ProducerStopped{};
        full_.push_back(std::move(batch));
        notEmpty_.notify_one();
    }
    // nullptr once the producer finished and everything was taken.
    std::unique_ptr<RecordBatch> pop() {
        std::unique_lock lock(mutex_);
        notEmpty_.wait(lock, [&] { return !full_.empty() || finished_; });
        if (full_.empty())
            return nullptr;
        auto b = std::move(full_.front());
        full_.pop_front();
        notFull_.notify_one();
        return b;
    }
    void recycle(std::unique_ptr<RecordBatch> batch) {
        batch->clear();
        std::unique_lock lock(mutex_);
        free_.push_back(std::move(batch));
    }
    void finish(FileOutcome outcome, std::exception_ptr error) {
        std::unique_lock lock(mutex_);
        outcome_ = std::move(outcome);
        error_ = error;
        finished_ = true;
        notEmpty_.notify_all();
    }
    void abandon() {
        std::unique_lock lock(mutex_);
        abandoned_ = true;
        notFull_.notify_all();
    }
    FileOutcome outcome() {
        std::unique_lock lock(mutex_);
        if (error_)
            std::rethrow_exception(error_);
        return outcome_;
    }

private:
    std::mutex mutex_;
    std::condition_variable notEmpty_, notFull_;
    std::deque<std::unique_ptr<RecordBatch>> full_;
    std::vector<std::unique_ptr<RecordBatch>> free_;
    bool finished_ = false, abandoned_ = false;
    FileOutcome outcome_;
    std::exception_ptr error_;
};

// The importer's sink on the producer thread: deep-copies records into batches.
class BatchingSink : public RecordSink {
public:
    explicit BatchingSink(BatchQueue& queue) : queue_(queue), batch_(queue.takeEmpty()) {}

    void addSpan(const SpanRecord& r) override {
        SpanRecord c = r;
        auto& a = batch_->arena;
        c.service = a.copy(r.service);
        c.name = a.copy(r.name);
        c.tenant = a.copy(r.tenant);
        c.statusMessage = a.copy(r.statusMessage);
        c.traceState = a.copy(r.traceState);
        c.scopeName = a.copy(r.scopeName);
        c.scopeVersion = a.copy(r.scopeVersion);
        c.attributesJson = a.copy(r.attributesJson);
        c.resourceJson = a.copy(r.resourceJson);
        c.correlationId = a.copy(r.correlationId);
        c.errorCode = a.copy(r.errorCode);
        for (auto& e : c.events) {
            e.name = a.copy(e.name);
            e.attributesJson = a.copy(e.attributesJson);
        }
        for (auto& l : c.links) {
            l.traceState = a.copy(l.traceState);
            l.attributesJson = a.copy(l.attributesJson);
        }
        append(std::move(c));
    }
    void addLog(const LogRecord& r) override {
        LogRecord c = r;
        auto& a = batch_->arena;
        c.severityText = a.copy(r.severityText);
        c.body = a.copy(r.body);
        c.service = a.copy(r.service);
        c.tenant = a.copy(r.tenant);
        c.eventName = a.copy(r.eventName);
        c.errorCode = a.copy(r.errorCode);
        c.scopeName = a.copy(r.scopeName);
        c.attributesJson = a.copy(r.attributesJson);
        c.resourceJson = a.copy(r.resourceJson);
        append(std::move(c));
    }
    void addMetricPoint(const MetricPoint& r) override {
        MetricPoint c = r;
        auto& a = batch_->arena;
        c.name = a.copy(r.name);
        c.unit = a.copy(r.unit);
        c.description = a.copy(r.description);
        c.service = a.copy(r.service);
        c.tenant = a.copy(r.tenant);
        c.labelsJson = a.copy(r.labelsJson);
        c.resourceJson = a.copy(r.resourceJson);
        c.bucketsJson = a.copy(r.bucketsJson);
        append(std::move(c));
    }
    void addChange(const ChangeRecord& r) override {
        ChangeRecord c = r;
        auto& a = batch_->arena;
        c.kind = a.copy(r.kind);
        c.service = a.copy(r.service);
        c.tenant = a.copy(r.tenant);
        c.title = a.copy(r.title);
        c.version = a.copy(r.version);
        c.attributesJson = a.copy(r.attributesJson);
        append(std::move(c));
    }
    void reject(const Rejection& r) override {
        auto& a = batch_->arena;
        append(Rejection{a.copy(r.location), a.copy(r.reason)});
    }
    void addSlo(const SloRecord& r) override {
        auto& a = batch_->arena;
        append(SloRecord{a.copy(r.name), a.copy(r.tenant), a.copy(r.sliMetric),
                         a.copy(r.definitionJson)});
    }
    void addLineageNode(const LineageNodeRecord& r) override {
        LineageNodeRecord c = r;
        auto& a = batch_->arena;
        c.key = copy(r.key);
        c.tenant = a.copy(r.tenant);
        c.kind = a.copy(r.kind);
        c.owner = a.copy(r.owner);
        c.description = a.copy(r.description);
        c.columnsJson = a.copy(r.columnsJson);
        c.service = a.copy(r.service);
        append(std::move(c));
    }
    void addLineageEdge(const LineageEdgeRecord& r) override {
        LineageEdgeRecord c = r;
        c.from = copy(r.from);
        c.to = copy(r.to);
        c.tenant = batch_->arena.copy(r.tenant);
        c.label = batch_->arena.copy(r.label);
        append(std::move(c));
    }
    void addLineageRun(const LineageRunRecord& r) override {
        LineageRunRecord c = r;
        auto& a = batch_->arena;
        c.job = copy(r.job);
        c.tenant = a.copy(r.tenant);
        c.runId = a.copy(r.runId);
        c.eventType = a.copy(r.eventType);
        c.errorMessage = a.copy(r.errorMessage);
        c.parentRunId = a.copy(r.parentRunId);
        c.parentJob = a.copy(r.parentJob);
        c.facetsJson = a.copy(r.facetsJson);
        append(std::move(c));
    }
    void addLineageColumnEdge(const LineageColumnEdgeRecord& r) override {
        LineageColumnEdgeRecord c = r;
        auto& a = batch_->arena;
        c.from = copy(r.from);
        c.to = copy(r.to);
        c.fromColumn = a.copy(r.fromColumn);
        c.toColumn = a.copy(r.toColumn);
        c.tenant = a.copy(r.tenant);
        c.transformation = a.copy(r.transformation);
        c.description = a.copy(r.description);
        append(std::move(c));
    }
    void addLineageFacet(const LineageFacetRecord& r) override {
        LineageFacetRecord c = r;
        auto& a = batch_->arena;
        c.node = copy(r.node);
        c.tenant = a.copy(r.tenant);
        c.name = a.copy(r.name);
        c.json = a.copy(r.json);
        c.runId = a.copy(r.runId);
        append(std::move(c));
    }
    void flush() {
        if (!batch_->items.empty()) {
            queue_.push(std::move(batch_));
            batch_ = queue_.takeEmpty();
        }
    }

private:
    LineageNodeKey copy(const LineageNodeKey& key) {
        return {key.role, batch_->arena.copy(key.ns), batch_->arena.copy(key.name)};
    }
    template <typename T> void append(T&& record) {
        batch_->items.emplace_back(std::forward<T>(record));
        if (batch_->items.size() >= kBatchRecords || batch_->arena.bytes() >= kBatchBytes)
            flush();
    }
    BatchQueue& queue_;
    std::unique_ptr<RecordBatch> batch_;
};

} // namespace

FileOutcome importWithPipeline(Importer& importer, const std::filesystem::path& file,
                               const ImportContext& context, RecordSink& sink,
                               const std::function<void(std::uint64_t)>& onBytes) {
    BatchQueue queue;
    std::atomic<std::uint64_t> bytesDone{0};
    // The producer stops when the caller's token asks, or when this side gives up.
    std::stop_source local;
    std::stop_callback follow(context.stop, [&] { local.request_stop(); });
    ImportContext producerContext = context;
    producerContext.stop = local.get_token();
    producerContext.onBytes = [&](std::uint64_t done) {
        bytesDone.store(done, std::memory_order_relaxed);
    };

    std::thread producer([&] {
        FileOutcome outcome;
        std::exception_ptr error;
        try {
            BatchingSink batching(queue);
            outcome = importer.importFile(file, producerContext, batching);
            batching.flush();
        } catch (const ProducerStopped&) {
            // The consumer went away; nothing more to deliver.
        } catch (...) {
            error = std::current_exception();
        }
        queue.finish(std::move(outcome), error);
    });

    try {
        while (auto batch = queue.pop()) {
            for (const auto& item : batch->items) {
                std::visit(
                    [&](const auto& r) {
                        using T = std::decay_t<decltype(r)>;
                        if constexpr (std::is_same_v<T, SpanRecord>)
                            sink.addSpan(r);
                        else if constexpr (std::is_same_v<T, LogRecord>)
                            sink.addLog(r);
                        else if constexpr (std::is_same_v<T, MetricPoint>)
                            sink.addMetricPoint(r);
                        else if constexpr (std::is_same_v<T, ChangeRecord>)
                            sink.addChange(r);
                        else if constexpr (std::is_same_v<T, SloRecord>)
                            sink.addSlo(r);
                        else if constexpr (std::is_same_v<T, LineageNodeRecord>)
                            sink.addLineageNode(r);
                        else if constexpr (std::is_same_v<T, LineageEdgeRecord>)
                            sink.addLineageEdge(r);
                        else if constexpr (std::is_same_v<T, LineageRunRecord>)
                            sink.addLineageRun(r);
                        else if constexpr (std::is_same_v<T, LineageColumnEdgeRecord>)
                            sink.addLineageColumnEdge(r);
                        else if constexpr (std::is_same_v<T, LineageFacetRecord>)
                            sink.addLineageFacet(r);
                        else
                            sink.reject(r);
                    },
                    item);
            }
            queue.recycle(std::move(batch));
            if (onBytes)
                onBytes(bytesDone.load(std::memory_order_relaxed));
        }
    } catch (...) {
        local.request_stop();
        queue.abandon();
        while (auto batch = queue.pop())
            queue.recycle(std::move(batch));
        producer.join();
        throw;
    }
    producer.join();
    return queue.outcome();
}

} // namespace casebook
