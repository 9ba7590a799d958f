#pragma once
// The files of every bundle imported into the workspace, newest bundle first, with
// what each file gave: accepted and rejected records, and whether it broke off.

#include "core/query/import_history.h"

#include <QAbstractTableModel>

#include <vector>

namespace casebook::ui {

class ImportFilesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Bundle, File, Kind, Format, Size, Accepted, Rejected, Status, Note, ColumnCount };
    // Unformatted values: qint64 for numbers, the plain text for others.
    static constexpr int ValueRole = Qt::UserRole + 1;
    // "ok", "partial" or "error" on every column.
    static constexpr int StateRole = Qt::UserRole + 2;

    using QAbstractTableModel::QAbstractTableModel;

    void setHistory(std::vector<BundleRecord> bundles);
    void clear();
    const std::vector<BundleRecord>& history() const { return bundles_; }
    std::int64_t rejectedTotal() const;
    int partialFiles() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        const BundleRecord* bundle;
        const FileReport* file;
    };
    std::vector<BundleRecord> bundles_;
    std::vector<Row> rows_;
};

} // namespace casebook::ui
