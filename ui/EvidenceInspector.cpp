// About 800 lines, one class: the inspector's four pages (components chart, evidence tree, raw
// JSON, column profiles) are built and refreshed together from one row, and share its timers,
// palette and parse; split further, each piece would need most of the others' state. Its
// widgets of their own, the score bar and the components chart, are in ScoreBar and
// ComponentsChart.
#include "EvidenceInspector.h"

#include "BackgroundWork.h"
#include "ComponentsChart.h"
#include "EvidenceTreeModel.h"
#include "RelationshipStore.h"
#include "ScoreBar.h"
#include "StatusColors.h"

#include <QApplication>
#include <QBoxLayout>
#include <QClipboard>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonValue>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr int DetailDelayMs = 15; // coalesces key-repeat bursts; below what the eye notices
constexpr int MaxChartBars = 12;
constexpr qsizetype MaxRawChars = 256 * 1024;
constexpr int AutoExpandMaxValues = 400; // small evidence opens expanded one level
QString formatTime(qint64 msSinceEpoch)
{
    if (msSinceEpoch == 0)
        return QStringLiteral("\u2014");
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toLocalTime();
    return time.toString(u"yyyy-MM-dd HH:mm"_s);
}

QString htmlColor(const QColor& color)
{
    return color.name(QColor::HexRgb);
}
} // namespace

struct EvidenceInspector::ParsedEvidence
{
    std::shared_ptr<const EvidenceDocument> document;
    EvidenceComponents components;

    static ParsedEvidence parse(const QByteArray& json)
    {
        ParsedEvidence parsed;
        parsed.document = std::make_shared<const EvidenceDocument>(EvidenceDocument::parse(json));
        parsed.components = EvidenceComponents::extract(*parsed.document);
        return parsed;
    }
};

EvidenceInspector::EvidenceInspector(RelationshipStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(u"evidenceInspector"_s);
    m_detailTimer.setSingleShot(true);
    m_detailTimer.setInterval(DetailDelayMs);
    connect(&m_detailTimer, &QTimer::timeout, this, &EvidenceInspector::updateDetails);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    buildHeader();

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildComponentsPage(), tr("Components"));
    m_tabs->addTab(buildEvidencePage(), tr("Evidence"));
    m_tabs->addTab(buildRawPage(), tr("Raw JSON"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { updateRawJson(); });

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tabs);
    QWidget* profiles = buildProfiles();
    splitter->addWidget(profiles);
    // The profiles open at their full height (ten short rows); the tabs take what is left and
    // any extra, and the analyst can move the handle.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({100000, profiles->sizeHint().height()});
    layout->addWidget(splitter, 1);

    connect(m_store, &RelationshipStore::rowsChanged, this, &EvidenceInspector::onRowsChanged);
    connect(m_store, &RelationshipStore::reset, this, &EvidenceInspector::onStoreReset);
    connect(m_store, &RelationshipStore::catalogChanged, this,
            &EvidenceInspector::onCatalogChanged);

    applyPalette();
    showRow(-1);
}

EvidenceInspector::~EvidenceInspector() = default;

