// DecisionJournal, continued: origins, recording decisions, reading them and changing their
// delivery state. The storage and the schema are in DecisionJournal.cpp.
#include "DecisionJournal.h"
#include "DecisionJournalSql.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace journalsql;

namespace {

// States a newer decision on the same row makes moot. 'sending' is not among them: its request
// has left, so its answer still has to be taken in (the engine orders it before the newer one).
const QString SupersedableStates = u"('pending','failed','gone','conflict')"_s;

QString idList(const QList<qint64>& ids, qsizetype from, qsizetype count)
{
    QString list;
    list.reserve(count * 8);
    for (qsizetype i = from; i < from + count; ++i) {
        if (i > from) {
            list += u',';
        }
        list += QString::number(ids[i]);
    }
    return list;
}

// Ids are integers from the journal itself, so they can be inlined: one statement per chunk
// instead of one per id.
constexpr qsizetype IdChunk = 500;

DecisionRecord recordFromQuery(const QSqlQuery& query)
{
    DecisionRecord record;
    record.id = query.value(0).toLongLong();
    record.originId = query.value(1).toLongLong();
    record.relationshipId = QUuid::fromRfc4122(query.value(2).toByteArray());
    record.status = query.value(3).toString();
    record.previousStatus = query.value(4).toString();
    record.createdMs = query.value(5).toLongLong();
    record.state = decisionStateFromName(query.value(6).toString()).value_or(DecisionState::Failed);
    record.attempts = query.value(7).toInt();
    record.lastError = query.value(8).toString();
    record.serverUpdatedMs = query.value(9).toLongLong();
    record.confirmedUpdatedMs = query.value(10).toLongLong();
    record.stepId = query.value(11).toLongLong();
    record.pair = pairFromValues(query.value(12), query.value(13), query.value(14));
    record.reason = reasonFromValues(query.value(15), query.value(16));
    return record;
}

const QString RecordColumns =
    u"id, origin_id, relationship_id, new_status, previous_status, created_ms, state, attempts, "
    "last_error, server_updated_ms, confirmed_updated_ms, step_id, from_column_id, to_table_id, "
    "to_column_name, reason_code, reason_text"_s;

} // namespace

qint64 DecisionJournal::ensureOrigin(const DecisionOrigin& origin)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    if (!origin.isValid()) {
        setError(tr("No origin for the decisions"));
        return 0;
    }
    QSqlDatabase db = database();
    QSqlQuery query(db);
    const QString scopeJson =
        QString::fromUtf8(QJsonDocument(origin.scope).toJson(QJsonDocument::Compact));
    // An upsert: the path, label and target of a snapshot may change between openings (the file
    // was moved, the user pointed it at another base URL); its key does not.
    query.prepare(u"INSERT INTO origins (origin_key, kind, label, base_url, integration_source_id,"
                  " scope_json, snapshot_path, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (origin_key) DO UPDATE SET label = excluded.label,"
                  " base_url = CASE WHEN excluded.base_url <> '' THEN excluded.base_url"
                  " ELSE base_url END,"
                  " integration_source_id = CASE WHEN excluded.integration_source_id <> ''"
                  " THEN excluded.integration_source_id ELSE integration_source_id END,"
                  " scope_json = CASE WHEN excluded.scope_json <> '{}' THEN excluded.scope_json"
                  " ELSE scope_json END,"
                  " snapshot_path = CASE WHEN excluded.snapshot_path <> ''"
                  " THEN excluded.snapshot_path ELSE snapshot_path END"_s);
    query.addBindValue(origin.key);
    query.addBindValue(origin.isSnapshot() ? u"snapshot"_s : u"live"_s);
    query.addBindValue(text(origin.label));
    query.addBindValue(text(origin.baseUrl));
    query.addBindValue(origin.integrationSourceId.isNull()
                           ? u""_s
                           : origin.integrationSourceId.toString(QUuid::WithoutBraces));
    query.addBindValue(scopeJson);
    query.addBindValue(text(origin.snapshotPath));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!query.exec()) {
        setError(
            tr("Cannot record the origin %1: %2").arg(origin.label, describe(query.lastError())));
        return 0;
    }
    return originIdForKey(origin.key).value_or(0);
}

