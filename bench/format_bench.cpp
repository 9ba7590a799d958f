// casebook-bench-formats: every importer on the same content at scale (1M spans in each
// trace format, 1M log lines, 1M samples in each metric format), compared with the OTLP
// importer on the same records. For each file it measures
//   parse:  the importer alone into a sink that only counts (what the parser costs; with
//           --repeat N the fastest of N runs, for machines shared with other work), and
//   import: the whole bundle import into a fresh workspace in a child process (the
//           figure a user waits for), with the child's peak RSS.
#include "bench/bench_util.h"
#include "bench/synthetic_telemetry.h"
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace casebook;
using namespace casebook::bench;

namespace {

class CountingSink : public RecordSink {
public:
    std::uint64_t records = 0, rejected = 0;
    void addSpan(const SpanRecord&) override { ++records; }
    void addLog(const LogRecord&) override { ++records; }
    void addMetricPoint(const MetricPoint&) override { ++records; }
    void addChange(const ChangeRecord&) override { ++records; }
    void reject(const Rejection&) override { ++rejected; }
};

struct Case {
    std::string signal; // traces, logs, metrics
    std::string format;
    std::string fileName;
    std::function<WrittenFile(const fs::path&)> write;
};

struct Result {
    std::string signal, format;
    WrittenFile file;
    double parseSeconds = 0;
    std::uint64_t parsed = 0, parseRejected = 0;
    double importSeconds = 0;
    std::uint64_t imported = 0, importRejected = 0;
    double peakRssMb = 0;
};

// Writes the outcome as "seconds records rejected" for the parent.
int importInChild(const fs::path& bundle, const fs::path& workspace, const fs::path& resultFile) {
    ImporterRegistry registry;
    registerBuiltinImporters(registry);
    auto ws = Workspace::open(workspace);
    const auto report = importBundle(*ws, bundle, registry);
    if (report.status != ImportStatus::Imported) {
        std::cerr << "import " << toString(report.status) << ": " << report.error << '\n';
        return 1;
    }
    for (const auto& f : report.files)
        if (!f.error.empty())
            std::cerr << "  " << f.path << ": " << f.error << '\n';
    std::ofstream(resultFile) << report.seconds << ' '
                              << report.spans + report.logs + report.metricPoints << ' '
                              << report.rejected;
    return 0;
}

Result run(const Case& c, const fs::path& dir, const ImporterRegistry& registry, int repeat) {
    Result r;
    r.signal = c.signal;
    r.format = c.format;
    const fs::path bundle = dir / (c.signal + "-" + c.format);
    fs::remove_all(bundle);
    fs::create_directories(bundle);
    const fs::path file = bundle / c.fileName;
    r.file = c.write(file);
    // The manifest names the format, so that the figures are the importer's, not the
    // sniffing's (which reads only the first 64 KiB anyway).
    std::ofstream(bundle / "manifest.json")
        << "{\"files\":[{\"path\":\"" << c.fileName << "\",\"format\":\"" << c.format << "\"}]}";

    Importer* importer = registry.byFormat(c.format);
    for (int i = 0; i < repeat; ++i) {
        CountingSink counter;
        ImportContext context;
        context.displayPath = c.fileName;
        const auto t0 = std::chrono::steady_clock::now();
        const FileOutcome outcome = importer->importFile(file, context, counter);
        const double seconds = secondsSince(t0);
        if (i == 0 || seconds < r.parseSeconds)
            r.parseSeconds = seconds;
        r.parsed = counter.records;
        r.parseRejected = counter.rejected;
        if (i == 0 && !outcome.error.empty())
            std::cerr << c.format << ": " << outcome.error << '\n';
    }

    const fs::path workspace = dir / "formats.casebook";
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(workspace.string() + suffix);
    const fs::path resultFile = dir / "import-result.txt";
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0)
        _exit(importInChild(bundle, workspace, resultFile));
    int status = 0;
    rusage usage{};
    wait4(child, &status, 0, &usage);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        std::ifstream(resultFile) >> r.importSeconds >> r.imported >> r.importRejected;
    r.peakRssMb = double(usage.ru_maxrss) / 1024.0;
    fs::remove_all(bundle);
    return r;
}

