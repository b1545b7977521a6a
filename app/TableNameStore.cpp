#include "TableNameStore.h"

#include "ColumnCatalog.h"
#include "DecisionJournal.h"
#include "RelationshipStore.h"

TableNameStore::TableNameStore(RelationshipStore* store, DecisionJournal* journal, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_journal(journal)
{
    reload();
}

QString TableNameStore::name(const QUuid& tableId) const
{
    const QString analysts = m_names.name(tableId);
    return analysts.isEmpty() ? m_store->catalog().tableName(tableId) : analysts;
}

QString TableNameStore::label(const QUuid& tableId) const
{
    const QString known = name(tableId);
    return known.isEmpty() ? shortId(tableId) : known;
}

bool TableNameStore::journalOpen(QString* error) const
{
    if (m_journal && m_journal->isOpen()) {
        return true;
    }
    if (error) {
        *error = tr("The table names cannot be kept: the journal is not open.");
    }
    return false;
}

bool TableNameStore::keep(const TableNames& changes, QString* error)
{
    if (!journalOpen(error)) {
        return false;
    }
    if (!m_journal->setTableNames(changes)) {
        if (error) {
            *error = m_journal->lastError();
        }
        return false;
    }
    return true;
}

bool TableNameStore::setName(const QUuid& tableId, const QString& name, QString* error)
{
    TableNames next = m_names;
    if (QString problem; !next.set(tableId, name, &problem)) {
        if (error) {
            *error = problem;
        }
        return false;
    }
    if (next == m_names) {
        return true;
    }
    if (!journalOpen(error)) {
        return false;
    }
    if (!m_journal->setTableName(tableId, name.trimmed())) {
        if (error) {
            *error = m_journal->lastError();
        }
        return false;
    }
    m_names = next;
    show();
    return true;
}

bool TableNameStore::importNames(const TableNames& names, QString* error)
{
    if (!keep(names, error)) {
        return false;
    }
    m_names.merge(names);
    show();
    return true;
}

bool TableNameStore::importCsv(const QString& path, int* count, QString* error)
{
    const std::optional<TableNames> names = TableNames::readCsvFile(path, error);
    if (!names || !importNames(*names, error)) {
        return false;
    }
    if (count) {
        *count = names->size();
    }
    return true;
}

void TableNameStore::applyTo(ColumnCatalog& catalog)
{
    TableNames carried = catalog.analystTableNames();
    TableNames missing;
    for (const QUuid& id : carried.ids()) {
        if (!m_names.contains(id)) {
            missing.set(id, carried.name(id));
        }
    }
    // Best effort: a journal that cannot keep them still shows them with this list.
    if (!missing.isEmpty() && keep(missing, nullptr)) {
        m_names.merge(missing);
        emit namesChanged();
    }
    carried.merge(m_names);
    catalog.setAnalystTableNames(carried);
}

void TableNameStore::reload()
{
    if (!m_journal || !m_journal->isOpen()) {
        return;
    }
    const std::optional<TableNames> names = m_journal->tableNames();
    if (names && *names != m_names) {
        m_names = *names;
        show();
    }
}

void TableNameStore::show()
{
    ColumnCatalog catalog = m_store->catalog();
    TableNames shown = catalog.analystTableNames();
    shown.merge(m_names);
    // Forgotten names are forgotten on screen too.
    for (const QUuid& id : catalog.analystTableNames().ids()) {
        if (!m_names.contains(id)) {
            shown.remove(id);
        }
    }
    if (shown != catalog.analystTableNames()) {
        catalog.setAnalystTableNames(shown);
        m_store->setCatalog(std::move(catalog));
    }
    emit namesChanged();
}
