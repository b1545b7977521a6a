// A loaded list reaches the table already sorted: the loader sorts the parsed rows on its worker
// thread by the table's sort (the store's order preparer), and the model takes that order instead
// of sorting on the UI thread, unless the sort changed meanwhile.

#include "DemoDataGenerator.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"

#include <QBuffer>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int Count = 12000; // large enough for a first-rows preview
constexpr int LoadTimeoutMs = 120000;
// Between the preview's size and the list's: only the whole list would be sorted on a worker.
constexpr int WorkerThreshold = 5000;

using Column = RelationshipTableModel::Column;

} // namespace

class TestSortedLoad : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void loadedRowsArriveSorted_data();
    void loadedRowsArriveSorted();
    void sortChangedDuringLoadSortsAfterIt();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestSortedLoad::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DemoDataGenerator::Options options;
    options.relationshipCount = Count;
    QByteArray list;
    QBuffer buffer(&list);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(DemoDataGenerator(options).writeList(&buffer));
    m_path = m_dir.filePath(u"list.json"_s);
    QSaveFile file(m_path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(list), list.size());
    QVERIFY(file.commit());
}

void TestSortedLoad::loadedRowsArriveSorted_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("score desc") << int(Column::ScoreColumn) << Qt::DescendingOrder;
    QTest::newRow("to column asc") << int(Column::ToColumnColumn) << Qt::AscendingOrder;
    QTest::newRow("from desc") << int(Column::FromColumn) << Qt::DescendingOrder;
}

void TestSortedLoad::loadedRowsArriveSorted()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    RelationshipStore store;
    RelationshipTableModel model(&store);
    model.setAsyncSortThreshold(WorkerThreshold);
    model.sort(column, order);
    ReviewSession session(&store);
    QSignalSpy finished(&session, &ReviewSession::loadFinished);
    QSignalSpy partial(&session, &ReviewSession::partialRowsShown);

    session.openSnapshot(m_path);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LoadTimeoutMs);
    QVERIFY(finished.first().at(0).toBool());
    QCOMPARE(partial.count(), 1);
    QCOMPARE(model.rowCount(), Count);
    QVERIFY(!model.isSorting());
    QCOMPARE(model.asyncSortCount(), 0); // the loader's order was taken

    RelationshipTableModel reference(&store); // sorts synchronously
    reference.sort(column, order);
    QCOMPARE(model.visibleRows(), reference.visibleRows());
}

void TestSortedLoad::sortChangedDuringLoadSortsAfterIt()
{
    RelationshipStore store;
    RelationshipTableModel model(&store);
    model.setAsyncSortThreshold(WorkerThreshold);
    model.sort(Column::ScoreColumn, Qt::DescendingOrder);
    ReviewSession session(&store);
    QSignalSpy finished(&session, &ReviewSession::loadFinished);

    session.openSnapshot(m_path); // the loader sorts by score
    model.sort(Column::UpdatedColumn, Qt::AscendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LoadTimeoutMs);
    QTRY_VERIFY(!model.isSorting());
    QCOMPARE(model.asyncSortCount(), 1);
    QCOMPARE(model.rowCount(), Count);

    RelationshipTableModel reference(&store);
    reference.sort(Column::UpdatedColumn, Qt::AscendingOrder);
    QCOMPARE(model.visibleRows(), reference.visibleRows());
}

QTEST_GUILESS_MAIN(TestSortedLoad)
#include "tst_sortedload.moc"
