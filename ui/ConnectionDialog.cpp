#include "ConnectionDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString scopeLabel(const QString& parameter)
{
    static const QMap<QString, const char*> labels = {
        {u"organization_id"_s, QT_TRANSLATE_NOOP("ConnectionDialog", "Organization")},
        {u"resource_id"_s, QT_TRANSLATE_NOOP("ConnectionDialog", "Resource")},
        {u"source_id"_s, QT_TRANSLATE_NOOP("ConnectionDialog", "Source")},
        {u"integration_source_id"_s,
         QT_TRANSLATE_NOOP("ConnectionDialog", "Integration source (scope)")},
        {u"data_source_id"_s, QT_TRANSLATE_NOOP("ConnectionDialog", "Data source")},
        {u"context_source_id"_s, QT_TRANSLATE_NOOP("ConnectionDialog", "Context source")},
        {u"job_id"_s, QT_TRANSLATE_NOOP("ConnectionDialog", "Job")},
    };
    return QCoreApplication::translate(
        "ConnectionDialog",
        labels.value(parameter, QT_TRANSLATE_NOOP("ConnectionDialog", "Scope")));
}

QString uuidText(const QUuid& id)
{
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

} // namespace

ConnectionDialog::ConnectionDialog(const ConnectionProfile& profile, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(u"ConnectionDialog"_s);
    setWindowTitle(tr("Connection"));
    setMinimumWidth(560);

    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_profileName = new QComboBox(this);
    m_profileName->setObjectName(u"profileName"_s);
    m_profileName->setEditable(true);
    m_profileName->setAccessibleName(tr("Profile"));
    {
        QSettings settings;
        m_profileName->addItems(ConnectionProfile::savedNames(settings));
    }
    form->addRow(tr("&Profile:"), m_profileName);

    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(u"baseUrl"_s);
    m_baseUrl->setPlaceholderText(u"https://config.heyhumm.ai"_s);
    form->addRow(tr("&Base URL:"), m_baseUrl);

    m_sourceId = new QLineEdit(this);
    m_sourceId->setObjectName(u"sourceId"_s);
    m_sourceId->setPlaceholderText(tr("UUID of the integration source to review"));
    form->addRow(tr("&Integration source:"), m_sourceId);

    m_token = new QLineEdit(this);
    m_token->setObjectName(u"token"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Personal access token (kept in memory only)"));
    form->addRow(tr("&Token:"), m_token);
    m_tokenNote = new QLabel(this);
    m_tokenNote->setObjectName(u"tokenNote"_s);
    m_tokenNote->setWordWrap(true);
    m_tokenNote->hide();
    form->addRow(QString(), m_tokenNote);
    m_rememberToken = new QCheckBox(tr("Remember the token in the system keychain"), this);
    m_rememberToken->setObjectName(u"rememberToken"_s);
    form->addRow(QString(), m_rememberToken);
    layout->addLayout(form);

    auto* scopeBox = new QGroupBox(tr("Scope (optional, sent with every request)"), this);
    auto* scopeForm = new QFormLayout(scopeBox);
    scopeForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    for (const QString& parameter : ConnectionProfile::scopeParameterNames()) {
        if (parameter == u"integration_source_id"_s) {
            continue; // the source being reviewed is already in the path
        }
        auto* edit = new QLineEdit(scopeBox);
        edit->setObjectName(parameter);
        edit->setPlaceholderText(u"UUID"_s);
        m_scope.insert(parameter, edit);
        scopeForm->addRow(scopeLabel(parameter) + u':', edit);
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::revalidate);
    }
    layout->addWidget(scopeBox);

    auto* tlsForm = new QFormLayout;
    tlsForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_caCertificates = new QLineEdit(this);
    m_caCertificates->setObjectName(u"caCertificates"_s);
    m_caCertificates->setPlaceholderText(
        tr("Optional: a PEM file of certificate authorities to trust too"));
    tlsForm->addRow(tr("&CA certificates:"), m_caCertificates);
    layout->addLayout(tlsForm);
    connect(m_caCertificates, &QLineEdit::textChanged, this, &ConnectionDialog::revalidate);

    m_error = new QLabel(this);
    m_error->setObjectName(u"validationError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #b3261e;"_s);
    layout->addWidget(m_error);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    layout->addWidget(m_buttons);

    connect(m_baseUrl, &QLineEdit::textChanged, this, &ConnectionDialog::revalidate);
    connect(m_sourceId, &QLineEdit::textChanged, this, &ConnectionDialog::revalidate);
    connect(m_profileName, &QComboBox::textActivated, this, &ConnectionDialog::loadSavedProfile);

    showProfile(profile);
    if (!profile.integrationSourceId.isNull()) {
        m_token->setFocus();
    }
}

