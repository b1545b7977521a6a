#include "RelationshipTableModel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 NoKey = std::numeric_limits<quint32>::max();

// The order of every name column: case-insensitive first, then case-sensitive so that the order is
// total and two labels are equivalent only when they are identical.
bool labelLess(const QString& a, const QString& b)
{
    const int folded = QString::compare(a, b, Qt::CaseInsensitive);
    if (folded != 0)
        return folded < 0;
    return a < b;
}

// Dense ranks of `labels` in labelLess order: equal labels share a rank, so comparing two ranks is
// comparing the labels, and the string comparisons happen once per distinct value.
std::vector<quint32> ranksOf(const std::vector<QString>& labels)
{
    std::vector<quint32> order(labels.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&labels](quint32 a, quint32 b) { return labelLess(labels[a], labels[b]); });
    std::vector<quint32> ranks(labels.size());
    quint32 rank = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && labels[order[i]] != labels[order[i - 1]])
            ++rank;
        ranks[order[i]] = rank;
    }
    return ranks;
}

bool hasScore(const RelationshipRow& fields)
{
    return fields.hasScore && !std::isnan(fields.score);
}

bool scoreInRange(double score)
{
    return score >= 0.0 && score <= 1.0;
}

// Unsigned keys that order like the doubles they come from (-0 and +0 equal, as == says).
quint64 orderedKey(double value)
{
    if (value == 0.0)
        value = 0.0;
    const auto bits = std::bit_cast<quint64>(value);
    constexpr quint64 sign = quint64(1) << 63;
    return (bits & sign) ? ~bits : (bits | sign);
}

quint64 orderedKey(qint64 value)
{
    return quint64(value) ^ (quint64(1) << 63);
}

struct SortItem
{
    quint64 key;
    int row;
};

// Stable LSD radix sort on 16-bit digits: a few linear passes instead of n log n comparisons, and
// passes where every key has the same digit (rank keys fit in the low 32 bits) are skipped. The
// items arrive in store-row order, so stability is the store-row tie-break.
void sortByKey(std::vector<SortItem>& items)
{
    const size_t count = items.size();
    if (count < 2048) {
        std::sort(items.begin(), items.end(), [](const SortItem& a, const SortItem& b) {
            return a.key != b.key ? a.key < b.key : a.row < b.row;
        });
        return;
    }
    constexpr int DigitBits = 16;
    constexpr size_t Buckets = size_t(1) << DigitBits;
    constexpr int Digits = 64 / DigitBits;
    std::vector<size_t> counts(Buckets * Digits, 0);
    for (const SortItem& item : items) {
        for (int digit = 0; digit < Digits; ++digit)
            ++counts[digit * Buckets + ((item.key >> (digit * DigitBits)) & (Buckets - 1))];
    }
    std::vector<SortItem> buffer(count);
    std::vector<SortItem>* source = &items;
    std::vector<SortItem>* target = &buffer;
    for (int digit = 0; digit < Digits; ++digit) {
        const int shift = digit * DigitBits;
        size_t* offsets = counts.data() + digit * Buckets;
        if (offsets[((*source)[0].key >> shift) & (Buckets - 1)] == count)
            continue;
        size_t sum = 0;
        for (size_t bucket = 0; bucket < Buckets; ++bucket) {
            const size_t inBucket = offsets[bucket];
            offsets[bucket] = sum;
            sum += inBucket;
        }
        for (const SortItem& item : *source)
            (*target)[offsets[(item.key >> shift) & (Buckets - 1)]++] = item;
        std::swap(source, target);
    }
    if (source != &items)
        items.swap(buffer);
}

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

// The id as QUuid::WithoutBraces spells it, without allocating: the text filter may look at a
// million of them per keystroke.
void formatId(const QUuid& id, char* out)
{
    static constexpr char hex[] = "0123456789abcdef";
    const auto put = [&out](quint64 value, int digits) {
        for (int i = digits - 1; i >= 0; --i)
            *out++ = hex[(value >> (4 * i)) & 0xf];
    };
    put(id.data1, 8);
    *out++ = '-';
    put(id.data2, 4);
    *out++ = '-';
    put(id.data3, 4);
    *out++ = '-';
    put((quint64(id.data4[0]) << 8) | id.data4[1], 4);
    *out++ = '-';
    for (int i = 2; i < 8; ++i)
        put(id.data4[i], 2);
}

