#include "ExportCommand.h"

#include "ApiClient.h"
#include "CommandLine.h"
#include "ConnectionProfile.h"
#include "CredentialStore.h"
#include "DeliveryOptions.h"
#include "RelationshipParser.h"
#include "SnapshotWriter.h"
#include "SourceDownload.h"
#include "SourceOptions.h"
#include "TargetOptions.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

int ExportCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    const TargetOptions target(u"https://config.heyhumm.ai"_s);
    const SourceOptions sourceOptions;
    const QCommandLineOption outputOption({u"o"_s, u"output"_s}, tr("The snapshot to write."),
                                          u"FILE"_s);
    const QCommandLineOption statusOption(u"status"_s, tr("Only relationships with this status."),
                                          u"STATUS"_s);
    const QCommandLineOption noColumnsOption(u"no-columns"_s, tr("Do not fetch the columns."));
    const QCommandLineOption timeoutOption(
        u"timeout"_s, tr("Time limit in seconds for each transfer, silent or not."), u"SECONDS"_s,
        u"300"_s);
    target.addTo(parser);
    sourceOptions.addTo(parser);
    parser.addOptions({outputOption, statusOption, noColumnsOption, timeoutOption});
    ExitStatus status = Ok;
    if (!parse(parser, arguments, u"export"_s, &status)) {
        return status;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(
            tr("export: unexpected argument '%1'").arg(parser.positionalArguments().first()));
    }
    ConnectionProfile profile;
    if (QString problem; !target.apply(parser, &profile, &problem)) {
        return usageError(u"export: "_s + problem);
    }
    if (!sourceOptions.isSourceSet(parser)) {
        return usageError(tr("export: --source UUID is required"));
    }
    if (QString problem; !sourceOptions.apply(parser, &profile, &problem)) {
        return usageError(u"export: "_s + problem);
    }
    if (!parser.isSet(outputOption)) {
        return usageError(tr("export: -o FILE is required"));
    }
    QString statusFilter;
    if (parser.isSet(statusOption)) {
        const auto filter = statusArgument(parser.value(statusOption));
        if (!filter) {
            return usageError(tr("export: --status must be SUGGESTED, APPROVED or REJECTED"));
        }
        statusFilter = statusName(*filter);
    }
    const QString token = CredentialStore::environmentToken();
    if (token.isEmpty()) {
        return usageError(tr("export: set the token in the environment variable %1")
                              .arg(QLatin1StringView(CredentialStore::EnvironmentVariable)));
    }
    const QString outputPath = parser.value(outputOption);

    ApiClient client;
    client.setProfile(profile);
    client.setToken(token);
    DeliveryOptions::applyTimeout(client, parser.value(timeoutOption));

    SourceDownload::Result download =
        SourceDownload::fetch(client, statusFilter, !parser.isSet(noColumnsOption),
                              [this](const QString& message) { progress(message); });
    if (!download.ok) {
        return failed(download.error);
    }
    const RelationshipRows& rows = download.document.rows;
    // The analyst's table names travel with the snapshot (best effort: a journal that cannot be
    // read leaves the snapshot without them).
    if (openJournal()) {
        if (const std::optional<TableNames> names = m_journal->tableNames()) {
            download.catalog.setAnalystTableNames(*names);
        }
    }
    SnapshotSource source;
    source.baseUrl = profile.baseUrl.toString();
    source.integrationSourceId = profile.integrationSourceId;
    for (auto it = profile.scope.cbegin(); it != profile.scope.cend(); ++it) {
        source.scope.insert(it.key(), it.value().toString(QUuid::WithoutBraces));
    }
    QString writeError;
    if (!SnapshotWriter::writeFile(outputPath, rows, download.catalog, source, &writeError)) {
        return failed(writeError);
    }
    m_out << tr("Exported %1 relationships to %2").arg(rows.size()).arg(outputPath) << u'\n';
    return Ok;
}
