#include "ui/metrics/chart_stack.h"

#include "ui/metrics/chart_pin.h"

#include "core/store/workspace.h"
#include "ui/context/investigation_context.h"
#include "ui/metrics/chart_data.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/util/text.h"

#include <QFileDialog>
#include <QLabel>
#include <QPainter>
#include <QSvgGenerator>
#include <QVBoxLayout>

#include <algorithm>

namespace casebook::ui {
namespace {

constexpr int kChartHeight = 210;

} // namespace

ChartStack::ChartStack(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QScrollArea(parent), context_(context), jobs_(jobs), changesSlot_(jobs->newSlot()),
      spanSlot_(jobs->newSlot()) {
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    content_ = new QWidget(this);
    content_->setObjectName(QStringLiteral("chartStackContent"));
    content_->setAutoFillBackground(true);
    content_->setBackgroundRole(QPalette::Base);
    layout_ = new QVBoxLayout(content_);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(2);
    placeholder_ = new QLabel(
        tr("Double-click a series (or an SLO) on the left to chart it here.\nCharts share one "
           "time axis; drag across a chart to narrow every pane to that time."),
        content_);
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setForegroundRole(QPalette::PlaceholderText);
    layout_->addWidget(placeholder_, 1);
    layout_->addStretch(0);
    setWidget(content_);

    connect(context_, &InvestigationContext::scopeChanged, this, [this] {
        seriesSpan_.reset();
        changes_.reset();
        updateRange();
    });
    connect(context_, &InvestigationContext::workspaceChanged, this, [this] {
        if (!context_->hasWorkspace())
            clear();
    });
    connect(context_, &InvestigationContext::timeWindowChanged, this, &ChartStack::updateRange);
    connect(context_, &InvestigationContext::crosshairChanged, this, [this] {
        for (auto& c : charts_)
            c.view->setCrosshair(context_->crosshairTime());
    });
    connect(context_, &InvestigationContext::changeSelected, this, [this] {
        const auto& change = context_->selectedChange();
        for (auto& c : charts_)
            c.view->setSelectedChange(change ? std::optional<std::int64_t>(change->id)
                                             : std::nullopt);
    });
}

MetricChartView* ChartStack::chart(int index) const {
    if (index < 0 || index >= chartCount())
        return nullptr;
    return charts_[static_cast<std::size_t>(index)].view;
}

bool ChartStack::hasSeries(SeriesId series) const {
    return std::any_of(charts_.begin(), charts_.end(),
                       [&](const Chart& c) { return c.series && *c.series == series; });
}

bool ChartStack::isLoading() const {
    if (jobs_->isRunning(changesSlot_) || jobs_->isRunning(spanSlot_))
        return true;
    // A chart on screen still waiting for its width loads as soon as it has one.
    return std::any_of(charts_.begin(), charts_.end(), [&](const Chart& c) {
        return jobs_->isRunning(c.slot) || (c.loadedWidth <= 0 && isVisible());
    });
}

void ChartStack::addSeries(SeriesId series) {
    if (hasSeries(series))
        return;
    Chart c;
    c.series = series;
    add(std::move(c));
}

void ChartStack::addSlo(SloId slo) {
    for (const auto& c : charts_)
        if (c.slo && *c.slo == slo)
            return;
    Chart c;
    c.slo = slo;
    add(std::move(c));
}

void ChartStack::add(Chart chart) {
    placeholder_->hide();
    chart.view = new MetricChartView(content_);
    chart.view->setMinimumHeight(kChartHeight);
    chart.view->setMaximumHeight(kChartHeight);
    chart.view->setChanges(changes_);
    chart.view->setCrosshair(context_->crosshairTime());
    chart.slot = jobs_->newSlot();
    MetricChartView* view = chart.view;
    connect(view, &MetricChartView::crosshairMoved, context_,
            &InvestigationContext::setCrosshairTime);
    connect(view, &MetricChartView::rangeDragged, this, [this](std::int64_t from, std::int64_t to) {
        context_->setTimeWindow({from, to});
    });
    connect(view, &MetricChartView::changeClicked, context_, &InvestigationContext::selectChange);
    connect(view, &MetricChartView::removeRequested, this, [this, view] { remove(view); });
    connect(view, &MetricChartView::pinRequested, this, [this, view] {
        if (Chart* c = chartOf(view))
            emit chartPinRequested(chartPinOf(view->chartData(), from_, to_, c->series, c->slo));
    });
    connect(view, &MetricChartView::exportRequested, this,
            [this, view](bool svg) { exportChart(view, svg); });
    connect(view, &MetricChartView::plotWidthChanged, this, [this, view](int width) {
        if (Chart* c = chartOf(view); c && worthReloading(*c, width))
            reload(*c);
    });
    layout_->insertWidget(layout_->count() - 1, view);
    charts_.push_back(std::move(chart));
    if (charts_.size() == 1 && !context_->timeWindow().fromNs) {
        updateRange(); // the first chart decides the range: fetch its span
        return;
    }
    view->setTimeRange(from_, to_);
    reload(charts_.back());
    reloadChanges();
}

void ChartStack::remove(MetricChartView* view) {
    const auto it = std::find_if(charts_.begin(), charts_.end(),
                                 [&](const Chart& c) { return c.view == view; });
    if (it == charts_.end())
        return;
    jobs_->cancel(it->slot);
    charts_.erase(it);
    view->deleteLater();
    if (charts_.empty()) {
        placeholder_->show();
        seriesSpan_.reset();
    }
    emit loaded();
}

void ChartStack::clear() {
    for (auto& c : charts_) {
        jobs_->cancel(c.slot);
        c.view->deleteLater();
    }
    charts_.clear();
    seriesSpan_.reset();
    placeholder_->show();
}

void ChartStack::setBaselinePeriod(std::int64_t periodNs) {
    if (periodNs == baselinePeriod_)
        return;
    baselinePeriod_ = periodNs;
    reloadAll();
}

void ChartStack::setRange(std::int64_t from, std::int64_t to) {
    if (from == from_ && to == to_)
        return;
    from_ = from;
    to_ = std::max(to, from + 1);
    for (auto& c : charts_)
        c.view->setTimeRange(from_, to_);
    reloadAll();
    reloadChanges();
    emit rangeChanged();
}

void ChartStack::updateRange() {
    const TimeWindow& window = context_->timeWindow();
    if (window.fromNs && window.toNs) {
        setRange(*window.fromNs, *window.toNs);
        return;
    }
    if (seriesSpan_) {
        setRange(seriesSpan_->first, seriesSpan_->second + 1);
        return;
    }
    // The span of the first charted series (an SLO chart follows its SLI's metric).
    const auto first = std::find_if(charts_.begin(), charts_.end(),
                                    [](const Chart& c) { return c.series.has_value(); });
    const auto scope = context_->scope();
    if (first == charts_.end() || !scope) {
        for (auto& c : charts_)
            reload(c);
        return;
    }
    const QString path = context_->workspacePath();
    const SeriesId series = *first->series;
    jobs_->run(
        spanSlot_, this,
        [path, scope = *scope, series](const JobControl&) {
            return loadSeriesSpan(path, scope, series);
        },
        [this](JobResult<SeriesSpan> result) {
            if (!result.ok() || !result.value->found) {
                if (!result.ok())
                    emit failed(tr("Could not read the series: %1").arg(result.error));
                return;
            }
            seriesSpan_ = std::make_pair(result.value->firstNs, result.value->lastNs);
            if (!context_->timeWindow().fromNs)
                setRange(seriesSpan_->first, seriesSpan_->second + 1);
            else
                updateRange();
        });
}

void ChartStack::reloadAll() {
    for (auto& c : charts_)
        reload(c);
}

void ChartStack::reload(Chart& chart) {
    const auto scope = context_->scope();
    if (!scope || to_ <= from_)
        return;
    chart.view->setTimeRange(from_, to_);
    chart.view->setLoading(true);
    // Not laid out yet (a chart added while the pane is hidden, say): it loads when its
    // plot gets a width.
    const int pixels = chart.view->plotWidth();
    chart.loadedWidth = pixels;
    if (pixels <= 0)
        return;
    ++chart.loads;
    const QString path = context_->workspacePath();
    MetricChartView* view = chart.view;
    auto done = [this, view](JobResult<ChartData> result) {
        if (!result.ok()) {
            ChartData error;
            error.error = result.error;
            view->setData(std::move(error));
        } else {
            view->setData(std::move(*result.value));
        }
        if (!isLoading())
            emit loaded();
    };
    if (chart.series) {
        SeriesChartRequest r{path, *scope, *chart.series, from_, to_, pixels, baselinePeriod_};
        jobs_->run(
            chart.slot, view, [r](const JobControl&) { return loadSeriesChart(r); }, done);
    } else if (chart.slo) {
        SloChartRequest r{path, *scope, *chart.slo, from_, to_, pixels};
        jobs_->run(
            chart.slot, view, [r](const JobControl&) { return loadSloChart(r); }, done);
    }
}

void ChartStack::reloadChanges() {
    const auto scope = context_->scope();
    if (!scope || to_ <= from_ || charts_.empty())
        return;
    // The changes of the range on screen only (windows that overlap it included).
    if (changes_ && changesRange_ == std::make_pair(from_, to_))
        return;
    changesRange_ = {from_, to_};
    const QString path = context_->workspacePath();
    jobs_->run(
        changesSlot_, this,
        [path, scope = scope->withWindow({from_, to_ + 1})](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            return listChanges(*ws, scope);
        },
        [this](JobResult<std::vector<ChangeRow>> result) {
            if (!result.ok()) {
                emit failed(tr("Could not read the change events: %1").arg(result.error));
                return;
            }
            changes_ = std::make_shared<const std::vector<ChangeRow>>(std::move(*result.value));
            for (auto& c : charts_)
                c.view->setChanges(changes_);
            if (!isLoading())
                emit loaded();
        });
}

bool ChartStack::worthReloading(const Chart& chart, int width) const {
    if (chart.loadedWidth <= 0)
        return true; // waiting for a width
    if (chart.loadedWidth == width)
        return false;
    // Another width (the value axis' labels took more or less room, the pane was resized):
    // worth a new load when the lines have more points than pixels now, or when they were
    // merged and the plot grew.
    const ChartData& data = chart.view->chartData();
    std::size_t most = 0;
    for (const ChartLine& line : data.lines)
        most = std::max(most, line.points.size());
    return most > static_cast<std::size_t>(width) ||
           (width > chart.loadedWidth && data.downsampled);
}

ChartStack::Chart* ChartStack::chartOf(MetricChartView* view) {
    const auto it = std::find_if(charts_.begin(), charts_.end(),
                                 [&](const Chart& c) { return c.view == view; });
    return it == charts_.end() ? nullptr : &*it;
}

int ChartStack::loadsOf(int chartIndex) const {
    if (chartIndex < 0 || chartIndex >= chartCount())
        return 0;
    return charts_[static_cast<std::size_t>(chartIndex)].loads;
}

void ChartStack::exportChart(MetricChartView* view, bool svg) {
    const auto it = std::find_if(charts_.begin(), charts_.end(),
                                 [&](const Chart& c) { return c.view == view; });
    if (it == charts_.end())
        return;
    const int index = static_cast<int>(it - charts_.begin());
    const QString file =
        askFile_ ? askFile_(svg)
                 : QFileDialog::getSaveFileName(
                       this, svg ? tr("Export Chart as SVG") : tr("Export Chart as PNG"), QString(),
                       svg ? tr("SVG pictures (*.svg)") : tr("PNG pictures (*.png)"));
    if (file.isEmpty())
        return;
    if (!(svg ? exportSvg(file, index) : exportPng(file, index)))
        emit failed(tr("Could not write %1").arg(file));
}

QWidget* ChartStack::exportTarget(int chartIndex) const {
    if (chartIndex >= 0)
        return chart(chartIndex);
    return charts_.empty() ? nullptr : content_;
}

bool ChartStack::exportPng(const QString& file, int chartIndex) {
    QWidget* target = exportTarget(chartIndex);
    if (!target)
        return false;
    return target->grab().save(file, "PNG");
}

bool ChartStack::exportSvg(const QString& file, int chartIndex) {
    QWidget* target = exportTarget(chartIndex);
    if (!target)
        return false;
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(target->size());
    svg.setViewBox(QRect(QPoint(0, 0), target->size()));
    svg.setTitle(tr("Casebook metrics"));
    QPainter painter;
    if (!painter.begin(&svg))
        return false;
    target->render(&painter);
    return painter.end();
}

} // namespace casebook::ui
