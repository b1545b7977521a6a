#include "ConnectionProfile.h"

#include "CaCertificates.h"
#include "Origin.h"

using namespace Qt::StringLiterals;

namespace {

QString groupOf(const QString& name)
{
    return u"profiles/"_s + name;
}

const auto BaseUrlKey = "baseUrl"_L1;
const auto IntegrationSourceKey = "integrationSourceId"_L1;
const auto ScopeGroup = "scope"_L1;
const auto CaCertificatesKey = "caCertificates"_L1;

} // namespace

const QStringList& ConnectionProfile::scopeParameterNames()
{
    static const QStringList names = {
        u"organization_id"_s, u"resource_id"_s,       u"source_id"_s, u"integration_source_id"_s,
        u"data_source_id"_s,  u"context_source_id"_s, u"job_id"_s,
    };
    return names;
}

QString ConnectionProfile::validate() const
{
    // QSettings reads '/' and '\' as group separators: such a name would not come back.
    if (name.trimmed().isEmpty() || name.contains(u'/') || name.contains(u'\\')) {
        return tr("Profile name: must not be empty or contain '/' or '\\'.");
    }
    if (QString problem = validateBaseUrl(baseUrl); !problem.isEmpty()) {
        return problem;
    }
    if (integrationSourceId.isNull()) {
        return tr("Integration source id: is required.");
    }
    for (auto it = scope.cbegin(); it != scope.cend(); ++it) {
        if (!scopeParameterNames().contains(it.key())) {
            return tr("Scope: '%1' is not a known scope parameter.").arg(it.key());
        }
    }
    if (!caCertificates.isEmpty()) {
        QString problem;
        CaCertificates::load(caCertificates, &problem);
        if (!problem.isEmpty()) {
            return problem;
        }
    }
    return {};
}

QString ConnectionProfile::validateBaseUrl(const QUrl& baseUrl)
{
    if (baseUrl.isEmpty()) {
        return tr("Base URL: is required.");
    }
    if (!baseUrl.isValid()) {
        return tr("Base URL: '%1' is not a valid URL (%2).")
            .arg(baseUrl.toString(), baseUrl.errorString());
    }
    const QString scheme = baseUrl.scheme().toLower();
    if (scheme != "http"_L1 && scheme != "https"_L1) {
        return tr("Base URL: '%1' must start with http:// or https://.").arg(baseUrl.toString());
    }
    if (baseUrl.host().isEmpty()) {
        return tr("Base URL: '%1' has no host name.").arg(baseUrl.toString());
    }
    if (!baseUrl.userInfo().isEmpty()) {
        // Credentials in a URL end up in logs and settings; the token goes in a header instead.
        return tr("Base URL: must not contain a user name or password.");
    }
    if (const QString problem = Origin::transportProblem(baseUrl); !problem.isEmpty()) {
        return tr("Base URL: %1").arg(problem);
    }
    return {};
}

void ConnectionProfile::save(QSettings& settings) const
{
    settings.beginGroup(groupOf(name));
    settings.remove(QString()); // a scope id cleared in the dialog must not survive in the file
    settings.setValue(BaseUrlKey, baseUrl.toString());
    if (!caCertificates.isEmpty()) {
        settings.setValue(CaCertificatesKey, caCertificates);
    }
    settings.setValue(IntegrationSourceKey,
                      integrationSourceId.isNull()
                          ? QString()
                          : integrationSourceId.toString(QUuid::WithoutBraces));
    settings.beginGroup(ScopeGroup);
    for (const QString& parameter : scopeParameterNames()) {
        const auto it = scope.constFind(parameter);
        if (it != scope.cend() && !it->isNull()) {
            settings.setValue(parameter, it->toString(QUuid::WithoutBraces));
        }
    }
    settings.endGroup();
    settings.endGroup();
}

ConnectionProfile ConnectionProfile::load(QSettings& settings, const QString& name)
{
    ConnectionProfile profile;
    profile.name = name;
    settings.beginGroup(groupOf(name));
    if (settings.contains(BaseUrlKey)) {
        profile.baseUrl = QUrl(settings.value(BaseUrlKey).toString());
    }
    profile.caCertificates = settings.value(CaCertificatesKey).toString();
    profile.integrationSourceId =
        QUuid::fromString(settings.value(IntegrationSourceKey).toString());
    settings.beginGroup(ScopeGroup);
    for (const QString& parameter : scopeParameterNames()) {
        const QUuid id = QUuid::fromString(settings.value(parameter).toString());
        if (!id.isNull()) {
            profile.scope.insert(parameter, id);
        }
    }
    settings.endGroup();
    settings.endGroup();
    return profile;
}

QStringList ConnectionProfile::savedNames(QSettings& settings)
{
    settings.beginGroup(u"profiles"_s);
    QStringList names = settings.childGroups();
    settings.endGroup();
    names.sort(Qt::CaseInsensitive);
    return names;
}
