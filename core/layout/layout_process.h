#pragma once
// Layout in a child process that can be abandoned: Graphviz cannot be cancelled and is not
// thread-safe, so a GUI hands the request to the `casebook-layout` helper program and kills
// it when the time limit passes or the investigator moves on. The calling thread only
// waits on a pipe, checking the stop token every few milliseconds.

#include "core/layout/graph_layout.h"

#include <chrono>
#include <filesystem>
#include <stop_token>
#include <string>

namespace casebook {

struct ProcessLayout {
    enum class Status { Done, TimedOut, Cancelled, Failed };
    Status status = Status::Failed;
    LayoutResult result; // when Done
    std::string error;   // when Failed: why
    double seconds = 0;
};

ProcessLayout layoutInChildProcess(const LayoutRequest& request,
                                   const std::filesystem::path& helper,
                                   std::chrono::milliseconds timeLimit, std::stop_token stop = {});

// Where the helper program is: $CASEBOOK_LAYOUT_HELPER, else `casebook-layout` next to this
// executable, else the one the build tree made (CASEBOOK_LAYOUT_HELPER_BUILD_PATH), else
// empty.
std::filesystem::path findLayoutHelper();

// The helper's main: reads a request (JSON) from the file named by argv[1], lays it out,
// writes the result (JSON) to stdout. Returns the exit status.
int runLayoutHelper(int argc, char** argv);

} // namespace casebook
