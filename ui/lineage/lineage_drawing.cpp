#include "ui/lineage/lineage_drawing.h"

#include "core/layout/layout_cache.h"
#include "core/layout/layout_codec.h"
#include "core/layout/layout_process.h"
#include "core/lineage/view_layout.h"
#include "core/store/workspace.h"
#include "ui/util/text.h"

namespace casebook::ui {

DrawingOutcome makeLineageDrawing(const DrawingRequest& request, std::stop_token stop) {
    DrawingOutcome outcome;
    const LineageSnapshot& snapshot = *request.snapshot;
    LineageDrawing drawing;
    drawing.snapshot = request.snapshot;
    drawing.view = request.focused
                       ? buildLineageView(snapshot.graph, *request.focused, &snapshot.status)
                       : wholeLineageView(snapshot.graph, request.filter, &snapshot.status);
    outcome.nodes = drawing.view.nodes.size();
    if (drawing.view.nodes.empty()) {
        outcome.drawing = std::move(drawing);
        return outcome;
    }
    drawing.request =
        layoutRequestFor(drawing.view, snapshot.graph, &snapshot.status, sizerFor(request.metrics));
    const std::string key = layoutCacheKey(drawing.request);

    // The cache is an optimisation: a workspace that cannot be written is laid out anew.
    std::unique_ptr<Workspace> ws;
    try {
        ws = Workspace::open(toFsPath(snapshot.workspacePath), Workspace::OpenMode::OpenExisting);
        if (auto cached = cachedLayout(*ws, snapshot.scope, key)) {
            drawing.layout = std::move(*cached);
            drawing.fromCache = true;
            outcome.drawing = std::move(drawing);
            return outcome;
        }
    } catch (const std::exception&) {
        ws.reset();
    }
    const ProcessLayout laid =
        layoutInChildProcess(drawing.request, findLayoutHelper(), request.timeLimit, stop);
    switch (laid.status) {
    case ProcessLayout::Status::Done:
        break;
    case ProcessLayout::Status::TimedOut:
        outcome.abandoned = true;
        outcome.problem =
            QStringLiteral("The layout of %1 nodes did not finish within %2 s and was abandoned.")
                .arg(outcome.nodes)
                .arg(static_cast<double>(request.timeLimit.count()) / 1000.0, 0, 'g', 3);
        return outcome;
    case ProcessLayout::Status::Cancelled:
        outcome.problem = QStringLiteral("cancelled");
        return outcome;
    case ProcessLayout::Status::Failed:
        outcome.problem = QStringLiteral("The layout failed: %1").arg(toQString(laid.error));
        return outcome;
    }
    drawing.layout = laid.result;
    drawing.layoutSeconds = laid.seconds;
    if (ws) {
        try {
            storeLayout(*ws, snapshot.scope, key, drawing.layout);
        } catch (const std::exception&) {
            // Not cached this time; the drawing is still right.
        }
    }
    outcome.drawing = std::move(drawing);
    return outcome;
}

} // namespace casebook::ui
