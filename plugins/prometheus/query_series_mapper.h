#pragma once
// Maps the series of a Prometheus HTTP API response (one element of data.result) to
// gauge points: {"metric": {...}, "values": [[t, "v"], ...]} for a range query
// (matrix), {"metric": {...}, "value": [t, "v"]} for an instant query (vector).
//
// Times are float seconds written as JSON numbers; they become nanoseconds from their
// decimal text, never through a double, so 1435781430.781 is 1435781430781000000 ns.
// Values are strings ("1", "NaN", "+Inf"). A series without __name__ (the result of
// an expression) is named after the file. Native histogram samples are not mapped.

#include "core/import/importer.h"
#include "plugins/prometheus/metric_point_text.h"

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casebook {

class QuerySeriesMapper {
public:
    QuerySeriesMapper(const ImportContext& context, std::string fallbackName);

    // One element of data.result, at `offset` in the file. Its points land only when the
    // whole element is valid JSON; a bad [time, value] pair rejects that point alone.
    // An element that is not an object (the parts of a scalar or string result) is kept
    // for finishScalar().
    void map(std::string_view json, std::size_t index, std::uint64_t offset, RecordSink& sink);
    // A "scalar" result is [t, "v"] itself: one point, named after the file.
    void finishScalar(RecordSink& sink);

    std::uint64_t points() const { return points_; }

private:
    // The common series, {"metric": {...}, "values": [[t, "v"], ...]} with every point
    // valid, read without the general path's lookups and pair-by-pair parsing. False,
    // with nothing sent to the sink, for anything else: map() then reads it the general
    // way, so a series lands the same either way.
    bool mapCommon(std::size_t size, RecordSink& sink);
    // [[t, "v"], ...] at the start of `text`, with plain number times and unescaped string
    // values, every point valid, into values_; `used` is set just past its ']'. False on
    // anything else.
    bool readValuesFast(std::string_view text, std::size_t& used);
    void emitValues(RecordSink& sink);
    void reject(RecordSink& sink, std::string_view path, std::string_view reason);
    // Reads [t, "v"]; the reason when it is not one.
    std::optional<std::string> readPair(simdjson::ondemand::value value,
                                        std::pair<std::int64_t, double>& out);

    simdjson::ondemand::parser parser_;
    std::vector<char> padded_;
    LabelIdentity identity_;
    std::string fallbackName_;
    std::string name_;
    std::string location_;
    std::uint64_t offset_ = 0;
    std::size_t index_ = 0;
    std::vector<std::pair<std::int64_t, double>> values_;
    std::vector<std::pair<std::string, std::string>> rejections_;
    std::vector<std::string> scalarParts_;
    std::uint64_t points_ = 0;
};

// "1620351786", " 1435781430.781 " (raw JSON number text, spaces allowed) or a string's
// contents, as time in ns; the reason when it is not one.
std::optional<std::string> queryTimeNs(std::string_view text, std::int64_t& ns);

} // namespace casebook