QString scoreText(double score)
{
    return QLocale().toString(score, 'f', 2);
}

} // namespace

// Labels and sort ranks per distinct value. Rows point at a few thousand distinct columns and
// tables; resolving, comparing and searching those once instead of once per row is what makes a
// sort or a keystroke on a million rows cheap.
struct RelationshipTableModel::SearchIndex
{
    struct Distinct
    {
        QHash<QUuid, quint32> keyOfId;
        std::vector<QUuid> ids;
        std::vector<QString> labels;
        std::vector<quint32> ranks; // empty while stale

        quint32 keyOf(const QUuid& id, QString (ColumnCatalog::*label)(const QUuid&) const,
                      const ColumnCatalog& catalog)
        {
            const auto found = keyOfId.constFind(id);
            if (found != keyOfId.cend())
                return *found;
            const auto key = quint32(ids.size());
            keyOfId.insert(id, key);
            ids.push_back(id);
            labels.push_back((catalog.*label)(id));
            ranks.clear();
            return key;
        }
        const std::vector<quint32>& rankVector()
        {
            if (ranks.size() != labels.size())
                ranks = ranksOf(labels);
            return ranks;
        }
    };

    std::vector<quint32> fromKey;    // per store row
    std::vector<quint32> toTableKey; // per store row
    Distinct from;
    Distinct toTable;
    std::vector<quint32> poolRanks; // by StringPool id; empty while stale

    explicit SearchIndex(const RelationshipStore& store)
    {
        const int count = store.size();
        fromKey.resize(size_t(count));
        toTableKey.resize(size_t(count));
        QUuid lastFrom;
        QUuid lastToTable;
        quint32 lastFromKey = NoKey;
        quint32 lastToTableKey = NoKey;
        const RelationshipRows& rows = store.rows();
        const ColumnCatalog& catalog = store.catalog();
        for (int row = 0; row < count; ++row) {
            // Rows of one column tend to come together: skip the hash when the id repeats.
            const RelationshipRow& fields = rows.row(row);
            if (lastFromKey == NoKey || fields.fromColumnId != lastFrom) {
                lastFrom = fields.fromColumnId;
                lastFromKey = from.keyOf(lastFrom, &ColumnCatalog::columnLabel, catalog);
            }
            if (lastToTableKey == NoKey || fields.toTableId != lastToTable) {
                lastToTable = fields.toTableId;
                lastToTableKey = toTable.keyOf(lastToTable, &ColumnCatalog::tableLabel, catalog);
            }
            fromKey[size_t(row)] = lastFromKey;
            toTableKey[size_t(row)] = lastToTableKey;
        }
    }

    // Rows replaced by a server answer may point elsewhere or carry new strings.
    void updateRows(const RelationshipStore& store, const QList<int>& rows)
    {
        for (int row : rows) {
            if (row < 0 || size_t(row) >= fromKey.size())
                continue;
            const RelationshipRow& fields = store.rows().row(row);
            fromKey[size_t(row)] =
                from.keyOf(fields.fromColumnId, &ColumnCatalog::columnLabel, store.catalog());
            toTableKey[size_t(row)] =
                toTable.keyOf(fields.toTableId, &ColumnCatalog::tableLabel, store.catalog());
        }
        poolRanks.clear();
    }

    // Ranks of every interned string a row shows (to column names, unknown type and status texts).
    const std::vector<quint32>& poolRankVector(const RelationshipRows& rows)
    {
        if (!poolRanks.empty() || rows.isEmpty())
            return poolRanks;
        std::vector<quint32> ids;
        std::vector<QString> texts;
        std::vector<char> seen;
        const auto note = [&](quint32 id, const QString& text) {
            if (id >= seen.size())
                seen.resize(std::max<size_t>(id + 1, seen.size() * 2), 0);
            if (seen[id])
                return;
            seen[id] = 1;
            ids.push_back(id);
            texts.push_back(text);
        };
        for (int row = 0; row < rows.size(); ++row) {
            const RelationshipRow& fields = rows.row(row);
            note(fields.toColumnName, rows.toColumnName(row));
            note(fields.typeText, rows.typeText(row));
            note(fields.statusText, rows.statusText(row));
        }
        const std::vector<quint32> ranks = ranksOf(texts);
        poolRanks.assign(seen.size(), 0);
        for (size_t i = 0; i < ids.size(); ++i)
            poolRanks[ids[i]] = ranks[i];
        return poolRanks;
    }
};

