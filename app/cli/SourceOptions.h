#pragma once

#include "ConnectionProfile.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QList>

#include <utility>

class QCommandLineParser;

// Which integration source a command reads or changes on the server, shared by `export`,
// `export-approved` and `bulk`: --source UUID and the scope options (--organization-id UUID …,
// one per ConnectionProfile::scopeParameterNames()).
class SourceOptions
{
    Q_DECLARE_TR_FUNCTIONS(SourceOptions)

public:
    SourceOptions();
    void addTo(QCommandLineParser& parser) const;
    bool isSourceSet(const QCommandLineParser& parser) const;
    // Writes the source and the scope ids given into `profile`. False with `*error` ("--source
    // 'x' is not a UUID", or the same of a scope option) when one is not a UUID; the caller says
    // whether --source was required.
    bool apply(const QCommandLineParser& parser, ConnectionProfile* profile, QString* error) const;

private:
    QCommandLineOption m_source;
    QList<std::pair<QString, QCommandLineOption>> m_scope; // parameter name, its option
};
