// Snapshots: the envelope SnapshotWriter writes, read back by RelationshipParser; export -> open
// -> export keeps every byte (unknown members included); malformed files give a message naming
// the file and the place and leave the journal untouched; unusual but valid files load.

#include "DecisionJournal.h"
#include "OfflineSnapshot.h"
#include "RelationshipParser.h"
#include "RelationshipWriter.h"
#include "SnapshotWriter.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Two relationships as a server might send them, with members this client does not know (and
// number spellings that a re-encoding would change).
const QByteArray UnknownMembersList = QByteArrayLiteral(R"([
{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","integration_source_id":"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f","from_column_id":"11111111-1111-4111-8111-111111111111","to_table_id":"22222222-2222-4222-8222-222222222222","to_column_name":"id","created_at":"2023-11-07T05:31:56Z","updated_at":"2023-11-08T06:00:00.123456Z","type":"INFERRED","status":"SUGGESTED","score":0.93,"evidence":{"name_similarity":0.81,"overlap":{"ratio":1E-3,"samples":["a","\u00e9",null,true,12345678901234567890123]}},"x_review_note":{"nested":[1,2.50,-0.0,1E+2,"caf\u00e9\n"],"z":null},"x_rank":7}
,{"id":"4c90c3cc-0d44-4b50-8888-8dd25736052b","integration_source_id":"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f","from_column_id":"33333333-3333-4333-8333-333333333333","to_table_id":"22222222-2222-4222-8222-222222222222","to_column_name":"customer_id","created_at":"2023-11-07T05:31:56Z","updated_at":"2023-11-07T05:31:56Z","type":"SOMETHING_NEW","status":"ON_HOLD","score":null,"evidence":{},"x_flags":[]}
])");

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        return {};
    }
    return file.fileName();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray recordWith(const QByteArray& id, const QByteArray& extra)
{
    return "{\"id\":\"" + id +
           "\",\"integration_source_id\":\"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f\","
           "\"from_column_id\":\"11111111-1111-4111-8111-111111111111\",\"to_table_id\":"
           "\"22222222-2222-4222-8222-222222222222\",\"to_column_name\":\"id\",\"created_at\":"
           "\"2023-11-07T05:31:56Z\",\"updated_at\":\"2023-11-07T05:31:56Z\",\"type\":\"INFERRED\","
           "\"status\":\"SUGGESTED\",\"score\":0.5" +
           extra + "}";
}

QByteArray nested(int depth, const QByteArray& inner = "1")
{
    QByteArray out;
    out.reserve(depth * 6 + inner.size());
    for (int i = 0; i < depth; ++i) {
        out += "{\"a\":";
    }
    out += inner;
    out += QByteArray(depth, '}');
    return out;
}

SnapshotSource demoSource()
{
    SnapshotSource source;
    source.baseUrl = u"https://config.example.invalid"_s;
    source.integrationSourceId = QUuid(u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    source.scope.insert(u"organization_id"_s, u"11111111-2222-4333-8444-555555555555"_s);
    return source;
}

constexpr qint64 ExportTime = 1767225600250; // 2026-01-01T00:00:00.250Z

} // namespace

class TestSnapshot : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void envelopeHeaderComesFirstAndReadsBack();
    void roundTripKeepsEveryByte();
    void bareListTakesItsRowsSource();
    void catalogRoundTrips();
    void piecewiseWritingGivesTheSameBytes();
    void neverWritesSecretsOfTheBaseUrl();
    void failedWriteLeavesTheOldFile();
    void malformedFilesNameThePlaceAndChangeNothing_data();
    void malformedFilesNameThePlaceAndChangeNothing();
    void unusualButValidFilesLoad_data();
    void unusualButValidFilesLoad();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSnapshot::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSnapshot::cleanup()
{
    m_dir.reset();
}

