#pragma once

#include "ScoreBinning.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <vector>

class RelationshipStore;

// What a bulk decision would change, worked out before anything is sent: the rows in scope (a
// selection, or every row matching a filter), optionally bounded by a score threshold, without
// those already in the target status; their counts by current status and their score histogram.
// The bulk dialog and `relreview-cli bulk` show it, and apply exactly its rows.
//
// "Current status" is the effective one: a row with a pending decision counts as what it will be.
class BulkPlan
{
    Q_DECLARE_TR_FUNCTIONS(BulkPlan)

public:
    enum class Bound {
        None,
        AtOrAbove, // only rows with a score in 0-1 at or above the threshold
        Below,     // only rows with a score in 0-1 below it
    };
    struct Options
    {
        RelationshipStatus target = RelationshipStatus::Approved;
        Bound bound = Bound::None;
        double threshold = ScoreBinning::DefaultThreshold;
        int binCount = ScoreBinning::DefaultBinCount;
    };

    BulkPlan();
    // `scopeRows` are store rows; the plan keeps their order.
    static BulkPlan make(const RelationshipStore& store, const std::vector<int>& scopeRows,
                         const Options& options);

    const Options& options() const { return m_options; }
    const std::vector<int>& rows() const { return m_rows; } // the rows that change
    int changeCount() const { return int(m_rows.size()); }
    bool isEmpty() const { return m_rows.empty(); }
    int scopeCount() const { return m_scopeCount; }
    int alreadyInTarget() const { return m_alreadyInTarget; } // left out
    int outsideBound() const { return m_outsideBound; } // left out by the threshold (or no score)
    const StatusCounts& fromStatus() const { return m_fromStatus; } // of the rows that change
    const ScoreBinning& histogram() const { return m_histogram; }   // of the rows that change

    // "1,204 change to APPROVED: 1,180 from SUGGESTED, 24 from REJECTED"; `apiNames` spells the
    // statuses as the API does (for the command line), else as the window shows them.
    QString summaryText(bool apiNames = false) const;
    // What was left out and why: "12 already APPROVED; 30 below the threshold 0.80".
    QString leftOutText(bool apiNames = false) const;
    // The histogram as text lines for a terminal: "0.80–0.90 | ########      140".
    QStringList textHistogram(int barWidth = 40) const;

private:
    Options m_options;
    std::vector<int> m_rows;
    int m_scopeCount = 0;
    int m_alreadyInTarget = 0;
    int m_outsideBound = 0;
    StatusCounts m_fromStatus;
    ScoreBinning m_histogram;
};
