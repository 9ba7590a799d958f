#include "plugins/chrome/chrome_trace_importer.h"

#include "core/util/json_text.h"
#include "plugins/chrome/chrome_event_fast_reader.h"
#include "plugins/chrome/chrome_event_reader.h"
#include "plugins/chrome/chrome_event_splitter.h"
#include "plugins/chrome/chrome_fields.h"
#include "plugins/chrome/chrome_nesting.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

namespace casebook {
namespace {

constexpr std::size_t kChunkSize = 1 << 20;
constexpr std::size_t kHeadSize = 64 * 1024;
constexpr std::uint64_t kProgressStep = std::uint64_t{4} << 20;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string readError(const std::filesystem::path& file) {
    return "cannot read " + file.filename().string() + ": " + std::strerror(errno);
}

std::string shortQuoted(std::string_view text) {
    std::string out = "\"";
    out.append(text.substr(0, 60));
    if (text.size() > 60)
        out.append("...");
    out.push_back('"');
    return out;
}

// What an event does to the trace, decided the same way in both passes so that span
// and instant numbers agree.
enum class Action { Reject, Skip, Span, Begin, End, Instant, Counter, Metadata };

struct Decision {
    Action action = Action::Skip;
    std::string reason;              // for Reject
    std::int64_t start = 0, end = 0; // for Span; start alone for Begin, End, Instant, Counter
};

Decision decide(const ChromeEvent& event) {
    Decision d;
    auto reject = [&](std::string reason) {
        d.action = Action::Reject;
        d.reason = std::move(reason);
        return d;
    };
    if (!event.error.empty())
        return reject(event.error);
    if (event.ph.empty())
        return reject("event without \"ph\"");
    const ChromePhase phase = chromePhase(event.ph);
    const char ph = event.ph[0];
    auto needTs = [&]() -> bool {
        if (!event.tsNs)
            return false;
        d.start = *event.tsNs;
        return true;
    };
    switch (phase) {
    case ChromePhase::Complete: {
        if (!needTs())
            return reject("X event without ts");
        // tdur (thread time) stands in when a writer leaves out dur, as speedscope reads it.
        const auto duration = event.durNs ? event.durNs : event.tdurNs;
        if (!duration)
            return reject("X event without dur");
        if (*duration < 0)
            return reject("X event with a negative dur");
        if (__builtin_add_overflow(d.start, *duration, &d.end))
            return reject("X event ends beyond the int64 nanosecond range");
        d.action = Action::Span;
        return d;
    }
    case ChromePhase::Begin:
    case ChromePhase::End:
    case ChromePhase::Instant:
    case ChromePhase::Counter:
        if (!needTs())
            return reject(std::string(1, ph) + " event without ts");
        d.action = phase == ChromePhase::Begin     ? Action::Begin
                   : phase == ChromePhase::End     ? Action::End
                   : phase == ChromePhase::Instant ? Action::Instant
                                                   : Action::Counter;
        return d;
    case ChromePhase::Metadata:
        d.action = Action::Metadata;
        return d;
    case ChromePhase::Skipped:
    case ChromePhase::Unknown:
        break;
    }
    d.action = Action::Skip;
    return d;
}

// Thread-scope instants (the default scope) belong to a thread's spans; process and
// global ones do not.
bool threadScoped(const ChromeEvent& event) {
    return event.scope.empty() || event.scope == "t";
}

struct ProcessInfo {
    std::string pid;
    bool pidIsNumber = false;
    std::string name;      // process_name metadata
    bool prepared = false; // trace, service and resource are set
    TraceId trace;
    std::string service, resource;
};

struct OpenSpan {
    std::uint32_t ordinal = 0;
    std::int64_t start = 0;
    std::uint64_t offset = 0;
    std::size_t index = 0;
    std::string name, cat, args;
    std::string brokenReason; // the B event was not valid JSON: reject instead of emitting
};

struct ThreadInfo {
    std::string pid, tid;
    bool tidIsNumber = false, hasTid = false;
    std::string name; // thread_name metadata
    std::uint32_t process = 0;
    // First pass.
    std::vector<std::pair<std::int64_t, std::uint32_t>> openStarts;
    std::vector<ChromeInterval> intervals;
    std::vector<ChromeInstant> instants;
    // Second pass.
    std::vector<OpenSpan> open;
};

// Processes and threads by pid and tid text. Events come in runs from one thread: the
// last one looked up is tried first. Otherwise an open-addressing table of indexes into
// the vectors, hashed from the event's own text: no key is built for a lookup.
class Threads {
public:
    std::uint32_t process(std::string_view pid, bool isNumber) {
        if (lastProcess_ != kChromeNone && processes[lastProcess_].pid == pid)
            return lastProcess_;
        const std::uint64_t hash = hashText(kSeed, pid);
        std::size_t slot =
            find(processSlots_, hash, [&](std::uint32_t i) { return processes[i].pid == pid; });
        if (processSlots_[slot] == kChromeNone) {
            processSlots_[slot] = static_cast<std::uint32_t>(processes.size());
            processes.emplace_back();
            processes.back().pid = pid;
            processes.back().pidIsNumber = isNumber;
            grow(processSlots_, processes.size(),
                 [&](std::uint32_t i) { return hashText(kSeed, processes[i].pid); });
            slot =
                find(processSlots_, hash, [&](std::uint32_t i) { return processes[i].pid == pid; });
        }
        lastProcess_ = processSlots_[slot];
        return lastProcess_;
    }
    std::uint32_t thread(const ChromeEvent& event) {
        auto same = [&](std::uint32_t i) {
            const ThreadInfo& t = threads[i];
            return t.hasTid == event.hasTid && t.tid == event.tid && t.pid == event.pid;
        };
        if (lastThread_ != kChromeNone && same(lastThread_))
            return lastThread_;
        const std::uint64_t hash = threadHash(event.pid, event.hasTid, event.tid);
        std::size_t slot = find(threadSlots_, hash, same);
        if (threadSlots_[slot] == kChromeNone) {
            ThreadInfo info;
            info.pid = event.pid;
            info.tid = event.tid;
            info.hasTid = event.hasTid;
            info.tidIsNumber = event.tidIsNumber;
            info.process = process(event.pid, event.pidIsNumber);
            threadSlots_[slot] = static_cast<std::uint32_t>(threads.size());
            threads.push_back(std::move(info));
            grow(threadSlots_, threads.size(), [&](std::uint32_t i) {
                return threadHash(threads[i].pid, threads[i].hasTid, threads[i].tid);
            });
            slot = find(threadSlots_, hash, same);
        }
        lastThread_ = threadSlots_[slot];
        return lastThread_;
    }

