#pragma once

#include "RequestLog.h"
#include "ServedRelationships.h"

#include <QJsonObject>

#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib
class LoopbackHttpServer;

// The settings a test may change while the server runs (POST /_dev/config).
struct ServerBehaviour
{
    std::string token;
    int latencyMs = 0;
    int latencyJitterMs = 0;     // each delay drawn uniformly from latencyMs ± this (at least 0)
    double failRate = 0;         // answer 503 with this probability
    int rateLimitEvery = 0;      // answer 429 to every K-th API request; 0: never
    int retryAfterSeconds = 1;   // the 429's Retry-After
    double dropRate = 0;         // cut the connection before a complete answer
    bool dropAfterApply = false; // a dropped PUT or bulk call is applied first (the answer is lost)
    bool noBulk = false;         // the bulk endpoint answers 404, as on a service without it
    int maxBulk = 0;             // more ids in one bulk call -> 413; 0: no limit

    // Hostile modes: a server that lies, stalls or misleads, for the client's trust checks.
    std::string putAnswerStatus;       // a PUT applies its status but answers this one ("": off)
    std::string answerSourceId;        // PUT answers and list rows carry this source id ("": off)
    bool bulkNoop = false;             // bulk answers {"updated": N} but changes nothing
    std::string retryAfter;            // raw Retry-After text of the 429s ("": retryAfterSeconds)
    std::string redirect;              // "loop" or an absolute URL: every API request answers 302
    int dripBytesPerSecond = 0;        // list and columns bodies trickle out at this rate; 0: off
    qint64 announceContentLength = -1; // list answers declare this Content-Length; -1: off
    qint64 oversizeBodyBytes = 0;      // PUT and bulk answers padded to at least this size
    int badRows = 0;                   // rows with an id that is no UUID, among the good ones

    // A WAN link: every API answer's body leaves at most this fast (kilobits a second, per
    // connection; see BandwidthCap.h); 0: as fast as loopback goes.
    int bandwidthKbit = 0;
};

struct DevServerOptions
{
    ServerBehaviour behaviour;
    quint64 faultSeed = 1;
    bool logRequests = true;
    int threads = 64;
    std::string host = "127.0.0.1"; // a loopback address (main.cpp refuses any other)
};

// A local stand-in for the Humm relationship API (see shared/api/humm-relationships.md): the
// four endpoints with FastAPI's error shapes, bearer authentication, fault injection, and /_dev
// endpoints through which tests inspect and steer it. Listens on a loopback address only
// (127.0.0.1 unless --host names another one, e.g. 127.0.0.2).
class DevServer
{
public:
    DevServer(std::unique_ptr<ServedRelationships> data, const DevServerOptions& options);
    ~DevServer();

    // Binds host:port (0: any free port). Returns the port, or -1.
    int bind(int port);
    // Serves until stop(); returns false when serving failed.
    bool run();
    void stop();

private:
    enum class Fault { None, RateLimited, Failed, Dropped };
    struct RouteMatch;
    struct Exchange;

    static RouteMatch matchApiRoute(const std::string& method, std::string_view rest);
    void handle(const httplib::Request& request, httplib::Response& response);
    void handleApi(const httplib::Request& request, httplib::Response& response,
                   const RouteMatch& route, Exchange& exchange);
    void handleDev(const httplib::Request& request, httplib::Response& response);

    void listRelationships(const httplib::Request& request, httplib::Response& response,
                           const RouteMatch& route, bool dropMidway,
                           const ServerBehaviour& behaviour);
    void listColumns(const httplib::Request& request, httplib::Response& response,
                     const RouteMatch& route, const ServerBehaviour& behaviour);
    void updateRelationship(const httplib::Request& request, httplib::Response& response,
                            const RouteMatch& route, const ServerBehaviour& behaviour);
    void bulkStatus(const httplib::Request& request, httplib::Response& response,
                    const ServerBehaviour& behaviour);
    void redirectAnswer(const httplib::Request& request, httplib::Response& response,
                        const std::string& redirect) const;

    void devConfig(const httplib::Request& request, httplib::Response& response);
    QJsonObject behaviourJson() const;

    ServerBehaviour behaviour() const;
    Fault drawFault(const ServerBehaviour& behaviour);
    int drawLatencyMs(const ServerBehaviour& behaviour);
    void logLine(const httplib::Request& request, int status, double milliseconds) const;

    std::unique_ptr<ServedRelationships> m_data;
    std::unique_ptr<LoopbackHttpServer> m_server;
    RequestLog m_requestLog;
    std::string m_host;
    bool m_logRequests;
    int m_threads;

    mutable std::mutex m_behaviourMutex; // guards the four below
    ServerBehaviour m_behaviour;
    std::mt19937_64 m_faultRandom;
    std::mt19937_64 m_latencyRandom; // its own: jitter does not change which requests fault
    qint64 m_rateLimitCounter = 0;

    struct Counters
    {
        std::atomic<qint64> requests{0};
        std::atomic<qint64> puts{0};
        std::atomic<qint64> bulkCalls{0};
        std::atomic<qint64> bulkIds{0};
        std::atomic<qint64> bulkUpdated{0};
        std::atomic<qint64> gets{0};
        std::atomic<qint64> columnGets{0};
        std::atomic<qint64> authRejected{0};
        std::atomic<qint64> rateLimited{0};
        std::atomic<qint64> failed{0};
        std::atomic<qint64> dropped{0};
        std::atomic<qint64> serverSideChanges{0};
    };
    Counters m_counters;
};
