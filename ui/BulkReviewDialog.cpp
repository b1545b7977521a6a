#include "BulkReviewDialog.h"

#include "BulkPlanChart.h"
#include "RelationshipTableModel.h"
#include "ReviewHistory.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BulkReviewDialog::BulkReviewDialog(ReviewHistory* history, RelationshipTableModel* model,
                                   QWidget* parent)
    : QDialog(parent)
    , m_history(history)
    , m_model(model)
{
    setObjectName(u"bulkReviewDialog"_s);
    setWindowTitle(tr("Bulk review"));
    setMinimumWidth(520);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_scopeSelection = new QRadioButton(this);
    m_scopeFilter = new QRadioButton(this);
    auto* scope = new QVBoxLayout;
    scope->addWidget(m_scopeFilter);
    scope->addWidget(m_scopeSelection);
    form->addRow(tr("Rows:"), scope);
    m_target = new QComboBox(this);
    m_target->addItem(tr("Approve"), int(RelationshipStatus::Approved));
    m_target->addItem(tr("Reject"), int(RelationshipStatus::Rejected));
    m_target->addItem(tr("Reset to suggested"), int(RelationshipStatus::Suggested));
    form->addRow(tr("Decision:"), m_target);
    auto* boundRow = new QHBoxLayout;
    m_bound = new QComboBox(this);
    m_bound->addItem(tr("Every score"), int(BulkPlan::Bound::None));
    m_bound->addItem(tr("Scores at or above"), int(BulkPlan::Bound::AtOrAbove));
    m_bound->addItem(tr("Scores below"), int(BulkPlan::Bound::Below));
    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setRange(0, 1);
    m_threshold->setDecimals(2);
    m_threshold->setSingleStep(0.01);
    m_threshold->setValue(ScoreBinning::DefaultThreshold);
    boundRow->addWidget(m_bound, 1);
    boundRow->addWidget(m_threshold);
    form->addRow(tr("Threshold:"), boundRow);
    layout->addLayout(form);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    // Room for the summary's lines from the start: a dialog already shown does not grow when
    // its text wraps onto more of them.
    m_summary->setMinimumHeight(m_summary->fontMetrics().lineSpacing() * 4);
    layout->addWidget(m_summary);
    m_histogram = new BulkPlanChart(this);
    m_histogram->setObjectName(u"bulkPlanChart"_s);
    layout->addWidget(m_histogram, 1);

    m_progress = new QProgressBar(this);
    m_progress->hide();
    m_progressLabel = new QLabel(this);
    m_progressLabel->setWordWrap(true);
    m_progressLabel->hide();
    layout->addWidget(m_progress);
    layout->addWidget(m_progressLabel);

    auto* buttons = new QHBoxLayout;
    m_cancel = new QPushButton(tr("Close"), this);
    m_apply = new QPushButton(this);
    m_apply->setObjectName(u"bulkApplyButton"_s);
    m_apply->setDefault(true);
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_apply);
    layout->addLayout(buttons);

    connect(m_scopeSelection, &QRadioButton::toggled, this, &BulkReviewDialog::updatePlan);
    connect(m_target, &QComboBox::currentIndexChanged, this, &BulkReviewDialog::updatePlan);
    connect(m_bound, &QComboBox::currentIndexChanged, this, &BulkReviewDialog::updatePlan);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &BulkReviewDialog::updatePlan);
    connect(m_apply, &QPushButton::clicked, this, &BulkReviewDialog::apply);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_running)
            cancelRun();
        else
            reject();
    });
    connect(history, &ReviewHistory::stepStatesChanged, this, &BulkReviewDialog::updateProgress);
    connect(history, &ReviewHistory::moveProgress, this, &BulkReviewDialog::updateProgress);
    m_scopeFilter->setChecked(true);
    setSelectedRows({});
}

void BulkReviewDialog::setSelectedRows(const QList<int>& storeRows)
{
    m_selection = storeRows;
    const QLocale locale;
    m_scopeSelection->setText(tr("The %1 selected rows").arg(locale.toString(storeRows.size())));
    m_scopeSelection->setEnabled(!storeRows.isEmpty());
    m_scopeFilter->setText(
        tr("Every row matching the filter (%1)").arg(locale.toString(m_model->rowCount())));
    if (storeRows.isEmpty())
        m_scopeFilter->setChecked(true);
    updatePlan();
}

