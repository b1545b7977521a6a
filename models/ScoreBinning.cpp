#include "ScoreBinning.h"

#include "RelationshipStore.h"

#include <algorithm>
#include <bit>

ScoreBinning::ScoreBinning(int binCount)
    : m_bins(size_t(std::max(1, binCount)))
{}

int ScoreBinning::binOf(double score) const
{
    if (!isInRange(score))
        return -1;
    const int n = binCount();
    int bin = std::min(int(score * n), n - 1);
    // score * n can round across an edge; the edges as edge() returns them decide.
    if (bin + 1 < n && score >= edge(bin + 1))
        ++bin;
    else if (bin > 0 && score < edge(bin))
        --bin;
    return bin;
}

int ScoreBinning::maxBarHeight() const
{
    int tallest = std::max(m_noScore.total(), m_outOfRange.total());
    for (const StatusCounts& counts : m_bins)
        tallest = std::max(tallest, counts.total());
    return tallest;
}

namespace {
// Calls visit(storeRow) for every row in `storeRows`. A large set is visited in store order
// through a bitmap: the rows then stream through the cache instead of being fetched in view
// (sorted) order, which at a million rows is several times faster. Counting is order-blind.
template<typename Visit>
void forEachRow(int storeSize, const std::vector<int>& storeRows, Visit&& visit)
{
    constexpr size_t SmallSet = 8192;
    if (storeRows.size() < SmallSet || storeSize <= 0) {
        for (const int row : storeRows)
            visit(row);
        return;
    }
    std::vector<quint64> bitmap((size_t(storeSize) + 63) / 64, 0);
    for (const int row : storeRows) {
        if (row >= 0 && row < storeSize)
            bitmap[size_t(row) >> 6] |= quint64(1) << (row & 63);
    }
    for (size_t word = 0; word < bitmap.size(); ++word) {
        quint64 bits = bitmap[word];
        while (bits) {
            const int bit = std::countr_zero(bits);
            bits &= bits - 1;
            visit(int(word * 64) + bit);
        }
    }
}
} // namespace

void ScoreBinning::compute(const RelationshipStore& store, const std::vector<int>& storeRows,
                           double threshold)
{
    std::fill(m_bins.begin(), m_bins.end(), StatusCounts());
    m_noScore = {};
    m_outOfRange = {};
    m_totalRows = 0;
    m_threshold = threshold;
    m_suggestedAtOrAbove = 0;
    m_suggestedBelow = 0;
    m_suggestedUnscored = 0;

    const RelationshipRows& rows = store.rows();
    const int storeSize = rows.size();
    // Without pending decisions the effective status is the row's own: skip the overlay lookup.
    const bool overlay = store.pendingCount() > 0;
    forEachRow(storeSize, storeRows, [&](int storeRow) {
        if (storeRow < 0 || storeRow >= storeSize)
            return;
        const RelationshipRow& row = rows.row(storeRow);
        const RelationshipStatus status = overlay ? store.effectiveStatus(storeRow) : row.status;
        const auto statusIndex = size_t(status);
        ++m_totalRows;
        const double score = row.score;
        if (!row.hasScore || std::isnan(score)) {
            ++m_noScore.byStatus[statusIndex];
            if (status == RelationshipStatus::Suggested)
                ++m_suggestedUnscored;
            return;
        }
        const int bin = binOf(score);
        if (bin < 0) {
            ++m_outOfRange.byStatus[statusIndex];
            if (status == RelationshipStatus::Suggested)
                ++m_suggestedUnscored;
            return;
        }
        ++m_bins[size_t(bin)].byStatus[statusIndex];
        if (status == RelationshipStatus::Suggested) {
            if (score >= threshold)
                ++m_suggestedAtOrAbove;
            else
                ++m_suggestedBelow;
        }
    });
}

void ScoreBinning::recountThreshold(const RelationshipStore& store,
                                    const std::vector<int>& storeRows, double threshold)
{
    m_threshold = threshold;
    m_suggestedAtOrAbove = 0;
    m_suggestedBelow = 0;
    m_suggestedUnscored = 0;
    const RelationshipRows& rows = store.rows();
    const int storeSize = rows.size();
    const bool overlay = store.pendingCount() > 0;
    forEachRow(storeSize, storeRows, [&](int storeRow) {
        if (storeRow < 0 || storeRow >= storeSize)
            return;
        const RelationshipRow& row = rows.row(storeRow);
        const RelationshipStatus status = overlay ? store.effectiveStatus(storeRow) : row.status;
        if (status != RelationshipStatus::Suggested)
            return;
        if (!row.hasScore || !isInRange(row.score))
            ++m_suggestedUnscored;
        else if (row.score >= threshold)
            ++m_suggestedAtOrAbove;
        else
            ++m_suggestedBelow;
    });
}
