#include "ui/lineage/lineage_pane.h"

#include "core/lineage/lineage_mapping.h"
#include "core/lineage/node_details.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/context/investigation_context.h"
#include "ui/lineage/lineage_details_panel.h"
#include "ui/lineage/lineage_drawing.h"
#include "ui/lineage/lineage_graph_view.h"
#include "ui/lineage/lineage_items.h"
#include "ui/lineage/lineage_legend.h"
#include "ui/lineage/lineage_scene.h"
#include "ui/util/text.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QShowEvent>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace casebook::ui {

namespace {

constexpr int kSliderSteps = 1000;

struct Details {
    std::optional<LineageNodeDetails> details;
    NodeStatus status;
    std::optional<ColumnLineageView> column;
};

QList<ColumnLineageRow> columnRows(const LineageGraph& graph,
                                   const std::vector<ColumnReach>& reached) {
    QList<ColumnLineageRow> rows;
    for (const auto& r : reached) {
        const auto index = graph.indexOf(r.nodeId);
        rows.append({index ? toQString(graph.node(*index).qualifiedName())
                           : QStringLiteral("#%1").arg(r.nodeId),
                     toQString(r.column), r.hops, toQString(r.transformation)});
    }
    return rows;
}

QToolButton* menuButton(const QString& text, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

LineagePane::LineagePane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), snapshotSlot_(jobs->newSlot()),
      drawSlot_(jobs->newSlot()), impactSlot_(jobs->newSlot()), detailsSlot_(jobs->newSlot()),
      searchSlot_(jobs->newSlot()), scene_(new LineageScene(this)),
      view_(new LineageGraphView(this)), details_(new LineageDetailsPanel(this)),
      impact_(new ImpactTableModel(this)), search_(new NodeSearchModel(this)),
      impactTable_(new QTableView(this)) {
    view_->setObjectName(QStringLiteral("lineageGraph"));
    view_->setScene(scene_);
    impactTable_->setObjectName(QStringLiteral("lineageImpact"));
    impactTable_->setModel(impact_);
    impactTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    impactTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    impactTable_->verticalHeader()->hide();
    impactTable_->verticalHeader()->setDefaultSectionSize(impactTable_->fontMetrics().height() + 6);
    impactTable_->setWordWrap(false);
    impactTable_->setAlternatingRowColors(true);
    auto* header = impactTable_->horizontalHeader();
    header->setSectionResizeMode(ImpactTableModel::Kind, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ImpactTableModel::Hops, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ImpactTableModel::Status, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ImpactTableModel::Node, QHeaderView::Interactive);
    header->resizeSection(ImpactTableModel::Node,
                          impactTable_->fontMetrics().horizontalAdvance(
                              QStringLiteral("nurture-journeys/paid-demo-request")));
    header->setStretchLastSection(true);

    createToolbar();

    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("lineageSummary"));
    summary_->setTextFormat(Qt::PlainText);
    summary_->setWordWrap(true);
    QFont strong = summary_->font();
    strong.setBold(true);
    summary_->setFont(strong);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("lineageStatus"));
    status_->setTextFormat(Qt::PlainText);
    notice_ = new QLabel(this);
    notice_->setObjectName(QStringLiteral("lineageNotice"));
    notice_->setTextFormat(Qt::PlainText);
    notice_->setWordWrap(true);
    notice_->setStyleSheet(QStringLiteral("color: #b35c00;"));
    notice_->hide();

    auto* impactBox = new QWidget(this);
    auto* impactLayout = new QVBoxLayout(impactBox);
    impactLayout->setContentsMargins(0, 0, 0, 0);
    impactLayout->setSpacing(4);
    auto* impactBar = new QHBoxLayout;
    directionCombo_ = new QComboBox(impactBox);
    directionCombo_->setObjectName(QStringLiteral("lineageDirection"));
    directionCombo_->addItem(tr("Downstream impact"));
    directionCombo_->addItem(tr("Upstream dependencies"));
    impactBar->addWidget(directionCombo_);
    impactBar->addStretch(1);
    impactLayout->addLayout(impactBar);
    impactLayout->addWidget(summary_);
    impactLayout->addWidget(impactTable_, 1);

    auto* side = new QSplitter(Qt::Vertical, this);
    side->addWidget(details_);
    side->addWidget(impactBox);
    side->setStretchFactor(0, 3);
    side->setStretchFactor(1, 2);
    side_ = side;
    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setObjectName(QStringLiteral("lineageSplitter"));
    auto* canvas = new QWidget(this);
    auto* canvasLayout = new QVBoxLayout(canvas);
    canvasLayout->setContentsMargins(0, 0, 0, 0);
    canvasLayout->setSpacing(2);
    canvasLayout->addWidget(view_, 1);
    canvasLayout->addWidget(new LineageLegend(canvas));
    splitter_->addWidget(canvas);
    splitter_->addWidget(side);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);

    auto* layout = qobject_cast<QVBoxLayout*>(this->layout());
    layout->addWidget(notice_);
    layout->addWidget(splitter_, 1);
    layout->addWidget(status_);

    connect(view_, &LineageGraphView::nodeClicked, this, &LineagePane::onNodeClicked);
    connect(view_, &LineageGraphView::nodeActivated, this, [this](int index) {
        if (drawing_ && index < static_cast<int>(drawing_->view.nodes.size()) &&
            !drawing_->view.nodes[index].isGroup)
            focusOn(drawing_->snapshot->graph.node(drawing_->view.nodes[index].node).id);
    });
    connect(view_, &LineageGraphView::nodeMenuRequested, this, &LineagePane::showNodeMenu);
    connect(directionCombo_, &QComboBox::currentIndexChanged, this, [this](int index) {
        setDirection(index == 0 ? LineageDirection::Downstream : LineageDirection::Upstream);
    });
    connect(impactTable_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        focusOn(index.data(ImpactTableModel::NodeIdRole).toLongLong());
    });
    connect(impactTable_, &QTableView::clicked, this, [this](const QModelIndex& index) {
        selectNode(index.data(ImpactTableModel::NodeIdRole).toLongLong());
    });
    connect(details_, &LineageDetailsPanel::showTracesRequested, this,
            &LineagePane::showTracesRequested);
    connect(details_, &LineageDetailsPanel::showLogsRequested, this,
            &LineagePane::showLogsRequested);
    connect(details_, &LineageDetailsPanel::showMetricsRequested, this,
            &LineagePane::showMetricsRequested);
    connect(details_, &LineageDetailsPanel::focusRequested, this, &LineagePane::focusOn);
    connect(details_, &LineageDetailsPanel::columnLineageRequested, this,
            [this](std::int64_t nodeId, const QString& column) {
                if (selectedId_ == nodeId)
                    showColumnLineage(column.toStdString());
            });

    auto restart = [this] {
        focusId_.reset();
        selectedId_.reset();
        pathToId_.reset();
        expanded_.clear();
        reloadSnapshot();
    };
    connect(context_, &InvestigationContext::workspaceChanged, this, restart);
    connect(context_, &InvestigationContext::scopeChanged, this, restart);
    connect(context_, &InvestigationContext::timeWindowChanged, this, [this] {
        const TimeWindow& window = context_->timeWindow();
        if (followWindow_->isChecked())
            setAsOf(window.toNs);
    });
    updateStatus();
}

