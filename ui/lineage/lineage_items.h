#pragma once
// The graphics items of the lineage scene: a node box shaped and coloured by kind and
// outlined by status (folded groups as dashed folders), and an edge following Graphviz's
// spline with an arrow head. Items paint less as the view zooms out (no text below 40%,
// plain boxes below 20%), so a 2,000-node scene pans and zooms smoothly.

#include <QColor>
#include <QFont>
#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QPainterPath>
#include <QString>

#include <optional>

namespace casebook::ui {

struct NodeLook {
    QString name, detail; // the two lines
    QString kind;         // dataset, job, ..., or "group"
    QColor fill, stroke, text, detailText;
    QFont font; // the scene's; the two lines derive from it
    bool focus = false, onPath = false, dimmed = false;
};

class LineageNodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 61 };
    LineageNodeItem(int viewIndex, const QSizeF& size, NodeLook look);

    int type() const override { return Type; }
    int viewIndex() const { return viewIndex_; }
    const NodeLook& look() const { return look_; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override { return outline_; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    int viewIndex_;
    QRectF rect_;
    NodeLook look_;
    QPainterPath outline_;
};

class LineageEdgeItem : public QGraphicsPathItem {
public:
    enum { Type = UserType + 62 };
    LineageEdgeItem(const QPainterPath& path, std::optional<QPointF> tip, const QPen& pen);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    std::optional<QPointF> tip_;
    QPointF base_;
    QRectF bounds_;
};

// The fonts node boxes paint their two lines with, from the scene's font.
QFont nodeNameFont(const QFont& base);
QFont nodeDetailFont(const QFont& base);

// The outline of a node of `kind` in `rect` (the shapes of core/lineage/view_layout.h).
QPainterPath nodeOutline(const QString& kind, const QRectF& rect);

} // namespace casebook::ui
