#include "ui/findings/findings_pane.h"

#include "core/analysis/findings.h"
#include "core/store/workspace.h"
#include "ui/context/investigation_context.h"
#include "ui/findings/findings_model.h"
#include "ui/util/text.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace casebook::ui {
namespace {

constexpr std::int64_t kHourNs = 3'600'000'000'000LL;

// What a finding's charts show: from a day before its onset to its end (at least 12 h on).
TimeWindow chartWindowOf(const Finding& f) {
    return {f.onsetNs - 24 * kHourNs, std::max(f.endNs, f.onsetNs + 12 * kHourNs)};
}

// The words of a template the log search can look for: its fixed tokens.
QString searchWordsOf(const std::string& templateText) {
    QStringList words;
    for (const QString& token : toQString(templateText).split(u' ', Qt::SkipEmptyParts)) {
        if (token.contains(QStringLiteral("<*>")))
            continue;
        QString word = token;
        word.remove(u'(').remove(u')').remove(u'\'').remove(u'"').remove(u',').remove(u';');
        if (word.endsWith(u':'))
            word.chop(1);
        if (!word.isEmpty())
            words << word;
    }
    return words.join(u' ');
}

} // namespace

FindingsPane::FindingsPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), slot_(jobs->newSlot()),
      model_(new FindingsModel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout();
    runButton_ = new QPushButton(tr("Find What Changed"), this);
    runButton_->setToolTip(tr("Look for anomalies in every series of the scope and rank what "
                              "changed just before them"));
    withInfo_ = new QCheckBox(tr("Harmless moves too"), this);
    withInfo_->setToolTip(tr("Also list anomalies that moved the harmless way (info)"));
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(runButton_->sizeHint().height() / 2);
    progress_->hide();
    bar->addWidget(runButton_);
    bar->addWidget(withInfo_);
    bar->addStretch();
    pinButton_ = new QPushButton(tr("Pin Finding…"), this);
    pinButton_->setObjectName(QStringLiteral("pinFinding"));
    pinButton_->setToolTip(tr("Pin the selected finding to the case, with a note"));
    pinButton_->setEnabled(false);
    bar->addWidget(pinButton_);
    layout->addLayout(bar);
    // Progress sits beside the status line, not among the buttons, and the status wraps:
    // a running analysis must not widen the dock for good.
    auto* statusRow = new QHBoxLayout();
    status_ = new QLabel(this);
    status_->setForegroundRole(QPalette::PlaceholderText);
    status_->setWordWrap(true);
    progress_->setMinimumWidth(progress_->fontMetrics().averageCharWidth() * 6);
    statusRow->addWidget(status_, 2);
    statusRow->addWidget(progress_, 1);
    layout->addLayout(statusRow);
    tree_ = new QTreeView(this);
    tree_->setObjectName(QStringLiteral("findingsTree"));
    tree_->setModel(model_);
    tree_->setUniformRowHeights(true);
    tree_->setAlternatingRowColors(true);
    tree_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(FindingsModel::Text, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(FindingsModel::Tenant, QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(FindingsModel::When, QHeaderView::ResizeToContents);
    tree_->setToolTip(tr("Double-click to go to the chart, change, log lines or traces"));
    layout->addWidget(tree_, 1);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setMinimumHeight(summary_->fontMetrics().height() * 3);
    summary_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(summary_);

    connect(runButton_, &QPushButton::clicked, this, &FindingsPane::run);
    // Info findings are in the report already: the model shows or hides them.
    connect(withInfo_, &QCheckBox::toggled, model_, &FindingsModel::setShowInfo);
    connect(tree_, &QTreeView::activated, this, &FindingsPane::follow);
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                showSummary(current);
                pinButton_->setEnabled(model_->findingAt(current) != nullptr);
            });
    connect(pinButton_, &QPushButton::clicked, this, &FindingsPane::pinCurrent);
    connect(model_, &QAbstractItemModel::modelReset, this,
            [this] { pinButton_->setEnabled(false); });
    // Findings follow the scope; a hidden dock waits until it is looked at.
    auto rerun = [this] {
        if (isVisible())
            run();
        else
            dirty_ = true;
    };
    connect(context_, &InvestigationContext::scopeChanged, this, rerun);
}

void FindingsPane::pinCurrent() {
    if (const Finding* finding = model_->findingAt(tree_->currentIndex()))
        emit findingPinRequested(*finding);
}

bool FindingsPane::isRunning() const {
    return jobs_->isRunning(slot_);
}

