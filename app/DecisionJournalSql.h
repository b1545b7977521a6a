#pragma once

// Internal to DecisionJournal*.cpp: what the journal's schema code and its queries share.

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

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

} // namespace journalsql
