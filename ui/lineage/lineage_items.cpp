#include "ui/lineage/lineage_items.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace casebook::ui {

QFont nodeNameFont(const QFont& base) {
    QFont f = base;
    f.setBold(true);
    return f;
}

QFont nodeDetailFont(const QFont& base) {
    QFont f = base;
    f.setBold(false);
    f.setPointSizeF(base.pointSizeF() * 0.88);
    return f;
}

QPainterPath nodeOutline(const QString& kind, const QRectF& r) {
    QPainterPath p;
    const double cap = std::min(8.0, r.height() / 5);
    if (kind == QStringLiteral("dataset")) {
        // A cylinder: the side walls with an ellipse on top and a half one at the bottom.
        p.moveTo(r.left(), r.top() + cap / 2);
        p.arcTo(QRectF(r.left(), r.top(), r.width(), cap), 180, -180);
        p.lineTo(r.right(), r.bottom() - cap / 2);
        p.arcTo(QRectF(r.left(), r.bottom() - cap, r.width(), cap), 0, -180);
        p.closeSubpath();
        p.moveTo(r.left(), r.top() + cap / 2);
        p.arcTo(QRectF(r.left(), r.top(), r.width(), cap), 180, 180);
    } else if (kind == QStringLiteral("dashboard")) {
        // A tab on the top left.
        const double tab = std::min(36.0, r.width() / 3);
        p.moveTo(r.left(), r.top());
        p.lineTo(r.left() + tab, r.top());
        p.lineTo(r.left() + tab + 4, r.top() + 5);
        p.lineTo(r.right(), r.top() + 5);
        p.lineTo(r.right(), r.bottom());
        p.lineTo(r.left(), r.bottom());
        p.closeSubpath();
    } else if (kind == QStringLiteral("sync")) {
        // An arrow pointing on to what it writes.
        const double point = std::min(12.0, r.height() / 2);
        p.moveTo(r.left(), r.top());
        p.lineTo(r.right() - point, r.top());
        p.lineTo(r.right(), r.center().y());
        p.lineTo(r.right() - point, r.bottom());
        p.lineTo(r.left(), r.bottom());
        p.closeSubpath();
    } else if (kind == QStringLiteral("journey")) {
        const double point = std::min(10.0, r.height() / 2);
        p.moveTo(r.left() + point, r.top());
        p.lineTo(r.right() - point, r.top());
        p.lineTo(r.right(), r.center().y());
        p.lineTo(r.right() - point, r.bottom());
        p.lineTo(r.left() + point, r.bottom());
        p.lineTo(r.left(), r.center().y());
        p.closeSubpath();
    } else if (kind == QStringLiteral("model")) {
        p.addRoundedRect(r.adjusted(5, 0, 0, 0), 3, 3);
        p.addRect(QRectF(r.left(), r.top() + r.height() * 0.22, 10, 6));
        p.addRect(QRectF(r.left(), r.top() + r.height() * 0.62, 10, 6));
    } else if (kind == QStringLiteral("other")) {
        const double fold = 8;
        p.moveTo(r.left(), r.top());
        p.lineTo(r.right() - fold, r.top());
        p.lineTo(r.right(), r.top() + fold);
        p.lineTo(r.right(), r.bottom());
        p.lineTo(r.left(), r.bottom());
        p.closeSubpath();
    } else if (kind == QStringLiteral("group")) {
        p.moveTo(r.left(), r.top() + 5);
        p.lineTo(r.left() + 24, r.top() + 5);
        p.lineTo(r.left() + 28, r.top());
        p.lineTo(r.left() + 52, r.top());
        p.lineTo(r.left() + 56, r.top() + 5);
        p.lineTo(r.right(), r.top() + 5);
        p.lineTo(r.right(), r.bottom());
        p.lineTo(r.left(), r.bottom());
        p.closeSubpath();
    } else {
        p.addRoundedRect(r, 4, 4);
    }
    return p;
}

