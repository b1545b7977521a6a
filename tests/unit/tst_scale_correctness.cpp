// Correctness at the scale the speed work is for (issue 6), never timed: the fast parser's
// file path (memory map, two threads, pages released as it goes) against a plain QJsonDocument
// parse of generated demo data, the bad-input cases deep inside a large file, and the table
// model's sort and filter against brute force over 10^4-10^5 parsed rows with a real catalog.
// tst_relationshipparser and tst_relationshiptablemodel cover the same rules on small inputs.

#include "DemoDataGenerator.h"
#include "ReferenceFilter.h"
#include "ReferenceOrder.h"
#include "RelationshipFilter.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

using Column = RelationshipTableModel::Column;

// Large enough that parseFile takes its threaded path (8 MB and more) over several batches.
constexpr int ParsedRecordCount = 15000;
constexpr int SortedRecordCount = 50000;
constexpr int FilteredRecordCount = 20000;

QByteArray generatedList(int count, int unknownMemberEvery = 0, quint64 seed = 20261127)
{
    DemoDataGenerator::Options options;
    options.seed = seed;
    options.relationshipCount = count;
    options.unknownMemberEvery = unknownMemberEvery;
    QByteArray list;
    QBuffer buffer(&list);
    buffer.open(QIODevice::WriteOnly);
    DemoDataGenerator(options).writeList(&buffer);
    return list;
}

QJsonObject objectOf(QByteArrayView json)
{
    return QJsonDocument::fromJson(json.toByteArray()).object();
}

QString uuidText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

const QStringList& documentedMembers()
{
    static const QStringList names = {u"id"_s,
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
    return names;
}

// The first difference between a parsed row and the same record read by QJsonDocument.
QString differenceFromReference(const RelationshipRows& rows, int row, const QJsonObject& want)
{
    const Relationship got = rows.relationship(row);
    const auto differs = [row](const char* member, const QString& parsed,
                               const QString& reference) {
        return u"record %1, %2: parsed \"%3\", reference \"%4\""_s.arg(row).arg(
            QLatin1StringView(member), parsed, reference);
    };
    if (uuidText(got.id) != want.value("id"_L1).toString().toLower())
        return differs("id", uuidText(got.id), want.value("id"_L1).toString());
    if (uuidText(got.integrationSourceId) !=
        want.value("integration_source_id"_L1).toString().toLower())
        return differs("integration_source_id", uuidText(got.integrationSourceId), {});
    if (uuidText(got.fromColumnId) != want.value("from_column_id"_L1).toString().toLower())
        return differs("from_column_id", uuidText(got.fromColumnId), {});
    if (uuidText(got.toTableId) != want.value("to_table_id"_L1).toString().toLower())
        return differs("to_table_id", uuidText(got.toTableId), {});
    if (got.toColumnName != want.value("to_column_name"_L1).toString())
        return differs("to_column_name", got.toColumnName,
                       want.value("to_column_name"_L1).toString());
    for (const auto& [member, ms, text] :
         {std::tuple{"created_at", got.createdAtMs, got.createdAtText},
          std::tuple{"updated_at", got.updatedAtMs, got.updatedAtText}}) {
        const QString sent = want.value(QLatin1StringView(member)).toString();
        if (parseTimestampMs(sent) != ms)
            return differs(member, QString::number(ms), sent);
        // Re-export must give the text as sent.
        if (text != sent)
            return differs(member, text, sent);
    }
    const QJsonValue type = want.value("type"_L1);
    const QString typeSent = type.isString() ? type.toString() : u"INFERRED"_s;
    if (got.typeText != typeSent ||
        typeFromName(typeSent).value_or(RelationshipType::Unknown) != got.type)
        return differs("type", got.typeText, typeSent);
    const QJsonValue status = want.value("status"_L1);
    const QString statusSent = status.isString() ? status.toString() : u"SUGGESTED"_s;
    if (got.statusText != statusSent ||
        statusFromName(statusSent).value_or(RelationshipStatus::Unknown) != got.status)
        return differs("status", got.statusText, statusSent);
    const QJsonValue score = want.value("score"_L1);
    if (score.isDouble() != got.hasScore || (got.hasScore && got.score != score.toDouble()))
        return differs("score", QString::number(got.score), QString::number(score.toDouble()));
    if (objectOf(got.evidenceJson) != want.value("evidence"_L1).toObject())
        return differs("evidence", QString::fromUtf8(got.evidenceJson), {});
    QJsonObject extras = want;
    for (const QString& name : documentedMembers())
        extras.remove(name);
    const QJsonObject gotExtras = got.extraMembersJson.isEmpty()
                                      ? QJsonObject()
                                      : objectOf(QByteArray("{" + got.extraMembersJson + "}"));
    if (gotExtras != extras)
        return differs("(unknown members)", QString::fromUtf8(got.extraMembersJson), {});
    return {};
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

// Where record `index` of a generated list starts: the list puts one record on each line.
qsizetype recordStart(const QByteArray& list, int index)
{
    qsizetype at = list.indexOf('\n') + 1; // after "[\n"
    for (int i = 0; i < index && at > 0; ++i)
        at = list.indexOf('\n', at) + 1;
    return at;
}

// Where the JSON value starting at `begin` ends (one past it). Only for valid generated JSON.
qsizetype jsonValueEnd(const QByteArray& json, qsizetype begin)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = begin; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            if (!inString && depth == 0)
                return i + 1;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return i; // the end of the enclosing record: a scalar ends here
            if (--depth == 0)
                return i + 1;
        } else if (c == ',' && depth == 0) {
            return i;
        }
    }
    return json.size();
}

