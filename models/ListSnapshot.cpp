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
