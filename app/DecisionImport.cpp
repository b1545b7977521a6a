#include "DecisionImport.h"

#include "CsvCell.h"
#include "Relationship.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks.
std::optional<QList<QStringList>> parseCsv(const QString& text, QString* error)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text[i + 1] == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n') {
                    ++line;
                }
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
            fieldStarted = false;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') {
                ++i;
            }
            row.append(field);
            field.clear();
            fieldStarted = false;
            if (!(row.size() == 1 && row.first().isEmpty())) {
                rows.append(row);
            }
            row.clear();
            ++line;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted) {
        *error = DecisionImport::tr("line %1: a quoted field is not closed").arg(line);
        return std::nullopt;
    }
    if (fieldStarted || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

// A member holding milliseconds: absent or not a number is 0, as before; a number a qint64 cannot
// hold (1e300, or more than 2^53, where doubles stop being exact) is no time at all (converting
// it would be undefined behaviour).
std::optional<qint64> millisecondsOf(const QJsonValue& value)
{
    constexpr double Largest = 9007199254740992.0; // 2^53
    const double number = value.toDouble();
    if (!std::isfinite(number) || number > Largest || number < -Largest) {
        return std::nullopt;
    }
    return qint64(number);
}

} // namespace

const QStringList& DecisionImport::csvColumns()
{
    static const QStringList columns = {
        u"origin"_s,         u"decision_id"_s,       u"relationship_id"_s,
        u"status"_s,         u"previous_status"_s,   u"created_at"_s,
        u"state"_s,          u"attempts"_s,          u"last_error"_s,
        u"step_id"_s,        u"server_updated_ms"_s, u"confirmed_updated_ms"_s,
        u"reason"_s,         u"from_column_id"_s,    u"to_table_id"_s,
        u"to_column_name"_s,
    };
    return columns;
}

namespace {

// Files written before reasons and pairs were kept have only the first twelve columns.
constexpr qsizetype LegacyCsvColumnCount = 12;

// The pair as the file gives it: all three, or none (an older file, a decision on an id alone).
std::optional<ColumnPair> pairOf(const QString& from, const QString& table, const QString& column)
{
    if (from.isEmpty() && table.isEmpty() && column.isEmpty()) {
        return ColumnPair{};
    }
    ColumnPair pair{QUuid::fromString(from), QUuid::fromString(table), column};
    if (pair.fromColumnId.isNull() || pair.toTableId.isNull()) {
        return std::nullopt;
    }
    return pair;
}

} // namespace

