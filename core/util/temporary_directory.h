#pragma once

#include <filesystem>
#include <string_view>

namespace casebook {

// A private folder (mode 0700, made with mkdtemp so no other user can have created or
// swapped it) that is removed with everything in it when this object is destroyed,
// whether the work in it finished, was cancelled or threw.
class TemporaryDirectory {
public:
    // Makes <parent>/<prefix>XXXXXX; an empty parent means the system's temporary folder.
    // Throws std::system_error when it cannot be made.
    TemporaryDirectory(const std::filesystem::path& parent, std::string_view prefix);
    ~TemporaryDirectory();
    TemporaryDirectory(TemporaryDirectory&& other) noexcept;
    TemporaryDirectory& operator=(TemporaryDirectory&& other) noexcept;
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    void remove() noexcept;
    std::filesystem::path path_;
};

} // namespace casebook
