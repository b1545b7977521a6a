// Where the token may go: origins, the https-except-loopback rule, keychain keys, CA certificate
// files, and the token staying with its origin when the profile moves to another server.
#include "ApiClient.h"
#include "CaCertificates.h"
#include "CommandLine.h"
#include "ConnectionProfile.h"
#include "CredentialStore.h"
#include "Origin.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// A throwaway CA certificate (parsing only: its validity period does not matter here).
const QByteArray TestCaPem =
    QByteArrayLiteral("-----BEGIN CERTIFICATE-----\n"
                      "MIIBfDCCASKgAwIBAgIUINqzeYTA/UacrXz32fniLEDIFgEwCgYIKoZIzj0EAwIw\n"
                      "HDEaMBgGA1UEAwwRcmVscmV2aWV3IHRlc3QgQ0EwHhcNMjYxMjA2MTgzOTQxWhcN\n"
                      "MjYxMjA4MTgzOTQxWjAcMRowGAYDVQQDDBFyZWxyZXZpZXcgdGVzdCBDQTBZMBMG\n"
                      "ByqGSM49AgEGCCqGSM49AwEHA0IABO5iktHKVQ+ssn6S7brYUjEyPvrk861R4w5i\n"
                      "1FUgdOu+jIQgQQWEGzmbBePEBYS//a3tS23VKyRq/RE6ciM2GmSjQjBAMA8GA1Ud\n"
                      "EwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBQnCTcJK3WJIJni\n"
                      "xLlYcirzpvUMnjAKBggqhkjOPQQDAgNIADBFAiBDTPYO7DpYu1Y9kpheMf34sHZg\n"
                      "46PISr5uZ0Rz6Db0KwIhAP30N00nbxLgd1UO/0AKM4hcydhjGmHfgIs3lq1xMLwW\n"
                      "-----END CERTIFICATE-----\n");

ConnectionProfile profileAt(const QString& baseUrl)
{
    ConnectionProfile profile;
    profile.name = u"work"_s;
    profile.baseUrl = QUrl(baseUrl);
    profile.integrationSourceId = QUuid::fromString(u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    return profile;
}

} // namespace

class TestOrigin : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void originOf_data();
    void originOf();
    void sameOrigin();
    void loopback_data();
    void loopback();
    void transport_data();
    void transport();
    void keychainKeyIsTheOrigin();
    void profileValidation();
    void caCertificateFiles();
    void commandLine();
    void clientTokenStaysWithItsOrigin();
    void sessionTokenDoesNotFollowANewBaseUrl();

private:
    QString writeFile(const QString& name, const QByteArray& bytes);
    QTemporaryDir m_dir;
};

void TestOrigin::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv(CredentialStore::DisableKeychainVariable, "1");
}

QString TestOrigin::writeFile(const QString& name, const QByteArray& bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        return {};
    }
    return path;
}

void TestOrigin::originOf_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("origin"); // empty: invalid

    QTest::newRow("https, path") << u"https://config.heyhumm.ai/api/v1?x=1"_s
                                 << u"https://config.heyhumm.ai"_s;
    QTest::newRow("case") << u"HTTPS://Config.HeyHumm.AI/"_s << u"https://config.heyhumm.ai"_s;
    QTest::newRow("default port") << u"https://h.example:443/x"_s << u"https://h.example"_s;
    QTest::newRow("other port") << u"https://h.example:8443"_s << u"https://h.example:8443"_s;
    QTest::newRow("http default") << u"http://127.0.0.1:80/"_s << u"http://127.0.0.1"_s;
    QTest::newRow("http port") << u"http://127.0.0.1:8080/api"_s << u"http://127.0.0.1:8080"_s;
    QTest::newRow("ipv6") << u"http://[::1]:9000/"_s << u"http://[::1]:9000"_s;
    QTest::newRow("trailing dot") << u"http://localhost.:7/"_s << u"http://localhost:7"_s;
    QTest::newRow("ftp") << u"ftp://h.example/"_s << QString();
    QTest::newRow("file") << u"file:///etc/passwd"_s << QString();
    QTest::newRow("no host") << u"https://"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestOrigin::originOf()
{
    QFETCH(QString, url);
    QFETCH(QString, origin);
    const Origin parsed = Origin::of(QUrl(url));
    QCOMPARE(parsed.isValid(), !origin.isEmpty());
    QCOMPARE(parsed.toString(), origin);
}

void TestOrigin::sameOrigin()
{
    QCOMPARE(Origin::of(u"https://h.example"_s), Origin::of(u"https://h.example:443/other"_s));
    QVERIFY(Origin::of(u"https://h.example"_s) != Origin::of(u"http://h.example"_s));
    QVERIFY(Origin::of(u"https://h.example"_s) != Origin::of(u"https://h.example:8443"_s));
    QVERIFY(Origin::of(u"https://h.example"_s) != Origin::of(u"https://g.example"_s));
    QVERIFY(Origin::of(u"http://127.0.0.1:8080"_s) != Origin::of(u"http://127.0.0.2:8080"_s));
    QVERIFY(Origin::of(u"http://127.0.0.1:8080"_s) != Origin::of(u"http://localhost:8080"_s));
    // Two invalid origins are equal to each other, but never to a valid one.
    QVERIFY(Origin() != Origin::of(u"https://h.example"_s));
}