void TestSnapshot::envelopeHeaderComesFirstAndReadsBack()
{
    RelationshipParser::Result list = RelationshipParser::parseBytes(UnknownMembersList);
    QVERIFY2(list.ok, qPrintable(list.error.describe()));
    const QString path = m_dir->filePath(u"snapshot.json"_s);
    QString error;
    SnapshotWriter::Options options;
    options.exportedAtMs = ExportTime;
    QVERIFY2(SnapshotWriter::writeFile(path, list.document.rows, {}, demoSource(), options, &error),
             qPrintable(error));
    const QByteArray bytes = readFile(path);
    QVERIFY(bytes.startsWith(R"({"format":"relreview-snapshot","version":1,)"));

    RelationshipParser::Result read = RelationshipParser::parseFile(path);
    QVERIFY2(read.ok, qPrintable(read.error.describe(path)));
    const SnapshotHeader& header = read.document.header;
    QVERIFY(header.isEnvelope);
    QCOMPARE(header.format, u"relreview-snapshot"_s);
    QCOMPARE(header.version, 1);
    QCOMPARE(header.exportedAt, u"2026-01-01T00:00:00.250Z"_s);
    QCOMPARE(header.source.baseUrl, demoSource().baseUrl);
    QCOMPARE(header.source.integrationSourceId, demoSource().integrationSourceId);
    QCOMPARE(header.source.scope, demoSource().scope);
    QCOMPARE(read.document.rows.size(), 2);
    // Unknown enum values are kept as they came.
    QCOMPARE(read.document.rows.statusText(1), u"ON_HOLD"_s);
    QCOMPARE(read.document.rows.typeText(1), u"SOMETHING_NEW"_s);
}

void TestSnapshot::roundTripKeepsEveryByte()
{
    const QString listPath = writeFile(*m_dir, u"list.json"_s, UnknownMembersList);
    RelationshipParser::Result list = RelationshipParser::parseFile(listPath);
    QVERIFY(list.ok);
    SnapshotWriter::Options options;
    options.exportedAtMs = ExportTime;
    const QString first = m_dir->filePath(u"first.json"_s);
    const QString second = m_dir->filePath(u"second.json"_s);
    QString error;
    QVERIFY(SnapshotWriter::writeFile(first, list.document.rows, list.document.catalog,
                                      demoSource(), options, &error));
    RelationshipParser::Result reopened = RelationshipParser::parseFile(first);
    QVERIFY2(reopened.ok, qPrintable(reopened.error.describe(first)));
    QVERIFY(SnapshotWriter::writeFile(second, reopened.document.rows, reopened.document.catalog,
                                      reopened.document.header.source, options, &error));
    const QByteArray firstBytes = readFile(first);
    QCOMPARE(readFile(second), firstBytes);

    // The unknown members and the evidence as the server spelled them, not re-encoded.
    QVERIFY(firstBytes.contains(R"({"nested":[1,2.50,-0.0,1E+2,"caf\u00e9\n"],"z":null})"));
    QVERIFY(firstBytes.contains(R"("x_rank":7)"));
    QVERIFY(firstBytes.contains(R"("x_flags":[])"));
    QVERIFY(firstBytes.contains(
        R"({"ratio":1E-3,"samples":["a","\u00e9",null,true,12345678901234567890123]})"));
    QVERIFY(firstBytes.contains(R"("updated_at":"2023-11-08T06:00:00.123456Z")"));
    QVERIFY(firstBytes.contains(R"("status":"ON_HOLD")"));
    QVERIFY(firstBytes.contains(R"("score":null)"));
}

