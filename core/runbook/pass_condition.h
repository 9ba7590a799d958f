#pragma once
// The pass condition of a check: comparisons of the values a check returns with numbers,
// joined by `and` / `or`, with parentheses.
//
//   count >= 1
//   ratio > 2% and errors >= 10
//   (rows == 0 or value < 0.5) and not_a_value == 3     <- an unknown name is an error
//
// Percentages are numbers (2% is 0.02). A name the check did not return makes its
// comparison false, never true.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace casebook {

struct ConditionError {
    std::size_t position = 0; // byte offset in the condition
    std::string message;
};

class PassCondition {
public:
    static std::variant<PassCondition, ConditionError> parse(std::string_view text);

    bool evaluate(const std::map<std::string, double>& values) const;
    // The value names it compares, sorted, once each.
    std::vector<std::string> names() const;
    const std::string& text() const { return text_; }

    struct Node;

private:
    std::string text_;
    std::shared_ptr<const Node> root_;
};

} // namespace casebook