void LineagePane::createToolbar() {
    searchEdit_ = new QLineEdit(this);
    searchEdit_->setObjectName(QStringLiteral("lineageSearch"));
    searchEdit_->setPlaceholderText(tr("Find a job or dataset"));
    searchEdit_->setClearButtonEnabled(true);
    auto* completer = new QCompleter(search_, this);
    completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    searchEdit_->setCompleter(completer);
    auto* typing = new QTimer(this);
    typing->setSingleShot(true);
    typing->setInterval(150);
    connect(searchEdit_, &QLineEdit::textEdited, typing, qOverload<>(&QTimer::start));
    connect(typing, &QTimer::timeout, this, [this] {
        if (!snapshot_)
            return;
        jobs_->run(
            searchSlot_, this,
            [snapshot = snapshot_, text = searchEdit_->text()](const JobControl&) {
                return searchLineageNodes(*snapshot, text, 30);
            },
            [this](JobResult<QList<NodeSearchModel::Match>> result) {
                if (!result.ok())
                    return;
                search_->setMatches(std::move(*result.value));
                searchEdit_->completer()->complete();
            });
    });
    connect(completer, qOverload<const QModelIndex&>(&QCompleter::activated), this,
            [this](const QModelIndex& index) {
                focusOn(index.data(NodeSearchModel::NodeIdRole).toLongLong());
                QTimer::singleShot(0, searchEdit_, &QLineEdit::clear);
            });
    connect(searchEdit_, &QLineEdit::returnPressed, this, [this] {
        if (search_->rowCount() == 0)
            return;
        focusOn(search_->index(0).data(NodeSearchModel::NodeIdRole).toLongLong());
        searchEdit_->clear();
    });

    hopsSpin_ = new QSpinBox(this);
    hopsSpin_->setObjectName(QStringLiteral("lineageHops"));
    hopsSpin_->setRange(0, 12);
    hopsSpin_->setValue(hops_);
    hopsSpin_->setPrefix(tr("Hops: "));
    hopsSpin_->setToolTip(tr("How far up and down from the focused node to show"));
    connect(hopsSpin_, &QSpinBox::valueChanged, this, &LineagePane::setHops);

    kindButton_ = menuButton(tr("Kinds"), this);
    kindButton_->setObjectName(QStringLiteral("lineageKinds"));
    auto* kinds = new QMenu(kindButton_);
    for (auto kind : kLineageKinds) {
        QAction* action = kinds->addAction(toQString(kind));
        action->setCheckable(true);
        connect(action, &QAction::toggled, this, [this, kinds] {
            std::set<std::string> chosen;
            for (QAction* a : kinds->actions())
                if (a->isChecked())
                    chosen.insert(a->text().toStdString());
            setKindFilter(chosen);
        });
    }
    kindButton_->setMenu(kinds);
    statusButton_ = menuButton(tr("Status"), this);
    statusButton_->setObjectName(QStringLiteral("lineageStatuses"));
    auto* statuses = new QMenu(statusButton_);
    for (const char* word : {"failed", "stale", "running", "complete", "aborted", "never run"}) {
        QAction* action = statuses->addAction(QString::fromLatin1(word));
        action->setCheckable(true);
        connect(action, &QAction::toggled, this, [this, statuses] {
            std::set<std::string> chosen;
            for (QAction* a : statuses->actions())
                if (a->isChecked())
                    chosen.insert(a->text().toStdString());
            setStatusFilter(chosen);
        });
    }
    statusButton_->setMenu(statuses);
    namespaceCombo_ = new QComboBox(this);
    namespaceCombo_->setObjectName(QStringLiteral("lineageNamespace"));
    namespaceCombo_->addItem(tr("All namespaces"));
    // Long namespaces (snowflake://account/...) must not widen the window: the list shows
    // them whole when it opens.
    namespaceCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    namespaceCombo_->setMinimumContentsLength(14);
    namespaceCombo_->setMaximumWidth(220);
    connect(namespaceCombo_, &QComboBox::currentIndexChanged, this, [this](int index) {
        setNamespaceFilter(index > 0 ? namespaceCombo_->itemText(index) : QString());
    });
    ownerCombo_ = new QComboBox(this);
    ownerCombo_->setObjectName(QStringLiteral("lineageOwner"));
    ownerCombo_->addItem(tr("All owners"));
    ownerCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    ownerCombo_->setMinimumContentsLength(12);
    ownerCombo_->setMaximumWidth(200);
    connect(ownerCombo_, &QComboBox::currentIndexChanged, this, [this](int index) {
        setOwnerFilter(index > 0 ? ownerCombo_->itemText(index) : QString());
    });

    wholeButton_ = new QToolButton(this);
    wholeButton_->setObjectName(QStringLiteral("lineageWhole"));
    wholeButton_->setText(tr("Whole lineage"));
    wholeButton_->setCheckable(true);
    wholeButton_->setToolTip(tr("Lay out every node instead of the focused view (abandoned after "
                                "the time limit on very large lineages)"));
    connect(wholeButton_, &QToolButton::toggled, this, &LineagePane::setWholeLineage);
    clearPathButton_ = new QToolButton(this);
    clearPathButton_->setText(tr("Clear path"));
    clearPathButton_->setEnabled(false);
    connect(clearPathButton_, &QToolButton::clicked, this, [this] { showPathTo(std::nullopt); });
    auto* fit = new QToolButton(this);
    fit->setText(tr("Fit"));
    fit->setToolTip(tr("Fit the graph in the view (0 or F)"));
    connect(fit, &QToolButton::clicked, view_, &LineageGraphView::fitAll);
    pinButton_ = new QToolButton(this);
    pinButton_->setObjectName(QStringLiteral("pinImpact"));
    pinButton_->setText(tr("Pin Impact…"));
    pinButton_->setToolTip(tr("Pin the impact of the selected node (or the focus) to the case"));
    connect(pinButton_, &QToolButton::clicked, this, &LineagePane::pinImpact);
    exportButton_ = menuButton(tr("Export"), this);
    exportButton_->setObjectName(QStringLiteral("lineageExport"));
    auto* exports = new QMenu(exportButton_);
    const std::pair<QString, QString> pictures[] = {{tr("Picture as SVG…"), QStringLiteral("svg")},
                                                    {tr("Picture as PNG…"), QStringLiteral("png")},
                                                    {tr("Graph as DOT…"), QStringLiteral("dot")}};
    for (const auto& [label, format] : pictures)
        exports->addAction(label, this, [this, format = format] {
            const QString path = chooseExportFile(tr("Export the Lineage Picture"), format);
            if (!path.isEmpty())
                exportPicture(path, format);
        });
    exports->addSeparator();
    const std::pair<QString, QString> lists[] = {
        {tr("Impact list as CSV…"), QStringLiteral("csv")},
        {tr("Impact list as Markdown…"), QStringLiteral("markdown")}};
    for (const auto& [label, format] : lists)
        exports->addAction(label, this, [this, format = format] {
            const QString path =
                chooseExportFile(tr("Export the Impact List"),
                                 format == QStringLiteral("csv") ? format : QStringLiteral("md"));
            if (!path.isEmpty())
                exportImpact(path, format);
        });
    exportButton_->setMenu(exports);

    asOfSlider_ = new QSlider(Qt::Horizontal, this);
    asOfSlider_->setObjectName(QStringLiteral("lineageAsOfSlider"));
    asOfSlider_->setRange(0, kSliderSteps);
    asOfSlider_->setValue(kSliderSteps);
    asOfSlider_->setMinimumWidth(140);
    asOfSlider_->setToolTip(tr("Replay the lineage and its status as of a moment"));
    asOfEdit_ = new QLineEdit(this);
    asOfEdit_->setObjectName(QStringLiteral("lineageAsOf"));
    asOfEdit_->setPlaceholderText(tr("latest"));
    asOfEdit_->setToolTip(tr("As of a moment (RFC 3339, UTC); empty for the latest"));
    asOfEdit_->setMaximumWidth(
        asOfEdit_->fontMetrics().horizontalAdvance(QStringLiteral("2026-11-20T21:00:00Z__")));
    followWindow_ = new QCheckBox(tr("Follow window"), this);
    followWindow_->setObjectName(QStringLiteral("lineageFollowWindow"));
    followWindow_->setChecked(true);
    followWindow_->setToolTip(
        tr("Replay as of the end of the time window chosen in the other panes"));
    connect(asOfSlider_, &QSlider::sliderReleased, this, [this] {
        if (!snapshot_ || snapshot_->lastNs <= snapshot_->firstNs)
            return;
        if (asOfSlider_->value() >= kSliderSteps) {
            setAsOf(std::nullopt);
            return;
        }
        const double f = double(asOfSlider_->value()) / kSliderSteps;
        setAsOf(snapshot_->firstNs +
                static_cast<std::int64_t>(f * double(snapshot_->lastNs - snapshot_->firstNs)));
    });
    connect(asOfEdit_, &QLineEdit::returnPressed, this, [this] {
        const QString text = asOfEdit_->text().trimmed();
        if (text.isEmpty()) {
            setAsOf(std::nullopt);
            return;
        }
        if (auto t = parseRfc3339(text.toStdString()))
            setAsOf(*t);
        else
            emit failed(tr("“%1” is not a time; write it like 2026-11-20T21:00Z").arg(text));
    });

    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(searchEdit_, 2);
    top->addWidget(hopsSpin_);
    top->addWidget(kindButton_);
    top->addWidget(statusButton_);
    top->addWidget(namespaceCombo_);
    top->addWidget(ownerCombo_);
    top->addWidget(wholeButton_);
    top->addWidget(clearPathButton_);
    top->addWidget(fit);
    top->addWidget(pinButton_);
    top->addWidget(exportButton_);
    auto* time = new QHBoxLayout;
    time->setSpacing(6);
    auto* asOfLabel = new QLabel(tr("As of"), this);
    time->addWidget(asOfLabel);
    time->addWidget(asOfSlider_, 1);
    time->addWidget(asOfEdit_);
    time->addWidget(followWindow_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addLayout(time);
}

void LineagePane::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // The graph gets most of the width the first time the pane is shown; afterwards the
    // investigator's split stays.
    if (!splitterSized_ && width() > 0) {
        splitterSized_ = true;
        splitter_->setSizes({width() * 62 / 100, width() * 38 / 100});
    }
}

