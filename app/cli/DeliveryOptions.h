#pragma once

#include "SyncEngine.h"

#include <QCommandLineOption>
#include <QCoreApplication>

class QCommandLineParser;

// The options that pace delivery to the server, shared by `sync` and `bulk`: ids per bulk call,
// requests at once, tries per request. A script gets an answer: unlike the desktop app, the
// command line stops retrying a request after a number of tries (8 unless told).
class DeliveryOptions
{
    Q_DECLARE_TR_FUNCTIONS(DeliveryOptions)

public:
    DeliveryOptions();
    void addTo(QCommandLineParser& parser) const;
    // The engine's pacing with the options given; false when one is not a positive number
    // (`config` is then left as it was).
    bool apply(const QCommandLineParser& parser, SyncConfig* config) const;
    // "--max-bulk, --max-in-flight and --max-attempts take a positive number"
    static QString errorText();
    // --timeout SECONDS of every command that talks to the server: it bounds each transfer as a
    // whole (a server that drips a byte a second does not keep a command alive) as well as its
    // silences. Clamped to 1 s .. 1 day.
    static void applyTimeout(ApiClient& client, const QString& seconds);

private:
    QCommandLineOption m_maxBulk;
    QCommandLineOption m_maxInFlight;
    QCommandLineOption m_maxAttempts;
};
