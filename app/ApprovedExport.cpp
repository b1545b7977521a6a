#include "ApprovedExport.h"

#include "CsvCell.h"

#include <QCryptographicHash>
#include <QHash>
#include <QLocale>
#include <QSaveFile>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

constexpr int MaxConstraintLength = 63; // PostgreSQL's identifier limit, the smallest of them

// Reserved in SQL:2016 and reserved or troublesome in the four dialects: quoted wherever they
// appear as a name.
const QSet<QString>& reservedWords()
{
    static const QSet<QString> words = {
        u"ALL"_s,          u"ALTER"_s,        u"AND"_s,          u"ANY"_s,
        u"ARRAY"_s,        u"AS"_s,           u"ASC"_s,          u"BETWEEN"_s,
        u"BY"_s,           u"CASE"_s,         u"CAST"_s,         u"CHECK"_s,
        u"COLUMN"_s,       u"CONSTRAINT"_s,   u"CREATE"_s,       u"CROSS"_s,
        u"CURRENT"_s,      u"CURRENT_DATE"_s, u"CURRENT_TIME"_s, u"CURRENT_TIMESTAMP"_s,
        u"CURRENT_USER"_s, u"DEFAULT"_s,      u"DELETE"_s,       u"DESC"_s,
        u"DISTINCT"_s,     u"DROP"_s,         u"ELSE"_s,         u"END"_s,
        u"EXCEPT"_s,       u"EXISTS"_s,       u"FALSE"_s,        u"FETCH"_s,
        u"FOR"_s,          u"FOREIGN"_s,      u"FROM"_s,         u"FULL"_s,
        u"GRANT"_s,        u"GROUP"_s,        u"HAVING"_s,       u"IN"_s,
        u"INNER"_s,        u"INSERT"_s,       u"INTERSECT"_s,    u"INTERVAL"_s,
        u"INTO"_s,         u"IS"_s,           u"JOIN"_s,         u"KEY"_s,
        u"LEFT"_s,         u"LIKE"_s,         u"LIMIT"_s,        u"NATURAL"_s,
        u"NOT"_s,          u"NULL"_s,         u"OF"_s,           u"OFFSET"_s,
        u"ON"_s,           u"OR"_s,           u"ORDER"_s,        u"OUTER"_s,
        u"PRIMARY"_s,      u"REFERENCES"_s,   u"RIGHT"_s,        u"ROW"_s,
        u"ROWS"_s,         u"SELECT"_s,       u"SET"_s,          u"SOME"_s,
        u"TABLE"_s,        u"THEN"_s,         u"TO"_s,           u"TRUE"_s,
        u"UNION"_s,        u"UNIQUE"_s,       u"UPDATE"_s,       u"USER"_s,
        u"USING"_s,        u"VALUES"_s,       u"WHEN"_s,         u"WHERE"_s,
        u"WINDOW"_s,       u"WITH"_s,
    };
    return words;
}

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// [A-Za-z_][A-Za-z0-9_]*, with letters only in `letterCase` when it is given.
bool isPlainIdentifier(const QString& name, std::optional<bool> upperCase)
{
    if (name.isEmpty() || isAsciiDigit(name.front())) {
        return false;
    }
    for (const QChar c : name) {
        if (isAsciiLetter(c)) {
            if (upperCase && (*upperCase ? c.isLower() : c.isUpper())) {
                return false;
            }
        } else if (!isAsciiDigit(c) && c != u'_') {
            return false;
        }
    }
    return true;
}

QString quoteTable(const QString& name, ApprovedExport::Dialect dialect)
{
    QStringList parts;
    for (const QString& part : name.split(u'.')) {
        parts.append(ApprovedExport::quoteIdentifier(part, dialect));
    }
    return parts.join(u'.');
}

// Lower-case ASCII letters, digits and single underscores: what a constraint name is made of.
QString constraintPart(const QString& name)
{
    QString part;
    for (const QChar c : name) {
        if (isAsciiLetter(c) || isAsciiDigit(c)) {
            part += c.toLower();
        } else if (!part.endsWith(u'_')) {
            part += u'_';
        }
    }
    while (part.startsWith(u'_')) {
        part.remove(0, 1);
    }
    while (part.endsWith(u'_')) {
        part.chop(1);
    }
    return part.isEmpty() ? u"x"_s : part;
}

QString lastPart(const QString& tableName)
{
    return tableName.section(u'.', -1);
}

// Unique and at most MaxConstraintLength characters; a long name keeps a hash of the whole.
QString constraintName(const ApprovedRelationship& entry, QSet<QString>* used)
{
    QString name = u"fk_"_s + constraintPart(lastPart(entry.fromTable)) + u'_' +
                   constraintPart(entry.fromColumn) + u'_' +
                   constraintPart(lastPart(entry.toTable));
    if (name.size() > MaxConstraintLength) {
        const QByteArray hash =
            QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha1).toHex().left(8);
        name = name.left(MaxConstraintLength - 9) + u'_' + QString::fromLatin1(hash);
    }
    QString unique = name;
    for (int suffix = 2; used->contains(unique); ++suffix) {
        const QString tail = u'_' + QString::number(suffix);
        unique = name.left(MaxConstraintLength - int(tail.size())) + tail;
    }
    used->insert(unique);
    return unique;
}

