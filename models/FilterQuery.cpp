#include "FilterQuery.h"

#include "BackgroundWork.h"
#include "IdTextSearch.h"
#include "RelationshipFilter.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPromise>
#include <QThreadPool>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("FilterQuery", text);
}

bool hasScore(const RelationshipRow& fields)
{
    return fields.hasScore && !std::isnan(fields.score);
}

bool compareScore(double score, FilterTerm::Compare compare, double value)
{
    switch (compare) {
    case FilterTerm::Compare::Less:
        return score < value;
    case FilterTerm::Compare::LessOrEqual:
        return score <= value;
    case FilterTerm::Compare::Greater:
        return score > value;
    case FilterTerm::Compare::GreaterOrEqual:
        return score >= value;
    case FilterTerm::Compare::Equal:
        return score == value;
    }
    return false;
}

QString compareText(FilterTerm::Compare compare)
{
    switch (compare) {
    case FilterTerm::Compare::Less:
        return u"<"_s;
    case FilterTerm::Compare::LessOrEqual:
        return u"<="_s;
    case FilterTerm::Compare::Greater:
        return u">"_s;
    case FilterTerm::Compare::GreaterOrEqual:
        return u">="_s;
    case FilterTerm::Compare::Equal:
        return u"="_s;
    }
    return {};
}

struct NamedValue
{
    QLatin1StringView name;
    int value;
};

constexpr std::array StatusValues = {
    NamedValue{"suggested"_L1, int(RelationshipStatus::Suggested)},
    NamedValue{"approved"_L1, int(RelationshipStatus::Approved)},
    NamedValue{"rejected"_L1, int(RelationshipStatus::Rejected)},
    NamedValue{"other"_L1, int(RelationshipStatus::Unknown)},
};
// The first spelling of each value is the one completion offers.
constexpr std::array TypeValues = {
    NamedValue{"foreign_key"_L1, int(RelationshipType::ForeignKey)},
    NamedValue{"inferred"_L1, int(RelationshipType::Inferred)},
    NamedValue{"manual"_L1, int(RelationshipType::Manual)},
    NamedValue{"other"_L1, int(RelationshipType::Unknown)},
    NamedValue{"fk"_L1, int(RelationshipType::ForeignKey)},
    NamedValue{"foreign-key"_L1, int(RelationshipType::ForeignKey)},
    NamedValue{"foreignkey"_L1, int(RelationshipType::ForeignKey)},
};
constexpr std::array DeliveryValues = {
    NamedValue{"none"_L1, int(DeliveryState::None)},
    NamedValue{"pending"_L1, int(DeliveryState::Pending)},
    NamedValue{"failed"_L1, int(DeliveryState::Failed)},
    NamedValue{"gone"_L1, int(DeliveryState::Gone)},
    NamedValue{"conflict"_L1, int(DeliveryState::Conflict)},
};

bool isIdChar(QChar c)
{
    const char16_t u = c.toLower().unicode();
    return u == u'-' || (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f');
}

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

// Numbers as a script writes them: "0.8", never "0,8" or "1,000" whatever the user's locale.
double numberFromText(QStringView text, bool* ok)
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::RejectGroupSeparator);
    return c.toDouble(text, ok);
}

} // namespace

// A recursive-descent reader of the query text; every error names the index it happened at.
class FilterQueryParser
{
public:
    explicit FilterQueryParser(QStringView text)
        : m_text(text)
    {}

    FilterQuery parse()
    {
        FilterQuery query;
        query.m_text = m_text.toString();
        while (true) {
            skipSpaces();
            if (atEnd())
                break;
            FilterTerm term;
            if (!parseTerm(term)) {
                query.m_terms.clear();
                query.m_errorPosition = m_errorPosition;
                query.m_errorReason = m_errorReason;
                return query;
            }
            query.m_terms.push_back(std::move(term));
        }
        return query;
    }

private:
    bool atEnd() const { return m_at >= m_text.size(); }
    QChar peek(qsizetype ahead = 0) const
    {
        return m_at + ahead < m_text.size() ? m_text[m_at + ahead] : QChar();
    }
    void skipSpaces()
    {
        while (!atEnd() && m_text[m_at].isSpace())
            ++m_at;
    }
    bool atTermEnd() const { return atEnd() || m_text[m_at].isSpace(); }

    bool fail(qsizetype position, const QString& reason)
    {
        m_errorPosition = int(position);
        m_errorReason = reason;
        return false;
    }

    // A value, quoted or bare (up to the next space). `after` names what it follows, for errors.
    bool parseValue(QString& value, qsizetype& position, const QString& what, const QString& after)
    {
        position = m_at;
        if (peek() == u'"')
            return parseQuoted(value);
        const qsizetype start = m_at;
        while (!atTermEnd())
            ++m_at;
        value = m_text.sliced(start, m_at - start).toString();
        if (value.isEmpty())
            return fail(m_at, tr("expected %1 after '%2'").arg(what, after));
        return true;
    }

    bool parseQuoted(QString& value)
    {
        const qsizetype open = m_at;
        ++m_at;
        value.clear();
        while (true) {
            if (atEnd())
                return fail(open, tr("the quote opened here is not closed"));
            const QChar c = m_text[m_at++];
            if (c == u'"')
                break;
            if (c == u'\\' && (peek() == u'"' || peek() == u'\\')) {
                value += m_text[m_at++];
                continue;
            }
            value += c;
        }
        if (!atTermEnd())
            return fail(m_at, tr("expected a space after the closing quote"));
        if (value.isEmpty())
            return fail(open, tr("nothing between the quotes"));
        return true;
    }

