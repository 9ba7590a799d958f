#pragma once
// The Timeline pane: the incident's one chronological list (changes, evidence, notes,
// checks, decisions, conclusions, marks), filtered by kind, in UTC and local time, with
// titles the author edits in place; the detection / mitigation / resolution marks and
// the impact figures they give; and the export in Markdown, HTML, PDF or JSON. Reads and
// writes run as jobs; a double click on evidence opens it in the other panes.

#include "core/casefile/case_file.h"
#include "core/export/export_writers.h"
#include "ui/jobs/job_runner.h"

#include <QWidget>

#include <functional>
#include <map>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace casebook::ui {

class InvestigationContext;
class TimelineModel;

class TimelinePane : public QWidget {
    Q_OBJECT
public:
    // Asked for a mark's time, suggesting the selected entry's; nothing cancels.
    using MarkTimeProvider = std::function<std::optional<std::int64_t>(
        QWidget* parent, MarkKind kind, std::optional<std::int64_t> suggested)>;
    // Asked where an export goes; an empty path cancels.
    using ExportPathProvider = std::function<QString(QWidget* parent, ExportFormat format)>;

    TimelinePane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    void setMarkTimeProvider(MarkTimeProvider provider) { markTime_ = std::move(provider); }
    void setExportPathProvider(ExportPathProvider provider) { exportPath_ = std::move(provider); }

    void setMark(MarkKind kind);
    void exportAs(ExportFormat format);
    bool isBusy() const;

    TimelineModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QToolButton* kindToggle(TimelineKind kind) const;
    QLineEdit* incidentTitleEdit() const { return incident_; }
    QLabel* impactLabel() const { return impact_; }
    QLabel* statusLabel() const { return status_; }

signals:
    void loaded();
    void exported(const QString& path);
    void failed(const QString& message);

private:
    struct Loaded;
    void reload();
    void updateCounts();
    template <typename Write> void write(Write write);

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot loadSlot_;
    JobSlot writeSlot_;
    JobSlot exportSlot_;
    TimelineModel* model_;
    QLineEdit* incident_;
    std::map<TimelineKind, QToolButton*> toggles_;
    // The findings and SLO alerts of the workspace and scope shown (analysed once).
    std::shared_ptr<const std::vector<TimelineEntry>> analysed_;
    QToolButton* marks_;
    QToolButton* export_;
    QTableView* table_;
    QLabel* impact_;
    QLabel* status_;
    MarkTimeProvider markTime_;
    ExportPathProvider exportPath_;
    QString loadedTitle_;
};

} // namespace casebook::ui
