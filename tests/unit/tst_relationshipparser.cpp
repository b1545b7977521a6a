#include "DemoDataGenerator.h"
#include "RelationshipParser.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

const QByteArray SourceId = "6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_ba;

QByteArray uuidText(const char* prefix, quint64 n)
{
    return QByteArray(prefix) + QByteArray::number(n, 16).rightJustified(12, '0');
}
QByteArray idFor(quint64 n)
{
    return uuidText("3c90c3cc-0d44-4b50-8888-", n);
}
QByteArray quoted(const QByteArray& text)
{
    return '"' + text + '"';
}

// A record as ordered raw members, so that a test can replace or drop exactly one of them.
struct RecordText
{
    QList<std::pair<QByteArray, QByteArray>> members; // name as written (no quotes) -> raw value

    RecordText& set(const QByteArray& name, const QByteArray& value)
    {
        for (auto& member : members) {
            if (member.first == name) {
                member.second = value;
                return *this;
            }
        }
        members.emplaceBack(name, value);
        return *this;
    }
    RecordText& remove(const QByteArray& name)
    {
        members.removeIf([&](const auto& member) { return member.first == name; });
        return *this;
    }
    QByteArray prettyJson() const
    {
        QByteArray out = "{\n";
        for (const auto& [name, value] : members) {
            if (out.size() > 2)
                out += ",\n";
            out += "    " + quoted(name) + " : " + value;
        }
        return out + "\n  }";
    }
    QByteArray json() const
    {
        QByteArray out = "{";
        for (const auto& [name, value] : members) {
            if (out.size() > 1)
                out += ',';
            out += quoted(name) + ':' + value;
        }
        return out + '}';
    }
};

const QByteArray SampleEvidence =
    R"({"name_similarity":0.81,"value_overlap":{"sampled":1000,"matched":930},"samples":["a","b"]})"_ba;

RecordText validRecord(quint64 n)
{
    RecordText record;
    record.set("id", quoted(idFor(n)))
        .set("integration_source_id", quoted(SourceId))
        .set("from_column_id", quoted(uuidText("a1b2c3d4-0000-4000-8000-", n)))
        .set("to_table_id", quoted(uuidText("b2c3d4e5-0000-4000-8000-", n % 7)))
        .set("to_column_name", quoted("customer_id"))
        .set("created_at", quoted("2023-11-07T05:31:56Z"))
        .set("updated_at", quoted("2023-11-08T06:00:00.250Z"))
        .set("type", quoted("INFERRED"))
        .set("status", quoted("SUGGESTED"))
        .set("score", "0.93")
        .set("evidence", SampleEvidence);
    return record;
}

QByteArray listOf(const QList<QByteArray>& records)
{
    return '[' + records.join(',') + ']';
}

// Line and column (1-based, bytes) of an offset, counted independently of the parser.
std::pair<int, int> positionOf(const QByteArray& input, qsizetype offset, qsizetype bomLength = 0)
{
    const QByteArray before = input.left(offset);
    const int line = int(before.count('\n')) + 1;
    const qsizetype lineStart = line == 1 ? bomLength : before.lastIndexOf('\n') + 1;
    return {line, int(offset - lineStart + 1)};
}
std::pair<int, int> at(const QByteArray& input, const QByteArray& needle, int skip = 0)
{
    const qsizetype index = input.indexOf(needle);
    Q_ASSERT(index >= 0);
    return positionOf(input, index + skip);
}
std::pair<int, int> atEnd(const QByteArray& input)
{
    return positionOf(input, input.size());
}

// Relationship::operator== ignores the score of rows without one (NaN would equal nothing).
bool sameRelationship(const Relationship& a, const Relationship& b)
{
    return a == b;
}

// --- The reference: the same rules applied to a QJsonDocument of the whole input. ---

struct ReferenceRow
{
    Relationship relationship; // evidenceJson and extraMembersJson left empty
    QJsonObject evidence;
    QJsonObject extraMembers;
};

std::optional<QUuid> referenceUuid(const QJsonValue& value)
{
    const QString text = value.toString();
    if (!value.isString() || text.size() != 36)
        return std::nullopt;
    const QUuid uuid = QUuid::fromString(text);
    if (uuid.isNull() && text != u"00000000-0000-0000-0000-000000000000"_s)
        return std::nullopt;
    return uuid;
}

std::optional<QList<ReferenceRow>> referenceParse(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    QJsonArray records;
    if (document.isArray())
        records = document.array();
    else if (document.object().contains("relationships"_L1))
        records = document.object().value("relationships"_L1).toArray();
    else
        records = document.object().value("items"_L1).toArray();

    static const QStringList known = {u"id"_s,
                                      u"integration_source_id"_s,
                                      u"from_column_id"_s,
                                      u"to_table_id"_s,
                                      u"to_column_name"_s,
                                      u"created_at"_s,
                                      u"updated_at"_s,
                                      u"type"_s,
                                      u"status"_s,
                                      u"score"_s,
                                      u"evidence"_s};
    QList<ReferenceRow> rows;
    for (const QJsonValue& value : records) {
        const QJsonObject object = value.toObject();
        ReferenceRow row;
        Relationship& r = row.relationship;
        const auto id = referenceUuid(object.value("id"_L1));
        const auto sourceId = referenceUuid(object.value("integration_source_id"_L1));
        const auto fromColumn = referenceUuid(object.value("from_column_id"_L1));
        const auto toTable = referenceUuid(object.value("to_table_id"_L1));
        if (!id || !sourceId || !fromColumn || !toTable)
            return std::nullopt;
        r.id = *id;
        r.integrationSourceId = *sourceId;
        r.fromColumnId = *fromColumn;
        r.toTableId = *toTable;
        r.toColumnName = object.value("to_column_name"_L1).toString();
        r.createdAtText = object.value("created_at"_L1).toString();
        r.updatedAtText = object.value("updated_at"_L1).toString();
        const auto created = parseTimestampMs(r.createdAtText);
        const auto updated = parseTimestampMs(r.updatedAtText);
        if (!created || !updated)
            return std::nullopt;
        r.createdAtMs = *created;
        r.updatedAtMs = *updated;
        const QJsonValue type = object.value("type"_L1);
        r.type = type.isString() ? typeFromName(type.toString()).value_or(RelationshipType::Unknown)
                                 : RelationshipType::Inferred;
        r.typeText = type.isString() ? type.toString() : typeName(r.type);
        const QJsonValue status = object.value("status"_L1);
        r.status = status.isString()
                       ? statusFromName(status.toString()).value_or(RelationshipStatus::Unknown)
                       : RelationshipStatus::Suggested;
        r.statusText = status.isString() ? status.toString() : statusName(r.status);
        const QJsonValue score = object.value("score"_L1);
        r.hasScore = score.isDouble();
        r.score = r.hasScore ? score.toDouble() : std::numeric_limits<double>::quiet_NaN();
        row.evidence = object.value("evidence"_L1).toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                row.extraMembers.insert(it.key(), it.value());
        }
        rows.append(row);
    }
    return rows;
}

QJsonObject objectOf(QByteArrayView json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return QJsonObject{{u"not an object"_s, QString::fromUtf8(json)}};
    return document.object();
}

