#include "RelationshipRows.h"

#include "SoleOwner.h"

#include <algorithm>
#include <cstring>
#include <limits>
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

std::shared_ptr<char[]> allocateBlock(qsizetype size)
{
    std::shared_ptr<char[]> block(new char[size_t(size)]);
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

std::optional<quint32> StringPool::find(QStringView text) const
{
    if (m_slots.empty())
        return std::nullopt;
    const size_t mask = m_slots.size() - 1;
    for (size_t slot = qHash(text) & mask;; slot = (slot + 1) & mask) {
        const quint32 entry = m_slots[slot];
        if (entry == 0)
            return std::nullopt;
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

ByteArena::ByteArena(const ByteArena& other)
    : m_blocks(other.m_blocks)
    , m_blockSizes(other.m_blockSizes)
    , m_used(other.m_used)
{
    // m_currentBlock stays -1: appends go to a block of this copy's own, never after the bytes
    // of a block the original may still append to.
}

ByteArena& ByteArena::operator=(const ByteArena& other)
{
    if (this != &other)
        *this = ByteArena(other);
    return *this;
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
    return m_uuids[this->row(row).integrationSourceId];
}

ByteArena::Span RelationshipRows::storeBytes(ByteArena::Span previous, QByteArrayView bytes)
{
    // A PUT answer usually repeats the evidence: keep the old bytes rather than grow the arena.
    if (m_arena.view(previous) == bytes)
        return previous;
    return m_arena.append(bytes);
}

RelationshipRows::RelationshipRows(RelationshipRows&& other) noexcept
    : m_chunks(std::exchange(other.m_chunks, {}))
    , m_size(std::exchange(other.m_size, 0))
    , m_strings(std::move(other.m_strings))
    , m_arena(std::move(other.m_arena))
    , m_uuids(std::exchange(other.m_uuids, {}))
    , m_uuidIndex(std::exchange(other.m_uuidIndex, {}))
    , m_idSlots(std::move(other.m_idSlots))
    , m_rawTimes(std::exchange(other.m_rawTimes, {}))
{}

RelationshipRows& RelationshipRows::operator=(RelationshipRows&& other) noexcept
{
    if (this != &other) {
        m_chunks = std::exchange(other.m_chunks, {});
        m_size = std::exchange(other.m_size, 0);
        m_strings = std::move(other.m_strings);
        m_arena = std::move(other.m_arena);
        m_uuids = std::exchange(other.m_uuids, {});
        m_uuidIndex = std::exchange(other.m_uuidIndex, {});
        m_idSlots = std::move(other.m_idSlots);
        m_rawTimes = std::exchange(other.m_rawTimes, {});
    }
    return *this;
}

RelationshipRow& RelationshipRows::writableRow(int row)
{
    std::shared_ptr<Chunk>& chunk = m_chunks[size_t(row) >> ChunkShift];
    if (!soleOwner(chunk)) {
        // Another version reads this chunk: this one gets a copy (with the same room for rows
        // still to come).
        auto copy = std::make_shared<Chunk>();
        copy->reserve(chunk->capacity());
        copy->insert(copy->end(), chunk->cbegin(), chunk->cend());
        chunk = std::move(copy);
    }
    return (*chunk)[size_t(row) & (ChunkRows - 1)];
}

StringPool& RelationshipRows::writableStrings()
{
    if (!m_strings) // moved from
        m_strings = std::make_shared<StringPool>();
    else if (!soleOwner(m_strings))
        m_strings = std::make_shared<StringPool>(*m_strings);
    return *m_strings;
}

std::vector<quint64>& RelationshipRows::writableIdSlots()
{
    if (!m_idSlots)
        m_idSlots = std::make_shared<std::vector<quint64>>();
    else if (!soleOwner(m_idSlots))
        m_idSlots = std::make_shared<std::vector<quint64>>(*m_idSlots);
    return *m_idSlots;
}

int RelationshipRows::append(const Relationship& relationship)
{
    const int row = size();
    if (m_chunks.empty() || m_chunks.back()->size() == size_t(ChunkRows)) {
        // A small list stays small: the first chunk grows as rows come; later ones are full size.
        auto chunk = std::make_shared<Chunk>();
        chunk->reserve(m_chunks.empty() ? 64 : size_t(ChunkRows));
        m_chunks.push_back(std::move(chunk));
    }
    std::shared_ptr<Chunk>& last = m_chunks.back();
    const size_t capacity = last->size() < last->capacity()
                                ? last->capacity()
                                : std::min(last->capacity() * 2, size_t(ChunkRows));
    if (!soleOwner(last)) {
        // A copy of these rows reads the last chunk: appending must not write beside its rows.
        auto copy = std::make_shared<Chunk>();
        copy->reserve(capacity);
        copy->insert(copy->end(), last->cbegin(), last->cend());
        last = std::move(copy);
    } else if (capacity > last->capacity()) {
        last->reserve(capacity); // this chunk is nobody else's: its rows may move
    }
    last->emplace_back();
    ++m_size;
    assign(row, relationship);
    indexRow(row);
    return row;
}

void RelationshipRows::replace(int row, const Relationship& relationship)
{
    Q_ASSERT(row >= 0 && row < size());
    const QUuid previousId = this->row(row).id;
    assign(row, relationship);
    if (previousId != relationship.id)
        rebuildIdIndex(); // rare (an answer always carries the same id): a rebuild beats tombstones
}

void RelationshipRows::assign(int row, const Relationship& relationship)
{
    RelationshipRow& target = writableRow(row);
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
    // Interning changes the pool only for a string it does not hold yet (rare after a load).
    const auto internString = [this](const QString& text) {
        if (m_strings) {
            if (const std::optional<quint32> id = std::as_const(*m_strings).find(text))
                return *id;
        }
        return writableStrings().intern(text);
    };
    target.toColumnName = internString(relationship.toColumnName);
    target.status = relationship.status;
    target.type = relationship.type;
    // The exact text is what a re-export writes; a Relationship built in code may leave it empty.
    target.statusText =
        internString(relationship.statusText.isEmpty() ? statusName(relationship.status)
                                                       : relationship.statusText);
    target.typeText = internString(relationship.typeText.isEmpty() ? typeName(relationship.type)
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
    if (!m_idSlots || (size_t(size()) + 1) * 10 >= m_idSlots->size() * 7) {
        rebuildIdIndex();
        return; // the rebuild indexed every row, this one included
    }
    insertIntoIdIndex(writableIdSlots(), row);
}

void RelationshipRows::insertIntoIdIndex(std::vector<quint64>& idSlots, int row)
{
    const QUuid& id = this->row(row).id;
    const quint64 hash = uuidHash(id);
    const quint64 tag = hash & ~quint64(0xffffffff);
    const size_t mask = idSlots.size() - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const quint64 entry = idSlots[slot];
        if (entry == 0) {
            idSlots[slot] = tag | quint64(row + 1);
            return;
        }
        if ((entry & ~quint64(0xffffffff)) == tag &&
            this->row(int(entry & 0xffffffff) - 1).id == id)
            return; // a duplicate id keeps pointing at its first row
    }
}

void RelationshipRows::rebuildIdIndex()
{
    rebuildIdIndex(slotCountFor(size_t(m_size) + 1));
}

void RelationshipRows::rebuildIdIndex(size_t slotCount)
{
    std::vector<quint64> index;
    index.reserve(slotCount);
    adviseHugePages(index.data(), slotCount * sizeof(quint64));
    index.resize(slotCount, 0);
    for (int row = 0; row < m_size; ++row)
        insertIntoIdIndex(index, row);
    // A new index, never written in place: a copy of the rows may be reading the old one.
    m_idSlots = std::make_shared<std::vector<quint64>>(std::move(index));
}

void RelationshipRows::reserve(int count)
{
    if (count <= 0)
        return;
    // The first chunk is sized for the rows to come at once (a small list stays small, a large
    // one gets a whole huge page instead of regrowing into it); later ones come full size.
    m_chunks.reserve(size_t(count + ChunkRows - 1) >> ChunkShift);
    const size_t firstChunk = std::min(size_t(count), size_t(ChunkRows));
    if (m_chunks.empty()) {
        auto chunk = std::make_shared<Chunk>();
        chunk->reserve(firstChunk);
        m_chunks.push_back(std::move(chunk));
    } else if (m_chunks.size() == 1 && soleOwner(m_chunks.front()) &&
               m_chunks.front()->capacity() < firstChunk) {
        m_chunks.front()->reserve(firstChunk);
    }
    // Growing the index rebuilds it, re-inserting every row so far: a million appended rows
    // would insert two million ids, each a cache miss, into ever new (kernel-zeroed) memory.
    const size_t slotCount = slotCountFor(size_t(count) + 1);
    if (!m_idSlots || slotCount > m_idSlots->size())
        rebuildIdIndex(slotCount);
}

void RelationshipRows::prefetchIdSlot(const QUuid& id) const
{
    if (m_idSlots && !m_idSlots->empty())
        __builtin_prefetch(&(*m_idSlots)[uuidHash(id) & (m_idSlots->size() - 1)], 1);
}

std::optional<int> RelationshipRows::rowOf(const QUuid& id) const
{
    if (!m_idSlots || m_idSlots->empty())
        return std::nullopt;
    const std::vector<quint64>& idSlots = *m_idSlots;
    const quint64 hash = uuidHash(id);
    const quint64 tag = hash & ~quint64(0xffffffff);
    const size_t mask = idSlots.size() - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const quint64 entry = idSlots[slot];
        if (entry == 0)
            return std::nullopt;
        const int row = int(entry & 0xffffffff) - 1;
        if ((entry & ~quint64(0xffffffff)) == tag && this->row(row).id == id)
            return row;
    }
}

QByteArrayView RelationshipRows::rawCreatedAtText(int row) const
{
    if (!this->row(row).hasRawTimes)
        return {};
    return m_arena.view(m_rawTimes.value(row).createdAt);
}

QByteArrayView RelationshipRows::rawUpdatedAtText(int row) const
{
    if (!this->row(row).hasRawTimes)
        return {};
    return m_arena.view(m_rawTimes.value(row).updatedAt);
}

Relationship RelationshipRows::relationship(int row) const
{
    const RelationshipRow& source = this->row(row);
    Relationship relationship;
    relationship.id = source.id;
    relationship.integrationSourceId = m_uuids[source.integrationSourceId];
    relationship.fromColumnId = source.fromColumnId;
    relationship.toTableId = source.toTableId;
    relationship.toColumnName = m_strings->at(source.toColumnName);
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
    relationship.typeText = m_strings->at(source.typeText);
    relationship.status = source.status;
    relationship.statusText = m_strings->at(source.statusText);
    relationship.hasScore = source.hasScore;
    relationship.score = source.hasScore ? source.score : std::numeric_limits<double>::quiet_NaN();
    relationship.evidenceJson = m_arena.view(source.evidence).toByteArray();
    relationship.extraMembersJson = m_arena.view(source.extraMembers).toByteArray();
    return relationship;
}

qint64 RelationshipRows::memoryBytes() const
{
    const size_t idSlots = m_idSlots ? m_idSlots->capacity() : 0;
    size_t chunkRows = 0;
    for (const std::shared_ptr<Chunk>& chunk : m_chunks)
        chunkRows += chunk->capacity();
    return qint64(chunkRows * sizeof(RelationshipRow)) + m_arena.bytesReserved() +
           (m_strings ? m_strings->memoryBytes() : 0) + qint64(m_uuids.capacity() * sizeof(QUuid)) +
           m_uuidIndex.size() * 48 + qint64(idSlots * sizeof(quint32)) + m_rawTimes.size() * 64;
}
