//! Zola's `[markdown]` table, resolved: the Markdown extensions, the highlighting theme, and
//! the highlighting stylesheets a Zola site links.
//!
//! Input: the table as read ([`RawMarkdown`]), Zola 0.22's `[markdown.highlighting]` or the
//! older `highlight_code`/`highlight_theme`. Output: a [`MarkdownConfig`]. Failure: an unknown
//! theme, naming the key that chose it and the known themes.

use std::path::Path;

use super::raw::{DataAttrPosition, RawHighlighting, RawMarkdown};
use super::resolve_theme;

/// Markdown options (Zola's `[markdown]`).
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownConfig {
    pub highlight_code: bool,
    pub highlight_theme: String,
    /// The stylesheets a Zola site with `style = "class"` links, and the theme of each:
    /// `giallo.css`, or `giallo-light.css` and `giallo-dark.css` for a light and a dark theme.
    pub class_stylesheets: Vec<(&'static str, String)>,
    /// Code coloured inline with the theme (`[markdown.highlighting]`, unless `style = "class"`),
    /// as Zola 0.22 colours it by default; else classed spans (`syntax-theme.css`).
    pub inline_colours: bool,
    pub error_on_missing_language: bool,
    pub data_attr_position: DataAttrPosition,
    pub render_emoji: bool,
    pub external_links_class: Option<String>,
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
    pub smart_punctuation: bool,
    pub definition_list: bool,
    pub bottom_footnotes: bool,
    pub lazy_async_image: bool,
    pub github_alerts: bool,
}

/// The `[markdown]` table of a site at `root`, resolved.
pub(super) fn resolve(md: &RawMarkdown, root: &Path) -> Result<MarkdownConfig, (&'static str, String)> {
    let hl = md.highlighting.as_ref();
    let highlight_code = hl.is_some() || md.highlight_code.unwrap_or(false);
    let (theme_key_name, highlight_theme) = match hl {
        Some(RawHighlighting { theme: Some(t), .. }) => ("[markdown.highlighting] theme", t.clone()),
        Some(RawHighlighting { light_theme: Some(t), .. }) => ("[markdown.highlighting] light_theme", t.clone()),
        _ => ("highlight_theme", md.highlight_theme.clone().unwrap_or_else(|| "base16-ocean-dark".into())),
    };
    let extra = hl.map_or(&[][..], |h| h.extra_themes.as_slice());
    let theme =
        |key: &'static str, name: &str| resolve_theme(name, root, extra).map(str::to_string).map_err(|m| (key, m));
    let highlight_theme = if highlight_code { theme(theme_key_name, &highlight_theme)? } else { highlight_theme };
    let class_stylesheets = match hl {
        Some(h) if h.style.as_deref() == Some("class") => match (&h.theme, &h.light_theme, &h.dark_theme) {
            (Some(_), _, _) | (None, _, None) => vec![("giallo.css", highlight_theme.clone())],
            (None, light, Some(dark)) => {
                let dark = theme("[markdown.highlighting] dark_theme", dark)?;
                let light = if light.is_some() { highlight_theme.clone() } else { dark.clone() };
                vec![("giallo-light.css", light), ("giallo-dark.css", dark)]
            }
        },
        _ => Vec::new(),
    };
    Ok(MarkdownConfig {
        highlight_code,
        highlight_theme,
        class_stylesheets,
        inline_colours: hl.is_some_and(|h| h.style.as_deref() != Some("class")),
        error_on_missing_language: hl.is_some_and(|h| h.error_on_missing_language),
        data_attr_position: hl.map(|h| h.data_attr_position).unwrap_or_default(),
        render_emoji: md.render_emoji,
        external_links_class: md.external_links_class.clone(),
        external_links_target_blank: md.external_links_target_blank,
        external_links_no_follow: md.external_links_no_follow,
        external_links_no_referrer: md.external_links_no_referrer,
        smart_punctuation: md.smart_punctuation,
        definition_list: md.definition_list,
        bottom_footnotes: md.bottom_footnotes,
        lazy_async_image: md.lazy_async_image,
        github_alerts: md.github_alerts,
    })
}
