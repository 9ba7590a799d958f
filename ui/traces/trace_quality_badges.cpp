#include "ui/traces/trace_quality_badges.h"

#include "ui/util/text.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include <algorithm>
#include <memory>

namespace casebook::ui {

std::vector<QualityFinding> qualityFindings(const TraceQuality& q) {
    std::vector<QualityFinding> out;
    const auto add = [&](const std::vector<SpanIndex>& spans, QString text, QString tooltip) {
        if (!spans.empty())
            out.push_back({std::move(text), std::move(tooltip), spans});
    };
    const auto n = [](const std::vector<SpanIndex>& v) {
        return static_cast<std::int64_t>(v.size());
    };
    add(q.orphans,
        countOf(n(q.orphans), QStringLiteral("orphan span"), QStringLiteral("orphan spans")),
        QObject::tr("Spans whose parent id is not in the trace (the parent was never received, "
                    "or is in another bundle). They are shown as roots."));
    add(q.duplicateIds,
        countOf(n(q.duplicateIds), QStringLiteral("duplicate span id"),
                QStringLiteral("duplicate span ids")),
        QObject::tr("Spans that share their span id with another span of the trace. Children "
                    "hang under the first of them; details show the first stored row."));
    std::vector<SpanIndex> skew = q.startsBeforeParent;
    skew.insert(skew.end(), q.endsAfterParent.begin(), q.endsAfterParent.end());
    std::sort(skew.begin(), skew.end());
    skew.erase(std::unique(skew.begin(), skew.end()), skew.end());
    add(skew,
        QObject::tr("clock skew: %1 outside their parent")
            .arg(countOf(n(skew), QStringLiteral("child"), QStringLiteral("children"))),
        QObject::tr("%1 start before their parent, %2 end after it: the hosts' clocks "
                    "disagree, so bars may sit outside their parent's bar.")
            .arg(q.startsBeforeParent.size())
            .arg(q.endsAfterParent.size()));
    add(q.endBeforeStart,
        q.endBeforeStart.size() == 1
            ? QObject::tr("1 span ends before it starts")
            : QObject::tr("%1 spans end before they start").arg(formatCount(n(q.endBeforeStart))),
        QObject::tr("The end time is earlier than the start time; the duration is shown as 0."));
    add(q.parentLoops,
        countOf(n(q.parentLoops), QStringLiteral("parent loop cut"),
                QStringLiteral("parent loops cut")),
        QObject::tr("Parent ids that loop back on themselves; the loop was cut at this span, "
                    "which is shown as a root."));
    return out;
}

TraceQualityBadges::TraceQualityBadges(QWidget* parent)
    : QWidget(parent), layout_(new QHBoxLayout(this)), clean_(new QLabel(this)) {
    setObjectName(QStringLiteral("qualityBadges"));
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(6);
    clean_->setText(tr("data quality: no issues found"));
    clean_->setEnabled(false); // the palette's disabled text: present but quiet
    layout_->addWidget(clean_);
    layout_->addStretch(1);
}

void TraceQualityBadges::clear() {
    qDeleteAll(badges_);
    badges_.clear();
    clean_->hide();
}

void TraceQualityBadges::setQuality(const TraceQuality& quality) {
    clear();
    const auto findings = qualityFindings(quality);
    clean_->setVisible(findings.empty());
    for (const auto& finding : findings) {
        auto* badge = new QToolButton(this);
        badge->setObjectName(QStringLiteral("qualityBadge"));
        badge->setText(finding.text);
        badge->setToolTip(finding.tooltip + u"\n\n" + tr("Click to go to the next one."));
        // Both colors fixed together, so the badge reads the same in light and dark themes.
        badge->setStyleSheet(QStringLiteral(
            "QToolButton { background: #fff1d6; color: #6b3d00; border: 1px solid #e0a040;"
            " border-radius: 9px; padding: 1px 8px; }"));
        auto next = std::make_shared<std::size_t>(0);
        connect(badge, &QToolButton::clicked, this, [this, spans = finding.spans, next] {
            emit spanRequested(spans[*next % spans.size()]);
            ++*next;
        });
        layout_->insertWidget(layout_->count() - 1, badge);
        badges_.append(badge);
    }
}

} // namespace casebook::ui
