// relreview-cli and decisions remembered across pipeline runs: decide --reason, the reason and
// the column pair in `decisions` (CSV and JSON) and back through `decisions import`, and bulk
// --snapshot with was: terms re-applying earlier rejections to a second snapshot whose
// relationships came back under new ids. Offline throughout: no server, no token.

#include "CliRunner.h"
#include "DecisionJournal.h"
#include "RelationshipParser.h"
#include "SnapshotWriter.h"
#include "TestData.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCliCarryForward : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void decideKeepsTheReasonAndListsIt();
    void bulkOnASecondSnapshotReappliesEarlierRejections();
    void bulkSnapshotRefusesBadInput();

private:
    CliRun cli(const QStringList& arguments) { return runCli(arguments, m_data, {}, {}, 60000); }
    // The same relationships as `from` under new ids, all SUGGESTED again: the next pipeline run.
    QString writeRerun(const QString& from, const QString& fileName);
    QJsonArray decisionsJson(const QString& snapshot);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_data;
};

void TestCliCarryForward::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_data = m_dir->filePath(u"data"_s);
}

void TestCliCarryForward::cleanup()
{
    m_dir.reset();
}

QString TestCliCarryForward::writeRerun(const QString& from, const QString& fileName)
{
    const RelationshipParser::Result parsed = RelationshipParser::parseFile(from);
    if (!parsed.ok)
        return {};
    RelationshipRows rows;
    for (int i = 0; i < parsed.document.rows.size(); ++i) {
        Relationship r = parsed.document.rows.relationship(i);
        r.id = QUuid::createUuid();
        r.status = RelationshipStatus::Suggested;
        r.statusText = u"SUGGESTED"_s;
        rows.append(r);
    }
    const QString path = m_dir->filePath(fileName);
    QString error;
    if (!SnapshotWriter::writeFile(path, rows, parsed.document.catalog,
                                   parsed.document.header.source, &error)) {
        qWarning() << error;
        return {};
    }
    return path;
}

QJsonArray TestCliCarryForward::decisionsJson(const QString& snapshot)
{
    const CliRun run = cli({u"decisions"_s, u"--snapshot"_s, snapshot, u"--format"_s, u"json"_s});
    if (run.status != 0)
        qWarning() << run.all();
    return QJsonDocument::fromJson(run.out.toUtf8()).object().value("decisions"_L1).toArray();
}