// Compares every decoded row with the reference; returns the first difference, or empty.
QString compareWithReference(const RelationshipRows& rows, const QList<ReferenceRow>& reference)
{
    if (rows.size() != reference.size())
        return u"row count %1, reference %2"_s.arg(rows.size()).arg(reference.size());
    for (int i = 0; i < rows.size(); ++i) {
        const Relationship got = rows.relationship(i);
        const Relationship& want = reference[i].relationship;
        const auto differ = [&](const char* what, const QString& a, const QString& b) {
            return u"row %1 %2: got %3, expected %4"_s.arg(i).arg(QLatin1StringView(what), a, b);
        };
        if (got.id != want.id)
            return differ("id", got.id.toString(), want.id.toString());
        if (got.integrationSourceId != want.integrationSourceId)
            return differ("integration_source_id", got.integrationSourceId.toString(),
                          want.integrationSourceId.toString());
        if (got.fromColumnId != want.fromColumnId)
            return differ("from_column_id", got.fromColumnId.toString(),
                          want.fromColumnId.toString());
        if (got.toTableId != want.toTableId)
            return differ("to_table_id", got.toTableId.toString(), want.toTableId.toString());
        if (got.toColumnName != want.toColumnName)
            return differ("to_column_name", got.toColumnName, want.toColumnName);
        if (got.createdAtMs != want.createdAtMs || got.createdAtText != want.createdAtText)
            return differ("created_at", got.createdAtText, want.createdAtText);
        if (got.updatedAtMs != want.updatedAtMs || got.updatedAtText != want.updatedAtText)
            return differ("updated_at", got.updatedAtText, want.updatedAtText);
        if (got.type != want.type || got.typeText != want.typeText)
            return differ("type", got.typeText, want.typeText);
        if (got.status != want.status || got.statusText != want.statusText)
            return differ("status", got.statusText, want.statusText);
        if (got.hasScore != want.hasScore || (got.hasScore && got.score != want.score))
            return differ("score", QString::number(got.score, 'g', 17),
                          QString::number(want.score, 'g', 17));
        if (objectOf(got.evidenceJson) != reference[i].evidence)
            return differ("evidence", QString::fromUtf8(got.evidenceJson),
                          QString::fromUtf8(QJsonDocument(reference[i].evidence).toJson()));
        const QJsonObject extras = got.extraMembersJson.isEmpty()
                                       ? QJsonObject()
                                       : objectOf(QByteArray('{' + got.extraMembersJson + '}'));
        if (extras != reference[i].extraMembers)
            return differ("unknown members", QString::fromUtf8(got.extraMembersJson),
                          QString::fromUtf8(QJsonDocument(reference[i].extraMembers).toJson()));
    }
    return {};
}

// --- Random, valid, deliberately varied records for the reference comparison. ---

class RecordGenerator
{
public:
    explicit RecordGenerator(quint64 seed)
        : m_random(seed)
    {}

    QByteArray record(quint64 n)
    {
        QList<std::pair<QByteArray, QByteArray>> members;
        QByteArray id = idFor(n);
        if (chance(10))
            id = id.toUpper();
        members.emplaceBack("id", quoted(id));
        members.emplaceBack("integration_source_id",
                            quoted(chance(20) ? SourceId.toUpper() : SourceId));
        members.emplaceBack("from_column_id",
                            quoted(uuidText("a1b2c3d4-0000-4000-8000-", pick(5000))));
        members.emplaceBack("to_table_id", quoted(uuidText("b2c3d4e5-0000-4000-8000-", pick(300))));
        static const QByteArray names[] = {"customer_id"_ba,
                                           "id"_ba,
                                           "na\xc3\xafve_col"_ba,
                                           "\xe5\x90\x8d\xe5\x89\x8d"_ba,
                                           R"(with \"quote\")"_ba,
                                           R"(\u00e9t\u00e9)"_ba,
                                           R"(smile\ud83d\ude00)"_ba,
                                           R"(back\\slash\/\t)"_ba,
                                           ""_ba};
        members.emplaceBack("to_column_name", quoted(names[pick(std::size(names))]));
        static const QByteArray times[] = {"2023-11-07T05:31:56Z"_ba,
                                           "2024-02-29T23:59:59.123456+02:00"_ba,
                                           "2023-11-07 05:31:56"_ba, "2021-01-01T00:00:00.5z"_ba};
        members.emplaceBack("created_at", quoted(times[pick(std::size(times))]));
        members.emplaceBack("updated_at", quoted(times[pick(std::size(times))]));
        static const QByteArray types[] = {"\"FOREIGN_KEY\""_ba, "\"INFERRED\""_ba, "\"MANUAL\""_ba,
                                           "\"CUSTOM_X\""_ba,    "null"_ba,         ""_ba};
        if (const QByteArray type = types[pick(std::size(types))]; !type.isEmpty())
            members.emplaceBack("type", type);
        static const QByteArray statuses[] = {"\"SUGGESTED\""_ba, "\"APPROVED\""_ba,
                                              "\"REJECTED\""_ba,  "\"ARCHIVED\""_ba,
                                              "null"_ba,          ""_ba};
        if (const QByteArray status = statuses[pick(std::size(statuses))]; !status.isEmpty())
            members.emplaceBack("status", status);
        switch (pick(6)) {
        case 0:
            members.emplaceBack("score", "null");
            break;
        case 1:
            break;
        case 2:
            members.emplaceBack("score", QByteArray::number(int(pick(3))));
            break;
        case 3:
            members.emplaceBack("score", chance(2) ? "1.5e0" : "-0.25");
            break;
        default:
            members.emplaceBack("score", QByteArray::number(m_random.generateDouble(), 'g', 17));
        }
        switch (pick(5)) {
        case 0:
            break;
        case 1:
            members.emplaceBack("evidence", "null");
            break;
        case 2:
            members.emplaceBack("evidence", "{}");
            break;
        default:
            members.emplaceBack("evidence", object(0));
        }
        if (chance(4))
            members.emplaceBack("origin", quoted("pipeline-v" + QByteArray::number(int(pick(9)))));
        if (chance(6))
            members.emplaceBack("tags", R"([ "a", 1, null, {"k": [true, false]} ])");
        if (chance(8))
            members.emplaceBack(R"(\u0078tra)", "{}");
        if (chance(3))
            std::shuffle(members.begin(), members.end(), m_random);

        QByteArray out = "{" + space();
        for (qsizetype i = 0; i < members.size(); ++i) {
            if (i > 0)
                out += ',' + space();
            out += quoted(members[i].first) + space() + ':' + space() + members[i].second + space();
        }
        return out + '}';
    }

    QByteArray list(int count, quint64 firstId = 0)
    {
        QByteArray out = "[" + space();
        for (int i = 0; i < count; ++i) {
            if (i > 0)
                out += ',' + space();
            out += record(firstId + quint64(i));
        }
        return out + space() + ']';
    }

private:
    quint64 pick(quint64 bound) { return m_random.bounded(quint64(bound)); }
    bool chance(int oneIn) { return pick(quint64(oneIn)) == 0; }
    QByteArray space()
    {
        static const QByteArray spaces[] = {""_ba, ""_ba, " "_ba, "\n  "_ba, "\r\n\t"_ba};
        return spaces[pick(std::size(spaces))];
    }
    QByteArray scalar()
    {
        switch (pick(8)) {
        case 0:
            return "null";
        case 1:
            return chance(2) ? "true" : "false";
        case 2:
            return "123456789012345678901234567890"; // beyond 64 bits: still valid JSON
        case 3:
            return QByteArray::number(m_random.generateDouble() * 1e6, 'g', 17);
        case 4:
            return "\"esc \\\"\\\\\\/\\b\\f\\n\\r\\t \\u0041 \\ud834\\udd1e\"";
        case 5:
            return "-0.5E-3";
        default:
            return quoted("value " + QByteArray::number(int(pick(1000))));
        }
    }
    QByteArray object(int depth)
    {
        QByteArray out = "{";
        const int count = int(pick(5));
        for (int i = 0; i < count; ++i) {
            if (i > 0)
                out += ',';
            out += quoted("k" + QByteArray::number(i)) + ':' + value(depth + 1);
        }
        return out + '}';
    }
    QByteArray value(int depth)
    {
        if (depth > 4)
            return scalar();
        switch (pick(4)) {
        case 0:
            return object(depth);
        case 1: {
            QByteArray out = "[";
            const int count = int(pick(4));
            for (int i = 0; i < count; ++i) {
                if (i > 0)
                    out += ", ";
                out += value(depth + 1);
            }
            return out + ']';
        }
        default:
            return scalar();
        }
    }

