#include "core/analysis/parallel_reads.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace casebook {

void mapForScan(Workspace& ws) {
    ws.db().exec("PRAGMA mmap_size = 8589934592");
}

ParallelReads mappedThreads(unsigned workers) {
    ParallelReads how;
    how.workers = workers;
    how.prepare = mapForScan;
    return how;
}

void forEachInParallel(Workspace& ws, std::size_t count,
                       const std::function<void(std::size_t, Workspace&)>& work,
                       const ParallelReads& how) {
    const auto workers = static_cast<unsigned>(
        std::clamp<std::size_t>(count, 1, std::max<unsigned>(1, how.workers)));
    std::atomic<std::size_t> next{0};
    auto drain = [&](Workspace& own) {
        for (std::size_t i = next++; i < count; i = next++)
            work(i, own);
    };
    std::vector<std::exception_ptr> errors(workers);
    auto helper = [&](unsigned w) {
        try {
            auto own = Workspace::open(ws.path(), Workspace::OpenMode::ReadOnly);
            if (how.prepare)
                how.prepare(*own);
            drain(*own);
        } catch (...) {
            errors[w] = std::current_exception();
            next = count; // the others stop at their next item
        }
    };
    std::vector<std::function<void()>> waits;
    std::vector<std::thread> threads;
    for (unsigned w = 1; w < workers; ++w) {
        if (how.start)
            waits.push_back(how.start([&helper, w] { helper(w); }));
        else
            threads.emplace_back(helper, w);
    }
    try {
        drain(ws);
    } catch (...) {
        errors[0] = std::current_exception();
        next = count;
    }
    for (auto& wait : waits)
        wait();
    for (auto& thread : threads)
        thread.join();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace casebook