namespace {

// One keystroke's text search over many rows. Every answer about a distinct value (a column, a
// table, an interned string) is computed once and remembered; per row only the relationship id
// is looked at, and only when the text could be part of an id at all.
class TextSearch
{
public:
    TextSearch(const QString& needle, const RelationshipStore& store,
               const std::vector<quint32>& fromKey, const std::vector<QString>& fromLabels,
               const std::vector<QUuid>& fromIds, const std::vector<quint32>& toTableKey,
               const std::vector<QString>& toTableLabels, const std::vector<QUuid>& toTableIds)
        : m_needle(needle)
        , m_rows(store.rows())
        , m_fromKey(fromKey)
        , m_fromLabels(fromLabels)
        , m_fromIds(fromIds)
        , m_toTableKey(toTableKey)
        , m_toTableLabels(toTableLabels)
        , m_toTableIds(toTableIds)
        , m_fromMatches(fromLabels.size(), Unknown)
        , m_toTableMatches(toTableLabels.size(), Unknown)
    {
        for (auto type :
             {RelationshipType::ForeignKey, RelationshipType::Inferred, RelationshipType::Manual})
            m_typeMatches[size_t(type)] = has(typeDisplayName(type));
        for (auto status : {RelationshipStatus::Suggested, RelationshipStatus::Approved,
                            RelationshipStatus::Rejected})
            m_statusMatches[size_t(status)] =
                has(statusDisplayName(status)) || has(statusName(status));

        const bool idChars = std::all_of(needle.cbegin(), needle.cend(), [](QChar c) {
            return c.isDigit() || (c.toLower() >= u'a' && c.toLower() <= u'f') || c == u'-';
        });
        m_searchIds = idChars && needle.size() <= 36;
        if (m_searchIds)
            m_idNeedle = needle.toLower().toStdString();
    }

    bool matches(int row, const RelationshipRow& fields, RelationshipStatus effective)
    {
        if (distinctMatches(m_fromMatches, m_fromKey[size_t(row)], m_fromLabels, m_fromIds))
            return true;
        if (distinctMatches(m_toTableMatches, m_toTableKey[size_t(row)], m_toTableLabels,
                            m_toTableIds))
            return true;
        if (poolMatches(fields.toColumnName, m_rows.toColumnName(row)))
            return true;
        if (fields.type != RelationshipType::Unknown && m_typeMatches[size_t(fields.type)])
            return true;
        if (poolMatches(fields.typeText, m_rows.typeText(row)))
            return true;
        if (effective == RelationshipStatus::Unknown) {
            if (poolMatches(fields.statusText, m_rows.statusText(row)))
                return true;
        } else if (m_statusMatches[size_t(effective)]) {
            return true;
        }
        if (!m_searchIds)
            return false;
        char text[36];
        formatId(fields.id, text);
        return std::string_view(text, sizeof text).find(m_idNeedle) != std::string_view::npos;
    }

private:
    enum Answer : qint8 { Unknown = -1, No = 0, Yes = 1 };

    bool has(QStringView haystack) const
    {
        return haystack.contains(m_needle, Qt::CaseInsensitive);
    }

    bool distinctMatches(std::vector<qint8>& answers, quint32 key,
                         const std::vector<QString>& labels, const std::vector<QUuid>& ids)
    {
        qint8& answer = answers[key];
        if (answer == Unknown)
            answer = (has(labels[key]) || has(idText(ids[key]))) ? Yes : No;
        return answer == Yes;
    }

    bool poolMatches(quint32 id, const QString& text)
    {
        if (id >= m_poolMatches.size())
            m_poolMatches.resize(std::max<size_t>(id + 1, m_poolMatches.size() * 2), Unknown);
        qint8& answer = m_poolMatches[id];
        if (answer == Unknown)
            answer = has(text) ? Yes : No;
        return answer == Yes;
    }

