#pragma once

#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslError>

#include <map>

class QNetworkReply;

// The QNetworkAccessManagers of one ApiClient, one per generation: the current one, through
// which every new request goes, and those retired after their HTTP/2 connection went away
// (GOAWAY), kept until their last reply has finished.
//
// Why not one manager and clearConnectionCache(): Qt 6.4 learns of a GOAWAY on its network
// thread, the client only later on its own; requests started meanwhile can land on the old
// connection and wait there without an answer. A retired manager takes no new request, so what
// may be stranded is exactly what went through it, and a new connection is certain.
class NetworkGenerations : public QObject
{
    Q_OBJECT
public:
    explicit NetworkGenerations(QObject* parent = nullptr);

    QNetworkAccessManager* current() const { return m_current; }
    int currentGeneration() const { return m_generation; }
    // The current manager becomes a retired one; a new one (set up alike) becomes current.
    void retire();
    // Deletes the manager of a retired `generation` (its replies must all have finished).
    void release(int generation);
    int retiredCount() const { return int(m_retired.size()); }

signals:
    // From whichever manager the reply went through.
    void sslErrors(QNetworkReply* reply, const QList<QSslError>& errors);

private:
    QNetworkAccessManager* make();

    QNetworkAccessManager* m_current = nullptr;
    int m_generation = 1;
    std::map<int, QNetworkAccessManager*> m_retired;
};
