#include "RelationshipTableModel.h"

#include "BackgroundWork.h"
#include "IdTextSearch.h"

#include <QDateTime>
#include <QLocale>
#include <QPromise>
#include <QThreadPool>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 NoKey = std::numeric_limits<quint32>::max();

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
std::vector<quint32> ranksOf(const std::vector<QString>& labels)
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

bool hasScore(const RelationshipRow& fields)
{
    return fields.hasScore && !std::isnan(fields.score);
}

bool scoreInRange(double score)
{
    return score >= 0.0 && score <= 1.0;
}

// Unsigned keys that order like the doubles they come from (-0 and +0 equal, as == says).
quint64 orderedKey(double value)
{
    if (value == 0.0)
        value = 0.0;
    const auto bits = std::bit_cast<quint64>(value);
    constexpr quint64 sign = quint64(1) << 63;
    return (bits & sign) ? ~bits : (bits | sign);
}

quint64 orderedKey(qint64 value)
{
    return quint64(value) ^ (quint64(1) << 63);
}

struct SortItem
{
    quint64 key;
    int row;
};

// Capacity for `count` elements in memory the kernel may back with 2 MB pages. A million rows'
// worth of buffers spans thousands of 4 KB pages, and the first touch of each is a page fault:
// measured on this project's 2-core VM, first touching 32 MB took 100-180 ms in 4 KB pages and
// 3 ms in 2 MB ones, more than the sort that touched them. Only the 2 MB-aligned middle of a
// fresh allocation can be advised, and only before anything is written to it.
template<typename T>
void reserveLarge(std::vector<T>& vector, size_t count)
{
    if (vector.capacity() >= count)
        return;
    vector.reserve(count);
#ifdef Q_OS_LINUX
    constexpr quintptr HugePage = quintptr(2) << 20;
    const auto first = reinterpret_cast<quintptr>(vector.data());
    const quintptr begin = (first + vector.size() * sizeof(T) + HugePage - 1) & ~(HugePage - 1);
    const quintptr end = (first + vector.capacity() * sizeof(T)) & ~(HugePage - 1);
    if (end > begin)
        madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

template<typename T>
void resizeLarge(std::vector<T>& vector, size_t count, const T& value = T())
{
    reserveLarge(vector, count);
    vector.resize(count, value);
}

template<typename T>
void assignLarge(std::vector<T>& vector, size_t count, const T& value)
{
    reserveLarge(vector, count);
    vector.assign(count, value);
}

bool itemLess(const SortItem& a, const SortItem& b)
{
    return a.key != b.key ? a.key < b.key : a.row < b.row;
}

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

// Changes whenever label ranks are computed anywhere, so a sort can tell whether the ranks its
// keys were made with still hold.
std::atomic<quint64> rankGeneration = 0; // sorts run on several threads

QString scoreText(double score)
{
    return QLocale().toString(score, 'f', 2);
}

} // namespace

namespace {

// The sort key of a row for one column and order; see ensureOrder() for the order of each column.
class SortKeyMaker
{
public:
    using Column = RelationshipTableModel::Column;

    Column column = Column::ColumnCount;
    bool descending = false;
    const RelationshipRows* rows = nullptr;
    const std::vector<quint32>* rowKeys = nullptr; // from or to table key per row
    const std::vector<quint32>* ranks = nullptr;   // per from/to table key, or per pool id

    static bool usesRanks(Column column)
    {
        return column == Column::FromColumn || column == Column::ToTableColumn ||
               column == Column::ToColumnColumn || column == Column::TypeColumn ||
               column == Column::StatusColumn;
    }

    template<typename EffectiveStatusOf>
    quint64 operator()(int row, const EffectiveStatusOf& effectiveOf) const
    {
        const RelationshipRow& fields = rows->row(row);
        quint64 key = 0;
        switch (column) {
        case Column::FromColumn:
        case Column::ToTableColumn:
            key = (*ranks)[(*rowKeys)[size_t(row)]];
            break;
        case Column::ToColumnColumn:
            key = (*ranks)[fields.toColumnName];
            break;
        case Column::TypeColumn:
            key = (quint64(fields.type) << 32) |
                  (fields.type == RelationshipType::Unknown ? (*ranks)[fields.typeText] : 0);
            break;
        case Column::StatusColumn: {
            const RelationshipStatus status = effectiveOf(row);
            key = (quint64(status) << 32) |
                  (status == RelationshipStatus::Unknown ? (*ranks)[fields.statusText] : 0);
            break;
        }
        case Column::ScoreColumn:
            // The all-ones key of a missing score stays last in both orders.
            if (!hasScore(fields))
                return std::numeric_limits<quint64>::max();
            key = orderedKey(fields.score);
            break;
        case Column::UpdatedColumn:
            key = orderedKey(fields.updatedAtMs);
            break;
        case Column::ColumnCount:
            break;
        }
        return descending ? ~key : key;
    }
};

} // namespace

// Labels and sort ranks per distinct value. Rows point at a few thousand distinct columns and
// tables; resolving, comparing and searching those once instead of once per row is what makes a
// sort or a keystroke on a million rows cheap. Used by one thread at a time.
struct RowLabelIndex
{
    struct Distinct
    {
        std::vector<QUuid> ids;
        std::vector<QString> labels;
        std::vector<quint32> ranks; // empty while stale
        // Open addressing over keys (key + 1; 0 is empty): a million lookups per index build
        // cost a third of what QHash's nodes do.
        std::vector<quint32> keySlots = std::vector<quint32>(64, 0);

        static size_t hashOf(const QUuid& id)
        {
            quint64 halves[2];
            static_assert(sizeof(QUuid) == sizeof halves);
            std::memcpy(halves, &id, sizeof halves);
            quint64 hash = halves[0] * 0x9e3779b97f4a7c15ULL ^ halves[1] * 0xc2b2ae3d27d4eb4fULL;
            return size_t(hash ^ (hash >> 29));
        }

