#include "DemoDataGenerator.h"
#include "FilterEvaluation.h"
#include "FilterQuery.h"
#include "FilterSuggestions.h"
#include "ReferenceFilter.h"
#include "RelationshipFilter.h"
#include "RelationshipStore.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

using Kind = FilterTerm::Kind;
using Compare = FilterTerm::Compare;

using ReferenceFilter::bit;

// A term as the tests spell it: only the members that matter for its kind.
FilterTerm term(Kind kind, bool negated = false)
{
    FilterTerm t;
    t.kind = kind;
    t.negated = negated;
    return t;
}

FilterTerm statusTerm(quint8 statuses, bool negated = false)
{
    FilterTerm t = term(Kind::Status, negated);
    t.statuses = statuses;
    return t;
}

FilterTerm typeTerm(quint8 types, bool negated = false)
{
    FilterTerm t = term(Kind::Type, negated);
    t.types = types;
    return t;
}

FilterTerm deliveryTerm(quint8 deliveries, bool negated = false)
{
    FilterTerm t = term(Kind::Delivery, negated);
    t.deliveries = deliveries;
    return t;
}

FilterTerm scoreTerm(Compare compare, double score, bool negated = false)
{
    FilterTerm t = term(Kind::ScoreCompare, negated);
    t.compare = compare;
    t.score = score;
    return t;
}

FilterTerm textTerm(Kind kind, const QString& text, bool negated = false)
{
    FilterTerm t = term(kind, negated);
    t.text = text;
    return t;
}

// Terms without their places, so that expectations need not count characters.
std::vector<FilterTerm> withoutPlaces(std::vector<FilterTerm> terms)
{
    for (FilterTerm& t : terms)
        t.position = t.length = 0;
    return terms;
}

QString describe(const std::vector<FilterTerm>& terms)
{
    QStringList parts;
    for (const FilterTerm& t : terms) {
        parts.append(u"%1%2{s%3 t%4 d%5 c%6 %7 '%8'}"_s.arg(t.negated ? u"-"_s : QString())
                         .arg(int(t.kind))
                         .arg(t.statuses)
                         .arg(t.types)
                         .arg(t.deliveries)
                         .arg(int(t.compare))
                         .arg(t.score)
                         .arg(t.text));
    }
    return parts.join(u' ');
}

// ---- generated data --------------------------------------------------------------------------

// The demo warehouse with the corners real data has and the generator does not make: statuses
// and types this version does not know, columns and tables the catalog does not name.
void loadStore(RelationshipStore& store, int count, quint64 seed)
{
    DemoDataGenerator::Options options;
    options.seed = seed;
    options.relationshipCount = count;
    const DemoDataGenerator generator(options);
    RelationshipRows rows;
    rows.reserve(count);
    for (int i = 0; i < count; ++i) {
        Relationship relationship = generator.relationship(i);
        if (i % 37 == 5) {
            relationship.status = RelationshipStatus::Unknown;
            relationship.statusText = u"ARCHIVED"_s;
        }
        if (i % 41 == 7) {
            relationship.type = RelationshipType::Unknown;
            relationship.typeText = u"Heuristic"_s;
        }
        rows.append(relationship);
    }
    const ColumnCatalog full = generator.catalog();
    ColumnCatalog partial;
    const QList<ColumnInfo> columns = full.columns();
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i % 5 != 3)
            partial.insertColumn(columns[i]);
    }
    const QHash<QUuid, QString> tables = full.tableNames();
    int index = 0;
    for (auto it = tables.cbegin(); it != tables.cend(); ++it, ++index) {
        if (index % 4 != 1)
            partial.setTableName(it.key(), it.value());
    }
    store.adopt(std::move(rows), std::move(partial));
}

// Decisions in every delivery state, so that effective status and delivery terms have work.
void decideSome(RelationshipStore& store, QRandomGenerator& random)
{
    QList<int> approve;
    QList<int> reject;
    for (int row = 0; row < store.size(); ++row) {
        const quint32 roll = random.bounded(100u);
        if (roll < 6)
            approve.append(row);
        else if (roll < 10)
            reject.append(row);
    }
    store.markPending(approve, RelationshipStatus::Approved);
    store.markPending(reject, RelationshipStatus::Rejected);
    for (int i = 0; i < 40 && i < approve.size(); ++i) {
        if (i % 3 == 0)
            store.markFailed(approve[i], u"503"_s);
        else if (i % 3 == 1)
            store.markGone(approve[i], u"404"_s);
        else
            store.markConflict(approve[i], u"changed"_s);
    }
}

// ---- an independent brute force ---------------------------------------------------------------

// ---- random queries ---------------------------------------------------------------------------

QString randomCase(QRandomGenerator& random, const QString& text)
{
    QString out = text;
    for (QChar& c : out) {
        if (random.bounded(3u) == 0)
            c = c.isUpper() ? c.toLower() : c.toUpper();
    }
    return out;
}

QString pieceOf(QRandomGenerator& random, const QString& text)
{
    if (text.size() <= 1)
        return text;
    const int start = int(random.bounded(quint32(text.size())));
    const int length =
        1 + int(random.bounded(quint32(std::min<qsizetype>(8, text.size() - start))));
    return text.mid(start, length);
}

// A value for to:/from:/text as a user would type it: quoted when it has spaces or quotes, with
// the escapes the language defines.
QString valueText(QRandomGenerator& random, const QString& value)
{
    const bool needsQuotes = value.contains(u' ') || value.contains(u'"') || value.contains(u':') ||
                             value.startsWith(u'-') || value.contains(u'\\');
    if (!needsQuotes && random.bounded(5u) != 0)
        return value;
    QString escaped = value;
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
    return u'"' + escaped + u'"';
}

