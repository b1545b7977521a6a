// File → Compare with… in the real window: the open snapshot against an earlier list (some of
// its links gone since, some new, some re-decided, under other ids): the diff column, diff:
// filter terms, removed rows greyed and refused by the decide keys, the charts' overlay, the end
// of the comparison; and the review order "most uncertain first" from the filter bar, the View
// menu and the charts' threshold.

#include "FilterQuery.h"
#include "ListComparison.h"
#include "MainWindowFixture.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "RelationshipWriter.h"
#include "ScoreChartsPanel.h"
#include "TestData.h"

#include <QFile>
#include <QHash>
#include <QHeaderView>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

QString pairKey(const Relationship& r)
{
    return r.fromColumnId.toString() + u'|' + r.toTableId.toString() + u'|' + r.toColumnName;
}

bool hasScore(const RelationshipRow& row)
{
    return row.hasScore && !std::isnan(row.score);
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private slots:
    void compareWithAnEarlierList();
    void mostUncertainFirst();

private:
    bool compareWith(MainWindowFixture& fx, const QString& path);
};

// As the analyst does it: File → Compare with…, the file picked in the dialog.
bool TestCompare::compareWith(MainWindowFixture& fx, const QString& path)
{
    QAction* compare = fx.action(u"compareAction"_s);
    if (!compare)
        return false;
    compare->trigger();
    if (!fx.chooseFile(path, u"compareFileDialog"_s))
        return false;
    return QTest::qWaitFor([&] { return fx.model()->isComparing(); }, 20000);
}

