#pragma once
// Timeline entries computed from the telemetry rather than read from the case: the SLO
// alerts of every SLO in scope (page and ticket stretches, merged per severity) and the
// "what changed" findings graded warning or error. They cost an analysis each time, so a
// timeline asks for them only when its query says so.

#include "core/store/scope.h"
#include "core/timeline/timeline.h"

#include <vector>

namespace casebook {

class Workspace;

void addSloAlerts(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out);
void addFindings(Workspace& ws, const Scope& scope, std::vector<TimelineEntry>& out);

} // namespace casebook
