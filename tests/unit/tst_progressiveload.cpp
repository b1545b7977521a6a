// A large list shows its first rows while the rest loads (issue 6: first rows within a second of
// a million), and nothing partial is ever presented as the list: the preview goes only into an
// empty window, takes no decisions, and goes away when the load fails or is cancelled.

#include "DemoDataGenerator.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"

#include <QBuffer>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// More than RelationshipParser::FirstRowsMinimumBytes of generated records.
constexpr int LargeCount = 12000;
constexpr int LoadTimeoutMs = 120000;

QByteArray generatedList(int count)
{
    DemoDataGenerator::Options options;
    options.relationshipCount = count;
    QByteArray list;
    QBuffer buffer(&list);
    buffer.open(QIODevice::WriteOnly);
    DemoDataGenerator(options).writeList(&buffer);
    return list;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

// What the store held each time it was reset, and whether the session called it a preview.
struct ResetLog
{
    QList<int> sizes;
    QList<bool> partial;
    QList<QUuid> firstIds;
    QList<QUuid> lastPreviewIds; // the id of the row at index firstRowsCount - 1, when present
};

void logResets(RelationshipStore* store, ReviewSession* session, ResetLog* log)
{
    QObject::connect(store, &RelationshipStore::reset, store, [=] {
        log->sizes.append(store->size());
        log->partial.append(session->isShowingPartialRows());
        log->firstIds.append(store->size() > 0 ? store->rows().row(0).id : QUuid());
        const int last = RelationshipParser::Options{}.firstRowsCount - 1;
        log->lastPreviewIds.append(store->size() > last ? store->rows().row(last).id : QUuid());
    });
}

} // namespace

class TestProgressiveLoad : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsFirstRowsThenTheWholeList();
    void previewTakesNoDecisions();
    void failedLoadRemovesThePreview();
    void cancelRemovesThePreview();
    void neverReplacesAListOnScreen();
    void smallListHasNoPreview();

private:
    QTemporaryDir m_dir;
    QString m_large;
    QString m_broken; // the large list with its last record cut short
    QString m_small;
    int m_previewCount = RelationshipParser::Options{}.firstRowsCount;
};

void TestProgressiveLoad::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QByteArray large = generatedList(LargeCount);
    QVERIFY(large.size() > RelationshipParser::FirstRowsMinimumBytes);
    m_large = m_dir.filePath(u"large.json"_s);
    QVERIFY(writeFile(m_large, large));
    m_broken = m_dir.filePath(u"broken.json"_s);
    QVERIFY(writeFile(m_broken, large.chopped(40)));
    const QByteArray small = generatedList(3000);
    QVERIFY(small.size() < RelationshipParser::FirstRowsMinimumBytes);
    m_small = m_dir.filePath(u"small.json"_s);
    QVERIFY(writeFile(m_small, small));
}

void TestProgressiveLoad::showsFirstRowsThenTheWholeList()
{
    RelationshipStore store;
    ReviewSession session(&store);
    ResetLog log;
    logResets(&store, &session, &log);
    QSignalSpy partial(&session, &ReviewSession::partialRowsShown);
    QSignalSpy finished(&session, &ReviewSession::loadFinished);

    session.openSnapshot(m_large);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LoadTimeoutMs);
    QVERIFY(finished.first().at(0).toBool());

    // The preview is posted while the parse runs, before its end: it is always seen first.
    QCOMPARE(partial.count(), 1);
    QCOMPARE(partial.first().at(0).toInt(), m_previewCount);
    QCOMPARE(log.sizes, (QList<int>{m_previewCount, LargeCount}));
    QCOMPARE(log.partial, (QList<bool>{true, false}));
    // The preview is the list's beginning.
    QCOMPARE(log.firstIds.at(0), store.rows().row(0).id);
    QCOMPARE(log.lastPreviewIds.at(0), store.rows().row(m_previewCount - 1).id);
    QVERIFY(!session.isShowingPartialRows());
    QVERIFY(!session.isLoading());
}