void EvidenceInspector::buildHeader()
{
    auto* header = new QWidget;
    auto* grid = new QGridLayout(header);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(3);

    m_title = new QLabel;
    m_title->setObjectName(u"inspectorTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    grid->addWidget(m_title, 0, 0, 1, 2);

    auto addCaption = [&](const QString& text, int row) {
        auto* caption = new QLabel(text);
        caption->setForegroundRole(QPalette::PlaceholderText);
        grid->addWidget(caption, row, 0);
    };
    addCaption(tr("Type"), 1);
    m_type = new QLabel;
    m_type->setObjectName(u"inspectorType"_s);
    grid->addWidget(m_type, 1, 1);
    addCaption(tr("Status"), 2);
    m_status = new QLabel;
    m_status->setObjectName(u"inspectorStatus"_s);
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    grid->addWidget(m_status, 2, 1);
    addCaption(tr("Score"), 3);
    m_scoreBar = new ScoreBar;
    m_scoreBar->setObjectName(u"inspectorScore"_s);
    grid->addWidget(m_scoreBar, 3, 1);
    addCaption(tr("Times"), 4);
    m_times = new QLabel;
    m_times->setObjectName(u"inspectorTimes"_s);
    m_times->setWordWrap(true);
    grid->addWidget(m_times, 4, 1);
    grid->setColumnStretch(1, 1);

    static_cast<QVBoxLayout*>(layout())->addWidget(header);
}

QWidget* EvidenceInspector::buildComponentsPage()
{
    m_componentsStack = new QStackedWidget;

    m_componentsMessage = new QLabel;
    m_componentsMessage->setObjectName(u"componentsMessage"_s);
    m_componentsMessage->setAlignment(Qt::AlignCenter);
    m_componentsMessage->setWordWrap(true);
    m_componentsMessage->setForegroundRole(QPalette::PlaceholderText);
    m_componentsStack->addWidget(m_componentsMessage);

    auto* page = new QWidget;
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 4, 0, 0);
    pageLayout->setSpacing(4);

    m_chartView = new ComponentsChart;
    m_chartView->setObjectName(u"componentsChart"_s);

    m_facts = new QTreeWidget;
    m_facts->setObjectName(u"componentsFacts"_s);
    m_facts->setColumnCount(2);
    m_facts->setHeaderLabels({tr("Member"), tr("Value")});
    m_facts->setRootIsDecorated(false);
    m_facts->setUniformRowHeights(true);
    m_facts->setAlternatingRowColors(true);
    m_facts->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_facts->header()->setStretchLastSection(true);
    m_facts->header()->resizeSection(0, 170);
    m_facts->setMinimumWidth(160);

    m_componentsLayout = new QBoxLayout(QBoxLayout::TopToBottom);
    m_componentsLayout->setSpacing(4);
    m_componentsLayout->addWidget(m_chartView, 3);
    m_componentsLayout->addWidget(m_facts, 2);
    pageLayout->addLayout(m_componentsLayout, 1);

    m_samplesTitle = new QLabel(tr("Sample values"));
    m_samplesTitle->setForegroundRole(QPalette::PlaceholderText);
    pageLayout->addWidget(m_samplesTitle);
    m_samples = new QListWidget;
    m_samples->setObjectName(u"componentsSamples"_s);
    m_samples->setUniformItemSizes(true);
    m_samples->setWordWrap(false);
    m_samples->setTextElideMode(Qt::ElideRight);
    m_samples->setMaximumHeight(m_samples->fontMetrics().height() * 4 + 10);
    pageLayout->addWidget(m_samples);

    m_componentsStack->addWidget(page);
    return m_componentsStack;
}

QWidget* EvidenceInspector::buildEvidencePage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);

    m_treeStack = new QStackedWidget;
    m_treeMessage = new QLabel;
    m_treeMessage->setObjectName(u"evidenceMessage"_s);
    m_treeMessage->setAlignment(Qt::AlignCenter);
    m_treeMessage->setWordWrap(true);
    m_treeMessage->setForegroundRole(QPalette::PlaceholderText);
    m_treeStack->addWidget(m_treeMessage);

    m_treeModel = new EvidenceTreeModel(this);
    m_tree = new QTreeView;
    m_tree->setObjectName(u"evidenceTree"_s);
    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(EvidenceTreeModel::KeyColumn, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(EvidenceTreeModel::ValueColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(EvidenceTreeModel::TypeColumn, QHeaderView::Fixed);
    m_tree->header()->resizeSection(EvidenceTreeModel::KeyColumn, 190);
    m_tree->header()->resizeSection(EvidenceTreeModel::TypeColumn,
                                    m_tree->fontMetrics().horizontalAdvance(u"boolean"_s) + 24);
    m_treeStack->addWidget(m_tree);
    layout->addWidget(m_treeStack, 1);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &EvidenceInspector::showTreeMenu);
    auto* copyShortcut = new QShortcut(QKeySequence::Copy, m_tree);
    copyShortcut->setContext(Qt::WidgetShortcut);
    connect(copyShortcut, &QShortcut::activated, this,
            [this] { copyCurrent(EvidenceTreeModel::CopyValueRole); });

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    m_copyValue = new QToolButton;
    m_copyValue->setText(tr("Copy value"));
    m_copyValue->setToolTip(tr("Copy the selected value (a member's JSON for objects and arrays)"));
    m_copyPath = new QToolButton;
    m_copyPath->setText(tr("Copy path"));
    m_copyPath->setToolTip(
        tr("Copy the selected member's JSON path, e.g. $.value_overlap.containment"));
    connect(m_copyValue, &QToolButton::clicked, this,
            [this] { copyCurrent(EvidenceTreeModel::CopyValueRole); });
    connect(m_copyPath, &QToolButton::clicked, this,
            [this] { copyCurrent(EvidenceTreeModel::JsonPathRole); });
    buttons->addWidget(m_copyValue);
    buttons->addWidget(m_copyPath);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto updateButtons = [this] {
        const bool has = m_tree->currentIndex().isValid();
        m_copyValue->setEnabled(has);
        m_copyPath->setEnabled(has);
    };
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, updateButtons);
    connect(m_treeModel, &QAbstractItemModel::modelReset, this, updateButtons);
    updateButtons();
    return page;
}

