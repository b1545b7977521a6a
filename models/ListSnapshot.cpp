#include "ListSnapshot.h"

ListSnapshot::ListSnapshot()
    : m_rows(std::make_shared<RelationshipRows>())
{}

ListSnapshot::ListSnapshot(quint64 version, std::shared_ptr<RelationshipRows> rows,
                           ColumnCatalog catalog, quint64 previous, std::vector<int> changedRows)
    : m_version(version)
    , m_previous(previous)
    , m_listVersion(version)
    , m_rows(rows ? std::move(rows) : std::make_shared<RelationshipRows>())
    , m_catalog(std::move(catalog))
    , m_changedRows(std::move(changedRows))
{}

const std::shared_ptr<const ListLabels>& ListSnapshot::sharedLabels() const
{
    std::call_once(m_labelsOnce, [this] {
        if (!m_labels)
            m_labels = ListLabels::make(*m_rows, m_catalog);
        m_labelsMade.store(true, std::memory_order_release);
    });
    return m_labels;
}

void ListSnapshot::carryLabels(std::shared_ptr<const ListLabels> labels)
{
    if (!labels)
        return;
    m_labels = std::move(labels);
    m_labelsMade.store(true, std::memory_order_release);
}
