#include "ui/timeline/timeline_pane.h"

#include "core/casefile/case_queries.h"
#include "core/export/report_tables.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/export/pdf_export.h"
#include "ui/runbook/evidence_links.h"
#include "ui/timeline/timeline_model.h"
#include "ui/util/text.h"

#include <QElapsedTimer>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace casebook::ui {
namespace {

std::optional<std::int64_t> askForMarkTime(QWidget* parent, MarkKind kind,
                                           std::optional<std::int64_t> suggested) {
    bool ok = false;
    const QString text = QInputDialog::getText(
        parent, TimelinePane::tr("Set Mark"),
        TimelinePane::tr("%1 at (UTC, like 2026-11-20T21:00Z):")
            .arg(toQString(markKindLabel(kind))),
        QLineEdit::Normal, suggested ? toQString(formatRfc3339(*suggested)) : QString(), &ok);
    if (!ok)
        return std::nullopt;
    return parseRfc3339(text.trimmed().toStdString());
}

QString askForExportPath(QWidget* parent, ExportFormat format) {
    const char* suffix = format == ExportFormat::Markdown ? "md"
                         : format == ExportFormat::Html   ? "html"
                         : format == ExportFormat::Pdf    ? "pdf"
                                                          : "json";
    return QFileDialog::getSaveFileName(parent, TimelinePane::tr("Export the Incident"),
                                        QStringLiteral("incident.") + QLatin1String(suffix));
}

QString author() {
    const QString a = QSettings().value(QStringLiteral("case/author")).toString();
    return a.isEmpty() ? toQString(defaultAuthor()) : a;
}

QString impactLine(const ImpactFigures& f) {
    QStringList parts;
    auto mark = [&](const QString& label, const std::optional<std::int64_t>& t) {
        if (t)
            parts << label + QStringLiteral(" ") + toQString(humanTime(*t));
    };
    mark(TimelinePane::tr("Impact began"), f.impactStartNs);
    mark(TimelinePane::tr("Detected"), f.detectedNs);
    mark(TimelinePane::tr("Mitigated"), f.mitigatedNs);
    mark(TimelinePane::tr("Resolved"), f.resolvedNs);
    auto span = [&](const QString& label, const std::optional<std::int64_t>& d) {
        if (d)
            parts << label + QStringLiteral(" ") + toQString(formatDuration(*d));
    };
    span(TimelinePane::tr("time to detect"), f.timeToDetectNs);
    span(TimelinePane::tr("time to mitigate"), f.timeToMitigateNs);
    span(TimelinePane::tr("duration"), f.durationNs);
    if (f.recordsLost)
        parts << TimelinePane::tr("%1 records lost").arg(formatCount(*f.recordsLost));
    if (f.recordsDelayed)
        parts << TimelinePane::tr("%1 delayed").arg(formatCount(*f.recordsDelayed));
    if (!f.affectedTenants.empty()) {
        QStringList tenants;
        for (const auto& t : f.affectedTenants)
            tenants << toQString(t);
        parts << TimelinePane::tr("tenants: %1").arg(tenants.join(QStringLiteral(", ")));
    }
    return parts.isEmpty() ? TimelinePane::tr("No marks yet: set when the impact began, was "
                                              "detected, mitigated and resolved.")
                           : parts.join(QStringLiteral(" · "));
}

struct Exported {
    QString path;
    qint64 ms = 0;
};

} // namespace

struct TimelinePane::Loaded {
    std::vector<TimelineEntry> entries;
    std::shared_ptr<const std::vector<TimelineEntry>> analysed;
    ImpactFigures impact;
    QString title;
};

