#include "ui/runbook/evidence_links.h"

#include "core/casefile/evidence.h"
#include "core/export/chart_svg.h"
#include "core/export/report_tables.h"
#include "core/util/time_text.h"
#include "ui/util/text.h"

#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QSvgRenderer>
#include <QTextDocument>

namespace casebook::ui {
namespace {

constexpr int kPreviewRows = 5;

QString jsonText(const nlohmann::json& payload, const char* key) {
    return payload.contains(key) && payload[key].is_string()
               ? toQString(payload[key].get<std::string>())
               : QString();
}

// "level >= warn and service == crm-sync" from a log_count evidence's parameters.
QString logFilterOf(const nlohmann::json& payload) {
    QStringList parts;
    const QString filter = jsonText(payload, "filter");
    if (!filter.isEmpty())
        parts << filter;
    const QString level = jsonText(payload, "level");
    if (!level.isEmpty())
        parts << QStringLiteral("level >= ") + level;
    const QString service = jsonText(payload, "service");
    if (!service.isEmpty())
        parts << QStringLiteral("service == \"%1\"").arg(service);
    return parts.join(QStringLiteral(" and "));
}

const char* outcomeClass(const std::string& outcome) {
    if (outcome == "fail" || outcome == "rejected" || outcome == "error")
        return "fail";
    if (outcome == "info" || outcome == "skipped")
        return "muted";
    return "pass";
}

// The chart colours double as the result's: the same greys, red and green.
ChartSvgColors colorsFor(const QPalette& palette) {
    const QColor base = palette.color(QPalette::Base);
    return base.lightness() < 128 ? darkChartSvgColors(base.name().toStdString())
                                  : ChartSvgColors{};
}

QString previewTable(const CaseEvidenceRow& e) {
    const ReportTable t = evidenceTable(e.evidence.kind, e.evidence.payload);
    if (t.headers.empty())
        return {};
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\" "
                                  "style=\"margin-left:12px\"><tr>");
    for (const auto& h : t.headers)
        html += QStringLiteral("<th align=\"left\" class=\"muted\">%1</th>")
                    .arg(toQString(h).toHtmlEscaped());
    html += QStringLiteral("</tr>");
    const std::size_t shown = std::min<std::size_t>(t.rows.size(), kPreviewRows);
    for (std::size_t r = 0; r < shown; ++r) {
        html += QStringLiteral("<tr>");
        for (const auto& cell : t.rows[r]) {
            QString text = toQString(cell);
            if (text.size() > 90)
                text = text.left(88) + u'…';
            html += QStringLiteral("<td>%1</td>").arg(text.toHtmlEscaped());
        }
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    if (t.rows.size() > shown)
        html += QStringLiteral("<p class=\"muted\" style=\"margin-left:12px\">%1</p>")
                    .arg(QObject::tr("… and %1 more in the evidence").arg(t.rows.size() - shown));
    return html;
}

} // namespace

EvidenceFocus focusOf(const Evidence& e) {
    EvidenceFocus f;
    if (e.fromNs && e.toNs)
        f.window = TimeWindow{e.fromNs, e.toNs};
    const auto& p = e.payload;
    if (e.kind == "logs") {
        f.showLogs = true;
        f.logSearch = jsonText(p, "search");
        f.logFilter = logFilterOf(p);
        if (f.logSearch.isEmpty() && f.logFilter.isEmpty() && p.contains("logs") &&
            p["logs"].is_array() && p["logs"].size() == 1)
            if (auto trace = TraceId::fromHex(p["logs"][0].value("trace_id", std::string())))
                f.trace = *trace;
    } else if (e.kind == "chart") {
        // A series' chart charts the series again; an SLO's chart (view "sli") the SLO.
        if (p.contains("series") && p["series"].is_array())
            for (const auto& s : p["series"])
                if (s.is_object() && s.contains("id") && s["id"].is_number_integer()) {
                    if (s.value("view", std::string()) == "sli")
                        f.slo = SloId{s["id"].get<std::int64_t>()};
                    else
                        f.series.push_back(SeriesId{s["id"].get<std::int64_t>()});
                }
    } else if (e.kind == "finding") {
        if (p.contains("series") && p["series"].is_array())
            for (const auto& s : p["series"])
                if (s.is_number_integer())
                    f.series.push_back(SeriesId{s.get<std::int64_t>()});
    } else if (e.kind == "lineage_impact") {
        f.lineageNode = jsonText(p, "node");
        f.window = {}; // the lineage replays as of its own moment; the window stays
    } else if (e.kind == "spans" || e.kind == "traces") {
        const char* list = e.kind == "spans" ? "spans" : "traces";
        if (p.contains(list) && p[list].is_array() && !p[list].empty()) {
            const auto& first = p[list][0];
            f.trace = TraceId::fromHex(first.value("trace_id", std::string()));
            if (e.kind == "spans")
                f.span = SpanId::fromHex(first.value("span_id", std::string()));
        }
        const QString filter = jsonText(p, "filter");
        if (!filter.isEmpty()) {
            f.showTraces = true;
            f.traceFilter = filter;
        }
    }
    return f;
}

QUrl evidenceLink(EvidenceId id) {
    return QUrl(QStringLiteral("casebook-evidence:%1").arg(raw(id)));
}

std::optional<EvidenceId> evidenceFromLink(const QUrl& url) {
    if (url.scheme() != QStringLiteral("casebook-evidence"))
        return std::nullopt;
    bool ok = false;
    const qint64 id = url.path().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return EvidenceId{id};
}

QString resultStyleSheet(const QPalette& palette) {
    const ChartSvgColors c = colorsFor(palette);
    return QStringLiteral(".muted { color: %1; } .fail { color: %2; } .pass { color: %3; }")
        .arg(QString::fromStdString(c.muted), QString::fromStdString(c.threshold),
             QString::fromStdString(c.lines[2]));
}

QString mutedColorName(const QPalette& palette) {
    return QString::fromStdString(colorsFor(palette).muted);
}

QUrl chartImageName(EvidenceId id) {
    return QUrl(QStringLiteral("casebook-chart:%1").arg(raw(id)));
}

void addChartImages(QTextDocument* document, const std::vector<CaseEvidenceRow>& evidence,
                    int width, const QPalette& palette) {
    const ChartSvgColors colors = colorsFor(palette);
    for (const auto& e : evidence) {
        if (e.evidence.kind != evidence_kind::kChart || width <= 0)
            continue;
        nlohmann::json payload = e.evidence.payload;
        if (e.evidence.fromNs)
            payload["from_ns"] = *e.evidence.fromNs;
        if (e.evidence.toNs)
            payload["to_ns"] = *e.evidence.toNs;
        // The exports' proportions; drawn at twice the size for sharp lines on any screen.
        const ChartSvgSize size{width, width * 3 / 8};
        QSvgRenderer svg(QByteArray::fromStdString(renderChartSvg(payload, size, colors)));
        QImage image(size.width * 2, size.height * 2, QImage::Format_ARGB32_Premultiplied);
        image.fill(QColor(QString::fromStdString(colors.background)));
        image.setDevicePixelRatio(2);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter, QRectF(0, 0, size.width, size.height));
        painter.end();
        document->addResource(QTextDocument::ImageResource, chartImageName(e.id), image);
    }
}

