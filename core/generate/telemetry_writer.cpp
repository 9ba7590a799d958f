#include "core/generate/telemetry_writer.h"

#include "core/generate/bundle_files.h"
#include "core/util/json_text.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace casebook::gen {

TelemetryWriter::TelemetryWriter(const std::filesystem::path& dir, std::uint64_t seed)
    : tracesFile_(dir / std::string(kTracesFile)), logsFile_(dir / std::string(kLogsFile)),
      spanBatcher_(tracesFile_, resources_, RecordBatcher::Signal::Traces),
      logBatcher_(logsFile_, resources_, RecordBatcher::Signal::Logs), ids_(seed, "ids"),
      jitter_(seed, "observed") {}

TraceBits TelemetryWriter::newTrace() {
    return TraceBits{ids_.nonZero(), ids_.next()};
}

std::uint64_t TelemetryWriter::span(std::size_t resource, const TraceBits& trace,
                                    std::uint64_t parent, std::string_view name, int kind,
                                    std::int64_t start, std::int64_t end, int status,
                                    std::string_view message, std::string_view events,
                                    std::uint64_t id) {
    SpanData d;
    d.trace = trace;
    d.spanId = id != 0 ? id : ids_.nonZero();
    d.parentId = parent;
    d.name = name;
    d.kind = kind;
    d.startNs = start;
    d.endNs = std::max(end, start);
    d.statusCode = status;
    d.statusMessage = message;
    d.attributes = attrs_.text();
    d.events = events;
    record_.clear();
    appendSpan(record_, d);
    spanBatcher_.add(resource, record_, start);
    attrs_.clear();
    ++spans_;
    return d.spanId;
}

void TelemetryWriter::log(std::size_t resource, std::int64_t time, Severity severity,
                          std::string_view body, const TraceBits& trace, std::uint64_t spanId) {
    LogData d;
    d.timeNs = time;
    // The collector sees the record a little later than it happened.
    d.observedNs = time + static_cast<std::int64_t>(jitter_.below(400)) * 1'000'000 + 1'000'000;
    d.severityNumber = severity.number;
    d.severityText = severity.text;
    d.body = body;
    d.attributes = attrs_.text();
    if (spanId != 0) {
        d.trace = trace;
        d.spanId = spanId;
    }
    record_.clear();
    appendLog(record_, d);
    logBatcher_.add(resource, record_, time);
    attrs_.clear();
    ++logs_;
}

void TelemetryWriter::injectDefects(std::size_t spanResource, std::size_t logResource,
                                    std::int64_t time) {
    // A span whose trace id lost a digit (31 hex digits).
    SpanData d;
    d.trace = newTrace();
    d.spanId = ids_.nonZero();
    d.name = "GET /healthz";
    d.kind = kServer;
    d.startNs = time;
    d.endNs = time + 2'000'000;
    attrs_.clear();
    attrs_.str("http.route", "/healthz").integer("http.status_code", 200);
    d.attributes = attrs_.text();
    record_.clear();
    appendSpan(record_, d);
    const auto idAt = record_.find("\"traceId\":\"") + 11;
    record_.erase(idAt, 1);
    spanBatcher_.add(spanResource, record_, time);

    // A span with an all-zero span id.
    d.trace = newTrace();
    d.spanId = 0;
    d.startNs = time + 1'000'000'000;
    d.endNs = d.startNs + 3'000'000;
    record_.clear();
    appendSpan(record_, d);
    spanBatcher_.add(spanResource, record_, d.startNs);
    attrs_.clear();

    // A log record whose timeUnixNano is not a number.
    LogData l;
    l.timeNs = time;
    l.observedNs = time + 5'000'000;
    l.body = "health check ok";
    record_.clear();
    appendLog(record_, l);
    const std::string stamp = "\"timeUnixNano\":\"" + std::to_string(time) + "\"";
    record_.replace(record_.find(stamp), stamp.size(), "\"timeUnixNano\":\"NaN\"");
    logBatcher_.add(logResource, record_, time);

    // A request line cut off in the middle, as left by a full disk or a killed exporter.
    l.timeNs = time + 2'000'000'000;
    l.observedNs = l.timeNs + 4'000'000;
    l.body = "health check ok";
    record_.assign("{\"resourceLogs\":[{\"resource\":")
        .append(resources_.resourceJson(logResource))
        .append(",\"scopeLogs\":[{\"scope\":")
        .append(resources_.scopeJson(logResource))
        .append(",\"logRecords\":[");
    appendLog(record_, l);
    record_.append("]}]}]}");
    record_.resize(record_.size() * 3 / 5);
    logBatcher_.writeRawLine(record_);

    defects_ += 4;
}

