#pragma once

#include "ColumnCatalog.h"
#include "HugePageVectors.h"
#include "RelationshipStore.h"
#include "SortKeyMaker.h"

#include <QString>
#include <QUuid>

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

// Labels and sort ranks per distinct value. Rows point at a few thousand distinct columns and
// tables; resolving, comparing and searching those once instead of once per row is what makes a
// sort or a keystroke on a million rows cheap. Used by one thread at a time.
struct RowLabelIndex
{
    static constexpr quint32 NoKey = std::numeric_limits<quint32>::max();
    // Dense ranks of `labels` in the order of every name column: equal labels share a rank.
    static std::vector<quint32> ranksOf(const std::vector<QString>& labels);
    // Changes whenever label ranks are computed anywhere (on any thread), so a sort can tell
    // whether the ranks its keys were made with still hold.
    static quint64 nextGeneration();

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
    quint64 generation = nextGeneration();

    const std::vector<quint32>& fromRanks() { return ranked(from); }
    const std::vector<quint32>& toTableRanks() { return ranked(toTable); }
    const std::vector<quint32>& ranked(Distinct& distinct)
    {
        if (distinct.ranks.size() != distinct.labels.size()) {
            distinct.rankVector();
            generation = nextGeneration();
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
        generation = nextGeneration();
        return poolRanks;
    }
};
