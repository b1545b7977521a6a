#pragma once

#include "BackgroundWork.h"
#include "ReviewSession.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUndoStack>

#include <memory>

class DecisionStepCommand;

// The analyst's decisions of this session as undo steps (QUndoStack): a key press, a "reject
// the competing targets", a bulk run: each is one step. Undo brings every row of a step back to
// the status it showed before; redo applies the step again. Both first withdraw whatever the
// step recorded that has not been sent yet (ReviewSession::withdraw: cancelled in the journal,
// never sent), then send only what the server still needs, as compensating decisions grouped by
// status (the bulk endpoint for more than one row). So undoing a step still waiting to be sent
// costs no request at all, and undoing a delivered one costs one per status.
//
// A step over many rows (a bulk run of 100,000) is done, undone and redone in parts of
// partSize() rows, the journal written on a worker thread, so that the window keeps responding;
// the moves run one after another in order (isMoving(), moveProgress()). Small steps happen at
// once.
//
// Each step also counts where its decisions stand (on their way, confirmed, failed, withdrawn)
// for the history panel. A new list (the store's reset) clears the history: its rows are others.
class ReviewHistory : public QObject
{
    Q_OBJECT
public:
    // Rows per part written to the journal on the worker (and about 10 ms of work on the UI
    // thread to prepare and show them).
    static constexpr int DefaultPartSize = 5000;
    // Moves over at most this many rows (and at most partSize()) are done at once.
    static constexpr int InlineLimit = 500;
    // Recorded decisions handed to the engine per turn of the event loop (about 20 ms).
    static constexpr int HandOverPart = 1000;

    // Where the decisions of a step's last move (doing, undoing, redoing it) stand.
    struct StepState
    {
        QString description;
        int rows = 0;        // rows the step decided
        bool undone = false; // the last move was an undo
        bool moving = false; // its last move is still being recorded
        int sent = 0;        // decisions recorded by the last move
        int confirmed = 0;
        int failed = 0;        // failed, gone or in conflict
        int withdrawn = 0;     // taken back before they were sent (by this move)
        int superseded = 0;    // replaced by a later decision on the same row
        int unrestorable = 0;  // rows whose earlier status the API cannot set (unknown values)
        DecisionReason reason; // the analyst's, given after the step (journal only, never sent)
        int outstanding() const { return sent - confirmed - failed - superseded; }
    };

    explicit ReviewHistory(ReviewSession* session, QObject* parent = nullptr);
    ~ReviewHistory() override;

    QUndoStack* undoStack() { return &m_stack; }
    ReviewSession* session() const { return m_session; }

    // Decides `storeRows` as one undo step. A small step is recorded before this returns (and
    // one that records nothing, every row being so already, is no step); a large one is
    // recorded in parts afterwards, and the result only lists what is recorded so far.
    ReviewSession::RecordedStep
    decide(const QList<int>& storeRows, RelationshipStatus status, const QString& description,
           ReviewSession::Delivery delivery = ReviewSession::Delivery::Immediate);

    // Stops recording the running move and withdraws what its step recorded and has not sent:
    // what was sent stays. For a bulk run's Cancel.
    void stopCurrentMove();
    bool isMoving() const { return m_running != nullptr || !m_moves.isEmpty(); }
    void setPartSize(int rows) { m_partSize = qMax(1, rows); }
    int partSize() const { return m_partSize; }

    int stepCount() const { return m_stack.count(); }
    StepState stepState(int index) const;
    // "3 confirmed", "12,000 on the way · 40 confirmed", "withdrawn before sending", …
    QString stepStateText(int index) const;
    // Every decision id a step recorded, in all its moves (for tests and the panel).
    QList<qint64> stepDecisionIds(int index) const;
    // The store rows a step decided (recorded so far).
    QList<int> stepRows(int index) const;
    // Gives the decisions of a step (all its moves) a reason, or clears it; false when the step
    // recorded nothing or the journal refused (ReviewSession::lastError()).
    bool setStepReason(int index, const DecisionReason& reason);
    // The step that recorded a decision, or -1.
    int stepOfDecision(qint64 decisionId) const;

signals:
    void stepStatesChanged();                       // delivery states moved on
    void moveProgress(int doneRows, int totalRows); // of the move being recorded
    void moveFinished();

private:
    friend class DecisionStepCommand;
    struct Move;
    struct Part;
    // What a move does with its step.
    enum class MoveKind { Do, Undo, Redo, Withdraw };
    void scheduleMove(DecisionStepCommand* command, MoveKind kind);
    void runMoves();
    bool stepMove();
    void startPart();
    void onPartRecorded();
    void finishMove();
    void registerIds(DecisionStepCommand* command, const ReviewSession::RecordedStep& recorded);
    void forget(DecisionStepCommand* command);
    void onConfirmed(qint64 decisionId);
    void onFailed(qint64 decisionId);
    void onReasonChanged(const QList<qint64>& decisionIds, const DecisionReason& reason);
    void connectEngine();
    void notifyStates();

    QPointer<ReviewSession> m_session;
    QUndoStack m_stack;
    QHash<qint64, DecisionStepCommand*> m_owner; // decision id -> its step
    QHash<QUuid, qint64> m_latestByRelationship; // newest decision of this history
    QPointer<QObject> m_engineConnected;
    ReviewSession::RecordedStep m_lastRecorded; // what the step being pushed recorded

    QList<std::shared_ptr<Move>> m_moves; // waiting, in order
    std::shared_ptr<Move> m_running;
    std::shared_ptr<Part> m_part; // being recorded on the worker
    // The journal's writer for large steps: one thread, parts in order. It lives as long as the
    // history; the journal keeps a database connection for that thread until the thread ends,
    // and the history (and so the thread) goes before the session's journal.
    BackgroundWork m_writer{this, BackgroundWork::Order::InOrder};
    bool m_inlineMoves = true; // record small moves before returning
    int m_partSize = DefaultPartSize;
    bool m_statesQueued = false;
};
