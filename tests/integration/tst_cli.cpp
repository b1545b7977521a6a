// relreview-cli end to end: each command and its exit status (0 done, 1 failed or conflicts,
// 2 usage, 3 bad input), run as a separate process against the development server, with its own
// data folder. The token only ever travels through the environment.

#include "CliRunner.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "OfflineSnapshot.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Run = CliRun;

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void usageHelpAndVersion();
    void validate();
    void exportWritesASnapshotWithoutTheToken();
    void exportNeedsAGoodToken();
    void decideRecordsOffline();
    void decideRefusesBadInputAndRecordsNothing();
    void decisionsListAndImport();
    void importRefusesMalformedFiles();
    void syncConfirmsEverything();
    void syncReportsConflictsAndFailures();
    void syncKeepsDecisionsWhenItCannotDeliver();

private:
    Run cli(const QStringList& arguments, const QString& token = {}, const QString& dataDir = {});
    QString exportSnapshot(const QString& name = u"snapshot.json"_s);
    QString dataDir() const { return m_dir->filePath(u"data"_s); }
    DecisionCounts countsFor(const QString& snapshot, const QString& dataDirectory = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DevServerProcess> m_server;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<DevServerProcess>();
    DevServerProcess::Options options;
    options.generate = 60;
    options.token = u"cli-test-token"_s;
    QVERIFY2(m_server->start(options), qPrintable(m_server->errorString()));
}

void TestCli::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

Run TestCli::cli(const QStringList& arguments, const QString& token, const QString& dataDirectory)
{
    return runCli(arguments, dataDirectory.isEmpty() ? dataDir() : dataDirectory, token,
                  {m_server->token(), u"wrong-token"_s}, 60000);
}

QString TestCli::exportSnapshot(const QString& name)
{
    const QString path = m_dir->filePath(name);
    const Run run =
        cli({u"export"_s, u"--base-url"_s, m_server->baseUrl().toString(), u"--source"_s,
             m_server->sourceId().toString(QUuid::WithoutBraces), u"-o"_s, path},
            m_server->token());
    if (run.status != 0) {
        qWarning("export failed: %s", qPrintable(run.all()));
        return {};
    }
    return path;
}

DecisionCounts TestCli::countsFor(const QString& snapshot, const QString& dataDirectory)
{
    DecisionJournal journal(
        QDir(dataDirectory.isEmpty() ? dataDir() : dataDirectory).filePath(u"journal.sqlite3"_s));
    if (!journal.open()) {
        return {};
    }
    const QString key = u"snapshot:"_s + DecisionOrigin::snapshotFingerprint(snapshot);
    const std::optional<qint64> origin = journal.originIdForKey(key);
    return origin ? journal.counts(*origin) : DecisionCounts{};
}

void TestCli::usageHelpAndVersion()
{
    Run run = cli({});
    QCOMPARE(run.status, 2);
    QVERIFY(run.err.contains(u"Usage: relreview-cli"_s));

    run = cli({u"--help"_s});
    QCOMPARE(run.status, 0);
    QVERIFY(run.out.contains(u"Usage: relreview-cli"_s));
    for (const QString& command :
         {u"validate"_s, u"export"_s, u"decide"_s, u"decisions"_s, u"sync"_s}) {
        QVERIFY(run.out.contains(command));
    }

    run = cli({u"--version"_s});
    QCOMPARE(run.status, 0);
    QVERIFY(run.out.startsWith(u"relreview-cli "_s));

    run = cli({u"frobnicate"_s});
    QCOMPARE(run.status, 2);
    QVERIFY(run.err.contains(u"unknown command 'frobnicate'"_s));

    run = cli({u"validate"_s, u"--no-such-option"_s, u"x.json"_s});
    QCOMPARE(run.status, 2);
    QVERIFY(run.err.contains(u"no-such-option"_s));

    run = cli({u"validate"_s});
    QCOMPARE(run.status, 2);
}

