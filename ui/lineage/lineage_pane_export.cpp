// The Lineage pane's exports: the picture as shown (SVG through Qt's SVG generator, PNG at
// twice the screen's resolution), the graph as DOT, and the impact list as CSV or Markdown
// with every row.
#include "ui/lineage/lineage_pane.h"

#include "core/lineage/impact.h"
#include "ui/lineage/lineage_scene.h"
#include "ui/util/text.h"

#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QPainter>
#include <QScopeGuard>
#include <QSvgGenerator>

#include <sstream>

namespace casebook::ui {

namespace {

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

} // namespace

QString LineagePane::chooseExportFile(const QString& title, const QString& suffix) {
    QString path =
        QFileDialog::getSaveFileName(this, title, QStringLiteral("lineage.") + suffix,
                                     suffix.toUpper() + QStringLiteral(" (*.") + suffix + u')');
    if (!path.isEmpty() && !path.endsWith(u'.' + suffix))
        path += u'.' + suffix;
    return path;
}

bool LineagePane::exportPicture(const QString& path, const QString& format) {
    if (!drawing_) {
        emit failed(tr("There is no lineage picture to export yet."));
        return false;
    }
    const QRectF source = scene_->sceneRect();
    scene_->setExportQuality(true);
    const auto restore = qScopeGuard([this] { scene_->setExportQuality(false); });
    bool ok = false;
    if (format == QStringLiteral("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(tr("Lineage"));
        QPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            painter.fillRect(QRectF(QPointF(0, 0), source.size()), palette().base());
            scene_->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
            ok = painter.end();
        }
        ok = ok && QFile::exists(path);
    } else if (format == QStringLiteral("png")) {
        const QSize size = (source.size() * 2).toSize();
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(palette().base().color());
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        scene_->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), source);
        painter.end();
        ok = image.save(path, "PNG");
    } else if (format == QStringLiteral("dot")) {
        ok = writeFile(path, QByteArray::fromStdString(toDot(drawing_->request)));
    }
    if (!ok)
        emit failed(tr("Could not write %1.").arg(path));
    return ok;
}

bool LineagePane::exportImpact(const QString& path, const QString& format) {
    const auto& data = impact_->impact();
    if (!data) {
        emit failed(tr("There is no impact list to export yet."));
        return false;
    }
    std::ostringstream out;
    if (format == QStringLiteral("csv"))
        writeImpactCsv(data->report, data->snapshot->graph, &data->snapshot->status, out);
    else
        writeImpactMarkdown(data->report, data->snapshot->graph, &data->snapshot->status, out);
    const bool ok = writeFile(path, QByteArray::fromStdString(out.str()));
    if (!ok)
        emit failed(tr("Could not write %1.").arg(path));
    return ok;
}

} // namespace casebook::ui
