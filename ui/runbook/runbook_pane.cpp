#include "ui/runbook/runbook_pane.h"

#include "core/casefile/case_file.h"
#include "core/runbook/bundled_runbooks.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/runbook/evidence_links.h"
#include "ui/runbook/runbook_steps_model.h"
#include "ui/util/text.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <filesystem>

namespace casebook::ui {
namespace {

enum ActionPage { StepPage, GatePage, NothingPage };

constexpr int kChoiceRole = Qt::UserRole + 1;

struct Written {
    std::optional<CaseRunId> run;
};

} // namespace

struct RunbookPane::Loaded {
    std::optional<RunView> view;
    QString error;
};

RunbookPane::RunbookPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), loadSlot_(jobs->newSlot()),
      writeSlot_(jobs->newSlot()), model_(new RunbookStepsModel(this)),
      runbooks_(new QComboBox(this)), openFile_(new QToolButton(this)), runs_(new QComboBox(this)),
      start_(new QPushButton(tr("Start run"), this)), symptoms_(new QLabel(this)),
      steps_(new QTableView(this)), stepTitle_(new QLabel(this)),
      description_(new QTextBrowser(this)), actions_(new QStackedWidget(this)),
      runStep_(new QPushButton(tr("Run check"), this)), person_(new QLineEdit(this)),
      reason_(new QLineEdit(this)), approve_(new QPushButton(tr("Approve"), this)),
      reject_(new QPushButton(tr("Reject"), this)), gateAction_(new QLabel(this)),
      result_(new QTextBrowser(this)), note_(new QLineEdit(this)),
      addNote_(new QPushButton(tr("Add note"), this)), status_(new QLabel(this)),
      chooser_(new QTextBrowser(this)), pages_(new QStackedWidget(this)) {
    buildLayout();
    for (const auto& bundled : bundledRunbooks()) {
        const auto parsed = parseRunbook(bundled.text);
        const QString title =
            parsed.runbook ? toQString(parsed.runbook->title) : toQString(bundled.name);
        runbooks_->addItem(title, toQString(bundled.name));
    }
    runbooks_->setCurrentIndex(-1);
    author_ = QSettings().value(QStringLiteral("case/author")).toString();
    if (author_.isEmpty())
        author_ = toQString(defaultAuthor());
    person_->setText(author_);

    connect(runbooks_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            chooseRunbook(runbooks_->itemData(index).toString());
    });
    connect(openFile_, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Runbook"), QString(),
                                                          tr("Runbooks (*.md);;All files (*)"));
        if (!path.isEmpty())
            chooseRunbook(path);
    });
    connect(runs_, &QComboBox::activated, this,
            [this](int index) { reload(CaseRunId{runs_->itemData(index).toLongLong()}); });
    connect(start_, &QPushButton::clicked, this, &RunbookPane::startRun);
    connect(runStep_, &QPushButton::clicked, this, &RunbookPane::runCurrentStep);
    connect(approve_, &QPushButton::clicked, this, [this] { decideGate(true); });
    connect(reject_, &QPushButton::clicked, this, [this] { decideGate(false); });
    connect(addNote_, &QPushButton::clicked, this, &RunbookPane::addNote);
    connect(note_, &QLineEdit::returnPressed, this, &RunbookPane::addNote);
    for (QLineEdit* edit : {person_, reason_, note_})
        connect(edit, &QLineEdit::textChanged, this, &RunbookPane::updateActions);
    connect(result_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (const auto id = evidenceFromLink(url))
            openEvidence(*id);
    });
    connect(steps_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    showStep(current.data(RunbookStepsModel::StepIdRole).toString());
            });
    auto restart = [this] {
        if (!choice_.isEmpty())
            reload();
        else
            restoreLatestRun();
    };
    connect(context_, &InvestigationContext::workspaceChanged, this, restart);
    connect(context_, &InvestigationContext::scopeChanged, this, restart);
    connect(context_, &InvestigationContext::caseChanged, this, [this] {
        if (!choice_.isEmpty())
            reload(view_ ? view_->run : std::nullopt);
    });
    updateActions();
    updateStatus();
}

