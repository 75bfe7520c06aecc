//! Checks on path segments that come from the user (front matter `path`, `slug` and aliases,
//! taxonomy names, feed file names), shared by the stages that read them (`config`,
//! `content`) and the one that writes files (`output`). A leaf module: it imports nothing
//! of the crate.
//!
//! Input: one value as written. Output: nothing, or the message saying what is wrong.

/// Whether a URL path or name from the user (a front matter `path`, `slug` or alias, a
/// taxonomy name, a feed file name) has a `..` segment, which would lead out of the output
/// folder. The message when it has.
pub fn no_parent_segment(value: &str) -> Result<(), String> {
    if value.contains('\0') {
        return Err("it holds a NUL byte".into());
    }
    if value.split(['/', '\\']).any(|part| part.trim() == "..") {
        return Err(format!("`{value}` goes up with `..`: written files must stay inside the output folder"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_segment_or_a_nul_byte_is_refused() {
        assert!(no_parent_segment("docs/a").is_ok());
        assert!(no_parent_segment("a..b").is_ok());
        assert!(no_parent_segment("../x").unwrap_err().contains("goes up"));
        assert!(no_parent_segment("a\\..\\b").is_err());
        assert!(no_parent_segment("a\0b").unwrap_err().contains("NUL"));
    }
}
