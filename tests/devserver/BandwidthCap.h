#pragma once

#include <QtGlobal>

namespace httplib {
struct Response;
} // namespace httplib

// A WAN link's bandwidth for the development server: an answer's body leaves at most `kbit`
// kilobits (1000 bits) a second, paced in small slices, whatever produces it (a fixed body, the
// list's chunked stream, the hostile framings). Per answer, so per connection: one connection
// carries one answer at a time. The headers are not paced (a few hundred bytes).
namespace BandwidthCap {
void apply(httplib::Response& response, int kbit);

// For /_dev/stats: body bytes sent through a cap, and capped bodies the client stopped reading
// (it closed the connection: a write failed).
qint64 bytesSent();
qint64 bodiesCut();
} // namespace BandwidthCap
