#include "ChunkedInput.h"
#include "DemoDataGenerator.h"
#include "RelationshipParser.h"

#include <QBuffer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

// RelationshipParser::parseStream(): the parse of a document while it arrives, fed in chunks of
// random sizes, against the parse of the same bytes from a file.
class TestChunkedParse : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesFileParse_data();
    void matchesFileParse();
    void snapshotEnvelopeInChunks();
    void errorsMatchFileParse_data();
    void errorsMatchFileParse();
    void truncatedStreamNamesTheOffset();
    void abortedTransferGivesNoRows();
    void rowsShownBeforeTheEnd();
    void consumerFailureStopsTheInput();
    void capacityRefusesMore();
    void pausedProducerResumesWhenTheParseWaits();

private:
    RelationshipParser::Result parseFile(const QByteArray& bytes);
    QTemporaryDir m_dir;
    QByteArray m_demoList;
};

namespace {

// Escapes, multi-byte UTF-8, surrogate pairs and numbers with exponents: every kind of token a
// chunk boundary can cut.
QByteArray trickyList()
{
    QByteArray out = "\xef\xbb\xbf [\n";
    for (int i = 0; i < 60; ++i) {
        if (i > 0)
            out += ",\n";
        const QByteArray id =
            "3c90c3cc-0d44-4b50-8888-" + QByteArray::number(i).rightJustified(12, '0');
        out +=
            R"({"id":")" + id +
            R"(","integration_source_id":"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f",)"
            R"("from_column_id":"a1b2c3d4-0000-4000-8000-000000000001",)"
            R"("to_table_id":"b2c3d4e5-0000-4000-8000-000000000002",)"
            R"("to_column_name":"c\u00e9ol \"quoted\" \\ back\/slash \ud83d\ude00 ✓ naïve",)"
            R"("created_at":"2023-11-07T05:31:56Z","updated_at":"2023-11-08T06:00:00.250Z",)"
            R"("type":"INFERRED","status":"SUGGESTED","score":)" +
            QByteArray::number(i % 10) +
            R"(.5e-1,)"
            R"("evidence":{"text":"line\nbreak\ttab \u0041","n":[1e5,-2.25E+3,0,true,false,null],)"
            R"("deep":{"a":[{"b":"ü"}]}},"x_extra":{"kept":"yes \"really\""}})";
    }
    return out + "\n]\n";
}

struct Feeder
{
    // Appends `bytes` in random chunk sizes up to `maxChunk` (1 makes every byte a chunk), on a
    // thread of its own, then finishes (or aborts after `abortAfter` bytes, when >= 0).
    static std::thread start(ChunkedInput& input, QByteArray bytes, quint64 seed, int maxChunk,
                             qsizetype stopAfter = -1, bool abort = false)
    {
        return std::thread([&input, bytes = std::move(bytes), seed, maxChunk, stopAfter, abort] {
            QRandomGenerator random(seed);
            const qsizetype end = stopAfter >= 0 ? stopAfter : bytes.size();
            qsizetype at = 0;
            while (at < end) {
                const qsizetype piece = std::min<qsizetype>(end - at, 1 + random.bounded(maxChunk));
                if (!input.append(QByteArrayView(bytes.constData() + at, piece)))
                    return;
                at += piece;
                if (random.bounded(8) == 0)
                    std::this_thread::yield();
            }
            if (abort)
                input.abort();
            else
                input.finish();
        });
    }
};

RelationshipParser::Result parseInChunks(const QByteArray& bytes, quint64 seed, int maxChunk,
                                         const RelationshipParser::Options& options = {},
                                         qsizetype stopAfter = -1, bool abort = false)
{
    ChunkedInput input;
    std::thread feeder = Feeder::start(input, bytes, seed, maxChunk, stopAfter, abort);
    RelationshipParser::Result result = RelationshipParser::parseStream(input, options);
    input.abort(); // a feeder still appending stops
    feeder.join();
    return result;
}

