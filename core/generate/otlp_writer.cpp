#include "core/generate/otlp_writer.h"

#include "core/util/json_text.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace casebook::gen {

OutputFile::OutputFile(std::filesystem::path path) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_)
        fail("cannot create");
    buffer_.resize(std::size_t{1} << 20);
    std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
}

OutputFile::~OutputFile() {
    if (file_)
        std::fclose(file_);
}

void OutputFile::write(std::string_view text) {
    if (text.empty())
        return;
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
        fail("cannot write");
    bytes_ += text.size();
}

void OutputFile::close() {
    if (!file_)
        return;
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0)
        fail("cannot write");
}

void OutputFile::fail(const char* what) const {
    throw std::runtime_error(std::string(what) + " " + path_.string() + ": " +
                             std::strerror(errno));
}

void appendInt(std::string& out, std::int64_t value) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr);
}

void appendQuotedInt(std::string& out, std::int64_t value) {
    out.push_back('"');
    appendInt(out, value);
    out.push_back('"');
}

void appendDouble(std::string& out, double value) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr);
}

void appendHex(std::string& out, std::uint64_t value, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out.push_back(hex[(value >> shift) & 0xF]);
}

void AttrList::clear() {
    buf_.assign("[");
    count_ = 0;
    closed_ = false;
}

void AttrList::key(std::string_view key) {
    if (closed_) {
        buf_.pop_back();
        closed_ = false;
    }
    if (count_++ > 0)
        buf_.push_back(',');
    buf_.append("{\"key\":");
    appendJsonString(buf_, key);
    buf_.append(",\"value\":{");
}

AttrList& AttrList::str(std::string_view k, std::string_view value) {
    key(k);
    buf_.append("\"stringValue\":");
    appendJsonString(buf_, value);
    buf_.append("}}");
    return *this;
}

AttrList& AttrList::integer(std::string_view k, std::int64_t value) {
    key(k);
    buf_.append("\"intValue\":");
    appendQuotedInt(buf_, value);
    buf_.append("}}");
    return *this;
}

AttrList& AttrList::number(std::string_view k, double value) {
    key(k);
    buf_.append("\"doubleValue\":");
    appendDouble(buf_, value);
    buf_.append("}}");
    return *this;
}

AttrList& AttrList::boolean(std::string_view k, bool value) {
    key(k);
    buf_.append(value ? "\"boolValue\":true}}" : "\"boolValue\":false}}");
    return *this;
}

AttrList& AttrList::strArray(std::string_view k, const std::vector<std::string_view>& values) {
    key(k);
    buf_.append("\"arrayValue\":{\"values\":[");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            buf_.push_back(',');
        buf_.append("{\"stringValue\":");
        appendJsonString(buf_, values[i]);
        buf_.push_back('}');
    }
    buf_.append("]}}}");
    return *this;
}

std::string_view AttrList::text() {
    if (!closed_) {
        buf_.push_back(']');
        closed_ = true;
    }
    return buf_;
}

namespace {

void appendTraceId(std::string& out, const TraceBits& id) {
    out.push_back('"');
    appendHex(out, id.hi, 16);
    appendHex(out, id.lo, 16);
    out.push_back('"');
}

void appendSpanId(std::string& out, std::uint64_t id) {
    out.push_back('"');
    appendHex(out, id, 16);
    out.push_back('"');
}

} // namespace

void appendSpan(std::string& out, const SpanData& s) {
    out.append("{\"traceId\":");
    appendTraceId(out, s.trace);
    out.append(",\"spanId\":");
    appendSpanId(out, s.spanId);
    if (s.parentId != 0) {
        out.append(",\"parentSpanId\":");
        appendSpanId(out, s.parentId);
    }
    out.append(",\"name\":");
    appendJsonString(out, s.name);
    out.append(",\"kind\":");
    appendInt(out, s.kind);
    out.append(",\"startTimeUnixNano\":");
    appendQuotedInt(out, s.startNs);
    out.append(",\"endTimeUnixNano\":");
    appendQuotedInt(out, s.endNs);
    if (!s.attributes.empty() && s.attributes != "[]") {
        out.append(",\"attributes\":");
        out.append(s.attributes);
    }
    if (!s.events.empty()) {
        out.append(",\"events\":");
        out.append(s.events);
    }
    out.append(",\"status\":{");
    if (s.statusCode != 0) {
        out.append("\"code\":");
        appendInt(out, s.statusCode);
        if (!s.statusMessage.empty()) {
            out.append(",\"message\":");
            appendJsonString(out, s.statusMessage);
        }
    }
    out.append("}}");
}

