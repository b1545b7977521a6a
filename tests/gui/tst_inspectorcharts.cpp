#include "DemoDataGenerator.h"
#include "EvidenceInspector.h"
#include "EvidenceTreeModel.h"
#include "RelationshipFilter.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ScoreChartsPanel.h"
#include "StatusColors.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
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
#include <QValueAxis>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The table, the inspector and the charts wired as the main window wires them.
struct Window
{
    RelationshipStore store;
    RelationshipTableModel model{&store};
    QWidget container;
    QTableView* view = nullptr;
    EvidenceInspector* inspector = nullptr;
    ScoreChartsPanel* panel = nullptr;

    explicit Window(int relationshipCount, bool withCatalog = true)
    {
        DemoDataGenerator::Options options;
        options.relationshipCount = relationshipCount;
        options.withCatalog = withCatalog;
        const DemoDataGenerator generator(options);
        RelationshipRows rows;
        for (int i = 0; i < relationshipCount; ++i)
            rows.append(generator.relationship(i));
        store.adopt(std::move(rows), withCatalog ? generator.catalog() : ColumnCatalog());
        build();
    }
    explicit Window(RelationshipRows rows)
    {
        store.adopt(std::move(rows), ColumnCatalog());
        build();
    }

    void build()
    {
        auto* layout = new QHBoxLayout(&container);
        view = new QTableView;
        view->setModel(&model);
        inspector = new EvidenceInspector(&store);
        panel = new ScoreChartsPanel(&model);
        layout->addWidget(view, 2);
        layout->addWidget(inspector, 1);
        layout->addWidget(panel, 1);
        QObject::connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, inspector,
                         [this](const QModelIndex& current) {
                             const int storeRow =
                                 current.isValid() ? model.storeRow(current.row()) : -1;
                             inspector->showRow(storeRow);
                             panel->setCurrentStoreRow(storeRow);
                         });
        container.resize(1500, 900);
    }

    QString expectedTitle(int storeRow) const
    {
        const RelationshipRow& row = store.rows().row(storeRow);
        const ColumnCatalog& catalog = store.catalog();
        return catalog.columnLabel(row.fromColumnId) % u" \u2192 " %
               catalog.tableLabel(row.toTableId) % u'.' % store.rows().toColumnName(storeRow);
    }
    QLabel* label(const QString& name) const { return container.findChild<QLabel*>(name); }
    QString titleText() const { return label(u"inspectorTitle"_s)->text(); }
    QString statusText() const { return label(u"inspectorStatus"_s)->text(); }
    QString countText() const { return label(u"thresholdCountLabel"_s)->text(); }

    // The view row of the first visible row matching `predicate`, or -1.
    template<typename Predicate>
    int findViewRow(Predicate&& predicate) const
    {
        for (int viewRow = 0; viewRow < model.rowCount(); ++viewRow) {
            if (predicate(model.storeRow(viewRow)))
                return viewRow;
        }
        return -1;
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
    for (const int row : window.model.visibleRows()) {
        const RelationshipRow& data = window.store.rows().row(row);
        if (window.store.effectiveStatus(row) != RelationshipStatus::Suggested || !data.hasScore ||
            !(data.score >= 0.0 && data.score <= 1.0))
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

} // namespace

class TestInspectorCharts : public QObject
{
    Q_OBJECT
private slots:
    void currentRowUpdatesInspector();
    void keyRepeatIsCoalesced();
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
};

void TestInspectorCharts::currentRowUpdatesInspector()
{
    Window window(400);
    QCOMPARE(window.titleText(), EvidenceInspector::tr("No relationship selected"));
    window.container.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window.container));

    window.view->setFocus();
    window.view->setCurrentIndex(window.model.index(3, 0));
    QTRY_COMPARE(window.titleText(), window.expectedTitle(window.model.storeRow(3)));
    QTest::keyClick(window.view, Qt::Key_Down);
    const int storeRow = window.model.storeRow(4);
    QTRY_COMPARE(window.titleText(), window.expectedTitle(storeRow));
    QCOMPARE(window.inspector->shownRow(), storeRow);

    // the deferred part follows: the tree shows this row's evidence
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    const EvidenceTreeModel* tree = window.inspector->evidenceModel();
    QVERIFY(tree->document());
    QCOMPARE(QByteArrayView(tree->document()->bytes()), window.store.rows().evidenceJson(storeRow));

    // the raw JSON tab pretty-prints it when shown
    auto* tabs = window.inspector->findChild<QTabWidget*>();
    auto* raw = window.inspector->findChild<QPlainTextEdit*>(u"evidenceRawJson"_s);
    tabs->setCurrentWidget(raw);
    QVERIFY(raw->toPlainText().startsWith(u"{"_s));
    QVERIFY(raw->isReadOnly());
}

