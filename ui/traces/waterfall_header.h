#pragma once
// The strip above the waterfall rows: the service legend, a minimap of the whole trace
// (span density over time, errors in red, the visible window as a rectangle; click or
// drag to move the window) and the time ruler (drag a range on it to zoom to it).

#include "ui/traces/waterfall_layout.h"

#include <QWidget>

#include <optional>

namespace casebook::ui {

class WaterfallView;

class WaterfallHeader : public QWidget {
    Q_OBJECT
public:
    explicit WaterfallHeader(WaterfallView* view);

    static constexpr int kLegendHeight = 22;
    static constexpr int kMinimapHeight = 30;
    static constexpr int kRulerHeight = 24;
    static constexpr int kHeight = kLegendHeight + kMinimapHeight + kRulerHeight;

    QRect minimapRect() const;
    QRect rulerRect() const;
    // The minimap maps the whole trace onto its width.
    waterfall::TimeAxis minimapAxis() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void paintLegend(QPainter& p, const QRect& rect);
    void paintMinimap(QPainter& p, const QRect& rect);
    void paintRuler(QPainter& p, const QRect& rect);
    void centerWindowAt(int x);

    WaterfallView* view_;
    enum class Drag { None, Minimap, Ruler } drag_ = Drag::None;
    int rulerFrom_ = 0;
    int rulerTo_ = 0;
};

} // namespace casebook::ui
