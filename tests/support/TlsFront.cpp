#include "TlsFront.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
#include <csignal>
#include <sys/prctl.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// One configuration for both certificates: the CA's extensions and the server's.
const char* const OpensslConfig = R"(
[req]
distinguished_name = dn
prompt = no
[dn]
CN = relreview throwaway test CA
[server_dn]
CN = 127.0.0.1
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

const char* const ServerRequestConfig = R"(
[req]
distinguished_name = dn
prompt = no
[dn]
CN = 127.0.0.1
)";

QString executable(const QString& name)
{
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty()) {
        found = QStandardPaths::findExecutable(name, {u"/usr/sbin"_s, u"/sbin"_s});
    }
    return found;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size() && file.flush();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return probe.serverPort();
}

} // namespace

TlsFront::TlsFront(QObject* parent)
    : QObject(parent)
{
    m_nginx.setProcessChannelMode(QProcess::MergedChannels);
    // nginx (no master process) goes when the test goes, even when the test crashes.
    m_nginx.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

TlsFront::~TlsFront()
{
    stop();
}

bool TlsFront::isAvailable(QString* why)
{
    QString reason;
    const QString nginx = executable(u"nginx"_s);
    if (nginx.isEmpty()) {
        reason = u"nginx is not installed (Debian package nginx-light)"_s;
    } else if (executable(u"openssl"_s).isEmpty()) {
        reason = u"openssl is not installed"_s;
    } else {
        QProcess version;
        version.start(nginx, {u"-V"_s});
        version.waitForFinished(10000);
        const QByteArray text = version.readAllStandardError() + version.readAllStandardOutput();
        if (!text.contains("--with-http_ssl_module")) {
            reason = u"this nginx is built without TLS (http_ssl_module)"_s;
        }
    }
    if (why) {
        *why = reason;
    }
    return reason.isEmpty();
}

QString TlsFront::path(const QString& name) const
{
    return m_dir ? QDir(m_dir->path()).filePath(name) : QString();
}

QString TlsFront::directory() const
{
    return m_dir ? m_dir->path() : QString();
}

QString TlsFront::caCertificatePath() const
{
    return path(u"ca.pem"_s);
}

bool TlsFront::runOpenssl(const QStringList& arguments)
{
    QProcess openssl;
    openssl.setWorkingDirectory(m_dir->path());
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(executable(u"openssl"_s), arguments);
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0) {
        m_errorString = u"openssl %1 failed: %2"_s.arg(arguments.value(0),
                                                       QString::fromUtf8(openssl.readAll()));
        return false;
    }
    return true;
}

bool TlsFront::makeCertificates()
{
    if (!writeFile(path(u"openssl.cnf"_s), OpensslConfig) ||
        !writeFile(path(u"server-request.cnf"_s), ServerRequestConfig)) {
        m_errorString = u"cannot write the openssl configuration in %1"_s.arg(directory());
        return false;
    }
    const QStringList ecKey = {u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                               u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s};
    return runOpenssl(QStringList{u"req"_s, u"-x509"_s, u"-config"_s, u"openssl.cnf"_s,
                                  u"-extensions"_s, u"v3_ca"_s} +
                      ecKey +
                      QStringList{u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s, u"-days"_s,
                                  u"2"_s}) &&
           runOpenssl(QStringList{u"req"_s, u"-new"_s, u"-config"_s, u"server-request.cnf"_s} +
                      ecKey +
                      QStringList{u"-keyout"_s, u"server.key"_s, u"-out"_s, u"server.csr"_s}) &&
           runOpenssl({u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s,
                       u"-CAkey"_s, u"ca.key"_s, u"-CAcreateserial"_s, u"-out"_s, u"server.pem"_s,
                       u"-days"_s, u"2"_s, u"-extfile"_s, u"openssl.cnf"_s, u"-extensions"_s,
                       u"server"_s});
}

