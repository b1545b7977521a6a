// The app and relreview-cli on one journal at the same time. The test process opens the journal
// the way the app does (a ReviewSession on a snapshot, through the same classes) and keeps it
// open while relreview-cli runs as a child process on the same RELREVIEW_DATA_DIR: both decide,
// both see each other's decisions, nothing is lost. And another process's write lock held for a
// while: a read goes on, a write waits and then commits, or, held too long, fails and says so.
#include "CliRunner.h"
#include "DecisionJournal.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"
#include "SyncEngine.h"
#include "TestData.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// Another process's hold on the journal's write lock (relreview-cli in the middle of a write).
class WriteLock
{
public:
    explicit WriteLock(const QString& path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, Name);
        db.setDatabaseName(path);
        db.open();
    }
    ~WriteLock()
    {
        release();
        QSqlDatabase::database(Name, false).close();
        QSqlDatabase::removeDatabase(Name);
    }
    bool take()
    {
        QSqlQuery query(QSqlDatabase::database(Name, false));
        m_held = query.exec(u"BEGIN IMMEDIATE"_s) &&
                 query.exec(u"UPDATE schema_version SET version = version"_s);
        if (!m_held) {
            qWarning("%s", qPrintable(query.lastError().text()));
        }
        return m_held;
    }
    void release()
    {
        if (m_held) {
            QSqlQuery(QSqlDatabase::database(Name, false)).exec(u"ROLLBACK"_s);
            m_held = false;
        }
    }

private:
    static constexpr QLatin1StringView Name{"write-lock"};
    bool m_held = false;
};

} // namespace

class TestSharedJournal : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void appAndCliDecideOnOneJournal();
    void cliWaitsForTheAppsWriteThenCommits();
    void cliSaysSoWhenTheJournalStaysLocked();
    void appDoesNotShowADecisionTheJournalDidNotTake();

private:
    // The app's side: a session with the snapshot open, ready for decisions.
    bool openInApp();
    QStringList cliDecide(const QList<QUuid>& ids, const QString& status) const;
    // relreview-cli started, not waited for: the test process goes on meanwhile.
    void startCli(QProcess& process, const QStringList& arguments) const;
    QJsonArray cliDecisions();
    QString journalPath() const { return QDir(m_dataDir).filePath(u"journal.sqlite3"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    QString m_snapshot;
    QByteArray m_previousDataDir;
    std::unique_ptr<RelationshipStore> m_store;
    std::unique_ptr<ReviewSession> m_session;
};

void TestSharedJournal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_dataDir = m_dir->filePath(u"data"_s);
    m_snapshot = TestData::writeDemoSnapshot(*m_dir, 40, 11);
    QVERIFY(!m_snapshot.isEmpty());
    m_previousDataDir = qgetenv(DecisionJournal::DataDirVariable);
    qputenv(DecisionJournal::DataDirVariable, QFile::encodeName(m_dataDir));
}

void TestSharedJournal::cleanup()
{
    m_session.reset();
    m_store.reset();
    qputenv(DecisionJournal::DataDirVariable, m_previousDataDir);
    m_dir.reset();
}

bool TestSharedJournal::openInApp()
{
    m_store = std::make_unique<RelationshipStore>();
    m_session = std::make_unique<ReviewSession>(m_store.get());
    if (m_session->journalState() != ReviewSession::JournalState::Durable) {
        qWarning("journal: %s", qPrintable(m_session->journalProblem()));
        return false;
    }
    QSignalSpy finished(m_session.get(), &ReviewSession::loadFinished);
    m_session->openSnapshot(m_snapshot);
    if (!finished.wait(30000) || !finished.constFirst().at(0).toBool()) {
        return false;
    }
    return !m_session->isReadOnly() && m_session->syncEngine()->originId() > 0;
}

QStringList TestSharedJournal::cliDecide(const QList<QUuid>& ids, const QString& status) const
{
    QStringList arguments = {u"decide"_s, u"--snapshot"_s, m_snapshot, u"--status"_s, status};
    for (const QUuid& id : ids) {
        arguments << u"--id"_s << id.toString(QUuid::WithoutBraces);
    }
    return arguments;
}

void TestSharedJournal::startCli(QProcess& process, const QStringList& arguments) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(DecisionJournal::DataDirVariable), m_dataDir);
    environment.remove(u"QT_QPA_PLATFORM"_s);
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"RELREVIEW_TOKEN"_s);
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(RELREVIEW_CLI_PATH), arguments);
}

