#include "OriginConfirmationDialog.h"

#include <QPushButton>

using namespace Qt::StringLiterals;

OriginConfirmationDialog::OriginConfirmationDialog(const Origin& target, const Origin& tokenOrigin,
                                                   QWidget* parent)
    : QMessageBox(parent)
    , m_target(target)
{
    setObjectName(u"originConfirmationDialog"_s);
    setIcon(QMessageBox::Warning);
    setWindowTitle(tr("Send to another server?"));
    setText(
        tr("This snapshot's decisions go to <b>%1</b>.").arg(target.toString().toHtmlEscaped()));
    setInformativeText(
        tr("Your API token was given for %1, not for %2. The snapshot file names %2; anyone can "
           "write a file that does. Send the decisions and your token to %2 only if you trust "
           "it. The answer holds until relreview is closed.")
            .arg(tokenOrigin.toString().toHtmlEscaped(), target.toString().toHtmlEscaped()));
    m_send = addButton(tr("Send to %1").arg(target.host()), QMessageBox::AcceptRole);
    m_send->setObjectName(u"sendButton"_s);
    m_dontSend = addButton(tr("Don't send"), QMessageBox::RejectRole);
    m_dontSend->setObjectName(u"dontSendButton"_s);
    setDefaultButton(qobject_cast<QPushButton*>(m_dontSend));
    setEscapeButton(m_dontSend);
}
