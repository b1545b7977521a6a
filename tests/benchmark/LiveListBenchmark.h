#pragma once

#include <QJsonObject>
#include <QString>

class QTextStream;

struct LiveListOptions
{
    QString dataFile;           // the list the development server serves
    int bandwidthKbit = 100000; // the link: 100 Mbit/s per connection
    int latencyMs = 50;         // before every answer
    int repeat = 3;             // app and curl alternate, medians reported
    // Where the client connects: "direct" (the development server, plain HTTP on loopback) or
    // "tls" (tests/support/TlsFront: nginx with TLS and HTTP/2 in front of it, its CA trusted
    // through the profile's CA certificates, as --ca-certificates does).
    QString front = QStringLiteral("direct");
};

// A live list the way the app loads it (ReviewSession::loadLive: LoadJob parses while the list
// downloads, previews go to the store, a table view paints them) from the development server with
// a bandwidth cap and a latency, next to `curl --compressed -o /dev/null` of the same URL (the
// token in a private config file, never on a command line). Times: the first byte received, the
// first rows painted, the whole list loaded; curl's first byte and total.
QJsonObject runLiveListBenchmark(const LiveListOptions& options, QTextStream& log);
// The table of it, with the targets.
void printLiveListResults(const QJsonObject& result, QTextStream& out);
