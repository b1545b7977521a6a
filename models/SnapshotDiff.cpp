#include "SnapshotDiff.h"

#include <QHashFunctions>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

quint64 mix(quint64 x)
{
    // splitmix64's finaliser: every input bit reaches every output bit.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

quint64 uuidHash(const QUuid& id, quint64 seed)
{
    static_assert(sizeof(QUuid) == 16);
    quint64 words[2];
    std::memcpy(words, &id, sizeof words);
    return mix(mix(seed ^ words[0]) ^ words[1]);
}

quint64 bytesHash(const char* data, size_t length, quint64 seed)
{
    return mix(quint64(qHashBits(data, length, size_t(seed))) ^ (seed * 31) ^ length);
}

bool hasScoreValue(const RelationshipRow& row)
{
    return row.hasScore && !std::isnan(row.score);
}

// The column pair's name part is a string id of one list's pool; names of the old list are
// mapped to the new list's ids (a name the new list lacks gets an id past its pool), so that one
// number stands for one name across both lists.
class NameIds
{
public:
    NameIds(const RelationshipRows& oldRows, const RelationshipRows& newRows)
        : m_oldPool(oldRows.strings())
        , m_newPool(newRows.strings())
        , m_oldToNew(size_t(m_oldPool.size()), Unmapped)
    {}

    quint32 ofOld(quint32 oldId)
    {
        quint32& mapped = m_oldToNew[oldId];
        if (mapped == Unmapped) {
            const std::optional<quint32> found = m_newPool.find(m_oldPool.at(oldId));
            mapped = found ? *found : quint32(m_newPool.size()) + oldId;
        }
        return mapped;
    }

private:
    static constexpr quint32 Unmapped = std::numeric_limits<quint32>::max();
    const StringPool& m_oldPool;
    const StringPool& m_newPool;
    std::vector<quint32> m_oldToNew;
};

quint64 pairHash(const RelationshipRow& row, quint32 nameId)
{
    return uuidHash(row.toTableId, uuidHash(row.fromColumnId, mix(nameId + 0x9e3779b97f4a7c15ULL)));
}

// One slot per distinct pair. `rep` is the first row seen with it: old row + 1, or new row + 1
// with NewBit; 0 marks an empty slot.
struct Slot
{
    quint32 tag = 0;
    quint32 rep = 0;
    quint32 oldHead = 0; // the next old row (+ 1) not yet matched, 0: none left
    quint32 extra = 0;   // old rows: the last old row (+ 1); new rows: the first new row (+ 1)
};
constexpr quint32 NewBit = 0x80000000u;

// A canonical hash of a JSON text without building it: spacing outside strings is ignored, and
// object members are combined in any order (a sum of their hashes). Strings and numbers count as
// their bytes. Returns false on anything it does not read as JSON.
class JsonHasher
{
public:
    explicit JsonHasher(QByteArrayView json)
        : m_at(json.data())
        , m_end(json.data() + json.size())
    {}

    bool hash(quint64& result)
    {
        if (!value(result, 0))
            return false;
        skipSpaces();
        return m_at == m_end;
    }

private:
    static constexpr int MaxDepth = 512;

    void skipSpaces()
    {
        while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }

    bool string(quint64& result)
    {
        const char* start = ++m_at; // past the opening quote
        while (m_at < m_end && *m_at != '"') {
            if (*m_at == '\\')
                ++m_at;
            ++m_at;
        }
        if (m_at >= m_end)
            return false;
        result = bytesHash(start, size_t(m_at - start), 0x5354u);
        ++m_at;
        return true;
    }

    bool value(quint64& result, int depth)
    {
        if (depth > MaxDepth)
            return false;
        skipSpaces();
        if (m_at >= m_end)
            return false;
        switch (*m_at) {
        case '"':
            return string(result);
        case '{': {
            ++m_at;
            quint64 sum = 0;
            quint64 count = 0;
            skipSpaces();
            if (m_at < m_end && *m_at == '}') {
                ++m_at;
                result = mix(0x4f424aULL);
                return true;
            }
            while (true) {
                skipSpaces();
                quint64 key = 0;
                quint64 member = 0;
                if (m_at >= m_end || *m_at != '"' || !string(key))
                    return false;
                skipSpaces();
                if (m_at >= m_end || *m_at != ':')
                    return false;
                ++m_at;
                if (!value(member, depth + 1))
                    return false;
                sum += mix(key * 0x100000001b3ULL ^ member);
                ++count;
                skipSpaces();
                if (m_at < m_end && *m_at == ',') {
                    ++m_at;
                    continue;
                }
                if (m_at < m_end && *m_at == '}') {
                    ++m_at;
                    result = mix(sum ^ mix(count ^ 0x4f424aULL));
                    return true;
                }
                return false;
            }
        }
        case '[': {
            ++m_at;
            quint64 hash = 0x415252ULL;
            skipSpaces();
            if (m_at < m_end && *m_at == ']') {
                ++m_at;
                result = mix(hash);
                return true;
            }
            while (true) {
                quint64 element = 0;
                if (!value(element, depth + 1))
                    return false;
                hash = mix(hash ^ element) + 1;
                skipSpaces();
                if (m_at < m_end && *m_at == ',') {
                    ++m_at;
                    continue;
                }
                if (m_at < m_end && *m_at == ']') {
                    ++m_at;
                    result = mix(hash);
                    return true;
                }
                return false;
            }
        }
        default: {
            // A number, true, false or null: up to the next delimiter.
            const char* start = m_at;
            while (m_at < m_end && *m_at != ',' && *m_at != '}' && *m_at != ']' && *m_at != ' ' &&
                   *m_at != '\n' && *m_at != '\r' && *m_at != '\t')
                ++m_at;
            if (m_at == start)
                return false;
            result = bytesHash(start, size_t(m_at - start), 0x4c4954u);
            return true;
        }
        }
    }

    const char* m_at;
    const char* m_end;
};

} // namespace

