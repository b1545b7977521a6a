#pragma once

#include "ColumnCatalog.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <vector>

class QIODevice;

// Writes a relreview snapshot: a versioned JSON envelope that RelationshipParser reads back.
//
//   {"format": "relreview-snapshot", "version": 1, "exported_at": "2026-01-02T03:04:05.678Z",
//    "source": {"base_url": ..., "integration_source_id": ..., "scope": {...}},
//    "columns": [...], "tables": [...],     (only when a catalog is loaded)
//    "table_names": [{"table_id": ..., "name": ...}],  (the analyst's names, when given)
//    "relationships": [ ...exactly as the server sent them, unknown members kept... ]}
//
// The header comes first so that a reader (and the journal's fingerprint of the file) sees it
// without reading the rows. Never holds a token: SnapshotSource has none, and user information
// in the base URL is dropped.
class SnapshotWriter
{
    Q_DECLARE_TR_FUNCTIONS(SnapshotWriter)

public:
    static constexpr const char* FormatName = "relreview-snapshot";
    static constexpr int FormatVersion = 1;

    struct Options
    {
        qint64 exportedAtMs = 0;     // 0: now
        std::vector<int> rowIndexes; // empty: every row
        bool includeCatalog = true;  // columns and tables, when the catalog holds any
    };

    // Streams the envelope to `device`. Returns false and sets *error on a write failure.
    static bool write(QIODevice* device, const RelationshipRows& rows, const ColumnCatalog& catalog,
                      const SnapshotSource& source, const Options& options, QString* error);
    // Writes `path` atomically (QSaveFile): either the whole new snapshot or the old file.
    static bool writeFile(const QString& path, const RelationshipRows& rows,
                          const ColumnCatalog& catalog, const SnapshotSource& source,
                          const Options& options, QString* error);
    static bool writeFile(const QString& path, const RelationshipRows& rows,
                          const ColumnCatalog& catalog, const SnapshotSource& source,
                          QString* error)
    {
        return writeFile(path, rows, catalog, source, Options{}, error);
    }

    // The header members (everything but the rows and the catalog) as a compact JSON object.
    static QByteArray headerJson(const SnapshotSource& source, qint64 exportedAtMs);

    // Piecewise writing, for a caller that spreads a large export over many turns of the event
    // loop because the rows live on the UI thread: begin() writes the header and the catalog,
    // append() some rows, finish() the end. The bytes are those write() produces.
    class Stream
    {
    public:
        explicit Stream(QIODevice* device)
            : m_device(device)
        {}
        bool begin(const ColumnCatalog& catalog, const SnapshotSource& source, qint64 exportedAtMs,
                   bool includeCatalog = true);
        bool append(const RelationshipRows& rows, int from, int count);
        bool finish();
        int rowsWritten() const { return m_rowsWritten; }
        QString errorString() const { return m_error; }

    private:
        bool put(const QByteArray& bytes);

        QIODevice* m_device;
        int m_rowsWritten = 0;
        QString m_error;
    };

private:
    static QByteArray envelopeHead(const ColumnCatalog& catalog, const SnapshotSource& source,
                                   qint64 exportedAtMs, bool includeCatalog);
};
