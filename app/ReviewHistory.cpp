#include "ReviewHistory.h"

#include "BackgroundWork.h"
#include "SyncEngine.h"

#include <QLocale>
#include <QTimer>
#include <QUndoCommand>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Ids withdrawn per turn of the event loop: one journal read and one write each.
constexpr int WithdrawPart = 5000;

} // namespace

// One step: the rows it decided, the status each showed before, and the decisions it recorded.
// The work of doing, undoing and redoing it is the history's (ReviewHistory::Move).
class DecisionStepCommand : public QUndoCommand
{
public:
    DecisionStepCommand(ReviewHistory* owner, const QList<int>& decidedRows,
                        const QList<RelationshipStatus>& statusesBefore,
                        RelationshipStatus statusAfter, ReviewSession::Delivery how,
                        const QString& description)
        : QUndoCommand(description)
        , history(owner)
        , rows(decidedRows)
        , before(statusesBefore)
        , after(statusAfter)
        , delivery(how)
    {
        state.description = description;
        state.rows = int(decidedRows.size());
    }

    ~DecisionStepCommand() override
    {
        if (history)
            history->forget(this);
    }

    void redo() override
    {
        if (!history)
            return;
        history->scheduleMove(this,
                              done ? ReviewHistory::MoveKind::Redo : ReviewHistory::MoveKind::Do);
        done = true;
    }
    void undo() override
    {
        if (history)
            history->scheduleMove(this, ReviewHistory::MoveKind::Undo);
    }

    void startMove(bool undone)
    {
        const QString description = state.description;
        const int rowCount = state.rows;
        const DecisionReason reason = state.reason;
        state = {};
        state.description = description;
        state.rows = rowCount;
        state.reason = reason;
        state.undone = undone;
        state.moving = true;
        currentMove.clear();
    }

    void noteRecorded(const QList<qint64>& ids)
    {
        for (qint64 id : ids) {
            allIds.insert(id);
            outstanding.insert(id);
            currentMove.insert(id);
        }
        state.sent += int(ids.size());
    }
    void noteWithdrawn(const QList<qint64>& ids)
    {
        for (qint64 id : ids) {
            outstanding.remove(id);
            if (currentMove.remove(id))
                --state.sent; // recorded by this very move, then taken back (a Cancel)
        }
        state.withdrawn += int(ids.size());
    }
    void noteSettled(qint64 id, bool confirmed)
    {
        if (outstanding.remove(id) && currentMove.contains(id))
            (confirmed ? state.confirmed : state.failed) += 1;
    }
    void noteSuperseded(qint64 id)
    {
        if (outstanding.remove(id) && currentMove.contains(id))
            ++state.superseded;
    }

    ReviewHistory* history;
    QList<int> rows;
    QList<RelationshipStatus> before; // by rows
    RelationshipStatus after;
    ReviewSession::Delivery delivery;
    bool done = false; // pushed (the first redo ran)
    bool firstMoveRecordedNothing = false;
    ReviewHistory::StepState state;
    QSet<qint64> allIds;
    QSet<qint64> outstanding; // recorded by any move, not yet settled or withdrawn
    QSet<qint64> currentMove; // recorded by the last move
};

// The work of one move of one step, resumable across turns of the event loop.
struct ReviewHistory::Move
{
    DecisionStepCommand* command = nullptr;
    MoveKind kind = MoveKind::Do;
    bool inlineWork = false; // small: done before scheduleMove() returns
    bool stopped = false;
    bool started = false;
    bool planned = false;
    QList<qint64> toWithdraw;
    qsizetype withdrawAt = 0;
    QList<std::pair<RelationshipStatus, QList<int>>> groups;
    qsizetype group = 0;
    qsizetype rowAt = 0;
    qint64 stepId = 0;                       // the journal step all its parts share
    QHash<int, RelationshipStatus> beforeOf; // Do: what each row showed before the step
    // Recorded parts not yet handed to the engine, with how they go: a part at a time, between
    // the recording of the next ones, so that sending starts while the rest is recorded.
    struct HandOver
    {
        QList<qint64> ids;
        QList<NewDecision> decisions; // what each id recorded: no need to read it back
        ReviewSession::Delivery delivery;
    };
    QList<HandOver> handOver;
    qsizetype handedOver = 0;
    int totalRows = 0;
    int doneRows = 0;
};

// A part of a move being written to the journal on a worker thread.
struct ReviewHistory::Part
{
    ReviewSession::PreparedDecisions prepared;
    ReviewSession::Delivery delivery = ReviewSession::Delivery::Bulk;
    DecisionJournal* journal = nullptr;
    QList<qint64> ids;
};

