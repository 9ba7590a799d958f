#pragma once
// What is wrong with a trace's data, counted and listed so the waterfall can mark it.
// Nothing is hidden or repaired beyond what the tree needs (orphans and loop members
// become roots); every span stays in the model.

#include "core/trace/trace_model.h"

#include <vector>

namespace casebook {

struct TraceQuality {
    std::vector<SpanIndex> orphans;            // parent id not in the trace
    std::vector<SpanIndex> duplicateIds;       // every span whose id another span shares
    std::vector<SpanIndex> startsBeforeParent; // clock skew
    std::vector<SpanIndex> endsAfterParent;    // clock skew
    std::vector<SpanIndex> endBeforeStart;
    std::vector<SpanIndex> parentLoops; // where a loop of parent ids was cut

    bool clean() const {
        return orphans.empty() && duplicateIds.empty() && startsBeforeParent.empty() &&
               endsAfterParent.empty() && endBeforeStart.empty() && parentLoops.empty();
    }
};

// Span indexes ascending (tree order) in each list.
TraceQuality traceQuality(const TraceModel& model);

} // namespace casebook
