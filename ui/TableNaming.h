#pragma once

#include <QObject>
#include <QString>
#include <QUuid>

class RelationshipStore;
class TableNameStore;
class QWidget;

// Where the graph pane takes table names from, and where naming a node goes: one seam, so that
// the names an analyst supplies (kept with the journal) can replace the catalog's without the
// pane changing. name() is empty when the table's name is unknown.
class TableNaming : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual QString name(const QUuid& tableId) const = 0;
    virtual void setName(const QUuid& tableId, const QString& name) = 0;

signals:
    void namesChanged();
};

// The names of the open list's catalog (the columns endpoint's and a snapshot's table list).
// Naming a table publishes a catalog with the new name (the store emits catalogChanged(), and the
// table shows it too); it lasts until the next load.
class CatalogTableNaming : public TableNaming
{
    Q_OBJECT
public:
    explicit CatalogTableNaming(RelationshipStore* store, QObject* parent = nullptr);
    QString name(const QUuid& tableId) const override;
    void setName(const QUuid& tableId, const QString& name) override;

private:
    RelationshipStore* m_store;
};

// The catalog's names, which carry the analyst's (TableNameStore lays them over every list), and
// naming a table through the TableNameStore: kept in the journal, in exported snapshots, and over
// every list opened later. A name the store refuses is said in a message box over `messages`.
class JournalTableNaming : public CatalogTableNaming
{
    Q_OBJECT
public:
    JournalTableNaming(RelationshipStore* store, TableNameStore* names, QWidget* messages,
                       QObject* parent = nullptr);
    void setName(const QUuid& tableId, const QString& name) override;

private:
    TableNameStore* m_names;
    QWidget* m_messages;
};