QJsonArray TestSharedJournal::cliDecisions()
{
    const CliRun run =
        runCli({u"decisions"_s, u"--snapshot"_s, m_snapshot, u"--format"_s, u"json"_s}, m_dataDir,
               {}, {}, 60000);
    if (run.status != 0) {
        qWarning("decisions: %s", qPrintable(run.all()));
        return {};
    }
    return QJsonDocument::fromJson(run.out.toUtf8()).object().value("decisions"_L1).toArray();
}

// Both at once: the app holds the journal open and decides while relreview-cli decides and
// lists; each sees the other's decisions, and every decision is there once.
void TestSharedJournal::appAndCliDecideOnOneJournal()
{
    QVERIFY(openInApp());
    DecisionJournal* journal = m_session->journal();
    const qint64 origin = m_session->syncEngine()->originId();
    // Twelve rows the snapshot has as suggested, so that every decision below changes one.
    const RelationshipRows& rows = m_store->rows();
    QList<int> picked;
    QList<QUuid> ids;
    for (int row = 0; row < rows.size() && picked.size() < 12; ++row) {
        if (rows.row(row).status == RelationshipStatus::Suggested) {
            picked.append(row);
            ids.append(rows.row(row).id);
        }
    }
    QCOMPARE(picked.size(), 12);

    // The app first.
    m_session->decide(picked.mid(0, 3), RelationshipStatus::Approved);
    QCOMPARE(m_store->delivery(picked[0]), DeliveryState::Pending);

    // The command line while the app has the journal open, and the app deciding more while the
    // command line runs.
    QProcess cli;
    startCli(cli, cliDecide(ids.mid(3, 4), u"REJECTED"_s));
    for (int i = 7; i < 10; ++i) {
        m_session->decide({picked[i]}, RelationshipStatus::Rejected);
        QCOMPARE(m_store->delivery(picked[i]), DeliveryState::Pending);
    }
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0,
             cli.readAllStandardError().constData());

    // The app sees the command line's decisions, in the journal it has open.
    for (int i = 3; i < 7; ++i) {
        const std::optional<DecisionRecord> latest = journal->latestFor(origin, ids[i]);
        QVERIFY2(latest, qPrintable(ids[i].toString()));
        QCOMPARE(latest->status, u"REJECTED"_s);
        QCOMPARE(latest->state, DecisionState::Pending);
    }

    // The command line sees the app's, and its own: ten decisions, each once.
    QJsonArray listed = cliDecisions();
    QCOMPARE(listed.size(), 10);
    QSet<QString> seen;
    for (const QJsonValue& value : std::as_const(listed)) {
        const QJsonObject decision = value.toObject();
        const QString id = decision.value("relationship_id"_L1).toString();
        QVERIFY2(!seen.contains(id), qPrintable(id));
        seen.insert(id);
        const int index = int(ids.indexOf(QUuid::fromString(id)));
        QVERIFY2(index >= 0 && index < 10, qPrintable(id));
        QCOMPARE(decision.value("status"_L1).toString(), index < 3 ? u"APPROVED"_s : u"REJECTED"_s);
    }

    // A later decision in the app on a row the command line decided supersedes it, and the
    // command line's next decision on an app row supersedes the app's.
    m_session->decide({picked[3]}, RelationshipStatus::Approved);
    QCOMPARE(runCli(cliDecide({ids[0]}, u"SUGGESTED"_s), m_dataDir, {}, {}, 60000).status, 0);
    QCOMPARE(journal->latestFor(origin, ids[0])->status, u"SUGGESTED"_s);
    listed = cliDecisions();
    QCOMPARE(listed.size(), 12);
    int unsettled = 0;
    for (const QJsonValue& value : std::as_const(listed)) {
        if (value.toObject().value("state"_L1).toString() == "pending"_L1) {
            ++unsettled;
        }
    }
    QCOMPARE(unsettled, 10); // two superseded, none lost

    // Reopened (a restart of the app), every decision shows on its row.
    m_session.reset();
    QVERIFY(openInApp());
    QCOMPARE(m_store->effectiveStatus(picked[1]), RelationshipStatus::Approved);
    QCOMPARE(m_store->effectiveStatus(picked[3]), RelationshipStatus::Approved);
    QCOMPARE(m_store->effectiveStatus(picked[5]), RelationshipStatus::Rejected);
    QCOMPARE(m_store->effectiveStatus(picked[8]), RelationshipStatus::Rejected);
    QCOMPARE(m_store->delivery(picked[0]), DeliveryState::Pending); // the command line's reset
}

