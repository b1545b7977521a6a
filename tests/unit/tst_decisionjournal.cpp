// The decision journal: schema and migrations, WAL, private file modes, superseding, batches,
// crash recovery of 'sending' entries and per-thread connections.
#include "ConnectionProfile.h"
#include "DecisionJournal.h"
#include "RelationshipParser.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;

namespace {

constexpr QFileDevice::Permissions OwnerGroupOther = QFileDevice::Permissions(0x7077);

QUuid uuidFor(int index)
{
    return QUuid(quint32(0x3c90c3cc), quint16(0x0d44), quint16(0x4b50), 0x88, 0x88, 0x8d, 0xd2,
                 0x57, quint8(index >> 16), quint8(index >> 8), quint8(index));
}

NewDecision decisionOf(int index, const QString& status, qint64 createdMs = 0)
{
    NewDecision decision;
    decision.relationshipId = uuidFor(index);
    decision.status = status;
    decision.previousStatus = u"SUGGESTED"_s;
    decision.serverUpdatedMs = 1700000000000 + index;
    decision.createdMs = createdMs;
    return decision;
}

DecisionOrigin liveOrigin()
{
    ConnectionProfile profile;
    profile.baseUrl = QUrl(u"http://127.0.0.1:8080/"_s);
    profile.integrationSourceId = QUuid(u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    profile.scope.insert(u"organization_id"_s, QUuid(u"11111111-2222-4333-8444-555555555555"_s));
    return DecisionOrigin::forLive(profile);
}

} // namespace

class TestDecisionJournal : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createsPrivateFilesInWalMode();
    void usesTheDataDirVariable();
    void migratesVersionOneInOneStep();
    void refusesNewerSchema();
    void recordsAndReadsBack();
    void newerDecisionSupersedesOlderUnsettledOnes();
    void olderImportedDecisionDoesNotSupersedeNewer();
    void sendingEntriesReturnToPendingAfterRestart();
    void statesAndCountsInBatches();
    void latestPerRelationshipSkipsCancelled();
    void recordsAHundredThousandInOneTransaction();
    void eachThreadGetsItsOwnConnection();
    void originsAreKeptPerSourceAndSnapshot();
    void snapshotFingerprintFollowsContentNotPath();
    void inMemoryJournalWorksWithoutAFile();
    void applyKeepsTheOrderOfChangesToOneDecision();
    void aThreadMayFinishAfterTheJournalIsGone();

    // Never silently not durable.
    void openingTakesNoWriteLock();
    void migrationWaitsForTheLockAndSaysWhenItIsBusy();
    void everyWriteReportsALockedJournal();
    void aWriteWaitsForAnotherWriterThenCommits();
    void aFileThatIsNotAJournalIsRefused();
    void aJournalThatIsNotOpenRecordsNothing();
    void heldInMemoryWorksOnEveryThread();
    void heldDecisionsMoveIntoTheJournalWhenItComesBack();

private:
    QString journalPath() const { return m_dir->filePath(u"data/journal.sqlite3"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDecisionJournal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDecisionJournal::cleanup()
{
    m_dir.reset();
}

void TestDecisionJournal::createsPrivateFilesInWalMode()
{
    DecisionJournal journal(journalPath());
    QVERIFY2(journal.open(), qPrintable(journal.lastError()));
    QCOMPARE(journal.schemaVersionOnDisk(), DecisionJournal::SchemaVersion);
    QCOMPARE(journal.journalMode(), u"wal"_s);

    const QFileDevice::Permissions owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QCOMPARE(QFile::permissions(journalPath()) & OwnerGroupOther, owner);
    QCOMPARE(QFile::permissions(QFileInfo(journalPath()).absolutePath()) & OwnerGroupOther,
             owner | QFileDevice::ExeOwner);

    // A write creates the WAL file; SQLite gives it the database file's mode.
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    QVERIFY2(origin > 0, qPrintable(journal.lastError()));
    QCOMPARE(journal.record(origin, {decisionOf(1, u"APPROVED"_s)}).size(), 1);
    QVERIFY(QFileInfo::exists(journalPath() + u"-wal"_s));
    QCOMPARE(QFile::permissions(journalPath() + u"-wal"_s) & OwnerGroupOther, owner);
}

void TestDecisionJournal::usesTheDataDirVariable()
{
    const QByteArray previous = qgetenv(DecisionJournal::DataDirVariable);
    qputenv(DecisionJournal::DataDirVariable, m_dir->filePath(u"elsewhere"_s).toLocal8Bit());
    QCOMPARE(DecisionJournal::defaultPath(), m_dir->filePath(u"elsewhere/journal.sqlite3"_s));
    {
        DecisionJournal journal;
        QCOMPARE(journal.path(), m_dir->filePath(u"elsewhere/journal.sqlite3"_s));
        QVERIFY(journal.open());
        QVERIFY(QFileInfo::exists(m_dir->filePath(u"elsewhere/journal.sqlite3"_s)));
    }
    qputenv(DecisionJournal::DataDirVariable, previous);
}

void TestDecisionJournal::migratesVersionOneInOneStep()
{
    // A journal as version 1 wrote it: no step ids, no confirmed updated_at.
    QDir().mkpath(QFileInfo(journalPath()).absolutePath());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
        db.setDatabaseName(journalPath());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s));
        QVERIFY(query.exec(u"INSERT INTO schema_version VALUES (1)"_s));
        QVERIFY(query.exec(
            u"CREATE TABLE origins (id INTEGER PRIMARY KEY AUTOINCREMENT, origin_key TEXT NOT "
            "NULL UNIQUE, kind TEXT NOT NULL CHECK (kind IN ('live', 'snapshot')), label TEXT "
            "NOT NULL DEFAULT '', base_url TEXT NOT NULL DEFAULT '', integration_source_id TEXT "
            "NOT NULL DEFAULT '', scope_json TEXT NOT NULL DEFAULT '{}', snapshot_path TEXT NOT "
            "NULL DEFAULT '', created_ms INTEGER NOT NULL)"_s));
        QVERIFY(query.exec(
            u"CREATE TABLE decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, origin_id INTEGER NOT "
            "NULL REFERENCES origins(id), relationship_id BLOB NOT NULL CHECK "
            "(length(relationship_id) = 16), new_status TEXT NOT NULL, previous_status TEXT NOT "
            "NULL DEFAULT '', created_ms INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending' "
            "CHECK (state IN ('pending', 'sending', 'confirmed', 'failed', 'gone', 'conflict', "
            "'cancelled')), attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL "
            "DEFAULT '', server_updated_ms INTEGER NOT NULL DEFAULT 0)"_s));
        QVERIFY(query.exec(u"INSERT INTO origins (origin_key, kind, created_ms) VALUES "
                           "('snapshot:abc', 'snapshot', 1)"_s));
        query.prepare(u"INSERT INTO decisions (origin_id, relationship_id, new_status, "
                      "created_ms, state, attempts) VALUES (1, ?, 'REJECTED', 5, 'sending', 2)"_s);
        query.addBindValue(uuidFor(7).toRfc4122());
        QVERIFY(query.exec());
    }
    QSqlDatabase::removeDatabase(u"v1"_s);

