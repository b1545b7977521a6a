#include "RelationshipWriter.h"

#include <QIODevice>

#include <charconv>
#include <cmath>
#include <vector>

namespace {

// Chunks handed to the device: large enough that a million rows are a few hundred writes.
constexpr qsizetype FlushThreshold = 4 * 1024 * 1024;

void appendUuid(QByteArray& out, const QUuid& id)
{
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray bytes = id.toRfc4122();
    char text[36];
    int position = 0;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text[position++] = '-';
        const auto byte = quint8(bytes[i]);
        text[position++] = hex[byte >> 4];
        text[position++] = hex[byte & 0xf];
    }
    out.append('"').append(text, 36).append('"');
}

void appendEscapedUtf16(QByteArray& out, QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        char32_t c = text[i].unicode();
        if (c < 0x80) {
            switch (c) {
            case '"':
                out.append("\\\"", 2);
                break;
            case '\\':
                out.append("\\\\", 2);
                break;
            case '\n':
                out.append("\\n", 2);
                break;
            case '\r':
                out.append("\\r", 2);
                break;
            case '\t':
                out.append("\\t", 2);
                break;
            case '\b':
                out.append("\\b", 2);
                break;
            case '\f':
                out.append("\\f", 2);
                break;
            default:
                if (c < 0x20) {
                    const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
                    out.append(escape, 6);
                } else {
                    out.append(char(c));
                }
            }
            continue;
        }
        if (QChar::isHighSurrogate(c) && i + 1 < size && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(char16_t(c), text[i + 1].unicode());
            ++i;
        } else if (QChar::isSurrogate(c)) {
            c = 0xfffd; // a lone surrogate has no UTF-8 form
        }
        if (c < 0x800) {
            out.append(char(0xc0 | (c >> 6)));
            out.append(char(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
            out.append(char(0xe0 | (c >> 12)));
            out.append(char(0x80 | ((c >> 6) & 0x3f)));
            out.append(char(0x80 | (c & 0x3f)));
        } else {
            out.append(char(0xf0 | (c >> 18)));
            out.append(char(0x80 | ((c >> 12) & 0x3f)));
            out.append(char(0x80 | ((c >> 6) & 0x3f)));
            out.append(char(0x80 | (c & 0x3f)));
        }
    }
    out.append('"');
}

void appendTimestamp(QByteArray& out, qint64 ms, QByteArrayView rawUtf8)
{
    if (!rawUtf8.isEmpty()) {
        appendEscapedUtf16(out, QString::fromUtf8(rawUtf8));
        return;
    }
    char text[TimestampAsciiMaxLength];
    const int length = formatTimestampAscii(ms, text);
    out.append('"').append(text, length).append('"');
}

void appendScore(QByteArray& out, bool hasScore, double score)
{
    if (!hasScore || !std::isfinite(score)) {
        out.append("null", 4);
        return;
    }
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, score);
    out.append(text, result.ptr - text);
}

// The members a relationship is made of, whichever form it is held in.
struct RecordParts
{
    const QUuid& id;
    const QUuid& integrationSourceId;
    const QUuid& fromColumnId;
    const QUuid& toTableId;
    qint64 createdAtMs;
    qint64 updatedAtMs;
    QByteArrayView createdAtRaw; // empty: format createdAtMs
    QByteArrayView updatedAtRaw;
    bool hasScore;
    double score;
    QByteArrayView evidence;
    QByteArrayView extraMembers;
};

// Member order follows the API reference, so that exports diff cleanly against server answers.
// The three strings come in already escaped (the array writer caches them per pooled string).
void appendRecord(QByteArray& out, const RecordParts& parts, QByteArrayView toColumnName,
                  QByteArrayView type, QByteArrayView status)
{
    out.append("{\"id\":");
    appendUuid(out, parts.id);
    out.append(",\"integration_source_id\":");
    appendUuid(out, parts.integrationSourceId);
    out.append(",\"from_column_id\":");
    appendUuid(out, parts.fromColumnId);
    out.append(",\"to_table_id\":");
    appendUuid(out, parts.toTableId);
    out.append(",\"to_column_name\":").append(toColumnName);
    out.append(",\"created_at\":");
    appendTimestamp(out, parts.createdAtMs, parts.createdAtRaw);
    out.append(",\"updated_at\":");
    appendTimestamp(out, parts.updatedAtMs, parts.updatedAtRaw);
    out.append(",\"type\":").append(type);
    out.append(",\"status\":").append(status);
    out.append(",\"score\":");
    appendScore(out, parts.hasScore, parts.score);
    out.append(",\"evidence\":");
    if (parts.evidence.isEmpty())
        out.append("{}", 2);
    else
        out.append(parts.evidence);
    if (!parts.extraMembers.isEmpty())
        out.append(',').append(parts.extraMembers);
    out.append('}');
}

