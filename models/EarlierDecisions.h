#pragma once

#include "DecisionReason.h"
#include "ListSnapshot.h"

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QString>
#include <QUuid>

#include <atomic>
#include <memory>
#include <vector>

class RelationshipStore;

// A relationship's lasting identity: its column pair. The pipeline may suggest the same link
// under a new id on every run; the pair stays.
struct ColumnPair
{
    QUuid fromColumnId;
    QUuid toTableId;
    QString toColumnName;

    bool isNull() const { return fromColumnId.isNull() && toTableId.isNull(); }
    bool operator==(const ColumnPair& other) const = default;
};
size_t qHash(const ColumnPair& pair, size_t seed = 0) noexcept;

// One decision as the journal holds it, for carrying forward: the newest one on a relationship
// of an origin (list or snapshot), with its pair.
struct PairDecision
{
    ColumnPair pair;
    qint64 originId = 0;
    QUuid relationshipId;
    QString status; // API name: "APPROVED", "REJECTED"
    qint64 decidedMs = 0;
    DecisionReason reason;
};

// What was decided before on a row's column pair. A conflict is shown, never resolved by
// guessing: the row says that the earlier decisions disagree.
struct EarlierDecision
{
    Q_DECLARE_TR_FUNCTIONS(EarlierDecision)

public:
    // Bits of FilterTerm::earlier (was:none, was:approved, ...).
    enum Mark : quint8 { None, Approved, Rejected, Conflict };
    Mark mark = None;
    QString status;        // of the newest earlier decision (API name)
    qint64 decidedMs = 0;  // of the newest
    DecisionReason reason; // of the newest
    int count = 0;         // earlier decisions on the pair (distinct relationships and lists)

    // "rejected 2026-11-03: not a key", "earlier: approved and rejected"
    QString text() const;
};

// The earlier decisions of every row of one list (one ListSnapshot::listVersion()), matched by
// column pair: immutable once made, so that a filter pass on a worker may read it.
class EarlierTable
{
public:
    // Matches a list's rows with the journal's decisions by a hash of the pair: one pass over
    // the rows. A decision on the very same relationship in the list's own origin
    // (`currentOriginId`) is not "earlier": it is the row's own, shown by its status. Returns
    // null when `stop` turned true.
    static std::shared_ptr<const EarlierTable> match(const ListSnapshot& list,
                                                     const QList<PairDecision>& decisions,
                                                     qint64 currentOriginId,
                                                     const std::atomic_bool* stop = nullptr);

    quint64 listVersion() const { return m_listVersion; }
    int size() const { return int(m_byRow.size()); }
    EarlierDecision::Mark mark(int row) const
    {
        const quint32 at = row >= 0 && size_t(row) < m_byRow.size() ? m_byRow[size_t(row)] : 0;
        return at == 0 ? EarlierDecision::None : m_decisions[at - 1].mark;
    }
    const EarlierDecision* at(int row) const
    {
        const quint32 at = row >= 0 && size_t(row) < m_byRow.size() ? m_byRow[size_t(row)] : 0;
        return at == 0 ? nullptr : &m_decisions[at - 1];
    }
    int markedRows() const { return int(m_decisions.size()); }

private:
    quint64 m_listVersion = 0;
    std::vector<quint32> m_byRow; // 0: none, else 1 + index into m_decisions
    std::vector<EarlierDecision> m_decisions;
};

// The earlier decisions of the store's current list, once worked out (ReviewSession computes
// them off the UI thread when a list or snapshot is opened). One per store, made by it:
// store->earlier(). Views read table(); changed() tells them it arrived.
class EarlierDecisions : public QObject
{
    Q_OBJECT
public:
    explicit EarlierDecisions(RelationshipStore* store); // by the store only

    // Null until computed for the store's current list (also between a new list's adoption and
    // the reset that clears the old one's).
    std::shared_ptr<const EarlierTable> table() const;
    EarlierDecision::Mark mark(int row) const
    {
        const EarlierTable* current = currentTable();
        return current ? current->mark(row) : EarlierDecision::None;
    }
    const EarlierDecision* at(int row) const
    {
        const EarlierTable* current = currentTable();
        return current ? current->at(row) : nullptr;
    }
    // Taken when it belongs to the store's current list; ignored otherwise.
    void setTable(std::shared_ptr<const EarlierTable> table);

signals:
    void changed();

private:
    const EarlierTable* currentTable() const;
    RelationshipStore* m_store;
    std::shared_ptr<const EarlierTable> m_table;
};
