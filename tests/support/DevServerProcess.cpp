#include "DevServerProcess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype MaxKeptStderr = 4 * 1024 * 1024;
const QByteArray ListeningPrefix = QByteArrayLiteral("relreview-devserver listening on ");

} // namespace

QByteArray DevServerProcess::HttpResult::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonDocument DevServerProcess::HttpResult::json() const
{
    return QJsonDocument::fromJson(body);
}

DevServerProcess::DevServerProcess(QObject* parent)
    : QObject(parent)
{
    m_process.setProgram(programPath());
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] { standardError(); });
}

QString DevServerProcess::programPath()
{
    return QStringLiteral(RELREVIEW_DEVSERVER_PATH);
}

DevServerProcess::~DevServerProcess()
{
    stop();
}

QStringList DevServerProcess::arguments(const Options& options) const
{
    QStringList args;
    if (!options.dataFile.isEmpty())
        args << u"--data"_s << options.dataFile;
    if (options.demo)
        args << u"--demo"_s;
    if (options.generate > 0)
        args << u"--generate"_s << QString::number(options.generate);
    if (options.generate > 0 || options.demo)
        args << u"--seed"_s << QString::number(options.seed);
    args << u"--port"_s << u"0"_s;
    if (!options.host.isEmpty())
        args << u"--host"_s << options.host;
    if (options.latencyMs > 0)
        args << u"--latency-ms"_s << QString::number(options.latencyMs);
    if (options.latencyJitterMs > 0)
        args << u"--latency-jitter-ms"_s << QString::number(options.latencyJitterMs);
    if (options.failRate > 0)
        args << u"--fail-rate"_s << QString::number(options.failRate);
    if (options.rateLimitEvery > 0)
        args << u"--rate-limit-every"_s << QString::number(options.rateLimitEvery);
    args << u"--retry-after"_s << QString::number(options.retryAfterSeconds);
    if (options.dropRate > 0)
        args << u"--drop-rate"_s << QString::number(options.dropRate);
    if (options.dropAfterApply)
        args << u"--drop-after-apply"_s;
    args << u"--fault-seed"_s << QString::number(options.faultSeed);
    if (options.noBulk)
        args << u"--no-bulk"_s;
    if (options.maxBulk > 0)
        args << u"--max-bulk"_s << QString::number(options.maxBulk);
    if (options.bandwidthKbit > 0)
        args << u"--bandwidth-kbit"_s << QString::number(options.bandwidthKbit);
    if (!options.logRequests)
        args << u"--quiet"_s;
    args << u"--exit-with-parent"_s;
    args << options.extraArgs;
    return args;
}

bool DevServerProcess::start(const Options& options)
{
    stop();
    m_errorString.clear();
    m_stderr.clear();
    m_token = options.token;

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"RELREVIEW_DEVSERVER_TOKEN"_s, options.token); // not argv: ps shows argv
    m_process.setProcessEnvironment(environment);
    m_process.setArguments(arguments(options));
    m_process.start(QIODevice::ReadOnly);
    if (!m_process.waitForStarted(options.startTimeoutMs)) {
        m_errorString = u"cannot start %1: %2"_s.arg(m_process.program(), m_process.errorString());
        return false;
    }

    // Wait for the one line the server prints when it listens; loading a large file can take a
    // while, so the deadline is generous, but nothing sleeps: every wait ends on output or exit.
    QDeadlineTimer deadline(options.startTimeoutMs);
    QByteArray line;
    while (!m_process.canReadLine()) {
        if (m_process.state() != QProcess::Running || deadline.hasExpired()) {
            standardError();
            m_errorString = m_process.state() == QProcess::Running
                                ? u"relreview-devserver did not start within %1 ms"_s.arg(
                                      options.startTimeoutMs)
                                : u"relreview-devserver exited with code %1: %2"_s.arg(
                                      QString::number(m_process.exitCode()),
                                      QString::fromUtf8(m_stderr.trimmed()));
            stop();
            return false;
        }
        m_process.waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), 1000)));
    }
    line = m_process.readLine().trimmed();
    if (!line.startsWith(ListeningPrefix)) {
        m_errorString =
            u"unexpected first line from relreview-devserver: %1"_s.arg(QString::fromUtf8(line));
        stop();
        return false;
    }
    // "... listening on http://127.0.0.1:PORT source UUID"
    const QList<QByteArray> words = line.mid(ListeningPrefix.size()).split(' ');
    if (words.size() != 3 || words.at(1) != "source") {
        m_errorString = u"malformed listening line: %1"_s.arg(QString::fromUtf8(line));
        stop();
        return false;
    }
    m_baseUrl = QUrl(QString::fromLatin1(words.at(0)));
    m_sourceId = QUuid::fromString(QLatin1StringView(words.at(2)));
    if (!m_baseUrl.isValid() || m_baseUrl.port() <= 0 || m_sourceId.isNull()) {
        m_errorString = u"malformed listening line: %1"_s.arg(QString::fromUtf8(line));
        stop();
        return false;
    }
    if (const QJsonObject hostile = hostileSettings(options);
        !hostile.isEmpty() && !configure(hostile)) {
        m_errorString = u"relreview-devserver refused the hostile settings %1"_s.arg(
            QString::fromUtf8(QJsonDocument(hostile).toJson(QJsonDocument::Compact)));
        stop();
        return false;
    }
    return true;
}

