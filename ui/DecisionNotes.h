#pragma once

#include "DecisionReason.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class ReviewSession;

// In the inspector, under its header: what was decided before on the current row's column pair
// (carried forward from other lists and snapshots, see EarlierDecisions), and the reason of the
// decision made on the row here, with a control to give, change or clear it. Reasons stay in the
// journal: nothing is sent.
class DecisionNotes : public QWidget
{
    Q_OBJECT
public:
    explicit DecisionNotes(ReviewSession* session, QWidget* parent = nullptr);

    void showRow(int storeRow); // -1 clears
    int shownRow() const { return m_row; }

    // For tests: what the labels say, and the controls.
    QString earlierText() const;
    QString reasonText() const;
    QComboBox* reasonBox() const { return m_choice; }
    QLineEdit* reasonEdit() const { return m_text; }
    qint64 shownDecisionId() const { return m_decisionId; }

private:
    void refresh();
    void applyReason();

    QPointer<ReviewSession> m_session;
    int m_row = -1;
    qint64 m_decisionId = 0; // the newest decision on the row in this list, 0 when none
    bool m_refreshing = false;
    QLabel* m_earlier = nullptr;
    QLabel* m_reasonCaption = nullptr;
    QComboBox* m_choice = nullptr;
    QLineEdit* m_text = nullptr;
};