        quint32 keyOf(const QUuid& id, QString (ColumnCatalog::*label)(const QUuid&) const,
                      const ColumnCatalog& catalog)
        {
            const size_t mask = keySlots.size() - 1;
            size_t slot = hashOf(id) & mask;
            for (; keySlots[slot] != 0; slot = (slot + 1) & mask) {
                if (ids[keySlots[slot] - 1] == id)
                    return keySlots[slot] - 1;
            }
            const auto key = quint32(ids.size());
            ids.push_back(id);
            labels.push_back((catalog.*label)(id));
            ranks.clear();
            keySlots[slot] = key + 1;
            if (ids.size() * 2 > keySlots.size())
                rehash(keySlots.size() * 2);
            return key;
        }

        void rehash(size_t slotCount)
        {
            keySlots.assign(slotCount, 0);
            for (size_t key = 0; key < ids.size(); ++key) {
                size_t slot = hashOf(ids[key]) & (slotCount - 1);
                while (keySlots[slot] != 0)
                    slot = (slot + 1) & (slotCount - 1);
                keySlots[slot] = quint32(key + 1);
            }
        }
        const std::vector<quint32>& rankVector()
        {
            if (ranks.size() != labels.size())
                ranks = ranksOf(labels);
            return ranks;
        }
    };

    std::vector<quint32> fromKey;    // per store row
    std::vector<quint32> toTableKey; // per store row
    Distinct from;
    Distinct toTable;
    std::vector<quint32> poolRanks; // by StringPool id; empty while stale
    std::vector<char> poolRanked;   // by StringPool id: has a rank in poolRanks
    quint64 generation = ++rankGeneration;

    const std::vector<quint32>& fromRanks() { return ranked(from); }
    const std::vector<quint32>& toTableRanks() { return ranked(toTable); }
    const std::vector<quint32>& ranked(Distinct& distinct)
    {
        if (distinct.ranks.size() != distinct.labels.size()) {
            distinct.rankVector();
            generation = ++rankGeneration;
        }
        return distinct.ranks;
    }

    RowLabelIndex(const RelationshipRows& rows, const ColumnCatalog& catalog)
    {
        const int count = rows.size();
        resizeLarge(fromKey, size_t(count));
        resizeLarge(toTableKey, size_t(count));
        QUuid lastFrom;
        QUuid lastToTable;
        quint32 lastFromKey = NoKey;
        quint32 lastToTableKey = NoKey;
        for (int row = 0; row < count; ++row) {
            // Rows of one column tend to come together: skip the hash when the id repeats.
            const RelationshipRow& fields = rows.row(row);
            if (lastFromKey == NoKey || fields.fromColumnId != lastFrom) {
                lastFrom = fields.fromColumnId;
                lastFromKey = from.keyOf(lastFrom, &ColumnCatalog::columnLabel, catalog);
            }
            if (lastToTableKey == NoKey || fields.toTableId != lastToTable) {
                lastToTable = fields.toTableId;
                lastToTableKey = toTable.keyOf(lastToTable, &ColumnCatalog::tableLabel, catalog);
            }
            fromKey[size_t(row)] = lastFromKey;
            toTableKey[size_t(row)] = lastToTableKey;
        }
    }

    // Labels from `catalog` in place of the ones the index was made with; true when any changed
    // (the from and to table ranks are then made again when next asked for).
    bool relabel(const ColumnCatalog& catalog)
    {
        bool changed = false;
        const auto update = [&](Distinct& distinct,
                                QString (ColumnCatalog::*label)(const QUuid&) const) {
            bool any = false;
            for (size_t key = 0; key < distinct.ids.size(); ++key) {
                QString text = (catalog.*label)(distinct.ids[key]);
                if (text != distinct.labels[key]) {
                    distinct.labels[key] = std::move(text);
                    any = true;
                }
            }
            if (any)
                distinct.ranks.clear();
            changed = changed || any;
        };
        update(from, &ColumnCatalog::columnLabel);
        update(toTable, &ColumnCatalog::tableLabel);
        return changed;
    }

    // Rows replaced by a server answer may point elsewhere or carry new strings.
    template<typename RowList>
    void updateRows(const RelationshipStore& store, const RowList& rows)
    {
        for (int row : rows) {
            if (row < 0 || size_t(row) >= fromKey.size())
                continue;
            const RelationshipRow& fields = store.rows().row(row);
            fromKey[size_t(row)] =
                from.keyOf(fields.fromColumnId, &ColumnCatalog::columnLabel, store.catalog());
            toTableKey[size_t(row)] =
                toTable.keyOf(fields.toTableId, &ColumnCatalog::tableLabel, store.catalog());
            for (quint32 id : {fields.toColumnName, fields.typeText, fields.statusText}) {
                if (id >= poolRanked.size() || !poolRanked[id])
                    poolRanks.clear();
            }
        }
    }

    // Points `keys` at the ranks and row keys its column sorts by.
    void bindRanks(SortKeyMaker& keys, const RelationshipRows& rows)
    {
        switch (keys.column) {
        case RelationshipTableModel::FromColumn:
            keys.ranks = &fromRanks();
            keys.rowKeys = &fromKey;
            break;
        case RelationshipTableModel::ToTableColumn:
            keys.ranks = &toTableRanks();
            keys.rowKeys = &toTableKey;
            break;
        case RelationshipTableModel::ToColumnColumn:
        case RelationshipTableModel::TypeColumn:
        case RelationshipTableModel::StatusColumn:
            keys.ranks = &poolRankVector(rows);
            break;
        default:
            break;
        }
    }

    // Ranks of every interned string a row shows (to column names, unknown type and status texts).
    const std::vector<quint32>& poolRankVector(const RelationshipRows& rows)
    {
        if (!poolRanks.empty() || rows.isEmpty())
            return poolRanks;
        std::vector<quint32> ids;
        std::vector<QString> texts;
        std::vector<char> seen;
        const auto note = [&](quint32 id, const QString& text) {
            if (id >= seen.size())
                seen.resize(std::max<size_t>(id + 1, seen.size() * 2), 0);
            if (seen[id])
                return;
            seen[id] = 1;
            ids.push_back(id);
            texts.push_back(text);
        };
        for (int row = 0; row < rows.size(); ++row) {
            const RelationshipRow& fields = rows.row(row);
            note(fields.toColumnName, rows.toColumnName(row));
            note(fields.typeText, rows.typeText(row));
            note(fields.statusText, rows.statusText(row));
        }
        const std::vector<quint32> ranks = ranksOf(texts);
        poolRanks.assign(seen.size(), 0);
        for (size_t i = 0; i < ids.size(); ++i)
            poolRanks[ids[i]] = ranks[i];
        poolRanked = std::move(seen);
        generation = ++rankGeneration;
        return poolRanks;
    }
};

