// Every dialog of the main window, opened as the analyst opens it: it has a title, and it shows
// at least at its own size hint (as far as the screen allows) and wholly on the screen. Run on
// the offscreen platform and on xcb under Xvfb, a display without a window manager, where nothing
// but the application sizes and places a window.
#include "BulkReviewDialog.h"
#include "ConnectionDialog.h"
#include "FilterBar.h"
#include "MainWindowFixture.h"
#include "OriginConfirmationDialog.h"
#include "RelationshipStore.h"
#include "SnapshotActions.h"
#include "TestData.h"
#include "TriageController.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QScreen>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

// What a dialog looked like once shown.
struct Shown
{
    QString title;
    QRect frame;
    QSize size;
    QSize wanted; // its size hint (its height for its width if it has one), at most the screen
    QRect available;
    bool exposed = false;
    QStringList cutTexts; // wrapped labels shorter than their text needs
};

Shown describe(QWidget* dialog)
{
    Shown shown;
    shown.exposed = QTest::qWaitForWindowExposed(dialog);
    // Let a dialog that sizes itself when shown (adjustSize, a layout request) finish doing so.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    shown.title = dialog->windowTitle();
    shown.frame = dialog->frameGeometry();
    shown.size = dialog->size();
    shown.available = dialog->screen()->availableGeometry();
    QSize wanted = dialog->sizeHint().expandedTo(dialog->minimumSize());
    // Wrapped text (a message box's) is as tall as its width makes it: that height, then.
    if (dialog->hasHeightForWidth())
        wanted.setHeight(dialog->heightForWidth(dialog->width()));
    shown.wanted = wanted.boundedTo(shown.available.size());
    for (const QLabel* label : dialog->findChildren<QLabel*>()) {
        if (label->isVisible() && label->wordWrap() && !label->text().isEmpty() &&
            label->height() < label->heightForWidth(label->width()))
            shown.cutTexts.append(label->text());
    }
    return shown;
}

QString describeText(const QString& what, const Shown& shown)
{
    return u"%1 \"%2\"%15: %3x%4 (hint %5x%6) at %7,%8 %9x%10 on a screen area of %11,%12 %13x%14"_s
               .arg(what, shown.title)
               .arg(shown.size.width())
               .arg(shown.size.height())
               .arg(shown.wanted.width())
               .arg(shown.wanted.height())
               .arg(shown.frame.x())
               .arg(shown.frame.y())
               .arg(shown.frame.width())
               .arg(shown.frame.height())
               .arg(shown.available.x())
               .arg(shown.available.y())
               .arg(shown.available.width())
               .arg(shown.available.height())
               .arg(shown.exposed ? QString() : u" (never exposed)"_s) +
           (shown.cutTexts.isEmpty() ? QString()
                                     : u"; text cut short: "_s + shown.cutTexts.join(u" | "_s));
}

bool isSensible(const Shown& shown)
{
    return shown.exposed && !shown.title.trimmed().isEmpty() &&
           shown.size.width() >= shown.wanted.width() &&
           shown.size.height() >= shown.wanted.height() && shown.available.contains(shown.frame) &&
           shown.cutTexts.isEmpty();
}

// Opens a modal dialog that runs its own event loop (QMessageBox::about, a file dialog asked
// for with exec()): `open` returns once the dialog is closed, which happens as soon as it has
// been described.
Shown describeModal(const std::function<void()>& open)
{
    Shown shown;
    bool described = false;
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || described)
            return;
        described = true;
        shown = describe(modal);
        if (auto* dialog = qobject_cast<QDialog*>(modal))
            dialog->reject();
        else
            modal->close();
    });
    poll.start();
    open();
    poll.stop();
    return shown;
}

} // namespace

class TestDialogs : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void connectionDialog();
    void originConfirmation();
    void bulkReview();
    void saveFilter();
    void shortcutSettings();
    void shortcutsSheet();
    void about();
    void openSnapshot();
    void exportSnapshot();

private:
    void verifyOpened(QWidget* dialog, const QString& what);

    std::unique_ptr<MainWindowFixture> m_window;
};

void TestDialogs::init()
{
    MainWindowFixture::Options options;
    options.restoreLayoutOnStart = true; // the window sized to the screen, as the app opens it
    m_window = std::make_unique<MainWindowFixture>(options);
    QVERIFY(m_window->start());
    const QString path = TestData::writeDemoSnapshot(m_window->scratch(), 300);
    QVERIFY(!path.isEmpty());
    QVERIFY(m_window->openSnapshot(path));
}