    template<size_t N>
    bool parseNamedList(const std::array<NamedValue, N>& names, quint8& bits, const QString& what,
                        const QString& after, const QString& unknownFormat)
    {
        QString list;
        qsizetype position = 0;
        if (!parseValue(list, position, what, after))
            return false;
        const bool quoted = m_text[position] == u'"';
        qsizetype itemStart = 0;
        QString previous = after;
        while (true) {
            qsizetype comma = list.indexOf(u',', itemStart);
            if (comma < 0)
                comma = list.size();
            const QString item = list.mid(itemStart, comma - itemStart).trimmed();
            const qsizetype itemPosition = position + (quoted ? 1 : 0) + itemStart;
            if (item.isEmpty())
                return fail(itemPosition, tr("expected %1 after '%2'").arg(what, previous));
            int match = -1;
            for (const NamedValue& named : names) {
                if (QString::compare(named.name, item, Qt::CaseInsensitive) == 0)
                    match = named.value;
            }
            if (match < 0) {
                // A unique prefix will do: the list is short and its words start differently.
                QStringList candidates;
                QList<int> values;
                for (const NamedValue& named : names) {
                    if (named.name.startsWith(item, Qt::CaseInsensitive) &&
                        !values.contains(named.value)) {
                        values.append(named.value);
                        candidates.append(named.name.toString());
                        match = named.value;
                    }
                }
                if (match < 0)
                    return fail(itemPosition, unknownFormat.arg(item));
                if (candidates.size() > 1)
                    return fail(itemPosition,
                                tr("'%1' could be %2").arg(item, candidates.join(u" or "_s)));
            }
            bits |= quint8(1u << match);
            if (comma >= list.size())
                break;
            itemStart = comma + 1;
            previous = u","_s;
        }
        return true;
    }

    bool parseNumber(double& value, const QString& after)
    {
        skipSpacesInsideTerm();
        const qsizetype start = m_at;
        while (!atTermEnd())
            ++m_at;
        const QStringView token = m_text.sliced(start, m_at - start);
        bool ok = false;
        value = token.isEmpty() ? 0 : numberFromText(token, &ok);
        if (!ok || !std::isfinite(value))
            return fail(start, tr("expected a number after '%1'").arg(after));
        return true;
    }

    // "score>= 0.8": a space between an operator and its number is forgiven.
    void skipSpacesInsideTerm()
    {
        qsizetype at = m_at;
        while (at < m_text.size() && m_text[at].isSpace())
            ++at;
        if (at < m_text.size() && (m_text[at].isDigit() || m_text[at] == u'.' ||
                                   m_text[at] == u'-' || m_text[at] == u'+'))
            m_at = at;
    }

    bool parseTerm(FilterTerm& term)
    {
        term.position = int(m_at);
        if (peek() == u'-') {
            term.negated = true;
            ++m_at;
            if (atTermEnd())
                return fail(m_at, tr("expected a term after '-'"));
        }
        if (peek() == u'"') {
            term.kind = FilterTerm::Kind::Text;
            if (!parseQuoted(term.text))
                return false;
            term.length = int(m_at) - term.position;
            return true;
        }

        const qsizetype nameStart = m_at;
        qsizetype nameEnd = m_at;
        while (nameEnd < m_text.size() && (m_text[nameEnd].isLetter() || m_text[nameEnd] == u'_'))
            ++nameEnd;
        const QString name = m_text.sliced(nameStart, nameEnd - nameStart).toString().toLower();
        const QChar next = nameEnd < m_text.size() ? m_text[nameEnd] : QChar();

        bool ok = true;
        if (name == u"score" && (next == u'<' || next == u'>' || next == u'=')) {
            m_at = nameEnd;
            ok = parseScoreCompare(term);
        } else if (!name.isEmpty() && next == u':') {
            m_at = nameEnd + 1;
            ok = parseField(term, name, nameStart);
        } else {
            term.kind = FilterTerm::Kind::Text;
            const qsizetype start = m_at;
            while (!atTermEnd())
                ++m_at;
            term.text = m_text.sliced(start, m_at - start).toString();
        }
        term.length = int(m_at) - term.position;
        return ok;
    }

    bool parseScoreCompare(FilterTerm& term)
    {
        term.kind = FilterTerm::Kind::ScoreCompare;
        const QChar first = peek();
        ++m_at;
        if (first == u'<' && peek() == u'=') {
            term.compare = FilterTerm::Compare::LessOrEqual;
            ++m_at;
        } else if (first == u'>' && peek() == u'=') {
            term.compare = FilterTerm::Compare::GreaterOrEqual;
            ++m_at;
        } else if (first == u'<') {
            term.compare = FilterTerm::Compare::Less;
        } else if (first == u'>') {
            term.compare = FilterTerm::Compare::Greater;
        } else {
            term.compare = FilterTerm::Compare::Equal;
            if (peek() == u'=')
                ++m_at; // "score==0.5" reads as well as "score=0.5"
        }
        return parseNumber(term.score, u"score"_s + compareText(term.compare));
    }

