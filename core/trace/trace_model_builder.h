#pragma once
// Collects spans in any order and turns them into a TraceModel. Text is interned as it
// arrives, so a producer can hand over views into its own buffers (SQLite rows).

#include "core/trace/trace_model.h"

#include <string>
#include <unordered_map>

namespace casebook {

class TraceModelBuilder {
public:
    explicit TraceModelBuilder(TraceId traceId = {}) : traceId_(traceId) { intern({}); }

    void reserve(std::size_t spans);
    void add(const SpanInput& span);
    TraceModel build();

private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::uint32_t intern(std::string_view text);

    TraceId traceId_;
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> interned_;
    std::vector<std::string> strings_;
    // Raw spans in arrival order.
    std::vector<std::int64_t> start_, end_, rowId_;
    std::vector<SpanId> spanId_;
    std::vector<std::uint64_t> parentKey_; // 0: no parent
    std::vector<std::uint32_t> service_, name_, message_;
    std::vector<std::uint8_t> status_, kind_;
};

} // namespace casebook