    QRandomGenerator m_random;
};

// A list of at least `minimumBytes`, large enough for the parser's two-thread path.
QByteArray largeList(qsizetype minimumBytes, quint64 seed, int* recordCount)
{
    RecordGenerator generator(seed);
    QByteArray out = "[";
    int count = 0;
    while (out.size() < minimumBytes) {
        if (count > 0)
            out += ",\n";
        out += generator.record(quint64(count));
        ++count;
    }
    *recordCount = count;
    return out + "]\n";
}

} // namespace

class TestRelationshipParser : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void everyMember();
    void equalityIgnoresAnAbsentScore();
    void nullsAndDefaults();
    void unknownMembersKept();
    void unknownStatusAndTypeKept();
    void escapesAndCase();
    void columnNameLengthCountsCharacters();
    void emptyList_data();
    void emptyList();
    void byteOrderMark();
    void pagedEnvelope();
    void snapshotEnvelope();
    void unusualButValid();
    void deepEvidenceLoads();
    void hugeStringsLoad();

    void badInput_data();
    void badInput();
    void binaryGarbageNeverCrashes();
    void describe();
    void lineAndColumnCountNewlines();
    void messagesTranslatedUnderTheirClass_data();
    void messagesTranslatedUnderTheirClass();

    void parseRecord();
    void parseRecordErrors();
    void parseFileMatchesParseBytes();
    void parseFileErrors();

    void matchesReferenceParse_data();
    void matchesReferenceParse();
    void largeInputMatchesReference();
    void demoDataMatchesGeneratorAndReference();
    void duplicateIdsInLargeInput();
    void errorAtEndOfLargeInputReturnsNoRows();
    void progressReported();
    void cancel_data();
    void cancel();

private:
    QTemporaryDir m_dir;
    QByteArray m_large;
    int m_largeCount = 0;
};

void TestRelationshipParser::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Above the threshold at which the parser scans on a second thread and releases pages.
    m_large = largeList(20 * 1024 * 1024, 4242, &m_largeCount);
}

void TestRelationshipParser::equalityIgnoresAnAbsentScore()
{
    Relationship a;
    a.id = QUuid::createUuid();
    Relationship b = a;
    QVERIFY(!a.hasScore);
    QVERIFY(std::isnan(a.score));
    QVERIFY(a == b); // no score on either side: equal, though NaN != NaN
    b.score = 0.5;   // a leftover value without hasScore is no score either
    QVERIFY(a == b);
    a.hasScore = true;
    a.score = 0.5;
    QVERIFY(a != b); // one has a score, the other none
    b.hasScore = true;
    QVERIFY(a == b);
    b.score = 0.25;
    QVERIFY(a != b);
    b.score = 0.5;
    b.toColumnName = u"other"_s;
    QVERIFY(a != b); // every other member counts
}

void TestRelationshipParser::everyMember()
{
    const QByteArray json = listOf({validRecord(1).json()});
    const auto result = RelationshipParser::parseBytes(json);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.size(), 1);
    QVERIFY(!result.document.header.isEnvelope);
    const Relationship r = result.document.rows.relationship(0);
    QCOMPARE(r.id, QUuid::fromString(QLatin1StringView(idFor(1))));
    QCOMPARE(r.integrationSourceId, QUuid::fromString(QLatin1StringView(SourceId)));
    QCOMPARE(r.fromColumnId, QUuid(u"a1b2c3d4-0000-4000-8000-000000000001"_s));
    QCOMPARE(r.toTableId, QUuid(u"b2c3d4e5-0000-4000-8000-000000000001"_s));
    QCOMPARE(r.toColumnName, u"customer_id"_s);
    QCOMPARE(r.createdAtText, u"2023-11-07T05:31:56Z"_s);
    QCOMPARE(r.createdAtMs, qint64(1699335116000));
    QCOMPARE(r.updatedAtText, u"2023-11-08T06:00:00.250Z"_s);
    QCOMPARE(r.updatedAtMs, qint64(1699423200250));
    QCOMPARE(r.type, RelationshipType::Inferred);
    QCOMPARE(r.typeText, u"INFERRED"_s);
    QCOMPARE(r.status, RelationshipStatus::Suggested);
    QCOMPARE(r.statusText, u"SUGGESTED"_s);
    QVERIFY(r.hasScore);
    QCOMPARE(r.score, 0.93);
    QCOMPARE(r.evidenceJson, SampleEvidence); // byte for byte, never re-serialised
    QVERIFY(r.extraMembersJson.isEmpty());

    RecordText other = validRecord(2);
    other.set("type", quoted("FOREIGN_KEY")).set("status", quoted("APPROVED")).set("score", "1");
    RecordText third = validRecord(3);
    third.set("type", quoted("MANUAL")).set("status", quoted("REJECTED")).set("score", "-2.5e-1");
    const auto more = RelationshipParser::parseBytes(listOf({other.json(), third.json()}));
    QVERIFY2(more.ok, qPrintable(more.error.describe()));
    QCOMPARE(more.document.rows.relationship(0).type, RelationshipType::ForeignKey);
    QCOMPARE(more.document.rows.relationship(0).status, RelationshipStatus::Approved);
    QCOMPARE(more.document.rows.relationship(0).score, 1.0);
    QCOMPARE(more.document.rows.relationship(1).type, RelationshipType::Manual);
    QCOMPARE(more.document.rows.relationship(1).status, RelationshipStatus::Rejected);
    QCOMPARE(more.document.rows.relationship(1).score, -0.25);
    QVERIFY(!more.document.rows.relationship(1).scoreInRange()); // kept as sent, flagged later
}

void TestRelationshipParser::nullsAndDefaults()
{
    RecordText nulls = validRecord(1);
    nulls.set("type", "null").set("status", "null").set("score", "null").set("evidence", "null");
    RecordText absent = validRecord(2);
    absent.remove("type").remove("status").remove("score").remove("evidence");
    const auto result = RelationshipParser::parseBytes(listOf({nulls.json(), absent.json()}));
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    for (int row = 0; row < 2; ++row) {
        const Relationship r = result.document.rows.relationship(row);
        QCOMPARE(r.type, RelationshipType::Inferred);
        QCOMPARE(r.status, RelationshipStatus::Suggested);
        QVERIFY(!r.hasScore);
        QVERIFY(std::isnan(r.score));
        QCOMPARE(r.evidenceJson, "{}"_ba);
        QVERIFY(r.extraMembersJson.isEmpty());
    }
}

void TestRelationshipParser::unknownMembersKept()
{
    RecordText record = validRecord(1);
    record.members.insert(0, {"origin", quoted("pipeline-v2")});
    record.set("tags", R"([ "a", 1, null, {"k": [true, 1e3]} ])");
    record.set(R"(\u0078tra)", "{}");
    record.set("count", "123456789012345678901234567890");
    const auto result = RelationshipParser::parseBytes(listOf({record.json()}));
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    // Exactly as written, in order, joined by commas: the inside of an object.
    QCOMPARE(
        result.document.rows.relationship(0).extraMembersJson,
        R"("origin":"pipeline-v2","tags":[ "a", 1, null, {"k": [true, 1e3]} ],"\u0078tra":{},"count":123456789012345678901234567890)"_ba);
    QCOMPARE(objectOf(QByteArray('{' + result.document.rows.relationship(0).extraMembersJson + '}'))
                 .size(),
             4);
}

void TestRelationshipParser::unknownStatusAndTypeKept()
{
    RecordText record = validRecord(1);
    record.set("type", quoted("PROBABILISTIC")).set("status", quoted("approved"));
    const auto result = RelationshipParser::parseBytes(listOf({record.json()}));
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    const Relationship r = result.document.rows.relationship(0);
    QCOMPARE(r.type, RelationshipType::Unknown);
    QCOMPARE(r.typeText, u"PROBABILISTIC"_s);
    QCOMPARE(r.status, RelationshipStatus::Unknown); // not APPROVED: names are exact
    QCOMPARE(r.statusText, u"approved"_s);
}

