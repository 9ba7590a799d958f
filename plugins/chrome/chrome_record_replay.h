#pragma once
// Hands on the records of a Chrome trace from its ChromeRecordSpill, in file order, once
// the end of the file has settled what they depend on: the trace of each process (from
// the file and the pid), the service (process_name), the thread's name (thread_name) and
// the parent of each span and instant (the nesting sweep).

#include "core/import/record_sink.h"
#include "plugins/chrome/chrome_fields.h"
#include "plugins/chrome/chrome_record_spill.h"
#include "plugins/chrome/chrome_threads.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace casebook {

class ChromeRecordReplay {
public:
    ChromeRecordReplay(ChromeThreadTable& table, const std::vector<std::uint32_t>& parents,
                       const std::vector<std::uint32_t>& enclosing, const ChromeFileKey& file,
                       RecordSink& sink)
        : table_(table), parents_(parents), enclosing_(enclosing), file_(file), sink_(sink) {}

    // Every record of `spill`; onRecords(n) after every few thousand. False when stopped.
    bool run(ChromeRecordSpill& spill, std::stop_token stop,
             const std::function<void(std::uint64_t)>& onRecords);

private:
    void span(ChromeSpillReader& in, std::uint8_t kind);
    void instant(ChromeSpillReader& in);
    void counter(ChromeSpillReader& in);
    const ChromeProcess& ready(std::uint32_t index) {
        ChromeProcess& process = table_.processes[index];
        if (!process.prepared)
            prepare(process);
        return process;
    }
    void prepare(ChromeProcess& process);
    const std::string& attributesStart(ChromeThread& thread);

    ChromeThreadTable& table_;
    const std::vector<std::uint32_t>& parents_;
    const std::vector<std::uint32_t>& enclosing_;
    ChromeFileKey file_;
    RecordSink& sink_;
    std::string attributes_;
    SpanRecord span_; // reused: its fields are set for every span
    // What span records were written against (see kChromeSameName).
    struct Last {
        std::string name, cat;
        // The attributes up to the args: "{", the thread's members and "cat", made again
        // when the cat changes; `members` says whether it holds any.
        std::string head;
        bool headReady = false, members = false;
    };
    std::vector<Last> lastOfThread_;
    std::string lastArgs_;
    std::int64_t lastStart_ = 0;
    std::uint32_t lastOrdinal_ = 0;
};

} // namespace casebook
