#include "RowLabelIndex.h"

#include <atomic>
#include <numeric>

namespace {

// The order of every name column: case-insensitive first, then case-sensitive so that the order is
// total and two labels are equivalent only when they are identical.
bool labelLess(const QString& a, const QString& b)
{
    const int folded = QString::compare(a, b, Qt::CaseInsensitive);
    if (folded != 0)
        return folded < 0;
    return a < b;
}

// Dense ranks of `labels` in labelLess order: equal labels share a rank, so comparing two ranks is
// comparing the labels, and the string comparisons happen once per distinct value.
std::vector<quint32> ranksOfLabels(const std::vector<QString>& labels)
{
    std::vector<quint32> order(labels.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&labels](quint32 a, quint32 b) { return labelLess(labels[a], labels[b]); });
    std::vector<quint32> ranks(labels.size());
    quint32 rank = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && labels[order[i]] != labels[order[i - 1]])
            ++rank;
        ranks[order[i]] = rank;
    }
    return ranks;
}

// Changes whenever label ranks are computed anywhere, so a sort can tell whether the ranks its
// keys were made with still hold.
std::atomic<quint64> rankGeneration = 0; // sorts run on several threads

} // namespace

std::vector<quint32> RowLabelIndex::ranksOf(const std::vector<QString>& labels)
{
    return ranksOfLabels(labels);
}

quint64 RowLabelIndex::nextGeneration()
{
    return ++rankGeneration;
}
