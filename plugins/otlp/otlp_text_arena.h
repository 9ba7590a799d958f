#pragma once
// Stable storage for the JSON texts built while one request (or resource block) is
// mapped. Records hold string_views, and they are handed to the sink only after the
// whole request parsed, so the texts must not move when more are added: a growing
// std::string would invalidate the views, blocks that are never reallocated do not.

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace casebook {

class OtlpTextArena {
public:
    std::string_view keep(std::string_view text) {
        if (text.empty())
            return {};
        if (blocks_.empty() || blocks_.back().size - used_ < text.size())
            addBlock(text.size());
        Block& block = blocks_.back();
        char* where = block.data.get() + used_;
        std::memcpy(where, text.data(), text.size());
        used_ += text.size();
        return {where, text.size()};
    }

    // Forgets every text. Keeps one standard block so steady state does not allocate;
    // a block made for one huge text is released so memory does not stay high.
    void clear() {
        if (!blocks_.empty() && blocks_.front().size == kBlockSize)
            blocks_.resize(1);
        else
            blocks_.clear();
        used_ = 0;
    }

private:
    static constexpr std::size_t kBlockSize = 256 * 1024;
    struct Block {
        std::unique_ptr<char[]> data;
        std::size_t size = 0;
    };

    void addBlock(std::size_t atLeast) {
        const std::size_t size = atLeast > kBlockSize ? atLeast : kBlockSize;
        blocks_.push_back({std::make_unique_for_overwrite<char[]>(size), size});
        used_ = 0;
    }

    std::vector<Block> blocks_;
    std::size_t used_ = 0;
};

} // namespace casebook
