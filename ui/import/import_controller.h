#pragma once
// Imports a bundle into a workspace as a job, with a progress dialog (files, records,
// megabytes, rate) whose Cancel asks the engine to stop. The engine rolls a cancelled
// import back, so the workspace is left exactly as it was.

#include "core/import/bundle_import.h"
#include "core/import/import_report.h"
#include "core/import/plugin_loader.h"
#include "ui/jobs/job_runner.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QString>

#include <optional>

class QWidget;

namespace casebook {
struct ImportProgress;
}

namespace casebook::ui {

class ImportController : public QObject {
    Q_OBJECT
public:
    ImportController(JobRunner* jobs, QWidget* dialogParent);

    bool isRunning() const;
    // Imports `bundleDir` into `workspacePath`, creating the workspace if it does not exist.
    void start(const QString& bundleDir, const QString& workspacePath);
    // Asks the running import to stop; finished() still follows, with status Cancelled.
    void cancel();

    QProgressDialog* progressDialog() const { return dialog_; }
    // The last import's report; for an import that could not start, status Failed and
    // the reason in `error`.
    const std::optional<ImportReport>& lastReport() const { return lastReport_; }
    // The runtime plugins the last import refused (wrong interface version, not a
    // plugin...), with the reason for each: the importers they would have added were
    // missing from it.
    const std::vector<PluginLoad>& refusedPlugins() const { return refusedPlugins_; }
    QString lastWorkspacePath() const { return workspacePath_; }
    QString lastBundlePath() const { return bundlePath_; }

signals:
    void started();
    void finished();

private:
    QString heading() const;
    void showProgress(const ImportProgress& progress);
    // What the import job hands back.
    struct Outcome {
        ImportReport report;
        std::vector<PluginLoad> refusedPlugins;
    };
    void complete(JobResult<Outcome> result);

    JobRunner* jobs_;
    JobSlot slot_;
    QPointer<QWidget> dialogParent_;
    QPointer<QProgressDialog> dialog_;
    QElapsedTimer clock_;
    ImportPhase shownPhase_ = ImportPhase::Checking;
    QString bundlePath_;
    QString workspacePath_;
    std::optional<ImportReport> lastReport_;
    std::vector<PluginLoad> refusedPlugins_;
    bool cancelling_ = false;
    bool createdWorkspace_ = false;
};

} // namespace casebook::ui