QString randomTerm(QRandomGenerator& random, const RelationshipStore& store)
{
    const int row = int(random.bounded(quint32(store.size())));
    const Relationship r = store.rows().relationship(row);
    const ColumnCatalog& catalog = store.catalog();
    const QString negation = random.bounded(4u) == 0 ? u"-"_s : QString();
    const auto pick = [&random](const QStringList& values) {
        QStringList chosen;
        for (const QString& value : values) {
            if (random.bounded(2u) == 0)
                chosen.append(random.bounded(3u) == 0 ? value.left(3) : value);
        }
        if (chosen.isEmpty())
            chosen.append(values[int(random.bounded(quint32(values.size())))]);
        return chosen.join(u',');
    };
    switch (random.bounded(11u)) {
    case 0:
        return negation + u"status:"_s + randomCase(random, pick(FilterQuery::statusValues()));
    case 1:
        return negation + u"type:"_s +
               pick({u"foreign_key"_s, u"inferred"_s, u"manual"_s, u"other"_s, u"fk"_s});
    case 2: {
        static const QStringList ops = {u"<"_s, u"<="_s, u">"_s, u">="_s, u"="_s};
        // Often a score that occurs, so that the edges of <= and >= are tested.
        const double value = r.hasScore && random.bounded(2u) == 0
                                 ? r.score
                                 : std::round((random.bounded(1.45) - 0.2) * 100) / 100;
        return negation + u"score"_s + ops[int(random.bounded(5u))] +
               QString::number(value, 'g', 17);
    }
    case 3:
        return negation + (random.bounded(2u) ? u"score:none"_s : u"score:out"_s);
    case 4: {
        const QString target = catalog.tableLabel(r.toTableId) + u'.' + r.toColumnName;
        // Often across the dot, the case the fast pass handles separately.
        QString value = pieceOf(random, target);
        if (random.bounded(2u) == 0) {
            const qsizetype dot = target.lastIndexOf(u'.');
            const qsizetype start = std::max<qsizetype>(0, dot - 1 - random.bounded(4u));
            value = target.mid(start, dot - start + 1 + random.bounded(4u));
        }
        return negation + u"to:"_s + valueText(random, randomCase(random, value));
    }
    case 5:
        return negation + u"from:"_s +
               valueText(random,
                         randomCase(random, pieceOf(random, catalog.columnLabel(r.fromColumnId))));
    case 6: {
        QString id = pieceOf(random, r.id.toString(QUuid::WithoutBraces));
        if (random.bounded(2u) == 0)
            id = id.toUpper();
        return negation + u"id:"_s + id;
    }
    case 7:
        return negation + (random.bounded(2u)
                               ? u"delivery:"_s + pick(FilterQuery::deliveryValues())
                               : u"pending:"_s + (random.bounded(2u) ? u"yes"_s : u"no"_s));
    default: {
        const QStringList sources = {catalog.columnLabel(r.fromColumnId),
                                     catalog.tableLabel(r.toTableId),
                                     r.toColumnName,
                                     r.typeText,
                                     r.statusText,
                                     statusDisplayName(r.status),
                                     r.id.toString(QUuid::WithoutBraces),
                                     u"no such text"_s};
        QString word = pieceOf(random, sources[int(random.bounded(quint32(sources.size())))]);
        if (word.startsWith(u'-'))
            word.remove(0, 1);
        if (word.trimmed().isEmpty())
            word = u"a"_s;
        return negation + valueText(random, randomCase(random, word));
    }
    }
}

std::vector<int> matchingRows(const FilterMatches& matches)
{
    std::vector<int> rows;
    for (size_t row = 0; row < matches.byRow.size(); ++row) {
        if (matches.byRow[row])
            rows.push_back(int(row));
    }
    return rows;
}

std::vector<int> bruteRows(const RelationshipStore& store, const FilterQuery& query)
{
    std::vector<int> rows;
    for (int row = 0; row < store.size(); ++row) {
        if (ReferenceFilter::matches(store, row, query.terms()))
            rows.push_back(row);
    }
    return rows;
}

} // namespace

class TestFilterQuery : public QObject
{
    Q_OBJECT

private slots:
    void parsesTerms_data();
    void parsesTerms();
    void reportsErrors_data();
    void reportsErrors();
    void errorMessageCountsFromOne();
    void equalityIgnoresSpacing();
    void completionLists();
    void matchesHandMadeRows();
    void diffAndOrderTerms();
    void passesEqualBruteForce();
    void columnsFollowTheStore();
    void leaseKeepsColumnsForAPass();
    void largeListBuildsColumnsOnAWorker();
    void cancelledPassStops();
    void relationshipFilterCombinesQuery();
    void completesTerms();
};

