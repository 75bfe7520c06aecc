//! Where the language toggle of a taxonomy term page leads: the term of the other language's
//! taxonomy that holds the translations of this term's pages (`/en/topics/fpt-relations/` ↔
//! `/fr/sujets/relations-fpt/`). Terms are named freely in each language, so they are matched
//! by their pages, not by their names.
//!
//! Input: the site's taxonomies and one term. Output: the path of the matching term in each
//! other language, or the other language's list of terms when no term shares a page.
//! Failure: none.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::site::Site;

/// The term of taxonomy `other` whose pages overlap most with term `term` of taxonomy `tax`
/// (by page key; ties go to the first term in the taxonomy's order), if any shares a page.
pub fn matching_term(site: &Site, tax: usize, term: usize, other: usize) -> Option<String> {
    let keys = |t: usize, i: usize| -> BTreeSet<&str> {
        site.taxonomies[t].terms[i].pages.iter().map(|&p| site.entries[p].key()).collect()
    };
    let mine = keys(tax, term);
    let (mut best, mut best_score) = (None, 0.0_f64);
    for (i, candidate) in site.taxonomies[other].terms.iter().enumerate() {
        let theirs = keys(other, i);
        let shared = mine.intersection(&theirs).count();
        if shared == 0 {
            continue;
        }
        // Jaccard: the share of both terms' pages that they have in common.
        let score = shared as f64 / (mine.len() + theirs.len() - shared) as f64;
        if score > best_score {
            (best, best_score) = (Some(candidate.path.clone()), score);
        }
    }
    best
}

/// `alternates` (one per other language, leading to that language's list of terms) with each
/// target replaced by the matching term when there is one, which is then this term's
/// counterpart (`translated`).
pub fn term_alternates(
    site: &Site,
    tax: usize,
    term: usize,
    mut alternates: Value,
    permalink: impl Fn(&str) -> String,
) -> Value {
    for a in alternates.as_array_mut().into_iter().flatten() {
        let Some(path) = a["path"].as_str() else { continue };
        let other = site.taxonomies.iter().position(|o| o.path == path);
        if let Some(found) = other.and_then(|o| matching_term(site, tax, term, o)) {
            a["permalink"] = Value::String(permalink(&found));
            a["path"] = Value::String(found);
            a["translated"] = Value::Bool(true);
        }
    }
    alternates
}