std::optional<qint64> DecisionJournal::originIdForKey(const QString& key)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QSqlQuery query(database());
    query.prepare(u"SELECT id FROM origins WHERE origin_key = ?"_s);
    query.addBindValue(key);
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

namespace {
DecisionOrigin originFromQuery(const QSqlQuery& query)
{
    DecisionOrigin origin;
    origin.key = query.value(1).toString();
    origin.kind = query.value(2).toString() == "snapshot"_L1 ? DecisionOrigin::Kind::Snapshot
                                                             : DecisionOrigin::Kind::Live;
    origin.label = query.value(3).toString();
    origin.baseUrl = query.value(4).toString();
    origin.integrationSourceId = QUuid(query.value(5).toString());
    origin.scope = QJsonDocument::fromJson(query.value(6).toString().toUtf8()).object();
    origin.snapshotPath = query.value(7).toString();
    return origin;
}
const QString OriginColumns =
    u"id, origin_key, kind, label, base_url, integration_source_id, scope_json, snapshot_path"_s;
} // namespace

std::optional<DecisionOrigin> DecisionJournal::origin(qint64 originId)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QSqlQuery query(database());
    query.prepare(u"SELECT "_s + OriginColumns + u" FROM origins WHERE id = ?"_s);
    query.addBindValue(originId);
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return originFromQuery(query);
}

QList<std::pair<qint64, DecisionOrigin>> DecisionJournal::origins()
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QList<std::pair<qint64, DecisionOrigin>> result;
    QSqlQuery query(database());
    if (query.exec(u"SELECT "_s + OriginColumns + u" FROM origins ORDER BY id"_s)) {
        while (query.next()) {
            result.append({query.value(0).toLongLong(), originFromQuery(query)});
        }
    }
    return result;
}

