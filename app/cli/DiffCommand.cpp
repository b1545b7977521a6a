#include "DiffCommand.h"

#include "CsvCell.h"
#include "OfflineSnapshot.h"
#include "SnapshotDiff.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

// A JSON string literal (quotes and escapes) of `text`.
QByteArray jsonString(const QString& text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QString scoreText(const RelationshipRow& row)
{
    if (!row.hasScore || std::isnan(row.score))
        return {};
    return QString::number(row.score, 'g', QLocale::FloatingPointShortest);
}

// The old or new value of one field of `row`, as JSON (evidence: its raw JSON, as sent).
QByteArray fieldJson(const RelationshipRows& rows, int row, SnapshotDiff::Field field)
{
    switch (field) {
    case SnapshotDiff::StatusField:
        return jsonString(rows.statusText(row));
    case SnapshotDiff::TypeField:
        return jsonString(rows.typeText(row));
    case SnapshotDiff::ScoreField: {
        const QString score = scoreText(rows.row(row));
        return score.isEmpty() ? QByteArrayLiteral("null") : score.toUtf8();
    }
    case SnapshotDiff::EvidenceField:
        return rows.evidenceJson(row).toByteArray();
    }
    return "null";
}

// The same as text, for CSV cells and the text format.
QString fieldText(const RelationshipRows& rows, int row, SnapshotDiff::Field field)
{
    switch (field) {
    case SnapshotDiff::StatusField:
        return rows.statusText(row);
    case SnapshotDiff::TypeField:
        return rows.typeText(row);
    case SnapshotDiff::ScoreField:
        return scoreText(rows.row(row));
    case SnapshotDiff::EvidenceField:
        return QString::fromUtf8(rows.evidenceJson(row));
    }
    return {};
}

constexpr SnapshotDiff::Field Fields[] = {SnapshotDiff::StatusField, SnapshotDiff::ScoreField,
                                          SnapshotDiff::TypeField, SnapshotDiff::EvidenceField};

QByteArray fieldName(SnapshotDiff::Field field)
{
    return SnapshotDiff::fieldNames(field).value(0).toLatin1();
}

QByteArray pairMembers(const RelationshipRows& rows, int row)
{
    const RelationshipRow& fields = rows.row(row);
    return "\"from_column_id\":\"" + idText(fields.fromColumnId).toLatin1() +
           "\",\"to_table_id\":\"" + idText(fields.toTableId).toLatin1() +
           "\",\"to_column_name\":" + jsonString(rows.toColumnName(row));
}

// An added or removed relationship: its id, pair, status, type and score.
QByteArray rowJson(const RelationshipRows& rows, int row)
{
    return "{\"id\":\"" + idText(rows.row(row).id).toLatin1() + "\"," + pairMembers(rows, row) +
           ",\"status\":" + fieldJson(rows, row, SnapshotDiff::StatusField) +
           ",\"type\":" + fieldJson(rows, row, SnapshotDiff::TypeField) +
           ",\"score\":" + fieldJson(rows, row, SnapshotDiff::ScoreField) + '}';
}

QString pairLabel(const ParsedDocument& document, int row)
{
    const RelationshipRow& fields = document.rows.row(row);
    return document.catalog.columnLabel(fields.fromColumnId) + u" → "_s +
           document.catalog.tableLabel(fields.toTableId) + u'.' + document.rows.toColumnName(row);
}

} // namespace

int DiffCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption formatOption(u"format"_s, tr("text, json or csv."), u"FORMAT"_s,
                                          u"text"_s);
    parser.addOption(formatOption);
    ExitStatus status = Ok;
    if (!parse(parser, arguments, u"diff"_s, &status)) {
        return status;
    }
    if (parser.positionalArguments().size() != 2) {
        return usageError(tr("diff: give two files, OLD and NEW"));
    }
    const QString format = parser.value(formatOption).toLower();
    if (format != "text"_L1 && format != "json"_L1 && format != "csv"_L1) {
        return usageError(tr("diff: --format must be text, json or csv"));
    }
    const QString oldPath = parser.positionalArguments().at(0);
    const QString newPath = parser.positionalArguments().at(1);
    // Both are read before anything is written: a bad second file leaves no half output.
    const OfflineSnapshot before = OfflineSnapshot::open(oldPath, nullptr);
    if (!before.ok) {
        return badInput(before.message);
    }
    const OfflineSnapshot after = OfflineSnapshot::open(newPath, nullptr);
    if (!after.ok) {
        return badInput(after.message);
    }
    const SnapshotDiff diff = SnapshotDiff::compute(before.document.rows, after.document.rows);
    reportDuplicates(oldPath, newPath, before.document, after.document, diff);
    if (format == "json"_L1) {
        writeJson(before.document, after.document, diff);
    } else if (format == "csv"_L1) {
        writeCsv(before.document, after.document, diff);
    } else {
        writeText(oldPath, newPath, before.document, after.document, diff);
    }
    m_out.flush();
    return Ok;
}

void DiffCommand::reportDuplicates(const QString& oldPath, const QString& newPath,
                                   const ParsedDocument& before, const ParsedDocument& after,
                                   const SnapshotDiff& diff)
{
    for (const SnapshotDiff::Duplicate& duplicate : diff.duplicates()) {
        const ParsedDocument& document = duplicate.inNew ? after : before;
        progress(tr("relreview-cli: %1: record %2 (id %3) repeats the column pair %4 of record "
                    "%5 (id %6); matched in order of appearance")
                     .arg(duplicate.inNew ? newPath : oldPath)
                     .arg(duplicate.row)
                     .arg(idText(document.rows.row(duplicate.row).id))
                     .arg(pairLabel(document, duplicate.row))
                     .arg(duplicate.firstRow)
                     .arg(idText(document.rows.row(duplicate.firstRow).id)));
    }
}

// Written as it goes rather than as one document: a diff of a million rows stays a stream.
void DiffCommand::writeJson(const ParsedDocument& before, const ParsedDocument& after,
                            const SnapshotDiff& diff)
{
    QByteArray text;
    const auto flush = [&](bool always) {
        if (always || text.size() > (1 << 20)) {
            m_out << QString::fromUtf8(text);
            text.clear();
        }
    };
    text += "{\"counts\":{\"added\":" + QByteArray::number(qsizetype(diff.addedRows().size())) +
            ",\"removed\":" + QByteArray::number(qsizetype(diff.removedRows().size())) +
            ",\"changed\":" + QByteArray::number(qsizetype(diff.changed().size())) +
            ",\"unchanged\":" + QByteArray::number(diff.unchangedCount()) + "},\n\"added\":[";
    const auto writeRows = [&](const std::vector<int>& rows, const RelationshipRows& list) {
        bool first = true;
        for (int row : rows) {
            text += (first ? "\n" : ",\n") + rowJson(list, row);
            first = false;
            flush(false);
        }
    };
    writeRows(diff.addedRows(), after.rows);
    text += "],\n\"removed\":[";
    writeRows(diff.removedRows(), before.rows);
    text += "],\n\"changed\":[";
    bool first = true;
    for (const SnapshotDiff::Change& change : diff.changed()) {
        text += first ? "\n" : ",\n";
        first = false;
        text += "{\"old_id\":\"" + idText(before.rows.row(change.oldRow).id).toLatin1() +
                "\",\"new_id\":\"" + idText(after.rows.row(change.newRow).id).toLatin1() + "\"," +
                pairMembers(after.rows, change.newRow) + ",\"fields\":{";
        bool firstField = true;
        for (SnapshotDiff::Field field : Fields) {
            if (!(change.fields & field))
                continue;
            text += (firstField ? "\"" : ",\"") + fieldName(field) + "\":[" +
                    fieldJson(before.rows, change.oldRow, field) + ',' +
                    fieldJson(after.rows, change.newRow, field) + ']';
            firstField = false;
        }
        text += "}}";
        flush(false);
    }
    text += "]}\n";
    flush(true);
}

