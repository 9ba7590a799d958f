#include "ui/main/screenshot.h"

#include "ui/main/main_window.h"

#include <QPixmap>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace casebook::ui {

void saveScreenshotWhenSettled(MainWindow* window, const QString& file,
                               std::function<void(bool ok)> done, int timeoutMs) {
    struct State {
        bool finished = false;
        QMetaObject::Connection connection;
    };
    auto state = std::make_shared<State>();
    QPointer<MainWindow> guard(window);
    auto grab = [guard, file, done, state](bool settled) {
        if (state->finished)
            return;
        state->finished = true;
        QObject::disconnect(state->connection);
        const bool written = guard && guard->grab().save(file);
        done(written && settled);
    };
    state->connection =
        QObject::connect(window, &MainWindow::settled, window, [grab] { grab(true); });
    QTimer::singleShot(timeoutMs, window, [grab] { grab(false); });
    window->scheduleSettleCheck();
}

} // namespace casebook::ui
