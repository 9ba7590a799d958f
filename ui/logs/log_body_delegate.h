#pragma once
// Paints a log message with the words being searched for marked, the way a find bar
// marks them, so that a matching line shows why it matched.

#include <QStringList>
#include <QStyledItemDelegate>

namespace casebook::ui {

class LogBodyDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // Words of the search box (case-insensitive); empty marks nothing.
    void setTerms(const QStringList& terms) { terms_ = terms; }
    const QStringList& terms() const { return terms_; }

    // Where the terms occur in `text`: (start, length) pairs, sorted, not overlapping.
    static QList<QPair<int, int>> matches(const QString& text, const QStringList& terms);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

private:
    QStringList terms_;
};

} // namespace casebook::ui
