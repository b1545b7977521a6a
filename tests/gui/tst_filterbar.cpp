#include "DemoDataGenerator.h"
#include "FilterBar.h"
#include "FilterEvaluation.h"
#include "FilterQuery.h"
#include "FilterRunner.h"
#include "MainWindowFixture.h"
#include "ReferenceFilter.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "TestData.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// The real main window with `count` generated relationships opened from a snapshot file: its
// filter bar over its table.
struct Window : MainWindowFixture
{
    FilterBar* bar = nullptr;
    QString path;

    bool open(int count)
    {
        path = TestData::writeDemoSnapshot(scratch(), count);
        return !path.isEmpty() && start() && reopen(false);
    }

    // The same file again; `restarting`: in the next run of the application.
    bool reopen(bool restarting = true)
    {
        if (restarting && !restart())
            return false;
        if (!openSnapshot(path))
            return false;
        bar = filterBar();
        return bar != nullptr;
    }

    // The store rows the query keeps, in store order.
    std::vector<int> expected(const QString& text) const
    {
        const FilterQuery query = FilterQuery::parse(text);
        std::vector<int> rows;
        for (int row = 0; row < store()->size(); ++row) {
            if (ReferenceFilter::matches(query, *store(), row))
                rows.push_back(row);
        }
        return rows;
    }

    std::vector<int> shown() const
    {
        std::vector<int> rows = model()->visibleRows();
        std::sort(rows.begin(), rows.end());
        return rows;
    }

    QLabel* hint() const { return bar->findChild<QLabel*>(u"filterHint"_s); }
};

} // namespace

class TestFilterBar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void typingFilters();
    void badQueryKeepsLastValidFilter();
    void completesNamesAndValues();
    void completesTableNames();
    void enterRemembersHistory();
    void savedFiltersApplyFromTheMenu();
    void largeListsFilterOnAWorker();
    void decisionsDuringAWorkerPassAreCounted();
    void queryWaitsForANewListsColumns();
    void escapeAndEnterFinishEditing();
    void screenshots();
};

void TestFilterBar::initTestCase()
{
    QCoreApplication::setOrganizationName(u"relreview-tests"_s);
    QCoreApplication::setApplicationName(u"tst_filterbar"_s);
}

void TestFilterBar::init()
{
    QSettings().clear();
}

void TestFilterBar::typingFilters()
{
    Window window;
    QVERIFY(window.open(1500));
    QSignalSpy applied(window.bar, &FilterBar::filterApplied);
    window.bar->focusFilter();
    QTest::keyClicks(window.bar->lineEdit(), u"status:suggested score>=0.8"_s);
    QVERIFY(applied.wait());
    QCOMPARE(window.bar->appliedQuery(), u"status:suggested score>=0.8"_s);
    const std::vector<int> expected = window.expected(u"status:suggested score>=0.8"_s);
    QVERIFY(!expected.empty() && int(expected.size()) < window.store()->size());
    QCOMPARE(window.shown(), expected);
    QVERIFY(window.hint()->text().contains(QLocale().toString(int(expected.size()))));

    // Clearing shows every row again.
    window.bar->lineEdit()->clear();
    QTRY_COMPARE(window.model()->rowCount(), window.store()->size());
}

void TestFilterBar::badQueryKeepsLastValidFilter()
{
    Window window;
    QVERIFY(window.open(800));
    window.bar->setText(u"type:inferred"_s);
    const std::vector<int> valid = window.shown();
    QCOMPARE(valid, window.expected(u"type:inferred"_s));

    QSignalSpy applied(window.bar, &FilterBar::filterApplied);
    window.bar->focusFilter();
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_End);
    QTest::keyClicks(window.bar->lineEdit(), u" score>="_s);
    QTRY_VERIFY(window.bar->hasError());
    QCOMPARE(window.bar->errorText(), u"position 22: expected a number after 'score>='"_s);
    QVERIFY(window.hint()->text().startsWith(window.bar->errorText()));
    QCOMPARE(window.shown(), valid);
    QCOMPARE(window.bar->appliedQuery(), u"type:inferred"_s);
    QCOMPARE(applied.count(), 0);

    // Finishing the term applies it and the error goes.
    QTest::keyClicks(window.bar->lineEdit(), u"0.9"_s);
    QVERIFY(applied.wait());
    QVERIFY(!window.bar->hasError());
    QCOMPARE(window.shown(), window.expected(u"type:inferred score>=0.9"_s));
    QVERIFY(!window.hint()->text().contains(u"position"_s));
}