    std::vector<ProcessInfo> processes;
    std::vector<ThreadInfo> threads;

private:
    static constexpr std::uint64_t kSeed = 0xcbf29ce484222325ULL;

    static std::uint64_t hashText(std::uint64_t h, std::string_view text) {
        for (char c : text) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ULL;
        }
        return h ^ (h >> 29);
    }
    static std::uint64_t threadHash(std::string_view pid, bool hasTid, std::string_view tid) {
        return hashText(hashText(kSeed, pid) ^ (hasTid ? 0x74 : 0x2d), tid);
    }
    // The slot holding the entry `matches` accepts, or the empty slot where it belongs.
    template <typename Matches>
    static std::size_t find(std::vector<std::uint32_t>& slots, std::uint64_t hash,
                            Matches matches) {
        if (slots.empty())
            slots.assign(16, kChromeNone);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask)
            if (slots[i] == kChromeNone || matches(slots[i]))
                return i;
    }
    // Keeps the table at most half full, rehashing every entry when it doubles.
    template <typename HashOf>
    static void grow(std::vector<std::uint32_t>& slots, std::size_t entries, HashOf hashOf) {
        if (entries * 2 <= slots.size())
            return;
        std::vector<std::uint32_t> bigger(slots.size() * 2, kChromeNone);
        const std::size_t mask = bigger.size() - 1;
        for (std::uint32_t entry : slots) {
            if (entry == kChromeNone)
                continue;
            std::size_t i = static_cast<std::size_t>(hashOf(entry)) & mask;
            while (bigger[i] != kChromeNone)
                i = (i + 1) & mask;
            bigger[i] = entry;
        }
        slots = std::move(bigger);
    }

    std::vector<std::uint32_t> processSlots_, threadSlots_;
    std::uint32_t lastProcess_ = kChromeNone, lastThread_ = kChromeNone;
};

