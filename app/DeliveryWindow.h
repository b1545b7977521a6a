#pragma once

#include <QtGlobal>

// How many requests the sync engine keeps in flight: a congestion window in the manner of TCP's,
// adapted to what the server shows it can take.
//
// The ceiling depends on the connection: over HTTP/1.1 Qt opens at most six connections to a
// host and a seventh request would only wait in Qt's queue, so six; over HTTP/2 every request
// is a stream of one connection, so many more (100 by default: the least a server should allow
// at once, RFC 9113 6.5.2; nginx allows 128). Until an answer tells which
// protocol the server speaks, the HTTP/1.1 ceiling holds. An explicit ceiling (--max-in-flight)
// replaces both, and the window starts there.
//
// The window starts at the HTTP/1.1 ceiling; over HTTP/2 it grows by one per successful answer
// ("slow start", doubling per round trip) until the ceiling or the first sign of overload. A 429
// or 503 halves it (multiplicative decrease, never below one), once per round trip: answers to
// requests sent before the last halving are the same overload seen late. After that it grows by
// one per window's worth of successful answers (additive increase), back to the ceiling. Other
// answers (a 404, a timeout, a dropped connection) leave it as it is.
//
// Plain data, on the UI thread with the DeliveryQueue that owns it.
class DeliveryWindow
{
public:
    enum class Protocol { Unknown, Http1, Http2 };
    enum class Answer { Success, Overload, Other };

    static constexpr int DefaultHttp1Ceiling = 6;
    static constexpr int DefaultHttp2Ceiling = 100;

    // `fixedCeiling` > 0: at most that many whatever the protocol (and the window starts there);
    // 0: the protocol's ceiling.
    void setCeilings(int fixedCeiling, int http1Ceiling = DefaultHttp1Ceiling,
                     int http2Ceiling = DefaultHttp2Ceiling);
    // What the server's answers came over; a change of ceiling takes effect at once.
    void setProtocol(Protocol protocol);
    Protocol protocol() const { return m_protocol; }
    // Back to the start (another server): the window and what was learnt about the protocol.
    void reset();

    // Requests allowed in flight now: at least 1, at most ceiling().
    int size() const;
    int ceiling() const;
    // Whether the window is still growing fast (no overload seen since the start).
    bool inSlowStart() const { return m_window < m_threshold; }

    // A request leaves: its ticket, to hand back with its answer.
    quint64 sent() { return ++m_lastTicket; }
    void answered(quint64 ticket, Answer answer);

private:
    int m_fixedCeiling = 0;
    int m_http1Ceiling = DefaultHttp1Ceiling;
    int m_http2Ceiling = DefaultHttp2Ceiling;
    Protocol m_protocol = Protocol::Unknown;
    double m_window = DefaultHttp1Ceiling;
    double m_threshold = 1e9;     // slow start below it; set by the first overload
    quint64 m_lastTicket = 0;     // the last request sent
    quint64 m_decreasedAfter = 0; // answers to requests up to this one no longer shrink it
};
