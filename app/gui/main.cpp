// casebook: the desktop workbench. main() only parses the arguments and wires the window.

#include "ui/main/main_window.h"
#include "ui/main/screenshot.h"
#include "ui/main/theme.h"

#include "core/import/archive_bundle.h"
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <QIcon>
#include <QTextStream>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Casebook"));
    QApplication::setApplicationName(QStringLiteral("Casebook"));
    QApplication::setApplicationVersion(QStringLiteral(CASEBOOK_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/casebook/icons/casebook.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Investigate production incidents from exported telemetry."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("BUNDLE_OR_WORKSPACE"),
        QStringLiteral("A bundle folder or archive (imported into <name>.casebook next to it) or a "
                       "workspace file to open."),
        QStringLiteral("[BUNDLE_OR_WORKSPACE]"));
    const QCommandLineOption tenant(QStringLiteral("tenant"),
                                    QStringLiteral("Show this tenant first."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption allTenants(
        QStringLiteral("all-tenants"),
        QStringLiteral("Show all tenants; the reason is written to the workspace's audit log."),
        QStringLiteral("REASON"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a picture of the window once its data has "
                                                 "loaded, then exit."),
                                  QStringLiteral("PNG"));
    const QCommandLineOption size(
        QStringLiteral("size"), QStringLiteral("Window size for --screenshot (default 1440x900)."),
        QStringLiteral("WxH"), QStringLiteral("1440x900"));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QStringLiteral("Look: light or dark (default: the desktop's)."),
                                   QStringLiteral("light|dark"));
    const QCommandLineOption pane(
        QStringLiteral("pane"),
        QStringLiteral("Bring a pane to the front: trace, metrics, traces, findings, logs."),
        QStringLiteral("NAME"));
    parser.addOptions({tenant, allTenants, screenshot, size, theme, pane});
    parser.process(app);

    if (parser.isSet(theme)) {
        const auto chosen = casebook::ui::themeFromName(parser.value(theme));
        if (!chosen) {
            QTextStream(stderr) << "casebook: --theme takes light or dark\n";
            return 2;
        }
        casebook::ui::applyTheme(app, *chosen);
    }
    const QStringList dimensions = parser.value(size).split(u'x');
    const int width = dimensions.size() == 2 ? dimensions[0].toInt() : 0;
    const int height = dimensions.size() == 2 ? dimensions[1].toInt() : 0;
    if (width < 320 || height < 240 || width > 8192 || height > 8192) {
        QTextStream(stderr) << "casebook: --size takes WxH, e.g. 1440x900\n";
        return 2;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        parser.showHelp(2);

    casebook::ui::MainWindow window;
    window.setInitialScope(parser.value(tenant), parser.value(allTenants));
    if (parser.isSet(screenshot))
        window.resize(width, height);
    window.show();
    for (const QString& name : parser.values(pane))
        if (!window.showPane(name)) {
            QTextStream(stderr) << "casebook: --pane takes trace, metrics, traces, findings, "
                                   "logs, summary or importReport\n";
            return 2;
        }

    if (!positional.isEmpty()) {
        const QFileInfo target(positional.first());
        const bool workspace = target.isFile() && target.suffix() == QStringLiteral("casebook");
        if (target.isDir() || (target.isFile() && !workspace)) {
            // A bundle folder or archive is imported into <name>.casebook next to it.
            const QString base = target.isDir()
                                     ? QDir::cleanPath(target.absoluteFilePath())
                                     : target.absolutePath() + u'/' +
                                           QString::fromStdString(casebook::archiveBundleName(
                                               target.absoluteFilePath().toStdString()));
            window.importBundle(target.absoluteFilePath(), base + QStringLiteral(".casebook"));
        } else if (workspace) {
            window.openWorkspace(target.absoluteFilePath());
        } else {
            QTextStream(stderr) << "casebook: no such bundle folder or workspace: "
                                << positional.first() << '\n';
            return 2;
        }
    }

    if (parser.isSet(screenshot)) {
        casebook::ui::saveScreenshotWhenSettled(&window, parser.value(screenshot),
                                                [](bool ok) { QApplication::exit(ok ? 0 : 1); });
    }
    return QApplication::exec();
}