void FindingsPane::run() {
    dirty_ = false;
    const auto scope = context_->scope();
    if (!scope) {
        jobs_->cancel(slot_);
        model_->clear();
        status_->setText(tr("No workspace open"));
        progress_->hide();
        return;
    }
    const QString path = context_->workspacePath();
    progress_->setValue(0);
    progress_->show();
    status_->setText(tr("Looking for anomalies…"));
    jobs_->run(
        slot_, this,
        [this, path, scope = *scope, pool = jobs_->pool()](const JobControl& control) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            FindingsOptions options;
            options.stop = control.stopToken();
            // A second reader on the jobs' own pool (a task not started by the time this
            // job waits for it runs on this thread), each mapping the file.
            mapForScan(*ws);
            options.parallel.workers = 2;
            options.parallel.prepare = mapForScan;
            options.parallel.start = [pool](std::function<void()> task) {
                QFuture<void> done = QtConcurrent::run(pool, std::move(task));
                return std::function<void()>([done]() mutable { done.waitForFinished(); });
            };
            // Core throttles its progress to 1% steps; post() drops it once superseded.
            options.progress = [this, &control](double done, const std::string& step) {
                control.post([this, done, step = toQString(step)] {
                    progress_->setValue(static_cast<int>(done * 1000));
                    status_->setText(tr("Looking for findings: %1…").arg(step));
                });
            };
            return findWhatChanged(*ws, scope, options);
        },
        [this](JobResult<FindingsReport> result) {
            progress_->hide();
            if (!result.ok()) {
                status_->setText(tr("Could not look for findings"));
                emit failed(tr("Could not look for findings: %1").arg(result.error));
                emit finished();
                return;
            }
            const FindingsReport& r = *result.value;
            int errors = 0, warnings = 0;
            for (const auto& f : r.findings) {
                errors += f.grade == FindingGrade::Error;
                warnings += f.grade == FindingGrade::Warning;
            }
            model_->setFindings(std::move(result.value->findings));
            status_->setText(tr("%1, %2 · %3 series, %4 anomalies")
                                 .arg(countOf(errors, tr("error"), tr("errors")),
                                      countOf(warnings, tr("warning"), tr("warnings")),
                                      formatCount(r.seriesScanned), formatCount(r.anomalies)));
            if (model_->findingCount() > 0) {
                tree_->expand(model_->index(0, 0));
                tree_->setCurrentIndex(model_->index(0, 0));
            } else {
                summary_->setText(tr("Nothing moved against its baseline in this scope."));
            }
            emit finished();
        });
}

void FindingsPane::runIfStale() {
    if (dirty_)
        run();
}

void FindingsPane::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (dirty_)
        run();
}

void FindingsPane::showSummary(const QModelIndex& index) {
    const Finding* f = model_->findingAt(index);
    summary_->setText(f ? toQString(f->summary) : QString());
}

void FindingsPane::follow(const QModelIndex& index) {
    const Finding* f = model_->findingAt(index);
    if (!f)
        return;
    const TimeWindow window = chartWindowOf(*f);
    const FindingsModel::Evidence* e = model_->evidenceAt(index);
    if (!e || e->kind == EvidenceKind::Anomaly || e->kind == EvidenceKind::SloAlert) {
        std::vector<SeriesId> series;
        if (e && e->kind == EvidenceKind::Anomaly)
            series.push_back(f->anomalies[e->index].series.id);
        else
            for (std::size_t i = 0; i < f->anomalies.size() && i < 4; ++i)
                series.push_back(f->anomalies[i].series.id);
        emit seriesRequested(series, window);
        return;
    }
    switch (e->kind) {
    case EvidenceKind::Change:
        emit seriesRequested({}, window);
        context_->selectChange(f->changes[e->index].change);
        break;
    case EvidenceKind::LogTemplate:
        emit logSearchRequested(searchWordsOf(f->logTemplates[e->index].logTemplate.text), window);
        break;
    case EvidenceKind::TraceAttribute:
        emit tracesRequested(toQString(f->attributes[e->index].filter), window);
        break;
    case EvidenceKind::SlowOperation:
        emit tracesRequested(QStringLiteral("operation == \"%1\"")
                                 .arg(toQString(f->slowOperations[e->index].operation)),
                             window);
        break;
    case EvidenceKind::Anomaly:
    case EvidenceKind::SloAlert:
        break;
    }
}

} // namespace casebook::ui