void TestSnapshot::catalogRoundTrips()
{
    RelationshipParser::Result list = RelationshipParser::parseBytes(UnknownMembersList);
    QVERIFY(list.ok);
    ColumnCatalog catalog;
    ColumnInfo column;
    column.id = QUuid(u"11111111-1111-4111-8111-111111111111"_s);
    column.name = u"customer_id"_s;
    column.tableId = QUuid(u"33333333-3333-4333-8333-333333333333"_s);
    column.dataType = u"integer"_s;
    column.sampleValues = QJsonArray{1, 2, 3};
    catalog.insertColumn(column);
    catalog.setTableName(column.tableId, u"orders"_s);
    catalog.setTableName(QUuid(u"22222222-2222-4222-8222-222222222222"_s), u"customers"_s);

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    SnapshotWriter::Options options;
    options.exportedAtMs = ExportTime;
    QVERIFY(
        SnapshotWriter::write(&buffer, list.document.rows, catalog, demoSource(), options, &error));
    RelationshipParser::Result read = RelationshipParser::parseBytes(buffer.data());
    QVERIFY2(read.ok, qPrintable(read.error.describe()));
    const ColumnCatalog& back = read.document.catalog;
    QCOMPARE(back.columnCount(), 1);
    QCOMPARE(back.columnLabel(column.id), u"orders.customer_id"_s);
    QCOMPARE(back.tableName(QUuid(u"22222222-2222-4222-8222-222222222222"_s)), u"customers"_s);
    QCOMPARE(back.column(column.id)->sampleValues, column.sampleValues);

    // Without a catalog, the envelope has no columns or tables members at all.
    QBuffer bare;
    bare.open(QIODevice::WriteOnly);
    QVERIFY(SnapshotWriter::write(&bare, list.document.rows, {}, demoSource(), options, &error));
    QVERIFY(!bare.data().contains("\"columns\""));
    QVERIFY(!bare.data().contains("\"tables\""));
}

void TestSnapshot::piecewiseWritingGivesTheSameBytes()
{
    RelationshipParser::Result list = RelationshipParser::parseBytes(UnknownMembersList);
    QVERIFY(list.ok);
    ColumnCatalog catalog;
    catalog.setTableName(QUuid(u"22222222-2222-4222-8222-222222222222"_s), u"customers"_s);
    SnapshotWriter::Options options;
    options.exportedAtMs = ExportTime;
    for (const bool empty : {false, true}) {
        RelationshipRows none;
        const RelationshipRows& rows = empty ? none : list.document.rows;
        QBuffer whole;
        whole.open(QIODevice::WriteOnly);
        QString error;
        QVERIFY(SnapshotWriter::write(&whole, rows, catalog, demoSource(), options, &error));

        QBuffer pieces;
        pieces.open(QIODevice::WriteOnly);
        SnapshotWriter::Stream stream(&pieces);
        QVERIFY(stream.begin(catalog, demoSource(), ExportTime));
        for (int row = 0; row < rows.size(); ++row) {
            QVERIFY(stream.append(rows, row, 1));
        }
        QVERIFY(stream.finish());
        QCOMPARE(stream.rowsWritten(), rows.size());
        QCOMPARE(pieces.data(), whole.data());
    }
}

void TestSnapshot::neverWritesSecretsOfTheBaseUrl()
{
    RelationshipParser::Result list = RelationshipParser::parseBytes(UnknownMembersList);
    SnapshotSource source = demoSource();
    source.baseUrl = u"https://analyst:hunter2-secret@config.example.invalid/"_s;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    QVERIFY(SnapshotWriter::write(&buffer, list.document.rows, {}, source, {}, &error));
    QVERIFY(!buffer.data().contains("hunter2"));
    QVERIFY(!buffer.data().contains("analyst"));
    QVERIFY(buffer.data().contains("https://config.example.invalid/"));
}

