#pragma once
// The lineage canvas: drag to pan, wheel (or +/-) to zoom about the pointer, 0 or F to fit;
// a click selects a node or opens a folded group, a double click focuses a node, and the
// context menu offers the node's actions (the pane fills it).

#include <QGraphicsView>

namespace casebook::ui {

class LineageGraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit LineageGraphView(QWidget* parent = nullptr);

    // Fits the graph; it stays fitted as the view resizes until the investigator zooms.
    void fitAll();
    void zoomBy(double factor);
    double zoom() const { return transform().m11(); }
    // Keeps the node centred and at a readable zoom.
    void centreOnItem(QGraphicsItem* item);

signals:
    void nodeClicked(int viewIndex);
    void nodeActivated(int viewIndex);
    void nodeMenuRequested(int viewIndex, const QPoint& globalPos);
    void backgroundClicked();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    int nodeAt(const QPoint& viewPos) const;
    bool autoFit_ = true; // refit on resize until the investigator zooms
    QPoint pressPos_;
    int pressedNode_ = -1;
};

} // namespace casebook::ui