    DecisionJournal journal(journalPath());
    QVERIFY2(journal.open(), qPrintable(journal.lastError()));
    QCOMPARE(journal.schemaVersionOnDisk(), 2);
    const std::optional<qint64> origin = journal.originIdForKey(u"snapshot:abc"_s);
    QVERIFY(origin);
    const QList<DecisionRecord> kept = journal.decisions(*origin);
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept[0].relationshipId, uuidFor(7));
    QCOMPARE(kept[0].status, u"REJECTED"_s);
    QCOMPARE(kept[0].state, DecisionState::Sending);
    QCOMPARE(kept[0].attempts, 2);
    QCOMPARE(kept[0].stepId, 0);
    QCOMPARE(kept[0].confirmedUpdatedMs, 0);

    // The new columns work after the migration.
    NewDecision next = decisionOf(8, u"APPROVED"_s);
    next.stepId = journal.nextStepId();
    QCOMPARE(next.stepId, 1);
    QCOMPARE(journal.record(*origin, {next}).size(), 1);
    QCOMPARE(journal.decisions(*origin).last().stepId, 1);
}

void TestDecisionJournal::refusesNewerSchema()
{
    {
        DecisionJournal journal(journalPath());
        QVERIFY(journal.open());
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"future"_s);
        db.setDatabaseName(journalPath());
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(u"UPDATE schema_version SET version = 99"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"future"_s);

    DecisionJournal journal(journalPath());
    QVERIFY(!journal.open());
    QVERIFY2(journal.lastError().contains(u"newer"_s), qPrintable(journal.lastError()));
    QCOMPARE(journal.schemaVersionOnDisk(), 99); // untouched
}

void TestDecisionJournal::recordsAndReadsBack()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    NewDecision decision = decisionOf(42, u"APPROVED"_s, 1234);
    decision.stepId = 9;
    const QList<qint64> ids = journal.record(origin, {decision});
    QVERIFY2(ids.size() == 1, qPrintable(journal.lastError()));

    const std::optional<DecisionRecord> read = journal.decision(ids[0]);
    QVERIFY(read);
    QCOMPARE(read->originId, origin);
    QCOMPARE(read->relationshipId, uuidFor(42));
    QCOMPARE(read->status, u"APPROVED"_s);
    QCOMPARE(read->previousStatus, u"SUGGESTED"_s);
    QCOMPARE(read->createdMs, 1234);
    QCOMPARE(read->state, DecisionState::Pending);
    QCOMPARE(read->attempts, 0);
    QCOMPARE(read->serverUpdatedMs, 1700000000042);
    QCOMPARE(read->stepId, 9);

    // The relationship id is stored as 16 bytes.
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"peek"_s);
    db.setDatabaseName(journalPath());
    QVERIFY(db.open());
    {
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT length(relationship_id), typeof(relationship_id) FROM "
                           "decisions"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 16);
        QCOMPARE(query.value(1).toString(), u"blob"_s);
    }
    db.close();
    db = {};
    QSqlDatabase::removeDatabase(u"peek"_s);
}

