#pragma once
// Saves a picture of the main window once its data has arrived: the hidden
// `casebook --screenshot FILE` mode, used to look at the UI the way a user sees it.

#include <QString>

#include <functional>

namespace casebook::ui {

class MainWindow;

// Waits until the window is settled (or `timeoutMs` passed), grabs it, writes `file` and
// calls `done` with whether the picture was written after the window settled.
void saveScreenshotWhenSettled(MainWindow* window, const QString& file,
                               std::function<void(bool ok)> done, int timeoutMs = 120000);

} // namespace casebook::ui