void TestInspectorCharts::keyRepeatIsCoalesced()
{
    Window window(400);
    window.container.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window.container));
    window.view->setFocus();
    window.view->setCurrentIndex(window.model.index(0, 0));
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    const int updatesBefore = window.inspector->detailUpdateCount();

    // key repeat: thirty presses with no event loop in between
    for (int i = 0; i < 30; ++i)
        QTest::keyClick(window.view, Qt::Key_Down);
    const int storeRow = window.model.storeRow(30);
    // the header follows each press at once
    QCOMPARE(window.titleText(), window.expectedTitle(storeRow));
    // the expensive part runs once, for the row the burst ended on
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    QCOMPARE(window.inspector->detailUpdateCount(), updatesBefore + 1);
    QCOMPARE(QByteArrayView(window.inspector->evidenceModel()->document()->bytes()),
             window.store.rows().evidenceJson(storeRow));
}

void TestInspectorCharts::thresholdUpdatesCount()
{
    Window window(600);
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
    Window window(300);
    window.container.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window.container));
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
    Window window(500);
    window.container.show();
    const RelationshipStore& store = window.store;
    const int viewRow = window.findViewRow([&](int row) {
        const RelationshipRow& data = store.rows().row(row);
        return store.effectiveStatus(row) == RelationshipStatus::Suggested && data.hasScore &&
               data.score >= 0.85 && data.score <= 1.0;
    });
    QVERIFY(viewRow >= 0);
    const int storeRow = window.model.storeRow(viewRow);
    window.view->setCurrentIndex(window.model.index(viewRow, 0));
    QTRY_COMPARE(window.titleText(), window.expectedTitle(storeRow));
    window.panel->setThreshold(0.8);

    window.panel->rebinNow();
    const int bin = window.panel->binning().binOf(store.rows().row(storeRow).score);
    const StatusCounts before = window.panel->binning().bin(bin);
    const int suggestedAbove = window.panel->suggestedAtOrAbove();

    // the decision shows at once as pending ...
    window.store.markPending({storeRow}, RelationshipStatus::Approved);
    QTRY_COMPARE(window.panel->binning().bin(bin).count(RelationshipStatus::Approved),
                 before.count(RelationshipStatus::Approved) + 1);
    QCOMPARE(window.panel->binning().bin(bin).count(RelationshipStatus::Suggested),
             before.count(RelationshipStatus::Suggested) - 1);
    QCOMPARE(window.panel->suggestedAtOrAbove(), suggestedAbove - 1);
    QVERIFY2(window.statusText().contains(u"pending"_s), qPrintable(window.statusText()));
    QVERIFY(window.statusText().contains(statusDisplayName(RelationshipStatus::Approved)));

    // ... and stays when the server's answer lands
    window.store.applyServerAnswer(storeRow,
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
    const int otherRow = window.model.storeRow(other);
    const int otherBin = window.panel->binning().binOf(store.rows().row(otherRow).score);
    const int rejectedBefore =
        window.panel->binning().bin(otherBin).count(RelationshipStatus::Rejected);
    window.store.markPending({otherRow}, RelationshipStatus::Rejected);
    QTRY_COMPARE(window.panel->binning().bin(otherBin).count(RelationshipStatus::Rejected),
                 rejectedBefore + 1);
    window.store.markFailed(otherRow, u"HTTP 503"_s);
    QTRY_COMPARE(window.panel->binning().bin(otherBin).count(RelationshipStatus::Rejected),
                 rejectedBefore);
}

void TestInspectorCharts::filterUpdatesHistogram()
{
    Window window(500);
    QCOMPARE(window.panel->binning().totalRows(), 500);
    RelationshipFilter filter;
    filter.status = RelationshipStatus::Approved;
    window.model.setFilter(filter);
    QTRY_COMPARE(window.panel->binning().totalRows(), window.model.rowCount());
    QVERIFY(window.model.rowCount() > 0 && window.model.rowCount() < 500);
    const ScoreBinning& binning = window.panel->binning();
    int approved = binning.noScore().count(RelationshipStatus::Approved) +
                   binning.outOfRange().count(RelationshipStatus::Approved);
    for (int bin = 0; bin < binning.binCount(); ++bin) {
        QCOMPARE(binning.bin(bin).count(RelationshipStatus::Suggested), 0);
        approved += binning.bin(bin).count(RelationshipStatus::Approved);
    }
    QCOMPARE(approved, window.model.rowCount());
    QCOMPARE(window.panel->suggestedAtOrAbove(), 0);
    QVERIFY(window.label(u"histogramTitle"_s)
                ->text()
                .contains(QLocale().toString(window.model.rowCount())));
}

