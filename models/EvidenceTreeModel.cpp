#include "EvidenceTreeModel.h"

using namespace Qt::StringLiterals;

EvidenceTreeModel::EvidenceTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{}

void EvidenceTreeModel::setEvidenceJson(QByteArrayView json)
{
    setDocument(std::make_shared<const EvidenceDocument>(EvidenceDocument::parse(json)));
}

void EvidenceTreeModel::setDocument(std::shared_ptr<const EvidenceDocument> document)
{
    beginResetModel();
    m_document = std::move(document);
    m_fetched.assign(m_document ? m_document->valueCount() : 0, false);
    if (!m_document) {
        m_topLevel = TopLevel::Nothing;
    } else if (!m_document->isValid()) {
        m_topLevel = TopLevel::Message;
    } else if (m_document->isEmpty()) {
        m_topLevel = TopLevel::Nothing;
    } else if (m_document->isContainer(m_document->root())) {
        m_topLevel = TopLevel::Members;
        m_fetched[m_document->root()] = true;
    } else {
        m_topLevel = TopLevel::ScalarRoot;
    }
    endResetModel();
}

void EvidenceTreeModel::clear()
{
    setDocument(nullptr);
}

bool EvidenceTreeModel::isEmptyEvidence() const
{
    return !m_document || (m_document->isValid() && m_document->isEmpty());
}

bool EvidenceTreeModel::hasError() const
{
    return m_document && !m_document->isValid();
}

QString EvidenceTreeModel::errorString() const
{
    if (!hasError())
        return {};
    return tr("The evidence is not valid JSON: %1 at byte %2")
        .arg(m_document->errorString())
        .arg(m_document->errorOffset());
}

quint32 EvidenceTreeModel::valueAt(const QModelIndex& index) const
{
    if (!index.isValid() || !m_document)
        return EvidenceDocument::NoValue;
    if (index.internalId() == TopLevelParent)
        return m_topLevel == TopLevel::ScalarRoot ? m_document->root() : EvidenceDocument::NoValue;
    return m_document->child(quint32(index.internalId()), quint32(index.row()));
}

QModelIndex EvidenceTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || row >= rowCount(parent))
        return {};
    if (!parent.isValid()) {
        if (m_topLevel == TopLevel::Members)
            return createIndex(row, column, quintptr(m_document->root()));
        return createIndex(row, column, TopLevelParent);
    }
    return createIndex(row, column, quintptr(valueAt(parent)));
}

QModelIndex EvidenceTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == TopLevelParent)
        return {};
    const auto container = quint32(child.internalId());
    if (container == m_document->root())
        return {};
    // The container is itself a child of its parent: that is the index to return.
    return createIndex(int(m_document->indexInParent(container)), 0,
                       quintptr(m_document->parent(container)));
}

int EvidenceTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid()) {
        switch (m_topLevel) {
        case TopLevel::Nothing:
            return 0;
        case TopLevel::Members:
            return int(m_document->childCount(m_document->root()));
        case TopLevel::ScalarRoot:
        case TopLevel::Message:
            return 1;
        }
        return 0;
    }
    if (parent.column() != 0)
        return 0;
    const quint32 value = valueAt(parent);
    if (value == EvidenceDocument::NoValue || !m_document->isContainer(value) || !isFetched(value))
        return 0;
    return int(m_document->childCount(value));
}

int EvidenceTreeModel::columnCount(const QModelIndex& parent) const
{
    return ColumnCount;
}

bool EvidenceTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return rowCount(parent) > 0;
    if (parent.column() != 0)
        return false;
    const quint32 value = valueAt(parent);
    return value != EvidenceDocument::NoValue && m_document->isContainer(value) &&
           m_document->childCount(value) > 0;
}

bool EvidenceTreeModel::canFetchMore(const QModelIndex& parent) const
{
    if (!parent.isValid() || parent.column() != 0)
        return false;
    const quint32 value = valueAt(parent);
    return value != EvidenceDocument::NoValue && m_document->isContainer(value) &&
           m_document->childCount(value) > 0 && !isFetched(value);
}

void EvidenceTreeModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const quint32 value = valueAt(parent);
    beginInsertRows(parent, 0, int(m_document->childCount(value)) - 1);
    m_fetched[value] = true;
    endInsertRows();
}

QVariant EvidenceTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const quint32 value = valueAt(index);
    if (value == EvidenceDocument::NoValue) { // the message row
        switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            if (index.column() == KeyColumn)
                return tr("(evidence)");
            if (index.column() == ValueColumn)
                return errorString();
            return tr("error");
        case CopyValueRole:
            return errorString();
        case JsonPathRole:
            return u"$"_s;
        case KindRole:
            return -1;
        default:
            return {};
        }
    }
    const EvidenceDocument& doc = *m_document;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            if (doc.hasKey(value))
                return doc.key(value);
            if (doc.parent(value) == EvidenceDocument::NoValue)
                return tr("(value)");
            return QString(u'[' % QString::number(doc.indexInParent(value)) % u']');
        case ValueColumn:
            return doc.displayText(value);
        case TypeColumn:
            return EvidenceDocument::kindName(doc.kind(value));
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && doc.kind(value) == EvidenceDocument::Kind::String)
            return doc.displayText(value, 2000);
        return doc.path(value);
    case CopyValueRole:
        switch (doc.kind(value)) {
        case EvidenceDocument::Kind::String:
            return doc.stringValue(value);
        case EvidenceDocument::Kind::Object:
        case EvidenceDocument::Kind::Array:
            return QString::fromUtf8(doc.rawText(value));
        default:
            return doc.displayText(value);
        }
    case JsonPathRole:
        return doc.path(value);
    case KindRole:
        return int(doc.kind(value));
    default:
        return {};
    }
}

QVariant EvidenceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    }
    return {};
}

Qt::ItemFlags EvidenceTreeModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    const quint32 value = valueAt(index);
    if (value == EvidenceDocument::NoValue || !m_document->isContainer(value) ||
        m_document->childCount(value) == 0)
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}