QWidget* EvidenceInspector::buildRawPage()
{
    m_raw = new QPlainTextEdit;
    m_raw->setObjectName(u"evidenceRawJson"_s);
    m_raw->setReadOnly(true);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return m_raw;
}

QWidget* EvidenceInspector::buildProfiles()
{
    auto* box = new QGroupBox(tr("Column profiles"));
    box->setObjectName(u"columnProfiles"_s);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->setContentsMargins(4, 4, 4, 4);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    m_profileGrid = new QGridLayout(content);
    m_profileGrid->setContentsMargins(2, 2, 2, 2);
    m_profileGrid->setHorizontalSpacing(10);
    m_profileGrid->setVerticalSpacing(2);

    m_fromHeading = new QLabel(tr("From"));
    m_toHeading = new QLabel(tr("To"));
    for (QLabel* heading : {m_fromHeading, m_toHeading}) {
        QFont font = heading->font();
        font.setBold(true);
        heading->setFont(font);
    }
    m_profileGrid->addWidget(m_fromHeading, 0, 1);
    m_profileGrid->addWidget(m_toHeading, 0, 2);

    const QStringList fields = {
        tr("Column"), tr("Table"),      tr("Data type"),        tr("Primary key"),   tr("Nullable"),
        tr("Null %"), tr("Distinct %"), tr("Approx. distinct"), tr("Semantic type"), tr("Samples")};
    for (int i = 0; i < fields.size(); ++i) {
        auto* caption = new QLabel(fields[i]);
        caption->setForegroundRole(QPalette::PlaceholderText);
        caption->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        m_profileGrid->addWidget(caption, i + 1, 0);
        for (QList<QLabel*>* side : {&m_fromProfile, &m_toProfile}) {
            auto* value = new QLabel;
            value->setTextFormat(Qt::PlainText);
            value->setWordWrap(true);
            value->setAlignment(Qt::AlignLeft | Qt::AlignTop);
            value->setTextInteractionFlags(Qt::TextSelectableByMouse);
            value->setMinimumWidth(60);
            m_profileGrid->addWidget(value, i + 1, side == &m_fromProfile ? 1 : 2);
            side->append(value);
        }
    }
    m_profileGrid->setColumnStretch(1, 1);
    m_profileGrid->setColumnStretch(2, 1);
    m_profileGrid->setRowStretch(fields.size() + 1, 1);
    m_fromProfile.first()->setObjectName(u"fromProfileName"_s);
    m_toProfile.first()->setObjectName(u"toProfileName"_s);
    scroll->setWidget(content);
    boxLayout->addWidget(scroll);
    return box;
}

void EvidenceInspector::showRow(int storeRow)
{
    if (storeRow < 0 || storeRow >= m_store->size())
        storeRow = -1;
    m_row = storeRow;
    updateHeader();
    m_detailTimer.start(); // restarted: a burst of moves costs one update at its end
}

bool EvidenceInspector::isUpdatePending() const
{
    return m_detailTimer.isActive() || m_parsing;
}

QString EvidenceInspector::titleText() const
{
    return m_title->text();
}

