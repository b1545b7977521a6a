#pragma once

#include "BackgroundWork.h"
#include "EvidenceComponents.h"

#include <QByteArray>
#include <QHash>
#include <QTimer>
#include <QUuid>
#include <QWidget>

#include <memory>

class ComponentsChart;
class EvidenceTreeModel;
class RelationshipStore;
class ScoreBar;
class QBoxLayout;
class QGridLayout;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QToolButton;
class QTreeView;
class QTreeWidget;

// The evidence inspector, a dock beside the table for the current row: who links to whom, how
// sure the pipeline is and why (the evidence as a tree, its numeric components as a chart, the
// raw JSON), and both ends' column profiles.
//
// It follows the current row at key-repeat speed: showRow() updates the cheap header at once and
// leaves the evidence (parse, tree, chart) and the profiles to a short coalescing timer, so that
// holding J or Down never queues up work; evidence of more than a few hundred KB is parsed on a
// worker thread.
class EvidenceInspector : public QWidget
{
    Q_OBJECT
public:
    explicit EvidenceInspector(RelationshipStore* store, QWidget* parent = nullptr);
    ~EvidenceInspector() override;

    // Shows a store row; -1 clears.
    void showRow(int storeRow);
    int shownRow() const { return m_row; }

    // For tests and tools: the tree the Evidence tab shows, the components the chart shows, and
    // whether deferred work (details timer, worker parse) is still outstanding.
    const EvidenceTreeModel* evidenceModel() const { return m_treeModel; }
    const EvidenceComponents& components() const { return m_components; }
    ComponentsChart* componentsChart() const { return m_chartView; }
    bool isUpdatePending() const;
    int detailUpdateCount() const { return m_detailUpdates; }    // deferred updates run so far
    qint64 lastDetailUpdateNs() const { return m_lastDetailNs; } // UI-thread time of the last one
    QString titleText() const;

    // Evidence larger than this is parsed on a worker thread.
    static constexpr qsizetype AsyncParseBytes = 256 * 1024;

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct ParsedEvidence;

    void buildHeader();
    QWidget* buildComponentsPage();
    QWidget* buildEvidencePage();
    QWidget* buildRawPage();
    QWidget* buildProfiles();

    void updateHeader();
    void updateDetails();
    void applyParsed(const ParsedEvidence& parsed);
    void showEvidenceMessage(const QString& message);
    void updateChart();
    void updateProfiles();
    void updateRawJson();
    void applyPalette();

    void onRowsChanged(const QList<int>& rows);
    void onStoreReset();
    void onCatalogChanged();
    void copyCurrent(int role);
    void showTreeMenu(const QPoint& position);

    RelationshipStore* m_store;
    int m_row = -1;
    QTimer m_detailTimer;
    bool m_parsing = false;
    int m_detailUpdates = 0;
    qint64 m_lastDetailNs = 0;
    QByteArray
        m_shownEvidence; // what the tree shows, to keep its expansion when only status changes
    int m_shownEvidenceRow = -1;
    bool m_rawDirty = true;
    EvidenceComponents m_components;

    // to-column lookup: (to_table_id, to_column_name) -> column id, rebuilt when the catalog
    // changes
    QHash<std::pair<QUuid, QString>, QUuid> m_columnByTableAndName;
    bool m_columnLookupDirty = true;

    // header
    QLabel* m_title = nullptr;
    QLabel* m_type = nullptr;
    QLabel* m_status = nullptr;
    ScoreBar* m_scoreBar = nullptr;
    QLabel* m_times = nullptr;

    QTabWidget* m_tabs = nullptr;
    // components
    QStackedWidget* m_componentsStack = nullptr;
    QLabel* m_componentsMessage = nullptr;
    QBoxLayout* m_componentsLayout = nullptr;
    ComponentsChart* m_chartView = nullptr;
    QTreeWidget* m_facts = nullptr;
    QListWidget* m_samples = nullptr;
    QLabel* m_samplesTitle = nullptr;
    // evidence tree
    QStackedWidget* m_treeStack = nullptr;
    QLabel* m_treeMessage = nullptr;
    QTreeView* m_tree = nullptr;
    EvidenceTreeModel* m_treeModel = nullptr;
    QToolButton* m_copyValue = nullptr;
    QToolButton* m_copyPath = nullptr;
    // raw
    QPlainTextEdit* m_raw = nullptr;
    // profiles
    QGridLayout* m_profileGrid = nullptr;
    QList<QLabel*> m_fromProfile;
    QList<QLabel*> m_toProfile;
    QLabel* m_fromHeading = nullptr;
    QLabel* m_toHeading = nullptr;
    BackgroundWork m_parseWork{this}; // the evidence of the row shown, when it is large
};