QString jinjaString(const QString& text)
{
    QString escaped = text;
    escaped.replace(u"\\"_s, u"\\\\"_s);
    escaped.replace(u"'"_s, u"\\'"_s);
    return u'\'' + escaped + u'\'';
}

QString scoreText(const std::optional<double>& score)
{
    return score ? QLocale::c().toString(*score, 'g', QLocale::FloatingPointShortest) : QString();
}

QString mermaidEntity(const QString& name)
{
    QString entity;
    for (const QChar c : name) {
        entity += isAsciiLetter(c) || isAsciiDigit(c) || c == u'_' || c == u'-' ? c : QChar(u'_');
    }
    if (entity.isEmpty() || !(isAsciiLetter(entity.front()) || entity.front() == u'_')) {
        entity.prepend(u'_');
    }
    return entity;
}

QString mermaidLabel(const QString& text)
{
    QString label = text;
    label.replace(u'"', u'\'');
    label.replace(u'\n', u' ');
    label.replace(u'\r', u' ');
    return label;
}

} // namespace

QStringList ApprovedExport::formatNames()
{
    return {u"dbt"_s, u"sql"_s, u"mermaid"_s, u"csv"_s};
}

QStringList ApprovedExport::dialectNames()
{
    return {u"generic"_s, u"postgres"_s, u"snowflake"_s, u"bigquery"_s};
}

std::optional<ApprovedExport::Format> ApprovedExport::formatFromName(const QString& name)
{
    const int index = int(formatNames().indexOf(name.trimmed().toLower()));
    return index < 0 ? std::nullopt : std::optional<Format>(Format(index));
}

std::optional<ApprovedExport::Dialect> ApprovedExport::dialectFromName(const QString& name)
{
    const int index = int(dialectNames().indexOf(name.trimmed().toLower()));
    return index < 0 ? std::nullopt : std::optional<Dialect>(Dialect(index));
}

QString ApprovedExport::formatName(Format format)
{
    return formatNames().value(int(format));
}

QString ApprovedExport::dialectName(Dialect dialect)
{
    return dialectNames().value(int(dialect));
}

QString ApprovedExport::defaultFileName(Format format)
{
    switch (format) {
    case Format::Dbt:
        return u"schema.yml"_s;
    case Format::Sql:
        return u"approved.sql"_s;
    case Format::Mermaid:
        return u"approved.mmd"_s;
    case Format::Csv:
        return u"approved.csv"_s;
    }
    return {};
}

QString ApprovedExport::quoteIdentifier(const QString& name, Dialect dialect)
{
    std::optional<bool> foldsToUpper;
    if (dialect == Dialect::Postgres) {
        foldsToUpper = false;
    } else if (dialect == Dialect::Snowflake) {
        foldsToUpper = true;
    }
    if (isPlainIdentifier(name, foldsToUpper) && !reservedWords().contains(name.toUpper())) {
        return name;
    }
    if (dialect == Dialect::BigQuery) {
        QString escaped = name;
        escaped.replace(u"\\"_s, u"\\\\"_s);
        escaped.replace(u"`"_s, u"\\`"_s);
        return u'`' + escaped + u'`';
    }
    QString escaped = name;
    escaped.replace(u"\""_s, u"\"\""_s);
    return u'"' + escaped + u'"';
}

QString ApprovedExport::yamlScalar(const QString& text)
{
    static const QSet<QString> special = {
        u"y"_s,     u"yes"_s, u"n"_s,   u"no"_s,   u"true"_s,
        u"false"_s, u"on"_s,  u"off"_s, u"null"_s, u"~"_s,
    };
    if (isPlainIdentifier(text, std::nullopt) && !special.contains(text.toLower())) {
        return text;
    }
    QString quoted = u"\""_s;
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'"':
            quoted += u"\\\""_s;
            break;
        case u'\\':
            quoted += u"\\\\"_s;
            break;
        case u'\n':
            quoted += u"\\n"_s;
            break;
        case u'\t':
            quoted += u"\\t"_s;
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Control) {
                quoted += u"\\u%1"_s.arg(c.unicode(), 4, 16, QChar(u'0'));
            } else {
                quoted += c;
            }
        }
    }
    return quoted + u'"';
}

