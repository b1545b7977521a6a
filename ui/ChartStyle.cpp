#include "ChartStyle.h"

#include <QAbstractAxis>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QLegend>

namespace {
QFont chartFont(const QPalette&)
{
    QFont font;
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.85));
    return font;
}
} // namespace

void styleChart(QChart* chart, const QPalette& palette)
{
    chart->setBackgroundVisible(false);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation); // updates arrive at key-repeat speed
    chart->setTitleBrush(palette.brush(QPalette::WindowText));
    QLegend* legend = chart->legend();
    legend->setLabelBrush(palette.brush(QPalette::WindowText));
    legend->setFont(chartFont(palette));
}

void styleAxis(QAbstractAxis* axis, const QPalette& palette)
{
    axis->setLabelsBrush(palette.brush(QPalette::WindowText));
    axis->setLabelsFont(chartFont(palette));
    axis->setTitleBrush(palette.brush(QPalette::WindowText));
    QFont titleFont = chartFont(palette);
    axis->setTitleFont(titleFont);
    QColor grid = palette.color(QPalette::WindowText);
    grid.setAlphaF(0.15f);
    axis->setGridLineColor(grid);
    axis->setMinorGridLineColor(grid);
    QColor line = palette.color(QPalette::WindowText);
    line.setAlphaF(0.45f);
    axis->setLinePenColor(line);
}

void styleChartView(QChartView* view)
{
    view->setRenderHint(QPainter::Antialiasing);
    view->setFrameShape(QFrame::NoFrame);
    view->setBackgroundRole(QPalette::Window);
}

void setupScoreBinAxis(QCategoryAxis* axis, int binCount, double max,
                       const QStringList& bucketLabels)
{
    for (const QString& label : axis->categoriesLabels())
        axis->remove(label);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(-0.6);
    const double n = binCount;
    axis->append(QStringLiteral("0"), -0.5);
    axis->append(QStringLiteral("0.25"), n / 4 - 0.5);
    axis->append(QStringLiteral("0.5"), n / 2 - 0.5);
    axis->append(QStringLiteral("0.75"), 3 * n / 4 - 0.5);
    axis->append(QStringLiteral("1"), n - 0.5);
    for (qsizetype i = 0; i < bucketLabels.size(); ++i)
        axis->append(bucketLabels[i], n + 1 + 2 * double(i));
    axis->setRange(-0.6, max);
    axis->setGridLineVisible(false);
}
