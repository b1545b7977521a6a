// What an HTTP answer means and how long to wait before asking again, without a network: the
// pure classification (status, headers, body, transport error -> ApiError), Retry-After read
// without overflow, the retry delay (never 0, never beyond the cap), and the check that a list's
// rows belong to the integration source asked for.

#include "ApiAnswer.h"
#include "ApiClient.h"
#include "RelationshipStore.h"
#include "SyncEngine.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

ApiError classify(int status, const Headers& headers = {}, const QByteArray& body = {},
                  QNetworkReply::NetworkError code = QNetworkReply::NoError)
{
    return ApiAnswer::classify(status, headers, body, code);
}

SyncConfig config()
{
    SyncConfig config;
    config.backoffBaseMs = 500;
    config.backoffCapMs = 60000;
    config.maxRetryAfterMs = 10 * 60 * 1000;
    return config;
}

Relationship relationshipOf(const QUuid& source, int n)
{
    Relationship relationship;
    relationship.id =
        QUuid::fromString(u"00000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0')));
    relationship.integrationSourceId = source;
    relationship.fromColumnId = QUuid::createUuid();
    relationship.toTableId = QUuid::createUuid();
    relationship.toColumnName = u"id"_s;
    relationship.status = RelationshipStatus::Suggested;
    relationship.statusText = u"SUGGESTED"_s;
    return relationship;
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void successIsNoError();
    void clientErrorsArePermanent_data();
    void clientErrorsArePermanent();
    void transientAnswersAreRetried_data();
    void transientAnswersAreRetried();
    void redirectsAndTlsFailuresAreNotRetried_data();
    void redirectsAndTlsFailuresAreNotRetried();
    void serverDetailIsQuoted();
    void retryAfterHeaderIsFoundWhateverItsCase();
    void retryAfterValues_data();
    void retryAfterValues();
    void retryAfterPastDateIsZero();
    void retryDelayNeverComesBackAtOnce_data();
    void retryDelayNeverComesBackAtOnce();
    void retryDelayHonoursALongerRetryAfterUpToTheCap();
    void classificationSurvivesAnything();
    void listOfOneSourceIsAccepted();
    void rowOfAnotherSourceIsRefusedByName();
};

void TestRetryPolicy::successIsNoError()
{
    QVERIFY(classify(200).ok());
    QVERIFY(classify(204).ok());
    QCOMPARE(classify(200).httpStatus, 200);
}

void TestRetryPolicy::clientErrorsArePermanent_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("kind");
    QTest::newRow("400") << 400 << int(ApiError::Kind::Validation);
    QTest::newRow("401") << 401 << int(ApiError::Kind::Auth);
    QTest::newRow("403") << 403 << int(ApiError::Kind::Auth);
    QTest::newRow("404") << 404 << int(ApiError::Kind::NotFound);
    QTest::newRow("405") << 405 << int(ApiError::Kind::Validation);
    QTest::newRow("409") << 409 << int(ApiError::Kind::Validation);
    QTest::newRow("410") << 410 << int(ApiError::Kind::Validation);
    QTest::newRow("413") << 413 << int(ApiError::Kind::TooLarge);
    QTest::newRow("422") << 422 << int(ApiError::Kind::Validation);
    QTest::newRow("451") << 451 << int(ApiError::Kind::Validation);
    QTest::newRow("302 not followed") << 302 << int(ApiError::Kind::BadResponse);
}

void TestRetryPolicy::clientErrorsArePermanent()
{
    QFETCH(int, status);
    QFETCH(int, kind);
    const ApiError error = classify(status);
    QCOMPARE(int(error.kind), kind);
    QCOMPARE(error.httpStatus, status);
    QVERIFY(!error.isTransient());
    QVERIFY(!error.message.isEmpty());
}

void TestRetryPolicy::transientAnswersAreRetried_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("kind");
    QTest::newRow("408") << 408 << int(QNetworkReply::NoError) << int(ApiError::Kind::Timeout);
    QTest::newRow("429") << 429 << int(QNetworkReply::NoError) << int(ApiError::Kind::RateLimited);
    QTest::newRow("500") << 500 << int(QNetworkReply::NoError) << int(ApiError::Kind::Server);
    QTest::newRow("503") << 503 << int(QNetworkReply::NoError) << int(ApiError::Kind::Server);
    QTest::newRow("refused") << 0 << int(QNetworkReply::ConnectionRefusedError)
                             << int(ApiError::Kind::Network);
    QTest::newRow("closed") << 0 << int(QNetworkReply::RemoteHostClosedError)
                            << int(ApiError::Kind::Network);
    QTest::newRow("timeout") << 0 << int(QNetworkReply::OperationCanceledError)
                             << int(ApiError::Kind::Timeout);
    QTest::newRow("closed after the status line")
        << 200 << int(QNetworkReply::RemoteHostClosedError) << int(ApiError::Kind::Network);
}

