#include "core/layout/layout_process.h"

#include "core/layout/layout_codec.h"
#include "core/util/temporary_directory.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace casebook {

namespace {

class Pipe {
public:
    Pipe() {
        if (::pipe2(fds_, O_CLOEXEC) != 0)
            throw std::runtime_error(std::string("cannot make a pipe: ") + std::strerror(errno));
    }
    ~Pipe() {
        closeRead();
        closeWrite();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    int read() const { return fds_[0]; }
    int write() const { return fds_[1]; }
    void closeRead() {
        if (fds_[0] >= 0)
            ::close(fds_[0]);
        fds_[0] = -1;
    }
    void closeWrite() {
        if (fds_[1] >= 0)
            ::close(fds_[1]);
        fds_[1] = -1;
    }

private:
    int fds_[2] = {-1, -1};
};

// Reads what is there without blocking; false at the end of the stream.
bool drain(int fd, std::string& into) {
    char buf[65536];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
        into.append(buf, static_cast<std::size_t>(n));
        return true;
    }
    return n < 0 && (errno == EINTR || errno == EAGAIN);
}

} // namespace

ProcessLayout layoutInChildProcess(const LayoutRequest& request,
                                   const std::filesystem::path& helper,
                                   std::chrono::milliseconds timeLimit, std::stop_token stop) {
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    ProcessLayout outcome;
    auto finish = [&](ProcessLayout::Status status) {
        outcome.status = status;
        outcome.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return outcome;
    };
    if (helper.empty() || !std::filesystem::exists(helper)) {
        outcome.error = "the layout helper (casebook-layout) was not found";
        return finish(ProcessLayout::Status::Failed);
    }
    // The request goes through a private file, so the parent never blocks writing to a
    // child that may already be gone.
    TemporaryDirectory dir({}, "casebook-layout-");
    const auto requestFile = dir.path() / "request.json";
    {
        std::ofstream out(requestFile, std::ios::binary);
        out << requestToJson(request);
        if (!out) {
            outcome.error = "cannot write the layout request";
            return finish(ProcessLayout::Status::Failed);
        }
    }
    Pipe output, errors;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, output.write(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errors.write(), STDERR_FILENO);
    const std::string program = helper.string();
    const std::string argument = requestFile.string();
    char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(argument.c_str()),
                    nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    output.closeWrite();
    errors.closeWrite();
    if (spawned != 0) {
        outcome.error = "cannot start " + program + ": " + std::strerror(spawned);
        return finish(ProcessLayout::Status::Failed);
    }

    std::string out, err;
    bool outOpen = true, errOpen = true;
    std::optional<ProcessLayout::Status> abandoned;
    while (outOpen || errOpen) {
        if (stop.stop_requested()) {
            abandoned = ProcessLayout::Status::Cancelled;
            break;
        }
        if (Clock::now() - started > timeLimit) {
            abandoned = ProcessLayout::Status::TimedOut;
            break;
        }
        pollfd fds[2] = {{outOpen ? output.read() : -1, POLLIN, 0},
                         {errOpen ? errors.read() : -1, POLLIN, 0}};
        const int ready = ::poll(fds, 2, 20);
        if (ready < 0 && errno != EINTR)
            break;
        if (ready <= 0)
            continue;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
            outOpen = drain(output.read(), out);
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
            errOpen = drain(errors.read(), err);
    }
    if (abandoned)
        ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (abandoned)
        return finish(*abandoned);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        outcome.error = err.empty() ? "the layout helper failed" : err;
        while (!outcome.error.empty() && outcome.error.back() == '\n')
            outcome.error.pop_back();
        return finish(ProcessLayout::Status::Failed);
    }
    try {
        outcome.result = resultFromJson(out);
    } catch (const LayoutError& e) {
        outcome.error = e.what();
        return finish(ProcessLayout::Status::Failed);
    }
    return finish(ProcessLayout::Status::Done);
}

std::filesystem::path findLayoutHelper() {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (const char* env = std::getenv("CASEBOOK_LAYOUT_HELPER"); env && *env)
        return env;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = self.parent_path() / "casebook-layout";
        if (fs::exists(beside, ec))
            return beside;
    }
#ifdef CASEBOOK_LAYOUT_HELPER_BUILD_PATH
    if (fs::exists(CASEBOOK_LAYOUT_HELPER_BUILD_PATH, ec))
        return CASEBOOK_LAYOUT_HELPER_BUILD_PATH;
#endif
    return {};
}

int runLayoutHelper(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: casebook-layout REQUEST.json (writes the layout as JSON to stdout)\n";
        return 2;
    }
    try {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) {
            std::cerr << "cannot read " << argv[1] << '\n';
            return 1;
        }
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        std::cout << resultToJson(layoutGraph(requestFromJson(text))) << '\n';
        return std::cout ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}

} // namespace casebook