quint64 SnapshotDiff::evidenceHash(QByteArrayView json)
{
    quint64 result = 0;
    if (JsonHasher(json).hash(result))
        return result;
    return bytesHash(json.data(), size_t(json.size()), 0x524157u);
}

bool SnapshotDiff::sameEvidence(QByteArrayView a, QByteArrayView b)
{
    if (a.size() == b.size() && std::memcmp(a.data(), b.data(), size_t(a.size())) == 0)
        return true;
    return evidenceHash(a) == evidenceHash(b);
}

QStringList SnapshotDiff::fieldNames(quint8 fields)
{
    QStringList names;
    if (fields & StatusField)
        names.append(u"status"_s);
    if (fields & ScoreField)
        names.append(u"score"_s);
    if (fields & TypeField)
        names.append(u"type"_s);
    if (fields & EvidenceField)
        names.append(u"evidence"_s);
    return names;
}

SnapshotDiff::State SnapshotDiff::stateOfNew(int newRow) const
{
    if (m_oldRowOfNew[size_t(newRow)] < 0)
        return State::Added;
    return m_fieldsOfNew[size_t(newRow)] ? State::Changed : State::Unchanged;
}

qint64 SnapshotDiff::memoryBytes() const
{
    return qint64(
        m_oldRowOfNew.capacity() * sizeof(qint32) + m_fieldsOfNew.capacity() +
        m_removedOld.capacity() + (m_added.capacity() + m_removed.capacity()) * sizeof(int) +
        m_changed.capacity() * sizeof(Change) + m_duplicates.capacity() * sizeof(Duplicate));
}

