#include "ComponentsChart.h"
#include "DemoDataGenerator.h"
#include "EvidenceInspector.h"
#include "EvidenceTreeModel.h"
#include "FilterBar.h"
#include "MainWindowFixture.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ScoreChartsPanel.h"
#include "StatusColors.h"
#include "TestData.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QStackedWidget>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QToolTip>
#include <QTreeView>
#include <QValueAxis>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The real main window with `count` generated relationships (from a snapshot file, or from a
// list without the column catalog): its table, evidence inspector and score charts.
struct Window : MainWindowFixture
{
    QTableView* view = nullptr;
    EvidenceInspector* inspector = nullptr;
    ScoreChartsPanel* panel = nullptr;

    bool open(int count, bool withCatalog = true) { return start() && load(count, withCatalog); }

    bool load(int count, bool withCatalog = true)
    {
        const QString path = withCatalog ? TestData::writeDemoSnapshot(scratch(), count)
                                         : TestData::writeDemoList(scratch(), count);
        if (path.isEmpty() || !openSnapshot(path))
            return false;
        view = table();
        inspector = MainWindowFixture::inspector();
        panel = charts();
        return view && inspector && panel && store()->size() == count;
    }

    QString expectedTitle(int storeRow) const
    {
        const RelationshipRow& row = store()->rows().row(storeRow);
        const ColumnCatalog& catalog = store()->catalog();
        return catalog.columnLabel(row.fromColumnId) % u" \u2192 " %
               catalog.tableLabel(row.toTableId) % u'.' % store()->rows().toColumnName(storeRow);
    }
    QString titleText() const { return label(u"inspectorTitle"_s)->text(); }
    QString statusText() const { return label(u"inspectorStatus"_s)->text(); }
    QString countText() const { return label(u"thresholdCountLabel"_s)->text(); }

    // The view row of the first visible row matching `predicate`, or -1.
    template<typename Predicate>
    int findViewRow(Predicate&& predicate) const
    {
        for (int viewRow = 0; viewRow < model()->rowCount(); ++viewRow) {
            if (predicate(model()->storeRow(viewRow)))
                return viewRow;
        }
        return -1;
    }
};

// The evidence inspector alone, over rows the test writes: its own behaviour given inputs
// (evidence no list file would carry, such as 100,000 levels of nesting).
struct InspectorAlone
{
    RelationshipStore store;
    std::unique_ptr<EvidenceInspector> widget;
    EvidenceInspector* inspector = nullptr;

    explicit InspectorAlone(RelationshipRows rows)
    {
        store.adopt(std::move(rows), ColumnCatalog());
        widget = std::make_unique<EvidenceInspector>(&store);
        widget->resize(500, 900);
        inspector = widget.get();
    }
};

struct ThresholdCounts
{
    int atOrAbove = 0;
    int below = 0;
};

ThresholdCounts bruteForceThreshold(const Window& window, double threshold)
{
    ThresholdCounts counts;
    for (const int row : window.model()->visibleRows()) {
        const RelationshipRow& data = window.store()->rows().row(row);
        if (window.store()->effectiveStatus(row) != RelationshipStatus::Suggested ||
            !data.hasScore || !(data.score >= 0.0 && data.score <= 1.0))
            continue;
        (data.score >= threshold ? counts.atOrAbove : counts.below) += 1;
    }
    return counts;
}

QString expectedCountPrefix(const ThresholdCounts& counts, double threshold)
{
    return u"%1 suggested at or above %2 \u00b7 %3 below"_s.arg(
        QLocale().toString(counts.atOrAbove), QString::number(threshold, 'f', 2),
        QLocale().toString(counts.below));
}

Relationship withStatus(const RelationshipStore& store, int row, RelationshipStatus status)
{
    Relationship relationship = store.rows().relationship(row);
    relationship.status = status;
    relationship.statusText = statusName(status);
    relationship.updatedAtMs += 60000;
    relationship.updatedAtText = formatTimestamp(relationship.updatedAtMs);
    return relationship;
}

