#include "FilterBar.h"

#include "FilterQuery.h"
#include "FilterRunner.h"
#include "RelationshipTableModel.h"
#include "StatusColors.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QInputMethodEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextCharFormat>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

FilterBar::FilterBar(RelationshipTableModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_runner(new FilterRunner(model, this))
{
    setObjectName(u"filterBar"_s);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    auto* row = new QHBoxLayout;
    row->setSpacing(4);

    m_edit = new QLineEdit(this);
    m_edit->setObjectName(u"filterEdit"_s);
    m_edit->setAccessibleName(tr("Filter"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(
        tr("Filter   e.g. status:suggested score>=0.8 to:customers -from:tmp_   ( / )"));
    m_edit->setToolTip(tr(
        "<p>Every term must hold. Terms:</p><table cellpadding='2'>"
        "<tr><td><b>status:</b>suggested,approved</td><td>status (also rejected, other)</td></tr>"
        "<tr><td><b>type:</b>inferred</td><td>foreign_key, inferred, manual, other</td></tr>"
        "<tr><td><b>score&gt;=</b>0.8 <b>score&lt;</b>0.95</td><td>also &gt;, &lt;=, =</td></tr>"
        "<tr><td><b>score:none</b>, <b>score:out</b></td><td>no score; outside 0–1</td></tr>"
        "<tr><td><b>to:</b>customers</td><td>to table or column (table.column)</td></tr>"
        "<tr><td><b>from:</b>cust_</td><td>from column (table.column)</td></tr>"
        "<tr><td><b>id:</b>3c90c3cc</td><td>relationship id</td></tr>"
        "<tr><td><b>delivery:</b>failed, <b>pending:</b>yes</td><td>where a decision "
        "stands</td></tr>"
        "<tr><td>word \"two words\"</td><td>free text</td></tr>"
        "<tr><td><b>-</b>term</td><td>not</td></tr></table>"
        "<p>Ctrl+Space completes; Enter applies and returns to the table.</p>"));
    m_edit->installEventFilter(this);

    m_menuButton = new QToolButton(this);
    m_menuButton->setObjectName(u"filterMenuButton"_s);
    m_menuButton->setText(tr("Filters"));
    m_menuButton->setToolTip(tr("Recent and saved filters (Alt+Down)"));
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    m_menuButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(m_menuButton);
    menu->setObjectName(u"filterMenu"_s);
    connect(menu, &QMenu::aboutToShow, this, &FilterBar::populateMenu);
    m_menuButton->setMenu(menu);

    row->addWidget(m_edit, 1);
    row->addWidget(m_menuButton);
    column->addLayout(row);

    // One line under the edit that never comes and goes: the match count, "Filtering…", or the
    // error in red. The table does not jump while a query is typed.
    m_hint = new QLabel(this);
    m_hint->setObjectName(u"filterHint"_s);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setContentsMargins(4, 0, 4, 0);
    QFont small = m_hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_hint->setFont(small);
    m_hint->setMinimumWidth(0);
    m_hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    column->addWidget(m_hint);

    m_candidates = new QStringListModel(this);
    m_completer = new QCompleter(m_candidates, this);
    m_completer->setObjectName(u"filterCompleter"_s);
    m_completer->setWidget(m_edit);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setMaxVisibleItems(12);
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this,
            &FilterBar::onCompletionActivated);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, [this] { apply(false); });
    connect(m_edit, &QLineEdit::textEdited, this, &FilterBar::onTextEdited);
    // The clear button changes the text without an edit signal.
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty())
            m_debounce.start();
    });
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        if (m_completer->popup()->isVisible())
            return;
        applyNow();
        if (!hasError()) {
            m_library.remember(m_appliedQuery);
            emit editingFinished();
        }
    });
    connect(m_runner, &FilterRunner::applied, this, &FilterBar::onApplied);
    connect(m_runner, &FilterRunner::busyChanged, this, &FilterBar::onBusyChanged);
    connect(m_model, &RelationshipTableModel::visibleRowsChanged, this, &FilterBar::updateHint);
    updateHint();
}

FilterBar::~FilterBar() = default;

