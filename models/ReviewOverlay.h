#pragma once

#include "Relationship.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

// Where a decision on a row stands, as far as the views need to know.
enum class DeliveryState : quint8 {
    None,     // nothing outstanding: the row shows the server's status
    Pending,  // decided here, not yet confirmed by the server
    Failed,   // the last attempt failed; the row shows the server's status again
    Gone,     // the server no longer knows this relationship (404)
    Conflict, // changed on the server since it was decided here
};

struct RowReviewState
{
    RelationshipStatus intendedStatus = RelationshipStatus::Suggested;
    DeliveryState delivery = DeliveryState::None;
    QString message; // why it failed, for tooltips and the status bar
};

// The review state laid over the server's rows: which rows carry a decision still on its way
// (pending), and which carry one that did not go through (failed, gone, conflict). The one writer
// of that state: the session reports what the analyst decided, the sync side reports what became
// of each decision (RowOutcome), and the views listen (through RelationshipStore, which owns the
// overlay and forwards its signals). Rows are the store's row indexes; rows outside the list are
// ignored. Lives on the UI thread.
class ReviewOverlay : public QObject
{
    Q_OBJECT
public:
    // What became of the decision on a row.
    enum class Outcome : quint8 {
        Pending,   // decided, or back on its way (retried, withdrawn with an older one in flight)
        Confirmed, // the server holds it (or holds something newer): the row shows the server
        Failed,    // the server refused it
        Gone,      // the server no longer knows the relationship
        Conflict,  // the server changed since it was decided
        Withdrawn, // taken back before it was sent: the row shows the server
    };
    struct RowOutcome
    {
        int row = -1;
        Outcome outcome = Outcome::Pending;
        // The decision's status: what a pending row shows, and which decision a failure was.
        RelationshipStatus intended = RelationshipStatus::Suggested;
        QString message; // Failed, Gone, Conflict: why
    };

    explicit ReviewOverlay(QObject* parent = nullptr);

    // A new list of `rowCount` rows: nothing is outstanding on it. Emits nothing (the store's
    // reset() announces the new list); returns whether rows were pending before, so that the
    // store can say pendingCountChanged(0) after its reset().
    bool reset(int rowCount);
    int rowCount() const { return m_rowCount; }

    // Applies outcomes in order (a later one on the same row wins): one rowsChanged() naming every
    // row of the list named (in order, repeats kept out), and pendingCountChanged() when the count
    // moved.
    void apply(const QList<RowOutcome>& outcomes);
    // The common cases of apply().
    void markPending(const QList<int>& rows, RelationshipStatus intended);
    // Rows each pending with their own status (grouping by status is not needed).
    void markPending(const QList<std::pair<int, RelationshipStatus>>& rows);
    // Failed, Gone or Conflict; the intended status stays what the row had pending (else
    // `fallbackIntended`).
    void markUndelivered(int row, Outcome outcome, const QString& message,
                         RelationshipStatus fallbackIntended);
    // The rows show the server's status again (an answer, a withdrawal, nothing to send).
    void clear(const QList<int>& rows);

    // The status a pending row shows; nullopt when the row has no pending decision.
    std::optional<RelationshipStatus> pendingStatus(int row) const;
    const RowReviewState* state(int row) const; // nullptr when None
    DeliveryState delivery(int row) const;
    int pendingCount() const { return m_pendingCount; }
    // Pending rows and the status each shows, by ascending row.
    std::vector<std::pair<int, RelationshipStatus>> pendingStatuses() const;
    // Every row with a review state (any delivery but None), in no particular order.
    QList<int> rowsWithState() const { return m_states.keys(); }

signals:
    void rowsChanged(const QList<int>& rows);
    void pendingCountChanged(int count);

private:
    void set(int row, RowReviewState state);

    QHash<int, RowReviewState> m_states;
    int m_rowCount = 0;
    int m_pendingCount = 0;
};
