// The token belongs to an origin: against two development servers, "home" (127.0.0.1, the
// server the token was given for) and "other" (127.0.0.2, recording what reaches it, as a
// server named by someone else's snapshot would). The token never reaches "other" unless the
// user names it; http:// to another machine is refused before any connection.

#include "ApiClient.h"
#include "CliRunner.h"
#include "DevServerProcess.h"
#include "Origin.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestOrigins : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void clientSendsTheTokenOnlyToItsOrigin();
    void redirectToAnotherOriginNeverCarriesTheToken();
    void httpToAnotherMachineIsRefusedBeforeAnyConnection();
    void cliRefusesHttpToAnotherMachine_data();
    void cliRefusesHttpToAnotherMachine();
    void cliSyncSendsOnlyWhereTheCommandLineSays();

private:
    CliRun cli(const QStringList& arguments, const QString& token);
    ConnectionProfile profileFor(const DevServerProcess& server) const;
    QString bearerSha256() const;

    QTemporaryDir m_dir;
    DevServerProcess m_home;
    DevServerProcess m_other;
    QString m_token;
};

void TestOrigins::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_token = u"origin-"_s + QUuid::createUuid().toString(QUuid::Id128);
    DevServerProcess::Options options;
    options.generate = 30;
    options.token = m_token; // "other" takes it too: a collector would
    QVERIFY2(m_home.start(options), qPrintable(m_home.errorString()));
    options.host = u"127.0.0.2"_s;
    QVERIFY2(m_other.start(options), qPrintable(m_other.errorString()));
    QCOMPARE(m_other.baseUrl().host(), u"127.0.0.2"_s);
    QCOMPARE(m_other.relationshipIds(), m_home.relationshipIds());
}

void TestOrigins::init()
{
    QVERIFY(m_home.configure(QJsonObject{{u"redirect"_s, QString()}}));
    QVERIFY(m_home.clearRequests());
    QVERIFY(m_other.clearRequests());
}

CliRun TestOrigins::cli(const QStringList& arguments, const QString& token)
{
    return runCli(arguments, m_dir.filePath(u"data"_s), token, {m_token}, 60000);
}

ConnectionProfile TestOrigins::profileFor(const DevServerProcess& server) const
{
    ConnectionProfile profile;
    profile.baseUrl = server.baseUrl();
    profile.integrationSourceId = server.sourceId();
    return profile;
}

