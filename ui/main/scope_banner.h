#pragma once
// The coloured strip shown while the view is not limited to one tenant, so nobody
// forgets that the screen mixes customers' data.

#include <QFrame>

class QLabel;

namespace casebook::ui {

class ScopeBanner : public QFrame {
    Q_OBJECT
public:
    explicit ScopeBanner(QWidget* parent = nullptr);

    // The reason given for leaving tenant scope, shown next to the warning.
    void setReason(const QString& reason);
    QString text() const;

signals:
    void backRequested();

private:
    QLabel* text_;
};

} // namespace casebook::ui
