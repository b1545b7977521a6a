#pragma once

#include <QString>
#include <QWidget>

// The score as a bar on 0-1 with its value; says so when the score is missing or out of range.
// The evidence inspector's header shows one.
class ScoreBar : public QWidget
{
public:
    explicit ScoreBar(QWidget* parent = nullptr);

    void setScore(bool hasScore, double score);
    void clear();
    QString text() const { return m_text; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool m_hasScore = false;
    double m_score = 0;
    QString m_text;
};
