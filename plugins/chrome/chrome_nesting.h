#pragma once
// Parents by time containment, per thread. Chrome traces say nothing about parents:
// a slice's parent is the innermost slice of the same thread that contains it. Events
// of a thread do not come in time order (writers emit a complete event when it ends,
// so children often precede their parents), so the slices of a thread are sorted and
// swept with a stack, as catapult does. Instant events find their enclosing slice in
// the same sweep.

#include <cstdint>
#include <vector>

namespace casebook {

inline constexpr std::uint32_t kChromeNone = UINT32_MAX;

struct ChromeInterval {
    std::int64_t start = 0, end = 0;
    std::uint32_t ordinal = 0; // the span's number in the file, in order of its B or X
};

struct ChromeInstant {
    std::int64_t time = 0;
    std::uint32_t ordinal = 0; // the instant event's number in the file
};

// For one thread: sets parents[span ordinal] to the innermost interval that contains it
// (start <= its start, its end <= end) and enclosing[instant ordinal] to the innermost
// interval that contains the instant's time, else leaves kChromeNone. Of two slices
// with the same start and end, the earlier in the file is the parent. A slice that
// overlaps another without being contained in it is not its child. Sorts its inputs.
void chromeNest(std::vector<ChromeInterval>& intervals, std::vector<ChromeInstant>& instants,
                std::vector<std::uint32_t>& parents, std::vector<std::uint32_t>& enclosing);

} // namespace casebook
