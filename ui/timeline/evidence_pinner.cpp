#include "ui/timeline/evidence_pinner.h"

#include "core/analysis/metric_catalog.h"
#include "core/analysis/metric_samples.h"
#include "core/analysis/slo_evaluation.h"
#include "core/analysis/slo_store.h"
#include "core/casefile/case_file.h"
#include "core/casefile/chart_evidence.h"
#include "core/casefile/evidence_snapshot.h"
#include "core/casefile/pane_evidence.h"
#include "core/lineage/impact.h"
#include "core/store/workspace.h"
#include "ui/context/investigation_context.h"
#include "ui/metrics/chart_pin.h"
#include "ui/util/text.h"

#include <QInputDialog>
#include <QSettings>

namespace casebook::ui {
namespace {

std::optional<QString> askForNote(QWidget* parent, const QString& what) {
    bool ok = false;
    const QString note = QInputDialog::getText(
        parent, EvidencePinner::tr("Pin Evidence"),
        EvidencePinner::tr("Pin %1 to the case.\n\nNote (why it matters):").arg(what),
        QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return std::nullopt;
    return note.trimmed();
}

struct Pinned {
    QString title;
};

} // namespace

EvidencePinner::EvidencePinner(InvestigationContext* context, JobRunner* jobs,
                               QWidget* dialogParent, QObject* parent)
    : QObject(parent), context_(context), jobs_(jobs), dialogParent_(dialogParent),
      notes_(askForNote) {}

template <typename Snapshot> void EvidencePinner::pin(const QString& what, Snapshot snapshot) {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    if (path.isEmpty() || !scope)
        return;
    const std::optional<QString> note = notes_(dialogParent_, what);
    if (!note)
        return;
    QString author = QSettings().value(QStringLiteral("case/author")).toString();
    if (author.isEmpty())
        author = toQString(defaultAuthor());
    // A slot per pin: pins do not supersede one another.
    jobs_->run(
        jobs_->newSlot(), this,
        [path, scope = *scope, snapshot, note = *note, author](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::OpenExisting);
            EvidenceRecord record;
            record.evidence = snapshot(*ws, scope);
            record.note = note.toStdString();
            record.author = author.toStdString();
            CaseFile(*ws, scope).addEvidence(record);
            return Pinned{toQString(record.evidence.title)};
        },
        [this](JobResult<Pinned> result) {
            if (!result.ok()) {
                emit failed(tr("Could not pin the evidence: %1").arg(result.error));
                return;
            }
            context_->notifyCaseChanged();
            emit pinned(result.value->title);
        });
}

void EvidencePinner::pinSpan(const TraceId& trace, const std::optional<SpanId>& span) {
    if (span) {
        pin(tr("span %1").arg(toQString(span->hex())),
            [trace, span = *span](Workspace& ws, const Scope& scope) {
                return spanEvidence(ws, scope, trace, span);
            });
    } else {
        pin(tr("trace %1").arg(toQString(trace.hex())),
            [trace](Workspace& ws, const Scope& scope) { return traceEvidence(ws, scope, trace); });
    }
}

void EvidencePinner::pinLogLines(const QList<qint64>& ids) {
    if (ids.isEmpty())
        return;
    std::vector<std::int64_t> rows(ids.begin(), ids.end());
    pin(ids.size() == 1 ? tr("the selected log line") : tr("%1 log lines").arg(ids.size()),
        [rows](Workspace& ws, const Scope& scope) { return logLinesEvidence(ws, scope, rows); });
}

void EvidencePinner::pinTimeWindow() {
    const TimeWindow window = context_->timeWindow();
    if (!window.fromNs || !window.toNs)
        return;
    pin(tr("the time window"),
        [from = *window.fromNs, to = *window.toNs](Workspace&, const Scope&) {
            return timeRangeEvidence(from, to);
        });
}

void EvidencePinner::pinChart(const ChartPin& pin) {
    if (pin.chart.lines.empty() || pin.chart.toNs <= pin.chart.fromNs)
        return;
    this->pin(tr("the chart %1 over its range").arg(toQString(pin.chart.title)),
              [pin](Workspace& ws, const Scope& scope) {
                  ChartEvidenceInput input = pin.chart;
                  // The series as the workspace names it, read in the pinning scope.
                  if (pin.series && !input.series.empty()) {
                      if (const auto info = findSeries(ws, scope, *pin.series)) {
                          const auto views = defaultViews(*info);
                          input.series.front() = {
                              raw(info->id), info->name, info->tenant,
                              std::string(seriesViewName(views.empty() ? SeriesView::Value
                                                                       : views.front()))};
                      }
                  }
                  return chartEvidence(input);
              });
}

void EvidencePinner::pinFinding(const Finding& finding) {
    pin(tr("the finding \u201c%1\u201d").arg(toQString(finding.title)),
        [evidence = findingEvidence(finding)](Workspace&, const Scope&) { return evidence; });
}

void EvidencePinner::pinSlo(qint64 slo, const QString& name) {
    pin(tr("the status of the SLO \u201c%1\u201d").arg(name),
        [slo](Workspace& ws, const Scope& scope) {
            const auto stored = findSlo(ws, scope, SloId{slo});
            if (!stored)
                throw std::runtime_error("the SLO is no longer in this scope");
            return sloStatusEvidence(evaluateSlo(ws, scope, *stored), TimeWindow{});
        });
}

void EvidencePinner::pinLineageImpact(const LineageSnapshotPtr& snapshot, std::int64_t nodeId,
                                      LineageDirection direction) {
    if (!snapshot)
        return;
    const auto index = snapshot->graph.indexOf(nodeId);
    if (!index)
        return;
    pin(tr("the impact of %1").arg(toQString(snapshot->graph.node(*index).qualifiedName())),
        [snapshot, index = *index, direction](Workspace&, const Scope&) {
            const ImpactReport report = computeImpact(snapshot->graph, index, direction);
            return lineageImpactEvidence(snapshot->graph, report, snapshot->asOfNs);
        });
}

} // namespace casebook::ui