DecisionImport DecisionImport::parse(const QByteArray& bytes)
{
    DecisionImport result;
    DecisionOrigin& origin = result.origin;
    QList<Entry>& imported = result.entries;
    const auto bad = [&result](const QString& where, const QString& what) {
        result.error = where + u": "_s + what;
        result.entries.clear();
        return result;
    };
    const auto stateOf = [](const QString& name) { return decisionStateFromName(name); };
    const QByteArray trimmed = bytes.trimmed();
    if (trimmed.startsWith('{')) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            return bad(tr("offset %1").arg(parseError.offset), parseError.errorString());
        }
        const QJsonObject object = document.object();
        if (object.value("format"_L1).toString() != Format) {
            return bad(tr("member \"format\""), tr("expected \"%1\"").arg(Format));
        }
        if (object.value("version"_L1).toInt() < 1 ||
            object.value("version"_L1).toInt() > Version) {
            return bad(tr("member \"version\""), tr("unsupported version"));
        }
        const QJsonObject originObject = object.value("origin"_L1).toObject();
        origin.key = originObject.value("key"_L1).toString();
        origin.kind = originObject.value("kind"_L1).toString() == "live"_L1
                          ? DecisionOrigin::Kind::Live
                          : DecisionOrigin::Kind::Snapshot;
        origin.label = originObject.value("label"_L1).toString();
        origin.baseUrl = originObject.value("base_url"_L1).toString();
        origin.integrationSourceId =
            QUuid::fromString(originObject.value("integration_source_id"_L1).toString());
        origin.scope = originObject.value("scope"_L1).toObject();
        if (!origin.key.startsWith(u"snapshot:"_s) && !origin.key.startsWith(u"live:"_s)) {
            return bad(tr("member \"origin\""), tr("no usable \"key\""));
        }
        const QJsonValue list = object.value("decisions"_L1);
        if (!list.isArray()) {
            return bad(tr("member \"decisions\""), tr("expected an array"));
        }
        const QJsonArray array = list.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonObject item = array.at(i).toObject();
            const QString where = tr("decision %1").arg(i);
            Entry entry;
            entry.originKey = origin.key;
            NewDecision& decision = entry.decision;
            decision.relationshipId =
                QUuid::fromString(item.value("relationship_id"_L1).toString());
            if (decision.relationshipId.isNull()) {
                return bad(where, tr("member \"relationship_id\" is not a UUID"));
            }
            decision.status = item.value("status"_L1).toString();
            if (!statusFromName(decision.status)) {
                return bad(where, tr("member \"status\" must be SUGGESTED, APPROVED or REJECTED"));
            }
            decision.previousStatus = item.value("previous_status"_L1).toString();
            const std::optional<qint64> createdMs = millisecondsOf(item.value("created_ms"_L1));
            const std::optional<qint64> serverUpdatedMs =
                millisecondsOf(item.value("server_updated_ms"_L1));
            const std::optional<qint64> confirmedUpdatedMs =
                millisecondsOf(item.value("confirmed_updated_ms"_L1));
            if (!createdMs) {
                return bad(where, tr("member \"created_ms\" is not a time"));
            }
            if (!serverUpdatedMs || !confirmedUpdatedMs) {
                return bad(where, tr("member \"%1\" is not a time")
                                      .arg(serverUpdatedMs ? u"confirmed_updated_ms"_s
                                                           : u"server_updated_ms"_s));
            }
            decision.createdMs = *createdMs;
            if (decision.createdMs <= 0) {
                decision.createdMs =
                    parseTimestampMs(item.value("created_at"_L1).toString()).value_or(0);
            }
            if (decision.createdMs <= 0) {
                return bad(where, tr("member \"created_at\" is not a time"));
            }
            const auto state = stateOf(item.value("state"_L1).toString(u"pending"_s));
            if (!state) {
                return bad(where, tr("member \"state\" is not a delivery state"));
            }
            decision.state = *state;
            decision.lastError = item.value("last_error"_L1).toString();
            decision.serverUpdatedMs = *serverUpdatedMs;
            decision.confirmedUpdatedMs = *confirmedUpdatedMs;
            decision.reason = DecisionReason::fromText(item.value("reason"_L1).toString());
            const std::optional<ColumnPair> pair = pairOf(
                item.value("from_column_id"_L1).toString(), item.value("to_table_id"_L1).toString(),
                item.value("to_column_name"_L1).toString());
            if (!pair) {
                return bad(where, tr("members \"from_column_id\" and \"to_table_id\" must be "
                                     "UUIDs (or all three of the pair absent)"));
            }
            decision.pair = *pair;
            imported.append(entry);
        }
    } else {
        QString csvError;
        const auto rows = parseCsv(QString::fromUtf8(bytes), &csvError);
        if (!rows) {
            result.error = csvError;
            return result;
        }
        const QStringList legacyColumns = csvColumns().first(LegacyCsvColumnCount);
        if (rows->isEmpty() || (rows->first() != csvColumns() && rows->first() != legacyColumns)) {
            return bad(tr("line 1"), tr("expected the header %1").arg(csvColumns().join(u',')));
        }
        const qsizetype columnCount = rows->first().size();
        for (qsizetype i = 1; i < rows->size(); ++i) {
            QStringList fields = rows->at(i);
            const QString where = tr("record %1").arg(i);
            if (fields.size() != columnCount) {
                return bad(where,
                           tr("expected %1 fields, found %2").arg(columnCount).arg(fields.size()));
            }
            // The text columns as `decisions --format csv` wrote them: without the apostrophe that
            // keeps a spreadsheet from running them (see CsvCell).
            for (const int text : {0, 2, 3, 4, 5, 6, 8, 12, 13, 14, 15}) {
                if (text < columnCount) {
                    fields[text] = CsvCell::readText(fields[text]);
                }
            }
            Entry entry;
            entry.originKey = fields[0];
            if (!entry.originKey.startsWith(u"snapshot:"_s) &&
                !entry.originKey.startsWith(u"live:"_s)) {
                return bad(where, tr("field \"origin\" is not an origin key"));
            }
            NewDecision& decision = entry.decision;
            decision.relationshipId = QUuid::fromString(fields[2]);
            if (decision.relationshipId.isNull()) {
                return bad(where, tr("field \"relationship_id\" is not a UUID"));
            }
            decision.status = fields[3];
            if (!statusFromName(decision.status)) {
                return bad(where, tr("field \"status\" must be SUGGESTED, APPROVED or REJECTED"));
            }
            decision.previousStatus = fields[4];
            decision.createdMs = parseTimestampMs(fields[5]).value_or(0);
            if (decision.createdMs <= 0) {
                return bad(where, tr("field \"created_at\" is not a time"));
            }
            const auto state = stateOf(fields[6]);
            if (!state) {
                return bad(where, tr("field \"state\" is not a delivery state"));
            }
            decision.state = *state;
            decision.lastError = fields[8];
            decision.stepId = 0;
            decision.serverUpdatedMs = fields[10].toLongLong();
            decision.confirmedUpdatedMs = fields[11].toLongLong();
            if (columnCount > LegacyCsvColumnCount) {
                decision.reason = DecisionReason::fromText(fields[12]);
                const std::optional<ColumnPair> pair = pairOf(fields[13], fields[14], fields[15]);
                if (!pair) {
                    return bad(where, tr("fields \"from_column_id\" and \"to_table_id\" must "
                                         "be UUIDs (or all three of the pair empty)"));
                }
                decision.pair = *pair;
            }
            imported.append(entry);
        }
        if (!imported.isEmpty()) {
            origin.key = imported.first().originKey;
            origin.kind = origin.key.startsWith(u"live:"_s) ? DecisionOrigin::Kind::Live
                                                            : DecisionOrigin::Kind::Snapshot;
            origin.label = origin.key;
            for (const Entry& entry : std::as_const(imported)) {
                if (entry.originKey != origin.key) {
                    return bad(tr("field \"origin\""),
                               tr("decisions of more than one snapshot or source"));
                }
            }
        }
    }
    result.ok = true;
    return result;
}