void LineagePane::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Docked along the bottom (wide and low) details and impact sit side by side; in a
    // taller place, one above the other.
    side_->setOrientation(width() > 2.4 * height() ? Qt::Horizontal : Qt::Vertical);
}

bool LineagePane::isLoading() const {
    for (JobSlot slot : {snapshotSlot_, drawSlot_, impactSlot_, detailsSlot_})
        if (jobs_->isRunning(slot))
            return true;
    return false;
}

LineageViewFilter LineagePane::currentFilter() const {
    LineageViewFilter filter;
    filter.kinds = kinds_;
    filter.statuses = statuses_;
    if (!namespace_.empty())
        filter.namespaces.insert(namespace_);
    if (!owner_.empty())
        filter.owners.insert(owner_);
    return filter;
}

void LineagePane::reloadSnapshot() {
    const QString path = context_->workspacePath();
    const auto scope = context_->scope();
    if (path.isEmpty() || !scope) {
        jobs_->cancel(snapshotSlot_);
        jobs_->cancel(drawSlot_);
        snapshot_.reset();
        drawing_.reset();
        scene_->clearDrawing();
        impact_->setImpact(nullptr);
        details_->showMessage(tr("No workspace open."));
        updateStatus();
        return;
    }
    jobs_->run(
        snapshotSlot_, this,
        [path, scope = *scope, asOf = asOf_](const JobControl&) {
            return loadLineageSnapshot(path, scope, asOf);
        },
        [this](JobResult<LineageSnapshotPtr> result) {
            if (!result.ok()) {
                emit failed(tr("Could not read the lineage: %1").arg(result.error));
                return;
            }
            applySnapshot(std::move(*result.value));
        });
    updateStatus();
}