void TestDecisionJournal::newerDecisionSupersedesOlderUnsettledOnes()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    DecisionOrigin otherSource = liveOrigin();
    otherSource.key += u"-other"_s;
    const qint64 other = journal.ensureOrigin(otherSource);

    const qint64 first = journal.record(origin, {decisionOf(1, u"APPROVED"_s, 100)}).value(0);
    const qint64 inFlight = journal.record(origin, {decisionOf(2, u"APPROVED"_s, 100)}).value(0);
    const qint64 otherOrigin = journal.record(other, {decisionOf(1, u"APPROVED"_s, 100)}).value(0);
    QVERIFY(journal.markSending({inFlight}));

    const QList<qint64> newer = journal.record(
        origin, {decisionOf(1, u"REJECTED"_s, 200), decisionOf(2, u"REJECTED"_s, 200)});
    QCOMPARE(newer.size(), 2);

    QCOMPARE(journal.decision(first)->state, DecisionState::Cancelled);
    QVERIFY(!journal.decision(first)->lastError.isEmpty());
    // Its request has left: it is answered, not cancelled; the newer one waits behind it.
    QCOMPARE(journal.decision(inFlight)->state, DecisionState::Sending);
    // Another origin's decision on the same row is not touched.
    QCOMPARE(journal.decision(otherOrigin)->state, DecisionState::Pending);

    const QList<DecisionRecord> pending = journal.pending(origin);
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending[0].id, newer[0]);
    QCOMPARE(pending[1].id, newer[1]);

    // Failed, gone and conflicting decisions are superseded too; confirmed ones stay history.
    QVERIFY(journal.setState({newer[0]}, DecisionState::Failed, u"no"_s));
    QVERIFY(journal.setState({newer[1]}, DecisionState::Confirmed));
    const QList<qint64> third = journal.record(
        origin, {decisionOf(1, u"SUGGESTED"_s, 300), decisionOf(2, u"SUGGESTED"_s, 300)});
    QCOMPARE(journal.decision(newer[0])->state, DecisionState::Cancelled);
    QCOMPARE(journal.decision(newer[1])->state, DecisionState::Confirmed);
    QCOMPARE(journal.pending(origin).size(), 2);

    // Within one batch, the last decision on a row wins.
    const QList<qint64> batch = journal.record(
        origin, {decisionOf(5, u"APPROVED"_s, 400), decisionOf(5, u"REJECTED"_s, 400)});
    QCOMPARE(journal.decision(batch[0])->state, DecisionState::Cancelled);
    QCOMPARE(journal.decision(batch[1])->state, DecisionState::Pending);
    QCOMPARE(journal.latestFor(origin, uuidFor(5))->id, batch[1]);
}

void TestDecisionJournal::olderImportedDecisionDoesNotSupersedeNewer()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    const qint64 mine = journal.record(origin, {decisionOf(1, u"APPROVED"_s, 5000)}).value(0);
    // A colleague's decision on the same row, made earlier, imported later.
    const qint64 theirs = journal.record(origin, {decisionOf(1, u"REJECTED"_s, 1000)}).value(0);
    QVERIFY(theirs > mine);
    QCOMPARE(journal.decision(mine)->state, DecisionState::Pending);
    QCOMPARE(journal.decision(theirs)->state, DecisionState::Cancelled);
}

void TestDecisionJournal::sendingEntriesReturnToPendingAfterRestart()
{
    QList<qint64> ids;
    {
        DecisionJournal journal(journalPath());
        QVERIFY(journal.open());
        const qint64 origin = journal.ensureOrigin(liveOrigin());
        ids = journal.record(origin, {decisionOf(1, u"APPROVED"_s), decisionOf(2, u"APPROVED"_s),
                                      decisionOf(3, u"APPROVED"_s)});
        QVERIFY(journal.markSending({ids[0], ids[1]}));
        QVERIFY(journal.markConfirmed({{ids[1], 1700000009999}}));
        // The process dies here with ids[0] in flight.
    }
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = *journal.originIdForKey(liveOrigin().key);
    QCOMPARE(journal.counts(origin).sending(), 1);
    QCOMPARE(journal.requeueInterrupted(origin), 1);
    const DecisionCounts counts = journal.counts(origin);
    QCOMPARE(counts.sending(), 0);
    QCOMPARE(counts.pending(), 2);
    QCOMPARE(counts.confirmed(), 1);
    QCOMPARE(journal.decision(ids[0])->attempts, 1);
    QCOMPARE(journal.decision(ids[1])->confirmedUpdatedMs, 1700000009999);
}

