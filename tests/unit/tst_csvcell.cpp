#include "CsvCell.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// RFC 4180 unquoting of one field, as a CSV reader (and relreview-cli's import) does it.
QString unquoted(const QString& field)
{
    if (!field.startsWith(u'"'))
        return field;
    QString value = field.sliced(1, field.size() - 2);
    value.replace(u"\"\""_s, u"\""_s);
    return value;
}

} // namespace

// CsvCell: formula-looking texts are neutralised (OWASP CSV injection), and read back unchanged.
class TestCsvCell : public QObject
{
    Q_OBJECT
private slots:
    void text_data();
    void text();
    void numbersStayNumbers();
};

void TestCsvCell::text_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("cell");

    QTest::newRow("hyperlink") << u"=HYPERLINK(\"http://x\",\"y\")"_s
                               << u"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""_s;
    QTest::newRow("plus") << u"+1"_s << u"\"'+1\""_s;
    QTest::newRow("minus") << u"-2+3"_s << u"\"'-2+3\""_s;
    QTest::newRow("negative-looking text") << u"-5"_s << u"\"'-5\""_s;
    QTest::newRow("at") << u"@SUM(A1)"_s << u"\"'@SUM(A1)\""_s;
    QTest::newRow("tab") << u"\tfoo"_s << u"\"'\tfoo\""_s;
    QTest::newRow("carriage return") << u"\rbar"_s << u"\"'\rbar\""_s;
    QTest::newRow("dde") << u"=cmd|' /C calc'!A0"_s << u"\"'=cmd|' /C calc'!A0\""_s;
    QTest::newRow("apostrophe") << u"'quoted"_s << u"\"''quoted\""_s;
    QTest::newRow("apostrophe before a formula") << u"'=1+1"_s << u"\"''=1+1\""_s;
    QTest::newRow("plain") << u"APPROVED"_s << u"APPROVED"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("formula later in the text") << u"HTTP 500: =1+1"_s << u"HTTP 500: =1+1"_s;
    QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("line break") << u"one\ntwo"_s << u"\"one\ntwo\""_s;
    QTest::newRow("space first") << u" =1"_s << u" =1"_s;
}

void TestCsvCell::text()
{
    QFETCH(QString, value);
    QFETCH(QString, cell);
    QCOMPARE(CsvCell::text(value), cell);
    // What a reader gets back, once unquoted and without the neutralising apostrophe.
    QCOMPARE(CsvCell::readText(unquoted(CsvCell::text(value))), value);
}

void TestCsvCell::numbersStayNumbers()
{
    QCOMPARE(CsvCell::number(-5), u"-5"_s);
    QCOMPARE(CsvCell::number(0), u"0"_s);
    QCOMPARE(CsvCell::number(1733500000000), u"1733500000000"_s);
}

QTEST_GUILESS_MAIN(TestCsvCell)
#include "tst_csvcell.moc"