void TestRelationshipParser::escapesAndCase()
{
    RecordText record = validRecord(1);
    record.set("id", quoted(idFor(1).toUpper()))
        .set("to_column_name", R"("caf\u00e9 \"x\" \ud83d\ude00 \\ \/")")
        .set("status", R"("\u0041PPROVED")");
    // A member name written with escapes is still that member.
    record.members[1].first = R"(integration_source\u005fid)";
    const auto result = RelationshipParser::parseBytes(listOf({record.json()}));
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    const Relationship r = result.document.rows.relationship(0);
    QCOMPARE(r.id, QUuid::fromString(QLatin1StringView(idFor(1))));
    QCOMPARE(r.integrationSourceId, QUuid::fromString(QLatin1StringView(SourceId)));
    QCOMPARE(r.toColumnName, u"café \"x\" \U0001F600 \\ /"_s);
    QCOMPARE(r.status, RelationshipStatus::Approved);
    QVERIFY(r.extraMembersJson.isEmpty());
}

void TestRelationshipParser::columnNameLengthCountsCharacters()
{
    // 255 two-byte characters: 510 bytes, still 255 characters.
    RecordText record = validRecord(1);
    QByteArray name;
    for (int i = 0; i < 255; ++i)
        name += "\xc3\xa9";
    record.set("to_column_name", quoted(name));
    const auto result = RelationshipParser::parseBytes(listOf({record.json()}));
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.relationship(0).toColumnName.size(), 255);

    record.set("to_column_name", quoted(name + "x"));
    const auto tooLong = RelationshipParser::parseBytes(listOf({record.json()}));
    QVERIFY(!tooLong.ok);
    QVERIFY2(tooLong.error.message.contains("255"_L1), qPrintable(tooLong.error.describe()));
}

void TestRelationshipParser::emptyList_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("bare") << "[]"_ba;
    QTest::newRow("spaced") << " \r\n[ \n ]\n\n"_ba;
    QTest::newRow("bom") << "\xef\xbb\xbf[]"_ba;
    QTest::newRow("items") << R"({"items": [], "total": 0})"_ba;
    QTest::newRow("snapshot")
        << R"({"format":"relreview-snapshot","version":1,"relationships":[]})"_ba;
}

void TestRelationshipParser::emptyList()
{
    QFETCH(QByteArray, input);
    const auto result = RelationshipParser::parseBytes(input);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QVERIFY(result.document.rows.isEmpty());
}

void TestRelationshipParser::byteOrderMark()
{
    const QByteArray json = "\xef\xbb\xbf\n" + listOf({validRecord(1).json()});
    const auto result = RelationshipParser::parseBytes(json);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.size(), 1);

    // Positions stay file offsets, but the mark is not a column.
    const QByteArray broken = "\xef\xbb\xbf[1]"_ba;
    const auto error = RelationshipParser::parseBytes(broken);
    QVERIFY(!error.ok);
    QCOMPARE(error.error.byteOffset, qint64(4));
    QCOMPARE(error.error.line, 1);
    QCOMPARE(error.error.column, 2);
}

void TestRelationshipParser::pagedEnvelope()
{
    const QByteArray json = R"({"total": 2, "next": null, "items": [)" + validRecord(1).json() +
                            ',' + validRecord(2).json() + R"(], "limit": 100})";
    const auto result = RelationshipParser::parseBytes(json);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.size(), 2);
    QVERIFY(!result.document.header.isEnvelope);
    QCOMPARE(result.document.rows.relationship(1).id,
             QUuid::fromString(QLatin1StringView(idFor(2))));
}

void TestRelationshipParser::snapshotEnvelope()
{
    const QByteArray table = "b2c3d4e5-0000-4000-8000-000000000001";
    const QByteArray column = "a1b2c3d4-0000-4000-8000-000000000001";
    // Members in an unusual order (rows first, format last) are fine.
    const QByteArray json =
        R"({"relationships": [)" + validRecord(1).json() + R"(], "columns": [{"id": ")" + column +
        R"(", "name": "cust_id", "table_id": ")" + table +
        R"(", "data_type": "integer"}], "tables": [{"id": ")" + table +
        R"(", "name": "customers"}], "exported_at": "2026-11-27T10:00:00Z", "source": {"base_url": "https://config.heyhumm.ai", "integration_source_id": ")" +
        SourceId +
        R"(", "scope": {"organization_id": "11111111-2222-3333-4444-555555555555"}}, "future_member": [1], "version": 1, "format": "relreview-snapshot"})";
    const auto result = RelationshipParser::parseBytes(json);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    const SnapshotHeader& header = result.document.header;
    QVERIFY(header.isEnvelope);
    QCOMPARE(header.format, u"relreview-snapshot"_s);
    QCOMPARE(header.version, 1);
    QCOMPARE(header.exportedAt, u"2026-11-27T10:00:00Z"_s);
    QCOMPARE(header.source.baseUrl, u"https://config.heyhumm.ai"_s);
    QCOMPARE(header.source.integrationSourceId, QUuid::fromString(QLatin1StringView(SourceId)));
    QCOMPARE(header.source.scope.value("organization_id"_L1).toString(),
             u"11111111-2222-3333-4444-555555555555"_s);
    QCOMPARE(result.document.rows.size(), 1);
    const ColumnCatalog& catalog = result.document.catalog;
    QCOMPARE(catalog.columnCount(), 1);
    QCOMPARE(catalog.tableName(QUuid::fromString(QLatin1StringView(table))), u"customers"_s);
    const ColumnInfo* info = catalog.column(QUuid::fromString(QLatin1StringView(column)));
    QVERIFY(info);
    QCOMPARE(info->name, u"cust_id"_s);
}

void TestRelationshipParser::unusualButValid()
{
    RecordText record = validRecord(1);
    // Lone surrogates and big numbers are valid JSON inside free-form evidence.
    record.set("evidence", R"({"odd": "\ud800", "big": -123456789012345678901234567890e-5})");
    const QByteArray pretty =
        "[\n  " + validRecord(2).prettyJson() + ",\n  " + record.prettyJson() + "\n]\n";
    const auto result = RelationshipParser::parseBytes(pretty);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.size(), 2);
    QCOMPARE(result.document.rows.relationship(1).evidenceJson,
             R"({"odd": "\ud800", "big": -123456789012345678901234567890e-5})"_ba);
}

void TestRelationshipParser::deepEvidenceLoads()
{
    const int depth = 300;
    QByteArray evidence;
    for (int i = 0; i < depth; ++i)
        evidence += R"({"level":)";
    evidence += "0";
    for (int i = 0; i < depth; ++i)
        evidence += '}';
    RecordText record = validRecord(1);
    record.set("evidence", evidence);
    const auto result = RelationshipParser::parseBytes(listOf({record.json()}));
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.relationship(0).evidenceJson, evidence);
}

void TestRelationshipParser::hugeStringsLoad()
{
    const QByteArray big(6 * 1024 * 1024, 'x');
    RecordText record = validRecord(1);
    record.set("evidence", R"({"samples": [")" + big + R"("]})");
    record.set("note", quoted(big + "\\n" + big));
    const auto result =
        RelationshipParser::parseBytes(listOf({record.json(), validRecord(2).json()}));
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.size(), 2);
    QCOMPARE(result.document.rows.relationship(0).evidenceJson.size(), big.size() + 17);
    QCOMPARE(result.document.rows.relationship(0).extraMembersJson.size(),
             2 * big.size() + 11); // "note":"<big>\n<big>"
}

