#pragma once

#include "FilterQuery.h"
#include "FilterSuggestions.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class FilterRunner;
class QCompleter;
class QLabel;
class QLineEdit;
class QStringListModel;
class QToolButton;
class RelationshipTableModel;

// The filter bar: a query in the filter language (FilterQuery) typed into one line, with
// completion of term names, values, table and column names; a bad query is underlined where it
// goes wrong and explained under the line in red, while the table keeps the last valid filter.
// History and saved filters are in the menu beside it. Typing applies after a short pause; a
// query over many rows is worked out off the UI thread (FilterRunner).
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    static constexpr int DebounceMs = 150;

    explicit FilterBar(RelationshipTableModel* model, QWidget* parent = nullptr);
    ~FilterBar() override;

    QString text() const;
    void setText(const QString& text); // and applies it at once
    // The query the table shows: the last valid one typed.
    QString appliedQuery() const { return m_appliedQuery; }
    bool hasError() const { return !m_errorText.isEmpty(); }
    QString errorText() const { return m_errorText; } // "position 14: expected a number …"

    QLineEdit* lineEdit() const { return m_edit; }
    FilterRunner* runner() const { return m_runner; }
    FilterLibrary& library() { return m_library; }
    QCompleter* completer() const { return m_completer; }
    QToolButton* menuButton() const { return m_menuButton; }

    // Saves the applied query under `name` (the menu asks for the name). False when it cannot.
    bool saveFilter(const QString& name);
    // The completion shown for the text and cursor now (also what the popup lists).
    const FilterCompletion& currentCompletion() const { return m_completion; }

public slots:
    void focusFilter(); // focus the line and select its text, for '/'
    void applyNow();    // skip the pause
    void showCompletion();

signals:
    void filterApplied(); // the table shows appliedQuery()
    // Enter or Escape in the line: the window may give the focus back to the table.
    void editingFinished();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void apply(bool evenIfUnchanged);
    void onTextEdited();
    void onCompletionActivated(const QString& candidate);
    void onApplied();
    void onBusyChanged(bool busy);
    void updateHint();
    void showError(int position, const QString& message);
    void clearError();
    void setErrorUnderline(int start, int length);
    void populateMenu();
    void askForName();

    RelationshipTableModel* m_model;
    FilterRunner* m_runner;
    FilterLibrary m_library;
    QLineEdit* m_edit = nullptr;
    QLabel* m_hint = nullptr;
    QToolButton* m_menuButton = nullptr;
    QCompleter* m_completer = nullptr;
    QStringListModel* m_candidates = nullptr;
    FilterCompletion m_completion;
    QTimer m_debounce;
    QString m_appliedQuery;
    FilterQuery m_applied; // what the table shows, once m_hasApplied
    bool m_hasApplied = false;
    QString m_errorText;
    bool m_busy = false;
};
