#include "ui/metrics/metrics_pane.h"

#include "core/analysis/metric_baseline.h"
#include "core/analysis/slo_store.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/metrics/chart_stack.h"
#include "ui/metrics/series_list_model.h"
#include "ui/metrics/slo_table_model.h"
#include "ui/util/text.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace casebook::ui {
namespace {

QTableView* makeTable(QWidget* parent) {
    auto* t = new QTableView(parent);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->horizontalHeader()->setHighlightSections(false);
    t->setWordWrap(false);
    t->setShowGrid(false);
    t->setAlternatingRowColors(true);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return t;
}

// "2026-11-12 01:00 – 11-21 00:00 UTC": the end leaves out the year, and the date, that
// it shares with the start, so the label stays short enough for a narrow middle.
QString rangeText(std::int64_t from, std::int64_t to) {
    const QString a = toQString(formatRfc3339(from)).left(16).replace(u'T', u' ');
    QString b = toQString(formatRfc3339(to)).left(16).replace(u'T', u' ');
    if (b.left(10) == a.left(10))
        b = b.mid(11);
    else if (b.left(4) == a.left(4))
        b = b.mid(5);
    return QObject::tr("%1 – %2 UTC").arg(a, b);
}

} // namespace

MetricsPane::MetricsPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), slosSlot_(jobs->newSlot()),
      addSlot_(jobs->newSlot()), series_(new SeriesListModel(jobs, this)),
      slos_(new SloTableModel(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter);

    // The browser.
    tabs_ = new QTabWidget(splitter);
    auto* seriesPage = new QWidget(tabs_);
    auto* seriesLayout = new QVBoxLayout(seriesPage);
    seriesLayout->setContentsMargins(4, 4, 4, 4);
    search_ = new QLineEdit(seriesPage);
    search_->setPlaceholderText(tr("Search series, services, labels"));
    search_->setClearButtonEnabled(true);
    seriesLayout->addWidget(search_);
    seriesTable_ = makeTable(seriesPage);
    seriesTable_->setObjectName(QStringLiteral("seriesTable"));
    seriesTable_->setModel(series_);
    seriesTable_->setToolTip(tr("Double-click a series to chart it"));
    seriesTable_->horizontalHeader()->setSectionResizeMode(SeriesListModel::Name,
                                                           QHeaderView::Stretch);
    seriesTable_->horizontalHeader()->setStretchLastSection(false);
    seriesTable_->setColumnHidden(SeriesListModel::Kind, true);
    seriesTable_->setColumnHidden(SeriesListModel::Service, true);
    seriesTable_->setColumnHidden(SeriesListModel::Unit, true);
    seriesTable_->setTextElideMode(Qt::ElideMiddle);
    seriesLayout->addWidget(seriesTable_, 1);
    tabs_->addTab(seriesPage, tr("Series"));

    auto* sloPage = new QWidget(tabs_);
    auto* sloLayout = new QVBoxLayout(sloPage);
    sloLayout->setContentsMargins(4, 4, 4, 4);
    sloTable_ = makeTable(sloPage);
    sloTable_->setObjectName(QStringLiteral("sloTable"));
    sloTable_->setModel(slos_);
    sloTable_->setToolTip(tr("Double-click an SLO to chart its SLI with the objective and the "
                             "burn-rate alerts"));
    sloTable_->horizontalHeader()->setSectionResizeMode(SloTableModel::Name, QHeaderView::Stretch);
    sloTable_->horizontalHeader()->setStretchLastSection(false);
    sloTable_->setColumnHidden(SloTableModel::Objective, true);
    sloLayout->addWidget(sloTable_, 1);
    auto* addSlo = new QPushButton(tr("Add SLO…"), sloPage);
    addSlo->setToolTip(tr("Add an SLO for the tenant in scope (JSON as in docs/slo-format.md)"));
    pinSlo_ = new QPushButton(tr("Pin Status…"), sloPage);
    pinSlo_->setObjectName(QStringLiteral("pinSloStatus"));
    pinSlo_->setToolTip(tr("Pin the selected SLO's status, error budget and alerts to the case, "
                           "with a note"));
    pinSlo_->setEnabled(false);
    auto* sloButtons = new QHBoxLayout();
    sloButtons->addWidget(addSlo);
    sloButtons->addWidget(pinSlo_);
    sloButtons->addStretch(1);
    sloLayout->addLayout(sloButtons);
    tabs_->addTab(sloPage, tr("SLOs"));

    // The charts.
    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(2);
    auto* bar = new QHBoxLayout();
    bar->setContentsMargins(6, 4, 6, 2);
    range_ = new QLabel(right);
    range_->setObjectName(QStringLiteral("chartRange"));
    // The range text gives way (clipped, whole in the tooltip) rather than widening the
    // middle of the window, which would squeeze the side docks for good.
    range_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    range_->setMinimumWidth(range_->fontMetrics().horizontalAdvance(tr("No charts yet")) + 4);
    resetRange_ = new QPushButton(tr("Whole range"), right);
    resetRange_->setToolTip(tr("Forget the time window chosen by dragging"));
    baseline_ = new QComboBox(right);
    baseline_->setObjectName(QStringLiteral("baselineSelector"));
    baseline_->addItem(tr("No baseline"), QVariant::fromValue<qint64>(0));
    baseline_->addItem(tr("vs 1 day earlier"), QVariant::fromValue<qint64>(kDayNs));
    baseline_->addItem(tr("vs 1 week earlier"), QVariant::fromValue<qint64>(kWeekNs));
    baseline_->addItem(tr("vs custom period…"), QVariant::fromValue<qint64>(-1));
    baseline_->setCurrentIndex(2);
    baseline_->setToolTip(tr("Draw each series a period earlier, dashed, with the change over "
                             "the range in words"));
    export_ = new QToolButton(right);
    export_->setText(tr("Export"));
    export_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(export_);
    menu->addAction(tr("Charts as PNG…"), this, [this] { exportCharts(false); });
    menu->addAction(tr("Charts as SVG…"), this, [this] { exportCharts(true); });
    export_->setMenu(menu);
    auto* clear = new QPushButton(tr("Clear"), right);
    bar->addWidget(range_, 1);
    bar->addWidget(resetRange_);
    bar->addWidget(baseline_);
    bar->addWidget(export_);
    bar->addWidget(clear);
    rightLayout->addLayout(bar);
    charts_ = new ChartStack(context_, jobs_, right);
    charts_->setObjectName(QStringLiteral("chartStack"));
    rightLayout->addWidget(charts_, 1);
    charts_->setBaselinePeriod(kWeekNs);

    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    // Series names are long ("ingestion.freshness_lag_seconds{source=web-forms}"): the
    // browser keeps room for their start and end however narrow the middle gets.
    tabs_->setMinimumWidth(tabs_->fontMetrics().averageCharWidth() * 24);
    splitter->setSizes({250, 1000});

    typingPause_ = new QTimer(this);
    typingPause_->setSingleShot(true);
    typingPause_->setInterval(250);
    connect(typingPause_, &QTimer::timeout, this, &MetricsPane::reloadBrowser);
    connect(search_, &QLineEdit::textChanged, typingPause_, qOverload<>(&QTimer::start));
    connect(seriesTable_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (const SeriesInfo* s = series_->seriesAt(index.row()))
            showSeries({s->id});
    });
    connect(seriesTable_, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (const SeriesInfo* s = series_->seriesAt(index.row()))
            showSeries({s->id});
    });
    connect(sloTable_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (const SloRow* r = slos_->rowAt(index.row()))
            showSlo(r->id);
    });
    connect(addSlo, &QPushButton::clicked, this, &MetricsPane::addSloFromText);
    connect(sloTable_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { pinSlo_->setEnabled(sloTable_->selectionModel()->hasSelection()); });
    connect(slos_, &QAbstractItemModel::modelReset, this, [this] { pinSlo_->setEnabled(false); });
    connect(pinSlo_, &QPushButton::clicked, this, [this] {
        const auto rows = sloTable_->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return;
        if (const SloRow* r = slos_->rowAt(rows.front().row()))
            emit sloPinRequested(raw(r->id), r->name);
    });
    connect(resetRange_, &QPushButton::clicked, this, [this] { context_->setTimeWindow({}); });
    connect(baseline_, &QComboBox::activated, this, [this](int index) {
        qint64 period = baseline_->itemData(index).toLongLong();
        if (period < 0) {
            bool ok = false;
            const QString text =
                QInputDialog::getText(this, tr("Baseline Period"),
                                      tr("Compare with how long earlier (e.g. 3h, 2d, 14d)?"),
                                      QLineEdit::Normal, QStringLiteral("2d"), &ok);
            const auto parsed = ok ? parseDuration(text.trimmed().toStdString()) : std::nullopt;
            if (!parsed || *parsed <= 0) {
                baseline_->setCurrentIndex(2);
                return;
            }
            period = *parsed;
        }
        setBaselinePeriod(period);
    });
    connect(clear, &QPushButton::clicked, charts_, &ChartStack::clear);
    connect(charts_, &ChartStack::rangeChanged, this, &MetricsPane::updateRangeLabel);
    connect(charts_, &ChartStack::failed, this, &MetricsPane::failed);
    connect(charts_, &ChartStack::chartPinRequested, this, &MetricsPane::chartPinRequested);
    connect(charts_, &ChartStack::loaded, this, [this] {
        if (!isLoading())
            emit loaded();
    });
    connect(series_, &SeriesListModel::failed, this, &MetricsPane::failed);
    connect(series_, &SeriesListModel::pageLoaded, this, [this] {
        seriesTable_->setColumnHidden(SeriesListModel::Tenant, !context_->isAllTenants());
        if (!isLoading())
            emit loaded();
    });
    connect(context_, &InvestigationContext::scopeChanged, this, [this] {
        reloadBrowser();
        reloadSlos();
    });
    connect(context_, &InvestigationContext::workspaceChanged, this, [this] {
        reloadBrowser();
        reloadSlos();
    });
    connect(context_, &InvestigationContext::timeWindowChanged, this,
            [this] { resetRange_->setEnabled(context_->timeWindow().fromNs.has_value()); });
    resetRange_->setEnabled(false);
    updateRangeLabel();
}