TimelinePane::TimelinePane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), loadSlot_(jobs->newSlot()),
      writeSlot_(jobs->newSlot()), exportSlot_(jobs->newSlot()), model_(new TimelineModel(this)),
      incident_(new QLineEdit(this)), marks_(new QToolButton(this)), export_(new QToolButton(this)),
      table_(new QTableView(this)), impact_(new QLabel(this)), status_(new QLabel(this)),
      markTime_(askForMarkTime), exportPath_(askForExportPath) {
    incident_->setObjectName(QStringLiteral("incidentTitle"));
    incident_->setPlaceholderText(tr("Incident title"));
    QFont titleFont = incident_->font();
    titleFont.setBold(true);
    incident_->setFont(titleFont);
    impact_->setObjectName(QStringLiteral("timelineImpact"));
    impact_->setWordWrap(true);
    status_->setObjectName(QStringLiteral("timelineStatus"));

    auto* filters = new QHBoxLayout;
    filters->setSpacing(2);
    for (TimelineKind kind : kTimelineKinds) {
        auto* toggle = new QToolButton(this);
        toggle->setObjectName(QStringLiteral("timelineKind_") + toQString(timelineKindName(kind)));
        toggle->setCheckable(true);
        toggle->setChecked(true);
        toggle->setAutoRaise(true);
        toggle->setToolTip(tr("Show or hide %1 entries").arg(timelineKindLabel(kind).toLower()));
        connect(toggle, &QToolButton::toggled, this, [this] {
            std::set<TimelineKind> kinds;
            for (const auto& [k, button] : toggles_)
                if (button->isChecked())
                    kinds.insert(k);
            model_->setKinds(std::move(kinds));
            updateCounts();
        });
        toggles_[kind] = toggle;
        filters->addWidget(toggle);
    }
    filters->addStretch(1);

    marks_->setText(tr("Set mark"));
    marks_->setObjectName(QStringLiteral("timelineMarks"));
    marks_->setPopupMode(QToolButton::InstantPopup);
    auto* markMenu = new QMenu(marks_);
    for (MarkKind kind : kMarkKinds)
        markMenu->addAction(toQString(markKindLabel(kind)), this, [this, kind] { setMark(kind); });
    marks_->setMenu(markMenu);
    export_->setText(tr("Export"));
    export_->setObjectName(QStringLiteral("timelineExport"));
    export_->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(export_);
    for (const auto& [label, format] : {std::pair{tr("Markdown…"), ExportFormat::Markdown},
                                        {tr("HTML…"), ExportFormat::Html},
                                        {tr("PDF…"), ExportFormat::Pdf},
                                        {tr("JSON…"), ExportFormat::Json}})
        exportMenu->addAction(label, this, [this, format = format] { exportAs(format); });
    export_->setMenu(exportMenu);
    // The marks and the export sit on the impact's line, so the kinds' row (nine toggles)
    // does not set the width of the whole bottom dock area.
    auto* impactRow = new QHBoxLayout;
    impactRow->addWidget(impact_, 1);
    impactRow->addWidget(marks_);
    impactRow->addWidget(export_);

    table_->setObjectName(QStringLiteral("timelineTable"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->setWordWrap(false);
    table_->setAlternatingRowColors(true);
    auto* header = table_->horizontalHeader();
    const QFontMetrics fm = table_->fontMetrics();
    header->resizeSection(TimelineModel::TimeUtc,
                          fm.horizontalAdvance(QStringLiteral("2026-11-20 09:00:00__")));
    header->resizeSection(TimelineModel::TimeLocal,
                          fm.horizontalAdvance(QStringLiteral("2026-11-20 09:00:00 CEST__")));
    header->resizeSection(TimelineModel::Kind,
                          fm.horizontalAdvance(QStringLiteral("Conclusion · confirmed_")));
    header->resizeSection(TimelineModel::Title, fm.horizontalAdvance(QLatin1Char('x')) * 48);
    header->setSectionResizeMode(TimelineModel::Detail, QHeaderView::Stretch);
    header->resizeSection(TimelineModel::Tenant,
                          fm.horizontalAdvance(QStringLiteral("all tenants_")));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(incident_);
    layout->addLayout(impactRow);
    layout->addLayout(filters);
    layout->addWidget(table_, 1);
    layout->addWidget(status_);

    connect(model_, &TimelineModel::titleEdited, this,
            [this](const QString& key, const QString& title) {
                write([key, title, who = author()](CaseFile& file) {
                    file.setTitle(key.toStdString(), title.toStdString(), who.toStdString());
                });
            });
    connect(incident_, &QLineEdit::editingFinished, this, [this] {
        const QString title = incident_->text().trimmed();
        if (title.isEmpty() || title == loadedTitle_)
            return;
        loadedTitle_ = title;
        write([title, who = author()](CaseFile& file) {
            file.setTitle("incident", title.toStdString(), who.toStdString());
        });
    });
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const TimelineEntry* e = model_->entryAt(index.row());
        if (!e || index.column() == TimelineModel::Title || e->kind != TimelineKind::Evidence)
            return;
        Evidence evidence;
        evidence.kind = e->subkind;
        evidence.fromNs = e->timeNs;
        evidence.toNs = e->endNs;
        evidence.payload = e->data.value("payload", nlohmann::json::object());
        context_->focusEvidence(focusOf(evidence));
    });
    connect(context_, &InvestigationContext::workspaceChanged, this, [this] {
        analysed_.reset();
        reload();
    });
    connect(context_, &InvestigationContext::scopeChanged, this, [this] {
        analysed_.reset();
        reload();
    });
    connect(context_, &InvestigationContext::caseChanged, this, &TimelinePane::reload);
    updateCounts();
}