    bool parseField(FilterTerm& term, const QString& name, qsizetype nameStart)
    {
        const QString after = name + u':';
        if (name == u"status") {
            term.kind = FilterTerm::Kind::Status;
            return parseNamedList(
                StatusValues, term.statuses, tr("a status"), after,
                tr("unknown status '%1' (expected suggested, approved, rejected or other)"));
        }
        if (name == u"type") {
            term.kind = FilterTerm::Kind::Type;
            return parseNamedList(
                TypeValues, term.types, tr("a type"), after,
                tr("unknown type '%1' (expected foreign_key, inferred, manual or other)"));
        }
        if (name == u"delivery") {
            term.kind = FilterTerm::Kind::Delivery;
            return parseNamedList(
                DeliveryValues, term.deliveries, tr("a delivery state"), after,
                tr("unknown delivery state '%1' (expected none, pending, failed, gone or "
                   "conflict)"));
        }
        if (name == u"pending") {
            term.kind = FilterTerm::Kind::Delivery;
            term.deliveries = quint8(1u << int(DeliveryState::Pending));
            QString value;
            qsizetype position = 0;
            if (!parseValue(value, position, tr("yes or no"), after))
                return false;
            const QString answer = value.toLower();
            if (answer == u"yes" || answer == u"true" || answer == u"y")
                return true;
            if (answer == u"no" || answer == u"false" || answer == u"n") {
                term.negated = !term.negated;
                return true;
            }
            return fail(position, tr("expected yes or no after '%1'").arg(after));
        }
        if (name == u"score") {
            const qsizetype position = m_at;
            QString value;
            qsizetype valuePosition = 0;
            if (!parseValue(value, valuePosition, tr("none, out or a number"), after))
                return false;
            const QString lower = value.toLower();
            if (lower == u"none") {
                term.kind = FilterTerm::Kind::ScoreNone;
                return true;
            }
            if (lower == u"out") {
                term.kind = FilterTerm::Kind::ScoreOutOfRange;
                return true;
            }
            bool ok = false;
            term.kind = FilterTerm::Kind::ScoreCompare;
            term.compare = FilterTerm::Compare::Equal;
            term.score = numberFromText(value, &ok);
            if (!ok || !std::isfinite(term.score))
                return fail(position, tr("expected none, out or a number after '%1'").arg(after));
            return true;
        }
        if (name == u"to" || name == u"from") {
            term.kind = name == u"to" ? FilterTerm::Kind::To : FilterTerm::Kind::From;
            qsizetype position = 0;
            return parseValue(term.text, position, tr("a name"), after);
        }
        if (name == u"id") {
            term.kind = FilterTerm::Kind::Id;
            qsizetype position = 0;
            if (!parseValue(term.text, position, tr("an id"), after))
                return false;
            QString digits = term.text;
            if (digits.startsWith(u'{'))
                digits.remove(0, 1);
            if (digits.endsWith(u'}'))
                digits.chop(1);
            for (qsizetype i = 0; i < digits.size(); ++i) {
                if (!isIdChar(digits[i]))
                    return fail(position + (digits.size() < term.text.size() ? 1 : 0) + i,
                                tr("an id has only hex digits and dashes"));
            }
            if (digits.isEmpty())
                return fail(position, tr("expected an id after '%1'").arg(after));
            term.text = digits.toLower();
            return true;
        }
        return fail(nameStart,
                    tr("unknown filter '%1' (known: status, type, score, to, from, id, delivery, "
                       "pending; quote text that contains ':')")
                        .arg(after));
    }

    QStringView m_text;
    qsizetype m_at = 0;
    int m_errorPosition = -1;
    QString m_errorReason;
};

FilterQuery FilterQuery::parse(QStringView text)
{
    return FilterQueryParser(text).parse();
}

QString FilterQuery::errorMessage() const
{
    if (isValid())
        return {};
    return tr("position %1: %2").arg(m_errorPosition + 1).arg(m_errorReason);
}

bool FilterQuery::dependsOnReview() const
{
    return std::any_of(m_terms.cbegin(), m_terms.cend(), [](const FilterTerm& term) {
        return term.kind == FilterTerm::Kind::Status || term.kind == FilterTerm::Kind::Delivery ||
               term.kind == FilterTerm::Kind::Text;
    });
}

bool FilterQuery::operator==(const FilterQuery& other) const
{
    if (m_errorPosition != other.m_errorPosition || m_terms.size() != other.m_terms.size())
        return false;
    if (!isValid())
        return m_text == other.m_text;
    for (size_t i = 0; i < m_terms.size(); ++i) {
        FilterTerm mine = m_terms[i];
        FilterTerm theirs = other.m_terms[i];
        mine.position = theirs.position = 0;
        mine.length = theirs.length = 0;
        if (!(mine == theirs))
            return false;
    }
    return true;
}

QStringList FilterQuery::termNames()
{
    return {u"status:"_s, u"type:"_s,  u"score>="_s,    u"score<"_s,     u"score>"_s,
            u"score<="_s, u"score="_s, u"score:none"_s, u"score:out"_s,  u"to:"_s,
            u"from:"_s,   u"id:"_s,    u"delivery:"_s,  u"pending:yes"_s};
}

QStringList FilterQuery::statusValues()
{
    QStringList values;
    for (const NamedValue& named : StatusValues)
        values.append(named.name.toString());
    return values;
}

QStringList FilterQuery::typeValues()
{
    return {u"foreign_key"_s, u"inferred"_s, u"manual"_s, u"other"_s};
}

QStringList FilterQuery::deliveryValues()
{
    QStringList values;
    for (const NamedValue& named : DeliveryValues)
        values.append(named.name.toString());
    return values;
}

