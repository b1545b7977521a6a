#pragma once

#include "ColumnCatalog.h"
#include "Relationship.h"
#include "RelationshipRows.h"

#include <QIODevice>
#include <QList>

#include <memory>

// Deterministic, realistic demo data: a warehouse of tables and columns with profiles, and the
// relationships an inference pipeline would suggest between them, with nested evidence (name
// similarity, value overlap, cardinality, sample values). The same seed always gives the same
// bytes, so demos, tests and benchmarks agree.
class DemoDataGenerator
{
public:
    struct Options
    {
        quint64 seed = 20261127;
        int relationshipCount = 3000;
        QUuid integrationSourceId = QUuid(QStringLiteral("{6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f}"));
        bool withCatalog = true; // columns and tables
        // Every Nth record carries members the API does not document yet (forward-compatibility
        // tests); 0: none, as in the bundled demo set.
        int unknownMemberEvery = 0;
    };

    explicit DemoDataGenerator(const Options& options);

    // Relationship `index` (0 <= index < relationshipCount), independent of the others, so that
    // large lists can be streamed without holding them in memory.
    Relationship relationship(int index) const;
    // Every relationship of the options' count, as a list's rows.
    RelationshipRows rows() const;
    // The generator of `count` relationships with the default options otherwise.
    static DemoDataGenerator ofCount(int count);
    ColumnCatalog catalog() const;

    // Writes the list endpoint's answer (a JSON array) or a relreview snapshot envelope.
    bool writeList(QIODevice* device) const;
    bool writeSnapshot(QIODevice* device, const QString& baseUrl) const;

    const Options& options() const { return m_options; }

    // When the snapshot says it was exported: after every generated time, fixed for equal bytes.
    static QString exportedAt();

    struct Model; // tables, columns and candidate links, built once from the seed

private:
    Options m_options;
    std::shared_ptr<const Model> m_model;
    QList<ColumnInfo> m_columns;
    QList<std::pair<QUuid, QString>> m_tables;
};
