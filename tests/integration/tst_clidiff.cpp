// relreview-cli diff OLD NEW: a snapshot against a saved list of the next pipeline run (ids
// changed, rows dropped, added, rescored, re-decided, evidence changed and merely re-spaced) in
// each format; a repeated pair named; a bad file exits 3 naming the file and the place.

#include "CliRunner.h"
#include "DemoDataGenerator.h"
#include "RelationshipWriter.h"
#include "SnapshotWriter.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

QString pairKey(const Relationship& r)
{
    return idText(r.fromColumnId) + u'|' + idText(r.toTableId) + u'|' + r.toColumnName;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Rows with distinct column pairs, generated.
QList<Relationship> distinctRows(quint64 seed, int count, QSet<QString>* seen)
{
    DemoDataGenerator::Options options;
    options.seed = seed;
    options.relationshipCount = count * 4;
    const DemoDataGenerator generator(options);
    QList<Relationship> list;
    for (int i = 0; i < options.relationshipCount && list.size() < count; ++i) {
        Relationship r = generator.relationship(i);
        if (seen->contains(pairKey(r)))
            continue;
        seen->insert(pairKey(r));
        list.append(r);
    }
    return list;
}

RelationshipRows rowsOf(const QList<Relationship>& list)
{
    RelationshipRows rows;
    for (const Relationship& r : list)
        rows.append(r);
    return rows;
}

} // namespace

class TestCliDiff : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void json();
    void csv();
    void text();
    void repeatedPairIsNamed();
    void badFileExitsThree_data();
    void badFileExitsThree();

private:
    CliRun cli(const QStringList& arguments) { return runCli(arguments, m_data, {}, {}, 60000); }

    QTemporaryDir m_dir;
    QString m_data;
    QString m_old;
    QString m_new;
    QList<Relationship> m_before;
    QList<Relationship> m_after;
    // Expected, from how the new list was made.
    QSet<QString> m_addedIds;
    QSet<QString> m_removedIds;
    QHash<QString, QStringList> m_changedFieldsByNewId;
    QHash<QString, QString> m_oldIdOfNewId;
    int m_unchanged = 0;
};

void TestCliDiff::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_data = m_dir.filePath(u"data"_s);
    QSet<QString> seen;
    m_before = distinctRows(DemoDataGenerator::Options{}.seed, 40, &seen);
    QCOMPARE(m_before.size(), 40);
    const QList<Relationship> extra = distinctRows(DemoDataGenerator::Options{}.seed + 5, 3, &seen);
    QCOMPARE(extra.size(), 3);

    for (int i = 0; i < m_before.size(); ++i) {
        Relationship r = m_before[i];
        const QString oldId = idText(r.id);
        if (i < 2) { // dropped by the next run
            m_removedIds.insert(oldId);
            continue;
        }
        if (i % 2 == 0)
            r.id = QUuid::createUuid(); // the same link under a new id
        QStringList fields;
        if (i == 5) {
            r.status = r.status == RelationshipStatus::Rejected ? RelationshipStatus::Approved
                                                                : RelationshipStatus::Rejected;
            r.statusText = statusName(r.status);
            fields.append(u"status"_s);
        }
        if (i == 6 || i == 7) {
            r.score = 0.123 + i / 100.0;
            r.hasScore = true;
            fields.append(u"score"_s);
        }
        if (i == 7) {
            r.type = r.type == RelationshipType::Manual ? RelationshipType::ForeignKey
                                                        : RelationshipType::Manual;
            r.typeText = typeName(r.type);
            fields.append(u"type"_s);
        }
        if (i == 8) {
            r.evidenceJson = "{\"changed_by_test\": true}";
            fields.append(u"evidence"_s);
        }
        if (i == 9) // the same evidence, re-spaced and re-ordered: not a change
            r.evidenceJson =
                QJsonDocument::fromJson(r.evidenceJson).toJson(QJsonDocument::Indented);
        m_after.append(r);
        if (fields.isEmpty()) {
            ++m_unchanged;
        } else {
            m_changedFieldsByNewId.insert(idText(r.id), fields);
            m_oldIdOfNewId.insert(idText(r.id), oldId);
        }
    }
    for (const Relationship& r : extra) {
        m_after.append(r);
        m_addedIds.insert(idText(r.id));
    }

    // The old one a snapshot with its catalog, the new one a saved list.
    DemoDataGenerator::Options options;
    m_old = m_dir.filePath(u"old.json"_s);
    QString error;
    SnapshotSource source;
    source.baseUrl = u"http://127.0.0.1"_s;
    source.integrationSourceId = options.integrationSourceId;
    QVERIFY2(SnapshotWriter::writeFile(m_old, rowsOf(m_before),
                                       DemoDataGenerator(options).catalog(), source, &error),
             qPrintable(error));
    m_new = m_dir.filePath(u"new.json"_s);
    QFile file(m_new);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(RelationshipWriter::writeArray(rowsOf(m_after), &file));
}