void LineagePane::applySnapshot(LineageSnapshotPtr snapshot) {
    snapshot_ = std::move(snapshot);
    {
        const QSignalBlocker a(namespaceCombo_), b(ownerCombo_);
        const QString ns = namespaceCombo_->currentText(), owner = ownerCombo_->currentText();
        namespaceCombo_->clear();
        namespaceCombo_->addItem(tr("All namespaces"));
        namespaceCombo_->addItems(snapshot_->namespaces);
        namespaceCombo_->setCurrentIndex(std::max(0, namespaceCombo_->findText(ns)));
        ownerCombo_->clear();
        ownerCombo_->addItem(tr("All owners"));
        ownerCombo_->addItems(snapshot_->owners);
        ownerCombo_->setCurrentIndex(std::max(0, ownerCombo_->findText(owner)));
    }
    const auto& graph = snapshot_->graph;
    if (!focusId_ || !graph.indexOf(*focusId_)) {
        focusId_.reset();
        if (snapshot_->suggestedFocus)
            focusId_ = graph.node(*snapshot_->suggestedFocus).id;
    }
    if (!selectedId_ || !graph.indexOf(*selectedId_))
        selectedId_ = focusId_;
    updateAsOfControls();
    if (graph.nodeCount() == 0) {
        scene_->clearDrawing();
        drawing_.reset();
        impact_->setImpact(nullptr);
        summary_->clear();
        details_->showMessage(tr("This scope has no lineage. Import OpenLineage events, a dbt "
                                 "manifest or an edges CSV to see it here."));
        updateStatus();
        emitLoadedWhenSettled();
        return;
    }
    redraw();
    reloadImpact();
    reloadDetails();
}

