#include "ui/main/empty_state.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace casebook::ui {

EmptyState::EmptyState(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("emptyState"));

    auto* title = new QLabel(tr("Open a workspace or import a bundle"), this);
    title->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto* text = new QLabel(
        tr("A workspace (.casebook) holds the telemetry of one investigation. "
           "Import a bundle (a folder or an archive) of OTLP traces, logs, metrics and change "
           "events to begin."),
        this);
    QPalette muted = text->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    text->setPalette(muted);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setMinimumWidth(460);
    text->setMaximumWidth(520);
    auto* textRow = new QHBoxLayout; // stretches on both sides let the label wrap at its width
    textRow->addStretch(1);
    textRow->addWidget(text);
    textRow->addStretch(1);

    auto* open = new QPushButton(tr("Open Workspace…"), this);
    auto* import = new QPushButton(tr("Import Bundle…"), this);
    import->setDefault(true);
    connect(open, &QPushButton::clicked, this, &EmptyState::openRequested);
    connect(import, &QPushButton::clicked, this, &EmptyState::importRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(open);
    buttons->addSpacing(8);
    buttons->addWidget(import);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(title);
    layout->addSpacing(8);
    layout->addLayout(textRow);
    layout->addSpacing(16);
    layout->addLayout(buttons);
    layout->addStretch(3);
}

} // namespace casebook::ui