void TestFilterQuery::parsesTerms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::vector<FilterTerm>>("expected");

    using RS = RelationshipStatus;
    using RT = RelationshipType;
    using DS = DeliveryState;
    QTest::newRow("empty") << QString() << std::vector<FilterTerm>{};
    QTest::newRow("spaces only") << u"   \t "_s << std::vector<FilterTerm>{};
    QTest::newRow("status") << u"status:suggested"_s << std::vector{statusTerm(bit(RS::Suggested))};
    QTest::newRow("status upper case")
        << u"STATUS:Approved"_s << std::vector{statusTerm(bit(RS::Approved))};
    QTest::newRow("status prefix") << u"status:rej"_s << std::vector{statusTerm(bit(RS::Rejected))};
    QTest::newRow("status list") << u"status:approved,rejected"_s
                                 << std::vector{statusTerm(bit(RS::Approved) | bit(RS::Rejected))};
    QTest::newRow("status other") << u"status:other"_s << std::vector{statusTerm(bit(RS::Unknown))};
    QTest::newRow("negated status")
        << u"-status:rejected"_s << std::vector{statusTerm(bit(RS::Rejected), true)};
    QTest::newRow("type") << u"type:inferred"_s << std::vector{typeTerm(bit(RT::Inferred))};
    QTest::newRow("type fk") << u"type:fk"_s << std::vector{typeTerm(bit(RT::ForeignKey))};
    QTest::newRow("type spelled with a dash")
        << u"type:foreign-key,manual"_s
        << std::vector{typeTerm(bit(RT::ForeignKey) | bit(RT::Manual))};
    QTest::newRow("type other") << u"type:other"_s << std::vector{typeTerm(bit(RT::Unknown))};
    QTest::newRow("score >=") << u"score>=0.8"_s
                              << std::vector{scoreTerm(Compare::GreaterOrEqual, 0.8)};
    QTest::newRow("score <") << u"score<0.95"_s << std::vector{scoreTerm(Compare::Less, 0.95)};
    QTest::newRow("score <=") << u"score<=.5"_s
                              << std::vector{scoreTerm(Compare::LessOrEqual, 0.5)};
    QTest::newRow("score >") << u"score>1e-1"_s << std::vector{scoreTerm(Compare::Greater, 0.1)};
    QTest::newRow("score =") << u"score=1"_s << std::vector{scoreTerm(Compare::Equal, 1.0)};
    QTest::newRow("score ==") << u"score==0.25"_s << std::vector{scoreTerm(Compare::Equal, 0.25)};
    QTest::newRow("score colon number")
        << u"score:0.5"_s << std::vector{scoreTerm(Compare::Equal, 0.5)};
    QTest::newRow("score negative number")
        << u"score<-0.01"_s << std::vector{scoreTerm(Compare::Less, -0.01)};
    QTest::newRow("score space after operator")
        << u"score>= 0.8"_s << std::vector{scoreTerm(Compare::GreaterOrEqual, 0.8)};
    QTest::newRow("score none") << u"score:none"_s << std::vector{term(Kind::ScoreNone)};
    QTest::newRow("score out") << u"-score:OUT"_s << std::vector{term(Kind::ScoreOutOfRange, true)};
    QTest::newRow("to") << u"to:customers"_s << std::vector{textTerm(Kind::To, u"customers"_s)};
    QTest::newRow("to quoted") << u"to:\"order items\""_s
                               << std::vector{textTerm(Kind::To, u"order items"_s)};
    QTest::newRow("from") << u"from:cust_"_s << std::vector{textTerm(Kind::From, u"cust_"_s)};
    QTest::newRow("id") << u"id:3C90c3cc-0d44"_s
                        << std::vector{textTerm(Kind::Id, u"3c90c3cc-0d44"_s)};
    QTest::newRow("id in braces") << u"id:{3c90c3cc}"_s
                                  << std::vector{textTerm(Kind::Id, u"3c90c3cc"_s)};
    QTest::newRow("delivery") << u"delivery:failed,gone"_s
                              << std::vector{deliveryTerm(bit(DS::Failed) | bit(DS::Gone))};
    QTest::newRow("pending yes") << u"pending:yes"_s << std::vector{deliveryTerm(bit(DS::Pending))};
    QTest::newRow("pending no") << u"pending:no"_s
                                << std::vector{deliveryTerm(bit(DS::Pending), true)};
    QTest::newRow("not pending no")
        << u"-pending:no"_s << std::vector{deliveryTerm(bit(DS::Pending))};
    QTest::newRow("word") << u"cust"_s << std::vector{textTerm(Kind::Text, u"cust"_s)};
    QTest::newRow("negated word") << u"-cust"_s
                                  << std::vector{textTerm(Kind::Text, u"cust"_s, true)};
    QTest::newRow("phrase") << u"\"two words\""_s
                            << std::vector{textTerm(Kind::Text, u"two words"_s)};
    QTest::newRow("phrase with escapes")
        << u"\"say \\\"hi\\\" \\\\ there\""_s
        << std::vector{textTerm(Kind::Text, u"say \"hi\" \\ there"_s)};
    QTest::newRow("negated phrase")
        << u"-\"a b\""_s << std::vector{textTerm(Kind::Text, u"a b"_s, true)};
    QTest::newRow("word with colon after digits")
        << u"12:30"_s << std::vector{textTerm(Kind::Text, u"12:30"_s)};
    QTest::newRow("score-like word")
        << u"score_total"_s << std::vector{textTerm(Kind::Text, u"score_total"_s)};
    QTest::newRow("the example from the issue")
        << u"status:suggested type:inferred score>=0.8 score<0.95 to:customers from:cust_ text"_s
        << std::vector{statusTerm(bit(RS::Suggested)),          typeTerm(bit(RT::Inferred)),
                       scoreTerm(Compare::GreaterOrEqual, 0.8), scoreTerm(Compare::Less, 0.95),
                       textTerm(Kind::To, u"customers"_s),      textTerm(Kind::From, u"cust_"_s),
                       textTerm(Kind::Text, u"text"_s)};
    QTest::newRow("the example of the brief")
        << u"text \"two words\" -status:rejected score:none"_s
        << std::vector{textTerm(Kind::Text, u"text"_s), textTerm(Kind::Text, u"two words"_s),
                       statusTerm(bit(RS::Rejected), true), term(Kind::ScoreNone)};
}

void TestFilterQuery::parsesTerms()
{
    QFETCH(QString, text);
    QFETCH(std::vector<FilterTerm>, expected);
    const FilterQuery query = FilterQuery::parse(text);
    QVERIFY2(query.isValid(), qPrintable(query.errorMessage()));
    QCOMPARE(query.text(), text);
    QCOMPARE(query.isEmpty(), expected.empty());
    const std::vector<FilterTerm> terms = withoutPlaces(query.terms());
    QVERIFY2(terms == expected,
             qPrintable(u"got %1\nexpected %2"_s.arg(describe(terms), describe(expected))));
    // Each term's place covers its text: the filter bar underlines by it.
    for (const FilterTerm& t : query.terms()) {
        QVERIFY(t.position >= 0 && t.length > 0);
        QVERIFY(t.position + t.length <= text.size());
        QVERIFY(!text[t.position].isSpace());
    }
}