void TestCli::validate()
{
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    Run run = cli({u"validate"_s, snapshot});
    QCOMPARE(run.status, 0);
    QVERIFY(run.out.contains(u"valid relreview snapshot (version 1), 60 relationships"_s));

    const QString list = m_dir->filePath(u"list.json"_s);
    QVERIFY(writeFile(list, m_server->apiGet(u"/api/integration-sources/%1/relationships"_s.arg(
                                m_server->sourceId().toString(QUuid::WithoutBraces)))));
    run = cli({u"validate"_s, list});
    QCOMPARE(run.status, 0);
    QVERIFY(run.out.contains(u"valid list, 60 relationships"_s));

    // A broken copy: the message names the file, the line and column, and the record.
    QByteArray broken = readFile(list);
    const qsizetype at = broken.indexOf("\"score\":", broken.size() / 2);
    QVERIFY(at > 0);
    broken.insert(at + 8, "\"high\",\"x\":");
    const QString bad = m_dir->filePath(u"broken.json"_s);
    QVERIFY(writeFile(bad, broken));
    run = cli({u"validate"_s, bad});
    QCOMPARE(run.status, 3);
    QVERIFY2(run.err.contains(bad + u':'), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"record "_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"score"_s), qPrintable(run.err));

    run = cli({u"validate"_s, m_dir->filePath(u"missing.json"_s)});
    QCOMPARE(run.status, 3);
    QVERIFY(run.err.contains(u"missing.json"_s));
}

void TestCli::exportWritesASnapshotWithoutTheToken()
{
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QByteArray bytes = readFile(snapshot);
    QVERIFY(!bytes.contains(m_server->token().toUtf8()));
    const QJsonObject envelope = QJsonDocument::fromJson(bytes).object();
    QCOMPARE(envelope.value("format"_L1).toString(), u"relreview-snapshot"_s);
    QCOMPARE(envelope.value("version"_L1).toInt(), 1);
    const QJsonObject source = envelope.value("source"_L1).toObject();
    QCOMPARE(source.value("base_url"_L1).toString(), m_server->baseUrl().toString());
    QCOMPARE(source.value("integration_source_id"_L1).toString(),
             m_server->sourceId().toString(QUuid::WithoutBraces));
    QCOMPARE(envelope.value("relationships"_L1).toArray().size(), 60);
    QVERIFY(!envelope.value("columns"_L1).toArray().isEmpty());

    // Scope options go into the snapshot's source (and onto every request).
    const QString scoped = m_dir->filePath(u"scoped.json"_s);
    const Run run = cli({u"export"_s, u"--base-url"_s, m_server->baseUrl().toString(),
                         u"--source"_s, m_server->sourceId().toString(), u"--organization-id"_s,
                         u"11111111-2222-4333-8444-555555555555"_s, u"--status"_s, u"approved"_s,
                         u"--no-columns"_s, u"-o"_s, scoped},
                        m_server->token());
    QCOMPARE(run.status, 0);
    const QJsonObject scopedEnvelope = QJsonDocument::fromJson(readFile(scoped)).object();
    QCOMPARE(scopedEnvelope.value("source"_L1)
                 .toObject()
                 .value("scope"_L1)
                 .toObject()
                 .value("organization_id"_L1)
                 .toString(),
             u"11111111-2222-4333-8444-555555555555"_s);
    for (const QJsonValue& row : scopedEnvelope.value("relationships"_L1).toArray()) {
        QCOMPARE(row.toObject().value("status"_L1).toString(), u"APPROVED"_s);
    }
    QVERIFY(!scopedEnvelope.contains("columns"_L1));
}

void TestCli::exportNeedsAGoodToken()
{
    const QStringList arguments = {u"export"_s,
                                   u"--base-url"_s,
                                   m_server->baseUrl().toString(),
                                   u"--source"_s,
                                   m_server->sourceId().toString(),
                                   u"-o"_s,
                                   m_dir->filePath(u"out.json"_s)};
    Run run = cli(arguments);
    QCOMPARE(run.status, 2);
    QVERIFY(run.err.contains(u"RELREVIEW_TOKEN"_s));
    run = cli(arguments, u"wrong-token"_s);
    QCOMPARE(run.status, 1);
    QVERIFY(run.err.contains(u"401"_s));
    QVERIFY(!QFile::exists(m_dir->filePath(u"out.json"_s)));

    run = cli({u"export"_s, u"--base-url"_s, m_server->baseUrl().toString(), u"-o"_s,
               m_dir->filePath(u"out.json"_s)},
              m_server->token());
    QCOMPARE(run.status, 2);
    QVERIFY(run.err.contains(u"--source"_s));
    run = cli({u"export"_s, u"--source"_s, u"not-a-uuid"_s, u"-o"_s, u"x"_s}, m_server->token());
    QCOMPARE(run.status, 2);
}