void LineagePane::redraw() {
    if (!snapshot_ || snapshot_->graph.nodeCount() == 0)
        return;
    DrawingRequest request;
    request.snapshot = snapshot_;
    request.filter = currentFilter();
    request.timeLimit = timeLimit_;
    if (!wholeLineage_ && focusId_) {
        if (const auto focus = snapshot_->graph.indexOf(*focusId_)) {
            LineageViewOptions options;
            options.focus = *focus;
            options.hops = hops_;
            options.expanded = expanded_;
            options.filter = request.filter;
            if (pathToId_)
                options.pathTo = snapshot_->graph.indexOf(*pathToId_);
            options.isolatePath = isolatePath_;
            request.focused = options;
        }
    }
    request.metrics = nodeTextMetrics(scene_->font());
    jobs_->run(
        drawSlot_, this,
        [request](const JobControl& control) {
            return makeLineageDrawing(request, control.stopToken());
        },
        [this](JobResult<DrawingOutcome> result) {
            if (!result.ok()) {
                emit failed(tr("Could not draw the lineage: %1").arg(result.error));
                return;
            }
            DrawingOutcome& outcome = *result.value;
            if (!outcome.drawing) {
                if (outcome.abandoned && wholeLineage_) {
                    // Back to the focused view, which stays laid out in time.
                    notice_->setText(
                        outcome.problem + u' ' +
                        tr("The focused view is shown instead; widen it with more hops."));
                    notice_->show();
                    const QSignalBlocker quiet(wholeButton_);
                    wholeButton_->setChecked(false);
                    wholeLineage_ = false;
                    redraw();
                } else if (outcome.problem != QStringLiteral("cancelled")) {
                    emit failed(outcome.problem);
                }
                updateStatus();
                return;
            }
            applyDrawing(std::move(*outcome.drawing));
        });
    updateStatus();
}

