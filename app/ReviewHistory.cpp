#include "ReviewHistory.h"

#include "SyncEngine.h"

#include <QLocale>
#include <QUndoCommand>

using namespace Qt::StringLiterals;

// One step: the rows it decided, the status each showed before, and the decisions it recorded.
class DecisionStepCommand : public QUndoCommand
{
public:
    DecisionStepCommand(ReviewHistory* history, const QList<int>& rows,
                        const QList<RelationshipStatus>& before, RelationshipStatus after,
                        ReviewSession::Delivery delivery, const QString& description)
        : QUndoCommand(description)
        , m_history(history)
        , m_rows(rows)
        , m_before(before)
        , m_after(after)
        , m_delivery(delivery)
    {
        m_state.description = description;
    }

    ~DecisionStepCommand() override
    {
        if (m_history)
            m_history->forget(this);
    }

    void redo() override
    {
        if (!m_done) {
            // The step itself, when pushed.
            m_done = true;
            ReviewSession* session = m_history->session();
            const ReviewSession::RecordedStep recorded =
                session ? session->decideRows(m_rows, m_after, m_delivery)
                        : ReviewSession::RecordedStep{};
            if (recorded.decisionIds.isEmpty()) {
                setObsolete(true); // nothing changed: not a step
                return;
            }
            // Only the rows it really decided belong to the step; decideRows() keeps their
            // order, so one walk pairs them with what they showed before.
            QList<RelationshipStatus> before;
            before.reserve(recorded.rows.size());
            qsizetype at = 0;
            for (int row : recorded.rows) {
                while (at < m_rows.size() && m_rows[at] != row)
                    ++at;
                before.append(at < m_rows.size() ? m_before[at] : RelationshipStatus::Unknown);
            }
            m_rows = recorded.rows;
            m_before = before;
            m_state.rows = int(m_rows.size());
            startMove(false);
            m_history->registerIds(this, recorded);
            m_state.sent = int(recorded.decisionIds.size());
            m_history->m_lastRecorded = recorded;
            return;
        }
        moveTo(false);
    }

    void undo() override { moveTo(true); }

    const ReviewHistory::StepState& state() const { return m_state; }
    const QSet<qint64>& allIds() const { return m_allIds; }

    void noteRecorded(const QList<qint64>& ids)
    {
        for (qint64 id : ids) {
            m_allIds.insert(id);
            m_outstanding.insert(id);
        }
    }
    void noteSettled(qint64 id, bool confirmed)
    {
        if (!m_outstanding.remove(id))
            return;
        if (!m_currentMove.contains(id))
            return; // an earlier move's decision settling late
        (confirmed ? m_state.confirmed : m_state.failed) += 1;
    }
    void noteSuperseded(qint64 id)
    {
        if (m_outstanding.remove(id) && m_currentMove.contains(id))
            ++m_state.superseded;
    }
    void detach() { m_history = nullptr; }

private:
    void startMove(bool undone)
    {
        const QString description = m_state.description;
        const int rows = m_state.rows;
        m_state = {};
        m_state.description = description;
        m_state.rows = rows;
        m_state.undone = undone;
        m_currentMove.clear();
    }

