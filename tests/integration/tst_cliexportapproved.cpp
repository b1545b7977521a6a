// relreview-cli export-approved, run as a script runs it: against a snapshot file (with decisions
// recorded on it by `decide`, and table names from a file), and against the development server
// (a live source, with a decision of this journal still pending). Relationships with a name
// unknown are left out and counted on stderr; a bad names file changes nothing.
#include "CliRunner.h"
#include "ColumnCatalog.h"
#include "ConnectionProfile.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "RelationshipParser.h"
#include "SnapshotWriter.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QUuid OrdersTable = QUuid::fromString(u"10000000-0000-4000-8000-000000000001"_s);
const QUuid CustomersTable = QUuid::fromString(u"10000000-0000-4000-8000-000000000002"_s);
const QUuid LinesTable = QUuid::fromString(u"10000000-0000-4000-8000-000000000003"_s);
const QUuid UnnamedTable = QUuid::fromString(u"10000000-0000-4000-8000-000000000004"_s);
const QUuid CustId = QUuid::fromString(u"20000000-0000-4000-8000-000000000001"_s);
const QUuid OrderId = QUuid::fromString(u"20000000-0000-4000-8000-000000000002"_s);

QUuid rowId(int n)
{
    return QUuid::fromString(u"30000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0')));
}

QString text(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

Relationship row(int n, RelationshipStatus status, const QUuid& from, const QUuid& toTable,
                 const QString& toColumn)
{
    Relationship r;
    r.id = rowId(n);
    r.integrationSourceId = QUuid::fromString(u"40000000-0000-4000-8000-000000000001"_s);
    r.fromColumnId = from;
    r.toTableId = toTable;
    r.toColumnName = toColumn;
    r.createdAtMs = r.updatedAtMs = 1704164645000;
    r.createdAtText = r.updatedAtText = formatTimestamp(r.createdAtMs);
    r.typeText = u"INFERRED"_s;
    r.status = status;
    r.statusText = statusName(status);
    r.score = 0.9;
    r.hasScore = true;
    return r;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The csv export's rows (after the header) by relationship id, the last column.
QStringList csvIds(const QString& csv)
{
    QStringList ids;
    const QStringList lines = csv.split(u'\n', Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i)
        ids.append(lines[i].section(u',', -1));
    return ids;
}

} // namespace

class TestCliExportApproved : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void snapshotCsvAfterTheJournal();
    void tableNamesFileNamesTheUnknown();
    void badTableNamesFileChangesNothing();
    void sqlToAFile();
    void usageErrors();
    void liveSourceFromTheDevServer();

private:
    CliRun cli(const QStringList& arguments, const QString& token = {});
    QString dataDir() const { return m_dir->filePath(u"data"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_snapshot;
};

void TestCliExportApproved::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // orders.cust_id -> customers.id (approved), -> customers.legacy_id (suggested, approved
    // below with `decide`), line_items.order_id -> a table nobody named (approved), and a
    // rejected one.
    RelationshipRows rows;
    rows.append(row(1, RelationshipStatus::Approved, CustId, CustomersTable, u"id"_s));
    rows.append(row(2, RelationshipStatus::Suggested, CustId, CustomersTable, u"legacy_id"_s));
    rows.append(row(3, RelationshipStatus::Approved, OrderId, UnnamedTable, u"id"_s));
    rows.append(row(4, RelationshipStatus::Rejected, OrderId, CustomersTable, u"id"_s));
    ColumnCatalog catalog;
    ColumnInfo custId;
    custId.id = CustId;
    custId.name = u"cust_id"_s;
    custId.tableId = OrdersTable;
    catalog.insertColumn(custId);
    ColumnInfo orderId;
    orderId.id = OrderId;
    orderId.name = u"order_id"_s;
    orderId.tableId = LinesTable;
    catalog.insertColumn(orderId);
    catalog.setTableName(OrdersTable, u"orders"_s);
    catalog.setTableName(CustomersTable, u"customers"_s);
    catalog.setTableName(LinesTable, u"line_items"_s);
    SnapshotSource source;
    source.baseUrl = u"http://127.0.0.1:9"_s;
    source.integrationSourceId = rows.relationship(0).integrationSourceId;
    m_snapshot = m_dir->filePath(u"snapshot.json"_s);
    QString error;
    QVERIFY2(SnapshotWriter::writeFile(m_snapshot, rows, catalog, source, &error),
             qPrintable(error));
}

void TestCliExportApproved::cleanup()
{
    m_dir.reset();
}

CliRun TestCliExportApproved::cli(const QStringList& arguments, const QString& token)
{
    return runCli(arguments, dataDir(), token, {token}, 60000);
}

void TestCliExportApproved::snapshotCsvAfterTheJournal()
{
    CliRun run = cli({u"decide"_s, u"--snapshot"_s, m_snapshot, u"--id"_s, text(rowId(2)),
                      u"--status"_s, u"approved"_s, u"--reason"_s, u"checked with the owners"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));

    run = cli({u"export-approved"_s, u"--snapshot"_s, m_snapshot, u"--format"_s, u"csv"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], u"from_table,from_column,to_table,to_column,type,score,status,decided_at,"
                       "reason,delivery,relationship_id"_s);
    QCOMPARE(lines[1], u"orders,cust_id,customers,id,INFERRED,0.9,APPROVED,2024-01-02T03:04:05Z,,"
                       "confirmed,"_s +
                           text(rowId(1)));
    QVERIFY2(lines[2].startsWith(u"orders,cust_id,customers,legacy_id,INFERRED,0.9,APPROVED,"_s),
             qPrintable(lines[2]));
    // The reason given with the decision (never sent to the server) is in its column, in the
    // text form `decisions` exports (free text is an "other" reason).
    QVERIFY2(lines[2].endsWith(u",other: checked with the owners,pending,"_s + text(rowId(2))),
             qPrintable(lines[2]));
    QVERIFY2(run.err.contains(u"1 approved relationship(s) left out"_s), qPrintable(run.err));

    // Only what the server confirmed: the pending approval stays out.
    run = cli({u"export-approved"_s, u"--snapshot"_s, m_snapshot, u"--format"_s, u"csv"_s,
               u"--confirmed-only"_s});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QCOMPARE(csvIds(run.out), QStringList{text(rowId(1))});
}

void TestCliExportApproved::tableNamesFileNamesTheUnknown()
{
    const QString names = m_dir->filePath(u"names.csv"_s);
    QVERIFY(writeFile(names, "table_id,name\n" + text(UnnamedTable).toUtf8() + ",orders\n"));
    const CliRun run = cli({u"export-approved"_s, u"--snapshot"_s, m_snapshot, u"--format"_s,
                            u"mermaid"_s, u"--table-names"_s, names});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QCOMPARE(run.out, u"erDiagram\n"
                      "    line_items }o--|| orders : \"order_id -> id\"\n"
                      "    orders }o--|| customers : \"cust_id -> id\"\n"_s);
    QVERIFY2(!run.err.contains(u"left out"_s), qPrintable(run.err));
    // An export reads the journal and writes nothing to it: the names were for this run.
    DecisionJournal journal(QDir(dataDir()).filePath(u"journal.sqlite3"_s));
    QVERIFY(journal.open());
    QVERIFY(journal.tableNames()->isEmpty());
}

void TestCliExportApproved::badTableNamesFileChangesNothing()
{
    const QString names = m_dir->filePath(u"names.csv"_s);
    QVERIFY(writeFile(names, "table_id,name\n" + text(UnnamedTable).toUtf8() + ",\n"));
    const QString output = m_dir->filePath(u"out.yml"_s);
    const CliRun run = cli({u"export-approved"_s, u"--snapshot"_s, m_snapshot, u"--format"_s,
                            u"dbt"_s, u"--table-names"_s, names, u"-o"_s, output});
    QCOMPARE(run.status, 3);
    QVERIFY2(run.err.contains(names + u": line 2, column 2 (name): the name is empty"_s),
             qPrintable(run.err));
    QVERIFY(!QFile::exists(output));
}

void TestCliExportApproved::sqlToAFile()
{
    const QString output = m_dir->filePath(u"fk.sql"_s);
    const CliRun run = cli({u"export-approved"_s, u"--snapshot"_s, m_snapshot, u"--format"_s,
                            u"sql"_s, u"--dialect"_s, u"bigquery"_s, u"-o"_s, output});
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(u"1 approved relationship(s) written to "_s + output),
             qPrintable(run.err));
    QFile file(output);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()),
             u"-- 1 approved relationship(s) as foreign keys (bigquery)\n"
             "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers FOREIGN KEY (cust_id) "
             "REFERENCES customers (id) NOT ENFORCED;\n"_s);
}

