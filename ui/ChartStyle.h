#pragma once

#include <QPalette>

class QAbstractAxis;
class QChart;
class QChartView;

// Charts follow the widget palette (light or dark) and a compact font, so that they read like
// the rest of a dock rather than like a slide.
void styleChart(QChart* chart, const QPalette& palette);
void styleAxis(QAbstractAxis* axis, const QPalette& palette);
void styleChartView(QChartView* view);
