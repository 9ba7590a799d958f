#pragma once
// What the Lineage pane works on: the lineage of the scope as of a moment, with its status
// overlay, loaded by a job into an immutable snapshot that later jobs (views, impact) share
// across threads; and the plain results those jobs hand back.

#include "core/layout/graph_layout.h"
#include "core/lineage/focused_view.h"
#include "core/lineage/impact.h"
#include "core/lineage/lineage_graph.h"
#include "core/lineage/node_details.h"
#include "core/lineage/node_status.h"
#include "core/lineage/view_layout.h"
#include "core/store/scope.h"

#include <QString>
#include <QStringList>

#include <array>

#include <memory>
#include <optional>

namespace casebook::ui {

struct LineageSnapshot {
    QString workspacePath;
    Scope scope;
    std::optional<std::int64_t> asOfNs; // none: everything known
    LineageGraph graph;
    LineageStatus status;
    std::int64_t firstNs = 0, lastNs = 0;    // the lineage's time range, for the replay slider
    QStringList namespaces, owners;          // what the filters offer
    std::optional<NodeIndex> suggestedFocus; // the most recently failed job, else a source
};
using LineageSnapshotPtr = std::shared_ptr<const LineageSnapshot>;

// Opens the workspace (read-only) on the calling thread.
LineageSnapshotPtr loadLineageSnapshot(const QString& workspacePath, const Scope& scope,
                                       std::optional<std::int64_t> asOfNs);

// A view with its layout, ready for the scene.
struct LineageDrawing {
    LineageSnapshotPtr snapshot;
    LineageView view;
    LayoutRequest request; // ids, labels and the shapes and colours of every box
    LayoutResult layout;
    bool fromCache = false;
    double layoutSeconds = 0;
};

// Average advance of the pane's node fonts, measured on the GUI thread, so that a job can
// size boxes the way they will be painted.
struct NodeTextMetrics {
    // Advances of the printable ASCII characters in the name (bold) and detail fonts;
    // other characters count as the widest of them.
    std::array<float, 128> name{}, detail{};
    float nameWide = 8, detailWide = 7;
    double padding = 30; // the box's left and right margins and its outline
    double height = 44;
    double maxWidth = 300;
};

LineageNodeSizer sizerFor(const NodeTextMetrics& metrics);

} // namespace casebook::ui
