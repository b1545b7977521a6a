// No decision is lost to a kill: relreview-cli pushing 2,000 decisions through the development
// server is killed with SIGKILL half-way; a second run confirms every decision, and the server
// applied each exactly once.

#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "OfflineSnapshot.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int DecisionCount = 2000;

} // namespace

class TestDurability : public QObject
{
    Q_OBJECT

private slots:
    void killedSyncLosesNothingAndAppliesNothingTwice_data();
    void killedSyncLosesNothingAndAppliesNothingTwice();

private:
    void startSync(QProcess& process, const QStringList& extra);

    QString m_dataDir;
    QString m_snapshot;
    QString m_token;
};

void TestDurability::startSync(QProcess& process, const QStringList& extra)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"RELREVIEW_DATA_DIR"_s, m_dataDir);
    environment.insert(u"RELREVIEW_TOKEN"_s, m_token);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(RELREVIEW_CLI_PATH),
                  QStringList{u"sync"_s, u"--snapshot"_s, m_snapshot, u"--quiet"_s} + extra);
}

void TestDurability::killedSyncLosesNothingAndAppliesNothingTwice_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("counter"); // the server's count of ids it was sent
    QTest::newRow("one PUT each") << QStringList{u"--no-bulk"_s, u"--max-in-flight"_s, u"4"_s}
                                  << u"puts"_s;
    QTest::newRow("bulk") << QStringList{u"--max-bulk"_s, u"20"_s, u"--max-in-flight"_s, u"1"_s}
                          << u"bulk_ids"_s;
}

void TestDurability::killedSyncLosesNothingAndAppliesNothingTwice()
{
    QFETCH(QStringList, options);
    QFETCH(QString, counter);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    m_dataDir = dir.filePath(u"data"_s);
    DevServerProcess server;
    DevServerProcess::Options serverOptions;
    serverOptions.generate = DecisionCount + 200;
    serverOptions.latencyMs = 3; // the kill comes while requests are still flowing
    QVERIFY2(server.start(serverOptions), qPrintable(server.errorString()));
    m_token = server.token();

    // The snapshot, and 2,000 decisions made on it offline.
    m_snapshot = dir.filePath(u"snapshot.json"_s);
    {
        QFile file(m_snapshot);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(server.apiGet(u"/api/integration-sources/%1/relationships"_s.arg(
            server.sourceId().toString(QUuid::WithoutBraces))));
    }
    QHash<QUuid, QString> intended;
    {
        DecisionJournal journal(QDir(m_dataDir).filePath(u"journal.sqlite3"_s));
        QVERIFY(journal.open());
        OfflineSnapshot snapshot = OfflineSnapshot::open(m_snapshot, &journal);
        QVERIFY2(snapshot.ok, qPrintable(snapshot.message));
        // A bare list names no server: the journal remembers where its decisions go.
        snapshot.origin.baseUrl = server.baseUrl().toString();
        const qint64 origin = journal.ensureOrigin(snapshot.origin);
        const RelationshipRows& rows = snapshot.document.rows;
        QList<NewDecision> decisions;
        for (int row = 0; row < DecisionCount; ++row) {
            const Relationship relationship = rows.relationship(row);
            NewDecision decision;
            decision.relationshipId = relationship.id;
            decision.status =
                relationship.status == RelationshipStatus::Approved ? u"REJECTED"_s : u"APPROVED"_s;
            decision.previousStatus = relationship.statusText;
            decision.serverUpdatedMs = relationship.updatedAtMs;
            decisions.append(decision);
            intended.insert(relationship.id, decision.status);
        }
        QCOMPARE(journal.record(origin, decisions).size(), DecisionCount);
    }
    QVERIFY(server.clearRequests());
    // The token goes only to a server named on the command line.
    options += QStringList{u"--base-url"_s, server.baseUrl().toString()};

    // First run: killed half-way.
    QProcess first;
    startSync(first, options);
    QVERIFY(first.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(server.stats().value(counter).toInteger() >= DecisionCount / 4 ||
                                 first.state() == QProcess::NotRunning,
                             60000);
    QVERIFY2(first.state() == QProcess::Running, first.readAll().constData());
    first.kill(); // SIGKILL: no clean-up of any kind
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    const qint64 sentBeforeKill = server.stats().value(counter).toInteger();
    QVERIFY2(sentBeforeKill < DecisionCount, "the run finished before it could be killed");
    {
        DecisionJournal journal(QDir(m_dataDir).filePath(u"journal.sqlite3"_s));
        QVERIFY(journal.open());
        const DecisionCounts counts = journal.countsAll();
        // Every decision is still there, whatever its delivery state.
        QCOMPARE(counts.pending() + counts.sending() + counts.confirmed(), DecisionCount);
        QVERIFY(counts.confirmed() < DecisionCount);
    }

    // Second run: completes.
    QProcess second;
    startSync(second, options);
    QVERIFY(second.waitForFinished(120000));
    const QString output = QString::fromUtf8(second.readAll());
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QVERIFY2(second.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains(u"Summary: %1 confirmed, 0 pending"_s.arg(DecisionCount)),
             qPrintable(output));

    // The server ends with every intended status...
    int wrong = 0;
    const QJsonArray rows =
        QJsonDocument::fromJson(server.apiGet(u"/api/integration-sources/%1/relationships"_s.arg(
                                    server.sourceId().toString(QUuid::WithoutBraces))))
            .array();
    for (const QJsonValue& value : rows) {
        const QJsonObject row = value.toObject();
        const QUuid id(row.value("id"_L1).toString());
        if (intended.contains(id) && intended[id] != row.value("status"_L1).toString()) {
            ++wrong;
        }
    }
    QCOMPARE(wrong, 0);
    // ...and was sent each decision exactly once: what the killed run had delivered (or had in
    // flight) was found already applied by the second run's re-read, and not sent again.
    const QJsonObject stats = server.stats();
    QCOMPARE(stats.value(counter).toInteger(), DecisionCount);
    QCOMPARE(stats.value("server_side_changes"_L1).toInteger(), 0);
    QSet<QString> seen;
    for (const QJsonValue& value : server.requests()) {
        const QJsonObject request = value.toObject();
        if (request.value("method"_L1).toString() != "PUT"_L1) {
            continue;
        }
        const QString path = request.value("path"_L1).toString();
        QVERIFY2(!seen.contains(path), qPrintable(u"sent twice: "_s + path));
        seen.insert(path);
    }
    DecisionJournal journal(QDir(m_dataDir).filePath(u"journal.sqlite3"_s));
    QVERIFY(journal.open());
    QCOMPARE(journal.countsAll().confirmed(), DecisionCount);
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
