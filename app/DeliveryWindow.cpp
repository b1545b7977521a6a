#include "DeliveryWindow.h"

#include <cmath>

void DeliveryWindow::setCeilings(int fixedCeiling, int http1Ceiling, int http2Ceiling)
{
    m_fixedCeiling = qMax(0, fixedCeiling);
    m_http1Ceiling = qMax(1, http1Ceiling);
    m_http2Ceiling = qMax(1, http2Ceiling);
    reset();
}

void DeliveryWindow::reset()
{
    m_protocol = Protocol::Unknown;
    m_window = ceiling();
    m_threshold = 1e9;
    m_decreasedAfter = m_lastTicket;
}

void DeliveryWindow::setProtocol(Protocol protocol)
{
    m_protocol = protocol;
    m_window = qMin(m_window, double(ceiling()));
}

int DeliveryWindow::ceiling() const
{
    if (m_fixedCeiling > 0)
        return m_fixedCeiling;
    return m_protocol == Protocol::Http2 ? m_http2Ceiling : m_http1Ceiling;
}

int DeliveryWindow::size() const
{
    return qBound(1, int(std::floor(m_window)), ceiling());
}

void DeliveryWindow::answered(quint64 ticket, Answer answer)
{
    switch (answer) {
    case Answer::Success:
        // Slow start: one more per answer; then one more per window's worth of answers.
        m_window += m_window < m_threshold ? 1.0 : 1.0 / qMax(1.0, std::floor(m_window));
        m_window = qMin(m_window, double(ceiling()));
        break;
    case Answer::Overload:
        if (ticket <= m_decreasedAfter)
            break; // sent before the last decrease: that overload is already answered
        m_threshold = qMax(1.0, std::floor(m_window / 2));
        m_window = m_threshold;
        m_decreasedAfter = m_lastTicket;
        break;
    case Answer::Other:
        break;
    }
}
