// A live list parsed while it downloads (LoadJob, RelationshipParser::parseStream), against the
// development server with a bandwidth cap (a WAN link): rows show before the last byte, the
// complete list equals the served one, cancel closes the connection, bad streams change nothing.

#include "ConnectionProfile.h"
#include "DevServerProcess.h"
#include "RelationshipParser.h"
#include "ReviewSession.h"

#include <QDirIterator>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr int RowCount = 6000;
constexpr int LoadTimeoutMs = 90000;
// The list's transfer at the cap: long enough that a preview must come before its end.
constexpr double TransferSeconds = 3.0;
} // namespace

class TestStreamedLoad : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void rowsShowBeforeTheListHasArrived();
    void cancelClosesTheConnection();
    void truncatedListNamesTheOffsetAndKeepsTheList();
    void malformedListKeepsTheListAndTheDecisions();

private:
    QString listPath() const;
    QStringList cachedFiles() const;
    bool loadLive(QString* message = nullptr);
    int capFor(double seconds) const;

    DevServerProcess m_server;
    QString m_token;
    QTemporaryDir m_dir;
    QByteArray m_served; // the list as the server sends it
    std::unique_ptr<RelationshipStore> m_store;
    std::unique_ptr<ReviewSession> m_session;
};

void TestStreamedLoad::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Downloads would go to the cache folder: a folder of this test's own, to see that none do.
    qputenv("XDG_CACHE_HOME", m_dir.filePath(u"cache"_s).toLocal8Bit());
    m_token = u"stream-"_s + QUuid::createUuid().toString(QUuid::Id128);
    DevServerProcess::Options options;
    options.generate = RowCount;
    options.token = m_token;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
    int status = 0;
    m_served = m_server.apiGet(listPath(), &status);
    QCOMPARE(status, 200);
    QVERIFY(m_served.size() > 1000000);
}

void TestStreamedLoad::init()
{
    qputenv(
        "RELREVIEW_DATA_DIR",
        m_dir.filePath(u"data-"_s + QLatin1StringView(QTest::currentTestFunction())).toLocal8Bit());
    m_store = std::make_unique<RelationshipStore>();
    m_session = std::make_unique<ReviewSession>(m_store.get());
    ConnectionProfile profile;
    profile.name = u"test"_s;
    profile.baseUrl = m_server.baseUrl();
    profile.integrationSourceId = m_server.sourceId();
    m_session->setProfile(profile);
    m_session->setToken(m_token);
}

void TestStreamedLoad::cleanup()
{
    m_session.reset();
    m_store.reset();
    QVERIFY(m_server.configure(QJsonObject{
        {u"bandwidth_kbit"_s, 0}, {u"announceContentLength"_s, QJsonValue()}, {u"badRows"_s, 0}}));
}

QString TestStreamedLoad::listPath() const
{
    return u"/api/integration-sources/"_s + m_server.sourceId().toString(QUuid::WithoutBraces) +
           u"/relationships"_s;
}

