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
    if (look_.dimmed)
        setOpacity(0.35);
    setToolTip(look_.name + u'\n' + look_.detail);
    prepareText();
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
    if (isSelected()) {
        // A halo around the box, so the status outline stays readable.
        painter->setPen(QPen(option->palette.highlight().color(), 2.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(rect_.adjusted(-3.5, -3.5, 3.5, 3.5), 5, 5);
    }
    if (lod < LineageOverviewLayer::kDetailZoom) {
        // Far out a box is a coloured rectangle outlined by its status (the overview layer
        // paints those when the view hides the boxes; this is for other painters).
        painter->fillRect(rect_, look_.stroke);
        const double border = std::min(1.5 / lod, rect_.height() / 4);
        painter->fillRect(rect_.adjusted(border, border, -border, -border), look_.fill);
        return;
    }
    painter->setPen(pen);
    painter->setBrush(look_.fill);
    if (look_.onPath) {
        painter->save();
        painter->setPen(QPen(QColor(0xd9, 0x48, 0x0f), 6.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(outline_);
        painter->restore();
    }
    painter->drawPath(outline_);
    painter->setFont(nameFont_);
    painter->setPen(look_.text);
    painter->drawText(namePos_, name_);
    painter->setFont(detailFont_);
    painter->setPen(look_.detailText);
    painter->drawText(detailPos_, detail_);
}

void LineageNodeItem::prepareText() {
    const bool group = look_.kind == QStringLiteral("group");
    const QRectF text = rect_.adjusted(14, 6, look_.kind == QStringLiteral("sync") ? -14 : -12, -5);
    nameFont_ = group ? nodeDetailFont(look_.font) : nodeNameFont(look_.font);
    detailFont_ = nodeDetailFont(look_.font);
    const QFontMetricsF nameMetrics(nameFont_), detailMetrics(detailFont_);
    name_ = nameMetrics.elidedText(look_.name, Qt::ElideMiddle, text.width());
    detail_ = detailMetrics.elidedText(look_.detail, Qt::ElideRight, text.width());
    // Baselines centred in each half of the box.
    const double half = text.height() / 2;
    namePos_ =
        QPointF(text.left(), text.top() + (half - nameMetrics.height()) / 2 + nameMetrics.ascent());
    detailPos_ = QPointF(text.left(), text.top() + half + (half - detailMetrics.height()) / 2 +
                                          detailMetrics.ascent());
}

LineageOverviewLayer::LineageOverviewLayer(std::vector<Box> boxes) {
    setZValue(0.5);
    setFlag(ItemUsesExtendedStyleOption);
    auto batch = [](std::vector<Batch>& batches, const QColor& color) -> std::vector<QRectF>& {
        for (auto& b : batches)
            if (b.color == color)
                return b.rects;
        batches.push_back({color, {}});
        return batches.back().rects;
    };
    for (const auto& box : boxes) {
        batch(strokes_, box.stroke).push_back(box.rect);
        batch(fills_, box.fill).push_back(box.rect);
        all_.push_back(box.rect);
        bounds_ = bounds_.united(box.rect);
    }
}

void LineageOverviewLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
                                 QWidget*) {
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod >= kDetailZoom)
        return; // the node items paint themselves
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(Qt::NoPen);
    const QRectF exposed = option->exposedRect;
    std::vector<QRectF> visible;
    for (const auto& b : strokes_) {
        visible.clear();
        for (const auto& r : b.rects)
            if (r.intersects(exposed))
                visible.push_back(r);
        painter->setBrush(b.color);
        painter->drawRects(visible.data(), static_cast<int>(visible.size()));
    }
    // The fill inset by a pixel and a half, so the status shows as an outline.
    const double border = 1.5 / lod;
    for (const auto& b : fills_) {
        visible.clear();
        for (const auto& r : b.rects)
            if (r.intersects(exposed)) {
                const double inset = std::min(border, r.height() / 4);
                visible.push_back(r.adjusted(inset, inset, -inset, -inset));
            }
        painter->setBrush(b.color);
        painter->drawRects(visible.data(), static_cast<int>(visible.size()));
    }
    painter->setRenderHint(QPainter::Antialiasing, antialiased);
}

LineageEdgeLayer::LineageEdgeLayer(std::vector<Edge> edges, QColor color, QColor dimmed,
                                   QColor background)
    : edges_(std::move(edges)), color_(color), dimmed_(dimmed), background_(background) {
    setZValue(-1);
    setFlag(ItemUsesExtendedStyleOption); // exposedRect names the area to paint
    for (auto& e : edges_) {
        const auto polygons = e.path.toSubpathPolygons();
        if (!polygons.isEmpty())
            e.line = polygons.first();
        // The paths are a move and cubic pieces (three elements each): every third
        // element is on the curve.
        for (int i = 0; i < e.path.elementCount(); i += 3) {
            const auto element = e.path.elementAt(i);
            e.coarse.append(QPointF(element.x, element.y));
        }
        e.bounds = e.path.boundingRect();
        if (e.tip)
            e.bounds = e.bounds.united(QRectF(*e.tip, QSizeF(1, 1)));
        e.bounds.adjust(-6, -6, 6, 6);
        bounds_ = bounds_.united(e.bounds);
    }
}

namespace {

QColor opaqueOver(const QColor& color, const QColor& background) {
    const double a = color.alphaF();
    return QColor::fromRgbF(static_cast<float>(color.redF() * a + background.redF() * (1 - a)),
                            static_cast<float>(color.greenF() * a + background.greenF() * (1 - a)),
                            static_cast<float>(color.blueF() * a + background.blueF() * (1 - a)));
}

} // namespace

void LineageEdgeLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const QRectF exposed = option->exposedRect;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    std::vector<const Edge*> visible;
    visible.reserve(edges_.size());
    for (const auto& e : edges_)
        if (e.bounds.intersects(exposed))
            visible.push_back(&e);
    const bool fast =
        !alwaysSmooth_ && (static_cast<int>(visible.size()) > kFastLines || lod < 0.35);
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::Antialiasing, !fast);
    painter->setBrush(Qt::NoBrush);
    auto penFor = [&](Style style) {
        QPen pen(style == Style::OnPath   ? QColor(0xd9, 0x48, 0x0f)
                 : style == Style::Dimmed ? dimmed_
                                          : color_,
                 style == Style::OnPath ? 2.6 : 1.3);
        if (style == Style::Dashed)
            pen.setStyle(Qt::DashLine);
        if (style != Style::OnPath) {
            // Cosmetic one-pixel lines: the raster engine's cosmetic stroker draws them
            // several times faster than a stroked outline, antialiased or not.
            pen.setWidthF(lod >= 1.2 ? 1.3 * lod : 1.0);
            pen.setCosmetic(true);
        }
        return pen;
    };
    // Path edges last, on top.
    for (Style style : {Style::Dimmed, Style::Normal, Style::Dashed, Style::OnPath}) {
        const QPen pen = penFor(style);
        painter->setPen(pen);
        if (fast && style != Style::OnPath) {
            // An opaque colour that looks the same over the background: thousands of
            // translucent lines make the raster engine blend span lists big enough to be
            // split over Qt's thread pool, and on two cores those wake-ups cost ten times
            // the drawing (casebook-bench-lineage, fully zoomed out: 24 ms, opaque 2 ms).
            QPen flat = pen;
            flat.setColor(opaqueOver(pen.color(), background_));
            painter->setPen(flat);
            // Every line of the style in one call, in device pixels: far cheaper than a
            // path per edge. Far out most pieces of a curve are shorter than a pixel; they
            // are merged, so the engine strokes what can be seen, untransformed.
            const QTransform toDevice = painter->deviceTransform();
            segments_.clear();
            for (const Edge* e : visible) {
                if (e->style != style)
                    continue;
                const QPolygonF& points = lod < 0.5 ? e->coarse : e->line;
                if (points.isEmpty())
                    continue;
                QPointF last = toDevice.map(points.front());
                for (int i = 1; i < points.size(); ++i) {
                    const QPointF p = toDevice.map(points[i]);
                    if (i + 1 < points.size() && (p - last).manhattanLength() < 2.0)
                        continue;
                    segments_.emplace_back(last, p);
                    last = p;
                }
                if (e->tip && lod >= 0.3)
                    segments_.emplace_back(toDevice.map(e->base), toDevice.map(*e->tip));
            }
            if (!segments_.empty()) {
                painter->save();
                painter->resetTransform();
                painter->drawLines(segments_.data(), static_cast<int>(segments_.size()));
                painter->restore();
            }
            continue;
        }
        for (const Edge* e : visible)
            if (e->style == style) {
                if (style == Style::OnPath)
                    painter->drawPath(e->path);
                else
                    painter->drawPolyline(e->line);
            }
        if (lod < 0.3)
            continue; // arrow heads are specks this far out
        QPen solid = pen;
        solid.setStyle(Qt::SolidLine);
        painter->setPen(solid);
        painter->setBrush(pen.color());
        for (const Edge* e : visible) {
            if (e->style != style || !e->tip)
                continue;
            const QPointF direction = *e->tip - e->base;
            const double length = std::hypot(direction.x(), direction.y());
            if (length < 0.5)
                continue;
            const QPointF unit = direction / length;
            const QPointF normal(-unit.y(), unit.x());
            const double width = style == Style::OnPath ? 5.5 : 3.8;
            const QPointF head[3] = {*e->tip, e->base + normal * width, e->base - normal * width};
            painter->drawPolygon(head, 3);
        }
        painter->setBrush(Qt::NoBrush);
    }
    painter->setRenderHint(QPainter::Antialiasing, antialiased);
}

} // namespace casebook::ui
