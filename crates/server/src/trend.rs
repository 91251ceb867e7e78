//! Line charts of the headline scores over the saved assessments, drawn as inline SVG: x is when
//! each assessment was saved (to scale, so a gap of two quarters looks like one), y the score on
//! a fixed range (a phase is out of 4, a CSMM score out of 5), so that a chart never exaggerates a
//! small move. Each point carries its value as text in a `<title>`, which browsers show on hover
//! and screen readers read, and as data attributes.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

const WIDTH: f64 = 440.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 50.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 30.0;

/// One saved assessment's value.
pub(crate) struct Point {
    /// The saved assessment.
    pub(crate) id: i64,
    pub(crate) saved_at: DateTime<Utc>,
    pub(crate) value: f64,
}

/// A chart: its title, the top of its y range and where its gridlines go.
pub(crate) struct Chart<'a> {
    /// Also the chart's `data-trend` attribute.
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) max: f64,
    pub(crate) ticks: Vec<f64>,
    /// How a value is written (`"{:.1}"` for scores, whole numbers for counts).
    pub(crate) decimals: usize,
    /// Oldest first.
    pub(crate) points: Vec<Point>,
}

/// Seconds since the epoch, as a coordinate.
fn seconds(at: DateTime<Utc>) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "timestamps in seconds are far below 2^52")]
    let seconds = at.timestamp() as f64;
    seconds
}

impl Chart<'_> {
    fn x(&self, at: DateTime<Utc>) -> f64 {
        let plot = WIDTH - LEFT - RIGHT;
        match (self.points.first(), self.points.last()) {
            (Some(first), Some(last)) if last.saved_at > first.saved_at => {
                let (start, end) = (seconds(first.saved_at), seconds(last.saved_at));
                LEFT + (seconds(at) - start) / (end - start) * plot
            }
            _ => LEFT + plot / 2.0,
        }
    }

    fn y(&self, value: f64) -> f64 {
        let plot = HEIGHT - TOP - BOTTOM;
        let share = if self.max > 0.0 { (value / self.max).clamp(0.0, 1.0) } else { 0.0 };
        TOP + (1.0 - share) * plot
    }

    fn value(&self, value: f64) -> String {
        format!("{value:.*}", self.decimals)
    }

    /// The chart as SVG inside its card.
    pub(crate) fn render(&self) -> Markup {
        let path: Vec<String> =
            self.points.iter().map(|p| format!("{:.1},{:.1}", self.x(p.saved_at), self.y(p.value))).collect();
        let first = self.points.first();
        let last = self.points.last().filter(|_| self.points.len() > 1);
        html! {
            figure.trend data-trend=(self.id) {
                h3 { (self.title) }
                svg viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label=(self.title)
                    xmlns="http://www.w3.org/2000/svg" {
                    @for tick in &self.ticks {
                        @let y = format!("{:.1}", self.y(*tick));
                        line.grid-y x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y) y2=(y) {}
                        text x=(LEFT - 6.0) y=(format!("{:.1}", self.y(*tick) + 4.0)) text-anchor="end" { (self.value(*tick)) }
                    }
                    @if path.len() > 1 { polyline.line points=(path.join(" ")) {} }
                    @for point in &self.points {
                        @let (x, y) = (self.x(point.saved_at), self.y(point.value));
                        circle.point cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="4.5"
                            data-id=(point.id) data-value=(self.value(point.value)) {
                            title {
                                "Assessment " (point.id) ", saved " (point.saved_at.format("%Y-%m-%d")) ": "
                                (self.value(point.value))
                            }
                        }
                        text.point-label x=(format!("{x:.1}")) y=(format!("{:.1}", y - 9.0)) text-anchor="middle" {
                            (self.value(point.value))
                        }
                    }
                    @for point in first.into_iter().chain(last) {
                        text x=(format!("{:.1}", self.x(point.saved_at))) y=(HEIGHT - 8.0) text-anchor="middle" {
                            (point.saved_at.format("%Y-%m-%d"))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;

    fn at(month: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, month, 1, 0, 0, 0).single().unwrap_or_default()
    }

    #[test]
    fn points_are_placed_to_scale_on_a_fixed_range() {
        let chart = Chart {
            id: "phase",
            title: "Phase",
            max: 4.0,
            ticks: vec![0.0, 4.0],
            decimals: 0,
            points: vec![
                Point { id: 1, saved_at: at(1), value: 0.0 },
                Point { id: 2, saved_at: at(2), value: 2.0 },
                Point { id: 3, saved_at: at(5), value: 4.0 },
            ],
        };
        assert!((chart.x(at(1)) - LEFT).abs() < 1e-9);
        assert!((chart.x(at(5)) - (WIDTH - RIGHT)).abs() < 1e-9);
        // February is a quarter of the way from January to May (31 of 120 days).
        assert!(chart.x(at(2)) < LEFT + (WIDTH - LEFT - RIGHT) * 0.3);
        assert!((chart.y(4.0) - TOP).abs() < 1e-9);
        assert!((chart.y(0.0) - (HEIGHT - BOTTOM)).abs() < 1e-9);
        let svg = chart.render().into_string();
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("<polyline"));
    }

    #[test]
    fn one_point_sits_in_the_middle_without_a_line() {
        let chart = Chart {
            id: "score",
            title: "Score",
            max: 5.0,
            ticks: vec![],
            decimals: 1,
            points: vec![Point { id: 7, saved_at: at(3), value: 2.5 }],
        };
        let svg = chart.render().into_string();
        assert!(svg.contains(r#"data-value="2.5""#) && !svg.contains("<polyline"), "{svg}");
    }
}