QStringList TestStreamedLoad::cachedFiles() const
{
    QStringList files;
    QDirIterator it(m_dir.filePath(u"cache"_s), QDir::Files | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

bool TestStreamedLoad::loadLive(QString* message)
{
    QSignalSpy finished(m_session.get(), &ReviewSession::loadFinished);
    m_session->loadLive();
    if (!finished.wait(LoadTimeoutMs))
        return false;
    if (message)
        *message = finished.constFirst().at(1).toString();
    return finished.constFirst().at(0).toBool();
}

int TestStreamedLoad::capFor(double seconds) const
{
    return int(double(m_served.size()) * 8.0 / 1000.0 / seconds);
}

void TestStreamedLoad::rowsShowBeforeTheListHasArrived()
{
    const int kbit = capFor(TransferSeconds);
    QVERIFY(m_server.configure(QJsonObject{{u"bandwidth_kbit"_s, kbit}}));
    // What happened, in order: previews (rows in the store), the end of the transfer (the phase
    // after the download), the end of the load.
    QStringList events;
    connect(m_session.get(), &ReviewSession::partialRowsShown, this,
            [&](int rows) { events << u"rows %1 in store %2"_s.arg(rows).arg(m_store->size()); });
    connect(m_session.get(), &ReviewSession::loadPhaseChanged, this, [&](const QString& what) {
        if (what.startsWith("Reading"_L1))
            events << u"transfer done"_s;
    });
    QString message;
    QVERIFY2(loadLive(&message), qPrintable(message));
    QVERIFY2(!events.isEmpty() && events.constFirst().startsWith("rows "_L1),
             qPrintable(events.join(u"; "_s)));
    const qsizetype done = events.indexOf(u"transfer done"_s);
    QVERIFY2(done > 0, qPrintable(events.join(u"; "_s)));
    // Every preview is part of the list, shown in the store while it arrived.
    for (qsizetype i = 0; i < done; ++i) {
        const QStringList words = events.at(i).split(u' ');
        QVERIFY(words.value(1).toInt() > 0);
        QCOMPARE(words.value(4).toInt(), words.value(1).toInt());
        QVERIFY(words.value(1).toInt() < RowCount);
    }

    // The complete list is the served one, row for row.
    const RelationshipParser::Result expected = RelationshipParser::parseBytes(m_served);
    QVERIFY(expected.ok);
    QCOMPARE(m_store->size(), RowCount);
    for (int row = 0; row < RowCount; ++row) {
        if (!(m_store->rows().relationship(row) == expected.document.rows.relationship(row)))
            QFAIL(qPrintable(u"row %1 differs"_s.arg(row)));
    }
    QVERIFY(!m_session->isShowingPartialRows());
    // Nothing went through a file.
    QCOMPARE(cachedFiles(), QStringList());
    // The server sent the body through the cap.
    QVERIFY(m_server.stats().value("capped_bytes_sent"_L1).toInteger() >= m_served.size());
}

void TestStreamedLoad::cancelClosesTheConnection()
{
    // Slow enough that the cancel comes early in the transfer.
    QVERIFY(m_server.configure(QJsonObject{{u"bandwidth_kbit"_s, capFor(30.0)}}));
    const qint64 cutBefore = m_server.stats().value("capped_bodies_cut"_L1).toInteger();
    QSignalSpy finished(m_session.get(), &ReviewSession::loadFinished);
    m_session->loadLive();
    QTRY_VERIFY_WITH_TIMEOUT(m_store->size() > 0, LoadTimeoutMs);
    QVERIFY(m_session->isLoading());
    m_session->cancelLoad();
    QCOMPARE(finished.count(), 1);
    QVERIFY(!finished.first().at(0).toBool());
    // The preview is gone with the load, and the server saw the client go.
    QCOMPARE(m_store->size(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_server.stats().value("capped_bodies_cut"_L1).toInteger() > cutBefore,
                             20000);
    QCOMPARE(cachedFiles(), QStringList());
    // The session loads again normally afterwards.
    QVERIFY(m_server.configure(QJsonObject{{u"bandwidth_kbit"_s, 0}}));
    QString message;
    QVERIFY2(loadLive(&message), qPrintable(message));
    QCOMPARE(m_store->size(), RowCount);
}

void TestStreamedLoad::truncatedListNamesTheOffsetAndKeepsTheList()
{
    QString message;
    QVERIFY2(loadLive(&message), qPrintable(message));
    // The load's version: names arriving late (the columns endpoint) make later versions of the
    // same list, not another list.
    const quint64 version = m_store->snapshot()->listVersion();
    // The server declares a shorter body than the list: the answer ends in the middle of it.
    const qint64 cut = m_served.size() / 2;
    QVERIFY(m_server.configure(
        QJsonObject{{u"announceContentLength"_s, cut}, {u"bandwidth_kbit"_s, capFor(2.0)}}));
    QVERIFY(!loadLive(&message));
    QVERIFY2(message.contains(u"at byte offset %1"_s.arg(cut)), qPrintable(message));
    QVERIFY2(message.contains("end of input"_L1), qPrintable(message));
    // The list on screen stayed as it was.
    QCOMPARE(m_store->snapshot()->listVersion(), version);
    QCOMPARE(m_store->size(), RowCount);
    QVERIFY(!m_session->isLoading());
}

void TestStreamedLoad::malformedListKeepsTheListAndTheDecisions()
{
    QString message;
    QVERIFY2(loadLive(&message), qPrintable(message));
    m_session->decide({0}, RelationshipStatus::Rejected);
    QCOMPARE(m_store->effectiveStatus(0), RelationshipStatus::Rejected);
    const QUuid decided = m_store->rows().row(0).id;
    QVERIFY(m_server.configure(QJsonObject{{u"badRows"_s, 3}}));
    QVERIFY(!loadLive(&message));
    QVERIFY2(message.contains("at byte offset"_L1), qPrintable(message));
    QVERIFY2(message.contains("record "_L1), qPrintable(message));
    QCOMPARE(m_store->size(), RowCount);
    QCOMPARE(m_store->rows().row(0).id, decided);
    QCOMPARE(m_store->effectiveStatus(0), RelationshipStatus::Rejected);
}

QTEST_GUILESS_MAIN(TestStreamedLoad)
#include "tst_streamedload.moc"
