#include "ui/traces/trace_view_pane.h"

#include "core/store/workspace.h"
#include "core/trace/span_filter.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/traces/span_details_pane.h"
#include "ui/traces/trace_data.h"
#include "ui/traces/trace_quality_badges.h"
#include "ui/traces/waterfall_view.h"
#include "ui/util/text.h"

#include <QCheckBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace casebook::ui {
namespace {

QToolButton* arrowButton(Qt::ArrowType arrow, const QString& tip, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setArrowType(arrow);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

QString criticalPathSummary(const TraceData& data) {
    if (data.path.segments.empty())
        return QObject::tr("critical path: none");
    QStringList parts;
    const auto& byService = data.path.byService;
    for (std::size_t i = 0; i < byService.size() && i < 3; ++i)
        parts << toQString(data.model.strings()[byService[i].serviceIndex]) % u' ' %
                     toQString(formatDuration(byService[i].ns));
    return QObject::tr("critical path: %1 — %2%3")
        .arg(toQString(formatDuration(data.path.totalNs())), parts.join(QStringLiteral(", ")),
             byService.size() > 3 ? QStringLiteral("…") : QString());
}

QString traceHeadline(const TraceData& data) {
    const TraceModel& m = data.model;
    QString root = QObject::tr("(no root span)");
    if (m.mainRoot() != kNoSpan)
        root = toQString(m.service(m.mainRoot())) % u": " % toQString(m.name(m.mainRoot()));
    QString line =
        root % u"  ·  " % toQString(formatDuration(data.durationNs())) % u"  ·  " %
        countOf(std::int64_t(m.size()), QStringLiteral("span"), QStringLiteral("spans")) %
        u"  ·  " %
        countOf(std::int64_t(data.services.size()), QStringLiteral("service"),
                QStringLiteral("services"));
    if (data.errors)
        line += u"  ·  " % countOf(data.errors, QStringLiteral("error"), QStringLiteral("errors"));
    return line;
}

TraceViewPane::TraceViewPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), slot_(jobs->newSlot()),
      filterSlot_(jobs->newSlot()), stack_(new QStackedWidget(this)), empty_(new QLabel(this)),
      header_(new QLabel(this)), badges_(new TraceQualityBadges(this)),
      search_(new QLineEdit(this)), typingPause_(new QTimer(this)),
      onlyMatches_(new QCheckBox(tr("Only matches"), this)),
      previousMatch_(arrowButton(Qt::UpArrow, tr("Previous match"), this)),
      nextMatch_(arrowButton(Qt::DownArrow, tr("Next match"), this)), matchCount_(new QLabel(this)),
      showPath_(new QCheckBox(tr("Critical path"), this)),
      previousSegment_(arrowButton(Qt::LeftArrow, tr("Previous critical segment"), this)),
      nextSegment_(arrowButton(Qt::RightArrow, tr("Next critical segment"), this)),
      pathSummary_(new QLabel(this)),
      foldSimilar_(new QCheckBox(tr("Fold similar siblings"), this)),
      foldShort_(new QCheckBox(tr("Fold spans shorter than"), this)), shortMs_(new QSpinBox(this)),
      view_(new WaterfallView(this)), details_(new SpanDetailsPane(context, jobs, this)),
      splitter_(new QSplitter(Qt::Vertical, this)) {
    setObjectName(QStringLiteral("traceViewPane"));
    empty_->setObjectName(QStringLiteral("traceViewEmpty"));
    empty_->setText(tr("Choose a trace in the Traces pane"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setEnabled(false);
    header_->setObjectName(QStringLiteral("traceHeader"));
    header_->setTextFormat(Qt::PlainText);
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = header_->font();
    bold.setBold(true);
    header_->setFont(bold);
    // A long headline is cut at the right (whole in the tooltip) before the badges are, so
    // it never makes the middle of the window wider than its toolbars need.
    header_->setMinimumWidth(QFontMetrics(bold).averageCharWidth() * 16);

    splitter_->addWidget(view_);
    // Scrollable, so a short dock still gives the waterfall most of its height.
    auto* detailsScroll = new QScrollArea(this);
    detailsScroll->setWidget(details_);
    detailsScroll->setWidgetResizable(true);
    detailsScroll->setFrameShape(QFrame::NoFrame);
    detailsScroll->setMinimumHeight(120);
    splitter_->addWidget(detailsScroll);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 1);
    splitter_->setChildrenCollapsible(false);
    // The waterfall is what the pane is for; the details get what is left.
    splitter_->setSizes({700, 300});

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    auto* headerRow = new QHBoxLayout;
    headerRow->setSpacing(12);
    headerRow->addWidget(header_);
    headerRow->addWidget(badges_, 1);
    layout->addLayout(headerRow);
    layout->addWidget(buildToolbar());
    layout->addWidget(buildPathBar());
    layout->addWidget(splitter_, 1);
    stack_->addWidget(empty_);
    stack_->addWidget(content);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(stack_);

    connect(view_, &WaterfallView::spanSelected, this, &TraceViewPane::onSpanSelected);
    connect(view_, &WaterfallView::rowsChanged, this, &TraceViewPane::updateMatchLabel);
    connect(badges_, &TraceQualityBadges::spanRequested, view_, &WaterfallView::selectSpan);
    connect(details_, &SpanDetailsPane::showLogsRequested, this, &TraceViewPane::showLogsRequested);
    connect(details_, &SpanDetailsPane::pinRequested, this, &TraceViewPane::pinRequested);
    connect(context_, &InvestigationContext::selectionChanged, this,
            &TraceViewPane::followSelection);
    const auto reload = [this] {
        trace_.reset(); // the scope changed: what the trace shows may have, too
        followSelection();
    };
    connect(context_, &InvestigationContext::workspaceChanged, this, reload);
    connect(context_, &InvestigationContext::scopeChanged, this, reload);
    followSelection();
}

QWidget* TraceViewPane::buildToolbar() {
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);
    search_->setObjectName(QStringLiteral("traceSearch"));
    search_->setPlaceholderText(
        tr("Find spans: words, or a filter like attr.http.status_code >= 500"));
    search_->setClearButtonEnabled(true);
    // Narrow minimums leave room for the side docks; the search field takes what is left.
    search_->setMinimumWidth(search_->fontMetrics().averageCharWidth() * 22);
    onlyMatches_->setObjectName(QStringLiteral("onlyMatches"));
    onlyMatches_->setToolTip(tr("Show only matching spans and their ancestors, instead of "
                                "highlighting matches among all spans"));
    matchCount_->setObjectName(QStringLiteral("matchCount"));
    matchCount_->setMinimumWidth(
        matchCount_->fontMetrics().horizontalAdvance(QStringLiteral("000 / 000")));
    foldSimilar_->setObjectName(QStringLiteral("foldSimilar"));
    foldSimilar_->setChecked(true);
    foldSimilar_->setToolTip(tr("Fold runs of 5 or more siblings of the same service and name"));
    foldShort_->setObjectName(QStringLiteral("foldShort"));
    shortMs_->setObjectName(QStringLiteral("foldShortMs"));
    shortMs_->setRange(1, 600000);
    shortMs_->setValue(1);
    shortMs_->setSuffix(tr(" ms"));
    auto* expand = new QToolButton(bar);
    expand->setText(tr("Expand all"));
    auto* collapse = new QToolButton(bar);
    collapse->setText(tr("Collapse all"));
    auto* fit = new QToolButton(bar);
    fit->setText(tr("Fit"));
    fit->setToolTip(
        tr("Show the whole trace (Ctrl+wheel zooms, drag on the ruler zooms to a range)"));

    row->addWidget(search_, 2);
    row->addWidget(onlyMatches_);
    row->addWidget(previousMatch_);
    row->addWidget(nextMatch_);
    row->addWidget(matchCount_);
    row->addSpacing(12);
    row->addWidget(expand);
    row->addWidget(collapse);
    row->addWidget(fit);
    row->addStretch(1);

    typingPause_->setSingleShot(true);
    typingPause_->setInterval(200);
    connect(search_, &QLineEdit::textChanged, typingPause_, qOverload<>(&QTimer::start));
    connect(typingPause_, &QTimer::timeout, this, &TraceViewPane::applySearch);
    connect(search_, &QLineEdit::returnPressed, this, [this] {
        if (typingPause_->isActive())
            applySearch();
        view_->selectMatch(true);
    });
    connect(onlyMatches_, &QCheckBox::toggled, this, [this](bool only) {
        view_->setSearchMode(only ? SearchMode::Filter : SearchMode::Highlight);
    });
    connect(previousMatch_, &QToolButton::clicked, this, [this] { view_->selectMatch(false); });
    connect(nextMatch_, &QToolButton::clicked, this, [this] { view_->selectMatch(true); });
    connect(foldSimilar_, &QCheckBox::toggled, this, &TraceViewPane::updateFolds);
    connect(foldShort_, &QCheckBox::toggled, this, &TraceViewPane::updateFolds);
    connect(shortMs_, &QSpinBox::valueChanged, this, [this] {
        if (foldShort_->isChecked())
            updateFolds();
    });
    connect(expand, &QToolButton::clicked, view_, &WaterfallView::expandAll);
    connect(collapse, &QToolButton::clicked, view_, &WaterfallView::collapseAll);
    connect(fit, &QToolButton::clicked, view_, &WaterfallView::fit);
    return bar;
}

QWidget* TraceViewPane::buildPathBar() {
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);
    showPath_->setObjectName(QStringLiteral("criticalPath"));
    showPath_->setChecked(true);
    showPath_->setToolTip(tr("Mark the parts of spans that the trace's end time waited on"));
    pathSummary_->setObjectName(QStringLiteral("criticalPathSummary"));
    pathSummary_->setTextFormat(Qt::PlainText);
    row->addWidget(showPath_);
    row->addWidget(previousSegment_);
    row->addWidget(nextSegment_);
    // The summary may be long; it gives way before the fold options do.
    pathSummary_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    row->addWidget(pathSummary_, 1);
    row->addSpacing(12);
    row->addWidget(foldSimilar_);
    row->addWidget(foldShort_);
    row->addWidget(shortMs_);
    connect(showPath_, &QCheckBox::toggled, view_, &WaterfallView::setCriticalPathShown);
    connect(previousSegment_, &QToolButton::clicked, this,
            [this] { view_->selectCriticalSegment(false); });
    connect(nextSegment_, &QToolButton::clicked, this,
            [this] { view_->selectCriticalSegment(true); });
    return bar;
}

