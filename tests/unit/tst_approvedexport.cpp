// The exports of approved relationships: which rows count as approved after the journal's
// decisions, and each format: SQL (every dialect), Mermaid and CSV against exact expected text,
// the dbt schema.yml read back by a real YAML parser (python3 with PyYAML, run as a process).
#include "ApprovedExport.h"
#include "ApprovedRelationships.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Jan2 = 1704164645000; // 2024-01-02T03:04:05Z

QUuid uuid(int n)
{
    return QUuid::fromString(u"00000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0')));
}

ApprovedRelationship entry(int n, const QString& fromTable, const QString& fromColumn,
                           const QString& toTable, const QString& toColumn)
{
    ApprovedRelationship e;
    e.relationshipId = uuid(n);
    e.fromTable = fromTable;
    e.fromColumn = fromColumn;
    e.toTable = toTable;
    e.toColumn = toColumn;
    e.type = u"INFERRED"_s;
    e.score = 0.93;
    e.decidedAtMs = Jan2;
    return e;
}

// orders.cust_id -> customers.id and customers.legacy_id (one column, two tests, two constraints
// whose names would collide), and a schema-qualified table with a space, a reserved word and an
// upper-case column, pending, with a reason a spreadsheet would run.
QList<ApprovedRelationship> sample()
{
    ApprovedRelationship lines =
        entry(2, u"analytics.Order Lines"_s, u"order"_s, u"orders"_s, u"ID"_s);
    lines.type = u"MANUAL"_s;
    lines.score.reset();
    lines.confirmed = false;
    lines.decidedAtMs = Jan2 + 1000;
    lines.reason = u"=cmd, \"x\""_s;
    ApprovedRelationship legacy =
        entry(3, u"orders"_s, u"cust_id"_s, u"customers"_s, u"legacy_id"_s);
    legacy.score = 0.5;
    return {entry(1, u"orders"_s, u"cust_id"_s, u"customers"_s, u"id"_s), legacy, lines};
}

Relationship row(int n, RelationshipStatus status, const QUuid& fromColumn, const QUuid& toTable)
{
    Relationship r;
    r.id = uuid(n);
    r.integrationSourceId = uuid(999);
    r.fromColumnId = fromColumn;
    r.toTableId = toTable;
    r.toColumnName = u"id"_s;
    r.createdAtMs = r.updatedAtMs = Jan2 - 100000;
    r.createdAtText = r.updatedAtText = formatTimestamp(r.createdAtMs);
    r.typeText = u"INFERRED"_s;
    r.status = status;
    r.statusText = statusName(status);
    r.score = 0.5 + n / 100.0;
    r.hasScore = true;
    return r;
}

DecisionRecord decision(int n, RelationshipStatus status, DecisionState state)
{
    DecisionRecord record;
    record.id = n;
    record.relationshipId = uuid(n);
    record.status = statusName(status);
    record.state = state;
    record.createdMs = Jan2 + n;
    if (state == DecisionState::Confirmed)
        record.confirmedUpdatedMs = Jan2 + 50;
    return record;
}

} // namespace