QToolButton* TimelinePane::kindToggle(TimelineKind kind) const {
    return toggles_.at(kind);
}

bool TimelinePane::isBusy() const {
    return jobs_->isRunning(loadSlot_) || jobs_->isRunning(writeSlot_) ||
           jobs_->isRunning(exportSlot_);
}

void TimelinePane::reload() {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    if (path.isEmpty() || !scope) {
        jobs_->cancel(loadSlot_);
        model_->setEntries({});
        impact_->clear();
        incident_->clear();
        updateCounts();
        return;
    }
    // Findings and SLO alerts are analysed once per workspace and scope; a change of the
    // case (a note, a check) reuses them.
    jobs_->run(
        loadSlot_, this,
        [path, scope = *scope, analysed = analysed_](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            Loaded loaded;
            TimelineQuery query;
            query.analysed = analysed.get();
            loaded.entries = buildTimeline(*ws, scope, query);
            loaded.analysed = analysed ? analysed
                                       : std::make_shared<const std::vector<TimelineEntry>>(
                                             analysedEntries(loaded.entries));
            loaded.impact = computeImpact(*ws, scope);
            loaded.title = toQString(incidentTitle(*ws, scope));
            return loaded;
        },
        [this](JobResult<Loaded> result) {
            if (!result.ok()) {
                emit failed(tr("Could not read the timeline: %1").arg(result.error));
                return;
            }
            const QString selected =
                table_->currentIndex().isValid()
                    ? table_->currentIndex().data(TimelineModel::KeyRole).toString()
                    : QString();
            analysed_ = result.value->analysed;
            model_->setEntries(std::move(result.value->entries));
            if (const int row = model_->rowOfKey(selected); row >= 0)
                table_->selectRow(row);
            impact_->setText(impactLine(result.value->impact));
            loadedTitle_ = result.value->title;
            if (!incident_->hasFocus())
                incident_->setText(loadedTitle_);
            updateCounts();
            emit loaded();
        });
}

void TimelinePane::updateCounts() {
    for (const auto& [kind, button] : toggles_)
        button->setText(
            QStringLiteral("%1 %2").arg(timelineKindLabel(kind)).arg(model_->countOf(kind)));
    const bool open = context_->hasWorkspace() && context_->scope();
    marks_->setEnabled(open);
    export_->setEnabled(open);
    incident_->setEnabled(open);
    status_->setText(!open ? tr("No workspace open.")
                           : tr("%1 shown · times in UTC and in local time; double-click a "
                                "title to edit it, evidence to open it")
                                 .arg(countOf(model_->rowCount(), tr("entry"), tr("entries"))));
}

template <typename Write> void TimelinePane::write(Write write) {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    if (path.isEmpty() || !scope)
        return;
    jobs_->run(
        jobs_->newSlot(), this,
        [path, scope = *scope, write](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::OpenExisting);
            CaseFile file(*ws, scope);
            write(file);
            return true;
        },
        [this](JobResult<bool> result) {
            if (!result.ok())
                emit failed(tr("Could not record it in the case: %1").arg(result.error));
            context_->notifyCaseChanged();
        });
}

void TimelinePane::setMark(MarkKind kind) {
    std::optional<std::int64_t> suggested;
    if (const TimelineEntry* e = model_->entryAt(table_->currentIndex().row()))
        suggested = e->timeNs;
    const auto time = markTime_(this, kind, suggested);
    if (!time)
        return;
    write([kind, time, who = author()](CaseFile& file) {
        file.setMark(kind, *time, who.toStdString());
    });
}

void TimelinePane::exportAs(ExportFormat format) {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    if (path.isEmpty() || !scope)
        return;
    const QString target = exportPath_(this, format);
    if (target.isEmpty())
        return;
    jobs_->run(
        exportSlot_, this,
        [path, scope = *scope, format, target](const JobControl&) {
            QElapsedTimer timer;
            timer.start();
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            Redactor redactor({defaultRedactedAttributes(), {}});
            const RedactedReport report = redactReport(buildIncidentReport(*ws, scope), redactor);
            if (format == ExportFormat::Pdf)
                writePdfExport(report, toFsPath(target));
            else
                writeTextExport(report, format, toFsPath(target));
            return Exported{target, timer.elapsed()};
        },
        [this](JobResult<Exported> result) {
            if (!result.ok()) {
                emit failed(tr("The export failed: %1").arg(result.error));
                return;
            }
            status_->setText(
                tr("Exported to %1 in %2 ms").arg(result.value->path).arg(result.value->ms));
            emit exported(result.value->path);
        });
}

} // namespace casebook::ui
