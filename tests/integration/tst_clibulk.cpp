// relreview-cli bulk end to end, as a separate process against the development server: a dry run
// changes nothing anywhere; --yes ends with the server exactly as previewed.
#include "CliRunner.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "FilterQuery.h"
#include "ReferenceFilter.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Run = CliRun;

// id -> (status, updated_at) as the server has them.
using ServerState = QHash<QString, std::pair<QString, QString>>;

} // namespace

class TestCliBulk : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void dryRunChangesNothing();
    void yesEndsAsPreviewed();
    void secondRunFindsNothingToChange();
    void refusesWithoutYesOrWithABadQuery();
    void deliversThroughFaults();

private:
    Run cli(const QStringList& arguments, bool withToken = true);
    QStringList target(const QString& where, const QString& status) const;
    ServerState serverState();
    // The ids the query matches on the server now, worked out here from the list.
    QSet<QString> expectedIds(const QString& where, RelationshipStatus status);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DevServerProcess> m_server;
};

void TestCliBulk::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<DevServerProcess>();
    DevServerProcess::Options options;
    options.generate = 400;
    options.token = u"bulk-test-token"_s;
    QVERIFY2(m_server->start(options), qPrintable(m_server->errorString()));
}

void TestCliBulk::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

Run TestCliBulk::cli(const QStringList& arguments, bool withToken)
{
    return runCli(arguments, m_dir->filePath(u"data"_s), withToken ? m_server->token() : QString(),
                  {m_server->token()});
}

QStringList TestCliBulk::target(const QString& where, const QString& status) const
{
    return {u"bulk"_s,
            u"--base-url"_s,
            m_server->baseUrl().toString(),
            u"--source"_s,
            m_server->sourceId().toString(QUuid::WithoutBraces),
            u"--where"_s,
            where,
            u"--status"_s,
            status};
}

ServerState TestCliBulk::serverState()
{
    ServerState state;
    int status = 0;
    const QByteArray body =
        m_server->apiGet(u"/api/integration-sources/%1/relationships"_s.arg(
                             m_server->sourceId().toString(QUuid::WithoutBraces)),
                         &status);
    const QJsonArray list = QJsonDocument::fromJson(body).array();
    for (const QJsonValue& value : list) {
        const QJsonObject object = value.toObject();
        state.insert(object.value(u"id"_s).toString(), {object.value(u"status"_s).toString(),
                                                        object.value(u"updated_at"_s).toString()});
    }
    return state;
}

QSet<QString> TestCliBulk::expectedIds(const QString& where, RelationshipStatus status)
{
    int httpStatus = 0;
    const QByteArray body =
        m_server->apiGet(u"/api/integration-sources/%1/relationships"_s.arg(
                             m_server->sourceId().toString(QUuid::WithoutBraces)),
                         &httpStatus);
    RelationshipParser::Result parsed = RelationshipParser::parseBytes(body);
    if (!parsed.ok)
        return {};
    RelationshipStore store;
    store.adopt(std::move(parsed.document.rows), {});
    const FilterQuery query = FilterQuery::parse(where);
    QSet<QString> ids;
    for (int row = 0; row < store.size(); ++row) {
        if (ReferenceFilter::matches(query, store, row) && store.effectiveStatus(row) != status)
            ids.insert(store.rows().row(row).id.toString(QUuid::WithoutBraces));
    }
    return ids;
}

void TestCliBulk::dryRunChangesNothing()
{
    const QString where = u"status:suggested score>=0.7"_s;
    const QSet<QString> expected = expectedIds(where, RelationshipStatus::Approved);
    QVERIFY(expected.size() > 10);
    const ServerState before = serverState();
    QVERIFY(m_server->clearRequests());

    const Run run = cli(target(where, u"approved"_s) + QStringList{u"--dry-run"_s});
    QCOMPARE(run.status, 0);
    QVERIFY2(run.out.contains(u"%1 relationships change to APPROVED: %1 from SUGGESTED"_s.arg(
                 QLocale().toString(expected.size()))),
             qPrintable(run.out));
    QVERIFY(run.out.contains(QRegularExpression(u"0\\.70-0\\.80 +\\| #"_s)));
    QVERIFY(run.out.contains(u"Dry run: nothing was changed."_s));

    // Nothing changed on the server, nothing was sent but reads, nothing was journalled.
    QCOMPARE(serverState(), before);
    for (const QJsonValue& request : m_server->requests())
        QCOMPARE(request.toObject().value(u"method"_s).toString(), u"GET"_s);
    DecisionJournal journal(m_dir->filePath(u"data/journal.sqlite3"_s));
    QVERIFY(journal.open());
    QCOMPARE(journal.countsAll().confirmed() + journal.countsAll().outstanding(), 0);
}