void DiffCommand::writeCsv(const ParsedDocument& before, const ParsedDocument& after,
                           const SnapshotDiff& diff)
{
    QString text = u"change,old_id,new_id,from_column_id,to_table_id,to_column_name,field,"
                   "old_value,new_value\n"_s;
    const auto pairCells = [](const RelationshipRows& rows, int row) -> QString {
        const RelationshipRow& fields = rows.row(row);
        return CsvCell::text(idText(fields.fromColumnId)) + u',' +
               CsvCell::text(idText(fields.toTableId)) + u',' +
               CsvCell::text(rows.toColumnName(row));
    };
    const auto flush = [&](bool always) {
        if (always || text.size() > (1 << 19)) {
            m_out << text;
            text.clear();
        }
    };
    for (int row : diff.addedRows()) {
        text += u"added,,"_s + CsvCell::text(idText(after.rows.row(row).id)) + u',' +
                pairCells(after.rows, row) + u",,,\n"_s;
        flush(false);
    }
    for (int row : diff.removedRows()) {
        text += u"removed,"_s + CsvCell::text(idText(before.rows.row(row).id)) + u",,"_s +
                pairCells(before.rows, row) + u",,,\n"_s;
        flush(false);
    }
    for (const SnapshotDiff::Change& change : diff.changed()) {
        const QString common = u"changed,"_s +
                               CsvCell::text(idText(before.rows.row(change.oldRow).id)) + u',' +
                               CsvCell::text(idText(after.rows.row(change.newRow).id)) + u',' +
                               pairCells(after.rows, change.newRow) + u',';
        for (SnapshotDiff::Field field : Fields) {
            if (!(change.fields & field))
                continue;
            text += common + QString::fromLatin1(fieldName(field)) + u',' +
                    CsvCell::text(fieldText(before.rows, change.oldRow, field)) + u',' +
                    CsvCell::text(fieldText(after.rows, change.newRow, field)) + u'\n';
        }
        flush(false);
    }
    flush(true);
}

void DiffCommand::writeText(const QString& oldPath, const QString& newPath,
                            const ParsedDocument& before, const ParsedDocument& after,
                            const SnapshotDiff& diff)
{
    const QLocale locale;
    m_out << tr("%1 → %2: %3 added, %4 removed, %5 changed, %6 unchanged")
                 .arg(oldPath, newPath, locale.toString(qsizetype(diff.addedRows().size())),
                      locale.toString(qsizetype(diff.removedRows().size())),
                      locale.toString(qsizetype(diff.changed().size())),
                      locale.toString(diff.unchangedCount()))
          << u'\n';
    for (int row : diff.addedRows()) {
        m_out << tr("added    %1  %2 (%3, score %4)")
                     .arg(idText(after.rows.row(row).id), pairLabel(after, row),
                          after.rows.statusText(row),
                          fieldText(after.rows, row, SnapshotDiff::ScoreField))
              << u'\n';
    }
    for (int row : diff.removedRows()) {
        m_out << tr("removed  %1  %2 (%3, score %4)")
                     .arg(idText(before.rows.row(row).id), pairLabel(before, row),
                          before.rows.statusText(row),
                          fieldText(before.rows, row, SnapshotDiff::ScoreField))
              << u'\n';
    }
    for (const SnapshotDiff::Change& change : diff.changed()) {
        QStringList what;
        for (SnapshotDiff::Field field : Fields) {
            if (!(change.fields & field))
                continue;
            if (field == SnapshotDiff::EvidenceField) {
                what.append(tr("evidence changed"));
                continue;
            }
            what.append(tr("%1 %2 → %3")
                            .arg(QString::fromLatin1(fieldName(field)),
                                 fieldText(before.rows, change.oldRow, field),
                                 fieldText(after.rows, change.newRow, field)));
        }
        const QUuid oldId = before.rows.row(change.oldRow).id;
        const QUuid newId = after.rows.row(change.newRow).id;
        const QString ids =
            oldId == newId ? idText(newId) : tr("%1 (was %2)").arg(idText(newId), idText(oldId));
        m_out << tr("changed  %1  %2: %3")
                     .arg(ids, pairLabel(after, change.newRow), what.join(u"; "_s))
              << u'\n';
    }
}
