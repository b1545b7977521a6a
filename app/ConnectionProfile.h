#pragma once

#include <QCoreApplication>
#include <QMap>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUuid>

// Where the relationships come from: the API's base URL, the integration source, and the scope
// ids sent on every request. Remembered per profile in QSettings. Never holds the token: that is
// kept per origin of the base URL (see Origin, CredentialStore).
struct ConnectionProfile
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionProfile)

public:
    QString name = QStringLiteral("default");
    QUrl baseUrl = QUrl(QStringLiteral("https://config.heyhumm.ai"));
    QUuid integrationSourceId;
    QMap<QString, QUuid> scope; // query parameter name (see scopeParameterNames) -> id
    // A PEM file of certificate authorities trusted in addition to the system's (a corporate
    // TLS proxy, a self-hosted service); empty: the system's only.
    QString caCertificates;

    // organization_id, resource_id, source_id, integration_source_id, data_source_id,
    // context_source_id, job_id: the order in which they are sent.
    static const QStringList& scopeParameterNames();

    // An empty string when usable, else what is wrong, naming the field: also an http:// base
    // URL to another machine (https:// is required) and unreadable CA certificates.
    QString validate() const;
    // The base URL's part of validate(): empty when it is usable.
    static QString validateBaseUrl(const QUrl& baseUrl);

    void save(QSettings& settings) const;
    static ConnectionProfile load(QSettings& settings, const QString& name);
    static QStringList savedNames(QSettings& settings);
    bool operator==(const ConnectionProfile& other) const = default;
};