// The components chart as drawn: every bar's name beside it, in full unless wider than the room
// for names (then elided in the middle, never to a bare ellipsis), centred on its bar, inside the
// chart, not over another name, and its tooltip naming the full path. The number of names shown
// in full, or -1 after a failure.
int verifyComponentNames(const ComponentsChart* chart)
{
    const QList<ComponentsChart::Bar>& bars = chart->bars();
    // The names are placed when the chart has laid its plot area out (after a resize, say).
    if (!QTest::qWaitFor([&] {
            const QList<QRect> rects = chart->shownNameRects();
            const QRect inside = chart->viewport()->rect();
            return rects.size() == bars.size() &&
                   std::all_of(rects.cbegin(), rects.cend(), [&](const QRect& rect) {
                       return !rect.isEmpty() && inside.contains(rect);
                   });
        })) {
        qWarning() << "component names not drawn inside the chart:" << chart->shownNames()
                   << chart->shownNameRects() << chart->viewport()->rect();
        return -1;
    }
    const QStringList names = chart->shownNames();
    const QList<QRect> rects = chart->shownNameRects();
    const QFontMetrics metrics(chart->nameFont());
    const int budget = chart->nameBudget();
    int inFull = 0;
    for (qsizetype i = 0; i < bars.size(); ++i) {
        const QString& name = bars[i].name;
        const QString& shown = names[i];
        if (metrics.horizontalAdvance(name) <= budget) {
            if (shown != name) {
                qWarning() << "name" << name << "drawn as" << shown << "though it fits" << budget;
                return -1;
            }
            ++inFull;
        } else if (!shown.contains(u'\u2026') || shown.size() < 8 ||
                   !shown.startsWith(name.left(3)) || !shown.endsWith(name.right(3)) ||
                   metrics.horizontalAdvance(shown) > budget) {
            qWarning() << "long name" << name << "drawn as" << shown << "for" << budget;
            return -1;
        }
        const QRect row = chart->barRowRect(int(i));
        if (!chart->viewport()->rect().contains(rects[i]) || rects[i].top() > row.center().y() ||
            rects[i].bottom() < row.center().y()) {
            qWarning() << "name" << shown << "at" << rects[i] << "not beside its bar" << row << "in"
                       << chart->viewport()->rect();
            return -1;
        }
        for (qsizetype j = 0; j < i; ++j) {
            if (rects[i].intersects(rects[j])) {
                qWarning() << "names" << names[j] << "and" << shown << "overlap";
                return -1;
            }
        }
        if (!chart->toolTipAt(rects[i].center()).contains(bars[i].path) ||
            !chart->toolTipAt(QPoint(rects[i].right() + 20, row.center().y()))
                 .contains(bars[i].path)) {
            qWarning() << "no tooltip with" << bars[i].path << "over" << shown;
            return -1;
        }
    }
    if (const QStringList cut = MainWindowFixture::truncatedChartTexts(chart); !cut.isEmpty()) {
        qWarning() << "texts cut short:" << cut;
        return -1;
    }
    return inFull;
}

} // namespace

class TestInspectorCharts : public QObject
{
    Q_OBJECT
private slots:
    void currentRowUpdatesInspector();
    void keyRepeatIsCoalesced();
    void componentNamesAreDrawn();
    void longComponentNamesAreElided();
    void copyValueAndPath();
    void thresholdUpdatesCount();
    void clickingTheHistogramSetsThreshold();
    void decisionUpdatesHistogramAndHeader();
    void filterUpdatesHistogram();
    void currentRowIsMarked();
    void columnProfiles();
    void missingCatalogSaysNotAvailable();
    void emptyEvidenceSaysSo();
    void largeAndDeepEvidence();
    void statusColorsAreReadable();
    void screenshots();
    void responsiveness();
};

void TestInspectorCharts::currentRowUpdatesInspector()
{
    Window window;
    QVERIFY(window.start());
    QCOMPARE(window.label(u"inspectorTitle"_s)->text(),
             EvidenceInspector::tr("No relationship selected"));
    QVERIFY(window.load(400));

    window.view->setFocus();
    window.view->setCurrentIndex(window.model()->index(3, 0));
    QTRY_COMPARE(window.titleText(), window.expectedTitle(window.model()->storeRow(3)));
    QTest::keyClick(window.view, Qt::Key_Down);
    const int storeRow = window.model()->storeRow(4);
    QTRY_COMPARE(window.titleText(), window.expectedTitle(storeRow));
    QCOMPARE(window.inspector->shownRow(), storeRow);

    // the deferred part follows: the tree shows this row's evidence
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    const EvidenceTreeModel* tree = window.inspector->evidenceModel();
    QVERIFY(tree->document());
    QCOMPARE(QByteArrayView(tree->document()->bytes()),
             window.store()->rows().evidenceJson(storeRow));

    // the raw JSON tab pretty-prints it when shown
    auto* tabs = window.inspector->findChild<QTabWidget*>();
    auto* raw = window.inspector->findChild<QPlainTextEdit*>(u"evidenceRawJson"_s);
    tabs->setCurrentWidget(raw);
    QVERIFY(raw->toPlainText().startsWith(u"{"_s));
    QVERIFY(raw->isReadOnly());
}

