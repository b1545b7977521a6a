#include "DemoDataGenerator.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

DemoDataGenerator::Options options(int count, quint64 seed)
{
    DemoDataGenerator::Options result;
    result.relationshipCount = count;
    result.seed = seed;
    return result;
}

QByteArray listBytes(const DemoDataGenerator& generator)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!generator.writeList(&buffer))
        return {};
    return bytes;
}

QByteArray snapshotBytes(const DemoDataGenerator& generator, const QString& baseUrl)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!generator.writeSnapshot(&buffer, baseUrl))
        return {};
    return bytes;
}

} // namespace

class TestDemoData : public QObject
{
    Q_OBJECT
private slots:
    void sameSeedSameBytes();
    void differentSeedDifferentBytes();
    void relationshipDependsOnIndexOnly();
    void countsAndCatalogSize();
    void everyRecordValid();
    void distributions();
    void catalogResolvesEveryLink();
    void columnProfiles();
    void listIsTheApiAnswer();
    void snapshotEnvelope();
    void withoutCatalog();
    void unknownMembers();
};

void TestDemoData::sameSeedSameBytes()
{
    const QByteArray first = listBytes(DemoDataGenerator(options(400, 5)));
    const QByteArray second = listBytes(DemoDataGenerator(options(400, 5)));
    QVERIFY(first.size() > 400 * 300);
    QCOMPARE(first, second);
    QCOMPARE(snapshotBytes(DemoDataGenerator(options(100, 5)), u"http://127.0.0.1:9"_s),
             snapshotBytes(DemoDataGenerator(options(100, 5)), u"http://127.0.0.1:9"_s));
}

void TestDemoData::differentSeedDifferentBytes()
{
    const DemoDataGenerator a(options(200, 1));
    const DemoDataGenerator b(options(200, 2));
    QVERIFY(listBytes(a) != listBytes(b));
    QVERIFY(a.relationship(0).id != b.relationship(0).id);
    QVERIFY(a.catalog().columns().first().id != b.catalog().columns().first().id);
}

void TestDemoData::relationshipDependsOnIndexOnly()
{
    const DemoDataGenerator generator(options(1000, 9));
    const Relationship late = generator.relationship(777);
    // Asking in another order, or again, gives the same record: nothing is carried between calls.
    for (int i = 0; i < 50; ++i)
        generator.relationship(i);
    QCOMPARE(generator.relationship(777), late);
    QCOMPARE(DemoDataGenerator(options(1000, 9)).relationship(777), late);
}

void TestDemoData::countsAndCatalogSize()
{
    for (const int count : {0, 1, 60, 3000, 20000}) {
        const DemoDataGenerator generator(options(count, 11));
        const QJsonArray list = QJsonDocument::fromJson(listBytes(generator)).array();
        QCOMPARE(list.size(), count);
        const ColumnCatalog catalog = generator.catalog();
        const int tables = int(catalog.tableNames().size());
        QVERIFY2(tables >= 40 && tables <= 80, qPrintable(QString::number(tables)));
        QVERIFY(catalog.columnCount() > tables * 4);
    }
    QVERIFY(DemoDataGenerator(options(20000, 11)).catalog().tableNames().size() >
            DemoDataGenerator(options(100, 11)).catalog().tableNames().size());
}

void TestDemoData::everyRecordValid()
{
    const int count = 3000;
    const DemoDataGenerator generator(options(count, DemoDataGenerator::Options{}.seed));
    QSet<QUuid> ids;
    int inRange = 0;
    qint64 evidenceBytes = 0;
    const qint64 from2026 = *parseTimestampMs(u"2026-01-01T00:00:00Z");
    const qint64 to2027 = *parseTimestampMs(u"2027-01-01T00:00:00Z");
    for (int i = 0; i < count; ++i) {
        const Relationship r = generator.relationship(i);
        QVERIFY(!r.id.isNull());
        QVERIFY2(!ids.contains(r.id), qPrintable(r.id.toString()));
        ids.insert(r.id);
        QCOMPARE(r.integrationSourceId, generator.options().integrationSourceId);
        QVERIFY(!r.fromColumnId.isNull() && !r.toTableId.isNull());
        QVERIFY(!r.toColumnName.isEmpty() && r.toColumnName.size() <= 255);
        QVERIFY(r.createdAtMs >= from2026 && r.updatedAtMs < to2027);
        QVERIFY(r.updatedAtMs >= r.createdAtMs);
        QCOMPARE(parseTimestampMs(r.createdAtText).value_or(-1), r.createdAtMs);
        QCOMPARE(parseTimestampMs(r.updatedAtText).value_or(-1), r.updatedAtMs);
        QCOMPARE(statusFromName(r.statusText), std::optional(r.status));
        QCOMPARE(typeFromName(r.typeText), std::optional(r.type));
        QCOMPARE(r.hasScore, !std::isnan(r.score));
        if (r.scoreInRange())
            ++inRange;
        QJsonParseError error;
        const QJsonDocument evidence = QJsonDocument::fromJson(r.evidenceJson, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && evidence.isObject(),
                 r.evidenceJson.constData());
        evidenceBytes += r.evidenceJson.size();
        QVERIFY(r.extraMembersJson.isEmpty());
    }
    QVERIFY2(inRange > count * 95 / 100, qPrintable(QString::number(inRange)));
    const qint64 averageEvidence = evidenceBytes / count;
    QVERIFY2(averageEvidence > 350 && averageEvidence < 900,
             qPrintable(QString::number(averageEvidence)));
}

