#include "RequestLog.h"

using namespace Qt::StringLiterals;

void RequestLog::append(Entry entry)
{
    if (entry.body.size() > MaxBodyBytes)
        entry.body.truncate(MaxBodyBytes);
    std::lock_guard lock(m_mutex);
    m_entries.push_back(std::move(entry));
    m_sequences.push_back(++m_sequence);
    while (m_entries.size() > size_t(Capacity)) {
        m_entries.pop_front();
        m_sequences.pop_front();
    }
}

void RequestLog::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries.clear();
    m_sequences.clear();
}

QJsonArray RequestLog::toJson() const
{
    std::lock_guard lock(m_mutex);
    QJsonArray entries;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& entry = m_entries[i];
        QJsonObject object{
            {u"seq"_s, m_sequences[i]},
            {u"method"_s, entry.method},
            {u"path"_s, entry.path},
            {u"target"_s, entry.target},
            {u"query"_s, entry.query},
            {u"headers"_s, entry.headers},
            {u"hasAuthorization"_s, entry.hasAuthorization},
            {u"authorizationSha256"_s, entry.authorizationSha256},
            {u"body"_s, QString::fromUtf8(entry.body)},
            {u"body_size"_s, entry.bodySize},
            {u"body_truncated"_s, entry.bodySize > entry.body.size()},
            {u"status"_s, entry.status},
            {u"ms"_s, entry.milliseconds},
        };
        object.insert(u"fault"_s, entry.fault.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                        : QJsonValue(entry.fault));
        entries.append(object);
    }
    return entries;
}