void appendLog(std::string& out, const LogData& l) {
    out.append("{\"timeUnixNano\":");
    appendQuotedInt(out, l.timeNs);
    out.append(",\"observedTimeUnixNano\":");
    appendQuotedInt(out, l.observedNs);
    out.append(",\"severityNumber\":");
    appendInt(out, l.severityNumber);
    out.append(",\"severityText\":");
    appendJsonString(out, l.severityText);
    out.append(",\"body\":{\"stringValue\":");
    appendJsonString(out, l.body);
    out.push_back('}');
    if (!l.attributes.empty() && l.attributes != "[]") {
        out.append(",\"attributes\":");
        out.append(l.attributes);
    }
    if (l.trace.hi != 0 || l.trace.lo != 0) {
        out.append(",\"flags\":1,\"traceId\":");
        appendTraceId(out, l.trace);
        out.append(",\"spanId\":");
        appendSpanId(out, l.spanId);
    }
    out.push_back('}');
}

std::size_t ResourceRegistry::get(std::string_view service, std::string_view version,
                                  std::string_view tenant) {
    key_.assign(service).append("\x1f").append(version).append("\x1f").append(tenant);
    if (const auto it = index_.find(key_); it != index_.end())
        return it->second;
    AttrList attrs;
    attrs.str("service.name", service)
        .str("service.version", version)
        .str("deployment.environment", environment_)
        .str("tenant.id", tenant);
    Entry e;
    e.resource.assign("{\"attributes\":").append(attrs.text()).append("}");
    e.scope.assign("{\"name\":");
    appendJsonString(e.scope, service);
    e.scope.append(",\"version\":");
    appendJsonString(e.scope, version);
    e.scope.append("}");
    resources_.push_back(std::move(e));
    index_.emplace(key_, resources_.size() - 1);
    return resources_.size() - 1;
}

RecordBatcher::RecordBatcher(OutputFile& file, const ResourceRegistry& resources, Signal signal,
                             std::size_t maxRecords, std::int64_t maxAgeNs)
    : file_(file), resources_(resources), signal_(signal), maxRecords_(maxRecords),
      maxAgeNs_(maxAgeNs) {}

void RecordBatcher::add(std::size_t resource, std::string_view record, std::int64_t timeNs) {
    if (count_ > 0 && (count_ >= maxRecords_ || timeNs - firstTimeNs_ > maxAgeNs_))
        flush();
    if (count_ == 0)
        firstTimeNs_ = timeNs;
    if (resource >= pending_.size())
        pending_.resize(resource + 1);
    Pending& p = pending_[resource];
    if (p.count == 0)
        order_.push_back(resource);
    else
        p.records.push_back(',');
    p.records.append(record);
    ++p.count;
    ++count_;
}

void RecordBatcher::flush() {
    if (count_ == 0)
        return;
    const bool traces = signal_ == Signal::Traces;
    line_.assign(traces ? "{\"resourceSpans\":[" : "{\"resourceLogs\":[");
    bool first = true;
    for (std::size_t r : order_) {
        Pending& p = pending_[r];
        if (!first)
            line_.push_back(',');
        first = false;
        line_.append("{\"resource\":").append(resources_.resourceJson(r));
        line_.append(traces ? ",\"scopeSpans\":[{\"scope\":" : ",\"scopeLogs\":[{\"scope\":");
        line_.append(resources_.scopeJson(r));
        line_.append(traces ? ",\"spans\":[" : ",\"logRecords\":[");
        line_.append(p.records);
        line_.append("]}]}");
        p.records.clear();
        p.count = 0;
    }
    line_.append("]}\n");
    file_.write(line_);
    order_.clear();
    count_ = 0;
}

void RecordBatcher::writeRawLine(std::string_view line) {
    flush();
    file_.write(line);
    file_.write("\n");
}

} // namespace casebook::gen
