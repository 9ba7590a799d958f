#pragma once
// Running statistics of samples, merged per time bucket by the range queries and kept per
// tile by the rollups.

#include <cstdint>
#include <limits>

namespace casebook {

struct SampleStats {
    std::int64_t points = 0;
    double sum = 0;
    double increase = 0;
    double minValue = std::numeric_limits<double>::infinity();
    std::int64_t minNs = 0;
    double maxValue = -std::numeric_limits<double>::infinity();
    std::int64_t maxNs = 0;
    double firstValue = 0;
    std::int64_t firstNs = 0;
    double lastValue = 0;
    std::int64_t lastNs = 0;

    bool empty() const { return points == 0; }
    double mean() const { return points > 0 ? sum / static_cast<double>(points) : 0; }

    void add(std::int64_t timeNs, double value, double increaseOf) {
        if (points == 0 || timeNs < firstNs) {
            firstNs = timeNs;
            firstValue = value;
        }
        if (points == 0 || timeNs >= lastNs) {
            lastNs = timeNs;
            lastValue = value;
        }
        ++points;
        sum += value;
        increase += increaseOf;
        offerMin(timeNs, value);
        offerMax(timeNs, value);
    }
    // The extremes of a tile may land in other buckets than its totals.
    void offerMin(std::int64_t timeNs, double value) {
        if (value < minValue || (value == minValue && timeNs < minNs)) {
            minValue = value;
            minNs = timeNs;
        }
    }
    void offerMax(std::int64_t timeNs, double value) {
        if (value > maxValue || (value == maxValue && timeNs < maxNs)) {
            maxValue = value;
            maxNs = timeNs;
        }
    }
    void addTotals(const SampleStats& other) {
        if (other.points == 0)
            return;
        if (points == 0 || other.firstNs < firstNs) {
            firstNs = other.firstNs;
            firstValue = other.firstValue;
        }
        if (points == 0 || other.lastNs >= lastNs) {
            lastNs = other.lastNs;
            lastValue = other.lastValue;
        }
        points += other.points;
        sum += other.sum;
        increase += other.increase;
    }
    void merge(const SampleStats& other) {
        addTotals(other);
        if (other.points > 0) {
            offerMin(other.minNs, other.minValue);
            offerMax(other.maxNs, other.maxValue);
        }
    }
};

} // namespace casebook
