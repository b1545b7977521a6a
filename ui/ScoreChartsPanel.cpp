#include "ScoreChartsPanel.h"

#include "ChartStyle.h"
#include "ListComparison.h"
#include "RelationshipTableModel.h"
#include "StatusColors.h"

#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QSlider>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

// A chart view that reports where in value coordinates the user clicked.
class ScoreChartView : public QChartView
{
public:
    using QChartView::QChartView;
    std::function<void(QPointF)> onClick;
    QAbstractSeries* reference = nullptr; // the series whose axes map the click

    // The widget position of a value, for tests that click the chart.
    QPoint positionOf(QPointF value) const
    {
        const QPointF inChart = chart()->mapToPosition(value, reference);
        return mapFromScene(chart()->mapToScene(inChart));
    }

protected:
    void mousePressEvent(QMouseEvent* event) override
    {
        if (event->button() == Qt::LeftButton && onClick && reference) {
            const QPointF inChart = chart()->mapFromScene(mapToScene(event->position().toPoint()));
            if (chart()->plotArea().contains(inChart)) {
                onClick(chart()->mapToValue(inChart, reference));
                event->accept();
                return;
            }
        }
        QChartView::mousePressEvent(event);
    }
};

namespace {
constexpr std::array<RelationshipStatus, 4> StatusOrder = {
    RelationshipStatus::Approved, RelationshipStatus::Rejected, RelationshipStatus::Suggested,
    RelationshipStatus::Unknown};

QString statusLegendName(RelationshipStatus status)
{
    if (status == RelationshipStatus::Unknown)
        return ScoreChartsPanel::tr("Unknown status");
    return statusDisplayName(status);
}

void setupBinAxis(QCategoryAxis* axis, int binCount, double max, bool withBuckets)
{
    setupScoreBinAxis(axis, binCount, max,
                      withBuckets
                          ? QStringList{ScoreChartsPanel::tr("none"), ScoreChartsPanel::tr("out")}
                          : QStringList());
}
} // namespace

ScoreChartsPanel::ScoreChartsPanel(RelationshipTableModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(u"scoreChartsPanel"_s);
    m_rebinTimer.setSingleShot(true);
    m_rebinTimer.setInterval(RebinDelayMs);
    connect(&m_rebinTimer, &QTimer::timeout, this, &ScoreChartsPanel::rebinNow);
    connect(m_model, &RelationshipTableModel::comparisonChanged, this,
            &ScoreChartsPanel::updateComparedScores);

    // Histogram and calibration side by side: the panel docks under the table, where height is
    // scarce and width is not.
    auto* columns = new QHBoxLayout(this);
    columns->setContentsMargins(6, 6, 6, 6);
    columns->setSpacing(12);
    auto* layout = new QVBoxLayout;
    layout->setSpacing(4);
    auto* calibrationColumn = new QVBoxLayout;
    calibrationColumn->setSpacing(4);
    columns->addLayout(layout, 3);
    columns->addLayout(calibrationColumn, 2);

    m_histogramTitle = new QLabel;
    m_histogramTitle->setObjectName(u"histogramTitle"_s);
    QFont bold = m_histogramTitle->font();
    bold.setBold(true);
    m_histogramTitle->setFont(bold);
    layout->addWidget(m_histogramTitle);
    buildHistogram();
    layout->addWidget(m_histogramView, 3);

    auto* controls = new QHBoxLayout;
    controls->setSpacing(6);
    auto* thresholdCaption = new QLabel(tr("&Threshold"));
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(u"thresholdSlider"_s);
    m_slider->setRange(0, 100);
    m_slider->setPageStep(5);
    m_spin = new QDoubleSpinBox;
    m_spin->setObjectName(u"thresholdSpinBox"_s);
    m_spin->setRange(0.0, 1.0);
    m_spin->setSingleStep(0.01);
    m_spin->setDecimals(2);
    m_spin->setKeyboardTracking(false);
    thresholdCaption->setBuddy(m_spin);
    controls->addWidget(thresholdCaption);
    controls->addWidget(m_slider, 1);
    controls->addWidget(m_spin);
    layout->addLayout(controls);
    connect(m_slider, &QSlider::valueChanged, this,
            [this](int value) { setThreshold(value / 100.0); });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this,
            [this](double value) { setThreshold(value); });

    m_countLabel = new QLabel;
    m_countLabel->setObjectName(u"thresholdCountLabel"_s);
    m_countLabel->setWordWrap(true);
    layout->addWidget(m_countLabel);

    m_calibrationTitle =
        new QLabel(tr("Calibration: approved share of reviewed rows per score bin"));
    m_calibrationTitle->setFont(bold);
    m_calibrationTitle->setWordWrap(true);
    calibrationColumn->addWidget(m_calibrationTitle);
    buildCalibration();
    calibrationColumn->addWidget(m_calibrationView, 1);

    // A sort reorders the rows shown without changing which they are: nothing to re-count.
    const auto rebinIfOtherRows = [this] {
        if (m_model->visibleSetGeneration() != m_binnedSetGeneration)
            scheduleRebin();
    };
    connect(m_model, &RelationshipTableModel::visibleRowsChanged, this, rebinIfOtherRows);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, rebinIfOtherRows);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ScoreChartsPanel::scheduleRebin);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ScoreChartsPanel::scheduleRebin);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ScoreChartsPanel::scheduleRebin);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ScoreChartsPanel::scheduleRebin);

    applyPalette();
    {
        const QSignalBlocker sliderBlocker(m_slider);
        const QSignalBlocker spinBlocker(m_spin);
        m_slider->setValue(qRound(m_threshold * 100));
        m_spin->setValue(m_threshold);
    }
    rebinNow();
}