    QString m_needle;
    const RelationshipRows& m_rows;
    const std::vector<quint32>& m_fromKey;
    const std::vector<QString>& m_fromLabels;
    const std::vector<QUuid>& m_fromIds;
    const std::vector<quint32>& m_toTableKey;
    const std::vector<QString>& m_toTableLabels;
    const std::vector<QUuid>& m_toTableIds;
    std::vector<qint8> m_fromMatches;
    std::vector<qint8> m_toTableMatches;
    std::vector<qint8> m_poolMatches;
    std::array<bool, 4> m_typeMatches{};
    std::array<bool, 4> m_statusMatches{};
    bool m_searchIds = false;
    std::string m_idNeedle;
};

} // namespace

RelationshipTableModel::RelationshipTableModel(RelationshipStore* store, QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(store, &RelationshipStore::reset, this, &RelationshipTableModel::rebuild);
    connect(store, &RelationshipStore::rowsChanged, this, &RelationshipTableModel::onRowsChanged);
    connect(store, &RelationshipStore::catalogChanged, this,
            &RelationshipTableModel::onCatalogChanged);
    rebuild();
}

RelationshipTableModel::~RelationshipTableModel() = default;

QString RelationshipTableModel::shownOfTotalText(int shown, int total)
{
    const QLocale locale;
    if (shown == total) {
        return total == 1 ? tr("1 relationship")
                          : tr("%1 relationships").arg(locale.toString(total));
    }
    return tr("%1 shown of %2").arg(locale.toString(shown), locale.toString(total));
}

int RelationshipTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int RelationshipTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int RelationshipTableModel::viewRow(int storeRow) const
{
    if (storeRow < 0 || size_t(storeRow) >= m_viewOfRow.size())
        return -1;
    return m_viewOfRow[size_t(storeRow)];
}