void TraceViewPane::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Details beside the waterfall on a wide pane, below it in a narrow dock: either
    // way the rows keep most of the height.
    const auto orientation =
        width() >= 1100 && width() > height() * 1.3 ? Qt::Horizontal : Qt::Vertical;
    if (splitter_->orientation() != orientation) {
        splitter_->setOrientation(orientation);
        const int total = orientation == Qt::Horizontal ? width() : height();
        splitter_->setSizes({total * 7 / 10, total * 3 / 10});
    }
}

bool TraceViewPane::isLoading() const {
    return jobs_->isRunning(slot_);
}

void TraceViewPane::followSelection() {
    const auto& selected = context_->selectedTrace();
    if (!selected || !context_->hasWorkspace() || !context_->scope()) {
        jobs_->cancel(slot_);
        trace_.reset();
        data_.reset();
        view_->clear();
        details_->clear();
        stack_->setCurrentWidget(empty_);
        return;
    }
    if (trace_ != selected)
        return load(*selected);
    if (data_)
        revealContextSpan();
}

void TraceViewPane::load(const TraceId& trace) {
    trace_ = trace;
    data_.reset();
    view_->clear();
    details_->clear();
    badges_->clear();
    pathSummary_->clear();
    matchCount_->clear();
    stack_->setCurrentWidget(stack_->widget(1));
    header_->setText(tr("Loading trace %1…").arg(toQString(trace.hex())));
    const QString path = context_->workspacePath();
    const Scope scope = *context_->scope();
    jobs_->run(
        slot_, this,
        [path, scope, trace](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            return TraceData::build(TraceModel::load(*ws, scope, trace));
        },
        [this, trace](JobResult<std::shared_ptr<const TraceData>> result) {
            if (!result.ok()) {
                header_->setText(
                    tr("Could not load trace %1: %2").arg(toQString(trace.hex()), result.error));
                emit failed(result.error);
                return;
            }
            if ((*result.value)->model.empty()) {
                const QString message =
                    tr("Trace %1 is not in the current scope.").arg(toQString(trace.hex()));
                header_->setText(message);
                emit failed(message);
                return;
            }
            showLoaded(std::move(*result.value));
        });
}