void TestCompare::compareWithAnEarlierList()
{
    MainWindowFixture fx;
    const QString path = TestData::writeDemoSnapshot(fx.scratch(), 80);
    QVERIFY(!path.isEmpty());
    QVERIFY(fx.start());
    QVERIFY(fx.openSnapshot(path));
    RelationshipStore* store = fx.store();
    RelationshipTableModel* model = fx.model();
    QCOMPARE(model->columnCount(), int(RelationshipTableModel::ColumnCount));

    // The earlier list: the open one without three links (added since), with another status
    // for two (changed), under new ids, plus four links gone since (removed).
    QHash<QString, int> pairCount;
    for (int row = 0; row < store->size(); ++row)
        ++pairCount[pairKey(store->rows().relationship(row))];
    QList<int> addedRows;
    QList<int> changedRows;
    QList<Relationship> earlier;
    for (int row = 0; row < store->size(); ++row) {
        Relationship r = store->rows().relationship(row);
        const bool unique = pairCount.value(pairKey(r)) == 1;
        if (unique && addedRows.size() < 3 && row % 7 == 1) {
            addedRows.append(row);
            continue;
        }
        r.id = QUuid::createUuid();
        if (unique && changedRows.size() < 2 && row % 5 == 2) {
            changedRows.append(row);
            r.status = r.status == RelationshipStatus::Rejected ? RelationshipStatus::Approved
                                                                : RelationshipStatus::Rejected;
            r.statusText = statusName(r.status);
        }
        earlier.append(r);
    }
    QCOMPARE(addedRows.size(), 3);
    QCOMPARE(changedRows.size(), 2);
    QList<QUuid> removedIds;
    for (int i = 0; i < 4; ++i) {
        Relationship gone = store->rows().relationship(i);
        gone.id = QUuid::createUuid();
        gone.fromColumnId = QUuid::createUuid(); // a pair the open list lacks
        removedIds.append(gone.id);
        earlier.append(gone);
    }
    RelationshipRows earlierRows;
    for (const Relationship& r : std::as_const(earlier))
        earlierRows.append(r);
    const QString earlierPath = fx.scratch().filePath(u"earlier.json"_s);
    {
        QFile file(earlierPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(RelationshipWriter::writeArray(earlierRows, &file));
    }

    QVERIFY(compareWith(fx, earlierPath));
    QCOMPARE(model->columnCount(), int(RelationshipTableModel::ColumnCount) + 1);
    QCOMPARE(model->headerData(RelationshipTableModel::DiffColumn, Qt::Horizontal, Qt::DisplayRole)
                 .toString(),
             u"Change"_s);
    QCOMPARE(fx.rowCount(), store->size() + int(removedIds.size()));
    const auto diffText = [&](int storeRow) {
        return model->index(model->viewRow(storeRow), RelationshipTableModel::DiffColumn)
            .data()
            .toString();
    };
    for (int row : std::as_const(addedRows))
        QCOMPARE(diffText(row), u"added"_s);
    for (int row : std::as_const(changedRows))
        QCOMPARE(diffText(row), u"changed: status"_s);
    QCOMPARE(diffText(0), QString()); // unchanged, under another id
    QTRY_VERIFY(fx.charts()->showsComparedScores());

    // diff:added shows the three, diff:changed the two.
    QVERIFY(fx.applyFilter(u"diff:added"_s));
    std::vector<int> shown = model->visibleRows();
    std::sort(shown.begin(), shown.end());
    QCOMPARE(shown, std::vector<int>(addedRows.cbegin(), addedRows.cend()));
    QCOMPARE(fx.rowCount(), 3); // no removed row among them
    QVERIFY(fx.applyFilter(u"diff:changed"_s));
    QCOMPARE(fx.rowCount(), 2);

    // diff:removed: the earlier list's rows the open one lacks, greyed, without a store row.
    QVERIFY(fx.applyFilter(u"diff:removed"_s));
    QCOMPARE(fx.rowCount(), int(removedIds.size()));
    QVERIFY(model->visibleRows().empty());
    QList<QUuid> shownIds;
    for (int view = 0; view < fx.rowCount(); ++view) {
        const QModelIndex index = model->index(view, 0);
        QVERIFY(index.data(RelationshipTableModel::RemovedRowRole).toBool());
        QCOMPARE(index.data(RelationshipTableModel::StoreRowRole).toInt(), -1);
        QCOMPARE(fx.storeRow(view), -1);
        QCOMPARE(model->index(view, RelationshipTableModel::DiffColumn).data().toString(),
                 u"removed"_s);
        shownIds.append(index.data(RelationshipTableModel::RelationshipIdRole).toUuid());
    }
    QCOMPARE(shownIds, removedIds);
    // Another term narrows them as it narrows any row.
    QVERIFY(fx.applyFilter(u"diff:removed id:"_s +
                           removedIds.first().toString(QUuid::WithoutBraces).left(8)));
    QCOMPARE(fx.rowCount(), 1);

    // Deciding a removed row is refused, with a message; nothing is recorded.
    QVERIFY(fx.applyFilter(u"diff:removed"_s));
    fx.focusRow(0);
    QTest::keyClick(fx.table(), Qt::Key_A);
    QTRY_VERIFY2(fx.statusMessage().contains(u"cannot be decided"_s),
                 qPrintable(fx.statusMessage()));
    QCOMPARE(store->pendingCount(), 0);
    QVERIFY(fx.model()->index(0, 0).data(RelationshipTableModel::RemovedRowRole).toBool());

    // -diff:removed hides them; a row of the open list is decided as ever.
    QVERIFY(fx.applyFilter(u"-diff:removed"_s));
    QCOMPARE(fx.rowCount(), store->size());

    // The end of the comparison: no diff column, no removed rows, diff: terms match nothing.
    QAction* end = fx.action(u"endComparisonAction"_s);
    QVERIFY(end && end->isEnabled());
    end->trigger();
    QTRY_VERIFY(!model->isComparing());
    QCOMPARE(model->columnCount(), int(RelationshipTableModel::ColumnCount));
    QVERIFY(fx.applyFilter(u"diff:removed,added,changed,unchanged"_s));
    QCOMPARE(fx.rowCount(), 0);
    QVERIFY(!fx.charts()->showsComparedScores());
    QVERIFY(!end->isEnabled());
}

void TestCompare::mostUncertainFirst()
{
    MainWindowFixture fx;
    const QString path = TestData::writeDemoSnapshot(fx.scratch(), 300);
    QVERIFY(!path.isEmpty());
    QVERIFY(fx.start());
    QVERIFY(fx.openSnapshot(path));
    RelationshipStore* store = fx.store();
    RelationshipTableModel* model = fx.model();
    QAction* action = fx.action(u"uncertainOrderAction"_s);
    QVERIFY(action);
    QVERIFY(!action->isChecked());
    const int sortBefore = model->sortColumn();
    const Qt::SortOrder orderBefore = model->sortOrder();

    // The reference: scored rows by distance from the threshold (ties in store order), then
    // the unscored in store order.
    const auto expectedOrder = [&](double threshold) {
        std::vector<int> rows(size_t(store->size()));
        std::iota(rows.begin(), rows.end(), 0);
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
            const RelationshipRow& ra = store->rows().row(a);
            const RelationshipRow& rb = store->rows().row(b);
            if (hasScore(ra) != hasScore(rb))
                return hasScore(ra);
            if (!hasScore(ra))
                return false;
            return std::fabs(ra.score - threshold) < std::fabs(rb.score - threshold);
        });
        return rows;
    };

    fx.charts()->setThreshold(0.6);
    QVERIFY(fx.applyFilter(u"order:uncertain"_s));
    QTRY_COMPARE(model->sortColumn(), RelationshipTableModel::UncertaintyOrder);
    QTRY_VERIFY(!model->isSorting());
    QCOMPARE(model->visibleRows(), expectedOrder(0.6));
    QVERIFY(action->isChecked());
    QVERIFY(!fx.table()->horizontalHeader()->isSortIndicatorShown());
    // The row nearest the threshold is the first.
    const RelationshipRow& first = store->rows().row(fx.storeRow(0));
    for (int row = 0; row < store->size(); ++row) {
        if (hasScore(store->rows().row(row)))
            QVERIFY(std::fabs(first.score - 0.6) <= std::fabs(store->rows().row(row).score - 0.6));
    }

    // The threshold moves: the order follows it.
    fx.charts()->setThreshold(0.3);
    QTRY_COMPARE(model->visibleRows(), expectedOrder(0.3));

    // With another term the order stays; without the term the sort before it comes back.
    QVERIFY(fx.applyFilter(u"order:uncertain score>0.2"_s));
    QCOMPARE(model->sortColumn(), RelationshipTableModel::UncertaintyOrder);
    QVERIFY(fx.applyFilter(QString()));
    QTRY_COMPARE(model->sortColumn(), sortBefore);
    QCOMPARE(model->sortOrder(), orderBefore);
    QVERIFY(!action->isChecked());
    QVERIFY(fx.table()->horizontalHeader()->isSortIndicatorShown());

    // The same order from the View menu, and a header click leaves it.
    action->trigger();
    QTRY_COMPARE(model->sortColumn(), RelationshipTableModel::UncertaintyOrder);
    QTRY_COMPARE(model->visibleRows(), expectedOrder(0.3));
    fx.table()->sortByColumn(RelationshipTableModel::FromColumn, Qt::AscendingOrder);
    QTRY_COMPARE(model->sortColumn(), int(RelationshipTableModel::FromColumn));
    QVERIFY(!action->isChecked());

    // A negated order is refused by the filter bar, as any invalid query.
    QVERIFY(!FilterQuery::parse(u"-order:uncertain"_s).isValid());
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
