// TLS against a real TLS server on loopback: nginx (TlsFront) in front of the development
// server, with a certificate authority made for the test. An untrusted certificate fails at once,
// permanently and with one handshake, naming the host and the problem; --ca-certificates (or a
// profile's CA certificates) makes the same server work; a bad PEM file is refused by name.

#include "ApiClient.h"
#include "CliRunner.h"
#include "DevServerProcess.h"
#include "TlsFront.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void untrustedCertificateIsAPermanentErrorNamingTheHost();
    void caCertificatesFromTheProfileAreTrusted();
    void cliExportFailsOnceWithoutTheCaAndWorksWithIt();
    void cliSyncDoesNotRetryATlsFailure();
    void badCaFileIsRefusedByName();

private:
    CliRun cli(const QStringList& arguments);
    ConnectionProfile frontProfile() const;
    ApiError fetchColumns(ApiClient& client);
    QString exportThroughFront(const QString& name);

    QTemporaryDir m_dir;
    DevServerProcess m_server;
    TlsFront m_front;
    QString m_token;
};

void TestTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_token = u"tls-"_s + QUuid::createUuid().toString(QUuid::Id128);
    DevServerProcess::Options options;
    options.generate = 30;
    options.token = m_token;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
    // nginx-light and openssl are in scripts/deps.sh: without them this fails, it does not skip.
    QVERIFY2(m_front.start(m_server.baseUrl()), qPrintable(m_front.errorString()));
    QCOMPARE(m_front.baseUrl().scheme(), u"https"_s);
}

void TestTls::init()
{
    QVERIFY(m_server.clearRequests());
}

CliRun TestTls::cli(const QStringList& arguments)
{
    return runCli(arguments, m_dir.filePath(u"data"_s), m_token, {m_token}, 60000);
}

ConnectionProfile TestTls::frontProfile() const
{
    ConnectionProfile profile;
    profile.baseUrl = m_front.baseUrl();
    profile.integrationSourceId = m_server.sourceId();
    return profile;
}

ApiError TestTls::fetchColumns(ApiClient& client)
{
    ApiError result;
    bool done = false;
    client.fetchColumns(this, [&](const ApiError& error, const QByteArray&) {
        result = error;
        done = true;
    });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 30000); }();
    return result;
}

void TestTls::untrustedCertificateIsAPermanentErrorNamingTheHost()
{
    const int before = m_front.connectionsWithoutRequest();
    ApiClient client;
    client.setProfile(frontProfile());
    client.setToken(m_token);
    const ApiError error = fetchColumns(client);
    QCOMPARE(error.kind, ApiError::Kind::Tls);
    QVERIFY(!error.isTransient());
    QVERIFY2(error.message.contains(u"127.0.0.1"_s), qPrintable(error.message));
    // The certificate problem itself, and what to do about a private CA.
    QVERIFY2(error.message.contains(u"certificate"_s, Qt::CaseInsensitive),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(u"issuer"_s, Qt::CaseInsensitive) ||
                 error.message.contains(u"self signed"_s, Qt::CaseInsensitive) ||
                 error.message.contains(u"self-signed"_s, Qt::CaseInsensitive),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(u"--ca-certificates"_s), qPrintable(error.message));
    QVERIFY(!error.message.contains(m_token));
    // One connection, given up after the handshake; nothing reached the server behind nginx.
    QTRY_COMPARE_WITH_TIMEOUT(m_front.connectionsWithoutRequest(), before + 1, 30000);
    QVERIFY(m_server.requests().isEmpty());
}

