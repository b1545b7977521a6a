#include "BulkPlanChart.h"

#include "ChartStyle.h"
#include "StatusColors.h"

#include <QBarLegendMarker>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>
#include <limits>

namespace {
constexpr std::array<RelationshipStatus, 4> StackOrder = {
    RelationshipStatus::Approved, RelationshipStatus::Rejected, RelationshipStatus::Suggested,
    RelationshipStatus::Unknown};
} // namespace

BulkPlanChart::BulkPlanChart(QWidget* parent)
    : QChartView(parent)
{
    auto* chart = new QChart;
    m_bars = new QStackedBarSeries;
    m_bars->setBarWidth(0.86);
    for (const RelationshipStatus status : StackOrder) {
        auto* set = new QBarSet(status == RelationshipStatus::Unknown ? tr("Unknown status")
                                                                      : statusDisplayName(status));
        m_sets[size_t(status)] = set;
        m_bars->append(set);
    }
    chart->addSeries(m_bars);
    m_threshold = new QLineSeries;
    m_threshold->setName(tr("Threshold"));
    chart->addSeries(m_threshold);
    m_x = new QCategoryAxis;
    m_y = new QValueAxis;
    m_y->setLabelFormat(QStringLiteral("%i"));
    m_y->setTickCount(5);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QAbstractSeries* series :
         {static_cast<QAbstractSeries*>(m_bars), static_cast<QAbstractSeries*>(m_threshold)}) {
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    }
    chart->legend()->setAlignment(Qt::AlignTop);
    // The threshold is the dialog's own control, just above: the legend names the statuses.
    chart->legend()->markers(m_threshold).first()->setVisible(false);
    setChart(chart);
    styleChartView(this);
    // Readable at the dialog's size: ten bins and two buckets, counts up to six digits.
    setMinimumSize(420, 190);
    connect(m_bars, &QStackedBarSeries::hovered, this, [this](bool shown, int slot, QBarSet*) {
        if (shown)
            QToolTip::showText(QCursor::pos(), barToolTip(slot), this);
        else
            QToolTip::hideText();
    });
    rebuildSlots(10);
    applyPalette(palette());
}

BulkPlanChart::~BulkPlanChart() = default;

void BulkPlanChart::rebuildSlots(int binCount)
{
    m_binCount = binCount;
    for (QBarSet* set : m_sets) {
        set->remove(0, set->count());
        set->append(QList<qreal>(slotCount(), 0.0));
    }
    setupScoreBinAxis(m_x, binCount, outOfRangeSlot() + 0.6, {tr("none"), tr("out")});
}

void BulkPlanChart::setPlan(const BulkPlan& plan)
{
    m_histogram = plan.histogram();
    if (m_histogram.binCount() != m_binCount)
        rebuildSlots(m_histogram.binCount());
    int tallest = 0;
    for (int slot = 0; slot < slotCount(); ++slot) {
        const StatusCounts* counts = countsAt(slot);
        for (const RelationshipStatus status : StackOrder) {
            const int count = counts ? counts->count(status) : 0;
            QBarSet* set = m_sets[size_t(status)];
            if (set->at(slot) != count)
                set->replace(slot, count);
        }
        tallest = std::max(tallest, counts ? counts->total() : 0);
    }
    // A status no row is in has no place in the legend.
    for (const RelationshipStatus status : StackOrder) {
        int total = 0;
        for (int slot = 0; slot < slotCount(); ++slot)
            total += countsAt(slot) ? countsAt(slot)->count(status) : 0;
        for (QLegendMarker* marker : chart()->legend()->markers(m_bars)) {
            auto* bar = qobject_cast<QBarLegendMarker*>(marker);
            if (bar && bar->barset() == m_sets[size_t(status)])
                marker->setVisible(total > 0);
        }
    }
    m_y->setRange(0, std::max(4, tallest) * 1.08);
    m_y->applyNiceNumbers();

    const BulkPlan::Options& options = plan.options();
    const bool bounded = options.bound != BulkPlan::Bound::None;
    if (bounded) {
        const double x = options.threshold * m_binCount - 0.5;
        m_threshold->replace({QPointF(x, 0), QPointF(x, m_y->max())});
        m_threshold->setName(tr("Threshold %1").arg(QString::number(options.threshold, 'f', 2)));
    } else {
        m_threshold->clear();
    }
}

const StatusCounts* BulkPlanChart::countsAt(int slot) const
{
    if (slot >= 0 && slot < m_histogram.binCount())
        return &m_histogram.bin(slot);
    if (slot == noScoreSlot())
        return &m_histogram.noScore();
    if (slot == outOfRangeSlot())
        return &m_histogram.outOfRange();
    return nullptr;
}

int BulkPlanChart::barHeight(int slot) const
{
    int total = 0;
    for (const RelationshipStatus status : StackOrder)
        total += barHeight(slot, status);
    return total;
}

int BulkPlanChart::barHeight(int slot, RelationshipStatus status) const
{
    const QBarSet* set = m_sets[size_t(status)];
    return slot >= 0 && slot < set->count() ? int(set->at(slot)) : 0;
}

double BulkPlanChart::thresholdMarker() const
{
    return m_threshold->count() > 0 ? m_threshold->at(0).x()
                                    : std::numeric_limits<double>::quiet_NaN();
}

QString BulkPlanChart::barToolTip(int slot) const
{
    const StatusCounts* counts = countsAt(slot);
    if (!counts)
        return {};
    const QLocale locale;
    QString range;
    if (slot == noScoreSlot()) {
        range = tr("No score");
    } else if (slot == outOfRangeSlot()) {
        range = tr("Score outside 0-1");
    } else {
        const bool last = slot == m_histogram.binCount() - 1;
        range = (last ? tr("Scores %1 to %2") : tr("Scores %1 to below %2"))
                    .arg(locale.toString(m_histogram.binLower(slot), 'f', 2),
                         locale.toString(m_histogram.binUpper(slot), 'f', 2));
    }
    QStringList lines{range, tr("%n row(s) change", nullptr, counts->total())};
    for (const RelationshipStatus status : StackOrder) {
        if (counts->count(status) > 0) {
            lines.append(tr("%1 now %2")
                             .arg(locale.toString(counts->count(status)),
                                  status == RelationshipStatus::Unknown
                                      ? tr("of an unknown status")
                                      : statusDisplayName(status)));
        }
    }
    return lines.join(u'\n');
}

void BulkPlanChart::applyPalette(const QPalette& palette)
{
    styleChart(chart(), palette);
    styleAxis(m_x, palette);
    styleAxis(m_y, palette);
    for (const RelationshipStatus status : StackOrder) {
        QBarSet* set = m_sets[size_t(status)];
        const QColor color = statusColor(status, palette);
        set->setColor(color);
        set->setBorderColor(color);
    }
    QPen pen(palette.color(QPalette::WindowText));
    pen.setWidthF(1.5);
    m_threshold->setPen(pen);
}

void BulkPlanChart::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette(palette());
}