void TestRetryPolicy::transientAnswersAreRetried()
{
    QFETCH(int, status);
    QFETCH(int, code);
    QFETCH(int, kind);
    const ApiError error = classify(status, {}, {}, QNetworkReply::NetworkError(code));
    QCOMPARE(int(error.kind), kind);
    QVERIFY(!error.permanent);
    QVERIFY(error.isTransient());
}

void TestRetryPolicy::redirectsAndTlsFailuresAreNotRetried_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("kind");
    QTest::newRow("redirect loop")
        << int(QNetworkReply::TooManyRedirectsError) << int(ApiError::Kind::Network);
    QTest::newRow("redirect to another origin")
        << int(QNetworkReply::InsecureRedirectError) << int(ApiError::Kind::Network);
    QTest::newRow("TLS handshake")
        << int(QNetworkReply::SslHandshakeFailedError) << int(ApiError::Kind::Tls);
}

void TestRetryPolicy::redirectsAndTlsFailuresAreNotRetried()
{
    QFETCH(int, code);
    QFETCH(int, kind);
    for (int status : {0, 302}) {
        const ApiError error = classify(status, {}, {}, QNetworkReply::NetworkError(code));
        QCOMPARE(int(error.kind), kind);
        QVERIFY(error.permanent);
        QVERIFY(!error.isTransient());
        QVERIFY(!error.message.isEmpty());
    }
}

void TestRetryPolicy::serverDetailIsQuoted()
{
    const ApiError error = classify(422, {}, R"({"detail": "status: not one of the three"})");
    QCOMPARE(error.kind, ApiError::Kind::Validation);
    QCOMPARE(error.message, u"status: not one of the three"_s);
    // An HTML error page is not worth showing; the status is.
    const ApiError page = classify(502, {}, "<html><body>Bad gateway</body></html>");
    QCOMPARE(page.kind, ApiError::Kind::Server);
    QVERIFY(page.message.contains(u"502"_s));
    QVERIFY(!page.message.contains(u"html"_s));
}

void TestRetryPolicy::retryAfterHeaderIsFoundWhateverItsCase()
{
    const ApiError lower = classify(429, {{"content-type", "text/plain"}, {"retry-after", "7"}});
    QCOMPARE(lower.retryAfterMs, 7000);
    const ApiError none = classify(429, {{"Content-Type", "text/plain"}});
    QCOMPARE(none.retryAfterMs, -1);
    QCOMPARE(none.kind, ApiError::Kind::RateLimited);
}

void TestRetryPolicy::retryAfterValues_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("seconds") << QByteArray(" 12 ") << qint64(12000);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    // seconds * 1000 would overflow: capped instead.
    QTest::newRow("huge") << QByteArray("99999999999999999") << ApiAnswer::MaxRetryAfterMs;
    QTest::newRow("beyond 64 bits")
        << QByteArray("999999999999999999999999999") << ApiAnswer::MaxRetryAfterMs;
    QTest::newRow("two days") << QByteArray("172800") << ApiAnswer::MaxRetryAfterMs;
}

void TestRetryPolicy::retryAfterValues()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(ApiAnswer::parseRetryAfterMs(value, now), expected);
    if (!value.isEmpty()) {
        QCOMPARE(classify(429, {{"Retry-After", value}}).retryAfterMs, expected);
    }
}

void TestRetryPolicy::retryAfterPastDateIsZero()
{
    const QDateTime now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());
    QCOMPARE(ApiAnswer::parseRetryAfterMs("Sun, 01 Mar 2026 11:00:00 GMT", now), 0);
    QCOMPARE(ApiAnswer::parseRetryAfterMs("Sun, 01 Mar 2026 12:00:30 GMT", now), 30000);
    QCOMPARE(ApiAnswer::parseRetryAfterMs("Fri, 31 Dec 9999 23:59:59 GMT", now),
             ApiAnswer::MaxRetryAfterMs);
}

void TestRetryPolicy::retryDelayNeverComesBackAtOnce_data()
{
    QTest::addColumn<qint64>("retryAfterMs");
    QTest::newRow("Retry-After: 0") << qint64(0);
    QTest::newRow("Retry-After in the past") << qint64(0);
    QTest::newRow("no Retry-After") << qint64(-1);
}