SnapshotDiff SnapshotDiff::compute(const RelationshipRows& oldRows, const RelationshipRows& newRows,
                                   const std::atomic_bool* stop)
{
    constexpr int StopCheckRows = 1 << 16;
    const auto stopped = [stop] { return stop && stop->load(std::memory_order_relaxed); };
    SnapshotDiff diff;
    const auto oldCount = size_t(oldRows.size());
    const auto newCount = size_t(newRows.size());
    NameIds names(oldRows, newRows);

    // At most half full, so that probes stay short.
    const size_t capacity = std::bit_ceil(std::max<size_t>(16, 2 * (oldCount + newCount)));
    const size_t mask = capacity - 1;
    std::vector<Slot> table(capacity);
    std::vector<qint32> nextOld(oldCount, -1);

    const auto rowOf = [&](quint32 rep) -> const RelationshipRow& {
        return (rep & NewBit) ? newRows.row(int((rep & ~NewBit) - 1)) : oldRows.row(int(rep - 1));
    };
    const auto nameOf = [&](quint32 rep, const RelationshipRow& row) {
        return (rep & NewBit) ? row.toColumnName : names.ofOld(row.toColumnName);
    };
    // The slot of the pair (row, nameId): its own, or the empty one where it goes.
    const auto find = [&](const RelationshipRow& row, quint32 nameId) -> Slot& {
        const quint64 hash = pairHash(row, nameId);
        const auto tag = quint32(hash >> 32) | 1u;
        for (size_t at = size_t(hash) & mask;; at = (at + 1) & mask) {
            Slot& slot = table[at];
            if (slot.rep == 0) {
                slot.tag = tag;
                return slot;
            }
            if (slot.tag != tag)
                continue;
            const RelationshipRow& other = rowOf(slot.rep);
            if (other.fromColumnId == row.fromColumnId && other.toTableId == row.toTableId &&
                nameOf(slot.rep, other) == nameId)
                return slot;
        }
    };

    for (size_t r = 0; r < oldCount; ++r) {
        if (r % StopCheckRows == 0 && stopped()) {
            SnapshotDiff cancelled;
            cancelled.m_cancelled = true;
            return cancelled;
        }
        const RelationshipRow& row = oldRows.row(int(r));
        Slot& slot = find(row, names.ofOld(row.toColumnName));
        if (slot.rep == 0) {
            slot.rep = quint32(r + 1);
            slot.oldHead = slot.extra = quint32(r + 1);
        } else {
            nextOld[slot.extra - 1] = qint32(r);
            slot.extra = quint32(r + 1);
            diff.m_duplicates.push_back({false, int(r), int(slot.rep - 1)});
        }
    }
    for (Slot& slot : table)
        slot.extra = 0;

    diff.m_oldRowOfNew.assign(newCount, -1);
    diff.m_fieldsOfNew.assign(newCount, 0);
    diff.m_removedOld.assign(oldCount, 1);
    for (size_t r = 0; r < newCount; ++r) {
        if (r % StopCheckRows == 0 && stopped()) {
            SnapshotDiff cancelled;
            cancelled.m_cancelled = true;
            return cancelled;
        }
        const RelationshipRow& row = newRows.row(int(r));
        Slot& slot = find(row, row.toColumnName);
        if (slot.rep == 0)
            slot.rep = quint32(r + 1) | NewBit;
        if (slot.extra != 0)
            diff.m_duplicates.push_back({true, int(r), int(slot.extra - 1)});
        else
            slot.extra = quint32(r + 1);
        if (slot.oldHead == 0) {
            diff.m_added.push_back(int(r));
            continue;
        }
        const int oldRow = int(slot.oldHead - 1);
        slot.oldHead = quint32(nextOld[size_t(oldRow)] + 1);
        diff.m_removedOld[size_t(oldRow)] = 0;
        diff.m_oldRowOfNew[r] = oldRow;

        const RelationshipRow& before = oldRows.row(oldRow);
        quint8 fields = 0;
        if (before.status != row.status ||
            (row.status == RelationshipStatus::Unknown &&
             oldRows.statusText(oldRow) != newRows.statusText(int(r))))
            fields |= StatusField;
        if (before.type != row.type || (row.type == RelationshipType::Unknown &&
                                        oldRows.typeText(oldRow) != newRows.typeText(int(r))))
            fields |= TypeField;
        const bool scoredBefore = hasScoreValue(before);
        if (scoredBefore != hasScoreValue(row) || (scoredBefore && before.score != row.score))
            fields |= ScoreField;
        if (!sameEvidence(oldRows.evidenceJson(oldRow), newRows.evidenceJson(int(r))))
            fields |= EvidenceField;
        diff.m_fieldsOfNew[r] = fields;
        if (fields)
            diff.m_changed.push_back({oldRow, int(r), fields});
        else
            ++diff.m_unchanged;
    }
    for (size_t r = 0; r < oldCount; ++r) {
        if (diff.m_removedOld[r])
            diff.m_removed.push_back(int(r));
    }
    return diff;
}