void TestCliCarryForward::decideKeepsTheReasonAndListsIt()
{
    const QString snapshot = TestData::writeDemoSnapshot(*m_dir, 30);
    QVERIFY(!snapshot.isEmpty());
    const RelationshipParser::Result parsed = RelationshipParser::parseFile(snapshot);
    QVERIFY(parsed.ok);
    const Relationship first = parsed.document.rows.relationship(0);
    const Relationship second = parsed.document.rows.relationship(1);
    CliRun run = cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s,
                      first.id.toString(QUuid::WithoutBraces), u"--status"_s, u"REJECTED"_s,
                      u"--reason"_s, u"not a key: the codes are reused"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    run = cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s,
               second.id.toString(QUuid::WithoutBraces), u"--status"_s, u"APPROVED"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));

    // JSON: the reason in its text form and the pair.
    const QJsonArray listed = decisionsJson(snapshot);
    QCOMPARE(listed.size(), 2);
    const QJsonObject rejected = listed.at(0).toObject();
    QCOMPARE(rejected.value("reason"_L1).toString(), u"not a key: the codes are reused"_s);
    QCOMPARE(rejected.value("from_column_id"_L1).toString(),
             first.fromColumnId.toString(QUuid::WithoutBraces));
    QCOMPARE(rejected.value("to_table_id"_L1).toString(),
             first.toTableId.toString(QUuid::WithoutBraces));
    QCOMPARE(rejected.value("to_column_name"_L1).toString(), first.toColumnName);
    QCOMPARE(listed.at(1).toObject().value("reason"_L1).toString(), QString());

    // CSV: a reason column, and back through an import into another journal.
    run = cli({u"decisions"_s, u"--snapshot"_s, snapshot});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[0].split(u',').contains(u"reason"_s), qPrintable(lines[0]));
    QVERIFY2(lines[1].contains(u"not a key: the codes are reused"_s), qPrintable(lines[1]));
    const QString csv = m_dir->filePath(u"decisions.csv"_s);
    QCOMPARE(cli({u"decisions"_s, u"--snapshot"_s, snapshot, u"-o"_s, csv}).status, 0);
    const QString colleague = m_dir->filePath(u"colleague"_s);
    run = runCli({u"decisions"_s, u"import"_s, csv}, colleague, {}, {});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    run = runCli({u"decisions"_s, u"--snapshot"_s, snapshot, u"--format"_s, u"json"_s}, colleague,
                 {}, {});
    const QJsonArray imported =
        QJsonDocument::fromJson(run.out.toUtf8()).object().value("decisions"_L1).toArray();
    QCOMPARE(imported.size(), 2);
    QCOMPARE(imported.at(0).toObject().value("reason"_L1).toString(),
             u"not a key: the codes are reused"_s);
    QCOMPARE(imported.at(0).toObject().value("to_column_name"_L1).toString(), first.toColumnName);

    // A free sentence is kept as "other".
    run = cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s,
               second.id.toString(QUuid::WithoutBraces), u"--status"_s, u"REJECTED"_s,
               u"--reason"_s, u"Ana says no"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QCOMPARE(decisionsJson(snapshot).last().toObject().value("reason"_L1).toString(),
             u"other: Ana says no"_s);
}

