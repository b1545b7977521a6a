#include "Origin.h"

#include <QCoreApplication>
#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace {

int defaultPort(const QString& scheme)
{
    return scheme == "https"_L1 ? 443 : 80;
}

} // namespace

Origin Origin::of(const QUrl& url)
{
    Origin origin;
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != "http"_L1 && scheme != "https"_L1) || url.host().isEmpty()) {
        return origin;
    }
    origin.m_scheme = scheme;
    origin.m_host = url.host(QUrl::FullyDecoded).toLower();
    // A trailing dot names the same host ("localhost." is localhost).
    while (origin.m_host.endsWith(u'.')) {
        origin.m_host.chop(1);
    }
    origin.m_port = url.port(defaultPort(scheme));
    if (origin.m_host.isEmpty()) {
        return {};
    }
    return origin;
}

bool Origin::isLoopbackHost(const QString& host)
{
    QString name = host.toLower();
    while (name.endsWith(u'.')) {
        name.chop(1);
    }
    if (name == "localhost"_L1) {
        return true;
    }
    if (name.startsWith(u'[') && name.endsWith(u']')) {
        name = name.mid(1).chopped(1);
    }
    const QHostAddress address(name);
    if (address.isNull()) {
        return false;
    }
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        return (address.toIPv4Address() >> 24) == 127;
    }
    return address == QHostAddress(QHostAddress::LocalHostIPv6);
}

bool Origin::isLoopback() const
{
    return isValid() && isLoopbackHost(m_host);
}

QString Origin::toString() const
{
    if (!isValid()) {
        return {};
    }
    const QString host = m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
    QString text = m_scheme + u"://"_s + host;
    if (m_port != defaultPort(m_scheme)) {
        text += u':' + QString::number(m_port);
    }
    return text;
}

QString Origin::transportProblem(const QUrl& url)
{
    const Origin origin = of(url);
    if (!origin.isValid()) {
        return QCoreApplication::translate("Origin", "'%1' is not an https:// URL.")
            .arg(url.toDisplayString());
    }
    if (origin.scheme() == "https"_L1 || origin.isLoopback()) {
        return {};
    }
    return QCoreApplication::translate(
               "Origin", "'%1' is not encrypted: use https:// (plain http:// is accepted only for "
                         "this machine: localhost, 127.0.0.0/8, ::1).")
        .arg(url.toDisplayString(QUrl::RemoveUserInfo));
}
