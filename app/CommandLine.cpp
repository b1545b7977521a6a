#include "CommandLine.h"

#include "BuildRevision.h"
#include "CaCertificates.h"
#include "Origin.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

// The translation context of the command line's messages and of the --help text: the
// parsing is free functions, so a class only lends them its tr().
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

// Accepts the forms people paste: with or without braces, any case.
std::optional<QUuid> parseUuid(const QString& text)
{
    const QUuid id = QUuid::fromString(text.trimmed());
    if (id.isNull()) {
        return std::nullopt;
    }
    return id;
}

QString notAUuid(const QString& option, const QString& value)
{
    return CommandLine::tr("--%1: '%2' is not a UUID").arg(option, value);
}

} // namespace

QString scopeOptionName(const QString& scopeParameterName)
{
    if (scopeParameterName == "integration_source_id"_L1) {
        return {};
    }
    QString option = scopeParameterName;
    option.replace(u'_', u'-');
    return option;
}

void CommandLineOptions::applyTo(ConnectionProfile& profile) const
{
    if (!profileName.isEmpty()) {
        profile.name = profileName;
    }
    if (baseUrl) {
        profile.baseUrl = *baseUrl;
    }
    if (!caCertificates.isEmpty()) {
        profile.caCertificates = caCertificates;
    }
    if (integrationSourceId) {
        profile.integrationSourceId = *integrationSourceId;
    }
    for (auto it = scope.cbegin(); it != scope.cend(); ++it) {
        profile.scope.insert(it.key(), it.value());
    }
}