QString stepResultHtml(const std::optional<CaseCheckRow>& check, const CaseStepRow* step,
                       const std::vector<CaseEvidenceRow>& evidence,
                       const std::vector<CaseNoteRow>& notes, int chartWidth) {
    QString html;
    if (step) {
        html += QStringLiteral("<p><b class=\"%1\">%2</b> &nbsp;%3</p>")
                    .arg(QLatin1String(outcomeClass(step->outcome)),
                         toQString(step->outcome).toHtmlEscaped(),
                         toQString(step->summary).toHtmlEscaped());
    }
    if (check) {
        html += QStringLiteral("<p class=\"muted\">%1 <code>%2</code>")
                    .arg(QObject::tr("%1 ran").arg(toQString(check->kind)),
                         toQString(check->query).toHtmlEscaped().replace(u'\n', u' '));
        if (!check->passCondition.empty())
            html += QObject::tr(" · passes if <code>%1</code>")
                        .arg(toQString(check->passCondition).toHtmlEscaped());
        html += QObject::tr(" · %1 ms · %2")
                    .arg(QString::number(static_cast<double>(check->durationNs) / 1e6, 'f', 1),
                         toQString(formatRfc3339(check->atNs)));
        html += QStringLiteral("</p>");
    }
    if (!evidence.empty()) {
        html += QStringLiteral("<p><b>%1</b></p>").arg(QObject::tr("Evidence"));
        for (const auto& e : evidence) {
            html += QStringLiteral("<p>• %1 <a href=\"%2\">%3</a></p>")
                        .arg(toQString(e.evidence.title).toHtmlEscaped(),
                             evidenceLink(e.id).toString(), QObject::tr("Open"));
            if (chartWidth > 0 && e.evidence.kind == evidence_kind::kChart)
                html += QStringLiteral("<p><img src=\"%1\" width=\"%2\"></p>")
                            .arg(chartImageName(e.id).toString())
                            .arg(chartWidth);
            html += previewTable(e);
        }
    }
    if (!notes.empty()) {
        html += QStringLiteral("<p><b>%1</b></p>").arg(QObject::tr("Notes"));
        for (const auto& n : notes)
            html += QStringLiteral("<p>• %1 <span class=\"muted\">— %2, %3</span></p>")
                        .arg(toQString(n.text).toHtmlEscaped(), toQString(n.author).toHtmlEscaped(),
                             toQString(formatRfc3339(n.atNs)));
    }
    return html;
}

} // namespace casebook::ui
