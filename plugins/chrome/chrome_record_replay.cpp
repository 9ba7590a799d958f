#include "plugins/chrome/chrome_record_replay.h"

#include "plugins/chrome/chrome_trace_builder.h"

namespace casebook {
namespace {

constexpr std::uint64_t kRecordsPerProgress = 4096;

} // namespace

bool ChromeRecordReplay::run(ChromeRecordSpill& spill, std::stop_token stop,
                             const std::function<void(std::uint64_t)>& onRecords) {
    std::string_view record;
    std::uint64_t done = 0;
    while (spill.next(record)) {
        ChromeSpillReader in(record);
        const auto kind = in.get<std::uint8_t>();
        switch (static_cast<ChromeSpilled>(kind & kChromeSpilledKind)) {
        case ChromeSpilled::Span:
            span(in, kind);
            break;
        case ChromeSpilled::Instant:
            instant(in);
            break;
        case ChromeSpilled::Counter:
            counter(in);
            break;
        case ChromeSpilled::Reject: {
            const std::string_view location = in.text();
            sink_.reject({location, in.text()});
            break;
        }
        }
        if (++done % kRecordsPerProgress == 0) {
            if (stop.stop_requested())
                return false;
            onRecords(done);
        }
    }
    return true;
}

// The trace, service and resource of a process, made when its first record is handed on.
void ChromeRecordReplay::prepare(ChromeProcess& process) {
    process.prepared = true;
    process.trace = chromeTraceId(file_, process.pid);
    process.spanSeed = chromeSpanSeed(process.trace);
    if (!process.name.empty())
        process.service = process.name;
    else if (!process.pid.empty())
        process.service = "process " + process.pid;
    process.resource.assign("{");
    if (!process.service.empty()) {
        process.resource.append("\"service.name\":");
        appendJsonText(process.resource, process.service);
    }
    if (!process.pid.empty()) {
        if (!process.service.empty())
            process.resource.push_back(',');
        process.resource.append("\"process.pid\":");
        if (process.pidIsNumber)
            process.resource.append(process.pid);
        else
            appendJsonText(process.resource, process.pid);
    }
    process.resource.push_back('}');
}

// "{" and the thread's members: "thread" (its thread_name, else the tid) and "thread.id"
// (as written).
const std::string& ChromeRecordReplay::attributesStart(ChromeThread& thread) {
    if (thread.attributesReady)
        return thread.attributesStart;
    thread.attributesReady = true;
    std::string& out = thread.attributesStart;
    out.assign("{");
    if (thread.hasTid) {
        out.append("\"thread\":");
        appendJsonText(out, thread.name.empty() ? thread.tid : thread.name);
        out.append(",\"thread.id\":");
        if (thread.tidIsNumber)
            out.append(thread.tid);
        else
            appendJsonText(out, thread.tid);
    }
    return out;
}

void ChromeRecordReplay::span(ChromeSpillReader& in, std::uint8_t kind) {
    const auto threadIndex = static_cast<std::uint32_t>(in.varint());
    ChromeThread& thread = table_.threads[threadIndex];
    if (lastOfThread_.size() <= threadIndex)
        lastOfThread_.resize(threadIndex + 1);
    Last& last = lastOfThread_[threadIndex];
    const auto ordinal = static_cast<std::uint32_t>(lastOrdinal_ + in.signedVarint());
    const auto start = static_cast<std::int64_t>(static_cast<std::uint64_t>(lastStart_) +
                                                 static_cast<std::uint64_t>(in.signedVarint()));
    const auto end = static_cast<std::int64_t>(static_cast<std::uint64_t>(start) + in.varint());
    lastOrdinal_ = ordinal;
    lastStart_ = start;
    if (!(kind & kChromeSameName))
        last.name.assign(in.text());
    if (!(kind & kChromeSameCat)) {
        last.cat.assign(in.text());
        last.headReady = false;
    }
    if (!(kind & kChromeSameArgs))
        lastArgs_.assign(in.text());

    const ChromeProcess& process = ready(thread.process);
    // The thread's members, then "cat" and the args.
    if (!last.headReady) {
        last.headReady = true;
        last.head = attributesStart(thread);
        last.members = thread.hasTid;
        if (!last.cat.empty()) {
            last.head.append(last.members ? ",\"cat\":" : "\"cat\":");
            last.head.append(last.cat); // written as JSON text
            last.members = true;
        }
    }
    attributes_ = last.head;
    if (!lastArgs_.empty()) {
        if (last.members)
            attributes_.push_back(',');
        attributes_.append(lastArgs_);
    }
    attributes_.push_back('}');
    // Only the fields a Chrome span has are set; the others stay empty.
    SpanRecord& span = span_;
    span.traceId = process.trace;
    span.spanId = chromeSpanIdFromSeed(process.spanSeed, ordinal);
    span.parentSpanId.reset();
    if (ordinal < parents_.size() && parents_[ordinal] != kChromeNone)
        span.parentSpanId = chromeSpanIdFromSeed(process.spanSeed, parents_[ordinal]);
    span.service = process.service;
    span.name = last.name;
    span.kind = SpanKind::Internal;
    span.startNs = start;
    span.endNs = end;
    span.attributesJson = attributes_;
    span.resourceJson = process.resource;
    sink_.addSpan(span);
}

void ChromeRecordReplay::instant(ChromeSpillReader& in) {
    const auto threadIndex = in.get<std::uint32_t>();
    const auto ordinal = in.get<std::uint32_t>();
    const auto time = in.get<std::int64_t>();
    const std::string_view name = in.text();
    const std::string_view tail = in.text();
    LogRecord log;
    log.timeNs = time;
    log.body = name;
    log.eventName = name;
    if (threadIndex == kChromeNone) {
        attributes_.assign("{");
    } else {
        ChromeThread& thread = table_.threads[threadIndex];
        const ChromeProcess& process = ready(thread.process);
        attributes_ = attributesStart(thread);
        log.service = process.service;
        log.resourceJson = process.resource;
        if (ordinal < enclosing_.size() && enclosing_[ordinal] != kChromeNone) {
            log.traceId = process.trace;
            log.spanId = chromeSpanIdFromSeed(process.spanSeed, enclosing_[ordinal]);
        }
    }
    attributes_.append(tail);
    log.attributesJson = attributes_;
    sink_.addLog(log);
}

void ChromeRecordReplay::counter(ChromeSpillReader& in) {
    const ChromeProcess& process = ready(in.get<std::uint32_t>());
    const auto time = in.get<std::int64_t>();
    const std::string_view name = in.text();
    const std::string_view all = in.text();
    for (ChromeSpillReader series(all); series.at() < all.data() + all.size();) {
        const auto size = series.get<std::uint32_t>();
        const std::string_view labels(series.at(), size);
        series.skip(size);
        MetricPoint point;
        point.name = name;
        point.kind = MetricKind::Gauge;
        point.service = process.service;
        point.labelsJson = labels;
        point.resourceJson = process.resource;
        point.timeNs = time;
        point.value = series.get<double>();
        sink_.addMetricPoint(point);
    }
}

} // namespace casebook
