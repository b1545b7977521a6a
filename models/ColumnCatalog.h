#pragma once

#include "TableNames.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include <optional>

// A column as the columns endpoint (or a snapshot's catalog) describes it. Every member is
// optional in practice; what the server sent is kept whole in `raw` for re-export.
struct ColumnInfo
{
    QUuid id;
    QString name;
    QUuid tableId;
    QString tableName; // only when the data names it (e.g. a snapshot's catalog)
    QString dataType;
    std::optional<bool> isPrimaryKey;
    std::optional<bool> isNullable;
    QString semanticType;
    std::optional<double> semanticTypeConfidence;
    QJsonArray sampleValues;
    std::optional<double> nullPct;
    std::optional<double> distinctPct;
    std::optional<qint64> approxDistinctCount;
    std::optional<qint64> enumCardinality;
    std::optional<double> entropy;
    QString role;
    QString description;
    QJsonObject raw;

    static ColumnInfo fromJson(const QJsonObject& object);
    // `raw` with the decoded members laid over it (absent optionals as null), so that a column
    // built in code and one read from the server both export every member.
    QJsonObject toJson() const;
};

// Column and table names for the rows of one integration source. Resolves from_column_id to
// "table.column" and to_table_id to a table name, falling back to a short form of the id.
// Table names come from the data (the columns endpoint, a snapshot's table list) and from the
// analyst (analystTableNames(), laid over them: see TableNames for the precedence).
class ColumnCatalog
{
public:
    bool isEmpty() const
    {
        return m_columns.isEmpty() && m_tableNames.isEmpty() && m_analystNames.isEmpty();
    }
    int columnCount() const { return int(m_columns.size()); }

    void insertColumn(const ColumnInfo& column);
    void setTableName(const QUuid& tableId, const QString& name);

    const ColumnInfo* column(const QUuid& columnId) const;
    // The analyst's name, else the data's; empty when unknown.
    QString tableName(const QUuid& tableId) const;
    QString tableLabel(const QUuid& tableId) const;   // name, else short id
    QString columnLabel(const QUuid& columnId) const; // "table.column", else short id
    QList<ColumnInfo> columns() const;
    // Every known table name (the analyst's where given), by table id.
    QHash<QUuid, QString> tableNames() const;
    // The names the data gave (the columns endpoint, a snapshot's table list), without the
    // analyst's.
    QString dataTableName(const QUuid& tableId) const { return m_tableNames.value(tableId); }
    bool hasDataTableNames() const { return !m_tableNames.isEmpty(); }

    // The analyst's names (replacing any before), laid over the data's.
    void setAnalystTableNames(const TableNames& names) { m_analystNames = names; }
    const TableNames& analystTableNames() const { return m_analystNames; }

    // The columns endpoint's answer (an array of column objects); the catalog of a snapshot adds
    // {"tables":[{"id":..,"name":..}]}. Returns false and sets *error (naming the index) on bad
    // input.
    bool loadColumnsJson(const QJsonArray& columns, QString* error);
    bool loadTablesJson(const QJsonArray& tables, QString* error);
    QJsonArray columnsJson() const;
    QJsonArray tablesJson() const;

private:
    QHash<QUuid, ColumnInfo> m_columns;
    QHash<QUuid, QString> m_tableNames;
    // First-insertion order, so that exports list columns and tables as the server did.
    QList<QUuid> m_columnOrder;
    QList<QUuid> m_tableOrder;
    TableNames m_analystNames;
};

// "3c90c3cc…" : the first eight hex digits, how ids are shown when no name is known.
QString shortId(const QUuid& id);
