#pragma once

#include <QtGlobal>

#include <vector>

// Per-row diff data for the filter terms diff:added, diff:changed, diff:removed and
// diff:unchanged: where each row of one list stands against a compared list (see SnapshotDiff and
// ListComparison). One for the open list's rows, one for the compared list's (whose removed rows
// the table shows greyed). Immutable once made; passes on any thread read it.
struct RowDiffStates
{
    enum State : quint8 { Unchanged, Added, Changed, Removed, NotCompared };

    quint64 version = 0; // a new comparison, a new version (for caches of filter passes)
    std::vector<quint8> byRow;

    // The state of `row`; NotCompared when the rows are not the ones compared (another list).
    quint8 stateOf(size_t row, size_t rowCount) const
    {
        return byRow.size() == rowCount ? byRow[row] : quint8(NotCompared);
    }
};
