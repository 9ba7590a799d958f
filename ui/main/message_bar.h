#pragma once
// A dismissible line of feedback above the panes (import finished, cancelled, failed),
// so the outcome of long work is told without a modal dialog in the way.

#include <QWidget>

class QFrame;
class QLabel;
class QToolButton;

namespace casebook::ui {

class MessageBar : public QWidget {
    Q_OBJECT
public:
    enum class Kind { Information, Success, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text, const QString& details = {});
    QString text() const;
    Kind kind() const { return kind_; }

private:
    QFrame* frame_;
    QLabel* label_;
    QToolButton* close_;
    Kind kind_ = Kind::Information;
};

} // namespace casebook::ui
