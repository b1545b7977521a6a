#include "ExportApprovedCommand.h"

#include "ApprovedExport.h"
#include "CommandLine.h"
#include "CredentialStore.h"
#include "DeliveryOptions.h"
#include "OfflineSnapshot.h"
#include "SourceDownload.h"
#include "SourceOptions.h"
#include "TargetOptions.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

QString ExportApprovedCommand::usage()
{
    return tr(
        "  export-approved (--snapshot FILE | --base-url URL --source UUID)\n"
        "       --format dbt|sql|mermaid|csv [--dialect generic|postgres|snowflake|bigquery]\n"
        "       [--confirmed-only] [--table-names FILE] [-o FILE]\n"
        "      Write the approved relationships (after the journal's decisions) for other\n"
        "      tools; those with an unknown table or column name are counted on stderr.\n");
}

int ExportApprovedCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    const TargetOptions target(QString{});
    const QCommandLineOption snapshotOption(u"snapshot"_s, tr("The snapshot."), u"FILE"_s);
    const SourceOptions sourceOptions;
    const QCommandLineOption formatOption(u"format"_s, tr("dbt, sql, mermaid or csv."),
                                          u"FORMAT"_s);
    const QCommandLineOption dialectOption(
        u"dialect"_s, tr("With --format sql: generic, postgres, snowflake or bigquery."),
        u"DIALECT"_s, u"generic"_s);
    const QCommandLineOption confirmedOption(
        u"confirmed-only"_s, tr("Only relationships the server confirmed as approved."));
    const QCommandLineOption namesOption(
        u"table-names"_s, tr("Table names from a CSV file with the header table_id,name."),
        u"FILE"_s);
    const QCommandLineOption outputOption({u"o"_s, u"output"_s}, tr("Write to FILE."), u"FILE"_s);
    const QCommandLineOption timeoutOption(
        u"timeout"_s, tr("Time limit in seconds for each transfer, silent or not."), u"SECONDS"_s,
        u"300"_s);
    target.addTo(parser);
    sourceOptions.addTo(parser);
    parser.addOptions({snapshotOption, formatOption, dialectOption, confirmedOption, namesOption,
                       outputOption, timeoutOption});
    ExitStatus status = Ok;
    if (!parse(parser, arguments, u"export-approved"_s, &status)) {
        return status;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(tr("export-approved: unexpected argument '%1'")
                              .arg(parser.positionalArguments().first()));
    }
    const bool fromSnapshot = parser.isSet(snapshotOption);
    const bool fromServer = target.isBaseUrlSet(parser) || sourceOptions.isSourceSet(parser);
    if (fromSnapshot == fromServer) {
        return usageError(
            tr("export-approved: give either --snapshot FILE or --base-url URL --source UUID"));
    }
    if (!parser.isSet(formatOption)) {
        return usageError(tr("export-approved: --format is required (%1)")
                              .arg(ApprovedExport::formatNames().join(u", "_s)));
    }
    const auto format = ApprovedExport::formatFromName(parser.value(formatOption));
    if (!format) {
        return usageError(tr("export-approved: --format must be one of %1")
                              .arg(ApprovedExport::formatNames().join(u", "_s)));
    }
    const auto dialect = ApprovedExport::dialectFromName(parser.value(dialectOption));
    if (!dialect) {
        return usageError(tr("export-approved: --dialect must be one of %1")
                              .arg(ApprovedExport::dialectNames().join(u", "_s)));
    }
    if (parser.isSet(dialectOption) && *format != ApprovedExport::Format::Sql) {
        return usageError(tr("export-approved: --dialect goes with --format sql only"));
    }
    // Everything given is checked before anything is fetched.
    std::optional<TableNames> fileNames;
    if (parser.isSet(namesOption)) {
        QString error;
        fileNames = TableNames::readCsvFile(parser.value(namesOption), &error);
        if (!fileNames) {
            return badInput(error);
        }
    }
    ConnectionProfile profile;
    QString token;
    if (fromServer) {
        if (QString problem; !target.apply(parser, &profile, &problem)) {
            return usageError(u"export-approved: "_s + problem);
        }
        if (!target.isBaseUrlSet(parser) || !sourceOptions.isSourceSet(parser)) {
            return usageError(tr("export-approved: --base-url URL and --source UUID go together"));
        }
        if (QString problem; !sourceOptions.apply(parser, &profile, &problem)) {
            return usageError(u"export-approved: "_s + problem);
        }
        token = CredentialStore::environmentToken();
        if (token.isEmpty()) {
            return usageError(tr("export-approved: set the token in the environment variable %1")
                                  .arg(QLatin1StringView(CredentialStore::EnvironmentVariable)));
        }
    }
    if (!openJournal()) {
        return Failed;
    }
    RelationshipRows rows;
    ColumnCatalog catalog;
    DecisionOrigin origin;
    if (fromSnapshot) {
        OfflineSnapshot snapshot = OfflineSnapshot::open(parser.value(snapshotOption), nullptr);
        if (!snapshot.ok) {
            return badInput(snapshot.message);
        }
        rows = std::move(snapshot.document.rows);
        catalog = std::move(snapshot.document.catalog);
        origin = snapshot.origin;
    } else {
        ApiClient client;
        client.setProfile(profile);
        client.setToken(token);
        DeliveryOptions::applyTimeout(client, parser.value(timeoutOption));
        SourceDownload::Result download = SourceDownload::fetch(
            client, {}, true, [this](const QString& message) { progress(message); });
        if (!download.ok) {
            return failed(download.error);
        }
        rows = std::move(download.document.rows);
        catalog = std::move(download.catalog);
        origin = DecisionOrigin::forLive(profile);
    }
    // The names: the snapshot's own, then the journal's, then the file's (each over the last).
    std::optional<TableNames> names = m_journal->tableNames();
    if (!names) {
        return failed(m_journal->lastError());
    }
    TableNames analystNames = catalog.analystTableNames();
    analystNames.merge(*names);
    if (fileNames) {
        analystNames.merge(*fileNames);
    }
    catalog.setAnalystTableNames(analystNames);

    QList<DecisionRecord> decisions;
    if (const std::optional<qint64> originId = m_journal->originIdForKey(origin.key)) {
        decisions = m_journal->latestPerRelationship(*originId);
    }
    const ApprovedRelationships approved =
        ApprovedRelationships::select(rows, catalog, decisions, parser.isSet(confirmedOption));
    const QByteArray output = ApprovedExport::write(approved.entries, *format, *dialect);
    if (parser.isSet(outputOption)) {
        QString error;
        if (!ApprovedExport::writeFile(parser.value(outputOption), output, &error)) {
            return failed(error);
        }
        progress(
            tr("%n approved relationship(s) written to %1", nullptr, int(approved.entries.size()))
                .arg(parser.value(outputOption)));
    } else {
        m_out << QString::fromUtf8(output);
        m_out.flush();
    }
    if (const QString leftOut = approved.leftOutMessage(); !leftOut.isEmpty()) {
        progress(leftOut);
    }
    return Ok;
}
