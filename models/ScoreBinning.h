#pragma once

#include "Relationship.h"

#include <array>
#include <cmath>
#include <vector>

class RelationshipStore;

// Counts of rows by effective status (Suggested, Approved, Rejected, Unknown).
struct StatusCounts
{
    std::array<int, 4> byStatus{};

    int count(RelationshipStatus status) const { return byStatus[size_t(status)]; }
    int total() const { return byStatus[0] + byStatus[1] + byStatus[2] + byStatus[3]; }
    int reviewed() const
    {
        return count(RelationshipStatus::Approved) + count(RelationshipStatus::Rejected);
    }
    // APPROVED / (APPROVED + REJECTED); NaN when nothing in the bin was reviewed.
    double approvedShare() const
    {
        const int decided = reviewed();
        return decided == 0 ? std::nan("")
                            : double(count(RelationshipStatus::Approved)) / double(decided);
    }
    bool operator==(const StatusCounts& other) const = default;
};

// The score distribution of a set of rows (those matching the current filter), for the score
// charts: counts per bin over [0, 1] by effective status, a "no score" bucket (null or NaN), an
// "out of range" bucket (below 0, above 1, infinite), per-bin calibration, and how many SUGGESTED
// rows lie at or above a threshold. One pass over typed row fields, no QVariant: re-binning a
// million rows takes a few tens of milliseconds.
//
// Bin i covers [edge(i), edge(i+1)) with edge(i) = i / binCount, except that the last bin also
// holds 1.0; a score equal to an inner edge belongs to the upper bin. The edges are the doubles
// edge() returns, so that 0.05 (the double nearest to 1/20) is in bin 1 of 20 and never lost to
// rounding in score * binCount.
class ScoreBinning
{
public:
    static constexpr int DefaultBinCount = 20;
    static constexpr double DefaultThreshold = 0.8;

    explicit ScoreBinning(int binCount = DefaultBinCount);

    // Re-bins `storeRows` (e.g. RelationshipTableModel::visibleRows()) of `store`.
    void compute(const RelationshipStore& store, const std::vector<int>& storeRows,
                 double threshold = DefaultThreshold);
    // Only the threshold counts change: one pass over the same rows, no re-binning.
    void recountThreshold(const RelationshipStore& store, const std::vector<int>& storeRows,
                          double threshold);

    int binCount() const { return int(m_bins.size()); }
    double edge(int i) const { return double(i) / double(binCount()); } // 0 <= i <= binCount
    double binLower(int bin) const { return edge(bin); }
    double binUpper(int bin) const { return edge(bin + 1); }

    // The bin of an in-range score (0 <= score <= 1); -1 otherwise.
    int binOf(double score) const;
    static bool isInRange(double score) { return score >= 0.0 && score <= 1.0; }

    const StatusCounts& bin(int bin) const { return m_bins[size_t(bin)]; }
    const std::vector<StatusCounts>& bins() const { return m_bins; }
    const StatusCounts& noScore() const { return m_noScore; }
    const StatusCounts& outOfRange() const { return m_outOfRange; }
    int totalRows() const { return m_totalRows; }
    int maxBarHeight() const; // the tallest bar, bins and the two buckets alike

    // Calibration of a bin: approved share with its counts (see StatusCounts::approvedShare).
    double approvedShare(int bin) const { return m_bins[size_t(bin)].approvedShare(); }

    // SUGGESTED rows (effective status) with an in-range score at/above and below the threshold;
    // rows with no usable score (null, NaN, out of range) are counted apart, never as either.
    double threshold() const { return m_threshold; }
    int suggestedAtOrAbove() const { return m_suggestedAtOrAbove; }
    int suggestedBelow() const { return m_suggestedBelow; }
    int suggestedWithoutUsableScore() const { return m_suggestedUnscored; }

private:
    std::vector<StatusCounts> m_bins;
    StatusCounts m_noScore;
    StatusCounts m_outOfRange;
    int m_totalRows = 0;
    double m_threshold = DefaultThreshold;
    int m_suggestedAtOrAbove = 0;
    int m_suggestedBelow = 0;
    int m_suggestedUnscored = 0;
};