class TestApprovedExport : public QObject
{
    Q_OBJECT

private slots:
    void selectsTheStatusAfterTheJournal()
    {
        const QUuid ordersTable = uuid(100), customersTable = uuid(101), unnamedTable = uuid(102);
        const QUuid custId = uuid(200), unknownColumn = uuid(201);
        ColumnCatalog catalog;
        ColumnInfo column;
        column.id = custId;
        column.name = u"cust_id"_s;
        column.tableId = ordersTable;
        catalog.insertColumn(column);
        TableNames names;
        names.set(ordersTable, u"orders"_s);
        names.set(customersTable, u"customers"_s);
        catalog.setAnalystTableNames(names);

        RelationshipRows rows;
        rows.append(row(1, RelationshipStatus::Approved, custId, customersTable));  // as is
        rows.append(row(2, RelationshipStatus::Suggested, custId, customersTable)); // pending
        rows.append(row(3, RelationshipStatus::Approved, custId, customersTable));  // rejected
        rows.append(row(4, RelationshipStatus::Suggested, custId, customersTable)); // confirmed
        rows.append(row(5, RelationshipStatus::Suggested, custId, customersTable)); // failed
        rows.append(row(6, RelationshipStatus::Approved, custId, customersTable));  // gone
        rows.append(row(7, RelationshipStatus::Approved, custId, unnamedTable));    // to unnamed
        rows.append(row(8, RelationshipStatus::Approved, unknownColumn, customersTable));
        const QList<DecisionRecord> decisions = {
            decision(2, RelationshipStatus::Approved, DecisionState::Pending),
            decision(3, RelationshipStatus::Rejected, DecisionState::Sending),
            decision(4, RelationshipStatus::Approved, DecisionState::Confirmed),
            decision(5, RelationshipStatus::Approved, DecisionState::Failed),
            decision(6, RelationshipStatus::Approved, DecisionState::Gone),
        };

        const ApprovedRelationships all =
            ApprovedRelationships::select(rows, catalog, decisions, false);
        QList<QUuid> ids;
        for (const ApprovedRelationship& e : all.entries)
            ids.append(e.relationshipId);
        QCOMPARE(ids, (QList<QUuid>{uuid(1), uuid(2), uuid(4)}));
        QCOMPARE(all.approved, 5);
        QCOMPARE(all.unnamed, 2);
        QVERIFY(all.leftOutMessage().contains(u"2 approved relationship"_s));
        const ApprovedRelationship& pending = all.entries[1];
        QCOMPARE(pending.fromTable, u"orders"_s);
        QCOMPARE(pending.fromColumn, u"cust_id"_s);
        QCOMPARE(pending.toTable, u"customers"_s);
        QCOMPARE(pending.toColumn, u"id"_s);
        QVERIFY(!pending.confirmed);
        QCOMPARE(pending.decidedAtMs, Jan2 + 2);
        QVERIFY(all.entries[0].confirmed);
        QCOMPARE(all.entries[0].decidedAtMs, Jan2 - 100000); // the server's updated_at
        QVERIFY(all.entries[0].score && qFuzzyCompare(*all.entries[0].score, 0.51));
        QVERIFY(all.entries[2].confirmed);
        QCOMPARE(all.entries[2].decidedAtMs, Jan2 + 4);

        const ApprovedRelationships confirmed =
            ApprovedRelationships::select(rows, catalog, decisions, true);
        ids.clear();
        for (const ApprovedRelationship& e : confirmed.entries)
            ids.append(e.relationshipId);
        QCOMPARE(ids, (QList<QUuid>{uuid(1), uuid(4)}));
        QCOMPARE(confirmed.unnamed, 2);
        QCOMPARE(confirmed.approved, 4);
    }