bool MetricsPane::isLoading() const {
    return series_->isFetching() || jobs_->isRunning(slosSlot_) || charts_->isLoading();
}

void MetricsPane::reloadBrowser() {
    series_->setQuery(context_->workspacePath(), context_->scope(), search_->text());
}

void MetricsPane::reloadSlos() {
    const auto scope = context_->scope();
    if (!scope) {
        slos_->setRows({});
        return;
    }
    const QString path = context_->workspacePath();
    jobs_->run(
        slosSlot_, this,
        [path, scope = *scope](const JobControl&) { return evaluateSloRows(path, scope); },
        [this](JobResult<std::vector<SloRow>> result) {
            if (!result.ok()) {
                emit failed(tr("Could not evaluate the SLOs: %1").arg(result.error));
                return;
            }
            slos_->setRows(std::move(*result.value));
            sloTable_->setColumnHidden(SloTableModel::Tenant, !context_->isAllTenants());
            if (!isLoading())
                emit loaded();
        });
}

void MetricsPane::showSeries(const std::vector<SeriesId>& series) {
    for (const SeriesId id : series)
        charts_->addSeries(id);
}

void MetricsPane::showSlo(SloId slo) {
    charts_->addSlo(slo);
}

void MetricsPane::setBaselinePeriod(std::int64_t periodNs) {
    for (int i = 0; i < baseline_->count(); ++i)
        if (baseline_->itemData(i).toLongLong() == periodNs)
            baseline_->setCurrentIndex(i);
    charts_->setBaselinePeriod(periodNs);
}