void TestRelationshipParser::badInput_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<qint64>("record");
    QTest::addColumn<QString>("member");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    const auto row = [](const char* name, const QByteArray& input, const char* fragment,
                        qint64 record, const char* member, std::pair<int, int> where) {
        QTest::newRow(name) << input << QString::fromUtf8(fragment) << record
                            << QString::fromUtf8(member) << where.first << where.second;
    };
    const QByteArray r0 = validRecord(0).json();
    const QByteArray r1 = validRecord(1).json();
    const auto withMember = [](quint64 n, const QByteArray& name, const QByteArray& value) {
        return validRecord(n).set(name, value).json();
    };
    const auto without = [](quint64 n, const QByteArray& name) {
        return validRecord(n).remove(name).json();
    };

    // Not JSON at all, or not what the parser reads.
    row("empty", "", "empty", -1, "", {1, 1});
    row("white space only", " \n\t ", "only white space", -1, "", {2, 3});
    row("text", "hello", "not JSON", -1, "", {1, 1});
    row("html error page", "<html><body>502 Bad Gateway</body></html>", "not JSON", -1, "", {1, 1});
    row("single number", "42", "single value", -1, "", {1, 1});
    row("png", "\x89PNG\r\n\x1a\n"_ba, "not JSON", -1, "", {1, 1});
    row("utf-16le bom", "\xff\xfe[\0]\0"_ba, "UTF-16 is not supported; save as UTF-8", -1, "",
        {1, 1});
    row("utf-16be bom", "\xfe\xff\0[\0]"_ba, "UTF-16 is not supported", -1, "", {1, 1});
    row("utf-16le without bom", QByteArray("[\0{\0}\0]\0", 8), "UTF-16 is not supported", -1, "",
        {1, 1});
    row("utf-32le bom", QByteArray("\xff\xfe\0\0[\0\0\0", 8), "UTF-16 is not supported", -1, "",
        {1, 1});
    row("empty object", "{}", "empty object", -1, "", {1, 1});
    row("object without rows", R"({"detail": "Not authenticated"})", "without either", -1, "",
        {1, 1});
    row("trailing data", "[] x", "after the end", -1, "", {1, 4});
    row("two documents", "[][]", "after the end", -1, "", {1, 3});

    // Truncated.
    row("only bracket", "[", "end of input", -1, "", {1, 2});
    {
        const QByteArray input = '[' + r0 + ',' + r1.left(r1.indexOf("value_overlap"));
        row("truncated in evidence", input, "end of input", 1, "evidence", atEnd(input));
    }
    {
        const QByteArray input = '[' + r0.left(12);
        row("truncated in id", input, "end of input inside a string", 0, "id", atEnd(input));
    }
    {
        const QByteArray input = '[' + r0;
        row("missing closing bracket", input, "end of input", 0, "", atEnd(input));
    }

    // Grammar.
    {
        const QByteArray input = '[' + r0 + ' ' + r1 + ']';
        row("missing comma", input, "',' or ']' after a record", 0, "", at(input, " {", 1));
    }
    {
        const QByteArray input = '[' + r0 + ",]";
        row("trailing comma", input, "relationship object after ','", 1, "", at(input, ",]", 1));
    }
    row("record not an object", "[1]", "expected a relationship object", 0, "", {1, 2});
    row("record is an array", "[[]]", "expected a relationship object", 0, "", {1, 2});
    row("unquoted name", "[{id: 1}]", "member name in double quotes", 0, "", {1, 3});
    {
        const QByteArray input = R"([{"id" "x"}])";
        row("missing colon", input, "':' after the member name", 0, "", {1, 8});
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", R"({"n": 01})") + ']';
        row("leading zero", input, "invalid number", 0, "evidence", at(input, "01"));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", R"({"n": -})") + ']';
        row("lone minus", input, "invalid number", 0, "evidence", at(input, "-}"));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", R"({"n": 1.})") + ']';
        row("bare decimal point", input, "decimal point", 0, "evidence", at(input, "1.}"));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", R"({"ok": tru})") + ']';
        row("bad literal", input, "invalid literal", 0, "evidence", at(input, "tru"));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", R"({"a": [1, 2,]})") + ']';
        row("trailing comma in evidence", input, "expected a value", 0, "evidence",
            at(input, ",]", 1));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", R"({"a": [1 2]})") + ']';
        row("missing comma in evidence", input, "',' or ']' after a value", 0, "evidence",
            at(input, " 2]", 1));
    }
    {
        const QByteArray input = '[' + withMember(0, "to_column_name", R"("a\x")") + ']';
        row("bad escape", input, "invalid escape", 0, "to_column_name", at(input, "\\x"));
    }
    {
        const QByteArray input = '[' + withMember(0, "to_column_name", R"("a\u12G4")") + ']';
        row("bad unicode escape", input, "four hex digits", 0, "to_column_name", at(input, "\\u"));
    }
    {
        const QByteArray input = '[' + withMember(0, "to_column_name", "\"a\tb\"") + ']';
        row("raw tab in string", input, "control character", 0, "to_column_name", at(input, "\t"));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", "{\"a\": \"line\nbreak\"}") + ']';
        row("raw newline in string", input, "control character", 0, "evidence",
            at(input, "\nbreak"));
    }
    {
        const QByteArray input = R"([{"id":)" + QByteArray(1, '\0') + "}]";
        row("nul byte", input, "byte 0x00", 0, "id", {1, 8});
    }

    // Encoding.
    {
        const QByteArray input = '[' + withMember(0, "to_column_name", "\"bad \xff byte\"") + ']';
        row("invalid utf-8", input, "invalid UTF-8", 0, "to_column_name", at(input, "\xff"));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", "{\"a\": \"\xc0\xaf\"}") + ']';
        row("overlong utf-8", input, "invalid UTF-8", 0, "evidence", at(input, "\xc0"));
    }
    {
        const QByteArray input = '[' + withMember(0, "to_column_name", R"("\ud800x")") + ']';
        row("unpaired surrogate in a name", input, "unpaired surrogate", 0, "to_column_name",
            at(input, R"("\ud800x")"));
    }

    // Nesting far deeper than any evidence: an error, never a stack overflow.
    {
        const QByteArray deep(100000, '[');
        const QByteArray input = '[' + withMember(0, "evidence", deep) + ']';
        // The list is level 1, the record 2: the 1023rd bracket would be level 1025.
        row("100000 nested arrays", input, "nested deeper than 1024 levels", 0, "evidence",
            at(input, deep.left(16), 1022));
    }
    {
        QByteArray deep;
        for (int i = 0; i < 100000; ++i)
            deep += R"({"a":)";
        const QByteArray input = '[' + withMember(0, "extra", deep) + ']';
        row("100000 nested objects", input, "nested deeper than 1024 levels", 0, "extra",
            at(input, deep.left(16), 1022 * 5));
    }
    {
        const QByteArray input = "[" + QByteArray(100000, '[');
        row("100000 nested lists", input, "expected a relationship object", 0, "", {1, 2});
    }

    // Members of a record.
    {
        const QByteArray input = '[' + r0 + ',' + withMember(1, "id", quoted("not-a-uuid")) + ']';
        row("id not a uuid", input, "not a valid UUID: \"not-a-uuid\"", 1, "id",
            at(input, "\"not-a-uuid"));
    }
    {
        const QByteArray input = '[' + withMember(0, "id", "17") + ']';
        row("id a number", input, "expected a UUID string", 0, "id", at(input, "17"));
    }
    {
        const QByteArray input = '[' + withMember(0, "integration_source_id", "null") + ']';
        row("source id null", input, "expected a UUID string", 0, "integration_source_id",
            at(input, "null"));
    }
    {
        const QByteArray bad = quoted("zzzzzzzz-0000-4000-8000-000000000000");
        const QByteArray input = '[' + withMember(0, "from_column_id", bad) + ']';
        row("from column not hex", input, "not a valid UUID", 0, "from_column_id", at(input, bad));
    }
    {
        const QByteArray bad = quoted("{b2c3d4e5-0000-4000-8000-000000000001}");
        const QByteArray input = '[' + withMember(0, "to_table_id", bad) + ']';
        row("to table in braces", input, "not a valid UUID", 0, "to_table_id", at(input, bad));
    }
    {
        const QByteArray input = '[' + withMember(0, "to_column_name", "[]") + ']';
        row("column name an array", input, "expected a string", 0, "to_column_name",
            at(input, "[]"));
    }
    {
        const QByteArray input =
            '[' + withMember(0, "to_column_name", quoted(QByteArray(256, 'c'))) + ']';
        row("column name too long", input, "longer than 255 characters (256)", 0, "to_column_name",
            at(input, "\"ccc"));
    }
    {
        const QByteArray input = '[' + withMember(0, "created_at", quoted("yesterday")) + ']';
        row("created_at not a time", input, "not a valid ISO 8601 date-time", 0, "created_at",
            at(input, "\"yesterday"));
    }
    {
        const QByteArray input = '[' + withMember(0, "updated_at", "null") + ']';
        row("updated_at null", input, "expected a date-time string", 0, "updated_at",
            at(input, "null"));
    }
    {
        const QByteArray input = '[' + withMember(0, "type", "3") + ']';
        row("type a number", input, "expected a string or null", 0, "type",
            at(input, "\"type\":3", 7));
    }
    {
        const QByteArray input = '[' + withMember(0, "status", "true") + ']';
        row("status a boolean", input, "expected a string or null", 0, "status", at(input, "true"));
    }
    {
        const QByteArray input =
            '[' + r0 + ',' + r1 + ',' + withMember(2, "score", quoted("0.9")) + ']';
        row("score a string", input, "expected a number or null", 2, "score", at(input, "\"0.9\""));
    }
    {
        const QByteArray input = '[' + withMember(0, "score", "1e999") + ']';
        row("score out of range", input, "number out of range", 0, "score", at(input, "1e999"));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", "[]") + ']';
        row("evidence an array", input, "expected an object or null", 0, "evidence",
            at(input, "[]"));
    }
    {
        const QByteArray input = '[' + withMember(0, "evidence", quoted("{}")) + ']';
        row("evidence a string", input, "expected an object or null", 0, "evidence",
            at(input, "\"{}\""));
    }
    {
        const QByteArray input = '[' + r0 + ",\n" + without(1, "id") + ']';
        row("missing id", input, "missing required member", 1, "id", {2, 1});
    }
    {
        const QByteArray input = '[' + without(0, "to_column_name") + ']';
        row("missing column name", input, "missing required member", 0, "to_column_name", {1, 2});
    }
    {
        const QByteArray input = '[' + without(0, "updated_at") + ']';
        row("missing updated_at", input, "missing required member", 0, "updated_at", {1, 2});
    }
    row("empty record", "[{}]", "missing required member", 0, "id", {1, 2});
    {
        RecordText twice = validRecord(0);
        twice.members.emplaceBack("score", "0.5");
        const QByteArray input = '[' + twice.json() + ']';
        row("member twice", input, "more than once", 0, "score", at(input, "\"score\":0.5"));
    }
    {
        const QByteArray input = '[' + r0 + ",\n" + r1 + ",\n" + validRecord(0).json() + ']';
        row("duplicate ids", input, "duplicate id: record 0 has the same id", 2, "id",
            {3, int(validRecord(0).json().indexOf(idFor(0)))});
    }

    // Envelopes.
    {
        const QByteArray input = R"({"format": "other-tool", "version": 1, "relationships": []})";
        row("unknown format", input, "unknown format \"other-tool\"", -1, "format",
            at(input, "\"other"));
    }
    {
        const QByteArray input =
            R"({"format": "relreview-snapshot", "version": 2, "relationships": []})";
        row("newer version", input, "version 2 is newer", -1, "version", at(input, "2,"));
    }
    {
        const QByteArray input =
            R"({"format": "relreview-snapshot", "version": "1", "relationships": []})";
        row("version a string", input, "expected a number", -1, "version", at(input, "\"1\""));
    }
    {
        const QByteArray input = R"({"format": "relreview-snapshot", "relationships": []})";
        row("version missing", input, "missing required member", -1, "version", {1, 1});
    }
    {
        const QByteArray input = R"({"relationships": []})";
        row("format missing", input, "missing required member", -1, "format", {1, 1});
    }
    {
        const QByteArray input = R"({"items": {}})";
        row("items an object", input, "expected an array of relationships", -1, "items",
            at(input, "{}"));
    }
    {
        const QByteArray input = R"({"items": [], "items": []})";
        row("items twice", input, "second list", -1, "items", at(input, "\"items\": []", 13));
    }
    {
        const QByteArray input =
            R"({"format": "relreview-snapshot", "version": 1, "relationships": [], "columns": 5})";
        row("columns a number", input, "expected an array or null", -1, "columns", at(input, "5}"));
    }
    {
        const QByteArray input =
            R"({"format": "relreview-snapshot", "version": 1, "relationships": [], "columns": [{"id": "nope"}]})";
        row("column without a uuid", input, "column 0", -1, "columns", at(input, "[{"));
    }
    {
        const QByteArray input =
            R"({"format": "relreview-snapshot", "version": 1, "relationships": [], "source": {"integration_source_id": 7}})";
        row("source id not a uuid", input, "expected a UUID string", -1,
            "source.integration_source_id", at(input, "{\"integration"));
    }
    {
        const QByteArray input =
            R"({"format": "relreview-snapshot", "version": 1, "relationships": [)" + r0 + ',' +
            withMember(1, "score", "{}") + "]}";
        row("bad record in snapshot", input, "expected a number or null", 1, "score",
            at(input, ":{}", 1));
    }
    {
        QByteArray deep(100000, '[');
        const QByteArray input = R"({"items": [], "columns": )" + deep;
        row("deep header member", input, "nested deeper", -1, "columns", at(input, "[[[", 1023));
    }
}