void TestCliCarryForward::bulkOnASecondSnapshotReappliesEarlierRejections()
{
    const QString first = TestData::writeDemoSnapshot(*m_dir, 200);
    QVERIFY(!first.isEmpty());
    const QString second = writeRerun(first, u"rerun.json"_s);
    QVERIFY(!second.isEmpty());
    const RelationshipParser::Result before = RelationshipParser::parseFile(first);
    const RelationshipParser::Result after = RelationshipParser::parseFile(second);
    QVERIFY(before.ok && after.ok);

    // The first review: reject some suggestions, approve others (offline).
    QSet<QString> rejectedPairs, approvedPairs;
    const auto pairText = [](const Relationship& r) -> QString {
        return r.fromColumnId.toString() + r.toTableId.toString() + r.toColumnName;
    };
    QStringList rejectIds, approveIds;
    for (int i = 0; i < before.document.rows.size(); ++i) {
        const Relationship r = before.document.rows.relationship(i);
        if (r.status != RelationshipStatus::Suggested)
            continue;
        if (rejectIds.size() < 12 && i % 3 == 0) {
            rejectIds << u"--id"_s << r.id.toString(QUuid::WithoutBraces);
            rejectedPairs.insert(pairText(r));
        } else if (approveIds.size() < 8 && i % 3 == 1) {
            approveIds << u"--id"_s << r.id.toString(QUuid::WithoutBraces);
            approvedPairs.insert(pairText(r));
        }
    }
    QVERIFY(rejectedPairs.size() >= 3 && !approvedPairs.isEmpty());
    CliRun run = cli(QStringList{u"decide"_s, u"--snapshot"_s, first, u"--status"_s, u"REJECTED"_s,
                                 u"--reason"_s, u"coincidental overlap"_s} +
                     rejectIds);
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    run = cli(QStringList{u"decide"_s, u"--snapshot"_s, first, u"--status"_s, u"APPROVED"_s} +
              approveIds);
    QVERIFY2(run.status == 0, qPrintable(run.all()));

    // What the rerun should find: rows whose pair was rejected, unless it was also approved (a
    // conflict, which was:rejected does not take).
    QSet<QString> expected;
    int expectedRows = 0;
    int approvedRows = 0;
    for (int i = 0; i < after.document.rows.size(); ++i) {
        const QString pair = pairText(after.document.rows.relationship(i));
        const bool rejected = rejectedPairs.contains(pair);
        const bool approved = approvedPairs.contains(pair);
        if (rejected && !approved) {
            expected.insert(pair);
            ++expectedRows;
        }
        approvedRows += approved && !rejected;
    }
    QVERIFY(expectedRows >= 3);

    // The rerun: a dry run first changes nothing and names how many match.
    const QStringList bulk = {
        u"bulk"_s,     u"--snapshot"_s, second, u"--where"_s, u"status:suggested was:rejected"_s,
        u"--status"_s, u"REJECTED"_s};
    run = cli(bulk + QStringList{u"--dry-run"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY2(
        run.out.startsWith(
            u"%1 of %2 relationships match"_s.arg(expectedRows).arg(after.document.rows.size())),
        qPrintable(run.out));
    QVERIFY(decisionsJson(second).isEmpty());

    run = cli(bulk + QStringList{u"--yes"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY2(run.out.contains(u"relreview-cli sync"_s), qPrintable(run.out));
    const QJsonArray recorded = decisionsJson(second);
    QCOMPARE(recorded.size(), expectedRows);
    QSet<QString> reapplied;
    qint64 step = -1;
    for (const auto& value : recorded) {
        const QJsonObject object = value.toObject();
        QCOMPARE(object.value("status"_L1).toString(), u"REJECTED"_s);
        QCOMPARE(object.value("state"_L1).toString(), u"pending"_s); // waits for sync
        const auto row = after.document.rows.rowOf(
            QUuid::fromString(object.value("relationship_id"_L1).toString()));
        QVERIFY(row);
        reapplied.insert(pairText(after.document.rows.relationship(*row)));
        // One step, as one key or one bulk run in the app: undone as one.
        if (step < 0)
            step = object.value("step_id"_L1).toInteger();
        QCOMPARE(object.value("step_id"_L1).toInteger(), step);
    }
    QCOMPARE(reapplied, expected);

    // Now every one of them is rejected here: nothing left to re-apply, and was:approved finds
    // the approvals.
    run = cli(bulk + QStringList{u"--dry-run"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY2(run.out.startsWith(u"0 of "_s), qPrintable(run.out));
    run = cli({u"bulk"_s, u"--snapshot"_s, second, u"--where"_s, u"was:approved"_s, u"--status"_s,
               u"APPROVED"_s, u"--dry-run"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY2(run.out.startsWith(u"%1 of "_s.arg(approvedRows)), qPrintable(run.out));
}

void TestCliCarryForward::bulkSnapshotRefusesBadInput()
{
    const QString snapshot = TestData::writeDemoSnapshot(*m_dir, 10);
    CliRun run = cli({u"bulk"_s, u"--snapshot"_s, snapshot, u"--where"_s, u"was:maybe"_s,
                      u"--status"_s, u"REJECTED"_s, u"--yes"_s});
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(u"--where: position 5: unknown earlier decision 'maybe'"_s),
             qPrintable(run.err));
    run = cli({u"bulk"_s, u"--snapshot"_s, snapshot, u"--source"_s,
               u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s, u"--where"_s, u""_s, u"--status"_s,
               u"REJECTED"_s});
    QCOMPARE(run.status, 2);
    const QString broken = TestData::writeFile(*m_dir, u"broken.json"_s, "[{\"id\": 1");
    run = cli({u"bulk"_s, u"--snapshot"_s, broken, u"--where"_s, u""_s, u"--status"_s,
               u"REJECTED"_s, u"--yes"_s});
    QCOMPARE(run.status, 3);
    QVERIFY2(run.err.contains(u"broken.json"_s), qPrintable(run.err));
    QVERIFY(decisionsJson(snapshot).isEmpty());
}

QTEST_GUILESS_MAIN(TestCliCarryForward)
#include "tst_clicarryforward.moc"