QList<qint64> DecisionJournal::record(qint64 originId, const QList<NewDecision>& decisions)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    if (decisions.isEmpty()) {
        return {};
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot record decisions: %1").arg(describe(transaction.error())));
        return {};
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Many rows per prepared statement, and as few bound values as possible: QtSql's cost per
    // execution and per bound value, not SQLite, dominates (one row per statement took over a
    // second for 100,000 rows). The origin is a number from the journal, so it is written into
    // the statement; fresh decisions leave the delivery columns at their defaults.
    const bool fresh = std::all_of(decisions.cbegin(), decisions.cend(), [](const auto& d) {
        return d.state == DecisionState::Pending && d.attempts == 0 && d.lastError.isEmpty() &&
               d.confirmedUpdatedMs == 0;
    });
    const QString columns = fresh ? u"relationship_id, new_status, previous_status, created_ms,"
                                    " server_updated_ms, step_id, from_column_id, to_table_id,"
                                    " to_column_name, reason_code, reason_text"_s
                                  : u"relationship_id, new_status, previous_status, created_ms,"
                                    " server_updated_ms, step_id, from_column_id, to_table_id,"
                                    " to_column_name, reason_code, reason_text, state, attempts,"
                                    " last_error, confirmed_updated_ms"_s;
    const int columnsPerRow = fresh ? 11 : 15;
    const QString rowPlaceholders = fresh ? u"(%1,?,?,?,?,?,?,?,?,?,?,?)"_s.arg(originId)
                                          : u"(%1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s.arg(originId);
    constexpr qsizetype RowsPerStatement = 250;
    const auto statementFor = [&](qsizetype rows) {
        QString sql = u"INSERT INTO decisions (origin_id, "_s + columns + u") VALUES "_s;
        for (qsizetype i = 0; i < rows; ++i) {
            if (i > 0) {
                sql += u',';
            }
            sql += rowPlaceholders;
        }
        return sql;
    };
    QSqlQuery full(db);
    QSqlQuery rest(db);
    QList<qint64> ids;
    ids.reserve(decisions.size());
    for (qsizetype from = 0; from < decisions.size(); from += RowsPerStatement) {
        const qsizetype count = qMin(RowsPerStatement, decisions.size() - from);
        QSqlQuery& insert = count == RowsPerStatement ? full : rest;
        if (&insert == &rest || from == 0) {
            if (!insert.prepare(statementFor(count))) {
                setError(tr("Cannot record decisions: %1").arg(describe(insert.lastError())));
                return {};
            }
        }
        for (qsizetype i = 0; i < count; ++i) {
            const NewDecision& decision = decisions[from + i];
            const int base = int(i) * columnsPerRow;
            insert.bindValue(base + 0, decision.relationshipId.toRfc4122());
            insert.bindValue(base + 1, decision.status);
            insert.bindValue(base + 2, text(decision.previousStatus));
            insert.bindValue(base + 3, decision.createdMs > 0 ? decision.createdMs : now);
            insert.bindValue(base + 4, decision.serverUpdatedMs);
            insert.bindValue(base + 5, decision.stepId);
            bindPair(insert, base + 6, decision.pair);
            insert.bindValue(base + 9, DecisionReason::codeName(decision.reason.code));
            insert.bindValue(base + 10, text(decision.reason.text));
            if (!fresh) {
                insert.bindValue(base + 11, decisionStateName(decision.state));
                insert.bindValue(base + 12, decision.attempts);
                insert.bindValue(base + 13, text(decision.lastError));
                insert.bindValue(base + 14, decision.confirmedUpdatedMs);
            }
        }
        if (!insert.exec()) {
            setError(tr("Cannot record decisions: %1").arg(describe(insert.lastError())));
            return {};
        }
        // Rows of one INSERT get consecutive rowids: the journal is only written inside
        // BEGIN IMMEDIATE, and AUTOINCREMENT never reuses an id.
        const qint64 last = insert.lastInsertId().toLongLong();
        for (qsizetype i = 0; i < count; ++i) {
            ids.append(last - count + 1 + i);
        }
    }
    if (!supersede(db, originId, ids.first())) {
        return {};
    }
    if (!transaction.commit()) {
        setError(tr("Cannot record decisions: %1").arg(describe(transaction.error())));
        return {};
    }
    return ids;
}

bool DecisionJournal::supersede(QSqlDatabase& db, qint64 originId, qint64 firstNewId)
{
    // Driven from the rows just inserted (a range of ids) to the other decisions on their
    // relationships (the relationship index), so that its cost follows the size of the batch,
    // not the number of unsettled decisions already in the journal: a bulk recorded in parts
    // has tens of thousands pending while its next part is written. CROSS JOIN fixes that
    // order, and the unary + keeps SQLite from reading `touched` through the origin's index.
    QSqlQuery query(db);
    query.prepare(
        u"UPDATE decisions SET state = 'cancelled', last_error = ? WHERE id IN ("
        " SELECT candidate.id FROM decisions AS touched"
        " CROSS JOIN decisions AS candidate ON candidate.origin_id = touched.origin_id"
        "  AND candidate.relationship_id = touched.relationship_id"
        " WHERE touched.id >= ? AND +touched.origin_id = ? AND +candidate.state IN "_s +
        SupersedableStates +
        u" AND EXISTS (SELECT 1 FROM decisions AS newer"
        "  WHERE newer.origin_id = candidate.origin_id"
        "  AND newer.relationship_id = candidate.relationship_id"
        "  AND (newer.created_ms > candidate.created_ms"
        "   OR (newer.created_ms = candidate.created_ms AND newer.id > candidate.id))))"_s);
    query.addBindValue(tr("superseded by a newer decision"));
    query.addBindValue(firstNewId);
    query.addBindValue(originId);
    if (!query.exec()) {
        setError(tr("Cannot record decisions: %1").arg(describe(query.lastError())));
        return false;
    }
    return true;
}

