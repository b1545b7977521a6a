#pragma once

#include <QDialog>

class QLabel;
class ShortcutSettings;

// The sheet '?' opens: every shortcut as it is bound now, grouped, on one page. Not modal, so
// that it can stay open beside the table while an analyst learns the keys; Escape or '?' again
// closes it.
class ShortcutsSheet : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsSheet(ShortcutSettings* settings, QWidget* parent = nullptr);

    QString sheetText() const; // for tests: what the sheet shows, as plain text

    // Keys that are not remappable actions but are worth knowing (arrows, Ctrl+Z), by group.
    void setExtraKeys(const QList<std::pair<QString, QString>>& keyAndMeaning);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void rebuild();

    ShortcutSettings* m_settings;
    QLabel* m_body = nullptr;
    QList<std::pair<QString, QString>> m_extraKeys;
};
