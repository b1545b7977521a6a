// The local development server against its contract (shared/api/humm-relationships.md), over
// loopback with QNetworkAccessManager: every endpoint, authentication, FastAPI's error shapes,
// updated_at stamping, fault injection and the /_dev endpoints the other tests rely on.

#include "DemoDataGenerator.h"
#include "DevServerProcess.h"
#include "Relationship.h"
#include "TestData.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int RowCount = 300;
constexpr quint64 Seed = 4242;

const QString EnumMessage =
    u"value is not a valid enumeration member; permitted: 'SUGGESTED', 'APPROVED', 'REJECTED'"_s;

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

QString putPath(const QUuid& id)
{
    return u"/api/integration-sources/relationships/"_s + idText(id);
}

const QString BulkPath = u"/api/integration-sources/relationships/bulk-status"_s;

QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray statusBody(const QString& status)
{
    return json({{u"status"_s, status}});
}

QByteArray bulkBody(const QList<QUuid>& ids, const QString& status)
{
    QJsonArray array;
    for (const QUuid& id : ids)
        array.append(idText(id));
    return json({{u"relationship_ids"_s, array}, {u"status"_s, status}});
}

// The first entry of a 422 body's detail list.
QJsonObject firstValidationError(const DevServerProcess::HttpResult& result)
{
    return result.json().object().value(u"detail"_s).toArray().at(0).toObject();
}

QJsonArray loc(std::initializer_list<QJsonValue> parts)
{
    return QJsonArray(parts);
}

qint64 updatedAtMs(const QJsonObject& relationship)
{
    const auto ms = parseTimestampMs(relationship.value(u"updated_at"_s).toString());
    return ms.value_or(-1);
}

} // namespace

class TestDevServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void announcesLoopbackAddressAndSource();
    void listsEveryRowInOrder();
    void listIsStreamedInChunks();
    void listFiltersByStatusAndType_data();
    void listFiltersByStatusAndType();
    void listRejectsUnknownFilterValues();
    void unknownSourceIsNotFound();
    void columnsCarryTableNames();
    void scopeParametersAreValidated_data();
    void scopeParametersAreValidated();

    void putChangesStatusAndAnswersWholeObject();
    void putStampsStrictlyIncreasingUpdatedAt();
    void putReplacesScoreAndEvidenceOnlyWhenSent();
    void putValidationErrors_data();
    void putValidationErrors();
    void putUnknownRelationshipIsNotFound();
    void putKeepsUnknownMembers();
    void servesSnapshotWithItsCatalog();

    void bulkChangesNamedRowsAndListsMissing();
    void bulkValidationErrors_data();
    void bulkValidationErrors();
    void bulkLimitsAndAbsence();

    void authentication_data();
    void authentication();
    void tokenRotationRejectsTheOldToken();
    void unknownRoutesAndMethods();

    void requestLogRecordsExchangesWithoutTheToken();
    void serverSideChangeActsLikeAnotherReviewer();
    void statsCountCallsAndStatuses();

    void failRateAnswers503();
    void rateLimitEveryKthRequestWithRetryAfter();
    void droppedConnectionIsANetworkError();
    void droppedAfterApplyChangesTheRow();
    void latencyDelaysAnswers();
    void latencyJitterVariesTheDelay();

    void stderrLogNeverShowsTheToken();
    void commandLineErrorsExitNonZero();

    void hostilePutAnswerLiesAboutTheStatus();
    void hostileAnswersCarryAForeignSource();
    void hostileBulkNoopChangesNothing();
    void hostileRetryAfterIsSentRaw_data();
    void hostileRetryAfterIsSentRaw();
    void hostileRedirectLoopsOrPointsElsewhere();
    void hostileDripSendsBodiesSlowly();
    void hostileAnnouncedContentLength();
    void hostileAnswersArePadded();
    void hostileBadRowsAmongTheGoodOnes();
    void hostileSettingsAreValidated();
    void otherLoopbackHostRecordsRequestsWithoutTheToken();

private:
    DevServerProcess::HttpResult put(const QUuid& id, const QByteArray& body)
    {
        return m_server.request("PUT", putPath(id), body);
    }
    QString listPath(const QString& query = {}) const
    {
        return u"/api/integration-sources/"_s + idText(m_server.sourceId()) + u"/relationships"_s +
               (query.isEmpty() ? QString() : u"?"_s + query);
    }
    QString columnsPath(const QString& query = u"active_only=true"_s) const
    {
        return u"/api/integration-sources/"_s + idText(m_server.sourceId()) + u"/columns?"_s +
               query;
    }
    QJsonArray list(const QString& query = {})
    {
        int status = 0;
        const QByteArray body = m_server.apiGet(listPath(query), &status);
        [&] { QCOMPARE(status, 200); }();
        return QJsonDocument::fromJson(body).array();
    }

    DevServerProcess m_server;
    QList<QUuid> m_ids; // generator order
};

void TestDevServer::initTestCase()
{
    DevServerProcess::Options options;
    options.generate = RowCount;
    options.seed = Seed;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));

    const DemoDataGenerator generator(TestData::demoOptions(RowCount, Seed));
    for (int i = 0; i < RowCount; ++i)
        m_ids.append(generator.relationship(i).id);
}

void TestDevServer::init()
{
    // Every test starts from a well-behaved server with the test token and an empty log.
    QVERIFY(m_server.configure({{u"token"_s, u"test-token"_s},
                                {u"latency_ms"_s, 0},
                                {u"latency_jitter_ms"_s, 0},
                                {u"fail_rate"_s, 0},
                                {u"rate_limit_every"_s, 0},
                                {u"retry_after"_s, 1},
                                {u"drop_rate"_s, 0},
                                {u"drop_after_apply"_s, false},
                                {u"no_bulk"_s, false},
                                {u"max_bulk"_s, 0},
                                {u"putAnswerStatus"_s, u""_s},
                                {u"answerSourceId"_s, u""_s},
                                {u"bulkNoop"_s, false},
                                {u"retryAfter"_s, u""_s},
                                {u"redirect"_s, u""_s},
                                {u"dripBytesPerSecond"_s, 0},
                                {u"announceContentLength"_s, -1},
                                {u"oversizeBodyBytes"_s, 0},
                                {u"badRows"_s, 0}}));
    QVERIFY(m_server.clearRequests());
}

void TestDevServer::announcesLoopbackAddressAndSource()
{
    QCOMPARE(m_server.baseUrl().scheme(), u"http"_s);
    QCOMPARE(m_server.baseUrl().host(), u"127.0.0.1"_s);
    QVERIFY(m_server.port() > 0);
    QCOMPARE(m_server.sourceId(), DemoDataGenerator::Options{}.integrationSourceId);
}

void TestDevServer::listsEveryRowInOrder()
{
    const QJsonArray rows = list();
    QCOMPARE(rows.size(), RowCount);
    for (int i = 0; i < RowCount; ++i) {
        const QJsonObject row = rows.at(i).toObject();
        QCOMPARE(QUuid::fromString(row.value(u"id"_s).toString()), m_ids.at(i));
        QCOMPARE(row.value(u"integration_source_id"_s).toString(), idText(m_server.sourceId()));
        for (const QString& member :
             {u"from_column_id"_s, u"to_table_id"_s, u"to_column_name"_s, u"created_at"_s,
              u"updated_at"_s, u"type"_s, u"status"_s, u"score"_s, u"evidence"_s}) {
            QVERIFY2(row.contains(member), qPrintable(member));
        }
    }
    const QJsonArray log = m_server.requests();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.at(0)[u"status"_s].toInt(), 200);
}

