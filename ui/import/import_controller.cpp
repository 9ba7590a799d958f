#include "ui/import/import_controller.h"

#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"
#include "ui/util/text.h"

#include <algorithm>

#include <QAbstractButton>
#include <QFile>
#include <QFileInfo>
#include <QProgressDialog>

namespace casebook::ui {

ImportController::ImportController(JobRunner* jobs, QWidget* dialogParent)
    : QObject(dialogParent), jobs_(jobs), slot_(jobs->newSlot()), dialogParent_(dialogParent) {}

bool ImportController::isRunning() const {
    return jobs_->isRunning(slot_);
}

void ImportController::start(const QString& bundleDir, const QString& workspacePath) {
    if (isRunning())
        return;
    bundlePath_ = bundleDir;
    workspacePath_ = workspacePath;
    cancelling_ = false;
    createdWorkspace_ = !QFileInfo::exists(workspacePath);
    shownPhase_ = ImportPhase::Checking;
    clock_.start();

    if (dialog_)
        dialog_->deleteLater();
    dialog_ = new QProgressDialog(dialogParent_);
    dialog_->setObjectName(QStringLiteral("importProgress"));
    dialog_->setWindowTitle(tr("Importing Bundle"));
    dialog_->setWindowModality(Qt::WindowModal);
    dialog_->setAutoClose(false);
    dialog_->setAutoReset(false);
    dialog_->setRange(0, 1000);
    dialog_->setMinimumWidth(460);
    dialog_->setLabelText(heading() + u'\n' + tr("Reading the bundle…"));
    // The dialog would hide itself on Cancel; it stays up saying "Cancelling…" until the
    // engine has rolled back, so the user sees when the workspace is safe again.
    disconnect(dialog_, &QProgressDialog::canceled, dialog_, &QProgressDialog::cancel);
    connect(dialog_, &QProgressDialog::canceled, this, &ImportController::cancel);
    dialog_->setMinimumDuration(300);
    dialog_->setValue(0);

    const QString bundle = bundleDir;
    const QString workspace = workspacePath;
    jobs_->run(
        slot_, this,
        [this, bundle, workspace](const JobControl& control) {
            auto ws = Workspace::open(toFsPath(workspace), Workspace::OpenMode::CreateOrOpen);
            ImporterRegistry registry;
            Outcome outcome;
            for (PluginLoad& load : registerAllImporters(registry))
                if (!load.loaded)
                    outcome.refusedPlugins.push_back(std::move(load));
            BundleImportOptions options;
            options.stop = control.stopToken();
            // Already throttled by the engine (0.1% of the bytes, once per file).
            options.onProgress = [this, &control](const ImportProgress& progress) {
                control.post([this, progress] { showProgress(progress); });
            };
            outcome.report = importBundle(*ws, toFsPath(bundle), registry, options);
            return outcome;
        },
        [this](JobResult<Outcome> result) { complete(std::move(result)); });
    emit started();
}

QString ImportController::heading() const {
    return tr("Importing “%1” into %2")
        .arg(QFileInfo(bundlePath_).fileName(), QFileInfo(workspacePath_).fileName());
}

void ImportController::cancel() {
    if (!isRunning() || cancelling_)
        return;
    cancelling_ = true;
    jobs_->requestStop(slot_);
    if (dialog_) {
        dialog_->setLabelText(heading() + u'\n' +
                              tr("Cancelling… nothing of this bundle will be kept."));
        if (auto* button = dialog_->findChild<QAbstractButton*>())
            button->setEnabled(false);
    }
}

void ImportController::showProgress(const ImportProgress& p) {
    if (!dialog_ || cancelling_)
        return;
    // Each phase reads the bundle's bytes from the start, so the rate restarts with it.
    if (p.phase != shownPhase_) {
        shownPhase_ = p.phase;
        clock_.restart();
    }
    const double seconds = std::max(clock_.elapsed(), qint64(1)) / 1000.0;
    const double mbDone = static_cast<double>(p.bytesDone) / 1e6;
    const double mbTotal = static_cast<double>(p.bytesTotal) / 1e6;
    const QString file = p.currentFile.empty() ? QString() : toQString(p.currentFile);
    QString text = heading() + u'\n';
    switch (p.phase) {
    case ImportPhase::Checking:
        text += tr("Checking whether this bundle was imported before") + u'\n' +
                tr("%1 of %2 MB").arg(mbDone, 0, 'f', 1).arg(mbTotal, 0, 'f', 1);
        break;
    case ImportPhase::Importing:
        text += tr("File %1 of %2: %3")
                    .arg(formatCount(
                             static_cast<std::int64_t>(std::min(p.filesDone + 1, p.filesTotal))),
                         formatCount(static_cast<std::int64_t>(p.filesTotal)), file);
        text += u'\n' + tr("%1 records  ·  %2 of %3 MB  ·  %4 MB/s")
                            .arg(formatCount(static_cast<std::int64_t>(p.records)))
                            .arg(mbDone, 0, 'f', 1)
                            .arg(mbTotal, 0, 'f', 1)
                            .arg(mbDone / seconds, 0, 'f', 1);
        break;
    case ImportPhase::Finishing:
        text += tr("Writing trace summaries and saving the workspace") + u'\n' +
                tr("%1 records").arg(formatCount(static_cast<std::int64_t>(p.records)));
        break;
    }
    dialog_->setLabelText(text);
    if (p.bytesTotal > 0)
        dialog_->setValue(static_cast<int>(p.bytesDone * 1000 / p.bytesTotal));
}

void ImportController::complete(JobResult<Outcome> result) {
    refusedPlugins_.clear();
    if (result.ok()) {
        lastReport_ = std::move(result.value->report);
        refusedPlugins_ = std::move(result.value->refusedPlugins);
    } else {
        ImportReport failed;
        failed.status = ImportStatus::Failed;
        failed.sourcePath = bundlePath_.toStdString();
        failed.bundleName = QFileInfo(bundlePath_).fileName().toStdString();
        failed.error = result.error.toStdString();
        lastReport_ = std::move(failed);
    }
    // A workspace file made for this import and left empty by a cancel or failure is
    // removed, so "unchanged" also holds for a workspace that did not exist before.
    if (createdWorkspace_ && lastReport_->status != ImportStatus::Imported &&
        lastReport_->status != ImportStatus::AlreadyImported) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            QFile::remove(workspacePath_ + QLatin1String(suffix));
    }
    if (dialog_) {
        dialog_->hide();
        dialog_->deleteLater();
    }
    cancelling_ = false;
    emit finished();
}

} // namespace casebook::ui
