#include "ui/lineage/lineage_legend.h"

#include "core/lineage/lineage_mapping.h"
#include "ui/lineage/lineage_colors.h"
#include "ui/lineage/lineage_items.h"
#include "ui/util/text.h"

#include <QPainter>

namespace casebook::ui {

LineageLegend::LineageLegend(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("lineageLegend"));
}

QSize LineageLegend::sizeHint() const {
    return {600, 2 * fontMetrics().height() + 10};
}

void LineageLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const double h = fm.height() - 2;
    double x = 4;
    double y = 3;
    const QColor text = palette().color(QPalette::WindowText);
    const QColor outline = palette().color(QPalette::Mid);
    for (auto kind : kLineageKinds) {
        const QRectF box(x, y, h * 1.7, h);
        p.setPen(QPen(outline, 1.0));
        p.setBrush(kindColor(kind, palette()));
        p.drawPath(nodeOutline(toQString(kind), box));
        x = box.right() + 4;
        p.setPen(text);
        const QString word = toQString(kind);
        p.drawText(QPointF(x, y + fm.ascent() - 1), word);
        x += fm.horizontalAdvance(word) + 12;
    }
    // Statuses on a second line.
    x = 4;
    y += fm.height() + 3;
    struct Sample {
        const char* word;
        NodeStatus status;
    };
    NodeStatus failed, stale, running, complete, never;
    failed.state = RunState::Failed;
    stale.state = RunState::Complete;
    stale.stale = true;
    running.state = RunState::Running;
    complete.state = RunState::Complete;
    for (const Sample& s :
         {Sample{"failed", failed}, Sample{"stale", stale}, Sample{"running", running},
          Sample{"complete", complete}, Sample{"never run", never}}) {
        p.setPen(QPen(statusColor(s.status, palette()), 2.5));
        p.drawLine(QPointF(x, y + h / 2), QPointF(x + 16, y + h / 2));
        x += 20;
        p.setPen(text);
        const QString word = QString::fromLatin1(s.word);
        p.drawText(QPointF(x, y + fm.ascent() - 1), word);
        x += fm.horizontalAdvance(word) + 12;
    }
}

} // namespace casebook::ui