void TestCliDiff::json()
{
    const CliRun run = cli({u"diff"_s, m_old, m_new, u"--format"_s, u"json"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QJsonParseError parseError;
    const QJsonObject document = QJsonDocument::fromJson(run.out.toUtf8(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QCOMPARE(document.keys(), (QStringList{u"added"_s, u"changed"_s, u"counts"_s, u"removed"_s}));
    const QJsonObject counts = document.value("counts"_L1).toObject();
    QCOMPARE(counts.value("added"_L1).toInt(), m_addedIds.size());
    QCOMPARE(counts.value("removed"_L1).toInt(), m_removedIds.size());
    QCOMPARE(counts.value("changed"_L1).toInt(), m_changedFieldsByNewId.size());
    QCOMPARE(counts.value("unchanged"_L1).toInt(), m_unchanged);

    QSet<QString> added;
    for (const QJsonValue& entry : document.value("added"_L1).toArray())
        added.insert(entry.toObject().value("id"_L1).toString());
    QCOMPARE(added, m_addedIds);
    QSet<QString> removed;
    for (const QJsonValue& entry : document.value("removed"_L1).toArray()) {
        removed.insert(entry.toObject().value("id"_L1).toString());
        QVERIFY(entry.toObject().contains("to_column_name"_L1));
    }
    QCOMPARE(removed, m_removedIds);

    const QJsonArray changed = document.value("changed"_L1).toArray();
    QCOMPARE(changed.size(), m_changedFieldsByNewId.size());
    for (const QJsonValue& value : changed) {
        const QJsonObject entry = value.toObject();
        QCOMPARE(entry.keys(), (QStringList{u"fields"_s, u"from_column_id"_s, u"new_id"_s,
                                            u"old_id"_s, u"to_column_name"_s, u"to_table_id"_s}));
        const QString newId = entry.value("new_id"_L1).toString();
        QVERIFY2(m_changedFieldsByNewId.contains(newId), qPrintable(newId));
        QCOMPARE(entry.value("old_id"_L1).toString(), m_oldIdOfNewId.value(newId));
        const QJsonObject fields = entry.value("fields"_L1).toObject();
        QStringList names = fields.keys();
        QStringList expected = m_changedFieldsByNewId.value(newId);
        names.sort();
        expected.sort();
        QCOMPARE(names, expected);
        // Old and new values as they are in the files.
        const Relationship* before = nullptr;
        const Relationship* after = nullptr;
        for (const Relationship& r : std::as_const(m_before))
            before = idText(r.id) == entry.value("old_id"_L1).toString() ? &r : before;
        for (const Relationship& r : std::as_const(m_after))
            after = idText(r.id) == newId ? &r : after;
        QVERIFY(before && after);
        QCOMPARE(entry.value("to_column_name"_L1).toString(), after->toColumnName);
        QCOMPARE(entry.value("from_column_id"_L1).toString(), idText(after->fromColumnId));
        if (fields.contains("status"_L1))
            QCOMPARE(fields.value("status"_L1).toArray(),
                     (QJsonArray{before->statusText, after->statusText}));
        if (fields.contains("score"_L1)) {
            const QJsonArray scores = fields.value("score"_L1).toArray();
            QCOMPARE(scores.at(1).toDouble(), after->score);
            QCOMPARE(scores.at(0).isNull(), !before->hasScore);
        }
        if (fields.contains("type"_L1))
            QCOMPARE(fields.value("type"_L1).toArray(),
                     (QJsonArray{before->typeText, after->typeText}));
        if (fields.contains("evidence"_L1)) {
            const QJsonArray evidence = fields.value("evidence"_L1).toArray();
            QCOMPARE(evidence.at(1).toObject(),
                     QJsonDocument::fromJson(after->evidenceJson).object());
            QCOMPARE(evidence.at(0).toObject(),
                     QJsonDocument::fromJson(before->evidenceJson).object());
        }
    }
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
}

void TestCliDiff::csv()
{
    const CliRun run = cli({u"diff"_s, m_old, m_new, u"--format"_s, u"csv"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.takeFirst(), u"change,old_id,new_id,from_column_id,to_table_id,to_column_name,"
                                "field,old_value,new_value"_s);
    int added = 0;
    int removed = 0;
    QHash<QString, QStringList> changedFields;
    for (const QString& line : std::as_const(lines)) {
        if (line.startsWith("added,"_L1)) {
            ++added;
            QVERIFY2(m_addedIds.contains(line.section(u',', 2, 2)), qPrintable(line));
        } else if (line.startsWith("removed,"_L1)) {
            ++removed;
            QVERIFY2(m_removedIds.contains(line.section(u',', 1, 1)), qPrintable(line));
        } else if (line.startsWith("changed,"_L1)) {
            const QString newId = line.section(u',', 2, 2);
            QCOMPARE(line.section(u',', 1, 1), m_oldIdOfNewId.value(newId));
            changedFields[newId].append(line.section(u',', 6, 6));
        } else if (!line.startsWith(u'"') && !line.startsWith(u' ') && !line.startsWith(u'}')) {
            QFAIL(qPrintable(u"unexpected line: "_s + line));
        }
    }
    QCOMPARE(added, m_addedIds.size());
    QCOMPARE(removed, m_removedIds.size());
    QCOMPARE(changedFields.keys().size(), m_changedFieldsByNewId.size());
    for (auto it = m_changedFieldsByNewId.cbegin(); it != m_changedFieldsByNewId.cend(); ++it)
        QCOMPARE(changedFields.value(it.key()), it.value());
    // A status change carries both values.
    const QString statusLine = lines.filter(u",status,"_s).value(0);
    QVERIFY2(statusLine.contains(u",SUGGESTED,REJECTED"_s) ||
                 statusLine.contains(u",REJECTED,APPROVED"_s) ||
                 statusLine.contains(u",APPROVED,REJECTED"_s),
             qPrintable(statusLine));
}

void TestCliDiff::text()
{
    const CliRun run = cli({u"diff"_s, m_old, m_new});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    QVERIFY2(lines.first().contains(
                 u"%1 added, %2 removed, %3 changed, %4 unchanged"_s.arg(m_addedIds.size())
                     .arg(m_removedIds.size())
                     .arg(m_changedFieldsByNewId.size())
                     .arg(m_unchanged)),
             qPrintable(lines.first()));
    QCOMPARE(lines.filter(QRegularExpression(u"^added "_s)).size(), m_addedIds.size());
    QCOMPARE(lines.filter(QRegularExpression(u"^removed "_s)).size(), m_removedIds.size());
    QCOMPARE(lines.filter(QRegularExpression(u"^changed "_s)).size(),
             m_changedFieldsByNewId.size());
    QCOMPARE(lines.filter(u"evidence changed"_s).size(), 1);
    const Relationship& rescored = m_after[4]; // old row 6
    QVERIFY2(lines.filter(idText(rescored.id)).value(0).contains(u"score "_s),
             qPrintable(lines.filter(idText(rescored.id)).value(0)));
}

void TestCliDiff::repeatedPairIsNamed()
{
    // The new list repeats one link under another id: reported, and counted as added.
    QList<Relationship> repeated = m_after;
    Relationship again = m_after.at(10);
    again.id = QUuid::createUuid();
    repeated.append(again);
    const QString path = m_dir.filePath(u"repeated.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(RelationshipWriter::writeArray(rowsOf(repeated), &file));
    file.close();
    const CliRun run = cli({u"diff"_s, m_old, path, u"--format"_s, u"json"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY2(run.err.contains(u"repeats the column pair"_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(idText(again.id)), qPrintable(run.err));
    QVERIFY2(run.err.contains(path), qPrintable(run.err));
    const QJsonObject counts =
        QJsonDocument::fromJson(run.out.toUtf8()).object().value("counts"_L1).toObject();
    QCOMPARE(counts.value("added"_L1).toInt(), m_addedIds.size() + 1);
}

void TestCliDiff::badFileExitsThree_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("asOld");
    QTest::addColumn<QString>("where");
    QTest::addRow("truncated new") << QByteArray("[{\"id\": \"") << false << u"new"_s;
    QTest::addRow("not json old") << QByteArray("hello") << true << u"old"_s;
    QTest::addRow("missing") << QByteArray() << true << u""_s;
}

void TestCliDiff::badFileExitsThree()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, asOld);
    const QString path =
        m_dir.filePath(u"bad-%1.json"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
    if (!bytes.isEmpty())
        QVERIFY(writeFile(path, bytes));
    for (const QString& format : {u"text"_s, u"json"_s, u"csv"_s}) {
        const CliRun run = asOld ? cli({u"diff"_s, path, m_new, u"--format"_s, format})
                                 : cli({u"diff"_s, m_old, path, u"--format"_s, format});
        QCOMPARE(run.status, 3);
        QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
        QVERIFY2(run.err.contains(path), qPrintable(run.err));
        if (!bytes.isEmpty()) // where in the file: "file:line:column"
            QVERIFY2(run.err.contains(
                         QRegularExpression(QRegularExpression::escape(path) + u":\\d+:\\d+"_s)),
                     qPrintable(run.err));
    }
    // Usage errors are not bad files.
    QCOMPARE(cli({u"diff"_s, m_old}).status, 2);
    QCOMPARE(cli({u"diff"_s, m_old, m_new, u"--format"_s, u"xml"_s}).status, 2);
}

QTEST_GUILESS_MAIN(TestCliDiff)
#include "tst_clidiff.moc"
