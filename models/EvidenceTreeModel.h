#pragma once

#include "EvidenceDocument.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

// One relationship's evidence as a tree (key, value, type), for the evidence inspector.
//
// Lazy: a container's children enter the model only when a view fetches them (canFetchMore /
// fetchMore, which QTreeView calls on expand), and no per-item objects exist at all: an index
// names its parent container's value in the EvidenceDocument and its row, so that opening a
// several-MB or 100,000-deep evidence costs one parse and nothing per hidden value. The document
// may be parsed on a worker thread and handed in with setDocument().
class EvidenceTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role {
        CopyValueRole = Qt::UserRole + 1, // QString: a scalar's plain value, a container's JSON
        JsonPathRole,                     // QString: "$.value_overlap.containment", "$.samples[3]"
        KindRole,                         // int(EvidenceDocument::Kind); -1 on a message row
    };

    explicit EvidenceTreeModel(QObject* parent = nullptr);

    // Parses on the calling thread; for large evidence parse elsewhere and use setDocument().
    void setEvidenceJson(QByteArrayView json);
    void setDocument(std::shared_ptr<const EvidenceDocument> document);
    void clear();

    const std::shared_ptr<const EvidenceDocument>& document() const { return m_document; }
    // Nothing to show: no evidence, null, {} or [].
    bool isEmptyEvidence() const;
    // The evidence could not be read; the model then shows one row saying why.
    bool hasError() const;
    QString errorString() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // The document value an index shows; EvidenceDocument::NoValue for a message row.
    quint32 valueAt(const QModelIndex& index) const;

private:
    // How the top level looks: a container root shows its members; a scalar root one row; an
    // unreadable evidence one message row.
    enum class TopLevel { Nothing, Members, ScalarRoot, Message };
    static constexpr quintptr TopLevelParent = ~quintptr(0);

    bool isFetched(quint32 value) const { return m_fetched[value]; }

    std::shared_ptr<const EvidenceDocument> m_document;
    std::vector<bool> m_fetched; // per value: its children are in the model
    TopLevel m_topLevel = TopLevel::Nothing;
};