void TestDecisionJournal::statesAndCountsInBatches()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    QList<NewDecision> decisions;
    for (int i = 0; i < 1500; ++i) {
        decisions.append(decisionOf(i, u"APPROVED"_s));
    }
    const QList<qint64> ids = journal.record(origin, decisions);
    QCOMPARE(ids.size(), 1500);
    QVERIFY(journal.markSending(ids.mid(0, 1200))); // more than one chunk of ids
    QVERIFY(journal.markSending(ids.mid(0, 10)));
    QVERIFY(journal.setState(ids.mid(0, 1000), DecisionState::Confirmed));
    QVERIFY(journal.setState(ids.mid(1000, 100), DecisionState::Failed, u"detail"_s));
    QVERIFY(journal.setState(ids.mid(1100, 50), DecisionState::Gone, u"404"_s));
    QVERIFY(journal.setState(ids.mid(1150, 25), DecisionState::Conflict));

    const DecisionCounts counts = journal.counts(origin);
    QCOMPARE(counts.confirmed(), 1000);
    QCOMPARE(counts.failed(), 100);
    QCOMPARE(counts.gone(), 50);
    QCOMPARE(counts.conflicts(), 25);
    QCOMPARE(counts.sending(), 25);
    QCOMPARE(counts.pending(), 300);
    QCOMPARE(counts.outstanding(), 325);
    QCOMPARE(journal.countsAll(), counts);
    QCOMPARE(journal.decision(ids[5])->attempts, 2);
    QCOMPARE(journal.decision(ids[1005])->lastError, u"detail"_s);

    QCOMPARE(journal.retryFailed(origin), 100);
    QCOMPARE(journal.counts(origin).pending(), 400);

    QVERIFY(journal.rebaseline(ids[1160], 1800000000000, u"APPROVED"_s));
    const DecisionRecord rebased = *journal.decision(ids[1160]);
    QCOMPARE(rebased.state, DecisionState::Pending);
    QCOMPARE(rebased.serverUpdatedMs, 1800000000000);
    QCOMPARE(rebased.previousStatus, u"APPROVED"_s);
}

void TestDecisionJournal::latestPerRelationshipSkipsCancelled()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    journal.record(origin, {decisionOf(1, u"APPROVED"_s, 10), decisionOf(2, u"REJECTED"_s, 10)});
    const qint64 confirmed = journal.record(origin, {decisionOf(3, u"APPROVED"_s, 10)}).value(0);
    journal.setState({confirmed}, DecisionState::Confirmed);
    journal.record(origin, {decisionOf(1, u"SUGGESTED"_s, 20)});

    QHash<QUuid, QString> latest;
    for (const DecisionRecord& record : journal.latestPerRelationship(origin)) {
        QVERIFY(!latest.contains(record.relationshipId));
        latest.insert(record.relationshipId, record.status);
    }
    QCOMPARE(latest.size(), 3);
    QCOMPARE(latest.value(uuidFor(1)), u"SUGGESTED"_s);
    QCOMPARE(latest.value(uuidFor(2)), u"REJECTED"_s);
    QCOMPARE(latest.value(uuidFor(3)), u"APPROVED"_s);
}

void TestDecisionJournal::recordsAHundredThousandInOneTransaction()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    QList<NewDecision> decisions;
    decisions.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        decisions.append(decisionOf(i, i % 2 ? u"APPROVED"_s : u"REJECTED"_s));
    }
    QElapsedTimer timer;
    timer.start();
    const QList<qint64> ids = journal.record(origin, decisions);
    // Reported, not asserted: timing depends on the machine and its load.
    qInfo("recorded %lld decisions in %lld ms", qlonglong(ids.size()), timer.elapsed());
    QCOMPARE(ids.size(), 100000);
    QCOMPARE(journal.counts(origin).pending(), 100000);
    timer.restart();
    QCOMPARE(journal.pending(origin).size(), 100000);
    qInfo("read them back in %lld ms", timer.elapsed());
}

void TestDecisionJournal::eachThreadGetsItsOwnConnection()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    QList<qint64> fromWorkers[2];
    QThread* workers[2];
    for (int w = 0; w < 2; ++w) {
        workers[w] = QThread::create([&journal, origin, w, &fromWorkers] {
            for (int i = 0; i < 50; ++i) {
                fromWorkers[w] += journal.record(origin, {decisionOf(w * 1000 + i, u"APPROVED"_s)});
            }
        });
        workers[w]->start();
    }
    for (QThread* worker : workers) {
        QVERIFY(worker->wait(30000));
        delete worker;
    }
    QCOMPARE(fromWorkers[0].size(), 50);
    QCOMPARE(fromWorkers[1].size(), 50);
    QCOMPARE(journal.counts(origin).pending(), 100);
}