RunbookPane::~RunbookPane() = default;

void RunbookPane::buildLayout() {
    // Step titles, gate forms and result tables need room to be read: the dock keeps it.
    setMinimumWidth(fontMetrics().averageCharWidth() * 30);
    runbooks_->setObjectName(QStringLiteral("runbookSelector"));
    runbooks_->setPlaceholderText(tr("Choose a runbook"));
    runbooks_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    runbooks_->setMinimumContentsLength(12);
    openFile_->setText(tr("Open…"));
    openFile_->setToolTip(tr("Open a runbook file of your own (Markdown)"));
    runs_->setObjectName(QStringLiteral("runSelector"));
    runs_->setToolTip(tr("Runs of this runbook in this scope"));
    runs_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    runs_->setMinimumContentsLength(10);
    start_->setObjectName(QStringLiteral("startRun"));
    symptoms_->setObjectName(QStringLiteral("runbookSymptoms"));
    symptoms_->setWordWrap(true);
    symptoms_->setTextFormat(Qt::RichText);
    status_->setObjectName(QStringLiteral("runbookStatus"));
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::PlainText);

    steps_->setObjectName(QStringLiteral("runbookSteps"));
    steps_->setModel(model_);
    steps_->setSelectionBehavior(QAbstractItemView::SelectRows);
    steps_->setSelectionMode(QAbstractItemView::SingleSelection);
    steps_->verticalHeader()->hide();
    steps_->verticalHeader()->setDefaultSectionSize(steps_->fontMetrics().height() + 8);
    steps_->horizontalHeader()->setSectionResizeMode(RunbookStepsModel::Step, QHeaderView::Stretch);
    steps_->horizontalHeader()->resizeSection(
        RunbookStepsModel::State,
        steps_->fontMetrics().horizontalAdvance(QStringLiteral("◆ inconclusive__")));
    // The dock is narrow: the step's kind is in its tooltip rather than a column.
    steps_->hideColumn(RunbookStepsModel::Kind);
    steps_->setWordWrap(false);
    steps_->setShowGrid(false);

    stepTitle_->setObjectName(QStringLiteral("runbookStepTitle"));
    QFont titleFont = stepTitle_->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    stepTitle_->setFont(titleFont);
    stepTitle_->setWordWrap(true);
    description_->setObjectName(QStringLiteral("runbookStepDescription"));
    description_->setOpenExternalLinks(false);
    description_->setFrameShape(QFrame::NoFrame);
    result_->setObjectName(QStringLiteral("runbookResult"));
    result_->setOpenLinks(false);
    result_->setFrameShape(QFrame::StyledPanel);

    // The action of the current step: a button, or the gate's name and reason.
    runStep_->setObjectName(QStringLiteral("runStep"));
    auto* stepPage = new QWidget(actions_);
    auto* stepRow = new QHBoxLayout(stepPage);
    stepRow->setContentsMargins(0, 0, 0, 0);
    stepRow->addWidget(runStep_);
    stepRow->addStretch(1);
    auto* gatePage = new QWidget(actions_);
    gateAction_->setObjectName(QStringLiteral("gateAction"));
    gateAction_->setWordWrap(true);
    person_->setObjectName(QStringLiteral("gatePerson"));
    person_->setPlaceholderText(tr("Your name"));
    reason_->setObjectName(QStringLiteral("gateReason"));
    reason_->setPlaceholderText(tr("Why (recorded with the decision)"));
    approve_->setObjectName(QStringLiteral("gateApprove"));
    reject_->setObjectName(QStringLiteral("gateReject"));
    auto* gateForm = new QFormLayout;
    gateForm->addRow(tr("Decided by"), person_);
    gateForm->addRow(tr("Reason"), reason_);
    auto* gateButtons = new QHBoxLayout;
    gateButtons->addStretch(1);
    gateButtons->addWidget(reject_);
    gateButtons->addWidget(approve_);
    auto* gateLayout = new QVBoxLayout(gatePage);
    gateLayout->setContentsMargins(0, 0, 0, 0);
    gateLayout->addWidget(gateAction_);
    gateLayout->addLayout(gateForm);
    gateLayout->addLayout(gateButtons);
    // The action row takes the height its page needs, no more: the rest goes to the result.
    actions_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto* nothing = new QLabel(actions_);
    nothing->setObjectName(QStringLiteral("runbookNoAction"));
    nothing->setWordWrap(true);
    actions_->addWidget(stepPage);
    actions_->addWidget(gatePage);
    actions_->addWidget(nothing);
    // A stacked widget is as tall as its tallest page; only the shown page counts here.
    connect(actions_, &QStackedWidget::currentChanged, this, [this](int current) {
        for (int i = 0; i < actions_->count(); ++i)
            actions_->widget(i)->setSizePolicy(
                i == current ? QSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred)
                             : QSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored));
        actions_->updateGeometry();
    });

    note_->setObjectName(QStringLiteral("runbookNote"));
    note_->setPlaceholderText(tr("Note on this step…"));
    addNote_->setObjectName(QStringLiteral("addRunbookNote"));
    auto* noteRow = new QHBoxLayout;
    noteRow->addWidget(note_, 1);
    noteRow->addWidget(addNote_);

    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(6, 0, 0, 0);
    detailLayout->setSpacing(6);
    detailLayout->addWidget(stepTitle_);
    detailLayout->addWidget(description_);
    detailLayout->addWidget(actions_);
    detailLayout->addWidget(result_, 3);
    detailLayout->addLayout(noteRow);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(steps_);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    steps_->setMinimumHeight(steps_->verticalHeader()->defaultSectionSize() * 6);

    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(runbooks_, 1);
    top->addWidget(openFile_);
    auto* runRow = new QHBoxLayout;
    runRow->setSpacing(6);
    runRow->addWidget(runs_, 1);
    runRow->addWidget(start_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(symptoms_);
    layout->addLayout(runRow);
    layout->addWidget(status_);
    // Before a runbook is chosen the pane lists them, rather than empty panels.
    chooser_->setObjectName(QStringLiteral("runbookChooser"));
    chooser_->setOpenLinks(false);
    chooser_->setFrameShape(QFrame::NoFrame);
    connect(chooser_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == QStringLiteral("runbook"))
            chooseRunbook(url.path());
    });
    pages_->addWidget(chooser_);
    pages_->addWidget(splitter);
    layout->addWidget(pages_, 1);
    updateChooser();
}

