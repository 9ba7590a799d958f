#pragma once
// What the window shows before a workspace is open: what to do next, and two buttons.

#include <QWidget>

namespace casebook::ui {

class EmptyState : public QWidget {
    Q_OBJECT
public:
    explicit EmptyState(QWidget* parent = nullptr);

signals:
    void openRequested();
    void importRequested();
};

} // namespace casebook::ui
