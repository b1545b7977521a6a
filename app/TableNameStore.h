#pragma once

#include "TableNames.h"

#include <QObject>
#include <QString>
#include <QUuid>

class ColumnCatalog;
class DecisionJournal;
class RelationshipStore;

// The analyst's table names in a running window: kept in the journal (DecisionJournal::
// tableNames()) and laid over the catalog of the open list, so that the table, the inspector,
// the filter's suggestions and the graph show them (ColumnCatalog::tableName(): the analyst's
// name wins over the data's, see TableNames). The session lays them over every catalog it adopts
// (applyTo()); setName() and importNames() change them at once in the journal and on screen.
//
// A snapshot carries the names it was exported with; opening it adds those the journal lacks to
// the journal (the journal's own names win: they are the analyst's latest).
//
// Lives on the UI thread. Changes nothing when the journal cannot keep a name: the caller gets
// the reason.
class TableNameStore : public QObject
{
    Q_OBJECT
public:
    TableNameStore(RelationshipStore* store, DecisionJournal* journal, QObject* parent = nullptr);

    const TableNames& names() const { return m_names; }
    // The name shown for a table (the analyst's, else the data's); empty when unknown.
    QString name(const QUuid& tableId) const;
    // name(), else the id's short form ("3c90c3cc…").
    QString label(const QUuid& tableId) const;
    bool isNamed(const QUuid& tableId) const { return !name(tableId).isEmpty(); }

    // Names one table (the graph's "name this node"); an empty name forgets the analyst's name.
    // False with *error when the name is refused or the journal could not keep it.
    bool setName(const QUuid& tableId, const QString& name, QString* error = nullptr);
    // Every name of `names` over the current ones, in one journal transaction.
    bool importNames(const TableNames& names, QString* error = nullptr);
    // A CSV file (TableNames::readCsvFile): bad input changes nothing; *count names imported.
    bool importCsv(const QString& path, int* count, QString* error = nullptr);

    // Lays the names over `catalog` before the session hands it to the store; the catalog's own
    // analyst names (a snapshot's) that the journal lacks are kept in the journal first.
    void applyTo(ColumnCatalog& catalog);
    // Reads the names from the journal again (its storage changed: file, memory) and shows them.
    void reload();

signals:
    void namesChanged();

private:
    bool journalOpen(QString* error) const;
    bool keep(const TableNames& changes, QString* error);
    void show();

    RelationshipStore* m_store;
    DecisionJournal* m_journal;
    TableNames m_names;
};