void EvidenceInspector::updateHeader()
{
    if (m_row < 0) {
        m_title->setText(tr("No relationship selected"));
        m_type->clear();
        m_status->clear();
        m_scoreBar->clear();
        m_times->clear();
        return;
    }
    const RelationshipRows& rows = m_store->rows();
    const RelationshipRow& row = rows.row(m_row);
    const ColumnCatalog& catalog = m_store->catalog();
    const QString from = catalog.columnLabel(row.fromColumnId);
    const QString to = catalog.tableLabel(row.toTableId) % u'.' % rows.toColumnName(m_row);
    m_title->setText(from % u" \u2192 " % to);
    m_title->setToolTip(tr("Relationship %1").arg(row.id.toString(QUuid::WithoutBraces)));

    m_type->setText(row.type == RelationshipType::Unknown ? rows.typeText(m_row)
                                                          : typeDisplayName(row.type));

    const QPalette& pal = palette();
    const RelationshipStatus effective = m_store->effectiveStatus(m_row);
    const QString statusName = effective == RelationshipStatus::Unknown
                                   ? rows.statusText(m_row).toHtmlEscaped()
                                   : statusDisplayName(effective).toHtmlEscaped();
    QString status = u"<span style=\"color:%1\">\u25cf</span> <b>%2</b>"_s.arg(
        htmlColor(statusColor(effective, pal)), statusName);
    const DeliveryState delivery = m_store->delivery(m_row);
    if (delivery != DeliveryState::None) {
        const RowReviewState* review = m_store->reviewState(m_row);
        const QString message = review ? review->message : QString();
        QString note;
        switch (delivery) {
        case DeliveryState::Pending:
            note = row.status == effective ? tr("pending")
                                           : tr("pending, was %1")
                                                 .arg(row.status == RelationshipStatus::Unknown
                                                          ? rows.statusText(m_row)
                                                          : statusDisplayName(row.status));
            break;
        case DeliveryState::Failed:
            note = message.isEmpty() ? tr("failed") : tr("failed: %1").arg(message);
            break;
        case DeliveryState::Gone:
            note = tr("gone from the server");
            break;
        case DeliveryState::Conflict:
            note = message.isEmpty() ? tr("changed on the server")
                                     : tr("changed on the server: %1").arg(message);
            break;
        case DeliveryState::None:
            break;
        }
        status += u" <span style=\"color:%1\">\u00b7 %2</span>"_s.arg(
            htmlColor(deliveryColor(delivery, pal)), note.toHtmlEscaped());
    }
    m_status->setText(status);
    m_scoreBar->setScore(row.hasScore, row.score);
    m_times->setText(tr("created %1 \u00b7 updated %2")
                         .arg(formatTime(row.createdAtMs), formatTime(row.updatedAtMs)));
    m_times->setToolTip(tr("Times in local time; the server sends UTC"));
}

void EvidenceInspector::updateDetails()
{
    ++m_detailUpdates;
    QElapsedTimer timer;
    timer.start();
    const auto recordTime = qScopeGuard([&] { m_lastDetailNs = timer.nsecsElapsed(); });
    updateProfiles();
    if (m_row < 0) {
        m_parseWork.cancel(); // a worker parse still running is no longer wanted
        m_parsing = false;
        m_shownEvidence.clear();
        m_shownEvidenceRow = -1;
        m_treeModel->clear();
        m_components = {};
        showEvidenceMessage(tr("No relationship selected"));
        m_rawDirty = true;
        updateRawJson();
        return;
    }
    const QByteArrayView evidence = m_store->rows().evidenceJson(m_row);
    // Same row, same evidence (a decision landed): keep the tree as the analyst expanded it.
    if (m_row == m_shownEvidenceRow && evidence == QByteArrayView(m_shownEvidence))
        return;
    m_shownEvidence = evidence.toByteArray(); // a copy: a reload frees the store's bytes
    m_shownEvidenceRow = m_row;
    m_rawDirty = true;
    m_parseWork.cancel(); // the analyst moved on: an older parse is no longer wanted
    if (m_shownEvidence.size() <= AsyncParseBytes) {
        m_parsing = false;
        applyParsed(ParsedEvidence::parse(m_shownEvidence));
    } else {
        m_parsing = true;
        m_treeModel->clear();
        m_components = {};
        showEvidenceMessage(tr("Reading the evidence (%1)\u2026")
                                .arg(locale().formattedDataSize(m_shownEvidence.size())));
        m_parseWork.run(
            [bytes = m_shownEvidence](const std::atomic_bool&) {
                return std::make_shared<const ParsedEvidence>(ParsedEvidence::parse(bytes));
            },
            [this](const std::shared_ptr<const ParsedEvidence>& parsed) {
                m_parsing = false;
                applyParsed(*parsed);
            });
    }
    updateRawJson();
}