void TestDecisionJournal::originsAreKeptPerSourceAndSnapshot()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const DecisionOrigin live = liveOrigin();
    QCOMPARE(live.key, u"live:http://127.0.0.1:8080|6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    const qint64 liveId = journal.ensureOrigin(live);
    QCOMPARE(journal.ensureOrigin(live), liveId); // registered once

    DecisionOrigin snapshot;
    snapshot.kind = DecisionOrigin::Kind::Snapshot;
    snapshot.key = u"snapshot:0123"_s;
    snapshot.snapshotPath = u"/tmp/a.json"_s;
    snapshot.baseUrl = u"http://127.0.0.1:9"_s;
    const qint64 snapshotId = journal.ensureOrigin(snapshot);
    QVERIFY(snapshotId != liveId);
    snapshot.snapshotPath = u"/tmp/moved.json"_s;
    snapshot.baseUrl.clear(); // an empty value does not erase what is known
    QCOMPARE(journal.ensureOrigin(snapshot), snapshotId);

    const std::optional<DecisionOrigin> read = journal.origin(snapshotId);
    QVERIFY(read);
    QVERIFY(read->isSnapshot());
    QCOMPARE(read->snapshotPath, u"/tmp/moved.json"_s);
    QCOMPARE(read->baseUrl, u"http://127.0.0.1:9"_s);
    const std::optional<DecisionOrigin> readLive = journal.origin(liveId);
    QCOMPARE(readLive->scope.value("organization_id"_L1).toString(),
             u"11111111-2222-4333-8444-555555555555"_s);
    QCOMPARE(readLive->integrationSourceId, live.integrationSourceId);
    QCOMPARE(journal.origins().size(), 2);
}

void TestDecisionJournal::snapshotFingerprintFollowsContentNotPath()
{
    const auto write = [this](const QString& name, const QByteArray& content) {
        QFile file(m_dir->filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(content);
        return file.fileName();
    };
    QByteArray big(300 * 1024, 'x');
    const QString a = write(u"a.json"_s, big);
    const QString b = write(u"b.json"_s, big);
    big[200 * 1024] = 'y'; // one byte in the middle, same size: another snapshot
    const QString c = write(u"c.json"_s, big);

    SnapshotHeader header;
    header.source.baseUrl = u"http://example.invalid"_s;
    const DecisionOrigin originA = DecisionOrigin::forSnapshot(a, header);
    QVERIFY(originA.isValid());
    QVERIFY(originA.isSnapshot());
    QCOMPARE(originA.snapshotPath, QFileInfo(a).canonicalFilePath());
    QCOMPARE(originA.baseUrl, header.source.baseUrl);
    QCOMPARE(DecisionOrigin::forSnapshot(b, header).key, originA.key);
    QVERIFY(DecisionOrigin::forSnapshot(c, header).key != originA.key);

    QString error;
    QVERIFY(
        !DecisionOrigin::forSnapshot(m_dir->filePath(u"missing.json"_s), header, &error).isValid());
    QVERIFY(error.contains(u"missing.json"_s));
}

void TestDecisionJournal::inMemoryJournalWorksWithoutAFile()
{
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir->path()));
    {
        DecisionJournal journal(QString::fromLatin1(DecisionJournal::InMemory));
        QVERIFY2(journal.open(), qPrintable(journal.lastError()));
        const qint64 origin = journal.ensureOrigin(liveOrigin());
        QCOMPARE(journal.record(origin, {decisionOf(1, u"APPROVED"_s)}).size(), 1);
        QCOMPARE(journal.counts(origin).pending(), 1);
    }
    QVERIFY(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    QVERIFY(QDir::setCurrent(previous));
}

// apply() writes runs of alike changes in one statement: a run must not swallow a second
// change of the same decision, and each keeps its own answered updated_at.
void TestDecisionJournal::applyKeepsTheOrderOfChangesToOneDecision()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    const QList<qint64> ids =
        journal.record(origin, {decisionOf(1, u"APPROVED"_s), decisionOf(2, u"REJECTED"_s),
                                decisionOf(3, u"APPROVED"_s)});
    QCOMPARE(ids.size(), 3);
    const auto change = [](qint64 id, DecisionState state, bool attempt, qint64 confirmedMs = 0,
                           const QString& error = {}) {
        DecisionChange c;
        c.id = id;
        c.state = state;
        c.countAttempt = attempt;
        c.keepError = error.isEmpty();
        c.lastError = error;
        c.confirmedUpdatedMs = confirmedMs;
        return c;
    };
    QVERIFY(journal.apply({change(ids[0], DecisionState::Sending, true),
                           change(ids[1], DecisionState::Sending, true),
                           change(ids[0], DecisionState::Sending, true),
                           change(ids[0], DecisionState::Confirmed, false, 111),
                           change(ids[1], DecisionState::Confirmed, false, 222),
                           change(ids[2], DecisionState::Failed, false, 0, u"nope"_s)}));
    const QList<DecisionRecord> records = journal.decisionsWithIds(ids);
    QCOMPARE(records.size(), 3);
    QCOMPARE(records[0].state, DecisionState::Confirmed);
    QCOMPARE(records[0].attempts, 2);
    QCOMPARE(records[0].confirmedUpdatedMs, 111);
    QCOMPARE(records[1].state, DecisionState::Confirmed);
    QCOMPARE(records[1].attempts, 1);
    QCOMPARE(records[1].confirmedUpdatedMs, 222);
    QCOMPARE(records[2].state, DecisionState::Failed);
    QCOMPARE(records[2].attempts, 0);
    QCOMPARE(records[2].lastError, u"nope"_s);
    QCOMPARE(records[2].confirmedUpdatedMs, 0);
}

