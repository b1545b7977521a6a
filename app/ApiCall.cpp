#include "ApiCall.h"

#include "ApiAnswer.h"

#include <QLocale>
#include <QNetworkReply>

bool ApiCall::streamsToFile(QNetworkReply* reply) const
{
    return (file || sink) &&
           ApiAnswer::isSuccess(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
}

qint64 ApiCall::limitFor(QNetworkReply* reply) const
{
    return streamsToFile(reply) ? maxDownloadBytes : maxBodyBytes;
}

void ApiCall::abort(QNetworkReply* reply, ApiError reason)
{
    if (aborted || done) {
        return;
    }
    aborted = true;
    abortReason = std::move(reason);
    // A reply that has already failed or finished only waits for its finished() signal;
    // aborting it again makes Qt complain.
    if (!reply->isFinished() && reply->error() == QNetworkReply::NoError) {
        reply->abort();
    }
}

void ApiCall::readFrom(QNetworkReply* reply)
{
    if (aborted || done || !reply->isOpen()) {
        return;
    }
    if (!streamsToFile(reply)) {
        if (body.size() + reply->bytesAvailable() > maxBodyBytes) {
            abort(reply, tooLargeError(reply, maxBodyBytes));
            return;
        }
        body += reply->readAll();
        return;
    }
    while (reply->bytesAvailable() > 0 && !paused) {
        const QByteArray chunk = reply->read(256 * 1024);
        if (bytesWritten + chunk.size() > maxDownloadBytes) {
            abort(reply, tooLargeError(reply, maxDownloadBytes));
            return;
        }
        if (sink) {
            bytesWritten += chunk.size();
            paused = !sink(chunk);
            if (aborted || done) // the sink cancelled the call
                return;
            continue;
        }
        if (file->write(chunk) != chunk.size()) {
            abort(reply, storageError(*file));
            return;
        }
        bytesWritten += chunk.size();
    }
}

void ApiCall::resetForResend()
{
    ++resends;
    headersSeen = false;
    uploaded = false;
    stranded = false;
    opensConnection = false;
    done = false;
    aborted = false;
    abortReason = ApiError();
    body.clear();
    paused = false;
}

ApiError ApiCall::tooLargeError(QNetworkReply* reply, qint64 limit)
{
    ApiError error;
    error.kind = ApiError::Kind::TooLarge;
    error.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    error.message =
        ApiError::tr("The server's answer is larger than %1, the limit for it.")
            .arg(QLocale().formattedDataSize(limit, 1, QLocale::DataSizeTraditionalFormat));
    return error;
}

ApiError ApiCall::storageError(const QFile& file)
{
    ApiError error;
    error.kind = ApiError::Kind::Storage;
    error.message = ApiError::tr("Could not write the download to %1: %2")
                        .arg(file.fileName(), file.errorString());
    return error;
}