LineageNodeItem::LineageNodeItem(int viewIndex, const QSizeF& size, NodeLook look)
    : viewIndex_(viewIndex),
      rect_(-size.width() / 2, -size.height() / 2, size.width(), size.height()),
      look_(std::move(look)), outline_(nodeOutline(look_.kind, rect_)) {
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    // Boxes repaint from a pixmap while the view only pans.
    setCacheMode(DeviceCoordinateCache);
    if (look_.dimmed)
        setOpacity(0.35);
    setToolTip(look_.name + u'\n' + look_.detail);
}

QRectF LineageNodeItem::boundingRect() const {
    return rect_.adjusted(-6, -6, 6, 6);
}

void LineageNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool group = look_.kind == QStringLiteral("group");
    QPen pen(look_.stroke, look_.focus ? 3.0 : 1.6);
    if (group)
        pen.setStyle(Qt::DashLine);
    if (isSelected() && lod >= 0.2) {
        // A halo around the box, so the status outline stays readable.
        painter->setPen(QPen(option->palette.highlight().color(), 2.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(rect_.adjusted(-3.5, -3.5, 3.5, 3.5), 5, 5);
    }
    painter->setPen(pen);
    painter->setBrush(look_.fill);
    if (lod < 0.2) {
        painter->drawRect(rect_);
        return;
    }
    if (look_.onPath) {
        painter->save();
        painter->setPen(QPen(QColor(0xd9, 0x48, 0x0f), 6.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(outline_);
        painter->restore();
    }
    painter->drawPath(outline_);
    if (lod < 0.4)
        return;
    const QRectF text = rect_.adjusted(14, 6, look_.kind == QStringLiteral("sync") ? -14 : -12, -5);
    const QFont nameFont = group ? nodeDetailFont(look_.font) : nodeNameFont(look_.font);
    painter->setFont(nameFont);
    painter->setPen(look_.text);
    const QFontMetricsF nameMetrics(nameFont);
    const double half = text.height() / 2;
    painter->drawText(QRectF(text.left(), text.top(), text.width(), half),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(look_.name, Qt::ElideMiddle, text.width()));
    const QFont detailFont = nodeDetailFont(look_.font);
    painter->setFont(detailFont);
    painter->setPen(look_.detailText);
    const QFontMetricsF detailMetrics(detailFont);
    painter->drawText(QRectF(text.left(), text.top() + half, text.width(), half),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      detailMetrics.elidedText(look_.detail, Qt::ElideRight, text.width()));
}

LineageEdgeItem::LineageEdgeItem(const QPainterPath& path, std::optional<QPointF> tip,
                                 const QPen& pen)
    : QGraphicsPathItem(path), tip_(tip) {
    setPen(pen);
    setZValue(-1);
    base_ = path.elementCount() ? path.currentPosition() : QPointF();
    bounds_ = path.boundingRect();
    if (tip_)
        bounds_ = bounds_.united(QRectF(*tip_, QSizeF(1, 1)));
    bounds_.adjust(-6, -6, 6, 6);
}

QRectF LineageEdgeItem::boundingRect() const {
    return bounds_;
}

void LineageEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setPen(pen());
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());
    if (!tip_)
        return;
    // The arrow head from the spline's end to the tip Graphviz left room for.
    const QPointF direction = *tip_ - base_;
    const double length = std::hypot(direction.x(), direction.y());
    if (length < 0.5)
        return;
    const QPointF unit = direction / length;
    const QPointF normal(-unit.y(), unit.x());
    const double width = std::max(3.5, pen().widthF() * 2.2);
    const QPolygonF head{*tip_, base_ + normal * width, base_ - normal * width};
    QPen solid = pen();
    solid.setStyle(Qt::SolidLine);
    painter->setPen(solid);
    painter->setBrush(pen().color());
    painter->drawPolygon(head);
}

} // namespace casebook::ui
