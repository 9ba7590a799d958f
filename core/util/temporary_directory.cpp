#include "core/util/temporary_directory.h"

#include <cerrno>
#include <stdlib.h> // mkdtemp (POSIX)
#include <string>
#include <system_error>
#include <utility>

namespace casebook {

TemporaryDirectory::TemporaryDirectory(const std::filesystem::path& parent,
                                       std::string_view prefix) {
    const auto base = parent.empty() ? std::filesystem::temp_directory_path() : parent;
    std::string pattern = (base / std::string(prefix)).string() + "XXXXXX";
    if (!::mkdtemp(pattern.data()))
        throw std::system_error(errno, std::generic_category(),
                                "cannot make a temporary folder in " + base.string());
    path_ = pattern;
}

TemporaryDirectory::~TemporaryDirectory() {
    remove();
}

TemporaryDirectory::TemporaryDirectory(TemporaryDirectory&& other) noexcept
    : path_(std::exchange(other.path_, {})) {}

TemporaryDirectory& TemporaryDirectory::operator=(TemporaryDirectory&& other) noexcept {
    if (this != &other) {
        remove();
        path_ = std::exchange(other.path_, {});
    }
    return *this;
}

void TemporaryDirectory::remove() noexcept {
    if (path_.empty())
        return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec); // best effort: a destructor cannot report
    path_.clear();
}

} // namespace casebook