QVariant RelationshipTableModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole && section == ScoreColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case FromColumn:
        return tr("From");
    case ToTableColumn:
        return tr("To table");
    case ToColumnColumn:
        return tr("To column");
    case TypeColumn:
        return tr("Type");
    case StatusColumn:
        return tr("Status");
    case ScoreColumn:
        return tr("Score");
    case UpdatedColumn:
        return tr("Updated");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RelationshipTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() < 0 ||
        size_t(index.row()) >= m_visible.size() || index.column() < 0 ||
        index.column() >= ColumnCount)
        return {};
    const int row = m_visible[size_t(index.row())];
    const RelationshipRows& rows = m_store->rows();
    const RelationshipRow& fields = rows.row(row);
    const ColumnCatalog& catalog = m_store->catalog();
    const auto column = Column(index.column());

    const auto statusLabel = [&](RelationshipStatus status) {
        return status == RelationshipStatus::Unknown ? rows.statusText(row)
                                                     : statusDisplayName(status);
    };
    const auto typeLabel = [&] {
        return fields.type == RelationshipType::Unknown ? rows.typeText(row)
                                                        : typeDisplayName(fields.type);
    };

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case FromColumn:
            return catalog.columnLabel(fields.fromColumnId);
        case ToTableColumn:
            return catalog.tableLabel(fields.toTableId);
        case ToColumnColumn:
            return rows.toColumnName(row);
        case TypeColumn:
            return typeLabel();
        case StatusColumn: {
            const QString label = statusLabel(m_store->effectiveStatus(row));
            switch (m_store->delivery(row)) {
            case DeliveryState::None:
                return label;
            case DeliveryState::Pending:
                return tr("%1 …", "status of a decision not yet confirmed by the server")
                    .arg(label);
            case DeliveryState::Failed:
                return tr("%1 (not saved)").arg(label);
            case DeliveryState::Gone:
                return tr("%1 (gone)").arg(label);
            case DeliveryState::Conflict:
                return tr("%1 (conflict)").arg(label);
            }
            return label;
        }
        case ScoreColumn:
            if (!hasScore(fields))
                return QStringLiteral("—");
            return scoreInRange(fields.score) ? scoreText(fields.score)
                                              : scoreText(fields.score) + u" ⚠"_s;
        case UpdatedColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.updatedAtMs),
                                      QLocale::ShortFormat);
        case ColumnCount:
            break;
        }
        return {};

    case Qt::ToolTipRole: {
        QString tip;
        switch (column) {
        case FromColumn:
            tip = catalog.columnLabel(fields.fromColumnId) % u'\n' %
                  tr("Column %1").arg(idText(fields.fromColumnId));
            if (const ColumnInfo* info = catalog.column(fields.fromColumnId);
                info && !info->dataType.isEmpty())
                tip += u'\n' % tr("Data type %1").arg(info->dataType);
            tip += u'\n' % tr("Relationship %1").arg(idText(fields.id));
            break;
        case ToTableColumn:
            tip = catalog.tableLabel(fields.toTableId) % u'\n' %
                  tr("Table %1").arg(idText(fields.toTableId));
            break;
        case ToColumnColumn:
            tip = rows.toColumnName(row);
            break;
        case TypeColumn:
            tip = fields.type == RelationshipType::Unknown
                      ? tr("A type this version does not know: %1").arg(rows.typeText(row))
                      : typeDisplayName(fields.type) % u" ("_s % rows.typeText(row) % u')';
            break;
        case StatusColumn: {
            const RelationshipStatus effective = m_store->effectiveStatus(row);
            tip = effective == RelationshipStatus::Unknown
                      ? tr("A status this version does not know: %1").arg(rows.statusText(row))
                      : statusDisplayName(effective);
            if (m_store->delivery(row) == DeliveryState::Pending)
                tip = tr("%1, waiting for the server to confirm (the server still says %2)")
                          .arg(tip, rows.statusText(row));
            break;
        }
        case ScoreColumn:
            if (!hasScore(fields))
                tip = tr("No score");
            else if (!scoreInRange(fields.score))
                tip = tr("%1: outside 0–1, the range scores are documented to have")
                          .arg(QLocale().toString(fields.score, 'g', 17));
            else
                tip = QLocale().toString(fields.score, 'g', 17);
            break;
        case UpdatedColumn:
            tip = tr("Updated %1 (%2)\nCreated %3 (%4)")
                      .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.updatedAtMs),
                                              QLocale::LongFormat),
                           formatTimestamp(fields.updatedAtMs),
                           QLocale().toString(QDateTime::fromMSecsSinceEpoch(fields.createdAtMs),
                                              QLocale::LongFormat),
                           formatTimestamp(fields.createdAtMs));
            break;
        case ColumnCount:
            break;
        }
        // Why a decision did not land matters wherever the pointer rests on the row.
        if (const RowReviewState* review = m_store->reviewState(row)) {
            QString why;
            switch (review->delivery) {
            case DeliveryState::None:
            case DeliveryState::Pending:
                break;
            case DeliveryState::Failed:
                why = tr("%1 was not saved: %2")
                          .arg(statusDisplayName(review->intendedStatus), review->message);
                break;
            case DeliveryState::Gone:
                why = tr("Gone from the server: %1").arg(review->message);
                break;
            case DeliveryState::Conflict:
                why =
                    tr("Changed on the server since it was decided here: %1").arg(review->message);
                break;
            }
            if (!why.isEmpty())
                tip += u"\n\n"_s % why;
        }
        return tip;
    }

    case Qt::TextAlignmentRole:
        if (column == ScoreColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};

    case SortRole:
        switch (column) {
        case FromColumn:
            return catalog.columnLabel(fields.fromColumnId);
        case ToTableColumn:
            return catalog.tableLabel(fields.toTableId);
        case ToColumnColumn:
            return rows.toColumnName(row);
        case TypeColumn:
            return int(fields.type);
        case StatusColumn:
            return int(m_store->effectiveStatus(row));
        case ScoreColumn:
            return hasScore(fields) ? fields.score : std::numeric_limits<double>::quiet_NaN();
        case UpdatedColumn:
            return fields.updatedAtMs;
        case ColumnCount:
            break;
        }
        return {};

    case StoreRowRole:
        return row;
    case RelationshipIdRole:
        return fields.id;
    case EffectiveStatusRole:
        return int(m_store->effectiveStatus(row));
    case DeliveryStateRole:
        return int(m_store->delivery(row));
    default:
        return {};
    }
}

