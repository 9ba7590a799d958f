#include "plugins/chrome/chrome_nesting.h"

#include <algorithm>

namespace casebook {

void chromeNest(std::vector<ChromeInterval>& intervals, std::vector<ChromeInstant>& instants,
                std::vector<std::uint32_t>& parents, std::vector<std::uint32_t>& enclosing) {
    // Outer slices first: by start, then longest, then file order. Writers that emit a
    // slice when it begins leave them in that order already.
    const auto outerFirst = [](const ChromeInterval& a, const ChromeInterval& b) {
        if (a.start != b.start)
            return a.start < b.start;
        if (a.end != b.end)
            return a.end > b.end;
        return a.ordinal < b.ordinal;
    };
    if (!std::is_sorted(intervals.begin(), intervals.end(), outerFirst))
        std::sort(intervals.begin(), intervals.end(), outerFirst);
    std::sort(instants.begin(), instants.end(), [](const ChromeInstant& a, const ChromeInstant& b) {
        return a.time != b.time ? a.time < b.time : a.ordinal < b.ordinal;
    });
    std::vector<const ChromeInterval*> open;
    std::size_t next = 0;
    // An instant at time t comes after the slices that start at t, so a slice that
    // starts with it encloses it.
    auto placeInstant = [&](const ChromeInstant& instant) {
        while (!open.empty() && open.back()->end < instant.time)
            open.pop_back();
        if (!open.empty())
            enclosing[instant.ordinal] = open.back()->ordinal;
    };
    for (const ChromeInterval& slice : intervals) {
        while (next < instants.size() && instants[next].time < slice.start)
            placeInstant(instants[next++]);
        while (!open.empty() && open.back()->end < slice.end)
            open.pop_back();
        if (!open.empty())
            parents[slice.ordinal] = open.back()->ordinal;
        open.push_back(&slice);
    }
    while (next < instants.size())
        placeInstant(instants[next++]);
}

} // namespace casebook