void ConnectionDialog::showProfile(const ConnectionProfile& profile)
{
    m_profileName->setCurrentText(profile.name);
    m_baseUrl->setText(profile.baseUrl.toString());
    m_sourceId->setText(uuidText(profile.integrationSourceId));
    m_caCertificates->setText(profile.caCertificates);
    for (auto it = m_scope.cbegin(); it != m_scope.cend(); ++it) {
        it.value()->setText(uuidText(profile.scope.value(it.key())));
    }
    revalidate();
}

void ConnectionDialog::loadSavedProfile(const QString& name)
{
    QSettings settings;
    if (ConnectionProfile::savedNames(settings).contains(name)) {
        showProfile(ConnectionProfile::load(settings, name));
    }
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile profile;
    profile.name = m_profileName->currentText().trimmed();
    if (profile.name.isEmpty()) {
        profile.name = u"default"_s;
    }
    profile.baseUrl = QUrl(m_baseUrl->text().trimmed(), QUrl::StrictMode);
    profile.integrationSourceId = QUuid::fromString(m_sourceId->text().trimmed());
    profile.caCertificates = m_caCertificates->text().trimmed();
    for (auto it = m_scope.cbegin(); it != m_scope.cend(); ++it) {
        const QString text = it.value()->text().trimmed();
        if (!text.isEmpty()) {
            profile.scope.insert(it.key(), QUuid::fromString(text));
        }
    }
    return profile;
}

QString ConnectionDialog::token() const
{
    return m_token->text().trimmed();
}

bool ConnectionDialog::rememberToken() const
{
    return m_rememberToken->isChecked();
}

QString ConnectionDialog::validationError() const
{
    if (m_sourceId->text().trimmed().isEmpty()) {
        return tr("Integration source: required.");
    }
    if (QUuid::fromString(m_sourceId->text().trimmed()).isNull()) {
        return tr("Integration source: “%1” is not a UUID.").arg(m_sourceId->text().trimmed());
    }
    for (auto it = m_scope.cbegin(); it != m_scope.cend(); ++it) {
        const QString text = it.value()->text().trimmed();
        if (!text.isEmpty() && QUuid::fromString(text).isNull()) {
            return tr("%1: “%2” is not a UUID.").arg(scopeLabel(it.key()), text);
        }
    }
    return profile().validate();
}

void ConnectionDialog::setTokenOrigin(const Origin& origin)
{
    m_tokenOrigin = origin;
    revalidate();
}

void ConnectionDialog::revalidate()
{
    const Origin origin = Origin::of(QUrl(m_baseUrl->text().trimmed()));
    const bool otherServer = m_tokenOrigin.isValid() && origin.isValid() && origin != m_tokenOrigin;
    m_tokenNote->setText(otherServer ? tr("The token for %1 is not sent to %2: enter the token "
                                          "for %2 (or leave it empty to use one kept in the "
                                          "keychain for it).")
                                           .arg(m_tokenOrigin.toString(), origin.toString())
                                     : QString());
    m_tokenNote->setVisible(otherServer);
    const QString error = validationError();
    m_error->setText(error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

void ConnectionDialog::accept()
{
    if (!validationError().isEmpty()) {
        revalidate();
        return;
    }
    QSettings settings;
    profile().save(settings);
    QDialog::accept();
}