void TestDevServer::listIsStreamedInChunks()
{
    // Large enough for several chunks; the body must still be one valid array.
    DevServerProcess large;
    DevServerProcess::Options options;
    options.generate = 5000;
    options.seed = Seed;
    QVERIFY2(large.start(options), qPrintable(large.errorString()));
    const DevServerProcess::HttpResult result = large.request(
        "GET", u"/api/integration-sources/"_s + idText(large.sourceId()) + u"/relationships"_s);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("Transfer-Encoding"), QByteArray("chunked"));
    QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
    QVERIFY(result.header("Content-Encoding").isEmpty()); // never compressed, like FastAPI
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(result.body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.array().size(), 5000);
    QSet<QString> ids;
    for (const QJsonValue& row : document.array())
        ids.insert(row[u"id"_s].toString());
    QCOMPARE(ids.size(), 5000);
}

void TestDevServer::listFiltersByStatusAndType_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("value");
    for (const QString& status : {u"SUGGESTED"_s, u"APPROVED"_s, u"REJECTED"_s})
        QTest::addRow("status=%s", qPrintable(status)) << u"status"_s << status;
    for (const QString& type : {u"FOREIGN_KEY"_s, u"INFERRED"_s, u"MANUAL"_s})
        QTest::addRow("type=%s", qPrintable(type)) << u"type"_s << type;
}

void TestDevServer::listFiltersByStatusAndType()
{
    QFETCH(QString, member);
    QFETCH(QString, value);
    QStringList expected;
    for (const QJsonValue& row : list()) {
        if (row[member].toString() == value)
            expected.append(row[u"id"_s].toString());
    }
    QStringList filtered;
    for (const QJsonValue& row : list(member + u'=' + value))
        filtered.append(row[u"id"_s].toString());
    QCOMPARE(filtered, expected);
    QVERIFY(!filtered.isEmpty()); // the generated set has every status and type

    // With the other filter too: the intersection.
    const QString other = member == u"status" ? u"type=INFERRED"_s : u"status=SUGGESTED"_s;
    const QString otherMember = other.section(u'=', 0, 0);
    const QString otherValue = other.section(u'=', 1);
    QStringList both;
    for (const QJsonValue& row : list(member + u'=' + value + u'&' + other))
        both.append(row[u"id"_s].toString());
    QStringList expectedBoth;
    for (const QJsonValue& row : list()) {
        if (row[member].toString() == value && row[otherMember].toString() == otherValue)
            expectedBoth.append(row[u"id"_s].toString());
    }
    QCOMPARE(both, expectedBoth);
}

void TestDevServer::listRejectsUnknownFilterValues()
{
    DevServerProcess::HttpResult result = m_server.request("GET", listPath(u"status=approved"_s));
    QCOMPARE(result.status, 422);
    QJsonObject error = firstValidationError(result);
    QCOMPARE(error[u"loc"_s].toArray(), loc({u"query"_s, u"status"_s}));
    QCOMPARE(error[u"msg"_s].toString(), EnumMessage);
    QCOMPARE(error[u"type"_s].toString(), u"type_error.enum"_s);

    result = m_server.request("GET", listPath(u"type=GUESSED"_s));
    QCOMPARE(result.status, 422);
    error = firstValidationError(result);
    QCOMPARE(error[u"loc"_s].toArray(), loc({u"query"_s, u"type"_s}));
    QCOMPARE(error[u"msg"_s].toString(),
             u"value is not a valid enumeration member; permitted: 'FOREIGN_KEY', 'INFERRED', "
             "'MANUAL'"_s);
}

void TestDevServer::unknownSourceIsNotFound()
{
    DevServerProcess::HttpResult result = m_server.request(
        "GET", u"/api/integration-sources/"_s + idText(QUuid::createUuid()) + u"/relationships"_s);
    QCOMPARE(result.status, 404);
    QVERIFY(!result.json()[u"detail"_s].toString().isEmpty());

    result = m_server.request("GET", u"/api/integration-sources/not-a-uuid/relationships"_s);
    QCOMPARE(result.status, 422);
    QCOMPARE(firstValidationError(result)[u"loc"_s].toArray(),
             loc({u"path"_s, u"integration_source_id"_s}));
    QCOMPARE(firstValidationError(result)[u"type"_s].toString(), u"type_error.uuid"_s);

    result = m_server.request("GET", u"/api/integration-sources/"_s + idText(QUuid::createUuid()) +
                                         u"/columns?active_only=true"_s);
    QCOMPARE(result.status, 404);
}

void TestDevServer::columnsCarryTableNames()
{
    DevServerProcess::HttpResult result = m_server.request("GET", columnsPath());
    QCOMPARE(result.status, 200);
    const QJsonArray columns = result.json().array();
    QVERIFY(!columns.isEmpty());
    QSet<QString> columnIds;
    for (const QJsonValue& value : columns) {
        const QJsonObject column = value.toObject();
        QVERIFY(!QUuid::fromString(column[u"id"_s].toString()).isNull());
        QVERIFY(!QUuid::fromString(column[u"table_id"_s].toString()).isNull());
        QVERIFY(!column[u"name"_s].toString().isEmpty());
        QVERIFY(!column[u"table_name"_s].toString().isEmpty());
        columnIds.insert(column[u"id"_s].toString());
    }
    // The catalog names the columns the relationships start from.
    for (const QJsonValue& row : list())
        QVERIFY(columnIds.contains(row[u"from_column_id"_s].toString()));

    result = m_server.request("GET", columnsPath(u"active_only=maybe"_s));
    QCOMPARE(result.status, 422);
    QCOMPARE(firstValidationError(result)[u"loc"_s].toArray(), loc({u"query"_s, u"active_only"_s}));
}

void TestDevServer::scopeParametersAreValidated_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("endpoint"); // "list", "columns", "put", "bulk"
    QTest::addColumn<QString>("parameter");
    const QStringList names{
        u"organization_id"_s, u"resource_id"_s,       u"source_id"_s, u"integration_source_id"_s,
        u"data_source_id"_s,  u"context_source_id"_s, u"job_id"_s};
    for (const QString& name : names) {
        // The list takes the integration source in its path, the columns its source_id: those
        // names are not query parameters there.
        if (name != u"integration_source_id")
            QTest::addRow("list %s", qPrintable(name)) << QByteArray("GET") << u"list"_s << name;
        if (name != u"source_id")
            QTest::addRow("columns %s", qPrintable(name))
                << QByteArray("GET") << u"columns"_s << name;
        QTest::addRow("put %s", qPrintable(name)) << QByteArray("PUT") << u"put"_s << name;
        QTest::addRow("bulk %s", qPrintable(name)) << QByteArray("POST") << u"bulk"_s << name;
    }
}