    // Brings every row to the status the step's side wants: what it showed before (undo), or
    // the step's status (redo). Whatever has not left yet is withdrawn first; the rest is
    // answered by new decisions, grouped by status.
    void moveTo(bool undo)
    {
        ReviewSession* session = m_history ? m_history->session() : nullptr;
        if (!session)
            return;
        startMove(undo);
        const QList<qint64> outstanding(m_outstanding.cbegin(), m_outstanding.cend());
        const QList<qint64> withdrawn = session->withdraw(outstanding);
        for (qint64 id : withdrawn)
            m_outstanding.remove(id);
        m_state.withdrawn = int(withdrawn.size());

        RelationshipStore* store = session->store();
        QHash<int, QList<int>> rowsByStatus;
        QList<RelationshipStatus> order;
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            const int row = m_rows[i];
            if (row < 0 || row >= store->size())
                continue;
            const RelationshipStatus wanted = undo ? m_before[i] : m_after;
            if (wanted == RelationshipStatus::Unknown) {
                ++m_state.unrestorable; // a status the API does not take cannot be sent back
                continue;
            }
            if (store->effectiveStatus(row) == wanted)
                continue;
            if (!rowsByStatus.contains(int(wanted)))
                order.append(wanted);
            rowsByStatus[int(wanted)].append(row);
        }
        for (RelationshipStatus status : std::as_const(order)) {
            const QList<int>& rows = rowsByStatus[int(status)];
            const ReviewSession::RecordedStep recorded =
                session->decideRows(rows, status,
                                    rows.size() > 1 ? ReviewSession::Delivery::Bulk
                                                    : ReviewSession::Delivery::Immediate);
            m_state.sent += int(recorded.decisionIds.size());
            m_history->registerIds(this, recorded);
        }
        emit m_history->stepStatesChanged();
    }

public:
    void noteCurrentMove(const QList<qint64>& ids)
    {
        for (qint64 id : ids)
            m_currentMove.insert(id);
    }

private:
    ReviewHistory* m_history;
    QList<int> m_rows;
    QList<RelationshipStatus> m_before;
    RelationshipStatus m_after;
    ReviewSession::Delivery m_delivery;
    bool m_done = false;
    ReviewHistory::StepState m_state;
    QSet<qint64> m_allIds;
    QSet<qint64> m_outstanding; // recorded by any move, not yet settled or withdrawn
    QSet<qint64> m_currentMove; // recorded by the last move
};

ReviewHistory::ReviewHistory(ReviewSession* session, QObject* parent)
    : QObject(parent)
    , m_session(session)
{
    m_stack.setObjectName(u"reviewUndoStack"_s);
    // A new list: its rows are other rows, and the steps would restore the wrong ones.
    connect(session->store(), &RelationshipStore::reset, this, [this] {
        m_stack.clear();
        m_latestByRelationship.clear();
    });
    connect(&m_stack, &QUndoStack::indexChanged, this, &ReviewHistory::stepStatesChanged);
    connectEngine();
}

ReviewHistory::~ReviewHistory()
{
    // The stack deletes its commands after this object's members are gone: keep them quiet.
    for (int i = 0; i < m_stack.count(); ++i) {
        const auto* command = static_cast<const DecisionStepCommand*>(m_stack.command(i));
        const_cast<DecisionStepCommand*>(command)->detach();
    }
}

void ReviewHistory::connectEngine()
{
    SyncEngine* engine = m_session ? m_session->syncEngine() : nullptr;
    if (!engine || m_engineConnected == engine)
        return;
    m_engineConnected = engine;
    connect(engine, &SyncEngine::decisionConfirmed, this,
            [this](qint64 id, const QUuid&) { onConfirmed(id); });
    connect(engine, &SyncEngine::decisionFailed, this,
            [this](qint64 id, const QUuid&, const QString&) { onFailed(id); });
}

ReviewSession::RecordedStep ReviewHistory::decide(const QList<int>& storeRows,
                                                  RelationshipStatus status,
                                                  const QString& description,
                                                  ReviewSession::Delivery delivery)
{
    connectEngine();
    RelationshipStore* store = m_session->store();
    QList<RelationshipStatus> before;
    before.reserve(storeRows.size());
    for (int row : storeRows)
        before.append(store->effectiveStatus(row));
    m_lastRecorded = {};
    // Runs the step; one that recorded nothing is obsolete and dropped by the stack.
    m_stack.push(new DecisionStepCommand(this, storeRows, before, status, delivery, description));
    const ReviewSession::RecordedStep recorded = m_lastRecorded;
    m_lastRecorded = {};
    return recorded;
}