void TestCli::decideRecordsOffline()
{
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QList<QUuid> ids = m_server->relationshipIds();
    const qint64 requestsBefore = m_server->stats().value("requests"_L1).toInteger();
    const Run run =
        cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, ids[0].toString(), u"--id"_s,
             ids[1].toString(QUuid::WithoutBraces), u"--status"_s, u"rejected"_s});
    QCOMPARE(run.status, 0);
    QVERIFY(run.out.contains(u"Recorded 2 decision(s)"_s));
    // Offline: the server heard nothing.
    QCOMPARE(m_server->stats().value("requests"_L1).toInteger(), requestsBefore);
    QCOMPARE(countsFor(snapshot).pending(), 2);

    // The journal is private.
    const QString journal = QDir(dataDir()).filePath(u"journal.sqlite3"_s);
    QCOMPARE(QFile::permissions(journal) & QFileDevice::Permissions(0x7077),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestCli::decideRefusesBadInputAndRecordsNothing()
{
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QString id = m_server->relationshipIds().first().toString();

    Run run = cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s,
                   u"0f0f0f0f-1111-4222-8333-444444444444"_s, u"--status"_s, u"APPROVED"_s});
    QCOMPARE(run.status, 3);
    QVERIFY(run.err.contains(u"0f0f0f0f-1111-4222-8333-444444444444"_s));

    run = cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, id, u"--status"_s, u"MAYBE"_s});
    QCOMPARE(run.status, 2);
    run = cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, u"nope"_s, u"--status"_s,
               u"APPROVED"_s});
    QCOMPARE(run.status, 2);
    run = cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--status"_s, u"APPROVED"_s});
    QCOMPARE(run.status, 2);

    QByteArray truncated = readFile(snapshot);
    truncated.truncate(truncated.size() * 2 / 3);
    const QString bad = m_dir->filePath(u"truncated.json"_s);
    QVERIFY(writeFile(bad, truncated));
    run = cli({u"decide"_s, u"--snapshot"_s, bad, u"--id"_s, id, u"--status"_s, u"APPROVED"_s});
    QCOMPARE(run.status, 3);
    QVERIFY(run.err.contains(bad));

    DecisionJournal journal(QDir(dataDir()).filePath(u"journal.sqlite3"_s));
    QVERIFY(journal.open());
    QVERIFY(journal.origins().isEmpty());
    QCOMPARE(journal.countsAll(), DecisionCounts{});
}

