#include "FilterQuery.h"

#include "RowDiffStates.h"

#include <QCoreApplication>
#include <QLocale>

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

// EarlierDecision::Mark values; "any" is every decided mark (its bit is widened after parsing).
constexpr int WasAny = 7;
constexpr std::array WasValues = {
    NamedValue{"approved"_L1, 1}, NamedValue{"rejected"_L1, 2}, NamedValue{"conflict"_L1, 3},
    NamedValue{"any"_L1, WasAny}, NamedValue{"none"_L1, 0},
};
constexpr std::array DiffValues = {
    NamedValue{"added"_L1, int(RowDiffStates::Added)},
    NamedValue{"changed"_L1, int(RowDiffStates::Changed)},
    NamedValue{"removed"_L1, int(RowDiffStates::Removed)},
    NamedValue{"unchanged"_L1, int(RowDiffStates::Unchanged)},
};

bool isIdChar(QChar c)
{
    const char16_t u = c.toLower().unicode();
    return u == u'-' || (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f');
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
    Q_DECLARE_TR_FUNCTIONS(FilterQueryParser)

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
        if (name == u"was") {
            term.kind = FilterTerm::Kind::Was;
            if (!parseNamedList(WasValues, term.earlier, tr("an earlier decision"), after,
                                tr("unknown earlier decision '%1' (expected approved, rejected, "
                                   "conflict, any or none)")))
                return false;
            if (term.earlier & (1u << WasAny))
                term.earlier = quint8((term.earlier & ~(1u << WasAny)) | 0b1110);
            return true;
        }
        if (name == u"diff") {
            term.kind = FilterTerm::Kind::Diff;
            return parseNamedList(
                DiffValues, term.diffs, tr("a change"), after,
                tr("unknown change '%1' (expected added, changed, removed or unchanged)"));
        }
        if (name == u"order") {
            term.kind = FilterTerm::Kind::OrderUncertain;
            if (term.negated)
                return fail(term.position, tr("an order cannot be negated"));
            QString value;
            qsizetype position = 0;
            if (!parseValue(value, position, tr("an order"), after))
                return false;
            if (!QStringLiteral("uncertain").startsWith(value, Qt::CaseInsensitive))
                return fail(position, tr("unknown order '%1' (expected uncertain)").arg(value));
            return true;
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
                       "pending, was, diff, order; quote text that contains ':')")
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

bool FilterQuery::ordersByUncertainty() const
{
    return std::any_of(m_terms.cbegin(), m_terms.cend(), [](const FilterTerm& term) {
        return term.kind == FilterTerm::Kind::OrderUncertain;
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
    return {u"status:"_s,        u"type:"_s,       u"score>="_s, u"score<"_s,
            u"score>"_s,         u"score<="_s,     u"score="_s,  u"score:none"_s,
            u"score:out"_s,      u"to:"_s,         u"from:"_s,   u"id:"_s,
            u"delivery:"_s,      u"pending:yes"_s, u"was:"_s,    u"diff:"_s,
            u"order:uncertain"_s};
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

QStringList FilterQuery::wasValues()
{
    QStringList values;
    for (const NamedValue& named : WasValues)
        values.append(named.name.toString());
    return values;
}

QStringList FilterQuery::diffValues()
{
    QStringList values;
    for (const NamedValue& named : DiffValues)
        values.append(named.name.toString());
    return values;
}

QString FilterQuery::quoted(const QString& text)
{
    if (text.isEmpty())
        return {};
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return u'"' + escaped + u'"';
}