// On every platform (offscreen, and xcb under Xvfb with DejaVu fonts, where Qt Charts' own axis
// labels all came out as "..."), the components chart shows the names of its bars.
void TestInspectorCharts::componentNamesAreDrawn()
{
    Window window;
    QVERIFY(window.open(400));
    ComponentsChart* chart = window.inspector->componentsChart();
    QVERIFY(chart);
    window.view->setFocus();
    int charted = 0;
    int mostBars = 0;
    for (int viewRow = 0; viewRow < 40; ++viewRow) {
        window.view->setCurrentIndex(window.model()->index(viewRow, 0));
        QTRY_COMPARE(window.inspector->shownRow(), window.model()->storeRow(viewRow));
        QTRY_VERIFY(!window.inspector->isUpdatePending());
        if (chart->bars().isEmpty() || !chart->isVisible())
            continue;
        ++charted;
        mostBars = std::max(mostBars, int(chart->bars().size()));
        const int inFull = verifyComponentNames(chart);
        QVERIFY2(inFull >= 0, qPrintable(u"row %1"_s.arg(viewRow)));
        // The demo's names are short: in a dock of the default width each fits.
        QCOMPARE(inFull, int(chart->bars().size()));
    }
    QVERIFY(charted >= 10);
    QVERIFY(mostBars >= 6);

    // A real tooltip event over a name shows the full path.
    const QRect first = chart->shownNameRects().constFirst();
    QHelpEvent help(QEvent::ToolTip, first.center(),
                    chart->viewport()->mapToGlobal(first.center()));
    QApplication::sendEvent(chart->viewport(), &help);
    QTRY_VERIFY(QToolTip::text().contains(chart->bars().constFirst().path));
    QToolTip::hideText();

    // The score charts' labels are whole too.
    for (const QString& name : {u"scoreHistogram"_s, u"calibrationChart"_s}) {
        auto* view = window.panel->findChild<QChartView*>(name);
        QVERIFY(view);
        QCOMPARE(MainWindowFixture::truncatedChartTexts(view), QStringList());
    }
}

// A name wider than the room beside the bars is elided in the middle, and only that one.
void TestInspectorCharts::longComponentNamesAreElided()
{
    DemoDataGenerator::Options options;
    options.relationshipCount = 1;
    const DemoDataGenerator generator(options);
    RelationshipRows rows;
    Relationship relationship = generator.relationship(0);
    relationship.evidenceJson =
        R"({"containment":0.93,"ratio":0.5,)"
        R"("an_evidence_member_whose_name_goes_on_far_longer_than_any_dock_is_wide":0.61})";
    rows.append(relationship);
    InspectorAlone window(std::move(rows));
    window.widget->resize(420, 900);
    window.widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.widget.get()));
    window.inspector->showRow(0);
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    ComponentsChart* chart = window.inspector->componentsChart();
    QCOMPARE(chart->bars().size(), 3);
    QTRY_VERIFY(chart->isVisible());
    const int inFull = verifyComponentNames(chart);
    QCOMPARE(inFull, 2);
    QVERIFY(chart->shownNames().contains(u"containment"_s));
    QVERIFY(chart->shownNames().contains(u"ratio"_s));

    // Wider, the long name finds room for more of itself.
    const auto longShown = [&] {
        for (const QString& name : chart->shownNames()) {
            if (name.startsWith(u"an_evidence"_s))
                return name;
        }
        return QString();
    };
    const QString narrow = longShown();
    window.widget->resize(1400, 900);
    QTRY_VERIFY(longShown().size() > narrow.size());
    QVERIFY(verifyComponentNames(chart) >= 2);
}

void TestInspectorCharts::keyRepeatIsCoalesced()
{
    Window window;
    QVERIFY(window.open(400));
    window.view->setFocus();
    window.view->setCurrentIndex(window.model()->index(0, 0));
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    const int updatesBefore = window.inspector->detailUpdateCount();

    // key repeat: thirty presses with no event loop in between
    for (int i = 0; i < 30; ++i)
        QTest::keyClick(window.view, Qt::Key_Down);
    const int storeRow = window.model()->storeRow(30);
    // the header follows each press at once
    QCOMPARE(window.titleText(), window.expectedTitle(storeRow));
    // the expensive part runs once, for the row the burst ended on
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    QCOMPARE(window.inspector->detailUpdateCount(), updatesBefore + 1);
    QCOMPARE(QByteArrayView(window.inspector->evidenceModel()->document()->bytes()),
             window.store()->rows().evidenceJson(storeRow));
}

