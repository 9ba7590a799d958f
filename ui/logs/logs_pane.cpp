#include "ui/logs/logs_pane.h"

#include "core/query/log_histogram.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/logs/log_body_delegate.h"
#include "ui/logs/log_histogram_view.h"
#include "ui/logs/log_table_model.h"
#include "ui/util/text.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <QItemSelectionModel>

#include <algorithm>
#include <stdexcept>

namespace casebook::ui {
namespace {

constexpr int kHistogramBuckets = 120;

struct Services {
    QStringList names;
};

} // namespace

LogsPane::LogsPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), histogramSlot_(jobs->newSlot()),
      servicesSlot_(jobs->newSlot()), model_(new LogTableModel(jobs, this)),
      bodyDelegate_(new LogBodyDelegate(this)), histogram_(new LogHistogramView(this)),
      search_(new QLineEdit(this)), filter_(new QLineEdit(this)), level_(new QComboBox(this)),
      service_(new QComboBox(this)), chip_(new QLabel(this)),
      clearChip_(new QPushButton(tr("Show all logs"), this)), window_(new QLabel(this)),
      clearWindow_(new QPushButton(tr("Whole time range"), this)), status_(new QLabel(this)),
      pinLines_(new QPushButton(tr("Pin selected lines…"), this)), table_(new QTableView(this)),
      typingPause_(new QTimer(this)) {
    search_->setObjectName(QStringLiteral("logSearch"));
    search_->setPlaceholderText(tr("Search messages (every word must occur)"));
    search_->setClearButtonEnabled(true);
    filter_->setObjectName(QStringLiteral("logFilter"));
    filter_->setPlaceholderText(tr("Filter, e.g. level >= warn and service == ingestion-api"));
    filter_->setClearButtonEnabled(true);
    level_->setObjectName(QStringLiteral("logLevel"));
    level_->addItem(tr("All levels"));
    level_->addItem(tr("Debug and above"), 5);
    level_->addItem(tr("Info and above"), 9);
    level_->addItem(tr("Warnings and errors"), 13);
    level_->addItem(tr("Errors"), 17);
    service_->setObjectName(QStringLiteral("logService"));
    service_->addItem(tr("All services"));
    service_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    chip_->setObjectName(QStringLiteral("logTraceChip"));
    window_->setObjectName(QStringLiteral("logWindow"));
    status_->setObjectName(QStringLiteral("logStatus"));
    status_->setTextFormat(Qt::PlainText);
    histogram_->setObjectName(QStringLiteral("logHistogram"));

    table_->setObjectName(QStringLiteral("logTable"));
    table_->setModel(model_);
    table_->setItemDelegateForColumn(LogTableModel::Body, bodyDelegate_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->setWordWrap(false);
    table_->setAlternatingRowColors(true);
    auto* header = table_->horizontalHeader();
    header->setSectionResizeMode(LogTableModel::Body, QHeaderView::Stretch);
    header->resizeSection(LogTableModel::Time, table_->fontMetrics().horizontalAdvance(
                                                   QStringLiteral("2026-11-20 09:00:00.000__")));
    header->resizeSection(LogTableModel::Level,
                          table_->fontMetrics().horizontalAdvance(QStringLiteral("ERROR___")));
    header->resizeSection(LogTableModel::Trace, table_->fontMetrics().horizontalAdvance(
                                                    QStringLiteral("0123456789abcdef0123")));

    auto* bar = new QHBoxLayout;
    bar->setSpacing(6);
    bar->addWidget(search_, 3);
    bar->addWidget(filter_, 4);
    bar->addWidget(level_);
    bar->addWidget(service_);
    auto* narrowing = new QHBoxLayout;
    narrowing->setSpacing(6);
    narrowing->addWidget(status_, 1);
    narrowing->addWidget(chip_);
    narrowing->addWidget(clearChip_);
    narrowing->addWidget(window_);
    narrowing->addWidget(clearWindow_);
    narrowing->addWidget(pinLines_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(histogram_);
    layout->addLayout(narrowing);
    layout->addWidget(table_, 1);
    chip_->hide();
    clearChip_->hide();
    window_->hide();
    clearWindow_->hide();

    typingPause_->setSingleShot(true);
    typingPause_->setInterval(250);
    for (QLineEdit* edit : {search_, filter_}) {
        connect(edit, &QLineEdit::textChanged, typingPause_, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &LogsPane::apply);
    }
    connect(typingPause_, &QTimer::timeout, this, &LogsPane::apply);
    connect(level_, &QComboBox::currentIndexChanged, this, &LogsPane::apply);
    connect(service_, &QComboBox::currentIndexChanged, this, &LogsPane::apply);
    connect(clearChip_, &QPushButton::clicked, this, [this] {
        trace_.reset();
        span_.reset();
        apply();
    });
    connect(clearWindow_, &QPushButton::clicked, this,
            [this] { context_->setTimeWindow(TimeWindow{}); });
    connect(histogram_, &LogHistogramView::rangeChosen, this,
            [this](std::int64_t from, std::int64_t to) {
                context_->setTimeWindow(TimeWindow{from, to});
            });
    pinLines_->setObjectName(QStringLiteral("pinLogLines"));
    pinLines_->setToolTip(tr("Add the selected log lines to the case as evidence, with a note"));
    pinLines_->setEnabled(false);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { pinLines_->setEnabled(!selectedLogIds().isEmpty()); });
    connect(model_, &QAbstractItemModel::modelReset, this,
            [this] { pinLines_->setEnabled(false); });
    connect(pinLines_, &QPushButton::clicked, this, [this] {
        const QList<qint64> ids = selectedLogIds();
        if (!ids.isEmpty())
            emit pinLogLinesRequested(ids);
    });
    connect(table_, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const LogRow* row = model_->rowAt(index.row());
        if (index.column() == LogTableModel::Trace && row && row->traceId)
            context_->selectSpan(*row->traceId, row->spanId);
    });

    auto restartAll = [this] {
        trace_.reset();
        span_.reset();
        reloadServices();
        reload();
    };
    connect(context_, &InvestigationContext::workspaceChanged, this, restartAll);
    connect(context_, &InvestigationContext::scopeChanged, this, restartAll);
    connect(context_, &InvestigationContext::timeWindowChanged, this, &LogsPane::reload);
    connect(context_, &InvestigationContext::crosshairChanged, this,
            [this] { histogram_->setCrosshair(context_->crosshairTime()); });
    connect(histogram_, &LogHistogramView::hovered, context_,
            &InvestigationContext::setCrosshairTime);
    connect(model_, &LogTableModel::pageLoaded, this, [this] {
        updateStatus();
        if (!isLoading())
            emit loaded();
    });
    connect(model_, &LogTableModel::failed, this, &LogsPane::failed);
    updateStatus();
}

