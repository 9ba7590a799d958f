#pragma once
// Read-only work over many items on a few threads, each with its own connection to the
// workspace (SQLite in WAL mode serves concurrent readers; a connection is never shared
// between threads). The calling thread works too, on the caller's connection.

#include "core/store/workspace.h"

#include <cstddef>
#include <functional>

namespace casebook {

// Calls work(i, workspace) for every i in [0, count), spread over up to `threads`
// threads (0: as many as the machine has, at most four). Rethrows the first exception
// once every thread has finished.
void forEachInParallel(Workspace& ws, std::size_t count,
                       const std::function<void(std::size_t, Workspace&)>& work,
                       unsigned threads = 0);

} // namespace casebook