void TestFilterQuery::reportsErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("reason");

    QTest::newRow("score without number")
        << u"type:inferred score>="_s << 21 << u"expected a number after 'score>='"_s;
    QTest::newRow("score with a word")
        << u"score<abc"_s << 6 << u"expected a number after 'score<'"_s;
    QTest::newRow("score two operators")
        << u"score<>0.5"_s << 6 << u"expected a number after 'score<'"_s;
    QTest::newRow("score with comma decimal")
        << u"score>0,5"_s << 6 << u"expected a number after 'score>'"_s;
    QTest::newRow("score not a number")
        << u"score=nan"_s << 6 << u"expected a number after 'score='"_s;
    QTest::newRow("score colon word")
        << u"score:high"_s << 6 << u"expected none, out or a number after 'score:'"_s;
    QTest::newRow("score colon empty")
        << u"score: x"_s << 6 << u"expected none, out or a number after 'score:'"_s;
    QTest::newRow("unknown status") << u"status:done"_s << 7
                                    << u"unknown status 'done' (expected suggested, approved, "
                                       "rejected or other)"_s;
    QTest::newRow("status missing")
        << u"status: x"_s << 7 << u"expected a status after 'status:'"_s;
    QTest::newRow("status trailing comma")
        << u"status:approved,"_s << 16 << u"expected a status after ','"_s;
    QTest::newRow("status second unknown")
        << u"status:approved,nope"_s << 16
        << u"unknown status 'nope' (expected suggested, approved, rejected or other)"_s;
    QTest::newRow("unknown type") << u"a type:weird"_s << 7
                                  << u"unknown type 'weird' (expected foreign_key, inferred, "
                                     "manual or other)"_s;
    QTest::newRow("unknown delivery") << u"delivery:lost"_s << 9
                                      << u"unknown delivery state 'lost' (expected none, "
                                         "pending, failed, gone or conflict)"_s;
    QTest::newRow("pending maybe")
        << u"pending:maybe"_s << 8 << u"expected yes or no after 'pending:'"_s;
    QTest::newRow("unknown field")
        << u"x stauts:approved"_s << 2
        << u"unknown filter 'stauts:' (known: status, type, score, to, "
           "from, id, delivery, pending, was, diff, order; quote text that contains ':')"_s;
    QTest::newRow("empty to") << u"to:"_s << 3 << u"expected a name after 'to:'"_s;
    QTest::newRow("empty from") << u"from: cust"_s << 5 << u"expected a name after 'from:'"_s;
    QTest::newRow("id not hex") << u"id:3c9z"_s << 6 << u"an id has only hex digits and dashes"_s;
    QTest::newRow("id in braces not hex")
        << u"id:{3cx}"_s << 6 << u"an id has only hex digits and dashes"_s;
    QTest::newRow("empty id") << u"id:"_s << 3 << u"expected an id after 'id:'"_s;
    QTest::newRow("lone dash") << u"status:approved -"_s << 17 << u"expected a term after '-'"_s;
    QTest::newRow("dash before space") << u"- x"_s << 1 << u"expected a term after '-'"_s;
    QTest::newRow("open quote") << u"a \"two words"_s << 2
                                << u"the quote opened here is not closed"_s;
    QTest::newRow("open quote in value")
        << u"to:\"order"_s << 3 << u"the quote opened here is not closed"_s;
    QTest::newRow("escaped closing quote")
        << u"\"a\\\""_s << 0 << u"the quote opened here is not closed"_s;
    QTest::newRow("empty quotes") << u"x \"\""_s << 2 << u"nothing between the quotes"_s;
    QTest::newRow("text after quote")
        << u"\"ab\"cd"_s << 4 << u"expected a space after the closing quote"_s;
}

void TestFilterQuery::reportsErrors()
{
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(QString, reason);
    const FilterQuery query = FilterQuery::parse(text);
    QVERIFY(!query.isValid());
    QVERIFY(!query.isEmpty());
    QVERIFY(query.terms().empty());
    QCOMPARE(query.errorReason(), reason);
    QCOMPARE(query.errorPosition(), position);
    QCOMPARE(query.errorMessage(), u"position %1: %2"_s.arg(position + 1).arg(reason));
}

void TestFilterQuery::errorMessageCountsFromOne()
{
    // The example the filter bar shows, character for character.
    const FilterQuery query = FilterQuery::parse(u"score<0.9 score>="_s);
    QCOMPARE(query.errorPosition(), 17);
    QCOMPARE(query.errorMessage(), u"position 18: expected a number after 'score>='"_s);
    QVERIFY(FilterQuery::parse(u"status:approved"_s).errorMessage().isEmpty());
}

void TestFilterQuery::equalityIgnoresSpacing()
{
    QCOMPARE(FilterQuery::parse(u"status:approved   score>0.5"_s),
             FilterQuery::parse(u" status:APPROVED score> 0.5 "_s));
    QVERIFY(
        !(FilterQuery::parse(u"status:approved"_s) == FilterQuery::parse(u"-status:approved"_s)));
    QVERIFY(!(FilterQuery::parse(u"score>0.5"_s) == FilterQuery::parse(u"score>=0.5"_s)));
    QVERIFY(!(FilterQuery::parse(u"score>"_s) == FilterQuery::parse(u"score>0.5"_s)));
}