CommandLineOptions parseCommandLine(const QStringList& arguments)
{
    CommandLineOptions result;

    QCommandLineParser parser;
    parser.setApplicationDescription(
        CommandLine::tr("Review the column relationships Humm's inference pipeline suggests."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption helpOption({u"h"_s, u"help"_s}, CommandLine::tr("Show this help."));
    const QCommandLineOption versionOption({u"v"_s, u"version"_s},
                                           CommandLine::tr("Show the version."));
    const QCommandLineOption profileOption(
        u"profile"_s, CommandLine::tr("Use the saved connection profile NAME."), u"NAME"_s);
    const QCommandLineOption baseUrlOption(
        u"base-url"_s, CommandLine::tr("The API's base URL, e.g. https://config.heyhumm.ai."),
        u"URL"_s);
    const QCommandLineOption sourceOption(
        u"source"_s,
        CommandLine::tr("The integration source to review; connects and loads at once."),
        u"UUID"_s);
    const QCommandLineOption caOption(
        u"ca-certificates"_s,
        CommandLine::tr("Trust the certificate authorities in FILE (PEM) too, e.g. for a corporate "
                        "TLS proxy; kept in the profile."),
        u"FILE"_s);
    const QCommandLineOption snapshotOption(
        u"snapshot"_s, CommandLine::tr("Open a saved list or snapshot FILE read-only."), u"FILE"_s);
    parser.addOption(helpOption);
    parser.addOption(versionOption);
    parser.addOption(profileOption);
    parser.addOption(baseUrlOption);
    parser.addOption(sourceOption);
    parser.addOption(caOption);

    QList<std::pair<QString, QCommandLineOption>> scopeOptions;
    for (const QString& parameter : ConnectionProfile::scopeParameterNames()) {
        const QString option = scopeOptionName(parameter);
        if (option.isEmpty()) {
            continue;
        }
        scopeOptions.append(
            {parameter,
             QCommandLineOption(
                 option, CommandLine::tr("Scope id sent as %1 on every request.").arg(parameter),
                 u"UUID"_s)});
        parser.addOption(scopeOptions.last().second);
    }
    parser.addOption(snapshotOption);
    const QCommandLineOption tableNamesOption(
        u"table-names"_s,
        CommandLine::tr("Import table names from a CSV FILE with the header table_id,name."),
        u"FILE"_s);
    parser.addOption(tableNamesOption);
    result.helpText = parser.helpText();
    // May be parsed before any QCoreApplication exists: Qt then cannot name the program itself.
    result.helpText.replace(u"<executable_name>"_s, u"relreview"_s);

    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    result.showHelp = parser.isSet(helpOption);
    result.showVersion = parser.isSet(versionOption);
    if (!parser.positionalArguments().isEmpty()) {
        result.error =
            CommandLine::tr("Unexpected argument '%1'").arg(parser.positionalArguments().first());
        return result;
    }

    if (parser.isSet(profileOption)) {
        const QString name = parser.value(profileOption).trimmed();
        if (name.isEmpty() || name.contains(u'/') || name.contains(u'\\')) {
            result.error = CommandLine::tr("--profile: '%1' is not a usable profile name")
                               .arg(parser.value(profileOption));
            return result;
        }
        result.profileName = name;
    }
    if (parser.isSet(baseUrlOption)) {
        const QString text = parser.value(baseUrlOption).trimmed();
        const QUrl url(text, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != "http"_L1 && scheme != "https"_L1) ||
            url.host().isEmpty()) {
            result.error = CommandLine::tr("--base-url: '%1' is not an http:// or https:// URL")
                               .arg(parser.value(baseUrlOption));
            return result;
        }
        if (!url.userInfo().isEmpty()) {
            result.error = CommandLine::tr("--base-url: must not contain a user name or password");
            return result;
        }
        if (const QString problem = Origin::transportProblem(url); !problem.isEmpty()) {
            result.error = u"--base-url: "_s + problem;
            return result;
        }
        result.baseUrl = url;
    }
    if (parser.isSet(caOption)) {
        QString problem;
        CaCertificates::load(parser.value(caOption), &problem);
        if (!problem.isEmpty()) {
            result.error = u"--ca-certificates: "_s + problem;
            return result;
        }
        result.caCertificates = QFileInfo(parser.value(caOption)).absoluteFilePath();
    }
    if (parser.isSet(sourceOption)) {
        result.integrationSourceId = parseUuid(parser.value(sourceOption));
        if (!result.integrationSourceId) {
            result.error = notAUuid(u"source"_s, parser.value(sourceOption));
            return result;
        }
    }
    for (const auto& [parameter, option] : scopeOptions) {
        if (!parser.isSet(option)) {
            continue;
        }
        const std::optional<QUuid> id = parseUuid(parser.value(option));
        if (!id) {
            result.error = notAUuid(option.names().constFirst(), parser.value(option));
            return result;
        }
        result.scope.insert(parameter, *id);
    }
    if (parser.isSet(snapshotOption)) {
        result.snapshotPath = parser.value(snapshotOption);
        if (result.hasProfileOverrides()) {
            result.error = CommandLine::tr("--snapshot: cannot be combined with --base-url, "
                                           "--source or scope ids (a snapshot is opened offline)");
            return result;
        }
        const QFileInfo file(result.snapshotPath);
        if (!file.exists()) {
            result.error =
                CommandLine::tr("--snapshot: no such file '%1'").arg(result.snapshotPath);
            return result;
        }
        if (!file.isFile() || !file.isReadable()) {
            result.error =
                CommandLine::tr("--snapshot: '%1' is not a readable file").arg(result.snapshotPath);
            return result;
        }
    }
    if (parser.isSet(tableNamesOption)) {
        result.tableNamesPath = parser.value(tableNamesOption);
        QString problem;
        std::optional<TableNames> names = TableNames::readCsvFile(result.tableNamesPath, &problem);
        if (!names) {
            result.error = u"--table-names: "_s + problem;
            return result;
        }
        result.tableNames = std::move(*names);
    }
    return result;
}

QString versionText()
{
    const QString revision = QString::fromLatin1(buildGitRevision());
    QString text = u"relreview "_s + QStringLiteral(RELREVIEW_VERSION);
    if (!revision.isEmpty()) {
        text += u" (git "_s + revision + u')';
    }
    return text + u" · Qt "_s + QLatin1StringView(qVersion()) + u" · licence MIT"_s;
}
