#pragma once
// Read-only work over many items on a few threads, each with its own connection to the
// workspace (SQLite in WAL mode serves concurrent readers; a connection is never shared
// between threads). The calling thread works too, on the caller's connection. The caller
// decides how many threads, where they come from (a pool of its own, say) and how their
// connections are set up: core starts nothing it was not asked to.

#include "core/store/workspace.h"

#include <cstddef>
#include <functional>

namespace casebook {

struct ParallelReads {
    // Connections working at once, the caller's included: 1 works on the calling thread
    // alone and starts nothing.
    unsigned workers = 1;
    // Runs `task` on another thread and returns a function that waits for it to finish.
    // Unset: a std::thread per extra worker.
    std::function<std::function<void()>(std::function<void()> task)> start;
    // Called on each extra worker's connection before it reads (e.g. to map the file).
    std::function<void(Workspace&)> prepare;
};

// Memory-maps the workspace file for this connection: a scan of every series reads pages
// scattered over the points table, and mapping saves copying each into SQLite's cache.
void mapForScan(Workspace& ws);
// `workers` connections on std::threads, each mapped for a scan: what the CLI and the
// benchmark use.
ParallelReads mappedThreads(unsigned workers);

// Calls work(i, workspace) for every i in [0, count), spread over the workers. Rethrows
// the first exception once every worker has finished.
void forEachInParallel(Workspace& ws, std::size_t count,
                       const std::function<void(std::size_t, Workspace&)>& work,
                       const ParallelReads& how = {});

} // namespace casebook