void TestCli::decisionsListAndImport()
{
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QList<QUuid> ids = m_server->relationshipIds();
    QCOMPARE(cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, ids[0].toString(),
                  u"--status"_s, u"APPROVED"_s})
                 .status,
             0);
    QCOMPARE(cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, ids[1].toString(), u"--id"_s,
                  ids[2].toString(), u"--status"_s, u"REJECTED"_s})
                 .status,
             0);

    Run run = cli({u"decisions"_s, u"--snapshot"_s, snapshot});
    QCOMPARE(run.status, 0);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines[0].startsWith(u"origin,decision_id,relationship_id,status"_s));
    QVERIFY(lines[1].contains(ids[0].toString(QUuid::WithoutBraces) + u",APPROVED,"_s));
    QVERIFY(lines[1].contains(u",pending,"_s));

    run = cli({u"decisions"_s, u"--snapshot"_s, snapshot, u"--format"_s, u"json"_s});
    QCOMPARE(run.status, 0);
    const QJsonObject listed = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(listed.value("format"_L1).toString(), u"relreview-decisions"_s);
    QCOMPARE(listed.value("decisions"_L1).toArray().size(), 3);
    QCOMPARE(listed.value("origin"_L1).toObject().value("base_url"_L1).toString(),
             m_server->baseUrl().toString());

    run = cli({u"decisions"_s, u"--snapshot"_s, snapshot, u"--format"_s, u"xml"_s});
    QCOMPARE(run.status, 2);

    // A colleague without network hands the decisions over, as JSON and as CSV.
    const QString handedOver = m_dir->filePath(u"decisions.json"_s);
    const QString handedOverCsv = m_dir->filePath(u"decisions.csv"_s);
    QCOMPARE(cli({u"decisions"_s, u"--snapshot"_s, snapshot, u"--format"_s, u"json"_s, u"-o"_s,
                  handedOver})
                 .status,
             0);
    QCOMPARE(cli({u"decisions"_s, u"--snapshot"_s, snapshot, u"-o"_s, handedOverCsv}).status, 0);
    const QString mine = m_dir->filePath(u"my-data"_s);
    run = cli({u"decisions"_s, u"import"_s, handedOver}, {}, mine);
    QCOMPARE(run.status, 0);
    QVERIFY(run.out.contains(u"Imported 3 decision(s)"_s));
    QCOMPARE(countsFor(snapshot, mine).pending(), 3);
    // Twice is once.
    run = cli({u"decisions"_s, u"import"_s, handedOverCsv}, {}, mine);
    QCOMPARE(run.status, 0);
    QVERIFY(run.out.contains(u"Imported 0 decision(s)"_s));
    QCOMPARE(countsFor(snapshot, mine).pending(), 3);
    const QString other = m_dir->filePath(u"other-data"_s);
    QCOMPARE(cli({u"decisions"_s, u"import"_s, handedOverCsv}, {}, other).status, 0);
    QCOMPARE(countsFor(snapshot, other).pending(), 3);

    // And they are delivered from there.
    run =
        cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_server->baseUrl().toString()},
            m_server->token(), mine);
    QCOMPARE(run.status, 0);
    QCOMPARE(m_server->relationship(ids[1]).value("status"_L1).toString(), u"REJECTED"_s);
}

void TestCli::importRefusesMalformedFiles()
{
    const QString mine = m_dir->filePath(u"my-data"_s);
    const QList<std::pair<QString, QByteArray>> files = {
        {u"empty.json"_s, "{}"},
        {u"not-json.json"_s, "{\"format\": "},
        {u"bad-id.json"_s,
         R"({"format":"relreview-decisions","version":1,"origin":{"key":"snapshot:abc"},)"
         R"("decisions":[{"relationship_id":"nope","status":"APPROVED","created_ms":5}]})"},
        {u"bad-status.json"_s,
         R"({"format":"relreview-decisions","version":1,"origin":{"key":"snapshot:abc"},)"
         R"("decisions":[{"relationship_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a",)"
         R"("status":"MAYBE","created_ms":5}]})"},
        {u"bad.csv"_s, "origin,decision_id\nsnapshot:abc,1\n"},
    };
    for (const auto& [name, bytes] : files) {
        const QString path = m_dir->filePath(name);
        QVERIFY(writeFile(path, bytes));
        const Run run = cli({u"decisions"_s, u"import"_s, path}, {}, mine);
        QVERIFY2(run.status == 3, qPrintable(name + u": "_s + run.all()));
        QVERIFY2(run.err.contains(path), qPrintable(run.err));
    }
    DecisionJournal journal(QDir(mine).filePath(u"journal.sqlite3"_s));
    QVERIFY(journal.open());
    QCOMPARE(journal.countsAll(), DecisionCounts{});
}