void TestFilterQuery::completionLists()
{
    // Every name completion offers parses (with a value where it needs one).
    for (const QString& name : FilterQuery::termNames()) {
        const QString text = name.endsWith(u':')      ? name + u"x"_s
                             : name.back().isLetter() ? name
                                                      : name + u"0.5"_s;
        const FilterQuery query = FilterQuery::parse(text);
        const bool needsKnownValue = name == u"status:" || name == u"type:" ||
                                     name == u"delivery:" || name == u"id:" || name == u"was:" ||
                                     name == u"diff:";
        QVERIFY2(query.isValid() != needsKnownValue, qPrintable(text));
    }
    for (const QString& value : FilterQuery::statusValues())
        QVERIFY(FilterQuery::parse(u"status:"_s + value).isValid());
    for (const QString& value : FilterQuery::typeValues())
        QVERIFY(FilterQuery::parse(u"type:"_s + value).isValid());
    for (const QString& value : FilterQuery::deliveryValues())
        QVERIFY(FilterQuery::parse(u"delivery:"_s + value).isValid());
    for (const QString& value : FilterQuery::wasValues())
        QVERIFY(FilterQuery::parse(u"was:"_s + value).isValid());
    QCOMPARE(FilterQuery::statusValues().size(), 4);
}

// A few rows whose answers are known by construction, for each term's meaning.
void TestFilterQuery::matchesHandMadeRows()
{
    const QUuid table(u"{11111111-1111-4111-8111-111111111111}"_s);
    const QUuid unnamedTable(u"{22222222-2222-4222-8222-222222222222}"_s);
    ColumnCatalog catalog;
    catalog.setTableName(table, u"customers"_s);
    ColumnInfo column;
    column.id = QUuid(u"{33333333-3333-4333-8333-333333333333}"_s);
    column.name = u"cust_id"_s;
    column.tableId = QUuid(u"{44444444-4444-4444-8444-444444444444}"_s);
    column.tableName = u"orders"_s;
    catalog.insertColumn(column);

    RelationshipRows rows;
    const auto add = [&rows](const QString& id, const QUuid& from, const QUuid& to,
                             const QString& toColumn, double score, RelationshipStatus status) {
        Relationship r;
        r.id = QUuid(id);
        r.integrationSourceId = QUuid(u"{55555555-5555-4555-8555-555555555555}"_s);
        r.fromColumnId = from;
        r.toTableId = to;
        r.toColumnName = toColumn;
        r.status = status;
        r.statusText = statusName(status);
        r.typeText = typeName(r.type);
        r.hasScore = !std::isnan(score);
        r.score = score;
        rows.append(r);
    };
    const QUuid otherColumn(u"{66666666-6666-4666-8666-666666666666}"_s);
    add(u"{aaaaaaaa-0000-4000-8000-000000000001}"_s, column.id, table, u"id"_s, 0.9,
        RelationshipStatus::Suggested);
    add(u"{aaaaaaaa-0000-4000-8000-000000000002}"_s, otherColumn, unnamedTable, u"code"_s, 0.5,
        RelationshipStatus::Approved);
    add(u"{bbbbbbbb-0000-4000-8000-000000000003}"_s, column.id, unnamedTable, u"id"_s,
        std::numeric_limits<double>::quiet_NaN(), RelationshipStatus::Rejected);
    add(u"{bbbbbbbb-0000-4000-8000-000000000004}"_s, otherColumn, table, u"ref"_s, 1.2,
        RelationshipStatus::Suggested);
    RelationshipStore store;
    store.adopt(std::move(rows), catalog);
    store.markPending({3}, RelationshipStatus::Rejected);

    FilterColumns columns(&store);
    const auto rowsOf = [&store, &columns](const QString& text) {
        const FilterQuery query = FilterQuery::parse(text);
        std::vector<int> reference;
        for (int row = 0; row < store.size(); ++row) {
            if (ReferenceFilter::matches(query, store, row))
                reference.push_back(row);
        }
        const FilterMatches pass = FilterEvaluation::run(query, columns.data());
        if (matchingRows(pass) != reference)
            qWarning() << "pass and reference differ for" << text;
        return matchingRows(pass) == reference ? reference : std::vector<int>{-1};
    };
    QCOMPARE(rowsOf(u"status:suggested"_s), (std::vector<int>{0})); // row 3 now rejected
    QCOMPARE(rowsOf(u"status:rejected"_s), (std::vector<int>{2, 3}));
    QCOMPARE(rowsOf(u"pending:yes"_s), (std::vector<int>{3}));
    QCOMPARE(rowsOf(u"score>=0.9"_s), (std::vector<int>{0, 3}));
    QCOMPARE(rowsOf(u"score>=0.5 score<=0.9"_s), (std::vector<int>{0, 1}));
    QCOMPARE(rowsOf(u"-score>0.6"_s), (std::vector<int>{1, 2})); // no score: not > 0.6
    QCOMPARE(rowsOf(u"score:none"_s), (std::vector<int>{2}));
    QCOMPARE(rowsOf(u"score:out"_s), (std::vector<int>{3}));
    QCOMPARE(rowsOf(u"to:customers"_s), (std::vector<int>{0, 3}));
    QCOMPARE(rowsOf(u"to:customers.id"_s), (std::vector<int>{0}));
    QCOMPARE(rowsOf(u"to:MERS.I"_s), (std::vector<int>{0}));
    QCOMPARE(rowsOf(u"to:22222222"_s), (std::vector<int>{1, 2})); // the short id shown
    QCOMPARE(rowsOf(u"to:\u2026.code"_s), (std::vector<int>{1}));
    QCOMPARE(rowsOf(u"from:orders.cust"_s), (std::vector<int>{0, 2}));
    QCOMPARE(rowsOf(u"from:666"_s), (std::vector<int>{1, 3}));
    QCOMPARE(rowsOf(u"id:aaaaaaaa"_s), (std::vector<int>{0, 1}));
    QCOMPARE(rowsOf(u"id:0-4000-8000-000000000003"_s), (std::vector<int>{2}));
    QCOMPARE(rowsOf(u"-id:AAAA"_s), (std::vector<int>{2, 3}));
    QCOMPARE(rowsOf(u"cust"_s), (std::vector<int>{0, 2, 3})); // customers or cust_id
    QCOMPARE(rowsOf(u"cust_id approved"_s), std::vector<int>{});
    QCOMPARE(rowsOf(u"code approved"_s), (std::vector<int>{1}));
    QCOMPARE(rowsOf(u"\"orders.cust_id\" -customers"_s), (std::vector<int>{2}));
    QCOMPARE(rowsOf(QString()), (std::vector<int>{0, 1, 2, 3}));

    // Nothing compared: diff: terms match no row, their negation every row; order: every row.
    QCOMPARE(rowsOf(u"diff:added"_s), std::vector<int>{});
    QCOMPARE(rowsOf(u"-diff:added,removed"_s), (std::vector<int>{0, 1, 2, 3}));
    QCOMPARE(rowsOf(u"order:uncertain status:suggested"_s), (std::vector<int>{0}));
    // Compared: the rows' diff states decide, in a pass and in an update of a few rows.
    RowDiffStates states;
    states.version = 7;
    states.byRow = {RowDiffStates::Added, RowDiffStates::Unchanged, RowDiffStates::Changed,
                    RowDiffStates::Added};
    const auto diffRows = [&](const QString& text) {
        const FilterMatches pass =
            FilterEvaluation::run(FilterQuery::parse(text), columns.data(), nullptr, &states);
        FilterMatches updated = pass;
        std::fill(updated.byRow.begin(), updated.byRow.end(), quint8(0));
        updated.count = 0;
        FilterEvaluation::update(FilterQuery::parse(text), columns.data(), {0, 1, 2, 3}, updated,
                                 &states);
        return updated.byRow == pass.byRow && pass.diffVersion == 7 ? matchingRows(pass)
                                                                    : std::vector<int>{-1};
    };
    QCOMPARE(diffRows(u"diff:added"_s), (std::vector<int>{0, 3}));
    QCOMPARE(diffRows(u"diff:changed,unchanged"_s), (std::vector<int>{1, 2}));
    QCOMPARE(diffRows(u"-diff:added"_s), (std::vector<int>{1, 2}));
    QCOMPARE(diffRows(u"diff:added score>1"_s), std::vector<int>{3});
    QCOMPARE(diffRows(u"diff:removed"_s), std::vector<int>{});
    // States of another list (another row count) compare nothing.
    states.byRow.pop_back();
    QCOMPARE(diffRows(u"diff:added"_s), std::vector<int>{});
}