void TestRelationshipParser::badInput()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, fragment);
    QFETCH(qint64, record);
    QFETCH(QString, member);
    QFETCH(int, line);
    QFETCH(int, column);

    const auto check = [&](const RelationshipParser::Result& result) {
        QVERIFY(!result.ok);
        QVERIFY(!result.cancelled);
        QVERIFY(result.document.rows.isEmpty()); // nothing partial
        QVERIFY2(result.error.message.contains(fragment),
                 qPrintable(u"expected \"%1\" in: %2"_s.arg(fragment, result.error.describe())));
        QCOMPARE(result.error.recordIndex, record);
        QCOMPARE(result.error.member, member);
        QCOMPARE(result.error.line, line);
        QCOMPARE(result.error.column, column);
    };
    check(RelationshipParser::parseBytes(input));
    if (QTest::currentTestFailed())
        return;

    const QString path = m_dir.filePath(u"bad.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(input), input.size());
    file.close();
    const auto fromFile = RelationshipParser::parseFile(path);
    check(fromFile);
    QVERIFY(fromFile.error.describe(u"bad.json"_s).startsWith(u"bad.json:"_s));
}

void TestRelationshipParser::binaryGarbageNeverCrashes()
{
    QRandomGenerator random(77);
    const QByteArray valid = listOf({validRecord(1).json(), validRecord(2).json()});
    for (int round = 0; round < 2000; ++round) {
        QByteArray input;
        if (round % 2 == 0) {
            input.resize(qsizetype(random.bounded(1, 200)));
            for (char& c : input)
                c = char(random.bounded(256));
        } else {
            // A valid list with a few bytes flipped or cut.
            input = valid;
            for (int k = 0; k < 3; ++k)
                input[qsizetype(random.bounded(int(input.size())))] = char(random.bounded(256));
            if (random.bounded(2))
                input.truncate(random.bounded(int(input.size())));
        }
        const auto result = RelationshipParser::parseBytes(input);
        if (!result.ok) {
            QVERIFY(!result.error.message.isEmpty());
            QVERIFY(result.document.rows.isEmpty());
            QVERIFY(result.error.byteOffset <= input.size());
            if (result.error.byteOffset >= 0)
                QVERIFY(result.error.line >= 1 && result.error.column >= 1);
        }
    }
}

