// DecisionImport::parse, the reading half of `relreview-cli decisions import`: a colleague's file
// is data. Everything is checked before anything is returned, and a refusal names where.

#include "DecisionImport.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The header as files were written before reasons and pairs were kept: still read.
const QByteArray Header = DecisionImport::csvColumns().first(12).join(u',').toUtf8() + '\n';
const QByteArray FullHeader = DecisionImport::csvColumns().join(u',').toUtf8() + '\n';
const QByteArray Id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

QByteArray csvLine(const QByteArray& origin, const QByteArray& status, const QByteArray& created,
                   const QByteArray& state, const QByteArray& lastError = {})
{
    return origin + ",1," + Id + "," + status + ",SUGGESTED," + created + "," + state + ",0," +
           lastError + ",0,0,0\n";
}

QByteArray jsonFile(const QByteArray& decisions, const QByteArray& key = "snapshot:abc")
{
    return R"({"format":"relreview-decisions","version":1,"origin":{"key":")" + key +
           R"(","kind":"snapshot"},"decisions":[)" + decisions + "]}";
}

} // namespace

class TestDecisionImport : public QObject
{
    Q_OBJECT

private slots:
    void readsJson();
    void readsCsvWithQuotedFields();
    void readsReasonsAndPairs();
    void refusesWithWhere_data();
    void refusesWithWhere();
};

void TestDecisionImport::readsJson()
{
    const DecisionImport result = DecisionImport::parse(
        jsonFile(R"({"relationship_id":")" + Id +
                 R"(","status":"APPROVED","created_ms":1795773600000,"state":"confirmed",)"
                 R"("server_updated_ms":17,"confirmed_updated_ms":18})"));
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.origin.key, u"snapshot:abc"_s);
    QCOMPARE(result.entries.size(), 1);
    const NewDecision& decision = result.entries.first().decision;
    QCOMPARE(decision.relationshipId, QUuid::fromString(QLatin1StringView(Id)));
    QCOMPARE(decision.status, u"APPROVED"_s);
    QCOMPARE(decision.createdMs, qint64(1795773600000));
    QCOMPARE(decision.state, DecisionState::Confirmed);
    QCOMPARE(decision.confirmedUpdatedMs, qint64(18));
}

void TestDecisionImport::readsCsvWithQuotedFields()
{
    const DecisionImport result = DecisionImport::parse(
        Header + csvLine("live:https://h|x", "REJECTED", "2026-11-27T10:00:00Z", "failed",
                         "\"HTTP 422: \"\"status\"\", bad\r\nline\""));
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.entries.size(), 1);
    QCOMPARE(result.origin.key, u"live:https://h|x"_s);
    QCOMPARE(result.origin.kind, DecisionOrigin::Kind::Live);
    QCOMPARE(result.entries.first().decision.lastError,
             u"HTTP 422: \"status\", bad\r\nline"_s); // kept as written
    QCOMPARE(result.entries.first().decision.state, DecisionState::Failed);
}

