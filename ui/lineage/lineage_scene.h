#pragma once
// The scene of one lineage drawing: a node item per box, an edge item per spline, at the
// coordinates Graphviz computed (points, y down). Colours follow core's kind and status
// palette, muted on a dark theme.

#include "ui/lineage/lineage_snapshot.h"

#include <QGraphicsScene>
#include <QPalette>

#include <vector>

namespace casebook::ui {

class LineageNodeItem;

// The measures of the fonts node boxes paint with, taken on the GUI thread for the job
// that sizes the boxes.
NodeTextMetrics nodeTextMetrics(const QFont& sceneFont);

class LineageScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit LineageScene(QObject* parent = nullptr);

    // Replaces the items. `palette` decides light or dark colours.
    void setDrawing(const LineageDrawing& drawing, const QPalette& palette);
    void clearDrawing();

    int nodeItemCount() const { return static_cast<int>(nodes_.size()); }
    LineageNodeItem* nodeItem(int viewIndex) const;
    // The item of the node with this lineage_nodes row id, or null (groups have none).
    LineageNodeItem* itemOfNode(std::int64_t nodeId) const;
    int edgeItemCount() const { return edges_; }
    // An export draws every edge smoothly, however many there are.
    void setExportQuality(bool on);
    // Far out the overview layer paints the boxes and the node items are hidden; the view
    // says which as its zoom changes.
    void showDetail(bool detail);
    bool detailShown() const { return detail_; }

private:
    std::vector<LineageNodeItem*> nodes_;
    class LineageEdgeLayer* edgeLayer_ = nullptr;
    std::vector<std::int64_t> nodeIds_; // per view index; 0 for groups
    int edges_ = 0;
    bool detail_ = true;
};

} // namespace casebook::ui