void LineagePane::applyDrawing(LineageDrawing drawing) {
    const bool sameNodes =
        drawing_ && drawing_->request.nodes.size() == drawing.request.nodes.size();
    drawing_ = std::move(drawing);
    scene_->setDrawing(*drawing_, palette());
    if (!sameNodes || view_->zoom() < 0.2)
        view_->fitAll();
    if (selectedId_)
        if (auto* item = scene_->itemOfNode(*selectedId_))
            item->setSelected(true);
    clearPathButton_->setEnabled(pathToId_.has_value());
    updateStatus();
    emitLoadedWhenSettled();
}

void LineagePane::reloadImpact() {
    if (!snapshot_ || !focusId_)
        return;
    jobs_->run(
        impactSlot_, this,
        [snapshot = snapshot_, focus = *focusId_, direction = direction_](const JobControl&) {
            auto data = std::make_shared<ImpactData>();
            data->snapshot = snapshot;
            if (const auto index = snapshot->graph.indexOf(focus))
                data->report = computeImpact(snapshot->graph, *index, direction);
            return ImpactDataPtr(std::move(data));
        },
        [this](JobResult<ImpactDataPtr> result) {
            if (!result.ok()) {
                emit failed(tr("Could not compute the impact: %1").arg(result.error));
                return;
            }
            impact_->setImpact(*result.value);
            const auto& report = (*result.value)->report;
            const auto& root = snapshot_->graph.node(report.root);
            summary_->setText((direction_ == LineageDirection::Downstream
                                   ? tr("Downstream of %1: %2")
                                   : tr("Upstream of %1: %2"))
                                  .arg(toQString(root.name), toQString(report.summary())));
            emitLoadedWhenSettled();
        });
}

void LineagePane::reloadDetails() {
    if (!snapshot_ || !selectedId_) {
        details_->showMessage(tr("Choose a node to see its details."));
        return;
    }
    jobs_->run(
        detailsSlot_, this,
        [snapshot = snapshot_, id = *selectedId_,
         column = column_ && column_->first == *selectedId_ ? std::optional(column_->second)
                                                            : std::nullopt](const JobControl&) {
            auto ws =
                Workspace::open(toFsPath(snapshot->workspacePath), Workspace::OpenMode::ReadOnly);
            Details out;
            out.details = lineageNodeDetails(*ws, snapshot->scope, id, snapshot->asOfNs);
            out.status = snapshot->status.of(id);
            if (column && out.details) {
                ColumnLineageView view;
                view.column = toQString(*column);
                view.upstream =
                    columnRows(snapshot->graph,
                               columnClosure(*ws, snapshot->scope, id, *column,
                                             LineageDirection::Upstream, -1, snapshot->asOfNs));
                view.downstream =
                    columnRows(snapshot->graph,
                               columnClosure(*ws, snapshot->scope, id, *column,
                                             LineageDirection::Downstream, -1, snapshot->asOfNs));
                out.column = std::move(view);
            }
            return out;
        },
        [this](JobResult<Details> result) {
            if (!result.ok() || !result.value->details) {
                details_->showMessage(result.ok()
                                          ? tr("That node is not in this scope.")
                                          : tr("Could not read the node: %1").arg(result.error));
                return;
            }
            details_->showDetails(*result.value->details, result.value->status,
                                  result.value->details->row.info.id == focusId_,
                                  result.value->column ? &*result.value->column : nullptr);
            emitLoadedWhenSettled();
        });
}