// The memory of a sort.
struct RowSortScratch
{
    std::vector<quint64> byRow; // sort keys by store row, the input of a sort
    std::vector<quint64> keys;
    std::vector<int> rows[2];
    std::vector<size_t> counts;

    // The rows 0..count-1 stably sorted by byRow[row] into `order`, and their keys in that order
    // into `orderedKeys`: an LSD radix sort on 11-bit digits (a histogram that stays in the cache)
    // that skips digits every key shares. Stability makes the store row the tie-break. byRow is
    // used as scratch once read. Returns false when `cancelled` stopped it.
    bool sortRows(std::vector<int>& order, std::vector<quint64>& orderedKeys,
                  const std::atomic_bool* cancelled = nullptr)
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
};

// Memory every sort and filter reuses. Freshly allocated pages are zeroed by the kernel on first
// touch, which at a million rows costs more than the sort itself (measured: twice as much, on this
// project's virtual machine), so the buffers stay for the model's lifetime. They do not raise the
// peak: a sort needs them anyway.
struct RelationshipTableModel::Buffers : RowSortScratch
{
    std::vector<quint8> flags;
    std::vector<int> visible;
};

namespace {

// Every row of `rows` in the order of `column` into `order`, with their keys into `keys`, name
// ranks from `index` (null when the column ranks nothing), the ranks' generation into
// *generation. The one sort of every path: the model's own, a worker's, a loader's. Returns
// false when `cancelled` stopped it.
template<typename EffectiveStatusOf>
bool sortRowsByColumn(const RelationshipRows& rows, RowLabelIndex* index, int column,
                      Qt::SortOrder sortOrder, const EffectiveStatusOf& effectiveOf,
                      RowSortScratch& scratch, std::vector<int>& order, std::vector<quint64>& keys,
                      quint64* generation, const std::atomic_bool* cancelled)
{
    SortKeyMaker keyOf;
    keyOf.column = SortKeyMaker::Column(column);
    keyOf.descending = sortOrder == Qt::DescendingOrder;
    keyOf.rows = &rows;
    *generation = 0;
    if (SortKeyMaker::usesRanks(keyOf.column)) {
        index->bindRanks(keyOf, rows);
        *generation = index->generation;
    }
    const auto count = size_t(rows.size());
    resizeLarge(scratch.byRow, count);
    constexpr size_t CancelCheckRows = 1 << 16;
    for (size_t row = 0; row < count; ++row) {
        if (row % CancelCheckRows == 0 && cancelled && cancelled->load(std::memory_order_relaxed))
            return false;
        scratch.byRow[row] = keyOf(int(row), effectiveOf);
    }
    return scratch.sortRows(order, keys, cancelled);
}

} // namespace

void addViewRows(RowSortOrder& order)
{
    if (order.cancelled)
        return;
    resizeLarge(order.viewRows, order.rows.size());
    std::copy(order.rows.cbegin(), order.rows.cend(), order.viewRows.begin());
    resizeLarge(order.viewRowOfRow, order.rows.size());
    for (size_t view = 0; view < order.rows.size(); ++view)
        order.viewRowOfRow[size_t(order.rows[view])] = int(view);
}

RowSortOrder computeRowSortOrder(const RelationshipRows& rows, const ColumnCatalog& catalog,
                                 int column, Qt::SortOrder order, const StatusOverrides& overrides,
                                 const std::atomic_bool* cancelled)
{
    RowSortOrder result;
    result.column = column >= 0 && column < RelationshipTableModel::ColumnCount ? column : -1;
    result.sortOrder = order;
    result.rowCount = rows.size();
    if (result.column < 0) {
        resizeLarge(result.rows, size_t(rows.size()));
        std::iota(result.rows.begin(), result.rows.end(), 0);
        return result;
    }
    if (SortKeyMaker::usesRanks(SortKeyMaker::Column(result.column)))
        result.labelIndex = std::make_shared<RowLabelIndex>(rows, catalog);
    const auto effectiveOf = [&rows, &overrides](int row) {
        if (!overrides.empty()) {
            const auto it = std::lower_bound(overrides.cbegin(), overrides.cend(), row,
                                             [](const std::pair<int, RelationshipStatus>& entry,
                                                int r) { return entry.first < r; });
            if (it != overrides.cend() && it->first == row)
                return it->second;
        }
        return rows.row(row).status;
    };
    RowSortScratch scratch;
    if (!sortRowsByColumn(rows, result.labelIndex.get(), result.column, order, effectiveOf, scratch,
                          result.rows, result.keys, &result.rankGeneration, cancelled)) {
        result = RowSortOrder();
        result.cancelled = true;
    }
    return result;
}

namespace {

// One keystroke's text search over many rows. Every answer about a distinct value (a column, a
// table, an interned string) is computed once and remembered; per row only the relationship id
// is looked at, and only when the text could be part of an id at all.
class TextSearch
{
public:
    TextSearch(const QString& needle, const RelationshipStore& store,
               const std::vector<quint32>& fromKey, const std::vector<QString>& fromLabels,
               const std::vector<QUuid>& fromIds, const std::vector<quint32>& toTableKey,
               const std::vector<QString>& toTableLabels, const std::vector<QUuid>& toTableIds)
        : m_needle(needle)
        , m_rows(store.rows())
        , m_fromKey(fromKey)
        , m_fromLabels(fromLabels)
        , m_fromIds(fromIds)
        , m_toTableKey(toTableKey)
        , m_toTableLabels(toTableLabels)
        , m_toTableIds(toTableIds)
        , m_fromMatches(fromLabels.size(), Unknown)
        , m_toTableMatches(toTableLabels.size(), Unknown)
        , m_idSearch(needle)
    {
        for (auto type :
             {RelationshipType::ForeignKey, RelationshipType::Inferred, RelationshipType::Manual})
            m_typeMatches[size_t(type)] = has(typeDisplayName(type));
        for (auto status : {RelationshipStatus::Suggested, RelationshipStatus::Approved,
                            RelationshipStatus::Rejected})
            m_statusMatches[size_t(status)] =
                has(statusDisplayName(status)) || has(statusName(status));
    }

