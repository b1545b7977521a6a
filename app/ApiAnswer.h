#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QNetworkReply>

#include <utility>

// How relreview reads an answer of the API, from what arrived only: the status (0: none), the
// headers, the body (or the start of it) and the transport's error. No network and no clock other
// than the current time for a Retry-After date: a fuzz target calls it with anything. ApiClient
// adds what only a live reply knows (its URL, Qt's words for a failure).
class ApiAnswer
{
public:
    // The classification of an HTTP answer as the sync logic needs it.
    static ApiError classify(int httpStatus,
                             const QList<std::pair<QByteArray, QByteArray>>& headers,
                             const QByteArray& body, QNetworkReply::NetworkError networkError);

    // A Retry-After value in milliseconds (a number of seconds or an HTTP date, relative to
    // `now`); -1 when absent or unreadable. Absurd values come back as MaxRetryAfterMs.
    static constexpr qint64 MaxRetryAfterMs = qint64(24) * 60 * 60 * 1000;
    static qint64 parseRetryAfterMs(const QByteArray& value, const QDateTime& now);

    // The server's explanation in an error body (FastAPI's `detail`, or short plain text),
    // shortened; empty for an HTML page or nothing useful.
    static QString detailOf(const QByteArray& body);

    static bool isSuccess(int httpStatus) { return httpStatus >= 200 && httpStatus < 300; }
};
