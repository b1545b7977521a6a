#include "RelationshipDelegate.h"

#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "StatusColors.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

void RelationshipDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const
{
    // A removed row of a compared list: greyed, as the read-only row it is.
    if (index.data(RelationshipTableModel::RemovedRowRole).toBool() &&
        (option.state & QStyle::State_Enabled)) {
        QStyleOptionViewItem greyed = option;
        greyed.state &= ~QStyle::State_Enabled;
        greyed.palette.setCurrentColorGroup(QPalette::Disabled);
        painter->save();
        painter->setOpacity(0.55);
        paint(painter, greyed, index);
        painter->restore();
        return;
    }
    switch (index.column()) {
    case RelationshipTableModel::StatusColumn:
        paintStatus(painter, option, index);
        return;
    case RelationshipTableModel::ScoreColumn:
        paintScore(painter, option, index);
        return;
    default:
        QStyledItemDelegate::paint(painter, option, index);
    }
}

void RelationshipDelegate::paintStatus(QPainter* painter, const QStyleOptionViewItem& option,
                                       const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const auto status =
        RelationshipStatus(index.data(RelationshipTableModel::EffectiveStatusRole).toInt());
    const auto delivery =
        DeliveryState(index.data(RelationshipTableModel::DeliveryStateRole).toInt());
    const QColor colour = statusColor(status, opt.palette);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect cell = opt.rect.adjusted(4, 3, -4, -3);
    const int textWidth = opt.fontMetrics.horizontalAdvance(text);
    QRectF chip(cell.left(), cell.top(), qMin(cell.width(), textWidth + 18), cell.height());
    QPainterPath path;
    path.addRoundedRect(chip, chip.height() / 2, chip.height() / 2);

    if (delivery == DeliveryState::Pending) {
        // Not yet confirmed by the server: a lighter, hatched chip.
        QColor light = colour;
        light.setAlpha(70);
        painter->fillPath(path, light);
        painter->fillPath(path, QBrush(colour, Qt::BDiagPattern));
    } else {
        QColor fill = colour;
        fill.setAlpha(delivery == DeliveryState::None ? 210 : 120);
        painter->fillPath(path, fill);
    }
    if (delivery == DeliveryState::Failed || delivery == DeliveryState::Gone ||
        delivery == DeliveryState::Conflict) {
        painter->setPen(QPen(deliveryColor(delivery, opt.palette), 2));
        painter->drawPath(path);
    }
    const bool darkChip = delivery == DeliveryState::None && colour.lightnessF() < 0.6;
    painter->setPen(darkChip ? QColor(Qt::white) : opt.palette.color(QPalette::Text));
    QFont font = opt.font;
    font.setItalic(delivery == DeliveryState::Pending);
    painter->setFont(font);
    painter->drawText(chip, Qt::AlignCenter, text);
    // What was decided before on this column pair, after the chip in the muted colour.
    const QString earlier = index.data(RelationshipTableModel::EarlierDecisionRole).toString();
    if (!earlier.isEmpty()) {
        const QRect rest(int(chip.right()) + 6, cell.top(), cell.right() - int(chip.right()) - 6,
                         cell.height());
        if (rest.width() > 8) {
            font.setItalic(false);
            painter->setFont(font);
            painter->setPen(opt.palette.color(QPalette::PlaceholderText));
            painter->drawText(rest, Qt::AlignLeft | Qt::AlignVCenter,
                              opt.fontMetrics.elidedText(earlier, Qt::ElideRight, rest.width()));
        }
    }
    painter->restore();
}

void RelationshipDelegate::paintScore(QPainter* painter, const QStyleOptionViewItem& option,
                                      const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QVariant key = index.data(RelationshipTableModel::SortRole);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();

    bool ok = false;
    const double score = key.toDouble(&ok);
    if (ok && score == score) { // NaN: no score, nothing to draw
        const QString text = opt.text;
        opt.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        painter->save();
        const QRect cell = opt.rect.adjusted(4, opt.rect.height() - 6, -4, -3);
        QColor track = opt.palette.color(QPalette::Mid);
        track.setAlpha(60);
        painter->fillRect(cell, track);
        QColor bar = (score < 0.0 || score > 1.0) ? QColor(0xc6, 0x28, 0x28)
                                                  : opt.palette.color(QPalette::Highlight);
        bar.setAlpha(opt.state & QStyle::State_Selected ? 255 : 170);
        const double clamped = qBound(0.0, score, 1.0);
        painter->fillRect(QRectF(cell.left(), cell.top(), cell.width() * clamped, cell.height()),
                          bar);
        painter->setPen(opt.palette.color(
            opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(opt.rect.adjusted(4, 0, -6, -4), Qt::AlignRight | Qt::AlignVCenter, text);
        painter->restore();
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}
