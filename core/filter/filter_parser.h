#pragma once
// Syntax tree of a filter. `and`/`or` nodes are n-ary so that a long chain of
// comparisons is a flat list, not a deep tree; only parentheses and `not` nest, and the
// parser caps that at kMaxFilterDepth.

#include "core/filter/filter_fields.h"
#include "core/filter/filter_lexer.h"

#include <vector>

namespace casebook::filter {

struct Node {
    enum class Kind { And, Or, Not, Compare };
    Kind kind = Kind::Compare;
    std::vector<Node> children; // And, Or: two or more; Not: one
    // Compare only:
    Field field = Field::Attribute;
    std::string attributeKey;
    Token fieldToken;
    Token op;
    Token value;
};

struct ParseResult {
    std::optional<Node> root; // nullopt for an empty filter (matches everything)
    std::optional<FilterError> error;
};

ParseResult parseFilter(std::string_view text);

} // namespace casebook::filter
