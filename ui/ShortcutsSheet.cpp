#include "ShortcutsSheet.h"

#include "ShortcutSettings.h"

#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ShortcutsSheet::ShortcutsSheet(ShortcutSettings* settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setObjectName(u"shortcutsSheet"_s);
    setWindowTitle(tr("Keyboard shortcuts"));
    setModal(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 14, 18, 12);
    m_body = new QLabel(this);
    m_body->setTextFormat(Qt::RichText);
    m_body->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(m_body, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
    connect(settings, &ShortcutSettings::shortcutsChanged, this, &ShortcutsSheet::rebuild);
    rebuild();
}

void ShortcutsSheet::setExtraKeys(const QList<std::pair<QString, QString>>& keyAndMeaning)
{
    m_extraKeys = keyAndMeaning;
    rebuild();
}

void ShortcutsSheet::rebuild()
{
    // Two columns of groups, keys in bold on the left of their meaning.
    QStringList groups;
    QHash<QString, QStringList> rowsByGroup;
    for (const ShortcutSettings::Command& command : m_settings->commands()) {
        const QKeySequence keys = m_settings->keys(command.id);
        const QString group = command.group.isEmpty() ? tr("Other") : command.group;
        if (!groups.contains(group))
            groups.append(group);
        rowsByGroup[group].append(
            u"<tr><td align='right' style='padding-right:10px'><b>%1</b></td><td>%2</td></tr>"_s
                .arg(keys.isEmpty() ? u"—"_s
                                    : keys.toString(QKeySequence::NativeText).toHtmlEscaped(),
                     command.name.toHtmlEscaped()));
    }
    if (!m_extraKeys.isEmpty()) {
        const QString group = tr("Also");
        groups.append(group);
        for (const auto& [keys, meaning] : std::as_const(m_extraKeys)) {
            rowsByGroup[group].append(
                u"<tr><td align='right' style='padding-right:10px'><b>%1</b></td><td>%2</td></tr>"_s
                    .arg(keys.toHtmlEscaped(), meaning.toHtmlEscaped()));
        }
    }
    QString columns[2];
    for (int i = 0; i < groups.size(); ++i) {
        columns[i % 2] += u"<h4 style='margin:8px 0 4px 0'>%1</h4><table cellspacing='0' "
                          "cellpadding='2'>%2</table>"_s.arg(
                              groups[i].toHtmlEscaped(), rowsByGroup[groups[i]].join(QString()));
    }
    m_body->setText(u"<table cellspacing='0' cellpadding='0'><tr><td valign='top' "
                    "style='padding-right:36px'>%1</td><td valign='top'>%2</td></tr></table>"_s.arg(
                        columns[0], columns[1]));
    adjustSize();
}

QString ShortcutsSheet::sheetText() const
{
    QTextDocument document;
    document.setHtml(m_body->text());
    return document.toPlainText();
}

void ShortcutsSheet::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Question || event->text() == u"?"_s) {
        close();
        return;
    }
    QDialog::keyPressEvent(event);
}
