#include "ui/lineage/impact_table_model.h"

#include "ui/util/text.h"

#include <QColor>

#include <algorithm>

namespace casebook::ui {

void ImpactTableModel::setImpact(ImpactDataPtr impact) {
    beginResetModel();
    impact_ = std::move(impact);
    endResetModel();
}

int ImpactTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !impact_ ? 0 : static_cast<int>(impact_->report.items.size());
}

int ImpactTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImpactTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& item = impact_->report.items[static_cast<std::size_t>(index.row())];
    const auto& graph = impact_->snapshot->graph;
    const auto& node = graph.node(item.node);
    const NodeStatus& status = impact_->snapshot->status.of(node.id);
    if (role == NodeIdRole)
        return QVariant::fromValue<qlonglong>(node.id);
    if (role == Qt::ToolTipRole)
        return toQString(pathText(graph, impact_->report.pathOf(item)));
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (status.state == RunState::Failed)
            return QColor(0xc8, 0x32, 0x32);
        if (status.stale)
            return QColor(0xc0, 0x7a, 0x0a);
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() == Hops)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Kind:
        return toQString(node.kind);
    case Node:
        return toQString(node.qualifiedName());
    case Hops:
        return item.hops;
    case Status: {
        QString text = toQString(runStateWord(status.state));
        if (status.stale)
            text += QStringLiteral(", stale");
        return text;
    }
    case Path: {
        // The hops between the focus and the node, by name; the tooltip has it in full.
        QStringList names;
        for (NodeIndex n : impact_->report.pathOf(item))
            names.append(toQString(graph.node(n).name));
        return names.join(QStringLiteral(" \u2192 "));
    }
    default:
        return {};
    }
}

QVariant ImpactTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Kind:
        return tr("Kind");
    case Node:
        return tr("Node");
    case Hops:
        return tr("Hops");
    case Status:
        return tr("Status");
    case Path:
        return tr("Path");
    default:
        return {};
    }
}

void NodeSearchModel::setMatches(QList<Match> matches) {
    beginResetModel();
    matches_ = std::move(matches);
    endResetModel();
}

int NodeSearchModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(matches_.size());
}

QVariant NodeSearchModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& m = matches_[index.row()];
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return m.text;
    if (role == NodeIdRole)
        return QVariant::fromValue<qlonglong>(m.id);
    return {};
}

QList<NodeSearchModel::Match> searchLineageNodes(const LineageSnapshot& snapshot,
                                                 const QString& text, int limit) {
    struct Scored {
        int rank;
        NodeIndex node;
    };
    const QString needle = text.trimmed().toLower();
    std::vector<Scored> found;
    if (needle.isEmpty())
        return {};
    for (NodeIndex n = 0; n < snapshot.graph.nodeCount(); ++n) {
        const auto& node = snapshot.graph.node(n);
        const QString name = toQString(node.name).toLower();
        if (name == needle)
            found.push_back({0, n});
        else if (name.startsWith(needle))
            found.push_back({1, n});
        else if (name.contains(needle) || toQString(node.ns).toLower().contains(needle))
            found.push_back({2, n});
    }
    std::stable_sort(found.begin(), found.end(), [&](const Scored& a, const Scored& b) {
        if (a.rank != b.rank)
            return a.rank < b.rank;
        return snapshot.graph.node(a.node).name < snapshot.graph.node(b.node).name;
    });
    QList<NodeSearchModel::Match> out;
    for (const auto& s : found) {
        if (out.size() >= limit)
            break;
        const auto& node = snapshot.graph.node(s.node);
        out.append({node.id,
                    toQString(node.name) + QStringLiteral("  (") + toQString(node.kind) +
                        QStringLiteral(", ") + toQString(node.ns) + u')',
                    toQString(node.name)});
    }
    return out;
}

} // namespace casebook::ui