void TestTls::caCertificatesFromTheProfileAreTrusted()
{
    ConnectionProfile profile = frontProfile();
    profile.caCertificates = m_front.caCertificatePath();
    QCOMPARE(profile.validate(), QString());
    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);
    QCOMPARE(client.caCertificatesProblem(), QString());
    const ApiError columns = fetchColumns(client);
    QVERIFY2(columns.ok(), qPrintable(columns.message));

    // A PUT through the TLS front, with the token.
    const QUuid id = m_server.relationshipIds().constFirst();
    const QString before = m_server.relationship(id).value("status"_L1).toString();
    const RelationshipStatus target =
        before == "APPROVED"_L1 ? RelationshipStatus::Rejected : RelationshipStatus::Approved;
    ApiError putError;
    Relationship answer;
    bool done = false;
    client.updateStatus(id, target, this, [&](const ApiError& error, const Relationship& r) {
        putError = error;
        answer = r;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QVERIFY2(putError.ok(), qPrintable(putError.message));
    QCOMPARE(answer.id, id);
    QCOMPARE(m_server.relationship(id).value("status"_L1).toString(), statusName(target));
}

QString TestTls::exportThroughFront(const QString& name)
{
    const QString path = m_dir.filePath(name);
    const CliRun run = cli({u"export"_s, u"--base-url"_s, m_front.baseUrl().toString(),
                            u"--source"_s, m_server.sourceId().toString(), u"--ca-certificates"_s,
                            m_front.caCertificatePath(), u"-o"_s, path});
    if (run.status != 0) {
        qWarning("export failed: %s", qPrintable(run.all()));
        return {};
    }
    return path;
}

void TestTls::cliExportFailsOnceWithoutTheCaAndWorksWithIt()
{
    const int before = m_front.connectionsWithoutRequest();
    const QString refused = m_dir.filePath(u"refused.json"_s);
    CliRun run = cli({u"export"_s, u"--base-url"_s, m_front.baseUrl().toString(), u"--source"_s,
                      m_server.sourceId().toString(), u"--no-columns"_s, u"-o"_s, refused});
    QCOMPARE(run.status, 1);
    QVERIFY2(run.err.contains(u"127.0.0.1"_s), qPrintable(run.all()));
    QVERIFY2(run.err.contains(u"certificate"_s, Qt::CaseInsensitive), qPrintable(run.all()));
    QVERIFY(!QFile::exists(refused));
    QTRY_COMPARE_WITH_TIMEOUT(m_front.connectionsWithoutRequest(), before + 1, 30000); // no retry
    QVERIFY(m_server.requests().isEmpty());

    const QString path = exportThroughFront(u"through-tls.json"_s);
    QVERIFY(!path.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject snapshot = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(snapshot.value("source"_L1).toObject().value("base_url"_L1).toString(),
             m_front.baseUrl().toString());
    QVERIFY(!m_server.requests().isEmpty());
}

void TestTls::cliSyncDoesNotRetryATlsFailure()
{
    const QString snapshot = exportThroughFront(u"to-sync.json"_s);
    QVERIFY(!snapshot.isEmpty());
    const QUuid id = m_server.relationshipIds().constLast();
    QCOMPARE(cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, id.toString(), u"--status"_s,
                  u"REJECTED"_s})
                 .status,
             0);
    QVERIFY(m_server.clearRequests());
    const int before = m_front.connectionsWithoutRequest();
    // Without the CA: one handshake, refused, and the decision stays pending.
    CliRun run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s,
                      m_front.baseUrl().toString(), u"--max-attempts"_s, u"5"_s});
    QCOMPARE(run.status, 1);
    QVERIFY2(run.all().contains(u"127.0.0.1"_s), qPrintable(run.all()));
    QVERIFY2(run.all().contains(u"certificate"_s, Qt::CaseInsensitive), qPrintable(run.all()));
    QTRY_COMPARE_WITH_TIMEOUT(m_front.connectionsWithoutRequest(), before + 1, 30000);
    QVERIFY(m_server.requests().isEmpty());

    // With it: delivered.
    run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_front.baseUrl().toString(),
               u"--ca-certificates"_s, m_front.caCertificatePath()});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QCOMPARE(m_server.relationship(id).value("status"_L1).toString(), u"REJECTED"_s);
}

void TestTls::badCaFileIsRefusedByName()
{
    const QString garbage = m_dir.filePath(u"not-a-certificate.pem"_s);
    {
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    }
    const QString missing = m_dir.filePath(u"missing.pem"_s);
    for (const QString& path : {garbage, missing}) {
        const CliRun run =
            cli({u"export"_s, u"--base-url"_s, m_front.baseUrl().toString(), u"--source"_s,
                 m_server.sourceId().toString(), u"--ca-certificates"_s, path, u"-o"_s,
                 m_dir.filePath(u"never.json"_s)});
        QCOMPARE(run.status, 2);
        QVERIFY2(run.err.contains(path) && run.err.contains(u"--ca-certificates"_s),
                 qPrintable(run.all()));
    }

    // In a profile: every call is refused before any connection, naming the file.
    const int before = m_front.connectionsWithoutRequest();
    const int servedBefore = m_front.servedRequests();
    ConnectionProfile profile = frontProfile();
    profile.caCertificates = garbage;
    QVERIFY2(profile.validate().contains(garbage), qPrintable(profile.validate()));
    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);
    QVERIFY(client.caCertificatesProblem().contains(garbage));
    const ApiError error = fetchColumns(client);
    QCOMPARE(error.kind, ApiError::Kind::Refused);
    QVERIFY2(error.message.contains(garbage), qPrintable(error.message));
    QCOMPARE(m_front.connectionsWithoutRequest(), before);
    QCOMPARE(m_front.servedRequests(), servedBefore);
    QVERIFY(m_server.requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