ScoreChartsPanel::~ScoreChartsPanel() = default;

void ScoreChartsPanel::buildHistogram()
{
    m_histogram = new QChart;
    m_statusBars = new QStackedBarSeries;
    m_statusBars->setBarWidth(0.86);
    for (size_t i = 0; i < StatusOrder.size(); ++i) {
        auto* set = new QBarSet(statusLegendName(StatusOrder[i]));
        set->append(QList<qreal>(slotCount(), 0.0));
        m_statusSets[size_t(StatusOrder[i])] = set;
        m_statusBars->append(set);
    }
    m_histogram->addSeries(m_statusBars);

    m_thresholdLine = new QLineSeries;
    m_thresholdLine->setName(tr("Threshold"));
    m_currentLine = new QLineSeries;
    m_currentLine->setName(tr("Current row"));
    m_currentMarker = new QScatterSeries;
    m_currentMarker->setMarkerSize(8);
    m_histogram->addSeries(m_thresholdLine);
    m_histogram->addSeries(m_currentLine);
    m_histogram->addSeries(m_currentMarker);
    // The compared list's scores (File → Compare with…), old against the bars' new.
    m_comparedLine = new QLineSeries;
    m_comparedLine->setObjectName(u"comparedScoresLine"_s);
    m_comparedLine->setName(tr("Compared list"));
    m_comparedLine->setVisible(false);
    m_histogram->addSeries(m_comparedLine);

    m_histogramX = new QCategoryAxis;
    setupBinAxis(m_histogramX, m_binning.binCount(), outOfRangeSlot() + 0.6, true);
    m_histogramY = new QValueAxis;
    m_histogramY->setLabelFormat(u"%i"_s);
    m_histogramY->setRange(0, 4);
    m_histogram->addAxis(m_histogramX, Qt::AlignBottom);
    m_histogram->addAxis(m_histogramY, Qt::AlignLeft);
    for (QAbstractSeries* series : {static_cast<QAbstractSeries*>(m_statusBars),
                                    static_cast<QAbstractSeries*>(m_thresholdLine),
                                    static_cast<QAbstractSeries*>(m_currentLine),
                                    static_cast<QAbstractSeries*>(m_currentMarker),
                                    static_cast<QAbstractSeries*>(m_comparedLine)}) {
        series->attachAxis(m_histogramX);
        series->attachAxis(m_histogramY);
    }
    m_histogram->legend()->setAlignment(Qt::AlignTop);
    m_histogram->legend()->markers(m_currentMarker).first()->setVisible(false);

    m_histogramView = new ScoreChartView(m_histogram);
    m_histogramView->setObjectName(u"scoreHistogram"_s);
    m_histogramView->reference = m_statusBars;
    m_histogramView->setMinimumHeight(150);
    m_histogramView->setToolTip(tr("Click a bin to set the threshold there"));
    m_histogramView->onClick = [this](QPointF value) {
        const int n = m_binning.binCount();
        if (value.x() > n - 0.5 + 0.25)
            return; // the "no score" and "out of range" bars are no threshold
        const double score = std::clamp((value.x() + 0.5) / n, 0.0, 1.0);
        setThreshold(std::round(score * 100.0) / 100.0);
    };
    styleChartView(m_histogramView);
    connect(m_statusBars, &QStackedBarSeries::hovered, this,
            [this](bool status, int index, QBarSet*) { onHistogramHovered(status, index); });
}