void TestFilterQuery::diffAndOrderTerms()
{
    const FilterQuery diff = FilterQuery::parse(u"diff:add,CHANGED -diff:removed"_s);
    QVERIFY(diff.isValid());
    QCOMPARE(diff.terms().size(), size_t(2));
    QCOMPARE(diff.terms()[0].kind, FilterTerm::Kind::Diff);
    QCOMPARE(diff.terms()[0].diffs,
             quint8((1u << RowDiffStates::Added) | (1u << RowDiffStates::Changed)));
    QVERIFY(diff.terms()[1].negated);
    QCOMPARE(diff.terms()[1].diffs, quint8(1u << RowDiffStates::Removed));
    QVERIFY(!diff.ordersByUncertainty());

    const FilterQuery order = FilterQuery::parse(u"score>0.2 order:uncertain"_s);
    QVERIFY(order.isValid());
    QVERIFY(order.ordersByUncertainty());
    QCOMPARE(order.terms()[1].kind, FilterTerm::Kind::OrderUncertain);
    QVERIFY(FilterQuery::parse(u"order:unc"_s).ordersByUncertainty());

    const FilterQuery negated = FilterQuery::parse(u"-order:uncertain"_s);
    QVERIFY(!negated.isValid());
    QCOMPARE(negated.errorPosition(), 0);
    const FilterQuery unknownOrder = FilterQuery::parse(u"order:score"_s);
    QVERIFY(!unknownOrder.isValid());
    QCOMPARE(unknownOrder.errorPosition(), 6);
    const FilterQuery unknownChange = FilterQuery::parse(u"diff:moved"_s);
    QVERIFY(!unknownChange.isValid());
    QCOMPARE(unknownChange.errorPosition(), 5);
    QVERIFY(unknownChange.errorReason().contains(u"added, changed, removed or unchanged"_s));
    QCOMPARE(FilterQuery::diffValues(),
             (QStringList{u"added"_s, u"changed"_s, u"removed"_s, u"unchanged"_s}));
}

void TestFilterQuery::passesEqualBruteForce()
{
    RelationshipStore store;
    loadStore(store, 3000, 77);
    QRandomGenerator random(4242);
    decideSome(store, random);
    FilterColumns ownColumns(&store);
    FilterColumns* columns = &ownColumns;

    int nonTrivial = 0;
    for (int i = 0; i < 400; ++i) {
        QStringList parts;
        const int termCount = 1 + int(random.bounded(4u));
        for (int t = 0; t < termCount; ++t)
            parts.append(randomTerm(random, store));
        const QString text = parts.join(u' ');
        const FilterQuery query = FilterQuery::parse(text);
        QVERIFY2(query.isValid(), qPrintable(text + u" — "_s + query.errorMessage()));
        QCOMPARE(int(query.terms().size()), termCount);

        const std::vector<int> expected = bruteRows(store, query);
        const FilterMatches pass = FilterEvaluation::run(query, columns->data());
        QVERIFY2(matchingRows(pass) == expected, qPrintable(text));
        QCOMPARE(pass.count, int(expected.size()));
        if (!expected.empty() && int(expected.size()) < store.size())
            ++nonTrivial;
    }
    // The random queries are worth their time only when they split the rows.
    QVERIFY2(nonTrivial > 200, qPrintable(QString::number(nonTrivial)));
}