void ReviewHistory::registerIds(DecisionStepCommand* command,
                                const ReviewSession::RecordedStep& recorded)
{
    if (recorded.decisionIds.isEmpty())
        return;
    command->noteRecorded(recorded.decisionIds);
    command->noteCurrentMove(recorded.decisionIds);
    // A newer decision on a row takes the place of an older one still waiting: the journal
    // cancelled it when this one was recorded.
    QList<qint64> replaced;
    const RelationshipRows& rows = m_session->store()->rows();
    for (qsizetype i = 0; i < recorded.decisionIds.size(); ++i) {
        const qint64 id = recorded.decisionIds[i];
        m_owner.insert(id, command);
        const QUuid relationship = rows.row(recorded.rows[i]).id;
        const qint64 previous = m_latestByRelationship.value(relationship);
        if (previous > 0 && m_owner.contains(previous))
            replaced.append(previous);
        m_latestByRelationship.insert(relationship, id);
    }
    if (!replaced.isEmpty()) {
        for (const DecisionRecord& record : m_session->journal()->decisionsWithIds(replaced)) {
            if (record.state == DecisionState::Cancelled) {
                if (DecisionStepCommand* owner = m_owner.value(record.id))
                    owner->noteSuperseded(record.id);
            }
        }
    }
    emit stepStatesChanged();
}

void ReviewHistory::forget(DecisionStepCommand* command)
{
    for (qint64 id : command->allIds())
        m_owner.remove(id);
}

void ReviewHistory::onConfirmed(qint64 decisionId)
{
    if (DecisionStepCommand* owner = m_owner.value(decisionId)) {
        owner->noteSettled(decisionId, true);
        emit stepStatesChanged();
    }
}

void ReviewHistory::onFailed(qint64 decisionId)
{
    if (DecisionStepCommand* owner = m_owner.value(decisionId)) {
        owner->noteSettled(decisionId, false);
        emit stepStatesChanged();
    }
}

ReviewHistory::StepState ReviewHistory::stepState(int index) const
{
    if (index < 0 || index >= m_stack.count())
        return {};
    return static_cast<const DecisionStepCommand*>(m_stack.command(index))->state();
}

QList<qint64> ReviewHistory::stepDecisionIds(int index) const
{
    if (index < 0 || index >= m_stack.count())
        return {};
    const QSet<qint64>& ids =
        static_cast<const DecisionStepCommand*>(m_stack.command(index))->allIds();
    QList<qint64> sorted(ids.cbegin(), ids.cend());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

QString ReviewHistory::stepStateText(int index) const
{
    const StepState state = stepState(index);
    const QLocale locale;
    QStringList parts;
    if (state.undone)
        parts.append(tr("undone"));
    if (state.sent == 0) {
        if (state.withdrawn > 0)
            parts.append(tr("withdrawn before sending"));
        else if (state.undone)
            parts.append(tr("nothing to send"));
    } else if (state.outstanding() == 0 && state.failed == 0) {
        parts.append(state.confirmed == 1
                         ? tr("confirmed")
                         : tr("%1 confirmed").arg(locale.toString(state.confirmed)));
    } else {
        if (state.outstanding() > 0)
            parts.append(tr("%1 on the way").arg(locale.toString(state.outstanding())));
        if (state.confirmed > 0)
            parts.append(tr("%1 confirmed").arg(locale.toString(state.confirmed)));
        if (state.failed > 0)
            parts.append(tr("%1 failed").arg(locale.toString(state.failed)));
        if (state.withdrawn > 0)
            parts.append(tr("%1 withdrawn").arg(locale.toString(state.withdrawn)));
    }
    if (state.superseded > 0)
        parts.append(tr("%1 replaced by later decisions").arg(locale.toString(state.superseded)));
    if (state.unrestorable > 0)
        parts.append(tr("%1 with a status that cannot be sent back")
                         .arg(locale.toString(state.unrestorable)));
    return parts.join(u" · "_s);
}
