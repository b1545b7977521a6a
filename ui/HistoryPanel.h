#pragma once

#include <QAbstractTableModel>
#include <QTimer>
#include <QWidget>

class QMenu;
class QTreeView;
class ReviewHistory;

// The steps of the undo history as a table model: a first row for the session's start, then
// one per step with its description and where its decisions stand.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StepColumn, DeliveryColumn, ColumnCount };
    explicit HistoryModel(ReviewHistory* history, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void scheduleStates();
    QString stepText(int step) const;
    ReviewHistory* m_history;
    QTimer m_statesTimer; // delivery states are redrawn at most every 200 ms
};

// The history panel: this session's steps with their delivery states and reasons. The current
// step is selected; clicking another undoes or redoes up to it; a step's context menu gives its
// decisions a reason (or clears it).
class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPanel(ReviewHistory* history, QWidget* parent = nullptr);

    QTreeView* view() const { return m_view; }
    HistoryModel* model() const { return m_model; }

    // The context menu of a step (0-based): the reasons to give it.
    QMenu* reasonMenu(int step);

private:
    void selectCurrent();

    ReviewHistory* m_history;
    HistoryModel* m_model;
    QTreeView* m_view;
};
