#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

class QTextStream;

struct DeliveryOptions
{
    QString dataFile;          // served by the development server; holds at least max(counts) rows
    QList<int> decisionCounts; // e.g. 10,000 and 100,000
    int curlParallel = 50;     // curl's default --parallel-max, what a user running it gets
    int bulkBatchSize = 500;   // ids per bulk call (SyncConfig's default)
    int bulkInFlight = 4;      // bulk calls at once (SyncConfig's default)
    bool runCurl = true;
};

// Decisions delivered to the local development server over loopback (127.0.0.1 only):
//  - single PUTs the way the app sends them (ReviewSession::decide on a live-loaded store with
//    the table model attached, the app's bounded number in flight), with the UI-thread stall;
//  - the same PUTs from `curl --parallel` (a config file holding the token, mode 0600 in a private
//    temporary folder, deleted afterwards; the token never reaches a command line or the output),
//    at curl's default parallelism and at the app's;
//  - the bulk endpoint through ApiClient::bulkStatus in batches, and the re-read of the list that
//    confirms a bulk session.
// Every run changes each row's status, so that the server does real work, and a sample of rows is
// checked on the server afterwards.
QJsonObject runDeliveryBenchmark(const DeliveryOptions& options, QTextStream& log);

struct WanDeliveryOptions
{
    QString dataFile;           // served by the development server
    int puts = 2000;            // single PUTs, each way
    int bulkDecisions = 100000; // the bulk session
    int latencyMs = 50;         // per answer, after the list is loaded
    int curlParallel = 50;
    bool runCurl = true;
};

// Issue 13: the same deliveries through a production-like front, nginx with TLS, HTTP/2 and gzip
// (TlsFront), the development server answering each request after `latencyMs`:
//  - single PUTs as `relreview-cli sync --no-bulk` sends them, at the old fixed four in flight
//    and with the adaptive window; the same PUTs from `curl --parallel --http2`; and as key
//    presses in the app;
//  - a bulk session through ReviewSession, at the old fixed six in flight and adaptive.
// nginx's access log gives each row's protocol, connections, most requests at once and bytes.
QJsonObject runWanDeliveryBenchmark(const WanDeliveryOptions& options, QTextStream& log);
