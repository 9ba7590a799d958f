#pragma once
// The generator's own pseudo-random numbers: xoshiro256** seeded through splitmix64.
// std:: distributions are not used on purpose: their output is not specified and differs
// between standard library versions, while a generated bundle must be the same bytes for
// the same options. Transcendental functions (log, exp, sqrt) come from libm and are
// stable on a given platform.

#include <cmath>
#include <cstdint>
#include <string_view>

namespace casebook::gen {

inline std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// FNV-1a of a name, so that each concern draws from its own stream: adding a draw to the
// trace generator must not shift every metric value.
constexpr std::uint64_t streamKey(std::string_view name) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

class Rng {
public:
    explicit Rng(std::uint64_t seed, std::string_view stream = {}) {
        std::uint64_t s = seed ^ streamKey(stream);
        for (auto& word : state_)
            word = splitmix64(s);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Never zero: OTLP treats all-zero ids as invalid.
    std::uint64_t nonZero() {
        std::uint64_t v = 0;
        while (v == 0)
            v = next();
        return v;
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    // Uniform in [0, n); n > 0 and small (the bias is below 2^-40 for the n used here).
    std::uint64_t below(std::uint64_t n) {
        const auto r = static_cast<std::uint64_t>(uniform() * static_cast<double>(n));
        return r < n ? r : n - 1;
    }
    int belowInt(int n) { return static_cast<int>(below(static_cast<std::uint64_t>(n))); }

    bool chance(double p) { return uniform() < p; }

    // Standard normal, Marsaglia's polar method (needs only log and sqrt).
    double normal() {
        if (hasSpare_) {
            hasSpare_ = false;
            return spare_;
        }
        double u = 0, v = 0, s = 0;
        do {
            u = uniform() * 2.0 - 1.0;
            v = uniform() * 2.0 - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double f = std::sqrt(-2.0 * std::log(s) / s);
        spare_ = v * f;
        hasSpare_ = true;
        return u * f;
    }

    // Log-normal with the given median; sigma is the spread of the underlying normal.
    double logNormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

    // Picks an index by weights (need not sum to 1).
    template <typename Container> std::size_t weighted(const Container& weights) {
        double total = 0;
        for (double w : weights)
            total += w;
        double r = uniform() * total;
        std::size_t i = 0;
        for (double w : weights) {
            if (r < w)
                return i;
            r -= w;
            ++i;
        }
        return i == 0 ? 0 : i - 1;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t state_[4]{};
    double spare_ = 0;
    bool hasSpare_ = false;
};

} // namespace casebook::gen
