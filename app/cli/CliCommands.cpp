#include "CliCommands.h"

#include "ApiClient.h"
#include "BulkCommand.h"
#include "CommandLine.h"
#include "ConnectionProfile.h"
#include "CredentialStore.h"
#include "CsvCell.h"
#include "DecisionImport.h"
#include "DeliveryOptions.h"
#include "OfflineSnapshot.h"
#include "Origin.h"
#include "RelationshipStore.h"
#include "SecretRedaction.h"
#include "SnapshotWriter.h"
#include "SyncEngine.h"
#include "TargetOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QTemporaryFile>
#include <QTimer>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("relreview-cli", text);
}

constexpr auto DecisionsFormat = DecisionImport::Format;
constexpr int DecisionsVersion = DecisionImport::Version;
const QStringList CsvColumns = DecisionImport::csvColumns();

QString timestampOrEmpty(qint64 ms)
{
    return ms > 0 ? formatTimestamp(ms) : QString();
}

QJsonObject originJson(const DecisionOrigin& origin)
{
    return QJsonObject{
        {u"key"_s, origin.key},
        {u"kind"_s, origin.isSnapshot() ? u"snapshot"_s : u"live"_s},
        {u"label"_s, origin.label},
        {u"base_url"_s, origin.baseUrl},
        {u"integration_source_id"_s,
         origin.integrationSourceId.isNull()
             ? QJsonValue(QJsonValue::Null)
             : QJsonValue(origin.integrationSourceId.toString(QUuid::WithoutBraces))},
        {u"scope"_s, origin.scope},
    };
}

// Accepts "APPROVED", "approved", "Approved".
std::optional<RelationshipStatus> statusArgument(const QString& text)
{
    return statusFromName(text.trimmed().toUpper());
}

QString countsText(const DecisionCounts& counts)
{
    return tr("%1 confirmed, %2 pending, %3 failed, %4 gone, %5 conflicts")
        .arg(counts.confirmed())
        .arg(counts.outstanding())
        .arg(counts.failed())
        .arg(counts.gone())
        .arg(counts.conflicts());
}

} // namespace

