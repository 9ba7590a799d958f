#include "ui/traces/span_details_pane.h"

#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/traces/attribute_table_model.h"
#include "ui/traces/trace_data.h"
#include "ui/util/text.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace casebook::ui {
namespace {

QString kindName(int kind) {
    switch (kind) {
    case 1:
        return QStringLiteral("internal");
    case 2:
        return QStringLiteral("server");
    case 3:
        return QStringLiteral("client");
    case 4:
        return QStringLiteral("producer");
    case 5:
        return QStringLiteral("consumer");
    default:
        return QStringLiteral("unspecified");
    }
}

QString statusName(int status) {
    switch (status) {
    case 1:
        return QStringLiteral("ok");
    case 2:
        return QStringLiteral("error");
    default:
        return QStringLiteral("unset");
    }
}

QTableView* attributeTable(AttributeTableModel* model, QWidget* parent) {
    auto* table = new QTableView(parent);
    table->setModel(model);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(AttributeTableModel::Key,
                                                    QHeaderView::ResizeToContents);
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    return table;
}

} // namespace

struct SpanDetailsPane::Fetched {
    bool found = false;
    SpanDetails details;
    std::vector<bool> linkInWorkspace;
};

SpanDetailsPane::SpanDetailsPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), slot_(jobs->newSlot()),
      title_(new QLabel(this)), status_(new QLabel(this)), tabs_(new QTabWidget(this)),
      attributes_(new AttributeTableModel(this)), resource_(new AttributeTableModel(this)),
      events_(new QTreeWidget(this)), links_(new QLabel(this)),
      spanLogs_(new QPushButton(tr("Show logs of this span"), this)),
      traceLogs_(new QPushButton(tr("Show logs of this trace"), this)),
      pinSpan_(new QPushButton(tr("Pin span…"), this)),
      pinTrace_(new QPushButton(tr("Pin trace…"), this)) {
    setObjectName(QStringLiteral("spanDetails"));
    QFont titleFont = title_->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    title_->setFont(titleFont);
    title_->setTextFormat(Qt::PlainText);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setWordWrap(true);
    status_->setTextFormat(Qt::PlainText);
    status_->setObjectName(QStringLiteral("spanDetailsStatus"));

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(3);
    addField(form, QStringLiteral("service"), tr("Service"));
    addField(form, QStringLiteral("kind"), tr("Kind"));
    addField(form, QStringLiteral("status"), tr("Status"));
    addField(form, QStringLiteral("start"), tr("Start (UTC)"));
    addField(form, QStringLiteral("duration"), tr("Duration"));
    addField(form, QStringLiteral("self"), tr("Self time"));
    addField(form, QStringLiteral("id"), tr("Span id"));

    events_->setColumnCount(3);
    events_->setHeaderLabels({tr("Offset"), tr("Event"), tr("Attributes")});
    events_->setRootIsDecorated(false);
    events_->setAlternatingRowColors(true);
    links_->setTextFormat(Qt::RichText);
    links_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    links_->setWordWrap(true);
    links_->setMargin(6);
    links_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(links_, &QLabel::linkActivated, this,
            [this](const QString& link) { followLink(link.toInt()); });

    tabs_->addTab(attributeTable(attributes_, this), tr("Attributes"));
    tabs_->addTab(attributeTable(resource_, this), tr("Resource"));
    tabs_->addTab(events_, tr("Events"));
    tabs_->addTab(links_, tr("Links"));

    spanLogs_->setObjectName(QStringLiteral("showSpanLogs"));
    traceLogs_->setObjectName(QStringLiteral("showTraceLogs"));
    connect(spanLogs_, &QPushButton::clicked, this, [this] {
        if (data_ && span_ != kNoSpan)
            emit showLogsRequested(data_->model.traceId(), data_->model.spanId(span_));
    });
    connect(traceLogs_, &QPushButton::clicked, this, [this] {
        if (data_)
            emit showLogsRequested(data_->model.traceId(), std::nullopt);
    });
    pinSpan_->setObjectName(QStringLiteral("pinSpan"));
    pinSpan_->setToolTip(tr("Add this span to the case as evidence, with a note"));
    pinTrace_->setObjectName(QStringLiteral("pinTrace"));
    pinTrace_->setToolTip(tr("Add this trace to the case as evidence, with a note"));
    connect(pinSpan_, &QPushButton::clicked, this, [this] {
        if (data_ && span_ != kNoSpan)
            emit pinRequested(data_->model.traceId(), data_->model.spanId(span_));
    });
    connect(pinTrace_, &QPushButton::clicked, this, [this] {
        if (data_)
            emit pinRequested(data_->model.traceId(), std::nullopt);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(spanLogs_);
    buttons->addWidget(traceLogs_);
    buttons->addStretch(1);
    buttons->addWidget(pinSpan_);
    buttons->addWidget(pinTrace_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(6);
    layout->addWidget(title_);
    layout->addLayout(form);
    layout->addWidget(status_);
    tabs_->setMinimumHeight(120);
    layout->addWidget(tabs_, 1);
    layout->addLayout(buttons);
    clear();
}

QLabel* SpanDetailsPane::addField(QFormLayout* form, const QString& key, const QString& label) {
    auto* value = new QLabel(this);
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    fields_.emplace_back(key, value);
    return value;
}

QLabel* SpanDetailsPane::field(const QString& name) const {
    for (const auto& [key, label] : fields_)
        if (key == name)
            return label;
    return nullptr;
}

bool SpanDetailsPane::isLoading() const {
    return jobs_->isRunning(slot_);
}

void SpanDetailsPane::clear() {
    jobs_->cancel(slot_);
    data_.reset();
    span_ = kNoSpan;
    title_->setText(tr("No span selected"));
    status_->setText(tr("Select a span in the waterfall to see its attributes, events and links."));
    for (const auto& [key, label] : fields_)
        label->clear();
    attributes_->clear();
    resource_->clear();
    events_->clear();
    links_->clear();
    linkTargets_.clear();
    spanLogs_->setEnabled(false);
    traceLogs_->setEnabled(false);
    pinSpan_->setEnabled(false);
    pinTrace_->setEnabled(false);
}

void SpanDetailsPane::setFieldsFromModel() {
    const TraceModel& m = data_->model;
    const SpanIndex i = span_;
    title_->setText(toQString(m.name(i)));
    field(QStringLiteral("service"))->setText(toQString(m.service(i)));
    field(QStringLiteral("kind"))->setText(kindName(m.kind(i)));
    QString status = statusName(m.status(i));
    if (!m.statusMessage(i).empty())
        status += u" — " % toQString(m.statusMessage(i));
    field(QStringLiteral("status"))->setText(status);
    field(QStringLiteral("start"))
        ->setText(toQString(formatRfc3339(m.startNs(i))) % u"  (+" %
                  toQString(formatDuration(m.startNs(i) - data_->startNs)) % u")");
    field(QStringLiteral("duration"))->setText(toQString(formatDuration(m.durationNs(i))));
    field(QStringLiteral("self"))->setText(toQString(formatDuration(m.selfNs(i))));
    field(QStringLiteral("id"))->setText(toQString(m.spanId(i).hex()));
}

void SpanDetailsPane::showSpan(std::shared_ptr<const TraceData> data, SpanIndex span) {
    if (!data || span >= data->model.size())
        return clear();
    data_ = std::move(data);
    span_ = span;
    setFieldsFromModel();
    spanLogs_->setEnabled(true);
    traceLogs_->setEnabled(true);
    pinSpan_->setEnabled(true);
    pinTrace_->setEnabled(true);
    attributes_->clear();
    resource_->clear();
    events_->clear();
    links_->clear();
    linkTargets_.clear();
    const auto& scope = context_->scope();
    if (!context_->hasWorkspace() || !scope) {
        status_->setText(tr("Attributes need the workspace the trace came from."));
        return;
    }
    status_->setText(tr("Loading attributes…"));
    const QString path = context_->workspacePath();
    const TraceId trace = data_->model.traceId();
    const SpanId id = data_->model.spanId(span);
    jobs_->run(
        slot_, this,
        [path, scope = *scope, trace, id](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            Fetched fetched;
            if (auto d = spanDetails(*ws, scope, trace, id)) {
                fetched.found = true;
                fetched.details = std::move(*d);
                // Only the first links are checked: each is a lookup.
                for (std::size_t i = 0; i < fetched.details.links.size(); ++i) {
                    const auto& link = fetched.details.links[i];
                    fetched.linkInWorkspace.push_back(
                        i < 50 && spanDetails(*ws, scope, link.traceId, link.spanId).has_value());
                }
            }
            return fetched;
        },
        [this](JobResult<Fetched> result) {
            if (!result.ok())
                status_->setText(tr("Could not read the span: %1").arg(result.error));
            else if (!result.value->found)
                status_->setText(tr("The span is not in the workspace as the scope sees it."));
            else
                showFetched(*result.value);
            emit loaded();
        });
}

void SpanDetailsPane::showFetched(const Fetched& fetched) {
    const SpanDetails& d = fetched.details;
    status_->clear();
    attributes_->setJson(d.attributesJson);
    resource_->setJson(d.resourceAttributesJson);
    const std::int64_t start = data_->model.startNs(span_);
    for (const auto& event : d.events) {
        QStringList attrs;
        for (const auto& [key, value] : attributePairs(event.attributesJson))
            attrs << key % u'=' % value;
        const QString offset = event.timeNs >= start
                                   ? u'+' % toQString(formatDuration(event.timeNs - start))
                                   : u'-' % toQString(formatDuration(start - event.timeNs));
        auto* item = new QTreeWidgetItem(
            events_, {offset, toQString(event.name), attrs.join(QStringLiteral(", "))});
        item->setToolTip(2, attrs.join(u'\n'));
    }
    events_->resizeColumnToContents(0);
    events_->resizeColumnToContents(1);
    QString html;
    for (std::size_t i = 0; i < d.links.size(); ++i) {
        const auto& link = d.links[i];
        const bool here = i < fetched.linkInWorkspace.size() && fetched.linkInWorkspace[i];
        linkTargets_.push_back({link.traceId, link.spanId, here});
        const QString target = QStringLiteral("trace %1, span %2")
                                   .arg(toQString(link.traceId.hex()), toQString(link.spanId.hex()))
                                   .toHtmlEscaped();
        html += QStringLiteral("<p>");
        html += here ? QStringLiteral("<a href=\"%1\">%2</a>").arg(i).arg(target)
                     : target + tr(" <i>(not in this workspace)</i>");
        QStringList attrs;
        for (const auto& [key, value] : attributePairs(link.attributesJson))
            attrs << QString(key % u'=' % value).toHtmlEscaped();
        if (!attrs.isEmpty())
            html += QStringLiteral("<br>") + attrs.join(QStringLiteral(", "));
        html += QStringLiteral("</p>");
    }
    links_->setText(html.isEmpty() ? tr("No links.") : html);
    tabs_->setTabText(0, tr("Attributes (%1)").arg(attributes_->rowCount()));
    tabs_->setTabText(1, tr("Resource (%1)").arg(resource_->rowCount()));
    tabs_->setTabText(2, tr("Events (%1)").arg(d.events.size()));
    tabs_->setTabText(3, tr("Links (%1)").arg(d.links.size()));
}

bool SpanDetailsPane::followLink(int index) {
    if (index < 0 || index >= linkCount() || !linkTargets_[std::size_t(index)].inWorkspace)
        return false;
    const LinkTarget& target = linkTargets_[std::size_t(index)];
    context_->selectSpan(target.trace, target.span);
    return true;
}

} // namespace casebook::ui