void TestRetryPolicy::retryDelayNeverComesBackAtOnce()
{
    QFETCH(qint64, retryAfterMs);
    const SyncConfig paced = config();
    for (int attempt = 1; attempt <= 40; ++attempt) {
        const qint64 backoff = SyncEngine::backoffDelayMs(paced, attempt);
        for (double jitter : {0.0, 0.37, 1.0}) {
            const qint64 delay = SyncEngine::retryDelayMs(paced, attempt, retryAfterMs, jitter);
            QVERIFY2(delay >= backoff / 2,
                     qPrintable(u"attempt %1: %2 ms"_s.arg(attempt).arg(delay)));
            QVERIFY(delay <= backoff);
            QVERIFY(delay <= paced.backoffCapMs);
        }
        // The jitter spreads the clients that failed together.
        QVERIFY(SyncEngine::retryDelayMs(paced, attempt, retryAfterMs, 0.0) <
                SyncEngine::retryDelayMs(paced, attempt, retryAfterMs, 1.0));
    }
    QVERIFY(SyncEngine::retryDelayMs(paced, 1, retryAfterMs, 0.0) >= 250);
}

void TestRetryPolicy::retryDelayHonoursALongerRetryAfterUpToTheCap()
{
    const SyncConfig paced = config();
    QCOMPARE(SyncEngine::retryDelayMs(paced, 1, 5000, 0.5), 5000);
    QCOMPARE(SyncEngine::retryDelayMs(paced, 1, ApiAnswer::MaxRetryAfterMs, 0.5),
             paced.maxRetryAfterMs);
    QCOMPARE(SyncEngine::retryDelayMs(paced, 1, std::numeric_limits<qint64>::max(), 0.5),
             paced.maxRetryAfterMs);
    // A nonsense jitter is no reason for a nonsense delay.
    const qint64 nan = SyncEngine::retryDelayMs(paced, 3, 0, std::nan(""));
    QVERIFY(nan >= SyncEngine::backoffDelayMs(paced, 3) / 2);
    QVERIFY(nan <= SyncEngine::backoffDelayMs(paced, 3));
    QCOMPARE(SyncEngine::retryDelayMs(paced, 1000000, -1, 1.0), paced.backoffCapMs);
}

void TestRetryPolicy::classificationSurvivesAnything()
{
    // What a fuzz target would throw at it: every status, odd headers, odd bodies.
    const QList<QByteArray> bodies = {{},
                                      "{",
                                      "null",
                                      "[1,2]",
                                      R"({"detail": [{"loc": ["body", 3], "msg": "x"}, 7, null]})",
                                      QByteArray(5000, 'x'),
                                      QByteArray("\xff\xfe\x00", 3)};
    const Headers headers = {{"Retry-After", "Wed, 99 Foo 2026 25:61:61 GMT"},
                             {"", ""},
                             {"Retry-After", QByteArray(300, '9')}};
    for (int status = -1; status < 1000; status += 7) {
        for (const QByteArray& body : bodies) {
            const ApiError error = classify(status, headers, body);
            QCOMPARE(error.httpStatus, status);
            QVERIFY(error.ok() || !error.message.isEmpty());
            QVERIFY(error.message.size() < 1000);
        }
    }
}

void TestRetryPolicy::listOfOneSourceIsAccepted()
{
    const QUuid source = QUuid::createUuid();
    RelationshipRows rows;
    for (int i = 0; i < 5; ++i) {
        rows.append(relationshipOf(source, i));
    }
    QVERIFY(ApiClient::checkListSource(rows, source).ok());
    QVERIFY(ApiClient::checkListSource(RelationshipRows{}, source).ok());
}

void TestRetryPolicy::rowOfAnotherSourceIsRefusedByName()
{
    const QUuid source = QUuid::createUuid();
    const QUuid other = QUuid::createUuid();
    RelationshipRows rows;
    for (int i = 0; i < 5; ++i) {
        rows.append(relationshipOf(i == 3 ? other : source, i));
    }
    const ApiError error = ApiClient::checkListSource(rows, source, u"the list"_s);
    QCOMPARE(error.kind, ApiError::Kind::Mismatch);
    QVERIFY(error.permanent);
    // The record by position and id, and both sources.
    QVERIFY2(error.message.contains(u"record 3"_s), qPrintable(error.message));
    QVERIFY(error.message.contains(rows.row(3).id.toString(QUuid::WithoutBraces)));
    QVERIFY(error.message.contains(other.toString(QUuid::WithoutBraces)));
    QVERIFY(error.message.contains(source.toString(QUuid::WithoutBraces)));
    QVERIFY(error.message.startsWith(u"the list"_s));
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
