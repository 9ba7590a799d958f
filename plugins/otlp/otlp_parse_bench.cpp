#include "plugins/otlp/otlp_parse_bench.h"

#include "plugins/otlp/otlp_records.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

namespace casebook {
namespace {

class NullSink : public RecordSink {
public:
    void addSpan(const SpanRecord&) override { ++records; }
    void addLog(const LogRecord&) override { ++records; }
    void addMetricPoint(const MetricPoint&) override { ++records; }
    void addChange(const ChangeRecord&) override { ++records; }
    void reject(const Rejection&) override { ++records; }
    std::size_t records = 0;
};

// Counts SAX events and does nothing else, so nlohmann's number is its parser alone.
struct CountingSax : nlohmann::json::json_sax_t {
    std::size_t events = 0;
    bool null() override { return ++events, true; }
    bool boolean(bool) override { return ++events, true; }
    bool number_integer(number_integer_t) override { return ++events, true; }
    bool number_unsigned(number_unsigned_t) override { return ++events, true; }
    bool number_float(number_float_t, const string_t&) override { return ++events, true; }
    bool string(string_t&) override { return ++events, true; }
    bool binary(binary_t&) override { return ++events, true; }
    bool start_object(std::size_t) override { return ++events, true; }
    bool key(string_t&) override { return ++events, true; }
    bool end_object() override { return ++events, true; }
    bool start_array(std::size_t) override { return ++events, true; }
    bool end_array() override { return ++events, true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) override {
        return false;
    }
};

template <typename PassOverLines> double megabytesPerSecond(std::size_t bytes, PassOverLines pass) {
    using Clock = std::chrono::steady_clock;
    constexpr double kMinSeconds = 0.3;
    std::size_t passes = 0;
    const auto start = Clock::now();
    double seconds = 0;
    do {
        pass();
        ++passes;
        seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } while (seconds < kMinSeconds);
    return static_cast<double>(bytes * passes) / 1e6 / seconds;
}

} // namespace

ParserThroughput measureOtlpParsers(const std::filesystem::path& jsonLinesFile) {
    std::vector<std::string> lines;
    std::size_t bytes = 0;
    {
        std::ifstream in(jsonLinesFile, std::ios::binary);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty())
                continue;
            bytes += line.size();
            lines.push_back(std::move(line));
        }
    }
    ParserThroughput result;
    if (bytes == 0)
        return result;

    const ImportContext context;
    OtlpRecordMapper mapper(context);
    NullSink sink;
    result.simdjsonMBps = megabytesPerSecond(bytes, [&] {
        for (const std::string& line : lines)
            (void)mapper.mapRequest(line, "line", sink);
    });

    CountingSax sax;
    result.nlohmannSaxMBps = megabytesPerSecond(bytes, [&] {
        for (const std::string& line : lines)
            nlohmann::json::sax_parse(line, &sax);
    });
    return result;
}

} // namespace casebook
