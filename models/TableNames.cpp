#include "TableNames.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace {

// One CSV field with where it began, for messages.
struct CsvField
{
    QString text;
    int line = 1;
    bool quoted = false;
};

struct CsvRecord
{
    QList<CsvField> fields;
    int line = 1;
};

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. Blank lines are
// skipped. Returns false with *line set where a quoted field was left open, or where a quote
// appears after text in an unquoted field.
bool splitCsv(const QString& text, QList<CsvRecord>* records, int* errorLine, bool* openQuote)
{
    CsvRecord record;
    CsvField field;
    bool inQuotes = false;
    bool afterQuotes = false; // a quoted field ended: only a separator may follow
    int line = 1;
    const auto endField = [&] {
        record.fields.append(field);
        field = CsvField{};
        field.line = line;
        afterQuotes = false;
    };
    const auto endRecord = [&] {
        endField();
        const bool blank = record.fields.size() == 1 && record.fields.first().text.isEmpty() &&
                           !record.fields.first().quoted;
        if (!blank)
            records->append(record);
        record = CsvRecord{};
    };
    record.line = line;
    field.line = line;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < text.size() && text[i + 1] == u'"') {
                    field.text += u'"';
                    ++i;
                } else {
                    inQuotes = false;
                    afterQuotes = true;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field.text += c;
            }
            continue;
        }
        if (c == u',') {
            endField();
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            endRecord();
            ++line;
            record.line = line;
            field.line = line;
        } else if (c == u'"' && field.text.isEmpty() && !field.quoted) {
            inQuotes = true;
            field.quoted = true;
        } else if (c == u'"' || afterQuotes) {
            *errorLine = line;
            *openQuote = false;
            return false;
        } else {
            field.text += c;
        }
    }
    if (inQuotes) {
        *errorLine = field.line;
        *openQuote = true;
        return false;
    }
    if (!field.text.isEmpty() || field.quoted || !record.fields.isEmpty())
        endRecord();
    return true;
}

} // namespace

QString TableNames::checkName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.size() > MaxNameLength)
        return tr("the name is longer than %1 characters").arg(MaxNameLength);
    for (const QChar c : trimmed) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator)
            return tr("the name holds a line break or another control character");
    }
    return {};
}

bool TableNames::set(const QUuid& tableId, const QString& name, QString* error)
{
    if (tableId.isNull()) {
        if (error)
            *error = tr("no table id");
        return false;
    }
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        remove(tableId);
        return true;
    }
    if (const QString problem = checkName(trimmed); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    auto it = m_names.find(tableId);
    if (it == m_names.end()) {
        m_names.insert(tableId, trimmed);
        m_order.append(tableId);
    } else {
        *it = trimmed;
    }
    return true;
}

void TableNames::remove(const QUuid& tableId)
{
    if (m_names.remove(tableId) > 0)
        m_order.removeOne(tableId);
}

void TableNames::merge(const TableNames& other)
{
    for (const QUuid& id : other.m_order)
        set(id, other.m_names.value(id));
}

