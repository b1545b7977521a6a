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

// What a worker's build reads and makes. The rows and the catalog are a snapshot of the store's
// list (answers arriving meanwhile make newer versions, noted as rowsChanged() and applied
// afterwards); the overlay is laid over on the UI thread afterwards.
struct FilterColumns::BackgroundBuild
{
    std::shared_ptr<const ListSnapshot> snapshot;
    quint64 generation = 0;
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
    connect(EarlierDecisions::of(store), &EarlierDecisions::changed, this,
            &FilterColumns::onEarlierChanged);
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
            auto fromKeys = std::make_unique<KeyIndex>();
            auto toTableKeys = std::make_unique<KeyIndex>();
            const RelationshipRows& rows = job->snapshot->rows();
            Builder builder{*data, *fromKeys, *toTableKeys, rows, job->snapshot->catalog()};
            const int count = rows.size();
            builder.resize(size_t(count));
            constexpr int Block = 65536;
            for (int row = 0; row < count; ++row) {
                const RelationshipRow& fields = rows.row(row);
                builder.fill(row, fields.status, DeliveryState::None);
                if (row % Block == Block - 1 && stop)
                    break;
            }
            if (!stop) {
                job->data = std::move(data);
                job->fromKeys = std::move(fromKeys);
                job->toTableKeys = std::move(toTableKeys);
            }
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
    m_fromKeys = std::move(job->fromKeys);
    m_toTableKeys = std::move(job->toTableKeys);
    m_deferredRows.swap(m_rowsChangedDuringBuild);
    m_rowsChangedDuringBuild.clear();
    m_deferredCatalog = m_catalogChangedDuringBuild;
    m_data->earlier = EarlierDecisions::of(m_store)->table();
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
            m_data->earlier = EarlierDecisions::of(m_store)->table();
    }
    // A build under way takes them when it lands (onBackgroundBuildFinished). No
    // columnsChanged(): only a was: query depends on them, and FilterRunner applies such a
    // query again itself; others must not run a second pass after every load.
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
        m_data->earlier = EarlierDecisions::of(m_store)->table();
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
    data->earlier = EarlierDecisions::of(m_store)->table();
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
    Builder{data, *m_fromKeys, *m_toTableKeys, m_store->rows(), m_store->catalog()}.fill(
        row, status, delivery);
}