void TestInspectorCharts::copyValueAndPath()
{
    RelationshipRows rows;
    DemoDataGenerator::Options options;
    options.relationshipCount = 1;
    Relationship relationship = DemoDataGenerator(options).relationship(0);
    relationship.evidenceJson = R"({"value_overlap":{"containment":0.728,"note":"two\nlines"}})";
    rows.append(relationship);
    InspectorAlone window(std::move(rows));
    window.inspector->showRow(0);
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    auto* tree = window.inspector->findChild<QTreeView*>(u"evidenceTree"_s);
    QVERIFY(tree);
    const QModelIndex overlap = tree->model()->index(0, 0);
    tree->expand(overlap); // small evidence opens expanded anyway; this fetches if not
    QCOMPARE(tree->model()->rowCount(overlap), 2);
    QToolButton* copyValue = nullptr;
    QToolButton* copyPath = nullptr;
    for (QToolButton* button : window.inspector->findChildren<QToolButton*>()) {
        if (button->text() == EvidenceInspector::tr("Copy value"))
            copyValue = button;
        else if (button->text() == EvidenceInspector::tr("Copy path"))
            copyPath = button;
    }
    QVERIFY(copyValue && copyPath);
    QVERIFY(!copyValue->isEnabled()); // nothing selected yet

    tree->setCurrentIndex(tree->model()->index(0, 1, overlap));
    QVERIFY(copyValue->isEnabled());
    copyPath->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"$.value_overlap.containment"_s);
    copyValue->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"0.728"_s);
    tree->setCurrentIndex(tree->model()->index(1, 0, overlap));
    copyValue->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"two\nlines"_s); // the value, unescaped
    tree->setCurrentIndex(overlap);
    copyValue->click();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             u"{\"containment\":0.728,\"note\":\"two\\nlines\"}"_s); // a member's JSON
}

void TestInspectorCharts::thresholdUpdatesCount()
{
    Window window;
    QVERIFY(window.open(600));
    QSignalSpy changed(window.panel, &ScoreChartsPanel::thresholdChanged);

    window.panel->setThreshold(0.8);
    QCOMPARE(window.panel->threshold(), 0.8);
    ThresholdCounts expected = bruteForceThreshold(window, 0.8);
    QVERIFY(expected.atOrAbove > 0 && expected.below > 0);
    QTRY_VERIFY2(window.countText().startsWith(expectedCountPrefix(expected, 0.8)),
                 qPrintable(window.countText()));
    QCOMPARE(window.panel->suggestedAtOrAbove(), expected.atOrAbove);

    auto* spin = window.panel->findChild<QDoubleSpinBox*>(u"thresholdSpinBox"_s);
    spin->setValue(0.65);
    QCOMPARE(window.panel->threshold(), 0.65);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.last().first().toDouble(), 0.65);
    expected = bruteForceThreshold(window, 0.65);
    QTRY_VERIFY2(window.countText().startsWith(expectedCountPrefix(expected, 0.65)),
                 qPrintable(window.countText()));
    auto* slider = window.panel->findChild<QSlider*>(u"thresholdSlider"_s);
    QCOMPARE(slider->value(), 65);

    slider->setValue(92);
    QCOMPARE(window.panel->threshold(), 0.92);
    QCOMPARE(spin->value(), 0.92);
    expected = bruteForceThreshold(window, 0.92);
    QTRY_VERIFY2(window.countText().startsWith(expectedCountPrefix(expected, 0.92)),
                 qPrintable(window.countText()));

    window.panel->setThreshold(7.0); // clamped
    QCOMPARE(window.panel->threshold(), 1.0);
}

void TestInspectorCharts::clickingTheHistogramSetsThreshold()
{
    Window window;
    QVERIFY(window.open(300));
    QTRY_VERIFY(!window.panel->isRebinPending());
    auto* chartView = window.panel->findChild<QChartView*>(u"scoreHistogram"_s);
    QVERIFY(chartView);
    QChart* chart = chartView->chart();
    QAbstractSeries* bars = nullptr;
    for (QAbstractSeries* series : chart->series()) {
        if (qobject_cast<QAbstractBarSeries*>(series))
            bars = series;
    }
    QVERIFY(bars);
    const int n = window.panel->binning().binCount();
    // the boundary between the bins of 0.45 and 0.5: a click there means 0.50
    const double x = 0.5 * n - 0.5;
    const auto* yAxis = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).first());
    const QPointF inChart = chart->mapToPosition(QPointF(x, yAxis->max() / 2), bars);
    const QPoint position = chartView->mapFromScene(chart->mapToScene(inChart));
    QTest::mouseClick(chartView->viewport(), Qt::LeftButton, {}, position);
    QTRY_COMPARE(window.panel->threshold(), 0.5);
    const ThresholdCounts expected = bruteForceThreshold(window, 0.5);
    QTRY_VERIFY(window.countText().startsWith(expectedCountPrefix(expected, 0.5)));
}