void RunbookPane::setSuggestions(const QList<QPair<QString, QString>>& suggestions) {
    suggestions_ = suggestions;
    updateChooser();
}

void RunbookPane::updateChooser() {
    pages_->setCurrentIndex(choice_.isEmpty() ? 0 : 1);
    if (!choice_.isEmpty())
        return;
    QString html;
    auto entry = [&](const QString& name, const QString& why) {
        const auto text = bundledRunbookText(name.toStdString());
        if (!text)
            return;
        const auto parsed = parseRunbook(*text);
        if (!parsed.runbook)
            return;
        const Runbook& r = *parsed.runbook;
        QString summary = toQString(r.summary).simplified();
        if (const int stop = summary.indexOf(QStringLiteral(". ")); stop > 0)
            summary = summary.left(stop + 1);
        QStringList tags;
        for (const auto& s : r.symptoms)
            if (!s.tag.empty())
                tags << toQString(s.tag);
        html += QStringLiteral("<p style='margin-bottom:10px'><a href='runbook:%1'><b>%2</b></a>"
                               "<br/>%3")
                    .arg(name.toHtmlEscaped(), toQString(r.title).toHtmlEscaped(),
                         summary.toHtmlEscaped());
        if (!why.isEmpty())
            html += QStringLiteral("<br/><i>%1</i>").arg(why.toHtmlEscaped());
        else if (!tags.isEmpty())
            html += QStringLiteral("<br/><span style='color:gray'>%1</span>")
                        .arg(tags.join(QStringLiteral(" · ")).toHtmlEscaped());
        html += QStringLiteral("</p>");
    };
    QStringList shown;
    if (!suggestions_.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4>").arg(tr("Suggested by the findings"));
        for (const auto& [name, why] : suggestions_) {
            entry(name, why);
            shown << name;
        }
        html += QStringLiteral("<h4>%1</h4>").arg(tr("Other runbooks"));
    }
    for (const auto& bundled : bundledRunbooks())
        if (!shown.contains(toQString(bundled.name)))
            entry(toQString(bundled.name), QString());
    chooser_->setHtml(html);
}

