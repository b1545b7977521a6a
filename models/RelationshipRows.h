#pragma once

#include "HugePageAllocator.h"
#include "Relationship.h"

#include <QHash>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>
#include <vector>

// Interns repeated strings (column names, unknown enum texts): each distinct string stored once.
class StringPool
{
public:
    quint32 intern(QStringView text);
    std::optional<quint32> find(QStringView text) const; // without interning
    const QString& at(quint32 id) const { return m_strings[id]; }
    int size() const { return int(m_strings.size()); }
    qint64 memoryBytes() const;

private:
    void rehash(size_t slotCount);

    std::vector<QString> m_strings;
    // Open addressing over string ids (id + 1; 0 is empty): looks a QStringView up without
    // building a QString, and costs a few bytes per distinct string.
    std::vector<quint32> m_slots;
};

// Append-only byte storage in large blocks that never move, so that views stay valid while more
// is appended. Holds each row's raw evidence JSON and its unknown members.
class ByteArena
{
public:
    struct Span
    {
        quint64 offset = 0;
        quint32 length = 0;
    };
    // The longest byte string one span can hold (its length is 32 bits): 4 GiB - 1. The parser
    // refuses a longer member with a message naming the record (never truncates it), and
    // append() throws std::length_error for one, whatever the build.
    static constexpr qint64 MaxLength = 0xffffffffLL;
    static constexpr bool fits(qint64 length) { return length >= 0 && length <= MaxLength; }
    ByteArena() = default;
    // Moves leave an empty arena behind (not one that points at blocks it no longer owns).
    ByteArena(ByteArena&& other) noexcept;
    ByteArena& operator=(ByteArena&& other) noexcept;
    // A copy shares the blocks, which never change where a span points, and appends to blocks
    // of its own: a version of the rows being read on another thread stays as it was.
    ByteArena(const ByteArena& other);
    ByteArena& operator=(const ByteArena& other);

    Span append(QByteArrayView bytes);
    QByteArrayView view(Span span) const;
    qint64 bytesUsed() const { return m_used; }
    qint64 bytesReserved() const;

private:
    static constexpr qsizetype BlockSize = 16 * 1024 * 1024;
    // Span::offset is (block index << 32) | offset in the block, so a view is found in O(1).
    std::vector<std::shared_ptr<char[]>> m_blocks;
    std::vector<qsizetype> m_blockSizes;
    qint64 m_used = 0;
    qsizetype m_tail = 0;          // bytes used in the current block
    qsizetype m_currentBlock = -1; // the block small appends go to; large ones get their own
};

// One row, compactly: UUIDs as 16 bytes, strings interned, times as integers, evidence as raw
// bytes parsed only when shown.
struct RelationshipRow
{
    QUuid id;
    QUuid fromColumnId;
    QUuid toTableId;
    double score = 0; // NaN when null
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    ByteArena::Span evidence;
    ByteArena::Span extraMembers;    // length 0: none
    quint32 integrationSourceId = 0; // index into RelationshipRows::uuidAt()
    quint32 toColumnName = 0;        // StringPool id
    quint32 statusText = 0;          // StringPool id of the status exactly as sent
    quint32 typeText = 0;            // StringPool id of the type exactly as sent
    RelationshipStatus status = RelationshipStatus::Suggested;
    RelationshipType type = RelationshipType::Inferred;
    bool hasScore = false;
    bool hasRawTimes = false; // the sent timestamps do not round-trip: see rawCreatedAtText()
};

// The rows of one list or snapshot: plain data, filled by the parser on a worker thread and then
// handed to the RelationshipStore on the UI thread. Row indexes are stable: rows are appended and
// replaced, never removed.
//
// A copy is cheap and shares everything with its original: rows live in chunks of ChunkRows held
// by shared pointers, and a write to a copy copies the one chunk it touches (likewise the id index
// and the string pool, copied only when a write changes them). So the store makes each new
// version of the list (see ListSnapshot) from the last one at the cost of the chunks a batch of
// server answers touches, while a worker goes on reading the old version unchanged.
class RelationshipRows
{
public:
    static constexpr int ChunkShift = 14;
    static constexpr int ChunkRows = 1 << ChunkShift; // 2 MiB of rows: one huge page

