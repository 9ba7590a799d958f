#include "core/trace/trace_quality.h"

namespace casebook {

TraceQuality traceQuality(const TraceModel& model) {
    TraceQuality q;
    const auto n = static_cast<SpanIndex>(model.size());
    for (SpanIndex i = 0; i < n; ++i) {
        const auto f = model.flags(i);
        if (f & kSpanOrphan)
            q.orphans.push_back(i);
        if (f & kSpanDuplicateId)
            q.duplicateIds.push_back(i);
        if (f & kSpanStartsBeforeParent)
            q.startsBeforeParent.push_back(i);
        if (f & kSpanEndsAfterParent)
            q.endsAfterParent.push_back(i);
        if (f & kSpanEndBeforeStart)
            q.endBeforeStart.push_back(i);
        if (f & kSpanCycle)
            q.parentLoops.push_back(i);
    }
    return q;
}

} // namespace casebook
