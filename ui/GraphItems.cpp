#include "GraphItems.h"

#include "StatusColors.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPathStroker>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {

constexpr double Padding = 8;
constexpr double MaxTextWidth = 260; // longer names are elided

QFont boldOf(const QFont& font)
{
    QFont bold = font;
    bold.setBold(true);
    return bold;
}

QFont smallOf(const QFont& font)
{
    QFont small = font;
    small.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.9));
    small.setItalic(true);
    return small;
}

} // namespace

QStringList GraphNodeItem::shownLines(const Content& content)
{
    if (content.lines.size() <= MaxLines)
        return content.lines;
    QStringList lines = content.lines.mid(0, MaxLines - 1);
    lines.append(tr("+ %1 more").arg(content.lines.size() - (MaxLines - 1)));
    return lines;
}

GraphNodeItem::GraphNodeItem()
{
    setFlag(ItemIsSelectable);
    setZValue(1);
    setCacheMode(DeviceCoordinateCache);
}

QSizeF GraphNodeItem::measure(const Content& content, const QFont& font)
{
    const QFontMetricsF normal(font);
    const QFontMetricsF bold(boldOf(font));
    const QFontMetricsF small(smallOf(font));
    double width = std::min(MaxTextWidth, bold.horizontalAdvance(content.title));
    double height = bold.height();
    if (!content.subtitle.isEmpty()) {
        width = std::max(width, std::min(MaxTextWidth, small.horizontalAdvance(content.subtitle)));
        height += small.height();
    }
    const QStringList lines = shownLines(content);
    if (!lines.isEmpty())
        height += Padding / 2 + lines.size() * normal.height();
    for (const QString& line : lines)
        width = std::max(width, std::min(MaxTextWidth, normal.horizontalAdvance(line)));
    return {std::ceil(width + 2 * Padding), std::ceil(height + 2 * Padding)};
}

void GraphNodeItem::setContent(const Content& content, const QFont& font)
{
    const QSizeF size = measure(content, font);
    if (size != m_size)
        prepareGeometryChange();
    m_content = content;
    m_font = font;
    m_size = size;
    setToolTip(content.nameKnown ? content.title
                                 : tr("Table %1: name unknown (double-click to name it)")
                                       .arg(content.tableId.toString(QUuid::WithoutBraces)));
    update();
}

QRectF GraphNodeItem::boundingRect() const
{
    // Centred on the item's position, as Graphviz places nodes; a margin for the selection frame.
    return QRectF(-m_size.width() / 2 - 2, -m_size.height() / 2 - 2, m_size.width() + 4,
                  m_size.height() + 4);
}

void GraphNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const QPalette& palette = QApplication::palette();
    const QRectF box(-m_size.width() / 2, -m_size.height() / 2, m_size.width(), m_size.height());
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;
    QColor border =
        m_content.emphasised ? palette.color(QPalette::Highlight) : palette.color(QPalette::Mid);
    painter->setPen(QPen(selected ? palette.color(QPalette::Highlight) : border,
                         selected || m_content.emphasised ? 2.0 : 1.0,
                         selected ? Qt::DashLine : Qt::SolidLine));
    painter->setBrush(palette.color(QPalette::Base));
    painter->drawRoundedRect(box, 5, 5);

    const QFont bold = boldOf(m_font);
    const QFont small = smallOf(m_font);
    const QFontMetricsF boldMetrics(bold);
    const QFontMetricsF smallMetrics(small);
    const QFontMetricsF normalMetrics(m_font);
    const double textWidth = box.width() - 2 * Padding;
    double y = box.top() + Padding;
    // The header: the table's name on a tinted band.
    double headerHeight =
        boldMetrics.height() + (m_content.subtitle.isEmpty() ? 0 : smallMetrics.height());
    QColor band = palette.color(QPalette::Highlight);
    band.setAlpha(m_content.emphasised ? 60 : 25);
    painter->setPen(Qt::NoPen);
    painter->setBrush(band);
    QPainterPath header;
    header.addRoundedRect(
        QRectF(box.left() + 1, box.top() + 1, box.width() - 2, headerHeight + Padding + 1), 4, 4);
    painter->drawPath(header);

    painter->setPen(palette.color(QPalette::Text));
    painter->setFont(bold);
    painter->drawText(QRectF(box.left() + Padding, y, textWidth, boldMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      boldMetrics.elidedText(m_content.title, Qt::ElideRight, textWidth));
    y += boldMetrics.height();
    if (!m_content.subtitle.isEmpty()) {
        painter->setFont(small);
        painter->setPen(m_content.nameKnown ? palette.color(QPalette::PlaceholderText)
                                            : statusColor(RelationshipStatus::Suggested, palette));
        painter->drawText(QRectF(box.left() + Padding, y, textWidth, smallMetrics.height()),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          smallMetrics.elidedText(m_content.subtitle, Qt::ElideRight, textWidth));
        y += smallMetrics.height();
    }
    const QStringList lines = shownLines(m_content);
    if (lines.isEmpty())
        return;
    y += Padding / 2;
    painter->setFont(m_font);
    painter->setPen(palette.color(QPalette::Text));
    for (const QString& line : lines) {
        painter->drawText(QRectF(box.left() + Padding, y, textWidth, normalMetrics.height()),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          normalMetrics.elidedText(line, Qt::ElideMiddle, textWidth));
        y += normalMetrics.height();
    }
}

GraphEdgeItem::GraphEdgeItem()
{
    setZValue(0);
    setAcceptHoverEvents(false);
    setCursor(Qt::PointingHandCursor);
}