void EvidenceInspector::applyParsed(const ParsedEvidence& parsed)
{
    m_treeModel->setDocument(parsed.document);
    m_components = parsed.components;
    if (m_treeModel->isEmptyEvidence()) {
        showEvidenceMessage(tr("No evidence"));
        return;
    }
    m_treeStack->setCurrentWidget(m_tree);
    if (parsed.document->valueCount() <= AutoExpandMaxValues)
        m_tree->expandToDepth(0);
    updateChart();
}

void EvidenceInspector::showEvidenceMessage(const QString& message)
{
    m_treeMessage->setText(message);
    m_treeStack->setCurrentWidget(m_treeMessage);
    m_componentsMessage->setText(message);
    m_componentsStack->setCurrentWidget(m_componentsMessage);
}

void EvidenceInspector::updateChart()
{
    if (m_treeModel->hasError()) {
        m_componentsMessage->setText(m_treeModel->errorString());
        m_componentsStack->setCurrentWidget(m_componentsMessage);
        return;
    }
    if (m_components.isEmpty()) {
        m_componentsMessage->setText(tr("The evidence has no numbers, flags or texts to show."));
        m_componentsStack->setCurrentWidget(m_componentsMessage);
        return;
    }
    m_componentsStack->setCurrentIndex(1);

    // Fractions (0-1) share a scale and are what most pipelines weigh; counts and sizes would
    // dwarf them, so they are listed beside the chart instead. Without fractions, chart all.
    const QList<EvidenceComponents::Number> sorted = m_components.numbersByValue();
    QList<EvidenceComponents::Number> fractions;
    for (const auto& number : sorted) {
        if (number.value >= 0.0 && number.value <= 1.0)
            fractions.append(number);
    }
    const bool chartFractions = !fractions.isEmpty();
    const QList<EvidenceComponents::Number>& chartable = chartFractions ? fractions : sorted;
    const QList<EvidenceComponents::Number> charted = chartable.mid(0, MaxChartBars);

    // Largest on top.
    QList<ComponentsChart::Bar> bars;
    for (const auto& number : charted)
        bars.append({number.label, number.path, number.value});
    m_chartView->setBars(bars, chartFractions);
    m_chartView->setVisible(!charted.isEmpty());

    // Everything not charted is listed, so that nothing in the evidence is silently hidden.
    m_facts->setUpdatesEnabled(false);
    m_facts->clear();
    const QPalette& pal = palette();
    QList<QTreeWidgetItem*> items;
    auto addItem = [&](const QString& path, const QString& value, const QColor& color,
                       const QString& label = {}) {
        auto* item = new QTreeWidgetItem(
            {label.isEmpty() ? EvidenceComponents::shortLabel(path) : label, value});
        item->setToolTip(0, path);
        item->setToolTip(1, value);
        if (color.isValid())
            item->setForeground(1, color);
        items.append(item);
    };
    for (const auto& flag : m_components.flags) {
        addItem(flag.path, flag.value ? tr("\u2713 true") : tr("\u2717 false"),
                statusColor(
                    flag.value ? RelationshipStatus::Approved : RelationshipStatus::Rejected, pal));
    }
    for (const auto& text : m_components.texts)
        addItem(text.path, text.value, {});
    for (const auto& number : sorted) {
        const bool isCharted = std::any_of(charted.cbegin(), charted.cend(),
                                           [&](const auto& c) { return c.path == number.path; });
        if (!isCharted)
            addItem(number.path, QLocale().toString(number.value, 'g', 6), {}, number.label);
    }
    if (m_components.truncated) {
        addItem(u"\u2026"_s, tr("more members than shown; see the Evidence tab"),
                pal.color(QPalette::PlaceholderText));
    }
    m_facts->addTopLevelItems(items);
    m_facts->setVisible(!items.isEmpty());
    m_facts->setUpdatesEnabled(true);

    m_samples->clear();
    for (const auto& samples : m_components.sampleArrays) {
        QString text =
            EvidenceComponents::shortLabel(samples.path) % u": " % samples.values.join(u", "_s);
        if (samples.totalCount > samples.values.size())
            text += tr(" \u2026 (%1 of %2)").arg(samples.values.size()).arg(samples.totalCount);
        auto* item = new QListWidgetItem(text);
        item->setToolTip(samples.path % u'\n' % samples.values.join(u'\n'));
        m_samples->addItem(item);
    }
    const bool hasSamples = !m_components.sampleArrays.isEmpty();
    m_samples->setVisible(hasSamples);
    m_samplesTitle->setVisible(hasSamples);
}