void TestInspectorCharts::decisionUpdatesHistogramAndHeader()
{
    Window window;
    QVERIFY(window.open(500));
    const RelationshipStore& store = *window.store();
    const int viewRow = window.findViewRow([&](int row) {
        const RelationshipRow& data = store.rows().row(row);
        return store.effectiveStatus(row) == RelationshipStatus::Suggested && data.hasScore &&
               data.score >= 0.85 && data.score <= 1.0;
    });
    QVERIFY(viewRow >= 0);
    const int storeRow = window.model()->storeRow(viewRow);
    window.view->setCurrentIndex(window.model()->index(viewRow, 0));
    QTRY_COMPARE(window.titleText(), window.expectedTitle(storeRow));
    window.panel->setThreshold(0.8);

    window.panel->rebinNow();
    const int bin = window.panel->binning().binOf(store.rows().row(storeRow).score);
    const StatusCounts before = window.panel->binning().bin(bin);
    const int suggestedAbove = window.panel->suggestedAtOrAbove();

    // the decision shows at once as pending ...
    window.store()->markPending({storeRow}, RelationshipStatus::Approved);
    QTRY_COMPARE(window.panel->binning().bin(bin).count(RelationshipStatus::Approved),
                 before.count(RelationshipStatus::Approved) + 1);
    QCOMPARE(window.panel->binning().bin(bin).count(RelationshipStatus::Suggested),
             before.count(RelationshipStatus::Suggested) - 1);
    QCOMPARE(window.panel->suggestedAtOrAbove(), suggestedAbove - 1);
    QVERIFY2(window.statusText().contains(u"pending"_s), qPrintable(window.statusText()));
    QVERIFY(window.statusText().contains(statusDisplayName(RelationshipStatus::Approved)));

    // ... and stays when the server's answer lands
    window.store()->applyServerAnswer(storeRow,
                                      withStatus(store, storeRow, RelationshipStatus::Approved));
    QTRY_VERIFY(!window.statusText().contains(u"pending"_s));
    QTRY_VERIFY(!window.panel->isRebinPending());
    QCOMPARE(window.panel->binning().bin(bin).count(RelationshipStatus::Approved),
             before.count(RelationshipStatus::Approved) + 1);

    // a failed decision reverts the chart to the server's status
    const int other = window.findViewRow([&](int row) {
        return row != storeRow && store.effectiveStatus(row) == RelationshipStatus::Suggested &&
               store.rows().row(row).hasScore && store.rows().row(row).score >= 0.0 &&
               store.rows().row(row).score <= 1.0;
    });
    QVERIFY(other >= 0);
    const int otherRow = window.model()->storeRow(other);
    const int otherBin = window.panel->binning().binOf(store.rows().row(otherRow).score);
    const int rejectedBefore =
        window.panel->binning().bin(otherBin).count(RelationshipStatus::Rejected);
    window.store()->markPending({otherRow}, RelationshipStatus::Rejected);
    QTRY_COMPARE(window.panel->binning().bin(otherBin).count(RelationshipStatus::Rejected),
                 rejectedBefore + 1);
    window.store()->markFailed(otherRow, u"HTTP 503"_s);
    QTRY_COMPARE(window.panel->binning().bin(otherBin).count(RelationshipStatus::Rejected),
                 rejectedBefore);
}

void TestInspectorCharts::filterUpdatesHistogram()
{
    Window window;
    QVERIFY(window.open(500));
    QTRY_COMPARE(window.panel->binning().totalRows(), 500);
    QVERIFY(window.applyFilter(u"status:approved"_s));
    QTRY_COMPARE(window.panel->binning().totalRows(), window.model()->rowCount());
    QVERIFY(window.model()->rowCount() > 0 && window.model()->rowCount() < 500);
    const ScoreBinning& binning = window.panel->binning();
    int approved = binning.noScore().count(RelationshipStatus::Approved) +
                   binning.outOfRange().count(RelationshipStatus::Approved);
    for (int bin = 0; bin < binning.binCount(); ++bin) {
        QCOMPARE(binning.bin(bin).count(RelationshipStatus::Suggested), 0);
        approved += binning.bin(bin).count(RelationshipStatus::Approved);
    }
    QCOMPARE(approved, window.model()->rowCount());
    QCOMPARE(window.panel->suggestedAtOrAbove(), 0);
    QVERIFY(window.label(u"histogramTitle"_s)
                ->text()
                .contains(QLocale().toString(window.model()->rowCount())));

    // A sort shows the same rows in another order: nothing to count again (at a million rows a
    // re-count costs a frame). A filter shows other rows: the charts follow.
    QTRY_VERIFY(!window.panel->isRebinPending());
    const quint64 generation = window.model()->visibleSetGeneration();
    window.view->sortByColumn(RelationshipTableModel::ToTableColumn, Qt::AscendingOrder);
    window.view->sortByColumn(RelationshipTableModel::ScoreColumn, Qt::DescendingOrder);
    QCOMPARE(window.model()->visibleSetGeneration(), generation);
    QVERIFY(!window.panel->isRebinPending());
    window.filterBar()->setText(QString()); // applied at once
    QVERIFY(window.model()->visibleSetGeneration() != generation);
    QVERIFY(window.panel->isRebinPending());
    QTRY_COMPARE(window.panel->binning().totalRows(), 500);
}

