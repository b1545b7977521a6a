#include "ShortcutSettings.h"

#include "StatusColors.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ShortcutSettings::ShortcutSettings(QObject* parent)
    : QObject(parent)
{}

QString ShortcutSettings::settingsKey(const QString& id)
{
    return u"shortcuts/"_s + id;
}

int ShortcutSettings::indexOf(const QString& id) const
{
    for (int i = 0; i < m_commands.size(); ++i) {
        if (m_commands[i].id == id)
            return i;
    }
    return -1;
}

void ShortcutSettings::registerAction(const QString& id, QAction* action,
                                      const QKeySequence& defaultKeys, const QString& group,
                                      const QString& name)
{
    int index = indexOf(id);
    if (index < 0) {
        Command command;
        command.id = id;
        command.name = name.isEmpty() ? action->text().remove(u'&').section(u'\t', 0, 0) : name;
        command.group = group;
        command.defaultKeys = defaultKeys;
        m_commands.append(command);
        index = int(m_commands.size()) - 1;
    }
    m_commands[index].actions.append(action);
    applyTo(m_commands[index]);
}

QKeySequence ShortcutSettings::keys(const QString& id) const
{
    const int index = indexOf(id);
    if (index < 0)
        return {};
    QSettings settings;
    const QVariant stored = settings.value(settingsKey(id));
    if (!stored.isValid())
        return m_commands[index].defaultKeys;
    return QKeySequence::fromString(stored.toString(), QKeySequence::PortableText);
}

QKeySequence ShortcutSettings::defaultKeys(const QString& id) const
{
    const int index = indexOf(id);
    return index < 0 ? QKeySequence() : m_commands[index].defaultKeys;
}

void ShortcutSettings::setKeys(const QString& id, const QKeySequence& keys)
{
    const int index = indexOf(id);
    if (index < 0)
        return;
    QSettings settings;
    if (keys == m_commands[index].defaultKeys)
        settings.remove(settingsKey(id));
    else
        settings.setValue(settingsKey(id), keys.toString(QKeySequence::PortableText));
    applyTo(m_commands[index]);
    emit shortcutsChanged();
}

void ShortcutSettings::resetToDefaults()
{
    QSettings settings;
    settings.remove(u"shortcuts"_s);
    for (const Command& command : std::as_const(m_commands))
        applyTo(command);
    emit shortcutsChanged();
}

QString ShortcutSettings::conflictFor(const QString& id, const QKeySequence& keys) const
{
    if (keys.isEmpty())
        return {};
    for (const Command& command : m_commands) {
        if (command.id != id && this->keys(command.id) == keys)
            return command.name;
    }
    return {};
}

void ShortcutSettings::applyTo(const Command& command) const
{
    const QKeySequence sequence = keys(command.id);
    for (const QPointer<QAction>& action : command.actions) {
        if (!action)
            continue;
        action->setShortcut(sequence);
        // Tooltips say the key, so they follow a remapping.
        const QString name = command.name;
        action->setToolTip(
            sequence.isEmpty()
                ? name
                : u"%1 (%2)"_s.arg(name, sequence.toString(QKeySequence::NativeText)));
    }
}

// ---------------------------------------------------------------------------------------------

