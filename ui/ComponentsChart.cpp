#include "ComponentsChart.h"

#include "ChartStyle.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QGraphicsSimpleTextItem>
#include <QHelpEvent>
#include <QHorizontalBarSeries>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr int NameGap = 8; // between a name's right end and the plot area (the axis ticks)
} // namespace

ComponentsChart::ComponentsChart(QWidget* parent)
    : QChartView(parent)
{
    m_chart = new QChart;
    m_chart->legend()->hide();
    m_series = new QHorizontalBarSeries;
    m_set = new QBarSet(tr("Value"));
    m_series->append(m_set);
    m_series->setBarWidth(0.7);
    m_series->setLabelsVisible(true);
    m_series->setLabelsPosition(QAbstractBarSeries::LabelsInsideBase);
    m_series->setLabelsPrecision(3);
    m_chart->addSeries(m_series);
    m_categories = new QBarCategoryAxis;
    m_values = new QValueAxis;
    m_values->setLabelFormat(u"%.2g"_s);
    m_chart->addAxis(m_categories, Qt::AlignLeft);
    m_chart->addAxis(m_values, Qt::AlignBottom);
    m_series->attachAxis(m_categories);
    m_series->attachAxis(m_values);
    m_categories->setGridLineVisible(false);
    m_categories->setLabelsVisible(false); // the names are drawn beside it: see the header
    setChart(m_chart);
    styleChartView(this);
    setMinimumHeight(120);
    connect(m_chart, &QChart::plotAreaChanged, this, &ComponentsChart::placeNames);
}

ComponentsChart::~ComponentsChart() = default;

void ComponentsChart::setBars(const QList<Bar>& bars, bool fractions)
{
    m_bars = bars;
    // Horizontal bars run bottom-up: the first bar is the last category.
    QStringList categories;
    QList<qreal> values;
    for (auto it = m_bars.crbegin(); it != m_bars.crend(); ++it) {
        QString category = it->name;
        while (categories.contains(category)) // categories must be unique
            category += u' ';
        categories.append(category);
        values.append(it->value);
    }
    m_set->remove(0, m_set->count());
    m_categories->clear();
    if (!m_bars.isEmpty()) {
        m_categories->append(categories);
        m_set->append(values);
        if (fractions) {
            m_values->setRange(0.0, 1.0);
            m_values->setTickCount(5);
            m_values->setLabelFormat(u"%.2f"_s);
        } else {
            double low = 0.0, high = 0.0;
            for (const qreal v : values) {
                low = std::min(low, v);
                high = std::max(high, v);
            }
            m_values->setRange(low, high > low ? high * 1.08 : low + 1.0);
            m_values->applyNiceNumbers();
            m_values->setLabelFormat(u"%.3g"_s);
        }
    }

    while (m_names.size() > m_bars.size())
        delete m_names.takeLast();
    while (m_names.size() < m_bars.size()) {
        auto* name = new QGraphicsSimpleTextItem(m_chart);
        name->setBrush(m_categories->labelsBrush());
        m_names.append(name);
    }
    const int rowHeight = QFontMetrics(m_categories->labelsFont()).height() + 8;
    setMinimumHeight(std::max(120, int(m_bars.size()) * rowHeight + 50));
    updateNames();
}

QFont ComponentsChart::nameFont() const
{
    return m_categories->labelsFont();
}

int ComponentsChart::nameBudget() const
{
    const QFontMetrics metrics(m_categories->labelsFont());
    return std::max(metrics.averageCharWidth() * 8, int(width() * MaxNameShare));
}