void TestFilterQuery::columnsFollowTheStore()
{
    RelationshipStore store;
    loadStore(store, 500, 3);
    FilterColumns ownColumns(&store);
    FilterColumns* columns = &ownColumns;
    const FilterQuery query =
        FilterQuery::parse(u"status:approved -delivery:failed to:a score>0.4"_s);
    columns->data();

    QSignalSpy changed(columns, &FilterColumns::columnsChanged);
    // A decision, a failure, and a server answer that changes a row's fields.
    store.markPending({1, 2, 3, 10}, RelationshipStatus::Approved);
    store.markFailed(2, u"422"_s);
    Relationship answer = store.rows().relationship(3);
    answer.status = RelationshipStatus::Approved;
    answer.statusText = statusName(answer.status);
    answer.toColumnName = u"a_brand_new_name"_s;
    answer.score = 0.41;
    store.applyServerAnswer(3, answer);
    QVERIFY(changed.count() >= 3);
    QCOMPARE(matchingRows(FilterEvaluation::run(query, columns->data())), bruteRows(store, query));

    // Names arriving later.
    DemoDataGenerator::Options options;
    options.seed = 3;
    options.relationshipCount = 500;
    store.setCatalog(DemoDataGenerator(options).catalog());
    const FilterQuery byName = FilterQuery::parse(u"from:a to:b"_s);
    QCOMPARE(matchingRows(FilterEvaluation::run(byName, columns->data())),
             bruteRows(store, byName));

    // A new list: a new generation, built again on use.
    const quint64 before = columns->generation();
    loadStore(store, 200, 9);
    QVERIFY(columns->generation() != before);
    QCOMPARE(columns->data().size(), 200);
    QCOMPARE(columns->data().generation, columns->generation());
    QCOMPARE(matchingRows(FilterEvaluation::run(byName, columns->data())),
             bruteRows(store, byName));
}

// A large list's columns are built on a worker as soon as it arrives; what happens to its rows
// meanwhile (decisions, failures, answers while the rows are leased, names) is in them when they
// land, and they equal a build on the UI thread.
void TestFilterQuery::largeListBuildsColumnsOnAWorker()
{
    FilterColumns::setBackgroundThreshold(1000);
    const auto restore = qScopeGuard(
        [] { FilterColumns::setBackgroundThreshold(FilterColumns::DefaultBackgroundThreshold); });
    RelationshipStore store;
    FilterColumns ownColumns(&store);
    FilterColumns* columns = &ownColumns;
    QSignalSpy ready(columns, &FilterColumns::ready);
    loadStore(store, 20000, 31);
    QVERIFY(columns->isBuilding());
    QVERIFY(!columns->isReady());
    // The overlay laid over the new list, and a server answer that has to wait for the lease.
    QRandomGenerator random(99);
    decideSome(store, random);
    Relationship answer = store.rows().relationship(12);
    answer.status = RelationshipStatus::Rejected;
    answer.statusText = statusName(answer.status);
    answer.toColumnName = u"renamed_by_the_server"_s;
    store.applyServerAnswer(12, answer);
    QTRY_VERIFY(columns->isReady());
    QCOMPARE(ready.count(), 1);
    QVERIFY(!columns->isBuilding());
    QCOMPARE(store.rows().toColumnName(12), u"renamed_by_the_server"_s); // lease released

    const FilterColumns::Data& built = columns->data();
    QCOMPARE(built.size(), store.size());
    QCOMPARE(built.generation, columns->generation());
    for (const QString& text :
         {u"status:rejected to:renamed_by"_s, u"delivery:failed"_s, u"delivery:pending"_s,
          u"status:approved score>=0.5"_s, u"from:a to:b"_s, u"heuristic"_s, u"archived"_s}) {
        const FilterQuery query = FilterQuery::parse(text);
        QVERIFY2(query.isValid(), qPrintable(text));
        const std::vector<int> expected = bruteRows(store, query);
        QVERIFY2(!expected.empty(), qPrintable(text)); // every query has work
        QVERIFY2(matchingRows(FilterEvaluation::run(query, built)) == expected, qPrintable(text));
    }

    // The same with data() asked for while the worker runs: it waits for that build.
    loadStore(store, 5000, 32);
    QVERIFY(columns->isBuilding());
    store.markPending({4, 5}, RelationshipStatus::Approved);
    const FilterQuery approved = FilterQuery::parse(u"status:approved delivery:pending"_s);
    QCOMPARE(matchingRows(FilterEvaluation::run(approved, columns->data())),
             bruteRows(store, approved));
    QVERIFY(!columns->isBuilding());

    // A small list is built on first use, and says so at once.
    ready.clear();
    loadStore(store, 300, 33);
    QVERIFY(!columns->isBuilding());
    QCOMPARE(ready.count(), 1);
    QCOMPARE(columns->data().size(), 300);
}

void TestFilterQuery::leaseKeepsColumnsForAPass()
{
    RelationshipStore store;
    loadStore(store, 400, 5);
    FilterColumns ownColumns(&store);
    FilterColumns* columns = &ownColumns;
    const FilterQuery query = FilterQuery::parse(u"status:approved"_s);
    const std::vector<int> before = bruteRows(store, query);

    std::shared_ptr<const FilterColumns::Data> leased = columns->lease();
    QList<int> decided;
    for (int row = 0; row < 400; row += 3)
        decided.append(row);
    store.markPending(decided, RelationshipStatus::Approved);
    // The pass holding the lease sees the rows as they were when it started...
    QCOMPARE(columns->deferredRowCount(), int(decided.size()));
    QCOMPARE(matchingRows(FilterEvaluation::run(query, *leased)), before);
    // ...and the next pass sees the decisions, whether the lease is still held (a copy) or not.
    const std::vector<int> after = bruteRows(store, query);
    QVERIFY(after != before);
    QCOMPARE(matchingRows(FilterEvaluation::run(query, columns->data())), after);
    QCOMPARE(columns->deferredRowCount(), 0);
    QCOMPARE(matchingRows(FilterEvaluation::run(query, *leased)), before);

    // Rows changed after a pass are brought up to date in its result.
    FilterMatches stale = FilterEvaluation::run(query, *leased);
    leased.reset();
    std::vector<int> changedRows(decided.cbegin(), decided.cend());
    FilterEvaluation::update(query, columns->data(), changedRows, stale);
    QCOMPARE(matchingRows(stale), after);
    QCOMPARE(stale.count, int(after.size()));

    // Without a lease, changes apply at once.
    store.markPending({1}, RelationshipStatus::Rejected);
    QCOMPARE(columns->deferredRowCount(), 0);
}

