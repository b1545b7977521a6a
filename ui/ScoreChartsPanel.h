#pragma once

#include "ScoreBinning.h"

#include <QTimer>
#include <QWidget>

#include <array>

class RelationshipTableModel;
class ScoreChartView;
class QBarSeries;
class QBarSet;
class QCategoryAxis;
class QChart;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QSlider;
class QStackedBarSeries;
class QValueAxis;

// The score charts, a dock for the rows matching the current filter: a histogram of scores
// stacked by status (with "no score" and "out of range" bars so that no row is silently dropped),
// the current row's score and a threshold marked on it; the threshold control with how many
// SUGGESTED rows lie at or above it (a later bulk approval uses it); and a calibration chart of
// the approved share of reviewed rows per score bin.
//
// Re-binning is one pass over the model's visible rows (ScoreBinning), debounced after the
// model changes; the charts draw bins, never one item per row.
class ScoreChartsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ScoreChartsPanel(RelationshipTableModel* model, QWidget* parent = nullptr);
    ~ScoreChartsPanel() override;

    void setCurrentStoreRow(int storeRow); // -1: none
    int currentStoreRow() const { return m_currentRow; }
    double threshold() const { return m_threshold; }
    void setThreshold(double threshold); // clamped to 0-1
    int suggestedAtOrAbove() const { return m_binning.suggestedAtOrAbove(); }
    int suggestedBelow() const { return m_binning.suggestedBelow(); }

    // The binning the charts show, for tests; rebinNow() skips the debounce.
    const ScoreBinning& binning() const { return m_binning; }
    bool isRebinPending() const { return m_rebinTimer.isActive(); }
    void rebinNow();
    QString thresholdCountText() const;
    // The compared list's score histogram drawn over the bars (a line), while compared.
    bool showsComparedScores() const;

    static constexpr int RebinDelayMs = 100;

signals:
    void thresholdChanged(double threshold);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildHistogram();
    void buildCalibration();
    void scheduleRebin();
    void updateHistogram();
    void updateCalibration();
    void updateThresholdMarker();
    void updateCurrentMarker();
    void updateCountLabel();
    void updateComparedScores();
    void applyPalette();
    void onHistogramHovered(bool status, int index);
    void onCalibrationHovered(const QPointF& point, bool state);
    QString binRangeText(int slot) const;

    // x positions on the histogram: bins at 0..n-1, then a gap, "no score", a gap, "out of range"
    int noScoreSlot() const { return m_binning.binCount() + 1; }
    int outOfRangeSlot() const { return m_binning.binCount() + 3; }
    int slotCount() const { return m_binning.binCount() + 4; }
    double xOfScore(double score) const; // score on the bins' x scale

    RelationshipTableModel* m_model;
    ScoreBinning m_binning;
    quint64 m_binnedSetGeneration = 0; // RelationshipTableModel::visibleSetGeneration() binned
    QTimer m_rebinTimer;
    double m_threshold = ScoreBinning::DefaultThreshold;
    int m_currentRow = -1;

    QLabel* m_histogramTitle = nullptr;
    ScoreChartView* m_histogramView = nullptr;
    QChart* m_histogram = nullptr;
    QStackedBarSeries* m_statusBars = nullptr;
    std::array<QBarSet*, 4> m_statusSets{};
    QCategoryAxis* m_histogramX = nullptr;
    QValueAxis* m_histogramY = nullptr;
    QLineSeries* m_thresholdLine = nullptr;
    QLineSeries* m_currentLine = nullptr;
    QScatterSeries* m_currentMarker = nullptr;
    QLineSeries* m_comparedLine = nullptr;
    int m_comparedMax = 0;

    QSlider* m_slider = nullptr;
    QDoubleSpinBox* m_spin = nullptr;
    QLabel* m_countLabel = nullptr;

    QLabel* m_calibrationTitle = nullptr;
    ScoreChartView* m_calibrationView = nullptr;
    QChart* m_calibration = nullptr;
    QBarSeries* m_reviewedBars = nullptr;
    QBarSet* m_reviewedSet = nullptr;
    QLineSeries* m_shareLine = nullptr;
    QScatterSeries* m_sharePoints = nullptr;
    QLineSeries* m_diagonal = nullptr;
    QCategoryAxis* m_calibrationX = nullptr;
    QValueAxis* m_shareAxis = nullptr;
    QValueAxis* m_reviewedAxis = nullptr;
};
