// Files from others are data, not instructions: a file that changes (shrinks, grows, is
// rewritten) while the parser reads it gives a clear error and no rows, never a SIGBUS; a member
// too long for the row store (4 GiB or more) is refused with a message naming the record, never
// cut short.

#include "OfflineSnapshot.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <stdexcept>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#endif

using namespace Qt::StringLiterals;

namespace {

const QByteArray SourceId = "6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_ba;

QByteArray idFor(quint64 n)
{
    return "3c90c3cc-0d44-4b50-8888-"_ba + QByteArray::number(n, 16).rightJustified(12, '0');
}

// One record; `evidence` and `extra` (raw `"name":value` members) as given.
QByteArray record(quint64 n, const QByteArray& evidence, const QByteArray& extra = {})
{
    QByteArray out = R"({"id":")" + idFor(n) + R"(","integration_source_id":")" + SourceId +
                     R"(","from_column_id":"a1b2c3d4-0000-4000-8000-)" +
                     QByteArray::number(n, 16).rightJustified(12, '0') +
                     R"(","to_table_id":"b2c3d4e5-0000-4000-8000-000000000001",)"
                     R"("to_column_name":"customer_id","created_at":"2023-11-07T05:31:56Z",)"
                     R"("updated_at":"2023-11-08T06:00:00Z","type":"INFERRED",)"
                     R"("status":"SUGGESTED","score":0.5,"evidence":)" +
                     evidence;
    if (!extra.isEmpty())
        out += ',' + extra;
    return out + '}';
}

// A list of at least `bytes` bytes, each record with a few hundred bytes of evidence.
QByteArray largeList(qsizetype bytes)
{
    const QByteArray evidence = R"({"name_similarity":0.81,"samples":[")" + QByteArray(300, 'x') +
                                R"("],"value_overlap":{"matched":930}})";
    QByteArray out = "[";
    out.reserve(bytes + 1024);
    for (quint64 n = 0; out.size() < bytes; ++n) {
        if (n > 0)
            out += ",\n";
        out += record(n, evidence);
    }
    return out + "]\n";
}

QByteArray listOf(const QList<QByteArray>& records)
{
    return '[' + records.join(',') + ']';
}

// The file dated a year back, so that any later write shows in its modification time however
// coarse the file system's clock.
bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size() &&
           file.setFileTime(QDateTime::currentDateTimeUtc().addYears(-1),
                            QFileDevice::FileModificationTime);
}

// A JSON object of exactly `size` bytes.
QByteArray objectOfSize(qsizetype size)
{
    const QByteArray frame = R"({"s":""})";
    Q_ASSERT(size >= frame.size());
    return R"({"s":")" + QByteArray(size - frame.size(), 'y') + R"("})";
}

} // namespace

class TestUntrustedFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void fileChangesWhileParsed_data();
    void fileChangesWhileParsed();
    void snapshotThatShrinksNamesTheFile();
    void unchangedFileStillParses();

    void memberLimitBoundary();
    void arenaRefusesWhatItCannotHold();
    void evidenceOverTheLimitIsRefused();
    void unknownMembersOverTheLimitAreRefused();

private:
    QTemporaryDir m_dir;
    QByteArray m_large;
};

void TestUntrustedFiles::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Above the size at which the parser scans on a second thread (8 MB), with room for the
    // scanner to run ahead of the thread that stores the rows.
    m_large = largeList(40 * 1024 * 1024);
}

void TestUntrustedFiles::fileChangesWhileParsed_data()
{
    QTest::addColumn<qsizetype>("size");    // of the input; 0: the large one
    QTest::addColumn<QString>("change");    // what happens at the first progress report
    QTest::addColumn<QString>("sizeAfter"); // in the message; empty: no sizes named

    // The first progress report comes after 4 MB of rows are stored; the scanner reads on from
    // there (the same thread below 8 MB, a second one above), so shrinking the file then makes
    // the next read of a mapped page past its new end fault.
    for (const auto& [name, size] : {std::pair{"two threads", qsizetype(0)},
                                     std::pair{"one thread", qsizetype(6 * 1024 * 1024)}}) {
        QTest::addRow("%s: shrinks to 1 MB", name) << size << u"shrink"_s << u"1048576"_s;
        QTest::addRow("%s: emptied", name) << size << u"empty"_s << u"0"_s;
        QTest::addRow("%s: grows", name) << size << u"grow"_s << u"+"_s;
        QTest::addRow("%s: rewritten in place", name) << size << u"rewrite"_s << QString();
    }
}