void TestInspectorCharts::currentRowIsMarked()
{
    Window window;
    QVERIFY(window.start());
    QChart* chart = window.charts()->findChild<QChartView*>(u"scoreHistogram"_s)->chart();
    QLineSeries* marker = nullptr;
    for (QAbstractSeries* series : chart->series()) {
        if (series->name().startsWith(ScoreChartsPanel::tr("Current row")))
            marker = qobject_cast<QLineSeries*>(series);
    }
    QVERIFY(marker);
    QCOMPARE(marker->count(), 0); // no current row yet
    QVERIFY(window.load(300));
    const int viewRow = window.findViewRow([&](int row) {
        return window.store()->rows().row(row).hasScore &&
               ScoreBinning::isInRange(window.store()->rows().row(row).score);
    });
    const int storeRow = window.model()->storeRow(viewRow);
    window.view->setCurrentIndex(window.model()->index(viewRow, 0));
    QCOMPARE(marker->count(), 2);
    const double score = window.store()->rows().row(storeRow).score;
    QCOMPARE(marker->at(0).x(), score * window.panel->binning().binCount() - 0.5);
    QVERIFY(marker->name().contains(QString::number(score, 'f', 2)));

    const int noScoreRow =
        window.findViewRow([&](int row) { return !window.store()->rows().row(row).hasScore; });
    QVERIFY(noScoreRow >= 0);
    window.view->setCurrentIndex(window.model()->index(noScoreRow, 0));
    QCOMPARE(marker->at(0).x(), double(window.panel->binning().binCount() + 1));
}

void TestInspectorCharts::columnProfiles()
{
    Window window;
    QVERIFY(window.open(300));
    const RelationshipStore& store = *window.store();
    const int viewRow = window.findViewRow([&](int row) {
        return store.catalog().column(store.rows().row(row).fromColumnId) != nullptr;
    });
    QVERIFY(viewRow >= 0);
    const int storeRow = window.model()->storeRow(viewRow);
    window.inspector->showRow(storeRow);
    const ColumnInfo* from = store.catalog().column(store.rows().row(storeRow).fromColumnId);
    QTRY_COMPARE(window.label(u"fromProfileName"_s)->text(), from->name);
    QTRY_COMPARE(window.label(u"toProfileName"_s)->text(), store.rows().toColumnName(storeRow));
}

void TestInspectorCharts::missingCatalogSaysNotAvailable()
{
    Window window;
    QVERIFY(window.open(50, false));
    window.inspector->showRow(0);
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    auto* profiles = window.inspector->findChild<QWidget*>(u"columnProfiles"_s);
    int notAvailable = 0;
    for (QLabel* label : profiles->findChildren<QLabel*>())
        notAvailable += label->text() == EvidenceInspector::tr("not available") ? 1 : 0;
    QVERIFY2(notAvailable >= 8, qPrintable(QString::number(notAvailable)));
    // without names the header falls back to short ids
    QVERIFY(window.titleText().contains(shortId(window.store()->rows().row(0).fromColumnId)));
}

void TestInspectorCharts::emptyEvidenceSaysSo()
{
    Window window;
    QVERIFY(window.open(600));
    const int viewRow = window.findViewRow(
        [&](int row) { return window.store()->rows().evidenceJson(row) == QByteArrayView("{}"); });
    QVERIFY(viewRow >= 0);
    window.inspector->showRow(window.model()->storeRow(viewRow));
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    QVERIFY(window.inspector->evidenceModel()->isEmptyEvidence());
    auto* message = window.inspector->findChild<QLabel*>(u"evidenceMessage"_s);
    QCOMPARE(message->text(), EvidenceInspector::tr("No evidence"));
    auto* stack = qobject_cast<QStackedWidget*>(message->parentWidget());
    QCOMPARE(stack->currentWidget(), message);

    window.inspector->showRow(-1);
    QTRY_COMPARE(window.titleText(), EvidenceInspector::tr("No relationship selected"));
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    QVERIFY(!window.inspector->evidenceModel()->document());
}

