//! Grouped bar charts as SVG, drawn with plotters' SVG backend (text is
//! emitted as SVG `<text>`, so no font files are needed).

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// One series: its name and one value per category (`None` = no bar).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A grouped bar chart.
pub struct Chart<'a> {
    pub title: &'a str,
    pub y_desc: &'a str,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Logarithmic y axis (for costs that span orders of magnitude).
    pub log: bool,
    /// A dashed horizontal reference line (1.0 for ratios).
    pub reference: Option<f64>,
    /// Shown inside the plot when there is nothing to draw, or as a note.
    pub note: Option<String>,
}

const COLORS: [RGBColor; 6] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
];

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Writes `chart` to `path`.
pub fn draw(chart: &Chart, path: &Path) -> DrawResult {
    let root = SVGBackend::new(path, (1000, 520)).into_drawing_area();
    root.fill(&WHITE)?;
    let vmax = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(chart.reference.unwrap_or(0.0), |a, &b| a.max(b));
    let n = chart.categories.len().max(1) as f64;
    if chart.log {
        let vmin = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .fold(f64::INFINITY, |a, &b| a.min(b));
        let lo = if vmin.is_finite() {
            10f64.powf(vmin.max(1e-3).log10().floor())
        } else {
            1.0
        };
        let hi = 10f64.powf((vmax.max(lo * 10.0) * 1.5).log10().ceil());
        let mut cc = builder(&root, chart).build_cartesian_2d(0f64..n, (lo..hi).log_scale())?;
        cc.configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|_| String::new())
            .y_label_formatter(&|v| short(*v))
            .y_desc(chart.y_desc)
            .draw()?;
        bars(&mut cc, chart, lo)?;
        labels(&root, &cc, chart, lo)?;
    } else {
        let hi = if vmax > 0.0 { vmax * 1.15 } else { 1.0 };
        let mut cc = builder(&root, chart).build_cartesian_2d(0f64..n, 0f64..hi)?;
        cc.configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|_| String::new())
            .y_desc(chart.y_desc)
            .draw()?;
        bars(&mut cc, chart, 0.0)?;
        labels(&root, &cc, chart, 0.0)?;
    }
    root.present()?;
    Ok(())
}

fn builder<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    chart: &Chart,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut b = ChartBuilder::on(root);
    b.caption(chart.title, ("sans-serif", 20))
        .margin(14)
        .x_label_area_size(46)
        .y_label_area_size(70);
    b
}

/// Draws the bars, the reference line, the value labels and the legend.
fn bars<'a, 'b: 'a, Y>(
    cc: &mut ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, Y>>,
    chart: &Chart,
    base: f64,
) -> DrawResult
where
    Y: Ranged<ValueType = f64>,
{
    let k = chart.series.len().max(1) as f64;
    let width = 0.8 / k;
    for (si, s) in chart.series.iter().enumerate() {
        let color = COLORS[si % COLORS.len()];
        let rects = s.values.iter().enumerate().filter_map(|(ci, v)| {
            let v = (*v)?;
            let x0 = ci as f64 + 0.1 + si as f64 * width;
            Some(Rectangle::new(
                [(x0, base), (x0 + width * 0.92, v)],
                color.filled(),
            ))
        });
        cc.draw_series(rects)?
            .label(s.name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
        let texts = s.values.iter().enumerate().filter_map(|(ci, v)| {
            let v = (*v)?;
            let x = ci as f64 + 0.1 + (si as f64 + 0.46) * width;
            let style = ("sans-serif", 11)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            Some(Text::new(short(v), (x, v), style))
        });
        // Value labels only while the bars are wide enough to hold them.
        if chart.series.len() <= 4 {
            cc.draw_series(texts)?;
        }
    }
    if let Some(r) = chart.reference {
        let n = chart.categories.len() as f64;
        cc.draw_series(DashedLineSeries::new(
            [(0.0, r), (n, r)],
            6,
            4,
            BLACK.stroke_width(1),
        ))?;
    }
    if !chart.series.is_empty() {
        cc.configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()?;
    }
    Ok(())
}

/// Category names under the x axis, and the note, in pixel coordinates.
fn labels<Y>(
    root: &DrawingArea<SVGBackend, Shift>,
    cc: &ChartContext<SVGBackend, Cartesian2d<RangedCoordf64, Y>>,
    chart: &Chart,
    base: f64,
) -> DrawResult
where
    Y: Ranged<ValueType = f64>,
{
    let style = ("sans-serif", 14)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, c) in chart.categories.iter().enumerate() {
        let (px, py) = cc.backend_coord(&(i as f64 + 0.5, base));
        root.draw(&Text::new(c.as_str(), (px, py + 22), style.clone()))?;
    }
    if let Some(note) = &chart.note {
        let (px, _) = cc.backend_coord(&(chart.categories.len() as f64 / 2.0, base));
        let s = ("sans-serif", 14)
            .into_font()
            .color(&RED)
            .pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(note.as_str(), (px, 40), s))?;
    }
    Ok(())
}

/// A value as a short label: 3 significant digits, or an integer.
fn short(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("bench-chart-{}-{name}", std::process::id()))
    }

    #[test]
    fn draws_linear_and_log_charts() {
        for log in [false, true] {
            let path = tmp(if log { "log.svg" } else { "lin.svg" });
            let chart = Chart {
                title: "t",
                y_desc: "y",
                categories: vec!["write_dz".into(), "cow".into()],
                series: vec![
                    Series {
                        name: "a".into(),
                        values: vec![Some(2204.0), None],
                    },
                    Series {
                        name: "b".into(),
                        values: vec![Some(0.25), Some(3.0)],
                    },
                ],
                log,
                reference: Some(1.0),
                note: Some("note".into()),
            };
            draw(&chart, &path).unwrap();
            let svg = std::fs::read_to_string(&path).unwrap();
            assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
            assert!(svg.contains("write_dz") && svg.contains("2204"));
            std::fs::remove_file(&path).unwrap();
        }
    }

    #[test]
    fn empty_chart_still_draws() {
        let path = tmp("empty.svg");
        let chart = Chart {
            title: "t",
            y_desc: "y",
            categories: vec!["x".into()],
            series: vec![],
            log: false,
            reference: Some(1.0),
            note: Some("this kernel: unavailable".into()),
        };
        draw(&chart, &path).unwrap();
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("unavailable"));
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn short_labels() {
        assert_eq!(short(2204.04), "2204");
        assert_eq!(short(12.34), "12.3");
        assert_eq!(short(0.256), "0.26");
    }
}
