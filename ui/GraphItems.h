#pragma once

#include "Relationship.h"

#include <QCoreApplication>
#include <QFont>
#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QGraphicsView>
#include <QStringList>
#include <QUuid>

// The graph pane's drawing: table boxes, link curves and the view that pans and zooms them.
// Items are made once and reused from one picture to the next (setContent / setPath), so that
// following the current row moves and restyles items instead of building a scene.

// A table: its name (or the id's short form and "name unknown"), then the columns its links
// involve. Selectable (the table to name).
class GraphNodeItem : public QGraphicsItem
{
    Q_DECLARE_TR_FUNCTIONS(GraphNodeItem)
public:
    enum { Type = UserType + 1 };
    struct Content
    {
        QUuid tableId;
        QString title;
        QString subtitle;        // "name unknown", "12 links"…
        QStringList lines;       // columns
        bool emphasised = false; // the current row's tables, the table searched for
        bool nameKnown = true;
    };
    static constexpr int MaxLines = 12; // more columns are summed up in one line

    GraphNodeItem();
    int type() const override { return Type; }
    // The box's size for `content`, in scene pixels (what the layout is given).
    static QSizeF measure(const Content& content, const QFont& font);
    void setContent(const Content& content, const QFont& font);
    const Content& content() const { return m_content; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    // The lines it shows: its columns, at most MaxLines, the rest summed up in the last.
    static QStringList shownLines(const Content& content);

    Content m_content;
    QFont m_font;
    QSizeF m_size;
};

// A link (or, in the overview, the links between two tables): approved solid, suggested dashed
// with its score, rejected faint; the current row's link drawn wide. Its row is what a click
// makes current.
class GraphEdgeItem : public QGraphicsPathItem
{
public:
    enum { Type = UserType + 2 };
    GraphEdgeItem();
    int type() const override { return Type; }
    // `path`: Graphviz's cubic Bézier points (start, then three per segment).
    void setRoute(const std::vector<QPointF>& points, const QPointF& labelAt);
    void setStyle(RelationshipStatus status, bool current, const QString& label,
                  const QPalette& palette);
    int row() const { return m_row; }
    void setRow(int row) { m_row = row; }
    RelationshipStatus status() const { return m_status; }
    bool isCurrent() const { return m_current; }
    QString label() const { return m_label; }
    QPointF labelPosition() const { return m_labelAt; }
    // A point on the curve (its middle), where a click hits it.
    QPointF middle() const { return m_labelAt; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    int m_row = -1;
    RelationshipStatus m_status = RelationshipStatus::Suggested;
    bool m_current = false;
    QString m_label;
    QPointF m_labelAt;
    QPolygonF m_arrow;
    QColor m_labelColor;
};

// Pans by dragging, zooms with the wheel and + / - , fits with 0; a click on a link reports its
// row, a double click on a table asks to name it.
class GraphView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit GraphView(QWidget* parent = nullptr);
    void zoomBy(double factor);
    void fitAll();
    // Centres on `rect`, zoomed out to show all of it when it does not fit (never zoomed in past
    // 1:1).
    void showRect(const QRectF& rect);
    double zoom() const;

signals:
    void edgeClicked(int row);
    void nodeActivated(const QUuid& tableId); // double click

protected:
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
};