void LineagePane::emitLoadedWhenSettled() {
    updateStatus();
    if (!isLoading())
        emit loaded();
}

void LineagePane::focusOn(std::int64_t nodeId) {
    if (!snapshot_ || !snapshot_->graph.indexOf(nodeId))
        return;
    focusId_ = nodeId;
    selectedId_ = nodeId;
    expanded_.clear();
    notice_->hide();
    pathToId_.reset();
    isolatePath_ = false;
    if (wholeLineage_) {
        const QSignalBlocker quiet(wholeButton_);
        wholeButton_->setChecked(false);
        wholeLineage_ = false;
    }
    redraw();
    reloadImpact();
    reloadDetails();
}

void LineagePane::selectNode(std::int64_t nodeId) {
    selectedId_ = nodeId;
    scene_->clearSelection();
    if (auto* item = scene_->itemOfNode(nodeId)) {
        item->setSelected(true);
        view_->ensureVisible(item, 40, 40);
    }
    reloadDetails();
}

bool LineagePane::focusOnNamed(const QString& qualifiedName) {
    if (!snapshot_)
        return false;
    const std::string wanted = qualifiedName.toStdString();
    for (NodeIndex n = 0; n < snapshot_->graph.nodeCount(); ++n) {
        const auto& node = snapshot_->graph.node(n);
        if (node.qualifiedName() == wanted) {
            focusOn(node.id);
            return true;
        }
    }
    return false;
}

void LineagePane::pinImpact() {
    const std::optional<std::int64_t> node = selectedId_ ? selectedId_ : focusId_;
    if (snapshot_ && node)
        emit impactPinRequested(snapshot_, *node, direction_);
}

void LineagePane::showColumnLineage(const std::string& column) {
    if (!selectedId_)
        return;
    column_ = std::make_pair(*selectedId_, column);
    reloadDetails();
}

void LineagePane::onNodeClicked(int viewIndex) {
    if (!drawing_ || viewIndex < 0 || viewIndex >= static_cast<int>(drawing_->view.nodes.size()))
        return;
    const auto& node = drawing_->view.nodes[viewIndex];
    if (node.isGroup) {
        toggleGroup(node.group);
        return;
    }
    selectNode(drawing_->snapshot->graph.node(node.node).id);
}

void LineagePane::showNodeMenu(int viewIndex, const QPoint& globalPos) {
    if (!drawing_ || viewIndex < 0 || viewIndex >= static_cast<int>(drawing_->view.nodes.size()))
        return;
    const auto& node = drawing_->view.nodes[viewIndex];
    QMenu menu(this);
    if (node.isGroup) {
        menu.addAction(tr("Show the %1 folded nodes").arg(node.members.size()), this,
                       [this, key = node.group] { toggleGroup(key); });
    } else {
        const std::int64_t id = drawing_->snapshot->graph.node(node.node).id;
        menu.addAction(tr("Focus here"), this, [this, id] { focusOn(id); });
        if (focusId_ && id != *focusId_) {
            menu.addAction(tr("Highlight the path from the focus"), this,
                           [this, id] { showPathTo(id, false); });
            menu.addAction(tr("Show only the path from the focus"), this,
                           [this, id] { showPathTo(id, true); });
        }
        menu.addAction(tr("Details"), this, [this, id] { selectNode(id); });
        menu.addAction(tr("Pin Impact…"), this, [this, id] {
            selectNode(id);
            pinImpact();
        });
    }
    menu.exec(globalPos);
}

void LineagePane::setHops(int hops) {
    if (hops == hops_)
        return;
    hops_ = hops;
    const QSignalBlocker quiet(hopsSpin_);
    hopsSpin_->setValue(hops);
    redraw();
}

