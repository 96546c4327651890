//! Word lists searched in one pass. The narrative rules look for dozens of words in every clause
//! they read: one Aho-Corasick automaton per list, built once, finds them all in one pass over
//! the clause, where searching word by word builds a searcher and reads the clause again for
//! every word.
//!
//! For clauses, not whole texts: the automaton runs without a prefilter, which pays on a clause
//! of a few dozen characters but not over a whole report, where a single word's `memmem` search
//! skips ahead far faster. (A byte prefilter gains little on Chinese text anyway: every character
//! starts with one of a few lead bytes.)

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// A list of words to find, as one automaton.
pub(crate) struct Words(AhoCorasick);

impl Words {
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Words {
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(words)
            .expect("plain words always build");
        Words(automaton)
    }

    /// True when any of the words occurs in `text`.
    pub fn any_in(&self, text: &str) -> bool {
        self.0.is_match(text)
    }

    /// Every place of every word in `text` as (word's index in the list, start, end): word by
    /// word in list order, each word's places in text order without overlapping each other,
    /// which is what `text.match_indices(word)` gives for each word in turn.
    pub fn places(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut all: Vec<(usize, usize, usize)> = self
            .0
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        all.sort_unstable();
        // `match_indices` goes on after the end of a match: a word overlapping its own previous
        // place is not found again.
        let mut last: Option<(usize, usize)> = None;
        all.retain(|&(word, start, end)| {
            let overlaps = last.is_some_and(|(w, e)| w == word && start < e);
            if !overlaps {
                last = Some((word, end));
            }
            !overlaps
        });
        all
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    /// `match_indices` word after word, the reference `places` must agree with.
    fn one_by_one(words: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        words
            .iter()
            .enumerate()
            .flat_map(|(w, word)| {
                text.match_indices(word)
                    .map(move |(i, m)| (w, i, i + m.len()))
            })
            .collect()
    }

    #[test]
    fn places_are_word_by_word_in_text_order_as_a_search_per_word_finds_them() {
        let words = ["未审结", "尚未审结", "维持", "均获维持", "aa", "件"];
        for text in [
            "行政复议3件，其中维持2件，尚未审结一件，未审结1件。",
            "均获维持，维持维持",
            "aaaaa件",
            "",
            "无关的文字",
        ] {
            assert_eq!(
                Words::new(words).places(text),
                one_by_one(&words, text),
                "{text}"
            );
        }
    }

    #[test]
    fn any_word_anywhere_is_a_match() {
        let w = Words::new(["同比", "%"]);
        assert!(w.any_in("受理申请同比增加"));
        assert!(w.any_in("达95%"));
        assert!(!w.any_in("受理申请120件"));
    }
}