void MetricsPane::updateRangeLabel() {
    if (charts_->chartCount() == 0 || charts_->rangeTo() <= charts_->rangeFrom()) {
        range_->setText(tr("No charts yet"));
        return;
    }
    range_->setText(rangeText(charts_->rangeFrom(), charts_->rangeTo()));
    range_->setToolTip(range_->text());
}

void MetricsPane::addSloFromText() {
    if (!context_->scope() || context_->isAllTenants()) {
        emit failed(tr("An SLO belongs to one tenant: choose a tenant first."));
        return;
    }
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Add SLO for %1").arg(context_->currentTenant()),
        tr("SLO definition (JSON, see docs/slo-format.md):"),
        QStringLiteral(R"({"name": "my objective", "objective": 0.99, "period": "30d",
 "sli": {"type": "threshold", "metric": "queue.depth", "max": 100}})"),
        &ok);
    if (!ok)
        return;
    const auto parsed = parseSloDefinitionText(text.toStdString());
    if (!parsed.slo) {
        emit failed(tr("The SLO was not added: %1").arg(toQString(parsed.error)));
        return;
    }
    const QString path = context_->workspacePath();
    const Scope scope = *context_->scope();
    jobs_->run(
        addSlot_, this,
        [path, scope, slo = *parsed.slo](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::OpenExisting);
            return raw(addSlo(*ws, scope, slo));
        },
        [this](JobResult<std::int64_t> result) {
            if (!result.ok()) {
                emit failed(tr("The SLO was not added: %1").arg(result.error));
                return;
            }
            reloadSlos();
        });
}

void MetricsPane::exportCharts(bool svg) {
    if (charts_->chartCount() == 0) {
        emit failed(tr("There are no charts to export."));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(
        this, svg ? tr("Export Charts as SVG") : tr("Export Charts as PNG"),
        svg ? QStringLiteral("metrics.svg") : QStringLiteral("metrics.png"),
        svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (file.isEmpty())
        return;
    const bool ok = svg ? charts_->exportSvg(file) : charts_->exportPng(file);
    if (!ok)
        emit failed(tr("Could not write %1").arg(file));
}

} // namespace casebook::ui
