// The snapshot fingerprint keys a snapshot's decisions in the journal: it must stay the value
// earlier versions recorded, and hashing during the parse must give the same as reading the file.
#include "LoadJob.h"
#include "RelationshipParser.h"
#include "SnapshotFingerprint.h"
#include "TestData.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// How the fingerprint was computed before it moved to OpenSSL: Qt's SHA-1 of the decimal size and
// the content. Journals written by those versions hold this value.
QString qtFingerprint(const QByteArray& content)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(QByteArray::number(content.size()));
    hash.addData(content);
    return QString::fromLatin1(hash.result().toHex().left(32));
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestSnapshotFingerprint : public QObject
{
    Q_OBJECT
private slots:
    void matchesEarlierVersions_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("short") << QByteArray("[]");
        QByteArray large(3 * 1024 * 1024 + 17, Qt::Uninitialized);
        for (qsizetype i = 0; i < large.size(); ++i)
            large[i] = char((i * 131 + i / 7) & 0xff);
        QTest::newRow("several megabytes") << large;
    }
    void matchesEarlierVersions()
    {
        QFETCH(QByteArray, content);
        const QString expected = qtFingerprint(content);
        QCOMPARE(expected.size(), 32);

        SnapshotFingerprint whole(content.size());
        whole.addData(content);
        QCOMPARE(whole.result(), expected);

        // In uneven pieces, as a parse hands them over.
        SnapshotFingerprint pieces(content.size());
        qsizetype at = 0;
        for (qsizetype step = 1; at < content.size(); step = step * 3 + 1) {
            const qsizetype length = std::min(step, content.size() - at);
            pieces.addData(QByteArrayView(content).sliced(at, length));
            at += length;
        }
        QCOMPARE(pieces.bytesAdded(), content.size());
        QCOMPARE(pieces.result(), expected);

        QTemporaryDir dir;
        const QString path = TestData::writeFile(dir, u"content.bin"_s, content);
        QString error;
        QCOMPARE(SnapshotFingerprint::ofFile(path, &error), expected);
        QVERIFY(error.isEmpty());
    }

    void sizeIsPartOfTheIdentity()
    {
        // Same leading bytes, different sizes: different fingerprints.
        SnapshotFingerprint a(10);
        a.addData("[]");
        SnapshotFingerprint b(11);
        b.addData("[]");
        QVERIFY(a.result() != b.result());
    }

    void missingFileSaysWhere()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"nowhere.json"_s);
        QString error;
        QVERIFY(SnapshotFingerprint::ofFile(path, &error).isEmpty());
        QVERIFY2(error.contains(path), qPrintable(error));
    }

    // The parser shows its observer every byte once, in order: small inputs (parsed on one
    // thread), large ones (scanned on a second thread), with a byte-order mark.
    void parserShowsEveryByteOnce_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("byteOrderMark");
        QTest::newRow("small") << 50 << false;
        QTest::newRow("small, BOM") << 50 << true;
        QTest::newRow("threaded") << 12000 << false;
        QTest::newRow("threaded, BOM") << 12000 << true;
    }
    void parserShowsEveryByteOnce()
    {
        QFETCH(int, count);
        QFETCH(bool, byteOrderMark);
        QTemporaryDir dir;
        QByteArray content = readAll(TestData::writeDemoSnapshot(dir, count));
        QVERIFY(!content.isEmpty());
        if (byteOrderMark)
            content.prepend("\xEF\xBB\xBF");
        const QString path = TestData::writeFile(dir, u"input.json"_s, content);
        if (count > 10000)
            QVERIFY(content.size() > 8 * 1024 * 1024); // above the threaded-parse threshold

        QByteArray seen;
        int pieces = 0;
        RelationshipParser::Options options;
        options.content = [&](QByteArrayView bytes) {
            seen.append(bytes);
            ++pieces;
        };
        const RelationshipParser::Result result = RelationshipParser::parseFile(path, options);
        QVERIFY2(result.ok, qPrintable(result.error.describe()));
        QCOMPARE(result.document.rows.size(), count);
        QCOMPARE(seen.size(), content.size());
        QVERIFY(seen == content);
        if (count > 10000)
            QVERIFY(pieces > 1); // handed over as the scan went, not at the end
    }

    // A snapshot's LoadJob hashes while it parses; the value is the file's fingerprint.
    void loadJobFingerprintsSnapshots()
    {
        QTemporaryDir dir;
        const QString path = TestData::writeDemoSnapshot(dir, 12000);
        auto* job = LoadJob::snapshot(path, nullptr);
        QSignalSpy finished(job, &LoadJob::rowsFinished);
        job->start();
        QVERIFY(finished.wait(60000));
        QVERIFY2(job->ok(), qPrintable(job->message()));
        QCOMPARE(job->fingerprint(), qtFingerprint(readAll(path)));
        delete job;
    }

    // A file that fails to parse has no fingerprint (nothing can be decided on it anyway).
    void brokenSnapshotHasNone()
    {
        QTemporaryDir dir;
        const QString path = TestData::writeFile(dir, u"broken.json"_s, "[{\"id\": 3");
        auto* job = LoadJob::snapshot(path, nullptr);
        QSignalSpy finished(job, &LoadJob::rowsFinished);
        job->start();
        QVERIFY(finished.wait(60000));
        QVERIFY(!job->ok());
        QVERIFY(job->fingerprint().isEmpty());
        delete job;
    }
};

QTEST_GUILESS_MAIN(TestSnapshotFingerprint)
#include "tst_snapshotfingerprint.moc"