CliCommands::CliCommands(QTextStream& out, QTextStream& err, QObject* parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
{}

CliCommands::~CliCommands() = default;

QString CliCommands::usage()
{
    return tr("Usage: relreview-cli COMMAND [OPTIONS]\n"
              "\n"
              "Commands:\n"
              "  validate FILE\n"
              "      Check a snapshot or a saved list; the message names the position or record.\n"
              "  export --base-url URL --source UUID [scope options] [--status S] -o FILE\n"
              "      Fetch a source's relationships (and columns) into a snapshot.\n"
              "  decide --snapshot FILE --id UUID [--id UUID ...] --status STATUS\n"
              "      Record a decision offline, in the journal.\n"
              "  decisions --snapshot FILE [--format csv|json] [-o FILE]\n"
              "      List the decisions recorded on a snapshot with their delivery states.\n"
              "  decisions import FILE [--snapshot FILE]\n"
              "      Take back decisions a colleague listed with --format json or csv.\n"
              "  sync --snapshot FILE --base-url URL [--retarget] [--source UUID] [--no-bulk]\n"
              "       [--max-bulk N] [--max-in-flight N] [--max-attempts N] [--retry-failed]\n"
              "      Push the pending decisions; the summary counts what failed or conflicts.\n") +
           BulkCommand::usage() +
           tr("\n"
              "The token comes from the environment variable RELREVIEW_TOKEN only, and is sent\n"
              "only to the server --base-url names (https://, or http:// to this machine);\n"
              "--ca-certificates FILE adds trusted certificate authorities (PEM).\n"
              "The journal lives in $RELREVIEW_DATA_DIR, else the application data folder.\n"
              "Exit status: 0 done, 1 failed or conflicts remain, 2 usage, 3 bad input.\n");
}

int CliCommands::run(const QStringList& arguments)
{
    const QStringList rest = arguments.mid(1);
    if (rest.isEmpty()) {
        m_err << usage();
        return Usage;
    }
    const QString command = rest.first();
    if (command == "-h"_L1 || command == "--help"_L1 || command == "help"_L1) {
        m_out << usage();
        return Ok;
    }
    if (command == "-v"_L1 || command == "--version"_L1) {
        m_out << versionText().replace(u"relreview "_s, u"relreview-cli "_s) << u'\n';
        return Ok;
    }
    const QStringList commandArguments =
        QStringList{arguments.first() + u' ' + command} + rest.mid(1);
    if (command == "validate"_L1) {
        return validate(commandArguments);
    }
    if (command == "export"_L1) {
        return exportSnapshot(commandArguments);
    }
    if (command == "decide"_L1) {
        return decide(commandArguments);
    }
    if (command == "decisions"_L1) {
        if (rest.size() > 1 && rest[1] == "import"_L1) {
            return importDecisions(QStringList{commandArguments.first() + u" import"_s} +
                                   rest.mid(2));
        }
        return listDecisions(commandArguments);
    }
    if (command == "sync"_L1) {
        return sync(commandArguments);
    }
    if (command == "bulk"_L1) {
        return BulkCommand(m_out, m_err).run(commandArguments);
    }
    return usageError(tr("unknown command '%1'").arg(command));
}

namespace {

// Messages may quote a server or a file: whatever they hold, the token is not printed.
QString withoutToken(const QString& message)
{
    return SecretRedaction::redact(
        message, qEnvironmentVariable(CredentialStore::EnvironmentVariable).trimmed());
}

} // namespace

int CliCommands::usageError(const QString& message)
{
    m_err << u"relreview-cli: "_s << withoutToken(message) << u"\n\n"_s << usage();
    m_err.flush();
    return Usage;
}

int CliCommands::badInput(const QString& message)
{
    m_err << u"relreview-cli: "_s << withoutToken(message) << u'\n';
    m_err.flush();
    return BadInput;
}

int CliCommands::failed(const QString& message)
{
    m_err << u"relreview-cli: "_s << withoutToken(message) << u'\n';
    m_err.flush();
    return Failed;
}

void CliCommands::progress(const QString& message)
{
    m_err << withoutToken(message) << u'\n';
    m_err.flush();
}

bool CliCommands::parse(QCommandLineParser& parser, const QStringList& arguments,
                        const QString& command, int* status)
{
    const QCommandLineOption help({u"h"_s, u"help"_s}, tr("Show the usage."));
    parser.addOption(help);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(arguments)) {
        *status = usageError(command + u": "_s + parser.errorText());
        return false;
    }
    if (parser.isSet(help)) {
        m_out << usage();
        *status = Ok;
        return false;
    }
    return true;
}

bool CliCommands::openJournal()
{
    if (m_journal) {
        return true;
    }
    m_journal = std::make_unique<DecisionJournal>();
    if (!m_journal->open()) {
        m_err << u"relreview-cli: "_s << m_journal->lastError() << u'\n';
        m_journal.reset();
        return false;
    }
    return true;
}

int CliCommands::validate(const QStringList& arguments)
{
    QCommandLineParser parser;
    int status = Ok;
    if (!parse(parser, arguments, u"validate"_s, &status)) {
        return status;
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(tr("validate: give exactly one FILE"));
    }
    const QString path = parser.positionalArguments().first();
    const OfflineSnapshot snapshot = OfflineSnapshot::open(path, nullptr);
    if (!snapshot.ok) {
        return badInput(snapshot.message);
    }
    const ParsedDocument& document = snapshot.document;
    if (document.header.isEnvelope) {
        m_out << tr("%1: valid relreview snapshot (version %2), %3 relationships, %4 columns")
                     .arg(path)
                     .arg(document.header.version)
                     .arg(document.rows.size())
                     .arg(document.catalog.columnCount())
              << u'\n';
    } else {
        m_out << tr("%1: valid list, %2 relationships").arg(path).arg(document.rows.size())
              << u'\n';
    }
    return Ok;
}

