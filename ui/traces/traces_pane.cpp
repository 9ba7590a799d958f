#include "ui/traces/traces_pane.h"

#include "ui/context/investigation_context.h"
#include "ui/traces/trace_list_model.h"
#include "ui/util/text.h"

#include <QEvent>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace casebook::ui {

TracesPane::TracesPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), model_(new TraceListModel(jobs, this)),
      filter_(new QLineEdit(this)), status_(new QLabel(this)), table_(new QTableView(this)),
      typingPause_(new QTimer(this)) {
    filter_->setObjectName(QStringLiteral("traceFilter"));
    filter_->setPlaceholderText(tr("Filter traces, e.g. service == crm-sync and duration > 250ms"));
    filter_->setClearButtonEnabled(true);
    status_->setObjectName(QStringLiteral("traceStatus"));
    status_->setTextFormat(Qt::PlainText);

    table_->setObjectName(QStringLiteral("traceTable"));
    table_->setModel(model_);
    // Pointing at a trace puts the shared crosshair (charts, log histogram) at its start.
    table_->setMouseTracking(true);
    table_->viewport()->installEventFilter(this);
    connect(table_, &QAbstractItemView::entered, this, [this](const QModelIndex& index) {
        if (const TraceSummary* trace = model_->traceAt(index.row()))
            context_->setCrosshairTime(trace->startNs);
    });
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setSortingEnabled(true);
    table_->sortByColumn(TraceListModel::Start, Qt::DescendingOrder);
    // Root and tenant do not sort: the indicator goes back to the column that does.
    connect(table_->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int column) {
                if (column != model_->sortColumn())
                    QTimer::singleShot(0, this, [this] {
                        table_->horizontalHeader()->setSortIndicator(model_->sortColumn(),
                                                                     model_->sortOrder());
                    });
            });
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    auto* header = table_->horizontalHeader();
    header->setSectionResizeMode(TraceListModel::Root, QHeaderView::Stretch);
    header->setSectionResizeMode(TraceListModel::Start, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(TraceListModel::Tenant, QHeaderView::ResizeToContents);
    // Counts get the width of their header; the root span takes what is left.
    const QFontMetrics metrics = header->fontMetrics();
    for (int column : {int(TraceListModel::Duration), int(TraceListModel::Spans),
                       int(TraceListModel::Errors), int(TraceListModel::Services)}) {
        header->setSectionResizeMode(column, QHeaderView::Fixed);
        header->resizeSection(column,
                              metrics.horizontalAdvance(
                                  model_->headerData(column, Qt::Horizontal).toString() + u"__"));
    }
    header->setMinimumSectionSize(40);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(filter_);
    layout->addWidget(status_);
    layout->addWidget(table_, 1);

    typingPause_->setSingleShot(true);
    typingPause_->setInterval(250);
    connect(filter_, &QLineEdit::textChanged, typingPause_, qOverload<>(&QTimer::start));
    connect(typingPause_, &QTimer::timeout, this, &TracesPane::applyFilter);
    connect(filter_, &QLineEdit::returnPressed, this, &TracesPane::applyFilter);

    connect(context_, &InvestigationContext::workspaceChanged, this, &TracesPane::reload);
    connect(context_, &InvestigationContext::scopeChanged, this, &TracesPane::reload);
    connect(context_, &InvestigationContext::timeWindowChanged, this, &TracesPane::reload);
    connect(context_, &InvestigationContext::crosshairChanged, this,
            [this] { model_->setCrosshair(context_->crosshairTime()); });
    connect(model_, &TraceListModel::pageLoaded, this, [this] {
        // The first trace is opened when none is, so the waterfall never starts empty.
        if (!context_->selectedTrace() && model_->rowCount() > 0)
            table_->selectRow(0);
        updateStatus();
        emit loaded();
    });
    connect(model_, &TraceListModel::modelReset, this, &TracesPane::updateStatus);
    connect(model_, &TraceListModel::failed, this, &TracesPane::failed);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (const TraceSummary* trace = model_->traceAt(current.row()))
                    context_->selectTrace(trace->traceId);
            });
    updateStatus();
}

bool TracesPane::isLoading() const {
    return model_->isFetching();
}

void TracesPane::showFilter(const QString& filter) {
    filter_->setText(filter);
    applyFilter();
}

void TracesPane::applyFilter() {
    typingPause_->stop();
    reload();
}

void TracesPane::reload() {
    // In one tenant's scope every row has that tenant: the column only takes room.
    table_->setColumnHidden(TraceListModel::Tenant, !context_->isAllTenants());
    model_->setQuery(context_->workspacePath(), context_->windowedScope(), filter_->text());
}

void TracesPane::updateStatus() {
    if (!context_->hasWorkspace()) {
        status_->setText(tr("No workspace open."));
        return;
    }
    if (!model_->filterError().isEmpty()) {
        status_->setText(model_->filterError());
        status_->setStyleSheet(QStringLiteral("color: #c62828;"));
        return;
    }
    status_->setStyleSheet({});
    const int rows = model_->rowCount();
    QString text = model_->canFetchMore({}) || model_->isFetching()
                       ? tr("%1 traces shown, more as you scroll").arg(formatCount(rows))
                       : countOf(rows, tr("trace"), tr("traces"));
    const TimeWindow& window = context_->timeWindow();
    if (window.fromNs || window.toNs)
        text += tr(" in the chosen time window");
    status_->setText(text);
}

bool TracesPane::eventFilter(QObject* watched, QEvent* event) {
    if (watched == table_->viewport() && event->type() == QEvent::Leave)
        context_->setCrosshairTime(std::nullopt);
    return QWidget::eventFilter(watched, event);
}

} // namespace casebook::ui
