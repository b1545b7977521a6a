#pragma once

#include "ColumnCatalog.h"
#include "Relationship.h"
#include "ReviewOverlay.h"
#include "RowSortOrder.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

// Interns repeated strings (column names, unknown enum texts): each distinct string stored once.
class StringPool
{
public:
    quint32 intern(QStringView text);
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

    Span append(QByteArrayView bytes);
    QByteArrayView view(Span span) const;
    qint64 bytesUsed() const { return m_used; }
    qint64 bytesReserved() const;

private:
    static constexpr qsizetype BlockSize = 16 * 1024 * 1024;
    // Span::offset is (block index << 32) | offset in the block, so a view is found in O(1).
    std::vector<std::unique_ptr<char[]>> m_blocks;
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

// The rows of one list or snapshot: plain data, movable, filled by the parser on a worker thread
// and then handed to the RelationshipStore on the UI thread. Row indexes are stable: rows are
// appended and replaced, never removed.
class RelationshipRows
{
public:
    int size() const { return int(m_rows.size()); }
    bool isEmpty() const { return m_rows.empty(); }
    void reserve(int count); // rows and the id index, so that appending `count` never regrows

    int append(const Relationship& relationship); // returns the new row index
    void replace(int row, const Relationship& relationship);
    Relationship relationship(int row) const; // fully decoded
    const RelationshipRow& row(int row) const { return m_rows[size_t(row)]; }

    // Fast typed accessors for sorting, filtering and binning.
    const QString& toColumnName(int row) const
    {
        return m_strings.at(m_rows[size_t(row)].toColumnName);
    }
    const QString& statusText(int row) const
    {
        return m_strings.at(m_rows[size_t(row)].statusText);
    }
    const QString& typeText(int row) const { return m_strings.at(m_rows[size_t(row)].typeText); }
    QUuid integrationSourceId(int row) const;
    // How many integration source ids the rows have had (interned, so replaced rows may leave
    // one behind): 1 means every row has the same, without looking at a million of them.
    int integrationSourceIdCount() const { return int(m_uuids.size()); }
    QByteArrayView evidenceJson(int row) const
    {
        return m_arena.view(m_rows[size_t(row)].evidence);
    }
    QByteArrayView extraMembersJson(int row) const
    {
        return m_arena.view(m_rows[size_t(row)].extraMembers);
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

    std::vector<RelationshipRow> m_rows;
    StringPool m_strings;
    ByteArena m_arena;
    std::vector<QUuid> m_uuids; // interned integration source ids
    QHash<QUuid, quint32> m_uuidIndex;
    // id -> row: open addressing over (hash tag << 32 | row + 1), 0 empty, keyed by the ids held
    // in the rows themselves: about 12 bytes a row instead of a hash node, and the tag spares a
    // cache miss into the rows on most probes.
    std::vector<quint64> m_idSlots;
    struct RawTimes
    {
        ByteArena::Span createdAt; // UTF-8, exactly as sent
        ByteArena::Span updatedAt;
    };
    QHash<int, RawTimes> m_rawTimes; // only rows with hasRawTimes
    void rebuildIdIndex();
    void rebuildIdIndex(size_t slotCount);
    void insertIntoIdIndex(int row);
    ByteArena::Span storeBytes(ByteArena::Span previous, QByteArrayView bytes);
};

// Owns the rows of the open list and the ReviewOverlay (pending, failed, gone, conflict) laid on
// top of the server's state; the overlay is the one writer of that state, and the store forwards
// its signals (rowsChanged, pendingCountChanged) and its read accessors, so that views listen to
// the store alone. Lives on the UI thread; item models and charts are views over it.
class RelationshipStore : public QObject
{
    Q_OBJECT
public:
    explicit RelationshipStore(QObject* parent = nullptr);
    ~RelationshipStore() override;

