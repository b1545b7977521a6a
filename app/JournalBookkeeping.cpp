#include "JournalBookkeeping.h"

namespace {

// A batch this large is written at once rather than after the flush delay.
constexpr qsizetype MaxBatch = 2000;

} // namespace

JournalBookkeeping::JournalBookkeeping(DecisionJournal* journal, QObject* parent)
    : QObject(parent)
    , m_journal(journal)
    , m_onThisThread(!journal || journal->path() == QLatin1StringView(DecisionJournal::InMemory))
    , m_written(this, BackgroundWork::Order::InOrder)
{
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &JournalBookkeeping::flush);
}

JournalBookkeeping::~JournalBookkeeping()
{
    flush();
    m_written.waitForIdle();
}

void JournalBookkeeping::change(DecisionChange change)
{
    m_changes.append(std::move(change));
    if (m_changes.size() >= MaxBatch)
        flush();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start(m_flushMs);
}

void JournalBookkeeping::flush()
{
    m_flushTimer.stop();
    if (m_changes.isEmpty())
        return;
    QList<DecisionChange> changes = std::exchange(m_changes, {});
    DecisionJournal* journal = m_journal;
    ++m_writing;
    if (m_onThisThread) {
        const bool ok = journal && journal->apply(changes);
        const QString error = ok || !journal ? QString() : journal->lastError();
        // Said on a later turn, as from the lane: never from inside whatever called this. The
        // lane tracks it so that isBusy() stays true until then.
        m_written.run(
            [ok, error](const std::atomic_bool&) {
                return std::pair{ok, error};
            },
            [this](std::pair<bool, QString> result) {
                --m_writing;
                emit written(result.first, result.second);
            });
        return;
    }
    m_written.run(
        [journal, changes = std::move(changes)](const std::atomic_bool&) {
            const bool ok = journal->apply(changes);
            return std::pair{ok, ok ? QString() : journal->lastError()};
        },
        [this](std::pair<bool, QString> result) {
            --m_writing;
            emit written(result.first, result.second);
        });
}

void JournalBookkeeping::sync()
{
    flush();
    m_written.waitForIdle();
}

void JournalBookkeeping::readCounts(qint64 originId,
                                    std::function<void(const DecisionCounts&)> deliver)
{
    flush();
    DecisionJournal* journal = m_journal;
    if (m_onThisThread) {
        const DecisionCounts counts = journal ? journal->counts(originId) : DecisionCounts{};
        m_written.run([counts](const std::atomic_bool&) { return counts; }, std::move(deliver));
        return;
    }
    m_written.run(
        [journal, originId](const std::atomic_bool&) { return journal->counts(originId); },
        std::move(deliver));
}
