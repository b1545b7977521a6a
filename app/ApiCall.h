#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QFile>
#include <QNetworkRequest>
#include <QPointer>

#include <functional>
#include <memory>

class QNetworkReply;

// One request of ApiClient on its way: what was asked (so that it can be asked again on a new
// connection when the server refused to start it), and its answer as it arrives. Memory calls
// collect the answer up to a limit; downloads stream a successful answer to a file or a sink
// and keep only an error answer in memory (to read its `detail`).
struct ApiCall
{
    using ChunkSink = std::function<bool(QByteArrayView bytes)>;
    using Progress = std::function<void(qint64 received, qint64 total)>;
    using Finished = std::function<void(const ApiError&, QNetworkReply*, const QByteArray&)>;

    // What is asked.
    QByteArray verb; // GET, PUT or POST
    QNetworkRequest request;
    QByteArray upload;
    qint64 readBufferBytes = 0; // for the reply; 0: Qt's default (unbounded)

    QPointer<QObject> context;
    bool hadContext = false;
    Finished finished;
    Progress progress;
    std::unique_ptr<QFile> file;
    ChunkSink sink; // instead of a file: the body as it arrives
    qint64 maxBodyBytes = 0;
    qint64 maxDownloadBytes = 0;

    // This attempt.
    int generation = 0;           // of the network (NetworkGenerations) it went through
    qint64 startedMs = 0;         // ApiClient's clock
    int resends = 0;              // attempts before this one that the server never started
    bool headersSeen = false;     // an answer began
    bool uploaded = false;        // Qt wrote the whole request body (uploadProgress)
    bool stranded = false;        // stopped: left without an answer on a connection that went away
    bool opensConnection = false; // the first call through its network (see ApiClient)
    bool done = false;
    bool aborted = false;
    ApiError abortReason;
    QByteArray body;
    bool paused = false; // the sink wants no more for now
    qint64 bytesWritten = 0;

    bool streamsToFile(QNetworkReply* reply) const;
    qint64 limitFor(QNetworkReply* reply) const;
    // Recorded before aborting, so that the end reports why rather than "cancelled".
    void abort(QNetworkReply* reply, ApiError reason);
    void readFrom(QNetworkReply* reply);
    // Forgets the attempt that ended without an answer, to ask again.
    void resetForResend();

    static ApiError tooLargeError(QNetworkReply* reply, qint64 limit);
    static ApiError storageError(const QFile& file);
};