void TestFilterBar::completesNamesAndValues()
{
    Window window;
    QVERIFY(window.open(300));
    QLineEdit* edit = window.bar->lineEdit();
    window.bar->focusFilter();
    QTest::keyClicks(edit, u"sta"_s);
    QAbstractItemView* popup = window.bar->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(window.bar->currentCompletion().candidates, QStringList{u"status:"_s});

    // Enter on the popup takes the candidate, and the values follow.
    popup->setCurrentIndex(window.bar->completer()->completionModel()->index(0, 0));
    QTest::keyClick(popup, Qt::Key_Return);
    QCOMPARE(edit->text(), u"status:"_s);
    QTRY_VERIFY(popup->isVisible());
    QVERIFY(window.bar->currentCompletion().candidates.contains(u"status:approved"_s));

    QTest::keyClicks(edit, u"app"_s);
    QTRY_COMPARE(window.bar->currentCompletion().candidates, QStringList{u"status:approved"_s});
    popup->setCurrentIndex(window.bar->completer()->completionModel()->index(0, 0));
    QTest::keyClick(popup, Qt::Key_Return);
    QCOMPARE(edit->text(), u"status:approved "_s);
    QTRY_COMPARE(window.bar->appliedQuery(), u"status:approved"_s);
}

void TestFilterBar::completesTableNames()
{
    Window window;
    QVERIFY(window.open(300));
    const QList<QString> tables = window.store()->catalog().tableNames().values();
    QVERIFY(!tables.isEmpty());
    const QString table = tables.first();
    const FilterCompletion completion =
        FilterSuggestions::complete(u"-to:"_s + table.left(2), 6, window.store());
    QVERIFY(completion.candidates.contains(u"-to:"_s + table));
    for (const QString& candidate : completion.candidates)
        QVERIFY(candidate.startsWith(u"-to:"_s + table.left(2), Qt::CaseInsensitive));
    // Ctrl+Space lists them on demand.
    window.bar->lineEdit()->setText(u"to:"_s);
    window.bar->focusFilter();
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_End);
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_Space, Qt::ControlModifier);
    QTRY_VERIFY(window.bar->completer()->popup()->isVisible());
    QVERIFY(window.bar->currentCompletion().candidates.contains(u"to:"_s + table));
}

void TestFilterBar::enterRemembersHistory()
{
    Window window;
    QVERIFY(window.open(300));
    window.bar->focusFilter();
    QTest::keyClicks(window.bar->lineEdit(), u"type:manual"_s);
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(window.bar->library().history(), QStringList{u"type:manual"_s});
    window.bar->focusFilter();
    QTest::keyClicks(window.bar->lineEdit(), u"score<0.5"_s);
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(window.bar->library().history(), (QStringList{u"score<0.5"_s, u"type:manual"_s}));
    // A bad query is not remembered.
    window.bar->focusFilter();
    QTest::keyClicks(window.bar->lineEdit(), u"score<"_s);
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(window.bar->library().history().size(), 2);

    // The menu lists them; choosing one applies it.
    QMenu* menu = window.bar->menuButton()->menu();
    QMetaObject::invokeMethod(menu, "aboutToShow");
    QAction* recent = nullptr;
    for (QAction* action : menu->actions()) {
        if (action->data().toString() == u"type:manual"_s)
            recent = action;
    }
    QVERIFY(recent);
    recent->trigger();
    QCOMPARE(window.bar->text(), u"type:manual"_s);
    QCOMPARE(window.shown(), window.expected(u"type:manual"_s));
}

void TestFilterBar::savedFiltersApplyFromTheMenu()
{
    Window window;
    QVERIFY(window.open(300));
    QVERIFY(!window.bar->saveFilter(u"nothing"_s)); // no query yet
    window.bar->setText(u"status:suggested score>=0.9"_s);
    QVERIFY(window.bar->saveFilter(u"sure ones"_s));
    QVERIFY(!window.bar->saveFilter(u"  "_s));
    // Another window, another run: the saved filter is there.
    QVERIFY(window.reopen());
    QCOMPARE(window.bar->library().saved().size(), 1);
    QMenu* menu = window.bar->menuButton()->menu();
    QMetaObject::invokeMethod(menu, "aboutToShow");
    QAction* saved = nullptr;
    for (QAction* action : menu->actions()) {
        if (action->text().startsWith(u"sure ones"_s))
            saved = action;
    }
    QVERIFY(saved);
    saved->trigger();
    QCOMPARE(window.bar->appliedQuery(), u"status:suggested score>=0.9"_s);
    QCOMPARE(window.shown(), window.expected(u"status:suggested score>=0.9"_s));
    window.bar->library().remove(u"sure ones"_s);
    QVERIFY(window.bar->library().saved().isEmpty());
}

void TestFilterBar::largeListsFilterOnAWorker()
{
    Window window;
    QVERIFY(window.open(3000));
    window.bar->runner()->setWorkerThreshold(1000);
    QSignalSpy applied(window.bar, &FilterBar::filterApplied);
    QSignalSpy busy(window.bar->runner(), &FilterRunner::busyChanged);
    const QString query = u"-status:rejected score>0.5 cust"_s;
    window.bar->setText(query);
    QVERIFY(window.bar->runner()->isBusy() || applied.count() == 1);
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(window.bar->runner()->workerPassCount(), 1);
    QVERIFY(busy.count() >= 2);
    QCOMPARE(window.shown(), window.expected(query));

    // A newer query replaces one still running; only the newer one is shown.
    window.bar->setText(u"type:inferred"_s);
    window.bar->setText(u"type:manual"_s);
    QTRY_COMPARE(applied.count(), 2);
    QTRY_VERIFY(!window.bar->runner()->isBusy());
    QCOMPARE(window.bar->appliedQuery(), u"type:manual"_s);
    QCOMPARE(window.shown(), window.expected(u"type:manual"_s));
}

