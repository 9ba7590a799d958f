#pragma once
// Key / value rows of one attribute object (span, resource, event or link attributes as
// the workspace stores them: a JSON object), sorted by key.

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <string_view>
#include <utility>

namespace casebook::ui {

class AttributeTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Key, Value, ColumnCount };

    explicit AttributeTableModel(QObject* parent = nullptr);

    // Not an object (or not JSON): no rows.
    void setJson(std::string_view json);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<std::pair<QString, QString>> rows_;
};

// The pairs of a JSON object sorted by key; nested values as compact JSON.
QList<std::pair<QString, QString>> attributePairs(std::string_view json);

} // namespace casebook::ui
