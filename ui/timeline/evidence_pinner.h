#pragma once
// Pins evidence from the panes to the case: a span or a trace from the trace view, log
// lines from the Logs pane, the time window in view. Asks for a note first (the
// investigator may cancel), snapshots the rows in a job in the current scope, and tells
// the panes the case changed.

#include "core/analysis/findings.h"
#include "core/model/ids.h"
#include "ui/jobs/job_runner.h"
#include "ui/lineage/lineage_snapshot.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QWidget;

namespace casebook::ui {

class InvestigationContext;
struct ChartPin;

class EvidencePinner : public QObject {
    Q_OBJECT
public:
    // Asked for the note that goes with the evidence: returns it (perhaps empty), or
    // nothing to cancel. The default asks with a dialog; tests answer directly.
    using NoteProvider =
        std::function<std::optional<QString>(QWidget* parent, const QString& what)>;

    EvidencePinner(InvestigationContext* context, JobRunner* jobs, QWidget* dialogParent,
                   QObject* parent = nullptr);

    void setNoteProvider(NoteProvider provider) { notes_ = std::move(provider); }

    void pinSpan(const TraceId& trace, const std::optional<SpanId>& span);
    void pinLogLines(const QList<qint64>& ids);
    void pinTimeWindow();
    // A chart's lines over its range (ui/metrics/chart_pin.h).
    void pinChart(const casebook::ui::ChartPin& pin);
    // A finding of the Findings pane.
    void pinFinding(const casebook::Finding& finding);
    // An SLO of the Metrics pane's list, evaluated when pinned.
    void pinSlo(qint64 slo, const QString& name);
    // The impact of a node of the lineage as the Lineage pane shows it.
    void pinLineageImpact(const casebook::ui::LineageSnapshotPtr& snapshot, std::int64_t nodeId,
                          casebook::LineageDirection direction);

signals:
    void pinned(const QString& title);
    void failed(const QString& message);

private:
    template <typename Snapshot> void pin(const QString& what, Snapshot snapshot);

    InvestigationContext* context_;
    JobRunner* jobs_;
    QWidget* dialogParent_;
    NoteProvider notes_;
};

} // namespace casebook::ui
