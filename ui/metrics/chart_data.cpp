#include "ui/metrics/chart_data.h"

#include "core/analysis/metric_baseline.h"
#include "core/analysis/slo_evaluation.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/util/text.h"

#include <QObject>

#include <algorithm>

namespace casebook::ui {

ChartData loadSeriesChart(const SeriesChartRequest& r) {
    ChartData out;
    auto ws = Workspace::open(toFsPath(r.workspacePath), Workspace::OpenMode::ReadOnly);
    const auto series = findSeries(*ws, r.scope, r.series);
    if (!series) {
        out.error = QObject::tr("This series is not in the scope.");
        return out;
    }
    const auto views = defaultViews(*series);
    out.title = toQString(series->displayName());
    out.subtitle =
        toQString(series->tenant) + QStringLiteral(" · ") +
        (series->service.empty() ? QString() : toQString(series->service) + QStringLiteral(" · ")) +
        toQString(viewUnit(*series, views.front()));
    const int pixels = std::max(16, r.pixels);
    int color = 0;
    for (const SeriesView view : views) {
        ChartLine line;
        line.label = toQString(seriesViewName(view));
        line.colorIndex = color++;
        auto d = downsampleSeries(*ws, r.scope, *series, view, r.fromNs, r.toNs, pixels);
        out.samples += d.samples;
        // (A counter's rates are one fewer than its samples.)
        out.downsampled |= d.samples > static_cast<std::int64_t>(d.points.size()) + 1;
        line.points = std::move(d.points);
        out.lines.push_back(std::move(line));
    }
    if (r.baselinePeriodNs > 0) {
        // The first view, a period earlier, moved onto this range.
        const SeriesView view = views.front();
        ChartLine base;
        base.label = toQString(seriesViewName(view)) + QStringLiteral(" ") +
                     toQString(baselinePeriodWords(r.baselinePeriodNs));
        base.dashed = true;
        base.colorIndex = 0;
        auto d = downsampleSeries(*ws, r.scope, *series, view, r.fromNs - r.baselinePeriodNs,
                                  r.toNs - r.baselinePeriodNs, pixels);
        for (auto& p : d.points)
            p.timeNs += r.baselinePeriodNs;
        base.points = std::move(d.points);
        out.lines.push_back(std::move(base));
        // In words, over the part of the range that has a baseline at all.
        const auto span = seriesTimeSpan(*ws, r.scope, series->id);
        const std::int64_t from =
            span ? std::max(r.fromNs, span->firstNs + r.baselinePeriodNs) : r.fromNs;
        if (from < r.toNs) {
            const auto c = compareWithBaseline(*ws, r.scope, {*series}, view, from, r.toNs,
                                               r.baselinePeriodNs);
            out.comparison = toQString(c.words);
            if (from > r.fromNs)
                out.comparison +=
                    QObject::tr(" (since %1)")
                        .arg(toQString(formatRfc3339(from)).mid(5, 11).replace(u'T', u' '));
        } else {
            out.comparison =
                QObject::tr("no data %1").arg(toQString(baselinePeriodWords(r.baselinePeriodNs)));
        }
    }
    // Rates of rare events read better per minute or per hour than per second.
    if (views.front() == SeriesView::Rate) {
        double top = 0;
        for (const auto& line : out.lines)
            for (const auto& p : line.points)
                top = std::max(top, std::abs(p.value));
        const double factor = top < 0.1 ? 3600 : top < 10 ? 60 : 1;
        if (factor > 1) {
            for (auto& line : out.lines)
                for (auto& p : line.points)
                    p.value *= factor;
            const QString unit = toQString(viewUnit(*series, views.front()));
            QString scaled = unit;
            scaled.replace(QStringLiteral("/s"),
                           factor == 3600 ? QStringLiteral("/h") : QStringLiteral("/min"));
            out.subtitle.replace(unit, scaled);
        }
    }
    return out;
}

ChartData loadSloChart(const SloChartRequest& r) {
    ChartData out;
    auto ws = Workspace::open(toFsPath(r.workspacePath), Workspace::OpenMode::ReadOnly);
    const auto slo = findSlo(*ws, r.scope, r.slo);
    if (!slo || !slo->definition) {
        out.error = QObject::tr("This SLO is not in the scope.");
        return out;
    }
    const SloEvaluation e = evaluateSlo(*ws, r.scope, *slo);
    const SloDefinition& d = *slo->definition;
    out.title = QObject::tr("SLO %1").arg(toQString(d.name));
    out.subtitle = toQString(slo->tenant) + QStringLiteral(" · SLI, objective ") +
                   toQString(formatObjective(d.objective));
    out.comparison = toQString(e.statusWords);
    out.percent = true;
    // The SLI per interval, downsampled to the chart's width by keeping each bucket's worst.
    ChartLine sli;
    sli.label = QStringLiteral("SLI");
    std::vector<PlotPoint> all;
    for (const auto& p : e.sli)
        if (p.timeNs >= r.fromNs && p.timeNs < r.toNs)
            all.push_back({p.timeNs, p.sli() * 100});
    const std::size_t pixels = static_cast<std::size_t>(std::max(16, r.pixels));
    if (all.size() <= pixels) {
        sli.points = std::move(all);
    } else {
        const std::int64_t width =
            std::max<std::int64_t>(1, (r.toNs - r.fromNs) / static_cast<std::int64_t>(pixels));
        for (std::size_t i = 0; i < all.size();) {
            const std::int64_t bucket = (all[i].timeNs - r.fromNs) / width;
            PlotPoint worst = all[i];
            for (; i < all.size() && (all[i].timeNs - r.fromNs) / width == bucket; ++i)
                if (all[i].value < worst.value)
                    worst = all[i];
            sli.points.push_back(worst);
        }
    }
    out.samples = static_cast<std::int64_t>(e.sli.size());
    out.downsampled = sli.points.size() < e.sli.size();
    out.lines.push_back(std::move(sli));
    out.thresholds.push_back(
        {d.objective * 100,
         QObject::tr("objective %1").arg(toQString(formatObjective(d.objective)))});
    // Status bands while alerts fired: tickets amber, pages red over them. Alerts of one
    // severity overlap (several rules fire together), so their stretches are merged first.
    for (const AlertSeverity severity : {AlertSeverity::Ticket, AlertSeverity::Page}) {
        std::vector<std::pair<std::int64_t, std::int64_t>> stretches;
        for (const auto& a : e.alerts)
            if (a.rule.severity == severity)
                stretches.emplace_back(a.firedNs, a.resolvedNs ? a.resolvedNs : e.evaluatedAtNs);
        std::sort(stretches.begin(), stretches.end());
        std::vector<std::pair<std::int64_t, std::int64_t>> merged;
        for (const auto& s : stretches) {
            if (!merged.empty() && s.first <= merged.back().second)
                merged.back().second = std::max(merged.back().second, s.second);
            else
                merged.push_back(s);
        }
        for (const auto& [from, to] : merged) {
            ChartBand b;
            b.fromNs = from;
            b.toNs = to;
            b.color = severity == AlertSeverity::Page ? QColor(0xd3, 0x2f, 0x2f, 56)
                                                      : QColor(0xf0, 0x9a, 0x1c, 56);
            b.label = severity == AlertSeverity::Page ? QObject::tr("page") : QObject::tr("ticket");
            out.bands.push_back(b);
        }
    }
    return out;
}

SeriesSpan loadSeriesSpan(const QString& workspacePath, const Scope& scope, SeriesId series) {
    auto ws = Workspace::open(toFsPath(workspacePath), Workspace::OpenMode::ReadOnly);
    const auto span = seriesTimeSpan(*ws, scope, series);
    if (!span)
        return {};
    return {span->firstNs, span->lastNs, true};
}

} // namespace casebook::ui
