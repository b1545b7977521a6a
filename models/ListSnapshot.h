#pragma once

#include "ColumnCatalog.h"
#include "ListLabels.h"
#include "RelationshipRows.h"

#include <QtGlobal>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

// One version of the open list, immutable once published: the rows (in chunks shared with the
// versions before and after it, see RelationshipRows), the catalog of names, the per-value label
// and rank tables (ListLabels), and a version number. The RelationshipStore publishes a new one
// after a load, a batch of server answers or new names, as std::shared_ptr<const ListSnapshot>.
// Readers write nothing back: a worker (the table model's sort, the filter columns' build) holds
// the snapshot it started with for as long as it runs (no lock, no lease); the UI thread then drops
// its result (a new list) or brings it up to date with the rows changed since (changedRows() of
// each version after it, the same rows rowsChanged() names).
//
// The review overlay (pending, failed, conflict) is not part of it: it changes with every key
// press and lives on the UI thread (ReviewOverlay); readers that need it take a copy along.
class ListSnapshot
{
public:
    ListSnapshot(); // the empty list, version 0
    // `changedRows`: the rows that differ from version `previous` (by ascending row); a new list
    // has no previous version (0) and counts as all changed.
    // (`rows` is not a const object: the store may reuse it for the next version when it is
    // the only one holding this one.)
    ListSnapshot(quint64 version, std::shared_ptr<RelationshipRows> rows, ColumnCatalog catalog,
                 quint64 previous = 0, std::vector<int> changedRows = {});

    quint64 version() const { return m_version; }
    const RelationshipRows& rows() const { return *m_rows; }
    const std::shared_ptr<const RelationshipRows>& sharedRows() const { return m_rows; }
    const ColumnCatalog& catalog() const { return m_catalog; }
    int size() const { return m_rows->size(); }
    // The label and rank tables of these rows and names: carried over from the version before
    // (updated for its changes) when that one had them, else made on first use, on whichever
    // thread asks first (the others wait for it). A sort or filter build on a worker is what
    // usually makes them for a new list.
    const ListLabels& labels() const { return *sharedLabels(); }
    const std::shared_ptr<const ListLabels>& sharedLabels() const;
    // Whether labels() answers without making them.
    bool hasLabels() const { return m_labelsMade.load(std::memory_order_acquire); }

    // The version this one was made from, and the rows that changed since it (empty when only
    // the names changed). 0 for a new list.
    quint64 previousVersion() const { return m_previous; }
    const std::vector<int>& changedRows() const { return m_changedRows; }
    // Whether `other` is of the same list (made from it by answers or names, or the other way
    // round): its rows keep their indexes.
    quint64 listVersion() const { return m_listVersion; }

private:
    friend class RelationshipStore;
    void carryLabels(std::shared_ptr<const ListLabels> labels); // before publishing
    quint64 m_version = 0;
    quint64 m_previous = 0;
    quint64 m_listVersion = 0; // the version of the load this list came from
    std::shared_ptr<const RelationshipRows> m_rows;
    ColumnCatalog m_catalog;
    std::vector<int> m_changedRows;
    mutable std::once_flag m_labelsOnce;
    mutable std::shared_ptr<const ListLabels> m_labels;
    mutable std::atomic_bool m_labelsMade = false;
};
