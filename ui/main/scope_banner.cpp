#include "ui/main/scope_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace casebook::ui {

ScopeBanner::ScopeBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("allTenantsBanner"));
    setStyleSheet(QStringLiteral(
        "QFrame#allTenantsBanner { background: #b4411b; }"
        "QFrame#allTenantsBanner QLabel { color: white; }"
        "QFrame#allTenantsBanner QPushButton { color: white; background: transparent; border: 1px "
        "solid rgba(255,255,255,0.7); border-radius: 3px; padding: 3px 10px; }"
        "QFrame#allTenantsBanner QPushButton:hover { background: rgba(255,255,255,0.15); }"));
    text_ = new QLabel(this);
    text_->setObjectName(QStringLiteral("allTenantsBannerText"));
    text_->setTextFormat(Qt::PlainText);
    QFont font = text_->font();
    font.setWeight(QFont::DemiBold);
    text_->setFont(font);
    auto* back = new QPushButton(tr("Back to one tenant"), this);
    connect(back, &QPushButton::clicked, this, &ScopeBanner::backRequested);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 8, 12, 8);
    layout->addWidget(text_, 1);
    layout->addWidget(back);
    setReason({});
}

void ScopeBanner::setReason(const QString& reason) {
    QString text = tr("Showing all tenants — this view mixes customers' data");
    if (!reason.isEmpty())
        text += QStringLiteral("   ·   ") + tr("Reason on record: %1").arg(reason);
    text_->setText(text);
    text_->setToolTip(reason);
}

QString ScopeBanner::text() const {
    return text_->text();
}

} // namespace casebook::ui
