#include "ui/lineage/lineage_scene.h"

#include "core/lineage/view_layout.h"
#include "ui/lineage/lineage_colors.h"
#include "ui/lineage/lineage_items.h"
#include "ui/util/text.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <QPen>

#include <unordered_map>

namespace casebook::ui {

namespace {

QPainterPath splinePath(const LayoutEdge& edge) {
    QPainterPath path;
    if (edge.points.empty())
        return path;
    path.moveTo(edge.points[0].x, edge.points[0].y);
    for (std::size_t i = 1; i + 2 < edge.points.size(); i += 3)
        path.cubicTo(edge.points[i].x, edge.points[i].y, edge.points[i + 1].x, edge.points[i + 1].y,
                     edge.points[i + 2].x, edge.points[i + 2].y);
    return path;
}

} // namespace

NodeTextMetrics nodeTextMetrics(const QFont& sceneFont) {
    NodeTextMetrics m;
    const QFontMetricsF name(nodeNameFont(sceneFont)), detail(nodeDetailFont(sceneFont));
    for (int c = 32; c < 127; ++c) {
        m.name[static_cast<std::size_t>(c)] = static_cast<float>(name.horizontalAdvance(QChar(c)));
        m.detail[static_cast<std::size_t>(c)] =
            static_cast<float>(detail.horizontalAdvance(QChar(c)));
    }
    m.nameWide = static_cast<float>(name.horizontalAdvance(QChar(u'W')));
    m.detailWide = static_cast<float>(detail.horizontalAdvance(QChar(u'W')));
    m.padding = 30;
    m.height = std::max(40.0, name.height() + detail.height() + 14);
    return m;
}

LineageScene::LineageScene(QObject* parent) : QGraphicsScene(parent) {
    // Static between drawings: the BSP index answers "what is visible" cheaply.
    setItemIndexMethod(BspTreeIndex);
}

void LineageScene::clearDrawing() {
    clear();
    nodes_.clear();
    nodeIds_.clear();
    edges_ = 0;
    edgeLayer_ = nullptr;
}

void LineageScene::setDrawing(const LineageDrawing& drawing, const QPalette& palette) {
    clearDrawing();
    const bool dark = isDarkPalette(palette);
    const auto& graph = drawing.snapshot->graph;
    const auto& status = drawing.snapshot->status;
    const auto& view = drawing.view;
    std::unordered_map<std::string, const LayoutNode*> placed;
    for (const auto& n : drawing.layout.nodes)
        placed.emplace(n.id, &n);
    const bool pathShown = !view.path.empty();
    const QColor text = palette.color(QPalette::Text);
    QColor detail = text;
    detail.setAlphaF(0.72f);

    nodes_.assign(view.nodes.size(), nullptr);
    nodeIds_.assign(view.nodes.size(), 0);
    for (std::size_t i = 0; i < view.nodes.size(); ++i) {
        const auto& n = view.nodes[i];
        const auto it = placed.find(drawing.request.nodes[i].id);
        if (it == placed.end())
            continue;
        const auto [first, second] = viewNodeLines(view, graph, &status, i);
        NodeLook look;
        look.name = toQString(first);
        look.detail = toQString(second);
        look.text = text;
        look.font = font();
        look.detailText = detail;
        look.focus = n.focus;
        look.onPath = n.onPath;
        look.dimmed = pathShown && !n.onPath && !n.focus;
        if (n.isGroup) {
            look.kind = QStringLiteral("group");
            look.fill = palette.color(QPalette::Base);
            look.stroke = palette.color(QPalette::Mid);
        } else {
            const auto& info = graph.node(n.node);
            look.kind = toQString(info.kind);
            look.fill = kindColor(info.kind, palette);
            look.stroke = statusColor(status.of(info.id), palette);
            nodeIds_[i] = info.id;
        }
        auto* item = new LineageNodeItem(
            static_cast<int>(i), QSizeF(it->second->width, it->second->height), std::move(look));
        item->setPos(it->second->center.x, it->second->center.y);
        addItem(item);
        nodes_[i] = item;
    }
    QColor edgeColor = palette.color(QPalette::Text);
    edgeColor.setAlphaF(dark ? 0.55f : 0.45f);
    QColor dimmedColor = edgeColor;
    dimmedColor.setAlphaF(0.16f);
    std::vector<LineageEdgeLayer::Edge> edges;
    edges.reserve(view.edges.size());
    for (std::size_t e = 0; e < drawing.layout.edges.size() && e < view.edges.size(); ++e) {
        const auto& laid = drawing.layout.edges[e];
        const auto& edge = view.edges[e];
        LineageEdgeLayer::Edge item;
        item.path = splinePath(laid);
        item.base = item.path.elementCount() ? item.path.currentPosition() : QPointF();
        if (laid.arrowTip)
            item.tip = QPointF(laid.arrowTip->x, laid.arrowTip->y);
        if (edge.onPath)
            item.style = LineageEdgeLayer::Style::OnPath;
        else if (pathShown)
            item.style = LineageEdgeLayer::Style::Dimmed;
        else if (edge.contracted || view.nodes[edge.from].isGroup || view.nodes[edge.to].isGroup)
            item.style = LineageEdgeLayer::Style::Dashed;
        edges.push_back(std::move(item));
    }
    edges_ = static_cast<int>(edges.size());
    edgeLayer_ = new LineageEdgeLayer(std::move(edges), edgeColor, dimmedColor,
                                      palette.color(QPalette::Base));
    addItem(edgeLayer_);
    std::vector<LineageOverviewLayer::Box> boxes;
    for (LineageNodeItem* item : nodes_) {
        if (!item)
            continue;
        boxes.push_back({item->mapRectToScene(item->boundingRect().adjusted(6, 6, -6, -6)),
                         item->look().fill, item->look().stroke});
        item->setVisible(detail_); // the view's current zoom decides
    }
    addItem(new LineageOverviewLayer(std::move(boxes)));
    setSceneRect(QRectF(-24, -24, drawing.layout.width + 48, drawing.layout.height + 48));
}

void LineageScene::showDetail(bool detail) {
    if (detail == detail_)
        return;
    detail_ = detail;
    for (LineageNodeItem* item : nodes_)
        if (item)
            item->setVisible(detail);
}

void LineageScene::setExportQuality(bool on) {
    if (edgeLayer_)
        edgeLayer_->setAlwaysSmooth(on);
}

LineageNodeItem* LineageScene::nodeItem(int viewIndex) const {
    return viewIndex >= 0 && viewIndex < static_cast<int>(nodes_.size()) ? nodes_[viewIndex]
                                                                         : nullptr;
}

LineageNodeItem* LineageScene::itemOfNode(std::int64_t nodeId) const {
    for (std::size_t i = 0; i < nodeIds_.size(); ++i)
        if (nodeIds_[i] == nodeId)
            return nodes_[i];
    return nullptr;
}

} // namespace casebook::ui