ReviewHistory::ReviewHistory(ReviewSession* session, QObject* parent)
    : QObject(parent)
    , m_session(session)
{
    m_stack.setObjectName(u"reviewUndoStack"_s);
    // A new list: its rows are other rows, and the steps would restore the wrong ones.
    connect(session->store(), &RelationshipStore::reset, this, [this] {
        m_moves.clear();
        if (m_running)
            m_running->stopped = true;
        m_stack.clear();
        m_latestByRelationship.clear();
    });
    connect(&m_stack, &QUndoStack::indexChanged, this, &ReviewHistory::stepStatesChanged);
    connect(session, &ReviewSession::reasonChanged, this, &ReviewHistory::onReasonChanged);
    connectEngine();
}

ReviewHistory::~ReviewHistory()
{
    // The journal is the session's: the worker must be done with it first (m_writer's
    // destructor waits too; this keeps the parts' deliveries from running meanwhile).
    m_writer.waitForIdle();
    // The stack deletes its commands after this object's members are gone: keep them quiet.
    for (int i = 0; i < m_stack.count(); ++i) {
        const auto* command = static_cast<const DecisionStepCommand*>(m_stack.command(i));
        const_cast<DecisionStepCommand*>(command)->history = nullptr;
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
    // Runs the step (or its first part); a small one that recorded nothing is obsolete and
    // dropped by the stack.
    m_stack.push(new DecisionStepCommand(this, storeRows, before, status, delivery, description));
    const ReviewSession::RecordedStep recorded = m_lastRecorded;
    m_lastRecorded = {};
    return recorded;
}

void ReviewHistory::scheduleMove(DecisionStepCommand* command, MoveKind kind)
{
    auto move = std::make_shared<Move>();
    move->command = command;
    move->kind = kind;
    // Small and nothing ahead of it: done now, as a key press expects.
    move->inlineWork = !isMoving() && command->rows.size() <= std::min(InlineLimit, m_partSize);
    m_moves.append(move);
    if (!m_running)
        runMoves();
    if (move->kind == MoveKind::Do && move->inlineWork && command->firstMoveRecordedNothing)
        command->setObsolete(true);
}

void ReviewHistory::runMoves()
{
    while (true) {
        if (!m_running) {
            if (m_moves.isEmpty())
                return;
            m_running = m_moves.takeFirst();
        }
        if (m_part)
            return; // a part is being recorded; onPartRecorded() goes on
        if (!stepMove())
            return; // to be resumed on a later turn
    }
}

// One unit of the running move: a part withdrawn, the plan made, or a part recorded. Returns
// false when the move waits (a worker, or a turn of the event loop to keep the window going).
bool ReviewHistory::stepMove()
{
    Move& move = *m_running;
    DecisionStepCommand* command = move.command;
    ReviewSession* session = m_session;
    if (!session || move.stopped) {
        finishMove();
        return true;
    }
    if (!move.started) {
        move.started = true;
        // Parts of a large move reach the engine one after another: one re-read confirms them
        // all at the end, instead of one per part.
        if (!move.inlineWork && session->syncEngine())
            session->syncEngine()->setVerificationHeld(true);
        if (move.kind != MoveKind::Withdraw)
            command->startMove(move.kind == MoveKind::Undo);
        if (move.kind != MoveKind::Do)
            move.toWithdraw =
                QList<qint64>(command->outstanding.cbegin(), command->outstanding.cend());
        std::sort(move.toWithdraw.begin(), move.toWithdraw.end());
    }
    if (move.withdrawAt < move.toWithdraw.size()) {
        const QList<qint64> part = move.toWithdraw.mid(move.withdrawAt, WithdrawPart);
        move.withdrawAt += part.size();
        command->noteWithdrawn(session->withdraw(part));
        notifyStates();
        if (!move.inlineWork && move.withdrawAt < move.toWithdraw.size()) {
            QTimer::singleShot(0, this, &ReviewHistory::runMoves);
            return false;
        }
        return true;
    }
    if (move.kind == MoveKind::Withdraw) {
        finishMove();
        return true;
    }
    if (!move.planned) {
        move.planned = true;
        if (move.kind == MoveKind::Do) {
            move.groups.append({command->after, command->rows});
            move.totalRows = int(command->rows.size());
            move.beforeOf.reserve(command->rows.size());
            for (qsizetype i = 0; i < command->rows.size(); ++i)
                move.beforeOf.insert(command->rows[i], command->before[i]);
            // The rows really decided come back with their parts.
            command->rows.clear();
            command->before.clear();
            command->state.rows = 0;
        } else {
            // Each row to the side's status; rows already there need nothing.
            RelationshipStore* store = session->store();
            QHash<int, qsizetype> groupOf;
            for (qsizetype i = 0; i < command->rows.size(); ++i) {
                const int row = command->rows[i];
                if (row < 0 || row >= store->size())
                    continue;
                const RelationshipStatus wanted =
                    move.kind == MoveKind::Undo ? command->before[i] : command->after;
                if (wanted == RelationshipStatus::Unknown) {
                    ++command->state.unrestorable; // the API takes only the known statuses
                    continue;
                }
                if (store->effectiveStatus(row) == wanted)
                    continue;
                auto it = groupOf.constFind(int(wanted));
                if (it == groupOf.cend()) {
                    it = groupOf.insert(int(wanted), move.groups.size());
                    move.groups.append({wanted, {}});
                }
                move.groups[*it].second.append(row);
                ++move.totalRows;
            }
        }
        emit moveProgress(0, move.totalRows);
        return true;
    }
    if (move.handedOver < move.handOver.size()) {
        const Move::HandOver part = std::move(move.handOver[move.handedOver++]);
        SyncEngine* engine = session->syncEngine();
        if (engine && !session->isSnapshotOpen())
            engine->deliverRecorded(part.ids, part.decisions,
                                    part.delivery == ReviewSession::Delivery::Bulk);
        // The next hand-over (or the next part to record) on a later turn: the window first.
        QTimer::singleShot(0, this, &ReviewHistory::runMoves);
        return false;
    }
    if (move.group >= move.groups.size()) {
        finishMove();
        return true;
    }

    const auto& [status, rows] = move.groups[move.group];
    const QList<int> slice = rows.mid(move.rowAt, m_partSize);
    move.rowAt += slice.size();
    move.doneRows += int(slice.size());
    if (move.rowAt >= rows.size()) {
        ++move.group;
        move.rowAt = 0;
    }
    const ReviewSession::Delivery delivery = move.kind == MoveKind::Do ? command->delivery
                                             : rows.size() > 1 ? ReviewSession::Delivery::Bulk
                                                               : ReviewSession::Delivery::Immediate;
    ReviewSession::PreparedDecisions prepared =
        session->prepareDecisions(slice, status, move.stepId);
    if (prepared.decisions.isEmpty()) {
        emit moveProgress(move.doneRows, move.totalRows);
        return true;
    }
    move.stepId = prepared.stepId;
    if (move.inlineWork) {
        const QList<qint64> ids = session->journal()->record(prepared.originId, prepared.decisions);
        registerIds(command, session->recordedDecisions(prepared, ids, delivery));
        emit moveProgress(move.doneRows, move.totalRows);
        return true;
    }
    // Durable first, off the UI thread; shown and sent when the journal has it.
    auto part = std::make_shared<Part>();
    part->prepared = std::move(prepared);
    part->delivery = delivery;
    part->journal = session->journal();
    m_part = part;
    if (part->journal->path() == QLatin1StringView(DecisionJournal::InMemory)) {
        // An in-memory journal is a database of its own per connection (per thread): written
        // here, still a part per turn of the event loop.
        part->ids = part->journal->record(part->prepared.originId, part->prepared.decisions);
        QTimer::singleShot(0, this, &ReviewHistory::onPartRecorded);
        return false;
    }
    m_writer.run(
        [part](const std::atomic_bool&) {
            part->ids = part->journal->record(part->prepared.originId, part->prepared.decisions);
        },
        [this] { onPartRecorded(); });
    return false;
}

void ReviewHistory::onPartRecorded()
{
    const std::shared_ptr<Part> part = std::exchange(m_part, nullptr);
    if (!part || !m_running)
        return;
    if (m_session) {
        const ReviewSession::RecordedStep recorded =
            m_session->recordedDecisions(part->prepared, part->ids, ReviewSession::Delivery::Held);
        for (qsizetype at = 0; at < recorded.decisionIds.size(); at += HandOverPart)
            m_running->handOver.append({recorded.decisionIds.mid(at, HandOverPart),
                                        part->prepared.decisions.mid(at, HandOverPart),
                                        part->delivery});
        registerIds(m_running->command, recorded);
    }
    emit moveProgress(m_running->doneRows, m_running->totalRows);
    // The next part on a later turn: what the window has to draw comes first.
    QTimer::singleShot(0, this, &ReviewHistory::runMoves);
}

void ReviewHistory::finishMove()
{
    const std::shared_ptr<Move> move = std::exchange(m_running, nullptr);
    DecisionStepCommand* command = move->command;
    if (m_session && m_session->syncEngine() && !move->inlineWork)
        m_session->syncEngine()->setVerificationHeld(false);
    command->state.moving = false;
    if (move->kind == MoveKind::Do && command->currentMove.isEmpty() && command->allIds.isEmpty())
        command->firstMoveRecordedNothing = true;
    notifyStates();
    emit moveFinished();
}

void ReviewHistory::stopCurrentMove()
{
    if (!m_running)
        return;
    m_running->stopped = true;
    // Whatever it recorded and has not sent is taken back, before anything queued after it.
    auto withdraw = std::make_shared<Move>();
    withdraw->command = m_running->command;
    withdraw->kind = MoveKind::Withdraw;
    m_moves.prepend(withdraw);
    if (!m_part)
        QTimer::singleShot(0, this, &ReviewHistory::runMoves);
}

void ReviewHistory::registerIds(DecisionStepCommand* command,
                                const ReviewSession::RecordedStep& recorded)
{
    if (recorded.decisionIds.isEmpty())
        return;
    command->noteRecorded(recorded.decisionIds);
    if (m_running && m_running->command == command && m_running->kind == MoveKind::Do) {
        // The rows the step really decided, and what each showed before.
        for (int row : recorded.rows) {
            command->rows.append(row);
            command->before.append(m_running->beforeOf.value(row, RelationshipStatus::Unknown));
        }
        command->state.rows = int(command->rows.size());
        m_lastRecorded.stepId = recorded.stepId;
        m_lastRecorded.decisionIds += recorded.decisionIds;
        m_lastRecorded.rows += recorded.rows;
    }
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
    notifyStates();
}

void ReviewHistory::forget(DecisionStepCommand* command)
{
    for (qint64 id : std::as_const(command->allIds))
        m_owner.remove(id);
    if (m_running && m_running->command == command)
        m_running->stopped = true;
    m_moves.removeIf(
        [command](const std::shared_ptr<Move>& move) { return move->command == command; });
}

// Thousands of answers a second each move a counter: the signal goes out once per turn.
void ReviewHistory::notifyStates()
{
    if (m_statesQueued)
        return;
    m_statesQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_statesQueued = false;
        emit stepStatesChanged();
    });
}

