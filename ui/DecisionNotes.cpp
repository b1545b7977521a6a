#include "DecisionNotes.h"

#include "EarlierDecisions.h"
#include "ReviewSession.h"
#include "SyncEngine.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>

using namespace Qt::StringLiterals;

DecisionNotes::DecisionNotes(ReviewSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(u"decisionNotes"_s);
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(3);
    const auto caption = [](const QString& text) {
        auto* label = new QLabel(text);
        label->setForegroundRole(QPalette::PlaceholderText);
        return label;
    };
    grid->addWidget(caption(tr("Before")), 0, 0);
    m_earlier = new QLabel;
    m_earlier->setObjectName(u"inspectorEarlier"_s);
    m_earlier->setTextFormat(Qt::PlainText);
    m_earlier->setWordWrap(true);
    m_earlier->setToolTip(
        tr("What was decided before on this column pair, in another list or snapshot"));
    grid->addWidget(m_earlier, 0, 1, 1, 2);

    m_reasonCaption = caption(tr("Reason"));
    grid->addWidget(m_reasonCaption, 1, 0);
    m_choice = new QComboBox;
    m_choice->setObjectName(u"inspectorReason"_s);
    m_choice->setAccessibleName(tr("Reason of the decision"));
    m_choice->addItem(tr("(none)"), int(DecisionReason::Code::None));
    for (int number = 1; number <= DecisionReason::ChoiceCount; ++number) {
        const DecisionReason::Code code = DecisionReason::choice(number);
        m_choice->addItem(tr("%1  (%2)").arg(DecisionReason::displayName(code)).arg(number),
                          int(code));
    }
    m_choice->setToolTip(tr("Why it was decided so: kept in the journal, never sent to the "
                            "server. Right after a decision, keys 1–6 choose it too."));
    grid->addWidget(m_choice, 1, 1);
    m_text = new QLineEdit;
    m_text->setObjectName(u"inspectorReasonText"_s);
    m_text->setPlaceholderText(tr("Note (optional)"));
    m_text->setAccessibleName(tr("Note on the reason"));
    grid->addWidget(m_text, 1, 2);
    grid->setColumnStretch(2, 1);

    connect(m_choice, &QComboBox::activated, this, &DecisionNotes::applyReason);
    connect(m_text, &QLineEdit::editingFinished, this, [this] {
        if (m_text->isModified())
            applyReason();
        m_text->setModified(false);
    });
    if (session) {
        RelationshipStore* store = session->store();
        connect(store->earlier(), &EarlierDecisions::changed, this, &DecisionNotes::refresh);
        connect(store, &RelationshipStore::rowsChanged, this, [this](const QList<int>& rows) {
            if (m_row >= 0 && rows.contains(m_row))
                refresh();
        });
        connect(store, &RelationshipStore::reset, this, [this] { showRow(-1); });
        connect(session, &ReviewSession::reasonChanged, this, [this](const QList<qint64>& ids) {
            if (m_decisionId > 0 && ids.contains(m_decisionId))
                refresh();
        });
    }
    refresh();
}

void DecisionNotes::showRow(int storeRow)
{
    m_row = storeRow;
    refresh();
}

QString DecisionNotes::earlierText() const
{
    return m_earlier->isHidden() ? QString() : m_earlier->text();
}

QString DecisionNotes::reasonText() const
{
    DecisionReason reason;
    reason.code = DecisionReason::Code(m_choice->currentData().toInt());
    reason.text = m_text->text();
    return reason.display();
}

void DecisionNotes::refresh()
{
    m_refreshing = true;
    RelationshipStore* store = m_session ? m_session->store() : nullptr;
    const bool valid = store && m_row >= 0 && m_row < store->size();
    const EarlierDecision* earlier = valid ? store->earlier()->at(m_row) : nullptr;
    m_earlier->setText(earlier ? earlier->text() : QString());
    m_earlier->setHidden(!earlier);
    layout()->itemAt(0)->widget()->setHidden(!earlier); // its caption

    // The newest decision on the row in this list: its reason.
    m_decisionId = 0;
    DecisionReason reason;
    if (valid && m_session->journal() && m_session->journal()->isOpen() &&
        m_session->syncEngine()->originId() > 0) {
        const std::optional<DecisionRecord> record = m_session->journal()->latestFor(
            m_session->syncEngine()->originId(), store->rows().row(m_row).id);
        if (record && statusFromName(record->status) != RelationshipStatus::Suggested) {
            m_decisionId = record->id;
            reason = record->reason;
        }
    }
    m_choice->setCurrentIndex(qMax(0, m_choice->findData(int(reason.code))));
    if (!m_text->hasFocus())
        m_text->setText(reason.text);
    m_choice->setEnabled(m_decisionId > 0);
    m_text->setEnabled(m_decisionId > 0);
    m_reasonCaption->setEnabled(m_decisionId > 0);
    m_refreshing = false;
}

void DecisionNotes::applyReason()
{
    if (m_refreshing || !m_session || m_decisionId <= 0)
        return;
    DecisionReason reason;
    reason.code = DecisionReason::Code(m_choice->currentData().toInt());
    reason.text = m_text->text().trimmed();
    if (reason.code == DecisionReason::Code::None && !reason.text.isEmpty())
        reason.code = DecisionReason::Code::Other;
    m_session->setReason({m_decisionId}, reason);
}
