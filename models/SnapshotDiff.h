#pragma once

#include "RelationshipRows.h"

#include <QByteArrayView>
#include <QStringList>

#include <atomic>
#include <vector>

// Two lists of relationships (two snapshots, a saved list and a snapshot, the open list and a
// snapshot) compared by what lasts across pipeline runs: the column pair (from_column_id,
// to_table_id, to_column_name). Ids may differ: a re-run suggests the same link under a new id.
//
// Matched pairs are changed when their status, score, type or evidence differ (evidence compared
// as JSON: the bytes first, then a hash that ignores spacing and the order of object members, so
// that nothing is parsed into a document). Every row of either list ends up in exactly one of
// added (new only), removed (old only), changed or unchanged.
//
// A pair that appears more than once in one list is not dropped: its k-th occurrence in the old
// list is matched with its k-th occurrence in the new one (so a pair repeated alike in both is
// unchanged), the rest count as added or removed, and every repetition is listed in duplicates().
//
// Memory: beyond the two lists, a hash table of the distinct pairs (16 bytes a slot, at most half
// full) and 9 bytes per row; a pass reads each row once, evidence only of matched rows.
class SnapshotDiff
{
public:
    enum Field : quint8 {
        StatusField = 1,
        ScoreField = 2,
        TypeField = 4,
        EvidenceField = 8,
    };
    // A row's place in the comparison (a new row is unchanged, added or changed; an old one
    // unchanged, changed or removed).
    enum class State : quint8 { Unchanged, Added, Changed, Removed };

    struct Change
    {
        int oldRow = -1;
        int newRow = -1;
        quint8 fields = 0; // Field bits
    };
    struct Duplicate
    {
        bool inNew = false; // else in the old list
        int row = -1;       // the repetition
        int firstRow = -1;  // the pair's first row in the same list
    };

    SnapshotDiff() = default;

    // Checks `stop` now and then; a stopped diff is empty and isCancelled().
    static SnapshotDiff compute(const RelationshipRows& oldRows, const RelationshipRows& newRows,
                                const std::atomic_bool* stop = nullptr);

    bool isCancelled() const { return m_cancelled; }
    int oldCount() const { return int(m_removedOld.size()); }
    int newCount() const { return int(m_oldRowOfNew.size()); }

    const std::vector<int>& addedRows() const { return m_added; }     // new rows, ascending
    const std::vector<int>& removedRows() const { return m_removed; } // old rows, ascending
    const std::vector<Change>& changed() const { return m_changed; }  // by ascending new row
    int unchangedCount() const { return m_unchanged; }
    const std::vector<Duplicate>& duplicates() const { return m_duplicates; }

    // Of a new row: the old row it was matched with (-1: added), the fields that changed.
    int oldRowOf(int newRow) const { return m_oldRowOfNew[size_t(newRow)]; }
    quint8 changedFields(int newRow) const { return m_fieldsOfNew[size_t(newRow)]; }
    State stateOfNew(int newRow) const;
    bool isRemoved(int oldRow) const { return m_removedOld[size_t(oldRow)] != 0; }

    // "status", "score", "type", "evidence": the API's names of the fields in `fields`.
    static QStringList fieldNames(quint8 fields);

    // Whether two evidence documents are the same JSON (see the class comment). Bytes that are not
    // JSON compare by their bytes.
    static bool sameEvidence(QByteArrayView a, QByteArrayView b);
    // The hash sameEvidence() compares: equal for documents that differ only in spacing or in the
    // order of object members.
    static quint64 evidenceHash(QByteArrayView json);

    // Bytes this diff holds (for the benchmark).
    qint64 memoryBytes() const;

private:
    std::vector<qint32> m_oldRowOfNew;
    std::vector<quint8> m_fieldsOfNew;
    std::vector<quint8> m_removedOld;
    std::vector<int> m_added;
    std::vector<int> m_removed;
    std::vector<Change> m_changed;
    std::vector<Duplicate> m_duplicates;
    int m_unchanged = 0;
    bool m_cancelled = false;
};