// ---- brute force over decoded rows ----

// What a row shows, decoded once (ReferenceOrder), with every text the free-text filter looks in.
struct DecodedRow : ReferenceOrder::Row
{
    QStringList searchable;
};

std::vector<DecodedRow> decodeAll(const RelationshipStore& store)
{
    const std::vector<ReferenceOrder::Row> shown = ReferenceOrder::rowsOf(store);
    std::vector<DecodedRow> decoded;
    decoded.reserve(shown.size());
    for (int row = 0; row < store.size(); ++row) {
        const Relationship r = store.rows().relationship(row);
        DecodedRow d;
        static_cast<ReferenceOrder::Row&>(d) = shown[size_t(row)];
        d.searchable = {d.from,        uuidText(r.fromColumnId),
                        d.toTable,     uuidText(r.toTableId),
                        d.toColumn,    d.typeText,
                        uuidText(r.id)};
        if (r.type != RelationshipType::Unknown)
            d.searchable << typeDisplayName(r.type);
        if (d.status == RelationshipStatus::Unknown)
            d.searchable << r.statusText;
        else
            d.searchable << statusDisplayName(d.status) << statusName(d.status);
        decoded.push_back(std::move(d));
    }
    return decoded;
}

std::vector<int> bruteForceSorted(const std::vector<DecodedRow>& decoded, std::vector<int> rows,
                                  Column column, Qt::SortOrder order)
{
    const std::vector<ReferenceOrder::Row> shown(decoded.cbegin(), decoded.cend());
    return ReferenceOrder::sorted(shown, std::move(rows), column, order);
}

// The rows a free text and an effective status keep (ReferenceFilter::filterOf() of the same),
// from the decoded rows.
std::vector<int> bruteForceFiltered(const std::vector<DecodedRow>& decoded, const QString& text,
                                    std::optional<RelationshipStatus> status)
{
    std::vector<int> kept;
    for (int row = 0; row < int(decoded.size()); ++row) {
        const DecodedRow& d = decoded[size_t(row)];
        if (status && d.status != *status)
            continue;
        if (!text.isEmpty() &&
            std::none_of(d.searchable.cbegin(), d.searchable.cend(), [&](const QString& field) {
                return field.contains(text, Qt::CaseInsensitive);
            }))
            continue;
        kept.push_back(row);
    }
    return kept;
}

std::vector<int> allRows(int count)
{
    std::vector<int> rows(static_cast<size_t>(count));
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
}

// Parsed generated rows in a store with the generator's catalog, as the app holds them.
bool loadGenerated(RelationshipStore* store, int count, int unknownMemberEvery = 0)
{
    DemoDataGenerator::Options options;
    options.relationshipCount = count;
    options.unknownMemberEvery = unknownMemberEvery;
    const DemoDataGenerator generator(options);
    QByteArray list;
    QBuffer buffer(&list);
    buffer.open(QIODevice::WriteOnly);
    if (!generator.writeList(&buffer))
        return false;
    RelationshipParser::Result result = RelationshipParser::parseBytes(list);
    if (!result.ok)
        return false;
    store->adopt(std::move(result.document.rows), generator.catalog());
    return true;
}

} // namespace