void TestInspectorCharts::largeAndDeepEvidence()
{
    DemoDataGenerator::Options options;
    options.relationshipCount = 3;
    const DemoDataGenerator generator(options);
    RelationshipRows rows;
    Relationship small = generator.relationship(0);
    rows.append(small);
    Relationship large = generator.relationship(1);
    QByteArray evidence = R"({"containment":0.93,"samples":[)";
    for (int i = 0; i < 150000; ++i)
        evidence += (i ? QByteArray(",") : QByteArray()) + R"({"v":)" + QByteArray::number(i) +
                    R"(,"s":"value-)" + QByteArray::number(i) + R"("})";
    evidence += "]}";
    QVERIFY(evidence.size() > 3 * 1024 * 1024);
    large.evidenceJson = evidence;
    rows.append(large);
    Relationship deep = generator.relationship(2);
    deep.evidenceJson = QByteArray(100000, '[') + QByteArray(100000, ']');
    rows.append(deep);
    // not shown: the view would make its first row current when it gets the focus
    InspectorAlone window(std::move(rows));
    auto* tabs = window.inspector->findChild<QTabWidget*>();
    auto* raw = window.inspector->findChild<QPlainTextEdit*>(u"evidenceRawJson"_s);
    tabs->setCurrentWidget(raw);

    window.inspector->showRow(1);
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    const EvidenceTreeModel* tree = window.inspector->evidenceModel();
    QCOMPARE(tree->document()->bytes().size(), evidence.size());
    QCOMPARE(tree->rowCount(), 2);
    QCOMPARE(window.inspector->components().sampleArrays.size(), 0); // objects, not samples
    QVERIFY(!window.inspector->components().numbers.isEmpty());
    // the raw view shows the start, says it is cut, and stays small
    QVERIFY(raw->toPlainText().startsWith(u"{\n  \"containment\": 0.93"_s));
    QVERIFY(raw->toPlainText().size() < 300 * 1024);

    window.inspector->showRow(2);
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    QVERIFY(!tree->hasError());
    QCOMPARE(tree->document()->maxDepth(), 100000);
    QVERIFY(raw->toPlainText().startsWith(u"[\n  [\n    ["_s));

    window.inspector->showRow(0);
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    QCOMPARE(tree->document()->bytes(), small.evidenceJson);
}

void TestInspectorCharts::statusColorsAreReadable()
{
    // Each status colour must stand apart from the background it is drawn on, in light and
    // dark palettes: a contrast ratio of at least 3:1 (WCAG's bar for large text and graphics).
    auto luminance = [](const QColor& color) {
        auto channel = [](double c) {
            return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) +
               0.0722 * channel(color.blueF());
    };
    auto contrast = [&](const QColor& a, const QColor& b) {
        const double la = luminance(a), lb = luminance(b);
        return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
    };
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    light.setColor(QPalette::Text, Qt::black);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Window, QColor(0x2d, 0x2d, 0x2d));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    QVERIFY(!isDarkPalette(light));
    QVERIFY(isDarkPalette(dark));
    const RelationshipStatus statuses[] = {
        RelationshipStatus::Suggested, RelationshipStatus::Approved, RelationshipStatus::Rejected,
        RelationshipStatus::Unknown};
    const DeliveryState states[] = {DeliveryState::Pending, DeliveryState::Failed,
                                    DeliveryState::Gone, DeliveryState::Conflict};
    for (const QPalette& palette : {light, dark}) {
        QSet<QRgb> distinct;
        for (const RelationshipStatus status : statuses) {
            const QColor color = statusColor(status, palette);
            distinct.insert(color.rgb());
            for (const auto role : {QPalette::Base, QPalette::Window}) {
                QVERIFY2(contrast(color, palette.color(role)) >= 3.0,
                         qPrintable(color.name() % u" on " % palette.color(role).name()));
            }
            QVERIFY(contrast(textColorOn(color), color) >= 4.5);
        }
        QCOMPARE(distinct.size(), 4);
        for (const DeliveryState state : states) {
            const QColor color = deliveryColor(state, palette);
            QVERIFY2(contrast(color, palette.color(QPalette::Base)) >= 3.0,
                     qPrintable(color.name()));
        }
        QCOMPARE(deliveryColor(DeliveryState::None, palette), palette.color(QPalette::Text));
    }
}

