#include "TargetOptions.h"

#include "CaCertificates.h"
#include "Origin.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

QCommandLineOption baseUrlOption(const QString& defaultBaseUrl)
{
    QCommandLineOption option(
        u"base-url"_s,
        TargetOptions::tr(
            "The API's base URL (https://; http:// only for this machine). The token is sent there "
            "and nowhere else."),
        u"URL"_s);
    if (!defaultBaseUrl.isEmpty()) {
        option.setDefaultValue(defaultBaseUrl);
    }
    return option;
}

} // namespace

TargetOptions::TargetOptions(const QString& defaultBaseUrl)
    : m_baseUrl(baseUrlOption(defaultBaseUrl))
    , m_caCertificates(u"ca-certificates"_s,
                       tr("Trust the certificate authorities in FILE (PEM) too, e.g. for a "
                          "corporate TLS proxy."),
                       u"FILE"_s)
{}

void TargetOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOptions({m_baseUrl, m_caCertificates});
}

bool TargetOptions::isBaseUrlSet(const QCommandLineParser& parser) const
{
    return parser.isSet(m_baseUrl);
}

bool TargetOptions::apply(const QCommandLineParser& parser, ConnectionProfile* profile,
                          QString* error) const
{
    const QString text = parser.value(m_baseUrl).trimmed();
    if (!text.isEmpty()) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()) {
            *error = tr("--base-url: '%1' is not a URL").arg(parser.value(m_baseUrl));
            return false;
        }
        if (!url.userInfo().isEmpty()) {
            *error = tr("--base-url: must not contain a user name or password");
            return false;
        }
        if (const QString problem = Origin::transportProblem(url); !problem.isEmpty()) {
            *error = u"--base-url: "_s + problem;
            return false;
        }
        profile->baseUrl = url;
    }
    if (parser.isSet(m_caCertificates)) {
        QString problem;
        CaCertificates::load(parser.value(m_caCertificates), &problem);
        if (!problem.isEmpty()) {
            *error = u"--ca-certificates: "_s + problem;
            return false;
        }
        profile->caCertificates = QFileInfo(parser.value(m_caCertificates)).absoluteFilePath();
    }
    return true;
}