void TestDevServer::scopeParametersAreValidated()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, endpoint);
    QFETCH(QString, parameter);
    const auto path = [&](const QString& value) -> QString {
        const QString query = parameter + u'=' + value;
        if (endpoint == u"list")
            return listPath(query);
        if (endpoint == u"columns")
            return columnsPath(u"active_only=true&"_s + query);
        if (endpoint == u"put")
            return putPath(m_ids.at(7)) + u'?' + query;
        return BulkPath + u'?' + query;
    };
    const QByteArray body = endpoint == u"put"    ? statusBody(u"APPROVED"_s)
                            : endpoint == u"bulk" ? bulkBody({m_ids.at(7)}, u"APPROVED"_s)
                                                  : QByteArray();

    DevServerProcess::HttpResult result = m_server.request(verb, path(u"12345"_s), body);
    QCOMPARE(result.status, 422);
    QCOMPARE(firstValidationError(result)[u"loc"_s].toArray(), loc({u"query"_s, parameter}));
    QCOMPARE(firstValidationError(result)[u"msg"_s].toString(), u"value is not a valid uuid"_s);

    const QString valid = idText(QUuid::createUuid());
    result = m_server.request(verb, path(valid), body);
    QCOMPARE(result.status, 200);
    const QJsonArray log = m_server.requests();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(1)[u"query"_s][parameter].toString(), valid);
}

void TestDevServer::putChangesStatusAndAnswersWholeObject()
{
    const QUuid id = m_ids.at(3);
    QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    const QJsonObject before = m_server.relationship(id);
    QCOMPARE(before[u"status"_s].toString(), u"SUGGESTED"_s);

    const DevServerProcess::HttpResult result = put(id, statusBody(u"APPROVED"_s));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
    const QJsonObject answer = result.json().object();
    QCOMPARE(answer[u"status"_s].toString(), u"APPROVED"_s);
    QVERIFY(updatedAtMs(answer) > updatedAtMs(before));
    // Everything but status and updated_at is as it was.
    QJsonObject expected = before;
    expected[u"status"_s] = u"APPROVED"_s;
    expected[u"updated_at"_s] = answer[u"updated_at"_s];
    QCOMPARE(answer, expected);
    QCOMPARE(m_server.relationship(id), answer);
}

void TestDevServer::putStampsStrictlyIncreasingUpdatedAt()
{
    // Back-to-back changes land within one millisecond on loopback; updated_at must still grow.
    const QUuid id = m_ids.at(4);
    qint64 previous = updatedAtMs(m_server.relationship(id));
    QVERIFY(previous > 0);
    for (int i = 0; i < 30; ++i) {
        const DevServerProcess::HttpResult result =
            put(id, statusBody(i % 2 ? u"APPROVED"_s : u"REJECTED"_s));
        QCOMPARE(result.status, 200);
        const qint64 stamped = updatedAtMs(result.json().object());
        QVERIFY2(stamped > previous, qPrintable(result.json()[u"updated_at"_s].toString()));
        previous = stamped;
    }
    // Bulk calls and server-side changes stamp too.
    QCOMPARE(m_server.request("POST", BulkPath, bulkBody({id}, u"SUGGESTED"_s)).status, 200);
    qint64 stamped = updatedAtMs(m_server.relationship(id));
    QVERIFY(stamped > previous);
    previous = stamped;
    QVERIFY(m_server.setServerStatus(id, u"APPROVED"_s));
    QVERIFY(updatedAtMs(m_server.relationship(id)) > previous);
}

void TestDevServer::putReplacesScoreAndEvidenceOnlyWhenSent()
{
    const QUuid id = m_ids.at(5);
    const QJsonObject before = m_server.relationship(id);

    DevServerProcess::HttpResult result =
        put(id, json({{u"score"_s, 0.25}, {u"evidence"_s, QJsonObject{{u"note"_s, u"edited"_s}}}}));
    QCOMPARE(result.status, 200);
    QJsonObject answer = result.json().object();
    QCOMPARE(answer[u"score"_s].toDouble(), 0.25);
    QCOMPARE(answer[u"evidence"_s].toObject(), (QJsonObject{{u"note"_s, u"edited"_s}}));
    QCOMPARE(answer[u"status"_s], before[u"status"_s]); // absent: left as it was

    result = put(id, json({{u"score"_s, QJsonValue::Null}}));
    QCOMPARE(result.status, 200);
    answer = result.json().object();
    QVERIFY(answer[u"score"_s].isNull());
    QCOMPARE(answer[u"evidence"_s].toObject(), (QJsonObject{{u"note"_s, u"edited"_s}}));
}

void TestDevServer::putValidationErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonArray>("location");
    QTest::addColumn<QString>("type");

    // An empty path means the PUT of the test's own row.
    QTest::newRow("unknown status") << QString() << statusBody(u"DONE"_s)
                                    << loc({u"body"_s, u"status"_s}) << u"type_error.enum"_s;
    QTest::newRow("lower-case status") << QString() << statusBody(u"approved"_s)
                                       << loc({u"body"_s, u"status"_s}) << u"type_error.enum"_s;
    QTest::newRow("status not a string") << QString() << QByteArray(R"({"status":1})")
                                         << loc({u"body"_s, u"status"_s}) << u"type_error.enum"_s;
    QTest::newRow("score not a number") << QString() << QByteArray(R"({"score":"high"})")
                                        << loc({u"body"_s, u"score"_s}) << u"type_error.float"_s;
    QTest::newRow("evidence not an object")
        << QString() << QByteArray(R"({"evidence":[1]})") << loc({u"body"_s, u"evidence"_s})
        << u"type_error.dict"_s;
    QTest::newRow("body not an object")
        << QString() << QByteArray("[]") << loc({u"body"_s}) << u"type_error.dict"_s;
    QTest::newRow("no body") << QString() << QByteArray() << loc({u"body"_s})
                             << u"value_error.missing"_s;
    QTest::newRow("bad relationship id")
        << u"/api/integration-sources/relationships/3c90c3cc-zzzz"_s << statusBody(u"APPROVED"_s)
        << loc({u"path"_s, u"relationship_id"_s}) << u"type_error.uuid"_s;
}

void TestDevServer::putValidationErrors()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QJsonArray, location);
    QFETCH(QString, type);
    const QUuid id = m_ids.at(6);
    const QJsonObject before = m_server.relationship(id);

    const DevServerProcess::HttpResult result =
        m_server.request("PUT", path.isEmpty() ? putPath(id) : path, body);
    QCOMPARE(result.status, 422);
    const QJsonObject error = firstValidationError(result);
    QCOMPARE(error[u"loc"_s].toArray(), location);
    QCOMPARE(error[u"type"_s].toString(), type);
    QVERIFY(!error[u"msg"_s].toString().isEmpty());
    if (type == u"type_error.enum")
        QCOMPARE(error[u"msg"_s].toString(), EnumMessage);
    QCOMPARE(m_server.relationship(id), before); // nothing changed
}

void TestDevServer::putUnknownRelationshipIsNotFound()
{
    const DevServerProcess::HttpResult result = put(QUuid::createUuid(), statusBody(u"APPROVED"_s));
    QCOMPARE(result.status, 404);
    QCOMPARE(result.json().object(), (QJsonObject{{u"detail"_s, u"Relationship not found"_s}}));

    // Malformed JSON is a 422 that says where.
    const DevServerProcess::HttpResult broken = put(m_ids.at(0), QByteArray(R"({"status": )"));
    QCOMPARE(broken.status, 422);
    const QJsonObject error = firstValidationError(broken);
    QCOMPARE(error[u"loc"_s][0].toString(), u"body"_s);
    QCOMPARE(error[u"type"_s].toString(), u"value_error.jsondecode"_s);
}

