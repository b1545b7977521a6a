#pragma once

#include <QString>

class QFileDialog;
class QWidget;

// The window's "pick a file to read" dialog (open a snapshot, compare with, import table names):
// an existing file, window-modal, deleted when closed, named for tests, and large enough that its
// name, size and date columns show whole on a 1920x1080 display (Qt's default cuts the dates).
// The caller connects fileSelected() and calls open().
QFileDialog* makeOpenFileDialog(QWidget* parent, const QString& title, const QString& filter,
                                const QString& objectName);
