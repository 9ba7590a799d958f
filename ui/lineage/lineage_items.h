#pragma once
// The graphics items of the lineage scene: a node box shaped and coloured by kind and
// outlined by status (folded groups as dashed folders), and an edge following Graphviz's
// spline with an arrow head. Items paint less as the view zooms out (no text below 40%,
// plain boxes below 20%), so a 2,000-node scene pans and zooms smoothly.

#include <QColor>
#include <QFont>
#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QLineF>
#include <QPainterPath>
#include <QPolygonF>
#include <QString>

#include <vector>

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
    void prepareText();

    int viewIndex_;
    QRectF rect_;
    NodeLook look_;
    QPainterPath outline_;
    // The two lines, elided and placed once: a repaint only draws the glyphs.
    QFont nameFont_, detailFont_;
    QString name_, detail_;
    QPointF namePos_, detailPos_;
};

// Every edge of a drawing in one item: a scene of thousands of edges then costs one item
// to find and paint, and the item draws only the edges that cross the exposed area. When
// many edges show at once (zoomed out, or a dense graph) they are drawn with thin
// aliased lines, which the raster engine draws several times faster; close up, few edges
// show and they get antialiased strokes and arrow heads.
class LineageEdgeLayer : public QGraphicsItem {
public:
    enum { Type = UserType + 62 };
    enum class Style { Normal, Dashed, OnPath, Dimmed };
    struct Edge {
        QPainterPath path;
        QPolygonF line;   // the spline flattened, for fast drawing
        QPolygonF coarse; // the spline's joints only, for far out
        std::optional<QPointF> tip;
        QPointF base; // where the spline ends and the arrow head starts
        QRectF bounds;
        Style style = Style::Normal;
    };

    // `background` is what the lines are drawn over (the view's base colour).
    LineageEdgeLayer(std::vector<Edge> edges, QColor color, QColor dimmed, QColor background);

    int type() const override { return Type; }
    int edgeCount() const { return static_cast<int>(edges_.size()); }
    void setAlwaysSmooth(bool on) { alwaysSmooth_ = on; }
    QRectF boundingRect() const override { return bounds_; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    // Above this many edges in view, lines are drawn aliased and one pixel wide.
    static constexpr int kFastLines = 120;

private:
    std::vector<Edge> edges_;
    QColor color_, dimmed_, background_;
    QRectF bounds_;
    bool alwaysSmooth_ = false;
    std::vector<QLineF> segments_; // reused between paints
};

// Far out (below 40% zoom) boxes are plain coloured rectangles: this one item paints them
// all, grouped by colour, and the node items are hidden, so that a fitted view of thousands
// of nodes is a handful of paint calls instead of one per box.
class LineageOverviewLayer : public QGraphicsItem {
public:
    enum { Type = UserType + 63 };
    static constexpr double kDetailZoom = 0.4;
    struct Box {
        QRectF rect;
        QColor fill, stroke;
    };
    explicit LineageOverviewLayer(std::vector<Box> boxes);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return bounds_; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    struct Batch {
        QColor color;
        std::vector<QRectF> rects;
    };
    std::vector<Batch> strokes_, fills_;
    std::vector<QRectF> all_;
    QRectF bounds_;
};

// The fonts node boxes paint their two lines with, from the scene's font.
QFont nodeNameFont(const QFont& base);
QFont nodeDetailFont(const QFont& base);

// The outline of a node of `kind` in `rect` (the shapes of core/lineage/view_layout.h).
QPainterPath nodeOutline(const QString& kind, const QRectF& rect);

} // namespace casebook::ui
