//! Links and images.
//!
//! Input: a link or image event. Output: its HTML: an `@/path.md#anchor` target resolved, in
//! the page's language, to the target's permalink (Zola writes absolute permalinks), with the
//! link recorded for the anchor check; an external link with the configured `target` and
//! `rel` and recorded; titles and alt text with redacted spans as their placeholder.
//! Failure: an error at the link for an `@/` target that does not exist, or for a redacted
//! passage inside a URL (it cannot be honoured there, so we fail closed).

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::render::Renderer;
use super::transform::html;
use super::{InternalLink, escape_html, sentinels};
use crate::diag::Severity;
use crate::redact::SENTINEL_OPEN;

/// Whether a link leaves the site: `http://`, `https://` or protocol-relative `//`.
pub fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || url.starts_with("//")
}

impl Renderer<'_> {
    /// The opening of a link: a `Start` event when pulldown-cmark can write it, raw HTML
    /// when it needs `target`/`rel`.
    pub(super) fn link_open<'e>(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'e>,
        title: CowStr<'e>,
        id: CowStr<'e>,
        at: usize,
    ) -> Event<'e> {
        let title: CowStr<'e> = sentinels::plain(&title, self.page.spans()).into_owned().into();
        let dest = self.target(&dest_url, at);
        if !is_external(&dest) {
            return Event::Start(Tag::Link { link_type, dest_url: dest.into(), title, id });
        }
        self.external_links.push(dest.clone());
        let md = &self.ctx.config.markdown;
        let mut rel = Vec::new();
        if md.external_links_target_blank {
            rel.push("noopener");
        }
        if md.external_links_no_follow {
            rel.push("nofollow");
        }
        if md.external_links_no_referrer {
            rel.push("noreferrer");
        }
        if rel.is_empty() && md.external_links_class.is_none() {
            return Event::Start(Tag::Link { link_type, dest_url: dest.into(), title, id });
        }
        let mut tag = format!("<a href=\"{}\"", escape_html(&dest));
        if !title.is_empty() {
            tag.push_str(&format!(" title=\"{}\"", escape_html(&title)));
        }
        if let Some(class) = &md.external_links_class {
            tag.push_str(&format!(" class=\"{}\"", escape_html(class)));
        }
        if !rel.is_empty() {
            tag.push_str(&format!(" rel=\"{}\"", rel.join(" ")));
        }
        if md.external_links_target_blank {
            tag.push_str(" target=\"_blank\"");
        }
        tag.push('>');
        html(tag)
    }

    /// An image's HTML: `src` resolved like a link's target, `alt` as plain text.
    pub(super) fn image_html(&mut self, dest_url: &str, title: &str, alt: &str, at: usize) -> String {
        let src = self.target(dest_url, at);
        let mut tag = format!("<img src=\"{}\" alt=\"{}\"", escape_html(&src), escape_html(alt));
        let title = sentinels::plain(title, self.page.spans());
        if !title.is_empty() {
            tag.push_str(&format!(" title=\"{}\"", escape_html(&title)));
        }
        if self.ctx.config.markdown.lazy_async_image {
            tag.push_str(" loading=\"lazy\" decoding=\"async\"");
        }
        tag.push_str(" />");
        tag
    }

    /// A link or image target: `@/` resolved, anything else as written.
    fn target(&mut self, dest: &str, at: usize) -> String {
        if dest.contains(SENTINEL_OPEN) {
            self.report(Severity::Error, at, "a redacted passage cannot be part of a link's or an image's URL");
            return sentinels::plain(dest, self.page.spans()).into_owned();
        }
        match dest.strip_prefix("@/") {
            Some(target) => self.internal_target(dest, target, at),
            None => dest.to_string(),
        }
    }

    /// Resolves `@/key#anchor` and records it; on failure reports it and keeps the text.
    fn internal_target(&mut self, dest: &str, target: &str, at: usize) -> String {
        let (key, anchor) = match target.split_once('#') {
            Some((key, anchor)) => (key, Some(anchor.to_string())),
            None => (target, None),
        };
        match self.ctx.links.resolve(key, self.ctx.lang) {
            Ok((path, crate::key::PageKey { key, lang })) => {
                let (line, col) = self.page.location(at);
                self.internal_links.push(InternalLink { key, lang, anchor: anchor.clone(), line, col });
                let mut href = self.ctx.config.permalink(&path);
                if let Some(anchor) = anchor {
                    href.push('#');
                    href.push_str(&anchor);
                }
                href
            }
            Err(message) => {
                self.report(Severity::Error, at, format!("broken internal link `{dest}`: {message}"));
                dest.to_string()
            }
        }
    }
}