// Deliberately plain: each term read from the store as the table shows it, strings built and
// searched per row. The fast passes must agree with this.
bool FilterQuery::matches(const RelationshipStore& store, int row) const
{
    if (!isValid())
        return false;
    const RelationshipRows& rows = store.rows();
    const RelationshipRow& fields = rows.row(row);
    const ColumnCatalog& catalog = store.catalog();
    for (const FilterTerm& term : m_terms) {
        bool holds = false;
        switch (term.kind) {
        case FilterTerm::Kind::Status:
            holds = term.statuses & (1u << int(store.effectiveStatus(row)));
            break;
        case FilterTerm::Kind::Type:
            holds = term.types & (1u << int(fields.type));
            break;
        case FilterTerm::Kind::ScoreCompare:
            holds = hasScore(fields) && compareScore(fields.score, term.compare, term.score);
            break;
        case FilterTerm::Kind::ScoreNone:
            holds = !hasScore(fields);
            break;
        case FilterTerm::Kind::ScoreOutOfRange:
            holds = hasScore(fields) && (fields.score < 0.0 || fields.score > 1.0);
            break;
        case FilterTerm::Kind::To: {
            const QString target =
                catalog.tableLabel(fields.toTableId) % u'.' % rows.toColumnName(row);
            holds = target.contains(term.text, Qt::CaseInsensitive);
            break;
        }
        case FilterTerm::Kind::From:
            holds =
                catalog.columnLabel(fields.fromColumnId).contains(term.text, Qt::CaseInsensitive);
            break;
        case FilterTerm::Kind::Id:
            holds = idText(fields.id).contains(term.text, Qt::CaseInsensitive);
            break;
        case FilterTerm::Kind::Delivery:
            holds = term.deliveries & (1u << int(store.delivery(row)));
            break;
        case FilterTerm::Kind::Text: {
            RelationshipFilter words;
            words.text = term.text;
            holds = words.matches(store, row);
            break;
        }
        }
        if (holds == term.negated)
            return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// FilterColumns

// Distinct ids to dense keys by open addressing (key + 1 per slot; 0 is empty): a million lookups
// per build cost a fraction of QHash's (measured: 138 ms for QHash<QUuid, quint32> at 10^6 rows).
struct FilterColumns::KeyIndex
{
    std::vector<quint32> keySlots = std::vector<quint32>(64, 0);

    static size_t hashOf(const QUuid& id)
    {
        quint64 halves[2];
        static_assert(sizeof(QUuid) == sizeof halves);
        std::memcpy(halves, &id, sizeof halves);
        const quint64 hash = halves[0] * 0x9e3779b97f4a7c15ULL ^ halves[1] * 0xc2b2ae3d27d4eb4fULL;
        return size_t(hash ^ (hash >> 29));
    }

    template<typename LabelOf>
    quint32 keyOf(const QUuid& id, std::vector<QUuid>& ids, std::vector<QString>& labels,
                  const LabelOf& labelOf)
    {
        size_t mask = keySlots.size() - 1;
        size_t slot = hashOf(id) & mask;
        for (; keySlots[slot] != 0; slot = (slot + 1) & mask) {
            if (ids[keySlots[slot] - 1] == id)
                return keySlots[slot] - 1;
        }
        const auto key = quint32(ids.size());
        ids.push_back(id);
        labels.push_back(labelOf(id));
        keySlots[slot] = key + 1;
        if (ids.size() * 2 > keySlots.size()) {
            keySlots.assign(keySlots.size() * 2, 0);
            mask = keySlots.size() - 1;
            for (size_t k = 0; k < ids.size(); ++k) {
                size_t at = hashOf(ids[k]) & mask;
                while (keySlots[at] != 0)
                    at = (at + 1) & mask;
                keySlots[at] = quint32(k + 1);
            }
        }
        return key;
    }
};

namespace {
std::atomic_int backgroundThreshold = FilterColumns::DefaultBackgroundThreshold;
} // namespace

void FilterColumns::setBackgroundThreshold(int rows)
{
    backgroundThreshold = rows;
}

// Fills rows of the columns from rows and a catalog only: the review overlay (pending, failed)
// is the caller's to lay over, since it lives on the UI thread.
struct FilterColumns::Builder
{
    Data& data;
    KeyIndex& fromKeys;
    KeyIndex& toTableKeys;
    const RelationshipRows& rows;
    const ColumnCatalog& catalog;

    void resize(size_t count)
    {
        data.status.resize(count);
        data.delivery.resize(count);
        data.type.resize(count);
        data.score.resize(count);
        data.fromKey.resize(count);
        data.toTableKey.resize(count);
        data.toColumn.resize(count);
        data.id.resize(count);
    }

    quint32 noteString(quint32 poolId, const QString& text)
    {
        if (poolId >= data.strings.size())
            data.strings.resize(std::max<size_t>(poolId + 1, data.strings.size() * 2));
        if (data.strings[poolId].isNull())
            data.strings[poolId] = text;
        return poolId;
    }

    void fill(int row, RelationshipStatus status, DeliveryState delivery)
    {
        const RelationshipRow& fields = rows.row(row);
        const auto at = size_t(row);
        data.status[at] = quint8(status);
        data.delivery[at] = quint8(delivery);
        data.type[at] = quint8(fields.type);
        data.score[at] = hasScore(fields) ? fields.score : std::numeric_limits<double>::quiet_NaN();
        const ColumnCatalog& names = catalog;
        data.fromKey[at] =
            fromKeys.keyOf(fields.fromColumnId, data.fromIds, data.fromLabels,
                           [&names](const QUuid& id) { return names.columnLabel(id); });
        data.toTableKey[at] =
            toTableKeys.keyOf(fields.toTableId, data.toTableIds, data.toTableLabels,
                              [&names](const QUuid& id) { return names.tableLabel(id); });
        data.toColumn[at] = noteString(fields.toColumnName, rows.toColumnName(row));
        if (fields.type == RelationshipType::Unknown)
            data.unknownTypeText.insert(row, noteString(fields.typeText, rows.typeText(row)));
        else if (!data.unknownTypeText.isEmpty())
            data.unknownTypeText.remove(row);
        if (fields.status == RelationshipStatus::Unknown)
            data.unknownStatusText.insert(row, noteString(fields.statusText, rows.statusText(row)));
        else if (!data.unknownStatusText.isEmpty())
            data.unknownStatusText.remove(row);
        data.id[at] = fields.id;
    }
};

// What a worker's build reads and makes. The rows are leased from the store (answers arriving
// meanwhile wait), the catalog is a copy; the overlay is laid over on the UI thread afterwards.
struct FilterColumns::BackgroundBuild
{
    std::shared_ptr<const RelationshipRows> rows;
    ColumnCatalog catalog;
    quint64 generation = 0;
    std::atomic_bool cancelled = false;
    std::shared_ptr<Data> data;
    std::unique_ptr<KeyIndex> fromKeys;
    std::unique_ptr<KeyIndex> toTableKeys;
};

FilterColumns* FilterColumns::of(RelationshipStore* store)
{
    if (auto* columns = store->findChild<FilterColumns*>(QString(), Qt::FindDirectChildrenOnly))
        return columns;
    return new FilterColumns(store);
}

FilterColumns::FilterColumns(RelationshipStore* store)
    : QObject(store)
    , m_store(store)
    , m_fromKeys(std::make_unique<KeyIndex>())
    , m_toTableKeys(std::make_unique<KeyIndex>())
{
    connect(store, &RelationshipStore::reset, this, &FilterColumns::onReset);
    connect(store, &RelationshipStore::rowsChanged, this, &FilterColumns::onRowsChanged);
    connect(store, &RelationshipStore::catalogChanged, this, &FilterColumns::onCatalogChanged);
    // Built on first use when made for a list already adopted: its review overlay, if any, is
    // read with the rows.
    connect(&m_buildWatcher, &QFutureWatcher<void>::finished, this,
            &FilterColumns::onBackgroundBuildFinished);
}

FilterColumns::~FilterColumns()
{
    // The task keeps what it reads alive; it only has to stop soon.
    if (m_build)
        m_build->cancelled = true;
}

const FilterColumns::Data& FilterColumns::data()
{
    if (!m_data && m_build) {
        // Needed now (a key press, a small filter pass): the worker's build is nearer its end
        // than a new one would be.
        m_buildWatcher.waitForFinished();
        onBackgroundBuildFinished();
    }
    if (!m_data)
        build();
    else if (!m_deferredRows.empty() || m_deferredCatalog)
        applyDeferred();
    return *m_data;
}

std::shared_ptr<const FilterColumns::Data> FilterColumns::lease()
{
    data();
    return m_data;
}

void FilterColumns::onReset()
{
    // A lease keeps the old columns alive for as long as its pass runs.
    m_data.reset();
    m_deferredRows.clear();
    m_deferredCatalog = false;
    if (m_build) {
        m_build->cancelled = true;
        m_build.reset();
    }
    ++m_generation;
    // A new list has no review overlay yet: what is laid over it later arrives as rowsChanged().
    const bool background = m_store->size() >= backgroundThreshold;
    if (background)
        startBackgroundBuild();
    emit columnsChanged({});
    if (!background)
        emit ready(); // a small list's columns are a quick build away
}

void FilterColumns::startBackgroundBuild()
{
    auto job = std::make_shared<BackgroundBuild>();
    job->rows = m_store->leaseRows();
    job->catalog = m_store->catalog();
    job->generation = m_generation;
    m_build = job;
    m_rowsChangedDuringBuild.clear();
    m_catalogChangedDuringBuild = false;
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    m_buildWatcher.setFuture(promise->future());
    QThreadPool::globalInstance()->start([job, promise] {
        yieldToTheUiThread();
        auto data = std::make_shared<Data>();
        data->generation = job->generation;
        auto fromKeys = std::make_unique<KeyIndex>();
        auto toTableKeys = std::make_unique<KeyIndex>();
        Builder builder{*data, *fromKeys, *toTableKeys, *job->rows, job->catalog};
        const int count = job->rows->size();
        builder.resize(size_t(count));
        constexpr int Block = 65536;
        for (int row = 0; row < count && !job->cancelled; ++row) {
            const RelationshipRow& fields = job->rows->row(row);
            builder.fill(row, fields.status, DeliveryState::None);
            if (row % Block == Block - 1 && job->cancelled)
                break;
        }
        if (!job->cancelled) {
            job->data = std::move(data);
            job->fromKeys = std::move(fromKeys);
            job->toTableKeys = std::move(toTableKeys);
        }
        job->rows.reset(); // the lease ends here, not when the UI thread gets to it
        promise->finish();
    });
}

// The worker's columns show the rows as they were leased, without the review overlay: rows
// decided, answered or renamed since the list arrived are brought up to date here.
void FilterColumns::onBackgroundBuildFinished()
{
    std::shared_ptr<BackgroundBuild> job = m_build;
    if (!job || !m_buildWatcher.isFinished() || job->generation != m_generation)
        return;
    m_build.reset();
    if (!job->data)
        return; // cancelled
    m_data = std::move(job->data);
    m_fromKeys = std::move(job->fromKeys);
    m_toTableKeys = std::move(job->toTableKeys);
    m_deferredRows.swap(m_rowsChangedDuringBuild);
    m_rowsChangedDuringBuild.clear();
    m_deferredCatalog = m_catalogChangedDuringBuild;
    applyDeferred();
    emit ready();
}

void FilterColumns::onRowsChanged(const QList<int>& rows)
{
    if (m_data) {
        if (m_data.use_count() > 1) {
            m_deferredRows.insert(m_deferredRows.end(), rows.cbegin(), rows.cend());
        } else {
            for (int row : rows) {
                if (row >= 0 && row < m_data->size())
                    updateRow(*m_data, row);
            }
        }
    } else if (m_build) {
        m_rowsChangedDuringBuild.insert(m_rowsChangedDuringBuild.end(), rows.cbegin(), rows.cend());
    }
    emit columnsChanged(rows);
}

void FilterColumns::onCatalogChanged()
{
    if (m_data) {
        if (m_data.use_count() > 1)
            m_deferredCatalog = true;
        else
            relabel(*m_data);
    } else if (m_build) {
        m_catalogChangedDuringBuild = true;
    }
    emit columnsChanged({});
}

void FilterColumns::relabel(Data& data)
{
    const ColumnCatalog& catalog = m_store->catalog();
    for (size_t key = 0; key < data.fromIds.size(); ++key)
        data.fromLabels[key] = catalog.columnLabel(data.fromIds[key]);
    for (size_t key = 0; key < data.toTableIds.size(); ++key)
        data.toTableLabels[key] = catalog.tableLabel(data.toTableIds[key]);
}

// Changes held back by a lease: applied in place once no pass reads the columns, else on a copy
// (the pass keeps the columns it started with).
void FilterColumns::applyDeferred()
{
    if (m_deferredRows.empty() && !m_deferredCatalog)
        return;
    if (m_data.use_count() > 1)
        m_data = std::make_shared<Data>(*m_data);
    std::vector<int> rows;
    rows.swap(m_deferredRows);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int row : rows) {
        if (row >= 0 && row < m_data->size())
            updateRow(*m_data, row);
    }
    if (m_deferredCatalog) {
        m_deferredCatalog = false;
        relabel(*m_data);
    }
}

void FilterColumns::build()
{
    auto data = std::make_shared<Data>();
    data->generation = m_generation;
    m_fromKeys = std::make_unique<KeyIndex>();
    m_toTableKeys = std::make_unique<KeyIndex>();
    Builder builder{*data, *m_fromKeys, *m_toTableKeys, m_store->rows(), m_store->catalog()};
    const int count = m_store->size();
    builder.resize(size_t(count));
    for (int row = 0; row < count; ++row)
        updateRow(*data, row);
    m_data = std::move(data);
    m_deferredRows.clear();
    m_deferredCatalog = false;
}

void FilterColumns::updateRow(Data& data, int row)
{
    RelationshipStatus status = m_store->rows().row(row).status;
    DeliveryState delivery = DeliveryState::None;
    if (const RowReviewState* review = m_store->reviewState(row)) {
        delivery = review->delivery;
        if (delivery == DeliveryState::Pending)
            status = review->intendedStatus;
    }
    Builder{data, *m_fromKeys, *m_toTableKeys, m_store->rows(), m_store->catalog()}.fill(
        row, status, delivery);
}

// ---------------------------------------------------------------------------------------------
// FilterEvaluation

namespace {

std::vector<quint8> answersFor(const std::vector<QString>& texts,
                               const std::function<bool(const QString&)>& test)
{
    std::vector<quint8> answers(texts.size());
    for (size_t i = 0; i < texts.size(); ++i)
        answers[i] = test(texts[i]) ? 1 : 0;
    return answers;
}

// A term with its answers per distinct value worked out, ready for a pass.
struct PreparedTerm
{
    const FilterTerm* term = nullptr;
    int cost = 0; // cheap terms narrow the rows first
    std::vector<quint8> fromAnswers;
    std::vector<quint8> toTableAnswers;
    std::vector<quint8> stringAnswers;
    // to:"table.column": per '.' in the text, tables ending with what precedes it and column
    // names starting with what follows.
    std::vector<std::pair<std::vector<quint8>, std::vector<quint8>>> splits;
    std::array<quint8, 4> typeAnswers{};
    std::array<quint8, 4> statusAnswers{};
    std::optional<IdTextSearch> id;

    PreparedTerm(const FilterTerm& filterTerm, const FilterColumns::Data& data)
        : term(&filterTerm)
    {
        const QString& needle = filterTerm.text;
        const auto contains = [&needle](const QString& text) {
            return text.contains(needle, Qt::CaseInsensitive);
        };
        switch (filterTerm.kind) {
        case FilterTerm::Kind::Status:
        case FilterTerm::Kind::Type:
        case FilterTerm::Kind::Delivery:
            cost = 0;
            break;
        case FilterTerm::Kind::ScoreCompare:
        case FilterTerm::Kind::ScoreNone:
        case FilterTerm::Kind::ScoreOutOfRange:
            cost = 1;
            break;
        case FilterTerm::Kind::From:
            cost = 2;
            fromAnswers = answersFor(data.fromLabels, contains);
            break;
        case FilterTerm::Kind::To:
            cost = 3;
            toTableAnswers = answersFor(data.toTableLabels, contains);
            stringAnswers = answersFor(data.strings, contains);
            for (qsizetype dot = needle.indexOf(u'.'); dot >= 0;
                 dot = needle.indexOf(u'.', dot + 1)) {
                const QString head = needle.left(dot);
                const QString tail = needle.mid(dot + 1);
                splits.emplace_back(answersFor(data.toTableLabels,
                                               [&head](const QString& table) {
                                                   return table.endsWith(head, Qt::CaseInsensitive);
                                               }),
                                    answersFor(data.strings, [&tail](const QString& column) {
                                        return column.startsWith(tail, Qt::CaseInsensitive);
                                    }));
            }
            break;
        case FilterTerm::Kind::Id:
            cost = 5;
            id.emplace(needle);
            break;
        case FilterTerm::Kind::Text: {
            cost = 4;
            fromAnswers.resize(data.fromLabels.size());
            for (size_t key = 0; key < fromAnswers.size(); ++key)
                fromAnswers[key] =
                    contains(data.fromLabels[key]) || contains(idText(data.fromIds[key]));
            toTableAnswers.resize(data.toTableLabels.size());
            for (size_t key = 0; key < toTableAnswers.size(); ++key)
                toTableAnswers[key] =
                    contains(data.toTableLabels[key]) || contains(idText(data.toTableIds[key]));
            stringAnswers = answersFor(data.strings, contains);
            // A known type is sent as its API name; the table shows its display name.
            for (auto type : {RelationshipType::ForeignKey, RelationshipType::Inferred,
                              RelationshipType::Manual})
                typeAnswers[size_t(type)] =
                    contains(typeDisplayName(type)) || contains(typeName(type));
            for (auto status : {RelationshipStatus::Suggested, RelationshipStatus::Approved,
                                RelationshipStatus::Rejected})
                statusAnswers[size_t(status)] =
                    contains(statusDisplayName(status)) || contains(statusName(status));
            IdTextSearch pattern(needle);
            if (!pattern.isEmpty()) {
                cost = 5;
                id.emplace(std::move(pattern));
            }
            break;
        }
        }
    }

    bool textHolds(const FilterColumns::Data& data, size_t row) const
    {
        if (fromAnswers[data.fromKey[row]] || toTableAnswers[data.toTableKey[row]] ||
            stringAnswers[data.toColumn[row]])
            return true;
        const quint8 type = data.type[row];
        if (type != quint8(RelationshipType::Unknown)) {
            if (typeAnswers[type])
                return true;
        } else if (stringAnswers[data.unknownTypeText.value(int(row))]) {
            return true;
        }
        const quint8 status = data.status[row];
        if (status != quint8(RelationshipStatus::Unknown)) {
            if (statusAnswers[status])
                return true;
        } else if (stringAnswers[data.unknownStatusText.value(int(row))]) {
            return true;
        }
        return id && id->matches(data.id[row]);
    }

    bool toHolds(const FilterColumns::Data& data, size_t row) const
    {
        const quint32 table = data.toTableKey[row];
        const quint32 column = data.toColumn[row];
        if (toTableAnswers[table] || stringAnswers[column])
            return true;
        for (const auto& [tables, columns] : splits) {
            if (tables[table] && columns[column])
                return true;
        }
        return false;
    }

    bool holds(const FilterColumns::Data& data, size_t row) const
    {
        switch (term->kind) {
        case FilterTerm::Kind::Status:
            return term->statuses & (1u << data.status[row]);
        case FilterTerm::Kind::Type:
            return term->types & (1u << data.type[row]);
        case FilterTerm::Kind::Delivery:
            return term->deliveries & (1u << data.delivery[row]);
        case FilterTerm::Kind::ScoreCompare:
            // NaN (no score) compares false either way.
            return compareScore(data.score[row], term->compare, term->score);
        case FilterTerm::Kind::ScoreNone:
            return std::isnan(data.score[row]);
        case FilterTerm::Kind::ScoreOutOfRange:
            return data.score[row] < 0.0 || data.score[row] > 1.0;
        case FilterTerm::Kind::From:
            return fromAnswers[data.fromKey[row]];
        case FilterTerm::Kind::To:
            return toHolds(data, row);
        case FilterTerm::Kind::Id:
            return id->matches(data.id[row]);
        case FilterTerm::Kind::Text:
            return textHolds(data, row);
        }
        return false;
    }
};

std::vector<PreparedTerm> prepare(const FilterQuery& query, const FilterColumns::Data& data)
{
    std::vector<PreparedTerm> terms;
    terms.reserve(query.terms().size());
    for (const FilterTerm& term : query.terms())
        terms.emplace_back(term, data);
    std::stable_sort(terms.begin(), terms.end(),
                     [](const PreparedTerm& a, const PreparedTerm& b) { return a.cost < b.cost; });
    return terms;
}

// One term over a block of rows. Cheap tests run on every row without a branch (the compiler
// vectorises them); dearer ones only on the rows still in.
template<typename Test>
void narrowAll(quint8* flags, size_t first, size_t last, bool negated, const Test& test)
{
    const quint8 flip = negated ? 1 : 0;
    for (size_t row = first; row < last; ++row)
        flags[row] &= quint8(test(row)) ^ flip;
}

template<typename Test>
void narrowRemaining(quint8* flags, size_t first, size_t last, bool negated, const Test& test)
{
    for (size_t row = first; row < last; ++row) {
        if (flags[row])
            flags[row] = test(row) != negated;
    }
}

void narrow(const PreparedTerm& prepared, const FilterColumns::Data& data, quint8* flags,
            size_t first, size_t last)
{
    const FilterTerm& term = *prepared.term;
    const bool negated = term.negated;
    switch (term.kind) {
    case FilterTerm::Kind::Status: {
        const quint8* status = data.status.data();
        const unsigned mask = term.statuses;
        narrowAll(flags, first, last, negated, [=](size_t r) { return (mask >> status[r]) & 1u; });
        return;
    }
    case FilterTerm::Kind::Type: {
        const quint8* type = data.type.data();
        const unsigned mask = term.types;
        narrowAll(flags, first, last, negated, [=](size_t r) { return (mask >> type[r]) & 1u; });
        return;
    }
    case FilterTerm::Kind::Delivery: {
        const quint8* delivery = data.delivery.data();
        const unsigned mask = term.deliveries;
        narrowAll(flags, first, last, negated,
                  [=](size_t r) { return (mask >> delivery[r]) & 1u; });
        return;
    }
    case FilterTerm::Kind::ScoreCompare: {
        const double* score = data.score.data();
        const double value = term.score;
        switch (term.compare) {
        case FilterTerm::Compare::Less:
            narrowAll(flags, first, last, negated, [=](size_t r) { return score[r] < value; });
            return;
        case FilterTerm::Compare::LessOrEqual:
            narrowAll(flags, first, last, negated, [=](size_t r) { return score[r] <= value; });
            return;
        case FilterTerm::Compare::Greater:
            narrowAll(flags, first, last, negated, [=](size_t r) { return score[r] > value; });
            return;
        case FilterTerm::Compare::GreaterOrEqual:
            narrowAll(flags, first, last, negated, [=](size_t r) { return score[r] >= value; });
            return;
        case FilterTerm::Compare::Equal:
            narrowAll(flags, first, last, negated, [=](size_t r) { return score[r] == value; });
            return;
        }
        return;
    }
    case FilterTerm::Kind::ScoreNone: {
        const double* score = data.score.data();
        narrowAll(flags, first, last, negated, [=](size_t r) { return score[r] != score[r]; });
        return;
    }
    case FilterTerm::Kind::ScoreOutOfRange: {
        const double* score = data.score.data();
        narrowAll(flags, first, last, negated,
                  [=](size_t r) { return score[r] < 0.0 || score[r] > 1.0; });
        return;
    }
    case FilterTerm::Kind::From: {
        const quint32* key = data.fromKey.data();
        const quint8* answers = prepared.fromAnswers.data();
        narrowAll(flags, first, last, negated, [=](size_t r) { return answers[key[r]]; });
        return;
    }
    case FilterTerm::Kind::To:
        narrowRemaining(flags, first, last, negated,
                        [&](size_t r) { return prepared.toHolds(data, r); });
        return;
    case FilterTerm::Kind::Id:
        narrowRemaining(flags, first, last, negated,
                        [&](size_t r) { return prepared.id->matches(data.id[r]); });
        return;
    case FilterTerm::Kind::Text:
        narrowRemaining(flags, first, last, negated,
                        [&](size_t r) { return prepared.textHolds(data, r); });
        return;
    }
}

} // namespace

FilterMatches FilterEvaluation::run(const FilterQuery& query, const FilterColumns::Data& data,
                                    const std::atomic_bool* cancelled)
{
    FilterMatches matches;
    matches.generation = data.generation;
    matches.queryText = query.text();
    const auto count = size_t(data.size());
    if (!query.isValid()) {
        matches.byRow.assign(count, 0);
        return matches;
    }
    matches.byRow.assign(count, 1);
    quint8* const flags = matches.byRow.data();
    const std::vector<PreparedTerm> terms = prepare(query, data);
    // Blocks of rows small enough to stay in the cache while every term narrows them.
    constexpr size_t Block = 1 << 14;
    for (size_t first = 0; first < count; first += Block) {
        if (cancelled && cancelled->load(std::memory_order_relaxed)) {
            matches.count = -1;
            return matches;
        }
        const size_t last = std::min(count, first + Block);
        for (const PreparedTerm& term : terms)
            narrow(term, data, flags, first, last);
    }
    matches.count = int(std::count(matches.byRow.cbegin(), matches.byRow.cend(), quint8(1)));
    return matches;
}

void FilterEvaluation::update(const FilterQuery& query, const FilterColumns::Data& data,
                              const std::vector<int>& rows, FilterMatches& matches)
{
    if (matches.byRow.size() != size_t(data.size()))
        return;
    const std::vector<PreparedTerm> terms = prepare(query, data);
    for (int row : rows) {
        if (row < 0 || row >= data.size())
            continue;
        bool in = query.isValid();
        for (const PreparedTerm& term : terms) {
            if (!in)
                break;
            in = term.holds(data, size_t(row)) != term.term->negated;
        }
        const quint8 before = matches.byRow[size_t(row)];
        matches.byRow[size_t(row)] = in ? 1 : 0;
        matches.count += int(in) - int(before);
    }
}
