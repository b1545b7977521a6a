#include "ColumnCatalog.h"

#include <QCoreApplication>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QUuid uuidMember(const QJsonObject& object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    return value.isString() ? QUuid::fromString(value.toString()) : QUuid();
}

QString stringMember(const QJsonObject& object, QLatin1StringView key)
{
    return object.value(key).toString();
}

std::optional<bool> boolMember(const QJsonObject& object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (value.isBool())
        return value.toBool();
    return std::nullopt;
}

std::optional<double> doubleMember(const QJsonObject& object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (value.isDouble() && std::isfinite(value.toDouble()))
        return value.toDouble();
    return std::nullopt;
}

// Profilers write counts as floats now and then ("1.2e6"): round them rather than drop them.
std::optional<qint64> integerMember(const QJsonObject& object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!std::isfinite(number) || std::abs(number) > 9.0e18)
        return std::nullopt;
    return qint64(std::llround(number));
}

QString uuidText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

template<typename T>
QJsonValue optionalValue(const std::optional<T>& value)
{
    if (!value)
        return QJsonValue(QJsonValue::Null);
    return QJsonValue(*value);
}

QJsonValue textOrNull(const QString& text)
{
    return text.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

ColumnInfo ColumnInfo::fromJson(const QJsonObject& object)
{
    ColumnInfo column;
    column.id = uuidMember(object, "id"_L1);
    column.name = stringMember(object, "name"_L1);
    column.tableId = uuidMember(object, "table_id"_L1);
    column.tableName = stringMember(object, "table_name"_L1);
    column.dataType = stringMember(object, "data_type"_L1);
    column.isPrimaryKey = boolMember(object, "is_primary_key"_L1);
    column.isNullable = boolMember(object, "is_nullable"_L1);
    column.semanticType = stringMember(object, "semantic_type"_L1);
    column.semanticTypeConfidence = doubleMember(object, "semantic_type_confidence"_L1);
    column.sampleValues = object.value("sample_values"_L1).toArray();
    column.nullPct = doubleMember(object, "null_pct"_L1);
    column.distinctPct = doubleMember(object, "distinct_pct"_L1);
    column.approxDistinctCount = integerMember(object, "approx_distinct_count"_L1);
    column.enumCardinality = integerMember(object, "enum_cardinality"_L1);
    column.entropy = doubleMember(object, "entropy"_L1);
    column.role = stringMember(object, "role"_L1);
    column.description = stringMember(object, "description"_L1);
    column.raw = object;
    return column;
}

QJsonObject ColumnInfo::toJson() const
{
    QJsonObject object = raw;
    const bool complete = raw.isEmpty();
    const auto put = [&object, complete](QLatin1StringView key, const QJsonValue& value,
                                         bool isSet) {
        if (isSet)
            object.insert(key, value);
        else if (complete)
            object.insert(key, QJsonValue(QJsonValue::Null));
    };
    put("id"_L1, uuidText(id), !id.isNull());
    put("name"_L1, name, !name.isNull());
    put("table_id"_L1, uuidText(tableId), !tableId.isNull());
    if (!tableName.isEmpty())
        object.insert("table_name"_L1, tableName);
    put("data_type"_L1, textOrNull(dataType), !dataType.isNull());
    put("is_primary_key"_L1, optionalValue(isPrimaryKey), isPrimaryKey.has_value());
    put("is_nullable"_L1, optionalValue(isNullable), isNullable.has_value());
    put("semantic_type"_L1, textOrNull(semanticType), !semanticType.isNull());
    put("semantic_type_confidence"_L1, optionalValue(semanticTypeConfidence),
        semanticTypeConfidence.has_value());
    put("sample_values"_L1, sampleValues, !sampleValues.isEmpty());
    put("null_pct"_L1, optionalValue(nullPct), nullPct.has_value());
    put("distinct_pct"_L1, optionalValue(distinctPct), distinctPct.has_value());
    put("approx_distinct_count"_L1, optionalValue(approxDistinctCount),
        approxDistinctCount.has_value());
    put("enum_cardinality"_L1, optionalValue(enumCardinality), enumCardinality.has_value());
    put("entropy"_L1, optionalValue(entropy), entropy.has_value());
    put("role"_L1, textOrNull(role), !role.isNull());
    put("description"_L1, textOrNull(description), !description.isNull());
    return object;
}

void ColumnCatalog::insertColumn(const ColumnInfo& column)
{
    auto it = m_columns.find(column.id);
    if (it == m_columns.end()) {
        m_columns.insert(column.id, column);
        m_columnOrder.append(column.id);
    } else {
        *it = column;
    }
    // A column that names its table (a snapshot's catalog does) names it for everyone.
    if (!column.tableName.isEmpty() && !column.tableId.isNull() &&
        !m_tableNames.contains(column.tableId))
        setTableName(column.tableId, column.tableName);
}

void ColumnCatalog::setTableName(const QUuid& tableId, const QString& name)
{
    auto it = m_tableNames.find(tableId);
    if (it == m_tableNames.end()) {
        m_tableNames.insert(tableId, name);
        m_tableOrder.append(tableId);
    } else {
        *it = name;
    }
}

const ColumnInfo* ColumnCatalog::column(const QUuid& columnId) const
{
    const auto it = m_columns.constFind(columnId);
    return it == m_columns.constEnd() ? nullptr : &*it;
}

QString ColumnCatalog::tableName(const QUuid& tableId) const
{
    const QString analysts = m_analystNames.name(tableId);
    return analysts.isEmpty() ? m_tableNames.value(tableId) : analysts;
}

QHash<QUuid, QString> ColumnCatalog::tableNames() const
{
    if (m_analystNames.isEmpty())
        return m_tableNames;
    QHash<QUuid, QString> names = m_tableNames;
    for (const QUuid& id : m_analystNames.ids())
        names.insert(id, m_analystNames.name(id));
    return names;
}

QString ColumnCatalog::tableLabel(const QUuid& tableId) const
{
    const QString name = tableName(tableId);
    return name.isEmpty() ? shortId(tableId) : name;
}

QString ColumnCatalog::columnLabel(const QUuid& columnId) const
{
    const ColumnInfo* info = column(columnId);
    if (!info || info->name.isEmpty())
        return shortId(columnId);
    QString table = tableName(info->tableId);
    if (table.isEmpty())
        table = info->tableName;
    if (table.isEmpty())
        table = shortId(info->tableId);
    return table % u'.' % info->name;
}

QList<ColumnInfo> ColumnCatalog::columns() const
{
    QList<ColumnInfo> result;
    result.reserve(m_columnOrder.size());
    for (const QUuid& id : m_columnOrder)
        result.append(m_columns.value(id));
    return result;
}

bool ColumnCatalog::loadColumnsJson(const QJsonArray& columns, QString* error)
{
    // Validate everything before touching the catalog: bad input changes nothing.
    QList<ColumnInfo> parsed;
    parsed.reserve(columns.size());
    for (qsizetype index = 0; index < columns.size(); ++index) {
        const QJsonValue value = columns.at(index);
        QString problem;
        if (!value.isObject()) {
            problem = QCoreApplication::translate("ColumnCatalog", "expected an object");
        } else {
            ColumnInfo column = ColumnInfo::fromJson(value.toObject());
            if (column.id.isNull())
                problem =
                    QCoreApplication::translate("ColumnCatalog", "member \"id\": expected a UUID");
            else if (!column.raw.value("table_id"_L1).isUndefined() &&
                     !column.raw.value("table_id"_L1).isNull() && column.tableId.isNull())
                problem = QCoreApplication::translate("ColumnCatalog",
                                                      "member \"table_id\": expected a UUID");
            else
                parsed.append(std::move(column));
        }
        if (!problem.isEmpty()) {
            if (error)
                *error = QCoreApplication::translate("ColumnCatalog", "column %1: %2")
                             .arg(index)
                             .arg(problem);
            return false;
        }
    }
    for (const ColumnInfo& column : std::as_const(parsed))
        insertColumn(column);
    return true;
}

bool ColumnCatalog::loadTablesJson(const QJsonArray& tables, QString* error)
{
    QList<std::pair<QUuid, QString>> parsed;
    parsed.reserve(tables.size());
    for (qsizetype index = 0; index < tables.size(); ++index) {
        const QJsonValue value = tables.at(index);
        QString problem;
        if (!value.isObject()) {
            problem = QCoreApplication::translate("ColumnCatalog", "expected an object");
        } else {
            const QJsonObject object = value.toObject();
            const QUuid id = uuidMember(object, "id"_L1);
            const QJsonValue name = object.value("name"_L1);
            if (id.isNull())
                problem =
                    QCoreApplication::translate("ColumnCatalog", "member \"id\": expected a UUID");
            else if (!name.isString())
                problem = QCoreApplication::translate("ColumnCatalog",
                                                      "member \"name\": expected a string");
            else
                parsed.append({id, name.toString()});
        }
        if (!problem.isEmpty()) {
            if (error)
                *error = QCoreApplication::translate("ColumnCatalog", "table %1: %2")
                             .arg(index)
                             .arg(problem);
            return false;
        }
    }
    for (const auto& [id, name] : std::as_const(parsed))
        setTableName(id, name);
    return true;
}

QJsonArray ColumnCatalog::columnsJson() const
{
    QJsonArray array;
    for (const QUuid& id : m_columnOrder) {
        const ColumnInfo& column = *m_columns.constFind(id);
        QJsonObject object = column.toJson();
        // A snapshot is read without the server: let each column carry its table's name.
        if (!object.contains("table_name"_L1)) {
            const QString table = dataTableName(column.tableId);
            if (!table.isEmpty())
                object.insert("table_name"_L1, table);
        }
        array.append(object);
    }
    return array;
}

QJsonArray ColumnCatalog::tablesJson() const
{
    QJsonArray array;
    for (const QUuid& id : m_tableOrder) {
        array.append(QJsonObject{
            {"id"_L1, uuidText(id)},
            {"name"_L1, m_tableNames.value(id)},
        });
    }
    return array;
}

QString shortId(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces).left(8) % u'\u2026';
}
