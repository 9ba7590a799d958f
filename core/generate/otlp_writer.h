#pragma once
// Hand-written OTLP/JSON text for the bundle generator. A million records must be written
// in a few seconds with bounded memory, so records are appended to reused std::string
// buffers and streamed to the file in requests of at most a few hundred records, the way
// the OpenTelemetry collector's file exporter writes one request per line.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::gen {

// A file written through a large buffer. Throws std::runtime_error naming the path when
// the file cannot be opened, written or closed.
class OutputFile {
public:
    explicit OutputFile(std::filesystem::path path);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::string_view text);
    void close();
    std::uint64_t bytes() const { return bytes_; }
    const std::filesystem::path& path() const { return path_; }

private:
    [[noreturn]] void fail(const char* what) const;

    std::filesystem::path path_;
    std::FILE* file_ = nullptr;
    std::vector<char> buffer_;
    std::uint64_t bytes_ = 0;
};

// Number and id text.
void appendInt(std::string& out, std::int64_t value);
void appendQuotedInt(std::string& out, std::int64_t value); // OTLP/JSON int64: "123"
void appendDouble(std::string& out, double value);          // shortest round-trip; finite only
void appendHex(std::string& out, std::uint64_t value, int digits);

// A 128-bit trace id as two words (casebook::TraceId is the byte form the store uses).
struct TraceBits {
    std::uint64_t hi = 0, lo = 0;
};

// An OTLP attribute list, `[{"key":"k","value":{"stringValue":"v"}},...]`, built in a
// reused buffer.
class AttrList {
public:
    AttrList() { clear(); }
    void clear();
    AttrList& str(std::string_view key, std::string_view value);
    AttrList& integer(std::string_view key, std::int64_t value);
    AttrList& number(std::string_view key, double value);
    AttrList& boolean(std::string_view key, bool value);
    AttrList& strArray(std::string_view key, const std::vector<std::string_view>& values);
    // The finished list, "[...]".
    std::string_view text();
    bool empty() const { return count_ == 0; }

private:
    void key(std::string_view key);

    std::string buf_;
    std::size_t count_ = 0;
    bool closed_ = false;
};

struct SpanData {
    TraceBits trace;
    std::uint64_t spanId = 0;
    std::uint64_t parentId = 0; // 0: root span
    std::string_view name;
    int kind = 1; // OTLP SpanKind
    std::int64_t startNs = 0, endNs = 0;
    int statusCode = 0; // OTLP Status.code
    std::string_view statusMessage;
    std::string_view attributes; // "[...]" from AttrList
    std::string_view events;     // "[...]" or empty
};
void appendSpan(std::string& out, const SpanData& span);

struct LogData {
    std::int64_t timeNs = 0, observedNs = 0;
    int severityNumber = 9;
    std::string_view severityText = "INFO";
    std::string_view body;
    std::string_view attributes; // "[...]"
    TraceBits trace;             // zero: not linked to a trace
    std::uint64_t spanId = 0;
};
void appendLog(std::string& out, const LogData& log);

// OTLP severities used by the generator.
struct Severity {
    int number;
    std::string_view text;
};
inline constexpr Severity kDebug{5, "DEBUG"};
inline constexpr Severity kInfo{9, "INFO"};
inline constexpr Severity kWarn{13, "WARN"};
inline constexpr Severity kError{17, "ERROR"};

// The resources (service, version, tenant) records are grouped by, with their JSON text
// built once.
class ResourceRegistry {
public:
    explicit ResourceRegistry(std::string environment) : environment_(std::move(environment)) {}

    std::size_t get(std::string_view service, std::string_view version, std::string_view tenant);
    std::size_t size() const { return resources_.size(); }
    // `{"attributes":[...]}`
    const std::string& resourceJson(std::size_t index) const { return resources_[index].resource; }
    // `{"name":"...","version":"..."}`
    const std::string& scopeJson(std::size_t index) const { return resources_[index].scope; }

private:
    struct Entry {
        std::string resource, scope;
    };
    std::string environment_;
    std::vector<Entry> resources_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::string key_;
};

// Groups span or log records by resource and writes one Export*ServiceRequest per line,
// like the collector's batch processor: a request is sent when it holds `maxRecords`
// records or when a record arrives more than `maxAgeNs` after the first one in it.
class RecordBatcher {
public:
    enum class Signal { Traces, Logs };
    RecordBatcher(OutputFile& file, const ResourceRegistry& resources, Signal signal,
                  std::size_t maxRecords = 500, std::int64_t maxAgeNs = 60'000'000'000);

    void add(std::size_t resource, std::string_view record, std::int64_t timeNs);
    void flush();
    // Writes a line as it is (after flushing what is pending): used for deliberately
    // broken lines.
    void writeRawLine(std::string_view line);

private:
    struct Pending {
        std::string records;
        std::size_t count = 0;
    };
    OutputFile& file_;
    const ResourceRegistry& resources_;
    Signal signal_;
    std::size_t maxRecords_;
    std::int64_t maxAgeNs_;
    std::vector<Pending> pending_;
    std::vector<std::size_t> order_; // resources in the order they joined the batch
    std::size_t count_ = 0;
    std::int64_t firstTimeNs_ = 0;
    std::string line_;
};

} // namespace casebook::gen