void TestDevServer::putKeepsUnknownMembers()
{
    const QUuid source = QUuid::createUuid();
    const QUuid id = QUuid::createUuid();
    const QJsonObject record{
        {u"id"_s, idText(id)},
        {u"integration_source_id"_s, idText(source)},
        {u"from_column_id"_s, idText(QUuid::createUuid())},
        {u"to_table_id"_s, idText(QUuid::createUuid())},
        {u"to_column_name"_s, u"customer_id"_s},
        {u"created_at"_s, u"2024-01-02T03:04:05Z"_s},
        {u"updated_at"_s, u"2024-01-02T03:04:05Z"_s},
        {u"type"_s, u"INFERRED"_s},
        {u"status"_s, u"SUGGESTED"_s},
        {u"score"_s, 0.8},
        {u"evidence"_s, QJsonObject{{u"name_similarity"_s, 0.9}}},
        {u"review_note"_s, QJsonObject{{u"by"_s, u"pipeline-v2"_s}, {u"tags"_s, QJsonArray{1, 2}}}},
    };
    QTemporaryDir dir;
    const QString file = TestData::writeFile(dir, u"unknown-members.json"_s,
                                             QJsonDocument(QJsonArray{record}).toJson());
    QVERIFY(!file.isEmpty());

    DevServerProcess server;
    DevServerProcess::Options options;
    options.dataFile = file;
    QVERIFY2(server.start(options), qPrintable(server.errorString()));
    QCOMPARE(server.sourceId(), source); // a bare list is served under its rows' source

    const DevServerProcess::HttpResult result =
        server.request("PUT", putPath(id), statusBody(u"REJECTED"_s));
    QCOMPARE(result.status, 200);
    const QJsonObject answer = result.json().object();
    QCOMPARE(answer[u"status"_s].toString(), u"REJECTED"_s);
    QCOMPARE(answer[u"review_note"_s], record[u"review_note"_s]);
    QCOMPARE(answer[u"evidence"_s], record[u"evidence"_s]);
    QCOMPARE(answer[u"created_at"_s], record[u"created_at"_s]);
}

void TestDevServer::servesSnapshotWithItsCatalog()
{
    QTemporaryDir dir;
    const QString file = TestData::writeDemoSnapshot(dir, 40, Seed);
    QVERIFY(!file.isEmpty());
    DevServerProcess server;
    DevServerProcess::Options options;
    options.dataFile = file;
    QVERIFY2(server.start(options), qPrintable(server.errorString()));
    QCOMPARE(server.sourceId(), DemoDataGenerator::Options{}.integrationSourceId);

    const QList<QUuid> ids = server.relationshipIds();
    QCOMPARE(ids, m_ids.mid(0, 40)); // the same generator, seed and order as the list
    const QJsonArray columns =
        QJsonDocument::fromJson(server.apiGet(u"/api/integration-sources/"_s +
                                              idText(server.sourceId()) +
                                              u"/columns?active_only=true"_s))
            .array();
    QVERIFY(!columns.isEmpty());
    QVERIFY(!columns.at(0)[u"table_name"_s].toString().isEmpty());
}

void TestDevServer::bulkChangesNamedRowsAndListsMissing()
{
    const QUuid first = m_ids.at(10);
    const QUuid second = m_ids.at(11);
    const QUuid missing = QUuid::createUuid();
    QVERIFY(m_server.setServerStatus(first, u"SUGGESTED"_s));
    QVERIFY(m_server.setServerStatus(second, u"APPROVED"_s));
    const QJsonObject statsBefore = m_server.stats();

    const DevServerProcess::HttpResult result = m_server.request(
        "POST", BulkPath, bulkBody({first, second, missing, first}, u"REJECTED"_s));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json().object(),
             (QJsonObject{{u"updated"_s, 2}, {u"not_found"_s, QJsonArray{idText(missing)}}}));
    QCOMPARE(m_server.relationship(first)[u"status"_s].toString(), u"REJECTED"_s);
    QCOMPARE(m_server.relationship(second)[u"status"_s].toString(), u"REJECTED"_s);

    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats[u"bulk_calls"_s].toInteger(), statsBefore[u"bulk_calls"_s].toInteger() + 1);
    QCOMPARE(stats[u"bulk_ids"_s].toInteger(), statsBefore[u"bulk_ids"_s].toInteger() + 4);
}

void TestDevServer::bulkValidationErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonArray>("location");
    QTest::addColumn<QString>("type");
    const QString id = idText(QUuid::createUuid());
    QTest::newRow("empty list") << QByteArray(R"({"relationship_ids":[],"status":"APPROVED"})")
                                << loc({u"body"_s, u"relationship_ids"_s})
                                << u"value_error.list.min_items"_s;
    QTest::newRow("no ids") << QByteArray(R"({"status":"APPROVED"})")
                            << loc({u"body"_s, u"relationship_ids"_s}) << u"value_error.missing"_s;
    QTest::newRow("ids not a list")
        << (R"({"relationship_ids":")" + id.toLatin1() + R"(","status":"APPROVED"})")
        << loc({u"body"_s, u"relationship_ids"_s}) << u"type_error.list"_s;
    QTest::newRow("bad id") << (R"({"relationship_ids":[")" + id.toLatin1() +
                                R"(","nope"],"status":"APPROVED"})")
                            << loc({u"body"_s, u"relationship_ids"_s, 1}) << u"type_error.uuid"_s;
    QTest::newRow("bad status") << (R"({"relationship_ids":[")" + id.toLatin1() +
                                    R"("],"status":"OK"})")
                                << loc({u"body"_s, u"status"_s}) << u"type_error.enum"_s;
    QTest::newRow("no status") << (R"({"relationship_ids":[")" + id.toLatin1() + R"("]})")
                               << loc({u"body"_s, u"status"_s}) << u"value_error.missing"_s;
}

void TestDevServer::bulkValidationErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QJsonArray, location);
    QFETCH(QString, type);
    const qint64 callsBefore = m_server.stats()[u"bulk_calls"_s].toInteger();
    const DevServerProcess::HttpResult result = m_server.request("POST", BulkPath, body);
    QCOMPARE(result.status, 422);
    const QJsonObject error = firstValidationError(result);
    QCOMPARE(error[u"loc"_s].toArray(), location);
    QCOMPARE(error[u"type"_s].toString(), type);
    QCOMPARE(m_server.stats()[u"bulk_calls"_s].toInteger(), callsBefore);
}

void TestDevServer::bulkLimitsAndAbsence()
{
    const QUuid id = m_ids.at(12);
    QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    QVERIFY(m_server.configure({{u"max_bulk"_s, 2}}));
    DevServerProcess::HttpResult result = m_server.request(
        "POST", BulkPath, bulkBody({id, m_ids.at(13), m_ids.at(14)}, u"APPROVED"_s));
    QCOMPARE(result.status, 413);
    QVERIFY(result.json()[u"detail"_s].isString());
    QCOMPARE(m_server.relationship(id)[u"status"_s].toString(), u"SUGGESTED"_s);
    result = m_server.request("POST", BulkPath, bulkBody({id, m_ids.at(13)}, u"APPROVED"_s));
    QCOMPARE(result.status, 200);

    QVERIFY(m_server.configure({{u"no_bulk"_s, true}, {u"max_bulk"_s, 0}}));
    result = m_server.request("POST", BulkPath, bulkBody({id}, u"REJECTED"_s));
    QCOMPARE(result.status, 404);
    QCOMPARE(result.json().object(), (QJsonObject{{u"detail"_s, u"Not Found"_s}}));
    QCOMPARE(m_server.relationship(id)[u"status"_s].toString(), u"APPROVED"_s);
}

