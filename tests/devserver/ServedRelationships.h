#pragma once

#include "ColumnCatalog.h"
#include "RelationshipStore.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QUuid>

#include <optional>
#include <shared_mutex>
#include <string>

// What a PUT or a bulk call changes. Absent members are left as they are.
struct RelationshipPatch
{
    std::optional<RelationshipStatus> status;
    bool setScore = false;
    std::optional<double> score; // nullopt with setScore: score becomes null
    std::optional<QByteArray> evidenceJson;
};

struct ListQuery
{
    QUuid integrationSourceId;
    std::optional<RelationshipStatus> status;
    std::optional<RelationshipType> type;
};

// The rows the development server serves, shared by its request threads. Readers (the list
// stream, one chunk at a time, and single reads) share the lock; changes take it exclusively, so
// a long download never holds back PUTs for more than one chunk.
class ServedRelationships
{
public:
    ServedRelationships(RelationshipRows rows, const ColumnCatalog& catalog,
                        const QUuid& primarySourceId);

    QUuid primarySourceId() const { return m_primarySourceId; }
    bool hasSource(const QUuid& integrationSourceId) const;
    int size() const;

    // The columns endpoint's answer, built once: the catalog never changes.
    const QByteArray& columnsJson() const { return m_columnsJson; }

    std::optional<QByteArray> recordJson(const QUuid& id) const;

    // Applies the patch and stamps updated_at; returns the updated object, nullopt when unknown.
    std::optional<QByteArray> update(const QUuid& id, const RelationshipPatch& patch);

    struct BulkResult
    {
        int updated = 0;
        QList<QUuid> notFound;
    };
    BulkResult bulkUpdate(const QList<QUuid>& ids, const RelationshipPatch& patch);

    // Appends the JSON of the rows matching `query` from `*cursor` on, comma separated (a leading
    // comma unless `*first`), until `maxRows` matched or `maxScanned` were looked at. Returns true
    // when the end of the rows was reached.
    bool appendRows(const ListQuery& query, int* cursor, bool* first, std::string* out, int maxRows,
                    int maxScanned) const;

    // {"SUGGESTED": n, ...}, statuses as the rows carry them (unknown values included).
    QJsonObject statusCounts() const;

private:
    void applyLocked(int row, const RelationshipPatch& patch, qint64 nowMs);

    mutable std::shared_mutex m_lock;
    RelationshipRows m_rows;
    QHash<QString, qint64> m_statusCounts;
    QSet<QUuid> m_sources;
    QUuid m_primarySourceId;
    QByteArray m_columnsJson;
};
