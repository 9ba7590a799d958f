// casebook-bench-import: generates the lead-flow bundle at a scale (100 = about 1M spans,
// 1M log records and 1M metric points), imports it into a fresh workspace in a child
// process (so peak RSS is the import's alone), and compares with loading the same
// files through the sqlite3 shell's JSON functions.
#include "bench/bench_util.h"
#include "core/generate/scenario_generator.h"
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"
#include "plugins/otlp/otlp_parse_bench.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace casebook;
using casebook::bench::grouped;
using casebook::bench::secondsSince;
using casebook::bench::sizeOf;

namespace {

int importInChild(const fs::path& bundle, const fs::path& workspace, const fs::path& secondsFile) {
    ImporterRegistry registry;
    registerBuiltinImporters(registry);
    auto ws = Workspace::open(workspace);
    const auto report = importBundle(*ws, bundle, registry);
    if (report.status != ImportStatus::Imported) {
        std::cerr << "import " << toString(report.status) << ": " << report.error << '\n';
        return 1;
    }
    const double mb = static_cast<double>(report.bytes) / 1e6;
    const auto records = report.spans + report.logs + report.metricPoints + report.changes;
    std::printf(
        "import:    %.2f s for %s spans, %s logs, %s metric points, %s changes (%s rejected)\n",
        report.seconds, grouped(double(report.spans)).c_str(), grouped(double(report.logs)).c_str(),
        grouped(double(report.metricPoints)).c_str(), grouped(double(report.changes)).c_str(),
        grouped(double(report.rejected)).c_str());
    std::printf("           %s spans/s, %s records/s, %.1f MB/s of input (%.1f MB)\n",
                grouped(double(report.spans) / report.seconds).c_str(),
                grouped(double(records) / report.seconds).c_str(), mb / report.seconds, mb);
    for (const auto& f : report.files) {
        if (f.seconds <= 0)
            continue;
        std::printf("           %-26s %6.2f s  %s records/s  %.1f MB/s\n", f.path.c_str(),
                    f.seconds, grouped(double(f.accepted) / f.seconds).c_str(),
                    double(f.bytes) / 1e6 / f.seconds);
    }
    std::printf(
        "           checking, trace summaries and commit: %.2f s\n", report.seconds - [&] {
            double s = 0;
            for (const auto& f : report.files)
                s += f.seconds;
            return s;
        }());
    std::fflush(stdout);
    std::ofstream(secondsFile) << report.seconds;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    int scale = 100;
    fs::path dir = fs::temp_directory_path() / "casebook-bench";
    bool baseline = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--scale" && i + 1 < argc)
            scale = std::atoi(argv[++i]);
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--skip-baseline")
            baseline = false;
        else {
            std::cerr << "usage: casebook-bench-import [--scale N] [--dir DIR] [--skip-baseline]\n";
            return 2;
        }
    }
    const fs::path bundle = dir / ("lead-flow-x" + std::to_string(scale));
    const fs::path workspace = dir / "bench.casebook";
    fs::create_directories(dir);

    std::printf("Casebook import benchmark, lead-flow scenario at scale %d\n", scale);
    auto t0 = std::chrono::steady_clock::now();
    GenerateOptions options;
    options.scale = scale;
    const auto summary = generateBundle(options, bundle);
    std::printf("bundle:    %s (%.1f MB, %zu files), generated in %.2f s\n", bundle.c_str(),
                double(summary.bytes) / 1e6, summary.files.size(), secondsSince(t0));

    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(workspace.string() + suffix);
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0)
        _exit(importInChild(bundle, workspace, dir / "import-seconds.txt"));
    int status = 0;
    rusage usage{};
    wait4(child, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::cerr << "the import failed\n";
        return 1;
    }
    std::printf("memory:    peak RSS of the import process %.0f MB\n",
                double(usage.ru_maxrss) / 1024.0);
    std::printf("workspace: %.1f MB (%s)\n",
                double(sizeOf(workspace) + sizeOf(workspace.string() + "-wal")) / 1e6,
                workspace.c_str());

    const auto parsers = measureOtlpParsers(bundle / "traces.otlp.jsonl");
    std::printf(
        "parsers:   on traces.otlp.jsonl simdjson On-Demand (mapping to records) %.0f MB/s, "
        "nlohmann SAX (events only) %.0f MB/s -> %s\n",
        parsers.simdjsonMBps, parsers.nlohmannSaxMBps,
        parsers.simdjsonMBps > parsers.nlohmannSaxMBps ? "simdjson kept"
                                                       : "nlohmann would be faster");

    if (baseline) {
        if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) {
            std::printf("baseline:  skipped (no sqlite3 shell)\n");
            return 0;
        }
        std::ifstream in(fs::path(CASEBOOK_BENCH_DIR) / "baseline_sqlite3.sql");
        std::stringstream script;
        script << in.rdbuf();
        std::string sql = script.str();
        for (std::size_t at; (at = sql.find("@DIR@")) != std::string::npos;)
            sql.replace(at, 5, bundle.string());
        // The shell wants a one-character column separator that never occurs in a line
        // (ASCII unit separator), which cannot be typed into the script itself.
        for (std::size_t at; (at = sql.find("@US@")) != std::string::npos;)
            sql.replace(at, 4, "\x1f");
        const fs::path scriptPath = dir / "baseline.sql";
        const fs::path baseDb = dir / "baseline.sqlite";
        std::ofstream(scriptPath) << sql;
        for (const char* suffix : {"", "-wal", "-shm"})
            fs::remove(baseDb.string() + suffix);
        t0 = std::chrono::steady_clock::now();
        const std::string command = "sqlite3 " + baseDb.string() + " < " + scriptPath.string();
        const int rc = std::system(command.c_str());
        const double base = secondsSince(t0);
        double imported = 0;
        std::ifstream(dir / "import-seconds.txt") >> imported;
        std::printf("baseline:  sqlite3 shell with json_each took %.2f s (exit %d); Casebook is "
                    "%.1fx faster\n",
                    base, rc, imported > 0 ? base / imported : 0.0);
    }
    return 0;
}
