#include "DevServer.h"

#include "BandwidthCap.h"
#include "FastApiValidation.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <httplib.h>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using httplib::Request;
using httplib::Response;

namespace {

constexpr const char* JsonContentType = "application/json";
constexpr std::string_view ApiPrefix = "/api/integration-sources/";
constexpr std::string_view DevPrefix = "/_dev/";

// The list stream's unit of work: rows serialised under the shared lock at a time. Small enough
// that a PUT waits at most about a millisecond for a running download.
constexpr int RowsPerChunk = 512;
constexpr int RowsScannedPerChunk = 8192;

constexpr const char* ScopeParameters[] = {
    "organization_id", "resource_id",       "source_id", "integration_source_id",
    "data_source_id",  "context_source_id", "job_id",
};

QString fromStd(const std::string& text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QByteArray bytesOf(const std::string& text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

void sendJson(Response& response, int status, const QByteArray& body)
{
    response.status = status;
    response.set_content(body.constData(), size_t(body.size()), JsonContentType);
}

void sendDetail(Response& response, int status, const QString& detail)
{
    sendJson(response, status, detailBody(detail));
}

// The URL's query, in order and decoded as Starlette does ('+' is a space). Not httplib's
// Request::params: those also hold the fields of a form-encoded body, which is no query.
std::vector<std::pair<std::string, std::string>> urlQuery(const Request& request)
{
    std::vector<std::pair<std::string, std::string>> parameters;
    const auto mark = request.target.find('?');
    if (mark == std::string::npos)
        return parameters;
    const auto decode = [](std::string_view text) {
        QByteArray bytes(text.data(), qsizetype(text.size()));
        bytes.replace('+', ' ');
        return QByteArray::fromPercentEncoding(bytes).toStdString();
    };
    const std::string_view query = std::string_view(request.target).substr(mark + 1);
    size_t start = 0;
    while (start <= query.size()) {
        const size_t end = std::min(query.find('&', start), query.size());
        const std::string_view pair = query.substr(start, end - start);
        if (!pair.empty()) {
            const auto equals = pair.find('=');
            parameters.emplace_back(
                decode(pair.substr(0, equals)),
                equals == std::string_view::npos ? std::string() : decode(pair.substr(equals + 1)));
        }
        start = end + 1;
    }
    return parameters;
}

std::optional<std::string> lastParameter(const Request& request, const char* name)
{
    // FastAPI takes the last value of a repeated scalar query parameter.
    std::optional<std::string> value;
    for (auto& [key, text] : urlQuery(request)) {
        if (key == name)
            value = std::move(text);
    }
    return value;
}

void validateScope(const Request& request, ValidationErrors& errors, std::string_view omitted)
{
    for (const char* name : ScopeParameters) {
        if (name == omitted)
            continue;
        if (const auto value = lastParameter(request, name);
            value && !parseUuidLikePydantic(*value))
            errors.invalidUuid({u"query"_s, QString::fromLatin1(name)});
    }
}

std::optional<QJsonObject> parseObjectBody(const std::string& body, ValidationErrors& errors)
{
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
        errors.missing({u"body"_s});
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray::fromRawData(body.data(), qsizetype(body.size())), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        errors.add({u"body"_s, parseError.offset},
                   parseError.errorString() + u": char "_s + QString::number(parseError.offset),
                   u"value_error.jsondecode"_s, {{u"pos"_s, parseError.offset}});
        return std::nullopt;
    }
    if (!document.isObject()) {
        errors.add({u"body"_s}, u"value is not a valid dict"_s, u"type_error.dict"_s);
        return std::nullopt;
    }
    return document.object();
}

std::optional<RelationshipStatus> knownStatus(const QJsonValue& value)
{
    if (!value.isString())
        return std::nullopt;
    const auto status = statusFromName(value.toString());
    if (!status || *status == RelationshipStatus::Unknown)
        return std::nullopt;
    return status;
}

// The optional members of RelationshipUpdate (and of the bulk payload besides its ids).
RelationshipPatch parsePatch(const QJsonObject& body, ValidationErrors& errors)
{
    RelationshipPatch patch;
    if (const QJsonValue status = body.value(u"status"_s);
        !status.isUndefined() && !status.isNull()) {
        if (const auto known = knownStatus(status))
            patch.status = known;
        else
            errors.invalidEnum({u"body"_s, u"status"_s}, statusNames());
    }
    if (const QJsonValue score = body.value(u"score"_s); !score.isUndefined()) {
        if (score.isNull()) {
            patch.setScore = true;
        } else if (score.isDouble()) {
            patch.setScore = true;
            patch.score = score.toDouble();
        } else {
            errors.add({u"body"_s, u"score"_s}, u"value is not a valid float"_s,
                       u"type_error.float"_s);
        }
    }
    if (const QJsonValue evidence = body.value(u"evidence"_s);
        !evidence.isUndefined() && !evidence.isNull()) {
        if (evidence.isObject())
            patch.evidenceJson = QJsonDocument(evidence.toObject()).toJson(QJsonDocument::Compact);
        else
            errors.add({u"body"_s, u"evidence"_s}, u"value is not a valid dict"_s,
                       u"type_error.dict"_s);
    }
    return patch;
}

enum class Credentials { Missing, Malformed, Wrong, Valid };

Credentials checkCredentials(const Request& request, const std::string& token)
{
    if (!request.has_header("Authorization"))
        return Credentials::Missing;
    const std::string header = request.get_header_value("Authorization");
    const auto space = header.find(' ');
    if (space == std::string::npos || space + 1 >= header.size())
        return Credentials::Missing; // FastAPI's HTTPBearer: no scheme or no credentials
    std::string scheme = header.substr(0, space);
    for (char& c : scheme)
        c = char(std::tolower(uchar(c)));
    if (scheme != "bearer")
        return Credentials::Malformed;
    const std::string_view given = std::string_view(header).substr(space + 1);
    // Compare in constant time: the server models a real one, which must not leak the token
    // through timing.
    unsigned char difference = given.size() == token.size() ? 0 : 1;
    for (size_t i = 0; i < given.size(); ++i)
        difference |= uchar(given[i] ^ (token.empty() ? 0 : token[i % token.size()]));
    return difference == 0 && !token.empty() ? Credentials::Valid : Credentials::Wrong;
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

std::vector<std::string_view> splitPath(std::string_view path)
{
    std::vector<std::string_view> segments;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t end = std::min(path.find('/', start), path.size());
        segments.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return segments;
}

// Replaces the answer by one whose connection closes before it is complete: the status line and
// headers go out, declaring the full length, then a few hundred bytes of the body, then the
// socket is closed. Qt reports that as RemoteHostClosedError. Two other ways to cut are not
// reliable with Qt: a close before any byte makes it resend the request silently (up to three
// times), and a close after many kilobytes is sometimes taken for the end of a complete answer.
void cutAnswer(Response& response)
{
    constexpr size_t MaxBytesBeforeCut = 512;
    if (response.status < 0)
        response.status = 200;
    auto body = std::make_shared<std::string>(std::move(response.body));
    response.body.clear();
    response.headers.erase("Content-Type"); // set again below, once
    if (body->size() < 64)
        body->resize(64, ' ');
    const size_t declared = body->size();
    const size_t sent = std::min(declared / 2, MaxBytesBeforeCut);
    response.set_content_provider(
        declared, JsonContentType,
        [body, sent, done = false](size_t, size_t, httplib::DataSink& sink) mutable {
            if (done)
                return false;
            done = true;
            sink.write(body->data(), sent);
            return true;
        });
}

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    if (from.empty() || from == to)
        return;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// Trailing white space keeps the answer valid JSON while making it at least `atLeast` bytes.
void padTo(QByteArray& json, qint64 atLeast)
{
    if (json.size() < atLeast)
        json.append(QByteArray(qsizetype(atLeast - json.size()), ' '));
}

// Sends `body` with the hostile framing of the list and columns answers: `dripBytesPerSecond`
// > 0 trickles it out in small pieces; `announced` >= 0 declares that Content-Length whatever the
// body's size. A larger one ends with a closed connection once the real body is out; a smaller
// one cuts the body there (bytes past a Content-Length would poison the kept-alive connection).
void sendFramed(Response& response, std::string body, int dripBytesPerSecond, qint64 announced)
{
    response.status = 200;
    if (dripBytesPerSecond <= 0 && announced < 0) {
        response.set_content(body, JsonContentType);
        return;
    }
    if (announced >= 0 && size_t(announced) < body.size())
        body.resize(size_t(announced));
    const size_t declared = announced >= 0 ? size_t(announced) : body.size();
    const size_t piece =
        dripBytesPerSecond > 0 ? size_t(std::max(1, dripBytesPerSecond / 20)) : body.size();
    const auto pause =
        dripBytesPerSecond > 0
            ? std::chrono::microseconds(qint64(piece) * 1'000'000 / dripBytesPerSecond)
            : std::chrono::microseconds(0);
    auto shared = std::make_shared<std::string>(std::move(body));
    response.set_content_provider(
        declared, JsonContentType,
        [shared, piece, pause, sent = size_t(0)](size_t, size_t, httplib::DataSink& sink) mutable {
            if (sent >= shared->size())
                return false; // the announced length is never reached: close the connection
            if (sent > 0 && pause.count() > 0)
                std::this_thread::sleep_for(pause);
            const size_t length = std::min(piece, shared->size() - sent);
            if (!sink.write(shared->data() + sent, length))
                return false;
            sent += length;
            return true;
        });
}

bool hasControlCharacters(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

} // namespace

class LoopbackHttpServer : public httplib::Server
{
public:
    // httplib listens with a backlog of 5: a burst of new connections (curl --parallel opens
    // dozens at once) would have SYNs dropped and retried a second later, which a benchmark
    // would then blame on the client.
    void widenBacklog(int backlog) { ::listen(svr_sock_, backlog); }
};

struct DevServer::RouteMatch
{
    enum Kind { NotFound, MethodNotAllowed, List, Columns, Update, Bulk };
    Kind kind = NotFound;
    std::string pathParameter; // the source or relationship id exactly as sent
};

struct DevServer::Exchange
{
    Fault fault = Fault::None;
    bool valid = false; // the Authorization header carried the current token
};

DevServer::DevServer(std::unique_ptr<ServedRelationships> data, const DevServerOptions& options)
    : m_data(std::move(data))
    , m_server(std::make_unique<LoopbackHttpServer>())
    , m_host(options.host)
    , m_logRequests(options.logRequests)
    , m_threads(std::max(4, options.threads))
    , m_behaviour(options.behaviour)
    , m_faultRandom(options.faultSeed)
    , m_latencyRandom(options.faultSeed)
{
    const int threads = m_threads;
    // One thread per open keep-alive connection: a client with 6 connections plus a curl
    // --parallel peer with dozens must not queue behind each other.
    m_server->new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    m_server->set_tcp_nodelay(true); // small JSON answers must not wait for delayed ACKs
    m_server->set_keep_alive_max_count(1000000);
    m_server->set_keep_alive_timeout(5); // httplib polls idle connections: keep them few
    m_server->set_read_timeout(30);
    m_server->set_write_timeout(120); // a client may stall reading a 1 GB list while it parses
    m_server->set_payload_max_length(512u * 1024u * 1024u);

    const auto route = [this](const Request& request, Response& response) {
        handle(request, response);
    };
    m_server->Get(".*", route);
    m_server->Put(".*", route);
    m_server->Post(".*", route);
    m_server->Delete(".*", route);
    m_server->Patch(".*", route);

    m_server->set_error_handler(
        httplib::Server::HandlerWithResponse([](const Request&, Response& response) {
            // httplib's own refusals (bad request line, body too large, ...) get FastAPI's shape.
            if (!response.body.empty() || response.content_provider_)
                return httplib::Server::HandlerResponse::Unhandled;
            const QString detail = response.status == 413   ? u"Request Entity Too Large"_s
                                   : response.status == 404 ? u"Not Found"_s
                                   : response.status == 405 ? u"Method Not Allowed"_s
                                                            : u"Bad Request"_s;
            sendDetail(response, response.status, detail);
            return httplib::Server::HandlerResponse::Handled;
        }));
    m_server->set_exception_handler(
        [](const Request& request, Response& response, std::exception_ptr failure) {
            std::string what = "unknown exception";
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& exception) {
                what = exception.what();
            } catch (...) {
            }
            std::fprintf(stderr, "relreview-devserver: internal error on %s: %s\n",
                         request.method.c_str(), what.c_str());
            sendDetail(response, 500, u"Internal Server Error"_s);
        });
}

DevServer::~DevServer() = default;

int DevServer::bind(int port)
{
    const int bound = port == 0 ? m_server->bind_to_any_port(m_host)
                                : (m_server->bind_to_port(m_host, port) ? port : -1);
    if (bound > 0)
        m_server->widenBacklog(1024);
    return bound;
}

bool DevServer::run()
{
    return m_server->listen_after_bind();
}

void DevServer::stop()
{
    m_server->stop();
}

ServerBehaviour DevServer::behaviour() const
{
    std::lock_guard lock(m_behaviourMutex);
    return m_behaviour;
}

DevServer::Fault DevServer::drawFault(const ServerBehaviour& behaviour)
{
    std::lock_guard lock(m_behaviourMutex);
    // Both draws happen for every request, so that with one --fault-seed the n-th request meets
    // the same fate whatever the rates are.
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double failDraw = uniform(m_faultRandom);
    const double dropDraw = uniform(m_faultRandom);
    ++m_rateLimitCounter;
    if (behaviour.rateLimitEvery > 0 && m_rateLimitCounter % behaviour.rateLimitEvery == 0)
        return Fault::RateLimited;
    if (failDraw < behaviour.failRate)
        return Fault::Failed;
    if (dropDraw < behaviour.dropRate)
        return Fault::Dropped;
    return Fault::None;
}

int DevServer::drawLatencyMs(const ServerBehaviour& behaviour)
{
    if (behaviour.latencyJitterMs <= 0)
        return behaviour.latencyMs;
    std::lock_guard lock(m_behaviourMutex);
    std::uniform_int_distribution<int> spread(-behaviour.latencyJitterMs,
                                              behaviour.latencyJitterMs);
    return std::max(0, behaviour.latencyMs + spread(m_latencyRandom));
}

void DevServer::logLine(const Request& request, int status, double milliseconds) const
{
    if (!m_logRequests)
        return;
    std::string path = request.path;
    for (char& c : path) {
        if (uchar(c) < 0x20 || c == 0x7f)
            c = '?'; // a decoded %0A must not forge a log line
    }
    std::fprintf(stderr, "%s %s %d %.1f ms\n", request.method.c_str(), path.c_str(), status,
                 milliseconds);
}

void DevServer::handle(const Request& request, Response& response)
{
    const auto started = std::chrono::steady_clock::now();
    const auto elapsedMs = [started] {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    };

    if (startsWith(request.path, DevPrefix)) {
        handleDev(request, response);
        logLine(request, response.status, elapsedMs());
        return;
    }

    RequestLog::Entry entry;
    entry.method = fromStd(request.method);
    entry.path = fromStd(request.path);
    entry.target = fromStd(request.target);
    if (request.has_header("Authorization")) {
        entry.hasAuthorization = true;
        entry.authorizationSha256 = QString::fromLatin1(
            QCryptographicHash::hash(bytesOf(request.get_header_value("Authorization")),
                                     QCryptographicHash::Sha256)
                .toHex());
    }
    for (const auto& [name, value] : urlQuery(request)) {
        const QString key = fromStd(name);
        const QJsonValue previous = entry.query.value(key);
        if (previous.isUndefined()) {
            entry.query.insert(key, fromStd(value));
        } else {
            QJsonArray values = previous.isArray() ? previous.toArray() : QJsonArray{previous};
            values.append(fromStd(value));
            entry.query.insert(key, values);
        }
    }
    entry.body = bytesOf(request.body.size() > size_t(RequestLog::MaxBodyBytes)
                             ? request.body.substr(0, size_t(RequestLog::MaxBodyBytes))
                             : request.body);
    entry.bodySize = qint64(request.body.size());

    Exchange exchange;
    RouteMatch route;
    if (startsWith(request.path, ApiPrefix))
        route =
            matchApiRoute(request.method, std::string_view(request.path).substr(ApiPrefix.size()));

    // The hosted service answers uncompressed JSON (FastAPI has no compression by default), but
    // httplib would gzip every JSON answer for a client that accepts it, which would make the
    // server, not the client, the bottleneck of the benchmarks. The request object is not const
    // in httplib; only the handler's view of it is.
    const bool acceptsEncoding = request.has_header("Accept-Encoding");
    const std::string acceptEncoding = request.get_header_value("Accept-Encoding");
    const_cast<Request&>(request).headers.erase("Accept-Encoding");

    handleApi(request, response, route, exchange);
    BandwidthCap::apply(response, behaviour().bandwidthKbit);

    for (const auto& [name, value] : request.headers) {
        std::string lower = name;
        for (char& c : lower)
            c = char(std::tolower(uchar(c)));
        if (lower == "remote_addr" || lower == "remote_port" || lower == "local_addr" ||
            lower == "local_port") {
            continue; // added by httplib, not sent by the client
        }
        const QString key = QString::fromLatin1(lower);
        QString shown = lower == "authorization"
                            ? (exchange.valid ? u"Bearer <valid>"_s : u"Bearer <invalid>"_s)
                            : fromStd(value);
        const QString previous = entry.headers.value(key).toString();
        entry.headers.insert(key, previous.isEmpty() ? shown : previous + u", "_s + shown);
    }
    if (acceptsEncoding)
        entry.headers.insert(u"accept-encoding"_s, fromStd(acceptEncoding));

    switch (exchange.fault) {
    case Fault::None:
        break;
    case Fault::RateLimited:
        entry.fault = u"rate_limited"_s;
        break;
    case Fault::Failed:
        entry.fault = u"failed"_s;
        break;
    case Fault::Dropped:
        entry.fault = u"dropped"_s;
        break;
    }
    entry.status = exchange.fault == Fault::Dropped ? 0 : response.status;
    entry.milliseconds = elapsedMs();
    logLine(request, entry.status, entry.milliseconds);
    m_requestLog.append(std::move(entry));
}

void DevServer::handleApi(const Request& request, Response& response, const RouteMatch& route,
                          Exchange& exchange)
{
    ++m_counters.requests;
    const ServerBehaviour behaviour = this->behaviour();
    if (!behaviour.redirect.empty()) {
        redirectAnswer(request, response, behaviour.redirect);
        return;
    }
    if (route.kind == RouteMatch::NotFound ||
        (route.kind == RouteMatch::Bulk && behaviour.noBulk)) {
        sendDetail(response, 404, u"Not Found"_s);
        return;
    }
    if (route.kind == RouteMatch::MethodNotAllowed) {
        sendDetail(response, 405, u"Method Not Allowed"_s);
        return;
    }

    exchange.fault = drawFault(behaviour);
    if (const int latencyMs = drawLatencyMs(behaviour); latencyMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(latencyMs));

    // Rate limits and outages come from in front of the application: before authentication.
    if (exchange.fault == Fault::RateLimited) {
        ++m_counters.rateLimited;
        response.set_header("Retry-After", behaviour.retryAfter.empty()
                                               ? std::to_string(behaviour.retryAfterSeconds)
                                               : behaviour.retryAfter);
        sendDetail(response, 429, u"Too Many Requests (injected)"_s);
        return;
    }
    if (exchange.fault == Fault::Failed) {
        ++m_counters.failed;
        sendDetail(response, 503, u"Service unavailable (injected)"_s);
        return;
    }
    const bool dropped = exchange.fault == Fault::Dropped;
    if (dropped)
        ++m_counters.dropped;

    switch (checkCredentials(request, behaviour.token)) {
    case Credentials::Missing:
        ++m_counters.authRejected;
        sendDetail(response, 403, u"Not authenticated"_s);
        break;
    case Credentials::Malformed:
        ++m_counters.authRejected;
        sendDetail(response, 403, u"Invalid authentication credentials"_s);
        break;
    case Credentials::Wrong:
        ++m_counters.authRejected;
        response.set_header("WWW-Authenticate", "Bearer");
        sendDetail(response, 401, u"Invalid token"_s);
        break;
    case Credentials::Valid:
        exchange.valid = true;
        break;
    }
    if (!exchange.valid) {
        if (dropped)
            cutAnswer(response);
        return;
    }

    const bool changes = route.kind == RouteMatch::Update || route.kind == RouteMatch::Bulk;
    if (dropped && changes && !behaviour.dropAfterApply) {
        // Lost on the way in: nothing is applied, and no complete answer comes back.
        sendJson(response, 200, QByteArrayLiteral("{}"));
        cutAnswer(response);
        return;
    }

    switch (route.kind) {
    case RouteMatch::List:
        listRelationships(request, response, route, dropped, behaviour);
        break;
    case RouteMatch::Columns:
        listColumns(request, response, route, behaviour);
        break;
    case RouteMatch::Update:
        updateRelationship(request, response, route, behaviour);
        break;
    case RouteMatch::Bulk:
        bulkStatus(request, response, behaviour);
        break;
    case RouteMatch::NotFound:
    case RouteMatch::MethodNotAllowed:
        break;
    }
    if (dropped && !response.content_provider_)
        cutAnswer(response);
}

DevServer::RouteMatch DevServer::matchApiRoute(const std::string& method, std::string_view rest)
{
    using Route = RouteMatch;
    Route route;
    const std::vector<std::string_view> segments = splitPath(rest);
    if (segments.size() != 2 || segments[0].empty() || segments[1].empty())
        return route;
    const std::string_view first = segments[0];
    const std::string_view second = segments[1];
    // In the order FastAPI would try its routes.
    if (first == "relationships" && second == "bulk-status" && method == "POST") {
        route.kind = Route::Bulk;
    } else if (first == "relationships" && method == "PUT") {
        route.kind = Route::Update;
        route.pathParameter = std::string(second);
    } else if (second == "relationships" && method == "GET") {
        route.kind = Route::List;
        route.pathParameter = std::string(first);
    } else if (second == "columns" && method == "GET") {
        route.kind = Route::Columns;
        route.pathParameter = std::string(first);
    } else if (first == "relationships" || second == "relationships" || second == "columns") {
        route.kind = Route::MethodNotAllowed;
    }
    return route;
}

void DevServer::redirectAnswer(const Request& request, Response& response,
                               const std::string& redirect) const
{
    std::string location;
    if (redirect == "loop") {
        std::string host = request.get_header_value("Host");
        if (host.empty())
            host = m_host + ':' + request.get_header_value("LOCAL_PORT");
        location = "http://" + host + request.target;
    } else {
        location = redirect;
        while (!location.empty() && location.back() == '/')
            location.pop_back();
        location += request.target;
    }
    response.set_header("Location", location);
    sendDetail(response, 302, u"Found"_s);
}

void DevServer::listRelationships(const Request& request, Response& response,
                                  const RouteMatch& route, bool dropMidway,
                                  const ServerBehaviour& behaviour)
{
    ValidationErrors errors;
    const auto sourceId = parseUuidLikePydantic(route.pathParameter);
    if (!sourceId)
        errors.invalidUuid({u"path"_s, u"integration_source_id"_s});
    validateScope(request, errors, "integration_source_id");
    ListQuery query;
    if (const auto status = lastParameter(request, "status")) {
        query.status = knownStatus(fromStd(*status));
        if (!query.status)
            errors.invalidEnum({u"query"_s, u"status"_s}, statusNames());
    }
    if (const auto type = lastParameter(request, "type")) {
        const auto known = typeFromName(fromStd(*type));
        if (known && *known != RelationshipType::Unknown)
            query.type = known;
        else
            errors.invalidEnum({u"query"_s, u"type"_s}, typeNames());
    }
    if (!errors.isEmpty()) {
        sendJson(response, 422, errors.body());
        return;
    }
    if (!m_data->hasSource(*sourceId)) {
        sendDetail(response, 404, u"Integration source not found"_s);
        return;
    }
    query.integrationSourceId = *sourceId;
    ++m_counters.gets;

    if (dropMidway) {
        // The start of the list, then the cut (see cutAnswer), framed by a Content-Length that is
        // never reached: Qt may take a chunked body that ends early for a complete one.
        int cursor = 0;
        bool first = true;
        std::string prefix = "[";
        m_data->appendRows(query, &cursor, &first, &prefix, 4, RowsScannedPerChunk);
        response.status = 200;
        response.body = std::move(prefix);
        cutAnswer(response);
        return;
    }

    // A million rows are about 0.9 GB: streamed in chunks, each serialised under the shared lock
    // and sent without it. The hostile modes rewrite a chunk after it is serialised.
    struct Stream
    {
        const ServedRelationships* data = nullptr;
        ListQuery query;
        int cursor = 0;
        bool first = true;
        bool opened = false;
        int badRows = 0;
        std::string realSource;
        std::string answerSource;

        // The next chunk into `buffer`; true at the end of the list.
        bool next(std::string& buffer)
        {
            buffer.clear();
            bool end = false;
            if (!opened) {
                opened = true;
                buffer.push_back('[');
                if (badRows > 0) {
                    // One good row, then the bad ones: they are among the good rows, not first.
                    end = data->appendRows(query, &cursor, &first, &buffer, 1, RowsScannedPerChunk);
                    appendBadRows(buffer);
                }
            }
            if (!end)
                end = data->appendRows(query, &cursor, &first, &buffer, RowsPerChunk,
                                       RowsScannedPerChunk);
            if (!answerSource.empty())
                replaceAll(buffer, realSource, answerSource);
            if (end)
                buffer.push_back(']');
            return end;
        }

        void appendBadRows(std::string& buffer)
        {
            // A copy of the good row (when there is one) whose id is no UUID.
            QJsonObject row =
                QJsonDocument::fromJson(QByteArray::fromStdString(buffer.substr(1))).object();
            if (row.isEmpty())
                row.insert(u"integration_source_id"_s,
                           query.integrationSourceId.toString(QUuid::WithoutBraces));
            for (int i = 1; i <= badRows; ++i) {
                row.insert(u"id"_s, u"not-a-uuid-%1"_s.arg(i));
                if (!first)
                    buffer.push_back(',');
                first = false;
                buffer += QJsonDocument(row).toJson(QJsonDocument::Compact).toStdString();
            }
        }
    };
    auto stream = std::make_shared<Stream>();
    stream->data = m_data.get();
    stream->query = query;
    stream->badRows = behaviour.badRows;
    if (!behaviour.answerSourceId.empty()) {
        const std::string key = "\"integration_source_id\":\"";
        stream->realSource =
            key + query.integrationSourceId.toString(QUuid::WithoutBraces).toStdString() + '"';
        stream->answerSource = key + behaviour.answerSourceId + '"';
    }

    if (behaviour.dripBytesPerSecond > 0 || behaviour.announceContentLength >= 0) {
        // Slow or misframed answers are for small lists: built whole, then sent.
        std::string body;
        std::string chunk;
        while (!stream->next(chunk))
            body += chunk;
        body += chunk;
        sendFramed(response, std::move(body), behaviour.dripBytesPerSecond,
                   behaviour.announceContentLength);
        return;
    }

    response.status = 200;
    response.set_chunked_content_provider(
        JsonContentType, [stream, buffer = std::string()](size_t, httplib::DataSink& sink) mutable {
            const bool end = stream->next(buffer);
            // An empty chunk would end the chunked body: only write what there is.
            if (!buffer.empty() && !sink.write(buffer.data(), buffer.size()))
                return false;
            if (end)
                sink.done();
            return true;
        });
}

void DevServer::listColumns(const Request& request, Response& response, const RouteMatch& route,
                            const ServerBehaviour& behaviour)
{
    ValidationErrors errors;
    const auto sourceId = parseUuidLikePydantic(route.pathParameter);
    if (!sourceId)
        errors.invalidUuid({u"path"_s, u"source_id"_s});
    validateScope(request, errors, "source_id");
    if (const auto activeOnly = lastParameter(request, "active_only");
        activeOnly && !parseBoolLikePydantic(*activeOnly)) {
        errors.add({u"query"_s, u"active_only"_s}, u"value could not be parsed to a boolean"_s,
                   u"type_error.bool"_s);
    }
    if (!errors.isEmpty()) {
        sendJson(response, 422, errors.body());
        return;
    }
    if (!m_data->hasSource(*sourceId)) {
        sendDetail(response, 404, u"Integration source not found"_s);
        return;
    }
    ++m_counters.columnGets;
    if (behaviour.dripBytesPerSecond > 0)
        sendFramed(response, m_data->columnsJson().toStdString(), behaviour.dripBytesPerSecond, -1);
    else
        sendJson(response, 200, m_data->columnsJson());
}

void DevServer::updateRelationship(const Request& request, Response& response,
                                   const RouteMatch& route, const ServerBehaviour& behaviour)
{
    ValidationErrors errors;
    const auto id = parseUuidLikePydantic(route.pathParameter);
    if (!id)
        errors.invalidUuid({u"path"_s, u"relationship_id"_s});
    validateScope(request, errors, {});
    RelationshipPatch patch;
    if (const auto body = parseObjectBody(request.body, errors))
        patch = parsePatch(*body, errors);
    if (!errors.isEmpty()) {
        sendJson(response, 422, errors.body());
        return;
    }
    const auto updated = m_data->update(*id, patch);
    if (!updated) {
        sendDetail(response, 404, u"Relationship not found"_s);
        return;
    }
    ++m_counters.puts;
    QByteArray answer = *updated;
    if (!behaviour.putAnswerStatus.empty() || !behaviour.answerSourceId.empty()) {
        // The change is applied as asked; only the answer lies about it.
        QJsonObject object = QJsonDocument::fromJson(answer).object();
        if (!behaviour.putAnswerStatus.empty())
            object.insert(u"status"_s, fromStd(behaviour.putAnswerStatus));
        if (!behaviour.answerSourceId.empty())
            object.insert(u"integration_source_id"_s, fromStd(behaviour.answerSourceId));
        answer = QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    padTo(answer, behaviour.oversizeBodyBytes);
    sendJson(response, 200, answer);
}

void DevServer::bulkStatus(const Request& request, Response& response,
                           const ServerBehaviour& behaviour)
{
    ValidationErrors errors;
    validateScope(request, errors, {});
    const auto body = parseObjectBody(request.body, errors);
    QList<QUuid> ids;
    RelationshipPatch patch;
    if (body) {
        const QJsonValue idsValue = body->value(u"relationship_ids"_s);
        if (idsValue.isUndefined()) {
            errors.missing({u"body"_s, u"relationship_ids"_s});
        } else if (!idsValue.isArray()) {
            errors.add({u"body"_s, u"relationship_ids"_s}, u"value is not a valid list"_s,
                       u"type_error.list"_s);
        } else {
            const QJsonArray array = idsValue.toArray();
            if (behaviour.maxBulk > 0 && array.size() > behaviour.maxBulk) {
                sendDetail(
                    response, 413,
                    u"Too many relationship ids in one call: %1 (at most %2)"_s.arg(array.size())
                        .arg(behaviour.maxBulk));
                return;
            }
            if (array.isEmpty()) {
                errors.add({u"body"_s, u"relationship_ids"_s},
                           u"ensure this value has at least 1 items"_s,
                           u"value_error.list.min_items"_s, {{u"limit_value"_s, 1}});
            }
            ids.reserve(array.size());
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QJsonValue item = array.at(i);
                const auto id = item.isString() ? parseUuidLikePydantic(item.toString())
                                                : std::optional<QUuid>();
                if (id)
                    ids.append(*id);
                else
                    errors.invalidUuid({u"body"_s, u"relationship_ids"_s, int(i)});
            }
        }
        const QJsonValue status = body->value(u"status"_s);
        if (status.isUndefined())
            errors.missing({u"body"_s, u"status"_s});
        else if (status.isNull())
            errors.add({u"body"_s, u"status"_s}, u"none is not an allowed value"_s,
                       u"type_error.none.not_allowed"_s);
        patch = parsePatch(*body, errors);
    }
    if (!errors.isEmpty()) {
        sendJson(response, 422, errors.body());
        return;
    }
    ServedRelationships::BulkResult result;
    if (behaviour.bulkNoop)
        result.updated = int(ids.size()); // claimed, not done
    else
        result = m_data->bulkUpdate(ids, patch);
    ++m_counters.bulkCalls;
    m_counters.bulkIds += ids.size();
    m_counters.bulkUpdated += result.updated;
    QJsonArray notFound;
    for (const QUuid& id : result.notFound)
        notFound.append(id.toString(QUuid::WithoutBraces));
    QByteArray answer =
        QJsonDocument(QJsonObject{{u"updated"_s, result.updated}, {u"not_found"_s, notFound}})
            .toJson(QJsonDocument::Compact);
    padTo(answer, behaviour.oversizeBodyBytes);
    sendJson(response, 200, answer);
}

void DevServer::handleDev(const Request& request, Response& response)
{
    const std::string_view rest = std::string_view(request.path).substr(DevPrefix.size());
    const std::string& method = request.method;

    if (startsWith(rest, "relationships/")) {
        const auto id =
            parseUuidLikePydantic(rest.substr(std::string_view("relationships/").size()));
        if (!id) {
            ValidationErrors errors;
            errors.invalidUuid({u"path"_s, u"relationship_id"_s});
            sendJson(response, 422, errors.body());
            return;
        }
        if (method == "GET") {
            if (const auto json = m_data->recordJson(*id))
                sendJson(response, 200, *json);
            else
                sendDetail(response, 404, u"Relationship not found"_s);
            return;
        }
        if (method == "POST" || method == "PUT") {
            // Another reviewer's change, made on the server behind the client's back.
            ValidationErrors errors;
            RelationshipPatch patch;
            if (const auto body = parseObjectBody(request.body, errors))
                patch = parsePatch(*body, errors);
            if (!errors.isEmpty()) {
                sendJson(response, 422, errors.body());
                return;
            }
            if (const auto json = m_data->update(*id, patch)) {
                ++m_counters.serverSideChanges;
                sendJson(response, 200, *json);
            } else {
                sendDetail(response, 404, u"Relationship not found"_s);
            }
            return;
        }
        sendDetail(response, 405, u"Method Not Allowed"_s);
        return;
    }
    if (rest == "requests") {
        if (method == "GET") {
            sendJson(response, 200,
                     QJsonDocument(m_requestLog.toJson()).toJson(QJsonDocument::Compact));
        } else if (method == "DELETE") {
            m_requestLog.clear();
            sendJson(response, 200, QByteArrayLiteral("{\"cleared\":true}"));
        } else {
            sendDetail(response, 405, u"Method Not Allowed"_s);
        }
        return;
    }
    if (rest == "config") {
        if (method == "POST" || method == "PUT")
            devConfig(request, response);
        else if (method == "GET")
            sendJson(response, 200, QJsonDocument(behaviourJson()).toJson(QJsonDocument::Compact));
        else
            sendDetail(response, 405, u"Method Not Allowed"_s);
        return;
    }
    if (rest == "stats" && method == "GET") {
        const QJsonObject stats{
            {u"requests"_s, m_counters.requests.load()},
            {u"puts"_s, m_counters.puts.load()},
            {u"bulk_calls"_s, m_counters.bulkCalls.load()},
            {u"bulk_ids"_s, m_counters.bulkIds.load()},
            {u"bulk_updated"_s, m_counters.bulkUpdated.load()},
            {u"gets"_s, m_counters.gets.load()},
            {u"column_gets"_s, m_counters.columnGets.load()},
            {u"auth_rejected"_s, m_counters.authRejected.load()},
            {u"rate_limited"_s, m_counters.rateLimited.load()},
            {u"failed"_s, m_counters.failed.load()},
            {u"dropped"_s, m_counters.dropped.load()},
            {u"server_side_changes"_s, m_counters.serverSideChanges.load()},
            {u"capped_bytes_sent"_s, BandwidthCap::bytesSent()},
            {u"capped_bodies_cut"_s, BandwidthCap::bodiesCut()},
            {u"rows"_s, m_data->size()},
            {u"status_counts"_s, m_data->statusCounts()},
        };
        sendJson(response, 200, QJsonDocument(stats).toJson(QJsonDocument::Compact));
        return;
    }
    if (rest == "health" && method == "GET") {
        sendJson(response, 200,
                 QJsonDocument(QJsonObject{{u"ok"_s, true},
                                           {u"source"_s, m_data->primarySourceId().toString(
                                                             QUuid::WithoutBraces)},
                                           {u"rows"_s, m_data->size()}})
                     .toJson(QJsonDocument::Compact));
        return;
    }
    sendDetail(response, 404, u"Not Found"_s);
}

QJsonObject DevServer::behaviourJson() const
{
    std::lock_guard lock(m_behaviourMutex);
    return QJsonObject{
        {u"token_set"_s, !m_behaviour.token.empty()}, // never the token itself
        {u"latency_ms"_s, m_behaviour.latencyMs},
        {u"latency_jitter_ms"_s, m_behaviour.latencyJitterMs},
        {u"fail_rate"_s, m_behaviour.failRate},
        {u"rate_limit_every"_s, m_behaviour.rateLimitEvery},
        {u"retry_after"_s, m_behaviour.retryAfterSeconds},
        {u"drop_rate"_s, m_behaviour.dropRate},
        {u"drop_after_apply"_s, m_behaviour.dropAfterApply},
        {u"no_bulk"_s, m_behaviour.noBulk},
        {u"max_bulk"_s, m_behaviour.maxBulk},
        {u"putAnswerStatus"_s, fromStd(m_behaviour.putAnswerStatus)},
        {u"answerSourceId"_s, fromStd(m_behaviour.answerSourceId)},
        {u"bulkNoop"_s, m_behaviour.bulkNoop},
        {u"retryAfter"_s, fromStd(m_behaviour.retryAfter)},
        {u"redirect"_s, fromStd(m_behaviour.redirect)},
        {u"dripBytesPerSecond"_s, m_behaviour.dripBytesPerSecond},
        {u"announceContentLength"_s, m_behaviour.announceContentLength},
        {u"oversizeBodyBytes"_s, m_behaviour.oversizeBodyBytes},
        {u"badRows"_s, m_behaviour.badRows},
        {u"bandwidth_kbit"_s, m_behaviour.bandwidthKbit},
    };
}

void DevServer::devConfig(const Request& request, Response& response)
{
    ValidationErrors errors;
    const auto body = parseObjectBody(request.body, errors);
    if (!body) {
        sendJson(response, 422, errors.body());
        return;
    }
    ServerBehaviour changed = behaviour();
    std::optional<quint64> reseed;
    bool resetRateLimit = false;
    const auto error = [&errors](const QString& key, const QString& what) {
        errors.add({u"body"_s, key}, what, u"value_error"_s);
    };
    const auto integer = [&](const QString& key, const QJsonValue& value, int* target) {
        if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() != value.toInt())
            error(key, u"expected a non-negative integer"_s);
        else
            *target = value.toInt();
    };
    const auto rate = [&](const QString& key, const QJsonValue& value, double* target) {
        if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() > 1)
            error(key, u"expected a number from 0 to 1"_s);
        else
            *target = value.toDouble();
    };
    const auto flag = [&](const QString& key, const QJsonValue& value, bool* target) {
        if (!value.isBool())
            error(key, u"expected true or false"_s);
        else
            *target = value.toBool();
    };
    // JSON numbers are doubles: whole numbers up to 2^53 are exact.
    const auto wholeNumber = [&](const QString& key, const QJsonValue& value, qint64 minimum,
                                 qint64 maximum, qint64* target) {
        const double number = value.toDouble();
        if (!value.isDouble() || number < double(minimum) || number > double(maximum) ||
            number != std::floor(number))
            error(key, u"expected a whole number from %1 to %2"_s.arg(minimum).arg(maximum));
        else
            *target = qint64(number);
    };
    const auto text = [&](const QString& key, const QJsonValue& value, std::string* target) {
        // Header values and JSON members: no control characters (no forged header lines).
        if (!value.isString() || hasControlCharacters(value.toString()))
            error(key, u"expected a string without control characters"_s);
        else
            *target = value.toString().toStdString();
    };
    for (auto it = body->constBegin(); it != body->constEnd(); ++it) {
        const QString& key = it.key();
        const QJsonValue value = it.value();
        if (key == u"token") {
            if (!value.isString() || value.toString().isEmpty())
                error(key, u"expected a non-empty string"_s);
            else
                changed.token = value.toString().toStdString();
        } else if (key == u"latency_ms") {
            integer(key, value, &changed.latencyMs);
        } else if (key == u"latency_jitter_ms") {
            integer(key, value, &changed.latencyJitterMs);
        } else if (key == u"fail_rate") {
            rate(key, value, &changed.failRate);
        } else if (key == u"rate_limit_every") {
            integer(key, value, &changed.rateLimitEvery);
            resetRateLimit = true;
        } else if (key == u"retry_after" || key == u"retry_after_seconds") {
            integer(key, value, &changed.retryAfterSeconds);
        } else if (key == u"drop_rate") {
            rate(key, value, &changed.dropRate);
        } else if (key == u"drop_after_apply") {
            flag(key, value, &changed.dropAfterApply);
        } else if (key == u"no_bulk") {
            flag(key, value, &changed.noBulk);
        } else if (key == u"max_bulk") {
            integer(key, value, &changed.maxBulk);
        } else if (key == u"putAnswerStatus") {
            text(key, value, &changed.putAnswerStatus);
        } else if (key == u"answerSourceId") {
            const QString given = value.toString();
            const QUuid id = QUuid::fromString(given);
            if (!value.isString() || (!given.isEmpty() && id.isNull()))
                error(key, u"expected a UUID, or \"\" for the real source"_s);
            else
                changed.answerSourceId = given.isEmpty()
                                             ? std::string()
                                             : id.toString(QUuid::WithoutBraces).toStdString();
        } else if (key == u"bulkNoop") {
            flag(key, value, &changed.bulkNoop);
        } else if (key == u"retryAfter") {
            text(key, value, &changed.retryAfter);
        } else if (key == u"redirect") {
            const QString given = value.toString();
            if (!value.isString() || hasControlCharacters(given) ||
                !(given.isEmpty() || given == u"loop" || given.startsWith(u"http://") ||
                  given.startsWith(u"https://")))
                error(key, u"expected \"loop\", an absolute http(s) URL, or \"\" for none"_s);
            else
                changed.redirect = given.toStdString();
        } else if (key == u"dripBytesPerSecond") {
            qint64 bytesPerSecond = 0;
            wholeNumber(key, value, 0, 1'000'000'000, &bytesPerSecond);
            changed.dripBytesPerSecond = int(bytesPerSecond);
        } else if (key == u"announceContentLength") {
            if (value.isNull())
                changed.announceContentLength = -1;
            else
                wholeNumber(key, value, -1, qint64(1) << 53, &changed.announceContentLength);
        } else if (key == u"oversizeBodyBytes") {
            wholeNumber(key, value, 0, qint64(1) << 30, &changed.oversizeBodyBytes);
        } else if (key == u"bandwidth_kbit") {
            qint64 kbit = 0;
            wholeNumber(key, value, 0, 100'000'000, &kbit);
            changed.bandwidthKbit = int(kbit);
        } else if (key == u"badRows") {
            qint64 count = 0;
            wholeNumber(key, value, 0, 1'000'000, &count);
            changed.badRows = int(count);
        } else if (key == u"fault_seed") {
            if (!value.isDouble() || value.toDouble() < 0)
                error(key, u"expected a non-negative integer"_s);
            else
                reseed = quint64(value.toDouble());
        } else {
            error(key, u"unknown setting"_s); // a typo in a test must not pass silently
        }
    }
    if (!errors.isEmpty()) {
        sendJson(response, 422, errors.body());
        return;
    }
    {
        std::lock_guard lock(m_behaviourMutex);
        m_behaviour = changed;
        if (reseed) {
            m_faultRandom.seed(*reseed);
            m_latencyRandom.seed(*reseed);
        }
        // "Every K-th request" counts from the moment K is set, so tests can predict which.
        if (resetRateLimit)
            m_rateLimitCounter = 0;
    }
    sendJson(response, 200, QJsonDocument(behaviourJson()).toJson(QJsonDocument::Compact));
}