QString FilterBar::text() const
{
    return m_edit->text();
}

void FilterBar::setText(const QString& text)
{
    m_edit->setText(text);
    applyNow();
}

void FilterBar::focusFilter()
{
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void FilterBar::onTextEdited()
{
    m_debounce.start();
    // Completion follows typing only while a term is being started, so that it does not cover
    // the table for every word of free text.
    const FilterCompletion completion =
        FilterSuggestions::complete(m_edit->text(), m_edit->cursorPosition(), m_model->store());
    const QString typed =
        completion.prefix.startsWith(u'-') ? completion.prefix.mid(1) : completion.prefix;
    if (!completion.isEmpty() && (typed.contains(u':') || typed.size() >= 2))
        showCompletion();
    else
        m_completer->popup()->hide();
}

void FilterBar::showCompletion()
{
    m_completion =
        FilterSuggestions::complete(m_edit->text(), m_edit->cursorPosition(), m_model->store());
    if (m_completion.isEmpty()) {
        m_completer->popup()->hide();
        return;
    }
    m_candidates->setStringList(m_completion.candidates);
    m_completer->setCompletionPrefix(m_completion.prefix);
    // Under the term being completed, as wide as its longest candidate.
    QRect rect = m_edit->inputMethodQuery(Qt::ImCursorRectangle).toRect();
    rect.moveLeft(
        std::max(0, rect.left() - m_edit->fontMetrics().horizontalAdvance(m_completion.prefix)));
    rect.setWidth(std::max(280, m_completer->popup()->sizeHintForColumn(0) +
                                    m_completer->popup()->verticalScrollBar()->sizeHint().width() +
                                    12));
    m_completer->complete(rect);
}

void FilterBar::onCompletionActivated(const QString& candidate)
{
    int cursor = 0;
    const QString text = m_completion.applied(m_edit->text(), candidate, &cursor);
    m_edit->setText(text);
    m_edit->setCursorPosition(cursor);
    m_debounce.start();
    // A name such as "status:" goes straight on to its values.
    if (candidate.endsWith(u':'))
        QTimer::singleShot(0, this, &FilterBar::showCompletion);
}

void FilterBar::applyNow()
{
    apply(true);
}

// Typing re-applies only a changed query; Enter re-applies even an unchanged one, which also
// drops the rows decided away from it (the model keeps them in view until then).
void FilterBar::apply(bool evenIfUnchanged)
{
    m_debounce.stop();
    const QString text = m_edit->text();
    const FilterQuery query = FilterQuery::parse(text);
    if (!query.isValid()) {
        showError(query.errorPosition(), query.errorMessage());
        return;
    }
    clearError();
    m_appliedQuery = text.trimmed();
    if (!evenIfUnchanged && m_hasApplied && query == m_applied)
        return;
    m_applied = query;
    m_hasApplied = true;
    RelationshipFilter filter;
    if (!query.isEmpty())
        filter.query = std::make_shared<const FilterQuery>(query);
    m_runner->apply(filter);
}

void FilterBar::onApplied()
{
    updateHint();
    emit filterApplied();
}

void FilterBar::onBusyChanged(bool busy)
{
    m_busy = busy;
    updateHint();
}

void FilterBar::updateHint()
{
    if (hasError())
        return;
    QPalette palette = m_hint->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    m_hint->setPalette(palette);
    if (m_busy) {
        m_hint->setText(tr("Filtering…"));
        return;
    }
    const int shown = m_model->rowCount();
    const int total = m_model->store()->size();
    if (m_appliedQuery.isEmpty()) {
        m_hint->setText(tr("%1 relationships · type a query, or Ctrl+Space for the terms")
                            .arg(QLocale().toString(total)));
        return;
    }
    m_hint->setText(tr("%1 of %2 match").arg(QLocale().toString(shown), QLocale().toString(total)));
}

void FilterBar::showError(int position, const QString& message)
{
    m_errorText = message;
    QPalette palette = m_hint->palette();
    palette.setColor(QPalette::WindowText, statusColor(RelationshipStatus::Rejected, palette));
    m_hint->setPalette(palette);
    m_hint->setText(tr("%1 — the table shows the last valid filter").arg(message));
    m_hint->setToolTip(message);
    // The offending word is underlined; when the query stopped short (at its end or a space),
    // the term that wanted more.
    const QString text = m_edit->text();
    int start = std::min(position, int(text.size()));
    int end = start;
    while (end < text.size() && !text[end].isSpace())
        ++end;
    if (end == start) {
        while (start > 0 && !text[start - 1].isSpace())
            --start;
    }
    setErrorUnderline(start, end - start);
}

void FilterBar::clearError()
{
    if (m_errorText.isEmpty())
        return;
    m_errorText.clear();
    m_hint->setToolTip(QString());
    setErrorUnderline(0, 0);
    updateHint();
}

// QLineEdit draws formats given through an input method event (relative to the cursor): the one
// way to underline part of its text without replacing the widget.
void FilterBar::setErrorUnderline(int start, int length)
{
    QList<QInputMethodEvent::Attribute> attributes;
    if (length > 0) {
        QTextCharFormat format;
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(statusColor(RelationshipStatus::Rejected, palette()));
        attributes.append(QInputMethodEvent::Attribute(
            QInputMethodEvent::TextFormat, start - m_edit->cursorPosition(), length, format));
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(m_edit, &event);
}

bool FilterBar::saveFilter(const QString& name)
{
    if (hasError() || m_appliedQuery.isEmpty())
        return false;
    return m_library.save(name, m_appliedQuery);
}

void FilterBar::askForName()
{
    auto* dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(u"saveFilterDialog"_s);
    dialog->setWindowTitle(tr("Save filter"));
    dialog->setLabelText(tr("Name for “%1”:").arg(m_appliedQuery));
    dialog->setTextValue(m_appliedQuery.left(40));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this](const QString& name) { saveFilter(name); });
    dialog->open();
}