void TestDevServer::authentication_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("endpoint");
    QTest::newRow("list") << QByteArray("GET") << u"list"_s;
    QTest::newRow("columns") << QByteArray("GET") << u"columns"_s;
    QTest::newRow("put") << QByteArray("PUT") << u"put"_s;
    QTest::newRow("bulk") << QByteArray("POST") << u"bulk"_s;
}

void TestDevServer::authentication()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, endpoint);
    const QUuid id = m_ids.at(20);
    const QString path = endpoint == u"list"      ? listPath()
                         : endpoint == u"columns" ? columnsPath()
                         : endpoint == u"put"     ? putPath(id)
                                                  : BulkPath;
    const QByteArray body = endpoint == u"put"    ? statusBody(u"REJECTED"_s)
                            : endpoint == u"bulk" ? bulkBody({id}, u"REJECTED"_s)
                                                  : QByteArray();
    QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    const QList<QNetworkReply::RawHeaderPair> json{{"Content-Type", "application/json"}};

    DevServerProcess::HttpResult result =
        m_server.request(verb, path, body, DevServerProcess::Auth::None);
    QCOMPARE(result.status, 403);
    QCOMPARE(result.json().object(), (QJsonObject{{u"detail"_s, u"Not authenticated"_s}}));

    result = m_server.request(verb, path, body, DevServerProcess::Auth::WrongToken);
    QCOMPARE(result.status, 401);
    QCOMPARE(result.json().object(), (QJsonObject{{u"detail"_s, u"Invalid token"_s}}));
    QCOMPARE(result.header("WWW-Authenticate"), QByteArray("Bearer"));

    result = m_server.requestWithHeaders(
        verb, path, body,
        json + QList<QNetworkReply::RawHeaderPair>{{"Authorization", "Basic dXNlcg=="}});
    QCOMPARE(result.status, 403);

    // None of them changed anything; the token itself then works.
    QCOMPARE(m_server.relationship(id)[u"status"_s].toString(), u"SUGGESTED"_s);
    result = m_server.request(verb, path, body);
    QCOMPARE(result.status, 200);
}

void TestDevServer::tokenRotationRejectsTheOldToken()
{
    const QByteArray oldToken = m_server.token().toUtf8();
    QVERIFY(m_server.configure({{u"token"_s, u"rotated-token-2"_s}}));
    QCOMPARE(m_server.token(), u"rotated-token-2"_s);

    DevServerProcess::HttpResult result = m_server.requestWithHeaders(
        "GET", columnsPath(), {}, {{"Authorization", "Bearer " + oldToken}});
    QCOMPARE(result.status, 401);
    result = m_server.request("GET", columnsPath());
    QCOMPARE(result.status, 200);

    // The configuration answer never echoes a token.
    const DevServerProcess::HttpResult config =
        m_server.request("GET", u"/_dev/config"_s, {}, DevServerProcess::Auth::None);
    QCOMPARE(config.status, 200);
    QVERIFY(!config.body.contains("rotated-token-2"));
    QCOMPARE(config.json()[u"token_set"_s].toBool(), true);
}

void TestDevServer::unknownRoutesAndMethods()
{
    DevServerProcess::HttpResult result = m_server.request(
        "GET", u"/api/integration-sources/"_s + idText(m_server.sourceId()) + u"/tables"_s);
    QCOMPARE(result.status, 404);
    QCOMPARE(result.json().object(), (QJsonObject{{u"detail"_s, u"Not Found"_s}}));

    result = m_server.request("DELETE", putPath(m_ids.at(0)));
    QCOMPARE(result.status, 405);
    result = m_server.request("GET", BulkPath);
    QCOMPARE(result.status, 405);
    QCOMPARE(m_server.request("GET", u"/_dev/nothing"_s, {}, DevServerProcess::Auth::None).status,
             404);
}

void TestDevServer::requestLogRecordsExchangesWithoutTheToken()
{
    const QUuid id = m_ids.at(30);
    const QString organization = idText(QUuid::createUuid());
    const QByteArray body = statusBody(u"APPROVED"_s);
    QCOMPARE(
        m_server.request("PUT", putPath(id) + u"?organization_id="_s + organization, body).status,
        200);
    QCOMPARE(m_server.request("GET", columnsPath(), {}, DevServerProcess::Auth::WrongToken).status,
             401);
    QCOMPARE(m_server.request("GET", columnsPath(), {}, DevServerProcess::Auth::None).status, 403);

    const DevServerProcess::HttpResult raw =
        m_server.request("GET", u"/_dev/requests"_s, {}, DevServerProcess::Auth::None);
    QVERIFY(!raw.body.contains(m_server.token().toUtf8()));
    const QJsonArray log = raw.json().array();
    QCOMPARE(log.size(), 3);

    const QJsonObject putEntry = log.at(0).toObject();
    QCOMPARE(putEntry[u"method"_s].toString(), u"PUT"_s);
    QCOMPARE(putEntry[u"path"_s].toString(), putPath(id));
    QCOMPARE(putEntry[u"query"_s].toObject(), (QJsonObject{{u"organization_id"_s, organization}}));
    QCOMPARE(putEntry[u"body"_s].toString(), QString::fromUtf8(body));
    QCOMPARE(putEntry[u"status"_s].toInt(), 200);
    const QJsonObject headers = putEntry[u"headers"_s].toObject();
    QCOMPARE(headers[u"authorization"_s].toString(), u"Bearer <valid>"_s);
    QCOMPARE(headers[u"content-type"_s].toString(), u"application/json"_s);
    for (const QString& name : headers.keys())
        QCOMPARE(name, name.toLower());

    QCOMPARE(log.at(1)[u"headers"_s][u"authorization"_s].toString(), u"Bearer <invalid>"_s);
    QCOMPARE(log.at(1)[u"status"_s].toInt(), 401);
    QVERIFY(!log.at(2)[u"headers"_s].toObject().contains(u"authorization"_s));
    QCOMPARE(log.at(2)[u"status"_s].toInt(), 403);

    QVERIFY(m_server.clearRequests());
    QCOMPARE(m_server.requests().size(), 0);
}

void TestDevServer::serverSideChangeActsLikeAnotherReviewer()
{
    const QUuid id = m_ids.at(40);
    QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    const QJsonObject before = m_server.relationship(id);
    QVERIFY(m_server.setServerStatus(id, u"REJECTED"_s));
    const QJsonObject after = m_server.relationship(id);
    QCOMPARE(after[u"status"_s].toString(), u"REJECTED"_s);
    QVERIFY(updatedAtMs(after) > updatedAtMs(before));
    // Not an API request: the log of what the client sent stays empty.
    QCOMPARE(m_server.requests().size(), 0);

    QVERIFY(!m_server.setServerStatus(id, u"MAYBE"_s));
    QVERIFY(!m_server.setServerStatus(QUuid::createUuid(), u"APPROVED"_s));
    QVERIFY(m_server.relationship(QUuid::createUuid()).isEmpty());
}

