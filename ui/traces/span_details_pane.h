#pragma once
// What one span says beyond its bar: name, service, kind, status, times, its attributes
// and its resource's, events and links. The model in memory gives the first few; the
// rest is fetched with spanDetails() in a job when the span is selected. A link to a
// span of the workspace jumps there through the InvestigationContext.

#include "core/model/ids.h"
#include "core/trace/trace_model.h"
#include "ui/jobs/job_runner.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QFormLayout;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace casebook::ui {

class AttributeTableModel;
class InvestigationContext;
struct TraceData;

class SpanDetailsPane : public QWidget {
    Q_OBJECT
public:
    SpanDetailsPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    // Shows the span now from the model and fetches the rest.
    void showSpan(std::shared_ptr<const TraceData> data, SpanIndex span);
    void clear();
    bool isLoading() const;
    SpanIndex span() const { return span_; }

    AttributeTableModel* attributesModel() const { return attributes_; }
    AttributeTableModel* resourceModel() const { return resource_; }
    QTreeWidget* eventsTree() const { return events_; }
    QLabel* linksLabel() const { return links_; }
    QLabel* titleLabel() const { return title_; }
    // The value label of a field ("service", "kind", "status", "start", "duration", "self").
    QLabel* field(const QString& name) const;
    // Follows link `index` of the shown span, if its target is in the workspace.
    bool followLink(int index);
    int linkCount() const { return static_cast<int>(linkTargets_.size()); }

signals:
    void showLogsRequested(const casebook::TraceId& trace,
                           const std::optional<casebook::SpanId>& span);
    // Pin this span (or, without a span, the whole trace) to the case as evidence.
    void pinRequested(const casebook::TraceId& trace, const std::optional<casebook::SpanId>& span);
    // The fetched details are shown.
    void loaded();

private:
    struct LinkTarget {
        TraceId trace;
        SpanId span;
        bool inWorkspace = false;
    };
    struct Fetched;
    void showFetched(const Fetched& fetched);
    void setFieldsFromModel();
    QLabel* addField(QFormLayout* form, const QString& key, const QString& label);

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot slot_;
    std::shared_ptr<const TraceData> data_;
    SpanIndex span_ = kNoSpan;
    QLabel* title_;
    QLabel* status_;
    std::vector<std::pair<QString, QLabel*>> fields_;
    QTabWidget* tabs_;
    AttributeTableModel* attributes_;
    AttributeTableModel* resource_;
    QTreeWidget* events_;
    QLabel* links_;
    std::vector<LinkTarget> linkTargets_;
    QPushButton* spanLogs_;
    QPushButton* traceLogs_;
    QPushButton* pinSpan_;
    QPushButton* pinTrace_;
};

} // namespace casebook::ui
