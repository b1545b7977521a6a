#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <condition_variable>
#include <functional>
#include <mutex>

// Part of RelationshipParser (see RelationshipParser.cpp): the bytes of a document that is still
// arriving (a list being downloaded), handed from the thread that receives them to the parser's
// scanning thread, so that the parse runs while the transfer does.
//
// The bytes are appended to one reserved range of address space, so the scanner reads them as one
// contiguous input with offsets from the start of the document (the same code as for a mapped
// file); the pages the parse has stored as rows are given back to the system (released()), so
// resident memory holds what is still to be parsed, not the whole document. Only the address
// space of `capacity` bytes is reserved; memory is used as bytes arrive.
//
// Producer (usually the UI thread, fed by QNetworkReply::readyRead): append(), then finish() once
// the last byte is in, or abort() when the transfer failed or was cancelled. Consumer (the parse):
// waitBeyond(), released().
class ChunkedInput
{
public:
    // 64 GiB of address space: a list that large is refused, with a message, as a download to a
    // file is above ApiClient's limit.
    static constexpr qint64 DefaultCapacity = qint64(64) * 1024 * 1024 * 1024;

    explicit ChunkedInput(qint64 capacity = DefaultCapacity);
    ~ChunkedInput();
    ChunkedInput(const ChunkedInput&) = delete;
    ChunkedInput& operator=(const ChunkedInput&) = delete;

    // False when the address space could not be reserved (then append() refuses everything).
    bool isValid() const { return m_data != nullptr; }
    qint64 capacity() const { return m_capacity; }

    // --- producer ---
    // False (and nothing appended) past the capacity or after finish()/abort().
    bool append(QByteArrayView bytes);
    void finish();
    void abort();
    qint64 received() const;
    // Received but not yet stored as rows by the parse: what this input holds in memory.
    qint64 pending() const;
    // Backpressure. After an append: true when pending() has reached `maxPending` while the parse
    // is busy, i.e. the producer should stop taking bytes until the resume callback runs. The
    // callback runs once per pause, on the consumer's thread, when pending() has dropped to half
    // or the parse waits for bytes (a record longer than `maxPending` must still arrive whole).
    bool pauseIfFull(qint64 maxPending);
    void setResumeCallback(std::function<void()> callback);

    // --- consumer ---
    struct State
    {
        qint64 size = 0;       // bytes available from data()
        bool finished = false; // no more will come: the input is complete
        bool aborted = false;  // no more will come: the transfer failed or was cancelled
    };
    // Blocks until more than `offset` bytes are available, or the input is finished or aborted.
    State waitBeyond(qint64 offset);
    State state() const;
    const char* data() const { return m_data; }
    // The parse holds everything before `offset` as rows now: those pages can go.
    void released(qint64 offset);

private:
    char* m_data = nullptr;
    qint64 m_capacity = 0;
    mutable std::mutex m_mutex;
    std::condition_variable m_grown;
    qint64 m_size = 0;
    bool m_finished = false;
    bool m_aborted = false;
    qint64 m_released = 0; // page-aligned, given back to the system
    qint64 m_consumed = 0; // released() as reported
    bool m_paused = false; // the producer waits for the resume callback
    bool m_consumerWaiting = false;
    qint64 m_maxPending = 0;
    std::function<void()> m_resume;
};
