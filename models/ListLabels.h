#pragma once

#include <QString>
#include <QUuid>
#include <QtGlobal>

#include <atomic>
#include <limits>
#include <memory>
#include <vector>

class ColumnCatalog;
class RelationshipRows;

// The per-value label and rank tables of one version of the list (ListSnapshot::labels()): each
// row's from column and to table as a dense key into the distinct ids, the label each distinct
// id shows (from the catalog), the sort rank of each label, and the sort rank of every interned
// string a row shows (to column names, type and status texts). Rows point at a few thousand
// distinct columns and tables: resolving, comparing and searching those once instead of once per
// row is what makes a sort, a filter keystroke or a triage count on a million rows cheap.
//
// Immutable once made, so that a sort, a filter pass and the triage counts read it on any thread.
// A version made from another by server answers or new names shares every part that did not
// change with it (update()); only a new list is made from scratch (make(), one pass over the
// rows: tens of milliseconds at 10^6 rows, on a worker).
class ListLabels
{
public:
    static constexpr quint32 NoKey = std::numeric_limits<quint32>::max();

    // The labels of `rows` named by `catalog`; null when `stop` was set before the end.
    static std::shared_ptr<const ListLabels> make(const RelationshipRows& rows,
                                                  const ColumnCatalog& catalog,
                                                  const std::atomic_bool* stop = nullptr);
    // `previous` (made for an earlier version of the same list) brought up to `rows` and
    // `catalog`, where only `changedRows` may differ from the rows it was made for, and the
    // names only when `catalogChanged`.
    static std::shared_ptr<const ListLabels>
    update(const std::shared_ptr<const ListLabels>& previous, const RelationshipRows& rows,
           const ColumnCatalog& catalog, const std::vector<int>& changedRows, bool catalogChanged);

    int size() const;                                  // rows
    const std::vector<quint32>& fromKeys() const;      // per row: into fromIds() and the rest
    const std::vector<quint32>& toTableKeys() const;   // per row: into toTableIds() and the rest
    const std::vector<QUuid>& fromIds() const;         // per from key
    const std::vector<QUuid>& toTableIds() const;      // per to table key
    const std::vector<QString>& fromLabels() const;    // per from key
    const std::vector<QString>& toTableLabels() const; // per to table key
    // Dense ranks in the order of every name column (case-insensitive, then case-sensitive):
    // equal labels share a rank.
    const std::vector<quint32>& fromRanks() const;    // per from key
    const std::vector<quint32>& toTableRanks() const; // per to table key
    const std::vector<quint32>& poolRanks() const;    // per string pool id a row shows
    // Change whenever those ranks may have (new names, a new distinct value, a new string): sort
    // keys made with ranks of one generation compare with keys made later only while it holds.
    quint64 nameRankGeneration() const { return m_nameRankGeneration; } // from/to table ranks
    quint64 poolRankGeneration() const { return m_poolRankGeneration; } // poolRanks()

    // Dense ranks of `labels` in the order of every name column.
    static std::vector<quint32> ranksOf(const std::vector<QString>& labels);

    // Public for std::make_shared; built by make() and update().
    struct Keys;
    struct Names;
    struct Pool;
    ListLabels(std::shared_ptr<const Keys> keys, std::shared_ptr<const Names> names,
               std::shared_ptr<const Pool> pool, quint64 nameRankGeneration,
               quint64 poolRankGeneration);

private:
    std::shared_ptr<const Keys> m_keys;   // from/to table keys per row, the distinct ids
    std::shared_ptr<const Names> m_names; // labels and ranks per key
    std::shared_ptr<const Pool> m_pool;   // ranks per string pool id
    quint64 m_nameRankGeneration = 0;
    quint64 m_poolRankGeneration = 0;
};
