#pragma once

#include "Relationship.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

// Part of RelationshipParser (see RelationshipParser.cpp).

// Decoded records on their way from the scanning thread to the row store.
struct RecordBatch
{
    std::vector<Relationship> records; // slots are reused: their buffers keep their capacity
    std::vector<qsizetype> idOffsets;  // where each record's id value is, for duplicate errors
    int count = 0;
    qint64 firstIndex = 0;
    qsizetype firstOffset = 0; // of the first record
    qsizetype endOffset = 0;   // past the last record
};

// A bounded hand-off of batches between the parser's scanning thread and the thread that stores
// the rows. This, and the one std::thread in RelationshipParser.cpp, are the parser's internal
// pipeline: the documented exception to "all background work through BackgroundWork".
class BatchChannel
{
public:
    explicit BatchChannel(int batches);

    // Producer side. Returns nullptr when the consumer asked to stop.
    std::unique_ptr<RecordBatch> takeFree();
    void putFull(std::unique_ptr<RecordBatch> batch);
    void finish();
    bool stopRequested();

    // Consumer side. Returns nullptr once the producer has finished and everything is taken.
    std::unique_ptr<RecordBatch> takeFull();
    void putFree(std::unique_ptr<RecordBatch> batch);
    void stop();

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<RecordBatch>> m_free;
    std::deque<std::unique_ptr<RecordBatch>> m_full;
    bool m_finished = false;
    bool m_stop = false;
};
