#include "ui/main/message_bar.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace casebook::ui {
namespace {

struct Colours {
    const char* background;
    const char* border;
    const char* text;
};

Colours coloursFor(MessageBar::Kind kind) {
    switch (kind) {
    case MessageBar::Kind::Success:
        return {"#e7f4ea", "#8cc69b", "#1b4d2b"};
    case MessageBar::Kind::Warning:
        return {"#fff4e2", "#f0b46a", "#5c3a00"};
    case MessageBar::Kind::Error:
        return {"#fdecea", "#e39a94", "#7a1c14"};
    case MessageBar::Kind::Information:
        break;
    }
    return {"#e8f0fe", "#9ab8f0", "#1a3a6b"};
}

} // namespace

MessageBar::MessageBar(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("messageBar"));
    frame_ = new QFrame(this);
    frame_->setObjectName(QStringLiteral("messageFrame"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(12, 10, 12, 0);
    outer->addWidget(frame_);
    label_ = new QLabel(frame_);
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    close_ = new QToolButton(frame_);
    close_->setText(QStringLiteral("✕"));
    close_->setAutoRaise(true);
    close_->setToolTip(tr("Dismiss"));
    auto* layout = new QHBoxLayout(frame_);
    layout->setContentsMargins(12, 6, 6, 6);
    layout->addWidget(label_, 1);
    layout->addWidget(close_, 0, Qt::AlignTop);
    connect(close_, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBar::showMessage(Kind kind, const QString& text, const QString& details) {
    kind_ = kind;
    const Colours c = coloursFor(kind);
    frame_->setStyleSheet(
        QStringLiteral("QFrame#messageFrame { background: %1; border: 1px solid "
                       "%2; border-radius: 4px; } QLabel { color: %3; }")
            .arg(QLatin1String(c.background), QLatin1String(c.border), QLatin1String(c.text)));
    label_->setText(text);
    label_->setToolTip(details);
    show();
}

QString MessageBar::text() const {
    return label_->text();
}

} // namespace casebook::ui
