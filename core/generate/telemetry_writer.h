#pragma once
// Streams the spans and log records of a scenario to traces.otlp.jsonl and
// logs.otlp.jsonl, and drives the scenario's trace arrivals through a time window.

#include "core/generate/otlp_writer.h"
#include "core/generate/random.h"
#include "core/generate/scenario_generator.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace casebook::gen {

// OTLP SpanKind values.
enum SpanKindValue : int { kInternal = 1, kServer = 2, kClient = 3, kProducer = 4, kConsumer = 5 };
// OTLP Status.code values.
enum StatusValue : int { kUnset = 0, kOk = 1, kStatusError = 2 };

class TelemetryWriter {
public:
    TelemetryWriter(const std::filesystem::path& dir, std::uint64_t seed);

    ResourceRegistry& resources() { return resources_; }
    // Attributes of the next span or log record; cleared once it is written.
    AttrList& attrs() { return attrs_; }

    TraceBits newTrace();
    std::uint64_t newSpanId() { return ids_.nonZero(); }

    // Writes a span with attrs() and returns its id. `parent` 0 makes a root span;
    // `events` is a "[...]" list or empty; `id` 0 draws a fresh span id.
    std::uint64_t span(std::size_t resource, const TraceBits& trace, std::uint64_t parent,
                       std::string_view name, int kind, std::int64_t start, std::int64_t end,
                       int status = kUnset, std::string_view message = {},
                       std::string_view events = {}, std::uint64_t id = 0);

    // Writes a log record with attrs(); linked to a span when `spanId` is not zero.
    void log(std::size_t resource, std::int64_t time, Severity severity, std::string_view body,
             const TraceBits& trace = {}, std::uint64_t spanId = 0);

    // The deliberate defects of both scenarios: a span with a 31-digit trace id, a span
    // with an all-zero span id, a log record with a non-numeric timeUnixNano and a
    // truncated (invalid JSON) line in the logs file.
    void injectDefects(std::size_t spanResource, std::size_t logResource, std::int64_t time);

    void finish(GenerateSummary& summary);

    std::uint64_t spans() const { return spans_; }
    std::uint64_t logs() const { return logs_; }

private:
    ResourceRegistry resources_{"production"};
    OutputFile tracesFile_, logsFile_;
    RecordBatcher spanBatcher_, logBatcher_;
    Rng ids_;
    Rng jitter_;
    AttrList attrs_;
    std::string record_;
    std::uint64_t spans_ = 0, logs_ = 0, defects_ = 0;
};

// The `[{"timeUnixNano":...,"name":"exception","attributes":[...]}]` event list of a
// failed span.
std::string exceptionEvent(std::int64_t time, std::string_view type, std::string_view message);

struct TraceSchedule {
    std::int64_t begin = 0, end = 0;  // the window traces start in
    std::uint64_t traces = 0;         // how many traces to start
    std::uint64_t backgroundLogs = 0; // log records not tied to a trace, spread evenly
};

// Starts `traces` traces at times drawn in proportion to `rate(t)` (evaluated per
// minute), in time order, and interleaves the background log records between them. The
// deliberate defects are written when half of the traces have been started.
void runSchedule(const TraceSchedule& schedule, Rng& rng,
                 const std::function<double(std::int64_t)>& rate,
                 const std::function<void(std::int64_t)>& startTrace,
                 const std::function<void(std::int64_t, std::uint64_t)>& backgroundLog,
                 const std::function<void(std::int64_t)>& injectDefects);

} // namespace casebook::gen