void TestProgressiveLoad::previewTakesNoDecisions()
{
    RelationshipStore store;
    ReviewSession session(&store);
    bool refused = false;
    connect(&session, &ReviewSession::partialRowsShown, this, [&] {
        QVERIFY(session.isShowingPartialRows());
        QVERIFY(session.isLoading());
        session.decide({0, 1}, RelationshipStatus::Approved);
        refused = !session.lastError().isEmpty() && store.pendingCount() == 0 &&
                  store.delivery(0) == DeliveryState::None;
    });
    QSignalSpy finished(&session, &ReviewSession::loadFinished);
    session.openSnapshot(m_large);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LoadTimeoutMs);
    QVERIFY(refused);
    QCOMPARE(store.pendingCount(), 0);
}

void TestProgressiveLoad::failedLoadRemovesThePreview()
{
    RelationshipStore store;
    ReviewSession session(&store);
    ResetLog log;
    logResets(&store, &session, &log);
    QSignalSpy partial(&session, &ReviewSession::partialRowsShown);
    QSignalSpy finished(&session, &ReviewSession::loadFinished);

    session.openSnapshot(m_broken);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LoadTimeoutMs);
    QVERIFY(!finished.first().at(0).toBool());
    QVERIFY(finished.first().at(1).toString().contains(u"record %1"_s.arg(LargeCount - 1)));
    QCOMPARE(partial.count(), 1);
    QCOMPARE(log.sizes, (QList<int>{m_previewCount, 0}));
    QCOMPARE(store.size(), 0);
    QVERIFY(!session.isShowingPartialRows());
}

void TestProgressiveLoad::cancelRemovesThePreview()
{
    RelationshipStore store;
    ReviewSession session(&store);
    connect(&session, &ReviewSession::partialRowsShown, &session, &ReviewSession::cancelLoad,
            Qt::QueuedConnection);
    QSignalSpy partial(&session, &ReviewSession::partialRowsShown);
    QSignalSpy finished(&session, &ReviewSession::loadFinished);
    session.openSnapshot(m_large);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LoadTimeoutMs);
    // The parse may have ended before the cancel was handled; either way no preview remains.
    QCOMPARE(partial.count(), 1);
    if (!finished.first().at(0).toBool()) {
        QCOMPARE(store.size(), 0);
    } else {
        QCOMPARE(store.size(), LargeCount);
    }
    QVERIFY(!session.isShowingPartialRows());
}

void TestProgressiveLoad::neverReplacesAListOnScreen()
{
    RelationshipStore store;
    ReviewSession session(&store);
    QSignalSpy finished(&session, &ReviewSession::loadFinished);
    session.openSnapshot(m_small);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LoadTimeoutMs);
    QCOMPARE(store.size(), 3000);

    ResetLog log;
    logResets(&store, &session, &log);
    QSignalSpy partial(&session, &ReviewSession::partialRowsShown);
    session.openSnapshot(m_broken);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, LoadTimeoutMs);
    QVERIFY(!finished.last().at(0).toBool());
    // The complete list stayed, through the new list's load and its failure.
    QCOMPARE(partial.count(), 0);
    QVERIFY(log.sizes.isEmpty());
    QCOMPARE(store.size(), 3000);
}

void TestProgressiveLoad::smallListHasNoPreview()
{
    RelationshipStore store;
    ReviewSession session(&store);
    QSignalSpy partial(&session, &ReviewSession::partialRowsShown);
    QSignalSpy finished(&session, &ReviewSession::loadFinished);
    session.openSnapshot(m_small);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LoadTimeoutMs);
    QVERIFY(finished.first().at(0).toBool());
    QCOMPARE(partial.count(), 0);
    QCOMPARE(store.size(), 3000);
}

QTEST_GUILESS_MAIN(TestProgressiveLoad)
#include "tst_progressiveload.moc"