qint64 DecisionJournal::nextStepId()
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return 1;
    }
    QSqlQuery query(database());
    if (!query.exec(u"SELECT COALESCE(MAX(step_id), 0) + 1 FROM decisions"_s) || !query.next()) {
        return 1;
    }
    return query.value(0).toLongLong();
}

std::optional<DecisionRecord> DecisionJournal::decision(qint64 id)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QSqlQuery query(database());
    query.prepare(u"SELECT "_s + RecordColumns + u" FROM decisions WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return recordFromQuery(query);
}

QList<DecisionRecord> DecisionJournal::decisionsWithIds(const QList<qint64>& ids)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QList<DecisionRecord> result;
    result.reserve(ids.size());
    QSqlQuery query(database());
    query.setForwardOnly(true);
    for (qsizetype from = 0; from < ids.size(); from += IdChunk) {
        const qsizetype count = qMin(IdChunk, ids.size() - from);
        if (!query.exec(u"SELECT "_s + RecordColumns + u" FROM decisions WHERE id IN ("_s +
                        idList(ids, from, count) + u") ORDER BY id"_s)) {
            setError(tr("Cannot read decisions: %1").arg(describe(query.lastError())));
            return result;
        }
        while (query.next()) {
            result.append(recordFromQuery(query));
        }
    }
    return result;
}

QList<DecisionRecord> DecisionJournal::decisions(qint64 originId,
                                                 const QList<DecisionState>& states, int limit)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QString sql = u"SELECT "_s + RecordColumns + u" FROM decisions WHERE origin_id = ?"_s;
    if (!states.isEmpty()) {
        sql += u" AND state IN ("_s;
        for (qsizetype i = 0; i < states.size(); ++i) {
            sql += (i ? u",'"_s : u"'"_s) + decisionStateName(states[i]) + u"'"_s;
        }
        sql += u")"_s;
    }
    sql += u" ORDER BY id"_s;
    if (limit >= 0) {
        sql += u" LIMIT "_s + QString::number(limit);
    }
    QList<DecisionRecord> result;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(sql);
    query.addBindValue(originId);
    if (!query.exec()) {
        setError(tr("Cannot read decisions: %1").arg(describe(query.lastError())));
        return result;
    }
    while (query.next()) {
        result.append(recordFromQuery(query));
    }
    return result;
}

QList<DecisionRecord> DecisionJournal::latestPerRelationship(qint64 originId)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QList<DecisionRecord> result;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + RecordColumns +
                  u" FROM decisions WHERE origin_id = ? AND state <> 'cancelled'"
                  " AND NOT EXISTS (SELECT 1 FROM decisions AS newer"
                  "  WHERE newer.origin_id = decisions.origin_id"
                  "  AND newer.relationship_id = decisions.relationship_id"
                  "  AND newer.state <> 'cancelled'"
                  "  AND (newer.created_ms > decisions.created_ms"
                  "   OR (newer.created_ms = decisions.created_ms AND newer.id > decisions.id)))"
                  " ORDER BY id"_s);
    query.addBindValue(originId);
    if (!query.exec()) {
        setError(tr("Cannot read decisions: %1").arg(describe(query.lastError())));
        return result;
    }
    while (query.next()) {
        result.append(recordFromQuery(query));
    }
    return result;
}

std::optional<DecisionRecord> DecisionJournal::latestFor(qint64 originId,
                                                         const QUuid& relationshipId)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QSqlQuery query(database());
    query.prepare(u"SELECT "_s + RecordColumns +
                  u" FROM decisions WHERE origin_id = ? AND relationship_id = ?"
                  " AND state <> 'cancelled' ORDER BY created_ms DESC, id DESC LIMIT 1"_s);
    query.addBindValue(originId);
    query.addBindValue(relationshipId.toRfc4122());
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return recordFromQuery(query);
}

DecisionCounts DecisionJournal::counts(qint64 originId)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    DecisionCounts counts;
    QSqlQuery query(database());
    query.prepare(u"SELECT state, COUNT(*) FROM decisions WHERE origin_id = ? GROUP BY state"_s);
    query.addBindValue(originId);
    if (query.exec()) {
        while (query.next()) {
            if (auto state = decisionStateFromName(query.value(0).toString())) {
                counts.byState[int(*state)] = query.value(1).toInt();
            }
        }
    }
    return counts;
}

