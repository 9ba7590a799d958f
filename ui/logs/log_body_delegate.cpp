#include "ui/logs/log_body_delegate.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace casebook::ui {

QList<QPair<int, int>> LogBodyDelegate::matches(const QString& text, const QStringList& terms) {
    QList<QPair<int, int>> found;
    for (const QString& term : terms) {
        if (term.isEmpty())
            continue;
        for (qsizetype at = text.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(term, at + term.size(), Qt::CaseInsensitive))
            found.append({static_cast<int>(at), static_cast<int>(term.size())});
    }
    std::sort(found.begin(), found.end());
    QList<QPair<int, int>> merged;
    for (const auto& m : found) {
        if (!merged.isEmpty() && m.first <= merged.last().first + merged.last().second) {
            auto& last = merged.last();
            last.second = std::max(last.first + last.second, m.first + m.second) - last.first;
        } else {
            merged.append(m);
        }
    }
    return merged;
}

void LogBodyDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    const auto found = matches(text, terms_);
    if (found.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The style draws the background and selection; the text is drawn here so that the
    // marks sit under exactly the characters they mark.
    opt.text.clear();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect textRect =
        style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(2, 0, -2, 0);
    const QString shown = opt.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width());
    painter->save();
    painter->setClipRect(textRect);
    const int baseline =
        textRect.top() +
        (textRect.height() + opt.fontMetrics.ascent() - opt.fontMetrics.descent()) / 2;
    const QColor mark(0xff, 0xd5, 0x4f, 200);
    for (const auto& [start, length] : found) {
        if (start >= shown.size())
            break;
        const int x = textRect.left() + opt.fontMetrics.horizontalAdvance(text.left(start));
        const int w = opt.fontMetrics.horizontalAdvance(text.mid(start, length));
        painter->fillRect(QRect(x, textRect.top() + 2, w, textRect.height() - 4), mark);
    }
    const bool selected = opt.state & QStyle::State_Selected;
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(textRect.left(), baseline, shown);
    painter->restore();
}

} // namespace casebook::ui