// A worker thread that used the journal ends after the journal is destroyed: its "finished"
// handler must not reach into the destroyed journal (the sanitizer preset sees it if it does),
// and no connection of the journal is left behind.
void TestDecisionJournal::aThreadMayFinishAfterTheJournalIsGone()
{
    auto journal = std::make_unique<DecisionJournal>(journalPath());
    QVERIFY(journal->open());
    const qint64 origin = journal->ensureOrigin(liveOrigin());
    QThread worker;
    QList<qint64> ids;
    QObject onWorker;
    onWorker.moveToThread(&worker);
    worker.start();
    QMetaObject::invokeMethod(
        &onWorker, [&] { ids = journal->record(origin, {decisionOf(1, u"APPROVED"_s)}); },
        Qt::BlockingQueuedConnection);
    QCOMPARE(ids.size(), 1);
    journal.reset();
    worker.quit();
    QVERIFY(worker.wait(10000));
    for (const QString& name : QSqlDatabase::connectionNames())
        QVERIFY2(!name.startsWith("relreview-journal-"_L1), qPrintable(name));
}

namespace {

// Another process's connection to the journal, as relreview-cli would hold one.
class OtherConnection
{
public:
    explicit OtherConnection(const QString& path)
        : m_name(u"other-%1"_s.arg(quintptr(this), 0, 16))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=0"_s);
        db.open();
    }
    ~OtherConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool exec(const QString& sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql)) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return false;
        }
        return true;
    }

private:
    QString m_name;
};

} // namespace

// Opening a journal at the current schema reads, it does not write: another process holding
// the write lock (the app in the middle of a bulk, relreview-cli syncing) does not keep it from
// opening, nor from reading.
void TestDecisionJournal::openingTakesNoWriteLock()
{
    qint64 origin = 0;
    {
        DecisionJournal first(journalPath());
        QVERIFY(first.open());
        origin = first.ensureOrigin(liveOrigin());
        QCOMPARE(first.record(origin, {decisionOf(1, u"APPROVED"_s)}).size(), 1);
    }
    OtherConnection other(journalPath());
    QVERIFY(other.exec(u"BEGIN EXCLUSIVE"_s));

    DecisionJournal journal(journalPath());
    journal.setBusyTimeoutMs(0); // any wait for the lock would fail the open
    QVERIFY2(journal.open(), qPrintable(journal.lastError()));
    QCOMPARE(journal.storage(), DecisionJournal::Storage::File);
    QCOMPARE(journal.counts(origin).pending(), 1);
    QVERIFY(other.exec(u"ROLLBACK"_s));
}

// An older journal must be migrated, which needs the lock: busy past the timeout, the open fails
// and says why, and the journal is left as it was.
void TestDecisionJournal::migrationWaitsForTheLockAndSaysWhenItIsBusy()
{
    QDir().mkpath(QFileInfo(journalPath()).absolutePath());
    {
        OtherConnection creator(journalPath());
        QVERIFY(creator.exec(u"PRAGMA journal_mode=WAL"_s));
        QVERIFY(creator.exec(u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s));
        QVERIFY(creator.exec(u"INSERT INTO schema_version VALUES (0)"_s));
    }
    OtherConnection other(journalPath());
    QVERIFY(other.exec(u"BEGIN IMMEDIATE"_s));
    DecisionJournal journal(journalPath());
    journal.setBusyTimeoutMs(20);
    QVERIFY(!journal.open());
    QVERIFY2(journal.lastError().contains(u"locked by another program"_s),
             qPrintable(journal.lastError()));
    QVERIFY2(journal.lastError().contains(journalPath()), qPrintable(journal.lastError()));
    QCOMPARE(journal.storage(), DecisionJournal::Storage::Closed);
    QVERIFY(other.exec(u"ROLLBACK"_s));
    QCOMPARE(journal.schemaVersionOnDisk(), 0);

    QVERIFY2(journal.open(), qPrintable(journal.lastError())); // free now: migrated
    QCOMPARE(journal.schemaVersionOnDisk(), DecisionJournal::SchemaVersion);
}