void TestRelationshipParser::describe()
{
    ParseError error;
    error.message = u"expected a number or null"_s;
    error.line = 12;
    error.column = 5;
    error.recordIndex = 41;
    error.recordId = u"3c90c3cc-0d44-4b50-8888-8dd25736052a"_s;
    error.member = u"score"_s;
    QCOMPARE(error.describe(u"demo.json"_s),
             u"demo.json:12:5: record 41 (id 3c90c3cc-0d44-4b50-8888-8dd25736052a), member "
             "\"score\": expected a number or null"_s);
    QCOMPARE(error.describe(), u"12:5: record 41 (id 3c90c3cc-0d44-4b50-8888-8dd25736052a), "
                               "member \"score\": expected a number or null"_s);

    // From a real parse: the id is named even though the problem is in another member.
    const QByteArray input =
        "[\n" + validRecord(0).json() + ",\n" + validRecord(41).set("score", "true").json() + "\n]";
    const auto result = RelationshipParser::parseBytes(input);
    QVERIFY(!result.ok);
    QCOMPARE(result.error.recordId, QString::fromLatin1(idFor(41)));
    const auto [line, column] = at(input, "true");
    QCOMPARE(result.error.describe(u"list.json"_s),
             u"list.json:%1:%2: record 1 (id %3), member \"score\": expected a number or null"_s
                 .arg(line)
                 .arg(column)
                 .arg(QString::fromLatin1(idFor(41))));
}

void TestRelationshipParser::lineAndColumnCountNewlines()
{
    const QByteArray input = "[\r\n  " + validRecord(0).json() + ",\r\n  " + validRecord(1).json() +
                             ",\n\n    " + validRecord(2).set("id", "5").json() + "\n]";
    const auto result = RelationshipParser::parseBytes(input);
    QVERIFY(!result.ok);
    QCOMPARE(result.error.recordIndex, qint64(2));
    QCOMPARE(result.error.member, u"id"_s);
    QCOMPARE(result.error.line, 5);
    QCOMPARE(result.error.column, 11); // four spaces, then {"id":5
    QCOMPARE(result.error.byteOffset, qint64(input.indexOf("\"id\":5") + 5));
}

void TestRelationshipParser::parseRecord()
{
    RecordText record = validRecord(9);
    record.set("status", quoted("APPROVED")).set("extra", "[1, 2]");
    ParseError error;
    const std::optional<Relationship> r =
        RelationshipParser::parseRecord(QByteArray("\n  " + record.json() + " \n"), &error);
    QVERIFY2(r, qPrintable(error.describe()));
    QCOMPARE(r->id, QUuid::fromString(QLatin1StringView(idFor(9))));
    QCOMPARE(r->status, RelationshipStatus::Approved);
    QCOMPARE(r->statusText, u"APPROVED"_s);
    QCOMPARE(r->evidenceJson, SampleEvidence);
    QCOMPARE(r->extraMembersJson, R"("extra":[1, 2])"_ba);
    QCOMPARE(r->updatedAtMs, qint64(1699423200250));

    // The same record from a list gives the same value.
    const auto list = RelationshipParser::parseBytes(listOf({record.json()}));
    QVERIFY(list.ok);
    QVERIFY(sameRelationship(list.document.rows.relationship(0), *r));
}

void TestRelationshipParser::parseRecordErrors()
{
    struct Case
    {
        QByteArray input;
        QString fragment;
        QString member;
    };
    const QList<Case> cases = {
        {"", u"empty"_s, {}},
        {"[]", u"expected a relationship object"_s, {}},
        {validRecord(1).json() + " x", u"after the end"_s, {}},
        {validRecord(1).remove("to_table_id").json(), u"missing required member"_s,
         u"to_table_id"_s},
        {validRecord(1).set("score", "\"high\"").json(), u"expected a number or null"_s,
         u"score"_s},
        {validRecord(1).json().chopped(1), u"end of input"_s, {}},
        {R"({"detail":"Not Found"})", u"missing required member"_s, u"id"_s},
        {"\xff\xfe{\0}\0"_ba, u"UTF-16"_s, {}},
    };
    for (const Case& c : cases) {
        ParseError error;
        QVERIFY(!RelationshipParser::parseRecord(c.input, &error));
        QVERIFY2(error.message.contains(c.fragment), qPrintable(error.describe()));
        QCOMPARE(error.member, c.member);
        QCOMPARE(error.recordIndex, qint64(-1));
        QVERIFY(error.line >= 1);
        QVERIFY(!RelationshipParser::parseRecord(c.input, nullptr)); // no error wanted: fine
    }
}

void TestRelationshipParser::parseFileMatchesParseBytes()
{
    const QString path = m_dir.filePath(u"large.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(m_large), m_large.size());
    file.close();

    const auto fromFile = RelationshipParser::parseFile(path);
    QVERIFY2(fromFile.ok, qPrintable(fromFile.error.describe(path)));
    const auto fromBytes = RelationshipParser::parseBytes(m_large);
    QVERIFY(fromBytes.ok);
    QCOMPARE(fromFile.document.rows.size(), m_largeCount);
    QCOMPARE(fromBytes.document.rows.size(), m_largeCount);
    for (int i = 0; i < m_largeCount; ++i) {
        if (!sameRelationship(fromFile.document.rows.relationship(i),
                              fromBytes.document.rows.relationship(i)))
            QFAIL(qPrintable(u"row %1 differs"_s.arg(i)));
    }
}

void TestRelationshipParser::parseFileErrors()
{
    const auto missing = RelationshipParser::parseFile(m_dir.filePath(u"no-such-file.json"_s));
    QVERIFY(!missing.ok);
    QVERIFY(missing.error.message.contains("cannot open"_L1));

    const QString empty = m_dir.filePath(u"empty.json"_s);
    QFile file(empty);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.close();
    const auto result = RelationshipParser::parseFile(empty);
    QVERIFY(!result.ok);
    QVERIFY(result.error.message.contains("empty"_L1));
    QCOMPARE(result.error.describe(u"empty.json"_s), u"empty.json:1:1: "_s + result.error.message);
}

void TestRelationshipParser::matchesReferenceParse_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 seed : {1ULL, 2ULL, 3ULL, 20261127ULL})
        QTest::addRow("seed %llu", seed) << seed;
}

void TestRelationshipParser::matchesReferenceParse()
{
    QFETCH(quint64, seed);
    RecordGenerator generator(seed);
    const QByteArray list = generator.list(2000);
    const auto reference = referenceParse(list);
    QVERIFY(reference);
    const auto result = RelationshipParser::parseBytes(list);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    const QString difference = compareWithReference(result.document.rows, *reference);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    // The same rows in both envelope forms.
    const QByteArray page = "{\"items\":" + list + ",\"total\":2000}";
    const auto paged = RelationshipParser::parseBytes(page);
    QVERIFY(paged.ok);
    QVERIFY(compareWithReference(paged.document.rows, *reference).isEmpty());
    const QByteArray snapshot =
        R"({"format":"relreview-snapshot","version":1,"relationships":)" + list + "}";
    const auto enveloped = RelationshipParser::parseBytes(snapshot);
    QVERIFY(enveloped.ok);
    QVERIFY(compareWithReference(enveloped.document.rows, *reference).isEmpty());
}

