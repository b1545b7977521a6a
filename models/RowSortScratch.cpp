#include "RowSortScratch.h"

#include "HugePageVectors.h"

#include <algorithm>
#include <array>
#include <numeric>

bool RowSortScratch::sortRows(std::vector<int>& order, std::vector<quint64>& orderedKeys,
                              const std::atomic_bool* cancelled)
{
    const size_t count = byRow.size();
    resizeLarge(order, count);
    resizeLarge(orderedKeys, count);
    if (count < 2048) {
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [this](int a, int b) {
            return byRow[size_t(a)] != byRow[size_t(b)] ? byRow[size_t(a)] < byRow[size_t(b)]
                                                        : a < b;
        });
        for (size_t i = 0; i < count; ++i)
            orderedKeys[i] = byRow[size_t(order[i])];
        return true;
    }
    constexpr int DigitBits = 11;
    constexpr size_t Buckets = size_t(1) << DigitBits;
    constexpr int Digits = (64 + DigitBits - 1) / DigitBits;
    counts.assign(Buckets * Digits, 0);
    for (const quint64 key : byRow) {
        for (int digit = 0; digit < Digits; ++digit)
            ++counts[digit * Buckets + ((key >> (digit * DigitBits)) & (Buckets - 1))];
    }
    std::array<int, Digits> active{};
    int activeCount = 0;
    for (int digit = 0; digit < Digits; ++digit) {
        const size_t first = (byRow[0] >> (digit * DigitBits)) & (Buckets - 1);
        if (counts[digit * Buckets + first] != count)
            active[size_t(activeCount++)] = digit;
    }
    if (activeCount == 0) {
        std::iota(order.begin(), order.end(), 0);
        orderedKeys = byRow;
        return true;
    }
    resizeLarge(keys, count);
    resizeLarge(rows[0], count);
    resizeLarge(rows[1], count);
    // Passes alternate between `keys` and `byRow` (free once the first pass has read it).
    quint64* const keyBuffers[2] = {keys.data(), byRow.data()};
    const quint64* sourceKeys = byRow.data();
    const int* sourceRows = nullptr; // the identity: store order
    for (int pass = 0; pass < activeCount; ++pass) {
        if (cancelled && cancelled->load(std::memory_order_relaxed))
            return false;
        const int shift = active[size_t(pass)] * DigitBits;
        size_t* offsets = counts.data() + size_t(active[size_t(pass)]) * Buckets;
        size_t sum = 0;
        for (size_t bucket = 0; bucket < Buckets; ++bucket) {
            const size_t inBucket = offsets[bucket];
            offsets[bucket] = sum;
            sum += inBucket;
        }
        const bool last = pass == activeCount - 1;
        int* targetRows = last ? order.data() : rows[pass & 1].data();
        quint64* targetKeys = last ? orderedKeys.data() : keyBuffers[pass & 1];
        for (size_t i = 0; i < count; ++i) {
            const quint64 key = sourceKeys[i];
            const size_t at = offsets[(key >> shift) & (Buckets - 1)]++;
            targetRows[at] = sourceRows ? sourceRows[i] : int(i);
            targetKeys[at] = key;
        }
        sourceKeys = targetKeys;
        sourceRows = targetRows;
    }
    return true;
}