void TestFilterBar::decisionsDuringAWorkerPassAreCounted()
{
    Window window;
    QVERIFY(window.open(3000));
    window.bar->runner()->setWorkerThreshold(1000);
    QSignalSpy applied(window.bar, &FilterBar::filterApplied);
    window.bar->setText(u"status:approved"_s);
    // Decided while the pass may still run: the rows must show as what they now are.
    QList<int> decided;
    for (int row = 0; row < window.store()->size(); row += 5)
        decided.append(row);
    window.store()->markPending(decided, RelationshipStatus::Approved);
    QTRY_COMPARE(applied.count(), 1);
    const std::vector<int> expected = window.expected(u"status:approved"_s);
    QCOMPARE(window.shown(), expected);
    QVERIFY(std::binary_search(expected.cbegin(), expected.cend(), decided.last()));
}

// A new large list's filter columns are built on a worker; a query typed meanwhile starts its
// pass once they are in, and one cleared meanwhile leaves nothing busy.
void TestFilterBar::queryWaitsForANewListsColumns()
{
    FilterColumns::setBackgroundThreshold(1000);
    const auto restore = qScopeGuard(
        [] { FilterColumns::setBackgroundThreshold(FilterColumns::DefaultBackgroundThreshold); });
    Window window;
    QVERIFY(window.open(100));
    window.bar->runner()->setWorkerThreshold(1000);
    QSignalSpy applied(window.bar, &FilterBar::filterApplied);
    const auto newList = [&window](quint64 seed) {
        DemoDataGenerator::Options options;
        options.seed = seed;
        options.relationshipCount = 20000;
        const DemoDataGenerator generator(options);
        RelationshipRows rows;
        for (int i = 0; i < options.relationshipCount; ++i)
            rows.append(generator.relationship(i));
        window.store()->adopt(std::move(rows), generator.catalog());
    };
    newList(5);
    FilterColumns* columns = window.model()->filterColumns();
    QVERIFY(columns->isBuilding());
    const QString query = u"status:suggested score>=0.7"_s;
    window.bar->setText(query);
    QVERIFY(window.bar->runner()->isBusy());
    QCOMPARE(window.bar->runner()->workerPassCount(), 0); // waiting for the columns
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(window.bar->runner()->workerPassCount(), 1);
    QVERIFY(!window.bar->runner()->isBusy());
    QCOMPARE(window.shown(), window.expected(query));

    newList(6);
    QVERIFY(columns->isBuilding());
    window.bar->setText(u"type:manual"_s);
    window.bar->setText(QString()); // supersedes the query still waiting
    QTRY_COMPARE(applied.count(), 2);
    QVERIFY(!window.bar->runner()->isBusy());
    QTRY_VERIFY(columns->isReady());
    QVERIFY(!window.bar->runner()->isBusy());
    QCOMPARE(applied.count(), 2); // the superseded query did not come back
    QCOMPARE(int(window.model()->visibleRows().size()), 20000);
}

void TestFilterBar::escapeAndEnterFinishEditing()
{
    Window window;
    QVERIFY(window.open(200));
    QSignalSpy finished(window.bar, &FilterBar::editingFinished);
    window.bar->focusFilter();
    QTest::keyClicks(window.bar->lineEdit(), u"type:fk"_s);
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_Escape);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(window.bar->appliedQuery(), u"type:fk"_s); // applied, not thrown away
    window.bar->focusFilter();
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(finished.count(), 2);
}

void TestFilterBar::screenshots()
{
    const QString directory = qEnvironmentVariable("RELREVIEW_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set RELREVIEW_SCREENSHOT_DIR to write the filter bar screenshots");
    Window window;
    QVERIFY(window.open(2000));
    window.window()->resize(760, 160);
    window.bar->setText(u"status:suggested type:inferred score>=0.8 to:customers"_s);
    QVERIFY(window.bar->grab().save(directory + u"/filterbar.png"_s));
    window.bar->lineEdit()->setText(u"status:suggested score>= to:customers"_s);
    window.bar->applyNow();
    QVERIFY(window.bar->hasError());
    QVERIFY(window.bar->grab().save(directory + u"/filterbar-error.png"_s));
    window.bar->lineEdit()->setText(u"status:suggested st"_s);
    window.bar->focusFilter();
    QTest::keyClick(window.bar->lineEdit(), Qt::Key_End);
    window.bar->lineEdit()->setText(u"status:suggested to:"_s);
    window.bar->showCompletion();
    QTRY_VERIFY(window.bar->completer()->popup()->isVisible());
    QVERIFY(
        window.bar->completer()->popup()->grab().save(directory + u"/filterbar-completion.png"_s));
}

QTEST_MAIN(TestFilterBar)
#include "tst_filterbar.moc"
