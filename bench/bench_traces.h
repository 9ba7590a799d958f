#pragma once
// The traces the trace, waterfall and query benchmarks write straight into a workspace
// (no parsing): a batch import shaped like the ones that make traces huge.

#include "core/model/ids.h"
#include "core/store/workspace.h"

#include <cstddef>

namespace casebook::bench {

// Trace n of a benchmark workspace.
TraceId benchTraceId(int n);

// Writes, in one transaction of a new bundle, trace 0 with `bigWorkers` workers (1,000
// spans each, plus the root) and traces 1..smallTraces with `smallWorkers` each. A worker
// is an importer span under a gateway root with an auth check, 400 contact upserts ten at
// a time (each over a database insert, some failing), 100 short cache reads and a 98-deep
// chain of rule evaluations. Returns the spans written.
std::size_t writeBenchTraces(Workspace& ws, int bigWorkers, int smallTraces, int smallWorkers);

} // namespace casebook::bench
