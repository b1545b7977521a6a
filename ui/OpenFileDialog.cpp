#include "OpenFileDialog.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QTreeView>

QFileDialog* makeOpenFileDialog(QWidget* parent, const QString& title, const QString& filter,
                                const QString& objectName)
{
    auto* dialog = new QFileDialog(parent, title, QString(), filter);
    dialog->setObjectName(objectName);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->resize(dialog->sizeHint().expandedTo(QSize(760, 460)));
    // The detail view's size, type and date columns fit what they show (Qt gives them fixed
    // widths that cut dates short); the name takes the rest.
    if (auto* details = dialog->findChild<QTreeView*>(QStringLiteral("treeView"))) {
        QHeaderView* header = details->header();
        header->setStretchLastSection(false);
        header->setSectionResizeMode(0, QHeaderView::Stretch);
        for (int column = 1; column < header->count(); ++column)
            header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }
    return dialog;
}
