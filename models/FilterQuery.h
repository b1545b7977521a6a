#pragma once

#include "RelationshipStore.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

// The filter language of the filter bar and of `relreview-cli bulk --where`. A query is terms
// separated by spaces, all of which must hold:
//
//   status:suggested           effective status (a pending decision counts as what it will be);
//                              suggested, approved, rejected, other (a status this version does
//                              not know); several with commas: status:approved,rejected
//   type:inferred              foreign_key (or fk), inferred, manual, other; commas as above
//   score>=0.8  score<0.95     also >, <=, =, and score:0.8 for =; rows without a score never
//                              compare
//   score:none  score:out      no score; a score outside 0-1
//   to:customers               the to table's name or the to column's name contains it;
//                              to:customers.id also matches "table.column"
//   from:cust_                 the from column's label ("table.column") contains it
//   id:3c90c3cc                the relationship's id contains these hex digits (and dashes)
//   delivery:failed            none, pending, failed, gone, conflict; pending:yes is
//                              delivery:pending, pending:no its negation
//   was:rejected               what was decided before on the row's column pair, in any list or
//                              snapshot of this journal (see EarlierDecisions): approved,
//                              rejected, conflict (earlier decisions disagree), any (one of
//                              those), none; commas as above
//   text  "two words"          free text: each word (or quoted phrase) must appear in what the
//                              table shows of the row or in its ids (see FilterEvaluation)
//   diff:added                 against the list compared with (File → Compare with…): added,
//                              changed, removed, unchanged; commas as above; no row matches
//                              while nothing is compared
//   order:uncertain            not a filter: shows the rows most uncertain first (by the distance
//                              of the score from the chosen threshold, unscored last)
//   -status:rejected  -word    '-' negates any term (but order:)
//
// Names and values are case-insensitive; a value may be a unique prefix (status:sugg) and may be
// quoted (to:"order items"). A quote inside quotes is written \" and a backslash \\.
struct FilterTerm
{
    enum class Kind : quint8 {
        Status,
        Type,
        ScoreCompare,
        ScoreNone,
        ScoreOutOfRange,
        To,
        From,
        Id,
        Delivery,
        Text,
        Was,
        Diff,           // diffs: bit 1 << RowDiffStates::State
        OrderUncertain, // matches every row; the table orders by uncertainty
    };
    enum class Compare : quint8 { Less, LessOrEqual, Greater, GreaterOrEqual, Equal };

    Kind kind = Kind::Text;
    bool negated = false;
    quint8 statuses = 0;   // Status: bit 1 << int(RelationshipStatus)
    quint8 types = 0;      // Type: bit 1 << int(RelationshipType)
    quint8 deliveries = 0; // Delivery: bit 1 << int(DeliveryState)
    quint8 earlier = 0;    // Was: bit 1 << EarlierDecision::Mark (0 none, 1 approved, ...)
    quint8 diffs = 0;      // Diff: bit 1 << RowDiffStates::State
    Compare compare = Compare::Equal;
    double score = 0;
    QString text;     // To, From, Id, Text: the value without quotes; Id in lower case
    int position = 0; // of the term's first character (its '-') in the query, 0-based
    int length = 0;

    bool operator==(const FilterTerm& other) const = default;
};

class FilterQuery
{
    Q_DECLARE_TR_FUNCTIONS(FilterQuery)

public:
    FilterQuery() = default; // empty: matches every row

    static FilterQuery parse(QStringView text);
    static FilterQuery parse(const QString& text) { return parse(QStringView(text)); }

    bool isValid() const { return m_errorPosition < 0; }
    bool isEmpty() const { return isValid() && m_terms.empty(); }
    const QString& text() const { return m_text; }
    const std::vector<FilterTerm>& terms() const { return m_terms; }

    // Where the query went wrong: a 0-based index into text() (text().size() when it ended too
    // early), -1 when valid. The message counts from 1, as people do:
    // "position 14: expected a number after 'score>='".
    int errorPosition() const { return m_errorPosition; }
    QString errorMessage() const;
    const QString& errorReason() const { return m_errorReason; } // without the position

    // Whether a term needs the relationship's status, which a decision changes; for callers that
    // re-filter after decisions.
    bool dependsOnReview() const;
    // Whether it holds order:uncertain.
    bool ordersByUncertainty() const;

    // `text` as one free-text term that matches it as it is (quoted, so that spaces, quotes,
    // a leading '-' or a ':' are not read as the language); empty for an empty text.
    static QString quoted(const QString& text);

    // Two queries are equal when they have the same terms (spacing does not matter).
    bool operator==(const FilterQuery& other) const;

    // For completion: the term names ("status:", "score>=", ...) and the values of a term.
    static QStringList termNames();
    static QStringList statusValues();
    static QStringList typeValues();
    static QStringList deliveryValues();
    static QStringList wasValues();
    static QStringList diffValues();

private:
    QString m_text;
    std::vector<FilterTerm> m_terms;
    int m_errorPosition = -1;
    QString m_errorReason;

    friend class FilterQueryParser;
};

// Whether `score` compares to `value` as `compare` says (the one definition, for every pass).
inline bool compareScore(double score, FilterTerm::Compare compare, double value)
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
