#include "ui/summary/import_report_pane.h"

#include "core/query/import_history.h"
#include "core/store/workspace.h"
#include "ui/context/investigation_context.h"
#include "ui/summary/import_files_model.h"
#include "ui/summary/rejected_records_model.h"
#include "ui/util/text.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace casebook::ui {
namespace {

QTableView* makeTable(QWidget* parent, const QString& name) {
    auto* table = new QTableView(parent);
    table->setObjectName(name);
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setMinimumSectionSize(60);
    return table;
}

QLabel* makeHeading(QWidget* parent) {
    auto* label = new QLabel(parent);
    QFont font = label->font();
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    return label;
}

QWidget* section(QWidget* parent, QLabel* heading, QTableView* table) {
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->setSpacing(4);
    layout->addWidget(heading);
    layout->addWidget(table, 1);
    return box;
}

} // namespace

ImportReportPane::ImportReportPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), slot_(jobs->newSlot()),
      files_(new ImportFilesModel(this)), rejected_(new RejectedRecordsModel(jobs, this)) {
    filesHeading_ = makeHeading(this);
    rejectedHeading_ = makeHeading(this);

    filesTable_ = makeTable(this, QStringLiteral("importFiles"));
    filesTable_->setModel(files_);
    filesTable_->setColumnWidth(ImportFilesModel::Bundle, 210);
    filesTable_->setColumnWidth(ImportFilesModel::File, 220);
    filesTable_->setColumnWidth(ImportFilesModel::Kind, 70);
    filesTable_->setColumnWidth(ImportFilesModel::Format, 140);
    filesTable_->setColumnWidth(ImportFilesModel::Size, 80);
    filesTable_->setColumnWidth(ImportFilesModel::Accepted, 90);
    filesTable_->setColumnWidth(ImportFilesModel::Rejected, 80);

    rejectedTable_ = makeTable(this, QStringLiteral("rejectedRecords"));
    rejectedTable_->setModel(rejected_);
    rejectedTable_->setColumnWidth(RejectedRecordsModel::Bundle, 210);
    rejectedTable_->setColumnWidth(RejectedRecordsModel::File, 220);
    rejectedTable_->setColumnWidth(RejectedRecordsModel::Location, 330);

    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setObjectName(QStringLiteral("importReportSplitter"));
    splitter_->setChildrenCollapsible(false);
    splitter_->addWidget(section(splitter_, filesHeading_, filesTable_));
    splitter_->addWidget(section(splitter_, rejectedHeading_, rejectedTable_));
    splitter_->setStretchFactor(0, 0);
    splitter_->setStretchFactor(1, 1);
    connect(splitter_, &QSplitter::splitterMoved, this, [this] { splitFixed_ = true; });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter_);

    connect(context_, &InvestigationContext::workspaceChanged, this, &ImportReportPane::reload);
    connect(rejected_, &RejectedRecordsModel::pageLoaded, this, &ImportReportPane::updateHeadings);
    connect(rejected_, &RejectedRecordsModel::failed, this, &ImportReportPane::failed);
    updateHeadings();
}

bool ImportReportPane::isLoading() const {
    return jobs_->isRunning(slot_) || rejected_->isFetching();
}

void ImportReportPane::reload() {
    const QString path = context_->workspacePath();
    rejected_->setWorkspace(path);
    if (path.isEmpty()) {
        jobs_->cancel(slot_);
        files_->clear();
        updateHeadings();
        return;
    }
    rejected_->fetchMore({});
    jobs_->run(
        slot_, this,
        [path](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            return importHistory(*ws);
        },
        [this](JobResult<std::vector<BundleRecord>> result) {
            if (!result.ok()) {
                files_->clear();
                emit failed(tr("Could not read the import report: %1").arg(result.error));
            } else {
                files_->setHistory(std::move(*result.value));
            }
            updateHeadings();
            fitFilesSection();
            emit loaded();
        });
}

void ImportReportPane::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitFilesSection();
}

QByteArray ImportReportPane::saveLayout() const {
    return splitFixed_ ? splitter_->saveState() : QByteArray();
}

void ImportReportPane::restoreLayout(const QByteArray& state) {
    if (!state.isEmpty() && splitter_->restoreState(state))
        splitFixed_ = true;
}

void ImportReportPane::fitFilesSection() {
    if (splitFixed_)
        return;
    // Bundles usually hold a handful of files; the rejected records may run to millions,
    // so they get the rest of the height.
    const int rows = std::clamp(files_->rowCount(), 2, 8);
    const int wanted = filesHeading_->sizeHint().height() +
                       filesTable_->horizontalHeader()->height() +
                       rows * filesTable_->verticalHeader()->defaultSectionSize() +
                       2 * filesTable_->frameWidth() + 16;
    const int total = splitter_->height();
    if (total <= 0)
        return;
    splitter_->setSizes({std::min(wanted, total / 2), std::max(total - wanted, total / 2)});
}

void ImportReportPane::updateHeadings() {
    const auto& history = files_->history();
    int fileCount = files_->rowCount();
    filesHeading_->setText(history.empty()
                               ? tr("Imported files")
                               : tr("Imported files — %1 in %2, %3 partial")
                                     .arg(formatCount(fileCount),
                                          countOf(static_cast<std::int64_t>(history.size()),
                                                  tr("bundle"), tr("bundles")),
                                          formatCount(files_->partialFiles())));
    const auto total = files_->rejectedTotal();
    const int shown = rejected_->rowCount();
    if (total == 0)
        rejectedHeading_->setText(tr("Rejected records — none"));
    else if (shown < total)
        rejectedHeading_->setText(tr("Rejected records — %1 (first %2 loaded; scroll for more)")
                                      .arg(formatCount(total), formatCount(shown)));
    else
        rejectedHeading_->setText(tr("Rejected records — %1").arg(formatCount(total)));
}

} // namespace casebook::ui