void TraceViewPane::showLoaded(std::shared_ptr<const TraceData> data) {
    data_ = std::move(data);
    view_->setTrace(data_);
    updateFolds();
    view_->setCriticalPathShown(showPath_->isChecked());
    view_->setSearchMode(onlyMatches_->isChecked() ? SearchMode::Filter : SearchMode::Highlight);
    if (!search_->text().trimmed().isEmpty())
        applySearch();
    updateHeader();
    // A span is always shown in the details: the one chosen elsewhere, or the root.
    if (!context_->selectedSpan() && data_->model.mainRoot() != kNoSpan)
        view_->selectSpan(data_->model.mainRoot());
    revealContextSpan();
    updateMatchLabel();
    emit loaded();
}

void TraceViewPane::revealContextSpan() {
    const auto& span = context_->selectedSpan();
    if (!span || !data_)
        return;
    const SpanIndex index = data_->find(*span);
    if (index != kNoSpan && index != view_->selectedSpan())
        view_->selectSpan(index);
    else if (index != kNoSpan && details_->span() != index)
        details_->showSpan(data_, index);
}

void TraceViewPane::onSpanSelected(SpanIndex span) {
    if (!data_ || span == kNoSpan)
        return;
    details_->showSpan(data_, span);
    updateMatchLabel();
    context_->selectSpan(data_->model.traceId(), data_->model.spanId(span));
}