int CliCommands::exportSnapshot(const QStringList& arguments)
{
    QCommandLineParser parser;
    const TargetOptions target(u"https://config.heyhumm.ai"_s);
    const QCommandLineOption sourceOption(u"source"_s, tr("The integration source."), u"UUID"_s);
    const QCommandLineOption outputOption({u"o"_s, u"output"_s}, tr("The snapshot to write."),
                                          u"FILE"_s);
    const QCommandLineOption statusOption(u"status"_s, tr("Only relationships with this status."),
                                          u"STATUS"_s);
    const QCommandLineOption noColumnsOption(u"no-columns"_s, tr("Do not fetch the columns."));
    const QCommandLineOption timeoutOption(
        u"timeout"_s, tr("Time limit in seconds for each transfer, silent or not."), u"SECONDS"_s,
        u"300"_s);
    target.addTo(parser);
    parser.addOptions({sourceOption, outputOption, statusOption, noColumnsOption, timeoutOption});
    QList<std::pair<QString, QCommandLineOption>> scopeOptions;
    for (const QString& parameter : ConnectionProfile::scopeParameterNames()) {
        const QString name = scopeOptionName(parameter);
        if (!name.isEmpty()) {
            scopeOptions.append({parameter, QCommandLineOption(name, parameter, u"UUID"_s)});
            parser.addOption(scopeOptions.last().second);
        }
    }
    int status = Ok;
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
    if (!parser.isSet(sourceOption)) {
        return usageError(tr("export: --source UUID is required"));
    }
    profile.integrationSourceId = QUuid::fromString(parser.value(sourceOption).trimmed());
    if (profile.integrationSourceId.isNull()) {
        return usageError(
            tr("export: --source '%1' is not a UUID").arg(parser.value(sourceOption)));
    }
    for (const auto& [parameter, option] : scopeOptions) {
        if (parser.isSet(option)) {
            const QUuid id = QUuid::fromString(parser.value(option).trimmed());
            if (id.isNull()) {
                return usageError(tr("export: --%1 '%2' is not a UUID")
                                      .arg(option.names().first(), parser.value(option)));
            }
            profile.scope.insert(parameter, id);
        }
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

    QString folderError;
    const QString folder = ApiClient::downloadFolder(&folderError);
    if (folder.isEmpty()) {
        return failed(folderError);
    }
    QTemporaryFile download(QDir(folder).filePath(u"export-XXXXXX.json"_s));
    if (!download.open()) {
        return failed(tr("cannot create a file for the download: %1").arg(download.errorString()));
    }
    download.close();
    progress(tr("Downloading the relationships of %1 from %2…")
                 .arg(profile.integrationSourceId.toString(QUuid::WithoutBraces),
                      profile.baseUrl.host()));
    QEventLoop loop;
    ApiError downloadError;
    bool columnsDone = parser.isSet(noColumnsOption);
    bool rowsDone = false;
    ColumnCatalog catalog;
    client.downloadRelationships(
        download.fileName(), this,
        [&](const ApiError& error) {
            downloadError = error;
            rowsDone = true;
            if (columnsDone) {
                loop.quit();
            }
        },
        {}, statusFilter);
    if (!columnsDone) {
        client.fetchColumns(this, [&](const ApiError& error, const QByteArray& body) {
            // The columns are a convenience (names for the grid): a snapshot without them is
            // still a complete snapshot.
            QString catalogError;
            if (!error.ok()) {
                progress(tr("Columns not included: %1").arg(error.message));
            } else if (!catalog.loadColumnsJson(QJsonDocument::fromJson(body).array(),
                                                &catalogError)) {
                progress(tr("Columns not included: %1").arg(catalogError));
                catalog = {};
            }
            columnsDone = true;
            if (rowsDone) {
                loop.quit();
            }
        });
    }
    loop.exec();
    if (!downloadError.ok()) {
        return failed(downloadError.message);
    }
    RelationshipParser::Result parsed = RelationshipParser::parseFile(download.fileName());
    if (!parsed.ok) {
        return failed(
            tr("the server's answer is not a valid list: %1").arg(parsed.error.describe()));
    }
    if (const ApiError foreign = ApiClient::checkListSource(
            parsed.document.rows, profile.integrationSourceId, tr("the server's list"));
        !foreign.ok()) {
        return failed(foreign.message);
    }
    if (catalog.isEmpty()) {
        catalog = parsed.document.catalog;
    }
    SnapshotSource source;
    source.baseUrl = profile.baseUrl.toString();
    source.integrationSourceId = profile.integrationSourceId;
    for (auto it = profile.scope.cbegin(); it != profile.scope.cend(); ++it) {
        source.scope.insert(it.key(), it.value().toString(QUuid::WithoutBraces));
    }
    QString writeError;
    if (!SnapshotWriter::writeFile(outputPath, parsed.document.rows, catalog, source,
                                   &writeError)) {
        return failed(writeError);
    }
    m_out << tr("Exported %1 relationships to %2").arg(parsed.document.rows.size()).arg(outputPath)
          << u'\n';
    return Ok;
}

int CliCommands::decide(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption snapshotOption(u"snapshot"_s, tr("The snapshot decided on."),
                                            u"FILE"_s);
    const QCommandLineOption idOption(u"id"_s, tr("A relationship id (repeatable)."), u"UUID"_s);
    const QCommandLineOption statusOption(u"status"_s, tr("SUGGESTED, APPROVED or REJECTED."),
                                          u"STATUS"_s);
    parser.addOptions({snapshotOption, idOption, statusOption});
    int status = Ok;
    if (!parse(parser, arguments, u"decide"_s, &status)) {
        return status;
    }
    if (!parser.isSet(snapshotOption) || !parser.isSet(idOption) || !parser.isSet(statusOption)) {
        return usageError(
            tr("decide: --snapshot FILE, --id UUID and --status STATUS are required"));
    }
    const auto newStatus = statusArgument(parser.value(statusOption));
    if (!newStatus) {
        return usageError(tr("decide: --status must be SUGGESTED, APPROVED or REJECTED, not '%1'")
                              .arg(parser.value(statusOption)));
    }
    QList<QUuid> ids;
    for (const QString& text : parser.values(idOption)) {
        const QUuid id = QUuid::fromString(text.trimmed());
        if (id.isNull()) {
            return usageError(tr("decide: --id '%1' is not a UUID").arg(text));
        }
        ids.append(id);
    }
    if (!openJournal()) {
        return Failed;
    }
    // Parsed whole before anything is recorded: a malformed file records nothing.
    OfflineSnapshot snapshot = OfflineSnapshot::open(parser.value(snapshotOption), nullptr);
    if (!snapshot.ok) {
        return badInput(snapshot.message);
    }
    // The rows as the journal knows them: a confirmed earlier decision is the new baseline.
    RelationshipStore store;
    store.adopt(std::move(snapshot.document.rows), std::move(snapshot.document.catalog));
    QList<NewDecision> decisions;
    for (const QUuid& id : ids) {
        if (!store.rows().rowOf(id)) {
            return badInput(
                tr("%1: no relationship with id %2")
                    .arg(parser.value(snapshotOption), id.toString(QUuid::WithoutBraces)));
        }
    }
    const qint64 originId = m_journal->ensureOrigin(snapshot.origin);
    if (originId <= 0) {
        return failed(m_journal->lastError());
    }
    SyncEngine::restoreOverlay(*m_journal, originId, store);
    const qint64 step = m_journal->nextStepId();
    for (const QUuid& id : ids) {
        const RelationshipRow& row = store.rows().row(*store.rows().rowOf(id));
        NewDecision decision;
        decision.relationshipId = id;
        decision.status = statusName(*newStatus);
        decision.previousStatus = store.rows().statusText(*store.rows().rowOf(id));
        decision.serverUpdatedMs = row.updatedAtMs;
        decision.stepId = step;
        decisions.append(decision);
    }
    if (m_journal->record(originId, decisions).size() != decisions.size()) {
        return failed(m_journal->lastError());
    }
    const DecisionCounts counts = m_journal->counts(originId);
    m_out << tr("Recorded %1 decision(s): %2 on %3; %4 pending on this snapshot.")
                 .arg(decisions.size())
                 .arg(statusName(*newStatus), parser.value(snapshotOption))
                 .arg(counts.outstanding())
          << u'\n';
    return Ok;
}

int CliCommands::listDecisions(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption snapshotOption(u"snapshot"_s, tr("The snapshot."), u"FILE"_s);
    const QCommandLineOption formatOption(u"format"_s, tr("csv or json."), u"FORMAT"_s, u"csv"_s);
    const QCommandLineOption outputOption({u"o"_s, u"output"_s}, tr("Write to FILE."), u"FILE"_s);
    parser.addOptions({snapshotOption, formatOption, outputOption});
    int status = Ok;
    if (!parse(parser, arguments, u"decisions"_s, &status)) {
        return status;
    }
    if (!parser.isSet(snapshotOption)) {
        return usageError(tr("decisions: --snapshot FILE is required"));
    }
    const QString format = parser.value(formatOption).toLower();
    if (format != "csv"_L1 && format != "json"_L1) {
        return usageError(tr("decisions: --format must be csv or json"));
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(
            tr("decisions: unexpected argument '%1'").arg(parser.positionalArguments().first()));
    }
    if (!openJournal()) {
        return Failed;
    }
    const QString path = parser.value(snapshotOption);
    QString error;
    const QString fingerprint = DecisionOrigin::snapshotFingerprint(path, &error);
    if (fingerprint.isEmpty()) {
        return badInput(error);
    }
    const QString key = u"snapshot:"_s + fingerprint;
    const std::optional<qint64> originId = m_journal->originIdForKey(key);
    DecisionOrigin origin;
    QList<DecisionRecord> records;
    if (originId) {
        origin = m_journal->origin(*originId).value_or(DecisionOrigin{});
        records = m_journal->decisions(*originId);
    } else {
        origin.kind = DecisionOrigin::Kind::Snapshot;
        origin.key = key;
        origin.label = QFileInfo(path).absoluteFilePath();
    }

    QByteArray output;
    if (format == "json"_L1) {
        QJsonArray array;
        for (const DecisionRecord& record : std::as_const(records)) {
            array.append(QJsonObject{
                {u"decision_id"_s, record.id},
                {u"relationship_id"_s, record.relationshipId.toString(QUuid::WithoutBraces)},
                {u"status"_s, record.status},
                {u"previous_status"_s, record.previousStatus},
                {u"created_at"_s, formatTimestamp(record.createdMs)},
                {u"created_ms"_s, record.createdMs},
                {u"state"_s, decisionStateName(record.state)},
                {u"attempts"_s, record.attempts},
                {u"last_error"_s, record.lastError},
                {u"step_id"_s, record.stepId},
                {u"server_updated_ms"_s, record.serverUpdatedMs},
                {u"confirmed_updated_ms"_s, record.confirmedUpdatedMs},
            });
        }
        output = QJsonDocument(QJsonObject{{u"format"_s, QString(DecisionsFormat)},
                                           {u"version"_s, DecisionsVersion},
                                           {u"origin"_s, originJson(origin)},
                                           {u"decisions"_s, array}})
                     .toJson(QJsonDocument::Indented);
    } else {
        // Texts may come from a server or a file (previous_status, last_error): CsvCell keeps
        // a spreadsheet from running them as formulas; the numbers are our own.
        QString text = CsvColumns.join(u',') + u'\n';
        for (const DecisionRecord& record : std::as_const(records)) {
            const QStringList fields = {
                CsvCell::text(origin.key),
                CsvCell::number(record.id),
                CsvCell::text(record.relationshipId.toString(QUuid::WithoutBraces)),
                CsvCell::text(record.status),
                CsvCell::text(record.previousStatus),
                CsvCell::text(formatTimestamp(record.createdMs)),
                CsvCell::text(decisionStateName(record.state)),
                CsvCell::number(record.attempts),
                CsvCell::text(record.lastError),
                CsvCell::number(record.stepId),
                CsvCell::number(record.serverUpdatedMs),
                CsvCell::number(record.confirmedUpdatedMs),
            };
            text += fields.join(u',') + u'\n';
        }
        output = text.toUtf8();
    }
    if (parser.isSet(outputOption)) {
        QSaveFile file(parser.value(outputOption));
        if (!file.open(QIODevice::WriteOnly) || file.write(output) != output.size() ||
            !file.commit()) {
            return failed(tr("%1: cannot be written: %2")
                              .arg(parser.value(outputOption), file.errorString()));
        }
        progress(
            tr("%1 decisions written to %2").arg(records.size()).arg(parser.value(outputOption)));
    } else {
        m_out.flush();
        m_out << QString::fromUtf8(output);
    }
    return Ok;
}

int CliCommands::importDecisions(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption snapshotOption(
        u"snapshot"_s, tr("Record them on this snapshot instead of the one the file names."),
        u"FILE"_s);
    parser.addOption(snapshotOption);
    int status = Ok;
    if (!parse(parser, arguments, u"decisions import"_s, &status)) {
        return status;
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(tr("decisions import: give exactly one FILE"));
    }
    const QString path = parser.positionalArguments().first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return badInput(tr("%1: cannot read: %2").arg(path, file.errorString()));
    }
    // Everything is checked before anything is recorded.
    DecisionImport parsed = DecisionImport::parse(file.readAll());
    if (!parsed.ok) {
        return badInput(path + u": "_s + parsed.error);
    }
    DecisionOrigin origin = parsed.origin;
    QList<DecisionImport::Entry>& imported = parsed.entries;

    if (parser.isSet(snapshotOption)) {
        OfflineSnapshot target = OfflineSnapshot::open(parser.value(snapshotOption), nullptr);
        if (!target.ok) {
            return badInput(target.message);
        }
        origin = target.origin;
    }
    if (imported.isEmpty()) {
        m_out << tr("No decisions in %1.").arg(path) << u'\n';
        return Ok;
    }
    if (!openJournal()) {
        return Failed;
    }
    const std::optional<qint64> known = m_journal->originIdForKey(origin.key);
    if (!known && origin.label.isEmpty()) {
        origin.label = origin.key;
    }
    const qint64 originId = known ? *known : m_journal->ensureOrigin(origin);
    if (originId <= 0) {
        return failed(m_journal->lastError());
    }
    // Importing the same file twice records nothing new.
    QSet<QString> existing;
    const auto identity = [](const QUuid& id, const QString& status, qint64 createdMs) -> QString {
        return id.toString() + u'|' + status + u'|' + QString::number(createdMs);
    };
    for (const DecisionRecord& record : m_journal->decisions(originId)) {
        existing.insert(identity(record.relationshipId, record.status, record.createdMs));
    }
    QList<NewDecision> decisions;
    int skipped = 0;
    for (DecisionImport::Entry& entry : imported) {
        NewDecision& decision = entry.decision;
        if (decision.state == DecisionState::Cancelled ||
            existing.contains(
                identity(decision.relationshipId, decision.status, decision.createdMs))) {
            ++skipped;
            continue;
        }
        // Not yet delivered where it was made: delivered (and conflict-checked) from here.
        if (decision.state != DecisionState::Confirmed) {
            decision.state = DecisionState::Pending;
            decision.attempts = 0;
            decision.lastError.clear();
            decision.confirmedUpdatedMs = 0;
        }
        decisions.append(decision);
    }
    if (!decisions.isEmpty() && m_journal->record(originId, decisions).size() != decisions.size()) {
        return failed(m_journal->lastError());
    }
    const DecisionCounts counts = m_journal->counts(originId);
    m_out << tr("Imported %1 decision(s) (%2 already known or superseded); %3 pending on %4.")
                 .arg(decisions.size())
                 .arg(skipped)
                 .arg(counts.outstanding())
                 .arg(origin.label.isEmpty() ? origin.key : origin.label)
          << u'\n';
    return Ok;
}