void TestDialogs::cleanup()
{
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        if (qobject_cast<QDialog*>(widget) && widget->isVisible())
            widget->close();
    }
    m_window.reset();
}

void TestDialogs::verifyOpened(QWidget* dialog, const QString& what)
{
    QVERIFY2(dialog, qPrintable(what + u" did not open"_s));
    QTRY_VERIFY2(dialog->isVisible(), qPrintable(what));
    const Shown shown = describe(dialog);
    QVERIFY2(isSensible(shown), qPrintable(describeText(what, shown)));
}

void TestDialogs::connectionDialog()
{
    m_window->action(u"connectAction"_s)->trigger(); // File → Connect… (Ctrl+L)
    ConnectionDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->find<ConnectionDialog>()));
    verifyOpened(dialog, u"Connection"_s);
}

void TestDialogs::originConfirmation()
{
    // The question the window asks before a snapshot's decisions go to another server.
    auto* dialog =
        new OriginConfirmationDialog(Origin::of(u"https://humm.example.com"_s),
                                     Origin::of(u"http://127.0.0.1:8080"_s), m_window->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    verifyOpened(dialog, u"Send to another server"_s);
}

void TestDialogs::bulkReview()
{
    m_window->selectRows(0, 4);
    m_window->action(u"bulkReviewAction"_s)->trigger(); // Review → Bulk review… (Ctrl+B)
    BulkReviewDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->find<BulkReviewDialog>()));
    verifyOpened(dialog, u"Bulk review"_s);
}

void TestDialogs::saveFilter()
{
    QVERIFY(m_window->applyFilter(u"status:suggested score>=0.5"_s));
    auto* menu = m_window->find<QMenu>(u"filterMenu"_s); // Filters ▾ → Save current filter…
    QVERIFY(menu);
    emit menu->aboutToShow();
    auto* save = menu->findChild<QAction*>(u"saveFilterAction"_s);
    QVERIFY(save && save->isEnabled());
    save->trigger();
    QWidget* dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->find<QWidget>(u"saveFilterDialog"_s)));
    verifyOpened(dialog, u"Save filter"_s);
}

void TestDialogs::shortcutSettings()
{
    m_window->triage()->showShortcutSettings(); // Edit → Keyboard shortcuts…
    QWidget* dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->find<QWidget>(u"shortcutSettingsDialog"_s)));
    verifyOpened(dialog, u"Keyboard shortcuts (settings)"_s);
}

void TestDialogs::shortcutsSheet()
{
    m_window->triage()->showShortcutsSheet(); // Help → Keyboard shortcuts (?)
    QWidget* dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->find<QWidget>(u"shortcutsSheet"_s)));
    verifyOpened(dialog, u"Keyboard shortcuts (sheet)"_s);
}

void TestDialogs::about()
{
    QAction* about = nullptr;
    for (QAction* action : m_window->window()->findChildren<QAction*>()) {
        if (action->text().remove(u'&').startsWith(u"About"_s))
            about = action;
    }
    QVERIFY(about); // Help → About relreview
    const Shown shown = describeModal([&] { about->trigger(); });
    QVERIFY2(isSensible(shown), qPrintable(describeText(u"About"_s, shown)));
}

void TestDialogs::openSnapshot()
{
    m_window->action(u"openSnapshotAction"_s)->trigger(); // File → Open snapshot…
    QFileDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->find<QFileDialog>()));
    verifyOpened(dialog, u"Open snapshot"_s);
    // Wide and tall enough that the file list's name, size and date columns show whole (Qt's
    // default size cut the dates short on a 1920x1080 display).
    QVERIFY2(dialog->width() >= 760 && dialog->height() >= 460,
             qPrintable(u"%1x%2"_s.arg(dialog->width()).arg(dialog->height())));
}

void TestDialogs::exportSnapshot()
{
    // File → Export snapshot… asks for a file name first (a modal file dialog).
    SnapshotActions::setFileNameProviderForTests({});
    QAction* exportAction = m_window->window()->findChild<SnapshotActions*>()->exportAction();
    QVERIFY(exportAction && exportAction->isEnabled());
    const Shown shown = describeModal([&] { exportAction->trigger(); });
    QVERIFY2(isSensible(shown), qPrintable(describeText(u"Export snapshot"_s, shown)));
}

QTEST_MAIN(TestDialogs)
#include "tst_dialogs.moc"
