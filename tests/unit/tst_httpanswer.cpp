// ApiAnswer::classify: what an HTTP answer means for the client, from the status, the
// headers, the body and Qt's network error alone (the fuzz target fuzz_httpanswer feeds it
// anything).

#include "ApiAnswer.h"

#include <QDateTime>
#include <QLocale>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

ApiError classify(int status, const QByteArray& body = {}, const Headers& headers = {},
                  QNetworkReply::NetworkError error = QNetworkReply::NoError)
{
    return ApiAnswer::classify(status, headers, body, error);
}

} // namespace

class TestHttpAnswer : public QObject
{
    Q_OBJECT

private slots:
    void successIsOnlyA2xxThatArrivedWhole();
    void statusesGetTheirKind_data();
    void statusesGetTheirKind();
    void fastApiDetailIsRendered();
    void htmlAndHugeBodiesStayOutOfTheMessage();
    void retryAfter_data();
    void retryAfter();
    void transportFailuresWinOverAStatus();
};

void TestHttpAnswer::successIsOnlyA2xxThatArrivedWhole()
{
    QVERIFY(classify(200, "{}").ok());
    QVERIFY(classify(204).ok());
    const ApiError cut = classify(200, "[{", {}, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(cut.kind, ApiError::Kind::Network);
    QVERIFY(!cut.message.isEmpty());
    QCOMPARE(classify(0).kind, ApiError::Kind::BadResponse);
    QCOMPARE(classify(302).kind, ApiError::Kind::BadResponse);
    QCOMPARE(classify(302).message, u"Unexpected answer from the server (HTTP 302)"_s);
}

void TestHttpAnswer::statusesGetTheirKind_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::newRow("401") << 401 << ApiError::Kind::Auth;
    QTest::newRow("403") << 403 << ApiError::Kind::Auth;
    QTest::newRow("404") << 404 << ApiError::Kind::NotFound;
    QTest::newRow("400") << 400 << ApiError::Kind::Validation;
    QTest::newRow("409") << 409 << ApiError::Kind::Validation;
    QTest::newRow("422") << 422 << ApiError::Kind::Validation;
    QTest::newRow("418") << 418 << ApiError::Kind::Validation;
    QTest::newRow("408") << 408 << ApiError::Kind::Timeout;
    QTest::newRow("413") << 413 << ApiError::Kind::TooLarge;
    QTest::newRow("429") << 429 << ApiError::Kind::RateLimited;
    QTest::newRow("500") << 500 << ApiError::Kind::Server;
    QTest::newRow("503") << 503 << ApiError::Kind::Server;
    QTest::newRow("600") << 600 << ApiError::Kind::BadResponse;
    QTest::newRow("101") << 101 << ApiError::Kind::BadResponse;
}

void TestHttpAnswer::statusesGetTheirKind()
{
    QFETCH(int, status);
    QFETCH(ApiError::Kind, kind);
    const ApiError error = classify(status, R"({"detail":"why"})");
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QVERIFY(!error.message.isEmpty());
}

void TestHttpAnswer::fastApiDetailIsRendered()
{
    const ApiError error = classify(
        422, R"({"detail":[{"loc":["body","status"],"msg":"not a valid enumeration member"},)"
             R"({"loc":["query",3],"msg":"bad"},"plain",7]})");
    QCOMPARE(error.message,
             u"body.status: not a valid enumeration member; query.3: bad; plain; 7"_s);
    QCOMPARE(classify(404, R"({"detail":"Relationship not found"})").message,
             u"Relationship not found"_s);
    QCOMPARE(classify(401, R"({"message":"expired"})").message,
             u"Token rejected (HTTP 401: expired)"_s);
}

void TestHttpAnswer::htmlAndHugeBodiesStayOutOfTheMessage()
{
    const ApiError html = classify(502, "<html><body>Bad gateway</body></html>");
    QCOMPARE(html.message, u"Server error (HTTP 502)"_s);
    const ApiError huge = classify(500, QByteArray(1'000'000, 'x'));
    QVERIFY(huge.message.size() < 400);
    QVERIFY(huge.message.contains(u'…'));
}

void TestHttpAnswer::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs");
    QTest::newRow("seconds") << QByteArray("5") << qint64(5000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("padded") << QByteArray(" 7 ") << qint64(7000);
    QTest::newRow("negative") << QByteArray("-3") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::newRow("absent") << QByteArray() << qint64(-1);
    QTest::newRow("date in the past") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << qint64(0);
    // Milliseconds of this many seconds do not fit in 64 bits: capped, never overflowed.
    QTest::newRow("huge") << QByteArray("99999999999999999") << ApiAnswer::MaxRetryAfterMs;
    QTest::newRow("largest") << QByteArray("9223372036854775807") << ApiAnswer::MaxRetryAfterMs;
    QTest::newRow("a day and a second") << QByteArray("86401") << ApiAnswer::MaxRetryAfterMs;
}

void TestHttpAnswer::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);
    Headers headers{{"Content-Type", "application/json"}};
    if (!value.isNull())
        headers.append({"retry-after", value}); // any case
    const ApiError error = classify(429, R"({"detail":"Too Many Requests"})", headers);
    QCOMPARE(error.kind, ApiError::Kind::RateLimited);
    QCOMPARE(error.retryAfterMs, expectedMs);
    QVERIFY(!error.message.isEmpty());
}

void TestHttpAnswer::transportFailuresWinOverAStatus()
{
    ApiError error = classify(0, {}, {}, QNetworkReply::ConnectionRefusedError);
    QCOMPARE(error.kind, ApiError::Kind::Network);
    QVERIFY(error.isTransient()); // the server may be back in a moment
    error = classify(0, {}, {}, QNetworkReply::OperationCanceledError);
    QCOMPARE(error.kind, ApiError::Kind::Timeout);
    // A certificate does not fix itself: a TLS failure is permanent, whatever status came.
    error = classify(503, {}, {}, QNetworkReply::SslHandshakeFailedError);
    QCOMPARE(error.kind, ApiError::Kind::Tls);
    QVERIFY(error.permanent);
    QVERIFY(!error.isTransient());
    // A server-side error code with a status is the status's verdict.
    error = classify(503, {}, {}, QNetworkReply::ServiceUnavailableError);
    QCOMPARE(error.kind, ApiError::Kind::Server);
}

QTEST_GUILESS_MAIN(TestHttpAnswer)
#include "tst_httpanswer.moc"
