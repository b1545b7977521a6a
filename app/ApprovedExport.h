#pragma once

#include "ApprovedRelationships.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QStringList>

#include <optional>

// Writes approved relationships (ApprovedRelationships) for other tools. Every writer is pure
// (entries in, text out) and deterministic: no timestamps of its own, entries in the order given.
//
// - dbt: a schema.yml (`version: 2`, models: / columns: / tests: / relationships:
//   {to: "ref('table')", field: column}), one test per relationship, grouped by model (the from
//   table) and column. Names are YAML-quoted where YAML needs it.
// - sql: `ALTER TABLE t ADD CONSTRAINT fk_… FOREIGN KEY (c) REFERENCES t2 (c2);` per
//   relationship. Identifiers are quoted where the dialect needs it (see quoteIdentifier()); a
//   table name with dots is a qualified name (schema.table), each part quoted on its own.
//   BigQuery requires NOT ENFORCED; Snowflake enforces no foreign key and has NOT ENFORCED as its
//   default, so it is written there too; PostgreSQL and generic SQL enforce them. Constraint
//   names are unquoted identifiers ([a-z0-9_], at most 63 characters, PostgreSQL's limit), unique
//   within the file.
// - mermaid: an erDiagram, one edge `from }o--|| to : "column -> column"` per relationship;
//   entity names reduced to [A-Za-z0-9_-] (distinct names stay distinct).
// - csv: from_table, from_column, to_table, to_column, type, score, status, decided_at, reason,
//   then delivery (confirmed or pending) and relationship_id; text cells as CsvCell writes them.
class ApprovedExport
{
    Q_DECLARE_TR_FUNCTIONS(ApprovedExport)

public:
    enum class Format { Dbt, Sql, Mermaid, Csv };
    enum class Dialect { Generic, Postgres, Snowflake, BigQuery };

    static QStringList formatNames();  // "dbt", "sql", "mermaid", "csv"
    static QStringList dialectNames(); // "generic", "postgres", "snowflake", "bigquery"
    static std::optional<Format> formatFromName(const QString& name);
    static std::optional<Dialect> dialectFromName(const QString& name);
    static QString formatName(Format format);
    static QString dialectName(Dialect dialect);
    // "schema.yml", "approved.sql", "approved.mmd", "approved.csv"
    static QString defaultFileName(Format format);

    static QByteArray write(const QList<ApprovedRelationship>& entries, Format format,
                            Dialect dialect = Dialect::Generic);
    static QString dbt(const QList<ApprovedRelationship>& entries);
    static QString sql(const QList<ApprovedRelationship>& entries, Dialect dialect);
    static QString mermaid(const QList<ApprovedRelationship>& entries);
    static QString csv(const QList<ApprovedRelationship>& entries);

    // Writes `bytes` to `path` atomically (QSaveFile). False with *error naming the file.
    static bool writeFile(const QString& path, const QByteArray& bytes, QString* error);

    // An identifier as `dialect` needs it: unquoted when the dialect reads it back unchanged (a
    // plain identifier, not a reserved word, in the case the dialect folds unquoted names to:
    // lower for PostgreSQL, upper for Snowflake, either for generic SQL and BigQuery), else
    // quoted ("…" with "" inside; BigQuery `…` with \` and \\).
    static QString quoteIdentifier(const QString& name, Dialect dialect);
    // A YAML scalar: plain when YAML reads it back as the same string, else double-quoted.
    static QString yamlScalar(const QString& text);
};
