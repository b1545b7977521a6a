#include "DemoDataGenerator.h"
#include "RelationshipParser.h"
#include "RelationshipWriter.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

Relationship sample()
{
    Relationship relationship;
    relationship.id = QUuid::fromString(u"{3C90C3CC-0D44-4B50-8888-8DD25736052A}"_s);
    relationship.integrationSourceId = QUuid::fromString(u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    relationship.fromColumnId = QUuid::fromString(u"11111111-2222-4333-8444-555555555555"_s);
    relationship.toTableId = QUuid::fromString(u"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"_s);
    relationship.toColumnName = u"Kunden \"Nr\"\\ü\n😀"_s;
    relationship.createdAtMs = *parseTimestampMs(u"2023-11-07T05:31:56Z");
    relationship.createdAtText = formatTimestamp(relationship.createdAtMs);
    relationship.updatedAtMs = relationship.createdAtMs + 1250;
    relationship.updatedAtText = formatTimestamp(relationship.updatedAtMs);
    relationship.type = RelationshipType::ForeignKey;
    relationship.typeText = u"FOREIGN_KEY"_s;
    relationship.status = RelationshipStatus::Approved;
    relationship.statusText = u"APPROVED"_s;
    relationship.hasScore = true;
    relationship.score = 0.93;
    relationship.evidenceJson = R"({"value_overlap":{"containment":0.97},"samples":["C-1042",7]})";
    return relationship;
}

QJsonObject parseObject(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qWarning("not a JSON object (%s): %s", qPrintable(error.errorString()), json.constData());
    return document.object();
}

QByteArray writeRows(const RelationshipRows& rows, const std::vector<int>& indexes = {})
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!RelationshipWriter::writeArray(rows, &buffer, indexes))
        return "write failed";
    return bytes;
}

} // namespace

class TestWriter : public QObject
{
    Q_OBJECT
private slots:
    void timestamps_data();
    void timestamps();
    void badTimestamps_data();
    void badTimestamps();
    void names();
    void recordHasExactMembers();
    void memberOrder();
    void nullScoreAndNumbers();
    void unknownMembersWrittenBack();
    void unknownStatusWrittenAsSent();
    void rawTimestampKept();
    void rowsAndRecordAgree();
    void writeArray();
    void writeArraySubset();
    void writeArrayFailsOnBadDevice();
    void generatorWriterParserRoundTrip();
};

void TestWriter::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("formatted");
    QTest::newRow("api example") << u"2023-11-07T05:31:56Z"_s << 1699335116000LL
                                 << u"2023-11-07T05:31:56Z"_s;
    QTest::newRow("millis") << u"2023-11-07T05:31:56.250Z"_s << 1699335116250LL
                            << u"2023-11-07T05:31:56.250Z"_s;
    QTest::newRow("micros truncated")
        << u"2023-11-07T05:31:56.123456Z"_s << 1699335116123LL << u"2023-11-07T05:31:56.123Z"_s;
    QTest::newRow("nanos") << u"2023-11-07T05:31:56.999999999Z"_s << 1699335116999LL
                           << u"2023-11-07T05:31:56.999Z"_s;
    QTest::newRow("one digit") << u"2023-11-07T05:31:56.5Z"_s << 1699335116500LL
                               << u"2023-11-07T05:31:56.500Z"_s;
    QTest::newRow("positive offset")
        << u"2023-11-07T06:31:56+01:00"_s << 1699335116000LL << u"2023-11-07T05:31:56Z"_s;
    QTest::newRow("negative offset")
        << u"2023-11-07T00:01:56-05:30"_s << 1699335116000LL << u"2023-11-07T05:31:56Z"_s;
    QTest::newRow("python naive") << u"2023-11-07T05:31:56.000"_s << 1699335116000LL
                                  << u"2023-11-07T05:31:56Z"_s;
    QTest::newRow("lower case, space")
        << u"2023-11-07 05:31:56z"_s << 1699335116000LL << u"2023-11-07T05:31:56Z"_s;
    QTest::newRow("epoch") << u"1970-01-01T00:00:00Z"_s << 0LL << u"1970-01-01T00:00:00Z"_s;
    QTest::newRow("before epoch") << u"1969-12-31T23:59:59.999Z"_s << -1LL
                                  << u"1969-12-31T23:59:59.999Z"_s;
    QTest::newRow("leap day") << u"2024-02-29T12:00:00Z"_s << 1709208000000LL
                              << u"2024-02-29T12:00:00Z"_s;
}