bool LogsPane::isLoading() const {
    return model_->isFetching() || jobs_->isRunning(histogramSlot_);
}

void LogsPane::showLogsOf(const TraceId& trace, const std::optional<SpanId>& span) {
    trace_ = trace;
    span_ = span;
    apply();
}

void LogsPane::showQuery(const QString& search, const QString& filter) {
    trace_.reset();
    span_.reset();
    {
        const QSignalBlocker quietSearch(search_);
        const QSignalBlocker quietFilter(filter_);
        search_->setText(search);
        filter_->setText(filter);
    }
    apply();
}

QList<qint64> LogsPane::selectedLogIds() const {
    QList<qint64> ids;
    if (!table_->selectionModel())
        return ids;
    for (const QModelIndex& index : table_->selectionModel()->selectedRows())
        if (const LogRow* row = model_->rowAt(index.row()))
            ids.append(row->id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

void LogsPane::apply() {
    typingPause_->stop();
    reload();
}

void LogsPane::reload() {
    LogRequest request;
    request.workspacePath = context_->workspacePath();
    request.scope = context_->windowedScope();
    request.search = search_->text();
    request.filter = filter_->text();
    if (level_->currentData().isValid())
        request.minSeverity = level_->currentData().toInt();
    if (service_->currentIndex() > 0)
        request.service = service_->currentText();
    request.trace = trace_;
    request.span = span_;
    bodyDelegate_->setTerms(request.search.split(u' ', Qt::SkipEmptyParts));
    model_->setRequest(request);

    const TimeWindow& window = context_->timeWindow();
    const bool windowed = window.fromNs && window.toNs;
    window_->setVisible(windowed);
    clearWindow_->setVisible(windowed);
    if (windowed)
        window_->setText(tr("Window %1 – %2")
                             .arg(toQString(formatRfc3339(*window.fromNs)),
                                  toQString(formatRfc3339(*window.toNs))));
    chip_->setVisible(trace_.has_value());
    clearChip_->setVisible(trace_.has_value());
    if (trace_)
        chip_->setText(span_ ? tr("Logs of span %1").arg(toQString(span_->hex()))
                             : tr("Logs of trace %1").arg(toQString(trace_->hex())));
    updateStatus();

    if (request.workspacePath.isEmpty() || !request.scope || !model_->queryError().isEmpty()) {
        jobs_->cancel(histogramSlot_);
        histogram_->setHistogram({});
        return;
    }
    jobs_->run(
        histogramSlot_, this,
        [request](const JobControl&) {
            auto ws =
                Workspace::open(toFsPath(request.workspacePath), Workspace::OpenMode::ReadOnly);
            return logHistogram(*ws, *request.scope, toLogQuery(request), kHistogramBuckets);
        },
        [this](JobResult<LogHistogram> result) {
            if (!result.ok()) {
                emit failed(tr("Could not count the logs: %1").arg(result.error));
                return;
            }
            histogram_->setHistogram(std::move(*result.value));
            updateStatus();
            if (!isLoading())
                emit loaded();
        });
}

void LogsPane::reloadServices() {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    const QSignalBlocker quiet(service_);
    service_->clear();
    service_->addItem(tr("All services"));
    if (path.isEmpty() || !scope) {
        jobs_->cancel(servicesSlot_);
        return;
    }
    jobs_->run(
        servicesSlot_, this,
        [path, scope = *scope](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            Services out;
            for (const auto& name : logServices(*ws, scope))
                out.names.append(toQString(name));
            return out;
        },
        [this](JobResult<Services> result) {
            if (!result.ok())
                return; // the quick filter stays at "All services"; the table still works
            const QSignalBlocker quiet(service_);
            service_->addItems(result.value->names);
        });
}

void LogsPane::updateStatus() {
    if (!context_->hasWorkspace()) {
        status_->setText(tr("No workspace open."));
        return;
    }
    if (!model_->queryError().isEmpty()) {
        status_->setText(tr("Filter: %1").arg(model_->queryError()));
        status_->setStyleSheet(QStringLiteral("color: #c62828;"));
        return;
    }
    status_->setStyleSheet({});
    const std::int64_t total = histogram_->histogram().total();
    const int shown = model_->rowCount();
    status_->setText(total > shown ? tr("%1 records match; %2 shown, more as you scroll")
                                         .arg(formatCount(total), formatCount(shown))
                                   : countOf(shown, tr("record"), tr("records")));
}

} // namespace casebook::ui
