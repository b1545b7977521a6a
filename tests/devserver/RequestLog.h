#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <deque>
#include <mutex>

// The last API requests, as tests inspect them through GET /_dev/requests. The Authorization
// header is recorded only as "Bearer <valid>" or "Bearer <invalid>", whether one was sent, and
// the SHA-256 of its exact value: the token itself never leaves.
class RequestLog
{
public:
    struct Entry
    {
        QString method;
        QString path;
        QString target;      // path and query exactly as sent
        QJsonObject query;   // name -> value (an array when a name is repeated)
        QJsonObject headers; // lower-case names
        bool hasAuthorization = false;
        QString authorizationSha256; // hex of SHA-256 over the header value as sent; "" if none
        QByteArray body;             // at most MaxBodyBytes
        qint64 bodySize = 0;
        int status = 0; // 0: the connection was dropped without a complete answer
        QString fault;  // "rate_limited", "failed", "dropped" or empty
        double milliseconds = 0;
    };

    static constexpr int Capacity = 1000;
    static constexpr qsizetype MaxBodyBytes = 64 * 1024;

    void append(Entry entry);
    void clear();
    QJsonArray toJson() const;

private:
    mutable std::mutex m_mutex;
    std::deque<Entry> m_entries;
    qint64 m_sequence = 0;
    std::deque<qint64> m_sequences;
};