void TestFilterQuery::cancelledPassStops()
{
    RelationshipStore store;
    loadStore(store, 300, 6);
    std::atomic_bool cancelled = true;
    FilterColumns columns(&store);
    const FilterMatches matches =
        FilterEvaluation::run(FilterQuery::parse(u"status:approved"_s), columns.data(), &cancelled);
    QCOMPARE(matches.count, -1);
}

void TestFilterQuery::relationshipFilterCombinesQuery()
{
    RelationshipStore store;
    loadStore(store, 600, 8);
    FilterColumns columns(&store);
    RelationshipFilter filter;
    QVERIFY(filter.isEmpty());
    QVERIFY(!filter.queryMatches(columns));
    QVERIFY(RelationshipFilter::byQuery(u"  "_s).isEmpty());
    filter = RelationshipFilter::byQuery(u"score>0.7 status:suggested"_s);
    QVERIFY(!filter.isEmpty());

    const std::shared_ptr<const FilterMatches> matches = filter.queryMatches(columns);
    QVERIFY(matches);
    int both = 0;
    for (int row = 0; row < store.size(); ++row) {
        const bool expected = ReferenceFilter::matches(*filter.query, store, row);
        QCOMPARE(bool(matches->byRow[size_t(row)]), expected);
        both += expected;
    }
    QVERIFY(both > 0 && both < store.size());

    // Equal filters with differently spaced queries; a precomputed result is not part of it.
    RelationshipFilter same = filter;
    same.query =
        std::make_shared<FilterQuery>(FilterQuery::parse(u" score>0.7   status:suggested "_s));
    same.precomputed = matches;
    QVERIFY(same == filter);
    same.query = std::make_shared<FilterQuery>(FilterQuery::parse(u"score>0.8 status:suggested"_s));
    QVERIFY(!(same == filter));

    // A current precomputed result is used as it is; a stale one (another list) is not.
    RelationshipFilter ahead = filter;
    ahead.precomputed = matches;
    QCOMPARE(ahead.queryMatches(columns), matches);
    loadStore(store, 600, 9);
    QVERIFY(ahead.queryMatches(columns) != matches);
    QCOMPARE(ahead.queryMatches(columns)->generation, columns.generation());

    // Any text as one free-text term (how tests and tools search for a text as it is).
    for (const QString& text :
         {u"two words"_s, u"-dash"_s, u"status:x"_s, u"a \"quote\" and \\ back"_s}) {
        const FilterQuery quoted = FilterQuery::parse(FilterQuery::quoted(text));
        QVERIFY2(quoted.isValid(), qPrintable(quoted.errorMessage()));
        QCOMPARE(int(quoted.terms().size()), 1);
        QCOMPARE(quoted.terms()[0].kind, Kind::Text);
        QVERIFY(!quoted.terms()[0].negated);
        QCOMPARE(quoted.terms()[0].text, text);
    }
    QVERIFY(FilterQuery::parse(FilterQuery::quoted(QString())).isEmpty());
}

void TestFilterQuery::completesTerms()
{
    const auto candidates = [](const QString& text, int cursor = -1) {
        return FilterSuggestions::complete(text, cursor < 0 ? int(text.size()) : cursor, nullptr)
            .candidates;
    };
    QCOMPARE(candidates(u"sta"_s), QStringList{u"status:"_s});
    QCOMPARE(candidates(u"x -ty"_s), QStringList{u"-type:"_s});
    QCOMPARE(candidates(u"score"_s).size(), 7);
    QCOMPARE(candidates(u"status:"_s), (QStringList{u"status:suggested"_s, u"status:approved"_s,
                                                    u"status:rejected"_s, u"status:other"_s}));
    QCOMPARE(candidates(u"status:approved,re"_s), QStringList{u"status:approved,rejected"_s});
    QCOMPARE(candidates(u"TYPE:f"_s), QStringList{u"TYPE:foreign_key"_s});
    QCOMPARE(candidates(u"score:"_s), (QStringList{u"score:none"_s, u"score:out"_s}));
    QCOMPARE(candidates(u"pending:"_s), (QStringList{u"pending:yes"_s, u"pending:no"_s}));
    QVERIFY(candidates(u"status:approved"_s).isEmpty()); // complete already
    QVERIFY(candidates(u"\"two sta"_s).isEmpty());       // inside quotes: the analyst's words
    QVERIFY(candidates(u"to:"_s).isEmpty());             // no store, no table names

    // The term under the cursor is what gets replaced, wherever the cursor is in it.
    const QString text = u"score>0.5 sta type:manual"_s;
    const FilterCompletion completion = FilterSuggestions::complete(text, 12, nullptr);
    QCOMPARE(completion.start, 10);
    QCOMPARE(completion.length, 3);
    QCOMPARE(completion.prefix, u"st"_s);
    int cursor = 0;
    QCOMPARE(completion.applied(text, u"status:"_s, &cursor), u"score>0.5 status: type:manual"_s);
    QCOMPARE(cursor, 17);
    const FilterCompletion value = FilterSuggestions::complete(u"type:ma"_s, 7, nullptr);
    QCOMPARE(value.applied(u"type:ma"_s, u"type:manual"_s, &cursor), u"type:manual "_s);
    QCOMPARE(cursor, 12);
}

QTEST_GUILESS_MAIN(TestFilterQuery)
#include "tst_filterquery.moc"