// Every write checks its transaction: held up past the busy timeout, it fails, says that the
// journal is locked, and nothing of it is recorded.
void TestDecisionJournal::everyWriteReportsALockedJournal()
{
    DecisionJournal journal(journalPath());
    journal.setBusyTimeoutMs(20);
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    const QList<qint64> ids =
        journal.record(origin, {decisionOf(1, u"APPROVED"_s), decisionOf(2, u"REJECTED"_s)});
    QCOMPARE(ids.size(), 2);
    QVERIFY(journal.setState({ids[1]}, DecisionState::Failed, u"refused"_s));

    OtherConnection other(journalPath());
    QVERIFY(other.exec(u"BEGIN EXCLUSIVE"_s));
    const auto reportsLocked = [this, &journal](const char* what) {
        const QString error = journal.lastError();
        if (!error.contains(u"locked by another program"_s) || !error.contains(journalPath())) {
            qWarning("%s: %s", what, qPrintable(error));
            return false;
        }
        return true;
    };

    QVERIFY(journal.record(origin, {decisionOf(3, u"APPROVED"_s)}).isEmpty());
    QVERIFY(reportsLocked("record"));
    QVERIFY(!journal.markSending({ids[0]}));
    QVERIFY(reportsLocked("markSending"));
    QVERIFY(!journal.setState({ids[0]}, DecisionState::Gone));
    QVERIFY(reportsLocked("setState"));
    QVERIFY(!journal.markConfirmed({{ids[0], 5}}));
    QVERIFY(reportsLocked("markConfirmed"));
    QVERIFY(!journal.setLastError({ids[0]}, u"x"_s));
    QVERIFY(reportsLocked("setLastError"));
    DecisionChange change;
    change.id = ids[0];
    change.state = DecisionState::Confirmed;
    QVERIFY(!journal.apply({change}));
    QVERIFY(reportsLocked("apply"));
    QVERIFY(!journal.rebaseline(ids[0], 7, u"SUGGESTED"_s));
    QVERIFY(reportsLocked("rebaseline"));
    QCOMPARE(journal.requeueInterrupted(origin), -1);
    QVERIFY(reportsLocked("requeueInterrupted"));
    QCOMPARE(journal.retryFailed(origin), -1);
    QVERIFY(reportsLocked("retryFailed"));
    QCOMPARE(journal.purgeSettled(origin, QDateTime::currentMSecsSinceEpoch() + 1000), -1);
    QVERIFY(reportsLocked("purgeSettled"));
    DecisionOrigin another = liveOrigin();
    another.key += u"-other"_s;
    QCOMPARE(journal.ensureOrigin(another), 0);
    QVERIFY(reportsLocked("ensureOrigin"));

    QVERIFY(other.exec(u"ROLLBACK"_s));
    // Nothing of the failed writes happened.
    const QList<DecisionRecord> records = journal.decisions(origin);
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].state, DecisionState::Pending);
    QCOMPARE(records[0].attempts, 0);
    QCOMPARE(records[0].lastError, QString());
    QCOMPARE(records[1].state, DecisionState::Failed);
    // And the journal works again.
    QVERIFY(journal.markSending({ids[0]}));
    QCOMPARE(journal.decision(ids[0])->state, DecisionState::Sending);
}

// Another process writing for a while: a write waits for it (within the busy timeout) and then
// commits.
void TestDecisionJournal::aWriteWaitsForAnotherWriterThenCommits()
{
    DecisionJournal journal(journalPath());
    QVERIFY(journal.open());
    const qint64 origin = journal.ensureOrigin(liveOrigin());

    QSemaphore holding;
    QAtomicInt committed = 0;
    QThread* other = QThread::create([this, &holding, &committed] {
        OtherConnection connection(journalPath());
        connection.exec(u"BEGIN IMMEDIATE"_s);
        connection.exec(u"UPDATE schema_version SET version = version"_s);
        holding.release();
        // The other process's write takes a while (the scenario, not a wait for a result).
        QThread::msleep(300);
        committed = connection.exec(u"COMMIT"_s) ? 1 : -1;
    });
    other->start();
    holding.acquire(); // the lock is taken: the write below has to wait for it
    const QList<qint64> ids = journal.record(origin, {decisionOf(1, u"APPROVED"_s)});
    QVERIFY2(ids.size() == 1, qPrintable(journal.lastError()));
    QCOMPARE(committed.loadRelaxed(), 1); // it waited until the other write had ended
    QVERIFY(other->wait(30000));
    delete other;
    QCOMPARE(journal.decision(ids[0])->status, u"APPROVED"_s);
}

