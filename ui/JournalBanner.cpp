#include "JournalBanner.h"

#include "ReviewSession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

using namespace Qt::StringLiterals;

JournalBanner::JournalBanner(ReviewSession* session, QWidget* parent)
    : QFrame(parent)
    , m_session(session)
{
    setObjectName(u"journalBanner"_s);
    setAccessibleName(tr("Decision journal"));
    setAutoFillBackground(true);
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    auto* icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize));
    icon->setAlignment(Qt::AlignTop);
    m_text = new QLabel(this);
    m_text->setObjectName(u"journalBannerText"_s);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setObjectName(u"journalRetryButton"_s);
    m_retry->setToolTip(tr("Open the decision journal again"));
    m_holdInMemory = new QPushButton(tr("Hold decisions in memory"), this);
    m_holdInMemory->setObjectName(u"journalHoldInMemoryButton"_s);
    m_holdInMemory->setToolTip(
        tr("Accept decisions without the journal: they are lost when relreview exits, unless "
           "the journal comes back before (Retry)"));
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_holdInMemory, 0, Qt::AlignVCenter);
    layout->addWidget(m_retry, 0, Qt::AlignVCenter);

    connect(m_retry, &QPushButton::clicked, m_session, &ReviewSession::retryJournal);
    connect(m_holdInMemory, &QPushButton::clicked, m_session,
            &ReviewSession::holdDecisionsInMemory);
    connect(m_session, &ReviewSession::journalStateChanged, this, &JournalBanner::refresh);
    refresh();
}

QString JournalBanner::text() const
{
    return m_text->text();
}

void JournalBanner::refresh()
{
    const ReviewSession::JournalState state = m_session->journalState();
    if (state == ReviewSession::JournalState::Durable) {
        hide();
        return;
    }
    const bool held = state == ReviewSession::JournalState::HeldInMemory;
    QPalette colors = palette();
    // Red while decisions are refused; amber while they are accepted but not kept.
    colors.setColor(QPalette::Window, held ? QColor(0xfd, 0xec, 0xc8) : QColor(0xfb, 0xe0, 0xdd));
    colors.setColor(QPalette::WindowText,
                    held ? QColor(0x5a, 0x3b, 0x00) : QColor(0x6b, 0x12, 0x0c));
    setPalette(colors);
    const QString problem = m_session->journalProblem().toHtmlEscaped();
    if (held) {
        m_text->setText(
            tr("<b>Decisions are held in memory only.</b> They will be lost when relreview exits, "
               "unless the journal comes back before: Retry moves them into it.<br>"
               "The journal cannot be opened: %1")
                .arg(problem));
    } else {
        m_text->setText(tr("<b>Decisions are not being recorded: the decision journal cannot be "
                           "opened.</b> Fix the problem and Retry, or hold decisions in memory "
                           "(lost on exit).<br>%1")
                            .arg(problem));
    }
    m_holdInMemory->setVisible(!held);
    show();
}
