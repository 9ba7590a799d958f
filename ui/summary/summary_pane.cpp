#include "ui/summary/summary_pane.h"

#include "core/query/stats_query.h"
#include "core/store/workspace.h"
#include "ui/context/investigation_context.h"
#include "ui/summary/tenant_counts_model.h"
#include "ui/util/text.h"

#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace casebook::ui {
namespace {

struct Card {
    const char* caption;
    std::int64_t SignalCounts::*count;
};

constexpr Card kCards[] = {
    {QT_TRANSLATE_NOOP("casebook::ui::SummaryPane", "Traces"), &SignalCounts::traces},
    {QT_TRANSLATE_NOOP("casebook::ui::SummaryPane", "Spans"), &SignalCounts::spans},
    {QT_TRANSLATE_NOOP("casebook::ui::SummaryPane", "Logs"), &SignalCounts::logs},
    {QT_TRANSLATE_NOOP("casebook::ui::SummaryPane", "Metric series"), &SignalCounts::metricSeries},
    {QT_TRANSLATE_NOOP("casebook::ui::SummaryPane", "Metric points"), &SignalCounts::metricPoints},
    {QT_TRANSLATE_NOOP("casebook::ui::SummaryPane", "Changes"), &SignalCounts::changes},
};

QLabel* makeCard(QWidget* parent, QHBoxLayout* row, const QString& caption) {
    auto* card = new QFrame(parent);
    card->setObjectName(QStringLiteral("countCard"));
    card->setStyleSheet(QStringLiteral("QFrame#countCard { background: palette(base); border: 1px "
                                       "solid palette(mid); border-radius: 6px; }"));
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(14, 8, 14, 8);
    layout->setSpacing(2);
    auto* value = new QLabel(QStringLiteral("—"), card);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.7);
    big.setWeight(QFont::DemiBold);
    value->setFont(big);
    auto* label = new QLabel(caption, card);
    QPalette muted = label->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    label->setPalette(muted);
    layout->addWidget(value);
    layout->addWidget(label);
    row->addWidget(card, 1);
    return value;
}

} // namespace

SummaryPane::SummaryPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent)
    : QWidget(parent), context_(context), jobs_(jobs), slot_(jobs->newSlot()),
      model_(new TenantCountsModel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 14, 18, 14);
    layout->setSpacing(10);

    title_ = new QLabel(this);
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.45);
    titleFont.setWeight(QFont::DemiBold);
    title_->setFont(titleFont);
    subtitle_ = new QLabel(this);
    subtitle_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette muted = subtitle_->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    subtitle_->setPalette(muted);
    auto* heading = new QHBoxLayout;
    heading->setSpacing(14);
    heading->addWidget(title_);
    heading->addWidget(subtitle_, 0, Qt::AlignBaseline);
    heading->addStretch(1);
    layout->addLayout(heading);

    auto* cards = new QHBoxLayout;
    cards->setSpacing(10);
    for (const Card& card : kCards)
        cardValues_.append(makeCard(this, cards, tr(card.caption)));
    layout->addSpacing(4);
    layout->addLayout(cards);

    auto* perTenant = new QLabel(tr("Per tenant"), this);
    QFont sectionFont = perTenant->font();
    sectionFont.setWeight(QFont::DemiBold);
    perTenant->setFont(sectionFont);
    layout->addSpacing(6);
    layout->addWidget(perTenant);

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("tenantCounts"));
    table_->setModel(model_);
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setHighlightSections(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    // Columns share the width; the table is as tall as its rows, up to the space there is.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->horizontalHeader()->setMinimumSectionSize(100);
    table_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(table_);

    noData_ = new QLabel(tr("This workspace holds no telemetry yet. Use File ▸ Import Bundle… "
                            "to add a bundle."),
                         this);
    noData_->setAlignment(Qt::AlignCenter);
    noData_->setWordWrap(true);
    noData_->hide();
    layout->addWidget(noData_);
    layout->addStretch(1);

    connect(context_, &InvestigationContext::workspaceChanged, this, &SummaryPane::reload);
    connect(context_, &InvestigationContext::scopeChanged, this, &SummaryPane::reload);
    showStats();
}

bool SummaryPane::isLoading() const {
    return jobs_->isRunning(slot_);
}

void SummaryPane::reload() {
    if (!context_->hasWorkspace() || !context_->scope()) {
        jobs_->cancel(slot_);
        model_->clear();
        showStats();
        return;
    }
    const QString path = context_->workspacePath();
    const Scope scope = *context_->scope();
    jobs_->run(
        slot_, this,
        [path, scope](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            return workspaceStats(*ws, scope);
        },
        [this](JobResult<WorkspaceStats> result) {
            if (!result.ok()) {
                model_->clear();
                emit failed(tr("Could not count the workspace's records: %1").arg(result.error));
            } else {
                model_->setStats(std::move(*result.value));
            }
            showStats();
            emit loaded();
        });
}

void SummaryPane::showStats() {
    const WorkspaceStats& stats = model_->stats();
    const bool hasScope = context_->scope().has_value();
    if (!context_->hasWorkspace()) {
        title_->clear();
        subtitle_->clear();
    } else if (context_->isAllTenants()) {
        title_->setText(tr("All tenants"));
    } else if (hasScope) {
        title_->setText(tr("Tenant %1").arg(context_->currentTenant()));
    } else {
        title_->setText(tr("Empty workspace"));
    }
    if (context_->hasWorkspace()) {
        const QString file = QFileInfo(context_->workspacePath()).fileName();
        const int tenants = static_cast<int>(context_->tenantNames().size());
        subtitle_->setText(tr("%1  ·  %2 in the workspace")
                               .arg(file, countOf(tenants, tr("tenant"), tr("tenants"))));
        subtitle_->setToolTip(context_->workspacePath());
    }
    for (int i = 0; i < cardValues_.size(); ++i)
        cardValues_[i]->setText(hasScope ? formatCount(stats.totals.*kCards[i].count)
                                         : QStringLiteral("—"));
    noData_->setVisible(context_->hasWorkspace() && !hasScope);
    table_->setVisible(hasScope);
}

} // namespace casebook::ui
