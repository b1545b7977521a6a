// libFuzzer target for the classification of HTTP answers (ApiAnswer::classify): whatever a
// server sends (status, headers, body) and however the transfer ends, the client gets one
// verdict with a bounded, readable message, never a crash or undefined behaviour.
//
// Input layout: two bytes of status (big-endian, modulo 1000), one byte choosing Qt's network
// error, then header lines "Name: value" up to an empty line, then the body.
#include "ApiAnswer.h"
#include "FuzzSupport.h"

#include <QByteArray>
#include <QList>

#include <iterator>

using fuzz::require;

namespace {

constexpr QNetworkReply::NetworkError NetworkErrors[] = {
    QNetworkReply::NoError,
    QNetworkReply::ConnectionRefusedError,
    QNetworkReply::RemoteHostClosedError,
    QNetworkReply::HostNotFoundError,
    QNetworkReply::TimeoutError,
    QNetworkReply::OperationCanceledError,
    QNetworkReply::SslHandshakeFailedError,
    QNetworkReply::TooManyRedirectsError,
    QNetworkReply::InsecureRedirectError,
    QNetworkReply::ContentAccessDenied,
    QNetworkReply::ContentNotFoundError,
    QNetworkReply::AuthenticationRequiredError,
    QNetworkReply::ProtocolFailure,
    QNetworkReply::InternalServerError,
    QNetworkReply::ServiceUnavailableError,
    QNetworkReply::UnknownServerError,
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 3)
        return 0;
    const int status = ((int(data[0]) << 8) | int(data[1])) % 1000;
    const QNetworkReply::NetworkError networkError =
        NetworkErrors[data[2] % std::size(NetworkErrors)];
    const QByteArray rest(reinterpret_cast<const char*>(data) + 3, qsizetype(size) - 3);

    QList<std::pair<QByteArray, QByteArray>> headers;
    qsizetype position = 0;
    while (position < rest.size()) {
        qsizetype end = rest.indexOf('\n', position);
        if (end < 0)
            end = rest.size();
        const QByteArray line = rest.mid(position, end - position);
        position = end + 1;
        if (line.isEmpty() || line == "\r")
            break;
        const qsizetype colon = line.indexOf(':');
        headers.append({line.left(colon < 0 ? line.size() : colon).trimmed(),
                        colon < 0 ? QByteArray() : line.mid(colon + 1).trimmed()});
    }
    const QByteArray body = position < rest.size() ? rest.mid(position) : QByteArray();

    const ApiError error = ApiAnswer::classify(status, headers, body, networkError);
    require(error.httpStatus == status, "the status is kept");
    const bool transportFailed = networkError != QNetworkReply::NoError && int(networkError) < 200;
    require(error.ok() == (status >= 200 && status < 300 && !transportFailed),
            "only a 2xx that arrived whole is a success");
    require(error.ok() == error.message.isEmpty(), "every failure, and only a failure, says why");
    // The server's detail is capped: a megabyte of error body is no message.
    require(error.message.size() <= 600, "the message stays short");
    require(error.retryAfterMs >= -1, "retry-after is a delay or unknown");
    require(error.retryAfterMs <= ApiAnswer::MaxRetryAfterMs, "an absurd retry-after is capped");
    if (error.kind == ApiError::Kind::RateLimited)
        require(status == 429, "only a 429 is a rate limit");
    else
        require(error.retryAfterMs == -1, "only a rate limit says when to retry");
    (void)error.isTransient();
    return 0;
}
