// The list's immutable versions (ListSnapshot): a version per load, batch of answers and new
// names; untouched chunks of rows shared between versions; a worker reading an old version while
// answers arrive; strings and evidence new in an answer seen by the new version only.

#include "BackgroundWork.h"
#include "DemoDataGenerator.h"
#include "ListSnapshot.h"
#include "RelationshipStore.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

RelationshipRows demoRows(int count)
{
    return DemoDataGenerator::ofCount(count).rows();
}

ColumnCatalog demoCatalog(int count)
{
    return DemoDataGenerator::ofCount(count).catalog();
}

Relationship answerFor(const RelationshipStore& store, int row, double score)
{
    Relationship answer = store.rows().relationship(row);
    answer.score = score;
    answer.hasScore = true;
    answer.status = RelationshipStatus::Approved;
    answer.statusText = statusName(answer.status);
    return answer;
}

double scoreSum(const RelationshipRows& rows)
{
    double sum = 0;
    for (int row = 0; row < rows.size(); ++row) {
        if (rows.row(row).hasScore)
            sum += rows.row(row).score;
    }
    return sum;
}

constexpr int Chunk = RelationshipRows::ChunkRows;

} // namespace

class TestListSnapshot : public QObject
{
    Q_OBJECT
private slots:
    void versionsFollowLoadsAnswersAndNames();
    void answersCopyOnlyTheChunksTheyTouch();
    void copiedRowsAppendWithoutTouchingTheOriginal();
    void workerReadsItsVersionWhileAnswersArrive();
    void newStringsAndEvidenceShowInTheNewVersionOnly();
};

void TestListSnapshot::versionsFollowLoadsAnswersAndNames()
{
    RelationshipStore store;
    QCOMPARE(store.version(), quint64(0));
    QCOMPARE(store.snapshot()->size(), 0);
    QSignalSpy published(&store, &RelationshipStore::snapshotPublished);
    QSignalSpy reset(&store, &RelationshipStore::reset);
    // The new version is there when reset() tells the views.
    quint64 versionAtReset = 0;
    connect(&store, &RelationshipStore::reset, this,
            [&] { versionAtReset = store.snapshot()->version(); });

    store.adopt(demoRows(100), ColumnCatalog());
    const std::shared_ptr<const ListSnapshot> loaded = store.snapshot();
    QCOMPARE(published.count(), 1);
    QCOMPARE(versionAtReset, loaded->version());
    QVERIFY(loaded->version() > 0);
    QCOMPARE(loaded->previousVersion(), quint64(0));
    QCOMPARE(loaded->listVersion(), loaded->version());
    QCOMPARE(loaded->size(), 100);

    store.applyServerAnswers({{7, answerFor(store, 7, 0.5)}, {2, answerFor(store, 2, 0.25)}});
    const std::shared_ptr<const ListSnapshot> answered = store.snapshot();
    QCOMPARE(published.count(), 2);
    QVERIFY(answered->version() > loaded->version());
    QCOMPARE(answered->previousVersion(), loaded->version());
    QCOMPARE(answered->listVersion(), loaded->listVersion());
    QCOMPARE(answered->changedRows(), (std::vector<int>{2, 7}));
    QCOMPARE(answered->rows().row(7).score, 0.5);
    QVERIFY(loaded->rows().row(7).score != 0.5);

    // Answers for rows the list does not have make no version.
    store.applyServerAnswers({{-1, answerFor(store, 0, 0.5)}, {100, answerFor(store, 0, 0.5)}});
    QCOMPARE(published.count(), 2);
    QCOMPARE(store.snapshot(), answered);

    // Names: a new version over the same rows.
    store.setCatalog(demoCatalog(100));
    const std::shared_ptr<const ListSnapshot> named = store.snapshot();
    QCOMPARE(published.count(), 3);
    QCOMPARE(named->previousVersion(), answered->version());
    QVERIFY(named->changedRows().empty());
    QCOMPARE(named->sharedRows(), answered->sharedRows());
    QVERIFY(answered->catalog().isEmpty());
    QVERIFY(!named->catalog().isEmpty());

    // A new list starts a new line of versions.
    store.adopt(demoRows(10), ColumnCatalog());
    QCOMPARE(reset.count(), 2);
    QVERIFY(store.version() > named->version());
    QCOMPARE(store.snapshot()->previousVersion(), quint64(0));
    QCOMPARE(store.snapshot()->listVersion(), store.version());
    QCOMPARE(named->size(), 100);
}

