#pragma once
// The details of the selected lineage node: what it is, its owners and mapped services,
// its status, last runs and errors, quality metrics and columns; with buttons that show
// its traces and logs in their panes (`service == X`) and focus the graph on it.

#include "core/lineage/node_details.h"

#include <QList>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace casebook::ui {

// The column-level lineage of one column of the shown node, both ways, with the other
// nodes named (the panel lists it under the columns when a column is clicked).
struct ColumnLineageRow {
    QString node; // namespace/name
    QString column;
    int hops = 0;
    QString transformation;
};
struct ColumnLineageView {
    QString column;
    QList<ColumnLineageRow> upstream, downstream; // nearest first
};

class LineageDetailsPanel : public QWidget {
    Q_OBJECT
public:
    explicit LineageDetailsPanel(QWidget* parent = nullptr);

    void showDetails(const LineageNodeDetails& details, const NodeStatus& status, bool isFocus,
                     const ColumnLineageView* column = nullptr);
    void showMessage(const QString& text);

    QTextBrowser* body() const { return body_; }
    QPushButton* tracesButton() const { return traces_; }
    QPushButton* logsButton() const { return logs_; }
    QPushButton* metricsButton() const { return metrics_; }
    QPushButton* focusButton() const { return focus_; }
    // `service == a or service == b`, or empty when the node maps to no service.
    QString serviceFilter() const { return filter_; }
    std::optional<std::int64_t> nodeId() const { return nodeId_; }

signals:
    void showTracesRequested(const QString& filter);
    void showLogsRequested(const QString& filter);
    // The node's first mapped service, for the Metrics pane's series search.
    void showMetricsRequested(const QString& service);
    void focusRequested(std::int64_t nodeId);
    // A column name in the list was clicked: show where that column comes from and goes.
    void columnLineageRequested(std::int64_t nodeId, const QString& column);

private:
    QLabel* title_;
    QTextBrowser* body_;
    QPushButton* traces_;
    QPushButton* logs_;
    QPushButton* metrics_;
    QPushButton* focus_;
    QString filter_;
    QString firstService_;
    std::optional<std::int64_t> nodeId_;
};

// The HTML the panel shows (apart for tests). Column names are links ("column:NAME").
QString lineageDetailsHtml(const LineageNodeDetails& details, const NodeStatus& status,
                           const ColumnLineageView* column = nullptr);

} // namespace casebook::ui
