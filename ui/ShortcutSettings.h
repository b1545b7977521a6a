#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QDialogButtonBox;
class QKeySequenceEdit;
class QLabel;
class QTableWidget;

// The remappable keyboard shortcuts: actions registered under a stable id with a default key,
// the analyst's choices stored in QSettings ("shortcuts/<id>", portable text; an empty value
// means no key) and applied to the actions at once.
class ShortcutSettings : public QObject
{
    Q_OBJECT
public:
    struct Command
    {
        QString id;    // "approve"; the settings key
        QString name;  // "Approve", for the dialog and the shortcuts sheet
        QString group; // "Review", "Move", "View"
        QKeySequence defaultKeys;
        QList<QPointer<QAction>> actions;
    };

    explicit ShortcutSettings(QObject* parent = nullptr);

    // Registers `action` under `id` (several actions may share an id) and gives it the stored
    // key, else `defaultKeys`. The action's text (without '&') names the command unless `name`
    // is given.
    void registerAction(const QString& id, QAction* action, const QKeySequence& defaultKeys,
                        const QString& group, const QString& name = {});

    QList<Command> commands() const { return m_commands; }
    QKeySequence keys(const QString& id) const;
    QKeySequence defaultKeys(const QString& id) const;
    // Stores and applies; an empty sequence leaves the command without a key.
    void setKeys(const QString& id, const QKeySequence& keys);
    void resetToDefaults();
    // The name of another command already using `keys`, or empty.
    QString conflictFor(const QString& id, const QKeySequence& keys) const;

    static QString settingsKey(const QString& id);

signals:
    void shortcutsChanged();

private:
    int indexOf(const QString& id) const;
    void applyTo(const Command& command) const;

    QList<Command> m_commands;
};

// The settings dialog for the shortcuts: one row per command with a key editor; a key already
// taken by another command is named and blocks OK; "Restore defaults".
class ShortcutSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutSettingsDialog(ShortcutSettings* settings, QWidget* parent = nullptr);

    // For tests: the editor of a command.
    QKeySequenceEdit* editorFor(const QString& id) const;
    QString conflictText() const;

    void accept() override;

private:
    void checkConflicts();
    void restoreDefaults();

    ShortcutSettings* m_settings;
    QTableWidget* m_table = nullptr;
    QList<std::pair<QString, QKeySequenceEdit*>> m_editors;
    QLabel* m_conflict = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};