// A file that is not SQLite (or not a journal) is refused with its name, and left as it was.
void TestDecisionJournal::aFileThatIsNotAJournalIsRefused()
{
    QDir().mkpath(QFileInfo(journalPath()).absolutePath());
    const QByteArray content(4096, 'n');
    {
        QFile file(journalPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    DecisionJournal journal(journalPath());
    QVERIFY(!journal.open());
    QVERIFY2(journal.lastError().contains(journalPath()), qPrintable(journal.lastError()));
    QCOMPARE(journal.storage(), DecisionJournal::Storage::Closed);
    QFile file(journalPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content);
}

// A journal whose open failed records nothing, and says so: no write falls through to a
// database opened behind its back.
void TestDecisionJournal::aJournalThatIsNotOpenRecordsNothing()
{
    const QString blocker = m_dir->filePath(u"a-file"_s);
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    DecisionJournal journal(blocker + u"/journal.sqlite3"_s);
    QVERIFY(!journal.open());
    QVERIFY2(journal.lastError().contains(blocker), qPrintable(journal.lastError()));
    QCOMPARE(journal.ensureOrigin(liveOrigin()), 0);
    QVERIFY(journal.record(1, {decisionOf(1, u"APPROVED"_s)}).isEmpty());
    QVERIFY(!journal.markSending({1}));
    QVERIFY(!journal.lastError().isEmpty());
}

// Held in memory, the decisions are one database for every thread (the engine's writer, the
// bulk recorder), not one per connection.
void TestDecisionJournal::heldInMemoryWorksOnEveryThread()
{
    DecisionJournal journal(m_dir->filePath(u"a-file/journal.sqlite3"_s));
    QVERIFY(journal.openInMemory());
    QCOMPARE(journal.storage(), DecisionJournal::Storage::Memory);
    QVERIFY(!journal.isDurable());
    const qint64 origin = journal.ensureOrigin(liveOrigin());
    QVERIFY(origin > 0);
    QList<qint64> fromWorkers[2];
    QThread* workers[2];
    for (int w = 0; w < 2; ++w) {
        workers[w] = QThread::create([&journal, origin, w, &fromWorkers] {
            for (int i = 0; i < 50; ++i) {
                fromWorkers[w] += journal.record(origin, {decisionOf(w * 1000 + i, u"APPROVED"_s)});
                journal.markSending(fromWorkers[w].mid(i));
            }
        });
        workers[w]->start();
    }
    for (QThread* worker : workers) {
        QVERIFY(worker->wait(30000));
        delete worker;
    }
    QCOMPARE(fromWorkers[0].size(), 50);
    QCOMPARE(fromWorkers[1].size(), 50);
    QCOMPARE(journal.counts(origin).sending(), 100);
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"a-file"_s)));
}

// The journal comes back (the folder is fixed, the other program let go): what was held in
// memory moves into it, under the same ids, newer than what waited there.
void TestDecisionJournal::heldDecisionsMoveIntoTheJournalWhenItComesBack()
{
    qint64 origin = 0;
    qint64 older = 0;
    {
        DecisionJournal before(journalPath());
        QVERIFY(before.open());
        origin = before.ensureOrigin(liveOrigin());
        older = before.record(origin, {decisionOf(1, u"REJECTED"_s, 1000)}).value(0);
        QVERIFY(older > 0);
    }
    // The journal cannot be opened for now: something else is in its place.
    const QString moved = journalPath() + u".away"_s;
    QVERIFY(QFile::rename(journalPath(), moved));
    QVERIFY(QDir().mkpath(journalPath()));

    DecisionJournal journal(journalPath());
    QVERIFY(!journal.open());
    QVERIFY(journal.openInMemory());
    const qint64 heldOrigin = journal.ensureOrigin(liveOrigin());
    const QList<qint64> held =
        journal.record(heldOrigin, {decisionOf(1, u"APPROVED"_s), decisionOf(2, u"APPROVED"_s)});
    QCOMPARE(held.size(), 2);
    QVERIFY(journal.markConfirmed({{held[1], 42}}));
    QVERIFY(held[0] > older);

    // Still away: Retry fails, and the held decisions stay held.
    QVERIFY(!journal.open());
    QCOMPARE(journal.storage(), DecisionJournal::Storage::Memory);
    QCOMPARE(journal.decisionsWithIds(held).size(), 2);

    QVERIFY(QDir(journalPath()).removeRecursively());
    QVERIFY(QFile::rename(moved, journalPath()));
    QVERIFY2(journal.open(), qPrintable(journal.lastError()));
    QCOMPARE(journal.storage(), DecisionJournal::Storage::File);
    const std::optional<qint64> fileOrigin = journal.originIdForKey(liveOrigin().key);
    QCOMPARE(fileOrigin, std::optional<qint64>(origin));
    const QList<DecisionRecord> records = journal.decisionsWithIds(held);
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].id, held[0]);
    QCOMPARE(records[0].originId, origin);
    QCOMPARE(records[0].relationshipId, uuidFor(1));
    QCOMPARE(records[0].state, DecisionState::Pending);
    QCOMPARE(records[1].state, DecisionState::Confirmed);
    QCOMPARE(records[1].confirmedUpdatedMs, 42);
    // The older decision on the same row waited in the file: superseded by the held one.
    QCOMPARE(journal.decision(older)->state, DecisionState::Cancelled);
    // And they are in the file for the next process.
    DecisionJournal next(journalPath());
    QVERIFY(next.open());
    QCOMPARE(next.decisions(origin).size(), 3);
}

QTEST_GUILESS_MAIN(TestDecisionJournal)
#include "tst_decisionjournal.moc"