void TestDemoData::distributions()
{
    const int count = 3000;
    const DemoDataGenerator generator(options(count, DemoDataGenerator::Options{}.seed));
    QHash<RelationshipStatus, int> statuses;
    QHash<RelationshipType, int> types;
    int nullScores = 0, outOfRange = 0, emptyEvidence = 0, nested = 0, typical = 0;
    QSet<QString> evidenceShapes;
    for (int i = 0; i < count; ++i) {
        const Relationship r = generator.relationship(i);
        ++statuses[r.status];
        ++types[r.type];
        nullScores += r.hasScore ? 0 : 1;
        outOfRange += r.hasScore && !r.scoreInRange() ? 1 : 0;
        typical += r.hasScore && r.score >= 0.3 && r.score <= 0.99 ? 1 : 0;
        const QJsonObject evidence = QJsonDocument::fromJson(r.evidenceJson).object();
        emptyEvidence += evidence.isEmpty() ? 1 : 0;
        nested += evidence.value("value_overlap"_L1).isObject() ? 1 : 0;
        evidenceShapes.insert(evidence.keys().join(u','));
    }
    QVERIFY(statuses[RelationshipStatus::Suggested] > count / 2);
    QVERIFY(statuses[RelationshipStatus::Approved] > count / 50);
    QVERIFY(statuses[RelationshipStatus::Rejected] > count / 50);
    QCOMPARE(statuses.value(RelationshipStatus::Unknown), 0);
    QVERIFY(types[RelationshipType::Inferred] > count / 2);
    QVERIFY(types[RelationshipType::ForeignKey] > 0);
    QVERIFY(types[RelationshipType::Manual] > 0);
    QVERIFY(nullScores > 0 && nullScores < count / 20);
    QVERIFY2(outOfRange >= 2 && outOfRange < 10, qPrintable(QString::number(outOfRange)));
    QVERIFY(typical > count * 9 / 10);
    QVERIFY(emptyEvidence > 0 && emptyEvidence < count / 10);
    QVERIFY(nested > count / 2);
    QVERIFY2(evidenceShapes.size() >= 5, qPrintable(QString::number(evidenceShapes.size())));
}

void TestDemoData::catalogResolvesEveryLink()
{
    const DemoDataGenerator generator(options(2000, 3));
    const ColumnCatalog catalog = generator.catalog();
    for (int i = 0; i < 2000; ++i) {
        const Relationship r = generator.relationship(i);
        const ColumnInfo* from = catalog.column(r.fromColumnId);
        QVERIFY(from);
        QVERIFY(!catalog.tableName(from->tableId).isEmpty());
        QCOMPARE(catalog.columnLabel(r.fromColumnId),
                 catalog.tableName(from->tableId) % u'.' % from->name);
        QVERIFY(!catalog.tableName(r.toTableId).isEmpty());
        QVERIFY(from->tableId != r.toTableId);
        // The target column exists in the target table.
        bool found = false;
        for (const ColumnInfo& column : catalog.columns())
            found = found || (column.tableId == r.toTableId && column.name == r.toColumnName);
        if (i % 100 == 0 || !found)
            QVERIFY2(found, qPrintable(catalog.tableName(r.toTableId) % u'.' % r.toColumnName));
    }
}

void TestDemoData::columnProfiles()
{
    const ColumnCatalog catalog = DemoDataGenerator(options(500, 4)).catalog();
    QStringList tableNames = catalog.tableNames().values();
    for (const char* expected : {"customers", "orders", "order_items", "products", "invoices",
                                 "payments", "shipments", "suppliers"})
        QVERIFY2(tableNames.contains(QLatin1StringView(expected)), expected);
    int primaryKeys = 0;
    for (const ColumnInfo& column : catalog.columns()) {
        QVERIFY(!column.name.isEmpty());
        QVERIFY(!column.dataType.isEmpty());
        QCOMPARE(column.tableName, catalog.tableName(column.tableId));
        QVERIFY(column.isPrimaryKey.has_value() && column.isNullable.has_value());
        QVERIFY(column.nullPct && *column.nullPct >= 0 && *column.nullPct <= 100);
        QVERIFY(column.distinctPct && *column.distinctPct >= 0);
        QVERIFY(column.approxDistinctCount && *column.approxDistinctCount >= 1);
        QVERIFY(!column.semanticType.isEmpty());
        QVERIFY(!column.sampleValues.isEmpty());
        QVERIFY(column.entropy.has_value());
        QVERIFY(!column.role.isEmpty());
        if (*column.isPrimaryKey) {
            ++primaryKeys;
            QCOMPARE(*column.nullPct, 0.0);
            QVERIFY(!*column.isNullable);
        }
        // Re-exported as the server would send it, table name included.
        QCOMPARE(ColumnInfo::fromJson(column.toJson()).toJson(), column.toJson());
        QCOMPARE(column.toJson().value("table_name"_L1).toString(), column.tableName);
    }
    QCOMPARE(primaryKeys, int(catalog.tableNames().size()));
}

