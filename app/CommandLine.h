#pragma once

#include "ConnectionProfile.h"
#include "TableNames.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUuid>

#include <optional>

// What the command line asked for. Parsing never exits the process and never prints: the caller
// decides what to do with help, version and errors (a GUI shows them differently from a console).
struct CommandLineOptions
{
    // Profile overrides: only what was given on the command line.
    QString profileName;                      // --profile NAME; empty: the default profile
    std::optional<QUrl> baseUrl;              // --base-url URL (https://, or http:// to loopback)
    QString caCertificates;                   // --ca-certificates FILE (a readable PEM file)
    std::optional<QUuid> integrationSourceId; // --source UUID
    QMap<QString, QUuid> scope; // --organization-id ... --job-id, by query parameter name

    QString snapshotPath; // --snapshot FILE: open a saved list read-only
    // --table-names FILE: names to import into the journal at start (checked while parsing).
    QString tableNamesPath;
    TableNames tableNames;

    bool showHelp = false;
    bool showVersion = false;
    QString error;    // names the bad option and value; empty when the arguments are fine
    QString helpText; // the usage text, always filled

    bool hasError() const { return !error.isEmpty(); }
    // --source (or --base-url) given: connect and load at once.
    bool wantsLiveLoad() const { return integrationSourceId.has_value(); }
    bool hasProfileOverrides() const
    {
        return baseUrl.has_value() || integrationSourceId.has_value() || !scope.isEmpty();
    }
    // Writes the given overrides into `profile`, leaving the rest as it is.
    void applyTo(ConnectionProfile& profile) const;
};

// The option name (without dashes) for each optional scope id, e.g. "organization-id" for
// "organization_id". integration_source_id has none: it is --source.
QString scopeOptionName(const QString& scopeParameterName);

// Parses `arguments` as QCoreApplication::arguments() gives them (the first is the program).
CommandLineOptions parseCommandLine(const QStringList& arguments);

// "relreview 0.1.0 (git 1a2b3c4d5e) · Qt 6.4.2 · licence MIT"
QString versionText();