void TraceViewPane::updateHeader() {
    header_->setText(traceHeadline(*data_));
    header_->setToolTip(header_->text());
    header_->setToolTip(tr("Trace %1").arg(toQString(data_->model.traceId().hex())));
    badges_->setQuality(data_->quality);
    pathSummary_->setText(criticalPathSummary(*data_));
    pathSummary_->setToolTip(pathSummary_->text());
}

void TraceViewPane::applySearch() {
    typingPause_->stop();
    jobs_->cancel(filterSlot_);
    matchCount_->setStyleSheet({});
    const std::string text = search_->text().trimmed().toStdString();
    if (!looksLikeFilter(text)) {
        view_->setSearch(search_->text());
        updateMatchLabel();
        return;
    }
    // An expression of the filter language runs in SQL (it may read attributes, which
    // the model does not hold); one that does not parse never runs.
    FilterResult compiled = compileFilter(text, FilterTarget::Spans);
    if (!compiled.ok()) {
        view_->setMatches(TraceMatches{}); // nothing is marked until the filter parses
        matchCount_->setText(tr("filter: %1 (column %2)")
                                 .arg(toQString(compiled.error->message))
                                 .arg(compiled.error->position + 1));
        matchCount_->setToolTip(toQString(filterErrorCaret(text, *compiled.error, "")));
        matchCount_->setStyleSheet(QStringLiteral("color: #c62828;"));
        return;
    }
    if (!data_ || !context_->scope())
        return;
    const QString path = context_->workspacePath();
    const Scope scope = *context_->scope();
    const std::shared_ptr<const TraceData> data = data_;
    jobs_->run(
        filterSlot_, this,
        [path, scope, data, filter = std::move(compiled.filter)](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            const auto rows = filterTraceSpans(*ws, scope, data->model.traceId(), filter);
            return matchesFromRowIds(data->model, rows);
        },
        [this, data](JobResult<TraceMatches> result) {
            if (!result.ok()) {
                emit failed(tr("Could not run the span filter: %1").arg(result.error));
                return;
            }
            if (data != data_)
                return; // another trace opened meanwhile
            view_->setMatches(std::move(*result.value));
            updateMatchLabel();
        });
}

void TraceViewPane::updateMatchLabel() {
    const auto& matches = view_->matches();
    const bool active = matches.active();
    previousMatch_->setEnabled(active && matches.count());
    nextMatch_->setEnabled(active && matches.count());
    if (!active)
        return matchCount_->clear();
    if (matches.count() == 0)
        return matchCount_->setText(tr("no matches"));
    const auto& spans = matches.spans();
    const auto it = std::lower_bound(spans.begin(), spans.end(), view_->selectedSpan());
    if (it != spans.end() && *it == view_->selectedSpan())
        matchCount_->setText(tr("%1 of %2")
                                 .arg(formatCount(it - spans.begin() + 1),
                                      formatCount(std::int64_t(matches.count()))));
    else
        matchCount_->setText(countOf(std::int64_t(matches.count()), QStringLiteral("match"),
                                     QStringLiteral("matches")));
}

void TraceViewPane::updateFolds() {
    FoldOptions options = view_->foldOptions();
    options.similarSiblings = foldSimilar_->isChecked();
    options.shortSpanNs = foldShort_->isChecked() ? std::int64_t(shortMs_->value()) * 1'000'000 : 0;
    const auto& current = view_->foldOptions();
    if (options.similarSiblings != current.similarSiblings ||
        options.shortSpanNs != current.shortSpanNs)
        view_->setFoldOptions(options);
}

} // namespace casebook::ui
