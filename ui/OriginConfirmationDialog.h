#pragma once

#include "Origin.h"

#include <QMessageBox>

// Asks before a snapshot's decisions, and the API token, go to the server the snapshot names when
// that is not the server the token was given for. Names both; "Don't send" is the default.
class OriginConfirmationDialog : public QMessageBox
{
    Q_OBJECT
public:
    OriginConfirmationDialog(const Origin& target, const Origin& tokenOrigin,
                             QWidget* parent = nullptr);

    Origin target() const { return m_target; }
    QAbstractButton* sendButton() const { return m_send; }
    QAbstractButton* dontSendButton() const { return m_dontSend; }
    // After finished(): whether the user chose to send.
    bool sendChosen() const { return clickedButton() == m_send; }

private:
    Origin m_target;
    QAbstractButton* m_send = nullptr;
    QAbstractButton* m_dontSend = nullptr;
};
