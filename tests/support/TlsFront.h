#pragma once

#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

// A real TLS server on loopback for tests and the benchmark, like a production front: nginx as a
// TLS (and, when asked, HTTP/2) reverse proxy in front of a backend (usually the development
// server), gzip on for JSON answers, with a throwaway certificate authority and server
// certificate made by `openssl` at start. Everything (keys, certificates, nginx.conf, pid and
// log files, nginx's temporary folders) lives in one temporary folder that goes with the object;
// nothing outside it is read or written. One nginx process (no master, no daemon), a child of
// the test, stopped by stop() or the destructor, and by the kernel when the test dies.
//
//   TlsFront front;
//   QVERIFY2(front.start(server.baseUrl()), qPrintable(front.errorString()));
//   front.baseUrl();            // https://127.0.0.1:PORT, certificate for 127.0.0.1 and localhost
//   front.caCertificatePath();  // the CA that signed it (PEM), for --ca-certificates
class TlsFront : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool http2 = false; // also offer HTTP/2 (ALPN h2) on the TLS port
        int gzipLevel = 5;  // gzip for application/json answers (also proxied ones); 0: off
        // Requests over one client connection before nginx closes it (over HTTP/2: a GOAWAY);
        // 0: nginx's default (1000), as a production nginx has it.
        int requestsPerConnection = 0;
        // Each answer is sent at most this fast (nginx's limit_rate, on the bytes on the wire,
        // compressed or not): a WAN link in front of the server; 0: no limit.
        qint64 limitRateBytesPerSecond = 0;
        int startTimeoutMs = 30000;
    };

    // One line of the access log: one request nginx answered.
    struct Request
    {
        QString method;
        QString target;   // path and query
        QString protocol; // "HTTP/2.0", "HTTP/1.1"
        int status = 0;
        qint64 bytesSent = 0;     // to the client, headers included (compressed, if it was)
        qint64 bodyBytesSent = 0; // of the body alone
        qint64 connection = 0;    // nginx's serial number of the client connection
        double startMs = 0;       // since the epoch, from the end time and the request time
        double endMs = 0;
    };

    explicit TlsFront(QObject* parent = nullptr);
    ~TlsFront() override;

    // Whether nginx (with TLS) and openssl are installed: tests QSKIP without them.
    static bool isAvailable(QString* why = nullptr);

    // Makes the certificates, writes the configuration and starts nginx on a free loopback port
    // in front of `backend` (http://127.0.0.1:PORT). False with errorString() on any failure.
    bool start(const QUrl& backend, const Options& options);
    bool start(const QUrl& backend) { return start(backend, Options{}); }
    void stop();
    bool isRunning() const;
    QString errorString() const { return m_errorString; }

    QUrl baseUrl() const { return m_baseUrl; }
    int port() const { return m_baseUrl.port(); }
    QString caCertificatePath() const;
    QString directory() const; // the temporary folder

    // Connections nginx saw end (from its error log at level info: each closed or failed
    // connection is one "*N" line), e.g. a client that gave up after the TLS handshake because
    // it did not trust the certificate. Connections still open are not counted.
    int closedConnections() const;
    // Connections that ended before any request came over them: in the TLS handshake, or right
    // after it ("... while SSL handshaking" / "... while waiting for request" in the error log),
    // e.g. a client that does not trust the certificate (Qt finishes the handshake, then checks
    // the certificate and closes). Unlike closedConnections(), a kept-alive connection of an
    // earlier test that closes late ("closed keepalive connection") never adds to it.
    int connectionsWithoutRequest() const;
    // Requests nginx passed on and answered (lines in its access log).
    int servedRequests() const;
    // Every request of the access log so far, in the order they ended.
    QList<Request> requests() const;
    // The most requests that were in flight at the same moment among `requests`.
    static int maxConcurrent(const QList<Request>& requests);
    QString errorLog() const;

private:
    bool makeCertificates();
    bool writeConfiguration(const QUrl& backend, int port, const Options& options);
    bool runOpenssl(const QStringList& arguments);
    QString path(const QString& name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_nginx;
    QUrl m_baseUrl;
    QString m_errorString;
};
