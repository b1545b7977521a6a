#pragma once

#include <QCoreApplication>
#include <QString>

// Why a call failed, classified the way the sync logic and the user need it.
struct ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    enum class Kind {
        None,
        Auth,        // 401/403: token missing, rejected or expired
        NotFound,    // 404: the relationship (or endpoint) is gone
        Validation,  // 422 (and 400): message is the server's `detail`
        RateLimited, // 429; retryAfterMs when the server said
        TooLarge,    // 413, or an answer over the size limit
        Server,      // 5xx
        Timeout,     // transfer timeout
        Network,     // refused, dropped, DNS
        Tls,         // the TLS handshake failed (an untrusted certificate, ...): permanent
        Refused,     // not sent: an http:// URL to another machine, unreadable CA certificates
        BadResponse, // an answer that is not what the contract says
        Cancelled,
        Storage,  // the download could not be written to disk (or would not fit)
        Mismatch, // a 2xx answer that contradicts the request (another status or source)
    };
    Kind kind = Kind::None;
    int httpStatus = 0;
    QString message; // readable, never contains the token
    qint64 retryAfterMs = -1;
    // Not worth retrying even though the kind usually is: a redirect loop, a redirect to another
    // origin, a TLS failure. Asking again gets the same answer.
    bool permanent = false;

    bool ok() const { return kind == Kind::None; }
    bool isTransient() const; // worth retrying later: 5xx, 408, 429, timeouts, network
};
