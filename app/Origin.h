#pragma once

#include <QString>
#include <QUrl>

// Where a token belongs (RFC 6454): scheme, host and port. The token is sent only to the origin
// it was given for; a URL read from a file never receives it by itself. Keychain entries and the
// Connection dialog are keyed by toString().
class Origin
{
public:
    Origin() = default;
    // The origin of an http:// or https:// URL; an invalid Origin for anything else.
    static Origin of(const QUrl& url);
    static Origin of(const QString& url) { return of(QUrl(url)); }

    bool isValid() const { return !m_scheme.isEmpty(); }
    QString scheme() const { return m_scheme; }
    QString host() const { return m_host; }
    int port() const { return m_port; }
    // localhost, 127.0.0.0/8 or ::1: this machine.
    bool isLoopback() const;
    // "https://config.heyhumm.ai", "http://127.0.0.1:8080", "http://[::1]:8080": the default
    // port left out, the host in lower case. Empty when invalid.
    QString toString() const;

    bool operator==(const Origin& other) const = default;

    // Empty when `url` may be connected to: https://, or http:// to this machine. Else what is
    // wrong, saying to use https:// (names the URL; never contains a token, URLs carry none).
    static QString transportProblem(const QUrl& url);
    // Whether `host` (as QUrl::host() gives it) is this machine.
    static bool isLoopbackHost(const QString& host);

private:
    QString m_scheme; // "http" or "https"
    QString m_host;   // lower case; an IPv6 address without brackets
    int m_port = -1;
};