void TestSnapshot::failedWriteLeavesTheOldFile()
{
    RelationshipParser::Result list = RelationshipParser::parseBytes(UnknownMembersList);
    const QString path = writeFile(*m_dir, u"existing.json"_s, "[]");
    SnapshotWriter::Options options;
    options.rowIndexes = {0, 7}; // no row 7
    QString error;
    QVERIFY(
        !SnapshotWriter::writeFile(path, list.document.rows, {}, demoSource(), options, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(readFile(path), QByteArray("[]"));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{u"existing.json"_s});

    QVERIFY(!SnapshotWriter::writeFile(m_dir->filePath(u"missing/folder/x.json"_s),
                                       list.document.rows, {}, demoSource(), &error));
    QVERIFY2(error.contains(u"missing/folder/x.json"_s), qPrintable(error));
}

void TestSnapshot::malformedFilesNameThePlaceAndChangeNothing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected"); // part of the message that locates the problem

    const QByteArray good = recordWith("3c90c3cc-0d44-4b50-8888-8dd25736052a", {});
    QTest::newRow("empty") << QByteArray() << u":1:1:"_s;
    QTest::newRow("only white space") << QByteArray("  \n\t ") << u":2:"_s;
    QTest::newRow("truncated") << ("[" + good + "," + good.left(good.size() / 2)) << u"record 1"_s;
    QTest::newRow("not JSON") << QByteArray("hello, world\n") << u":1:1:"_s;
    QTest::newRow("wrong member type")
        << ("[" + good + "," +
            recordWith("4c90c3cc-0d44-4b50-8888-8dd25736052b", ",\"evidence\":[1,2]") + "]")
        << u"record 1"_s;
    QTest::newRow("score as text")
        << ("[" + QByteArray(good).replace("\"score\":0.5", "\"score\":\"high\"") + "]")
        << u"record 0"_s;
    QTest::newRow("id not a UUID") << ("[" + recordWith("not-a-uuid", {}) + "]") << u"record 0"_s;
    QTest::newRow("duplicate ids") << ("[" + good + ",\n" + good + "]") << u"record 1"_s;
    QTest::newRow("nesting 100,000 deep")
        << ("[" +
            recordWith("3c90c3cc-0d44-4b50-8888-8dd25736052a", ",\"evidence\":" + nested(100000)) +
            "]")
        << u"record 0"_s;
    QTest::newRow("nesting 100,000 deep outside any record") << QByteArray(100000, '[') << u":1:"_s;
    QStringEncoder utf16(QStringEncoder::Utf16LE, QStringEncoder::Flag::WriteBom);
    const QByteArray asUtf16 = utf16(QString::fromUtf8("[" + good + "]"));
    QTest::newRow("UTF-16 file") << asUtf16 << u":1:1:"_s;
    QByteArray garbage(4096, '\0');
    QRandomGenerator random(42);
    for (char& byte : garbage) {
        byte = char(random.bounded(256));
    }
    garbage[0] = '\x89'; // not a JSON start, whatever the generator drew
    QTest::newRow("binary garbage") << garbage << u":1:1:"_s;
    QTest::newRow("snapshot without relationships")
        << QByteArray(R"({"format":"relreview-snapshot","version":1})") << u"relationships"_s;
    QTest::newRow("snapshot from a newer version")
        << QByteArray(R"({"format":"relreview-snapshot","version":99,"relationships":[]})")
        << u"version"_s;
}

void TestSnapshot::malformedFilesNameThePlaceAndChangeNothing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QString path = writeFile(*m_dir, u"bad.json"_s, bytes);
    QVERIFY(!path.isEmpty());
    DecisionJournal journal(m_dir->filePath(u"journal.sqlite3"_s));
    QVERIFY(journal.open());

    const OfflineSnapshot opened = OfflineSnapshot::open(path, &journal);
    QVERIFY(!opened.ok);
    QVERIFY2(opened.message.startsWith(path), qPrintable(opened.message));
    QVERIFY2(opened.message.contains(expected), qPrintable(opened.message));
    // A position (line:column) or a record is named.
    static const QRegularExpression position(u":\\d+:\\d+: "_s);
    QVERIFY2(position.match(opened.message).hasMatch() || opened.message.contains(u"record "_s),
             qPrintable(opened.message));
    QCOMPARE(opened.originId, 0);
    QVERIFY(journal.origins().isEmpty());
    QCOMPARE(journal.countsAll(), DecisionCounts{});
}

