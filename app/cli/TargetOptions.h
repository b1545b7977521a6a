#pragma once

#include "ConnectionProfile.h"

#include <QCommandLineOption>
#include <QCoreApplication>

class QCommandLineParser;

// Where a command sends its requests, shared by `export`, `bulk` and `sync`: --base-url URL and
// --ca-certificates FILE. The token in RELREVIEW_TOKEN belongs to the server named here: https://,
// or http:// to this machine only. A URL read from a file never stands in for this option.
class TargetOptions
{
    Q_DECLARE_TR_FUNCTIONS(TargetOptions)

public:
    // `defaultBaseUrl` empty: --base-url has no default (sync names its target explicitly).
    explicit TargetOptions(const QString& defaultBaseUrl);
    void addTo(QCommandLineParser& parser) const;
    bool isBaseUrlSet(const QCommandLineParser& parser) const;
    // Writes the base URL (when given or defaulted) and the CA certificates into `profile`. False
    // with `*error` ("--base-url: ..." or "--ca-certificates: ...") when one is not usable; nothing
    // is then connected to.
    bool apply(const QCommandLineParser& parser, ConnectionProfile* profile, QString* error) const;

private:
    QCommandLineOption m_baseUrl;
    QCommandLineOption m_caCertificates;
};