class TestScaleCorrectness : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parsedFileMatchesReference();
    void badRecordDeepInLargeFile_data();
    void badRecordDeepInLargeFile();
    void sortsLikeBruteForce();
    void filtersLikeBruteForceKeystrokeByKeystroke();
    void staysSortedAndFilteredAcrossServerAnswers();

private:
    QTemporaryDir m_dir;
    QByteArray m_list; // ParsedRecordCount generated records, some with unknown members
};

void TestScaleCorrectness::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_list = generatedList(ParsedRecordCount, 11);
    QVERIFY2(m_list.size() > 8 * 1024 * 1024, "too small for the threaded path");
}

void TestScaleCorrectness::parsedFileMatchesReference()
{
    const QString path = m_dir.filePath(u"generated.json"_s);
    QVERIFY(writeFile(path, m_list));
    const RelationshipParser::Result parsed = RelationshipParser::parseFile(path);
    QVERIFY2(parsed.ok, qPrintable(parsed.error.describe(path)));

    QJsonParseError error;
    const QJsonDocument reference = QJsonDocument::fromJson(m_list, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonArray records = reference.array();
    const RelationshipRows& rows = parsed.document.rows;
    QCOMPARE(rows.size(), int(records.size()));
    int withUnknownMembers = 0;
    for (int row = 0; row < rows.size(); ++row) {
        const QString difference = differenceFromReference(rows, row, records.at(row).toObject());
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(rows.rowOf(rows.row(row).id), std::optional<int>(row));
        withUnknownMembers += rows.extraMembersJson(row).isEmpty() ? 0 : 1;
    }
    QCOMPARE(withUnknownMembers, ParsedRecordCount / 11);

    // The in-memory path gives the very same rows.
    const RelationshipParser::Result fromBytes = RelationshipParser::parseBytes(m_list);
    QVERIFY(fromBytes.ok);
    QCOMPARE(fromBytes.document.rows.size(), rows.size());
    for (int row = 0; row < rows.size(); ++row) {
        Relationship fromFile = rows.relationship(row);
        Relationship inMemory = fromBytes.document.rows.relationship(row);
        // A missing score is NaN, which equals nothing: compare hasScore and the rest.
        QCOMPARE(inMemory.hasScore, fromFile.hasScore);
        if (!fromFile.hasScore)
            fromFile.score = inMemory.score = 0;
        QVERIFY2(inMemory == fromFile, qPrintable(u"record %1"_s.arg(row)));
    }
}

void TestScaleCorrectness::badRecordDeepInLargeFile_data()
{
    QTest::addColumn<int>("record");
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("fragment");

    // The first record, one with unknown members after its evidence, one in a later batch and
    // the last: errors found by the scanning thread and by the decoding one, before and after
    // pages of the file were released.
    for (const int record : {0, 10, 9000, ParsedRecordCount - 1}) {
        const auto row = [record](const char* mutation, const char* member, const char* fragment) {
            QTest::addRow("record %d, %s", record, mutation)
                << record << QString::fromLatin1(mutation) << QString::fromLatin1(member)
                << QString::fromLatin1(fragment);
        };
        row("score as a string", "score", "expected a number or null");
        row("id not a UUID", "id", "not a valid UUID");
        row("status a number", "status", "expected a string or null");
        row("to_column_name too long", "to_column_name", "longer than 255");
        row("evidence an array", "evidence", "expected an object or null");
        row("id missing", "id", "missing required member");
        row("duplicate id", "id", "duplicate id");
        row("cut short", "", "end of input");
    }
}

void TestScaleCorrectness::badRecordDeepInLargeFile()
{
    QFETCH(int, record);
    QFETCH(QString, mutation);
    QFETCH(QString, member);
    QFETCH(QString, fragment);

    QByteArray input = m_list;
    const qsizetype start = recordStart(input, record);
    qsizetype end = input.indexOf('\n', start);
    QVERIFY(start > 0 && end > start);
    const QByteArray original = input.mid(start, end - start);
    QByteArray changed = original;
    // Replaces the value of top-level member `name` (found by its key; the generated records
    // name each member once at the top level before any nested use of the same key).
    const auto replaceValue = [&changed](const QByteArray& name, const QByteArray& value) {
        const qsizetype at = changed.indexOf(QByteArray("\"" + name + "\":"));
        if (at <= 0)
            return false;
        const qsizetype valueAt = at + name.size() + 3;
        changed.replace(valueAt, jsonValueEnd(changed, valueAt) - valueAt, value);
        return true;
    };
    bool applied = true;
    if (mutation == "score as a string"_L1) {
        applied = replaceValue("score", "\"high\"");
    } else if (mutation == "id not a UUID"_L1) {
        applied = replaceValue("id", "\"not-a-uuid\"");
    } else if (mutation == "status a number"_L1) {
        applied = replaceValue("status", "7");
    } else if (mutation == "to_column_name too long"_L1) {
        applied = replaceValue("to_column_name", "\"" + QByteArray(300, 'x') + "\"");
    } else if (mutation == "evidence an array"_L1) {
        applied = replaceValue("evidence", "[1,2]");
    } else if (mutation == "id missing"_L1) {
        const qsizetype at = changed.indexOf("\"id\":");
        const qsizetype next = changed.indexOf(",\"", at);
        applied = at == 1 && next > at;
        changed.remove(at, next + 1 - at);
    } else if (mutation == "duplicate id"_L1) {
        const int other = record == 0 ? ParsedRecordCount - 1 : 0;
        const qsizetype otherStart = recordStart(input, other);
        const QByteArray otherId = input.mid(otherStart + 7, 36);
        applied = replaceValue("id", "\"" + otherId + "\"");
    }
    QVERIFY2(applied, "the mutation did not find its member");
    if (mutation == "cut short"_L1) {
        input.truncate(start + original.size() / 2);
    } else {
        input.replace(start, original.size(), changed);
        end = start + changed.size();
    }

    const QString path = m_dir.filePath(u"bad.json"_s);
    QVERIFY(writeFile(path, input));
    for (const RelationshipParser::Result& result :
         {RelationshipParser::parseFile(path), RelationshipParser::parseBytes(input)}) {
        QVERIFY(!result.ok);
        QVERIFY(!result.cancelled);
        QVERIFY(result.document.rows.isEmpty()); // nothing partial
        // A duplicate of the last record is found at the last record: the first one comes first.
        const int expectedRecord =
            mutation == "duplicate id"_L1 && record == 0 ? ParsedRecordCount - 1 : record;
        QCOMPARE(result.error.recordIndex, qint64(expectedRecord));
        QVERIFY2(result.error.message.contains(fragment),
                 qPrintable(u"expected \"%1\" in: %2"_s.arg(fragment, result.error.describe())));
        if (!member.isEmpty())
            QCOMPARE(result.error.member, member);
        if (expectedRecord == record)
            QVERIFY2(result.error.byteOffset >= start && result.error.byteOffset <= end,
                     qPrintable(result.error.describe()));
        QVERIFY(result.error.line > record); // the list puts record N on line N + 2
    }
}

void TestScaleCorrectness::sortsLikeBruteForce()
{
    RelationshipStore store;
    QVERIFY(loadGenerated(&store, SortedRecordCount));
    // Pending rows sort by their intended status.
    QList<int> pending;
    for (int row = 0; row < store.size(); row += 97)
        pending.append(row);
    store.markPending(pending, RelationshipStatus::Rejected);
    RelationshipTableModel model(&store);
    const std::vector<DecodedRow> decoded = decodeAll(store);

    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            model.sort(column, order);
            const std::vector<int> expected =
                bruteForceSorted(decoded, allRows(store.size()), Column(column), order);
            if (model.visibleRows() != expected) {
                const auto mismatch = std::mismatch(model.visibleRows().cbegin(),
                                                    model.visibleRows().cend(), expected.cbegin());
                QFAIL(qPrintable(
                    u"column %1, %2: first difference at view row %3"_s.arg(column)
                        .arg(order == Qt::AscendingOrder ? "ascending"_L1 : "descending"_L1)
                        .arg(mismatch.first - model.visibleRows().cbegin())));
            }
        }
    }
}