void GraphEdgeItem::setRoute(const std::vector<QPointF>& points, const QPointF& labelAt)
{
    QPainterPath path;
    m_arrow.clear();
    if (points.size() >= 4) {
        path.moveTo(points[0]);
        for (size_t i = 1; i + 2 < points.size(); i += 3)
            path.cubicTo(points[i], points[i + 1], points[i + 2]);
        // An arrow head at the end, along the last segment's direction.
        const QPointF tip = points.back();
        QPointF from = points[points.size() - 2];
        if (QLineF(from, tip).length() < 0.5)
            from = points[points.size() - 3];
        const QLineF line(tip, from);
        if (line.length() > 0) {
            const QPointF unit = (from - tip) / line.length();
            const QPointF normal(-unit.y(), unit.x());
            m_arrow << tip << tip + unit * 9 + normal * 4 << tip + unit * 9 - normal * 4;
        }
    }
    prepareGeometryChange();
    setPath(path);
    m_labelAt = labelAt;
}

void GraphEdgeItem::setStyle(RelationshipStatus status, bool current, const QString& label,
                             const QPalette& palette)
{
    m_status = status;
    m_current = current;
    if (label != m_label)
        prepareGeometryChange();
    m_label = label;
    QColor color = statusColor(status, palette);
    Qt::PenStyle style = Qt::SolidLine;
    double width = 1.4;
    switch (status) {
    case RelationshipStatus::Approved:
        break;
    case RelationshipStatus::Suggested:
    case RelationshipStatus::Unknown:
        style = Qt::DashLine;
        break;
    case RelationshipStatus::Rejected:
        color.setAlpha(90);
        width = 1.0;
        style = Qt::DotLine;
        break;
    }
    if (current) {
        width = 3.2;
        color.setAlpha(255);
    }
    QPen pen(color, width, style, Qt::RoundCap);
    setPen(pen);
    m_labelColor = color;
    setZValue(current ? 0.5 : 0);
    update();
}

QRectF GraphEdgeItem::boundingRect() const
{
    QRectF rect = QGraphicsPathItem::boundingRect().united(m_arrow.boundingRect());
    if (!m_label.isEmpty())
        rect = rect.united(QRectF(m_labelAt - QPointF(30, 12), QSizeF(60, 24)));
    return rect.adjusted(-6, -6, 6, 6);
}

QPainterPath GraphEdgeItem::shape() const
{
    // A click within a few pixels of the curve hits it.
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(path());
}

void GraphEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette& palette = QApplication::palette();
    if (m_current) {
        // A halo under the current row's link, so that it reads at once among many.
        QColor halo = palette.color(QPalette::Highlight);
        halo.setAlpha(70);
        painter->setPen(QPen(halo, 9, Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(path());
    }
    painter->setPen(pen());
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());
    if (!m_arrow.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(pen().color());
        painter->drawPolygon(m_arrow);
    }
    if (m_label.isEmpty())
        return;
    QFont font = painter->font();
    font.setPointSizeF(std::max(6.0, QApplication::font().pointSizeF() * 0.85));
    font.setBold(m_current);
    painter->setFont(font);
    const QFontMetricsF metrics(font);
    const QRectF textRect(m_labelAt.x() - metrics.horizontalAdvance(m_label) / 2 - 3,
                          m_labelAt.y() - metrics.height() / 2,
                          metrics.horizontalAdvance(m_label) + 6, metrics.height());
    QColor background = palette.color(QPalette::Base);
    background.setAlpha(220);
    painter->setPen(Qt::NoPen);
    painter->setBrush(background);
    painter->drawRoundedRect(textRect, 3, 3);
    painter->setPen(m_labelColor);
    painter->drawText(textRect, Qt::AlignCenter, m_label);
}

GraphView::GraphView(QWidget* parent)
    : QGraphicsView(parent)
{
    setDragMode(ScrollHandDrag);
    setRenderHint(QPainter::Antialiasing);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
}

double GraphView::zoom() const
{
    return transform().m11();
}

void GraphView::zoomBy(double factor)
{
    const double next = std::clamp(zoom() * factor, 0.05, 4.0);
    if (zoom() > 0)
        scale(next / zoom(), next / zoom());
}

void GraphView::fitAll()
{
    if (!scene())
        return;
    const QRectF rect = scene()->itemsBoundingRect().adjusted(-10, -10, 10, 10);
    if (rect.isEmpty())
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    if (zoom() > 1.0)
        zoomBy(1.0 / zoom());
}

void GraphView::showRect(const QRectF& rect)
{
    const QRectF padded = rect.adjusted(-20, -20, 20, 20);
    const QSizeF viewport = maximumViewportSize();
    const double fit = std::min(viewport.width() / std::max(1.0, padded.width()),
                                viewport.height() / std::max(1.0, padded.height()));
    const double target = std::clamp(std::min(fit, 1.0), 0.05, 1.0);
    resetTransform();
    scale(target, target);
    centerOn(padded.center());
}

void GraphView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomBy(std::pow(1.15, steps));
    event->accept();
}

void GraphView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25);
        return;
    case Qt::Key_Minus:
        zoomBy(1 / 1.25);
        return;
    case Qt::Key_0:
        fitAll();
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

void GraphView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        for (QGraphicsItem* item : items(event->position().toPoint())) {
            if (item->type() == GraphEdgeItem::Type) {
                const int row = static_cast<GraphEdgeItem*>(item)->row();
                event->accept();
                if (row >= 0)
                    emit edgeClicked(row);
                return;
            }
            if (item->type() == GraphNodeItem::Type)
                break; // a table: selected by the base class
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseDoubleClickEvent(QMouseEvent* event)
{
    for (QGraphicsItem* item : items(event->position().toPoint())) {
        if (item->type() == GraphNodeItem::Type) {
            event->accept();
            emit nodeActivated(static_cast<GraphNodeItem*>(item)->content().tableId);
            return;
        }
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}
