//! Word lists searched in one pass. The narrative rules look for dozens of words in every clause
//! they read: one Aho-Corasick automaton per list, built once, finds them all in one pass over
//! the clause, where searching word by word builds a searcher and reads the clause again for
//! every word.
//!
//! [`Words`] is for clauses: its automaton runs without a prefilter, which pays on a clause of a
//! few dozen characters. [`TextWords`] is for whole reports: its automaton skips ahead with the
//! packed (SIMD) prefilter, which matches on a word's first three bytes at once and so rules out
//! most places of a Chinese text; a prefilter on single bytes, or `memmem`'s on a pair of bytes
//! it guesses rare from ASCII text, keeps stopping at the few lead bytes every Chinese character
//! starts with. On 300 real-shaped reports one pass for a dozen words costs about a quarter of
//! one `memmem` search per word.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// A list of words to find, as one automaton.
pub(crate) struct Words(AhoCorasick);

impl Words {
    /// The words as a DFA, the fastest to search, for lists read in every clause.
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Words {
        Words::of_kind(words, AhoCorasickKind::DFA)
    }

    /// The words as an NFA, for lists read in a few clauses of a run: a DFA over dozens of
    /// Chinese words takes more instructions to build (a few million, once per process) than
    /// such a list ever spends searching on a few hundred reports. Both find the same places.
    pub fn seldom<'w>(words: impl IntoIterator<Item = &'w str>) -> Words {
        Words::of_kind(words, AhoCorasickKind::NoncontiguousNFA)
    }

    fn of_kind<'w>(words: impl IntoIterator<Item = &'w str>, kind: AhoCorasickKind) -> Words {
        let automaton = AhoCorasick::builder()
            .kind(Some(kind))
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

/// A list of words to find in whole texts, as one automaton with a prefilter. The words must
/// never overlap in a text (no word holds another, and no word's end is the start of another or
/// of itself), so that one leftmost search, the kind the packed prefilter serves, finds every
/// place of every word.
pub(crate) struct TextWords(AhoCorasick);

impl TextWords {
    /// The words as one automaton; panics when two of them could overlap (a fault in the list,
    /// which its tests show).
    pub fn new(words: &[&str]) -> TextWords {
        assert!(never_overlap(words), "overlapping words: {words:?}");
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostFirst)
            .build(words)
            .expect("plain words always build");
        TextWords(automaton)
    }

    /// Every place of every word in `text` as (word's index in the list, start): word by word in
    /// list order, each word's places in text order, which is what `text.match_indices(word)`
    /// gives for each word in turn.
    pub fn places(&self, text: &str) -> Vec<(usize, usize)> {
        let mut all: Vec<(usize, usize)> = self
            .0
            .find_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start()))
            .collect();
        all.sort_unstable();
        all
    }
}

/// True when no two places of the words (of one word or of two) can overlap in any text.
fn never_overlap(words: &[&str]) -> bool {
    words.iter().enumerate().all(|(i, a)| {
        words.iter().enumerate().all(|(j, b)| {
            (i == j || !a.contains(b))
                && (1..a.len()).all(|k| !b.as_bytes().starts_with(&a.as_bytes()[k..]))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{TextWords, Words, never_overlap};

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
            assert_eq!(
                Words::seldom(words).places(text),
                one_by_one(&words, text),
                "{text}"
            );
        }
    }

    #[test]
    fn any_word_anywhere_is_a_match() {
        for w in [Words::new(["同比", "%"]), Words::seldom(["同比", "%"])] {
            assert!(w.any_in("受理申请同比增加"));
            assert!(w.any_in("达95%"));
            assert!(!w.any_in("受理申请120件"));
        }
    }

    #[test]
    fn a_text_search_finds_each_word_where_a_search_per_word_finds_it() {
        let words = ["件", "未收到", "没有收到", "均维持", "全部维持"];
        for text in [
            "未收到申请，没有收到行政复议，共3件，均维持。全部维持件件",
            "件件件",
            "",
            "无关的文字",
        ] {
            let places: Vec<(usize, usize, usize)> = TextWords::new(&words)
                .places(text)
                .into_iter()
                .map(|(w, s)| (w, s, s + words[w].len()))
                .collect();
            assert_eq!(places, one_by_one(&words, text), "{text}");
        }
    }

    #[test]
    fn words_that_could_overlap_cannot_be_searched_in_one_pass() {
        assert!(never_overlap(&["件", "未收到", "均维持"]));
        // One holds the other.
        assert!(!never_overlap(&["维持", "均维持"]));
        // `均维持` runs into `持续`: one pass would miss the second.
        assert!(!never_overlap(&["均维持", "持续"]));
        // `啊啊` overlaps itself in `啊啊啊`.
        assert!(!never_overlap(&["啊啊"]));
    }
}