QString ApprovedExport::dbt(const QList<ApprovedRelationship>& entries)
{
    // Grouped by model, then column, in the order of first appearance.
    QList<QString> models;
    QHash<QString, QList<QString>> columnsOf;
    QHash<QString, QList<const ApprovedRelationship*>> testsOf; // "model\ncolumn"
    for (const ApprovedRelationship& entry : entries) {
        if (!columnsOf.contains(entry.fromTable)) {
            models.append(entry.fromTable);
        }
        QList<QString>& columns = columnsOf[entry.fromTable];
        if (!columns.contains(entry.fromColumn)) {
            columns.append(entry.fromColumn);
        }
        testsOf[entry.fromTable + u'\n' + entry.fromColumn].append(&entry);
    }
    QString out = u"version: 2\n"_s;
    if (models.isEmpty()) {
        return out + u"\nmodels: []\n"_s;
    }
    out += u"\nmodels:\n"_s;
    for (const QString& model : std::as_const(models)) {
        out += u"  - name: "_s + yamlScalar(model) + u"\n    columns:\n"_s;
        for (const QString& column : columnsOf.value(model)) {
            out += u"      - name: "_s + yamlScalar(column) + u"\n        tests:\n"_s;
            for (const ApprovedRelationship* entry : testsOf.value(model + u'\n' + column)) {
                out += u"          - relationships:\n"_s;
                out += u"              to: "_s +
                       yamlScalar(u"ref("_s + jinjaString(entry->toTable) + u')') + u'\n';
                out += u"              field: "_s + yamlScalar(entry->toColumn) + u'\n';
            }
        }
    }
    return out;
}

QString ApprovedExport::sql(const QList<ApprovedRelationship>& entries, Dialect dialect)
{
    // BigQuery refuses a foreign key without NOT ENFORCED; Snowflake enforces none and takes
    // NOT ENFORCED as its default (asking for ENFORCED makes it skip the constraint).
    const bool notEnforced = dialect == Dialect::BigQuery || dialect == Dialect::Snowflake;
    QString out = u"-- %1 approved relationship(s) as foreign keys (%2)\n"_s.arg(entries.size())
                      .arg(dialectName(dialect));
    QSet<QString> used;
    for (const ApprovedRelationship& entry : entries) {
        out += u"ALTER TABLE "_s + quoteTable(entry.fromTable, dialect) + u" ADD CONSTRAINT "_s +
               constraintName(entry, &used) + u" FOREIGN KEY ("_s +
               quoteIdentifier(entry.fromColumn, dialect) + u") REFERENCES "_s +
               quoteTable(entry.toTable, dialect) + u" ("_s +
               quoteIdentifier(entry.toColumn, dialect) + u')' +
               (notEnforced ? u" NOT ENFORCED"_s : QString()) + u";\n"_s;
    }
    return out;
}

QString ApprovedExport::mermaid(const QList<ApprovedRelationship>& entries)
{
    // Distinct table names stay distinct entities after sanitizing.
    QHash<QString, QString> entityOf;
    QSet<QString> taken;
    const auto entity = [&](const QString& table) {
        if (const auto it = entityOf.constFind(table); it != entityOf.constEnd()) {
            return *it;
        }
        const QString base = mermaidEntity(table);
        QString name = base;
        for (int suffix = 2; taken.contains(name); ++suffix) {
            name = base + u'_' + QString::number(suffix);
        }
        taken.insert(name);
        entityOf.insert(table, name);
        return name;
    };
    QString out = u"erDiagram\n"_s;
    for (const ApprovedRelationship& entry : entries) {
        const QString from = entity(entry.fromTable);
        const QString to = entity(entry.toTable);
        out += u"    "_s + from + u" }o--|| "_s + to + u" : \""_s +
               mermaidLabel(entry.fromColumn + u" -> "_s + entry.toColumn) + u"\"\n"_s;
    }
    return out;
}

QString ApprovedExport::csv(const QList<ApprovedRelationship>& entries)
{
    QString out = u"from_table,from_column,to_table,to_column,type,score,status,decided_at,reason,"
                  "delivery,relationship_id\n"_s;
    for (const ApprovedRelationship& entry : entries) {
        const QStringList fields = {
            CsvCell::text(entry.fromTable),
            CsvCell::text(entry.fromColumn),
            CsvCell::text(entry.toTable),
            CsvCell::text(entry.toColumn),
            CsvCell::text(entry.type),
            scoreText(entry.score),
            u"APPROVED"_s,
            entry.decidedAtMs > 0 ? formatTimestamp(entry.decidedAtMs) : QString(),
            CsvCell::text(entry.reason),
            entry.confirmed ? u"confirmed"_s : u"pending"_s,
            entry.relationshipId.toString(QUuid::WithoutBraces),
        };
        out += fields.join(u',') + u'\n';
    }
    return out;
}

QByteArray ApprovedExport::write(const QList<ApprovedRelationship>& entries, Format format,
                                 Dialect dialect)
{
    switch (format) {
    case Format::Dbt:
        return dbt(entries).toUtf8();
    case Format::Sql:
        return sql(entries, dialect).toUtf8();
    case Format::Mermaid:
        return mermaid(entries).toUtf8();
    case Format::Csv:
        return csv(entries).toUtf8();
    }
    return {};
}

bool ApprovedExport::writeFile(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error) {
            *error = tr("%1: cannot be written: %2").arg(path, file.errorString());
        }
        return false;
    }
    return true;
}