void BulkReviewDialog::setThreshold(double threshold)
{
    m_threshold->setValue(threshold);
}

void BulkReviewDialog::setTarget(RelationshipStatus status)
{
    m_target->setCurrentIndex(m_target->findData(int(status)));
}

void BulkReviewDialog::setBound(BulkPlan::Bound bound)
{
    m_bound->setCurrentIndex(m_bound->findData(int(bound)));
}

void BulkReviewDialog::updatePlan()
{
    if (m_running)
        return;
    BulkPlan::Options options;
    options.target = RelationshipStatus(m_target->currentData().toInt());
    options.bound = BulkPlan::Bound(m_bound->currentData().toInt());
    options.threshold = m_threshold->value();
    options.binCount = 10;
    m_threshold->setEnabled(options.bound != BulkPlan::Bound::None);
    const std::vector<int> scope = m_scopeSelection->isChecked()
                                       ? std::vector<int>(m_selection.cbegin(), m_selection.cend())
                                       : m_model->visibleRows();
    m_plan = BulkPlan::make(*m_model->store(), scope, options);
    m_summary->setText(m_plan.summaryText() + u'\n' + m_plan.leftOutText());
    m_histogram->setPlan(m_plan);
    const QString count = QLocale().toString(m_plan.changeCount());
    m_apply->setText(
        options.target == RelationshipStatus::Approved   ? tr("Approve %1 relationships").arg(count)
        : options.target == RelationshipStatus::Rejected ? tr("Reject %1 relationships").arg(count)
                                                         : tr("Reset %1 relationships").arg(count));
    m_apply->setEnabled(!m_plan.isEmpty());
}

void BulkReviewDialog::apply()
{
    if (m_plan.isEmpty() || m_running)
        return;
    m_running = true;
    m_clock.start();
    for (QWidget* control :
         {static_cast<QWidget*>(m_scopeSelection), static_cast<QWidget*>(m_scopeFilter),
          static_cast<QWidget*>(m_target), static_cast<QWidget*>(m_bound),
          static_cast<QWidget*>(m_threshold), static_cast<QWidget*>(m_apply)})
        control->setEnabled(false);
    m_cancel->setText(tr("Stop sending"));
    m_progress->setRange(0, m_plan.changeCount());
    m_progress->setValue(0);
    m_progress->show();
    m_progressLabel->show();
    const QList<int> rows(m_plan.rows().cbegin(), m_plan.rows().cend());
    m_history->decide(rows, m_plan.options().target, m_apply->text(),
                      ReviewSession::Delivery::Bulk);
    m_step = m_history->stepCount() - 1;
    updateProgress();
}

void BulkReviewDialog::cancelRun()
{
    if (!m_running)
        return;
    m_history->stopCurrentMove();
    m_cancel->setText(tr("Close"));
    updateProgress();
}

QString BulkReviewDialog::progressText() const
{
    return m_progressLabel->text();
}

void BulkReviewDialog::updateProgress()
{
    if (!m_running || m_step < 0)
        return;
    const ReviewHistory::StepState state = m_history->stepState(m_step);
    const QLocale locale;
    const int total = m_plan.changeCount();
    const int done = state.confirmed;
    const int remaining = std::max(0, total - done - state.failed - state.withdrawn);
    const double seconds = m_clock.elapsed() / 1000.0;
    const double rate = seconds > 0.5 ? done / seconds : 0;
    m_progress->setValue(done + state.failed);
    QString text =
        tr("%1 done · %2 failed · %3 remaining")
            .arg(locale.toString(done), locale.toString(state.failed), locale.toString(remaining));
    if (rate > 0) {
        text += tr(" · %1/s").arg(locale.toString(rate, 'f', 0));
        if (remaining > 0)
            text += tr(" · about %1 s left").arg(locale.toString(int(remaining / rate) + 1));
    }
    if (state.withdrawn > 0)
        text += u'\n' + tr("Stopped: %1 not sent were withdrawn; the %2 sent stay.")
                            .arg(locale.toString(state.withdrawn), locale.toString(state.sent));
    m_progressLabel->setText(text);
    if (!m_history->isMoving() && remaining == 0 && state.outstanding() == 0) {
        m_cancel->setText(tr("Close"));
        emit runFinished();
    }
}