void TestWriter::timestamps()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    QFETCH(QString, formatted);
    QCOMPARE(parseTimestampMs(text).value_or(-42), ms);
    QCOMPARE(formatTimestamp(ms), formatted);
    // The format agrees with Qt's own calendar.
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).left(19),
             formatted.left(19));
}

void TestWriter::badTimestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("date only") << u"2023-11-07"_s;
    QTest::newRow("no seconds") << u"2023-11-07T05:31Z"_s;
    QTest::newRow("month 13") << u"2023-13-07T05:31:56Z"_s;
    QTest::newRow("feb 29 non leap") << u"2023-02-29T05:31:56Z"_s;
    QTest::newRow("hour 24") << u"2023-11-07T24:00:00Z"_s;
    QTest::newRow("empty fraction") << u"2023-11-07T05:31:56.Z"_s;
    QTest::newRow("ten digits") << u"2023-11-07T05:31:56.1234567890Z"_s;
    QTest::newRow("trailing") << u"2023-11-07T05:31:56Z "_s;
    QTest::newRow("bad offset") << u"2023-11-07T05:31:56+0100"_s;
    QTest::newRow("letters") << u"yesterday"_s;
}

void TestWriter::badTimestamps()
{
    QFETCH(QString, text);
    QVERIFY(!parseTimestampMs(text).has_value());
}

void TestWriter::names()
{
    for (const auto status : {RelationshipStatus::Suggested, RelationshipStatus::Approved,
                              RelationshipStatus::Rejected})
        QCOMPARE(statusFromName(statusName(status)), std::optional(status));
    for (const auto type :
         {RelationshipType::ForeignKey, RelationshipType::Inferred, RelationshipType::Manual})
        QCOMPARE(typeFromName(typeName(type)), std::optional(type));
    QVERIFY(statusName(RelationshipStatus::Unknown).isEmpty());
    QVERIFY(!statusFromName(u"approved").has_value());
    QVERIFY(!typeFromName(u"").has_value());
    QCOMPARE(statusDisplayName(RelationshipStatus::Approved), u"Approved"_s);
    QCOMPARE(typeDisplayName(RelationshipType::ForeignKey), u"Foreign key"_s);
}