RelationshipTableModel::SearchIndex& RelationshipTableModel::searchIndex()
{
    if (!m_searchIndex)
        m_searchIndex = std::make_unique<SearchIndex>(*m_store);
    return *m_searchIndex;
}

// Sort order of each column:
//  - names (from, to table, to column) by the label shown, case-insensitively (labelLess);
//  - type and status in the order of their enums (the review workflow: suggested, approved,
//    rejected), values this version does not know last, by their text; status is the effective
//    one, so a pending decision sorts as what it will be;
//  - score numerically, rows without a score last in both orders;
//  - updated by time.
// Ties keep store order in both directions, so every sort is deterministic.
void RelationshipTableModel::ensureOrder()
{
    if (m_orderValid)
        return;
    const int count = m_store->size();
    m_order.resize(size_t(count));
    if (m_sortColumn < 0) {
        std::iota(m_order.begin(), m_order.end(), 0);
        m_orderValid = true;
        return;
    }

    const RelationshipRows& rows = m_store->rows();
    std::vector<SortItem> items(static_cast<size_t>(count));
    const auto fill = [&](auto keyOfRow) {
        for (int row = 0; row < count; ++row)
            items[size_t(row)] = {keyOfRow(row), row};
    };
    switch (Column(m_sortColumn)) {
    case FromColumn: {
        SearchIndex& index = searchIndex();
        const std::vector<quint32>& ranks = index.from.rankVector();
        fill([&](int row) { return quint64(ranks[index.fromKey[size_t(row)]]); });
        break;
    }
    case ToTableColumn: {
        SearchIndex& index = searchIndex();
        const std::vector<quint32>& ranks = index.toTable.rankVector();
        fill([&](int row) { return quint64(ranks[index.toTableKey[size_t(row)]]); });
        break;
    }
    case ToColumnColumn: {
        const std::vector<quint32>& ranks = searchIndex().poolRankVector(rows);
        fill([&](int row) { return quint64(ranks[rows.row(row).toColumnName]); });
        break;
    }
    case TypeColumn: {
        const std::vector<quint32>& ranks = searchIndex().poolRankVector(rows);
        fill([&](int row) {
            const RelationshipRow& fields = rows.row(row);
            const quint64 text =
                fields.type == RelationshipType::Unknown ? ranks[fields.typeText] : 0;
            return (quint64(fields.type) << 32) | text;
        });
        break;
    }
    case StatusColumn: {
        const std::vector<quint32>& ranks = searchIndex().poolRankVector(rows);
        fill([&](int row) {
            const RelationshipStatus status = m_store->effectiveStatus(row);
            const quint64 text =
                status == RelationshipStatus::Unknown ? ranks[rows.row(row).statusText] : 0;
            return (quint64(status) << 32) | text;
        });
        break;
    }
    case ScoreColumn: {
        // ~key reverses the order; the all-ones key of a missing score stays last either way.
        const bool descending = m_sortOrder == Qt::DescendingOrder;
        fill([&](int row) {
            const RelationshipRow& fields = rows.row(row);
            if (!hasScore(fields))
                return std::numeric_limits<quint64>::max();
            const quint64 key = orderedKey(fields.score);
            return descending ? ~key : key;
        });
        break;
    }
    case UpdatedColumn:
        fill([&](int row) { return orderedKey(rows.row(row).updatedAtMs); });
        break;
    case ColumnCount:
        break;
    }
    if (m_sortOrder == Qt::DescendingOrder && m_sortColumn != ScoreColumn) {
        for (SortItem& item : items)
            item.key = ~item.key;
    }
    sortByKey(items);
    for (size_t i = 0; i < items.size(); ++i)
        m_order[i] = items[i].row;
    m_orderValid = true;
}