void TestDevServer::statsCountCallsAndStatuses()
{
    const QUuid id = m_ids.at(50);
    QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    const QJsonObject before = m_server.stats();
    QCOMPARE(put(id, statusBody(u"APPROVED"_s)).status, 200);
    QCOMPARE(m_server.apiGet(listPath(u"status=APPROVED"_s)).isEmpty(), false);
    const QJsonObject after = m_server.stats();

    QCOMPARE(after[u"puts"_s].toInteger(), before[u"puts"_s].toInteger() + 1);
    QCOMPARE(after[u"gets"_s].toInteger(), before[u"gets"_s].toInteger() + 1);
    const QJsonObject countsBefore = before[u"status_counts"_s].toObject();
    const QJsonObject counts = after[u"status_counts"_s].toObject();
    QCOMPARE(counts[u"APPROVED"_s].toInteger(), countsBefore[u"APPROVED"_s].toInteger() + 1);
    QCOMPARE(counts[u"SUGGESTED"_s].toInteger(), countsBefore[u"SUGGESTED"_s].toInteger() - 1);
    qint64 total = 0;
    for (const QJsonValue& count : counts)
        total += count.toInteger();
    QCOMPARE(total, qint64(RowCount));
    // The counts agree with the list itself.
    QCOMPARE(qint64(list(u"status=APPROVED"_s).size()), counts[u"APPROVED"_s].toInteger());
}

void TestDevServer::failRateAnswers503()
{
    QVERIFY(m_server.configure({{u"fail_rate"_s, 0.5}, {u"fault_seed"_s, 7}}));
    const QUuid id = m_ids.at(60);
    const int attempts = 200;
    int failures = 0;
    for (int i = 0; i < attempts; ++i) {
        const DevServerProcess::HttpResult result = put(id, statusBody(u"APPROVED"_s));
        if (result.status == 503) {
            ++failures;
            QCOMPARE(result.json().object(),
                     (QJsonObject{{u"detail"_s, u"Service unavailable (injected)"_s}}));
        } else {
            QCOMPARE(result.status, 200);
        }
    }
    // Binomial(200, 0.5): 100 ± 7; a fixed seed makes it exact, the bounds keep it honest.
    QVERIFY2(failures > 60 && failures < 140, qPrintable(QString::number(failures)));
    int logged = 0;
    for (const QJsonValue& entry : m_server.requests())
        logged += entry[u"fault"_s].toString() == u"failed" ? 1 : 0;
    QCOMPARE(logged, failures);
}

void TestDevServer::rateLimitEveryKthRequestWithRetryAfter()
{
    QVERIFY(m_server.configure({{u"rate_limit_every"_s, 3}, {u"retry_after"_s, 7}}));
    for (int i = 1; i <= 9; ++i) {
        const DevServerProcess::HttpResult result = m_server.request("GET", columnsPath());
        if (i % 3 == 0) {
            QCOMPARE(result.status, 429);
            QCOMPARE(result.header("Retry-After"), QByteArray("7"));
            QVERIFY(result.json()[u"detail"_s].isString());
        } else {
            QCOMPARE(result.status, 200);
        }
    }
}

void TestDevServer::droppedConnectionIsANetworkError()
{
    const QUuid id = m_ids.at(70);
    QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    QVERIFY(m_server.configure({{u"drop_rate"_s, 1.0}}));

    // Every time: a client must see each injected drop as a failure, never as an answer.
    const int attempts = 10;
    for (int i = 0; i < attempts; ++i) {
        DevServerProcess::HttpResult result = put(id, statusBody(u"APPROVED"_s));
        QCOMPARE(result.status, 0);
        QCOMPARE(result.networkError, QNetworkReply::RemoteHostClosedError);
        result = m_server.request("GET", listPath());
        QCOMPARE(result.status, 0);
        QCOMPARE(result.networkError, QNetworkReply::RemoteHostClosedError);
    }
    // Lost on the way in: nothing was applied.
    QCOMPARE(m_server.relationship(id)[u"status"_s].toString(), u"SUGGESTED"_s);

    const QJsonArray log = m_server.requests();
    QCOMPARE(log.size(), 2 * attempts);
    for (const QJsonValue& entry : log) {
        QCOMPARE(entry[u"status"_s].toInt(), 0);
        QCOMPARE(entry[u"fault"_s].toString(), u"dropped"_s);
    }

    QVERIFY(m_server.configure({{u"drop_rate"_s, 0}}));
    QCOMPARE(put(id, statusBody(u"APPROVED"_s)).status, 200);
}

void TestDevServer::droppedAfterApplyChangesTheRow()
{
    const QUuid id = m_ids.at(71);
    QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    QVERIFY(m_server.configure({{u"drop_rate"_s, 1.0}, {u"drop_after_apply"_s, true}}));
    const DevServerProcess::HttpResult result = put(id, statusBody(u"REJECTED"_s));
    QCOMPARE(result.networkError, QNetworkReply::RemoteHostClosedError);
    // The answer was lost, the change was not: what a client must confirm by re-reading.
    QCOMPARE(m_server.relationship(id)[u"status"_s].toString(), u"REJECTED"_s);
}

void TestDevServer::latencyDelaysAnswers()
{
    QVERIFY(m_server.configure({{u"latency_ms"_s, 150}}));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(m_server.request("GET", columnsPath()).status, 200);
    QVERIFY(timer.elapsed() >= 150); // a lower bound: the server waits before answering
    // Development endpoints are never delayed or faulted.
    QVERIFY(m_server.configure({{u"fail_rate"_s, 1.0}}));
    QCOMPARE(m_server.stats().isEmpty(), false);
}

void TestDevServer::latencyJitterVariesTheDelay()
{
    QVERIFY(m_server.configure({{u"latency_ms"_s, 100}, {u"latency_jitter_ms"_s, 60}}));
    QCOMPARE(m_server.configure({{u"latency_jitter_ms"_s, -1}}), false); // refused, unchanged
    const QJsonObject behaviour =
        m_server.request("POST", u"/_dev/config"_s, "{}", DevServerProcess::Auth::None)
            .json()
            .object();
    QCOMPARE(behaviour.value(u"latency_ms"_s).toInt(), 100);
    QCOMPARE(behaviour.value(u"latency_jitter_ms"_s).toInt(), 60);
    QVERIFY(m_server.clearRequests());
    constexpr int Requests = 12;
    for (int i = 0; i < Requests; ++i)
        QCOMPARE(m_server.request("GET", columnsPath()).status, 200);
    // The server's own time per answer: never below 100 - 60 ms, and not all alike (twelve
    // uniform draws from 40..160 ms lie within 20 ms of each other with a chance below 1e-8).
    double shortest = 1e9;
    double longest = 0;
    const QJsonArray requests = m_server.requests();
    QCOMPARE(requests.size(), Requests);
    for (const QJsonValue& request : requests) {
        const double ms = request.toObject().value(u"ms"_s).toDouble();
        shortest = std::min(shortest, ms);
        longest = std::max(longest, ms);
    }
    QVERIFY2(shortest >= 39.0, qPrintable(QString::number(shortest)));
    QVERIFY2(longest - shortest >= 20.0, qPrintable(u"%1 .. %2 ms"_s.arg(shortest).arg(longest)));
}

