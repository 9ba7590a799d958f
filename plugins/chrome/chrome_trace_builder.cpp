#include "plugins/chrome/chrome_trace_builder.h"

#include "plugins/chrome/chrome_fields.h"

#include <cstring>

namespace casebook {
namespace {

std::string shortQuoted(std::string_view text) {
    std::string out = "\"";
    out.append(text.substr(0, 60));
    if (text.size() > 60)
        out.append("...");
    out.push_back('"');
    return out;
}

std::string where(const ChromeThread& thread) {
    return "pid " + thread.pid + ", tid " + thread.tid;
}

// Attribute members after the thread's own ("thread", "thread.id"), comma-separated,
// with the closing brace: the part of an instant's attributes fixed by the event itself
// (a span's are put together at the replay from its cat and args, see spillSpan).
class AttributeTail {
public:
    AttributeTail(std::string& out, bool afterThreadMembers)
        : out_(out), first_(!afterThreadMembers) {}
    void member(std::string_view key, std::string_view value) {
        comma();
        out_.push_back('"');
        out_.append(key);
        out_.append("\":");
        appendJsonText(out_, value);
    }
    void members(std::string_view members) {
        if (members.empty())
            return;
        comma();
        out_.append(members);
    }
    void close() { out_.push_back('}'); }

private:
    void comma() {
        if (!first_)
            out_.push_back(',');
        first_ = false;
    }
    std::string& out_;
    bool first_;
};

} // namespace

void ChromeTraceBuilder::add(const ChromeEventSplitter::Event& element, bool objectForm,
                             const ChromeEventReader::Result& result, ChromeEvent& event,
                             ChromeEventParser& parser) {
    using Kind = ChromeEventReader::Result::Kind;
    objectForm_ = objectForm;
    if (result.kind == Kind::NotAnObject) {
        reject(element, "expected an event object, got " + result.message);
        return;
    }
    if (result.kind == Kind::InvalidJson) {
        // Broken JSON in its args still leaves the event's place in the trace (its span
        // number, its interval, the names it gives): read without them, it shapes the
        // trace as it would have, and is rejected.
        const std::string reason = "invalid JSON: " + result.message;
        if (parser.readWithoutArgs(element.json, event).kind == Kind::Event)
            applyBroken(decideChromeEvent(event), element, event, reason);
        else
            reject(element, reason);
        return;
    }
    apply(decideChromeEvent(event), element, event);
}

void ChromeTraceBuilder::apply(const ChromeDecision& d, const ChromeEventSplitter::Event& element,
                               const ChromeEvent& event) {
    switch (d.action) {
    case ChromeAction::Reject:
        reject(element, d.reason);
        break;
    case ChromeAction::Skip:
        ++skipped_[std::string(event.ph)];
        break;
    case ChromeAction::Metadata:
        shapeOnly(d, event);
        break;
    case ChromeAction::Span: {
        const std::uint32_t ordinal = spans_++;
        const std::uint32_t thread = table_.thread(event, true);
        table_.threads[thread].intervals.push_back({d.start, d.end, ordinal});
        spillSpan(thread, ordinal, event.name, d.start, d.end, event.cat, event.argsMembers, {});
        break;
    }
    case ChromeAction::Begin:
        table_.threads[table_.thread(event, true)].open.push_back({spans_++,
                                                                   d.start,
                                                                   element.offset,
                                                                   element.index,
                                                                   std::string(event.name),
                                                                   std::string(event.cat),
                                                                   std::string(event.argsMembers),
                                                                   {}});
        break;
    case ChromeAction::End:
        end(d, element, event, {});
        break;
    case ChromeAction::Instant: {
        const std::uint32_t ordinal = instants_++;
        shapeOnly(d, event);
        spillInstant(d, ordinal, event);
        break;
    }
    case ChromeAction::Counter:
        spillCounter(d, element, event);
        break;
    }
}

// `event` was read without its args, which are not valid JSON: it is rejected, after
// taking its place in the trace.
void ChromeTraceBuilder::applyBroken(const ChromeDecision& d,
                                     const ChromeEventSplitter::Event& element,
                                     const ChromeEvent& event, const std::string& reason) {
    switch (d.action) {
    case ChromeAction::Span: {
        const std::uint32_t ordinal = spans_++;
        table_.threads[table_.thread(event, true)].intervals.push_back({d.start, d.end, ordinal});
        break;
    }
    case ChromeAction::Begin:
        // Rejected when its E comes, or at the end.
        table_.threads[table_.thread(event, true)].open.push_back({spans_++,
                                                                   d.start,
                                                                   element.offset,
                                                                   element.index,
                                                                   std::string(event.name),
                                                                   {},
                                                                   {},
                                                                   reason});
        return;
    case ChromeAction::End:
        end(d, element, event, reason);
        return;
    case ChromeAction::Instant:
        ++instants_;
        shapeOnly(d, event);
        break;
    case ChromeAction::Metadata:
        shapeOnly(d, event);
        break;
    case ChromeAction::Reject:
    case ChromeAction::Skip:
    case ChromeAction::Counter:
        break;
    }
    reject(element, reason);
}

// What metadata and instants tell about the trace's shape: names, and where a
// thread-scoped instant lies (its ordinal is the last one handed out).
void ChromeTraceBuilder::shapeOnly(const ChromeDecision& d, const ChromeEvent& event) {
    if (d.action == ChromeAction::Instant) {
        if (chromeThreadScoped(event) && event.hasPid)
            table_.threads[table_.thread(event, true)].instants.push_back({d.start, instants_ - 1});
        return;
    }
    if (event.name == "process_name" && !event.argsName.empty())
        table_.processes[table_.process(event.pid, event.pidIsNumber, true)].name = event.argsName;
    else if (event.name == "thread_name" && !event.argsName.empty())
        table_.threads[table_.thread(event, true)].name = event.argsName;
}

void ChromeTraceBuilder::end(const ChromeDecision& d, const ChromeEventSplitter::Event& element,
                             const ChromeEvent& event, const std::string& brokenReason) {
    const std::uint32_t index = table_.thread(event, true);
    ChromeThread& thread = table_.threads[index];
    if (thread.open.empty()) {
        reject(element, brokenReason.empty()
                            ? "E event without a matching B (" + where(thread) + ")"
                            : brokenReason);
        return;
    }
    const ChromeOpenSpan begin = std::move(thread.open.back());
    thread.open.pop_back();
    // The pair takes its place in the nesting even when one of its events is rejected.
    if (d.start >= begin.start)
        thread.intervals.push_back({begin.start, d.start, begin.ordinal});
    if (!brokenReason.empty() || !begin.brokenReason.empty()) {
        if (!brokenReason.empty())
            reject(element, brokenReason);
        reject(location(begin.offset, begin.index),
               begin.brokenReason.empty() ? "its E event is not valid JSON" : begin.brokenReason);
        return;
    }
    if (d.start < begin.start) {
        reject(element, "E event at ts before its B (" + location(begin.offset, begin.index) + ")");
        return;
    }
    // The args of B and E are merged.
    spillSpan(index, begin.ordinal, begin.name, begin.start, d.start, begin.cat, begin.args,
              event.argsMembers);
}

// Kind and flags, thread, ordinal and start as differences from the previous span's,
// duration, then name, cat and args where they differ from the previous ones.
void ChromeTraceBuilder::spillSpan(std::uint32_t thread, std::uint32_t ordinal,
                                   std::string_view name, std::int64_t start, std::int64_t end,
                                   std::string_view cat, std::string_view args,
                                   std::string_view moreArgs) {
    if (lastOfThread_.size() <= thread)
        lastOfThread_.resize(thread + 1);
    Last& last = lastOfThread_[thread];
    std::string_view allArgs = args;
    if (!moreArgs.empty()) {
        args_.assign(args);
        if (!args.empty())
            args_.push_back(',');
        args_.append(moreArgs);
        allArgs = args_;
    }
    std::uint8_t kind = static_cast<std::uint8_t>(ChromeSpilled::Span);
    // The replay starts from the same empty values.
    const bool sameName = name == last.name;
    const bool sameCat = cat == last.cat;
    const bool sameArgs = allArgs == lastArgs_;
    kind |= (sameName ? kChromeSameName : 0) | (sameCat ? kChromeSameCat : 0) |
            (sameArgs ? kChromeSameArgs : 0);
    // The cat as JSON text takes at most six bytes for each of its own (\u00XX).
    constexpr std::size_t kFixed = 1 + 7 * ChromeSpillWriter::kMaxVarint + 2;
    ChromeSpillWriter out(spill_.begin(kFixed + name.size() + 6 * cat.size() + allArgs.size()));
    out.put(kind);
    out.varint(thread);
    out.signedVarint(static_cast<std::int64_t>(ordinal) - lastOrdinal_);
    out.signedVarint(static_cast<std::int64_t>(static_cast<std::uint64_t>(start) -
                                               static_cast<std::uint64_t>(lastStart_)));
    out.varint(static_cast<std::uint64_t>(end) - static_cast<std::uint64_t>(start));
    if (!sameName) {
        out.text(name);
        last.name.assign(name);
    }
    if (!sameCat) {
        // As JSON text, so that the replay need not check it for escapes each time.
        jsonCat_.clear();
        if (!cat.empty())
            appendJsonText(jsonCat_, cat);
        out.text(jsonCat_);
        last.cat.assign(cat);
    }
    if (!sameArgs) {
        out.text(allArgs);
        lastArgs_.assign(allArgs);
    }
    lastOrdinal_ = ordinal;
    lastStart_ = start;
    spill_.end(out.end());
    ++spilled_;
}

void ChromeTraceBuilder::spillInstant(const ChromeDecision& d, std::uint32_t ordinal,
                                      const ChromeEvent& event) {
    const std::uint32_t thread = event.hasPid ? table_.thread(event, false) : kChromeNone;
    const bool threadMembers = thread != kChromeNone && table_.threads[thread].hasTid;
    args_.clear();
    AttributeTail tail(args_, threadMembers);
    if (!event.cat.empty())
        tail.member("cat", event.cat);
    tail.member("scope", event.scope.empty() ? std::string_view("t") : event.scope);
    tail.members(event.argsMembers);
    tail.close();
    ChromeSpillWriter out(spill_.begin(1 + 2 * 4 + 8 + 2 * ChromeSpillWriter::kMaxVarint +
                                       event.name.size() + args_.size()));
    out.put(ChromeSpilled::Instant);
    out.put(thread);
    out.put(ordinal);
    out.put(d.start);
    out.text(event.name);
    out.text(args_);
    spill_.end(out.end());
    ++spilled_;
}

void ChromeTraceBuilder::spillCounter(const ChromeDecision& d,
                                      const ChromeEventSplitter::Event& element,
                                      const ChromeEvent& event) {
    // {"series":key,"id":id} for each series, one after another, each with its value.
    labels_.clear();
    for (const auto& [key, text] : event.seriesText) {
        const std::optional<double> value = chromeSeriesValue(text);
        if (!value)
            continue;
        const std::size_t at = labels_.size();
        labels_.append(sizeof(std::uint32_t), '\0');
        labels_.append("{\"series\":");
        appendJsonText(labels_, key);
        if (!event.id.empty()) {
            labels_.append(",\"id\":");
            appendJsonText(labels_, event.id);
        }
        labels_.push_back('}');
        const auto size = static_cast<std::uint32_t>(labels_.size() - at - sizeof(std::uint32_t));
        std::memcpy(labels_.data() + at, &size, sizeof size);
        labels_.append(reinterpret_cast<const char*>(&*value), sizeof(double));
    }
    if (labels_.empty()) {
        reject(element, "C event " + shortQuoted(event.name) + " has no numeric args");
        return;
    }
    const std::uint32_t process = table_.process(event.pid, event.pidIsNumber, false);
    ChromeSpillWriter out(spill_.begin(1 + 4 + 8 + 2 * ChromeSpillWriter::kMaxVarint +
                                       event.name.size() + labels_.size()));
    out.put(ChromeSpilled::Counter);
    out.put(process);
    out.put(d.start);
    out.text(event.name);
    out.text(labels_);
    spill_.end(out.end());
    ++spilled_;
}

void ChromeTraceBuilder::reject(const ChromeEventSplitter::Event& element,
                                std::string_view reason) {
    reject(location(element.offset, element.index), reason);
}

void ChromeTraceBuilder::reject(std::string_view location, std::string_view reason) {
    ChromeSpillWriter out(
        spill_.begin(1 + 2 * ChromeSpillWriter::kMaxVarint + location.size() + reason.size()));
    out.put(ChromeSpilled::Reject);
    out.text(location);
    out.text(reason);
    spill_.end(out.end());
    ++spilled_;
}

// "byte 1032: traceEvents[18]", or "byte 1032: [18]" for the array form.
std::string ChromeTraceBuilder::location(std::uint64_t offset, std::size_t index) const {
    std::string out = "byte " + std::to_string(offset) + ": ";
    if (objectForm_)
        out += "traceEvents";
    out += '[';
    out += std::to_string(index);
    out += ']';
    return out;
}

void ChromeTraceBuilder::nest(std::vector<std::uint32_t>& parents,
                              std::vector<std::uint32_t>& enclosing) {
    parents.assign(spans_, kChromeNone);
    enclosing.assign(instants_, kChromeNone);
    for (ChromeThread& thread : table_.threads) {
        chromeNest(thread.intervals, thread.instants, parents, enclosing);
        thread.intervals = {};
        thread.instants = {};
    }
}

void ChromeTraceBuilder::rejectOpenSpans(RecordSink& sink) {
    for (const std::uint32_t index : table_.shapedOrder) {
        ChromeThread& thread = table_.threads[index];
        for (const ChromeOpenSpan& open : thread.open) {
            const std::string at = location(open.offset, open.index);
            const std::string reason = open.brokenReason.empty()
                                           ? "B event " + shortQuoted(open.name) +
                                                 " has no matching E (" + where(thread) + ")"
                                           : open.brokenReason;
            sink.reject({at, reason});
        }
        thread.open.clear();
    }
}

std::string ChromeTraceBuilder::skippedNote() const {
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

} // namespace casebook