void FilterBar::populateMenu()
{
    QMenu* menu = m_menuButton->menu();
    menu->clear();
    const QStringList history = m_library.history();
    const QList<FilterLibrary::SavedFilter> saved = m_library.saved();

    menu->addSection(tr("Saved"));
    if (saved.isEmpty())
        menu->addAction(tr("(none yet)"))->setEnabled(false);
    for (const FilterLibrary::SavedFilter& filter : saved) {
        QAction* action = menu->addAction(u"%1    %2"_s.arg(filter.name, filter.query));
        action->setData(filter.query);
        connect(action, &QAction::triggered, this, [this, query = filter.query] {
            setText(query);
            m_library.remember(query);
        });
    }
    menu->addSection(tr("Recent"));
    if (history.isEmpty())
        menu->addAction(tr("(none yet)"))->setEnabled(false);
    for (const QString& query : history) {
        QAction* action = menu->addAction(query);
        action->setData(query);
        connect(action, &QAction::triggered, this, [this, query] {
            setText(query);
            m_library.remember(query);
        });
    }
    menu->addSeparator();
    QAction* save = menu->addAction(tr("Save current filter…"), this, &FilterBar::askForName);
    save->setObjectName(u"saveFilterAction"_s);
    save->setEnabled(!hasError() && !m_appliedQuery.isEmpty());
    QMenu* remove = menu->addMenu(tr("Remove saved filter"));
    remove->setEnabled(!saved.isEmpty());
    for (const FilterLibrary::SavedFilter& filter : saved) {
        remove->addAction(filter.name, this,
                          [this, name = filter.name] { m_library.remove(name); });
    }
    QAction* clear =
        menu->addAction(tr("Clear recent filters"), this, [this] { m_library.clearHistory(); });
    clear->setEnabled(!history.isEmpty());
}

bool FilterBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Space && (key->modifiers() & Qt::ControlModifier)) {
            showCompletion();
            return true;
        }
        if (key->key() == Qt::Key_Down && (key->modifiers() & Qt::AltModifier)) {
            m_menuButton->showMenu();
            return true;
        }
        if (key->key() == Qt::Key_Escape && !m_completer->popup()->isVisible()) {
            applyNow();
            emit editingFinished();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FilterBar::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !hasError())
        updateHint();
}