void ScoreChartsPanel::buildCalibration()
{
    const int n = m_binning.binCount();
    m_calibration = new QChart;
    m_reviewedBars = new QBarSeries;
    m_reviewedSet = new QBarSet(tr("Reviewed rows"));
    m_reviewedSet->append(QList<qreal>(n, 0.0));
    m_reviewedBars->append(m_reviewedSet);
    m_reviewedBars->setBarWidth(0.86);
    m_calibration->addSeries(m_reviewedBars);
    m_diagonal = new QLineSeries;
    m_diagonal->setName(tr("Score = share"));
    m_diagonal->append(-0.5, 0.0);
    m_diagonal->append(n - 0.5, 100.0);
    m_shareLine = new QLineSeries;
    m_shareLine->setName(tr("Approved share"));
    m_sharePoints = new QScatterSeries;
    m_sharePoints->setMarkerSize(7);
    m_calibration->addSeries(m_diagonal);
    m_calibration->addSeries(m_shareLine);
    m_calibration->addSeries(m_sharePoints);

    m_calibrationX = new QCategoryAxis;
    setupBinAxis(m_calibrationX, n, n - 0.4, false);
    m_shareAxis = new QValueAxis;
    m_shareAxis->setRange(0, 100);
    m_shareAxis->setTickCount(5);
    m_shareAxis->setLabelFormat(u"%i%%"_s);
    m_reviewedAxis = new QValueAxis;
    m_reviewedAxis->setLabelFormat(u"%i"_s);
    m_reviewedAxis->setRange(0, 4);
    m_reviewedAxis->setGridLineVisible(false);
    m_shareAxis->setTitleText(tr("approved"));
    m_reviewedAxis->setTitleText(tr("reviewed rows"));
    m_calibration->addAxis(m_calibrationX, Qt::AlignBottom);
    m_calibration->addAxis(m_shareAxis, Qt::AlignLeft);
    m_calibration->addAxis(m_reviewedAxis, Qt::AlignRight);
    m_reviewedBars->attachAxis(m_calibrationX);
    m_reviewedBars->attachAxis(m_reviewedAxis);
    for (QAbstractSeries* series :
         {static_cast<QAbstractSeries*>(m_diagonal), static_cast<QAbstractSeries*>(m_shareLine),
          static_cast<QAbstractSeries*>(m_sharePoints)}) {
        series->attachAxis(m_calibrationX);
        series->attachAxis(m_shareAxis);
    }
    m_calibration->legend()->setAlignment(Qt::AlignTop);
    m_calibration->legend()->markers(m_sharePoints).first()->setVisible(false);

    m_calibrationView = new ScoreChartView(m_calibration);
    m_calibrationView->setObjectName(u"calibrationChart"_s);
    m_calibrationView->setMinimumHeight(150);
    styleChartView(m_calibrationView);
    connect(m_sharePoints, &QScatterSeries::hovered, this, &ScoreChartsPanel::onCalibrationHovered);
    connect(m_shareLine, &QLineSeries::hovered, this, &ScoreChartsPanel::onCalibrationHovered);
    connect(m_reviewedBars, &QBarSeries::hovered, this, [this](bool status, int index, QBarSet*) {
        onCalibrationHovered(QPointF(index, 0), status);
    });
}