void LineagePane::setDirection(LineageDirection direction) {
    if (direction == direction_)
        return;
    direction_ = direction;
    const QSignalBlocker quiet(directionCombo_);
    directionCombo_->setCurrentIndex(direction == LineageDirection::Downstream ? 0 : 1);
    reloadImpact();
}

void LineagePane::setKindFilter(const std::set<std::string>& kinds) {
    kinds_ = kinds;
    kindButton_->setText(kinds.empty() ? tr("Kinds") : tr("Kinds (%1)").arg(kinds.size()));
    redraw();
}

void LineagePane::setStatusFilter(const std::set<std::string>& statuses) {
    statuses_ = statuses;
    statusButton_->setText(statuses.empty() ? tr("Status")
                                            : tr("Status (%1)").arg(statuses.size()));
    redraw();
}

void LineagePane::setNamespaceFilter(const QString& ns) {
    namespace_ = ns.toStdString();
    redraw();
}

void LineagePane::setOwnerFilter(const QString& owner) {
    owner_ = owner.toStdString();
    redraw();
}

void LineagePane::toggleGroup(const LineageGroupKey& key) {
    if (!expanded_.erase(key))
        expanded_.insert(key);
    redraw();
}

void LineagePane::showPathTo(std::optional<std::int64_t> nodeId, bool isolate) {
    pathToId_ = nodeId;
    isolatePath_ = nodeId && isolate;
    redraw();
}

void LineagePane::setWholeLineage(bool whole) {
    wholeLineage_ = whole;
    {
        const QSignalBlocker quiet(wholeButton_);
        wholeButton_->setChecked(whole);
    }
    notice_->hide();
    redraw();
}

void LineagePane::setAsOf(std::optional<std::int64_t> ns) {
    if (ns == asOf_)
        return;
    asOf_ = ns;
    updateAsOfControls();
    reloadSnapshot();
}

void LineagePane::updateAsOfControls() {
    const QSignalBlocker a(asOfSlider_), b(asOfEdit_);
    asOfEdit_->setText(asOf_ ? toQString(formatRfc3339(*asOf_)) : QString());
    if (!snapshot_ || snapshot_->lastNs <= snapshot_->firstNs || !asOf_) {
        asOfSlider_->setValue(kSliderSteps);
        return;
    }
    const double f =
        double(*asOf_ - snapshot_->firstNs) / double(snapshot_->lastNs - snapshot_->firstNs);
    asOfSlider_->setValue(std::clamp(static_cast<int>(f * kSliderSteps), 0, kSliderSteps));
}

void LineagePane::updateStatus() {
    if (!context_->hasWorkspace()) {
        status_->setText(tr("No workspace open."));
        return;
    }
    if (!snapshot_) {
        status_->setText(tr("Reading the lineage…"));
        return;
    }
    QString text = tr("%1 and %2 in scope")
                       .arg(countOf(static_cast<std::int64_t>(snapshot_->graph.nodeCount()),
                                    tr("node"), tr("nodes")),
                            countOf(static_cast<std::int64_t>(snapshot_->graph.edgeCount()),
                                    tr("edge"), tr("edges")));
    if (snapshot_->asOfNs)
        text += tr(" as of %1").arg(toQString(formatRfc3339(*snapshot_->asOfNs)));
    if (drawing_) {
        const auto& v = drawing_->view;
        text += QStringLiteral(" · ") + tr("showing %1")
                                            .arg(countOf(static_cast<std::int64_t>(v.nodeCount()),
                                                         tr("node"), tr("nodes")));
        if (v.groupCount() > 0)
            text += tr(", %1 folded into %2")
                        .arg(formatCount(static_cast<std::int64_t>(v.foldedCount())),
                             countOf(static_cast<std::int64_t>(v.groupCount()), tr("group"),
                                     tr("groups")));
        if (v.hiddenByFilter > 0)
            text += tr(", %1 hidden by filters")
                        .arg(formatCount(static_cast<std::int64_t>(v.hiddenByFilter)));
        text += drawing_->fromCache
                    ? tr(" · layout from the workspace cache")
                    : tr(" · laid out in %1 s").arg(drawing_->layoutSeconds, 0, 'f', 2);
    }
    if (isLoading())
        text += QStringLiteral(" · ") + tr("working…");
    status_->setText(text);
}

} // namespace casebook::ui