void TestScaleCorrectness::filtersLikeBruteForceKeystrokeByKeystroke()
{
    RelationshipStore store;
    QVERIFY(loadGenerated(&store, FilteredRecordCount, 17));
    store.markPending({5, 6, 7}, RelationshipStatus::Approved);
    RelationshipTableModel model(&store);
    model.sort(Column::ScoreColumn, Qt::DescendingOrder);
    const std::vector<DecodedRow> decoded = decodeAll(store);

    // A table name, a column label with its dot, a piece of an id across a dash, a status name
    // and a display name: typed one character at a time, then erased, as a user does.
    const QString pieceOfId = uuidText(store.rows().row(1234).id).mid(6, 8).toUpper();
    const QString tableName = decoded[42].toTable;
    for (const QString& typed : {u"customer"_s, decoded[42].from.left(12), pieceOfId, u"approved"_s,
                                 u"Foreign key"_s, tableName}) {
        // With a status chosen too, for the first text: both narrow the same rows.
        for (const std::optional<RelationshipStatus> status :
             {std::optional<RelationshipStatus>(), std::optional(RelationshipStatus::Suggested)}) {
            if (status && typed != u"customer"_s)
                continue;
            QList<QString> steps;
            for (qsizetype length = 1; length <= typed.size(); ++length)
                steps.append(typed.left(length));
            for (qsizetype length = typed.size() - 1; length >= 0; --length)
                steps.append(typed.left(length));
            for (const QString& text : std::as_const(steps)) {
                model.setFilter(ReferenceFilter::filterOf(text, status));
                const std::vector<int> expected =
                    bruteForceSorted(decoded, bruteForceFiltered(decoded, text, status),
                                     Column::ScoreColumn, Qt::DescendingOrder);
                QVERIFY2(model.visibleRows() == expected,
                         qPrintable(u"text \"%1\"%2: %3 rows shown, %4 expected"_s
                                        .arg(text, status ? u" and a status"_s : QString())
                                        .arg(model.rowCount())
                                        .arg(expected.size())));
            }
        }
    }
    // The search for the id piece found its row.
    model.setFilter(ReferenceFilter::filterOf(pieceOfId));
    QVERIFY(model.viewRow(1234) >= 0);
}

