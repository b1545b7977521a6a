#include "DecisionsCommand.h"

#include "CsvCell.h"
#include "DecisionImport.h"
#include "OfflineSnapshot.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

constexpr auto DecisionsFormat = DecisionImport::Format;
constexpr int DecisionsVersion = DecisionImport::Version;
const QStringList CsvColumns = DecisionImport::csvColumns();

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

QString pairIdText(const ColumnPair& pair, const QUuid& id)
{
    return pair.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

QJsonValue pairIdJson(const ColumnPair& pair, const QUuid& id)
{
    return pair.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(pairIdText(pair, id));
}

} // namespace

int DecisionsCommand::list(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption snapshotOption(u"snapshot"_s, tr("The snapshot."), u"FILE"_s);
    const QCommandLineOption formatOption(u"format"_s, tr("csv or json."), u"FORMAT"_s, u"csv"_s);
    const QCommandLineOption outputOption({u"o"_s, u"output"_s}, tr("Write to FILE."), u"FILE"_s);
    parser.addOptions({snapshotOption, formatOption, outputOption});
    ExitStatus status = Ok;
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
                // Kept by relreview only: never sent to the server.
                {u"reason"_s, record.reason.toText()},
                {u"from_column_id"_s, pairIdJson(record.pair, record.pair.fromColumnId)},
                {u"to_table_id"_s, pairIdJson(record.pair, record.pair.toTableId)},
                {u"to_column_name"_s, record.pair.isNull() ? QJsonValue(QJsonValue::Null)
                                                           : QJsonValue(record.pair.toColumnName)},
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
                CsvCell::text(record.reason.toText()),
                CsvCell::text(pairIdText(record.pair, record.pair.fromColumnId)),
                CsvCell::text(pairIdText(record.pair, record.pair.toTableId)),
                CsvCell::text(record.pair.isNull() ? QString() : record.pair.toColumnName),
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

int DecisionsCommand::importFile(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption snapshotOption(
        u"snapshot"_s, tr("Record them on this snapshot instead of the one the file names."),
        u"FILE"_s);
    parser.addOption(snapshotOption);
    ExitStatus status = Ok;
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
    const auto identity = [](const QUuid& id, const QString& statusText,
                             qint64 createdMs) -> QString {
        return id.toString() + u'|' + statusText + u'|' + QString::number(createdMs);
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