void TestUntrustedFiles::fileChangesWhileParsed()
{
    QFETCH(qsizetype, size);
    QFETCH(QString, change);
    QFETCH(QString, sizeAfter);

    QByteArray input = m_large;
    if (size > 0) {
        input.truncate(input.indexOf(",\n{", size));
        input += "]\n";
    }
    const QString path = m_dir.filePath(u"changing.json"_s);
    QVERIFY(writeFile(path, input));

    int reports = 0;
    bool changed = false;
    RelationshipParser::Options options;
    options.progress = [&](qint64 done, qint64 total) {
        ++reports;
        if (reports > 1 || done >= total)
            return true;
        QFile file(path);
        if (change == "shrink"_L1) {
            changed = file.resize(1024 * 1024);
        } else if (change == "empty"_L1) {
            changed = file.resize(0);
        } else if (change == "grow"_L1) {
            changed = file.open(QIODevice::Append) && file.write("\n\n\n") == 3;
        } else {
            // The same size, a byte of white space rewritten at the end.
            changed = file.open(QIODevice::ReadWrite) && file.seek(input.size() - 1) &&
                      file.write(" ") == 1;
        }
        return true;
    };
    const RelationshipParser::Result result = RelationshipParser::parseFile(path, options);
    QVERIFY(changed);
    QVERIFY(reports >= 1);
    QVERIFY2(!result.ok, "a file that changed while it was read must not load");
    QVERIFY(!result.cancelled);
    QVERIFY(result.document.rows.isEmpty());
    QVERIFY2(result.error.message.startsWith("the file changed while it was read"_L1),
             qPrintable(result.error.message));
    QCOMPARE(result.error.line, 0); // no position: what was read is neither version of the file
    QCOMPARE(result.error.recordIndex, qint64(-1));
    if (sizeAfter.isEmpty()) {
        QVERIFY(!result.error.message.contains("bytes"_L1));
    } else {
        const QString now = sizeAfter == "+"_L1 ? QString::number(input.size() + 3) : sizeAfter;
        QVERIFY2(result.error.message.contains(
                     u"(%1 bytes when it was opened, %2 now)"_s.arg(input.size()).arg(now)),
                 qPrintable(result.error.message));
    }
    QCOMPARE(result.error.describe(u"changing.json"_s),
             u"changing.json: "_s + result.error.message);
}

void TestUntrustedFiles::snapshotThatShrinksNamesTheFile()
{
    const QString path = m_dir.filePath(u"colleague.json"_s);
    QVERIFY(writeFile(path, m_large));
    RelationshipParser::Options options;
    bool shrunk = false;
    options.progress = [&](qint64, qint64) {
        if (!shrunk)
            shrunk = QFile::resize(path, 4096);
        return true;
    };
    const OfflineSnapshot snapshot = OfflineSnapshot::open(path, nullptr, options);
    QVERIFY(shrunk);
    QVERIFY(!snapshot.ok);
    QVERIFY(snapshot.document.rows.isEmpty());
    QVERIFY2(snapshot.message.startsWith(path + u": the file changed while it was read"_s),
             qPrintable(snapshot.message));
}

void TestUntrustedFiles::unchangedFileStillParses()
{
    // The guard changes nothing for a file that stays as it is, parsed again and again.
    const QString path = m_dir.filePath(u"steady.json"_s);
    QVERIFY(writeFile(path, m_large));
    for (int i = 0; i < 2; ++i) {
        const RelationshipParser::Result result = RelationshipParser::parseFile(path);
        QVERIFY2(result.ok, qPrintable(result.error.describe()));
        QVERIFY(result.document.rows.size() > 40000);
        QCOMPARE(result.document.rows.relationship(0).id, QUuid::fromString(idFor(0)));
    }
}

void TestUntrustedFiles::memberLimitBoundary()
{
    constexpr qint64 fourGiB = qint64(4) * 1024 * 1024 * 1024;
    QCOMPARE(ByteArena::MaxLength, fourGiB - 1);
    QVERIFY(ByteArena::fits(0));
    QVERIFY(ByteArena::fits(fourGiB - 1));
    QVERIFY(!ByteArena::fits(fourGiB));
    QVERIFY(!ByteArena::fits(fourGiB + 1));
    QVERIFY(!ByteArena::fits(-1));
    QCOMPARE(RelationshipParser::Options{}.maxMemberBytes, fourGiB - 1);
}