void TelemetryWriter::finish(GenerateSummary& summary) {
    spanBatcher_.flush();
    logBatcher_.flush();
    finishFile(tracesFile_, summary);
    finishFile(logsFile_, summary);
    summary.spans += spans_;
    summary.logs += logs_;
    summary.defects += defects_;
}

std::string exceptionEvent(std::int64_t time, std::string_view type, std::string_view message) {
    std::string out = "[{\"timeUnixNano\":";
    appendQuotedInt(out, time);
    out.append(",\"name\":\"exception\",\"attributes\":");
    AttrList a;
    a.str("exception.type", type).str("exception.message", message);
    out.append(a.text());
    out.append("}]");
    return out;
}

void runSchedule(const TraceSchedule& schedule, Rng& rng,
                 const std::function<double(std::int64_t)>& rate,
                 const std::function<void(std::int64_t)>& startTrace,
                 const std::function<void(std::int64_t, std::uint64_t)>& backgroundLog,
                 const std::function<void(std::int64_t)>& injectDefects) {
    constexpr std::int64_t kStep = 60'000'000'000; // one minute
    const std::int64_t steps = (schedule.end - schedule.begin) / kStep;
    std::vector<double> weights(static_cast<std::size_t>(steps));
    double total = 0;
    for (std::int64_t i = 0; i < steps; ++i) {
        weights[static_cast<std::size_t>(i)] =
            std::max(0.0, rate(schedule.begin + i * kStep + kStep / 2));
        total += weights[static_cast<std::size_t>(i)];
    }
    const double perWeight = total > 0 ? static_cast<double>(schedule.traces) / total : 0;
    const std::int64_t logGap =
        schedule.backgroundLogs > 0
            ? (schedule.end - schedule.begin) / static_cast<std::int64_t>(schedule.backgroundLogs)
            : 0;
    std::uint64_t logsDone = 0;
    auto logsUntil = [&](std::int64_t t) {
        while (logsDone < schedule.backgroundLogs) {
            const std::int64_t at =
                schedule.begin + static_cast<std::int64_t>(logsDone) * logGap + logGap / 2;
            if (at > t)
                break;
            backgroundLog(at, logsDone++);
        }
    };

    double carry = 0.5;
    std::uint64_t started = 0;
    bool defectsDone = false;
    std::vector<std::int64_t> offsets;
    for (std::int64_t i = 0; i < steps && started < schedule.traces; ++i) {
        carry += weights[static_cast<std::size_t>(i)] * perWeight;
        const auto n = static_cast<std::uint64_t>(std::floor(carry));
        carry -= static_cast<double>(n);
        offsets.clear();
        for (std::uint64_t k = 0; k < n; ++k)
            offsets.push_back(static_cast<std::int64_t>(rng.below(kStep / 1000)) * 1000);
        std::sort(offsets.begin(), offsets.end());
        for (const std::int64_t off : offsets) {
            if (started >= schedule.traces)
                break;
            const std::int64_t t = schedule.begin + i * kStep + off;
            logsUntil(t);
            if (!defectsDone && started >= schedule.traces / 2) {
                injectDefects(t);
                defectsDone = true;
            }
            startTrace(t);
            ++started;
        }
    }
    if (!defectsDone)
        injectDefects(schedule.begin + (schedule.end - schedule.begin) / 2);
    logsUntil(schedule.end);
}

} // namespace casebook::gen
