#pragma once

#include "ConnectionProfile.h"
#include "Origin.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Edits where the relationships come from: profile, base URL, integration source and scope ids,
// and the token (kept only in memory, or in the system keychain when the analyst asks).
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(const ConnectionProfile& profile, QWidget* parent = nullptr);

    ConnectionProfile profile() const;
    // The origin the session's token is for: when the base URL names another one, the dialog
    // says that the token field must be filled (the old token does not go there).
    void setTokenOrigin(const Origin& origin);
    // The typed token (never the session's): empty when the field is.
    QString token() const;
    bool rememberToken() const;

    // Empty when the fields make a usable profile, else what is wrong, naming the field.
    QString validationError() const;

    void accept() override;

private:
    void showProfile(const ConnectionProfile& profile);
    void loadSavedProfile(const QString& name);
    void revalidate();

    QComboBox* m_profileName = nullptr;
    QLineEdit* m_baseUrl = nullptr;
    QLineEdit* m_sourceId = nullptr;
    QLineEdit* m_caCertificates = nullptr;
    QMap<QString, QLineEdit*> m_scope;
    QLineEdit* m_token = nullptr;
    QLabel* m_tokenNote = nullptr;
    Origin m_tokenOrigin;
    QCheckBox* m_rememberToken = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};
