#include "core/analysis/seasonal_baseline.h"

#include <algorithm>
#include <cmath>

namespace casebook {
namespace {

constexpr double kMadToSigma = 1.4826; // MAD of a normal distribution to its sigma

double madAround(const std::vector<double>& values, double centre) {
    std::vector<double> deviations;
    deviations.reserve(values.size());
    for (double v : values)
        deviations.push_back(std::abs(v - centre));
    return medianOf(std::move(deviations));
}

} // namespace

double medianOf(std::vector<double> v) {
    if (v.empty())
        return 0;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    if (v.size() % 2 == 1)
        return *mid;
    const double upper = *mid;
    const double lower = *std::max_element(v.begin(), mid);
    return (lower + upper) / 2;
}

SeasonalResiduals seasonalResiduals(const std::vector<double>& x, std::size_t season, int seasons,
                                    double floor, const std::vector<bool>& skip) {
    const std::size_t n = x.size();
    SeasonalResiduals out;
    out.baseline.assign(n, NAN);
    out.residual.assign(n, NAN);
    out.spread.assign(n, 0);
    if (season == 0)
        return out;
    std::vector<double> history, logs;
    for (std::size_t i = season; i < n; ++i) {
        history.clear();
        for (int k = 1; k <= seasons && static_cast<std::size_t>(k) * season <= i; ++k) {
            const std::size_t j = i - static_cast<std::size_t>(k) * season;
            if (std::isfinite(x[j]) && (skip.empty() || !skip[j]))
                history.push_back(x[j]);
        }
        if (history.empty())
            continue;
        const double base = medianOf(history);
        out.baseline[i] = base;
        if (std::isfinite(x[i]))
            out.residual[i] = std::log((std::abs(x[i]) + floor) / (std::abs(base) + floor));
        if (history.size() >= 3) {
            logs.clear();
            for (double h : history)
                logs.push_back(std::log(std::abs(h) + floor));
            out.spread[i] = kMadToSigma * madAround(logs, std::log(std::abs(base) + floor));
        }
    }
    // Successive residuals differ by sqrt(2) sigma when the ratio is steady.
    std::vector<double> steps;
    for (std::size_t i = 1; i < n; ++i)
        if (std::isfinite(out.residual[i]) && std::isfinite(out.residual[i - 1]))
            steps.push_back(out.residual[i] - out.residual[i - 1]);
    out.noise =
        steps.size() >= 4 ? kMadToSigma * madAround(steps, medianOf(steps)) / std::sqrt(2.0) : NAN;
    return out;
}

} // namespace casebook