    // effectiveOf(row) is asked only when the cheaper fields did not match.
    template<typename EffectiveStatusOf>
    bool matches(int row, const RelationshipRow& fields, const EffectiveStatusOf& effectiveOf)
    {
        if (distinctMatches(m_fromMatches, m_fromKey[size_t(row)], m_fromLabels, m_fromIds))
            return true;
        if (distinctMatches(m_toTableMatches, m_toTableKey[size_t(row)], m_toTableLabels,
                            m_toTableIds))
            return true;
        if (poolMatches(fields.toColumnName, m_rows.toColumnName(row)))
            return true;
        if (fields.type != RelationshipType::Unknown && m_typeMatches[size_t(fields.type)])
            return true;
        if (poolMatches(fields.typeText, m_rows.typeText(row)))
            return true;
        const RelationshipStatus effective = effectiveOf(row);
        if (effective == RelationshipStatus::Unknown) {
            if (poolMatches(fields.statusText, m_rows.statusText(row)))
                return true;
        } else if (m_statusMatches[size_t(effective)]) {
            return true;
        }
        return !m_idSearch.isEmpty() && m_idSearch.matches(fields.id);
    }

private:
    enum Answer : qint8 { Unknown = -1, No = 0, Yes = 1 };

    bool has(QStringView haystack) const
    {
        return haystack.contains(m_needle, Qt::CaseInsensitive);
    }

    bool distinctMatches(std::vector<qint8>& answers, quint32 key,
                         const std::vector<QString>& labels, const std::vector<QUuid>& ids)
    {
        qint8& answer = answers[key];
        if (answer == Unknown)
            answer = (has(labels[key]) || has(idText(ids[key]))) ? Yes : No;
        return answer == Yes;
    }

    bool poolMatches(quint32 id, const QString& text)
    {
        if (id >= m_poolMatches.size())
            m_poolMatches.resize(std::max<size_t>(id + 1, m_poolMatches.size() * 2), Unknown);
        qint8& answer = m_poolMatches[id];
        if (answer == Unknown)
            answer = has(text) ? Yes : No;
        return answer == Yes;
    }

    QString m_needle;
    const RelationshipRows& m_rows;
    const std::vector<quint32>& m_fromKey;
    const std::vector<QString>& m_fromLabels;
    const std::vector<QUuid>& m_fromIds;
    const std::vector<quint32>& m_toTableKey;
    const std::vector<QString>& m_toTableLabels;
    const std::vector<QUuid>& m_toTableIds;
    std::vector<qint8> m_fromMatches;
    std::vector<qint8> m_toTableMatches;
    std::vector<qint8> m_poolMatches;
    std::array<bool, 4> m_typeMatches{};
    std::array<bool, 4> m_statusMatches{};
    IdTextSearch m_idSearch;
};

} // namespace

RelationshipTableModel::RelationshipTableModel(RelationshipStore* store, QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(store, &RelationshipStore::reset, this, &RelationshipTableModel::rebuild);
    connect(store, &RelationshipStore::rowsChanged, this, &RelationshipTableModel::onRowsChanged);
    connect(store, &RelationshipStore::catalogChanged, this,
            &RelationshipTableModel::onCatalogChanged);
    connect(&m_sortWatcher, &QFutureWatcher<void>::finished, this,
            &RelationshipTableModel::onSortJobFinished);
    rebuild();
}

RelationshipTableModel::~RelationshipTableModel()
{
    // The job keeps what it reads alive; it only has to stop soon.
    cancelSortJob();
}

QString RelationshipTableModel::shownOfTotalText(int shown, int total)
{
    const QLocale locale;
    if (shown == total) {
        return total == 1 ? tr("1 relationship")
                          : tr("%1 relationships").arg(locale.toString(total));
    }
    return tr("%1 shown of %2").arg(locale.toString(shown), locale.toString(total));
}

int RelationshipTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int RelationshipTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int RelationshipTableModel::viewRow(int storeRow) const
{
    if (storeRow < 0 || size_t(storeRow) >= m_viewOfRow.size())
        return -1;
    return m_viewOfRow[size_t(storeRow)];
}