// The app holds the write lock for a while (a long write): relreview-cli still opens the
// journal and lists at once (opening takes no write lock), and its write waits, then commits.
void TestSharedJournal::cliWaitsForTheAppsWriteThenCommits()
{
    QVERIFY(openInApp());
    m_session->decide({0}, m_store->rows().row(0).status == RelationshipStatus::Approved
                               ? RelationshipStatus::Rejected
                               : RelationshipStatus::Approved);
    const QUuid id = m_store->rows().row(1).id;

    WriteLock lock(journalPath());
    QVERIFY(lock.take());
    // Reading while the lock is held: before, every open took the write lock and failed here.
    QCOMPARE(cliDecisions().size(), 1);

    QProcess cli;
    startCli(cli, cliDecide({id}, u"REJECTED"_s));
    QVERIFY(cli.waitForStarted(30000));
    // Released while the command line runs (it waits up to 10 s for the lock).
    QTimer::singleShot(1500, this, [&lock] { lock.release(); });
    QSignalSpy finished(&cli, &QProcess::finished);
    QVERIFY(finished.wait(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QVERIFY(cli.readAllStandardOutput().contains("Recorded 1 decision(s)"));
    QCOMPARE(m_session->journal()->latestFor(m_session->syncEngine()->originId(), id)->status,
             u"REJECTED"_s);
}

// Held longer than the command line waits: it fails, names the journal and the lock, records
// nothing, and exits non-zero. Never a silent success.
void TestSharedJournal::cliSaysSoWhenTheJournalStaysLocked()
{
    QVERIFY(openInApp());
    m_session->decide({0}, m_store->rows().row(0).status == RelationshipStatus::Approved
                               ? RelationshipStatus::Rejected
                               : RelationshipStatus::Approved);
    WriteLock lock(journalPath());
    QVERIFY(lock.take());
    const CliRun run =
        runCli(cliDecide({m_store->rows().row(1).id}, u"REJECTED"_s), m_dataDir, {}, {}, 60000);
    QCOMPARE(run.status, 1);
    QVERIFY2(run.err.contains(u"locked by another program"_s), qPrintable(run.all()));
    QVERIFY2(run.err.contains(journalPath()), qPrintable(run.all()));
    lock.release();
    // Nothing of it recorded; the app's decision is there.
    QCOMPARE(cliDecisions().size(), 1);
    // And the app's own writes went on after the lock was gone.
    m_session->decide({2}, m_store->rows().row(2).status == RelationshipStatus::Rejected
                               ? RelationshipStatus::Approved
                               : RelationshipStatus::Rejected);
    QCOMPARE(cliDecisions().size(), 2);
}

// The other way round: relreview-cli holds the lock longer than the app waits. The app's
// decision is not recorded, so it is not shown as made, and the session says why.
void TestSharedJournal::appDoesNotShowADecisionTheJournalDidNotTake()
{
    QVERIFY(openInApp());
    const RelationshipStatus status = m_store->rows().row(0).status == RelationshipStatus::Approved
                                          ? RelationshipStatus::Rejected
                                          : RelationshipStatus::Approved;
    WriteLock lock(journalPath());
    QVERIFY(lock.take());
    QSignalSpy errors(m_session.get(), &ReviewSession::lastErrorChanged);
    m_session->decide({0}, status); // waits for the lock, up to the busy timeout, then gives up
    QCOMPARE(m_store->delivery(0), DeliveryState::None);
    QVERIFY(m_store->effectiveStatus(0) != status);
    QVERIFY2(m_session->lastError().contains(u"could not be recorded"_s),
             qPrintable(m_session->lastError()));
    QVERIFY2(m_session->lastError().contains(u"locked by another program"_s),
             qPrintable(m_session->lastError()));
    QVERIFY(!errors.isEmpty());
    lock.release();
    QCOMPARE(cliDecisions().size(), 0);

    // Once the lock is gone the same key works.
    m_session->decide({0}, status);
    QCOMPARE(m_store->delivery(0), DeliveryState::Pending);
    QCOMPARE(cliDecisions().size(), 1);
}

QTEST_GUILESS_MAIN(TestSharedJournal)
#include "tst_sharedjournal.moc"