void TestSnapshot::unusualButValidFilesLoad_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("rows");

    const QByteArray id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    QTest::newRow("empty list") << QByteArray("[]") << 0;
    QTest::newRow("empty list with white space") << QByteArray(" [\n] \n") << 0;
    QTest::newRow("UTF-8 byte-order mark") << ("\xEF\xBB\xBF[" + recordWith(id, {}) + "]") << 1;
    QTest::newRow("evidence nested 300 deep")
        << ("[" + recordWith(id, ",\"evidence\":" + nested(300, "[\"deep\"]")) + "]") << 1;
    QTest::newRow("a string of 8 MB")
        << ("[" +
            recordWith(id, ",\"evidence\":{\"sample\":\"" + QByteArray(8 << 20, 'x') + "\"}") + "]")
        << 1;
    QTest::newRow("unknown members everywhere")
        << ("[" +
            recordWith(id, ",\"x\":{\"y\":[{}]},\"evidence\":{},\"\\u00e9t\\u00e9\":\"summer\"") +
            "]")
        << 1;
    QTest::newRow("empty snapshot")
        << QByteArray(R"({"format":"relreview-snapshot","version":1,"exported_at":null,)"
                      R"("source":null,"relationships":[]})")
        << 0;
}

void TestSnapshot::unusualButValidFilesLoad()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, rows);
    const QString path = writeFile(*m_dir, u"unusual.json"_s, bytes);
    DecisionJournal journal(m_dir->filePath(u"journal.sqlite3"_s));
    QVERIFY(journal.open());
    const OfflineSnapshot opened = OfflineSnapshot::open(path, &journal);
    QVERIFY2(opened.ok, qPrintable(opened.message));
    QCOMPARE(opened.document.rows.size(), rows);
    QVERIFY(opened.originId > 0);
    QVERIFY(opened.origin.isSnapshot());
    QCOMPARE(journal.origin(opened.originId)->snapshotPath, QFileInfo(path).canonicalFilePath());

    // And it exports again, keeping what it holds.
    const QString exported = m_dir->filePath(u"again.json"_s);
    QString error;
    QVERIFY(SnapshotWriter::writeFile(exported, opened.document.rows, opened.document.catalog,
                                      opened.document.header.source, &error));
    RelationshipParser::Result again = RelationshipParser::parseFile(exported);
    QVERIFY2(again.ok, qPrintable(again.error.describe(exported)));
    QCOMPARE(again.document.rows.size(), rows);
    for (int row = 0; row < rows; ++row) {
        QCOMPARE(RelationshipWriter::recordJson(again.document.rows, row),
                 RelationshipWriter::recordJson(opened.document.rows, row));
    }
}

QTEST_GUILESS_MAIN(TestSnapshot)
// A bare list's decisions go to the source its rows name, when they all name the same one.
void TestSnapshot::bareListTakesItsRowsSource()
{
    RelationshipParser::Result parsed = RelationshipParser::parseBytes(UnknownMembersList);
    QVERIFY(parsed.ok);
    RelationshipRows rows = std::move(parsed.document.rows);
    const SnapshotHeader bare; // no envelope: no source
    const QString fingerprint = u"0123456789abcdef0123456789abcdef"_s;
    const QUuid source(u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    QCOMPARE(
        OfflineSnapshot::originFor(u"list.json"_s, bare, rows, fingerprint).integrationSourceId,
        source);

    // One row of another source: none.
    Relationship other = rows.relationship(1);
    const Relationship original = other;
    other.integrationSourceId = QUuid(u"7f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    rows.replace(1, other);
    QVERIFY(OfflineSnapshot::originFor(u"list.json"_s, bare, rows, fingerprint)
                .integrationSourceId.isNull());

    // Back to one source, with the other id still interned: the rows are read to tell.
    rows.replace(1, original);
    QVERIFY(rows.integrationSourceIdCount() > 1);
    QCOMPARE(
        OfflineSnapshot::originFor(u"list.json"_s, bare, rows, fingerprint).integrationSourceId,
        source);

    // A header's source wins over the rows'.
    SnapshotHeader envelope;
    envelope.isEnvelope = true;
    envelope.source = demoSource();
    envelope.source.integrationSourceId = QUuid(u"8f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    QCOMPARE(
        OfflineSnapshot::originFor(u"list.json"_s, envelope, rows, fingerprint).integrationSourceId,
        envelope.source.integrationSourceId);
}

#include "tst_snapshot.moc"