class Progress {
public:
    explicit Progress(const ImportContext& context) : context_(context) {}
    // Two passes over `size` bytes report 0..size: each pass is half of it.
    void pass(int which, std::uint64_t done, std::uint64_t size) {
        const std::uint64_t value = which == 1 ? done / 2 : size / 2 + done / 2;
        if (context_.onBytes && value - reported_ >= kProgressStep) {
            reported_ = value;
            context_.onBytes(value);
        }
    }
    void finish(std::uint64_t size) {
        if (context_.onBytes && size != reported_) {
            reported_ = size;
            context_.onBytes(size);
        }
    }

private:
    const ImportContext& context_;
    std::uint64_t reported_ = 0;
};

struct PassResult {
    bool cancelled = false;
    bool readFailed = false;
    bool broken = false; // the file stops being a trace: partial
    std::string error;
    std::uint64_t bytes = 0;
    std::string head; // first 64 KiB, from the first pass
};

// Events that lie in one read chunk are handed on in runs of up to this many bytes, to
// be parsed together (ChromeEventReader::readRun); small enough to stay in cache.
constexpr std::size_t kRunBytes = 64 * 1024;

// Streams the events of the file to onEvents(events, count, objectForm, run): `run` when
// the events lie one after another in the chunk read (the text from the first to the
// last holds only them and the commas between them), else a single event.
template <typename OnEvents>
PassResult runPass(std::FILE* file, int which, std::uint64_t size, const ImportContext& context,
                   Progress& progress, OnEvents onEvents) {
    PassResult result;
    if (std::fseek(file, 0, SEEK_SET) != 0) {
        result.readFailed = true;
        return result;
    }
    ChromeEventSplitter splitter;
    std::vector<ChromeEventSplitter::Event> run;
    auto flush = [&] {
        if (!run.empty())
            onEvents(run.data(), run.size(), splitter.objectForm(), true);
        run.clear();
    };
    auto handler = [&](const ChromeEventSplitter::Event& event) {
        if (context.stop.stop_requested()) {
            result.cancelled = true;
            return false;
        }
        if (!event.inPlace) {
            // Copied out of two chunks: on its own, after the events before it.
            flush();
            onEvents(&event, 1, splitter.objectForm(), false);
            return true;
        }
        run.push_back(event);
        const std::size_t bytes = static_cast<std::size_t>(event.json.data() + event.json.size() -
                                                           run.front().json.data());
        if (bytes >= kRunBytes)
            flush();
        return true;
    };
    std::vector<char> chunk(kChunkSize);
    bool fed = true;
    while (true) {
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file);
        if (n == 0)
            break;
        if (which == 1 && result.head.size() < kHeadSize)
            result.head.append(chunk.data(), std::min(n, kHeadSize - result.head.size()));
        result.bytes += n;
        progress.pass(which, result.bytes, size);
        fed = splitter.feed({chunk.data(), n}, handler);
        // The run points into the chunk: handed on before the next read reuses it.
        if (!result.cancelled)
            flush();
        if (!fed)
            break;
    }
    if (result.cancelled)
        return result;
    if (fed && std::ferror(file)) {
        result.readFailed = true;
        return result;
    }
    if (!fed || !splitter.finish()) {
        result.broken = true;
        result.error = "invalid JSON at byte " + std::to_string(splitter.errorOffset()) + ": " +
                       splitter.error();
    }
    return result;
}

std::string locationOf(std::uint64_t offset, std::size_t index, bool objectForm) {
    std::string out = "byte " + std::to_string(offset) + ": ";
    if (objectForm)
        out += "traceEvents";
    out += '[';
    out += std::to_string(index);
    out += ']';
    return out;
}

class TraceImport {
public:
    TraceImport(const ImportContext& context, RecordSink& sink)
        : context_(context), sink_(sink), progress_(context) {}