void ScoreChartsPanel::scheduleRebin()
{
    // Not restarted: under a stream of decisions the charts still move every RebinDelayMs.
    if (!m_rebinTimer.isActive())
        m_rebinTimer.start();
}

void ScoreChartsPanel::rebinNow()
{
    m_rebinTimer.stop();
    m_binnedSetGeneration = m_model->visibleSetGeneration();
    m_binning.compute(*m_model->store(), m_model->visibleRows(), m_threshold);
    updateHistogram();
    updateCalibration();
    updateCountLabel();
    updateThresholdMarker();
    updateCurrentMarker();
}

double ScoreChartsPanel::xOfScore(double score) const
{
    return score * m_binning.binCount() - 0.5;
}

void ScoreChartsPanel::updateHistogram()
{
    const int n = m_binning.binCount();
    for (size_t status = 0; status < m_statusSets.size(); ++status) {
        QBarSet* set = m_statusSets[status];
        for (int slot = 0; slot < slotCount(); ++slot) {
            int count = 0;
            if (slot < n)
                count = m_binning.bin(slot).byStatus[status];
            else if (slot == noScoreSlot())
                count = m_binning.noScore().byStatus[status];
            else if (slot == outOfRangeSlot())
                count = m_binning.outOfRange().byStatus[status];
            if (set->at(slot) != count)
                set->replace(slot, count);
        }
    }
    int unknownTotal = m_binning.noScore().count(RelationshipStatus::Unknown) +
                       m_binning.outOfRange().count(RelationshipStatus::Unknown);
    for (int bin = 0; bin < n; ++bin)
        unknownTotal += m_binning.bin(bin).count(RelationshipStatus::Unknown);
    for (QLegendMarker* marker : m_histogram->legend()->markers(m_statusBars)) {
        if (marker->label() == statusLegendName(RelationshipStatus::Unknown))
            marker->setVisible(unknownTotal > 0);
    }
    m_histogramY->setRange(0, std::max({4, m_binning.maxBarHeight(), m_comparedMax}) * 1.08);
    m_histogramY->applyNiceNumbers();
    m_histogramTitle->setText(
        tr("Score distribution of %1 rows shown").arg(QLocale().toString(m_binning.totalRows())));
}

void ScoreChartsPanel::updateCalibration()
{
    const int n = m_binning.binCount();
    QList<QPointF> shares;
    int mostReviewed = 0;
    for (int bin = 0; bin < n; ++bin) {
        const StatusCounts& counts = m_binning.bin(bin);
        const int reviewed = counts.reviewed();
        if (m_reviewedSet->at(bin) != reviewed)
            m_reviewedSet->replace(bin, reviewed);
        mostReviewed = std::max(mostReviewed, reviewed);
        if (reviewed > 0)
            shares.append(QPointF(bin, counts.approvedShare() * 100.0));
    }
    m_shareLine->replace(shares);
    m_sharePoints->replace(shares);
    m_reviewedAxis->setRange(0, std::max(4, mostReviewed) * 1.08);
    m_reviewedAxis->applyNiceNumbers();
}

void ScoreChartsPanel::updateThresholdMarker()
{
    const double x = xOfScore(m_threshold);
    m_thresholdLine->replace({QPointF(x, 0), QPointF(x, m_histogramY->max())});
    m_thresholdLine->setName(tr("Threshold %1").arg(QString::number(m_threshold, 'f', 2)));
}