void ComponentsChart::updateNames()
{
    const QFont font = m_categories->labelsFont();
    const QFontMetrics metrics(font);
    const int budget = nameBudget();
    int widest = 0;
    for (qsizetype i = 0; i < m_bars.size(); ++i) {
        QGraphicsSimpleTextItem* name = m_names[i];
        name->setFont(font);
        name->setText(metrics.elidedText(m_bars[i].name, Qt::ElideMiddle, budget));
        widest = std::max(widest, metrics.horizontalAdvance(name->text()));
    }
    // The chart's left margin makes the room; the plot area then moves, and placeNames() runs.
    const int column = m_bars.isEmpty() ? 0 : widest + NameGap;
    if (column != m_nameColumn) {
        m_nameColumn = column;
        QMargins margins = m_chart->margins();
        margins.setLeft(2 + column);
        m_chart->setMargins(margins);
    }
    placeNames();
}

void ComponentsChart::placeNames()
{
    const QRectF plot = m_chart->plotArea();
    for (qsizetype i = 0; i < m_names.size(); ++i) {
        QGraphicsSimpleTextItem* name = m_names[i];
        const QRectF bounds = name->boundingRect();
        const qreal y = m_chart->mapToPosition(QPointF(0, categoryOf(int(i))), m_series).y();
        name->setPos(std::round(plot.left() - NameGap - bounds.width()),
                     std::round(y - bounds.height() / 2));
        name->setVisible(plot.isValid() && y >= plot.top() && y <= plot.bottom());
    }
}

QStringList ComponentsChart::shownNames() const
{
    QStringList names;
    for (const QGraphicsSimpleTextItem* name : m_names)
        names.append(name->isVisible() ? name->text() : QString());
    return names;
}

QList<QRect> ComponentsChart::shownNameRects() const
{
    QList<QRect> rects;
    for (const QGraphicsSimpleTextItem* name : m_names) {
        rects.append(name->isVisible() ? mapFromScene(name->sceneBoundingRect()).boundingRect()
                                       : QRect());
    }
    return rects;
}

QRect ComponentsChart::barRowRect(int bar) const
{
    if (bar < 0 || bar >= m_bars.size())
        return {};
    const QRectF plot = m_chart->plotArea();
    const int category = categoryOf(bar);
    // Categories are centred on whole values, each one unit tall.
    const qreal top = m_chart->mapToPosition(QPointF(0, category + 0.5), m_series).y();
    const qreal bottom = m_chart->mapToPosition(QPointF(0, category - 0.5), m_series).y();
    const QRectF row(QPointF(0, top), QPointF(plot.right(), bottom));
    return mapFromScene(m_chart->mapToScene(row)).boundingRect();
}

int ComponentsChart::barAt(const QPoint& viewportPosition) const
{
    if (m_bars.isEmpty())
        return -1;
    const QPointF position = m_chart->mapFromScene(mapToScene(viewportPosition));
    const QRectF plot = m_chart->plotArea();
    if (position.x() > plot.right() || position.y() < plot.top() || position.y() > plot.bottom())
        return -1;
    const int category = int(std::lround(m_chart->mapToValue(position, m_series).y()));
    if (category < 0 || category >= m_bars.size())
        return -1;
    return categoryOf(category);
}

QString ComponentsChart::toolTipAt(const QPoint& viewportPosition) const
{
    const int bar = barAt(viewportPosition);
    if (bar < 0)
        return {};
    const Bar& shown = m_bars[bar];
    return tr("%1\nvalue %2").arg(shown.path, QLocale().toString(shown.value, 'g', 6));
}

bool ComponentsChart::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, viewport());
        }
        return true;
    }
    return QChartView::viewportEvent(event);
}

void ComponentsChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    updateNames(); // the room for the names follows the width
}

void ComponentsChart::applyPalette(const QPalette& palette)
{
    styleChart(m_chart, palette); // resets the margins: the names' column is made again below
    styleAxis(m_categories, palette);
    styleAxis(m_values, palette);
    m_set->setColor(palette.color(QPalette::Highlight));
    m_set->setBorderColor(palette.color(QPalette::Highlight));
    m_set->setLabelColor(palette.color(QPalette::HighlightedText));
    for (QGraphicsSimpleTextItem* name : std::as_const(m_names))
        name->setBrush(m_categories->labelsBrush());
    m_nameColumn = -1;
    updateNames();
}