std::optional<TableNames> TableNames::parseCsv(const QByteArray& bytes, const QString& fileName,
                                               QString* error)
{
    const auto fail = [&](const QString& message) -> std::optional<TableNames> {
        if (error)
            *error = fileName + u": "_s + message;
        return std::nullopt;
    };
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        // Name the line of the first byte that is not UTF-8 (no UTF-8 sequence holds '\n').
        int line = 0;
        for (const QByteArray& part : bytes.split('\n')) {
            ++line;
            QStringDecoder probe(QStringDecoder::Utf8, QStringConverter::Flag::Stateless);
            const QString decoded = probe.decode(part);
            if (probe.hasError())
                break;
        }
        return fail(tr("line %1: the file is not UTF-8 text").arg(line));
    }
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    QList<CsvRecord> records;
    int errorLine = 0;
    bool openQuote = false;
    if (!splitCsv(text, &records, &errorLine, &openQuote)) {
        return fail(openQuote ? tr("line %1: a quoted field is not closed").arg(errorLine)
                              : tr("line %1: a quote inside a field that is not quoted, or "
                                   "text after a quoted field")
                                    .arg(errorLine));
    }
    const QString expectedHeader = QString::fromLatin1(CsvHeader);
    if (records.isEmpty())
        return fail(tr("line 1: the file is empty; expected the header %1").arg(expectedHeader));
    const CsvRecord& header = records.first();
    QStringList headerFields;
    for (const CsvField& field : header.fields)
        headerFields.append(field.text.trimmed().toLower());
    if (headerFields != expectedHeader.split(u',')) {
        return fail(tr("line %1: expected the header %2, found %3")
                        .arg(header.line)
                        .arg(expectedHeader, headerFields.join(u',')));
    }
    TableNames names;
    QHash<QUuid, int> firstLine;
    for (qsizetype index = 1; index < records.size(); ++index) {
        const CsvRecord& record = records[index];
        if (record.fields.size() != 2) {
            return fail(tr("line %1: expected 2 fields (table_id,name), found %2")
                            .arg(record.line)
                            .arg(record.fields.size()));
        }
        const CsvField& idField = record.fields[0];
        const CsvField& nameField = record.fields[1];
        const QString idText = idField.text.trimmed();
        const QUuid id = QUuid::fromString(idText);
        if (id.isNull()) {
            return fail(tr("line %1, column 1 (table_id): '%2' is not a table id (a UUID)")
                            .arg(idField.line)
                            .arg(idText.left(80)));
        }
        if (const auto seen = firstLine.constFind(id); seen != firstLine.constEnd()) {
            return fail(tr("line %1, column 1 (table_id): table %2 is named again (first on "
                           "line %3)")
                            .arg(idField.line)
                            .arg(id.toString(QUuid::WithoutBraces))
                            .arg(*seen));
        }
        const QString name = nameField.text.trimmed();
        if (name.isEmpty()) {
            return fail(tr("line %1, column 2 (name): the name is empty").arg(nameField.line));
        }
        if (const QString problem = checkName(name); !problem.isEmpty()) {
            return fail(tr("line %1, column 2 (name): %2").arg(nameField.line).arg(problem));
        }
        firstLine.insert(id, record.line);
        names.set(id, name);
    }
    return names;
}

std::optional<TableNames> TableNames::readCsvFile(const QString& path, QString* error)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        if (error)
            *error = tr("%1: no such file").arg(path);
        return std::nullopt;
    }
    if (info.size() > MaxFileBytes) {
        if (error)
            *error = tr("%1: the file is larger than %2 MB; a file of table names is far smaller")
                         .arg(path)
                         .arg(MaxFileBytes / (1024 * 1024));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("%1: cannot be read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parseCsv(file.read(MaxFileBytes + 1), path, error);
}

QJsonArray TableNames::toJson() const
{
    QJsonArray array;
    for (const QUuid& id : m_order) {
        array.append(QJsonObject{
            {"table_id"_L1, id.toString(QUuid::WithoutBraces)},
            {"name"_L1, m_names.value(id)},
        });
    }
    return array;
}

std::optional<TableNames> TableNames::fromJson(const QJsonArray& array, QString* error)
{
    TableNames names;
    for (qsizetype index = 0; index < array.size(); ++index) {
        QString problem;
        const QJsonObject object = array.at(index).toObject();
        const QJsonValue idValue = object.value("table_id"_L1);
        const QJsonValue nameValue = object.value("name"_L1);
        const QUuid id = idValue.isString() ? QUuid::fromString(idValue.toString()) : QUuid();
        if (!array.at(index).isObject())
            problem = tr("expected an object");
        else if (id.isNull())
            problem = tr("member \"table_id\": expected a UUID");
        else if (!nameValue.isString() || nameValue.toString().trimmed().isEmpty())
            problem = tr("member \"name\": expected a non-empty string");
        else if (QString why; !names.set(id, nameValue.toString(), &why))
            problem = u"member \"name\": "_s + why;
        if (!problem.isEmpty()) {
            if (error)
                *error = tr("table name %1: %2").arg(index).arg(problem);
            return std::nullopt;
        }
    }
    return names;
}
