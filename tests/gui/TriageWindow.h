#pragma once

// A table under keyboard triage, connected to the local development server: the part of the main
// window that the triage and history tests drive. Tests add what they need around it (a history
// panel, the competing-targets bar) and decide which row is current after the load.
#include "ConnectionProfile.h"
#include "DevServerProcess.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "TriageController.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QVBoxLayout>
#include <QWidget>

struct TriageWindow
{
    RelationshipStore store;
    ReviewSession session{&store};
    RelationshipTableModel model{&store};
    QWidget container;
    QVBoxLayout* layout = nullptr;
    QTableView* view = nullptr;
    TriageController* triage = nullptr;

    explicit TriageWindow(DevServerProcess& server)
    {
        ConnectionProfile profile;
        profile.baseUrl = server.baseUrl();
        profile.integrationSourceId = server.sourceId();
        session.setProfile(profile);
        session.setToken(server.token());
        layout = new QVBoxLayout(&container);
        view = new QTableView(&container);
        view->setModel(&model);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->setSelectionMode(QAbstractItemView::ExtendedSelection);
        triage = new TriageController(view, &model, &session, &container);
        layout->addWidget(view, 1);
    }

    // Shows the window and loads the server's list; true once it is in.
    bool showAndLoad()
    {
        container.show();
        if (!QTest::qWaitForWindowExposed(&container))
            return false;
        QSignalSpy finished(&session, &ReviewSession::loadFinished);
        session.loadLive();
        return finished.wait(30000) && finished.first().first().toBool();
    }

    // The keyboard to the table, on `viewRow`.
    void focusRow(int viewRow)
    {
        view->setFocus();
        view->selectionModel()->setCurrentIndex(model.index(viewRow, 0),
                                                QItemSelectionModel::ClearAndSelect |
                                                    QItemSelectionModel::Rows);
    }
};
