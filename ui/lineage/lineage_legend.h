#pragma once
// A one-line key under the lineage graph: the shape and colour of each kind, and the
// outline colour of each status.

#include <QWidget>

namespace casebook::ui {

class LineageLegend : public QWidget {
    Q_OBJECT
public:
    explicit LineageLegend(QWidget* parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {0, sizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent* event) override;
};

} // namespace casebook::ui
