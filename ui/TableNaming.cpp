#include "TableNaming.h"

#include "RelationshipStore.h"
#include "TableNameStore.h"

#include <QMessageBox>

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

JournalTableNaming::JournalTableNaming(RelationshipStore* store, TableNameStore* names,
                                       QWidget* messages, QObject* parent)
    : CatalogTableNaming(store, parent)
    , m_names(names)
    , m_messages(messages)
{
    connect(m_names, &TableNameStore::namesChanged, this, &TableNaming::namesChanged);
}

void JournalTableNaming::setName(const QUuid& tableId, const QString& name)
{
    const QString trimmed = name.trimmed();
    if (tableId.isNull() || trimmed.isEmpty() || trimmed == this->name(tableId))
        return;
    QString error;
    if (!m_names->setName(tableId, trimmed, &error))
        QMessageBox::warning(m_messages, tr("Name table"),
                             tr("The table could not be named: %1").arg(error));
}