    FileOutcome run(const std::filesystem::path& path) {
        FileOutcome outcome;
        File handle(std::fopen(path.c_str(), "rb"));
        if (!handle) {
            outcome.error = readError(path);
            return outcome;
        }
        std::error_code ec;
        const std::uint64_t size = std::filesystem::file_size(path, ec);

        PassResult first = runPass(handle.get(), 1, size, context_, progress_,
                                   [&](const ChromeEventSplitter::Event* events, std::size_t count,
                                       bool, bool run) { indexEvents(events, count, run); });
        if (first.cancelled)
            return cancelled();
        if (first.readFailed) {
            outcome.partial = true;
            outcome.error = readError(path);
            return outcome;
        }
        nest();
        fileKey_ = chromeFileKey(context_.displayPath.empty() ? path.filename().string()
                                                              : context_.displayPath,
                                 first.bytes, first.head);
        first.head = std::string();

        PassResult second =
            runPass(handle.get(), 2, size, context_, progress_,
                    [&](const ChromeEventSplitter::Event* events, std::size_t count,
                        bool objectForm, bool run) { mapEvents(events, count, objectForm, run); });
        if (second.cancelled)
            return cancelled();
        rejectOpenSpans();
        progress_.finish(second.bytes);
        if (second.readFailed) {
            outcome.partial = true;
            outcome.error = readError(path);
        } else if (second.broken) {
            outcome.partial = true;
            outcome.error = second.error;
        }
        const std::string note = skippedNote();
        if (!note.empty())
            outcome.error += (outcome.error.empty() ? "" : "; ") + note;
        return outcome;
    }

private:
    FileOutcome cancelled() {
        FileOutcome outcome;
        outcome.partial = true;
        outcome.error = "cancelled";
        return outcome;
    }

    // ---- first pass: names and the extent of every span ------------------------------

    // The text from the first event of a run to the end of its last.
    static std::string_view runText(const ChromeEventSplitter::Event* events, std::size_t count) {
        const std::string_view last = events[count - 1].json;
        return {events[0].json.data(),
                static_cast<std::size_t>(last.data() + last.size() - events[0].json.data())};
    }

    // How many of the events, from the first, the fast reader took; the others are for
    // ChromeEventReader. From the first event it does not take, the rest of the run goes
    // to simdjson: a file whose events are all unusual costs one failed try per run.
    template <typename OnEvent>
    std::size_t readFast(const ChromeEventSplitter::Event* events, std::size_t count,
                         ChromeEventReader::Detail detail, OnEvent onEvent) {
        std::size_t k = 0;
        while (k < count && fast_.read(events[k].json, detail, event_)) {
            onEvent(k, ChromeEventReader::Result{});
            ++k;
        }
        return k;
    }

    void indexEvents(const ChromeEventSplitter::Event* events, std::size_t count, bool run) {
        auto onEvent = [&](std::size_t, const ChromeEventReader::Result& result) {
            indexRead(result);
        };
        const std::size_t fast = readFast(events, count, ChromeEventReader::Detail::Index, onEvent);
        events += fast;
        count -= fast;
        std::size_t done = 0;
        if (run && count > 1)
            done = reader_.readRun(runText(events, count), count, ChromeEventReader::Detail::Index,
                                   event_, onEvent);
        for (std::size_t k = done; k < count; ++k)
            indexRead(reader_.read(events[k].json, ChromeEventReader::Detail::Index, event_));
    }

    void indexRead(const ChromeEventReader::Result& result) {
        if (result.kind != ChromeEventReader::Result::Kind::Event)
            return;
        const Decision d = decide(event_);
        indexDecision(d);
    }

    void indexDecision(const Decision& d) {
        switch (d.action) {
        case Action::Metadata:
            if (event_.name == "process_name" && !event_.argsName.empty())
                threads_.processes[threads_.process(event_.pid, event_.pidIsNumber)].name =
                    event_.argsName;
            else if (event_.name == "thread_name" && !event_.argsName.empty())
                threads_.threads[threads_.thread(event_)].name = event_.argsName;
            break;
        case Action::Span:
            threads_.threads[threads_.thread(event_)].intervals.push_back(
                {d.start, d.end, spanCount_++});
            break;
        case Action::Begin:
            threads_.threads[threads_.thread(event_)].openStarts.emplace_back(d.start,
                                                                              spanCount_++);
            break;
        case Action::End: {
            ThreadInfo& thread = threads_.threads[threads_.thread(event_)];
            if (thread.openStarts.empty())
                break;
            const auto [start, ordinal] = thread.openStarts.back();
            thread.openStarts.pop_back();
            if (d.start >= start)
                thread.intervals.push_back({start, d.start, ordinal});
            break;
        }
        case Action::Instant: {
            const std::uint32_t ordinal = instantCount_++;
            if (threadScoped(event_) && event_.hasPid)
                threads_.threads[threads_.thread(event_)].instants.push_back({d.start, ordinal});
            break;
        }
        case Action::Reject:
        case Action::Skip:
        case Action::Counter:
            break;
        }
    }