int CliCommands::sync(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption snapshotOption(u"snapshot"_s, tr("The snapshot decided on."),
                                            u"FILE"_s);
    const TargetOptions target({});
    const QCommandLineOption retargetOption(
        u"retarget"_s, tr("Send to --base-url although the snapshot came from another server."));
    const QCommandLineOption sourceOption(u"source"_s, tr("The integration source of a bare list."),
                                          u"UUID"_s);
    const QCommandLineOption noBulkOption(u"no-bulk"_s, tr("One PUT per decision."));
    const DeliveryOptions delivery;
    const QCommandLineOption retryFailedOption(u"retry-failed"_s,
                                               tr("Send decisions that failed before again."));
    const QCommandLineOption timeoutOption(
        u"timeout"_s, tr("Time limit in seconds for each transfer, silent or not."), u"SECONDS"_s,
        u"60"_s);
    const QCommandLineOption backoffOption(
        u"backoff-ms"_s, tr("First retry delay and cap in ms, e.g. 500,60000."), u"BASE,CAP"_s);
    const QCommandLineOption quietOption({u"q"_s, u"quiet"_s}, tr("No progress lines."));
    parser.addOptions({snapshotOption, retargetOption, sourceOption, noBulkOption,
                       retryFailedOption, timeoutOption, backoffOption, quietOption});
    target.addTo(parser);
    delivery.addTo(parser);
    int status = Ok;
    if (!parse(parser, arguments, u"sync"_s, &status)) {
        return status;
    }
    if (!parser.isSet(snapshotOption)) {
        return usageError(tr("sync: --snapshot FILE is required"));
    }
    ConnectionProfile named; // what the command line names: the only place the token may go
    if (QString problem; !target.apply(parser, &named, &problem)) {
        return usageError(u"sync: "_s + problem);
    }
    if (parser.isSet(retargetOption) && !target.isBaseUrlSet(parser)) {
        return usageError(tr("sync: --retarget needs --base-url URL, the server to send to"));
    }
    SyncConfig config;
    if (!delivery.apply(parser, &config)) {
        return usageError(u"sync: "_s + DeliveryOptions::errorText());
    }
    config.useBulk = !parser.isSet(noBulkOption);
    if (parser.isSet(backoffOption)) {
        const QStringList parts = parser.value(backoffOption).split(u',');
        bool baseOk = false, capOk = false;
        const int base = parts.value(0).toInt(&baseOk);
        const int cap = parts.value(1).toInt(&capOk);
        if (parts.size() != 2 || !baseOk || !capOk || base < 1 || cap < base) {
            return usageError(tr("sync: --backoff-ms takes BASE,CAP in milliseconds"));
        }
        config.backoffBaseMs = base;
        config.backoffCapMs = cap;
    }
    const bool quiet = parser.isSet(quietOption);
    const QString token = CredentialStore::environmentToken();
    if (token.isEmpty()) {
        return usageError(tr("sync: set the token in the environment variable %1")
                              .arg(QLatin1StringView(CredentialStore::EnvironmentVariable)));
    }
    if (!openJournal()) {
        return Failed;
    }
    const QString path = parser.value(snapshotOption);
    const OfflineSnapshot snapshot = OfflineSnapshot::open(path, nullptr);
    if (!snapshot.ok) {
        return badInput(snapshot.message);
    }
    DecisionOrigin origin = snapshot.origin;
    // A bare list names no base URL; an earlier sync (or the desktop app) may have recorded one.
    if (const auto known = m_journal->originIdForKey(origin.key)) {
        if (const std::optional<DecisionOrigin> recorded = m_journal->origin(*known)) {
            if (origin.baseUrl.isEmpty()) {
                origin.baseUrl = recorded->baseUrl;
            }
            if (origin.integrationSourceId.isNull()) {
                origin.integrationSourceId = recorded->integrationSourceId;
            }
            if (origin.scope.isEmpty()) {
                origin.scope = recorded->scope;
            }
        }
    }
    // The snapshot's server is only a file's word: the token goes to the server named on the
    // command line, which must be the snapshot's own unless --retarget says otherwise.
    const Origin fileOrigin = Origin::of(origin.baseUrl);
    if (!target.isBaseUrlSet(parser)) {
        if (origin.baseUrl.isEmpty()) {
            return usageError(tr("sync: %1 names no server; give --base-url URL").arg(path));
        }
        return usageError(
            tr("sync: %1 came from %2, but the token in %3 is sent only to a server named on "
               "the command line; to send its decisions there, run again with --base-url %2")
                .arg(path, fileOrigin.isValid() ? fileOrigin.toString() : origin.baseUrl,
                     QLatin1StringView(CredentialStore::EnvironmentVariable)));
    }
    const Origin namedOrigin = Origin::of(named.baseUrl);
    if (!origin.baseUrl.isEmpty() && fileOrigin != namedOrigin && !parser.isSet(retargetOption)) {
        return usageError(
            tr("sync: %1 came from %2, not from %3 named by --base-url; give --retarget to send "
               "its decisions to %3 instead")
                .arg(path, fileOrigin.isValid() ? fileOrigin.toString() : origin.baseUrl,
                     namedOrigin.toString()));
    }
    origin.baseUrl = named.baseUrl.toString();
    if (parser.isSet(sourceOption)) {
        origin.integrationSourceId = QUuid::fromString(parser.value(sourceOption).trimmed());
        if (origin.integrationSourceId.isNull()) {
            return usageError(
                tr("sync: --source '%1' is not a UUID").arg(parser.value(sourceOption)));
        }
    }
    ConnectionProfile profile = named;
    if (origin.integrationSourceId.isNull()) {
        return usageError(tr("sync: %1 names no integration source; give --source UUID").arg(path));
    }
    profile.integrationSourceId = origin.integrationSourceId;
    for (auto it = origin.scope.constBegin(); it != origin.scope.constEnd(); ++it) {
        const QUuid id = QUuid::fromString(it.value().toString());
        if (!id.isNull() && it.key() != "integration_source_id"_L1) {
            profile.scope.insert(it.key(), id);
        }
    }

    ApiClient client;
    client.setProfile(profile);
    client.setToken(token, Origin::of(named.baseUrl));
    DeliveryOptions::applyTimeout(client, parser.value(timeoutOption));
    SyncEngine engine(m_journal.get(), &client);
    engine.setConfig(config);
    if (!engine.setOrigin(origin)) {
        return failed(engine.lastError());
    }
    QEventLoop loop;
    SyncSummary summary;
    bool tokenRejected = false;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    connect(&engine, &SyncEngine::statusMessage, this, [&](const QString& message) {
        if (!quiet) {
            progress(message);
        }
    });
    connect(&engine, &SyncEngine::progressChanged, this, [&](int settled, int total) {
        if (!quiet && total > 0 && (sinceProgress.elapsed() >= 500 || settled == total)) {
            sinceProgress.restart();
            progress(tr("%1 of %2 decisions settled").arg(settled).arg(total));
        }
    });
    connect(&engine, &SyncEngine::tokenRequired, this, [&](const QString& reason) {
        // No one to ask for a new token here: stop, keeping everything pending.
        tokenRejected = true;
        m_err << u"relreview-cli: "_s << reason << u"; "_s
              << tr("set a valid token in %1 and run sync again")
                     .arg(QLatin1StringView(CredentialStore::EnvironmentVariable))
              << u'\n';
        engine.stop();
    });
    connect(&engine, &SyncEngine::syncFinished, this, [&](const SyncSummary& result) {
        summary = result;
        loop.quit();
    });
    if (parser.isSet(retryFailedOption)) {
        QTimer::singleShot(0, &engine, [&engine] { engine.retryFailed(); });
    } else {
        QTimer::singleShot(0, &engine, [&engine] { engine.sync(); });
    }
    loop.exec();

    for (const SyncConflict& conflict : engine.conflicts()) {
        m_out << tr("conflict: %1: yours %2, the server's %3 (updated %4)")
                     .arg(conflict.relationshipId.toString(QUuid::WithoutBraces), conflict.mine,
                          conflict.serverKnown ? conflict.serverStatus : tr("unknown"),
                          conflict.serverKnown ? timestampOrEmpty(conflict.serverUpdatedMs)
                                               : tr("unknown"))
              << u'\n';
    }
    for (const DecisionRecord& record :
         m_journal->decisions(engine.originId(), {DecisionState::Failed, DecisionState::Gone})) {
        m_out << tr("%1: %2: %3")
                     .arg(decisionStateName(record.state),
                          record.relationshipId.toString(QUuid::WithoutBraces), record.lastError)
              << u'\n';
    }
    m_out << tr("Summary: %1").arg(countsText(summary.counts)) << u'\n';
    if (!summary.message.isEmpty() && !tokenRejected) {
        m_err << u"relreview-cli: "_s << summary.message << u'\n';
    }
    return summary.complete ? Ok : Failed;
}