QVariant RelationshipTableModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole && section == ScoreColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case FromColumn:
        return tr("From");
    case ToTableColumn:
        return tr("To table");
    case ToColumnColumn:
        return tr("To column");
    case TypeColumn:
        return tr("Type");
    case StatusColumn:
        return tr("Status");
    case ScoreColumn:
        return tr("Score");
    case UpdatedColumn:
        return tr("Updated");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RelationshipTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() < 0 ||
        size_t(index.row()) >= m_visible.size() || index.column() < 0 ||
        index.column() >= ColumnCount)
        return {};
    const int row = m_visible[size_t(index.row())];
    const RelationshipRows& rows = m_store->rows();
    const RelationshipRow& fields = rows.row(row);
    const ColumnCatalog& catalog = m_store->catalog();
    const auto column = Column(index.column());

    const auto statusLabel = [&](RelationshipStatus status) {
        return status == RelationshipStatus::Unknown ? rows.statusText(row)
                                                     : statusDisplayName(status);
    };
    const auto typeLabel = [&] {
        return fields.type == RelationshipType::Unknown ? rows.typeText(row)
                                                        : typeDisplayName(fields.type);
    };

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case FromColumn:
            return catalog.columnLabel(fields.fromColumnId);
        case ToTableColumn:
            return catalog.tableLabel(fields.toTableId);
        case ToColumnColumn:
            return rows.toColumnName(row);
        case TypeColumn:
            return typeLabel();
        case StatusColumn: {
            const QString label = statusLabel(m_store->effectiveStatus(row));
            switch (m_store->delivery(row)) {
            case DeliveryState::None:
                return label;
            case DeliveryState::Pending:
                return tr("%1 …", "status of a decision not yet confirmed by the server")
                    .arg(label);
            case DeliveryState::Failed:
                return tr("%1 (not saved)").arg(label);
            case DeliveryState::Gone:
                return tr("%1 (gone)").arg(label);
            case DeliveryState::Conflict:
                return tr("%1 (conflict)").arg(label);
            }
            return label;
        }
        case ScoreColumn:
            if (!hasScore(fields))
                return QStringLiteral("—");
            return scoreInRange(fields.score) ? scoreText(fields.score)
                                              : scoreText(fields.score) + u" ⚠"_s;
        case UpdatedColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.updatedAtMs),
                                      QLocale::ShortFormat);
        case ColumnCount:
            break;
        }
        return {};

    case Qt::ToolTipRole: {
        QString tip;
        switch (column) {
        case FromColumn:
            tip = catalog.columnLabel(fields.fromColumnId) % u'\n' %
                  tr("Column %1").arg(idText(fields.fromColumnId));
            if (const ColumnInfo* info = catalog.column(fields.fromColumnId);
                info && !info->dataType.isEmpty())
                tip += u'\n' % tr("Data type %1").arg(info->dataType);
            tip += u'\n' % tr("Relationship %1").arg(idText(fields.id));
            break;
        case ToTableColumn:
            tip = catalog.tableLabel(fields.toTableId) % u'\n' %
                  tr("Table %1").arg(idText(fields.toTableId));
            break;
        case ToColumnColumn:
            tip = rows.toColumnName(row);
            break;
        case TypeColumn:
            tip = fields.type == RelationshipType::Unknown
                      ? tr("A type this version does not know: %1").arg(rows.typeText(row))
                      : typeDisplayName(fields.type) % u" ("_s % rows.typeText(row) % u')';
            break;
        case StatusColumn: {
            const RelationshipStatus effective = m_store->effectiveStatus(row);
            tip = effective == RelationshipStatus::Unknown
                      ? tr("A status this version does not know: %1").arg(rows.statusText(row))
                      : statusDisplayName(effective);
            if (m_store->delivery(row) == DeliveryState::Pending)
                tip = tr("%1, waiting for the server to confirm (the server still says %2)")
                          .arg(tip, rows.statusText(row));
            break;
        }
        case ScoreColumn:
            if (!hasScore(fields))
                tip = tr("No score");
            else if (!scoreInRange(fields.score))
                tip = tr("%1: outside 0–1, the range scores are documented to have")
                          .arg(QLocale().toString(fields.score, 'g', 17));
            else
                tip = QLocale().toString(fields.score, 'g', 17);
            break;
        case UpdatedColumn:
            tip = tr("Updated %1 (%2)\nCreated %3 (%4)")
                      .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.updatedAtMs),
                                              QLocale::LongFormat),
                           formatTimestamp(fields.updatedAtMs),
                           QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.createdAtMs),
                                              QLocale::LongFormat),
                           formatTimestamp(fields.createdAtMs));
            break;
        case ColumnCount:
            break;
        }
        // Why a decision did not land matters wherever the pointer rests on the row.
        if (const RowReviewState* review = m_store->reviewState(row)) {
            QString why;
            switch (review->delivery) {
            case DeliveryState::None:
            case DeliveryState::Pending:
                break;
            case DeliveryState::Failed:
                why = tr("%1 was not saved: %2")
                          .arg(statusDisplayName(review->intendedStatus), review->message);
                break;
            case DeliveryState::Gone:
                why = tr("Gone from the server: %1").arg(review->message);
                break;
            case DeliveryState::Conflict:
                why =
                    tr("Changed on the server since it was decided here: %1").arg(review->message);
                break;
            }
            if (!why.isEmpty())
                tip += u"\n\n"_s % why;
        }
        return tip;
    }

    case Qt::TextAlignmentRole:
        if (column == ScoreColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};

    case SortRole:
        switch (column) {
        case FromColumn:
            return catalog.columnLabel(fields.fromColumnId);
        case ToTableColumn:
            return catalog.tableLabel(fields.toTableId);
        case ToColumnColumn:
            return rows.toColumnName(row);
        case TypeColumn:
            return int(fields.type);
        case StatusColumn:
            return int(m_store->effectiveStatus(row));
        case ScoreColumn:
            return hasScore(fields) ? fields.score : std::numeric_limits<double>::quiet_NaN();
        case UpdatedColumn:
            return fields.updatedAtMs;
        case ColumnCount:
            break;
        }
        return {};

    case StoreRowRole:
        return row;
    case RelationshipIdRole:
        return fields.id;
    case EffectiveStatusRole:
        return int(m_store->effectiveStatus(row));
    case DeliveryStateRole:
        return int(m_store->delivery(row));
    default:
        return {};
    }
}

RelationshipTableModel::SearchIndex& RelationshipTableModel::searchIndex()
{
    if (!m_searchIndex)
        m_searchIndex = std::make_shared<SearchIndex>(m_store->rows(), m_store->catalog());
    return *m_searchIndex;
}

// Only a pending decision makes the effective status differ from the server's, and a row becomes
// pending only through a change the store reports: rows never reported (nor pending when the rows
// were taken in) skip the store's overlay lookup, all but the rows decided in this session.
RelationshipStatus RelationshipTableModel::effectiveStatus(int storeRow) const
{
    if (m_reviewTouched[size_t(storeRow)])
        return m_store->effectiveStatus(storeRow);
    return m_store->rows().row(storeRow).status;
}

