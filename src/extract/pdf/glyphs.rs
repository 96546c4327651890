//! The glyphs a PDF draws, with their positions: what pdf-extract's content-stream interpreter
//! reports, collected per page.
//!
//! pdf-extract's own text output follows the content stream's order, which is the producer's
//! drawing order, not the reading order (some producers draw a table column by column). So only
//! the positions are taken from it; [`super::lines`] rebuilds the rows.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One drawn character, in page space with y growing downwards (points from the top edge).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub x: f32,
    /// The baseline.
    pub y: f32,
    /// Advance width.
    pub w: f32,
    /// Font size after the text matrix (points).
    pub size: f32,
    pub ch: char,
}

/// The glyphs of one page, in drawing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
}

/// Why collecting stopped early; the pages collected so far are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Deadline,
    TooManyGlyphs,
}

/// An [`OutputDev`] that records glyphs and refuses to go on past a deadline or a glyph budget
/// (an error returned from here ends pdf-extract's interpreter cleanly). Collectors of pages
/// read in parallel share one glyph count, so the budget is the document's.
pub struct Collector<'a> {
    pub pages: Vec<Page>,
    deadline: Instant,
    max_glyphs: usize,
    count: &'a AtomicUsize,
    /// This collector's own glyphs, for spacing out the clock checks.
    own: usize,
    next_check: usize,
    pub stopped: Option<Stop>,
}

impl<'a> Collector<'a> {
    pub fn new(deadline: Instant, max_glyphs: usize, count: &'a AtomicUsize) -> Collector<'a> {
        Collector {
            pages: Vec::new(),
            deadline,
            max_glyphs,
            count,
            own: 0,
            next_check: 0,
            stopped: None,
        }
    }

    fn stop(&mut self, why: Stop) -> Result<(), OutputError> {
        self.stopped = Some(why);
        Err(OutputError::FormatError(std::fmt::Error))
    }
}

impl OutputDev for Collector<'_> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Page {
            number: page_num,
            height: (media_box.ury - media_box.lly) as f32,
            glyphs: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let n = text.len().max(1);
        self.own += n;
        if self.count.fetch_add(n, Ordering::Relaxed) + n > self.max_glyphs {
            return self.stop(Stop::TooManyGlyphs);
        }
        // Checking the clock costs little next to decoding a glyph, but not nothing.
        if self.own >= self.next_check {
            self.next_check = self.own + 256;
            if Instant::now() > self.deadline {
                return self.stop(Stop::Deadline);
            }
        }
        let Some(page) = self.pages.last_mut() else {
            return Ok(());
        };
        // The size of a square with the area the text matrix gives a font-size square.
        let (vx, vy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (vx * vy).abs().sqrt();
        // Flipped so that y grows down the page, as a reader reads.
        let (x, y) = (trm.m31, f64::from(page.height) - trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite() && width.is_finite()) {
            return Ok(());
        }
        // A ligature or a multi-character mapping shares the glyph's advance.
        let n = text.chars().count().max(1) as f64;
        let advance = width * size / n;
        for (i, ch) in text.chars().enumerate() {
            page.glyphs.push(Glyph {
                x: (x + advance * i as f64) as f32,
                y: y as f32,
                w: advance as f32,
                size: size as f32,
                ch,
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