void compareDocuments(const RelationshipParser::Result& streamed,
                      const RelationshipParser::Result& file)
{
    QVERIFY2(file.ok, qPrintable(file.error.describe()));
    QVERIFY2(streamed.ok, qPrintable(streamed.error.describe()));
    QCOMPARE(streamed.document.rows.size(), file.document.rows.size());
    for (int i = 0; i < file.document.rows.size(); ++i) {
        if (!(streamed.document.rows.relationship(i) == file.document.rows.relationship(i)))
            QFAIL(qPrintable(u"row %1 differs"_s.arg(i)));
    }
    QCOMPARE(streamed.document.header.isEnvelope, file.document.header.isEnvelope);
    QCOMPARE(streamed.document.header.exportedAt, file.document.header.exportedAt);
    QCOMPARE(streamed.document.header.source.baseUrl, file.document.header.source.baseUrl);
    QCOMPARE(streamed.document.catalog.columnCount(), file.document.catalog.columnCount());
}

} // namespace

void TestChunkedParse::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DemoDataGenerator::Options options;
    options.relationshipCount = 4000;
    options.unknownMemberEvery = 7;
    QBuffer buffer(&m_demoList);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(DemoDataGenerator(options).writeList(&buffer));
}

RelationshipParser::Result TestChunkedParse::parseFile(const QByteArray& bytes)
{
    const QString path = m_dir.filePath(u"input.json"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    file.close();
    return RelationshipParser::parseFile(path);
}

void TestChunkedParse::matchesFileParse_data()
{
    QTest::addColumn<bool>("tricky");
    QTest::addColumn<int>("maxChunk");
    QTest::addColumn<quint64>("seed");
    for (const quint64 seed : {1ULL, 2ULL, 3ULL}) {
        for (const int maxChunk : {1, 7, 100, 5000, 70000}) {
            QTest::addRow("tricky, chunks up to %d, seed %llu", maxChunk, seed)
                << true << maxChunk << seed;
            if (maxChunk > 1) // a byte at a time over 3 MB is slow in a debug build
                QTest::addRow("demo, chunks up to %d, seed %llu", maxChunk, seed)
                    << false << maxChunk << seed;
        }
    }
}

void TestChunkedParse::matchesFileParse()
{
    QFETCH(bool, tricky);
    QFETCH(int, maxChunk);
    QFETCH(quint64, seed);
    const QByteArray bytes = tricky ? trickyList() : m_demoList;
    const RelationshipParser::Result file = parseFile(bytes);
    const RelationshipParser::Result streamed = parseInChunks(bytes, seed, maxChunk);
    compareDocuments(streamed, file);
    QVERIFY(file.document.rows.size() >= 60);
}

void TestChunkedParse::snapshotEnvelopeInChunks()
{
    DemoDataGenerator::Options options;
    options.relationshipCount = 500;
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(DemoDataGenerator(options).writeSnapshot(&buffer, u"https://config.example"_s));
    const RelationshipParser::Result file = parseFile(bytes);
    QVERIFY(file.document.header.isEnvelope);
    QVERIFY(file.document.catalog.columnCount() > 0);
    for (const int maxChunk : {3, 64, 4096})
        compareDocuments(parseInChunks(bytes, 11, maxChunk), file);
    // An envelope whose members follow the records, and a paged one.
    const QByteArray paged =
        "{\"total\": 60, \"items\": " + trickyList().mid(3) + ", \"next\": null}";
    compareDocuments(parseInChunks(paged, 5, 9), parseFile(paged));
}

void TestChunkedParse::errorsMatchFileParse_data()
{
    QTest::addColumn<QByteArray>("input");
    const QByteArray good = trickyList();
    const qsizetype middle = good.indexOf("\"score\":", good.size() / 2);
    QByteArray badNumber = good;
    badNumber.replace(middle + 8, 1, "1.x");
    QTest::newRow("bad number") << badNumber;
    QByteArray badEscape = good;
    badEscape.replace(good.indexOf("back\\/slash", middle), 2, "\\q");
    QTest::newRow("bad escape") << badEscape;
    QByteArray badUtf8 = good;
    badUtf8.replace(good.indexOf("naïve", middle), 1, "\xff");
    QTest::newRow("bad UTF-8") << badUtf8;
    QByteArray duplicate = good;
    duplicate.replace(good.indexOf("000000000059"), 12, "000000000002");
    QTest::newRow("duplicate id") << duplicate;
    QTest::newRow("garbage after the array") << good + "x";
    QTest::newRow("not JSON") << "<html>oops</html>"_ba;
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("whitespace only") << "   \n "_ba;
    QTest::newRow("number cut at the end") << "[1."_ba;
}

void TestChunkedParse::errorsMatchFileParse()
{
    QFETCH(QByteArray, input);
    const RelationshipParser::Result file = parseFile(input);
    QVERIFY(!file.ok);
    for (const int maxChunk : {1, 13, 1000}) {
        const RelationshipParser::Result streamed = parseInChunks(input, 7, maxChunk);
        QVERIFY(!streamed.ok);
        QVERIFY(!streamed.cancelled);
        QCOMPARE(streamed.error.message, file.error.message);
        QCOMPARE(streamed.error.byteOffset, file.error.byteOffset);
        QCOMPARE(streamed.error.recordIndex, file.error.recordIndex);
        QCOMPARE(streamed.error.member, file.error.member);
        QVERIFY(streamed.document.rows.isEmpty());
    }
}

void TestChunkedParse::truncatedStreamNamesTheOffset()
{
    const QByteArray bytes = trickyList();
    const qsizetype cut = bytes.size() * 2 / 3;
    const RelationshipParser::Result streamed = parseInChunks(bytes, 3, 500, {}, cut);
    QVERIFY(!streamed.ok);
    QVERIFY(!streamed.cancelled);
    QCOMPARE(streamed.error.byteOffset, cut);
    QVERIFY(streamed.document.rows.isEmpty());
    const QString described = streamed.error.describe(u"https://host/list"_s);
    QVERIFY2(described.contains(u"at byte offset %1"_s.arg(cut)), qPrintable(described));
    QVERIFY2(described.contains("end of input"_L1), qPrintable(described));
    QVERIFY2(described.contains("record "_L1), qPrintable(described));
}

void TestChunkedParse::abortedTransferGivesNoRows()
{
    const RelationshipParser::Result streamed =
        parseInChunks(m_demoList, 9, 3000, {}, m_demoList.size() / 2, true);
    QVERIFY(!streamed.ok);
    QVERIFY(streamed.cancelled);
    QVERIFY(streamed.document.rows.isEmpty());
}

void TestChunkedParse::rowsShownBeforeTheEnd()
{
    // The feeder stops half-way until the parse has shown rows: they must come without the rest.
    ChunkedInput input;
    std::mutex mutex;
    QList<int> previews;
    std::atomic<bool> finishedWhenFirstShown{true};
    RelationshipParser::Options options;
    options.firstRowsCount = 100;
    options.firstRows = [&](RelationshipRows rows) {
        const std::lock_guard lock(mutex);
        if (previews.isEmpty())
            finishedWhenFirstShown = input.state().finished;
        previews.append(rows.size());
    };
    const qsizetype half = m_demoList.size() / 2;
    QVERIFY(input.append(QByteArrayView(m_demoList.constData(), half)));
    RelationshipParser::Result result;
    std::thread parse([&] { result = RelationshipParser::parseStream(input, options); });
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const std::lock_guard lock(mutex);
            return !previews.isEmpty();
        }(),
        20000);
    QVERIFY(input.append(QByteArrayView(m_demoList.constData() + half, m_demoList.size() - half)));
    input.finish();
    parse.join();
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.size(), 4000);
    QVERIFY(!finishedWhenFirstShown);
    // Each preview holds at least twice the rows of the one before.
    for (int i = 1; i < previews.size(); ++i)
        QVERIFY(previews[i] >= 2 * previews[i - 1]);
    QVERIFY(previews.first() >= 1);
    QVERIFY(previews.last() <= 4000);
    // What was parsed is given back: little is still held.
    QVERIFY(input.pending() < m_demoList.size() / 4);
}

