#include "SourceOptions.h"

#include "CommandLine.h"

#include <QCommandLineParser>
#include <QUuid>

using namespace Qt::StringLiterals;

SourceOptions::SourceOptions()
    : m_source(u"source"_s, tr("The integration source."), u"UUID"_s)
{
    for (const QString& parameter : ConnectionProfile::scopeParameterNames()) {
        const QString name = scopeOptionName(parameter);
        if (!name.isEmpty()) {
            m_scope.append({parameter, QCommandLineOption(name, parameter, u"UUID"_s)});
        }
    }
}

void SourceOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOption(m_source);
    for (const auto& [parameter, option] : m_scope) {
        parser.addOption(option);
    }
}

bool SourceOptions::isSourceSet(const QCommandLineParser& parser) const
{
    return parser.isSet(m_source);
}

bool SourceOptions::apply(const QCommandLineParser& parser, ConnectionProfile* profile,
                          QString* error) const
{
    if (parser.isSet(m_source)) {
        const QUuid source = QUuid::fromString(parser.value(m_source).trimmed());
        if (source.isNull()) {
            *error = tr("--source '%1' is not a UUID").arg(parser.value(m_source));
            return false;
        }
        profile->integrationSourceId = source;
    }
    for (const auto& [parameter, option] : m_scope) {
        if (!parser.isSet(option)) {
            continue;
        }
        const QUuid id = QUuid::fromString(parser.value(option).trimmed());
        if (id.isNull()) {
            *error =
                tr("--%1 '%2' is not a UUID").arg(option.names().first(), parser.value(option));
            return false;
        }
        profile->scope.insert(parameter, id);
    }
    return true;
}