void TestDevServer::stderrLogNeverShowsTheToken()
{
    DevServerProcess server;
    DevServerProcess::Options options;
    options.generate = 20;
    options.token = u"secret-token-that-must-not-leak"_s;
    options.logRequests = true;
    QVERIFY2(server.start(options), qPrintable(server.errorString()));
    const QString columns =
        u"/api/integration-sources/"_s + idText(server.sourceId()) + u"/columns?active_only=true"_s;
    QCOMPARE(server.request("GET", columns).status, 200);
    QCOMPARE(server.request("GET", columns, {}, DevServerProcess::Auth::WrongToken).status, 401);
    server.stop();
    const QByteArray log = server.standardError();
    QVERIFY2(log.contains("GET /api/integration-sources/"), log.constData());
    QVERIFY(log.contains(" 401 "));
    QVERIFY(!log.contains("secret-token"));
}

void TestDevServer::commandLineErrorsExitNonZero()
{
    const auto run = [](const QStringList& arguments, QByteArray* errorOutput) {
        QProcess process;
        process.start(DevServerProcess::programPath(), arguments);
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return -1;
        }
        *errorOutput = process.readAllStandardError();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    };
    QByteArray errors;
    QCOMPARE(run({u"--port"_s, u"0"_s}, &errors), 2);
    QVERIFY(errors.contains("--data"));
    QCOMPARE(run({u"--generate"_s, u"5"_s, u"--fail-rate"_s, u"2"_s}, &errors), 2);
    QVERIFY(errors.contains("fail-rate"));
    QCOMPARE(run({u"--demo"_s, u"--generate"_s, u"5"_s}, &errors), 2);
    // Never reachable from the network: only loopback addresses are accepted.
    for (const QString& host : {u"192.168.1.10"_s, u"0.0.0.0"_s, u"localhost"_s, u"::"_s}) {
        QCOMPARE(run({u"--generate"_s, u"5"_s, u"--host"_s, host}, &errors), 2);
        QVERIFY2(errors.contains("--host expects a loopback IP address"), errors.constData());
        QVERIFY2(errors.contains(host.toUtf8()), errors.constData());
    }

    QTemporaryDir dir;
    const QString broken = TestData::writeFile(dir, u"broken.json"_s, QByteArray("[{\"id\": 12"));
    QCOMPARE(run({u"--data"_s, broken}, &errors), 1);
    QVERIFY2(errors.contains("broken.json"), errors.constData());
}

void TestDevServer::hostilePutAnswerLiesAboutTheStatus()
{
    const QUuid id = m_ids.at(40);
    QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    QVERIFY(m_server.configure({{u"putAnswerStatus"_s, u"REJECTED"_s}}));
    const DevServerProcess::HttpResult result = put(id, statusBody(u"APPROVED"_s));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json()[u"status"_s].toString(), u"REJECTED"_s);
    QCOMPARE(result.json()[u"id"_s].toString(), idText(id));
    // The requested change was applied all the same.
    QCOMPARE(m_server.relationship(id)[u"status"_s].toString(), u"APPROVED"_s);
}

void TestDevServer::hostileAnswersCarryAForeignSource()
{
    const QString foreign = u"0b6b1a8e-2f4e-4a53-9d7c-000000000bad"_s;
    QVERIFY(m_server.configure({{u"answerSourceId"_s, foreign}}));
    const QUuid id = m_ids.at(41);
    const DevServerProcess::HttpResult result = put(id, statusBody(u"APPROVED"_s));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json()[u"integration_source_id"_s].toString(), foreign);

    const QJsonArray rows = list();
    QCOMPARE(rows.size(), RowCount);
    for (const QJsonValue row : rows)
        QCOMPARE(row[u"integration_source_id"_s].toString(), foreign);
    // The server's own record is unchanged: only the answers lie.
    QCOMPARE(m_server.relationship(id)[u"integration_source_id"_s].toString(),
             idText(m_server.sourceId()));
}

void TestDevServer::hostileBulkNoopChangesNothing()
{
    const QList<QUuid> ids{m_ids.at(50), m_ids.at(51), m_ids.at(52)};
    for (const QUuid& id : ids)
        QVERIFY(m_server.setServerStatus(id, u"SUGGESTED"_s));
    QVERIFY(m_server.configure({{u"bulkNoop"_s, true}}));
    const DevServerProcess::HttpResult result =
        m_server.request("POST", BulkPath, bulkBody(ids, u"REJECTED"_s));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json()[u"updated"_s].toInt(), 3);
    for (const QUuid& id : ids)
        QCOMPARE(m_server.relationship(id)[u"status"_s].toString(), u"SUGGESTED"_s);
}

void TestDevServer::hostileRetryAfterIsSentRaw_data()
{
    QTest::addColumn<QString>("retryAfter");
    QTest::newRow("zero") << u"0"_s;
    QTest::newRow("date in the past") << u"Wed, 21 Oct 2015 07:28:00 GMT"_s;
    QTest::newRow("huge") << u"99999999999999999"_s;
    QTest::newRow("garbage") << u"soon"_s;
}

void TestDevServer::hostileRetryAfterIsSentRaw()
{
    QFETCH(QString, retryAfter);
    QVERIFY(m_server.configure(
        {{u"rate_limit_every"_s, 1}, {u"retry_after"_s, 7}, {u"retryAfter"_s, retryAfter}}));
    const DevServerProcess::HttpResult result = m_server.request("GET", columnsPath());
    QCOMPARE(result.status, 429);
    QCOMPARE(result.header("Retry-After"), retryAfter.toUtf8());
}

void TestDevServer::hostileRedirectLoopsOrPointsElsewhere()
{
    // A client that does not follow redirects sees the 302 and where it points.
    QNetworkAccessManager network;
    const auto fetchManually = [&](const QString& pathAndQuery) {
        QNetworkRequest request(m_server.url(pathAndQuery));
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        request.setRawHeader("Authorization", "Bearer " + m_server.token().toUtf8());
        std::unique_ptr<QNetworkReply> reply(network.get(request));
        [&] { QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000); }();
        return std::make_pair(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                              reply->rawHeader("Location"));
    };
    const QString path = listPath(u"status=APPROVED"_s);

    QVERIFY(m_server.configure({{u"redirect"_s, u"loop"_s}}));
    auto [status, location] = fetchManually(path);
    QCOMPARE(status, 302);
    QCOMPARE(QUrl(QString::fromUtf8(location)), m_server.url(path));
    // A client that follows redirects goes round until it gives up.
    QCOMPARE(m_server.request("GET", path).networkError, QNetworkReply::TooManyRedirectsError);

    QVERIFY(m_server.configure({{u"redirect"_s, u"http://127.0.0.2:9/"_s}}));
    std::tie(status, location) = fetchManually(path);
    QCOMPARE(status, 302);
    QCOMPARE(location, u"http://127.0.0.2:9"_s.toUtf8() + path.toUtf8());
    // Every API request, whatever its route; the development endpoints are left alone.
    std::tie(status, location) = fetchManually(putPath(m_ids.at(0)));
    QCOMPARE(status, 302);
    QVERIFY(m_server.stats().contains(u"rows"_s));
}

