#include "DeliveryOptions.h"

#include "RelationshipStore.h" // SyncEngine.h holds a QPointer to one

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {

constexpr int CommandLineAttempts = 8;

} // namespace

DeliveryOptions::DeliveryOptions()
    : m_maxBulk(u"max-bulk"_s, tr("Ids per bulk call (default 500)."), u"N"_s)
    , m_maxInFlight(u"max-in-flight"_s,
                    tr("At most N requests at once (default: adapts to the server, up to 6 over "
                       "HTTP/1.1 and 64 over HTTP/2)."),
                    u"N"_s)
    , m_maxAttempts(u"max-attempts"_s,
                    tr("Tries per request on server or network errors (default 8)."), u"N"_s)
{}

void DeliveryOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOptions({m_maxBulk, m_maxInFlight, m_maxAttempts});
}

bool DeliveryOptions::apply(const QCommandLineParser& parser, SyncConfig* config) const
{
    SyncConfig paced = *config;
    paced.maxTransientAttempts = CommandLineAttempts;
    const auto positive = [&parser](const QCommandLineOption& option, int* value) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const int number = parser.value(option).toInt(&ok);
        if (!ok || number < 1)
            return false;
        *value = number;
        return true;
    };
    if (!positive(m_maxBulk, &paced.bulkBatchSize) ||
        !positive(m_maxInFlight, &paced.maxInFlight) ||
        !positive(m_maxAttempts, &paced.maxTransientAttempts))
        return false;
    *config = paced;
    return true;
}

void DeliveryOptions::applyTimeout(ApiClient& client, const QString& seconds)
{
    constexpr qint64 MaxSeconds = 24 * 60 * 60;
    const qint64 ms = qBound<qint64>(1, seconds.trimmed().toLongLong(), MaxSeconds) * 1000;
    client.setTransferTimeoutMs(int(ms));
    client.setCallDeadlineMs(int(ms));
}

QString DeliveryOptions::errorText()
{
    return tr("--max-bulk, --max-in-flight and --max-attempts take a positive number");
}
