#pragma once
// The job that turns a snapshot and the pane's choices into a drawing: the view (focus,
// hops, folded groups, filters, path), its layout request, and the layout itself, taken
// from the workspace's cache or made by the casebook-layout helper process, which is
// killed at the time limit or when the pane asks for something else. Runs on a worker.

#include "ui/lineage/lineage_snapshot.h"

#include <chrono>
#include <stop_token>

namespace casebook::ui {

struct DrawingRequest {
    LineageSnapshotPtr snapshot;
    std::optional<LineageViewOptions> focused; // none: the whole lineage
    LineageViewFilter filter;                  // for the whole lineage (focused has its own)
    NodeTextMetrics metrics;
    std::chrono::milliseconds timeLimit{10'000};
};

struct DrawingOutcome {
    std::optional<LineageDrawing> drawing;
    // Why there is no drawing: the layout was abandoned at the time limit, or failed.
    QString problem;
    bool abandoned = false;
    std::size_t nodes = 0; // of the view that was to be laid out
};

DrawingOutcome makeLineageDrawing(const DrawingRequest& request, std::stop_token stop);

} // namespace casebook::ui
