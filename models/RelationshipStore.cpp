#include "RelationshipStore.h"

#include "RowSortOrder.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <utility>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

namespace {

constexpr quint64 mix64(quint64 value)
{
    // The finaliser of MurmurHash3: spreads every input bit over the output.
    value ^= value >> 33;
    value *= 0xff51afd7ed558ccdULL;
    value ^= value >> 33;
    value *= 0xc4ceb9fe1a85ec53ULL;
    value ^= value >> 33;
    return value;
}

quint64 uuidHash(const QUuid& id)
{
    static_assert(sizeof(QUuid) == 16);
    quint64 halves[2];
    std::memcpy(halves, &id, sizeof halves);
    return mix64(halves[0] ^ mix64(halves[1]));
}

// Keeps an open-addressing table at most 70% full; sizes are powers of two.
size_t slotCountFor(size_t entries)
{
    size_t slotCount = 16;
    while (entries * 10 >= slotCount * 7)
        slotCount *= 2;
    return slotCount;
}

// A million rows fill hundreds of megabytes; with 4 KiB pages the first touch of each page
// costs more than copying the bytes into it, and random access (the id index) misses the TLB on
// nearly every probe. Asks for huge pages over the aligned interior of memory not yet touched.
void adviseHugePages(const void* data, size_t size)
{
#if defined(Q_OS_LINUX) && defined(MADV_HUGEPAGE)
    constexpr quintptr HugePage = 2 * 1024 * 1024;
    if (size >= 4 * HugePage) {
        const auto begin = (quintptr(data) + HugePage - 1) & ~(HugePage - 1);
        const auto end = (quintptr(data) + quintptr(size)) & ~(HugePage - 1);
        if (end > begin)
            madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    }
#else
    Q_UNUSED(data);
    Q_UNUSED(size);
#endif
}

std::unique_ptr<char[]> allocateBlock(qsizetype size)
{
    auto block = std::make_unique_for_overwrite<char[]>(size_t(size));
    adviseHugePages(block.get(), size_t(size));
    return block;
}

bool timestampRoundTrips(qint64 ms, const QString& text)
{
    if (text.isEmpty())
        return true; // nothing was sent: the formatted time is all there is
    char buffer[TimestampAsciiMaxLength];
    const int length = formatTimestampAscii(ms, buffer);
    return QLatin1StringView(buffer, length) == text;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// StringPool

quint32 StringPool::intern(QStringView text)
{
    if ((m_strings.size() + 1) * 10 >= m_slots.size() * 7)
        rehash(slotCountFor(m_strings.size() + 1));
    const size_t mask = m_slots.size() - 1;
    for (size_t slot = qHash(text) & mask;; slot = (slot + 1) & mask) {
        const quint32 entry = m_slots[slot];
        if (entry == 0) {
            const auto id = quint32(m_strings.size());
            m_strings.push_back(text.toString());
            m_slots[slot] = id + 1;
            return id;
        }
        if (m_strings[entry - 1] == text)
            return entry - 1;
    }
}

void StringPool::rehash(size_t slotCount)
{
    m_slots.assign(slotCount, 0);
    const size_t mask = slotCount - 1;
    for (size_t id = 0; id < m_strings.size(); ++id) {
        size_t slot = qHash(QStringView(m_strings[id])) & mask;
        while (m_slots[slot] != 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = quint32(id + 1);
    }
}

qint64 StringPool::memoryBytes() const
{
    qint64 bytes =
        qint64(m_strings.capacity() * sizeof(QString) + m_slots.size() * sizeof(quint32));
    for (const QString& text : m_strings)
        bytes += 32 + text.capacity() * qint64(sizeof(QChar)); // 32: the shared data header
    return bytes;
}

// ---------------------------------------------------------------------------------------------
// ByteArena

ByteArena::ByteArena(ByteArena&& other) noexcept
    : m_blocks(std::move(other.m_blocks))
    , m_blockSizes(std::move(other.m_blockSizes))
    , m_used(std::exchange(other.m_used, 0))
    , m_tail(std::exchange(other.m_tail, 0))
    , m_currentBlock(std::exchange(other.m_currentBlock, -1))
{
    other.m_blocks.clear();
    other.m_blockSizes.clear();
}

ByteArena& ByteArena::operator=(ByteArena&& other) noexcept
{
    if (this != &other) {
        m_blocks = std::exchange(other.m_blocks, {});
        m_blockSizes = std::exchange(other.m_blockSizes, {});
        m_used = std::exchange(other.m_used, 0);
        m_tail = std::exchange(other.m_tail, 0);
        m_currentBlock = std::exchange(other.m_currentBlock, -1);
    }
    return *this;
}

ByteArena::Span ByteArena::append(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return {};
    // Checked in every build: a longer member would be cut short silently by the 32-bit length.
    if (!fits(bytes.size()))
        throw std::length_error("ByteArena: a member of 4 GiB or more");
    const qsizetype length = bytes.size();

    qsizetype block = 0;
    qsizetype offset = 0;
    if (length > BlockSize / 4) {
        // A huge member gets a block of its own rather than wasting the current block's tail.
        m_blocks.push_back(allocateBlock(length));
        m_blockSizes.push_back(length);
        block = qsizetype(m_blocks.size()) - 1;
    } else {
        if (m_currentBlock < 0 || m_tail + length > m_blockSizes[size_t(m_currentBlock)]) {
            // Small lists stay small: blocks double from 64 KiB up to BlockSize.
            const qsizetype previous =
                m_currentBlock < 0 ? 32 * 1024 : m_blockSizes[size_t(m_currentBlock)];
            const qsizetype size = std::max(std::min(previous * 2, BlockSize), length);
            m_blocks.push_back(allocateBlock(size));
            m_blockSizes.push_back(size);
            m_currentBlock = qsizetype(m_blocks.size()) - 1;
            m_tail = 0;
        }
        block = m_currentBlock;
        offset = m_tail;
        m_tail += length;
    }
    std::memcpy(m_blocks[size_t(block)].get() + offset, bytes.data(), size_t(length));
    m_used += length;
    return {(quint64(block) << 32) | quint64(offset), quint32(length)};
}

QByteArrayView ByteArena::view(Span span) const
{
    if (span.length == 0)
        return {};
    const auto block = size_t(span.offset >> 32);
    const auto offset = qsizetype(span.offset & 0xffffffffULL);
    Q_ASSERT(block < m_blocks.size() && offset + span.length <= m_blockSizes[block]);
    return QByteArrayView(m_blocks[block].get() + offset, qsizetype(span.length));
}

qint64 ByteArena::bytesReserved() const
{
    qint64 total = 0;
    for (const qsizetype size : m_blockSizes)
        total += size;
    return total;
}

// ---------------------------------------------------------------------------------------------
// RelationshipRows

quint32 RelationshipRows::internUuid(const QUuid& uuid)
{
    const auto it = m_uuidIndex.constFind(uuid);
    if (it != m_uuidIndex.constEnd())
        return *it;
    const auto index = quint32(m_uuids.size());
    m_uuids.push_back(uuid);
    m_uuidIndex.insert(uuid, index);
    return index;
}

QUuid RelationshipRows::integrationSourceId(int row) const
{
    return m_uuids[m_rows[size_t(row)].integrationSourceId];
}

ByteArena::Span RelationshipRows::storeBytes(ByteArena::Span previous, QByteArrayView bytes)
{
    // A PUT answer usually repeats the evidence: keep the old bytes rather than grow the arena.
    if (m_arena.view(previous) == bytes)
        return previous;
    return m_arena.append(bytes);
}

int RelationshipRows::append(const Relationship& relationship)
{
    const int row = size();
    m_rows.emplace_back();
    assign(row, relationship);
    indexRow(row);
    return row;
}

void RelationshipRows::replace(int row, const Relationship& relationship)
{
    Q_ASSERT(row >= 0 && row < size());
    const QUuid previousId = m_rows[size_t(row)].id;
    assign(row, relationship);
    if (previousId != relationship.id)
        rebuildIdIndex(); // rare (an answer always carries the same id): a rebuild beats tombstones
}

void RelationshipRows::assign(int row, const Relationship& relationship)
{
    RelationshipRow& target = m_rows[size_t(row)];
    target.id = relationship.id;
    target.fromColumnId = relationship.fromColumnId;
    target.toTableId = relationship.toTableId;
    target.hasScore = relationship.hasScore;
    target.score =
        relationship.hasScore ? relationship.score : std::numeric_limits<double>::quiet_NaN();
    target.createdAtMs = relationship.createdAtMs;
    target.updatedAtMs = relationship.updatedAtMs;
    target.evidence = storeBytes(target.evidence, relationship.evidenceJson);
    target.extraMembers = storeBytes(target.extraMembers, relationship.extraMembersJson);
    target.integrationSourceId = internUuid(relationship.integrationSourceId);
    target.toColumnName = m_strings.intern(relationship.toColumnName);
    target.status = relationship.status;
    target.type = relationship.type;
    // The exact text is what a re-export writes; a Relationship built in code may leave it empty.
    target.statusText =
        m_strings.intern(relationship.statusText.isEmpty() ? statusName(relationship.status)
                                                           : relationship.statusText);
    target.typeText = m_strings.intern(relationship.typeText.isEmpty() ? typeName(relationship.type)
                                                                       : relationship.typeText);

    const bool rawTimes =
        !timestampRoundTrips(relationship.createdAtMs, relationship.createdAtText) ||
        !timestampRoundTrips(relationship.updatedAtMs, relationship.updatedAtText);
    if (rawTimes) {
        const RawTimes previous = m_rawTimes.value(row);
        m_rawTimes.insert(row,
                          {storeBytes(previous.createdAt, relationship.createdAtText.toUtf8()),
                           storeBytes(previous.updatedAt, relationship.updatedAtText.toUtf8())});
    } else if (target.hasRawTimes) {
        m_rawTimes.remove(row);
    }
    target.hasRawTimes = rawTimes;
}

void RelationshipRows::indexRow(int row)
{
    if ((size_t(size()) + 1) * 10 >= m_idSlots.size() * 7) {
        rebuildIdIndex();
        return; // the rebuild indexed every row, this one included
    }
    insertIntoIdIndex(row);
}

void RelationshipRows::insertIntoIdIndex(int row)
{
    const QUuid& id = m_rows[size_t(row)].id;
    const quint64 hash = uuidHash(id);
    const quint64 tag = hash & ~quint64(0xffffffff);
    const size_t mask = m_idSlots.size() - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const quint64 entry = m_idSlots[slot];
        if (entry == 0) {
            m_idSlots[slot] = tag | quint64(row + 1);
            return;
        }
        if ((entry & ~quint64(0xffffffff)) == tag && m_rows[(entry & 0xffffffff) - 1].id == id)
            return; // a duplicate id keeps pointing at its first row
    }
}

void RelationshipRows::rebuildIdIndex()
{
    rebuildIdIndex(slotCountFor(m_rows.size() + 1));
}

void RelationshipRows::rebuildIdIndex(size_t slotCount)
{
    std::vector<quint64> index;
    index.reserve(slotCount);
    adviseHugePages(index.data(), slotCount * sizeof(quint64));
    index.resize(slotCount, 0);
    m_idSlots.swap(index);
    for (size_t row = 0; row < m_rows.size(); ++row)
        insertIntoIdIndex(int(row));
}

void RelationshipRows::reserve(int count)
{
    if (count <= 0)
        return;
    if (size_t(count) > m_rows.capacity()) {
        std::vector<RelationshipRow> rows;
        rows.reserve(size_t(count));
        adviseHugePages(rows.data(), size_t(count) * sizeof(RelationshipRow));
        rows.insert(rows.end(), std::make_move_iterator(m_rows.begin()),
                    std::make_move_iterator(m_rows.end()));
        m_rows.swap(rows);
    }
    // Growing the index rebuilds it, re-inserting every row so far: a million appended rows
    // would insert two million ids, each a cache miss, into ever new (kernel-zeroed) memory.
    const size_t slotCount = slotCountFor(size_t(count) + 1);
    if (slotCount > m_idSlots.size())
        rebuildIdIndex(slotCount);
}

void RelationshipRows::prefetchIdSlot(const QUuid& id) const
{
    if (!m_idSlots.empty())
        __builtin_prefetch(&m_idSlots[uuidHash(id) & (m_idSlots.size() - 1)], 1);
}

std::optional<int> RelationshipRows::rowOf(const QUuid& id) const
{
    if (m_idSlots.empty())
        return std::nullopt;
    const quint64 hash = uuidHash(id);
    const quint64 tag = hash & ~quint64(0xffffffff);
    const size_t mask = m_idSlots.size() - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const quint64 entry = m_idSlots[slot];
        if (entry == 0)
            return std::nullopt;
        const size_t row = (entry & 0xffffffff) - 1;
        if ((entry & ~quint64(0xffffffff)) == tag && m_rows[row].id == id)
            return int(row);
    }
}

QByteArrayView RelationshipRows::rawCreatedAtText(int row) const
{
    if (!m_rows[size_t(row)].hasRawTimes)
        return {};
    return m_arena.view(m_rawTimes.value(row).createdAt);
}

QByteArrayView RelationshipRows::rawUpdatedAtText(int row) const
{
    if (!m_rows[size_t(row)].hasRawTimes)
        return {};
    return m_arena.view(m_rawTimes.value(row).updatedAt);
}

Relationship RelationshipRows::relationship(int row) const
{
    const RelationshipRow& source = m_rows[size_t(row)];
    Relationship relationship;
    relationship.id = source.id;
    relationship.integrationSourceId = m_uuids[source.integrationSourceId];
    relationship.fromColumnId = source.fromColumnId;
    relationship.toTableId = source.toTableId;
    relationship.toColumnName = m_strings.at(source.toColumnName);
    relationship.createdAtMs = source.createdAtMs;
    relationship.updatedAtMs = source.updatedAtMs;
    // A time sent as "" (or not at all) beside a raw one still reads back formatted.
    const QByteArrayView rawCreated = rawCreatedAtText(row);
    const QByteArrayView rawUpdated = rawUpdatedAtText(row);
    relationship.createdAtText =
        rawCreated.isEmpty() ? formatTimestamp(source.createdAtMs) : QString::fromUtf8(rawCreated);
    relationship.updatedAtText =
        rawUpdated.isEmpty() ? formatTimestamp(source.updatedAtMs) : QString::fromUtf8(rawUpdated);
    relationship.type = source.type;
    relationship.typeText = m_strings.at(source.typeText);
    relationship.status = source.status;
    relationship.statusText = m_strings.at(source.statusText);
    relationship.hasScore = source.hasScore;
    relationship.score = source.hasScore ? source.score : std::numeric_limits<double>::quiet_NaN();
    relationship.evidenceJson = m_arena.view(source.evidence).toByteArray();
    relationship.extraMembersJson = m_arena.view(source.extraMembers).toByteArray();
    return relationship;
}

qint64 RelationshipRows::memoryBytes() const
{
    return qint64(m_rows.capacity() * sizeof(RelationshipRow)) + m_arena.bytesReserved() +
           m_strings.memoryBytes() + qint64(m_uuids.capacity() * sizeof(QUuid)) +
           m_uuidIndex.size() * 48 + qint64(m_idSlots.capacity() * sizeof(quint32)) +
           m_rawTimes.size() * 64;
}

// ---------------------------------------------------------------------------------------------
// RelationshipStore

struct RelationshipStore::ReaderGate
{
    std::mutex mutex;
    RelationshipStore* store = nullptr; // null once the store is gone
    int readers = 0;
};

RelationshipStore::RelationshipStore(QObject* parent)
    : QObject(parent)
    , m_rows(std::make_shared<RelationshipRows>())
    , m_readerGate(std::make_shared<ReaderGate>())
{
    m_readerGate->store = this;
    connect(&m_overlay, &ReviewOverlay::rowsChanged, this, &RelationshipStore::rowsChanged);
    connect(&m_overlay, &ReviewOverlay::pendingCountChanged, this,
            &RelationshipStore::pendingCountChanged);
}

RelationshipStore::~RelationshipStore()
{
    std::lock_guard lock(m_readerGate->mutex);
    m_readerGate->store = nullptr;
}

std::shared_ptr<const RelationshipRows> RelationshipStore::leaseRows() const
{
    {
        std::lock_guard lock(m_readerGate->mutex);
        ++m_readerGate->readers;
    }
    const RelationshipRows* leased = m_rows.get();
    // The deleter may run on the reader's thread: it only counts down, and leaves applying the
    // deferred answers to the store's thread.
    return std::shared_ptr<const RelationshipRows>(
        leased, [rows = m_rows, gate = m_readerGate](const RelationshipRows*) mutable {
            rows.reset(); // the last owner of a replaced list frees it here, off the UI thread
            std::lock_guard lock(gate->mutex);
            if (--gate->readers == 0 && gate->store)
                QMetaObject::invokeMethod(gate->store, &RelationshipStore::applyDeferredAnswers,
                                          Qt::QueuedConnection);
        });
}

bool RelationshipStore::hasReaders() const
{
    std::lock_guard lock(m_readerGate->mutex);
    return m_readerGate->readers > 0;
}

// The rows of answers that came while a lease was held; their overlay was cleared then.
void RelationshipStore::applyDeferredAnswers()
{
    if (m_deferredAnswers.isEmpty() || hasReaders())
        return;
    QList<std::pair<int, Relationship>> answers;
    answers.swap(m_deferredAnswers);
    QList<int> changed;
    changed.reserve(answers.size());
    for (const auto& [row, relationship] : std::as_const(answers)) {
        m_rows->replace(row, relationship);
        changed.append(row);
    }
    emit rowsChanged(changed);
}

void RelationshipStore::adopt(RelationshipRows rows, ColumnCatalog catalog)
{
    adopt(std::move(rows), std::move(catalog), nullptr);
}

void RelationshipStore::adopt(RelationshipRows rows, ColumnCatalog catalog,
                              std::shared_ptr<RowSortOrder> preparedOrder)
{
    // Leases keep the list they read; answers waiting for them were about that list.
    m_rows = std::make_shared<RelationshipRows>(std::move(rows));
    m_deferredAnswers.clear();
    m_preparedOrder = std::move(preparedOrder);
    m_catalog = std::move(catalog);
    const bool pendingChanged = m_overlay.reset(m_rows->size());
    emit reset();
    m_preparedOrder.reset(); // taken during reset(), or of no use
    if (pendingChanged)
        emit pendingCountChanged(0);
}

void RelationshipStore::clear()
{
    adopt(RelationshipRows(), ColumnCatalog());
}

void RelationshipStore::setCatalog(ColumnCatalog catalog)
{
    m_catalog = std::move(catalog);
    emit catalogChanged();
}

RelationshipStatus RelationshipStore::effectiveStatus(int row) const
{
    if (row < 0 || row >= size())
        return RelationshipStatus::Unknown;
    return m_overlay.pendingStatus(row).value_or(m_rows->row(row).status);
}

void RelationshipStore::markFailed(int row, const QString& message)
{
    markUndelivered(row, ReviewOverlay::Outcome::Failed, message);
}

void RelationshipStore::markGone(int row, const QString& message)
{
    markUndelivered(row, ReviewOverlay::Outcome::Gone, message);
}

void RelationshipStore::markConflict(int row, const QString& message)
{
    markUndelivered(row, ReviewOverlay::Outcome::Conflict, message);
}

void RelationshipStore::markUndelivered(int row, ReviewOverlay::Outcome outcome,
                                        const QString& message)
{
    if (row < 0 || row >= size())
        return;
    m_overlay.markUndelivered(row, outcome, message, m_rows->row(row).status);
}

void RelationshipStore::applyServerAnswer(int row, const Relationship& relationship)
{
    applyServerAnswers({{row, relationship}});
}

void RelationshipStore::applyServerAnswers(const QList<std::pair<int, Relationship>>& answers)
{
    // A reader on another thread must not see a row change under it: the rows wait for the
    // leases to end. The overlay changes now, so that it stays in step with the overlay changes
    // callers make next (an answer, then the decision marked pending again, say).
    const bool deferRows = hasReaders();
    QList<int> changed;
    changed.reserve(answers.size());
    for (const auto& answer : answers) {
        const int row = answer.first;
        if (row < 0 || row >= size())
            continue;
        if (deferRows)
            m_deferredAnswers.append(answer);
        else
            m_rows->replace(row, answer.second);
        changed.append(row);
    }
    // The answered rows show the server's status: the overlay's rowsChanged() (forwarded as
    // ours) names them, once.
    m_overlay.clear(changed);
}
