#pragma once

// Internal to DecisionJournal*.cpp: what the journal's schema code and its queries share.

#include "DecisionReason.h"
#include "EarlierDecisions.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace journalsql {

class Transaction
{
public:
    explicit Transaction(QSqlDatabase& db)
        : m_db(db)
    {
        // BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy timeout for
        // another process's write to end), so that two processes never both read and then fail
        // to upgrade (SQLITE_BUSY without a busy handler call).
        QSqlQuery begin(m_db);
        m_active = begin.exec(u"BEGIN IMMEDIATE"_s);
        if (!m_active) {
            m_error = begin.lastError();
        }
    }
    ~Transaction()
    {
        if (m_active) {
            QSqlQuery(m_db).exec(u"ROLLBACK"_s);
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    bool isActive() const { return m_active; }
    const QSqlError& error() const { return m_error; }
    bool commit()
    {
        QSqlQuery commit(m_db);
        if (!commit.exec(u"COMMIT"_s)) {
            m_error = commit.lastError();
            return false; // still active: the destructor rolls it back
        }
        m_active = false;
        return true;
    }

private:
    QSqlDatabase& m_db;
    bool m_active = false;
    QSqlError m_error;
};

// SQLite's primary result codes, as QSqlError::nativeErrorCode() gives them.
inline bool isBusy(const QSqlError& error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == 5 /* SQLITE_BUSY */ || code == 6 /* SQLITE_LOCKED */;
}

// QtSql binds a null QString as SQL NULL; the text columns are NOT NULL with '' for "none".
inline QString text(const QString& value)
{
    return value.isNull() ? u""_s : value;
}

// A column pair in three columns: NULL when not known.
inline void bindPair(QSqlQuery& query, int first, const ColumnPair& pair)
{
    if (pair.isNull()) {
        query.bindValue(first, QVariant(QMetaType::fromType<QByteArray>()));
        query.bindValue(first + 1, QVariant(QMetaType::fromType<QByteArray>()));
        query.bindValue(first + 2, QVariant(QMetaType::fromType<QString>()));
        return;
    }
    query.bindValue(first, pair.fromColumnId.toRfc4122());
    query.bindValue(first + 1, pair.toTableId.toRfc4122());
    query.bindValue(first + 2, text(pair.toColumnName));
}

inline ColumnPair pairFromValues(const QVariant& from, const QVariant& table,
                                 const QVariant& column)
{
    ColumnPair pair;
    if (from.isNull() || table.isNull()) {
        return pair;
    }
    pair.fromColumnId = QUuid::fromRfc4122(from.toByteArray());
    pair.toTableId = QUuid::fromRfc4122(table.toByteArray());
    pair.toColumnName = column.toString();
    return pair;
}

inline DecisionReason reasonFromValues(const QVariant& code, const QVariant& text)
{
    DecisionReason reason;
    reason.code = DecisionReason::codeFromName(code.toString())
                      .value_or(text.toString().isEmpty() ? DecisionReason::Code::None
                                                          : DecisionReason::Code::Other);
    reason.text = text.toString();
    return reason;
}

} // namespace journalsql