    void nest() {
        parents_.assign(spanCount_, kChromeNone);
        enclosing_.assign(instantCount_, kChromeNone);
        for (ThreadInfo& thread : threads_.threads) {
            chromeNest(thread.intervals, thread.instants, parents_, enclosing_);
            thread.intervals = {};
            thread.instants = {};
            thread.openStarts = {};
        }
    }

    // Processes met only in the second pass (their events were all rejected in the
    // first) are prepared when first used.
    const ProcessInfo& ready(std::uint32_t index) {
        ProcessInfo& process = threads_.processes[index];
        if (!process.prepared)
            prepareProcess(process);
        return process;
    }

    void prepareProcess(ProcessInfo& process) {
        process.prepared = true;
        process.trace = chromeTraceId(fileKey_, process.pid);
        if (!process.name.empty())
            process.service = process.name;
        else if (!process.pid.empty())
            process.service = "process " + process.pid;
        process.resource.assign("{");
        if (!process.service.empty()) {
            process.resource.append("\"service.name\":");
            appendJsonText(process.resource, process.service);
        }
        if (!process.pid.empty()) {
            if (!process.service.empty())
                process.resource.push_back(',');
            process.resource.append("\"process.pid\":");
            if (process.pidIsNumber)
                process.resource.append(process.pid);
            else
                appendJsonText(process.resource, process.pid);
        }
        process.resource.push_back('}');
    }

    // ---- second pass: records ---------------------------------------------------------

    void mapEvents(const ChromeEventSplitter::Event* events, std::size_t count, bool objectForm,
                   bool run) {
        const std::size_t fast =
            readFast(events, count, ChromeEventReader::Detail::Full,
                     [&](std::size_t k, const ChromeEventReader::Result& result) {
                         map(events[k], objectForm, result);
                     });
        events += fast;
        count -= fast;
        std::size_t done = 0;
        if (run && count > 1)
            done = reader_.readRun(runText(events, count), count, ChromeEventReader::Detail::Full,
                                   event_,
                                   [&](std::size_t k, const ChromeEventReader::Result& result) {
                                       map(events[k], objectForm, result);
                                   });
        for (std::size_t k = done; k < count; ++k)
            map(events[k], objectForm,
                reader_.read(events[k].json, ChromeEventReader::Detail::Full, event_));
    }

    void map(const ChromeEventSplitter::Event& element, bool objectForm,
             const ChromeEventReader::Result& result) {
        objectFormNow_ = objectForm;
        current_ = &element;
        if (result.kind == ChromeEventReader::Result::Kind::NotAnObject) {
            sink_.reject({location(), "expected an event object, got " + result.message});
            return;
        }
        if (result.kind == ChromeEventReader::Result::Kind::InvalidJson) {
            // The first pass read less of the event (not its args) and may have counted
            // it; read it the same way to keep the numbering, then reject it.
            const std::string reason = "invalid JSON: " + result.message;
            if (reader_.read(element.json, ChromeEventReader::Detail::Index, event_).kind ==
                ChromeEventReader::Result::Kind::Event)
                mapBroken(decide(event_), element, reason);
            else
                sink_.reject({location(), reason});
            return;
        }
        const Decision d = decide(event_);
        switch (d.action) {
        case Action::Reject:
            sink_.reject({location(), d.reason});
            break;
        case Action::Skip:
            ++skipped_[std::string(event_.ph)];
            break;
        case Action::Metadata:
            break;
        case Action::Span: {
            const std::uint32_t ordinal = spanCount2_++;
            ThreadInfo& thread = threads_.threads[threads_.thread(event_)];
            attributes_.clear();
            beginAttributes(thread, event_.cat);
            appendMembers(event_.argsMembers);
            attributes_.push_back('}');
            emitSpan(thread, ordinal, event_.name, d.start, d.end);
            break;
        }
        case Action::Begin: {
            ThreadInfo& thread = threads_.threads[threads_.thread(event_)];
            thread.open.push_back({spanCount2_++,
                                   d.start,
                                   element.offset,
                                   element.index,
                                   std::string(event_.name),
                                   std::string(event_.cat),
                                   std::string(event_.argsMembers),
                                   {}});
            break;
        }
        case Action::End:
            end(d, {});
            break;
        case Action::Instant:
            emitInstant(d, instantCount2_++);
            break;
        case Action::Counter:
            emitCounter(d);
            break;
        }
    }