void TestDecisionImport::refusesWithWhere_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << QByteArray("{\"format\": ") << u"offset 11: "_s;
    QTest::newRow("wrong format") << QByteArray("{}")
                                  << u"member \"format\": expected \"relreview-decisions\""_s;
    QTest::newRow("no origin key")
        << jsonFile({}, "elsewhere") << u"member \"origin\": no usable \"key\""_s;
    QTest::newRow("bad id") << jsonFile(R"({"relationship_id":"nope","status":"APPROVED"})")
                            << u"decision 0: member \"relationship_id\" is not a UUID"_s;
    QTest::newRow("bad status")
        << jsonFile(R"({"relationship_id":")" + Id + R"(","status":"approved"})")
        << u"decision 0: member \"status\" must be SUGGESTED, APPROVED or REJECTED"_s;
    QTest::newRow("no time") << jsonFile(R"({"relationship_id":")" + Id +
                                         R"(","status":"APPROVED","created_at":"later"})")
                             << u"decision 0: member \"created_at\" is not a time"_s;
    // Found by fuzz_decisionimport: converting 1e300 to qint64 was undefined behaviour.
    QTest::newRow("huge created_ms")
        << jsonFile(R"({"relationship_id":")" + Id + R"(","status":"APPROVED","created_ms":1e300})")
        << u"decision 0: member \"created_ms\" is not a time"_s;
    QTest::newRow("huge server_updated_ms")
        << jsonFile(R"({"relationship_id":")" + Id +
                    R"(","status":"APPROVED","created_ms":5,"server_updated_ms":-1.8e104})")
        << u"decision 0: member \"server_updated_ms\" is not a time"_s;
    QTest::newRow("csv header") << QByteArray("origin,decision_id\nsnapshot:abc,1\n")
                                << u"line 1: expected the header "_s;
    QTest::newRow("csv fields") << Header + "snapshot:abc,1\n"
                                << u"record 1: expected 12 fields, found 2"_s;
    QTest::newRow("csv pair") << FullHeader + "snapshot:abc,1," + Id +
                                     ",REJECTED,SUGGESTED,2026-11-27T10:00:00Z,pending,0,,0,0,0,"
                                     "not a key,not-a-uuid," +
                                     Id + ",id\n"
                              << u"record 1: fields \"from_column_id\" and \"to_table_id\""_s;
    QTest::newRow("csv state") << Header + csvLine("snapshot:abc", "APPROVED",
                                                   "2026-11-27T10:00:00Z", "flying")
                               << u"record 1: field \"state\" is not a delivery state"_s;
    QTest::newRow("csv quote") << Header + "\"snapshot:abc,1\n"
                               << u"line 3: a quoted field is not closed"_s;
    QTest::newRow("csv two origins")
        << Header + csvLine("snapshot:abc", "APPROVED", "2026-11-27T10:00:00Z", "pending") +
               csvLine("snapshot:def", "APPROVED", "2026-11-27T10:00:00Z", "pending")
        << u"field \"origin\": decisions of more than one snapshot or source"_s;
}

void TestDecisionImport::refusesWithWhere()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    const DecisionImport result = DecisionImport::parse(bytes);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.startsWith(error), qPrintable(result.error));
    QVERIFY(result.entries.isEmpty()); // nothing half-read
}

void TestDecisionImport::readsReasonsAndPairs()
{
    const QByteArray table = "7a7a7a7a-0d44-4b50-8888-8dd25736052a";
    const DecisionImport csv = DecisionImport::parse(
        FullHeader + "snapshot:abc,1," + Id +
        ",REJECTED,SUGGESTED,2026-11-27T10:00:00Z,pending,0,,0,0,0,\"wrong direction: child, "
        "parent\"," +
        Id + "," + table + ",cust_id\n");
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(csv.entries.size(), 1);
    const NewDecision& decision = csv.entries[0].decision;
    QCOMPARE(decision.reason.code, DecisionReason::Code::WrongDirection);
    QCOMPARE(decision.reason.text, u"child, parent"_s);
    QCOMPARE(decision.pair.fromColumnId, QUuid::fromString(QString::fromLatin1(Id)));
    QCOMPARE(decision.pair.toTableId, QUuid::fromString(QString::fromLatin1(table)));
    QCOMPARE(decision.pair.toColumnName, u"cust_id"_s);

    const DecisionImport json = DecisionImport::parse(
        jsonFile(R"({"relationship_id":")" + Id +
                 R"(","status":"APPROVED","created_ms":5,"reason":"checked with Ana"})"));
    QVERIFY2(json.ok, qPrintable(json.error));
    QCOMPARE(json.entries[0].decision.reason.code, DecisionReason::Code::Other);
    QCOMPARE(json.entries[0].decision.reason.text, u"checked with Ana"_s);
    QVERIFY(json.entries[0].decision.pair.isNull());
    // An older file: no reason, no pair.
    const DecisionImport legacy = DecisionImport::parse(
        Header + csvLine("snapshot:abc", "APPROVED", "2026-11-27T10:00:00Z", "pending"));
    QVERIFY2(legacy.ok, qPrintable(legacy.error));
    QVERIFY(legacy.entries[0].decision.reason.isEmpty());
    QVERIFY(legacy.entries[0].decision.pair.isNull());
}

QTEST_GUILESS_MAIN(TestDecisionImport)
#include "tst_decisionimport.moc"