namespace {
QString notAvailable()
{
    return EvidenceInspector::tr("not available");
}

QString formatBool(const std::optional<bool>& value)
{
    if (!value)
        return QStringLiteral("\u2014");
    return *value ? EvidenceInspector::tr("yes") : EvidenceInspector::tr("no");
}

// null_pct and distinct_pct are percentages (0-100), as their names say and the demo data writes.
QString formatPercent(const std::optional<double>& value)
{
    if (!value || std::isnan(*value))
        return QStringLiteral("\u2014");
    const double percent = *value;
    return QLocale().toString(percent, 'f', percent != 0 && std::abs(percent) < 10 ? 1 : 0) % u" %";
}

QString sampleText(const QJsonArray& samples, int maxItems, int maxChars)
{
    QStringList parts;
    for (qsizetype i = 0; i < samples.size() && i < maxItems; ++i) {
        const QJsonValue value = samples.at(i);
        if (value.isString())
            parts.append(value.toString());
        else if (value.isDouble())
            parts.append(QString::number(value.toDouble(), 'g', 12));
        else if (value.isBool())
            parts.append(value.toBool() ? u"true"_s : u"false"_s);
        else if (value.isNull())
            parts.append(u"null"_s);
        else
            parts.append(value.isArray() ? u"[\u2026]"_s : u"{\u2026}"_s);
    }
    QString text = parts.join(u", "_s);
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) % u'\u2026';
    else if (samples.size() > maxItems)
        text += u", \u2026"_s;
    return text;
}
} // namespace

void EvidenceInspector::updateProfiles()
{
    const ColumnCatalog& catalog = m_store->catalog();
    if (m_columnLookupDirty) {
        m_columnByTableAndName.clear();
        const QList<ColumnInfo> columns = catalog.columns();
        m_columnByTableAndName.reserve(columns.size());
        for (const ColumnInfo& column : columns)
            m_columnByTableAndName.insert({column.tableId, column.name}, column.id);
        m_columnLookupDirty = false;
    }

    auto fill = [&](QList<QLabel*>& labels, const ColumnInfo* info, const QString& knownName,
                    const QString& knownTable) {
        QStringList texts;
        texts.append(info && !info->name.isEmpty() ? info->name : knownName);
        QString table = knownTable;
        if (info && !info->tableName.isEmpty())
            table = info->tableName;
        else if (info && table.isEmpty())
            table = catalog.tableLabel(info->tableId);
        texts.append(table);
        if (info) {
            texts.append(info->dataType.isEmpty() ? u"\u2014"_s : info->dataType);
            texts.append(formatBool(info->isPrimaryKey));
            texts.append(formatBool(info->isNullable));
            texts.append(formatPercent(info->nullPct));
            texts.append(formatPercent(info->distinctPct));
            texts.append(info->approxDistinctCount ? QLocale().toString(*info->approxDistinctCount)
                                                   : u"\u2014"_s);
            QString semantic = info->semanticType.isEmpty() ? u"\u2014"_s : info->semanticType;
            if (!info->semanticType.isEmpty() && info->semanticTypeConfidence)
                semantic +=
                    u" (" % QLocale().toString(*info->semanticTypeConfidence, 'f', 2) % u')';
            texts.append(semantic);
            texts.append(info->sampleValues.isEmpty() ? u"\u2014"_s
                                                      : sampleText(info->sampleValues, 6, 90));
        }
        for (int i = 0; i < labels.size(); ++i) {
            QLabel* label = labels[i];
            const bool missing = i >= texts.size() || texts[i].isEmpty();
            label->setText(missing ? notAvailable() : texts[i]);
            label->setForegroundRole(missing ? QPalette::PlaceholderText : QPalette::WindowText);
            QFont font = label->font();
            font.setItalic(missing);
            label->setFont(font);
        }
        if (info && !info->sampleValues.isEmpty())
            labels.last()->setToolTip(sampleText(info->sampleValues, 50, 2000));
        else
            labels.last()->setToolTip({});
    };

    if (m_row < 0) {
        for (QList<QLabel*>* side : {&m_fromProfile, &m_toProfile}) {
            for (QLabel* label : *side)
                label->clear();
        }
        return;
    }
    const RelationshipRows& rows = m_store->rows();
    const RelationshipRow& row = rows.row(m_row);
    const ColumnInfo* from = catalog.column(row.fromColumnId);
    const ColumnInfo* to = nullptr;
    const auto toId = m_columnByTableAndName.constFind({row.toTableId, rows.toColumnName(m_row)});
    if (toId != m_columnByTableAndName.constEnd())
        to = catalog.column(*toId);
    fill(m_fromProfile, from, shortId(row.fromColumnId), QString());
    fill(m_toProfile, to, rows.toColumnName(m_row), catalog.tableLabel(row.toTableId));
}

