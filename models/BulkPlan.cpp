#include "BulkPlan.h"

#include "RelationshipStore.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QString statusText(RelationshipStatus status, bool apiNames)
{
    if (status == RelationshipStatus::Unknown)
        return BulkPlan::tr("another status");
    return apiNames ? statusName(status) : statusDisplayName(status);
}

QString number(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

BulkPlan::BulkPlan() = default;

BulkPlan BulkPlan::make(const RelationshipStore& store, const std::vector<int>& scopeRows,
                        const Options& options)
{
    BulkPlan plan;
    plan.m_options = options;
    plan.m_scopeCount = int(scopeRows.size());
    plan.m_rows.reserve(scopeRows.size());
    const RelationshipRows& rows = store.rows();
    for (int row : scopeRows) {
        if (row < 0 || row >= store.size())
            continue;
        const RelationshipStatus current = store.effectiveStatus(row);
        if (current == options.target) {
            ++plan.m_alreadyInTarget;
            continue;
        }
        if (options.bound != Bound::None) {
            const RelationshipRow& fields = rows.row(row);
            const bool usable = fields.hasScore && ScoreBinning::isInRange(fields.score);
            const bool inside =
                usable && (options.bound == Bound::AtOrAbove ? fields.score >= options.threshold
                                                             : fields.score < options.threshold);
            if (!inside) {
                ++plan.m_outsideBound;
                continue;
            }
        }
        plan.m_rows.push_back(row);
        ++plan.m_fromStatus.byStatus[size_t(current)];
    }
    plan.m_histogram = ScoreBinning(options.binCount);
    plan.m_histogram.compute(store, plan.m_rows, options.threshold);
    return plan;
}

QString BulkPlan::summaryText(bool apiNames) const
{
    const QString target = statusText(m_options.target, apiNames);
    if (m_rows.empty())
        return tr("Nothing changes to %1.").arg(target);
    QStringList parts;
    for (auto status : {RelationshipStatus::Suggested, RelationshipStatus::Approved,
                        RelationshipStatus::Rejected, RelationshipStatus::Unknown}) {
        const int count = m_fromStatus.count(status);
        if (count > 0)
            parts.append(tr("%1 from %2").arg(number(count), statusText(status, apiNames)));
    }
    return (m_rows.size() == 1 ? tr("1 relationship changes to %2: %3")
                               : tr("%1 relationships change to %2: %3"))
        .arg(number(qint64(m_rows.size())), target, parts.join(u", "_s));
}

QString BulkPlan::leftOutText(bool apiNames) const
{
    QStringList parts;
    if (m_alreadyInTarget > 0)
        parts.append(tr("%1 already %2")
                         .arg(number(m_alreadyInTarget), statusText(m_options.target, apiNames)));
    if (m_outsideBound > 0) {
        const QString threshold = QLocale().toString(m_options.threshold, 'f', 2);
        parts.append(m_options.bound == Bound::AtOrAbove
                         ? tr("%1 below the threshold %2 or without a score in 0–1")
                               .arg(number(m_outsideBound), threshold)
                         : tr("%1 at or above the threshold %2 or without a score in 0–1")
                               .arg(number(m_outsideBound), threshold));
    }
    if (parts.isEmpty())
        return tr("Nothing left out.");
    return tr("Left out: %1.").arg(parts.join(u"; "_s));
}

QStringList BulkPlan::textHistogram(int barWidth) const
{
    QStringList lines;
    int tallest = std::max({1, m_histogram.noScore().total(), m_histogram.outOfRange().total()});
    for (const StatusCounts& bin : m_histogram.bins())
        tallest = std::max(tallest, bin.total());
    const QLocale c = QLocale::c();
    const auto bar = [&](int count) -> QString {
        const int length =
            count == 0 ? 0 : std::max(1, int(std::lround(double(count) * barWidth / tallest)));
        return QString(length, u'#') + QString(barWidth - length, u' ');
    };
    const auto line = [&](const QString& label, int count) {
        lines.append(u"%1 | %2 %3"_s.arg(label, -12).arg(bar(count)).arg(number(count), 9));
    };
    for (int bin = 0; bin < m_histogram.binCount(); ++bin) {
        const QString range = c.toString(m_histogram.binLower(bin), 'f', 2) % u'-' %
                              c.toString(m_histogram.binUpper(bin), 'f', 2);
        line(range, m_histogram.bin(bin).total());
    }
    line(tr("no score"), m_histogram.noScore().total());
    line(tr("out of 0-1"), m_histogram.outOfRange().total());
    return lines;
}
