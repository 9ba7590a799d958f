#include "core/analysis/log_template_miner.h"

#include <algorithm>
#include <cctype>

namespace casebook {
namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A token carries a value when it holds a digit or looks like an address; such tokens
// differ from message to message and would split one template into thousands.
bool carriesValue(std::string_view token) {
    for (char c : token)
        if (std::isdigit(static_cast<unsigned char>(c)))
            return true;
    return token.find('@') != std::string_view::npos || token.find("://") != std::string_view::npos;
}

std::string maskCore(std::string_view token);

// Brackets and punctuation around a value stay: "(233" becomes "(<*>", "412)," "<*>),".
std::string mask(std::string_view token) {
    std::size_t begin = 0, end = token.size();
    while (begin < end && (token[begin] == '(' || token[begin] == '['))
        ++begin;
    while (end > begin && std::string_view("),;:.]").find(token[end - 1]) != std::string_view::npos)
        --end;
    if (begin == end)
        return std::string(token);
    return std::string(token.substr(0, begin)) + maskCore(token.substr(begin, end - begin)) +
           std::string(token.substr(end));
}

std::string maskCore(std::string_view token) {
    // key=value keeps its key: "company=<*>" says more than "<*>".
    const auto eq = token.find('=');
    if (eq != std::string_view::npos && eq > 0 && eq + 1 < token.size()) {
        const std::string_view key = token.substr(0, eq);
        if (!carriesValue(key)) {
            const std::string_view value = token.substr(eq + 1);
            if (carriesValue(value) || value.front() == '"')
                return std::string(key) + "=" + std::string(kTemplateWildcard);
            return std::string(token);
        }
    }
    if (carriesValue(token))
        return std::string(kTemplateWildcard);
    return std::string(token);
}

bool isWildcard(std::string_view token) {
    return token == kTemplateWildcard ||
           (token.size() > kTemplateWildcard.size() && token.ends_with(kTemplateWildcard) &&
            token[token.size() - kTemplateWildcard.size() - 1] == '=');
}

// "company=<*>" against "company=..." (masked or not).
bool sameKey(std::string_view templ, std::string_view token) {
    const auto eq = templ.find('=');
    return eq != std::string_view::npos && token.size() > eq &&
           token.substr(0, eq + 1) == templ.substr(0, eq + 1);
}

bool tokenFits(std::string_view templ, std::string_view token) {
    if (templ == kTemplateWildcard)
        return true;
    if (isWildcard(templ))
        return sameKey(templ, token);
    return templ == token;
}

// What differing tokens merge into: key=<*> when both have the key, else <*>.
std::string merged(std::string_view a, std::string_view b) {
    const auto eq = a.find('=');
    if (eq != std::string_view::npos && eq > 0 && b.size() > eq &&
        a.substr(0, eq + 1) == b.substr(0, eq + 1))
        return std::string(a.substr(0, eq + 1)) + std::string(kTemplateWildcard);
    return std::string(kTemplateWildcard);
}

} // namespace

std::vector<std::string> templateTokens(std::string_view message) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < message.size()) {
        while (i < message.size() && isSpace(message[i]))
            ++i;
        if (i >= message.size())
            break;
        std::size_t j = i;
        bool quoted = false;
        while (j < message.size() && (quoted || !isSpace(message[j]))) {
            if (message[j] == '"')
                quoted = !quoted;
            ++j;
        }
        out.push_back(mask(message.substr(i, j - i)));
        i = j;
    }
    return out;
}

std::string joinTemplate(const std::vector<std::string>& tokens) {
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0)
            out.push_back(' ');
        out += tokens[i];
    }
    return out;
}

bool templateMatches(const std::vector<std::string>& templ,
                     const std::vector<std::string>& tokens) {
    if (templ.size() != tokens.size())
        return false;
    for (std::size_t i = 0; i < templ.size(); ++i)
        if (!tokenFits(templ[i], tokens[i]))
            return false;
    return true;
}

std::string LogTemplateMiner::groupKey(const std::vector<std::string>& tokens) {
    std::string key = std::to_string(tokens.size());
    key.push_back('\x1f');
    if (!tokens.empty())
        key += isWildcard(tokens.front()) ? std::string(kTemplateWildcard) : tokens.front();
    return key;
}

std::optional<std::size_t> LogTemplateMiner::best(const std::vector<std::string>& tokens,
                                                  const std::vector<std::size_t>& group) const {
    std::optional<std::size_t> found;
    double bestScore = -1;
    for (const std::size_t index : group) {
        const auto& t = templates_[index].tokens;
        std::size_t same = 0;
        for (std::size_t i = 0; i < t.size(); ++i)
            if (t[i] != kTemplateWildcard && tokenFits(t[i], tokens[i]))
                ++same;
        // Share of positions whose fixed token agrees, as Drain's simSeq (a wildcard
        // counts for nothing); the first template found wins a tie.
        const double score =
            t.empty() ? 1.0 : static_cast<double>(same) / static_cast<double>(t.size());
        if (score >= similarity_ && score > bestScore) {
            bestScore = score;
            found = index;
        }
    }
    return found;
}

std::size_t LogTemplateMiner::addTokens(std::vector<std::string> tokens) {
    auto& group = groups_[groupKey(tokens)];
    if (const auto found = best(tokens, group)) {
        Template& t = templates_[*found];
        for (std::size_t i = 0; i < t.tokens.size(); ++i)
            if (!tokenFits(t.tokens[i], tokens[i]))
                t.tokens[i] = merged(t.tokens[i], tokens[i]);
        ++t.count;
        return *found;
    }
    templates_.push_back({std::move(tokens), 1});
    group.push_back(templates_.size() - 1);
    return templates_.size() - 1;
}

std::size_t LogTemplateMiner::add(std::string_view message) {
    return addTokens(templateTokens(message));
}

std::optional<std::size_t> LogTemplateMiner::match(std::string_view message) const {
    const auto tokens = templateTokens(message);
    const auto it = groups_.find(groupKey(tokens));
    if (it == groups_.end())
        return std::nullopt;
    for (const std::size_t index : it->second)
        if (templateMatches(templates_[index].tokens, tokens))
            return index;
    return std::nullopt;
}

} // namespace casebook
