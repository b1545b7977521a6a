#pragma once

#include "BackgroundWork.h"
#include "EarlierDecisions.h"

#include <QObject>

#include <atomic>
#include <memory>

class DecisionJournal;
class RelationshipStore;

// Carries earlier decisions forward: once per load, off the UI thread, reads every decided
// column pair from the journal (one query) and matches the list's rows to them by a hash of the
// pair (EarlierTable::match), then hands the result to the store's EarlierDecisions. Decisions
// recorded before pairs were kept get theirs first, from the rows of this list that carry their
// relationship ids.
class CarriedForward : public QObject
{
    Q_OBJECT
public:
    explicit CarriedForward(RelationshipStore* store, QObject* parent = nullptr);
    ~CarriedForward() override;

    // For the store's current list, whose decisions are kept under `originId`. The journal must
    // outlive this object (it waits for its job when destroyed).
    void start(DecisionJournal* journal, qint64 originId);
    bool isBusy() const { return m_work.isBusy(); }

    // The work itself, on any thread (the CLI calls it directly).
    static std::shared_ptr<const EarlierTable> compute(DecisionJournal& journal,
                                                       const ListSnapshot& list, qint64 originId,
                                                       const std::atomic_bool* stop = nullptr);

signals:
    void finished(); // the store's EarlierDecisions has the result

private:
    RelationshipStore* m_store;
    // Its own thread: the journal keeps one database connection on it.
    BackgroundWork m_work{this, BackgroundWork::Order::InOrder};
};