void TestChunkedParse::consumerFailureStopsTheInput()
{
    // A cancel from the progress callback ends the parse and the input: the producer's next
    // append is refused, so the transfer can stop.
    ChunkedInput input;
    RelationshipParser::Options options;
    options.progress = [](qint64, qint64) { return false; };
    QByteArray big;
    {
        DemoDataGenerator::Options generated;
        generated.relationshipCount = 20000;
        QBuffer buffer(&big);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(DemoDataGenerator(generated).writeList(&buffer));
    }
    QVERIFY(input.append(QByteArrayView(big.constData(), big.size() - 10)));
    const RelationshipParser::Result result = RelationshipParser::parseStream(input, options);
    QVERIFY(result.cancelled);
    QVERIFY(result.document.rows.isEmpty());
    QVERIFY(input.state().aborted);
    QVERIFY(!input.append("]"));
}

void TestChunkedParse::capacityRefusesMore()
{
    ChunkedInput input(1000);
    QVERIFY(input.isValid());
    QVERIFY(input.append(QByteArray(600, ' ')));
    QVERIFY(!input.append(QByteArray(600, ' ')));
    QCOMPARE(input.received(), 600);
}

void TestChunkedParse::pausedProducerResumesWhenTheParseWaits()
{
    // One record far longer than what may wait: the producer pauses, and must be let on by the
    // parse waiting for the rest of the record (else neither would move again). Then a list of
    // many records: paused, resumed as the parse catches up.
    const QByteArray huge = "{\"blob\":\"" + QByteArray(3 * 1024 * 1024, 'x') + "\"}";
    QByteArray hugeRecord = trickyList().mid(3);
    hugeRecord.insert(hugeRecord.indexOf("{\"text\"") + 1, QByteArray("\"big\":" + huge + ","));
    for (const QByteArray& bytes : {hugeRecord, m_demoList}) {
        ChunkedInput input;
        std::mutex mutex;
        std::condition_variable resumed;
        bool paused = false;
        bool fed = false;
        int pauses = 0;
        input.setResumeCallback([&] {
            const std::lock_guard lock(mutex);
            paused = false;
            resumed.notify_all();
        });
        constexpr qint64 MaxPending = 256 * 1024;
        std::thread feeder([&] {
            for (qsizetype at = 0; at < bytes.size(); at += 16 * 1024) {
                const qsizetype piece = std::min<qsizetype>(16 * 1024, bytes.size() - at);
                if (!input.append(QByteArrayView(bytes.constData() + at, piece)))
                    return;
                std::unique_lock lock(mutex);
                if (input.pauseIfFull(MaxPending)) {
                    paused = true;
                    ++pauses;
                    resumed.notify_all(); // the parse may start
                    resumed.wait(lock, [&] { return !paused; });
                }
            }
            input.finish();
            const std::lock_guard lock(mutex);
            fed = true;
            resumed.notify_all();
        });
        // The parse starts once the producer has paused (both inputs are larger than what may
        // wait): a parse keeping pace from the first byte would never let it fill up, and the
        // resume would go untested.
        {
            std::unique_lock lock(mutex);
            resumed.wait(lock, [&] { return pauses > 0 || fed; });
        }
        const RelationshipParser::Result streamed = RelationshipParser::parseStream(input, {});
        feeder.join();
        compareDocuments(streamed, parseFile(bytes));
        QVERIFY(pauses > 0);
    }
}

QTEST_GUILESS_MAIN(TestChunkedParse)
#include "tst_chunkedparse.moc"
