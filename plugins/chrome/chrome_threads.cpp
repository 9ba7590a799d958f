#include "plugins/chrome/chrome_threads.h"

namespace casebook {
namespace {

constexpr std::uint64_t kSeed = 0xcbf29ce484222325ULL;

// pids and tids are short: compared here rather than through memcmp.
bool sameText(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

std::uint64_t hashText(std::uint64_t h, std::string_view text) {
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h ^ (h >> 29);
}

std::uint64_t threadHash(std::string_view pid, bool hasTid, std::string_view tid) {
    return hashText(hashText(kSeed, pid) ^ (hasTid ? 0x74 : 0x2d), tid);
}

// The slot holding the entry `matches` accepts, or the empty slot where it belongs.
template <typename Matches>
std::size_t findSlot(std::vector<std::uint32_t>& slots, std::uint64_t hash, Matches matches) {
    if (slots.empty())
        slots.assign(16, kChromeNone);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask)
        if (slots[i] == kChromeNone || matches(slots[i]))
            return i;
}

// Keeps the table at most half full, rehashing every entry when it doubles.
template <typename HashOf>
void growSlots(std::vector<std::uint32_t>& slots, std::size_t entries, HashOf hashOf) {
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

} // namespace

std::uint32_t ChromeThreadTable::process(std::string_view pid, bool isNumber, bool shapes) {
    std::uint32_t index = lastProcess_;
    if (index == kChromeNone || !sameText(processes[index].pid, pid)) {
        auto same = [&](std::uint32_t i) { return sameText(processes[i].pid, pid); };
        const std::uint64_t hash = hashText(kSeed, pid);
        std::size_t slot = findSlot(processSlots_, hash, same);
        if (processSlots_[slot] == kChromeNone) {
            processSlots_[slot] = static_cast<std::uint32_t>(processes.size());
            processes.emplace_back();
            processes.back().pid = pid;
            processes.back().pidIsNumber = isNumber;
            growSlots(processSlots_, processes.size(),
                      [&](std::uint32_t i) { return hashText(kSeed, processes[i].pid); });
            slot = findSlot(processSlots_, hash, same);
        }
        index = lastProcess_ = processSlots_[slot];
    }
    ChromeProcess& found = processes[index];
    if (shapes && !found.shaped) {
        found.shaped = true;
        found.pidIsNumber = isNumber;
    }
    return index;
}

std::uint32_t ChromeThreadTable::thread(const ChromeEvent& event, bool shapes) {
    auto same = [&](std::uint32_t i) {
        const ChromeThread& t = threads[i];
        return t.hasTid == event.hasTid && sameText(t.tid, event.tid) && sameText(t.pid, event.pid);
    };
    std::uint32_t index = lastThread_;
    if (index == kChromeNone || !same(index)) {
        const std::uint64_t hash = threadHash(event.pid, event.hasTid, event.tid);
        std::size_t slot = findSlot(threadSlots_, hash, same);
        if (threadSlots_[slot] == kChromeNone) {
            ChromeThread created;
            created.pid = event.pid;
            created.tid = event.tid;
            created.hasTid = event.hasTid;
            created.tidIsNumber = event.tidIsNumber;
            created.process = process(event.pid, event.pidIsNumber, false);
            threadSlots_[slot] = static_cast<std::uint32_t>(threads.size());
            threads.push_back(std::move(created));
            growSlots(threadSlots_, threads.size(), [&](std::uint32_t i) {
                return threadHash(threads[i].pid, threads[i].hasTid, threads[i].tid);
            });
            slot = findSlot(threadSlots_, hash, same);
        }
        index = lastThread_ = threadSlots_[slot];
    }
    if (shapes && !threads[index].shaped)
        shape(threads[index], index, event);
    return index;
}

// The first event that shapes a thread settles how its tid and its pid are written, as
// if it had been the first to name them.
void ChromeThreadTable::shape(ChromeThread& thread, std::uint32_t index, const ChromeEvent& event) {
    thread.shaped = true;
    thread.tidIsNumber = event.tidIsNumber;
    process(event.pid, event.pidIsNumber, true);
    shapedOrder.push_back(index);
}

} // namespace casebook