// Sort order of each column:
//  - names (from, to table, to column) by the label shown, case-insensitively (labelLess);
//  - type and status in the order of their enums (the review workflow: suggested, approved,
//    rejected), values this version does not know last, by their text; status is the effective
//    one, so a pending decision sorts as what it will be;
//  - score numerically, rows without a score last in both orders;
//  - updated by time.
// Ties keep store order in both directions, so every sort is deterministic.
void RelationshipTableModel::ensureOrder()
{
    if (m_sortJob) {
        // A worker is working the order out; the one shown stands until then, filters included.
        if (m_order.size() != size_t(m_store->size())) {
            resizeLarge(m_order, size_t(m_store->size()));
            std::iota(m_order.begin(), m_order.end(), 0);
        }
        return;
    }
    if (m_orderValid && m_changedSinceSort.empty())
        return;
    if (m_sortColumn < 0) {
        if (!m_orderValid) {
            resizeLarge(m_order, size_t(m_store->size()));
            std::iota(m_order.begin(), m_order.end(), 0);
        }
        m_changedSinceSort.clear();
        m_orderValid = true;
        return;
    }
    if (m_orderValid && m_orderKeys.size() == size_t(m_store->size()))
        repairOrder();
    else
        sortAllRows();
}

namespace {

SortKeyMaker makeSortKeys(int column, Qt::SortOrder order, const RelationshipRows& rows)
{
    SortKeyMaker keys;
    keys.column = SortKeyMaker::Column(column);
    keys.descending = order == Qt::DescendingOrder;
    keys.rows = &rows;
    return keys;
}

} // namespace

void RelationshipTableModel::sortAllRows()
{
    SearchIndex* index =
        SortKeyMaker::usesRanks(SortKeyMaker::Column(m_sortColumn)) ? &searchIndex() : nullptr;
    const auto effectiveOf = [this](int row) { return effectiveStatus(row); };
    sortRowsByColumn(m_store->rows(), index, m_sortColumn, m_sortOrder, effectiveOf, buffers(),
                     m_order, m_orderKeys, &m_orderKeysGeneration, nullptr);
    m_changedSinceSort.clear();
    m_orderValid = true;
}

// After decisions and server answers only their rows can have moved: take them out, and merge
// them back in at their new keys. One linear pass instead of a sort, so the first keystroke after
// a bulk decision stays as quick as any other. The ranks the other keys were made with must still
// hold; a new distinct name re-ranks every row and needs the full sort.
void RelationshipTableModel::repairOrder()
{
    const RelationshipRows& rows = m_store->rows();
    SortKeyMaker keys = makeSortKeys(m_sortColumn, m_sortOrder, rows);
    if (SortKeyMaker::usesRanks(keys.column)) {
        SearchIndex& index = searchIndex();
        index.bindRanks(keys, rows);
        if (index.generation != m_orderKeysGeneration) {
            sortAllRows();
            return;
        }
    }

    const auto count = size_t(m_store->size());
    std::sort(m_changedSinceSort.begin(), m_changedSinceSort.end());
    m_changedSinceSort.erase(std::unique(m_changedSinceSort.begin(), m_changedSinceSort.end()),
                             m_changedSinceSort.end());
    const auto effectiveOf = [this](int row) { return effectiveStatus(row); };
    Buffers& scratch = buffers();
    std::vector<quint8>& moved = scratch.flags;
    assignLarge(moved, count, quint8(0));
    std::vector<SortItem> movedItems;
    movedItems.reserve(m_changedSinceSort.size());
    for (int row : m_changedSinceSort) {
        movedItems.push_back({keys(row, effectiveOf), row});
        moved[size_t(row)] = 1;
    }
    std::sort(movedItems.begin(), movedItems.end(), itemLess);

    std::vector<int>& order = scratch.rows[0];
    std::vector<quint64>& orderKeys = scratch.byRow;
    order.clear();
    orderKeys.clear();
    reserveLarge(order, count);
    reserveLarge(orderKeys, count);
    auto next = movedItems.cbegin();
    const auto takeMoved = [&] {
        order.push_back(next->row);
        orderKeys.push_back(next->key);
        ++next;
    };
    for (size_t i = 0; i < m_order.size(); ++i) {
        const int row = m_order[i];
        if (moved[size_t(row)])
            continue;
        const quint64 key = m_orderKeys[i];
        while (next != movedItems.cend() &&
               (next->key < key || (next->key == key && next->row < row)))
            takeMoved();
        order.push_back(row);
        orderKeys.push_back(key);
    }
    while (next != movedItems.cend())
        takeMoved();
    m_order.swap(order);
    m_orderKeys.swap(orderKeys);
    m_changedSinceSort.clear();
}

RelationshipTableModel::Buffers& RelationshipTableModel::buffers()
{
    if (!m_buffers)
        m_buffers = std::make_unique<Buffers>();
    return *m_buffers;
}