void TestOrigin::loopback_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("localhost") << u"localhost"_s << true;
    QTest::newRow("LOCALHOST.") << u"LOCALHOST."_s << true;
    QTest::newRow("127.0.0.1") << u"127.0.0.1"_s << true;
    QTest::newRow("127.1.2.3") << u"127.1.2.3"_s << true;
    QTest::newRow("127.255.255.254") << u"127.255.255.254"_s << true;
    QTest::newRow("::1") << u"::1"_s << true;
    QTest::newRow("[::1]") << u"[::1]"_s << true;
    QTest::newRow("128.0.0.1") << u"128.0.0.1"_s << false;
    QTest::newRow("10.0.0.1") << u"10.0.0.1"_s << false;
    QTest::newRow("0.0.0.0") << u"0.0.0.0"_s << false;
    QTest::newRow("::") << u"::"_s << false;
    QTest::newRow("example.invalid") << u"example.invalid"_s << false;
    QTest::newRow("localhost.example.com") << u"localhost.example.com"_s << false;
    QTest::newRow("127.0.0.1.nip.io") << u"127.0.0.1.nip.io"_s << false;
}

void TestOrigin::loopback()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(Origin::isLoopbackHost(host), loopback);
}

void TestOrigin::transport_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https") << u"https://config.heyhumm.ai"_s << true;
    QTest::newRow("https to an address") << u"https://10.1.2.3:8443"_s << true;
    QTest::newRow("http localhost") << u"http://localhost:8080"_s << true;
    QTest::newRow("http 127.0.0.2") << u"http://127.0.0.2:8080/api"_s << true;
    QTest::newRow("http ::1") << u"http://[::1]:8080"_s << true;
    QTest::newRow("http other host") << u"http://example.invalid"_s << false;
    QTest::newRow("http private address") << u"http://10.1.2.3:8080"_s << false;
    QTest::newRow("http any address") << u"http://0.0.0.0:8080"_s << false;
    QTest::newRow("ftp") << u"ftp://127.0.0.1/"_s << false;
}

void TestOrigin::transport()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    const QString problem = Origin::transportProblem(QUrl(url));
    QCOMPARE(problem.isEmpty(), allowed);
    if (!allowed) {
        QVERIFY2(problem.contains(u"https://"_s), qPrintable(problem));
        QVERIFY2(problem.contains(QUrl(url).host()), qPrintable(problem));
    }
}

void TestOrigin::keychainKeyIsTheOrigin()
{
    // Profiles on one server share the entry; the profile's name is no part of it.
    ConnectionProfile work = profileAt(u"https://config.heyhumm.ai/api"_s);
    ConnectionProfile other = profileAt(u"https://CONFIG.heyhumm.ai:443"_s);
    other.name = u"other"_s;
    QCOMPARE(CredentialStore::keyFor(Origin::of(work.baseUrl)), u"https://config.heyhumm.ai"_s);
    QCOMPARE(CredentialStore::keyFor(Origin::of(other.baseUrl)),
             CredentialStore::keyFor(Origin::of(work.baseUrl)));
    // Another host, port or scheme: another entry, so a token never follows --base-url there.
    QCOMPARE(CredentialStore::keyFor(Origin::of(u"https://config.heyhumm.ai:8443"_s)),
             u"https://config.heyhumm.ai:8443"_s);
    QCOMPARE(CredentialStore::keyFor(Origin::of(u"http://127.0.0.1:8080"_s)),
             u"http://127.0.0.1:8080"_s);
    QVERIFY(CredentialStore::keyFor(Origin::of(u"https://evil.example"_s)) !=
            CredentialStore::keyFor(Origin::of(work.baseUrl)));
    QCOMPARE(CredentialStore::keyFor(Origin()), QString());
}