void TestUntrustedFiles::arenaRefusesWhatItCannotHold()
{
#ifdef Q_OS_UNIX
    // 4 GiB of address space, never touched: the arena must refuse before it reads a byte.
    constexpr size_t fourGiB = size_t(4) * 1024 * 1024 * 1024;
    void* reserved =
        mmap(nullptr, fourGiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    QVERIFY(reserved != MAP_FAILED);
    const auto release = qScopeGuard([&] { munmap(reserved, fourGiB); });
    ByteArena arena;
    const ByteArena::Span small = arena.append("abc");
    QCOMPARE(arena.view(small), "abc"_ba);
    QVERIFY_THROWS_EXCEPTION(
        std::length_error,
        arena.append(QByteArrayView(static_cast<const char*>(reserved), qsizetype(fourGiB))));
    QCOMPARE(arena.view(small), "abc"_ba); // nothing else changed
    QCOMPARE(arena.bytesUsed(), 3);
#else
    QSKIP("needs mmap");
#endif
}

void TestUntrustedFiles::evidenceOverTheLimitIsRefused()
{
    RelationshipParser::Options options;
    options.maxMemberBytes = 200;
    const QByteArray fits =
        listOf(QList<QByteArray>{record(0, objectOfSize(200)), record(1, objectOfSize(10))});
    const RelationshipParser::Result ok = RelationshipParser::parseBytes(fits, options);
    QVERIFY2(ok.ok, qPrintable(ok.error.describe()));
    QCOMPARE(ok.document.rows.evidenceJson(0).size(), 200);

    const QByteArray tooLong =
        listOf(QList<QByteArray>{record(0, objectOfSize(10)), record(1, objectOfSize(201))});
    const RelationshipParser::Result refused = RelationshipParser::parseBytes(tooLong, options);
    QVERIFY(!refused.ok);
    QVERIFY(refused.document.rows.isEmpty());
    QCOMPARE(refused.error.recordIndex, qint64(1));
    QCOMPARE(refused.error.recordId, QString::fromLatin1(idFor(1)));
    QCOMPARE(refused.error.member, u"evidence"_s);
    QCOMPARE(refused.error.byteOffset, qint64(tooLong.indexOf(objectOfSize(201))));
    QVERIFY2(refused.error.message.contains("201 bytes long"_L1) &&
                 refused.error.message.contains("at most 200 bytes"_L1),
             qPrintable(refused.error.message));
    QVERIFY(refused.error.describe().contains(
        u"record 1 (id %1)"_s.arg(QString::fromLatin1(idFor(1)))));

    // The same rule for one record alone (a PUT answer), at the real limit: well under it.
    ParseError error;
    QVERIFY(RelationshipParser::parseRecord(record(2, objectOfSize(201)), &error));
}

void TestUntrustedFiles::unknownMembersOverTheLimitAreRefused()
{
    RelationshipParser::Options options;
    options.maxMemberBytes = 100;
    // Kept as `"name":value` pairs joined by commas, in one span of the row store.
    const auto extraOfSize = [](const QByteArray& name, qsizetype size) -> QByteArray {
        const QByteArray frame = '"' + name + "\":\"\"";
        return frame.chopped(1) + QByteArray(size - frame.size(), 'z') + '"';
    };
    const QByteArray single = extraOfSize("x_extra", 100);
    QCOMPARE(single.size(), 100);
    RelationshipParser::Result result =
        RelationshipParser::parseBytes(listOf({record(0, "{}", single)}), options);
    QVERIFY2(result.ok, qPrintable(result.error.describe()));
    QCOMPARE(result.document.rows.extraMembersJson(0), single);

    result = RelationshipParser::parseBytes(
        listOf({record(0, "{}"), record(1, "{}", extraOfSize("x_extra", 101))}), options);
    QVERIFY(!result.ok);
    QCOMPARE(result.error.recordIndex, qint64(1));
    QCOMPARE(result.error.member, u"x_extra"_s);
    QVERIFY2(result.error.message.contains("101 bytes long"_L1), qPrintable(result.error.message));

    // Two that fit alone but not together (60 + 1 + 50 bytes): named by the larger one.
    result = RelationshipParser::parseBytes(
        listOf({record(0, "{}", extraOfSize("x_small", 50) + ',' + extraOfSize("x_large", 60))}),
        options);
    QVERIFY(!result.ok);
    QCOMPARE(result.error.recordIndex, qint64(0));
    QCOMPARE(result.error.member, u"x_large"_s);
    QVERIFY2(result.error.message.contains("111 bytes long with the record's other unknown"_L1),
             qPrintable(result.error.message));
}

QTEST_GUILESS_MAIN(TestUntrustedFiles)
#include "tst_untrustedfiles.moc"