void TestRelationshipParser::largeInputMatchesReference()
{
    const auto reference = referenceParse(m_large);
    QVERIFY(reference);
    const auto result = RelationshipParser::parseBytes(m_large);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.size(), m_largeCount);
    const QString difference = compareWithReference(result.document.rows, *reference);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestRelationshipParser::demoDataMatchesGeneratorAndReference()
{
    DemoDataGenerator::Options options;
    options.relationshipCount = 3000;
    options.unknownMemberEvery = 7;
    const DemoDataGenerator generator(options);
    // What the parser fills in for texts left empty in code, and no score compared when absent.
    const auto normalized = [](Relationship r) {
        if (r.typeText.isEmpty())
            r.typeText = typeName(r.type);
        if (r.statusText.isEmpty())
            r.statusText = statusName(r.status);
        return r;
    };

    QByteArray list;
    QBuffer listBuffer(&list);
    QVERIFY(listBuffer.open(QIODevice::WriteOnly));
    QVERIFY(generator.writeList(&listBuffer));
    const auto reference = referenceParse(list);
    QVERIFY(reference);
    const auto result = RelationshipParser::parseBytes(list);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    const QString difference = compareWithReference(result.document.rows, *reference);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    int withUnknownMembers = 0;
    for (int i = 0; i < options.relationshipCount; ++i) {
        const Relationship parsed = result.document.rows.relationship(i);
        if (!sameRelationship(parsed, normalized(generator.relationship(i))))
            QFAIL(qPrintable(u"row %1 differs from the generator's relationship"_s.arg(i)));
        withUnknownMembers += parsed.extraMembersJson.isEmpty() ? 0 : 1;
    }
    QCOMPARE(withUnknownMembers, options.relationshipCount / 7);

    QByteArray snapshot;
    QBuffer snapshotBuffer(&snapshot);
    QVERIFY(snapshotBuffer.open(QIODevice::WriteOnly));
    QVERIFY(generator.writeSnapshot(&snapshotBuffer, u"http://127.0.0.1:8000"_s));
    const auto opened = RelationshipParser::parseBytes(snapshot);
    QVERIFY2(opened.ok, qPrintable(opened.error.describe()));
    const SnapshotHeader& header = opened.document.header;
    QVERIFY(header.isEnvelope);
    QCOMPARE(header.version, 1);
    QCOMPARE(header.exportedAt, DemoDataGenerator::exportedAt());
    QCOMPARE(header.source.baseUrl, u"http://127.0.0.1:8000"_s);
    QCOMPARE(header.source.integrationSourceId, options.integrationSourceId);
    const ColumnCatalog expectedCatalog = generator.catalog();
    QVERIFY(expectedCatalog.columnCount() > 0);
    QCOMPARE(opened.document.catalog.columnCount(), expectedCatalog.columnCount());
    QCOMPARE(opened.document.catalog.tableNames(), expectedCatalog.tableNames());
    QVERIFY(compareWithReference(opened.document.rows, *reference).isEmpty());
}

void TestRelationshipParser::duplicateIdsInLargeInput()
{
    // The last record repeats the id of record 3, thousands of records and several batches later.
    QByteArray input = m_large;
    const qsizetype lastStart = input.lastIndexOf(",\n{") + 2;
    const QByteArray lastId = idFor(quint64(m_largeCount - 1));
    const qsizetype idAt = input.indexOf(lastId, lastStart);
    QVERIFY(idAt < 0 || idAt > lastStart); // the generator may have written it in upper case
    const qsizetype at = idAt > 0 ? idAt : input.indexOf(lastId.toUpper(), lastStart);
    QVERIFY(at > lastStart);
    input.replace(at, lastId.size(), idFor(3));
    const auto result = RelationshipParser::parseBytes(input);
    QVERIFY(!result.ok);
    QVERIFY(result.document.rows.isEmpty());
    QCOMPARE(result.error.recordIndex, qint64(m_largeCount - 1));
    QCOMPARE(result.error.member, u"id"_s);
    QVERIFY2(result.error.message.contains("record 3 "_L1), qPrintable(result.error.describe()));
    QCOMPARE(result.error.byteOffset, qint64(at - 1)); // the opening quote of the id
}

void TestRelationshipParser::errorAtEndOfLargeInputReturnsNoRows()
{
    const QByteArray truncated = m_large.chopped(3); // loses "}]\n"
    const auto result = RelationshipParser::parseBytes(truncated);
    QVERIFY(!result.ok);
    QVERIFY(result.document.rows.isEmpty());
    QCOMPARE(result.error.recordIndex, qint64(m_largeCount - 1));
    QVERIFY(result.error.message.contains("end of input"_L1));
}

void TestRelationshipParser::progressReported()
{
    QList<std::pair<qint64, qint64>> calls;
    RelationshipParser::Options options;
    options.progress = [&calls](qint64 done, qint64 total) {
        calls.append({done, total});
        return true;
    };
    const auto result = RelationshipParser::parseBytes(m_large, options);
    QVERIFY(result.ok);
    QVERIFY(calls.size() >= 3); // every few megabytes of 20
    for (qsizetype i = 0; i < calls.size(); ++i) {
        QCOMPARE(calls[i].second, qint64(m_large.size()));
        QVERIFY(calls[i].first <= calls[i].second);
        if (i > 0)
            QVERIFY(calls[i].first > calls[i - 1].first);
    }
    QCOMPARE(calls.last().first, qint64(m_large.size()));
}

void TestRelationshipParser::cancel_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("one thread") << qsizetype(6 * 1024 * 1024);
    QTest::newRow("two threads") << qsizetype(0);
}

void TestRelationshipParser::cancel()
{
    QFETCH(qsizetype, size);
    QByteArray input = m_large;
    if (size > 0) {
        input.truncate(input.indexOf(",\n{", size));
        input += ']';
    }
    int calls = 0;
    RelationshipParser::Options options;
    options.progress = [&calls](qint64, qint64) { return ++calls < 2; };
    const auto result = RelationshipParser::parseBytes(input, options);
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok);
    QVERIFY(result.document.rows.isEmpty());
    QCOMPARE(calls, 2);
}

namespace {

// Translates every message to "[context] source", so that a test sees under which context a
// message was looked up at run time: the one lupdate files it under is the class that words it.
class ContextShowingTranslator : public QTranslator
{
public:
    QString translate(const char* context, const char* sourceText, const char* = nullptr,
                      int = -1) const override
    {
        return u'[' + QLatin1StringView(context) + u"] "_s + QString::fromUtf8(sourceText);
    }
    bool isEmpty() const override { return false; }
};

} // namespace

void TestRelationshipParser::messagesTranslatedUnderTheirClass_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("RelationshipParser")
        << QByteArray() << u"[RelationshipParser] the input is empty"_s;
    QTest::newRow("DocumentParser")
        << QByteArray("  ")
        << u"[DocumentParser] no JSON value: the input holds only white space"_s;
    QTest::newRow("JsonScanner") << QByteArray("[") << u"[JsonScanner] unexpected end of input"_s;
    QTest::newRow("RecordDecoder")
        << QByteArray("[{}]") << u"[RecordDecoder] missing required member"_s;
    const QByteArray twice = '[' + validRecord(0).json() + ',' + validRecord(0).json() + ']';
    QTest::newRow("RowSink") << twice
                             << u"[RowSink] duplicate id: record %1 has the same id"_s.arg(0);
}

void TestRelationshipParser::messagesTranslatedUnderTheirClass()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    ContextShowingTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const auto removeTranslator =
        qScopeGuard([&] { QCoreApplication::removeTranslator(&translator); });
    const RelationshipParser::Result result = RelationshipParser::parseBytes(input);
    QVERIFY(!result.ok);
    QCOMPARE(result.error.message, message);
    ParseError where;
    where.recordIndex = 3;
    where.message = u"x"_s;
    QCOMPARE(where.describe(), u"[ParseError] record %1: x"_s.arg(3));
}

QTEST_GUILESS_MAIN(TestRelationshipParser)
#include "tst_relationshipparser.moc"