void TestScaleCorrectness::staysSortedAndFilteredAcrossServerAnswers()
{
    RelationshipStore store;
    QVERIFY(loadGenerated(&store, FilteredRecordCount));
    RelationshipTableModel model(&store);
    const RelationshipFilter filter = ReferenceFilter::filterOf({}, RelationshipStatus::Suggested);
    model.setFilter(filter);
    model.sort(Column::StatusColumn, Qt::AscendingOrder);

    // A thousand answers at once, as a bulk session's re-read brings them: statuses and names
    // change, so rows move and leave or enter the filter.
    QRandomGenerator random(6);
    QList<std::pair<int, Relationship>> answers;
    for (int i = 0; i < 1000; ++i) {
        const int row = int(random.bounded(store.size()));
        if (std::any_of(answers.cbegin(), answers.cend(),
                        [row](const auto& answer) { return answer.first == row; }))
            continue;
        Relationship changed = store.rows().relationship(row);
        changed.status = RelationshipStatus(random.bounded(KnownStatusCount));
        changed.statusText = statusName(changed.status);
        if (i % 3 == 0)
            changed.toColumnName = u"renamed_%1"_s.arg(i);
        changed.updatedAtMs += 1000;
        changed.updatedAtText = formatTimestamp(changed.updatedAtMs);
        answers.append({row, changed});
    }
    store.applyServerAnswers(answers);
    store.markPending({answers[0].first, answers[1].first}, RelationshipStatus::Rejected);

    const std::vector<DecodedRow> decoded = decodeAll(store);
    // Decided rows stay where they are until the filter is applied again; then they leave it.
    model.setFilter(filter);
    const std::vector<int> filtered =
        bruteForceFiltered(decoded, {}, RelationshipStatus::Suggested);
    QCOMPARE(model.visibleRows(),
             bruteForceSorted(decoded, filtered, Column::StatusColumn, Qt::AscendingOrder));
    for (const Column column :
         {Column::ToColumnColumn, Column::UpdatedColumn, Column::StatusColumn}) {
        model.sort(column, Qt::DescendingOrder);
        QCOMPARE(model.visibleRows(),
                 bruteForceSorted(decoded, filtered, column, Qt::DescendingOrder));
    }
    model.setFilter({});
    QCOMPARE(model.visibleRows(), bruteForceSorted(decoded, allRows(store.size()),
                                                   Column::StatusColumn, Qt::DescendingOrder));
}

QTEST_GUILESS_MAIN(TestScaleCorrectness)
#include "tst_scale_correctness.moc"