QJsonObject DevServerProcess::hostileSettings(const Options& options)
{
    QJsonObject settings;
    if (!options.putAnswerStatus.isEmpty())
        settings.insert(u"putAnswerStatus"_s, options.putAnswerStatus);
    if (!options.answerSourceId.isEmpty())
        settings.insert(u"answerSourceId"_s, options.answerSourceId);
    if (options.bulkNoop)
        settings.insert(u"bulkNoop"_s, true);
    if (!options.retryAfter.isEmpty())
        settings.insert(u"retryAfter"_s, options.retryAfter);
    if (!options.redirect.isEmpty())
        settings.insert(u"redirect"_s, options.redirect);
    if (options.dripBytesPerSecond > 0)
        settings.insert(u"dripBytesPerSecond"_s, options.dripBytesPerSecond);
    if (options.announceContentLength >= 0)
        settings.insert(u"announceContentLength"_s, options.announceContentLength);
    if (options.oversizeBodyBytes > 0)
        settings.insert(u"oversizeBodyBytes"_s, options.oversizeBodyBytes);
    if (options.badRows > 0)
        settings.insert(u"badRows"_s, options.badRows);
    return settings;
}

void DevServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    standardError();
}

bool DevServerProcess::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

QUrl DevServerProcess::url(const QString& pathAndQuery) const
{
    return QUrl(m_baseUrl.toString(QUrl::RemovePath | QUrl::StripTrailingSlash) + pathAndQuery);
}

QByteArray DevServerProcess::standardError()
{
    m_stderr += m_process.readAllStandardError();
    if (m_stderr.size() > MaxKeptStderr)
        m_stderr.remove(0, m_stderr.size() - MaxKeptStderr);
    return m_stderr;
}

DevServerProcess::HttpResult DevServerProcess::request(const QByteArray& verb,
                                                       const QString& pathAndQuery,
                                                       const QByteArray& body, Auth auth,
                                                       int timeoutMs)
{
    QNetworkRequest request(url(pathAndQuery));
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    if (auth == Auth::Token)
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    else if (auth == Auth::WrongToken)
        request.setRawHeader("Authorization",
                             QByteArrayLiteral("Bearer wrong-") + m_token.toUtf8());
    return exchange(request, verb, body, timeoutMs);
}

DevServerProcess::HttpResult DevServerProcess::requestWithHeaders(
    const QByteArray& verb, const QString& pathAndQuery, const QByteArray& body,
    const QList<QNetworkReply::RawHeaderPair>& headers, int timeoutMs)
{
    QNetworkRequest request(url(pathAndQuery));
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    return exchange(request, verb, body, timeoutMs);
}

DevServerProcess::HttpResult DevServerProcess::exchange(QNetworkRequest request,
                                                        const QByteArray& verb,
                                                        const QByteArray& body, int timeoutMs)
{
    request.setTransferTimeout(timeoutMs);
    QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // The transfer timeout aborts a stalled exchange; this bounds a pathological one.
    QTimer::singleShot(timeoutMs + 5000, &loop, [reply] { reply->abort(); });
    if (!reply->isFinished())
        loop.exec();

    HttpResult result;
    result.networkError = reply->error();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.headers = reply->rawHeaderPairs();
    result.body = reply->readAll();
    // A connection cut after the headers still carries their status, but it is no answer.
    if (result.networkError != QNetworkReply::NoError && result.networkError < 100)
        result.status = 0;
    reply->deleteLater();
    return result;
}

QByteArray DevServerProcess::apiGet(const QString& pathAndQuery, int* status)
{
    const HttpResult result = request("GET", pathAndQuery);
    if (status)
        *status = result.status;
    return result.ok() ? result.body : QByteArray();
}

QJsonObject DevServerProcess::relationship(const QUuid& id)
{
    const HttpResult result = request(
        "GET", u"/_dev/relationships/"_s + id.toString(QUuid::WithoutBraces), {}, Auth::None);
    return result.ok() ? result.json().object() : QJsonObject();
}

QJsonArray DevServerProcess::requests()
{
    return request("GET", u"/_dev/requests"_s, {}, Auth::None).json().array();
}

bool DevServerProcess::clearRequests()
{
    return request("DELETE", u"/_dev/requests"_s, {}, Auth::None).ok();
}

bool DevServerProcess::configure(const QJsonObject& settings)
{
    const HttpResult result =
        request("POST", u"/_dev/config"_s, QJsonDocument(settings).toJson(QJsonDocument::Compact),
                Auth::None);
    if (result.ok() && settings.contains(u"token"_s))
        m_token = settings.value(u"token"_s).toString();
    return result.ok();
}

bool DevServerProcess::setServerStatus(const QUuid& id, const QString& status)
{
    const QByteArray body =
        QJsonDocument(QJsonObject{{u"status"_s, status}}).toJson(QJsonDocument::Compact);
    return request("POST", u"/_dev/relationships/"_s + id.toString(QUuid::WithoutBraces), body,
                   Auth::None)
        .ok();
}

QJsonObject DevServerProcess::stats()
{
    return request("GET", u"/_dev/stats"_s, {}, Auth::None).json().object();
}

QList<QUuid> DevServerProcess::relationshipIds()
{
    const QByteArray body = apiGet(u"/api/integration-sources/"_s +
                                   m_sourceId.toString(QUuid::WithoutBraces) + u"/relationships"_s);
    QList<QUuid> ids;
    const QJsonArray rows = QJsonDocument::fromJson(body).array();
    ids.reserve(rows.size());
    for (const QJsonValue& row : rows)
        ids.append(QUuid::fromString(row.toObject().value(u"id"_s).toString()));
    return ids;
}

int DevServerProcess::countWithAuthorization(const QJsonArray& received)
{
    int count = 0;
    for (const QJsonValue& request : received) {
        if (request.toObject().value(QLatin1StringView("hasAuthorization")).toBool()) {
            ++count;
        }
    }
    return count;
}
