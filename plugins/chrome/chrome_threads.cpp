#include "plugins/chrome/chrome_threads.h"

#include <cstring>

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

// Up to eight bytes as a number without reading past them: two loads that may overlap
// for four bytes or more, else the first, middle and last byte (with the length, which
// the key holds too, that is all of them).
std::uint64_t packShort(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    if (n >= 4) {
        std::uint32_t first = 0, last = 0;
        std::memcpy(&first, s, 4);
        std::memcpy(&last, s + n - 4, 4);
        return first | static_cast<std::uint64_t>(last) << 32;
    }
    if (n == 0)
        return 0;
    return s[0] | static_cast<std::uint64_t>(s[n / 2]) << 8 |
           static_cast<std::uint64_t>(s[n - 1]) << 16;
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

ChromeThreadKey ChromeThreadKey::of(std::string_view pid, bool hasTid, std::string_view tid) {
    ChromeThreadKey key;
    key.shape = pid.size() | tid.size() << 24 | std::uint64_t{hasTid} << 48;
    key.exact = pid.size() <= 8 && tid.size() <= 8;
    if (key.exact) {
        key.pid = packShort(pid);
        key.tid = packShort(tid);
    } else {
        key.pid = threadHash(pid, hasTid, tid);
    }
    return key;
}

std::uint32_t ChromeThreadTable::thread(const ChromeEvent& event, bool shapes) {
    const ChromeThreadKey key = ChromeThreadKey::of(event.pid, event.hasTid, event.tid);
    auto same = [&](std::uint32_t i) {
        const ChromeThread& t = threads[i];
        if (!(t.key == key))
            return false;
        // Long ids are known by a hash only: their text decides.
        return key.exact || (sameText(t.tid, event.tid) && sameText(t.pid, event.pid));
    };
    std::uint32_t index = lastThread_;
    if (index == kChromeNone || !same(index)) {
        const std::uint64_t hash =
            (key.pid * 0x9E3779B97F4A7C15ULL) ^ ((key.tid + key.shape) * 0xC2B2AE3D27D4EB4FULL);
        const std::size_t slot = findSlot(threadSlots_, hash ^ (hash >> 29), same);
        index = threadSlots_[slot] == kChromeNone ? create(event, key, slot) : threadSlots_[slot];
        lastThread_ = index;
    }
    if (shapes && !threads[index].shaped)
        shape(threads[index], index, event);
    return index;
}

std::uint32_t ChromeThreadTable::create(const ChromeEvent& event, const ChromeThreadKey& key,
                                        std::size_t slot) {
    ChromeThread created;
    created.key = key;
    created.pid = event.pid;
    created.tid = event.tid;
    created.hasTid = event.hasTid;
    created.tidIsNumber = event.tidIsNumber;
    created.process = process(event.pid, event.pidIsNumber, false);
    const auto index = static_cast<std::uint32_t>(threads.size());
    threadSlots_[slot] = index;
    threads.push_back(std::move(created));
    growSlots(threadSlots_, threads.size(), [&](std::uint32_t i) {
        const ChromeThreadKey& k = threads[i].key;
        const std::uint64_t hash =
            (k.pid * 0x9E3779B97F4A7C15ULL) ^ ((k.tid + k.shape) * 0xC2B2AE3D27D4EB4FULL);
        return hash ^ (hash >> 29);
    });
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
