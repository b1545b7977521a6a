#pragma once

#include "ConnectionProfile.h"

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
    QMap<QString, QLineEdit*> m_scope;
    QLineEdit* m_token = nullptr;
    QCheckBox* m_rememberToken = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};
