#include "TableNaming.h"

#include "RelationshipStore.h"

CatalogTableNaming::CatalogTableNaming(RelationshipStore* store, QObject* parent)
    : TableNaming(parent)
    , m_store(store)
{
    connect(m_store, &RelationshipStore::catalogChanged, this, &TableNaming::namesChanged);
    connect(m_store, &RelationshipStore::reset, this, &TableNaming::namesChanged);
}

QString CatalogTableNaming::name(const QUuid& tableId) const
{
    return m_store->catalog().tableName(tableId);
}

void CatalogTableNaming::setName(const QUuid& tableId, const QString& name)
{
    const QString trimmed = name.trimmed();
    if (tableId.isNull() || trimmed.isEmpty() || trimmed == this->name(tableId))
        return;
    ColumnCatalog catalog = m_store->catalog();
    catalog.setTableName(tableId, trimmed);
    m_store->setCatalog(std::move(catalog)); // emits catalogChanged(), hence namesChanged()
}