void TestCliExportApproved::usageErrors()
{
    const QStringList base = {u"export-approved"_s, u"--snapshot"_s, m_snapshot};
    CliRun run = cli(base);
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(u"--format is required"_s), qPrintable(run.err));
    run = cli(base + QStringList{u"--format"_s, u"yaml"_s});
    QCOMPARE(run.status, 2);
    run = cli(base + QStringList{u"--format"_s, u"csv"_s, u"--dialect"_s, u"postgres"_s});
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(u"--dialect goes with --format sql only"_s), qPrintable(run.err));
    run = cli(base + QStringList{u"--format"_s, u"sql"_s, u"--dialect"_s, u"oracle"_s});
    QCOMPARE(run.status, 2);
    run =
        cli(base + QStringList{u"--format"_s, u"csv"_s, u"--base-url"_s, u"http://127.0.0.1:9"_s});
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(u"either --snapshot FILE or --base-url URL --source UUID"_s),
             qPrintable(run.err));
    run = cli({u"export-approved"_s, u"--snapshot"_s, m_dir->filePath(u"missing.json"_s),
               u"--format"_s, u"csv"_s});
    QCOMPARE(run.status, 3);
    QVERIFY2(run.err.contains(u"missing.json: no such file"_s), qPrintable(run.err));
}