void EvidenceInspector::updateRawJson()
{
    if (!m_rawDirty || m_tabs->currentWidget() != m_raw)
        return; // filled when the tab is shown: pretty-printing is wasted on a hidden tab
    m_rawDirty = false;
    if (m_row < 0) {
        m_raw->clear();
        return;
    }
    if (m_shownEvidence.trimmed().isEmpty()) {
        m_raw->setPlainText(tr("No evidence"));
        return;
    }
    bool truncated = false;
    QString text = prettyPrintJson(m_shownEvidence, MaxRawChars, &truncated);
    if (truncated) {
        text +=
            u"\n\n" % tr("\u2026 truncated: the first %1 of %2 are shown. Copy a value from the "
                         "Evidence tab for the whole of a member.")
                          .arg(locale().formattedDataSize(MaxRawChars),
                               locale().formattedDataSize(m_shownEvidence.size()));
    }
    m_raw->setPlainText(text);
}

void EvidenceInspector::onRowsChanged(const QList<int>& rows)
{
    if (m_row >= 0 && rows.contains(m_row)) {
        updateHeader();
        m_detailTimer.start();
    }
}

void EvidenceInspector::onStoreReset()
{
    m_columnLookupDirty = true;
    m_shownEvidenceRow = -1;
    showRow(-1);
}

void EvidenceInspector::onCatalogChanged()
{
    m_columnLookupDirty = true;
    updateHeader();
    updateProfiles();
}

void EvidenceInspector::copyCurrent(int role)
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    QGuiApplication::clipboard()->setText(current.siblingAtColumn(0).data(role).toString());
}

void EvidenceInspector::showTreeMenu(const QPoint& position)
{
    const QModelIndex index = m_tree->indexAt(position);
    if (!index.isValid())
        return;
    m_tree->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(tr("Copy value"), this,
                   [this] { copyCurrent(EvidenceTreeModel::CopyValueRole); });
    menu.addAction(tr("Copy path"), this, [this] { copyCurrent(EvidenceTreeModel::JsonPathRole); });
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

void EvidenceInspector::applyPalette()
{
    const QPalette& pal = palette();
    m_chartView->applyPalette(pal);
}

void EvidenceInspector::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_chartView) {
        applyPalette();
        updateHeader();
    }
}

void EvidenceInspector::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Beside each other when there is room, else stacked: a dock is often narrow.
    if (m_componentsLayout) {
        m_componentsLayout->setDirection(width() >= 620 ? QBoxLayout::LeftToRight
                                                        : QBoxLayout::TopToBottom);
    }
}
