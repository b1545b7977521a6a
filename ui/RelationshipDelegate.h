#pragma once

#include <QStyledItemDelegate>

// Paints the status column as a coloured chip (pending decisions hatched, failed ones outlined)
// and the score column as a bar under its number, so a page of rows reads at a glance.
class RelationshipDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

private:
    void paintStatus(QPainter* painter, const QStyleOptionViewItem& option,
                     const QModelIndex& index) const;
    void paintScore(QPainter* painter, const QStyleOptionViewItem& option,
                    const QModelIndex& index) const;
};
