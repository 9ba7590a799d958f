#pragma once
// The incident's timeline as a table: time in UTC and in local time, kind, title (which
// the author may edit), detail and tenant. The timeline of a case is small (the bundle's
// change events and what the investigation recorded), so it is read whole in one job and
// set in one go; the kind filter applies here without another read.

#include "core/timeline/timeline.h"

#include <QAbstractTableModel>

#include <set>
#include <vector>

namespace casebook::ui {

class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeUtc, TimeLocal, Kind, Title, Detail, Tenant, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, KindRole, TimeNsRole };

    explicit TimelineModel(QObject* parent = nullptr);

    void setEntries(std::vector<TimelineEntry> entries);
    // Only these kinds are shown; an empty set shows none.
    void setKinds(std::set<TimelineKind> kinds);
    const std::set<TimelineKind>& kinds() const { return kinds_; }
    const TimelineEntry* entryAt(int row) const;
    // Entries of a kind, shown or not.
    int countOf(TimelineKind kind) const;
    int rowOfKey(const QString& key) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Editing a title shows it at once and asks for it to be recorded (titleEdited).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    void titleEdited(const QString& key, const QString& title);

private:
    void filter();

    std::vector<TimelineEntry> all_;
    std::vector<std::size_t> shown_; // indexes into all_
    std::set<TimelineKind> kinds_;
};

// "Change", "Evidence", ... for people.
QString timelineKindLabel(TimelineKind kind);

} // namespace casebook::ui
