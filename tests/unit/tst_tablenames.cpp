// The analyst's table names: the CSV import (and its messages naming file, line and column), the
// precedence over the data's names, the journal (surviving a reopen, carried over from memory),
// the snapshot round trip, and TableNameStore laying them over the open list.
#include "ColumnCatalog.h"
#include "DecisionJournal.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "SnapshotWriter.h"
#include "TableNameStore.h"
#include "TableNames.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QUuid Orders = QUuid::fromString(u"3c90c3cc-0d44-4b50-8888-8dd25736052a"_s);
const QUuid Customers = QUuid::fromString(u"6f1c2a4e-1111-4b50-8888-8dd25736052b"_s);
const QUuid Unnamed = QUuid::fromString(u"9a9a9a9a-2222-4b50-8888-8dd25736052c"_s);

QString id(const QUuid& uuid)
{
    return uuid.toString(QUuid::WithoutBraces);
}

Relationship relationship(const QUuid& toTable)
{
    Relationship r;
    r.id = QUuid::createUuid();
    r.integrationSourceId = QUuid::fromString(u"11111111-2222-4333-8444-555555555555"_s);
    r.fromColumnId = QUuid::createUuid();
    r.toTableId = toTable;
    r.toColumnName = u"id"_s;
    r.createdAtMs = r.updatedAtMs = 1700000000000;
    r.createdAtText = r.updatedAtText = formatTimestamp(r.createdAtMs);
    r.typeText = u"INFERRED"_s;
    r.statusText = u"SUGGESTED"_s;
    return r;
}

} // namespace

class TestTableNames : public QObject
{
    Q_OBJECT

private slots:
    void parsesCsv()
    {
        // A BOM, CRLF line ends, a quoted name with a comma and a doubled quote, blank lines,
        // braces around an id, spaces around fields.
        const QByteArray csv = "\xEF\xBB\xBFtable_id,name\r\n" + id(Orders).toUtf8() +
                               ",orders\r\n\r\n{" + id(Customers).toUtf8() +
                               "},\"customers, \"\"all\"\"\"\r\n";
        QString error;
        const std::optional<TableNames> names = TableNames::parseCsv(csv, u"n.csv"_s, &error);
        QVERIFY2(names, qPrintable(error));
        QCOMPARE(names->size(), 2);
        QCOMPARE(names->name(Orders), u"orders"_s);
        QCOMPARE(names->name(Customers), u"customers, \"all\""_s);
        QCOMPARE(names->ids(), (QList<QUuid>{Orders, Customers}));
    }

