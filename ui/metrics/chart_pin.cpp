#include "ui/metrics/chart_pin.h"

namespace casebook::ui {

ChartPin chartPinOf(const ChartData& data, std::int64_t fromNs, std::int64_t toNs,
                    std::optional<SeriesId> series, std::optional<SloId> slo) {
    ChartPin pin;
    pin.series = series;
    pin.slo = slo;
    ChartEvidenceInput& c = pin.chart;
    c.title = data.title.toStdString();
    // The subtitle ends with the unit ("acme · ingestion-api · {lead}/min"); an SLO's SLI
    // is a percentage.
    const QStringList parts = data.subtitle.split(QStringLiteral(" · "));
    c.unit = data.percent      ? std::string("%")
             : parts.isEmpty() ? std::string()
                               : parts.last().toStdString();
    c.comparison = data.comparison.toStdString();
    c.fromNs = fromNs;
    c.toNs = toNs;
    const std::string tenant = parts.isEmpty() ? std::string() : parts.first().toStdString();
    if (series)
        c.series.push_back({raw(*series), c.title, tenant, {}});
    else if (slo)
        c.series.push_back({raw(*slo), c.title, tenant, "sli"});
    for (const ChartLine& line : data.lines) {
        ChartEvidenceLine l;
        l.label = line.label.toStdString();
        l.dashed = line.dashed;
        l.points.reserve(line.points.size());
        for (const PlotPoint& p : line.points)
            l.points.push_back({p.timeNs, p.value});
        c.lines.push_back(std::move(l));
    }
    for (const ChartThreshold& t : data.thresholds)
        c.thresholds.emplace_back(t.value, t.label.toStdString());
    return pin;
}

} // namespace casebook::ui
