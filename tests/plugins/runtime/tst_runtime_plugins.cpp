// Importers loaded at run time from shared libraries in the plugin folder.
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/import/plugin_loader.h"
#include "core/query/stats_query.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace casebook;

class TestRuntimePlugins : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private slots:
    void loadsTheExamplePluginAndImportsWithIt() {
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        const auto loads = loadPlugins(registry, {CASEBOOK_PLUGINS_OUT});
        QCOMPARE(loads.size(), std::size_t(1));
        QVERIFY2(loads[0].loaded, loads[0].message.c_str());
        QCOMPARE(QString::fromStdString(loads[0].name), QStringLiteral("csv-metrics"));
        QCOMPARE(loads[0].formats, std::vector<std::string>{"csv-metrics"});
        QVERIFY(registry.byFormat("csv-metrics"));

        // A bundle holding the CSV file is recognised by content and imported.
        const auto bundle = std::filesystem::path(dir.path().toStdString()) / "csv-bundle";
        std::filesystem::create_directories(bundle);
        std::filesystem::copy_file(test::testDataDir() / "csv-metrics" / "checkout.csv",
                                   bundle / "samples.txt");
        auto ws = Workspace::open(std::filesystem::path(dir.path().toStdString()) / "csv.casebook");
        const auto report = importBundle(*ws, bundle, registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(QString::fromStdString(report.files.at(0).format), QStringLiteral("csv-metrics"));
        // checkout.csv: a header and 6 data lines (lines 2-7); 3 good, then a short row,
        // a bad time and a bad value.
        QCOMPARE(report.metricPoints, 3u);
        QCOMPARE(report.rejected, 3u);
        QCOMPARE(QString::fromStdString(report.rejectedSamples.at(0).location),
                 QStringLiteral("line 5"));
        QCOMPARE(QString::fromStdString(report.rejectedSamples.at(1).location),
                 QStringLiteral("line 6"));
        QVERIFY(QString::fromStdString(report.rejectedSamples.at(2).reason)
                    .contains(QStringLiteral("\"lots\"")));
        const auto acme = workspaceStats(*ws, ws->tenantScope("acme"));
        QCOMPARE(acme.totals.metricPoints, std::int64_t(2));
        QCOMPARE(acme.totals.metricSeries, std::int64_t(1));
        auto st = ws->db().prepare(
            "SELECT p.time_ns, p.value, s.labels FROM metric_points p JOIN metric_series s "
            "ON s.id = p.series_id ORDER BY p.time_ns LIMIT 1 OFFSET 1");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), std::int64_t(1795165260500000000)); // 09:01:00.5Z
        QCOMPARE(st.real(1), 118.5);
        QCOMPARE(QString::fromStdString(st.text(2)),
                 QStringLiteral(
                     "{\"tenant_id\":\"acme\",\"service\":\"checkout\",\"route\":\"/cart\"}"));
    }

    void timesOutsideNanosecondsAreRejected() {
        // Years that nanoseconds since 1970 cannot hold in 64 bits (before 1677, after 2262)
        // are rejected with their line, not overflowed (found by the plugin's fuzz target).
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        QVERIFY(loadPlugins(registry, {CASEBOOK_PLUGINS_OUT}).at(0).loaded);
        const auto bundle = std::filesystem::path(dir.path().toStdString()) / "far-times";
        std::filesystem::create_directories(bundle);
        {
            std::ofstream csv(bundle / "far.csv");
            csv << "timestamp,series,tenant_id,value\n"
                   "4052-11-20T09:00:00Z,http.requests,acme,120\n"
                   "1600-01-01T00:00:00Z,http.requests,acme,5\n"
                   "2262-04-12T00:00:00Z,http.requests,acme,6\n"
                   "2026-11-20T09:00:00Z,http.requests,acme,7\n";
        }
        auto ws = Workspace::open(std::filesystem::path(dir.path().toStdString()) / "far.casebook");
        const auto report = importBundle(*ws, bundle, registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.metricPoints, 1u);
        QCOMPARE(report.rejected, 3u);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(QString::fromStdString(report.rejectedSamples.at(i).location),
                     QStringLiteral("line %1").arg(i + 2));
    }

    void refusesWrongVersionsAndStrangers() {
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        const auto before = registry.all().size();
        const auto loads = loadPlugins(registry, {CASEBOOK_PLUGINS_REFUSED});
        QCOMPARE(loads.size(), std::size_t(2));
        for (const auto& l : loads)
            QVERIFY(!l.loaded);
        // Sorted by file name: not_a_plugin.so, wrong_abi_plugin.so.
        QVERIFY2(QString::fromStdString(loads[0].message)
                     .contains(QStringLiteral("exports no casebook_plugin_info")),
                 loads[0].message.c_str());
        QVERIFY2(QString::fromStdString(loads[1].message)
                     .contains(QStringLiteral("interface version 999")),
                 loads[1].message.c_str());
        QCOMPARE(registry.all().size(), before);
    }

    void refusesAFormatThatIsAlreadyThere() {
        ImporterRegistry registry;
        QVERIFY(loadPlugins(registry, {CASEBOOK_PLUGINS_OUT}).at(0).loaded);
        const auto again = loadPlugins(registry, {CASEBOOK_PLUGINS_OUT});
        QVERIFY(!again.at(0).loaded);
        QVERIFY(QString::fromStdString(again.at(0).message)
                    .contains(QStringLiteral("already provided")));
        QCOMPARE(registry.all().size(), std::size_t(1));
    }

    void pluginFoldersFollowTheEnvironment() {
        qputenv("CASEBOOK_PLUGIN_PATH", "/opt/a:/opt/b");
        QCOMPARE(pluginFolders(), (std::vector<std::filesystem::path>{"/opt/a", "/opt/b"}));
        qunsetenv("CASEBOOK_PLUGIN_PATH");
        qputenv("XDG_DATA_HOME", "/home/someone/.data");
        QCOMPARE(pluginFolders(),
                 std::vector<std::filesystem::path>{"/home/someone/.data/casebook/plugins"});
    }
};

QTEST_GUILESS_MAIN(TestRuntimePlugins)
#include "tst_runtime_plugins.moc"