    // Replaces everything (after a load). Emits reset().
    void adopt(RelationshipRows rows, ColumnCatalog catalog);
    // The same, with the rows' order worked out ahead (by sortSpec(), see LoadJob): the table
    // model takes it during reset() instead of sorting, when it still fits the sort and the rows.
    void adopt(RelationshipRows rows, ColumnCatalog catalog,
               std::shared_ptr<RowSortOrder> preparedOrder);
    // The order adopt() was given, once (the table model takes it); null when none.
    std::shared_ptr<RowSortOrder> takePreparedOrder() { return std::move(m_preparedOrder); }

    // The sort the views show, as a value: a loader sorts new rows by it on its worker thread
    // before they reach the store (so no list shows unsorted first, and the UI thread does not
    // sort them). Set by the table model.
    void setSortSpec(RowSortSpec spec) { m_sortSpec = spec; }
    RowSortSpec sortSpec() const { return m_sortSpec; }

    // A read lease on rows() for another thread: while any lease is held, the rows of server
    // answers wait and replace theirs, with a rowsChanged(), once the last one is released (the
    // answers' overlay changes apply at once, in order with other overlay changes), and a new
    // list adopted meanwhile leaves the leased rows alive. Release it on any thread. The lease
    // covers the rows only, not the catalog or the review overlay.
    std::shared_ptr<const RelationshipRows> leaseRows() const;
    bool hasReaders() const;
    int deferredAnswerCount() const { return int(m_deferredAnswers.size()); }

    // Rows whose effective status differs from their own (pending decisions), by ascending row.
    std::vector<std::pair<int, RelationshipStatus>> pendingStatuses() const
    {
        return m_overlay.pendingStatuses();
    }
    void clear();
    void setCatalog(ColumnCatalog catalog); // emits catalogChanged()

    const RelationshipRows& rows() const { return *m_rows; }
    const ColumnCatalog& catalog() const { return m_catalog; }
    int size() const { return m_rows->size(); }

    // The status the row shows: the intended one while a decision is pending, else the server's.
    RelationshipStatus effectiveStatus(int row) const;
    const RowReviewState* reviewState(int row) const { return m_overlay.state(row); }
    DeliveryState delivery(int row) const { return m_overlay.delivery(row); }

    // The review state of the rows: its one writer (see ReviewOverlay).
    ReviewOverlay& overlay() { return m_overlay; }
    const ReviewOverlay& overlay() const { return m_overlay; }

    // Shorthands of overlay() for tests and fixtures; each emits rowsChanged() once for all rows
    // named. The application reports outcomes to overlay() itself.
    void markPending(const QList<int>& rows, RelationshipStatus intended)
    {
        m_overlay.markPending(rows, intended);
    }
    void markFailed(int row, const QString& message);
    void markGone(int row, const QString& message);
    void markConflict(int row, const QString& message);
    void clearReviewState(const QList<int>& rows) { m_overlay.clear(rows); }

    // The server's answer for a row: replaces it and clears its overlay.
    void applyServerAnswer(int row, const Relationship& relationship);
    // Many answers at once (a re-read after a bulk call): one rowsChanged() (and one more for the
    // rows when they waited for a lease: see leaseRows()).
    void applyServerAnswers(const QList<std::pair<int, Relationship>>& answers);

    int pendingCount() const { return m_overlay.pendingCount(); }

signals:
    void reset();
    void rowsChanged(const QList<int>& rows);
    void catalogChanged();
    void pendingCountChanged(int count);

private:
    void markUndelivered(int row, ReviewOverlay::Outcome outcome, const QString& message);

    void applyDeferredAnswers();

    // Shared with leases, so that a list adopted while a lease is held leaves the leased one be.
    std::shared_ptr<RelationshipRows> m_rows;
    ColumnCatalog m_catalog;
    ReviewOverlay m_overlay;
    struct ReaderGate;
    std::shared_ptr<ReaderGate> m_readerGate;
    QList<std::pair<int, Relationship>> m_deferredAnswers; // while leased
    std::shared_ptr<RowSortOrder> m_preparedOrder;
    RowSortSpec m_sortSpec;
};
