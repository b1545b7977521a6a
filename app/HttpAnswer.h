#pragma once

#include "ApiClient.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

#include <utility>

// What an HTTP answer means for the client, as a pure function of what arrived: the status (0
// when no HTTP answer came), the headers, the body and Qt's network error. No QNetworkReply, so
// that tests and the fuzz target (tests/fuzz/fuzz_httpanswer.cpp) can feed it anything.
// `url` and `networkErrorString` only enrich the messages of transport failures (the server's
// authority, Qt's own wording); they never change the kind.
ApiError classifyHttpAnswer(int httpStatus, const QList<std::pair<QByteArray, QByteArray>>& headers,
                            const QByteArray& body, QNetworkReply::NetworkError networkError,
                            const QUrl& url = {}, const QString& networkErrorString = {});
