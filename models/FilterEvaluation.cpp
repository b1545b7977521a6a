#include "FilterEvaluation.h"

#include "IdTextSearch.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace

namespace {

unsigned earlierMark(const FilterColumns::Data& data, size_t row)
{
    return data.earlier ? unsigned(data.earlier->mark(int(row))) : 0u;
}

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
    const quint32* fromKey = nullptr; // per row (the list's labels)
    const quint32* toTableKey = nullptr;
    const RowDiffStates* diff = nullptr;

    PreparedTerm(const FilterTerm& filterTerm, const FilterColumns::Data& data,
                 const RowDiffStates* diffStates)
        : term(&filterTerm)
        , fromKey(data.labels->fromKeys().data())
        , toTableKey(data.labels->toTableKeys().data())
        , diff(diffStates)
    {
        const ListLabels& labels = *data.labels;
        const QString& needle = filterTerm.text;
        const auto contains = [&needle](const QString& text) {
            return text.contains(needle, Qt::CaseInsensitive);
        };
        switch (filterTerm.kind) {
        case FilterTerm::Kind::Status:
        case FilterTerm::Kind::Type:
        case FilterTerm::Kind::Delivery:
        case FilterTerm::Kind::Was:
        case FilterTerm::Kind::Diff:
        case FilterTerm::Kind::OrderUncertain:
            cost = 0;
            break;
        case FilterTerm::Kind::ScoreCompare:
        case FilterTerm::Kind::ScoreNone:
        case FilterTerm::Kind::ScoreOutOfRange:
            cost = 1;
            break;
        case FilterTerm::Kind::From:
            cost = 2;
            fromAnswers = answersFor(labels.fromLabels(), contains);
            break;
        case FilterTerm::Kind::To:
            cost = 3;
            toTableAnswers = answersFor(labels.toTableLabels(), contains);
            stringAnswers = answersFor(data.strings, contains);
            for (qsizetype dot = needle.indexOf(u'.'); dot >= 0;
                 dot = needle.indexOf(u'.', dot + 1)) {
                const QString head = needle.left(dot);
                const QString tail = needle.mid(dot + 1);
                splits.emplace_back(answersFor(labels.toTableLabels(),
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
            fromAnswers.resize(labels.fromLabels().size());
            for (size_t key = 0; key < fromAnswers.size(); ++key)
                fromAnswers[key] =
                    contains(labels.fromLabels()[key]) || contains(idText(labels.fromIds()[key]));
            toTableAnswers.resize(labels.toTableLabels().size());
            for (size_t key = 0; key < toTableAnswers.size(); ++key)
                toTableAnswers[key] = contains(labels.toTableLabels()[key]) ||
                                      contains(idText(labels.toTableIds()[key]));
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
        if (fromAnswers[fromKey[row]] || toTableAnswers[toTableKey[row]] ||
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
        const quint32 table = toTableKey[row];
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
            return fromAnswers[fromKey[row]];
        case FilterTerm::Kind::To:
            return toHolds(data, row);
        case FilterTerm::Kind::Id:
            return id->matches(data.id[row]);
        case FilterTerm::Kind::Text:
            return textHolds(data, row);
        case FilterTerm::Kind::Was:
            return term->earlier & (1u << earlierMark(data, row));
        case FilterTerm::Kind::Diff:
            return (term->diffs >> diff->stateOf(row, size_t(data.size()))) & 1u;
        case FilterTerm::Kind::OrderUncertain:
            return true;
        }
        return false;
    }
};

std::vector<PreparedTerm> prepare(const FilterQuery& query, const FilterColumns::Data& data,
                                  const RowDiffStates* diff)
{
    static const RowDiffStates notCompared;
    std::vector<PreparedTerm> terms;
    terms.reserve(query.terms().size());
    for (const FilterTerm& term : query.terms())
        terms.emplace_back(term, data, diff ? diff : &notCompared);
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
        const quint32* key = prepared.fromKey;
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
    case FilterTerm::Kind::Was: {
        const unsigned mask = term.earlier;
        narrowAll(flags, first, last, negated,
                  [&](size_t r) { return (mask >> earlierMark(data, r)) & 1u; });
        return;
    }
    case FilterTerm::Kind::Diff: {
        const unsigned mask = term.diffs;
        if (prepared.diff->byRow.size() != size_t(data.size())) {
            const quint8 in = quint8(((mask >> RowDiffStates::NotCompared) & 1u) != negated);
            for (size_t row = first; row < last; ++row)
                flags[row] &= in;
            return;
        }
        const quint8* state = prepared.diff->byRow.data();
        narrowAll(flags, first, last, negated, [=](size_t r) { return (mask >> state[r]) & 1u; });
        return;
    }
    case FilterTerm::Kind::OrderUncertain:
        return;
    }
}

} // namespace

FilterMatches FilterEvaluation::run(const FilterQuery& query, const FilterColumns::Data& data,
                                    const std::atomic_bool* cancelled, const RowDiffStates* diff)
{
    FilterMatches matches;
    matches.generation = data.generation;
    matches.diffVersion = diff ? diff->version : 0;
    matches.queryText = query.text();
    const auto count = size_t(data.size());
    if (!query.isValid()) {
        matches.byRow.assign(count, 0);
        return matches;
    }
    matches.byRow.assign(count, 1);
    quint8* const flags = matches.byRow.data();
    const std::vector<PreparedTerm> terms = prepare(query, data, diff);
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
                              const std::vector<int>& rows, FilterMatches& matches,
                              const RowDiffStates* diff)
{
    if (matches.byRow.size() != size_t(data.size()))
        return;
    const std::vector<PreparedTerm> terms = prepare(query, data, diff);
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
