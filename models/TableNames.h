#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

// Table names the analyst supplied, by table id. Humm's documented API names columns and gives
// table ids, but no table names (the development server's `table_name` is its own addition), so
// on the real service a table is often known only by its id. The analyst names them: a CSV file
// (File → Import table names…, --table-names FILE), or one at a time (naming a node in the
// graph). The names are kept in the journal (DecisionJournal::tableNames()) and travel in
// snapshots (their "table_names" member).
//
// Precedence: a name the analyst gave wins over the name the columns endpoint or a snapshot's
// table list gives (ColumnCatalog::tableName()): the analyst named it on purpose, whether the
// server knew no name or one they want to see differently (a dbt model's name in an export).
// Forgetting the analyst's name (set(id, {})) shows the server's again.
//
// A value type (QtCore only): parsing changes nothing until it has succeeded as a whole.
class TableNames
{
    Q_DECLARE_TR_FUNCTIONS(TableNames)

public:
    // What a CSV file of names must begin with.
    static constexpr const char* CsvHeader = "table_id,name";
    // Names longer than this are refused (the API's column names are at most 255 characters).
    static constexpr int MaxNameLength = 255;
    // A names file larger than this is refused before it is read.
    static constexpr qint64 MaxFileBytes = 64ll * 1024 * 1024;

    bool isEmpty() const { return m_names.isEmpty(); }
    int size() const { return int(m_names.size()); }
    bool contains(const QUuid& tableId) const { return m_names.contains(tableId); }
    QString name(const QUuid& tableId) const { return m_names.value(tableId); }
    // In the order they were first set.
    QList<QUuid> ids() const { return m_order; }

    // An empty (or blank) name forgets the table's name. Names are trimmed. Returns false, with
    // *error, for a null id or a name that checkName() refuses; nothing is then changed.
    bool set(const QUuid& tableId, const QString& name, QString* error = nullptr);
    void remove(const QUuid& tableId);
    // Every name of `other` over these (other's win).
    void merge(const TableNames& other);

    bool operator==(const TableNames& other) const { return m_names == other.m_names; }
    bool operator!=(const TableNames& other) const { return !(*this == other); }

    // Why `name` (trimmed) cannot name a table, or an empty string when it can: longer than
    // MaxNameLength, or holding a line break or another control character.
    static QString checkName(const QString& name);

    // A CSV file with the header `table_id,name` (RFC 4180 quoting, UTF-8, an optional BOM, blank
    // lines skipped). On bad input: nullopt and *error naming the file, the line and the column
    // ("names.csv: line 4, column 1 (table_id): 'x' is not a table id (a UUID)").
    static std::optional<TableNames> parseCsv(const QByteArray& bytes, const QString& fileName,
                                              QString* error);
    static std::optional<TableNames> readCsvFile(const QString& path, QString* error);

    // A snapshot's "table_names": [{"table_id": "...", "name": "..."}].
    QJsonArray toJson() const;
    static std::optional<TableNames> fromJson(const QJsonArray& array, QString* error);

private:
    QHash<QUuid, QString> m_names;
    QList<QUuid> m_order;
};