bool TlsFront::writeConfiguration(const QUrl& backend, int port, const Options& options)
{
    const QString dir = m_dir->path();
    for (const QString& sub : {u"body"_s, u"proxy"_s, u"fastcgi"_s, u"uwsgi"_s, u"scgi"_s}) {
        QDir(dir).mkpath(u"temp/"_s + sub);
    }
    // No master process, no daemon: one process, a child of the test, that stop() ends. The
    // access log says per request when it ended, how long it took, over which connection and
    // protocol, and how many bytes went out (compressed, when gzip applied).
    const QString gzip = options.gzipLevel > 0 ? uR"(gzip on;
    gzip_comp_level %1;
    gzip_types application/json;
    gzip_proxied any;
    gzip_min_length 256;
)"_s.arg(qBound(1, options.gzipLevel, 9))
                                               : u"gzip off;\n"_s;
    const QString perConnection =
        options.requestsPerConnection > 0
            ? u"keepalive_requests %1;"_s.arg(options.requestsPerConnection)
            : QString();
    const QString config = uR"(daemon off;
master_process off;
worker_processes 1;
pid %1/nginx.pid;
error_log %1/error.log info;
events { worker_connections 1024; }
http {
    log_format relreview '$msec $request_time $connection $server_protocol $status '
                         '$bytes_sent $body_bytes_sent $request_method $request_uri';
    access_log %1/access.log relreview;
    client_body_temp_path %1/temp/body;
    proxy_temp_path %1/temp/proxy;
    fastcgi_temp_path %1/temp/fastcgi;
    uwsgi_temp_path %1/temp/uwsgi;
    scgi_temp_path %1/temp/scgi;
    %5
    %6
    server {
        listen 127.0.0.1:%2 ssl%3;
        ssl_certificate %1/server.pem;
        ssl_certificate_key %1/server.key;
        client_max_body_size 0;
        location / {
            proxy_pass %4;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_buffering off;
            proxy_request_buffering off;
            proxy_read_timeout 300s;
            %7
        }
    }
}
)"_s.arg(dir, QString::number(port), options.http2 ? u" http2"_s : QString(),
         backend.adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString(), gzip, perConnection,
         options.limitRateBytesPerSecond > 0
             ? u"limit_rate %1;"_s.arg(options.limitRateBytesPerSecond)
             : QString());
    if (!writeFile(path(u"nginx.conf"_s), config.toUtf8())) {
        m_errorString = u"cannot write %1"_s.arg(path(u"nginx.conf"_s));
        return false;
    }
    return true;
}

bool TlsFront::start(const QUrl& backend, const Options& options)
{
    stop();
    m_errorString.clear();
    if (QString why; !isAvailable(&why)) {
        m_errorString = why;
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::temp().filePath(u"relreview-tls-XXXXXX"_s));
    if (!m_dir->isValid()) {
        m_errorString = u"cannot make a temporary folder: %1"_s.arg(m_dir->errorString());
        return false;
    }
    if (!makeCertificates()) {
        return false;
    }
    // The port is free when probed; another process may take it before nginx binds it, so a
    // few tries.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int port = freeLoopbackPort();
        if (port <= 0 || !writeConfiguration(backend, port, options)) {
            m_errorString = u"no free loopback port"_s;
            return false;
        }
        QFile::remove(path(u"error.log"_s));
        m_nginx.start(executable(u"nginx"_s),
                      {u"-p"_s, m_dir->path(), u"-c"_s, path(u"nginx.conf"_s), u"-e"_s,
                       path(u"error.log"_s)});
        if (!m_nginx.waitForStarted(options.startTimeoutMs)) {
            m_errorString = u"cannot start nginx: %1"_s.arg(m_nginx.errorString());
            return false;
        }
        // Ready when the port accepts a connection; every wait ends on an event or a deadline.
        const QDeadlineTimer deadline(options.startTimeoutMs);
        while (m_nginx.state() == QProcess::Running && !deadline.hasExpired()) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, quint16(port));
            if (socket.waitForConnected(1000)) {
                socket.abort();
                // The probe's end shows in the log before the helper is ready, so that
                // closedConnections() counts only what the test does from here.
                while (closedConnections() == 0 && m_nginx.state() == QProcess::Running &&
                       !deadline.hasExpired()) {
                    m_nginx.waitForFinished(20); // returns at once when nginx exits
                }
                if (closedConnections() == 0) {
                    m_errorString =
                        u"nginx does not log connections in %1"_s.arg(path(u"error.log"_s));
                    stop();
                    return false;
                }
                m_baseUrl = QUrl(u"https://127.0.0.1:%1"_s.arg(port));
                return true;
            }
            m_nginx.waitForFinished(100); // returns at once when nginx exits
        }
        const QByteArray log = readFile(path(u"error.log"_s)) + m_nginx.readAll();
        stop();
        m_errorString = u"nginx did not start: %1"_s.arg(QString::fromUtf8(log.trimmed()));
        if (!log.contains("Address already in use")) {
            return false;
        }
    }
    return false;
}