    void sql_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("expected");
        QTest::newRow("generic")
            << int(ApprovedExport::Dialect::Generic)
            << u"-- 3 approved relationship(s) as foreign keys (generic)\n"
               "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers FOREIGN KEY "
               "(cust_id) REFERENCES customers (id);\n"
               "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers_2 FOREIGN KEY "
               "(cust_id) REFERENCES customers (legacy_id);\n"
               "ALTER TABLE analytics.\"Order Lines\" ADD CONSTRAINT fk_order_lines_order_orders "
               "FOREIGN KEY (\"order\") REFERENCES orders (ID);\n"_s;
        QTest::newRow("postgres")
            << int(ApprovedExport::Dialect::Postgres)
            << u"-- 3 approved relationship(s) as foreign keys (postgres)\n"
               "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers FOREIGN KEY "
               "(cust_id) REFERENCES customers (id);\n"
               "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers_2 FOREIGN KEY "
               "(cust_id) REFERENCES customers (legacy_id);\n"
               "ALTER TABLE analytics.\"Order Lines\" ADD CONSTRAINT fk_order_lines_order_orders "
               "FOREIGN KEY (\"order\") REFERENCES orders (\"ID\");\n"_s;
        QTest::newRow("snowflake")
            << int(ApprovedExport::Dialect::Snowflake)
            << u"-- 3 approved relationship(s) as foreign keys (snowflake)\n"
               "ALTER TABLE \"orders\" ADD CONSTRAINT fk_orders_cust_id_customers FOREIGN KEY "
               "(\"cust_id\") REFERENCES \"customers\" (\"id\") NOT ENFORCED;\n"
               "ALTER TABLE \"orders\" ADD CONSTRAINT fk_orders_cust_id_customers_2 FOREIGN KEY "
               "(\"cust_id\") REFERENCES \"customers\" (\"legacy_id\") NOT ENFORCED;\n"
               "ALTER TABLE \"analytics\".\"Order Lines\" ADD CONSTRAINT "
               "fk_order_lines_order_orders FOREIGN KEY (\"order\") REFERENCES \"orders\" (ID) "
               "NOT ENFORCED;\n"_s;
        QTest::newRow("bigquery")
            << int(ApprovedExport::Dialect::BigQuery)
            << u"-- 3 approved relationship(s) as foreign keys (bigquery)\n"
               "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers FOREIGN KEY "
               "(cust_id) REFERENCES customers (id) NOT ENFORCED;\n"
               "ALTER TABLE orders ADD CONSTRAINT fk_orders_cust_id_customers_2 FOREIGN KEY "
               "(cust_id) REFERENCES customers (legacy_id) NOT ENFORCED;\n"
               "ALTER TABLE analytics.`Order Lines` ADD CONSTRAINT fk_order_lines_order_orders "
               "FOREIGN KEY (`order`) REFERENCES orders (ID) NOT ENFORCED;\n"_s;
    }

    void sql()
    {
        QFETCH(int, dialect);
        QFETCH(QString, expected);
        QCOMPARE(ApprovedExport::sql(sample(), ApprovedExport::Dialect(dialect)), expected);
    }

    void identifiersAreQuotedSafely()
    {
        using D = ApprovedExport::Dialect;
        QCOMPARE(ApprovedExport::quoteIdentifier(u"a\"b"_s, D::Postgres), u"\"a\"\"b\""_s);
        QCOMPARE(ApprovedExport::quoteIdentifier(u"a`b\\"_s, D::BigQuery), u"`a\\`b\\\\`"_s);
        QCOMPARE(ApprovedExport::quoteIdentifier(u"1st"_s, D::Generic), u"\"1st\""_s);
        QCOMPARE(ApprovedExport::quoteIdentifier(u"select"_s, D::Generic), u"\"select\""_s);
        QCOMPARE(ApprovedExport::quoteIdentifier(u"ORDERS"_s, D::Snowflake), u"ORDERS"_s);
        QCOMPARE(ApprovedExport::quoteIdentifier(u"Orders"_s, D::Postgres), u"\"Orders\""_s);
        QCOMPARE(ApprovedExport::quoteIdentifier(u"naïve"_s, D::Generic), u"\"naïve\""_s);
    }

    void constraintNamesStayShortAndUnique()
    {
        const QString longName(80, u'a');
        QList<ApprovedRelationship> entries = {
            entry(1, longName, u"c"_s, u"t"_s, u"x"_s),
            entry(2, longName, u"c"_s, u"t"_s, u"y"_s),
            entry(3, u"Ünïcode tàble"_s, u"c"_s, u"t"_s, u"x"_s),
        };
        const QStringList lines =
            ApprovedExport::sql(entries, ApprovedExport::Dialect::Generic).split(u'\n');
        QStringList names;
        for (const QString& line : lines) {
            if (!line.startsWith(u"ALTER"_s))
                continue;
            const QString name = line.section(u" ADD CONSTRAINT "_s, 1).section(u' ', 0, 0);
            QVERIFY2(name.size() <= 63, qPrintable(name));
            for (const QChar c : name)
                QVERIFY2(c.isDigit() || (c >= u'a' && c <= u'z') || c == u'_', qPrintable(name));
            names.append(name);
        }
        QCOMPARE(names.size(), 3);
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), 3);
        QCOMPARE(names[2], u"fk_n_code_t_ble_c_t"_s);
    }

    void mermaid()
    {
        QCOMPARE(ApprovedExport::mermaid(sample()),
                 u"erDiagram\n"
                 "    orders }o--|| customers : \"cust_id -> id\"\n"
                 "    orders }o--|| customers : \"cust_id -> legacy_id\"\n"
                 "    analytics_Order_Lines }o--|| orders : \"order -> ID\"\n"_s);
        // Names that sanitize alike stay apart; a leading digit gets an underscore; quotes in a
        // label do not end it.
        QCOMPARE(ApprovedExport::mermaid({entry(1, u"a.b"_s, u"say \"hi\""_s, u"a_b"_s, u"x"_s),
                                          entry(2, u"9lives"_s, u"c"_s, u"a.b"_s, u"x"_s)}),
                 u"erDiagram\n"
                 "    a_b }o--|| a_b_2 : \"say 'hi' -> x\"\n"
                 "    _9lives }o--|| a_b : \"c -> x\"\n"_s);
    }

    void csv()
    {
        const QString header = u"from_table,from_column,to_table,to_column,type,score,status,"
                               "decided_at,reason,delivery,relationship_id\n"_s;
        QCOMPARE(ApprovedExport::csv(sample()),
                 header +
                     u"orders,cust_id,customers,id,INFERRED,0.93,APPROVED,2024-01-02T03:04:05Z,,"
                     "confirmed,00000000-0000-4000-8000-000000000001\n"
                     "orders,cust_id,customers,legacy_id,INFERRED,0.5,APPROVED,"
                     "2024-01-02T03:04:05Z,,confirmed,00000000-0000-4000-8000-000000000003\n"
                     "analytics.Order Lines,order,orders,ID,MANUAL,,APPROVED,2024-01-02T03:04:06Z,"
                     "\"'=cmd, \"\"x\"\"\",pending,00000000-0000-4000-8000-000000000002\n"_s);
        QCOMPARE(ApprovedExport::csv({}), header);
    }

    void dbtReadsBackWithAYamlParser()
    {
        QList<ApprovedRelationship> entries = sample();
        // Names YAML would read as something else, or that end a Jinja string.
        entries.append(entry(4, u"O'Brien: #1"_s, u"yes"_s, u"O'Brien\\x"_s, u"on"_s));
        entries.append(entry(5, u"null"_s, u"123"_s, u"t"_s, u"- x"_s));
        const QString yaml = ApprovedExport::dbt(entries);

        QProcess python;
        python.start(u"python3"_s,
                     {u"-c"_s, u"import sys, json, yaml\n"
                               "print(json.dumps(yaml.safe_load(sys.stdin.read())))"_s});
        QVERIFY2(python.waitForStarted(), "python3 is needed (scripts/deps.sh installs it)");
        python.write(yaml.toUtf8());
        python.closeWriteChannel();
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitCode() == 0,
                 qPrintable(u"python3 with PyYAML (python3-yaml, scripts/deps.sh) could not read "
                            "the file:\n"_s +
                            QString::fromUtf8(python.readAllStandardError()) + u'\n' + yaml));
        QJsonParseError error;
        const QJsonDocument parsed =
            QJsonDocument::fromJson(python.readAllStandardOutput(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));

        const auto test = [](const QString& to, const QString& field) {
            return QJsonObject{
                {u"relationships"_s, QJsonObject{{u"to"_s, to}, {u"field"_s, field}}}};
        };
        const auto column = [](const QString& name, const QJsonArray& tests) {
            return QJsonObject{{u"name"_s, name}, {u"tests"_s, tests}};
        };
        const auto model = [](const QString& name, const QJsonArray& columns) {
            return QJsonObject{{u"name"_s, name}, {u"columns"_s, columns}};
        };
        const QJsonObject expected{
            {u"version"_s, 2},
            {u"models"_s,
             QJsonArray{
                 model(u"orders"_s,
                       {column(u"cust_id"_s, {test(u"ref('customers')"_s, u"id"_s),
                                              test(u"ref('customers')"_s, u"legacy_id"_s)})}),
                 model(u"analytics.Order Lines"_s,
                       {column(u"order"_s, {test(u"ref('orders')"_s, u"ID"_s)})}),
                 model(u"O'Brien: #1"_s,
                       {column(u"yes"_s, {test(u"ref('O\\'Brien\\\\x')"_s, u"on"_s)})}),
                 model(u"null"_s, {column(u"123"_s, {test(u"ref('t')"_s, u"- x"_s)})}),
             }},
        };
        QCOMPARE(parsed.object(), expected);
        QVERIFY2(yaml.startsWith(u"version: 2\n\nmodels:\n  - name: orders\n"_s), qPrintable(yaml));
        QCOMPARE(ApprovedExport::dbt({}), u"version: 2\n\nmodels: []\n"_s);
    }

    void namesOfFormatsAndDialects()
    {
        QCOMPARE(ApprovedExport::formatFromName(u"DBT"_s), ApprovedExport::Format::Dbt);
        QCOMPARE(ApprovedExport::formatFromName(u"yaml"_s), std::nullopt);
        QCOMPARE(ApprovedExport::dialectFromName(u"bigquery"_s), ApprovedExport::Dialect::BigQuery);
        QCOMPARE(ApprovedExport::dialectName(ApprovedExport::Dialect::Snowflake), u"snowflake"_s);
    }
};

QTEST_GUILESS_MAIN(TestApprovedExport)
#include "tst_approvedexport.moc"