void ScoreChartsPanel::updateCurrentMarker()
{
    RelationshipStore* store = m_model->store();
    if (m_currentRow < 0 || m_currentRow >= store->size()) {
        m_currentLine->clear();
        m_currentMarker->clear();
        m_currentLine->setName(tr("Current row"));
        return;
    }
    const RelationshipRow& row = store->rows().row(m_currentRow);
    double x = 0;
    QString scoreText;
    if (!row.hasScore || std::isnan(row.score)) {
        x = noScoreSlot();
        scoreText = tr("no score");
    } else if (!ScoreBinning::isInRange(row.score)) {
        x = outOfRangeSlot();
        scoreText = QString::number(row.score, 'g', 4);
    } else {
        x = xOfScore(row.score);
        scoreText = QString::number(row.score, 'f', 2);
    }
    const double top = m_histogramY->max();
    m_currentLine->replace({QPointF(x, 0), QPointF(x, top)});
    m_currentMarker->replace({QPointF(x, top)});
    m_currentLine->setName(tr("Current row (%1)").arg(scoreText));
}

QString ScoreChartsPanel::thresholdCountText() const
{
    const QLocale locale;
    QString text =
        tr("%1 suggested at or above %2 \u00b7 %3 below")
            .arg(locale.toString(m_binning.suggestedAtOrAbove()),
                 QString::number(m_threshold, 'f', 2), locale.toString(m_binning.suggestedBelow()));
    if (m_binning.suggestedWithoutUsableScore() > 0) {
        text += tr(" \u00b7 %1 without a usable score")
                    .arg(locale.toString(m_binning.suggestedWithoutUsableScore()));
    }
    return text;
}

void ScoreChartsPanel::updateCountLabel()
{
    m_countLabel->setText(thresholdCountText());
}

void ScoreChartsPanel::setCurrentStoreRow(int storeRow)
{
    m_currentRow = storeRow;
    updateCurrentMarker();
}

void ScoreChartsPanel::setThreshold(double threshold)
{
    if (std::isnan(threshold))
        return;
    threshold = std::clamp(threshold, 0.0, 1.0);
    if (threshold == m_threshold)
        return;
    m_threshold = threshold;
    {
        const QSignalBlocker sliderBlocker(m_slider);
        const QSignalBlocker spinBlocker(m_spin);
        m_slider->setValue(qRound(threshold * 100));
        m_spin->setValue(threshold);
    }
    m_binning.recountThreshold(*m_model->store(), m_model->visibleRows(), m_threshold);
    updateCountLabel();
    updateThresholdMarker();
    emit thresholdChanged(m_threshold);
}

QString ScoreChartsPanel::binRangeText(int slot) const
{
    const int n = m_binning.binCount();
    if (slot >= 0 && slot < n) {
        const QString low = QString::number(m_binning.binLower(slot), 'f', 2);
        const QString high = QString::number(m_binning.binUpper(slot), 'f', 2);
        return slot == n - 1 ? tr("Scores %1 to %2 (inclusive)").arg(low, high)
                             : tr("Scores %1 to under %2").arg(low, high);
    }
    if (slot == noScoreSlot())
        return tr("No score (null)");
    if (slot == outOfRangeSlot())
        return tr("Score outside 0 to 1");
    return {};
}

void ScoreChartsPanel::onHistogramHovered(bool status, int index)
{
    if (!status) {
        QToolTip::hideText();
        return;
    }
    const int n = m_binning.binCount();
    const StatusCounts* counts = nullptr;
    if (index >= 0 && index < n)
        counts = &m_binning.bin(index);
    else if (index == noScoreSlot())
        counts = &m_binning.noScore();
    else if (index == outOfRangeSlot())
        counts = &m_binning.outOfRange();
    if (!counts)
        return;
    QString text = u"<b>%1</b>: %2"_s.arg(binRangeText(index).toHtmlEscaped(),
                                          tr("%n row(s)", nullptr, counts->total()));
    for (const RelationshipStatus shown : StatusOrder) {
        if (counts->count(shown) > 0 || shown != RelationshipStatus::Unknown) {
            text += u"<br>"_s % statusLegendName(shown).toHtmlEscaped() % u": " %
                    QLocale().toString(counts->count(shown));
        }
    }
    QToolTip::showText(QCursor::pos(), text, m_histogramView);
}