void TlsFront::stop()
{
    if (m_nginx.state() != QProcess::NotRunning) {
        m_nginx.terminate(); // SIGTERM: nginx stops at once
        if (!m_nginx.waitForFinished(10000)) {
            m_nginx.kill();
            m_nginx.waitForFinished(5000);
        }
    }
    m_baseUrl = {};
}

bool TlsFront::isRunning() const
{
    return m_nginx.state() == QProcess::Running;
}

QString TlsFront::errorLog() const
{
    return QString::fromUtf8(readFile(path(u"error.log"_s)));
}

int TlsFront::closedConnections() const
{
    // "2026/12/06 19:00:30 [info] 123#123: *2 client closed connection while ..."
    static const QRegularExpression connection(u"\\[info\\] [0-9#]+: \\*([0-9]+) "_s);
    QSet<QString> ids;
    const QString log = errorLog();
    for (auto it = connection.globalMatch(log); it.hasNext();) {
        ids.insert(it.next().captured(1));
    }
    return int(ids.size());
}

int TlsFront::connectionsWithoutRequest() const
{
    // "... [info] 123#123: *1 client closed connection while SSL handshaking, client: ..."
    // "... [info] 123#123: *2 client closed connection while waiting for request, client: ..."
    static const QRegularExpression ended(
        u"\\[info\\] [0-9#]+: \\*([0-9]+) [^\\n]*while (SSL handshaking|waiting for request)"_s);
    QSet<QString> ids;
    const QString log = errorLog();
    for (auto it = ended.globalMatch(log); it.hasNext();) {
        ids.insert(it.next().captured(1));
    }
    return int(ids.size());
}

int TlsFront::servedRequests() const
{
    const QByteArray log = readFile(path(u"access.log"_s));
    return int(log.count('\n'));
}

QList<TlsFront::Request> TlsFront::requests() const
{
    // "1765000000.123 0.051 7 HTTP/2.0 200 312 188 PUT /api/integration-sources/..."
    QList<Request> result;
    const QList<QByteArray> lines = readFile(path(u"access.log"_s)).split('\n');
    for (const QByteArray& line : lines) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 9) {
            continue;
        }
        Request request;
        request.endMs = fields[0].toDouble() * 1000.0;
        request.startMs = request.endMs - fields[1].toDouble() * 1000.0;
        request.connection = fields[2].toLongLong();
        request.protocol = QString::fromLatin1(fields[3]);
        request.status = fields[4].toInt();
        request.bytesSent = fields[5].toLongLong();
        request.bodyBytesSent = fields[6].toLongLong();
        request.method = QString::fromLatin1(fields[7]);
        request.target = QString::fromLatin1(fields[8]);
        result.append(request);
    }
    return result;
}

int TlsFront::maxConcurrent(const QList<Request>& requests)
{
    // A sweep over the starts and ends; at equal times an end comes first (a request that ended
    // as another began did not overlap it, at the log's millisecond resolution).
    QList<std::pair<double, int>> events;
    events.reserve(requests.size() * 2);
    for (const Request& request : requests) {
        events.append({request.startMs, +1});
        events.append({request.endMs, -1});
    }
    std::sort(events.begin(), events.end());
    int current = 0;
    int most = 0;
    for (const auto& event : std::as_const(events)) {
        current += event.second;
        most = std::max(most, current);
    }
    return most;
}