void TestOrigin::profileValidation()
{
    QCOMPARE(profileAt(u"https://config.heyhumm.ai"_s).validate(), QString());
    QCOMPARE(profileAt(u"http://127.0.0.1:8080"_s).validate(), QString());
    const QString problem = profileAt(u"http://config.heyhumm.ai"_s).validate();
    QVERIFY2(problem.startsWith(u"Base URL:"_s), qPrintable(problem));
    QVERIFY2(problem.contains(u"https://"_s), qPrintable(problem));

    ConnectionProfile withCa = profileAt(u"https://config.heyhumm.ai"_s);
    withCa.caCertificates = m_dir.filePath(u"missing.pem"_s);
    QVERIFY2(withCa.validate().contains(withCa.caCertificates), qPrintable(withCa.validate()));
    withCa.caCertificates = writeFile(u"ca.pem"_s, TestCaPem);
    QCOMPARE(withCa.validate(), QString());

    // The setting travels with the profile.
    QSettings settings(m_dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    withCa.save(settings);
    QCOMPARE(ConnectionProfile::load(settings, withCa.name).caCertificates, withCa.caCertificates);
}

void TestOrigin::caCertificateFiles()
{
    QString error;
    const QString good = writeFile(u"good.pem"_s, TestCaPem + TestCaPem);
    QCOMPARE(CaCertificates::load(good, &error).size(), 2);
    QCOMPARE(error, QString());

    const QString missing = m_dir.filePath(u"no-such.pem"_s);
    QVERIFY(CaCertificates::load(missing, &error).isEmpty());
    QVERIFY2(error.contains(missing), qPrintable(error));

    const QString text = writeFile(u"text.pem"_s, "just some text\n");
    QVERIFY(CaCertificates::load(text, &error).isEmpty());
    QVERIFY2(error.contains(text) && error.contains(u"PEM"_s), qPrintable(error));

    QByteArray broken = TestCaPem;
    broken.replace("MIIBfDCC", "MIIB!!!!");
    const QString corrupt = writeFile(u"corrupt.pem"_s, TestCaPem + broken);
    QVERIFY(CaCertificates::load(corrupt, &error).isEmpty());
    QVERIFY2(error.contains(corrupt), qPrintable(error));
}

void TestOrigin::commandLine()
{
    CommandLineOptions options =
        parseCommandLine({u"relreview"_s, u"--base-url"_s, u"http://example.invalid"_s});
    QVERIFY(options.hasError());
    QVERIFY2(options.error.contains(u"--base-url"_s) && options.error.contains(u"https://"_s),
             qPrintable(options.error));

    options = parseCommandLine({u"relreview"_s, u"--base-url"_s, u"http://127.0.0.1:8080"_s});
    QVERIFY2(!options.hasError(), qPrintable(options.error));

    const QString missing = m_dir.filePath(u"absent.pem"_s);
    options = parseCommandLine({u"relreview"_s, u"--ca-certificates"_s, missing});
    QVERIFY(options.hasError());
    QVERIFY2(options.error.contains(missing), qPrintable(options.error));

    const QString good = writeFile(u"cli.pem"_s, TestCaPem);
    options = parseCommandLine({u"relreview"_s, u"--ca-certificates"_s, good});
    QVERIFY2(!options.hasError(), qPrintable(options.error));
    ConnectionProfile profile;
    options.applyTo(profile);
    QCOMPARE(profile.caCertificates, good);
}

void TestOrigin::clientTokenStaysWithItsOrigin()
{
    ApiClient client;
    client.setProfile(profileAt(u"http://127.0.0.1:8080/api"_s));
    client.setToken(u"secret-token"_s);
    QVERIFY(client.hasToken());
    QCOMPARE(client.tokenOrigin().toString(), u"http://127.0.0.1:8080"_s);

    // The same origin under another path keeps it; another origin does not get it.
    client.setProfile(profileAt(u"http://127.0.0.1:8080/other"_s));
    QVERIFY(client.hasToken());
    client.setProfile(profileAt(u"http://127.0.0.2:8080/api"_s));
    QVERIFY(!client.hasToken());
    client.setProfile(profileAt(u"https://127.0.0.1:8080/api"_s));
    QVERIFY(!client.hasToken());

    // A token given for one origin explicitly is not one for the profile's.
    client.setToken(u"secret-token"_s, Origin::of(u"http://127.0.0.1:8080"_s));
    QVERIFY(!client.hasToken());
    client.setToken(u"secret-token"_s, Origin());
    QVERIFY(!client.hasToken());
}

void TestOrigin::sessionTokenDoesNotFollowANewBaseUrl()
{
    qputenv("RELREVIEW_DATA_DIR", m_dir.filePath(u"session-data"_s).toLocal8Bit());
    RelationshipStore store;
    ReviewSession session(&store);
    session.setProfile(profileAt(u"https://config.heyhumm.ai"_s));
    session.setToken(u"secret-token"_s);
    QVERIFY(session.hasToken());
    QCOMPARE(session.tokenOrigin().toString(), u"https://config.heyhumm.ai"_s);

    // What the Connection dialog does with a new base URL and an empty token field.
    session.setProfile(profileAt(u"https://evil.example"_s));
    QVERIFY(!session.hasToken());
    QVERIFY(!session.client()->hasToken());
    // Back on the token's own server, it is usable again.
    session.setProfile(profileAt(u"https://config.heyhumm.ai/api"_s));
    QVERIFY(session.hasToken());
}

QTEST_GUILESS_MAIN(TestOrigin)
#include "tst_origin.moc"