bool RunbookPane::isBusy() const {
    return jobs_->isRunning(loadSlot_) || jobs_->isRunning(writeSlot_);
}

void RunbookPane::setAuthor(const QString& author) {
    author_ = author;
    person_->setText(author);
}

QString RunbookPane::author() const {
    return author_.isEmpty() ? toQString(defaultAuthor()) : author_;
}

void RunbookPane::chooseRunbook(const QString& nameOrPath) {
    choice_ = nameOrPath;
    pages_->setCurrentIndex(1);
    const int index = runbooks_->findData(nameOrPath);
    if (index < 0) {
        // A file of the investigator's own joins the list.
        const QSignalBlocker quiet(runbooks_);
        runbooks_->addItem(QFileInfo(nameOrPath).fileName(), nameOrPath);
        runbooks_->setCurrentIndex(runbooks_->count() - 1);
    } else if (runbooks_->currentIndex() != index) {
        const QSignalBlocker quiet(runbooks_);
        runbooks_->setCurrentIndex(index);
    }
    view_.reset();
    selectedStep_.clear();
    reload();
}

void RunbookPane::restoreLatestRun() {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    updateStatus();
    if (path.isEmpty() || !scope)
        return;
    jobs_->run(
        loadSlot_, this,
        [path, scope = *scope](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            const auto runs = listCaseRuns(*ws, scope);
            QString choice;
            if (!runs.empty()) {
                const std::string& source = runs.back().source;
                if (source.rfind("bundled:", 0) == 0)
                    choice = toQString(source.substr(8));
                else if (std::filesystem::exists(source))
                    choice = toQString(source);
            }
            return choice;
        },
        [this](JobResult<QString> result) {
            if (result.ok() && !result.value->isEmpty() && choice_.isEmpty())
                chooseRunbook(*result.value);
            else
                emit loaded();
        });
}

void RunbookPane::reload(std::optional<CaseRunId> run) {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    if (path.isEmpty() || !scope || choice_.isEmpty()) {
        jobs_->cancel(loadSlot_);
        view_.reset();
        model_->clear();
        updateActions();
        updateStatus();
        return;
    }
    jobs_->run(
        loadSlot_, this,
        [path, scope = *scope, choice = choice_, run](const JobControl&) {
            Loaded loaded;
            const auto parsed = openRunbook(choice.toStdString(), builtinCheckRegistry());
            if (!parsed.ok()) {
                QStringList lines;
                for (const auto& e : parsed.errors)
                    lines << toQString(formatRunbookError(e));
                loaded.error = lines.join(u'\n');
                return loaded;
            }
            loaded.view = loadRunView(path, scope, *parsed.runbook, run);
            // A run follows the text it started with, even if the file changed since.
            if (loaded.view->run) {
                for (const auto& r : loaded.view->runs) {
                    if (r.id != *loaded.view->run || r.text == parsed.runbook->text)
                        continue;
                    auto recorded = loadRunbook(r.text, builtinCheckRegistry(), r.name);
                    if (recorded.ok()) {
                        recorded.runbook->origin = r.source;
                        loaded.view = loadRunView(path, scope, *recorded.runbook, r.id);
                    }
                }
            }
            return loaded;
        },
        [this](JobResult<Loaded> result) {
            if (!result.ok()) {
                emit failed(tr("Could not load the runbook: %1").arg(result.error));
                return;
            }
            present(std::move(*result.value));
        });
    updateActions();
}