void TestInspectorCharts::currentRowIsMarked()
{
    Window window(300);
    QChart* chart = window.panel->findChild<QChartView*>(u"scoreHistogram"_s)->chart();
    QLineSeries* marker = nullptr;
    for (QAbstractSeries* series : chart->series()) {
        if (series->name().startsWith(ScoreChartsPanel::tr("Current row")))
            marker = qobject_cast<QLineSeries*>(series);
    }
    QVERIFY(marker);
    QCOMPARE(marker->count(), 0);
    const int viewRow = window.findViewRow([&](int row) {
        return window.store.rows().row(row).hasScore &&
               ScoreBinning::isInRange(window.store.rows().row(row).score);
    });
    const int storeRow = window.model.storeRow(viewRow);
    window.view->setCurrentIndex(window.model.index(viewRow, 0));
    QCOMPARE(marker->count(), 2);
    const double score = window.store.rows().row(storeRow).score;
    QCOMPARE(marker->at(0).x(), score * window.panel->binning().binCount() - 0.5);
    QVERIFY(marker->name().contains(QString::number(score, 'f', 2)));

    const int noScoreRow =
        window.findViewRow([&](int row) { return !window.store.rows().row(row).hasScore; });
    QVERIFY(noScoreRow >= 0);
    window.view->setCurrentIndex(window.model.index(noScoreRow, 0));
    QCOMPARE(marker->at(0).x(), double(window.panel->binning().binCount() + 1));
}

void TestInspectorCharts::columnProfiles()
{
    Window window(300);
    const RelationshipStore& store = window.store;
    const int viewRow = window.findViewRow([&](int row) {
        return store.catalog().column(store.rows().row(row).fromColumnId) != nullptr;
    });
    QVERIFY(viewRow >= 0);
    const int storeRow = window.model.storeRow(viewRow);
    window.inspector->showRow(storeRow);
    const ColumnInfo* from = store.catalog().column(store.rows().row(storeRow).fromColumnId);
    QTRY_COMPARE(window.label(u"fromProfileName"_s)->text(), from->name);
    QTRY_COMPARE(window.label(u"toProfileName"_s)->text(), store.rows().toColumnName(storeRow));
}

void TestInspectorCharts::missingCatalogSaysNotAvailable()
{
    Window window(50, false);
    window.inspector->showRow(0);
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    auto* profiles = window.inspector->findChild<QWidget*>(u"columnProfiles"_s);
    int notAvailable = 0;
    for (QLabel* label : profiles->findChildren<QLabel*>())
        notAvailable += label->text() == EvidenceInspector::tr("not available") ? 1 : 0;
    QVERIFY2(notAvailable >= 8, qPrintable(QString::number(notAvailable)));
    // without names the header falls back to short ids
    QVERIFY(window.titleText().contains(shortId(window.store.rows().row(0).fromColumnId)));
}

void TestInspectorCharts::emptyEvidenceSaysSo()
{
    Window window(600);
    const int viewRow = window.findViewRow(
        [&](int row) { return window.store.rows().evidenceJson(row) == QByteArrayView("{}"); });
    QVERIFY(viewRow >= 0);
    window.inspector->showRow(window.model.storeRow(viewRow));
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
    Window window(std::move(rows));
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

    Window window(3000);
    // a typical current-model suggestion with a full catalog on both ends
    const RelationshipStore& store = window.store;
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
    const int storeRow = window.model.storeRow(viewRow);
    window.container.show();
    window.view->setCurrentIndex(window.model.index(viewRow, 0));
    window.panel->setThreshold(0.8);
    window.panel->rebinNow();
    QTRY_VERIFY(!window.inspector->isUpdatePending());
    QCOMPARE(window.inspector->shownRow(), storeRow);

    window.inspector->setParent(nullptr);
    window.inspector->resize(480, 860);
    window.inspector->show();
    window.panel->setParent(nullptr);
    window.panel->resize(480, 640);
    window.panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.inspector));
    QVERIFY(QTest::qWaitForWindowExposed(window.panel));
    QCoreApplication::processEvents();
    const QString inspectorPath = directory + u"/inspector.png"_s;
    const QString chartsPath = directory + u"/charts.png"_s;
    QVERIFY(window.inspector->grab().save(inspectorPath));
    QVERIFY(window.panel->grab().save(chartsPath));
    qInfo("wrote %s and %s", qPrintable(inspectorPath), qPrintable(chartsPath));
    delete window.inspector;
    delete window.panel;
}

QTEST_MAIN(TestInspectorCharts)
#include "tst_inspectorcharts.moc"
