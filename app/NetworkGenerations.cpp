#include "NetworkGenerations.h"

#include <QNetworkReply>

NetworkGenerations::NetworkGenerations(QObject* parent)
    : QObject(parent)
{
    m_current = make();
}

QNetworkAccessManager* NetworkGenerations::make()
{
    auto* network = new QNetworkAccessManager(this);
    // Cookies would be a second, unmanaged credential; this API authenticates by token only.
    network->setCookieJar(nullptr);
    connect(network, &QNetworkAccessManager::sslErrors, this, &NetworkGenerations::sslErrors);
    return network;
}

void NetworkGenerations::retire()
{
    m_retired.emplace(m_generation, m_current);
    ++m_generation;
    m_current = make();
}

void NetworkGenerations::release(int generation)
{
    const auto it = m_retired.find(generation);
    if (it == m_retired.end()) {
        return;
    }
    // Later: the reply whose end released it is still being handled.
    it->second->deleteLater();
    m_retired.erase(it);
}
