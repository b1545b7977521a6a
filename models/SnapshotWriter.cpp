#include "SnapshotWriter.h"

#include "RelationshipWriter.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

QByteArray compactJson(const QJsonValue& value)
{
    // QJsonDocument holds only arrays and objects: wrap, then strip the brackets.
    QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QString safeBaseUrl(const QString& baseUrl)
{
    if (baseUrl.isEmpty()) {
        return baseUrl;
    }
    // A URL typed as https://user:secret@host must not carry the secret into a file.
    return QUrl(baseUrl).adjusted(QUrl::RemoveUserInfo).toString();
}

} // namespace

QByteArray SnapshotWriter::headerJson(const SnapshotSource& source, qint64 exportedAtMs)
{
    QJsonObject sourceObject;
    sourceObject.insert("base_url"_L1, safeBaseUrl(source.baseUrl));
    sourceObject.insert(
        "integration_source_id"_L1,
        source.integrationSourceId.isNull()
            ? QJsonValue(QJsonValue::Null)
            : QJsonValue(source.integrationSourceId.toString(QUuid::WithoutBraces)));
    sourceObject.insert("scope"_L1, source.scope);

    // Written member by member so that the order is the documented one (QJsonObject sorts).
    QByteArray out;
    out += "{\"format\":" + compactJson(QString::fromLatin1(FormatName));
    out += ",\"version\":" + QByteArray::number(FormatVersion);
    out += ",\"exported_at\":" + compactJson(formatTimestamp(exportedAtMs));
    out += ",\"source\":" + compactJson(sourceObject);
    out += '}';
    return out;
}

QByteArray SnapshotWriter::envelopeHead(const ColumnCatalog& catalog, const SnapshotSource& source,
                                        qint64 exportedAtMs, bool includeCatalog)
{
    QByteArray head = headerJson(source, exportedAtMs);
    head.chop(1); // reopen the object to append the catalog and the rows
    if (includeCatalog && catalog.columnCount() > 0) {
        head +=
            ",\n\"columns\":" + QJsonDocument(catalog.columnsJson()).toJson(QJsonDocument::Compact);
    }
    if (includeCatalog && catalog.hasDataTableNames()) {
        head +=
            ",\n\"tables\":" + QJsonDocument(catalog.tablesJson()).toJson(QJsonDocument::Compact);
    }
    // The analyst's names apart from the data's, so that a reader tells them apart (and an older
    // relreview, which ignores unknown members, still reads the file).
    if (includeCatalog && !catalog.analystTableNames().isEmpty()) {
        head += ",\n\"table_names\":" +
                QJsonDocument(catalog.analystTableNames().toJson()).toJson(QJsonDocument::Compact);
    }
    head += ",\n\"relationships\":";
    return head;
}

bool SnapshotWriter::Stream::put(const QByteArray& bytes)
{
    if (!m_error.isEmpty()) {
        return false;
    }
    if (!m_device || !m_device->isWritable()) {
        m_error =
            SnapshotWriter::tr("the snapshot cannot be written: the file is not open for writing");
        return false;
    }
    if (m_device->write(bytes) != bytes.size()) {
        m_error =
            SnapshotWriter::tr("the snapshot cannot be written: %1").arg(m_device->errorString());
        return false;
    }
    return true;
}

bool SnapshotWriter::Stream::begin(const ColumnCatalog& catalog, const SnapshotSource& source,
                                   qint64 exportedAtMs, bool includeCatalog)
{
    const qint64 exportedAt = exportedAtMs > 0 ? exportedAtMs : QDateTime::currentMSecsSinceEpoch();
    return put(envelopeHead(catalog, source, exportedAt, includeCatalog));
}

bool SnapshotWriter::Stream::append(const RelationshipRows& rows, int from, int count)
{
    QByteArray buffer;
    for (int row = from; row < from + count && row < rows.size(); ++row) {
        // The framing RelationshipWriter::writeArray uses: "[\n", records joined by ",\n".
        buffer += m_rowsWritten == 0 ? QByteArrayView("[\n") : QByteArrayView(",\n");
        buffer += RelationshipWriter::recordJson(rows, row);
        ++m_rowsWritten;
    }
    return buffer.isEmpty() || put(buffer);
}

bool SnapshotWriter::Stream::finish()
{
    return put(m_rowsWritten == 0 ? QByteArrayLiteral("[]\n}\n") : QByteArrayLiteral("\n]\n}\n"));
}

bool SnapshotWriter::write(QIODevice* device, const RelationshipRows& rows,
                           const ColumnCatalog& catalog, const SnapshotSource& source,
                           const Options& options, QString* error)
{
    const auto fail = [&](const QString& message) {
        if (error) {
            *error = message;
        }
        return false;
    };
    if (!device || !device->isWritable()) {
        return fail(tr("the snapshot cannot be written: the file is not open for writing"));
    }
    for (const int row : options.rowIndexes) {
        if (row < 0 || row >= rows.size()) {
            return fail(tr("the snapshot cannot be written: row %1 does not exist").arg(row));
        }
    }
    const qint64 exportedAt =
        options.exportedAtMs > 0 ? options.exportedAtMs : QDateTime::currentMSecsSinceEpoch();
    const QByteArray head = envelopeHead(catalog, source, exportedAt, options.includeCatalog);
    if (device->write(head) != head.size()) {
        return fail(tr("the snapshot cannot be written: %1").arg(device->errorString()));
    }
    if (!RelationshipWriter::writeArray(rows, device, options.rowIndexes)) {
        return fail(tr("the snapshot cannot be written: %1").arg(device->errorString()));
    }
    const QByteArray tail = "}\n";
    if (device->write(tail) != tail.size()) {
        return fail(tr("the snapshot cannot be written: %1").arg(device->errorString()));
    }
    return true;
}

bool SnapshotWriter::writeFile(const QString& path, const RelationshipRows& rows,
                               const ColumnCatalog& catalog, const SnapshotSource& source,
                               const Options& options, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) {
            *error = tr("%1: cannot be written: %2").arg(path, file.errorString());
        }
        return false;
    }
    QString writeError;
    if (!write(&file, rows, catalog, source, options, &writeError)) {
        file.cancelWriting();
        if (error) {
            *error = path + u": "_s + writeError;
        }
        return false;
    }
    if (!file.commit()) {
        if (error) {
            *error = tr("%1: cannot be written: %2").arg(path, file.errorString());
        }
        return false;
    }
    return true;
}
