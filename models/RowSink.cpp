#include "RowSink.h"

#include <algorithm>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype ProgressStep = 4 * 1024 * 1024;
constexpr qsizetype ReleaseStep = 16 * 1024 * 1024;
} // namespace

RowSink::RowSink(qsizetype totalBytes, qsizetype offsetShift,
                 const RelationshipParser::Options& options, uchar* releasableMapping,
                 bool arriving)
    : m_totalBytes(totalBytes)
    , m_offsetShift(offsetShift)
    , m_progress(options.progress)
    , m_firstRows(arriving || totalBytes >= RelationshipParser::FirstRowsMinimumBytes
                      ? options.firstRows
                      : RelationshipParser::FirstRows())
    , m_firstRowsCount(std::max(1, options.firstRowsCount))
    , m_arriving(arriving)
    , m_releasable(releasableMapping)
{
    m_sinceStart.start();
}

bool RowSink::previewDue() const
{
    if (!m_firstRows)
        return false;
    if (!m_arriving)
        return rows.size() >= m_firstRowsCount;
    // Over a slow link the first few rows are worth showing before a full preview's worth has
    // come; after that, a new preview once the rows have doubled (so all the copies together
    // cost no more than the list once).
    if (m_previewedRows == 0)
        return rows.size() >= m_firstRowsCount ||
               (rows.size() > 0 && m_sinceStart.elapsed() >= RelationshipParser::FirstRowsWaitMs);
    return rows.size() >= 2 * m_previewedRows;
}

bool RowSink::consume(const RecordBatch& batch)
{
    if (rows.isEmpty() && batch.count > 0 && batch.endOffset > batch.firstOffset) {
        // Reserving from the first batch's record size avoids the vector's last doubling,
        // which at a million rows would briefly hold three copies of the row table.
        const double bytesPerRecord =
            double(batch.endOffset - batch.firstOffset) / double(batch.count);
        const double estimate =
            double(m_totalBytes - m_offsetShift - batch.firstOffset) / bytesPerRecord;
        if (estimate > batch.count)
            rows.reserve(int(std::min(estimate * 1.05 + 16, 1.0e9)));
    }
    // The index probe of each append is a cache miss at a million rows: start it early.
    constexpr int PrefetchDistance = 8;
    for (int i = 0; i < std::min(batch.count, PrefetchDistance); ++i)
        rows.prefetchIdSlot(batch.records[size_t(i)].id);
    for (int i = 0; i < batch.count; ++i) {
        const Relationship& record = batch.records[size_t(i)];
        if (i + PrefetchDistance < batch.count)
            rows.prefetchIdSlot(batch.records[size_t(i + PrefetchDistance)].id);
        // The id index keeps the first row of an id, so a duplicate shows as a lookup that
        // does not find the row just appended. Looking up after appending probes cache lines
        // the append has just touched; looking up before would miss the cache twice per row.
        const int row = rows.append(record);
        const std::optional<int> first = rows.rowOf(record.id);
        if (first && *first != row) {
            failed = true;
            failedRecord = batch.firstIndex + i;
            failure.offset = batch.idOffsets[size_t(i)];
            failure.member = u"id"_s;
            failure.recordId = record.id.toString(QUuid::WithoutBraces);
            failure.message = tr("duplicate id: record %1 has the same id").arg(*first);
            return false;
        }
    }
    releaseConsumed(batch.endOffset);
    if (previewDue())
        handOverFirstRows();
    if (m_progress && batch.endOffset - m_lastReport >= ProgressStep) {
        m_lastReport = batch.endOffset;
        if (!m_progress(batch.endOffset + m_offsetShift, m_totalBytes)) {
            cancelled = true;
            return false;
        }
    }
    return true;
}

bool RowSink::finish()
{
    if (m_progress && !m_progress(m_totalBytes, m_totalBytes))
        cancelled = true;
    return !cancelled;
}

void RowSink::handOverFirstRows()
{
    if (m_arriving) {
        m_previewedRows = rows.size();
        m_firstRows(RelationshipRows(rows));
        return;
    }
    RelationshipRows firstRows;
    firstRows.reserve(m_firstRowsCount);
    for (int row = 0; row < m_firstRowsCount; ++row)
        firstRows.append(rows.relationship(row));
    const RelationshipParser::FirstRows handOver = std::move(m_firstRows);
    m_firstRows = nullptr;
    handOver(std::move(firstRows));
}

void RowSink::releaseConsumed(qsizetype end)
{
#ifdef Q_OS_UNIX
    if (!m_releasable)
        return;
    static const qsizetype pageSize = qsizetype(sysconf(_SC_PAGESIZE));
    const qsizetype releaseEnd = (end + m_offsetShift) / pageSize * pageSize;
    if (releaseEnd - m_released < ReleaseStep)
        return;
    madvise(m_releasable + m_released, size_t(releaseEnd - m_released), MADV_DONTNEED);
    m_released = releaseEnd;
#else
    Q_UNUSED(end);
#endif
}
