#include "ui/export/pdf_export.h"

#include "core/export/chart_svg.h"
#include "core/export/export_writers.h"

#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgRenderer>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

namespace casebook {
namespace {

// casebook-cli has no QGuiApplication; fonts and the PDF engine need one.
class GuiApplicationGuard {
public:
    GuiApplicationGuard() {
        if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
            return;
        if (QCoreApplication::instance())
            throw std::runtime_error("PDF export needs a QGuiApplication, not a QCoreApplication");
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app_ = std::make_unique<QGuiApplication>(argc_, argv_);
    }

private:
    int argc_ = 1;
    char name_[16] = "casebook-export";
    char* argv_[2] = {name_, nullptr};
    std::unique_ptr<QGuiApplication> app_;
};

// The same SVG the HTML export inlines, rasterised at twice its size: 1440 pixels across
// about 150 mm of the page, near 250 dpi.
QImage chartImage(const nlohmann::json& payload) {
    const ChartSvgSize size;
    QSvgRenderer svg(QByteArray::fromStdString(renderChartSvg(payload, size)));
    constexpr int kScale = 2;
    QImage image(size.width * kScale, size.height * kScale, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    svg.render(&painter);
    return image;
}

void render(const RedactedReport& report, const QString& file) {
    QPdfWriter writer(file);
    writer.setCreator(QStringLiteral("Casebook"));
    writer.setTitle(QString::fromStdString(report.report().title));
    writer.setResolution(300);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));

    QTextDocument document;
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(8.5);
    document.setDefaultFont(font);
    // Charts are drawn side by side, a thread per core (painting on a QImage is
    // thread-safe), each thread taking the next chart not yet drawn.
    const std::vector<nlohmann::json> charts = reportCharts(report);
    std::vector<QImage> images(charts.size());
    std::atomic<std::size_t> next{0};
    const std::size_t threads =
        std::min<std::size_t>(charts.size(), std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::future<void>> workers;
    for (std::size_t t = 0; t < threads; ++t)
        workers.push_back(std::async(std::launch::async, [&] {
            for (std::size_t i = next++; i < charts.size(); i = next++)
                images[i] = chartImage(charts[i]);
        }));
    for (auto& w : workers)
        w.get(); // rethrows what a thread threw
    for (std::size_t i = 0; i < images.size(); ++i)
        document.addResource(QTextDocument::ImageResource,
                             QUrl(QString::fromStdString(chartImageName(i))), images[i]);
    document.setHtml(QString::fromStdString(renderHtml(report, HtmlFlavor::Print)));
    // print() breaks the document into pages of the writer's size, keeps table rows whole
    // where it can, leaves a 2 cm margin and numbers the pages at the bottom.
    document.print(&writer);
}

} // namespace

void writePdfExport(const RedactedReport& report, const std::filesystem::path& path) {
    GuiApplicationGuard guard;
    const QString target = QString::fromStdString(path.string());
    const QString partial = target + QStringLiteral(".partial");
    render(report, partial);
    QFile::remove(target);
    if (!QFile::rename(partial, target)) {
        QFile::remove(partial);
        throw std::runtime_error("cannot write " + path.string());
    }
}

} // namespace casebook
