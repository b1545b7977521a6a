#include "ListLabels.h"

#include "ColumnCatalog.h"
#include "HugePageVectors.h"
#include "RelationshipRows.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace {

// Distinct ids to dense keys by open addressing (key + 1 per slot; 0 is empty): a million lookups
// per build cost a third of what QHash's nodes do.
struct KeyTable
{
    std::vector<QUuid> ids;
    std::vector<quint32> keySlots = std::vector<quint32>(64, 0);

    static size_t hashOf(const QUuid& id)
    {
        quint64 halves[2];
        static_assert(sizeof(QUuid) == sizeof halves);
        std::memcpy(halves, &id, sizeof halves);
        const quint64 hash = halves[0] * 0x9e3779b97f4a7c15ULL ^ halves[1] * 0xc2b2ae3d27d4eb4fULL;
        return size_t(hash ^ (hash >> 29));
    }

    quint32 find(const QUuid& id) const
    {
        const size_t mask = keySlots.size() - 1;
        for (size_t slot = hashOf(id) & mask; keySlots[slot] != 0; slot = (slot + 1) & mask) {
            if (ids[keySlots[slot] - 1] == id)
                return keySlots[slot] - 1;
        }
        return ListLabels::NoKey;
    }

    quint32 keyOf(const QUuid& id)
    {
        const size_t mask = keySlots.size() - 1;
        size_t slot = hashOf(id) & mask;
        for (; keySlots[slot] != 0; slot = (slot + 1) & mask) {
            if (ids[keySlots[slot] - 1] == id)
                return keySlots[slot] - 1;
        }
        const auto key = quint32(ids.size());
        ids.push_back(id);
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
};

// The order of every name column: case-insensitive first, then case-sensitive so that the order is
// total and two labels are equivalent only when they are identical.
bool labelLess(const QString& a, const QString& b)
{
    const int folded = QString::compare(a, b, Qt::CaseInsensitive);
    if (folded != 0)
        return folded < 0;
    return a < b;
}

std::atomic<quint64> lastRankGeneration = 0; // labels are made on several threads

} // namespace

struct ListLabels::Keys
{
    std::vector<quint32> fromKey;    // per row
    std::vector<quint32> toTableKey; // per row
    KeyTable from;
    KeyTable toTable;
};

struct ListLabels::Names
{
    std::vector<QString> fromLabels;
    std::vector<QString> toTableLabels;
    std::vector<quint32> fromRanks;
    std::vector<quint32> toTableRanks;

    static std::shared_ptr<const Names> of(const Keys& keys, const ColumnCatalog& catalog)
    {
        auto names = std::make_shared<Names>();
        names->fromLabels.reserve(keys.from.ids.size());
        for (const QUuid& id : keys.from.ids)
            names->fromLabels.push_back(catalog.columnLabel(id));
        names->toTableLabels.reserve(keys.toTable.ids.size());
        for (const QUuid& id : keys.toTable.ids)
            names->toTableLabels.push_back(catalog.tableLabel(id));
        names->fromRanks = ranksOf(names->fromLabels);
        names->toTableRanks = ranksOf(names->toTableLabels);
        return names;
    }
};

struct ListLabels::Pool
{
    std::vector<quint32> ranks; // by string pool id
    std::vector<char> ranked;   // by string pool id: has a rank in `ranks`

    bool knows(quint32 id) const { return id < ranked.size() && ranked[id]; }

    // Ranks of every interned string a row shows (to column names, type and status texts).
    static std::shared_ptr<const Pool> of(const RelationshipRows& rows)
    {
        std::vector<quint32> ids;
        std::vector<QString> texts;
        auto pool = std::make_shared<Pool>();
        std::vector<char>& seen = pool->ranked;
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
        pool->ranks.assign(seen.size(), 0);
        for (size_t i = 0; i < ids.size(); ++i)
            pool->ranks[ids[i]] = ranks[i];
        return pool;
    }
};

ListLabels::ListLabels(std::shared_ptr<const Keys> keys, std::shared_ptr<const Names> names,
                       std::shared_ptr<const Pool> pool, quint64 nameRankGeneration,
                       quint64 poolRankGeneration)
    : m_keys(std::move(keys))
    , m_names(std::move(names))
    , m_pool(std::move(pool))
    , m_nameRankGeneration(nameRankGeneration)
    , m_poolRankGeneration(poolRankGeneration)
{}

