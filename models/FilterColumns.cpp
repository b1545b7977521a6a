#include "FilterColumns.h"

#include "BackgroundWork.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

namespace {

bool hasScore(const RelationshipRow& fields)
{
    return fields.hasScore && !std::isnan(fields.score);
}

} // namespace

namespace {
std::atomic_int backgroundThreshold = FilterColumns::DefaultBackgroundThreshold;
} // namespace

void FilterColumns::setBackgroundThreshold(int rows)
{
    backgroundThreshold = rows;
}

// Fills rows of the columns from rows only: the review overlay (pending, failed) is the
// caller's to lay over, since it lives on the UI thread.
struct FilterColumns::Builder
{
    Data& data;
    const RelationshipRows& rows;

    void resize(size_t count)
    {
        data.status.resize(count);
        data.delivery.resize(count);
        data.type.resize(count);
        data.score.resize(count);
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

// What a worker's build reads and makes. The rows are a snapshot of the store's list (answers
// arriving meanwhile make newer versions, noted as rowsChanged() and applied afterwards); the
// overlay is laid over on the UI thread afterwards.
struct FilterColumns::BackgroundBuild
{
    std::shared_ptr<const ListSnapshot> snapshot;
    quint64 generation = 0;
    std::shared_ptr<Data> data;
};

FilterColumns::FilterColumns(RelationshipStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    connect(store, &RelationshipStore::reset, this, &FilterColumns::onReset);
    connect(store, &RelationshipStore::rowsChanged, this, &FilterColumns::onRowsChanged);
    connect(store, &RelationshipStore::catalogChanged, this, &FilterColumns::onCatalogChanged);
    connect(store->earlier(), &EarlierDecisions::changed, this, &FilterColumns::onEarlierChanged);
    // Made for a list already adopted (a runner created after the load): a large one gets its
    // columns built on a worker at once, as a new list does, rather than on the UI thread at the
    // first filter (50 ms at a million rows). The worker reads the rows without their review
    // overlay; the rows the overlay covers are brought up to date when the build lands. A small
    // list is built on first use, overlay included.
    if (store->size() >= backgroundThreshold) {
        startBackgroundBuild();
        const QList<int> reviewed = store->overlay().rowsWithState();
        m_rowsChangedDuringBuild.assign(reviewed.cbegin(), reviewed.cend());
    }
}

FilterColumns::~FilterColumns() = default; // the build's job keeps what it reads alive

const FilterColumns::Data& FilterColumns::data()
{
    if (!m_data && m_build) {
        // Needed now (a key press, a small filter pass): the worker's build is nearer its end
        // than a new one would be. Its result is taken here; the delivery is not wanted.
        m_buildWork.waitForIdle();
        m_buildWork.cancel();
        onBackgroundBuildFinished();
    }
    if (!m_data)
        build();
    else if (!m_deferredRows.empty() || m_deferredCatalog || m_deferredEarlier)
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
    m_deferredEarlier = false;
    m_buildWork.cancel();
    m_build.reset();
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
    job->snapshot = m_store->snapshot();
    job->generation = m_generation;
    m_build = job;
    m_rowsChangedDuringBuild.clear();
    m_catalogChangedDuringBuild = false;
    // The result stays in the job, so that data() can take it at once when it cannot wait for
    // the delivery.
    m_buildWork.run(
        [job](const std::atomic_bool& stop) {
            auto data = std::make_shared<Data>();
            data->generation = job->generation;
            const RelationshipRows& rows = job->snapshot->rows();
            data->labels = job->snapshot->sharedLabels(); // made here when the loader did not
            Builder builder{*data, rows};
            const int count = rows.size();
            builder.resize(size_t(count));
            constexpr int Block = 65536;
            for (int row = 0; row < count; ++row) {
                const RelationshipRow& fields = rows.row(row);
                builder.fill(row, fields.status, DeliveryState::None);
                if (row % Block == Block - 1 && stop)
                    break;
            }
            if (!stop)
                job->data = std::move(data);
            job->snapshot.reset(); // an old version is freed here, not on the UI thread
        },
        [this] { onBackgroundBuildFinished(); });
}

// The worker's columns show the rows of the snapshot it read, without the review overlay: rows
// decided, answered or renamed since the list arrived are brought up to date here.
void FilterColumns::onBackgroundBuildFinished()
{
    std::shared_ptr<BackgroundBuild> job = m_build;
    if (!job || job->generation != m_generation)
        return;
    m_build.reset();
    if (!job->data)
        return; // cancelled
    m_data = std::move(job->data);
    m_deferredRows.swap(m_rowsChangedDuringBuild);
    m_rowsChangedDuringBuild.clear();
    m_deferredCatalog = m_catalogChangedDuringBuild;
    m_data->earlier = m_store->earlier()->table();
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

// The earlier decisions arrive once per list, after the columns may have been built.
void FilterColumns::onEarlierChanged()
{
    if (m_data) {
        if (m_data.use_count() > 1)
            m_deferredEarlier = true;
        else
            m_data->earlier = m_store->earlier()->table();
    }
    // A build under way takes them when it lands (onBackgroundBuildFinished). No
    // columnsChanged(): only a was: query depends on them, and FilterRunner applies such a
    // query again itself; others must not run a second pass after every load.
}

// The store's newest version carries the labels of the new names (ListLabels::update()).
void FilterColumns::relabel(Data& data)
{
    data.labels = m_store->snapshot()->sharedLabels();
}

// Changes held back by a lease: applied in place once no pass reads the columns, else on a copy
// (the pass keeps the columns it started with).
void FilterColumns::applyDeferred()
{
    if (m_deferredRows.empty() && !m_deferredCatalog && !m_deferredEarlier)
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
    if (m_deferredEarlier) {
        m_deferredEarlier = false;
        m_data->earlier = m_store->earlier()->table();
    }
}

void FilterColumns::build()
{
    auto data = std::make_shared<Data>();
    data->generation = m_generation;
    data->labels = m_store->snapshot()->sharedLabels();
    Builder builder{*data, m_store->rows()};
    const int count = m_store->size();
    builder.resize(size_t(count));
    for (int row = 0; row < count; ++row)
        updateRow(*data, row);
    data->earlier = m_store->earlier()->table();
    m_data = std::move(data);
    m_deferredRows.clear();
    m_deferredCatalog = false;
    m_deferredEarlier = false;
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
    // A row an answer moved to another column or table has its keys in the newest labels.
    if (data.labels != m_store->snapshot()->sharedLabels())
        data.labels = m_store->snapshot()->sharedLabels();
    Builder{data, m_store->rows()}.fill(row, status, delivery);
}