void print(const Result& r, const Result* otlp) {
    const double mb = double(r.file.bytes) / 1e6;
    const double parseMBps = r.parseSeconds > 0 ? mb / r.parseSeconds : 0;
    const double importMBps = r.importSeconds > 0 ? mb / r.importSeconds : 0;
    const double importRate = r.importSeconds > 0 ? double(r.imported) / r.importSeconds : 0;
    std::printf("%-8s %-22s %8.1f %10s %10.0f %8.2f %10s %9.1f %7.0f", r.signal.c_str(),
                r.format.c_str(), mb, grouped(double(r.imported)).c_str(), parseMBps,
                r.importSeconds, grouped(importRate).c_str(), importMBps, r.peakRssMb);
    if (otlp && otlp != &r && otlp->importSeconds > 0 && otlp->parseSeconds > 0) {
        const double otlpMb = double(otlp->file.bytes) / 1e6;
        const double otlpRate = double(otlp->imported) / otlp->importSeconds;
        std::printf("   %5.2fx %5.2fx %5.2fx", parseMBps / (otlpMb / otlp->parseSeconds),
                    importMBps / (otlpMb / otlp->importSeconds), importRate / otlpRate);
    }
    std::printf("\n");
    if (r.parsed != r.file.records || r.imported != r.file.records || r.parseRejected ||
        r.importRejected)
        std::printf("         ! wrote %s records, parsed %s (%s rejected), imported %s (%s "
                    "rejected)\n",
                    grouped(double(r.file.records)).c_str(), grouped(double(r.parsed)).c_str(),
                    grouped(double(r.parseRejected)).c_str(), grouped(double(r.imported)).c_str(),
                    grouped(double(r.importRejected)).c_str());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
    std::uint64_t spans = 1'000'000, logs = 1'000'000, samples = 1'000'000;
    fs::path dir = fs::temp_directory_path() / "casebook-bench-formats";
    std::string only;
    int repeat = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--records") {
            spans = logs = samples = std::stoull(next());
        } else if (a == "--dir") {
            dir = next();
        } else if (a == "--only") {
            only = next();
        } else if (a == "--repeat") {
            repeat = std::max(1, std::stoi(next()));
        } else {
            std::cerr << "usage: casebook-bench-formats [--records N] [--only "
                         "traces|logs|metrics] [--repeat N] [--dir DIR]\n";
            return 2;
        }
    }
    fs::create_directories(dir);
    ImporterRegistry registry;
    registerBuiltinImporters(registry);

    std::vector<Case> cases;
    for (auto f :
         {TraceFormat::Otlp, TraceFormat::Jaeger, TraceFormat::Zipkin, TraceFormat::Chrome})
        cases.push_back({"traces", formatName(f), "traces.json",
                         [f, spans](const fs::path& p) { return writeTraces(f, spans, p); }});
    for (auto f : {LogFormat::Otlp, LogFormat::JsonLines})
        cases.push_back({"logs", formatName(f), "logs.jsonl",
                         [f, logs](const fs::path& p) { return writeLogs(f, logs, p); }});
    for (auto f : {MetricFormat::Otlp, MetricFormat::PrometheusText, MetricFormat::OpenMetrics,
                   MetricFormat::PrometheusQueryJson})
        cases.push_back({"metrics", formatName(f), "metrics.txt",
                         [f, samples](const fs::path& p) { return writeMetrics(f, samples, p); }});

    std::printf("Casebook format benchmark: the same content in every format (%s)\n", dir.c_str());
    std::printf("parse = the importer into a counting sink (%s); import = the whole bundle into a "
                "fresh workspace;\nratios = parse MB/s, import MB/s and import records/s over "
                "the OTLP importer's on the same records\n\n",
                repeat == 1 ? "one run"
                            : ("the fastest of " + std::to_string(repeat) + " runs").c_str());
    std::printf("%-8s %-22s %8s %10s %10s %8s %10s %9s %7s   %s\n", "signal", "format", "MB",
                "records", "parse MB/s", "import s", "records/s", "MB/s", "RSS MB",
                "vs OTLP: parse import rec/s");
    Result otlp;
    for (const auto& c : cases) {
        if (!only.empty() && c.signal != only)
            continue;
        const Result r = run(c, dir, registry, repeat);
        if (r.format == "otlp-json")
            otlp = r;
        print(r, &otlp);
    }
    return 0;
}
