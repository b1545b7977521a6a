#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class ReviewSession;

// A bar above the table for as long as decisions are not durable: the decision journal cannot
// be opened (decisions are refused; Retry opens it again; "Hold in memory" accepts decisions
// that will be lost on exit), or decisions are held in memory (Retry moves them into the
// journal). Hidden while the journal is open; never a status-bar line the next message
// overwrites.
class JournalBanner : public QFrame
{
    Q_OBJECT
public:
    explicit JournalBanner(ReviewSession* session, QWidget* parent = nullptr);

    QString text() const;

private:
    void refresh();

    ReviewSession* m_session;
    QLabel* m_text = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_holdInMemory = nullptr;
};