    RelationshipRows() = default;
    RelationshipRows(const RelationshipRows& other) = default; // shares, see above
    RelationshipRows& operator=(const RelationshipRows& other) = default;
    // Moves leave empty rows behind.
    RelationshipRows(RelationshipRows&& other) noexcept;
    RelationshipRows& operator=(RelationshipRows&& other) noexcept;

    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    void reserve(int count); // rows and the id index, so that appending `count` never regrows

    int append(const Relationship& relationship); // returns the new row index
    void replace(int row, const Relationship& relationship);
    Relationship relationship(int row) const; // fully decoded
    const RelationshipRow& row(int row) const
    {
        return (*m_chunks[size_t(row) >> ChunkShift])[size_t(row) & (ChunkRows - 1)];
    }
    // Whether `other` holds row `row` in the same memory (the chunk was not copied): for tests.
    bool sharesRowWith(const RelationshipRows& other, int row) const
    {
        return m_chunks[size_t(row) >> ChunkShift] == other.m_chunks[size_t(row) >> ChunkShift];
    }

    // Fast typed accessors for sorting, filtering and binning.
    const QString& toColumnName(int row) const
    {
        return m_strings->at(this->row(row).toColumnName);
    }
    const QString& statusText(int row) const { return m_strings->at(this->row(row).statusText); }
    const QString& typeText(int row) const { return m_strings->at(this->row(row).typeText); }
    // The interned strings the rows' string ids refer to (to compare rows of two lists by them).
    const StringPool& strings() const { return *m_strings; }
    QUuid integrationSourceId(int row) const;
    // How many integration source ids the rows have had (interned, so replaced rows may leave
    // one behind): 1 means every row has the same, without looking at a million of them.
    int integrationSourceIdCount() const { return int(m_uuids.size()); }
    QByteArrayView evidenceJson(int row) const { return m_arena.view(this->row(row).evidence); }
    QByteArrayView extraMembersJson(int row) const
    {
        return m_arena.view(this->row(row).extraMembers);
    }
    // created_at / updated_at exactly as sent (UTF-8) when they differ from formatTimestamp();
    // empty when the row's times round-trip (row(row).hasRawTimes is false).
    QByteArrayView rawCreatedAtText(int row) const;
    QByteArrayView rawUpdatedAtText(int row) const;

    // Row of an id; std::nullopt when absent. Duplicate ids are rejected by the parser.
    std::optional<int> rowOf(const QUuid& id) const;
    // Starts fetching the id index's memory where `id` goes, for an append or rowOf() a little
    // later: at a million rows each index probe is a cache miss, and a loader that knows the next
    // ids can overlap those misses with other work.
    void prefetchIdSlot(const QUuid& id) const;

    // Bytes held by the rows, the arena and the pools (for the benchmark's memory report).
    qint64 memoryBytes() const;

private:
    quint32 internUuid(const QUuid& uuid);
    void indexRow(int row);
    void assign(int row, const Relationship& relationship);

    // At most ChunkRows rows. Rows move (a chunk regrows) only while no copy shares the chunk.
    using Chunk = LargeVector<RelationshipRow>;
    RelationshipRow& writableRow(int row); // copies its chunk first when shared
    StringPool& writableStrings();
    std::vector<quint64>& writableIdSlots();

    std::vector<std::shared_ptr<Chunk>> m_chunks;
    int m_size = 0;
    std::shared_ptr<StringPool> m_strings = std::make_shared<StringPool>();
    ByteArena m_arena;
    std::vector<QUuid> m_uuids; // interned integration source ids
    QHash<QUuid, quint32> m_uuidIndex;
    // id -> row: open addressing over (hash tag << 32 | row + 1), 0 empty, keyed by the ids held
    // in the rows themselves: about 12 bytes a row instead of a hash node, and the tag spares a
    // cache miss into the rows on most probes.
    std::shared_ptr<std::vector<quint64>> m_idSlots;
    struct RawTimes
    {
        ByteArena::Span createdAt; // UTF-8, exactly as sent
        ByteArena::Span updatedAt;
    };
    QHash<int, RawTimes> m_rawTimes; // only rows with hasRawTimes
    void rebuildIdIndex();
    void rebuildIdIndex(size_t slotCount);
    void insertIntoIdIndex(std::vector<quint64>& idSlots, int row);
    ByteArena::Span storeBytes(ByteArena::Span previous, QByteArrayView bytes);
};