QString TestOrigins::bearerSha256() const
{
    return QString::fromLatin1(QCryptographicHash::hash(QByteArray("Bearer " + m_token.toUtf8()),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

void TestOrigins::clientSendsTheTokenOnlyToItsOrigin()
{
    ApiClient client;
    client.setProfile(profileFor(m_home));
    client.setToken(m_token); // for home's origin
    client.setProfile(profileFor(m_other));
    QVERIFY(!client.hasToken());

    ApiError result;
    bool done = false;
    client.fetchColumns(this, [&](const ApiError& error, const QByteArray&) {
        result = error;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QCOMPARE(result.kind, ApiError::Kind::Auth); // asked without the token
    const QJsonArray received = m_other.receivedRequests();
    QCOMPARE(received.size(), 1);
    QCOMPARE(DevServerProcess::countWithAuthorization(received), 0);

    // Given for "other" by name, it goes there.
    client.setToken(m_token, Origin::of(m_other.baseUrl()));
    QVERIFY(client.hasToken());
    done = false;
    client.fetchColumns(this, [&](const ApiError& error, const QByteArray&) {
        result = error;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QVERIFY2(result.ok(), qPrintable(result.message));
    const QJsonObject last = m_other.receivedRequests().last().toObject();
    QCOMPARE(last.value("authorizationSha256"_L1).toString(), bearerSha256());
    QVERIFY(m_home.receivedRequests().isEmpty());
}

void TestOrigins::redirectToAnotherOriginNeverCarriesTheToken()
{
    // Every API answer of home sends the client to the same path on "other".
    QVERIFY(m_home.configure(QJsonObject{{u"redirect"_s, m_other.baseUrl().toString()}}));
    ApiClient client;
    client.setProfile(profileFor(m_home));
    client.setToken(m_token);
    ApiError result;
    bool done = false;
    client.fetchColumns(this, [&](const ApiError& error, const QByteArray&) {
        result = error;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QVERIFY(!result.ok());
    QCOMPARE(m_home.receivedRequests().size(), 1);
    // Not followed: "other" hears nothing, with or without the token.
    QCOMPARE(DevServerProcess::countWithAuthorization(m_other.receivedRequests()), 0);
    QVERIFY(m_other.receivedRequests().isEmpty());
}

void TestOrigins::httpToAnotherMachineIsRefusedBeforeAnyConnection()
{
    for (const QString& base : {u"http://example.invalid"_s, u"http://10.255.255.1:9"_s}) {
        ConnectionProfile profile = profileFor(m_home);
        profile.baseUrl = QUrl(base);
        QVERIFY(profile.validate().contains(u"https://"_s));
        ApiClient client;
        client.setProfile(profile);
        client.setToken(m_token);
        QList<ApiError> errors;
        const auto record = [&errors](const ApiError& error) { errors.append(error); };
        client.fetchColumns(this, [&](const ApiError& e, const QByteArray&) { record(e); });
        client.updateStatus(m_home.relationshipIds().first(), RelationshipStatus::Approved, this,
                            [&](const ApiError& e, const Relationship&) { record(e); });
        client.bulkStatus({m_home.relationshipIds().first()}, RelationshipStatus::Approved, this,
                          [&](const ApiError& e, const QByteArray&) { record(e); });
        client.downloadRelationships(m_dir.filePath(u"never.json"_s), this, record);
        // No request was made at all: nothing in flight, the answers come without network.
        QCOMPARE(client.requestsInFlight(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 4, 30000);
        for (const ApiError& error : std::as_const(errors)) {
            QCOMPARE(error.kind, ApiError::Kind::Refused);
            QVERIFY(!error.isTransient());
            QVERIFY2(error.message.contains(u"https://"_s) &&
                         error.message.contains(QUrl(base).host()),
                     qPrintable(error.message));
        }
    }
}

void TestOrigins::cliRefusesHttpToAnotherMachine_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString url = u"http://10.255.255.1:9"_s;
    const QString source = u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s;
    QTest::newRow("export") << QStringList{u"export"_s, u"--base-url"_s, url, u"--source"_s, source,
                                           u"-o"_s,     u"out.json"_s};
    QTest::newRow("bulk") << QStringList{u"bulk"_s,     u"--base-url"_s, url,   u"--source"_s,
                                         source,        u"--where"_s,    u""_s, u"--status"_s,
                                         u"APPROVED"_s, u"--dry-run"_s};
    QTest::newRow("sync") << QStringList{u"sync"_s, u"--snapshot"_s, u"any.json"_s, u"--base-url"_s,
                                         url};
}

void TestOrigins::cliRefusesHttpToAnotherMachine()
{
    QFETCH(QStringList, arguments);
    // Exit 2 (usage), not 1 (a failed connection): refused before anything was tried.
    const CliRun run = cli(arguments, m_token);
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(u"10.255.255.1"_s) && run.err.contains(u"use https://"_s),
             qPrintable(run.all()));
}

void TestOrigins::cliSyncSendsOnlyWhereTheCommandLineSays()
{
    // A snapshot of "other" (its source.base_url names 127.0.0.2), as a colleague might send.
    const QString snapshot = m_dir.filePath(u"from-other.json"_s);
    CliRun run = cli({u"export"_s, u"--base-url"_s, m_other.baseUrl().toString(), u"--source"_s,
                      m_other.sourceId().toString(), u"-o"_s, snapshot},
                     m_token);
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY(m_other.clearRequests());
    const QString otherOrigin = Origin::of(m_other.baseUrl()).toString();
    const QString homeOrigin = Origin::of(m_home.baseUrl()).toString();

    // Offline review works as ever.
    const QList<QUuid> ids = m_home.relationshipIds();
    const auto decide = [&](const QUuid& id) {
        const QString status =
            m_home.relationship(id).value("status"_L1).toString() == "REJECTED"_L1 ? u"APPROVED"_s
                                                                                   : u"REJECTED"_s;
        const CliRun decided = cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s,
                                    id.toString(), u"--status"_s, status},
                                   {});
        return decided.status == 0 ? status : QString();
    };
    const QString first = decide(ids.at(3));
    QVERIFY(!first.isEmpty());
    QVERIFY(m_home.clearRequests());

    // The file's server alone never gets the token.
    run = cli({u"sync"_s, u"--snapshot"_s, snapshot}, m_token);
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(otherOrigin) && run.err.contains(u"--base-url"_s),
             qPrintable(run.all()));
    // Another server than the snapshot's: refused, naming both, unless --retarget.
    run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_home.baseUrl().toString()},
              m_token);
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(otherOrigin) && run.err.contains(homeOrigin) &&
                 run.err.contains(u"--retarget"_s),
             qPrintable(run.all()));
    run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--retarget"_s}, m_token);
    QCOMPARE(run.status, 2);
    QVERIFY(m_other.receivedRequests().isEmpty());
    QVERIFY(m_home.receivedRequests().isEmpty());

    // --retarget: the decisions (and the token) go to the server named, and only there.
    run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_home.baseUrl().toString(),
               u"--retarget"_s},
              m_token);
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QCOMPARE(m_home.relationship(ids.at(3)).value("status"_L1).toString(), first);
    QVERIFY(DevServerProcess::countWithAuthorization(m_home.receivedRequests()) > 0);
    QVERIFY(m_other.receivedRequests().isEmpty());

    // Named as the snapshot's own server: it goes there.
    QVERIFY(m_home.clearRequests());
    const QString second = decide(ids.at(4));
    QVERIFY(!second.isEmpty());
    run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_other.baseUrl().toString()},
              m_token);
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QCOMPARE(m_other.relationship(ids.at(4)).value("status"_L1).toString(), second);
    const QJsonArray received = m_other.receivedRequests();
    QVERIFY(DevServerProcess::countWithAuthorization(received) > 0);
    QCOMPARE(received.last().toObject().value("authorizationSha256"_L1).toString(), bearerSha256());
    QVERIFY(m_home.receivedRequests().isEmpty());
}

QTEST_GUILESS_MAIN(TestOrigins)
#include "tst_origins.moc"
