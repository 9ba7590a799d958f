#pragma once
// The details of the selected lineage node: what it is, its owners and mapped services,
// its status, last runs and errors, quality metrics and columns; with buttons that show
// its traces and logs in their panes (`service == X`) and focus the graph on it.

#include "core/lineage/node_details.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace casebook::ui {

class LineageDetailsPanel : public QWidget {
    Q_OBJECT
public:
    explicit LineageDetailsPanel(QWidget* parent = nullptr);

    void showDetails(const LineageNodeDetails& details, const NodeStatus& status, bool isFocus);
    void showMessage(const QString& text);

    QTextBrowser* body() const { return body_; }
    QPushButton* tracesButton() const { return traces_; }
    QPushButton* logsButton() const { return logs_; }
    QPushButton* focusButton() const { return focus_; }
    // `service == a or service == b`, or empty when the node maps to no service.
    QString serviceFilter() const { return filter_; }
    std::optional<std::int64_t> nodeId() const { return nodeId_; }

signals:
    void showTracesRequested(const QString& filter);
    void showLogsRequested(const QString& filter);
    void focusRequested(std::int64_t nodeId);

private:
    QLabel* title_;
    QTextBrowser* body_;
    QPushButton* traces_;
    QPushButton* logs_;
    QPushButton* focus_;
    QString filter_;
    std::optional<std::int64_t> nodeId_;
};

// The HTML the panel shows (apart for tests).
QString lineageDetailsHtml(const LineageNodeDetails& details, const NodeStatus& status);

} // namespace casebook::ui
