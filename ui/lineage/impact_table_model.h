#pragma once
// The impact list: every node affected by (or feeding) the focused node, business kinds
// first, with hops, status and the path from the focus. Filled in one go from a job's
// result (the list is the closure, already in memory), never paged from SQL.

#include "ui/lineage/lineage_snapshot.h"

#include <QAbstractTableModel>

namespace casebook::ui {

struct ImpactData {
    LineageSnapshotPtr snapshot;
    ImpactReport report;
};
using ImpactDataPtr = std::shared_ptr<const ImpactData>;

class ImpactTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Kind, Node, Hops, Status, Path, ColumnCount };
    static constexpr int NodeIdRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    void setImpact(ImpactDataPtr impact);
    const ImpactDataPtr& impact() const { return impact_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    ImpactDataPtr impact_;
};

// A few nodes whose names contain the text, for the search field's completer.
class NodeSearchModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int NodeIdRole = Qt::UserRole + 1;
    struct Match {
        std::int64_t id = 0;
        QString text; // "name (kind, namespace)"
        QString name;
    };
    using QAbstractListModel::QAbstractListModel;

    void setMatches(QList<Match> matches);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    QList<Match> matches_;
};

// Nodes of the snapshot whose name or namespace contains `text` (case-insensitive), exact
// names first, at most `limit`. Runs on a worker.
QList<NodeSearchModel::Match> searchLineageNodes(const LineageSnapshot& snapshot,
                                                 const QString& text, int limit);

} // namespace casebook::ui
