// casebook-bench-gui-import: the responsiveness of the real main window while it imports
// the benchmark bundle (lead-flow at scale 100: about 1M spans, 1M log records and 1M
// metric points) and then reloads every pane. A 5 ms timer on the GUI thread records how
// late each tick fires: the worst lateness is the longest the window stopped answering.
#include "bench/bench_util.h"
#include "core/generate/scenario_generator.h"
#include "core/util/temporary_directory.h"
#include "ui/main/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace casebook;

namespace {

// Times every event the GUI thread delivers, so that a stall names its receiver.
class TimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    struct Slow {
        double ms = 0;
        QString receiver;
        int type = 0;
    };
    std::vector<Slow> slowest;

    bool notify(QObject* receiver, QEvent* event) override {
        QElapsedTimer timer;
        timer.start();
        const int type = event->type();
        // The receiver and its parents: a viewport says little by itself.
        QString name;
        for (QObject* o = receiver; o && name.size() < 200; o = o->parent())
            name += QString::fromLatin1(o->metaObject()->className()) + QLatin1Char('/') +
                    o->objectName() + QLatin1String(" < ");
        const bool done = QApplication::notify(receiver, event);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (ms > 50)
            slowest.push_back({ms, name, type});
        return done;
    }
};

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimingApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CasebookBench"));
    const int scale = argc > 1 ? std::atoi(argv[1]) : 100;

    TemporaryDirectory dir({}, "casebook-bench-gui-");
    const auto bundle = dir.path() / "lead-flow";
    auto t = std::chrono::steady_clock::now();
    GenerateOptions options;
    options.scale = scale;
    const auto summary = generateBundle(options, bundle);
    std::printf("bundle: %s spans, %s logs, %s points (%.0f MB), generated in %.1f s\n",
                bench::grouped(double(summary.spans)).c_str(),
                bench::grouped(double(summary.logs)).c_str(),
                bench::grouped(double(summary.metricPoints)).c_str(), double(summary.bytes) / 1e6,
                bench::secondsSince(t));

    ui::MainWindow window;
    window.resize(1440, 900);
    window.show();

    // Lateness of a 5 ms heartbeat: what a user feels as a frozen window.
    std::vector<double> gaps;
    std::vector<std::pair<double, double>> stalls; // (seconds since the start, ms)
    QElapsedTimer beat;
    QTimer heartbeat;
    heartbeat.setInterval(5);
    heartbeat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        gaps.push_back(double(beat.nsecsElapsed()) / 1e6);
        if (gaps.back() > 100)
            stalls.emplace_back(bench::secondsSince(t), gaps.back());
        beat.restart();
    });

    bool imported = false;
    double importSeconds = 0, settleSeconds = 0;
    QObject::connect(&window, &ui::MainWindow::importFinished, [&] {
        imported = true;
        importSeconds = bench::secondsSince(t);
    });
    QObject::connect(&window, &ui::MainWindow::settled, [&] {
        if (!imported)
            return;
        settleSeconds = bench::secondsSince(t);
        QApplication::quit();
    });
    QTimer::singleShot(0, [&] {
        t = std::chrono::steady_clock::now();
        beat.start();
        heartbeat.start();
        window.importBundle(QString::fromStdString(bundle.string()),
                            QString::fromStdString((dir.path() / "bench.casebook").string()));
    });
    QTimer::singleShot(600'000, [] { QApplication::exit(1); });
    const int rc = QApplication::exec();
    heartbeat.stop();
    if (rc != 0 || !imported) {
        std::printf("the import did not finish\n");
        return 1;
    }
    std::sort(gaps.begin(), gaps.end());
    const auto over = [&](double ms) {
        return std::count_if(gaps.begin(), gaps.end(), [ms](double g) { return g > ms; });
    };
    std::printf("import finished after %.1f s; every pane loaded after %.1f s\n", importSeconds,
                settleSeconds);
    std::printf("GUI heartbeat (5 ms): %zu ticks, median %.1f ms, p99 %.1f ms, worst %.1f ms; "
                "%ld over 50 ms, %ld over 100 ms\n",
                gaps.size(), gaps[gaps.size() / 2], gaps[gaps.size() * 99 / 100], gaps.back(),
                long(over(50)), long(over(100)));
    for (const auto& [at, ms] : stalls)
        std::printf("  stall of %.0f ms ending %.2f s after the import started\n", ms, at);
    for (const auto& slow : app.slowest)
        std::printf("  event %d to %s took %.0f ms\n", slow.type, qPrintable(slow.receiver),
                    slow.ms);
    return 0;
}
