// relreview-cli and files from others: what a server or a colleague's file says is data. A
// decisions CSV never carries a cell a spreadsheet would run as a formula, and reads back exactly;
// a file that quotes the token does not get it printed.

#include "CliRunner.h"
#include "DecisionJournal.h"
#include "RelationshipParser.h"
#include "TestData.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Texts a server (previous_status) or a failed delivery (last_error) may carry.
const QStringList HostileCells = {
    u"=HYPERLINK(\"http://x\",\"y\")"_s,
    u"+1"_s,
    u"@SUM(A1)"_s,
    u"\tfoo"_s,
    u"\rbar"_s,
    u"-2+3"_s,
    u"=cmd|' /C calc'!A0"_s,
    u"'already quoted"_s,
};

} // namespace

class TestCliFiles : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void decisionsCsvNeutralisesFormulasAndRoundTrips();
    void tokenQuotedByAFileIsNotPrinted();

private:
    CliRun cli(const QStringList& arguments, const QString& dataDir, const QString& token = {});

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCliFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCliFiles::cleanup()
{
    m_dir.reset();
}

CliRun TestCliFiles::cli(const QStringList& arguments, const QString& dataDir, const QString& token)
{
    return runCli(arguments, dataDir, token, {token}, 60000);
}

void TestCliFiles::decisionsCsvNeutralisesFormulasAndRoundTrips()
{
    const QString snapshot = TestData::writeDemoSnapshot(*m_dir, 20);
    QVERIFY(!snapshot.isEmpty());
    const RelationshipParser::Result parsed = RelationshipParser::parseFile(snapshot);
    QVERIFY(parsed.ok);
    const QString key = u"snapshot:"_s + DecisionOrigin::snapshotFingerprint(snapshot);

    // A colleague's decisions file whose texts are formulas: one pending decision for each as
    // its previous status, and a confirmed one for each as its last error.
    QJsonArray decisions;
    for (int i = 0; i < HostileCells.size(); ++i) {
        decisions.append(QJsonObject{
            {u"relationship_id"_s,
             parsed.document.rows.relationship(i).id.toString(QUuid::WithoutBraces)},
            {u"status"_s, u"APPROVED"_s},
            {u"previous_status"_s, HostileCells[i]},
            {u"created_ms"_s, 1700000000000.0 + i},
            {u"state"_s, u"pending"_s},
        });
        decisions.append(QJsonObject{
            {u"relationship_id"_s,
             parsed.document.rows.relationship(10 + i).id.toString(QUuid::WithoutBraces)},
            {u"status"_s, u"REJECTED"_s},
            {u"previous_status"_s, u"SUGGESTED"_s},
            {u"created_ms"_s, 1700000001000.0 + i},
            {u"state"_s, u"confirmed"_s},
            {u"last_error"_s, HostileCells[i]},
            {u"server_updated_ms"_s, -5000.0}, // a number of ours: stays a number
        });
    }
    const QString handedOver = m_dir->filePath(u"hostile.json"_s);
    QVERIFY(
        writeFile(handedOver, QJsonDocument(QJsonObject{{u"format"_s, u"relreview-decisions"_s},
                                                        {u"version"_s, 1},
                                                        {u"origin"_s, QJsonObject{{u"key"_s, key}}},
                                                        {u"decisions"_s, decisions}})
                                  .toJson()));
    const QString mine = m_dir->filePath(u"mine"_s);
    CliRun run = cli({u"decisions"_s, u"import"_s, handedOver}, mine);
    QVERIFY2(run.status == 0, qPrintable(run.all()));

    // Listed as CSV: every such text is a quoted cell that starts with an apostrophe.
    run = cli({u"decisions"_s, u"--snapshot"_s, snapshot}, mine);
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    for (const QString& text : HostileCells) {
        QString cell = u"'"_s + text;
        cell.replace(u"\""_s, u"\"\""_s);
        cell = u",\""_s + cell + u"\","_s;
        QVERIFY2(run.out.count(cell) == 2, qPrintable(u"no neutralised cell "_s + cell));
        QVERIFY2(!run.out.contains(u',' + text), qPrintable(u"a raw cell "_s + text));
        QVERIFY2(!run.out.contains(u",\""_s + text), qPrintable(u"a raw cell "_s + text));
    }
    QVERIFY(run.out.contains(u",-5000,"_s));

    // Read back from the file: exactly the texts that went in.
    const QString csv = m_dir->filePath(u"decisions.csv"_s);
    QCOMPARE(cli({u"decisions"_s, u"--snapshot"_s, snapshot, u"-o"_s, csv}, mine).status, 0);
    const QString other = m_dir->filePath(u"other"_s);
    run = cli({u"decisions"_s, u"import"_s, csv}, other);
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY2(run.out.contains(u"Imported %1 decision(s)"_s.arg(decisions.size())),
             qPrintable(run.all()));
    run = cli({u"decisions"_s, u"--snapshot"_s, snapshot, u"--format"_s, u"json"_s}, other);
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    const QJsonArray readBack =
        QJsonDocument::fromJson(run.out.toUtf8()).object().value("decisions"_L1).toArray();
    QCOMPARE(readBack.size(), decisions.size());
    QStringList previous, errors;
    for (const auto& value : readBack) {
        const QJsonObject object = value.toObject();
        if (object.value("state"_L1).toString() == "confirmed"_L1) {
            errors.append(object.value("last_error"_L1).toString());
            QCOMPARE(object.value("server_updated_ms"_L1).toInteger(), -5000);
        } else {
            previous.append(object.value("previous_status"_L1).toString());
        }
    }
    previous.sort();
    errors.sort();
    QStringList expected = HostileCells;
    expected.sort();
    QCOMPARE(previous, expected);
    QCOMPARE(errors, expected);
}

void TestCliFiles::tokenQuotedByAFileIsNotPrinted()
{
    // A list whose id is the token (a server, or a file's author, who knows it): the message
    // that quotes the bad id shows a placeholder instead. runCli fails the run (status -2) when
    // the token shows anywhere in the output.
    const QString token = u"Zq7-tok3n_for-files"_s;
    const QString path = m_dir->filePath(u"quotes-the-token.json"_s);
    QVERIFY(writeFile(path, R"([{"id":")" + token.toUtf8() +
                                R"(","integration_source_id":)"
                                R"("6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"}])"));
    const CliRun run = cli({u"validate"_s, path}, m_dir->filePath(u"data"_s), token);
    QCOMPARE(run.status, 3);
    QVERIFY2(run.err.contains(u"[token]"_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(path), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestCliFiles)
#include "tst_clifiles.moc"