void RunbookPane::present(Loaded result) {
    loadError_ = result.error;
    if (!result.view) {
        view_.reset();
        model_->clear();
        symptoms_->clear();
        runs_->clear();
        stepTitle_->setText(tr("This runbook cannot be run"));
        description_->clear();
        result_->setPlainText(tr("The runbook has errors:\n%1").arg(loadError_));
        updateActions();
        updateStatus();
        emit loaded();
        return;
    }
    // The run moved on (or another run is shown): follow it. Otherwise (a note, a
    // reload) the investigator's selection stays.
    const bool moved = !view_ || view_->run != result.view->run ||
                       view_->state.currentStep != result.view->state.currentStep ||
                       view_->state.path.size() != result.view->state.path.size();
    view_ = std::make_unique<RunView>(std::move(*result.view));
    model_->setView(*view_);

    QStringList symptoms;
    for (const auto& s : view_->runbook.symptoms)
        symptoms << (s.tag.empty() ? toQString(s.text).toHtmlEscaped()
                                   : QStringLiteral("<code>%1</code>").arg(toQString(s.tag)));
    symptoms_->setText(symptoms.isEmpty()
                           ? QString()
                           : tr("Symptoms: %1").arg(symptoms.join(QStringLiteral(", "))));
    symptoms_->setToolTip(toQString(view_->runbook.summary));

    runs_->clear();
    for (const auto& r : view_->runs) {
        runs_->addItem(tr("Run %1 · %2 · %3")
                           .arg(raw(r.id))
                           .arg(toQString(formatRfc3339(r.atNs)).left(16).replace(u'T', u' '),
                                r.author.empty() ? tr("unknown") : toQString(r.author)),
                       static_cast<qlonglong>(raw(r.id)));
        if (view_->run == r.id)
            runs_->setCurrentIndex(runs_->count() - 1);
    }
    runs_->setEnabled(!view_->runs.empty());

    // Show the step the run waits at; else where it ended; else the first.
    QString step = selectedStep_;
    if (moved && view_->state.currentStep)
        step = toQString(*view_->state.currentStep);
    else if (moved && !view_->state.path.empty())
        step = toQString(view_->state.path.back().stepId);
    if (model_->rowOf(step.toStdString()) < 0 && !view_->runbook.steps.empty())
        step = toQString(view_->runbook.steps.front().id);
    selectStep(step);
    updateStatus();
    emit loaded();
}

void RunbookPane::selectStep(const QString& stepId) {
    const int row = model_->rowOf(stepId.toStdString());
    if (row >= 0)
        steps_->selectRow(row);
    showStep(stepId);
}