void TestWriter::recordHasExactMembers()
{
    const Relationship relationship = sample();
    const QByteArray json = RelationshipWriter::recordJson(relationship);
    const QJsonObject object = parseObject(json);
    QCOMPARE(object.size(), 11);
    QCOMPARE(object.value("id"_L1).toString(), u"3c90c3cc-0d44-4b50-8888-8dd25736052a"_s);
    QCOMPARE(object.value("integration_source_id"_L1).toString(),
             u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    QCOMPARE(object.value("from_column_id"_L1).toString(),
             u"11111111-2222-4333-8444-555555555555"_s);
    QCOMPARE(object.value("to_table_id"_L1).toString(), u"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"_s);
    QCOMPARE(object.value("to_column_name"_L1).toString(), relationship.toColumnName);
    QCOMPARE(object.value("created_at"_L1).toString(), u"2023-11-07T05:31:56Z"_s);
    QCOMPARE(object.value("updated_at"_L1).toString(), u"2023-11-07T05:31:57.250Z"_s);
    QCOMPARE(object.value("type"_L1).toString(), u"FOREIGN_KEY"_s);
    QCOMPARE(object.value("status"_L1).toString(), u"APPROVED"_s);
    QCOMPARE(object.value("score"_L1).toDouble(), 0.93);
    QCOMPARE(object.value("evidence"_L1).toObject(),
             QJsonDocument::fromJson(relationship.evidenceJson).object());
    // The evidence bytes are copied, not re-serialised.
    QVERIFY(json.contains(QByteArray(",\"evidence\":" + relationship.evidenceJson + "}")));
    QVERIFY(json.contains("\"score\":0.93,"));
}

void TestWriter::memberOrder()
{
    const QByteArray json = RelationshipWriter::recordJson(sample());
    const char* const members[] = {"\"id\"",
                                   "\"integration_source_id\"",
                                   "\"from_column_id\"",
                                   "\"to_table_id\"",
                                   "\"to_column_name\"",
                                   "\"created_at\"",
                                   "\"updated_at\"",
                                   "\"type\"",
                                   "\"status\"",
                                   "\"score\"",
                                   "\"evidence\""};
    qsizetype previous = -1;
    for (const char* member : members) {
        const qsizetype at = json.indexOf(member);
        QVERIFY2(at > previous, member);
        previous = at;
    }
}

void TestWriter::nullScoreAndNumbers()
{
    Relationship relationship = sample();
    relationship.hasScore = false;
    relationship.score = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(RelationshipWriter::recordJson(relationship).contains("\"score\":null,"));
    QVERIFY(parseObject(RelationshipWriter::recordJson(relationship)).value("score"_L1).isNull());

    // Shortest text that reads back as the same double.
    const std::pair<double, QByteArray> numbers[] = {{1.0, "1"},
                                                     {0.1, "0.1"},
                                                     {1.07, "1.07"},
                                                     {-0.02, "-0.02"},
                                                     {0.9312345678901234, "0.9312345678901234"},
                                                     {1e-7, "1e-07"}};
    for (const auto& [value, text] : numbers) {
        relationship.hasScore = true;
        relationship.score = value;
        const QByteArray json = RelationshipWriter::recordJson(relationship);
        QVERIFY2(json.contains(QByteArray("\"score\":" + text + ",")), json.constData());
        QCOMPARE(parseObject(json).value("score"_L1).toDouble(), value);
    }
    relationship.score = std::numeric_limits<double>::infinity();
    QVERIFY(RelationshipWriter::recordJson(relationship).contains("\"score\":null,"));
}

void TestWriter::unknownMembersWrittenBack()
{
    Relationship relationship = sample();
    relationship.extraMembersJson =
        R"("pipeline_run_id":"run-7","review_hints":{"priority":"high","n":[1,2]})";
    const QByteArray json = RelationshipWriter::recordJson(relationship);
    QVERIFY(json.endsWith(QByteArray("," + relationship.extraMembersJson + "}")));
    const QJsonObject object = parseObject(json);
    QCOMPARE(object.size(), 13);
    QCOMPARE(object.value("pipeline_run_id"_L1).toString(), u"run-7"_s);
    QCOMPARE(object.value("review_hints"_L1).toObject().value("n"_L1).toArray().size(), 2);
}

void TestWriter::unknownStatusWrittenAsSent()
{
    Relationship relationship = sample();
    relationship.status = RelationshipStatus::Unknown;
    relationship.statusText = u"ON_HOLD"_s;
    relationship.type = RelationshipType::Unknown;
    relationship.typeText = u"EXTERNAL"_s;
    const QJsonObject object = parseObject(RelationshipWriter::recordJson(relationship));
    QCOMPARE(object.value("status"_L1).toString(), u"ON_HOLD"_s);
    QCOMPARE(object.value("type"_L1).toString(), u"EXTERNAL"_s);

    relationship.statusText.clear();
    relationship.status = RelationshipStatus::Rejected;
    QCOMPARE(
        parseObject(RelationshipWriter::recordJson(relationship)).value("status"_L1).toString(),
        u"REJECTED"_s);
}

void TestWriter::rawTimestampKept()
{
    Relationship relationship = sample();
    relationship.createdAtText = u"2023-11-07T06:31:56.123456+01:00"_s;
    relationship.createdAtMs = *parseTimestampMs(relationship.createdAtText);
    QVERIFY(RelationshipWriter::recordJson(relationship)
                .contains("\"created_at\":\"2023-11-07T06:31:56.123456+01:00\""));

    RelationshipRows rows;
    const int row = rows.append(relationship);
    QVERIFY(rows.row(row).hasRawTimes);
    const QByteArray json = RelationshipWriter::recordJson(rows, row);
    QVERIFY(json.contains("\"created_at\":\"2023-11-07T06:31:56.123456+01:00\""));
    QVERIFY(json.contains("\"updated_at\":\"2023-11-07T05:31:57.250Z\""));
}

void TestWriter::rowsAndRecordAgree()
{
    RelationshipRows rows;
    Relationship relationship = sample();
    relationship.extraMembersJson = R"("x":1)";
    const int first = rows.append(relationship);
    relationship.id = QUuid::fromString(u"00000000-0000-4000-8000-000000000001"_s);
    relationship.hasScore = false;
    const int second = rows.append(relationship);
    QCOMPARE(RelationshipWriter::recordJson(rows, first),
             RelationshipWriter::recordJson(rows.relationship(first)));
    QCOMPARE(RelationshipWriter::recordJson(rows, second),
             RelationshipWriter::recordJson(relationship));
}

void TestWriter::writeArray()
{
    RelationshipRows rows;
    QVERIFY(parseObject("{}").isEmpty());
    QCOMPARE(writeRows(rows), QByteArray("[]\n"));
    Relationship relationship = sample();
    for (int i = 0; i < 3; ++i) {
        relationship.id = QUuid::fromString(u"00000000-0000-4000-8000-00000000000%1"_s.arg(i));
        relationship.score = 0.5 + i / 10.0;
        rows.append(relationship);
    }
    const QByteArray bytes = writeRows(rows);
    QJsonParseError error;
    const QJsonArray array = QJsonDocument::fromJson(bytes, &error).array();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(array.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(array.at(i).toObject().value("id"_L1).toString(),
                 u"00000000-0000-4000-8000-00000000000%1"_s.arg(i));
        QCOMPARE(array.at(i).toObject().value("to_column_name"_L1).toString(),
                 relationship.toColumnName);
    }
    QCOMPARE(bytes, "[\n" + RelationshipWriter::recordJson(rows, 0) + ",\n" +
                        RelationshipWriter::recordJson(rows, 1) + ",\n" +
                        RelationshipWriter::recordJson(rows, 2) + "\n]\n");
}

void TestWriter::writeArraySubset()
{
    RelationshipRows rows;
    Relationship relationship = sample();
    for (int i = 0; i < 5; ++i) {
        relationship.id = QUuid::fromString(u"00000000-0000-4000-8000-00000000000%1"_s.arg(i));
        rows.append(relationship);
    }
    const QJsonArray array = QJsonDocument::fromJson(writeRows(rows, {4, 1})).array();
    QCOMPARE(array.size(), 2);
    QCOMPARE(array.at(0).toObject().value("id"_L1).toString(),
             u"00000000-0000-4000-8000-000000000004"_s);
    QCOMPARE(array.at(1).toObject().value("id"_L1).toString(),
             u"00000000-0000-4000-8000-000000000001"_s);
    QCOMPARE(writeRows(rows, {0, 5}), QByteArray("write failed"));
}

void TestWriter::writeArrayFailsOnBadDevice()
{
    RelationshipRows rows;
    rows.append(sample());
    QBuffer closed;
    QVERIFY(!RelationshipWriter::writeArray(rows, &closed));
    QVERIFY(!RelationshipWriter::writeArray(rows, nullptr));
}

void TestWriter::generatorWriterParserRoundTrip()
{
    DemoDataGenerator::Options options;
    options.relationshipCount = 1500;
    options.seed = 77;
    options.unknownMemberEvery = 50;
    const DemoDataGenerator generator(options);
    QByteArray generated;
    {
        QBuffer buffer(&generated);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(generator.writeList(&buffer));
    }
    const RelationshipParser::Result parsed = RelationshipParser::parseBytes(generated);
    QVERIFY2(parsed.ok, qPrintable(parsed.error.describe()));
    const RelationshipRows& rows = parsed.document.rows;
    QCOMPARE(rows.size(), options.relationshipCount);
    for (int i = 0; i < rows.size(); i += 97)
        QCOMPARE(rows.relationship(i), generator.relationship(i));
    QCOMPARE(rows.extraMembersJson(49).toByteArray(), generator.relationship(49).extraMembersJson);
    QVERIFY(!rows.extraMembersJson(49).isEmpty());
    // generator -> parser -> writer gives the generator's bytes back exactly.
    QCOMPARE(writeRows(rows), generated);
}

QTEST_GUILESS_MAIN(TestWriter)
#include "tst_writer.moc"
