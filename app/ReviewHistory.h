#pragma once

#include "ReviewSession.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUndoStack>

class DecisionStepCommand;

// The analyst's decisions of this session as undo steps (QUndoStack): a key press, a "reject
// the competing targets", a bulk run: each is one step. Undo brings every row of a step back to
// the status it showed before; redo applies the step again. Both first withdraw whatever the
// step recorded that has not been sent yet (ReviewSession::withdraw: cancelled in the journal,
// never sent), then send only what the server still needs, as compensating decisions grouped by
// status (the bulk endpoint for more than one row). So undoing a step still waiting to be sent
// costs no request at all, and undoing a delivered one costs one per status.
//
// Each step also counts where its decisions stand (on their way, confirmed, failed, withdrawn)
// for the history panel. A new list (the store's reset) clears the history: its rows are others.
class ReviewHistory : public QObject
{
    Q_OBJECT
public:
    // Where the decisions of a step's last move (doing, undoing, redoing it) stand.
    struct StepState
    {
        QString description;
        int rows = 0;        // rows the step decided
        bool undone = false; // the last move was an undo
        int sent = 0;        // decisions recorded by the last move
        int confirmed = 0;
        int failed = 0;       // failed, gone or in conflict
        int withdrawn = 0;    // taken back before they were sent (by this move)
        int superseded = 0;   // replaced by a later decision on the same row
        int unrestorable = 0; // rows whose earlier status the API cannot set (unknown values)
        int outstanding() const { return sent - confirmed - failed - superseded; }
    };

    explicit ReviewHistory(ReviewSession* session, QObject* parent = nullptr);
    ~ReviewHistory() override;

    QUndoStack* undoStack() { return &m_stack; }
    ReviewSession* session() const { return m_session; }

    // Decides `storeRows` as one undo step. Nothing recorded (every row already so): no step.
    ReviewSession::RecordedStep
    decide(const QList<int>& storeRows, RelationshipStatus status, const QString& description,
           ReviewSession::Delivery delivery = ReviewSession::Delivery::Immediate);

    int stepCount() const { return m_stack.count(); }
    StepState stepState(int index) const;
    // "3 confirmed", "12,000 on their way, 40 confirmed", "withdrawn before sending", …
    QString stepStateText(int index) const;
    // Every decision id a step recorded, in all its moves (for tests and the panel).
    QList<qint64> stepDecisionIds(int index) const;

signals:
    void stepStatesChanged(); // delivery states moved on (debounced by the caller if needed)

private:
    friend class DecisionStepCommand;
    void registerIds(DecisionStepCommand* command, const ReviewSession::RecordedStep& recorded);
    void forget(DecisionStepCommand* command);
    void onConfirmed(qint64 decisionId);
    void onFailed(qint64 decisionId);
    void connectEngine();

    QPointer<ReviewSession> m_session;
    QUndoStack m_stack;
    QHash<qint64, DecisionStepCommand*> m_owner; // decision id -> its step
    QHash<QUuid, qint64> m_latestByRelationship; // newest decision of this history
    QPointer<QObject> m_engineConnected;
    ReviewSession::RecordedStep m_lastRecorded; // what the step being pushed recorded
};