void ScoreChartsPanel::onCalibrationHovered(const QPointF& point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    const int bin = qRound(point.x());
    if (bin < 0 || bin >= m_binning.binCount())
        return;
    const StatusCounts& counts = m_binning.bin(bin);
    QString text = u"<b>%1</b><br>"_s.arg(binRangeText(bin).toHtmlEscaped());
    if (counts.reviewed() == 0) {
        text += tr("No reviewed rows");
    } else {
        text += tr("%1 approved of %2 reviewed (%3 %)")
                    .arg(counts.count(RelationshipStatus::Approved))
                    .arg(counts.reviewed())
                    .arg(QLocale().toString(counts.approvedShare() * 100.0, 'f', 0));
    }
    text += u"<br>"_s % tr("%n row(s) in the bin", nullptr, counts.total());
    QToolTip::showText(QCursor::pos(), text, m_calibrationView);
}

void ScoreChartsPanel::applyPalette()
{
    const QPalette& pal = palette();
    for (QChart* chart : {m_histogram, m_calibration})
        styleChart(chart, pal);
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(m_histogramX), static_cast<QAbstractAxis*>(m_histogramY),
          static_cast<QAbstractAxis*>(m_calibrationX), static_cast<QAbstractAxis*>(m_shareAxis),
          static_cast<QAbstractAxis*>(m_reviewedAxis)})
        styleAxis(axis, pal);
    for (const RelationshipStatus status : StatusOrder) {
        QBarSet* set = m_statusSets[size_t(status)];
        set->setColor(statusColor(status, pal));
        set->setPen(Qt::NoPen);
    }
    m_thresholdLine->setPen(QPen(pal.color(QPalette::WindowText), 2));
    QPen currentPen(pal.color(QPalette::Highlight), 2, Qt::DashLine);
    m_currentLine->setPen(currentPen);
    m_currentMarker->setColor(pal.color(QPalette::Highlight));
    m_currentMarker->setBorderColor(pal.color(QPalette::Highlight));

    QColor reviewed = pal.color(QPalette::WindowText);
    reviewed.setAlphaF(0.14f);
    m_reviewedSet->setColor(reviewed);
    m_reviewedSet->setPen(Qt::NoPen);
    const QColor approved = statusColor(RelationshipStatus::Approved, pal);
    m_shareLine->setPen(QPen(approved, 2));
    m_sharePoints->setColor(approved);
    m_sharePoints->setBorderColor(approved);
    QColor ideal = pal.color(QPalette::WindowText);
    ideal.setAlphaF(0.4f);
    m_diagonal->setPen(QPen(ideal, 1, Qt::DashLine));
}

void ScoreChartsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_histogram)
        applyPalette();
}

void ScoreChartsPanel::updateComparedScores()
{
    const std::shared_ptr<const ListComparison>& comparison = m_model->comparison();
    m_comparedMax = 0;
    if (!comparison) {
        m_comparedLine->clear();
        m_comparedLine->setVisible(false);
        updateHistogram();
        updateThresholdMarker();
        return;
    }
    // Every row of the compared list, binned as the bars are: one pass, bins only.
    const RelationshipRows& rows = comparison->oldRows();
    std::vector<int> counts(size_t(m_binning.binCount()), 0);
    for (int row = 0; row < rows.size(); ++row) {
        const RelationshipRow& fields = rows.row(row);
        if (!fields.hasScore || std::isnan(fields.score))
            continue;
        const int bin = m_binning.binOf(fields.score);
        if (bin >= 0)
            ++counts[size_t(bin)];
    }
    QList<QPointF> points;
    for (size_t bin = 0; bin < counts.size(); ++bin) {
        points.append(QPointF(double(bin), counts[bin]));
        m_comparedMax = std::max(m_comparedMax, counts[bin]);
    }
    m_comparedLine->replace(points);
    m_comparedLine->setName(tr("Scores of %1").arg(comparison->label()));
    m_comparedLine->setVisible(true);
    updateHistogram();
    updateThresholdMarker();
}

bool ScoreChartsPanel::showsComparedScores() const
{
    return m_comparedLine->isVisible() && m_comparedLine->count() > 0;
}