void ReviewHistory::onConfirmed(qint64 decisionId)
{
    if (DecisionStepCommand* owner = m_owner.value(decisionId)) {
        owner->noteSettled(decisionId, true);
        notifyStates();
    }
}

void ReviewHistory::onFailed(qint64 decisionId)
{
    if (DecisionStepCommand* owner = m_owner.value(decisionId)) {
        owner->noteSettled(decisionId, false);
        notifyStates();
    }
}

ReviewHistory::StepState ReviewHistory::stepState(int index) const
{
    if (index < 0 || index >= m_stack.count())
        return {};
    return static_cast<const DecisionStepCommand*>(m_stack.command(index))->state;
}

QList<qint64> ReviewHistory::stepDecisionIds(int index) const
{
    if (index < 0 || index >= m_stack.count())
        return {};
    const QSet<qint64>& ids =
        static_cast<const DecisionStepCommand*>(m_stack.command(index))->allIds;
    QList<qint64> sorted(ids.cbegin(), ids.cend());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

bool ReviewHistory::setStepReason(int index, const DecisionReason& reason)
{
    if (!m_session || index < 0 || index >= m_stack.count())
        return false;
    const auto* command = static_cast<const DecisionStepCommand*>(m_stack.command(index));
    // The step's own decisions, not the compensating ones an undo recorded.
    const QString after = statusName(command->after);
    QList<qint64> ids;
    for (const DecisionRecord& record :
         m_session->journal()->decisionsWithIds(stepDecisionIds(index))) {
        if (record.status == after)
            ids.append(record.id);
    }
    return !ids.isEmpty() && m_session->setReason(ids, reason); // onReasonChanged() notes it
}

int ReviewHistory::stepOfDecision(qint64 decisionId) const
{
    DecisionStepCommand* command = m_owner.value(decisionId);
    if (!command)
        return -1;
    for (int i = 0; i < m_stack.count(); ++i) {
        if (m_stack.command(i) == command)
            return i;
    }
    return -1;
}

void ReviewHistory::onReasonChanged(const QList<qint64>& decisionIds, const DecisionReason& reason)
{
    bool changed = false;
    for (qint64 id : decisionIds) {
        if (DecisionStepCommand* command = m_owner.value(id)) {
            command->state.reason = reason;
            changed = true;
        }
    }
    if (changed)
        emit stepStatesChanged();
}

QList<int> ReviewHistory::stepRows(int index) const
{
    if (index < 0 || index >= m_stack.count())
        return {};
    return static_cast<const DecisionStepCommand*>(m_stack.command(index))->rows;
}

QString ReviewHistory::stepStateText(int index) const
{
    const StepState state = stepState(index);
    const QLocale locale;
    QStringList parts;
    if (state.undone)
        parts.append(tr("undone"));
    if (state.moving)
        parts.append(tr("recording"));
    if (state.sent == 0) {
        if (state.withdrawn > 0)
            parts.append(tr("withdrawn before sending"));
        else if (state.undone && !state.moving)
            parts.append(tr("nothing to send"));
    } else if (state.outstanding() == 0 && state.failed == 0 && state.withdrawn == 0) {
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