void TestDevServer::hostileDripSendsBodiesSlowly()
{
    DevServerProcess server;
    DevServerProcess::Options options;
    options.generate = 2;
    QVERIFY2(server.start(options), qPrintable(server.errorString()));
    const QString source = idText(server.sourceId());
    QNetworkAccessManager network;

    const QStringList paths{u"/api/integration-sources/"_s + source + u"/relationships"_s,
                            u"/api/integration-sources/"_s + source + u"/columns"_s};
    for (const QString& path : paths) {
        int status = 0;
        const QByteArray expected = server.apiGet(path, &status);
        QCOMPARE(status, 200);
        QVERIFY(expected.size() > 100);
        // About one and a half seconds for the whole body, in pieces of a twentieth of that rate.
        QVERIFY(server.configure({{u"dripBytesPerSecond"_s, int(expected.size() * 2 / 3)}}));

        QNetworkRequest request(server.url(path));
        request.setRawHeader("Authorization", "Bearer " + server.token().toUtf8());
        std::unique_ptr<QNetworkReply> reply(network.get(request));
        QTRY_VERIFY_WITH_TIMEOUT(reply->bytesAvailable() > 0, 30000);
        QVERIFY2(reply->bytesAvailable() < expected.size(),
                 qPrintable(u"%1 of %2 bytes at the first piece"_s.arg(reply->bytesAvailable())
                                .arg(expected.size())));
        QVERIFY(!reply->isFinished());
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 60000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), expected);
        QVERIFY(server.configure({{u"dripBytesPerSecond"_s, 0}}));
    }
}

void TestDevServer::hostileAnnouncedContentLength()
{
    // Far more than the body: the answer announces it, sends the real body, then closes.
    const qint64 huge = 1'000'000'000'000'000;
    QVERIFY(m_server.configure({{u"announceContentLength"_s, huge}}));
    DevServerProcess::HttpResult result =
        m_server.request("GET", listPath(), {}, DevServerProcess::Auth::Token, 30000);
    QCOMPARE(result.header("Content-Length"), QByteArray::number(huge));
    // Whether Qt calls the early close an error varies between runs (Qt 6.4 sometimes finishes
    // such a reply without one), so only the announcement and the real body's start are checked
    // here; tst_hostileanswers checks that the client refuses the length before downloading.
    QVERIFY(result.body.size() < huge);
    QVERIFY(result.body.isEmpty() || result.body.startsWith("[{"));

    // Less than the body: the body is cut there.
    QVERIFY(m_server.configure({{u"announceContentLength"_s, 10}}));
    result = m_server.request("GET", listPath());
    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("Content-Length"), QByteArray("10"));
    QCOMPARE(result.body.size(), 10);
    QVERIFY(result.body.startsWith("[{"));

    // Off again: the whole list, chunked as usual.
    QVERIFY(m_server.configure({{u"announceContentLength"_s, -1}}));
    QCOMPARE(list().size(), RowCount);
}

void TestDevServer::hostileAnswersArePadded()
{
    constexpr int Size = 200'000;
    QVERIFY(m_server.configure({{u"oversizeBodyBytes"_s, Size}}));
    const QUuid id = m_ids.at(60);
    DevServerProcess::HttpResult result = put(id, statusBody(u"APPROVED"_s));
    QCOMPARE(result.status, 200);
    QVERIFY(result.body.size() >= Size);
    QCOMPARE(result.json()[u"id"_s].toString(), idText(id)); // still valid JSON
    QCOMPARE(result.json()[u"status"_s].toString(), u"APPROVED"_s);

    result = m_server.request("POST", BulkPath, bulkBody({id}, u"REJECTED"_s));
    QCOMPARE(result.status, 200);
    QVERIFY(result.body.size() >= Size);
    QCOMPARE(result.json()[u"updated"_s].toInt(), 1);
    QCOMPARE(m_server.relationship(id)[u"status"_s].toString(), u"REJECTED"_s);
}

void TestDevServer::hostileBadRowsAmongTheGoodOnes()
{
    QVERIFY(m_server.configure({{u"badRows"_s, 3}}));
    const QJsonArray rows = list();
    QCOMPARE(rows.size(), RowCount + 3);
    QList<QUuid> good;
    int bad = 0;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString id = rows.at(i)[u"id"_s].toString();
        const QUuid uuid = QUuid::fromString(id);
        if (uuid.isNull()) {
            ++bad;
            QVERIFY(i > 0); // among the good rows, not before them
            QVERIFY(rows.at(i)[u"status"_s].isString());
        } else {
            good.append(uuid);
        }
    }
    QCOMPARE(bad, 3);
    QCOMPARE(good, m_ids);
}

void TestDevServer::hostileSettingsAreValidated()
{
    const QList<QJsonObject> refused{
        {{u"answerSourceId"_s, u"not-a-uuid"_s}},
        {{u"redirect"_s, u"ftp://example.org"_s}},
        {{u"redirect"_s, u"http://x/\r\nX-Forged: 1"_s}},
        {{u"retryAfter"_s, u"1\r\nX-Forged: 1"_s}},
        {{u"announceContentLength"_s, -5}},
        {{u"dripBytesPerSecond"_s, 1.5}},
        {{u"oversizeBodyBytes"_s, u"big"_s}},
        {{u"badRows"_s, -1}},
        {{u"bulkNoop"_s, 1}},
    };
    for (const QJsonObject& settings : refused) {
        const DevServerProcess::HttpResult result = m_server.request(
            "POST", u"/_dev/config"_s, json(settings), DevServerProcess::Auth::None);
        QCOMPARE(result.status, 422);
        QCOMPARE(firstValidationError(result)[u"loc"_s].toArray().at(1).toString(),
                 settings.constBegin().key());
    }
    // Nothing was changed by the refused settings.
    const QJsonObject current =
        m_server.request("GET", u"/_dev/config"_s, {}, DevServerProcess::Auth::None)
            .json()
            .object();
    QCOMPARE(current[u"redirect"_s].toString(), QString());
    QCOMPARE(current[u"announceContentLength"_s].toInteger(), -1);
    QCOMPARE(current[u"bulkNoop"_s].toBool(), false);
}

void TestDevServer::otherLoopbackHostRecordsRequestsWithoutTheToken()
{
    DevServerProcess server;
    DevServerProcess::Options options;
    options.generate = 3;
    options.host = u"127.0.0.2"_s;
    options.token = u"secret-token-for-127-0-0-2"_s;
    QVERIFY2(server.start(options), qPrintable(server.errorString()));
    QCOMPARE(server.baseUrl().host(), u"127.0.0.2"_s);

    const QString columns =
        u"/api/integration-sources/"_s + idText(server.sourceId()) + u"/columns?active_only=true"_s;
    QCOMPARE(server.request("GET", columns).status, 200);
    QCOMPARE(server.request("GET", columns, {}, DevServerProcess::Auth::None).status, 403);

    const DevServerProcess::HttpResult raw =
        server.request("GET", u"/_dev/requests"_s, {}, DevServerProcess::Auth::None);
    QVERIFY(!raw.body.contains(options.token.toUtf8()));
    const QJsonArray received = server.receivedRequests();
    QCOMPARE(received.size(), 2);
    const QJsonObject withToken = received.at(0).toObject();
    QCOMPARE(withToken[u"method"_s].toString(), u"GET"_s);
    QCOMPARE(withToken[u"target"_s].toString(), columns);
    QCOMPARE(withToken[u"hasAuthorization"_s].toBool(), true);
    QCOMPARE(
        withToken[u"authorizationSha256"_s].toString(),
        QString::fromLatin1(QCryptographicHash::hash(QByteArray("Bearer " + options.token.toUtf8()),
                                                     QCryptographicHash::Sha256)
                                .toHex()));
    const QJsonObject without = received.at(1).toObject();
    QCOMPARE(without[u"hasAuthorization"_s].toBool(), false);
    QCOMPARE(without[u"authorizationSha256"_s].toString(), QString());
}

QTEST_GUILESS_MAIN(TestDevServer)
#include "tst_devserver.moc"