    void mapBroken(const Decision& d, const ChromeEventSplitter::Event& element,
                   const std::string& reason) {
        switch (d.action) {
        case Action::Span:
            ++spanCount2_;
            break;
        case Action::Begin: {
            ThreadInfo& thread = threads_.threads[threads_.thread(event_)];
            thread.open.push_back({spanCount2_++,
                                   d.start,
                                   element.offset,
                                   element.index,
                                   std::string(event_.name),
                                   {},
                                   {},
                                   reason});
            return; // rejected when its E comes, or at the end
        }
        case Action::End:
            end(d, reason);
            return;
        case Action::Instant:
            ++instantCount2_;
            break;
        default:
            break;
        }
        sink_.reject({location(), reason});
    }

    void end(const Decision& d, const std::string& brokenReason) {
        ThreadInfo& thread = threads_.threads[threads_.thread(event_)];
        if (thread.open.empty()) {
            sink_.reject({location(), brokenReason.empty()
                                          ? "E event without a matching B (" + where(thread) + ")"
                                          : brokenReason});
            return;
        }
        OpenSpan begin = std::move(thread.open.back());
        thread.open.pop_back();
        if (!brokenReason.empty() || !begin.brokenReason.empty()) {
            if (!brokenReason.empty())
                sink_.reject({location(), brokenReason});
            sink_.reject({locationOf(begin.offset, begin.index, objectFormNow_),
                          begin.brokenReason.empty() ? "its E event is not valid JSON"
                                                     : begin.brokenReason});
            return;
        }
        if (d.start < begin.start) {
            sink_.reject({location(), "E event at ts before its B (" +
                                          locationOf(begin.offset, begin.index, objectFormNow_) +
                                          ")"});
            return;
        }
        attributes_.clear();
        beginAttributes(thread, begin.cat);
        appendMembers(begin.args);
        appendMembers(event_.argsMembers); // the args of B and E are merged
        attributes_.push_back('}');
        emitSpan(thread, begin.ordinal, begin.name, begin.start, d.start);
    }

    void rejectOpenSpans() {
        for (ThreadInfo& thread : threads_.threads) {
            for (const OpenSpan& open : thread.open) {
                sink_.reject({locationOf(open.offset, open.index, objectFormNow_),
                              open.brokenReason.empty()
                                  ? "B event " + shortQuoted(open.name) + " has no matching E (" +
                                        where(thread) + ")"
                                  : open.brokenReason});
            }
            thread.open.clear();
        }
    }

    static std::string where(const ThreadInfo& thread) {
        return "pid " + thread.pid + ", tid " + thread.tid;
    }

    void beginAttributes(const ThreadInfo& thread, std::string_view cat) {
        attributes_.push_back('{');
        first_ = true;
        if (thread.hasTid) {
            member("thread");
            appendJsonText(attributes_, thread.name.empty() ? thread.tid : thread.name);
            member("thread.id");
            if (thread.tidIsNumber)
                attributes_.append(thread.tid);
            else
                appendJsonText(attributes_, thread.tid);
        }
        if (!cat.empty()) {
            member("cat");
            appendJsonText(attributes_, cat);
        }
    }

    void member(std::string_view key) {
        if (!first_)
            attributes_.push_back(',');
        first_ = false;
        attributes_.push_back('"');
        attributes_.append(key);
        attributes_.append("\":");
    }

    void appendMembers(std::string_view members) {
        if (members.empty())
            return;
        if (!first_)
            attributes_.push_back(',');
        first_ = false;
        attributes_.append(members);
    }

