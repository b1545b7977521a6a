#include "ScoreBar.h"

#include "EvidenceInspector.h"
#include "StatusColors.h"

#include <QPainter>

#include <cmath>

using namespace Qt::StringLiterals;

ScoreBar::ScoreBar(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ScoreBar::setScore(bool hasScore, double score)
{
    m_hasScore = hasScore && !std::isnan(score);
    m_score = score;
    if (!m_hasScore)
        m_text = EvidenceInspector::tr("no score");
    else if (score < 0.0 || score > 1.0)
        m_text =
            EvidenceInspector::tr("%1 \u00b7 out of range").arg(QString::number(score, 'g', 6));
    else
        m_text = QString::number(score, 'f', score == 1.0 || score == 0.0 ? 2 : 3);
    setToolTip(m_hasScore ? QString::number(score, 'g', 17) : m_text);
    update();
}

void ScoreBar::clear()
{
    m_hasScore = false;
    m_text.clear();
    update();
}

QSize ScoreBar::sizeHint() const
{
    return QSize(200, fontMetrics().height() + 8);
}

QSize ScoreBar::minimumSizeHint() const
{
    return QSize(80, fontMetrics().height() + 8);
}

void ScoreBar::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const bool outOfRange = m_hasScore && (m_score < 0.0 || m_score > 1.0);
    const int textWidth = fontMetrics().horizontalAdvance(u"0.000"_s) + 10;
    QRectF track = QRectF(rect()).adjusted(0.5, 2.5, -0.5, -2.5);
    if (m_hasScore && !outOfRange)
        track.setRight(track.right() - textWidth);
    QColor trackColor = pal.color(QPalette::WindowText);
    trackColor.setAlphaF(0.12f);
    painter.setPen(outOfRange ? QPen(deliveryColor(DeliveryState::Failed, pal), 1.5) : Qt::NoPen);
    painter.setBrush(trackColor);
    painter.drawRoundedRect(track, 3, 3);
    if (m_hasScore && !outOfRange) {
        QRectF fill = track;
        fill.setWidth(track.width() * m_score);
        painter.setPen(Qt::NoPen);
        painter.setBrush(pal.color(QPalette::Highlight));
        painter.drawRoundedRect(fill, 3, 3);
        // quarter ticks, so that 0.8 reads as 0.8 without a scale
        QColor tick = pal.color(QPalette::WindowText);
        tick.setAlphaF(0.35f);
        painter.setPen(QPen(tick, 1));
        for (int quarter = 1; quarter < 4; ++quarter) {
            const qreal x = track.left() + track.width() * quarter / 4.0;
            painter.drawLine(QPointF(x, track.bottom() - 3), QPointF(x, track.bottom()));
        }
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QRectF(track.right(), 0, textWidth, height()),
                         Qt::AlignRight | Qt::AlignVCenter, m_text);
    } else {
        painter.setPen(outOfRange ? deliveryColor(DeliveryState::Failed, pal)
                                  : pal.color(QPalette::PlaceholderText));
        painter.drawText(track, Qt::AlignCenter, m_text);
    }
}