void RunbookPane::showStep(const QString& stepId) {
    selectedStep_ = stepId;
    if (!view_) {
        updateActions();
        return;
    }
    const RunbookStep* step = view_->runbook.findStep(stepId.toStdString());
    if (!step) {
        updateActions();
        return;
    }
    stepTitle_->setText(toQString(step->title));
    description_->setMarkdown(toQString(step->body));
    // A step without prose (a conclusion, say) leaves the room to its result; prose takes
    // the height it needs, up to a few lines before it scrolls.
    description_->setVisible(!QString::fromStdString(step->body).trimmed().isEmpty());
    description_->document()->setTextWidth(description_->viewport()->width());
    const int textHeight = static_cast<int>(description_->document()->size().height());
    description_->setFixedHeight(
        std::clamp(textHeight + 6, fontMetrics().height() * 2, fontMetrics().height() * 9));
    if (step->gate)
        gateAction_->setText(
            tr("<b>Needs approval:</b> %1%2")
                .arg(toQString(step->gate->action).toHtmlEscaped(),
                     step->gate->approvers.empty()
                         ? QString()
                         : tr(" <span style=\"color:%1\">(%2)</span>")
                               .arg(mutedColorName(palette()),
                                    toQString(step->gate->approvers).toHtmlEscaped())));
    const auto it = view_->latest.find(step->id);
    const auto notes = view_->notes.find(step->id);
    const std::vector<CaseNoteRow> noNotes;
    if (it == view_->latest.end() && (notes == view_->notes.end() || notes->second.empty())) {
        result_->document()->setDefaultStyleSheet(resultStyleSheet(result_->palette()));
        result_->setHtml(QStringLiteral("<p class=\"muted\">%1</p>")
                             .arg(!view_->run ? tr("No run yet: start one to walk this runbook.")
                                  : view_->state.currentStep == step->id
                                      ? tr("This is the next step of the run.")
                                      : tr("Not reached in this run.")));
    } else {
        const StepRecordView* record = it == view_->latest.end() ? nullptr : &it->second;
        const std::vector<CaseEvidenceRow> none;
        const auto& evidence = record ? record->evidence : none;
        // Charts as pictures as wide as the result leaves room for.
        const int chartWidth = std::max(240, result_->viewport()->width() - 40);
        addChartImages(result_->document(), evidence, chartWidth, result_->palette());
        result_->document()->setDefaultStyleSheet(resultStyleSheet(result_->palette()));
        result_->setHtml(stepResultHtml(
            record ? record->check : std::nullopt, record ? &record->step : nullptr, evidence,
            notes == view_->notes.end() ? noNotes : notes->second, chartWidth));
    }
    updateActions();
}

void RunbookPane::updateActions() {
    const RunbookStep* step =
        view_ ? view_->runbook.findStep(selectedStep_.toStdString()) : nullptr;
    const bool current = view_ && view_->run && step && view_->state.currentStep == step->id;
    const bool busy = isBusy();
    start_->setEnabled(!choice_.isEmpty() && view_ && !busy && context_->scope().has_value());
    if (!current) {
        // The text first: the page is sized for what it shows when it becomes current.
        auto* label = static_cast<QLabel*>(actions_->widget(NothingPage));
        label->setText(!view_ || !view_->run || !step ? QString()
                       : view_->state.ended()         ? tr("The run has ended.")
                                                      : tr("The run waits at another step."));
        actions_->setCurrentIndex(NothingPage);
        // Nothing to do here (the status line says where the run waits): no empty row.
        actions_->setVisible(false);
    } else if (step->kind == StepKind::Gate) {
        actions_->setVisible(true);
        actions_->setCurrentIndex(GatePage);
        const bool complete =
            !person_->text().trimmed().isEmpty() && !reason_->text().trimmed().isEmpty();
        approve_->setEnabled(complete && !busy);
        reject_->setEnabled(complete && !busy);
    } else {
        actions_->setVisible(true);
        actions_->setCurrentIndex(StepPage);
        runStep_->setText(step->kind == StepKind::Check    ? tr("Run check")
                          : step->kind == StepKind::Manual ? tr("Mark done")
                                                           : tr("Record the conclusion"));
        runStep_->setEnabled(!busy);
    }
    addNote_->setEnabled(view_ && view_->run && step && !note_->text().trimmed().isEmpty() &&
                         !busy);
    note_->setEnabled(view_ && view_->run && step);
}

void RunbookPane::updateStatus() {
    if (!context_->hasWorkspace()) {
        status_->setText(tr("No workspace open."));
        return;
    }
    if (choice_.isEmpty()) {
        status_->setText(tr("Choose a runbook to walk."));
        return;
    }
    if (!loadError_.isEmpty()) {
        status_->setText(tr("The runbook is malformed; nothing can run."));
        return;
    }
    if (!view_)
        return;
    const QString scope = context_->isAllTenants() ? tr("all tenants")
                                                   : tr("tenant %1").arg(context_->currentTenant());
    if (!view_->run) {
        status_->setText(tr("No run of this runbook in %1 yet.").arg(scope));
        return;
    }
    const RunbookRunState& s = view_->state;
    if (s.ended()) {
        status_->setText(
            s.diagnosis
                ? tr("Run %1 in %2 ended: %3 — %4")
                      .arg(raw(*view_->run))
                      .arg(scope, toQString(*s.verdict), toQString(*s.diagnosis))
                : tr("Run %1 in %2 ended without a conclusion.").arg(raw(*view_->run)).arg(scope));
        return;
    }
    const RunbookStep* step = view_->runbook.findStep(*s.currentStep);
    status_->setText(tr("Run %1 in %2: next is “%3”.")
                         .arg(raw(*view_->run))
                         .arg(scope, step ? toQString(step->title) : toQString(*s.currentStep)));
}