    void csvErrorsNameLineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("message");
        const QByteArray orders = id(Orders).toUtf8();
        QTest::newRow("header") << QByteArray("id,name\n" + orders + ",orders\n")
                                << u"names.csv: line 1: expected the header table_id,name, found "
                                   "id,name"_s;
        QTest::newRow("empty") << QByteArray()
                               << u"names.csv: line 1: the file is empty; expected the header "
                                  "table_id,name"_s;
        QTest::newRow("not a uuid")
            << QByteArray("table_id,name\n" + orders + ",orders\nnot-an-id,customers\n")
            << u"names.csv: line 3, column 1 (table_id): 'not-an-id' is not a table id (a "
               "UUID)"_s;
        QTest::newRow("empty name") << QByteArray("table_id,name\n\n" + orders + ",  \n")
                                    << u"names.csv: line 3, column 2 (name): the name is empty"_s;
        QTest::newRow("fields") << QByteArray("table_id,name\n" + orders + ",orders,extra\n")
                                << u"names.csv: line 2: expected 2 fields (table_id,name), "
                                   "found 3"_s;
        QTest::newRow("twice") << QByteArray("table_id,name\n" + orders + ",a\n" + orders + ",b\n")
                               << u"names.csv: line 3, column 1 (table_id): table " + id(Orders) +
                                      u" is named again (first on line 2)"_s;
        QTest::newRow("open quote") << QByteArray("table_id,name\n" + orders + ",\"orders\n")
                                    << u"names.csv: line 2: a quoted field is not closed"_s;
        QTest::newRow("line break in name")
            << QByteArray("table_id,name\n" + orders + ",\"ord\ners\"\n")
            << u"names.csv: line 2, column 2 (name): the name holds a line break or another "
               "control character"_s;
        QTest::newRow("not utf-8") << QByteArray("table_id,name\n" + orders + ",ord\xff\n")
                                   << u"names.csv: line 2: the file is not UTF-8 text"_s;
        QTest::newRow("too long")
            << QByteArray("table_id,name\n" + orders + "," + QByteArray(256, 'x') + "\n")
            << u"names.csv: line 2, column 2 (name): the name is longer than 255 characters"_s;
    }

    void csvErrorsNameLineAndColumn()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!TableNames::parseCsv(csv, u"names.csv"_s, &error));
        QCOMPARE(error, message);
    }

    void missingFileIsNamed()
    {
        QString error;
        QVERIFY(!TableNames::readCsvFile(u"/nonexistent/names.csv"_s, &error));
        QCOMPARE(error, u"/nonexistent/names.csv: no such file"_s);
    }

    void analystNamesWinOverTheData()
    {
        ColumnCatalog catalog;
        catalog.setTableName(Orders, u"ORDERS_RAW"_s);
        QCOMPARE(catalog.tableLabel(Orders), u"ORDERS_RAW"_s);
        QCOMPARE(catalog.tableLabel(Unnamed), shortId(Unnamed));
        TableNames names;
        QVERIFY(names.set(Orders, u"orders"_s));
        QVERIFY(names.set(Unnamed, u"payments"_s));
        catalog.setAnalystTableNames(names);
        QCOMPARE(catalog.tableName(Orders), u"orders"_s);
        QCOMPARE(catalog.dataTableName(Orders), u"ORDERS_RAW"_s);
        QCOMPARE(catalog.tableLabel(Unnamed), u"payments"_s);
        QCOMPARE(catalog.tableNames().value(Orders), u"orders"_s);
        // Forgetting the analyst's name shows the data's again.
        names.set(Orders, QString());
        catalog.setAnalystTableNames(names);
        QCOMPARE(catalog.tableName(Orders), u"ORDERS_RAW"_s);
    }

    void snapshotRoundTrip()
    {
        RelationshipRows rows;
        rows.append(relationship(Orders));
        ColumnCatalog catalog;
        catalog.setTableName(Customers, u"customers"_s);
        TableNames names;
        names.set(Orders, u"orders \"main\""_s);
        names.set(Customers, u"clients"_s);
        catalog.setAnalystTableNames(names);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"snapshot.json"_s);
        QString error;
        QVERIFY2(SnapshotWriter::writeFile(path, rows, catalog, SnapshotSource{}, &error),
                 qPrintable(error));
        const RelationshipParser::Result parsed = RelationshipParser::parseFile(path);
        QVERIFY2(parsed.ok, qPrintable(parsed.error.describe(path)));
        const ColumnCatalog& read = parsed.document.catalog;
        QCOMPARE(read.analystTableNames(), names);
        // The data's names stay the data's: the analyst's are not folded into them.
        QCOMPARE(read.dataTableName(Customers), u"customers"_s);
        QCOMPARE(read.dataTableName(Orders), QString());
        QCOMPARE(read.tableName(Customers), u"clients"_s);
    }

    void badTableNamesInSnapshotAreNamed()
    {
        const QByteArray snapshot = R"({"format":"relreview-snapshot","version":1,
            "table_names":[{"table_id":"nope","name":"x"}],"relationships":[]})";
        QTemporaryDir dir;
        const QString path = dir.filePath(u"bad.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(snapshot);
        file.close();
        const RelationshipParser::Result parsed = RelationshipParser::parseFile(path);
        QVERIFY(!parsed.ok);
        const QString message = parsed.error.describe(path);
        QVERIFY2(message.contains(u"table_names"_s) && message.contains(u"table_id"_s),
                 qPrintable(message));
    }

    void journalKeepsNamesAcrossReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"journal.sqlite3"_s);
        {
            DecisionJournal journal(path);
            QVERIFY2(journal.open(), qPrintable(journal.lastError()));
            // A journal that never held a name reads as having none (no table yet).
            const std::optional<TableNames> none = journal.tableNames();
            QVERIFY(none && none->isEmpty());
            TableNames names;
            names.set(Orders, u"orders"_s);
            names.set(Customers, u"customers"_s);
            QVERIFY2(journal.setTableNames(names), qPrintable(journal.lastError()));
            QVERIFY(journal.setTableName(Customers, u"clients"_s));
            QVERIFY(journal.setTableName(Unnamed, u"x"_s));
            QVERIFY(journal.setTableName(Unnamed, QString())); // forgets it
            QVERIFY(!journal.setTableName(Orders, u"a\nb"_s));
            QVERIFY(journal.lastError().contains(u"line break"_s));
        }
        DecisionJournal reopened(path);
        QVERIFY2(reopened.open(), qPrintable(reopened.lastError()));
        const std::optional<TableNames> names = reopened.tableNames();
        QVERIFY(names);
        QCOMPARE(names->size(), 2);
        QCOMPARE(names->name(Orders), u"orders"_s);
        QCOMPARE(names->name(Customers), u"clients"_s);
        QCOMPARE(reopened.schemaVersionOnDisk(), DecisionJournal::SchemaVersion);
    }

    void namesHeldInMemoryMoveIntoTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"journal.sqlite3"_s);
        DecisionJournal journal(path);
        QVERIFY(journal.openInMemory());
        QVERIFY(journal.setTableName(Orders, u"orders"_s));
        QVERIFY2(journal.open(), qPrintable(journal.lastError()));
        QCOMPARE(journal.tableNames()->name(Orders), u"orders"_s);
        DecisionJournal other(path);
        QVERIFY(other.open());
        QCOMPARE(other.tableNames()->name(Orders), u"orders"_s);
    }

    void storeLaysNamesOverTheList()
    {
        QTemporaryDir dir;
        DecisionJournal journal(dir.filePath(u"journal.sqlite3"_s));
        QVERIFY(journal.open());
        QVERIFY(journal.setTableName(Orders, u"orders"_s));
        RelationshipStore store;
        TableNameStore names(&store, &journal);
        QCOMPARE(names.names().name(Orders), u"orders"_s);

        // A snapshot's catalog carries a name the journal lacks: it is kept in the journal.
        ColumnCatalog catalog;
        TableNames carried;
        carried.set(Customers, u"customers"_s);
        carried.set(Orders, u"old orders"_s); // the journal's own wins
        catalog.setAnalystTableNames(carried);
        names.applyTo(catalog);
        RelationshipRows rows;
        rows.append(relationship(Orders));
        rows.append(relationship(Customers));
        store.adopt(std::move(rows), std::move(catalog));
        QCOMPARE(store.catalog().tableName(Orders), u"orders"_s);
        QCOMPARE(store.catalog().tableName(Customers), u"customers"_s);
        QCOMPARE(journal.tableNames()->name(Customers), u"customers"_s);
        QCOMPARE(names.label(Unnamed), shortId(Unnamed));

        // Naming a node: at once in the journal and on screen.
        QSignalSpy catalogChanged(&store, &RelationshipStore::catalogChanged);
        QString error;
        QVERIFY2(names.setName(Unnamed, u"payments"_s, &error), qPrintable(error));
        QCOMPARE(catalogChanged.size(), 1);
        QCOMPARE(store.catalog().tableName(Unnamed), u"payments"_s);
        QCOMPARE(journal.tableNames()->name(Unnamed), u"payments"_s);
        QVERIFY(!names.setName(Unnamed, u"bad\tname"_s, &error));
        QVERIFY(error.contains(u"control character"_s));
        QCOMPARE(store.catalog().tableName(Unnamed), u"payments"_s);
        QVERIFY(names.setName(Unnamed, QString()));
        QCOMPARE(store.catalog().tableName(Unnamed), QString());
        QVERIFY(!journal.tableNames()->contains(Unnamed));

        // A bad file changes nothing.
        const QString bad = dir.filePath(u"bad.csv"_s);
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("table_id,name\n" + id(Orders).toUtf8() + ",renamed\nxyz,foo\n");
        file.close();
        int count = 0;
        QVERIFY(!names.importCsv(bad, &count, &error));
        QCOMPARE(error, bad + u": line 3, column 1 (table_id): 'xyz' is not a table id (a UUID)"_s);
        QCOMPARE(store.catalog().tableName(Orders), u"orders"_s);
        QCOMPARE(journal.tableNames()->name(Orders), u"orders"_s);
    }
};

QTEST_GUILESS_MAIN(TestTableNames)
#include "tst_tablenames.moc"