void TestCliBulk::yesEndsAsPreviewed()
{
    const QString where = u"status:suggested type:inferred score>=0.6 score<0.9"_s;
    const QSet<QString> expected = expectedIds(where, RelationshipStatus::Rejected);
    QVERIFY(expected.size() > 10);
    const ServerState before = serverState();

    const Run preview = cli(target(where, u"REJECTED"_s) + QStringList{u"--dry-run"_s});
    QCOMPARE(preview.status, 0);
    const Run run = cli(target(where, u"REJECTED"_s) + QStringList{u"--yes"_s});
    QVERIFY2(run.status == 0, qPrintable(run.out + run.err));
    // The same preview, then the result.
    QVERIFY(run.out.startsWith(preview.out.section(u"Dry run"_s, 0, 0)));
    QVERIFY(run.out.contains(
        u"Applied: %1 of %1 confirmed"_s.arg(QLocale().toString(expected.size()))));
    QVERIFY(run.err.contains(u"confirmed %1"_s.arg(QLocale().toString(expected.size()))));

    // Exactly the previewed rows changed, to REJECTED; no other row was touched.
    const ServerState after = serverState();
    QCOMPARE(after.size(), before.size());
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (expected.contains(it.key())) {
            QCOMPARE(after.value(it.key()).first, u"REJECTED"_s);
            QVERIFY(after.value(it.key()).second != it.value().second);
        } else {
            QCOMPARE(after.value(it.key()), it.value());
        }
    }
    // One step in the journal, every decision confirmed.
    DecisionJournal journal(m_dir->filePath(u"data/journal.sqlite3"_s));
    QVERIFY(journal.open());
    QCOMPARE(journal.countsAll().confirmed(), int(expected.size()));
    const auto origins = journal.origins();
    QCOMPARE(origins.size(), 1);
    QSet<qint64> steps;
    for (const DecisionRecord& record : journal.decisions(origins.first().first)) {
        steps.insert(record.stepId);
        QCOMPARE(record.previousStatus, u"SUGGESTED"_s);
    }
    QCOMPARE(steps.size(), 1);
}

void TestCliBulk::secondRunFindsNothingToChange()
{
    const QString where = u"score>=0.9"_s;
    QCOMPARE(cli(target(where, u"approved"_s) + QStringList{u"--yes"_s}).status, 0);
    const Run again = cli(target(where, u"approved"_s) + QStringList{u"--yes"_s});
    QCOMPARE(again.status, 0);
    QVERIFY2(again.out.contains(u"Nothing changes to APPROVED."_s), qPrintable(again.out));
    QVERIFY(again.out.contains(u"already APPROVED"_s));
}

void TestCliBulk::refusesWithoutYesOrWithABadQuery()
{
    const ServerState before = serverState();
    const Run noYes = cli(target(u"status:suggested"_s, u"approved"_s));
    QCOMPARE(noYes.status, 2);
    QVERIFY(noYes.err.contains(u"add --yes"_s));

    const Run badQuery = cli(target(u"status:suggested score>="_s, u"approved"_s));
    QCOMPARE(badQuery.status, 2);
    QVERIFY2(badQuery.err.contains(u"position 25: expected a number after 'score>='"_s),
             qPrintable(badQuery.err));

    const Run badStatus = cli(target(u"status:suggested"_s, u"maybe"_s) + QStringList{u"--yes"_s});
    QCOMPARE(badStatus.status, 2);
    const Run both = cli(target(u""_s, u"approved"_s) + QStringList{u"--yes"_s, u"--dry-run"_s});
    QCOMPARE(both.status, 2);
    const Run noToken =
        cli(target(u"status:suggested"_s, u"approved"_s) + QStringList{u"--yes"_s}, false);
    QCOMPARE(noToken.status, 2);
    QVERIFY(noToken.err.contains(u"RELREVIEW_TOKEN"_s));
    // Pacing options must be positive numbers, for bulk as for sync (DeliveryOptions).
    for (const QString& option : {u"--max-bulk"_s, u"--max-in-flight"_s, u"--max-attempts"_s}) {
        const Run badPace = cli(target(u"status:suggested"_s, u"approved"_s) +
                                QStringList{u"--yes"_s, option, u"0"_s});
        QCOMPARE(badPace.status, 2);
        QVERIFY2(badPace.err.contains(u"bulk: --max-bulk, --max-in-flight and --max-attempts"_s),
                 qPrintable(badPace.err));
    }
    const Run badSyncPace =
        cli({u"sync"_s, u"--snapshot"_s, u"any.json"_s, u"--max-bulk"_s, u"many"_s});
    QCOMPARE(badSyncPace.status, 2);
    QVERIFY2(badSyncPace.err.contains(u"sync: --max-bulk, --max-in-flight and --max-attempts"_s),
             qPrintable(badSyncPace.err));
    QCOMPARE(serverState(), before);
}

void TestCliBulk::deliversThroughFaults()
{
    // 20% 503s and a 429 every few requests: retried until the server ends as previewed.
    const QString where = u"-status:approved"_s;
    const QSet<QString> expected = expectedIds(where, RelationshipStatus::Approved);
    QVERIFY(expected.size() > 50);
    QVERIFY(m_server->configure(
        QJsonObject{{u"fail_rate"_s, 0.2}, {u"rate_limit_every"_s, 5}, {u"retry_after"_s, 0}}));
    const Run run =
        cli(target(where, u"approved"_s) +
            QStringList{u"--yes"_s, u"--max-bulk"_s, u"40"_s, u"--max-attempts"_s, u"30"_s});
    QVERIFY(m_server->configure(QJsonObject{{u"fail_rate"_s, 0}, {u"rate_limit_every"_s, 0}}));
    QVERIFY2(run.status == 0, qPrintable(run.out + run.err));
    const ServerState after = serverState();
    for (auto it = after.cbegin(); it != after.cend(); ++it)
        QCOMPARE(it.value().first, u"APPROVED"_s);
}

QTEST_GUILESS_MAIN(TestCliBulk)
#include "tst_clibulk.moc"
