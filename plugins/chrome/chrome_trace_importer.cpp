#include "plugins/chrome/chrome_trace_importer.h"

#include "plugins/chrome/chrome_event_parser.h"
#include "plugins/chrome/chrome_event_splitter.h"
#include "plugins/chrome/chrome_event_stream.h"
#include "plugins/chrome/chrome_fields.h"
#include "plugins/chrome/chrome_record_replay.h"
#include "plugins/chrome/chrome_record_spill.h"
#include "plugins/chrome/chrome_threads.h"
#include "plugins/chrome/chrome_trace_builder.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace casebook {
namespace {

constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string readError(const std::filesystem::path& file) {
    return "cannot read " + file.filename().string() + ": " + std::strerror(errno);
}

FileOutcome partial(std::string error) {
    FileOutcome outcome;
    outcome.partial = true;
    outcome.error = std::move(error);
    return outcome;
}

// Reports 0..size over the import: reading the file is most of the work (four fifths of
// it), replaying the records the rest.
class Progress {
public:
    explicit Progress(const ImportContext& context) : context_(context) {}
    void reading(std::uint64_t done) { report(done / 5 * 4); }
    void replaying(std::uint64_t done, std::uint64_t total, std::uint64_t size) {
        if (total > 0)
            report(size / 5 * 4 +
                   static_cast<std::uint64_t>(double(size / 5) * double(done) / double(total)));
    }
    void finish(std::uint64_t size) {
        if (context_.onBytes && size != reported_) {
            reported_ = size;
            context_.onBytes(size);
        }
    }

private:
    void report(std::uint64_t value) {
        if (context_.onBytes && value > reported_ && value - reported_ >= kProgressStep) {
            reported_ = value;
            context_.onBytes(value);
        }
    }
    const ImportContext& context_;
    std::uint64_t reported_ = 0;
};

FileOutcome importTrace(const std::filesystem::path& path, const ImportContext& context,
                        RecordSink& sink) {
    File handle(std::fopen(path.c_str(), "rb"));
    if (!handle) {
        FileOutcome outcome;
        outcome.error = readError(path);
        return outcome;
    }
    Progress progress(context);
    ChromeThreadTable table;
    ChromeRecordSpill spill;
    ChromeTraceBuilder builder(table, spill);
    ChromeEventParser parser;

    // One pass over the file: every event parsed once, its record kept in the spill.
    const ChromeStreamResult read = streamChromeEvents(
        handle.get(), context, parser, [&](std::uint64_t bytes) { progress.reading(bytes); },
        [&](const ChromeEventSplitter::Event& element, bool objectForm,
            const ChromeEventReader::Result& result,
            ChromeEvent& event) { builder.add(element, objectForm, result, event, parser); });
    if (read.cancelled)
        return partial("cancelled");
    if (read.readFailed)
        return partial(readError(path));
    if (!spill.error().empty())
        return partial(spill.error());

    // The end of the file settles parents and names: the records are handed on.
    std::vector<std::uint32_t> parents, enclosing;
    builder.nest(parents, enclosing);
    const ChromeFileKey fileKey =
        chromeFileKey(context.displayPath.empty() ? path.filename().string() : context.displayPath,
                      read.bytes, read.head);
    ChromeRecordReplay replay(table, parents, enclosing, fileKey, sink);
    const std::uint64_t records = builder.spilledRecords();
    if (!replay.run(spill, context.stop,
                    [&](std::uint64_t done) { progress.replaying(done, records, read.bytes); }))
        return partial("cancelled");
    if (!spill.error().empty())
        return partial(spill.error());
    builder.rejectOpenSpans(sink);
    progress.finish(read.bytes);

    FileOutcome outcome;
    if (read.broken) {
        outcome.partial = true;
        outcome.error = read.error;
    }
    const std::string note = builder.skippedNote();
    if (!note.empty())
        outcome.error += (outcome.error.empty() ? "" : "; ") + note;
    return outcome;
}

} // namespace

std::string_view ChromeTraceImporter::description() const {
    return "Chrome Trace Event Format (chrome://tracing, Perfetto JSON, catapult): spans, "
           "instant events as logs, counters";
}

int ChromeTraceImporter::sniff(std::string_view head) const {
    bool inArray = false;
    const auto keys = chromeHeadKeys(head, inArray);
    if (!inArray) {
        for (const auto& key : keys)
            if (key == "traceEvents")
                return 95;
        return 0;
    }
    // The array form: its first event must look like one, a phase and one of the
    // fields every event has. Zipkin arrays, the only other arrays of objects Casebook
    // reads, have no "ph".
    bool phase = false, other = false;
    for (const auto& key : keys) {
        if (key == "ph")
            phase = true;
        else if (key == "ts" || key == "pid" || key == "tid" || key == "name" || key == "cat")
            other = true;
    }
    return phase && other ? 90 : 0;
}

FileOutcome ChromeTraceImporter::importFile(const std::filesystem::path& file,
                                            const ImportContext& context, RecordSink& sink) {
    try {
        return importTrace(file, context, sink);
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here (bad_alloc); bad data is handled as values.
        return partial(std::string("import failed: ") + e.what());
    }
}

} // namespace casebook