void TestCli::syncConfirmsEverything()
{
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 20);
    QStringList arguments = {u"decide"_s, u"--snapshot"_s, snapshot, u"--status"_s, u"REJECTED"_s};
    for (const QUuid& id : ids) {
        arguments << u"--id"_s << id.toString();
    }
    QCOMPARE(cli(arguments).status, 0);

    Run run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s,
                   m_server->baseUrl().toString(), u"--max-bulk"_s, u"7"_s},
                  m_server->token());
    QCOMPARE(run.status, 0);
    QVERIFY2(run.out.contains(u"Summary: 20 confirmed, 0 pending, 0 failed, 0 gone, 0 conflicts"_s),
             qPrintable(run.all()));
    QVERIFY(run.err.contains(u"of 20 decisions settled"_s)); // progress
    for (const QUuid& id : ids) {
        QCOMPARE(m_server->relationship(id).value("status"_L1).toString(), u"REJECTED"_s);
    }
    QCOMPARE(countsFor(snapshot).confirmed(), 20);

    // Nothing left: a second sync sends nothing and succeeds.
    const qint64 before = m_server->stats().value("requests"_L1).toInteger();
    QCOMPARE(
        cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_server->baseUrl().toString()},
            m_server->token())
            .status,
        0);
    QCOMPARE(m_server->stats().value("requests"_L1).toInteger(), before);

    // --no-bulk: one PUT per decision.
    QCOMPARE(cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, ids[0].toString(),
                  u"--status"_s, u"APPROVED"_s})
                 .status,
             0);
    const qint64 puts = m_server->stats().value("puts"_L1).toInteger();
    QCOMPARE(cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s,
                  m_server->baseUrl().toString(), u"--no-bulk"_s},
                 m_server->token())
                 .status,
             0);
    QCOMPARE(m_server->stats().value("puts"_L1).toInteger(), puts + 1);
}

void TestCli::syncReportsConflictsAndFailures()
{
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QList<QUuid> ids = m_server->relationshipIds();
    const QJsonObject first = m_server->relationship(ids[0]);
    const QString mine =
        first.value("status"_L1).toString() == "REJECTED"_L1 ? u"APPROVED"_s : u"REJECTED"_s;
    QCOMPARE(cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, ids[0].toString(), u"--id"_s,
                  ids[1].toString(), u"--status"_s, mine})
                 .status,
             0);
    // Someone else decides the first one differently after the export.
    const QString theirs = mine == "APPROVED"_L1 ? u"SUGGESTED"_s : u"APPROVED"_s;
    QVERIFY(m_server->setServerStatus(ids[0], theirs));

    const Run run =
        cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_server->baseUrl().toString()},
            m_server->token());
    QCOMPARE(run.status, 1);
    QVERIFY2(run.out.contains(u"1 conflicts"_s), qPrintable(run.all()));
    QVERIFY(run.out.contains(u"conflict: "_s + ids[0].toString(QUuid::WithoutBraces)));
    QVERIFY(run.out.contains(u"the server's "_s + theirs));
    QCOMPARE(m_server->relationship(ids[0]).value("status"_L1).toString(), theirs);
    QCOMPARE(m_server->relationship(ids[1]).value("status"_L1).toString(), mine);
    const DecisionCounts counts = countsFor(snapshot);
    QCOMPARE(counts.conflicts(), 1);
    QCOMPARE(counts.confirmed(), 1);
}

void TestCli::syncKeepsDecisionsWhenItCannotDeliver()
{
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QUuid id = m_server->relationshipIds().first();
    QCOMPARE(cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, id.toString(), u"--status"_s,
                  u"SUGGESTED"_s})
                 .status,
             0);

    Run run = cli(
        {u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_server->baseUrl().toString()});
    QCOMPARE(run.status, 2); // no token
    run =
        cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_server->baseUrl().toString()},
            u"wrong-token"_s);
    QCOMPARE(run.status, 1);
    QVERIFY2(run.err.contains(u"RELREVIEW_TOKEN"_s), qPrintable(run.all()));
    QCOMPARE(countsFor(snapshot).pending(), 1);

    // The server goes away: a few quick retries, then the decision waits for the next sync.
    m_server->stop();
    run =
        cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_server->baseUrl().toString(),
             u"--max-attempts"_s, u"2"_s, u"--backoff-ms"_s, u"10,20"_s},
            u"cli-test-token"_s);
    QCOMPARE(run.status, 1);
    QVERIFY(run.out.contains(u"1 pending"_s));
    QCOMPARE(countsFor(snapshot).pending(), 1);

    run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, u"not a url"_s},
              u"cli-test-token"_s);
    QCOMPARE(run.status, 2);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
