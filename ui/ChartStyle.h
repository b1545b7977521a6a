#pragma once

#include <QPalette>
#include <QStringList>

class QAbstractAxis;
class QCategoryAxis;
class QChart;
class QChartView;

// Charts follow the widget palette (light or dark) and a compact font, so that they read like
// the rest of a dock rather than like a slide.
void styleChart(QChart* chart, const QPalette& palette);
void styleAxis(QAbstractAxis* axis, const QPalette& palette);
void styleChartView(QChartView* view);

// The x axis of a score histogram with `binCount` bins at x = 0..binCount-1: labelled 0, 0.25,
// 0.5, 0.75 and 1 at the bins' edges, then `bucketLabels` (e.g. "none", "out") at
// x = binCount + 1, binCount + 3, ...; it runs from -0.6 to `max`.
void setupScoreBinAxis(QCategoryAxis* axis, int binCount, double max,
                       const QStringList& bucketLabels);