void TestInspectorCharts::screenshots()
{
    const QString directory = qEnvironmentVariable("RELREVIEW_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set RELREVIEW_SCREENSHOT_DIR to write the inspector and chart screenshots");
    QVERIFY(QDir().mkpath(directory));
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    // RELREVIEW_SCREENSHOT_PALETTE=dark checks the dark-palette colours (written as *-dark.png)
    const bool dark = qEnvironmentVariable("RELREVIEW_SCREENSHOT_PALETTE") == u"dark"_s;
    if (dark) {
        QPalette palette;
        palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        palette.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        palette.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        palette.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        palette.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xd9));
        palette.setColor(QPalette::HighlightedText, Qt::white);
        palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
        QApplication::setPalette(palette);
    }

    Window window;
    QVERIFY(window.open(3000));
    // a typical current-model suggestion with a full catalog on both ends
    const RelationshipStore& store = *window.store();
    const int viewRow = window.findViewRow([&](int row) {
        const RelationshipRow& data = store.rows().row(row);
        const ColumnInfo* from = store.catalog().column(data.fromColumnId);
        return data.hasScore && data.score > 0.85 && data.score < 0.97 &&
               store.rows().evidenceJson(row).contains("signals") &&
               store.rows().evidenceJson(row).contains("samples") && from &&
               !from->sampleValues.isEmpty() &&
               store.effectiveStatus(row) == RelationshipStatus::Suggested;
    });
    QVERIFY(viewRow >= 0);
    const int storeRow = window.model()->storeRow(viewRow);
    window.view->setCurrentIndex(window.model()->index(viewRow, 0));
    window.panel->setThreshold(0.8);
    window.panel->rebinNow();
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    QCOMPARE(window.inspector->shownRow(), storeRow);

    // Each dock floated out of the window at the size of the pictures.
    QDockWidget* inspectorDock = window.dock(u"inspectorDock"_s);
    QDockWidget* chartsDock = window.dock(u"chartsDock"_s);
    for (QDockWidget* dock : {inspectorDock, chartsDock}) {
        dock->setFloating(true);
        dock->resize(480, dock == inspectorDock ? 860 : 640);
        dock->show();
        dock->raise();
        QVERIFY(QTest::qWaitForWindowExposed(dock));
    }
    QCoreApplication::processEvents();
    const QString suffix = dark ? u"-dark.png"_s : u".png"_s;
    const QString inspectorPath = directory + u"/inspector"_s + suffix;
    const QString chartsPath = directory + u"/charts"_s + suffix;
    QVERIFY(window.inspector->grab().save(inspectorPath));
    QVERIFY(window.panel->grab().save(chartsPath));
    qInfo("wrote %s and %s", qPrintable(inspectorPath), qPrintable(chartsPath));
}

void TestInspectorCharts::responsiveness()
{
    // Timings for the record, not assertions: machines differ.
    if (qEnvironmentVariableIsEmpty("RELREVIEW_BENCHMARK"))
        QSKIP("set RELREVIEW_BENCHMARK=1 to time the inspector and the charts");
    Window window;
    QVERIFY(window.open(100000));
    QElapsedTimer timer;
    qint64 headerWorst = 0, markerWorst = 0, detailWorst = 0, detailTotal = 0;
    const int rows = 300;
    for (int row = 0; row < rows; ++row) {
        timer.start();
        window.inspector->showRow(row);
        headerWorst = std::max(headerWorst, timer.nsecsElapsed());
        timer.start();
        window.panel->setCurrentStoreRow(row);
        markerWorst = std::max(markerWorst, timer.nsecsElapsed());
        QTRY_VERIFY(!window.inspector->isUpdatePending());
        detailWorst = std::max(detailWorst, window.inspector->lastDetailUpdateNs());
        detailTotal += window.inspector->lastDetailUpdateNs();
    }
    timer.start();
    window.panel->rebinNow();
    const qint64 rebin = timer.nsecsElapsed();
    ScoreBinning binning;
    timer.start();
    binning.compute(*window.store(), window.model()->visibleRows(), 0.8);
    qInfo("binning alone %.2f ms", double(timer.nsecsElapsed()) / 1e6);
    qInfo("inspector header: worst %.2f ms; evidence, chart and profiles: mean %.2f ms, worst "
          "%.2f ms; current-row marker: worst %.2f ms; re-bin and redraw of 100,000 rows: %.1f ms",
          double(headerWorst) / 1e6, double(detailTotal) / rows / 1e6, double(detailWorst) / 1e6,
          double(markerWorst) / 1e6, double(rebin) / 1e6);
}

QTEST_MAIN(TestInspectorCharts)
#include "tst_inspectorcharts.moc"
