#pragma once

#include "Relationship.h"
#include "RelationshipStore.h"

#include <QByteArray>

#include <vector>

class QIODevice;

// Serialises relationships the way the API does; unknown members are written back unchanged.
class RelationshipWriter
{
public:
    static QByteArray recordJson(const Relationship& relationship);
    static QByteArray recordJson(const RelationshipRows& rows, int row);
    // A JSON array of the given rows (all rows when `rowIndexes` is empty).
    static bool writeArray(const RelationshipRows& rows, QIODevice* device,
                           const std::vector<int>& rowIndexes = {});
};
