#pragma once

#include "ColumnCatalog.h"
#include "ListSnapshot.h"
#include "RelationshipRows.h"
#include "RowDiffStates.h"
#include "SnapshotDiff.h"

#include <QString>

#include <atomic>
#include <memory>

class FilterColumns;
class RelationshipStore;

// The open list compared with another (File → Compare with…): the SnapshotDiff of the compared
// list (old) against the open one (new), the diff state of each row of both for the filter's diff:
// terms and the table's diff column, and the compared list itself, whose removed rows the table
// shows greyed and read-only. Made on a worker (compute()); used on the UI thread, where its
// compared list gets a RelationshipStore of its own on first use (so that filters and the table
// read it as they read the open list).
class ListComparison
{
public:
    // Off the UI thread. Null when `stop` ended it.
    static std::shared_ptr<ListComparison> compute(const QString& label,
                                                   std::shared_ptr<const ListSnapshot> current,
                                                   RelationshipRows oldRows,
                                                   ColumnCatalog oldCatalog,
                                                   const std::atomic_bool* stop = nullptr);
    ~ListComparison();

    const QString& label() const { return m_label; }                 // the compared file's name
    quint64 listVersion() const { return m_current->listVersion(); } // of the open list compared
    const ListSnapshot& current() const { return *m_current; }
    const RelationshipRows& oldRows() const { return m_oldRows; }
    const ColumnCatalog& oldCatalog() const { return m_oldCatalog; }
    const SnapshotDiff& diff() const { return m_diff; }
    const std::shared_ptr<const RowDiffStates>& currentStates() const { return m_currentStates; }
    const std::shared_ptr<const RowDiffStates>& oldStates() const { return m_oldStates; }

    // The compared list as a store, and its columns as the filter reads them (UI thread only;
    // made on first use).
    RelationshipStore* oldStore() const;
    FilterColumns* oldColumns() const;

private:
    ListComparison() = default;

    QString m_label;
    std::shared_ptr<const ListSnapshot> m_current;
    RelationshipRows m_oldRows;
    ColumnCatalog m_oldCatalog;
    SnapshotDiff m_diff;
    std::shared_ptr<const RowDiffStates> m_currentStates;
    std::shared_ptr<const RowDiffStates> m_oldStates;
    mutable std::unique_ptr<RelationshipStore> m_oldStore;
    mutable std::unique_ptr<FilterColumns> m_oldColumns;
};
