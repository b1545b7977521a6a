// File → Import table names… and File → Export approved… in the real window: a bad names file is
// refused with a message naming the line and column and changes nothing; a good one names the
// table at once (and again after a restart: the journal keeps it); the export dialog has a title
// and a sensible size, counts what it will write and what it leaves out, and writes the file.
#include "ColumnCatalog.h"
#include "ExportApprovedDialog.h"
#include "MainWindow.h"
#include "MainWindowFixture.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"
#include "SnapshotWriter.h"
#include "TableNameStore.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QUuid OrdersTable = QUuid::fromString(u"10000000-0000-4000-8000-000000000001"_s);
const QUuid CustomersTable = QUuid::fromString(u"10000000-0000-4000-8000-000000000002"_s);
const QUuid UnnamedTable = QUuid::fromString(u"10000000-0000-4000-8000-000000000004"_s);
const QUuid CustId = QUuid::fromString(u"20000000-0000-4000-8000-000000000001"_s);

QUuid rowId(int n)
{
    return QUuid::fromString(u"30000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0')));
}

Relationship row(int n, RelationshipStatus status, const QUuid& toTable, const QString& toColumn)
{
    Relationship r;
    r.id = rowId(n);
    r.integrationSourceId = QUuid::fromString(u"40000000-0000-4000-8000-000000000001"_s);
    r.fromColumnId = CustId;
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

} // namespace

class TestExportApproved : public QObject
{
    Q_OBJECT

private slots:
    void importNamesThenExport();

private:
    QString writeSnapshot(const QString& folder);
    bool importNames(MainWindowFixture& fixture, const QString& path);
};

QString TestExportApproved::writeSnapshot(const QString& folder)
{
    // orders.cust_id -> customers.id (approved), -> customers.legacy_id (suggested), and
    // -> a table nobody named yet (approved).
    RelationshipRows rows;
    rows.append(row(1, RelationshipStatus::Approved, CustomersTable, u"id"_s));
    rows.append(row(2, RelationshipStatus::Suggested, CustomersTable, u"legacy_id"_s));
    rows.append(row(3, RelationshipStatus::Approved, UnnamedTable, u"id"_s));
    ColumnCatalog catalog;
    ColumnInfo custId;
    custId.id = CustId;
    custId.name = u"cust_id"_s;
    custId.tableId = OrdersTable;
    catalog.insertColumn(custId);
    catalog.setTableName(OrdersTable, u"orders"_s);
    catalog.setTableName(CustomersTable, u"customers"_s);
    SnapshotSource source;
    source.baseUrl = u"http://127.0.0.1:9"_s;
    source.integrationSourceId = rows.relationship(0).integrationSourceId;
    const QString path = folder + u"/snapshot.json"_s;
    QString error;
    if (!SnapshotWriter::writeFile(path, rows, catalog, source, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return path;
}

// As the analyst does it: File → Import table names…, the file picked in the file dialog.
bool TestExportApproved::importNames(MainWindowFixture& fixture, const QString& path)
{
    QAction* action = fixture.action(u"importTableNamesAction"_s);
    if (!action) {
        return false;
    }
    action->trigger();
    return fixture.chooseFile(path, u"importTableNamesFileDialog"_s);
}

void TestExportApproved::importNamesThenExport()
{
    MainWindowFixture fixture;
    QVERIFY(fixture.start());
    const QString snapshot = writeSnapshot(fixture.scratch().path());
    QVERIFY(!snapshot.isEmpty());
    QVERIFY2(fixture.openSnapshot(snapshot), qPrintable(fixture.lastLoadMessage()));
    RelationshipStore* store = fixture.store();
    QCOMPARE(store->catalog().tableLabel(UnnamedTable), shortId(UnnamedTable));

    // The export dialog before any name: one written, one left out.
    QAction* exportAction = fixture.action(u"exportApprovedAction"_s);
    QVERIFY(exportAction);
    QVERIFY(exportAction->isEnabled());
    exportAction->trigger();
    ExportApprovedDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = fixture.window()->findChild<ExportApprovedDialog*>()) &&
                dialog->isVisible());
    QCOMPARE(dialog->windowTitle(), u"Export approved relationships"_s);
    QVERIFY(dialog->width() >= 520 && dialog->height() >= 200);
    QVERIFY(dialog->width() <= 1000 && dialog->height() <= 700);
    QTRY_VERIFY(dialog->isSelectionReady());
    auto* summary = dialog->findChild<QLabel*>(u"exportSummary"_s);
    QVERIFY(summary);
    QCOMPARE(summary->text(),
             u"1 approved relationship(s) will be written.\n1 left out: a table or column name "
             "is unknown (File → Import table names… names the tables)."_s);
    auto* dialect = dialog->findChild<QComboBox*>(u"exportDialect"_s);
    QVERIFY(dialect && !dialect->isEnabled()); // dbt first: no dialect
    dialog->reject();
    QTRY_VERIFY(!fixture.window()->findChild<ExportApprovedDialog*>());

    // A bad names file: refused, named, and nothing changes.
    const QString bad = fixture.scratch().filePath(u"bad.csv"_s);
    QVERIFY(writeFile(bad, "table_id,name\nnot-a-uuid,orders\n"));
    QVERIFY(importNames(fixture, bad));
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = fixture.window()->findChild<QMessageBox*>(u"tableNamesErrorBox"_s)) &&
                box->isVisible());
    QCOMPARE(box->informativeText(),
             bad + u": line 2, column 1 (table_id): 'not-a-uuid' is not a table id (a UUID)"_s);
    box->accept();
    QCOMPARE(store->catalog().tableLabel(UnnamedTable), shortId(UnnamedTable));
    QVERIFY(fixture.session()->tableNames()->names().isEmpty());

    // A good one names the table at once.
    const QString good = fixture.scratch().filePath(u"names.csv"_s);
    QVERIFY(writeFile(good, "table_id,name\n" +
                                UnnamedTable.toString(QUuid::WithoutBraces).toUtf8() +
                                ",\"invoices\"\n"));
    QVERIFY(importNames(fixture, good));
    // (The import commits to the journal first: a loaded machine's fsync can take seconds.)
    QTRY_COMPARE_WITH_TIMEOUT(store->catalog().tableName(UnnamedTable), u"invoices"_s, 20000);
    QTRY_VERIFY(fixture.statusMessage().contains(u"1 table name(s) imported"_s));

    // Approve the suggested one here (pending in the journal), then export SQL for PostgreSQL.
    const std::optional<int> suggested = store->rows().rowOf(rowId(2));
    QVERIFY(suggested);
    fixture.session()->decide({*suggested}, RelationshipStatus::Approved);
    exportAction->trigger();
    QTRY_VERIFY((dialog = fixture.window()->findChild<ExportApprovedDialog*>()) &&
                dialog->isVisible());
    QTRY_VERIFY(dialog->isSelectionReady());
    summary = dialog->findChild<QLabel*>(u"exportSummary"_s);
    QCOMPARE(summary->text(), u"3 approved relationship(s) will be written."_s);
    // Only what the server confirmed: the pending approval goes.
    auto* confirmedOnly = dialog->findChild<QCheckBox*>(u"exportConfirmedOnly"_s);
    QVERIFY(confirmedOnly);
    confirmedOnly->click();
    QTRY_VERIFY(dialog->isSelectionReady());
    QCOMPARE(dialog->writtenCount(), 2);
    confirmedOnly->click();
    QTRY_VERIFY(dialog->isSelectionReady());
    QCOMPARE(dialog->writtenCount(), 3);

    auto* format = dialog->findChild<QComboBox*>(u"exportFormat"_s);
    dialect = dialog->findChild<QComboBox*>(u"exportDialect"_s);
    QVERIFY(format && dialect);
    format->setCurrentIndex(format->findData(int(ApprovedExport::Format::Sql)));
    QVERIFY(dialect->isEnabled());
    dialect->setCurrentIndex(dialect->findData(int(ApprovedExport::Dialect::Postgres)));
    auto* path = dialog->findChild<QLineEdit*>(u"exportPath"_s);
    QVERIFY(path);
    QVERIFY2(path->text().endsWith(u"/approved.sql"_s), qPrintable(path->text()));
    const QString output = fixture.scratch().filePath(u"fk.sql"_s);
    path->setText(output);
    auto* exportButton = dialog->findChild<QPushButton*>(u"exportButton"_s);
    QVERIFY(exportButton && exportButton->isEnabled());
    exportButton->click();
    QTRY_VERIFY(!fixture.window()->findChild<ExportApprovedDialog*>());
    QFile file(output);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()),
             u"-- 3 approved relationship(s) as foreign keys (postgres)\n"
             "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers FOREIGN KEY (cust_id) "
             "REFERENCES customers (id);\n"
             "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers_2 FOREIGN KEY "
             "(cust_id) REFERENCES customers (legacy_id);\n"
             "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_invoices FOREIGN KEY (cust_id) "
             "REFERENCES invoices (id);\n"_s);
    QTRY_VERIFY(fixture.statusMessage().contains(u"3 approved relationship(s) written to"_s));

    // The journal keeps the name: the next run shows it before the list is opened again.
    QVERIFY(fixture.restart());
    QCOMPARE(fixture.session()->tableNames()->names().name(UnnamedTable), u"invoices"_s);
    QVERIFY2(fixture.openSnapshot(snapshot), qPrintable(fixture.lastLoadMessage()));
    QCOMPARE(fixture.store()->catalog().tableName(UnnamedTable), u"invoices"_s);
}

QTEST_MAIN(TestExportApproved)
#include "tst_exportapproved.moc"