// Matching runs in store order, reading the rows front to back; only the resulting flags are read
// in sort order. Reading the rows themselves in sort order would miss the cache on nearly every
// row of a large list.
void RelationshipTableModel::applyFilter()
{
    std::vector<int>& visible = buffers().visible;
    if (m_filter.isEmpty()) {
        reserveLarge(visible, m_order.size());
        visible.assign(m_order.cbegin(), m_order.cend());
        showVisibleBuffer();
        return;
    }
    const RelationshipRows& rows = m_store->rows();
    std::optional<TextSearch> search;
    if (!m_filter.text.isEmpty()) {
        SearchIndex& index = searchIndex();
        search.emplace(m_filter.text, *m_store, index.fromKey, index.from.labels, index.from.ids,
                       index.toTableKey, index.toTable.labels, index.toTable.ids);
    }
    // A query's verdicts come from its own pass over columns of the store (FilterEvaluation),
    // perhaps worked out ahead on a worker thread.
    const std::shared_ptr<const FilterMatches> queried = m_filter.queryMatches(m_store);
    const auto effectiveOf = [this](int row) { return effectiveStatus(row); };
    std::vector<quint8>& matches = buffers().flags;
    resizeLarge(matches, size_t(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        const RelationshipRow& fields = rows.row(row);
        matches[size_t(row)] = (!m_filter.type || fields.type == *m_filter.type) &&
                               (!m_filter.status || effectiveStatus(row) == *m_filter.status) &&
                               (!queried || queried->byRow[size_t(row)]) &&
                               (!search || search->matches(row, fields, effectiveOf));
    }
    visible.clear();
    reserveLarge(visible, m_order.size());
    for (int row : m_order) {
        if (matches[size_t(row)])
            visible.push_back(row);
    }
    showVisibleBuffer();
}

// The buffer's rows become the view's; the previous ones' memory is kept for the next time.
void RelationshipTableModel::showVisibleBuffer()
{
    m_visible.swap(buffers().visible);
    assignLarge(m_viewOfRow, size_t(m_store->size()), -1);
    for (size_t view = 0; view < m_visible.size(); ++view)
        m_viewOfRow[size_t(m_visible[view])] = int(view);
}

void RelationshipTableModel::rebuild()
{
    beginResetModel();
    cancelSortJob();
    // Another list: memory sized for the last one goes.
    m_searchIndex.reset();
    m_buffers.reset();
    m_orderValid = false;
    std::vector<quint64>().swap(m_orderKeys);
    m_changedSinceSort.clear();
    assignLarge(m_reviewTouched, size_t(m_store->size()), quint8(0));
    if (m_store->pendingCount() > 0) {
        for (int row = 0; row < m_store->size(); ++row)
            m_reviewTouched[size_t(row)] = m_store->delivery(row) == DeliveryState::Pending;
    }
    // Rows sorted ahead by the loader (see updateOrderPreparer()) go straight in; a large list
    // sorted here shows in store order until a worker has sorted it.
    std::shared_ptr<RowSortOrder> prepared = m_store->takePreparedOrder();
    std::vector<int> preparedViewRows;
    std::vector<int> preparedViewRowOfRow;
    if (prepared) {
        preparedViewRows.swap(prepared->viewRows);
        preparedViewRowOfRow.swap(prepared->viewRowOfRow);
    }
    const bool adopted = prepared && m_sortColumn >= 0 &&
                         (m_sortColumn != StatusColumn || m_store->pendingCount() == 0) &&
                         adoptOrder(std::move(*prepared));
    if (!adopted && sortsOnWorker()) {
        resizeLarge(m_order, size_t(m_store->size()));
        std::iota(m_order.begin(), m_order.end(), 0);
        startSortJob();
    }
    ensureOrder();
    const auto count = size_t(m_store->size());
    if (adopted && m_filter.isEmpty() && preparedViewRows.size() == count &&
        preparedViewRowOfRow.size() == count) {
        m_visible.swap(preparedViewRows);
        m_viewOfRow.swap(preparedViewRowOfRow);
    } else {
        applyFilter();
    }
    endResetModel();
    ++m_visibleSetGeneration;
    emit visibleRowsChanged();
    reportSorting();
}

void RelationshipTableModel::setFilter(const RelationshipFilter& filter)
{
    // Applying an unchanged filter is not a no-op: it drops the rows decided away from it.
    beginResetModel();
    m_filter = filter;
    // The order covers every row, so filtering it keeps the sort: no sort per keystroke.
    ensureOrder();
    applyFilter();
    endResetModel();
    ++m_visibleSetGeneration;
    emit visibleRowsChanged();
}

void RelationshipTableModel::sort(int column, Qt::SortOrder order)
{
    const int sortColumn = column >= 0 && column < ColumnCount ? column : -1;
    const bool unchanged = sortColumn == m_sortColumn && order == m_sortOrder;
    m_sortColumn = sortColumn;
    m_sortOrder = order;
    updateOrderPreparer();
    if (sortsOnWorker() && size_t(m_store->size()) == m_viewOfRow.size()) {
        // The same sort again only has to put the rows decided since in place (the repair is
        // what a full sort would give), which is quick enough here unless they are many.
        const bool repairs = unchanged && m_orderValid && !m_sortJob &&
                             m_changedSinceSort.size() < size_t(m_asyncSortThreshold) / 4;
        if (!repairs) {
            m_orderValid = false;
            startSortJob(); // the rows keep their order until the worker's arrives
            reportSorting();
            return;
        }
    } else {
        m_orderValid = false;
        cancelSortJob();
    }
    resortKeepingRows();
    reportSorting();
}

bool RelationshipTableModel::sortsOnWorker() const
{
    return m_sortColumn >= 0 && m_store->size() >= m_asyncSortThreshold;
}

// What the loader sorts new rows by: the current sort, by value, so that the worker thread that
// calls it never touches the model.
void RelationshipTableModel::updateOrderPreparer()
{
    if (m_sortColumn < 0) {
        m_store->setOrderPreparer({});
        return;
    }
    m_store->setOrderPreparer([column = m_sortColumn, order = m_sortOrder](
                                  const RelationshipRows& rows, const ColumnCatalog& catalog) {
        auto prepared = std::make_shared<RowSortOrder>(
            computeRowSortOrder(rows, catalog, column, order, StatusOverrides()));
        addViewRows(*prepared);
        return prepared;
    });
}

// A sort result made elsewhere becomes the model's order, when it still fits: the sort, the row
// count and, for names, the labels. Rows changed since it was started are put in place by
// ensureOrder(), as after any change.
bool RelationshipTableModel::adoptOrder(RowSortOrder&& order)
{
    if (!order.matches(m_sortColumn, m_sortOrder, m_store->size()))
        return false;
    if (order.labelIndex) {
        // Names may have come in since (the columns endpoint answers late).
        if (order.labelIndex->relabel(m_store->catalog()) &&
            (m_sortColumn == FromColumn || m_sortColumn == ToTableColumn))
            return false;
        m_searchIndex = std::move(order.labelIndex);
        m_searchIndex->updateRows(*m_store, m_changedSinceSort);
    } else if (SortKeyMaker::usesRanks(SortKeyMaker::Column(m_sortColumn))) {
        return false;
    }
    m_order = std::move(order.rows);
    m_orderKeys = std::move(order.keys);
    m_orderKeysGeneration = order.rankGeneration;
    m_orderValid = true;
    return true;
}

// What a sort job reads: the store's rows under a lease (server answers wait meanwhile), and
// copies of everything else, so that it never touches the model or the store.
struct RelationshipTableModel::SortJob
{
    std::shared_ptr<const RelationshipRows> rows;
    ColumnCatalog catalog;
    StatusOverrides overrides;
    int column = -1;
    Qt::SortOrder order = Qt::AscendingOrder;
    std::atomic_bool cancelled = false;
    RowSortOrder result;
};

// Supersedes a running job. Rows changed before now are in what the new job reads; the ones
// changed while it runs are noted by onRowsChanged() and put in place when it ends.
void RelationshipTableModel::startSortJob()
{
    if (m_sortJob)
        m_sortJob->cancelled = true;
    auto job = std::make_shared<SortJob>();
    job->rows = m_store->leaseRows();
    job->catalog = m_store->catalog();
    job->column = m_sortColumn;
    job->order = m_sortOrder;
    if (m_sortColumn == StatusColumn)
        job->overrides = m_store->pendingStatuses();
    m_sortJob = job;
    m_changedSinceSort.clear();
    ++m_asyncSorts;

    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    m_sortWatcher.setFuture(promise->future());
    QThreadPool::globalInstance()->start([job, promise] {
        yieldToTheUiThread();
        job->result = computeRowSortOrder(*job->rows, job->catalog, job->column, job->order,
                                          job->overrides, &job->cancelled);
        job->rows.reset();
        addViewRows(job->result); // for a view that shows every row, the common case // the lease
                                  // ends here, not when the UI thread gets to the result
        promise->finish();
    });
}

void RelationshipTableModel::cancelSortJob()
{
    if (!m_sortJob)
        return;
    m_sortJob->cancelled = true;
    m_sortJob.reset();
}

void RelationshipTableModel::onSortJobFinished()
{
    // The watcher follows the newest job only; a superseded one never reports.
    const std::shared_ptr<SortJob> job = m_sortJob;
    if (!job || job->cancelled)
        return;
    RowSortOrder viewRows;
    viewRows.viewRows.swap(job->result.viewRows);
    viewRows.viewRowOfRow.swap(job->result.viewRowOfRow);
    if (job->result.cancelled || !adoptOrder(std::move(job->result))) {
        startSortJob(); // the names changed under it
        return;
    }
    m_sortJob.reset();
    resortKeepingRows(&viewRows);
    reportSorting();
}

void RelationshipTableModel::reportSorting()
{
    if (bool(m_sortJob) == m_sortingReported)
        return;
    m_sortingReported = bool(m_sortJob);
    emit sortingChanged(m_sortingReported);
}

// Re-orders the rows shown without re-deciding which are shown, and moves the persistent indexes
// (current row, selection) along with their rows.
// `viewRowsMadeAhead` (from a worker, of the order just adopted) stand in for the view's rows
// when every row is shown and none changed since: then they are what the loop below makes.
void RelationshipTableModel::resortKeepingRows(RowSortOrder* viewRowsMadeAhead)
{
    if (size_t(m_store->size()) != m_viewOfRow.size()) {
        rebuild(); // rows were added without a reset: nothing to keep
        return;
    }
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> storeRowsBefore;
    storeRowsBefore.reserve(size_t(before.size()));
    for (const QModelIndex& index : before)
        storeRowsBefore.push_back(m_visible[size_t(index.row())]);

    const bool allShown = m_visible.size() == m_viewOfRow.size() && m_changedSinceSort.empty();
    ensureOrder();
    if (allShown && viewRowsMadeAhead && viewRowsMadeAhead->viewRows.size() == m_visible.size() &&
        viewRowsMadeAhead->viewRowOfRow.size() == m_viewOfRow.size()) {
        m_visible.swap(viewRowsMadeAhead->viewRows);
        m_viewOfRow.swap(viewRowsMadeAhead->viewRowOfRow);
    } else {
        std::vector<int>& visible = buffers().visible;
        visible.clear();
        reserveLarge(visible, m_visible.size());
        for (int row : m_order) {
            if (m_viewOfRow[size_t(row)] >= 0)
                visible.push_back(row);
        }
        showVisibleBuffer();
    }

    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after.append(index(m_viewOfRow[size_t(storeRowsBefore[size_t(i)])], before[i].column()));
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    emit visibleRowsChanged();
}

// A decided row keeps its place and stays visible even when it no longer matches the filter or
// would now sort elsewhere, until the filter or the sort is applied again (as a mail client
// keeps a read message in an "unread" view): rows jumping away under the keyboard while an
// analyst goes down the list with A and R would lose their place.
void RelationshipTableModel::onRowsChanged(const QList<int>& rows)
{
    if (size_t(m_store->size()) != m_viewOfRow.size()) {
        rebuild();
        return;
    }
    if (m_searchIndex)
        m_searchIndex->updateRows(*m_store, rows);
    for (int row : rows) {
        if (row >= 0 && row < m_store->size()) {
            m_reviewTouched[size_t(row)] = 1;
            if (m_sortColumn >= 0)
                m_changedSinceSort.push_back(row);
        }
    }
    if (m_changedSinceSort.size() > size_t(m_store->size())) {
        // Cheaper to sort again than to repair.
        if (m_sortJob) {
            startSortJob();
        } else {
            m_orderValid = false;
            m_changedSinceSort.clear();
        }
    }
    int first = std::numeric_limits<int>::max();
    int last = -1;
    for (int row : rows) {
        const int view = viewRow(row);
        if (view < 0)
            continue;
        first = std::min(first, view);
        last = std::max(last, view);
    }
    if (last >= 0)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

// Names usually arrive after the rows (the columns endpoint answers later). A sort by a name
// column is re-applied, since an order by short ids means nothing once names show; the filter is
// not, for the same reason as in onRowsChanged.
void RelationshipTableModel::onCatalogChanged()
{
    m_searchIndex.reset();
    if (m_sortColumn == FromColumn || m_sortColumn == ToTableColumn) {
        m_orderValid = false;
        if (sortsOnWorker() && size_t(m_store->size()) == m_viewOfRow.size())
            startSortJob();
        else
            resortKeepingRows();
        reportSorting();
    }
    if (!m_visible.empty())
        emit dataChanged(index(0, FromColumn), index(rowCount() - 1, ToTableColumn));
}
