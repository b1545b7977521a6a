// DecisionJournal, continued: column pairs (a relationship's identity across pipeline runs) and
// reasons. Their columns came after schema version 2 and are added without a new version (an
// ALTER TABLE ADD COLUMN when PRAGMA table_info lacks them): a relreview that does not know them
// reads and writes the journal as before, and its decisions get their pair when the
// relationship is next seen (fillPairs()).
#include "DecisionJournal.h"
#include "DecisionJournalSql.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace journalsql;

namespace {

struct Extension
{
    QLatin1StringView column;
    QString statement;
};

const QList<Extension>& extensions()
{
    static const QList<Extension> list = {
        {"from_column_id"_L1, u"ALTER TABLE decisions ADD COLUMN from_column_id BLOB"_s},
        {"to_table_id"_L1, u"ALTER TABLE decisions ADD COLUMN to_table_id BLOB"_s},
        {"to_column_name"_L1, u"ALTER TABLE decisions ADD COLUMN to_column_name TEXT"_s},
        {"reason_code"_L1,
         u"ALTER TABLE decisions ADD COLUMN reason_code TEXT NOT NULL DEFAULT ''"_s},
        {"reason_text"_L1,
         u"ALTER TABLE decisions ADD COLUMN reason_text TEXT NOT NULL DEFAULT ''"_s},
    };
    return list;
}

const QStringList& extensionIndexes()
{
    static const QStringList list = {
        u"CREATE INDEX IF NOT EXISTS decisions_by_pair"
        " ON decisions (from_column_id, to_table_id, to_column_name)"
        " WHERE from_column_id IS NOT NULL"_s,
        u"CREATE INDEX IF NOT EXISTS decisions_without_pair ON decisions (relationship_id)"
        " WHERE from_column_id IS NULL"_s,
    };
    return list;
}

} // namespace

bool DecisionJournal::extendSchema(QSqlDatabase& db)
{
    const auto missing = [&](bool* ok) {
        QStringList statements;
        QSet<QString> columns;
        QSqlQuery query(db);
        *ok = query.exec(u"PRAGMA table_info(decisions)"_s);
        while (*ok && query.next()) {
            columns.insert(query.value(1).toString());
        }
        for (const Extension& extension : extensions()) {
            if (!columns.contains(extension.column)) {
                statements.append(extension.statement);
            }
        }
        return statements;
    };
    bool ok = false;
    // A read first: a journal that has them opens without the write lock.
    if (missing(&ok).isEmpty() && ok) {
        return true;
    }
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(
            tr("Cannot upgrade the journal %1: %2").arg(m_path, describe(transaction.error())));
        return false;
    }
    QStringList statements = missing(&ok); // again under the lock
    if (!ok) {
        setError(tr("Cannot read the journal %1").arg(m_path));
        return false;
    }
    statements += extensionIndexes();
    QSqlQuery query(db);
    for (const QString& statement : std::as_const(statements)) {
        if (!query.exec(statement)) {
            setError(
                tr("Cannot upgrade the journal %1: %2").arg(m_path, describe(query.lastError())));
            return false;
        }
    }
    if (!transaction.commit()) {
        setError(
            tr("Cannot upgrade the journal %1: %2").arg(m_path, describe(transaction.error())));
        return false;
    }
    return true;
}

bool DecisionJournal::setReason(const QList<qint64>& ids, const DecisionReason& reason)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return false;
    }
    if (ids.isEmpty()) {
        return true;
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot record the reason: %1").arg(describe(transaction.error())));
        return false;
    }
    QSqlQuery query(db);
    query.prepare(u"UPDATE decisions SET reason_code = ?, reason_text = ? WHERE id = ?"_s);
    for (const qint64 id : ids) {
        query.bindValue(0, DecisionReason::codeName(reason.code));
        query.bindValue(1, text(reason.text.trimmed()));
        query.bindValue(2, id);
        if (!query.exec()) {
            setError(tr("Cannot record the reason: %1").arg(describe(query.lastError())));
            return false;
        }
    }
    if (!transaction.commit()) {
        setError(tr("Cannot record the reason: %1").arg(describe(transaction.error())));
        return false;
    }
    return true;
}

QList<PairDecision> DecisionJournal::pairDecisions()
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QList<PairDecision> result;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    // The newest decision per relationship and origin (as latestPerRelationship() picks it),
    // read through the relationship index for the NOT EXISTS.
    if (!query.exec(
            u"SELECT origin_id, relationship_id, new_status, created_ms, from_column_id,"
            " to_table_id, to_column_name, reason_code, reason_text FROM decisions"
            " WHERE from_column_id IS NOT NULL AND state <> 'cancelled'"
            " AND NOT EXISTS (SELECT 1 FROM decisions AS newer"
            "  WHERE newer.origin_id = decisions.origin_id"
            "  AND newer.relationship_id = decisions.relationship_id"
            "  AND newer.state <> 'cancelled'"
            "  AND (newer.created_ms > decisions.created_ms"
            "   OR (newer.created_ms = decisions.created_ms AND newer.id > decisions.id)))"_s)) {
        setError(tr("Cannot read decisions: %1").arg(describe(query.lastError())));
        return result;
    }
    while (query.next()) {
        PairDecision decision;
        decision.originId = query.value(0).toLongLong();
        decision.relationshipId = QUuid::fromRfc4122(query.value(1).toByteArray());
        decision.status = query.value(2).toString();
        decision.decidedMs = query.value(3).toLongLong();
        decision.pair = pairFromValues(query.value(4), query.value(5), query.value(6));
        decision.reason = reasonFromValues(query.value(7), query.value(8));
        result.append(std::move(decision));
    }
    return result;
}

QList<QUuid> DecisionJournal::relationshipsWithoutPair()
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return {};
    }
    QList<QUuid> result;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT DISTINCT relationship_id FROM decisions"
                    " WHERE from_column_id IS NULL"_s)) {
        setError(tr("Cannot read decisions: %1").arg(describe(query.lastError())));
        return result;
    }
    while (query.next()) {
        result.append(QUuid::fromRfc4122(query.value(0).toByteArray()));
    }
    return result;
}

bool DecisionJournal::fillPairs(const QList<std::pair<QUuid, ColumnPair>>& pairs)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return false;
    }
    if (pairs.isEmpty()) {
        return true;
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot record decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    QSqlQuery query(db);
    query.prepare(u"UPDATE decisions SET from_column_id = ?, to_table_id = ?, to_column_name = ?"
                  " WHERE relationship_id = ? AND from_column_id IS NULL"_s);
    for (const auto& [id, pair] : pairs) {
        if (pair.isNull()) {
            continue;
        }
        bindPair(query, 0, pair);
        query.bindValue(3, id.toRfc4122());
        if (!query.exec()) {
            setError(tr("Cannot record decisions: %1").arg(describe(query.lastError())));
            return false;
        }
    }
    if (!transaction.commit()) {
        setError(tr("Cannot record decisions: %1").arg(describe(transaction.error())));
        return false;
    }
    return true;
}