void TestDemoData::listIsTheApiAnswer()
{
    const DemoDataGenerator generator(options(50, 8));
    const QJsonArray list = QJsonDocument::fromJson(listBytes(generator)).array();
    QCOMPARE(list.size(), 50);
    const QStringList members = {u"created_at"_s,
                                 u"evidence"_s,
                                 u"from_column_id"_s,
                                 u"id"_s,
                                 u"integration_source_id"_s,
                                 u"score"_s,
                                 u"status"_s,
                                 u"to_column_name"_s,
                                 u"to_table_id"_s,
                                 u"type"_s,
                                 u"updated_at"_s};
    for (int i = 0; i < list.size(); ++i) {
        const QJsonObject object = list.at(i).toObject();
        QCOMPARE(object.keys(), members);
        const Relationship r = generator.relationship(i);
        QCOMPARE(object.value("id"_L1).toString(), r.id.toString(QUuid::WithoutBraces));
        QCOMPARE(object.value("status"_L1).toString(), r.statusText);
        QCOMPARE(object.value("score"_L1).isNull(), !r.hasScore);
    }
}

void TestDemoData::snapshotEnvelope()
{
    const DemoDataGenerator generator(options(120, 6));
    const QByteArray bytes = snapshotBytes(generator, u"http://127.0.0.1:8080"_s);
    QJsonParseError error;
    const QJsonObject snapshot = QJsonDocument::fromJson(bytes, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(snapshot.value("format"_L1).toString(), u"relreview-snapshot"_s);
    QCOMPARE(snapshot.value("version"_L1).toInt(), 1);
    QVERIFY(parseTimestampMs(snapshot.value("exported_at"_L1).toString()).has_value());
    const QJsonObject source = snapshot.value("source"_L1).toObject();
    QCOMPARE(source.value("base_url"_L1).toString(), u"http://127.0.0.1:8080"_s);
    QCOMPARE(source.value("integration_source_id"_L1).toString(),
             generator.options().integrationSourceId.toString(QUuid::WithoutBraces));
    QVERIFY(source.value("scope"_L1).isObject());
    QCOMPARE(snapshot.value("relationships"_L1).toArray().size(), 120);

    const ColumnCatalog catalog = generator.catalog();
    const QJsonArray columns = snapshot.value("columns"_L1).toArray();
    const QJsonArray tables = snapshot.value("tables"_L1).toArray();
    QCOMPARE(columns.size(), catalog.columnCount());
    QCOMPARE(tables.size(), catalog.tableNames().size());
    ColumnCatalog reloaded;
    QString problem;
    QVERIFY2(reloaded.loadColumnsJson(columns, &problem), qPrintable(problem));
    QVERIFY2(reloaded.loadTablesJson(tables, &problem), qPrintable(problem));
    QCOMPARE(reloaded.columnsJson(), catalog.columnsJson());
    QCOMPARE(reloaded.tablesJson(), catalog.tablesJson());
    for (const QJsonValue column : columns)
        QVERIFY(!column.toObject().value("table_name"_L1).toString().isEmpty());
    const qint64 exported = *parseTimestampMs(snapshot.value("exported_at"_L1).toString());
    for (int i = 0; i < 120; ++i)
        QVERIFY(generator.relationship(i).updatedAtMs < exported);
}

void TestDemoData::withoutCatalog()
{
    DemoDataGenerator::Options bare = options(30, 6);
    bare.withCatalog = false;
    const DemoDataGenerator generator(bare);
    QVERIFY(generator.catalog().isEmpty());
    const QJsonObject snapshot =
        QJsonDocument::fromJson(snapshotBytes(generator, u"http://x"_s)).object();
    QCOMPARE(snapshot.value("relationships"_L1).toArray().size(), 30);
    QVERIFY(snapshot.value("columns"_L1).toArray().isEmpty());
    // The rows are the same with or without the catalog.
    QCOMPARE(generator.relationship(7), DemoDataGenerator(options(30, 6)).relationship(7));
}

void TestDemoData::unknownMembers()
{
    DemoDataGenerator::Options withExtras = options(100, 6);
    withExtras.unknownMemberEvery = 10;
    const DemoDataGenerator generator(withExtras);
    const QJsonArray list = QJsonDocument::fromJson(listBytes(generator)).array();
    QCOMPARE(list.size(), 100);
    int extended = 0;
    for (const QJsonValue value : list)
        extended += value.toObject().contains("pipeline_run_id"_L1) ? 1 : 0;
    QCOMPARE(extended, 10);
    QVERIFY(list.at(9).toObject().value("review_hints"_L1).isObject());
}

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demodata.moc"
