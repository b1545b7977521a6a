#pragma once

#include "BulkPlan.h"

#include <QChartView>

#include <array>

class QBarSet;
class QCategoryAxis;
class QLineSeries;
class QStackedBarSeries;
class QValueAxis;

// The bulk review preview's score histogram, drawn as the score charts draw theirs: the rows a
// plan would change, per score bin, stacked by their current status, with "no score" and "out of
// range" bars so that no row is left out of the picture, and the plan's threshold marked when
// it bounds the scores. Hovering a bar tells its range and counts.
class BulkPlanChart : public QChartView
{
    Q_OBJECT
public:
    explicit BulkPlanChart(QWidget* parent = nullptr);
    ~BulkPlanChart() override;

    void setPlan(const BulkPlan& plan);

    // x positions: bins at 0..binCount-1, then a gap, "no score", a gap, "out of range".
    int binCount() const { return m_binCount; }
    int noScoreSlot() const { return m_binCount + 1; }
    int outOfRangeSlot() const { return m_binCount + 3; }
    int slotCount() const { return m_binCount + 4; }
    // As drawn, for tests: the height of the bar at `slot` (every status), the part of it in
    // `status`, and what hovering it says.
    int barHeight(int slot) const;
    int barHeight(int slot, RelationshipStatus status) const;
    QString barToolTip(int slot) const;
    double thresholdMarker() const; // its x position; NaN when not drawn

    void applyPalette(const QPalette& palette);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuildSlots(int binCount);
    const StatusCounts* countsAt(int slot) const;

    ScoreBinning m_histogram; // the plan's
    int m_binCount = 0;
    QStackedBarSeries* m_bars = nullptr;
    std::array<QBarSet*, 4> m_sets{}; // by RelationshipStatus
    QLineSeries* m_threshold = nullptr;
    QCategoryAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
};