DecisionCounts DecisionJournal::countsAll()
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    DecisionCounts counts;
    QSqlQuery query(database());
    if (query.exec(u"SELECT state, COUNT(*) FROM decisions GROUP BY state"_s)) {
        while (query.next()) {
            if (auto state = decisionStateFromName(query.value(0).toString())) {
                counts.byState[int(*state)] = query.value(1).toInt();
            }
        }
    }
    return counts;
}

bool DecisionJournal::apply(const QList<DecisionChange>& changes)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    if (changes.isEmpty()) {
        return true;
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    // Runs of consecutive changes that set the same things (a thousand answers 'confirmed', a
    // bulk call's ids 'sending') go as one statement per chunk of ids, the ids (and the
    // updated_at the server answered) inlined: QtSql's cost per execution and per bound value,
    // not SQLite, dominates. A run never names an id twice, so the order of changes to one
    // decision is kept.
    const auto sameKind = [](const DecisionChange& a, const DecisionChange& b) {
        return a.state == b.state && a.keepError == b.keepError &&
               a.countAttempt == b.countAttempt && (a.keepError || a.lastError == b.lastError);
    };
    QSqlQuery query(db);
    QSet<qint64> runIds;
    for (qsizetype from = 0; from < changes.size();) {
        const DecisionChange& first = changes[from];
        runIds.clear();
        runIds.insert(first.id);
        bool anyConfirmedTime = first.confirmedUpdatedMs != 0;
        qsizetype to = from + 1;
        while (to < changes.size() && to - from < IdChunk && sameKind(changes[to], first) &&
               !runIds.contains(changes[to].id)) {
            runIds.insert(changes[to].id);
            anyConfirmedTime = anyConfirmedTime || changes[to].confirmedUpdatedMs != 0;
            ++to;
        }
        QString sql = u"UPDATE decisions SET state = '"_s + decisionStateName(first.state) + u"'"_s;
        if (!first.keepError) {
            sql += u", last_error = ?"_s;
        }
        if (first.countAttempt) {
            sql += u", attempts = attempts + 1"_s;
        }
        if (anyConfirmedTime) {
            sql += u", confirmed_updated_ms = CASE WHEN answered.column2 <> 0"
                   " THEN answered.column2 ELSE confirmed_updated_ms END FROM (VALUES "_s;
            for (qsizetype i = from; i < to; ++i) {
                if (i > from) {
                    sql += u',';
                }
                sql += u'(' + QString::number(changes[i].id) + u',' +
                       QString::number(changes[i].confirmedUpdatedMs) + u')';
            }
            sql += u") AS answered WHERE decisions.id = answered.column1"_s;
        } else {
            sql += u" WHERE id IN ("_s;
            for (qsizetype i = from; i < to; ++i) {
                if (i > from) {
                    sql += u',';
                }
                sql += QString::number(changes[i].id);
            }
            sql += u')';
        }
        if (!query.prepare(sql)) {
            setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
            return false;
        }
        if (!first.keepError) {
            query.addBindValue(text(first.lastError));
        }
        if (!query.exec()) {
            setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
            return false;
        }
        from = to;
    }
    if (!transaction.commit()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    return true;
}

bool DecisionJournal::markSending(const QList<qint64>& ids)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    if (ids.isEmpty()) {
        return true;
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    QSqlQuery query(db);
    for (qsizetype from = 0; from < ids.size(); from += IdChunk) {
        const qsizetype count = qMin(IdChunk, ids.size() - from);
        if (!query.exec(u"UPDATE decisions SET state = 'sending', attempts = attempts + 1"
                        " WHERE id IN ("_s +
                        idList(ids, from, count) + u")"_s)) {
            setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
            return false;
        }
    }
    if (!transaction.commit()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    return true;
}

bool DecisionJournal::setState(const QList<qint64>& ids, DecisionState state, const QString& error)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    if (ids.isEmpty()) {
        return true;
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    QSqlQuery query(db);
    for (qsizetype from = 0; from < ids.size(); from += IdChunk) {
        const qsizetype count = qMin(IdChunk, ids.size() - from);
        query.prepare(u"UPDATE decisions SET state = ?, last_error = ? WHERE id IN ("_s +
                      idList(ids, from, count) + u")"_s);
        query.addBindValue(decisionStateName(state));
        query.addBindValue(text(error));
        if (!query.exec()) {
            setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
            return false;
        }
    }
    if (!transaction.commit()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    return true;
}

bool DecisionJournal::setLastError(const QList<qint64>& ids, const QString& error)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    if (ids.isEmpty()) {
        return true;
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    QSqlQuery query(db);
    for (qsizetype from = 0; from < ids.size(); from += IdChunk) {
        const qsizetype count = qMin(IdChunk, ids.size() - from);
        query.prepare(u"UPDATE decisions SET last_error = ? WHERE id IN ("_s +
                      idList(ids, from, count) + u")"_s);
        query.addBindValue(text(error));
        if (!query.exec()) {
            setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
            return false;
        }
    }
    if (!transaction.commit()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    return true;
}

bool DecisionJournal::markConfirmed(const QList<std::pair<qint64, qint64>>& idAndServerUpdatedMs)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    if (idAndServerUpdatedMs.isEmpty()) {
        return true;
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    QSqlQuery query(db);
    query.prepare(u"UPDATE decisions SET state = 'confirmed', last_error = '',"
                  " confirmed_updated_ms = ? WHERE id = ?"_s);
    for (const auto& [id, updatedMs] : idAndServerUpdatedMs) {
        query.bindValue(0, updatedMs);
        query.bindValue(1, id);
        if (!query.exec()) {
            setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
            return false;
        }
    }
    if (!transaction.commit()) {
        setError(tr("Cannot update decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    return true;
}

bool DecisionJournal::rebaseline(qint64 id, qint64 serverUpdatedMs, const QString& serverStatus)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QSqlQuery query(database());
    query.prepare(u"UPDATE decisions SET state = 'pending', last_error = '',"
                  " server_updated_ms = ?, previous_status = ? WHERE id = ?"_s);
    query.addBindValue(serverUpdatedMs);
    query.addBindValue(text(serverStatus));
    query.addBindValue(id);
    if (!query.exec()) {
        setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
        return false;
    }
    return true;
}

int DecisionJournal::requeueInterrupted(qint64 originId)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return -1;
    }
    QSqlQuery query(database());
    if (originId > 0) {
        query.prepare(u"UPDATE decisions SET state = 'pending'"
                      " WHERE state = 'sending' AND origin_id = ?"_s);
        query.addBindValue(originId);
    } else {
        query.prepare(u"UPDATE decisions SET state = 'pending' WHERE state = 'sending'"_s);
    }
    if (!query.exec()) {
        setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
        return -1;
    }
    return query.numRowsAffected();
}

int DecisionJournal::retryFailed(qint64 originId)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return -1;
    }
    QSqlQuery query(database());
    query.prepare(u"UPDATE decisions SET state = 'pending'"
                  " WHERE state = 'failed' AND origin_id = ?"_s);
    query.addBindValue(originId);
    if (!query.exec()) {
        setError(tr("Cannot update decisions: %1").arg(describe(query.lastError())));
        return -1;
    }
    return query.numRowsAffected();
}

int DecisionJournal::purgeSettled(qint64 originId, qint64 beforeMs)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return -1;
    }
    QSqlQuery query(database());
    query.prepare(u"DELETE FROM decisions WHERE origin_id = ? AND created_ms < ?"
                  " AND state IN ('confirmed', 'cancelled')"_s);
    query.addBindValue(originId);
    query.addBindValue(beforeMs);
    if (!query.exec()) {
        setError(tr("Cannot purge decisions: %1").arg(describe(query.lastError())));
        return -1;
    }
    return query.numRowsAffected();
}
