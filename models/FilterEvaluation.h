#pragma once

#include "FilterColumns.h"
#include "FilterQuery.h"
#include "RowDiffStates.h"

#include <QString>

#include <atomic>
#include <vector>

// The rows matching a query, by store row (1: matches), and what they were computed from.
struct FilterMatches
{
    std::vector<quint8> byRow;
    quint64 generation = 0; // of the FilterColumns they were computed from
    QString queryText;
    int count = 0;
    quint64 diffVersion = 0; // of the RowDiffStates diff: terms read (0: none)
};

// One query over many rows: every answer about a distinct value (a column's label, a table's
// name, an interned string) is computed once; each term is then one tight loop over one or two
// columns. Safe on any thread: it reads only the Data it is given.
class FilterEvaluation
{
public:
    // `cancelled`, when given, is polled between blocks of rows; a cancelled pass returns early
    // with an incomplete result (FilterMatches::count -1). `diff`: the rows' diff states for
    // diff: terms (none: no row is compared, so diff:... matches none).
    static FilterMatches run(const FilterQuery& query, const FilterColumns::Data& data,
                             const std::atomic_bool* cancelled = nullptr,
                             const RowDiffStates* diff = nullptr);
    // The query's verdict for a few rows, in place (rows that changed after a pass).
    static void update(const FilterQuery& query, const FilterColumns::Data& data,
                       const std::vector<int>& rows, FilterMatches& matches,
                       const RowDiffStates* diff = nullptr);
};
