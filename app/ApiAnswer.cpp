#include "ApiAnswer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QStringList>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Enough of a server's error body to explain it; HTML error pages are not worth showing.
constexpr qsizetype MaxDetailChars = 300;

QString renderLocation(const QJsonValue& loc)
{
    if (!loc.isArray()) {
        return loc.toVariant().toString();
    }
    QStringList parts;
    for (const QJsonValue& part : loc.toArray()) {
        parts.append(part.isDouble() ? QString::number(part.toInteger()) : part.toString());
    }
    return parts.join(u'.');
}

// FastAPI's `detail` is either a string or a list of {"loc": [...], "msg": "..."}; anything else
// is shown compactly rather than dropped.
QString renderDetail(const QJsonValue& detail)
{
    if (detail.isString()) {
        return detail.toString();
    }
    if (detail.isArray()) {
        QStringList lines;
        for (const QJsonValue& item : detail.toArray()) {
            if (item.isObject()) {
                const QJsonObject object = item.toObject();
                const QString where = renderLocation(object.value("loc"_L1));
                const QString what = object.value("msg"_L1).toString();
                lines.append(where.isEmpty() ? what : where % u": "_s % what);
            } else if (item.isString()) {
                lines.append(item.toString());
            } else {
                lines.append(QString::fromUtf8(
                                 QJsonDocument(QJsonArray{item}).toJson(QJsonDocument::Compact))
                                 .mid(1)
                                 .chopped(1));
            }
        }
        return lines.join("; "_L1);
    }
    if (detail.isObject()) {
        return QString::fromUtf8(QJsonDocument(detail.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

QString withDetail(const QString& what, int httpStatus, const QString& detail)
{
    const QString status = u"HTTP "_s + QString::number(httpStatus);
    if (detail.isEmpty()) {
        return what % u" ("_s % status % u')';
    }
    return what % u" ("_s % status % u": "_s % detail % u')';
}

} // namespace

QString ApiAnswer::detailOf(const QByteArray& body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    QString text;
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        const QJsonObject object = document.object();
        text = renderDetail(object.value("detail"_L1));
        if (text.isEmpty()) {
            text = object.value("message"_L1).toString();
        }
    } else if (parseError.error != QJsonParseError::NoError) {
        const QByteArray trimmed = body.trimmed();
        if (!trimmed.startsWith('<')) {
            text = QString::fromUtf8(trimmed).simplified();
        }
    }
    if (text.size() > MaxDetailChars) {
        text = text.left(MaxDetailChars) + u'…';
    }
    return text;
}

// RFC 9110: a number of seconds or an HTTP date (IMF-fixdate; the obsolete forms are rare).
qint64 ApiAnswer::parseRetryAfterMs(const QByteArray& value, const QDateTime& now)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty()) {
        return -1;
    }
    const bool allDigits =
        std::all_of(text.cbegin(), text.cend(), [](char c) { return c >= '0' && c <= '9'; });
    if (allDigits) {
        // Capped before it is multiplied: "99999999999999999" seconds is no reason to overflow.
        // Digits too many for a number at all are just as absurd.
        bool isNumber = false;
        const qint64 seconds = text.toLongLong(&isNumber);
        const qint64 maxSeconds = MaxRetryAfterMs / 1000;
        if (!isNumber || seconds >= maxSeconds) {
            return MaxRetryAfterMs;
        }
        return seconds * 1000;
    }
    const QString dateText = QString::fromLatin1(text);
    QDateTime when = QLocale::c().toDateTime(dateText, u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (when.isValid()) {
        when.setTimeZone(QTimeZone::utc());
    } else {
        when = QDateTime::fromString(dateText, Qt::RFC2822Date);
    }
    if (!when.isValid() || !now.isValid()) {
        return -1;
    }
    // A date in the past means "now": the caller still waits its minimum backoff.
    return qBound<qint64>(0, now.msecsTo(when), MaxRetryAfterMs);
}

ApiError ApiAnswer::classify(int httpStatus,
                             const QList<std::pair<QByteArray, QByteArray>>& headers,
                             const QByteArray& body, QNetworkReply::NetworkError networkError)
{
    ApiError error;
    const int status = httpStatus;
    error.httpStatus = status;

    const QNetworkReply::NetworkError code = networkError;
    // Codes below 200 are transport failures (refused, closed, timed out, TLS, proxy): they win
    // over a status line that arrived before the connection broke.
    const bool transportFailed = code != QNetworkReply::NoError && int(code) < 200;
    if (status == 0 || transportFailed) {
        switch (code) {
        case QNetworkReply::NoError:
            error.kind = ApiError::Kind::BadResponse;
            error.message = ApiError::tr("The server gave no HTTP answer.");
            break;
        // Our own aborts are recorded before they happen, so a cancel seen here is Qt's
        // transfer timeout (Qt 6.4 reports it as OperationCanceledError).
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            error.kind = ApiError::Kind::Timeout;
            error.message = ApiError::tr("No answer from the server in time.");
            break;
        case QNetworkReply::ConnectionRefusedError:
            error.kind = ApiError::Kind::Network;
            error.message = ApiError::tr("The server refused the connection.");
            break;
        case QNetworkReply::RemoteHostClosedError:
            error.kind = ApiError::Kind::Network;
            error.message = ApiError::tr("The server closed the connection before answering.");
            break;
        case QNetworkReply::HostNotFoundError:
            error.kind = ApiError::Kind::Network;
            error.message = ApiError::tr("Host not found.");
            break;
        // Asking again gets the same answer: a certificate does not fix itself, a redirect
        // loop stays a loop, and a redirect to another origin is never followed.
        case QNetworkReply::SslHandshakeFailedError:
            error.kind = ApiError::Kind::Tls;
            error.permanent = true;
            error.message = ApiError::tr("The TLS handshake failed.");
            break;
        case QNetworkReply::TooManyRedirectsError:
            error.kind = ApiError::Kind::Network;
            error.permanent = true;
            error.message = ApiError::tr("The server redirects in a loop; not asked again.");
            break;
        case QNetworkReply::InsecureRedirectError:
            error.kind = ApiError::Kind::Network;
            error.permanent = true;
            error.message = ApiError::tr("The server redirects to another origin, where the token "
                                         "is not sent; not asked again.");
            break;
        case QNetworkReply::ProtocolUnknownError:
        case QNetworkReply::ProtocolInvalidOperationError:
            error.kind = ApiError::Kind::Network;
            error.permanent = true;
            error.message = ApiError::tr("Network error %1.").arg(int(code));
            break;
        default:
            error.kind = ApiError::Kind::Network;
            error.message = ApiError::tr("Network error %1.").arg(int(code));
            break;
        }
        return error;
    }

    if (isSuccess(status)) {
        return error;
    }

    const QString detail = detailOf(body);
    if (status == 401 || status == 403) {
        error.kind = ApiError::Kind::Auth;
        error.message = withDetail(ApiError::tr("Token rejected"), status, detail);
    } else if (status == 404) {
        error.kind = ApiError::Kind::NotFound;
        error.message =
            detail.isEmpty() ? withDetail(ApiError::tr("Not found"), status, {}) : detail;
    } else if (status == 400 || status == 409 || status == 422) {
        error.kind = ApiError::Kind::Validation;
        error.message = detail.isEmpty()
                            ? withDetail(ApiError::tr("The server refused the request"), status, {})
                            : detail;
    } else if (status == 408) {
        error.kind = ApiError::Kind::Timeout;
        error.message = withDetail(ApiError::tr("The server timed out"), status, detail);
    } else if (status == 413) {
        error.kind = ApiError::Kind::TooLarge;
        error.message =
            withDetail(ApiError::tr("The request is too large for the server"), status, detail);
    } else if (status == 429) {
        error.kind = ApiError::Kind::RateLimited;
        QByteArray retryAfter;
        for (const auto& [name, value] : headers) {
            if (name.compare("Retry-After", Qt::CaseInsensitive) == 0) {
                retryAfter = value;
                break;
            }
        }
        error.retryAfterMs = parseRetryAfterMs(retryAfter, QDateTime::currentDateTimeUtc());
        error.message = error.retryAfterMs >= 0
                            ? ApiError::tr("Rate limited by the server; retry after %1 s.")
                                  .arg(QString::number(double(error.retryAfterMs) / 1000.0, 'g', 4))
                            : ApiError::tr("Rate limited by the server.");
    } else if (status >= 500 && status < 600) {
        error.kind = ApiError::Kind::Server;
        error.message = withDetail(ApiError::tr("Server error"), status, detail);
    } else if (status >= 400 && status < 500) {
        error.kind = ApiError::Kind::Validation;
        error.message = withDetail(ApiError::tr("The server refused the request"), status, detail);
    } else {
        error.kind = ApiError::Kind::BadResponse;
        error.message = withDetail(ApiError::tr("Unexpected answer from the server"), status, {});
    }
    return error;
}