    void emitSpan(const ThreadInfo& thread, std::uint32_t ordinal, std::string_view name,
                  std::int64_t start, std::int64_t end) {
        const ProcessInfo& process = ready(thread.process);
        SpanRecord span;
        span.traceId = process.trace;
        span.spanId = chromeSpanId(process.trace, ordinal);
        if (ordinal < parents_.size() && parents_[ordinal] != kChromeNone)
            span.parentSpanId = chromeSpanId(process.trace, parents_[ordinal]);
        span.service = process.service;
        span.name = name;
        span.kind = SpanKind::Internal;
        span.startNs = start;
        span.endNs = end;
        span.attributesJson = attributes_;
        span.resourceJson = process.resource;
        sink_.addSpan(span);
    }

    void emitInstant(const Decision& d, std::uint32_t ordinal) {
        const ProcessInfo* process = nullptr;
        attributes_.clear();
        if (event_.hasPid) {
            const ThreadInfo& thread = threads_.threads[threads_.thread(event_)];
            process = &ready(thread.process);
            beginAttributes(thread, event_.cat);
        } else {
            attributes_.push_back('{');
            first_ = true;
            if (!event_.cat.empty()) {
                member("cat");
                appendJsonText(attributes_, event_.cat);
            }
        }
        member("scope");
        appendJsonText(attributes_, event_.scope.empty() ? "t" : event_.scope);
        appendMembers(event_.argsMembers);
        attributes_.push_back('}');
        LogRecord log;
        log.timeNs = d.start;
        log.body = event_.name;
        log.eventName = event_.name;
        log.attributesJson = attributes_;
        if (process) {
            log.service = process->service;
            log.resourceJson = process->resource;
            if (ordinal < enclosing_.size() && enclosing_[ordinal] != kChromeNone) {
                log.traceId = process->trace;
                log.spanId = chromeSpanId(process->trace, enclosing_[ordinal]);
            }
        }
        sink_.addLog(log);
    }

    void emitCounter(const Decision& d) {
        if (event_.series.empty()) {
            sink_.reject(
                {location(), "C event " + shortQuoted(event_.name) + " has no numeric args"});
            return;
        }
        const ProcessInfo& process = ready(threads_.process(event_.pid, event_.pidIsNumber));
        for (const auto& [key, value] : event_.series) {
            labels_.assign("{\"series\":");
            appendJsonText(labels_, key);
            if (!event_.id.empty()) {
                labels_.append(",\"id\":");
                appendJsonText(labels_, event_.id);
            }
            labels_.push_back('}');
            MetricPoint point;
            point.name = event_.name;
            point.kind = MetricKind::Gauge;
            point.service = process.service;
            point.labelsJson = labels_;
            point.resourceJson = process.resource;
            point.timeNs = d.start;
            point.value = value;
            sink_.addMetricPoint(point);
        }
    }

    // "not imported (phases without a mapping): F 10, S 11, T 7, b 1"
    std::string skippedNote() const {
        if (skipped_.empty())
            return {};
        std::string out = "not imported (phases without a mapping): ";
        bool first = true;
        for (const auto& [ph, count] : skipped_) {
            if (!first)
                out += ", ";
            first = false;
            out += ph.empty() ? std::string("\"\"") : ph;
            out += ' ';
            out += std::to_string(count);
        }
        return out;
    }

    const ImportContext& context_;
    RecordSink& sink_;
    Progress progress_;
    ChromeEventFastReader fast_;
    ChromeEventReader reader_;
    ChromeEvent event_;
    Threads threads_;
    ChromeFileKey fileKey_;
    std::uint32_t spanCount_ = 0, instantCount_ = 0;   // first pass
    std::uint32_t spanCount2_ = 0, instantCount2_ = 0; // second pass
    std::vector<std::uint32_t> parents_, enclosing_;
    std::map<std::string, std::size_t> skipped_;
    // The location of the event being mapped, made only when it is rejected.
    const std::string& location() {
        location_ = locationOf(current_->offset, current_->index, objectFormNow_);
        return location_;
    }

    const ChromeEventSplitter::Event* current_ = nullptr;
    std::string location_, attributes_, labels_;
    bool first_ = true;
    bool objectFormNow_ = false;
};

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
        TraceImport import(context, sink);
        return import.run(file);
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here (bad_alloc); bad data is handled as values.
        FileOutcome outcome;
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
        return outcome;
    }
}

} // namespace casebook
