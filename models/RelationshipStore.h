#pragma once

#include "ColumnCatalog.h"
#include "ListSnapshot.h"
#include "Relationship.h"
#include "RelationshipRows.h"
#include "ReviewOverlay.h"
#include "RowSortOrder.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class EarlierDecisions;

// Owns the open list, as a series of immutable versions (ListSnapshot: one per load, batch of
// server answers or new names), and the ReviewOverlay (pending, failed, gone, conflict) laid on
// top of the server's state; the overlay is the one writer of that state, and the store forwards
// its signals (rowsChanged, pendingCountChanged) and its read accessors, so that views listen to
// the store alone. Lives on the UI thread; item models and charts are views over it. Work on
// another thread takes snapshot() along: it stays as it was while newer versions are published.
class RelationshipStore : public QObject
{
    Q_OBJECT
public:
    explicit RelationshipStore(QObject* parent = nullptr);
    ~RelationshipStore() override;

    // Replaces everything (after a load). Emits reset().
    void adopt(RelationshipRows rows, ColumnCatalog catalog);
    // The same, with what a loader worked out ahead on its thread (see LoadJob), either may be
    // null: the rows' labels (made for them, with these names or earlier ones: they are renamed
    // here), and their order (by sortSpec()), which the table model takes during reset() instead
    // of sorting, when it still fits the sort and the rows.
    void adopt(RelationshipRows rows, ColumnCatalog catalog,
               std::shared_ptr<const ListLabels> labels,
               std::shared_ptr<RowSortOrder> preparedOrder);
    // The order adopt() was given, once (the table model takes it); null when none.
    std::shared_ptr<RowSortOrder> takePreparedOrder() { return std::move(m_preparedOrder); }

    // The sort the views show, as a value: a loader sorts new rows by it on its worker thread
    // before they reach the store (so no list shows unsorted first, and the UI thread does not
    // sort them). Set by the table model.
    void setSortSpec(RowSortSpec spec) { m_sortSpec = spec; }
    RowSortSpec sortSpec() const { return m_sortSpec; }

    // The list as it is now, to read on any thread: never changes once published.
    std::shared_ptr<const ListSnapshot> snapshot() const { return m_snapshot; }
    quint64 version() const { return m_snapshot->version(); }

    // Rows whose effective status differs from their own (pending decisions), by ascending row.
    std::vector<std::pair<int, RelationshipStatus>> pendingStatuses() const
    {
        return m_overlay.pendingStatuses();
    }
    void clear();
    void setCatalog(ColumnCatalog catalog); // emits catalogChanged()

    // Of the current snapshot (on the UI thread: a reference stays valid until the next
    // version is published).
    const RelationshipRows& rows() const { return m_snapshot->rows(); }
    const ColumnCatalog& catalog() const { return m_snapshot->catalog(); }
    int size() const { return m_snapshot->size(); }

    // The status the row shows: the intended one while a decision is pending, else the server's.
    RelationshipStatus effectiveStatus(int row) const;
    const RowReviewState* reviewState(int row) const { return m_overlay.state(row); }
    DeliveryState delivery(int row) const { return m_overlay.delivery(row); }

    // The review state of the rows: its one writer (see ReviewOverlay).
    ReviewOverlay& overlay() { return m_overlay; }
    const ReviewOverlay& overlay() const { return m_overlay; }
    // What was decided before on the current list's column pairs, once worked out (set by the
    // session's CarriedForward, read by the table, the filter and the inspector); its child.
    EarlierDecisions* earlier() const { return m_earlier; }

    // Shorthands of overlay() for tests and fixtures; each emits rowsChanged() once for all rows
    // named. The application reports outcomes to overlay() itself.
    void markPending(const QList<int>& rows, RelationshipStatus intended)
    {
        m_overlay.markPending(rows, intended);
    }
    void markFailed(int row, const QString& message);
    void markGone(int row, const QString& message);
    void markConflict(int row, const QString& message);
    void clearReviewState(const QList<int>& rows) { m_overlay.clear(rows); }

    // The server's answer for a row: replaces it (in a new version) and clears its overlay.
    void applyServerAnswer(int row, const Relationship& relationship);
    // Many answers at once (a re-read after a bulk call): one new version, one rowsChanged().
    void applyServerAnswers(const QList<std::pair<int, Relationship>>& answers);

    int pendingCount() const { return m_overlay.pendingCount(); }

signals:
    // A new version is snapshot() now; emitted before reset(), rowsChanged() or catalogChanged()
    // tell what changed.
    void snapshotPublished(quint64 version);
    void reset();
    void rowsChanged(const QList<int>& rows);
    void catalogChanged();
    void pendingCountChanged(int count);

private:
    void markUndelivered(int row, ReviewOverlay::Outcome outcome, const QString& message);

    void publish(std::shared_ptr<ListSnapshot> next);

    std::shared_ptr<const ListSnapshot> m_snapshot;
    quint64 m_lastVersion = 0;
    ReviewOverlay m_overlay;
    EarlierDecisions* m_earlier;
    std::shared_ptr<RowSortOrder> m_preparedOrder;
    RowSortSpec m_sortSpec;
};
