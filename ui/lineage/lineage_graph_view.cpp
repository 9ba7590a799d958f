#include "ui/lineage/lineage_graph_view.h"

#include "ui/lineage/lineage_items.h"
#include "ui/lineage/lineage_scene.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace casebook::ui {

namespace {
constexpr double kMinZoom = 0.03, kMaxZoom = 4.0;
}

LineageGraphView::LineageGraphView(QWidget* parent) : QGraphicsView(parent) {
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    // Items stay within their bounding rectangles and restore what they change.
    setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
    setViewportUpdateMode(SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
}

void LineageGraphView::fitAll() {
    autoFit_ = true;
    if (!scene())
        return;
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
    // A small graph is not blown up far past its natural size.
    if (zoom() > 1.25)
        setTransform(QTransform::fromScale(1.25, 1.25));
    centerOn(scene()->sceneRect().center());
}

void LineageGraphView::paintEvent(QPaintEvent* event) {
    // Boxes are items only where they can be read; further out one layer paints them all.
    if (auto* lineage = qobject_cast<LineageScene*>(scene()))
        lineage->showDetail(zoom() >= LineageOverviewLayer::kDetailZoom);
    QGraphicsView::paintEvent(event);
}

void LineageGraphView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (autoFit_)
        fitAll();
}

void LineageGraphView::zoomBy(double factor) {
    autoFit_ = false;
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    const double applied = target / zoom();
    scale(applied, applied);
}

void LineageGraphView::centreOnItem(QGraphicsItem* item) {
    if (!item)
        return;
    if (zoom() < 0.6) {
        autoFit_ = false;
        setTransform(QTransform::fromScale(0.8, 0.8));
    }
    centerOn(item);
}

void LineageGraphView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ShiftModifier) {
        QGraphicsView::wheelEvent(event); // scroll
        return;
    }
    const double steps = event->angleDelta().y() / 120.0;
    zoomBy(std::pow(1.2, steps));
    event->accept();
}

void LineageGraphView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25);
        return;
    case Qt::Key_Minus:
        zoomBy(0.8);
        return;
    case Qt::Key_0:
    case Qt::Key_F:
        fitAll();
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

int LineageGraphView::nodeAt(const QPoint& viewPos) const {
    for (QGraphicsItem* item : items(viewPos))
        if (item->type() == LineageNodeItem::Type)
            return static_cast<LineageNodeItem*>(item)->viewIndex();
    return -1;
}

void LineageGraphView::mousePressEvent(QMouseEvent* event) {
    pressPos_ = event->position().toPoint();
    pressedNode_ = event->button() == Qt::LeftButton ? nodeAt(pressPos_) : -1;
    QGraphicsView::mousePressEvent(event);
}

void LineageGraphView::mouseReleaseEvent(QMouseEvent* event) {
    QGraphicsView::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton)
        return;
    // A drag pans; only a click (little movement) picks.
    if ((event->position().toPoint() - pressPos_).manhattanLength() > 4)
        return;
    const int node = nodeAt(event->position().toPoint());
    if (node >= 0 && node == pressedNode_)
        emit nodeClicked(node);
    else if (node < 0)
        emit backgroundClicked();
}

void LineageGraphView::mouseDoubleClickEvent(QMouseEvent* event) {
    const int node = nodeAt(event->position().toPoint());
    if (node >= 0)
        emit nodeActivated(node);
    else
        QGraphicsView::mouseDoubleClickEvent(event);
}

void LineageGraphView::contextMenuEvent(QContextMenuEvent* event) {
    const int node = nodeAt(event->pos());
    if (node >= 0)
        emit nodeMenuRequested(node, event->globalPos());
}

} // namespace casebook::ui