template <typename Write> void RunbookPane::write(Write write, std::optional<CaseRunId> show) {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    if (path.isEmpty() || !scope || !view_)
        return;
    jobs_->run(
        writeSlot_, this,
        [path, scope = *scope, runbook = view_->runbook, write](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::OpenExisting);
            return Written{write(*ws, scope, runbook)};
        },
        [this, show](JobResult<Written> result) {
            if (!result.ok()) {
                emit failed(tr("The runbook step was not recorded: %1").arg(result.error));
                updateActions();
                return;
            }
            reload(result.value->run ? result.value->run : show);
            context_->notifyCaseChanged();
        });
    updateActions();
}

void RunbookPane::startRun() {
    const QString who = author();
    write(
        [who](Workspace& ws, const Scope& scope,
              const Runbook& runbook) -> std::optional<CaseRunId> {
            return RunbookEngine().startRun(ws, scope, runbook, who.toStdString());
        },
        std::nullopt);
}

void RunbookPane::runCurrentStep() {
    if (!view_ || !view_->run || !view_->state.currentStep)
        return;
    const CaseRunId run = *view_->run;
    const std::string step = *view_->state.currentStep;
    const QString who = author();
    write(
        [run, step, who](Workspace& ws, const Scope& scope,
                         const Runbook& runbook) -> std::optional<CaseRunId> {
            RunbookEngine().executeStep(ws, scope, run, runbook, step, who.toStdString());
            return run;
        },
        run);
}

void RunbookPane::decideGate(bool approve) {
    if (!view_ || !view_->run || !view_->state.currentStep)
        return;
    const QString person = person_->text().trimmed();
    const QString reason = reason_->text().trimmed();
    if (person.isEmpty() || reason.isEmpty()) {
        emit failed(tr("A gate needs the name of the person who decides and a reason."));
        return;
    }
    QSettings().setValue(QStringLiteral("case/author"), person);
    author_ = person;
    const CaseRunId run = *view_->run;
    const std::string step = *view_->state.currentStep;
    reason_->clear();
    write(
        [run, step, person, reason, approve](Workspace& ws, const Scope& scope,
                                             const Runbook& runbook) -> std::optional<CaseRunId> {
            RunbookEngine().decideGate(ws, scope, run, runbook, step,
                                       {person.toStdString(), reason.toStdString(), approve});
            return run;
        },
        run);
}

void RunbookPane::addNote() {
    const QString text = note_->text().trimmed();
    if (text.isEmpty() || !view_ || !view_->run || selectedStep_.isEmpty())
        return;
    const CaseRunId run = *view_->run;
    const std::string step = selectedStep_.toStdString();
    const QString who = author();
    note_->clear();
    write(
        [run, step, text, who](Workspace& ws, const Scope& scope,
                               const Runbook&) -> std::optional<CaseRunId> {
            CaseFile(ws, scope).addNote(
                {text.toStdString(), who.toStdString(), run, step, std::nullopt});
            return run;
        },
        run);
}

bool RunbookPane::openEvidence(EvidenceId id) {
    if (!view_)
        return false;
    for (const auto& e : view_->evidence) {
        if (e.id == id) {
            context_->focusEvidence(focusOf(e.evidence));
            return true;
        }
    }
    return false;
}

} // namespace casebook::ui
