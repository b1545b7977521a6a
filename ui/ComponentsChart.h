#pragma once

#include <QChartView>
#include <QList>
#include <QString>

class QBarCategoryAxis;
class QBarSet;
class QGraphicsSimpleTextItem;
class QHorizontalBarSeries;
class QValueAxis;

// The evidence inspector's components chart: one horizontal bar per numeric component of the
// evidence, its name on the left, its value on the bar; hovering a bar or a name shows the
// component's full path and value.
//
// The names are drawn by this view rather than as the category axis's labels. QtCharts gives a
// vertical category axis label the axis height / (categories + 2), less 8 px of padding, and
// replaces a label that is taller than that by "...", whatever its width: on a display whose font
// is a few pixels taller (xcb with DejaVu Sans at 96 dpi against the offscreen platform's), a
// dock of ordinary height showed every name as "...". Here each name is centred on its bar,
// needs only its own line height, and is elided (in the middle) only when it is wider than the
// room beside the bars: at most MaxNameShare of the chart's width.
class ComponentsChart : public QChartView
{
    Q_OBJECT
public:
    struct Bar
    {
        QString name; // as shown: "value_overlap.containment"
        QString path; // in full, for the tooltip: "$.value_overlap.containment"
        double value = 0;
    };

    explicit ComponentsChart(QWidget* parent = nullptr);
    ~ComponentsChart() override;

    // Bars from top to bottom. `fractions`: every value is in 0-1 and the scale is 0-1.
    void setBars(const QList<Bar>& bars, bool fractions);
    const QList<Bar>& bars() const { return m_bars; }

    // As drawn, for tests and tools, top to bottom: each bar's name (elided only when too wide),
    // and where the name and the bar's row are, in viewport coordinates. Empty rects for a name
    // not drawn (the chart not laid out yet).
    QStringList shownNames() const;
    QList<QRect> shownNameRects() const;
    QRect barRowRect(int bar) const;
    // The widest a name may be drawn before it is elided, in pixels, and its font.
    int nameBudget() const;
    QFont nameFont() const;
    // What hovering `viewportPosition` shows: the full path and value of the bar or name there.
    QString toolTipAt(const QPoint& viewportPosition) const;

    void applyPalette(const QPalette& palette);

    static constexpr double MaxNameShare = 0.45;

protected:
    bool viewportEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    int barAt(const QPoint& viewportPosition) const; // top-to-bottom index, or -1
    int categoryOf(int bar) const { return int(m_bars.size()) - 1 - bar; }
    void updateNames();
    void placeNames();

    QChart* m_chart = nullptr;
    QHorizontalBarSeries* m_series = nullptr;
    QBarSet* m_set = nullptr;
    QBarCategoryAxis* m_categories = nullptr;
    QValueAxis* m_values = nullptr;
    QList<Bar> m_bars;
    QList<QGraphicsSimpleTextItem*> m_names; // top to bottom, as m_bars
    int m_nameColumn = -1;                   // the left margin reserved for the names
};
