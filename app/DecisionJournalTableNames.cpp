#include "DecisionJournal.h"
#include "DecisionJournalSql.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

using namespace journalsql;

// The analyst's table names in the journal. Self-contained on purpose: their table is created on
// first write (CREATE TABLE IF NOT EXISTS), outside the numbered migrations, so that it neither
// takes nor needs a schema version; a journal without it (any written before, or by a
// relreview that knows no names) has no names, and a relreview that knows no names ignores it.

namespace {

const QString CreateTable = u"CREATE TABLE IF NOT EXISTS %1table_names ("
                            " table_id TEXT PRIMARY KEY NOT NULL,"
                            " name TEXT NOT NULL,"
                            " updated_ms INTEGER NOT NULL)"_s;

// Whether `schema` ("main", "held") has the table: reading a journal never creates it.
std::optional<bool> hasTable(QSqlDatabase& db, const QString& schema, QSqlError* error)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT count(*) FROM %1.sqlite_master WHERE type = 'table'"
                    " AND name = 'table_names'"_s.arg(schema)) ||
        !query.next()) {
        *error = query.lastError();
        return std::nullopt;
    }
    return query.value(0).toInt() > 0;
}

} // namespace

std::optional<TableNames> DecisionJournal::tableNames()
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return std::nullopt;
    }
    QSqlDatabase db = database();
    QSqlError error;
    const std::optional<bool> exists = hasTable(db, u"main"_s, &error);
    if (!exists) {
        setError(tr("Cannot read the table names: %1").arg(describe(error)));
        return std::nullopt;
    }
    TableNames names;
    if (!*exists) {
        return names;
    }
    QSqlQuery query(db);
    if (!query.exec(u"SELECT table_id, name FROM table_names ORDER BY updated_ms, table_id"_s)) {
        setError(tr("Cannot read the table names: %1").arg(describe(query.lastError())));
        return std::nullopt;
    }
    while (query.next()) {
        // A row another program wrote badly is skipped rather than failing every name.
        names.set(QUuid::fromString(query.value(0).toString()), query.value(1).toString());
    }
    return names;
}

bool DecisionJournal::setTableNames(const TableNames& names)
{
    QList<std::pair<QUuid, QString>> list;
    for (const QUuid& id : names.ids()) {
        list.append({id, names.name(id)});
    }
    return writeTableNames(list);
}

bool DecisionJournal::setTableName(const QUuid& tableId, const QString& name)
{
    if (tableId.isNull()) {
        setError(tr("Cannot name a table without its id"));
        return false;
    }
    if (const QString problem = TableNames::checkName(name); !problem.isEmpty()) {
        setError(
            tr("Cannot name table %1: %2").arg(tableId.toString(QUuid::WithoutBraces), problem));
        return false;
    }
    return writeTableNames({{tableId, name.trimmed()}});
}

bool DecisionJournal::writeTableNames(const QList<std::pair<QUuid, QString>>& names)
{
    const auto turn = memoryTurn();
    if (!isOpen()) {
        setError(notOpenMessage());
        return false;
    }
    if (names.isEmpty()) {
        return true;
    }
    QSqlDatabase db = database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        setError(tr("Cannot save the table names: %1").arg(describe(transaction.error())));
        return false;
    }
    QSqlQuery query(db);
    if (!query.exec(CreateTable.arg(QString()))) {
        setError(tr("Cannot save the table names: %1").arg(describe(query.lastError())));
        return false;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto& [id, name] : names) {
        if (name.isEmpty()) {
            query.prepare(u"DELETE FROM table_names WHERE table_id = ?"_s);
            query.addBindValue(id.toString(QUuid::WithoutBraces));
        } else {
            query.prepare(u"INSERT INTO table_names (table_id, name, updated_ms) VALUES (?, ?, ?)"
                          " ON CONFLICT (table_id) DO UPDATE SET name = excluded.name,"
                          " updated_ms = excluded.updated_ms"_s);
            query.addBindValue(id.toString(QUuid::WithoutBraces));
            query.addBindValue(name);
            query.addBindValue(now);
        }
        if (!query.exec()) {
            setError(tr("Cannot save the table names: %1").arg(describe(query.lastError())));
            return false;
        }
    }
    if (!transaction.commit()) {
        setError(tr("Cannot save the table names: %1").arg(describe(transaction.error())));
        return false;
    }
    return true;
}

bool DecisionJournal::carryOverHeldTableNames(QSqlDatabase& db)
{
    QSqlError error;
    const std::optional<bool> held = hasTable(db, u"held"_s, &error);
    if (!held) {
        setError(describe(error));
        return false;
    }
    if (!*held) {
        return true;
    }
    QSqlQuery query(db);
    // Names given while the file was away are the newer ones.
    if (!query.exec(CreateTable.arg(u"main."_s)) ||
        !query.exec(u"INSERT INTO main.table_names (table_id, name, updated_ms)"
                    " SELECT table_id, name, updated_ms FROM held.table_names WHERE true"
                    " ON CONFLICT (table_id) DO UPDATE SET name = excluded.name,"
                    " updated_ms = excluded.updated_ms"_s)) {
        setError(describe(query.lastError()));
        return false;
    }
    return true;
}
