#include "ui/lineage/lineage_details_panel.h"

#include "core/util/time_text.h"
#include "ui/util/text.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace casebook::ui {

namespace {

QString esc(std::string_view text) {
    return toQString(text).toHtmlEscaped();
}

// A bare word when the filter language reads it as one, else a quoted string.
QString serviceFilterValue(const QString& name) {
    static const QRegularExpression word(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    if (word.match(name).hasMatch())
        return name;
    QString quoted = name;
    quoted.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return u'"' + quoted + u'"';
}

QString when(std::int64_t ns) {
    return formatTimestamp(ns);
}

QString row(const QString& label, const QString& value) {
    return QStringLiteral("<tr><td style='padding-right:10px'><b>") + label +
           QStringLiteral("</b></td><td>") + value + QStringLiteral("</td></tr>");
}

QString stateHtml(RunState state, bool stale) {
    const QString word = toQString(runStateWord(state)).toHtmlEscaped();
    QString color = state == RunState::Failed     ? QStringLiteral("#c83232")
                    : state == RunState::Complete ? QStringLiteral("#2e8b57")
                    : state == RunState::Running  ? QStringLiteral("#2f74d0")
                                                  : QString();
    QString out = color.isEmpty()
                      ? word
                      : QStringLiteral("<span style='color:") + color + QStringLiteral("'><b>") +
                            word + QStringLiteral("</b></span>");
    if (stale)
        out += QStringLiteral(", <span style='color:#c07a0a'><b>stale</b></span>");
    return out;
}

QString columnCount(qsizetype n) {
    return n == 1 ? QObject::tr("1 column") : QObject::tr("%1 columns").arg(n);
}

QString columnRowsHtml(const QList<ColumnLineageRow>& rows) {
    QString html = QStringLiteral("<table cellspacing='2'>");
    for (const auto& r : rows)
        html += QStringLiteral("<tr><td style='padding-right:8px'>") + r.node.toHtmlEscaped() +
                QStringLiteral(".<b>") + r.column.toHtmlEscaped() +
                QStringLiteral("</b></td><td style='padding-right:8px'>") +
                (r.hops == 1 ? QObject::tr("1 hop") : QObject::tr("%1 hops").arg(r.hops)) +
                QStringLiteral("</td><td>") + r.transformation.toHtmlEscaped() +
                QStringLiteral("</td></tr>");
    return html + QStringLiteral("</table>");
}

QString columnLineageHtml(const ColumnLineageView& c) {
    QString html = QStringLiteral("<p><b>") +
                   QObject::tr("Column %1").arg(c.column.toHtmlEscaped()) +
                   QStringLiteral("</b></p>");
    if (c.upstream.isEmpty() && c.downstream.isEmpty())
        return html + QStringLiteral("<p>") +
               QObject::tr("No column lineage is recorded for this column.") +
               QStringLiteral("</p>");
    html +=
        QStringLiteral("<p>") +
        (c.upstream.isEmpty() ? QObject::tr("Comes from no recorded column.")
                              : QObject::tr("Comes from %1:").arg(columnCount(c.upstream.size()))) +
        QStringLiteral("</p>");
    if (!c.upstream.isEmpty())
        html += columnRowsHtml(c.upstream);
    html +=
        QStringLiteral("<p>") +
        (c.downstream.isEmpty() ? QObject::tr("Feeds no recorded column.")
                                : QObject::tr("Feeds %1:").arg(columnCount(c.downstream.size()))) +
        QStringLiteral("</p>");
    if (!c.downstream.isEmpty())
        html += columnRowsHtml(c.downstream);
    return html;
}

} // namespace

QString lineageDetailsHtml(const LineageNodeDetails& d, const NodeStatus& s,
                           const ColumnLineageView* column) {
    const auto& n = d.row.info;
    QString html = QStringLiteral("<table cellspacing='2'>");
    html +=
        row(QObject::tr("Kind"),
            esc(n.kind) + QStringLiteral(" (") +
                (n.role == LineageRole::Job ? QObject::tr("runs") : QObject::tr("is read")) + u')');
    html += row(QObject::tr("Namespace"), esc(n.ns));
    if (!d.row.description.empty())
        html += row(QObject::tr("About"), esc(d.row.description));
    html += row(QObject::tr("Owners"), n.owner.empty() ? QObject::tr("none named") : esc(n.owner));
    QStringList services;
    for (const auto& service : d.services)
        services.append(esc(service));
    html += row(QObject::tr("Services"), services.isEmpty() ? QObject::tr("none mapped")
                                                            : services.join(QStringLiteral(", ")));
    html += row(QObject::tr("Status"), stateHtml(s.state, s.stale));
    if (s.lastSuccessNs)
        html += row(QObject::tr("Last success"), when(*s.lastSuccessNs));
    if (s.expectedIntervalNs)
        html += row(QObject::tr("Expected every"),
                    toQString(formatInterval(*s.expectedIntervalNs)) +
                        (s.intervalExplicit ? QObject::tr(" (dbt freshness)")
                                            : QObject::tr(" (its usual interval)")));
    if (!s.lastError.empty())
        html += row(QObject::tr("Last error"), QStringLiteral("<span style='color:#c83232'>") +
                                                   esc(s.lastError) + QStringLiteral("</span>"));
    html += row(QObject::tr("Neighbours"),
                QObject::tr("%1 upstream, %2 downstream").arg(d.upstream).arg(d.downstream));
    if (!d.quality.empty()) {
        QStringList series;
        for (std::size_t i = d.quality.size() > 6 ? d.quality.size() - 6 : 0; i < d.quality.size();
             ++i)
            if (d.quality[i].rowCount)
                series.append(formatCount(*d.quality[i].rowCount));
        QString quality = series.join(QStringLiteral(" \u2192 ")) + QObject::tr(" rows");
        if (const auto change = s.rowCountChangePercent())
            quality += QStringLiteral(" (%1%2% since the previous run)")
                           .arg(*change >= 0 ? QStringLiteral("+") : QString())
                           .arg(*change, 0, 'f', 1);
        html += row(QObject::tr("Quality"), quality);
    }
    html += QStringLiteral("</table>");

    if (!d.runs.empty()) {
        html += QStringLiteral("<p><b>") + QObject::tr("Last runs") + QStringLiteral("</b>");
        if (d.runs.front().job != n.qualifiedName())
            html += QObject::tr(" (of the jobs that write it)");
        html += QStringLiteral("</p><table cellspacing='2'>");
        for (std::size_t i = 0; i < d.runs.size() && i < 6; ++i) {
            const auto& r = d.runs[i];
            // A run that failed like the one before it says so briefly.
            const bool same = i > 0 && !r.error.empty() && r.error == d.runs[i - 1].error;
            html += QStringLiteral("<tr><td style='padding-right:8px'>") +
                    (r.startNs ? when(*r.startNs)
                     : r.endNs ? when(*r.endNs)
                               : QString()) +
                    QStringLiteral("</td><td style='padding-right:8px'>") +
                    stateHtml(r.state, false) + QStringLiteral("</td><td>") +
                    (same ? QStringLiteral("<i>") + QObject::tr("the same error") +
                                QStringLiteral("</i>")
                          : esc(r.error)) +
                    QStringLiteral("</td></tr>");
        }
        html += QStringLiteral("</table>");
    }
    if (!d.row.columnsJson.empty()) {
        const auto columns = nlohmann::json::parse(d.row.columnsJson, nullptr, false);
        if (columns.is_array() && !columns.empty()) {
            html += QStringLiteral("<p><b>") + QObject::tr("Columns") + QStringLiteral("</b> <i>") +
                    QObject::tr("(click one for its lineage)") + QStringLiteral("</i></p><p>");
            QStringList names;
            for (const auto& c : columns) {
                if (!c.is_object())
                    continue;
                const QString name = toQString(c.value("name", std::string()));
                // Each name is a link: a click shows that column's lineage below.
                QString link = QStringLiteral("<a href='column:") +
                               QString::fromLatin1(QUrl::toPercentEncoding(name)) +
                               QStringLiteral("'>") + name.toHtmlEscaped() + QStringLiteral("</a>");
                if (column && column->column == name)
                    link = QStringLiteral("<b>") + link + QStringLiteral("</b>");
                names.append(link + (c.contains("type") ? QStringLiteral(" <i>") +
                                                              esc(c.value("type", std::string())) +
                                                              QStringLiteral("</i>")
                                                        : QString()));
            }
            html += names.join(QStringLiteral(", ")) + QStringLiteral("</p>");
        }
    }
    if (column)
        html += columnLineageHtml(*column);
    if (!d.facets.empty()) {
        QStringList names;
        for (const auto& [name, json] : d.facets)
            names.append(esc(name));
        html += QStringLiteral("<p><b>") + QObject::tr("Facets") + QStringLiteral("</b>: ") +
                names.join(QStringLiteral(", ")) + QStringLiteral("</p>");
    }
    return html;
}

LineageDetailsPanel::LineageDetailsPanel(QWidget* parent)
    : QWidget(parent), title_(new QLabel(this)), body_(new QTextBrowser(this)),
      traces_(new QPushButton(tr("Show traces"), this)),
      logs_(new QPushButton(tr("Show logs"), this)),
      metrics_(new QPushButton(tr("Show metrics"), this)),
      focus_(new QPushButton(tr("Focus here"), this)) {
    title_->setObjectName(QStringLiteral("lineageDetailsTitle"));
    title_->setTextFormat(Qt::PlainText);
    title_->setWordWrap(true);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    body_->setObjectName(QStringLiteral("lineageDetailsBody"));
    body_->setOpenLinks(false);
    traces_->setObjectName(QStringLiteral("lineageShowTraces"));
    logs_->setObjectName(QStringLiteral("lineageShowLogs"));
    metrics_->setObjectName(QStringLiteral("lineageShowMetrics"));
    metrics_->setToolTip(tr("Show the metric series of the service this node maps to"));
    focus_->setObjectName(QStringLiteral("lineageFocusHere"));
    traces_->setToolTip(tr("Show the traces of the services this node maps to"));
    logs_->setToolTip(tr("Show the logs of the services this node maps to"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(traces_);
    buttons->addWidget(logs_);
    buttons->addWidget(metrics_);
    buttons->addStretch(1);
    buttons->addWidget(focus_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(title_);
    layout->addLayout(buttons);
    layout->addWidget(body_, 1);
    connect(traces_, &QPushButton::clicked, this, [this] { emit showTracesRequested(filter_); });
    connect(logs_, &QPushButton::clicked, this, [this] { emit showLogsRequested(filter_); });
    connect(metrics_, &QPushButton::clicked, this,
            [this] { emit showMetricsRequested(firstService_); });
    connect(focus_, &QPushButton::clicked, this, [this] {
        if (nodeId_)
            emit focusRequested(*nodeId_);
    });
    connect(body_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (nodeId_ && url.scheme() == QStringLiteral("column"))
            emit columnLineageRequested(*nodeId_, url.path()); // decoded
    });
    showMessage(tr("Choose a node to see its details."));
}

void LineageDetailsPanel::showDetails(const LineageNodeDetails& details, const NodeStatus& status,
                                      bool isFocus, const ColumnLineageView* column) {
    const auto& n = details.row.info;
    nodeId_ = n.id;
    title_->setText(toQString(n.qualifiedName()));
    const int scroll = column ? body_->verticalScrollBar()->value() : 0;
    body_->setHtml(lineageDetailsHtml(details, status, column));
    body_->verticalScrollBar()->setValue(scroll); // a column shown keeps the reader's place
    QStringList terms;
    for (const auto& service : details.services)
        terms.append(QStringLiteral("service == ") + serviceFilterValue(toQString(service)));
    filter_ = terms.join(QStringLiteral(" or "));
    firstService_ = details.services.empty() ? QString() : toQString(details.services.front());
    traces_->setEnabled(!filter_.isEmpty());
    logs_->setEnabled(!filter_.isEmpty());
    metrics_->setEnabled(!firstService_.isEmpty());
    focus_->setEnabled(!isFocus);
}

void LineageDetailsPanel::showMessage(const QString& text) {
    nodeId_.reset();
    filter_.clear();
    firstService_.clear();
    metrics_->setEnabled(false);
    title_->setText(QString());
    body_->setPlainText(text);
    traces_->setEnabled(false);
    logs_->setEnabled(false);
    focus_->setEnabled(false);
}

} // namespace casebook::ui