std::vector<int> RelationshipTableModel::filteredRows(const std::vector<int>& candidates)
{
    if (m_filter.isEmpty())
        return candidates;
    const RelationshipRows& rows = m_store->rows();
    std::vector<int> kept;
    kept.reserve(candidates.size());
    std::optional<TextSearch> search;
    if (!m_filter.text.isEmpty()) {
        SearchIndex& index = searchIndex();
        search.emplace(m_filter.text, *m_store, index.fromKey, index.from.labels, index.from.ids,
                       index.toTableKey, index.toTable.labels, index.toTable.ids);
    }
    for (int row : candidates) {
        const RelationshipRow& fields = rows.row(row);
        if (m_filter.type && fields.type != *m_filter.type)
            continue;
        const RelationshipStatus effective = m_store->effectiveStatus(row);
        if (m_filter.status && effective != *m_filter.status)
            continue;
        if (!search || search->matches(row, fields, effective))
            kept.push_back(row);
    }
    return kept;
}

void RelationshipTableModel::setVisible(std::vector<int> visible)
{
    m_visible = std::move(visible);
    m_viewOfRow.assign(size_t(m_store->size()), -1);
    for (size_t view = 0; view < m_visible.size(); ++view)
        m_viewOfRow[size_t(m_visible[view])] = int(view);
}

void RelationshipTableModel::rebuild()
{
    beginResetModel();
    m_searchIndex.reset();
    m_orderValid = false;
    ensureOrder();
    setVisible(filteredRows(m_order));
    endResetModel();
    emit visibleRowsChanged();
}

void RelationshipTableModel::setFilter(const RelationshipFilter& filter)
{
    // Applying an unchanged filter is not a no-op: it drops the rows decided away from it.
    beginResetModel();
    m_filter = filter;
    // The order covers every row, so filtering it keeps the sort: no sort per keystroke.
    ensureOrder();
    setVisible(filteredRows(m_order));
    endResetModel();
    emit visibleRowsChanged();
}

void RelationshipTableModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column >= 0 && column < ColumnCount ? column : -1;
    m_sortOrder = order;
    m_orderValid = false;
    resortKeepingRows();
}

// Re-orders the rows shown without re-deciding which are shown, and moves the persistent indexes
// (current row, selection) along with their rows.
void RelationshipTableModel::resortKeepingRows()
{
    if (size_t(m_store->size()) != m_viewOfRow.size()) {
        rebuild(); // rows were added without a reset: nothing to keep
        return;
    }
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> storeRowsBefore;
    storeRowsBefore.reserve(size_t(before.size()));
    for (const QModelIndex& index : before)
        storeRowsBefore.push_back(m_visible[size_t(index.row())]);

    ensureOrder();
    std::vector<int> visible;
    visible.reserve(m_visible.size());
    for (int row : m_order) {
        if (m_viewOfRow[size_t(row)] >= 0)
            visible.push_back(row);
    }
    setVisible(std::move(visible));

    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after.append(index(m_viewOfRow[size_t(storeRowsBefore[size_t(i)])], before[i].column()));
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    emit visibleRowsChanged();
}

// A decided row keeps its place and stays visible even when it no longer matches the filter or
// would now sort elsewhere, until the filter or the sort is applied again (as a mail client
// keeps a read message in an "unread" view): rows jumping away under the keyboard while an
// analyst goes down the list with A and R would lose their place.
void RelationshipTableModel::onRowsChanged(const QList<int>& rows)
{
    if (size_t(m_store->size()) != m_viewOfRow.size()) {
        rebuild();
        return;
    }
    if (m_searchIndex)
        m_searchIndex->updateRows(*m_store, rows);
    if (m_sortColumn >= 0)
        m_orderValid = false;
    int first = std::numeric_limits<int>::max();
    int last = -1;
    for (int row : rows) {
        const int view = viewRow(row);
        if (view < 0)
            continue;
        first = std::min(first, view);
        last = std::max(last, view);
    }
    if (last >= 0)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

// Names usually arrive after the rows (the columns endpoint answers later). A sort by a name
// column is re-applied, since an order by short ids means nothing once names show; the filter is
// not, for the same reason as in onRowsChanged.
void RelationshipTableModel::onCatalogChanged()
{
    m_searchIndex.reset();
    if (m_sortColumn == FromColumn || m_sortColumn == ToTableColumn) {
        m_orderValid = false;
        resortKeepingRows();
    }
    if (!m_visible.empty())
        emit dataChanged(index(0, FromColumn), index(rowCount() - 1, ToTableColumn));
}
