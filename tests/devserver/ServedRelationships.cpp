#include "ServedRelationships.h"

#include "RelationshipParser.h"
#include "RelationshipWriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <mutex>

using namespace Qt::StringLiterals;

namespace {

QString statusKey(const RelationshipRows& rows, int row)
{
    const QString& text = rows.statusText(row);
    return text.isEmpty() ? statusName(rows.row(row).status) : text;
}

QByteArray buildColumnsJson(const ColumnCatalog& catalog)
{
    QJsonArray columns;
    for (const QJsonValue& value : catalog.columnsJson()) {
        QJsonObject column = value.toObject();
        if (!column.contains(u"table_name"_s)) {
            const QUuid tableId = QUuid::fromString(column.value(u"table_id"_s).toString());
            const QString tableName = catalog.tableName(tableId);
            column.insert(u"table_name"_s, tableName.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                               : QJsonValue(tableName));
        }
        columns.append(column);
    }
    return QJsonDocument(columns).toJson(QJsonDocument::Compact);
}

} // namespace

ServedRelationships::ServedRelationships(RelationshipRows rows, const ColumnCatalog& catalog,
                                         const QUuid& primarySourceId)
    : m_rows(std::move(rows))
    , m_primarySourceId(primarySourceId)
    , m_columnsJson(buildColumnsJson(catalog))
{
    m_sources.insert(primarySourceId);
    for (int row = 0; row < m_rows.size(); ++row) {
        ++m_statusCounts[statusKey(m_rows, row)];
        m_sources.insert(m_rows.integrationSourceId(row));
    }
}

bool ServedRelationships::hasSource(const QUuid& integrationSourceId) const
{
    return m_sources.contains(integrationSourceId); // fixed after construction: no lock
}

int ServedRelationships::size() const
{
    std::shared_lock lock(m_lock);
    return m_rows.size();
}

std::optional<QByteArray> ServedRelationships::recordJson(const QUuid& id) const
{
    std::shared_lock lock(m_lock);
    const std::optional<int> row = m_rows.rowOf(id);
    if (!row)
        return std::nullopt;
    return RelationshipWriter::recordJson(m_rows, *row);
}

void ServedRelationships::applyLocked(int row, const RelationshipPatch& patch, qint64 nowMs)
{
    Relationship relationship = m_rows.relationship(row);
    if (patch.status) {
        const QString oldKey = statusKey(m_rows, row);
        relationship.status = *patch.status;
        relationship.statusText = statusName(*patch.status);
        if (oldKey != relationship.statusText) {
            --m_statusCounts[oldKey];
            ++m_statusCounts[relationship.statusText];
        }
    }
    if (patch.setScore) {
        relationship.hasScore = patch.score.has_value();
        relationship.score = patch.score.value_or(std::numeric_limits<double>::quiet_NaN());
    }
    if (patch.evidenceJson)
        relationship.evidenceJson = *patch.evidenceJson;
    // Strictly increasing per row, even for two changes within one millisecond: clients compare
    // updated_at to detect changes made by others.
    relationship.updatedAtMs = std::max(nowMs, relationship.updatedAtMs + 1);
    // The project's format (milliseconds whenever they are not zero), so the row keeps no raw text.
    relationship.updatedAtText = formatTimestamp(relationship.updatedAtMs);
    m_rows.replace(row, relationship);
}

std::optional<QByteArray> ServedRelationships::update(const QUuid& id,
                                                      const RelationshipPatch& patch)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    std::unique_lock lock(m_lock);
    const std::optional<int> row = m_rows.rowOf(id);
    if (!row)
        return std::nullopt;
    applyLocked(*row, patch, nowMs);
    return RelationshipWriter::recordJson(m_rows, *row);
}

ServedRelationships::BulkResult ServedRelationships::bulkUpdate(const QList<QUuid>& ids,
                                                                const RelationshipPatch& patch)
{
    BulkResult result;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QSet<int> done; // an id named twice in one call is changed once
    done.reserve(ids.size());
    std::unique_lock lock(m_lock);
    for (const QUuid& id : ids) {
        const std::optional<int> row = m_rows.rowOf(id);
        if (!row) {
            result.notFound.append(id);
            continue;
        }
        if (done.contains(*row))
            continue;
        done.insert(*row);
        applyLocked(*row, patch, nowMs);
        ++result.updated;
    }
    return result;
}

bool ServedRelationships::appendRows(const ListQuery& query, int* cursor, bool* first,
                                     std::string* out, int maxRows, int maxScanned) const
{
    std::shared_lock lock(m_lock);
    const int end = m_rows.size();
    int matched = 0;
    int scanned = 0;
    while (*cursor < end && matched < maxRows && scanned < maxScanned) {
        const int row = (*cursor)++;
        ++scanned;
        const RelationshipRow& data = m_rows.row(row);
        if (query.status && data.status != *query.status)
            continue;
        if (query.type && data.type != *query.type)
            continue;
        if (m_rows.integrationSourceId(row) != query.integrationSourceId)
            continue;
        if (!*first)
            out->push_back(',');
        *first = false;
        const QByteArray json = RelationshipWriter::recordJson(m_rows, row);
        out->append(json.constData(), size_t(json.size()));
        ++matched;
    }
    return *cursor >= end;
}

QJsonObject ServedRelationships::statusCounts() const
{
    std::shared_lock lock(m_lock);
    QJsonObject counts;
    for (const QString& name : {u"SUGGESTED"_s, u"APPROVED"_s, u"REJECTED"_s})
        counts.insert(name, 0);
    for (auto it = m_statusCounts.cbegin(); it != m_statusCounts.cend(); ++it) {
        if (it.value() != 0)
            counts.insert(it.key(), it.value());
    }
    return counts;
}
