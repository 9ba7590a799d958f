#include "core/analysis/parallel_reads.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace casebook {

void forEachInParallel(Workspace& ws, std::size_t count,
                       const std::function<void(std::size_t, Workspace&)>& work, unsigned threads) {
    if (threads == 0)
        threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, count));
    std::atomic<std::size_t> next{0};
    auto drain = [&](Workspace& own) {
        for (std::size_t i = next++; i < count; i = next++)
            work(i, own);
    };
    std::vector<std::exception_ptr> errors(threads);
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back([&, t] {
            try {
                auto own = Workspace::open(ws.path(), Workspace::OpenMode::ReadOnly);
                own->db().exec("PRAGMA mmap_size = 8589934592");
                drain(*own);
            } catch (...) {
                errors[t] = std::current_exception();
                next = count; // the others stop at their next item
            }
        });
    try {
        drain(ws);
    } catch (...) {
        errors[0] = std::current_exception();
        next = count;
    }
    for (auto& thread : pool)
        thread.join();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace casebook