QByteArray escaped(QStringView text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    appendEscapedUtf16(out, text);
    return out;
}

RecordParts partsOf(const RelationshipRows& rows, int row, const QUuid& integrationSourceId)
{
    const RelationshipRow& data = rows.row(row);
    return {data.id,
            integrationSourceId,
            data.fromColumnId,
            data.toTableId,
            data.createdAtMs,
            data.updatedAtMs,
            rows.rawCreatedAtText(row),
            rows.rawUpdatedAtText(row),
            data.hasScore,
            data.score,
            rows.evidenceJson(row),
            rows.extraMembersJson(row)};
}

} // namespace

QByteArray RelationshipWriter::recordJson(const Relationship& relationship)
{
    const QByteArray createdRaw = relationship.createdAtText.toUtf8();
    const QByteArray updatedRaw = relationship.updatedAtText.toUtf8();
    const RecordParts parts{relationship.id,
                            relationship.integrationSourceId,
                            relationship.fromColumnId,
                            relationship.toTableId,
                            relationship.createdAtMs,
                            relationship.updatedAtMs,
                            createdRaw,
                            updatedRaw,
                            relationship.hasScore,
                            relationship.score,
                            relationship.evidenceJson,
                            relationship.extraMembersJson};
    const QString& type =
        relationship.typeText.isEmpty() ? typeName(relationship.type) : relationship.typeText;
    const QString& status = relationship.statusText.isEmpty() ? statusName(relationship.status)
                                                              : relationship.statusText;
    QByteArray out;
    out.reserve(400 + relationship.evidenceJson.size() + relationship.extraMembersJson.size());
    appendRecord(out, parts, escaped(relationship.toColumnName), escaped(type), escaped(status));
    return out;
}

QByteArray RelationshipWriter::recordJson(const RelationshipRows& rows, int row)
{
    const QUuid integrationSourceId = rows.integrationSourceId(row);
    QByteArray out;
    out.reserve(400 + rows.evidenceJson(row).size() + rows.extraMembersJson(row).size());
    appendRecord(out, partsOf(rows, row, integrationSourceId), escaped(rows.toColumnName(row)),
                 escaped(rows.typeText(row)), escaped(rows.statusText(row)));
    return out;
}

bool RelationshipWriter::writeArray(const RelationshipRows& rows, QIODevice* device,
                                    const std::vector<int>& rowIndexes)
{
    if (!device || !device->isWritable())
        return false;
    const int count = rowIndexes.empty() ? rows.size() : int(rowIndexes.size());
    for (const int row : rowIndexes) {
        if (row < 0 || row >= rows.size())
            return false;
    }

    // Pooled strings repeat on nearly every row: escape each once.
    std::vector<QByteArray> escapedPool;
    const auto pooled = [&escapedPool](quint32 id, const QString& text) -> const QByteArray& {
        if (id >= escapedPool.size())
            escapedPool.resize(size_t(id) + 1);
        QByteArray& cached = escapedPool[id];
        if (cached.isEmpty())
            cached = escaped(text);
        return cached;
    };

    QByteArray buffer;
    buffer.reserve(FlushThreshold + 64 * 1024);
    const auto flush = [&buffer, device]() {
        const qint64 written = device->write(buffer);
        const bool ok = written == buffer.size();
        buffer.resize(0); // keeps the capacity, unlike clear()
        return ok;
    };

    buffer.append(count == 0 ? "[" : "[\n");
    for (int i = 0; i < count; ++i) {
        const int row = rowIndexes.empty() ? i : rowIndexes[size_t(i)];
        const RelationshipRow& data = rows.row(row);
        if (i > 0)
            buffer.append(",\n", 2);
        const QUuid integrationSourceId = rows.integrationSourceId(row);
        appendRecord(buffer, partsOf(rows, row, integrationSourceId),
                     pooled(data.toColumnName, rows.toColumnName(row)),
                     pooled(data.typeText, rows.typeText(row)),
                     pooled(data.statusText, rows.statusText(row)));
        if (buffer.size() >= FlushThreshold && !flush())
            return false;
    }
    buffer.append(count == 0 ? "]\n" : "\n]\n");
    return flush();
}