std::shared_ptr<const ListLabels> ListLabels::make(const RelationshipRows& rows,
                                                   const ColumnCatalog& catalog,
                                                   const std::atomic_bool* stop)
{
    auto keys = std::make_shared<Keys>();
    const int count = rows.size();
    resizeLarge(keys->fromKey, size_t(count));
    resizeLarge(keys->toTableKey, size_t(count));
    QUuid lastFrom;
    QUuid lastToTable;
    quint32 lastFromKey = NoKey;
    quint32 lastToTableKey = NoKey;
    constexpr int StopCheckRows = 1 << 16;
    for (int row = 0; row < count; ++row) {
        if (row % StopCheckRows == 0 && stop && stop->load(std::memory_order_relaxed))
            return {};
        // Rows of one column tend to come together: skip the hash when the id repeats.
        const RelationshipRow& fields = rows.row(row);
        if (lastFromKey == NoKey || fields.fromColumnId != lastFrom) {
            lastFrom = fields.fromColumnId;
            lastFromKey = keys->from.keyOf(lastFrom);
        }
        if (lastToTableKey == NoKey || fields.toTableId != lastToTable) {
            lastToTable = fields.toTableId;
            lastToTableKey = keys->toTable.keyOf(lastToTable);
        }
        keys->fromKey[size_t(row)] = lastFromKey;
        keys->toTableKey[size_t(row)] = lastToTableKey;
    }
    std::shared_ptr<const Names> names = Names::of(*keys, catalog);
    std::shared_ptr<const Pool> pool = Pool::of(rows);
    return std::make_shared<const ListLabels>(std::move(keys), std::move(names), std::move(pool),
                                              ++lastRankGeneration, ++lastRankGeneration);
}

// Server answers rarely move a row to another column or table, or bring a string no row showed:
// then the labels are shared as they are. Otherwise only the part that changed is made again.
std::shared_ptr<const ListLabels>
ListLabels::update(const std::shared_ptr<const ListLabels>& previous, const RelationshipRows& rows,
                   const ColumnCatalog& catalog, const std::vector<int>& changedRows,
                   bool catalogChanged)
{
    std::shared_ptr<const Keys> keys = previous->m_keys;
    std::shared_ptr<Keys> copied; // made on the first row that points elsewhere
    bool newIds = false;
    bool newStrings = false;
    for (int row : changedRows) {
        if (row < 0 || size_t(row) >= keys->fromKey.size() || row >= rows.size())
            continue;
        const RelationshipRow& fields = rows.row(row);
        const quint32 from = keys->from.find(fields.fromColumnId);
        const quint32 toTable = keys->toTable.find(fields.toTableId);
        if (from != keys->fromKey[size_t(row)] || toTable != keys->toTableKey[size_t(row)]) {
            if (!copied) {
                copied = std::make_shared<Keys>(*keys);
                keys = copied;
            }
            const size_t idsBefore = copied->from.ids.size() + copied->toTable.ids.size();
            copied->fromKey[size_t(row)] = copied->from.keyOf(fields.fromColumnId);
            copied->toTableKey[size_t(row)] = copied->toTable.keyOf(fields.toTableId);
            newIds = newIds || copied->from.ids.size() + copied->toTable.ids.size() != idsBefore;
        }
        const Pool& pool = *previous->m_pool;
        newStrings = newStrings || !pool.knows(fields.toColumnName) ||
                     !pool.knows(fields.typeText) || !pool.knows(fields.statusText);
    }
    if (!copied && !newStrings && !catalogChanged)
        return previous;
    std::shared_ptr<const Names> names = previous->m_names;
    if (newIds || catalogChanged) {
        std::shared_ptr<const Names> renamed = Names::of(*keys, catalog);
        // Names often arrive as they were (a catalog re-read, the columns endpoint answering
        // with what the list already had): the ranks, and sort keys made with them, then hold.
        if (renamed->fromLabels != names->fromLabels ||
            renamed->toTableLabels != names->toTableLabels)
            names = std::move(renamed);
    }
    std::shared_ptr<const Pool> pool = newStrings ? Pool::of(rows) : previous->m_pool;
    if (!copied && names == previous->m_names && pool == previous->m_pool)
        return previous;
    const quint64 nameGeneration =
        names == previous->m_names ? previous->m_nameRankGeneration : ++lastRankGeneration;
    const quint64 poolGeneration =
        pool == previous->m_pool ? previous->m_poolRankGeneration : ++lastRankGeneration;
    return std::make_shared<const ListLabels>(std::move(keys), std::move(names), std::move(pool),
                                              nameGeneration, poolGeneration);
}

int ListLabels::size() const
{
    return int(m_keys->fromKey.size());
}

const std::vector<quint32>& ListLabels::fromKeys() const
{
    return m_keys->fromKey;
}

const std::vector<quint32>& ListLabels::toTableKeys() const
{
    return m_keys->toTableKey;
}

const std::vector<QUuid>& ListLabels::fromIds() const
{
    return m_keys->from.ids;
}

const std::vector<QUuid>& ListLabels::toTableIds() const
{
    return m_keys->toTable.ids;
}

const std::vector<QString>& ListLabels::fromLabels() const
{
    return m_names->fromLabels;
}

const std::vector<QString>& ListLabels::toTableLabels() const
{
    return m_names->toTableLabels;
}

const std::vector<quint32>& ListLabels::fromRanks() const
{
    return m_names->fromRanks;
}

const std::vector<quint32>& ListLabels::toTableRanks() const
{
    return m_names->toTableRanks;
}

const std::vector<quint32>& ListLabels::poolRanks() const
{
    return m_pool->ranks;
}

// Dense ranks of `labels` in labelLess order: equal labels share a rank, so comparing two ranks is
// comparing the labels, and the string comparisons happen once per distinct value.
std::vector<quint32> ListLabels::ranksOf(const std::vector<QString>& labels)
{
    std::vector<quint32> order(labels.size());
    std::iota(order.begin(), order.end(), 0U);
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