ShortcutSettingsDialog::ShortcutSettingsDialog(ShortcutSettings* settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setObjectName(u"shortcutSettingsDialog"_s);
    setWindowTitle(tr("Keyboard shortcuts"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Click a key and press the new one. Review keys act while the "
                                "table has the focus."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const QList<ShortcutSettings::Command> commands = settings->commands();
    m_table = new QTableWidget(int(commands.size()), 3, this);
    m_table->setObjectName(u"shortcutTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Command"), tr("Key"), QString()});
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setShowGrid(false);
    const int rowHeight = fontMetrics().height() + 14;
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    for (int row = 0; row < commands.size(); ++row) {
        const ShortcutSettings::Command& command = commands[row];
        auto* name = new QTableWidgetItem(
            command.group.isEmpty() ? command.name : u"%1 — %2"_s.arg(command.group, command.name));
        name->setToolTip(tr("Default: %1")
                             .arg(command.defaultKeys.isEmpty()
                                      ? tr("none")
                                      : command.defaultKeys.toString(QKeySequence::NativeText)));
        m_table->setItem(row, 0, name);
        auto* editor = new QKeySequenceEdit(settings->keys(command.id), m_table);
        editor->setObjectName(u"keyEdit_"_s + command.id);
        editor->setAccessibleName(tr("Key for %1").arg(command.name));
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        // One key or chord per command: the sequence ends with the first.
        editor->setMaximumSequenceLength(1);
#endif
        m_table->setCellWidget(row, 1, editor);
        auto* clear = new QToolButton(m_table);
        clear->setText(tr("Clear"));
        clear->setToolTip(tr("No key for %1").arg(command.name));
        connect(clear, &QToolButton::clicked, editor, &QKeySequenceEdit::clear);
        m_table->setCellWidget(row, 2, clear);
        connect(editor, &QKeySequenceEdit::keySequenceChanged, this,
                &ShortcutSettingsDialog::checkConflicts);
        m_editors.append({command.id, editor});
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->resizeSection(
        1, fontMetrics().horizontalAdvance(u"Ctrl+Shift+Z"_s) + 60);
    m_table->setMinimumHeight(std::min(int(commands.size()), 12) * rowHeight +
                              m_table->horizontalHeader()->sizeHint().height() + 4);
    layout->addWidget(m_table, 1);

    m_conflict = new QLabel(this);
    m_conflict->setObjectName(u"shortcutConflict"_s);
    m_conflict->setWordWrap(true);
    QPalette palette = m_conflict->palette();
    palette.setColor(QPalette::WindowText, statusColor(RelationshipStatus::Rejected, palette));
    m_conflict->setPalette(palette);
    layout->addWidget(m_conflict);

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &ShortcutSettingsDialog::restoreDefaults);
    layout->addWidget(m_buttons);
    resize(std::max(560, sizeHint().width()), sizeHint().height());
    checkConflicts();
}

QKeySequenceEdit* ShortcutSettingsDialog::editorFor(const QString& id) const
{
    for (const auto& [commandId, editor] : m_editors) {
        if (commandId == id)
            return editor;
    }
    return nullptr;
}

QString ShortcutSettingsDialog::conflictText() const
{
    return m_conflict->text();
}

void ShortcutSettingsDialog::checkConflicts()
{
    QStringList conflicts;
    const QList<ShortcutSettings::Command> commands = m_settings->commands();
    for (int i = 0; i < m_editors.size(); ++i) {
        const QKeySequence keys = m_editors[i].second->keySequence();
        if (keys.isEmpty())
            continue;
        for (int j = i + 1; j < m_editors.size(); ++j) {
            if (m_editors[j].second->keySequence() == keys) {
                conflicts.append(tr("%1 is given to both %2 and %3.")
                                     .arg(keys.toString(QKeySequence::NativeText), commands[i].name,
                                          commands[j].name));
            }
        }
    }
    m_conflict->setText(conflicts.join(u' '));
    m_conflict->setVisible(!conflicts.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(conflicts.isEmpty());
}

void ShortcutSettingsDialog::restoreDefaults()
{
    for (const auto& [id, editor] : std::as_const(m_editors))
        editor->setKeySequence(m_settings->defaultKeys(id));
    checkConflicts();
}

void ShortcutSettingsDialog::accept()
{
    checkConflicts();
    if (!m_conflict->text().isEmpty())
        return;
    for (const auto& [id, editor] : std::as_const(m_editors)) {
        if (editor->keySequence() != m_settings->keys(id))
            m_settings->setKeys(id, editor->keySequence());
    }
    QDialog::accept();
}