void TestListSnapshot::answersCopyOnlyTheChunksTheyTouch()
{
    const int count = 3 * Chunk + 100;
    RelationshipStore store;
    store.adopt(demoRows(count), ColumnCatalog());
    const std::shared_ptr<const ListSnapshot> before = store.snapshot();

    const int answered = Chunk + 5;
    store.applyServerAnswer(answered, answerFor(store, answered, 0.125));
    const std::shared_ptr<const ListSnapshot> after = store.snapshot();
    QVERIFY(after->sharedRows() != before->sharedRows());
    QVERIFY(after->rows().sharesRowWith(before->rows(), 0));
    QVERIFY(!after->rows().sharesRowWith(before->rows(), answered));
    QVERIFY(!after->rows().sharesRowWith(before->rows(), 2 * Chunk - 1)); // same chunk
    QVERIFY(after->rows().sharesRowWith(before->rows(), 2 * Chunk));
    QVERIFY(after->rows().sharesRowWith(before->rows(), count - 1));
    QCOMPARE(after->rows().row(answered).score, 0.125);
    QCOMPARE(after->rows().row(2 * Chunk - 1).id, before->rows().row(2 * Chunk - 1).id);

    // The id index finds every row in both versions.
    for (int row : {0, answered, 2 * Chunk, count - 1}) {
        QCOMPARE(before->rows().rowOf(before->rows().row(row).id), row);
        QCOMPARE(after->rows().rowOf(after->rows().row(row).id), row);
    }

    // The next batch shares what it does not touch with the version before it.
    const RelationshipRow* firstRow = &after->rows().row(0);
    store.applyServerAnswer(3 * Chunk, answerFor(store, 3 * Chunk, 0.75));
    QVERIFY(store.rows().sharesRowWith(after->rows(), answered));
    QVERIFY(!store.rows().sharesRowWith(after->rows(), 3 * Chunk));
    QCOMPARE(&store.rows().row(0), firstRow);
}

void TestListSnapshot::copiedRowsAppendWithoutTouchingTheOriginal()
{
    RelationshipRows original = demoRows(10);
    const RelationshipRows copy = original;
    DemoDataGenerator::Options options;
    options.relationshipCount = 20;
    const DemoDataGenerator generator(options);
    QCOMPARE(original.append(generator.relationship(15)), 10);
    QCOMPARE(original.size(), 11);
    QCOMPARE(copy.size(), 10);
    QVERIFY(!original.sharesRowWith(copy, 0));
    QCOMPARE(copy.rowOf(generator.relationship(15).id), std::nullopt);
    QCOMPARE(original.rowOf(generator.relationship(15).id), 10);
    for (int row = 0; row < 10; ++row)
        QCOMPARE(copy.row(row).id, original.row(row).id);

    // A moved-from list is empty.
    RelationshipRows moved = std::move(original);
    QCOMPARE(moved.size(), 11);
    QCOMPARE(original.size(), 0); // NOLINT(bugprone-use-after-move): what a move leaves
}

void TestListSnapshot::workerReadsItsVersionWhileAnswersArrive()
{
    const int count = 2 * Chunk + 10;
    RelationshipStore store;
    store.adopt(demoRows(count), ColumnCatalog());
    const double expected = scoreSum(store.rows());

    QSemaphore started;
    QSemaphore proceed;
    BackgroundWork work(this);
    std::optional<double> result;
    std::optional<quint64> resultVersion;
    work.run(
        [snapshot = store.snapshot(), &started, &proceed](const std::atomic_bool&) {
            started.release();
            proceed.acquire();
            return std::make_pair(snapshot->version(), scoreSum(snapshot->rows()));
        },
        [&](std::pair<quint64, double> sum) {
            resultVersion = sum.first;
            result = sum.second;
        });
    const quint64 startVersion = store.version();
    QVERIFY(started.tryAcquire(1, 10'000));

    // Batches of answers on every chunk while the worker holds its version.
    for (int batch = 0; batch < 20; ++batch) {
        QList<std::pair<int, Relationship>> answers;
        for (int row = batch; row < count; row += 997)
            answers.append({row, answerFor(store, row, 0.0)});
        store.applyServerAnswers(answers);
    }
    QVERIFY(store.version() >= startVersion + 20);
    QVERIFY(scoreSum(store.rows()) != expected);
    proceed.release();
    QTRY_VERIFY(result.has_value());
    QCOMPARE(*resultVersion, startVersion);
    QCOMPARE(*result, expected);
}

void TestListSnapshot::newStringsAndEvidenceShowInTheNewVersionOnly()
{
    RelationshipStore store;
    store.adopt(demoRows(50), ColumnCatalog());
    const std::shared_ptr<const ListSnapshot> before = store.snapshot();
    const QString columnBefore = before->rows().toColumnName(4);
    const QByteArray evidenceBefore = before->rows().evidenceJson(4).toByteArray();

    Relationship answer = store.rows().relationship(4);
    answer.toColumnName = u"a_column_name_no_row_had"_s;
    answer.typeText = u"A_TYPE_NOT_KNOWN_YET"_s;
    answer.type = RelationshipType::Unknown;
    answer.evidenceJson = R"({"signals":[{"kind":"new","weight":1}]})";
    store.applyServerAnswer(4, answer);

    const RelationshipRows& now = store.rows();
    QCOMPARE(now.toColumnName(4), u"a_column_name_no_row_had"_s);
    QCOMPARE(now.typeText(4), u"A_TYPE_NOT_KNOWN_YET"_s);
    QCOMPARE(now.evidenceJson(4), QByteArrayView(answer.evidenceJson));
    QCOMPARE(before->rows().toColumnName(4), columnBefore);
    QCOMPARE(before->rows().evidenceJson(4).toByteArray(), evidenceBefore);
    QCOMPARE(before->rows().relationship(4).type, RelationshipType(before->rows().row(4).type));
    // The other rows read the same in both.
    for (int row = 0; row < 50; ++row) {
        if (row == 4)
            continue;
        QCOMPARE(now.toColumnName(row), before->rows().toColumnName(row));
        QCOMPARE(now.evidenceJson(row).toByteArray(),
                 before->rows().evidenceJson(row).toByteArray());
    }
}

QTEST_GUILESS_MAIN(TestListSnapshot)
#include "tst_listsnapshot.moc"
