#include "BandwidthCap.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <httplib.h>
#include <memory>
#include <string>
#include <thread>

namespace {

std::atomic<qint64> s_bytesSent{0};
std::atomic<qint64> s_bodiesCut{0};

// Sends each byte no earlier than its time on a link of the given rate, counted from the first
// byte of the body.
class Pacer
{
public:
    explicit Pacer(int kbit)
        : m_bytesPerSecond(double(kbit) * 1000.0 / 8.0)
        // Slices of about 20 ms of the link (at most 16 KiB): smooth at any rate.
        , m_slice(std::clamp<size_t>(size_t(m_bytesPerSecond / 50.0), 1, 16 * 1024))
    {}

    bool write(const char* data, size_t length,
               const std::function<bool(const char*, size_t)>& send)
    {
        if (!m_started) {
            m_start = std::chrono::steady_clock::now();
            m_started = true;
        }
        while (length > 0) {
            const size_t piece = std::min(length, m_slice);
            m_sent += piece;
            std::this_thread::sleep_until(
                m_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(double(m_sent) / m_bytesPerSecond)));
            if (!send(data, piece)) {
                ++s_bodiesCut;
                return false;
            }
            s_bytesSent += qint64(piece);
            data += piece;
            length -= piece;
        }
        return true;
    }

private:
    double m_bytesPerSecond;
    size_t m_slice;
    bool m_started = false;
    std::chrono::steady_clock::time_point m_start;
    size_t m_sent = 0;
};

} // namespace

void BandwidthCap::apply(httplib::Response& response, int kbit)
{
    if (kbit <= 0)
        return;
    auto pacer = std::make_shared<Pacer>(kbit);
    if (response.content_provider_) {
        // A streamed body: its provider writes through a paced sink.
        httplib::ContentProvider inner = std::move(response.content_provider_);
        response.content_provider_ = [inner, pacer](size_t offset, size_t length,
                                                    httplib::DataSink& sink) {
            const std::function<bool(const char*, size_t)> send = sink.write;
            sink.write = [&send, pacer](const char* data, size_t size) {
                return pacer->write(data, size, send);
            };
            const bool goOn = inner(offset, length, sink);
            sink.write = send;
            return goOn;
        };
        return;
    }
    if (response.body.empty())
        return;
    auto body = std::make_shared<std::string>(std::move(response.body));
    response.body.clear();
    const std::string type = response.get_header_value("Content-Type");
    response.headers.erase("Content-Type"); // set again by set_content_provider()
    response.set_content_provider(
        body->size(), type, [body, pacer](size_t offset, size_t length, httplib::DataSink& sink) {
            return pacer->write(body->data() + offset, length, sink.write);
        });
}

qint64 BandwidthCap::bytesSent()
{
    return s_bytesSent.load();
}

qint64 BandwidthCap::bodiesCut()
{
    return s_bodiesCut.load();
}
