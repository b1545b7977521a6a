#pragma once

#include "BackgroundWork.h"
#include "DecisionJournal.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

// The sync engine's bookkeeping (sending, confirmed, failed, back to pending) on its way to the
// DecisionJournal: changes are batched for `flushMs` (or 2,000 changes) and written in one
// transaction each, in the order they were made, on an InOrder BackgroundWork lane, so that
// thousands of answers never wait for SQLite (and the fsync of each commit) on the UI thread.
// Reads that must see the bookkeeping (the counts) are queued on the same lane, after it.
//
// isBusy() is false only once every change handed over is written and its delivery came back to
// this thread: then the journal holds the outcome of everything. (A read of the counts is not
// bookkeeping: it does not make the bookkeeping busy.) An in-memory journal is a
// database of its own per connection (per thread): it is written on this thread instead.
class JournalBookkeeping : public QObject
{
    Q_OBJECT
public:
    JournalBookkeeping(DecisionJournal* journal, QObject* parent = nullptr);
    // Writes what was handed over (waiting for it), then lets the lane's thread go.
    ~JournalBookkeeping() override;

    void setFlushMs(int milliseconds) { m_flushMs = qMax(0, milliseconds); }
    void change(DecisionChange change);
    // Hands what is batched to the lane now.
    void flush();
    // flush(), then waits until it is written: for the few callers that read the journal right
    // after (see SyncEngine for each). The UI thread waits for the writer here: keep them rare.
    void sync();
    bool isBusy() const { return !m_changes.isEmpty() || m_writing > 0; }

    // Reads the counts of `originId` after everything handed over so far, off this thread, and
    // delivers them here.
    void readCounts(qint64 originId, std::function<void(const DecisionCounts&)> deliver);

signals:
    // A batch is written (and, when it failed, why: the decisions themselves are safe; only
    // their delivery bookkeeping is behind, and a restart re-sends what is not confirmed).
    void written(bool ok, const QString& error);

private:
    DecisionJournal* m_journal;
    bool m_onThisThread;
    int m_flushMs = 25;
    QList<DecisionChange> m_changes;
    QTimer m_flushTimer;
    int m_writing = 0;        // batches handed to the lane whose delivery is still to come
    BackgroundWork m_written; // InOrder: one thread, in the order handed over
};