void TestCliExportApproved::liveSourceFromTheDevServer()
{
    DevServerProcess server;
    DevServerProcess::Options options;
    options.generate = 40;
    options.token = u"export-approved-token"_s;
    QVERIFY2(server.start(options), qPrintable(server.errorString()));
    const QList<QUuid> ids = server.relationshipIds();
    QVERIFY(ids.size() == 40);
    // Three approved by another reviewer on the server; one more approved here, still pending in
    // this journal (as a kill during delivery leaves it).
    for (int i = 0; i < 3; ++i)
        QVERIFY(server.setServerStatus(ids[i], u"APPROVED"_s));
    QUuid pendingId;
    for (const QUuid& id : ids) {
        if (server.relationship(id).value(u"status"_s).toString() == u"SUGGESTED"_s) {
            pendingId = id;
            break;
        }
    }
    QVERIFY(!pendingId.isNull());
    {
        DecisionJournal journal(QDir(dataDir()).filePath(u"journal.sqlite3"_s));
        QVERIFY(journal.open());
        ConnectionProfile profile;
        profile.baseUrl = server.baseUrl();
        profile.integrationSourceId = server.sourceId();
        const qint64 origin = journal.ensureOrigin(DecisionOrigin::forLive(profile));
        QVERIFY(origin > 0);
        NewDecision decision;
        decision.relationshipId = pendingId;
        decision.status = u"APPROVED"_s;
        decision.previousStatus = u"SUGGESTED"_s;
        QCOMPARE(journal.record(origin, {decision}).size(), 1);
    }
    QSet<QString> approvedOnServer;
    for (const QUuid& id : ids) {
        if (server.relationship(id).value(u"status"_s).toString() == u"APPROVED"_s)
            approvedOnServer.insert(text(id));
    }
    QVERIFY(approvedOnServer.size() >= 3);

    const QStringList arguments = {u"export-approved"_s,
                                   u"--base-url"_s,
                                   server.baseUrl().toString(),
                                   u"--source"_s,
                                   text(server.sourceId()),
                                   u"--format"_s,
                                   u"csv"_s};
    CliRun run = cli(arguments, server.token());
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    const QStringList exported = csvIds(run.out);
    QVERIFY2(exported.contains(text(pendingId)), qPrintable(run.out));
    for (const QString& id : exported)
        QVERIFY2(id == text(pendingId) || approvedOnServer.contains(id), qPrintable(id));
    // Everything approved is written or counted as left out.
    int leftOut = 0;
    if (const qsizetype at = run.err.indexOf(u" approved relationship(s) left out"_s); at > 0)
        leftOut = run.err.left(at).section(u'\n', -1).toInt();
    QCOMPARE(exported.size() + leftOut, approvedOnServer.size() + 1);

    run = cli(arguments + QStringList{u"--confirmed-only"_s}, server.token());
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    QVERIFY(!csvIds(run.out).contains(text(pendingId)));

    // `export` takes the journal's table names into the snapshot it writes.
    {
        DecisionJournal journal(QDir(dataDir()).filePath(u"journal.sqlite3"_s));
        QVERIFY(journal.open());
        QVERIFY(journal.setTableName(QUuid::fromString(u"50000000-0000-4000-8000-000000000001"_s),
                                     u"named here"_s));
    }
    const QString snapshot = m_dir->filePath(u"live.json"_s);
    run = cli({u"export"_s, u"--base-url"_s, server.baseUrl().toString(), u"--source"_s,
               text(server.sourceId()), u"-o"_s, snapshot},
              server.token());
    QVERIFY2(run.status == 0, qPrintable(run.all()));
    const RelationshipParser::Result parsed = RelationshipParser::parseFile(snapshot);
    QVERIFY(parsed.ok);
    QCOMPARE(parsed.document.catalog.analystTableNames().name(
                 QUuid::fromString(u"50000000-0000-4000-8000-000000000001"_s)),
             u"named here"_s);

    // No token: a usage error before anything is sent.
    run = cli(arguments);
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(u"RELREVIEW_TOKEN"_s), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestCliExportApproved)
#include "tst_cliexportapproved.moc"
