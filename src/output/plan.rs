//! The output plan: every file a build writes, by path, and how to make it.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::context::Shared;
use super::feeds::{self, FeedOf};
use super::pager::{
    Pager, first_pager_redirect, inherited_page_template, pager_count, pagers, paginator, paginator_of,
    section_paginate_path,
};
use super::{file_of, xml};
use crate::config::{Layout, MissingTranslation};
use crate::content::Front;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::PageId;
use crate::templates::Renderer;

/// How to make one output file.
#[derive(Debug, Clone)]
pub enum Job {
    /// A page or a section (pager `index` of a paginated section, from 0).
    Entry {
        id: PageId,
        pager: usize,
    },
    /// A section's pages on one page, for printing.
    Print {
        id: PageId,
    },
    /// The notice that entry `id` has no version in `lang`.
    Missing {
        id: PageId,
        lang: String,
    },
    TaxonomyList {
        tax: usize,
    },
    /// Pager `pager` (from 0) of a taxonomy term.
    TaxonomyTerm {
        tax: usize,
        term: usize,
        pager: usize,
    },
    /// A page that redirects to `to`.
    Redirect {
        to: String,
        lang: String,
    },
    /// A language's 404 page; `root` for the site-wide `/404.html` of the prefixed layout.
    NotFound {
        lang: String,
        root: bool,
    },
    Search {
        lang: String,
    },
    Splash,
    Sitemap,
    Robots,
    /// A feed (see [`super::feeds`]); `self_path` is its path.
    Feed {
        of: FeedOf,
        self_path: String,
    },
}

/// Plans every output file; two jobs for one path are an error.
pub fn plan(shared: &Shared<'_>, renderer: &Renderer) -> Result<Vec<(String, Job)>, Diagnostics> {
    let site = shared.site;
    let config = shared.config();
    let mut jobs: Vec<(String, Job, String)> = Vec::new();
    let mut push = |path: String, job: Job, origin: String| jobs.push((path, job, origin));
    let mut diags = Diagnostics::new();
    for (id, e) in site.entries.iter().enumerate() {
        let src = e.page.source();
        let origin = src.path.display().to_string();
        let (render, aliases, redirect) = match &src.front {
            Front::Page(p) => (p.render, &p.aliases, None),
            Front::Section(s) => (s.render, &s.aliases, s.redirect_to.clone()),
        };
        if let Some(to) = redirect {
            push(file_of(&e.path), Job::Redirect { to: config.permalink(&to), lang: e.lang().into() }, origin.clone());
        } else if render {
            push(file_of(&e.path), Job::Entry { id, pager: 0 }, origin.clone());
            for pager in 1..pager_count(shared, id) {
                let path = format!("{}{}/{}/", e.path, section_paginate_path(&src.front), pager + 1);
                push(file_of(&path), Job::Entry { id, pager }, origin.clone());
            }
            if let Some(first) = first_pager_redirect(shared, id) {
                push(file_of(&first), Job::Redirect { to: e.permalink.clone(), lang: e.lang().into() }, origin.clone());
            }
            if matches!(&src.front, Front::Section(f) if f.generate_feeds == Some(true)) {
                for self_path in feed_paths(config, e.lang(), &e.path) {
                    let file = self_path.trim_start_matches('/').to_string();
                    push(file, Job::Feed { of: FeedOf::Section(id), self_path }, origin.clone());
                }
            }
        }
        for alias in aliases {
            push(file_of(alias), Job::Redirect { to: e.permalink.clone(), lang: e.lang().into() }, origin.clone());
        }
        if has_print_page(shared, renderer, id) {
            push(file_of(&print_path(shared, id)), Job::Print { id }, origin.clone());
        }
        for lang in config.languages.keys().filter(|l| *l != e.lang()) {
            if site.get(e.key(), lang).is_some() {
                continue;
            }
            match config.missing_translation {
                MissingTranslation::Notice => push(
                    file_of(&shared.missing_path(e, lang)),
                    Job::Missing { id, lang: lang.clone() },
                    origin.clone(),
                ),
                MissingTranslation::Error => diags.push(Diagnostic::error(
                    &src.path,
                    0,
                    0,
                    format!(
                        "this page has no `{lang}` version, and config.toml says `missing_translation = \"error\"`"
                    ),
                )),
                MissingTranslation::Section => {}
            }
        }
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        if !tax.config.render {
            continue;
        }
        push(file_of(&tax.path), Job::TaxonomyList { tax: t }, format!("taxonomy {}", tax.config.name));
        for (i, term) in tax.terms.iter().enumerate() {
            let origin = format!("taxonomy {}", tax.config.name);
            push(file_of(&term.path), Job::TaxonomyTerm { tax: t, term: i, pager: 0 }, origin.clone());
            // As in Zola: `page/2/`… for a paginated taxonomy, and `page/1/` redirecting to
            // the term.
            if let Some(word) = tax.config.paginate_by.filter(|n| *n > 0).map(|_| &tax.config.paginate_path) {
                for pager in 1..pagers(term.pages.len(), tax.config.paginate_by) {
                    let path = format!("{}{word}/{}/", term.path, pager + 1);
                    push(file_of(&path), Job::TaxonomyTerm { tax: t, term: i, pager }, origin.clone());
                }
                let first = format!("{}{word}/1/", term.path);
                push(file_of(&first), Job::Redirect { to: term.permalink.clone(), lang: tax.lang.clone() }, origin);
            }
            for self_path in feed_paths(config, &tax.lang, &term.path).filter(|_| tax.config.feed) {
                let file = self_path.trim_start_matches('/').to_string();
                let job = Job::Feed { of: FeedOf::Term { tax: t, term: i }, self_path };
                push(file, job, format!("taxonomy {}", tax.config.name));
            }
        }
    }
    for (code, l) in &config.languages {
        // A plain Zola site gets one 404, the default language's, as Zola writes it.
        if config.cahier_pages || *code == config.default_language {
            push(
                format!("{}/404.html", l.prefix).trim_start_matches('/').to_string(),
                Job::NotFound { lang: code.clone(), root: false },
                "404".into(),
            );
        }
        if let Some(p) = shared.search_path(code).filter(|_| config.cahier_pages) {
            push(file_of(&p), Job::Search { lang: code.clone() }, "search".into());
        }
        if l.generate_feeds {
            for name in &l.feed_filenames {
                let self_path = format!("{}/{name}", l.prefix);
                let file = self_path.trim_start_matches('/').to_string();
                push(file, Job::Feed { of: FeedOf::Language(code.clone()), self_path }, "feed".into());
            }
        }
    }
    if config.layout == Layout::Prefixed {
        push("index.html".into(), Job::Splash, "splash page".into());
        push("404.html".into(), Job::NotFound { lang: config.default_language.clone(), root: true }, "404".into());
    }
    if config.generate_sitemap {
        push("sitemap.xml".into(), Job::Sitemap, "sitemap".into());
    }
    if config.generate_robots_txt {
        push("robots.txt".into(), Job::Robots, "robots.txt".into());
    }
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (path, _, origin) in &jobs {
        if let Err(why) = super::guard::safe_rel(path) {
            diags.push(Diagnostic::error(origin, 0, 0, format!("{why}; change its `slug`, `path` or alias")));
        }
        if let Some(first) = seen.insert(path, origin) {
            diags.push(Diagnostic::error(
                origin,
                0,
                0,
                format!("`{path}` is written twice: by {first} and by {origin}; change a `slug`, `path` or alias"),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(jobs.into_iter().map(|(p, j, _)| (p, j)).collect())
}

/// A binder (a section with pages, below the home page) gets a print page when the templates
/// provide one (see [`crate::templates::Templates`]).
fn has_print_page(shared: &Shared<'_>, renderer: &Renderer, id: PageId) -> bool {
    let e = &shared.site.entries[id];
    e.is_section()
        && !e.pages.is_empty()
        && e.key() != "_index.md"
        && renderer.print_pages()
        && shared.config().cahier_pages
}

/// The print page of a section: `print/` below it (`imprimer/` in French, from i18n).
pub fn print_path(shared: &Shared<'_>, id: PageId) -> String {
    let e = &shared.site.entries[id];
    format!("{}{}/", e.path, shared.i18n.get(e.lang(), "print_slug").unwrap_or("print"))
}

impl Job {
    /// Renders the file's bytes, or a diagnostic naming what failed.
    pub fn render(&self, shared: &Shared<'_>, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
        let site = shared.site;
        let config = shared.config();
        let template_error = |origin: &std::path::Path, template: &str, msg: String| {
            let file = renderer.file(template);
            Diagnostic::error(origin, 0, 0, format!("cannot render it with {}: {msg}", file.display()))
        };
        let html = |template: &str, ctx: tera::Context, origin: &std::path::Path| {
            renderer.render(template, ctx).map(String::into_bytes).map_err(|m| template_error(origin, template, m))
        };
        match self {
            Job::Entry { id, pager } => {
                let e = &site.entries[*id];
                let src = e.page.source();
                let binder = if e.is_section() { Some(*id) } else { e.parent };
                let print = binder.filter(|&b| has_print_page(shared, renderer, b)).map(|b| print_path(shared, b));
                let mut ctx = shared.context(e.lang(), &e.path, shared.for_entry(*id, print));
                let template = match &src.front {
                    Front::Page(p) => p.template.clone().or_else(|| inherited_page_template(site, e.parent)),
                    Front::Section(s) => s.template.clone(),
                };
                let template = template.unwrap_or_else(|| {
                    if !e.is_section() {
                        "page.html".into()
                    } else if e.key() == "_index.md" {
                        "index.html".into()
                    } else {
                        "section.html".into()
                    }
                });
                if e.is_section() {
                    if let Front::Section(f) = &src.front {
                        if let Some(by) = f.paginate_by.filter(|n| *n > 0) {
                            let pages = paginator(shared, *id, by, *pager, &f.paginate_path, f.paginate_reversed);
                            ctx.extend(context_with("paginator", pages));
                            if *pager > 0 {
                                let path = format!("{}{}/{}/", e.path, f.paginate_path, pager + 1);
                                ctx.insert("current_url", &config.permalink(&path));
                                ctx.insert("current_path", &path);
                            }
                        }
                    }
                }
                let name = if e.is_section() { "section" } else { "page" };
                renderer
                    .render_entry(&template, ctx, Some((name, *id, shared.data)))
                    .map(String::into_bytes)
                    .map_err(|m| template_error(&src.path, &template, m))
            }
            Job::Print { id } => {
                let e = &site.entries[*id];
                let mut cahier = shared.for_entry(*id, Some(print_path(shared, *id)));
                let alternates = shared.alternates_by(e.lang(), |l| {
                    let other = site.id(e.key(), l)?;
                    has_print_page(shared, renderer, other).then(|| print_path(shared, other))
                });
                if let Value::Object(m) = &mut cahier {
                    m.insert("binder".into(), shared.data.basics[*id].value());
                    m.insert("alternates".into(), alternates);
                }
                let mut ctx = shared.context(e.lang(), &print_path(shared, *id), cahier);
                ctx.extend(context_with("section", shared.data.object(*id)));
                html("binder_print.html", ctx, &e.page.source().path)
            }
            Job::Missing { id, lang } => {
                let e = &site.entries[*id];
                let path = shared.missing_path(e, lang);
                let mut cahier = shared.base(lang);
                let name = config.languages.get(e.lang()).map_or(e.lang(), |l| l.name.as_str());
                if let Value::Object(m) = &mut cahier {
                    m.insert("date_modified".into(), json!(shared.date_modified(*id)));
                    m.insert("original".into(), json!({ "title": e.title(), "path": e.path, "permalink": e.permalink, "lang": e.lang(), "name": name }));
                    m.insert("alternates".into(), json!([{ "lang": e.lang(), "name": name, "path": e.path, "permalink": e.permalink, "translated": true }]));
                }
                html("missing_translation.html", shared.context(lang, &path, cahier), &e.page.source().path)
            }
            Job::TaxonomyList { tax } => {
                let t = &site.taxonomies[*tax];
                let latest = shared.latest_of(t.terms.iter().flat_map(|term| term.pages.iter().copied()));
                let cahier = shared.base_with(&t.lang, taxonomy_alternates(shared, *tax), latest);
                let mut ctx = shared.context(&t.lang, &t.path, cahier);
                let value = &shared.data.taxonomies[&(t.lang.clone(), t.config.name.clone())];
                ctx.insert("taxonomy", &value["kind"]);
                ctx.insert("terms", &value["items"]);
                let template =
                    first_template(renderer, &[&format!("{}/list.html", t.config.name), "taxonomy_list.html"]);
                html(&template, ctx, std::path::Path::new("config.toml"))
            }
            Job::TaxonomyTerm { tax, term, pager } => {
                let t = &site.taxonomies[*tax];
                // Terms have no counterparts: the toggle leads to the other language's term
                // that holds the same pages, else to its list.
                let alternates = super::term_toggle::term_alternates(
                    site,
                    *tax,
                    *term,
                    not_counterparts(taxonomy_alternates(shared, *tax)),
                    |p| config.permalink(p),
                );
                let cahier =
                    shared.base_with(&t.lang, alternates, shared.latest_of(t.terms[*term].pages.iter().copied()));
                let mut ctx = shared.context(&t.lang, &t.terms[*term].path, cahier);
                let taxonomy = (t.lang.clone(), t.config.name.clone());
                ctx.insert("taxonomy", &shared.data.taxonomies[&taxonomy]["kind"]);
                ctx.insert("term", &shared.data.term(&taxonomy, *term));
                if let Some(by) = t.config.paginate_by.filter(|n| *n > 0) {
                    let (permalink, word) = (&t.terms[*term].permalink, t.config.paginate_path.as_str());
                    let one = Pager { by, index: *pager, word };
                    ctx.extend(context_with("paginator", paginator_of(shared, &t.terms[*term].pages, permalink, one)));
                    if *pager > 0 {
                        let path = format!("{}{word}/{}/", t.terms[*term].path, pager + 1);
                        ctx.insert("current_url", &config.permalink(&path));
                        ctx.insert("current_path", &path);
                    }
                }
                let template =
                    first_template(renderer, &[&format!("{}/single.html", t.config.name), "taxonomy_single.html"]);
                html(&template, ctx, std::path::Path::new("config.toml"))
            }
            Job::Redirect { to, lang } => Ok(xml::redirect(to, lang).into_bytes()),
            Job::NotFound { lang, root } => {
                let prefix = config.languages.get(lang).map_or("", |l| l.prefix.as_str());
                let mut alternates =
                    shared.alternates_by(lang, |l| config.languages.get(l).map(|o| format!("{}/404.html", o.prefix)));
                if *root {
                    // The site-wide 404 has no counterpart: the other language's 404 is not its
                    // translation (that one is the default language's own 404).
                    alternates = not_counterparts(alternates);
                }
                let path = if *root { "/404.html".to_string() } else { format!("{prefix}/404.html") };
                let latest = shared.latest(if *root { "" } else { lang });
                let mut ctx = shared.context(lang, &path, shared.base_with(lang, alternates, latest));
                if !config.cahier_pages {
                    // Zola's 404 has no address of its own (a theme's language menu tests it).
                    ctx.remove("current_url");
                    ctx.remove("current_path");
                }
                html("404.html", ctx, std::path::Path::new("404.html"))
            }
            Job::Search { lang } => {
                let path = shared.search_path(lang).unwrap_or_default();
                html(
                    "search.html",
                    shared.context(
                        lang,
                        &path,
                        shared.base_with(
                            lang,
                            shared.alternates_by(lang, |l| shared.search_path(l)),
                            shared.latest(lang),
                        ),
                    ),
                    std::path::Path::new("search.html"),
                )
            }
            Job::Splash => {
                let lang = &config.default_language;
                let cahier = shared.base_with(lang, json!([]), shared.latest(""));
                html("splash.html", shared.context(lang, "/", cahier), std::path::Path::new("splash.html"))
            }
            Job::Sitemap => Ok(xml::sitemap(site).into_bytes()),
            Job::Robots => Ok(xml::robots(config, shared.mode).into_bytes()),
            Job::Feed { of, self_path } => feeds::feed(shared, renderer, of, self_path)
                .map(String::into_bytes)
                .map_err(|m| template_error(std::path::Path::new(self_path.trim_start_matches('/')), "feed", m)),
        }
    }
}

/// A context holding `value` as `name`, moved rather than copied (`Context::insert` would
/// clone it, and a section's value holds all its pages' content).
/// The paths of a list's feeds below its `path`: one per feed file name of its language.
fn feed_paths<'c>(config: &'c crate::config::Config, lang: &str, path: &str) -> impl Iterator<Item = String> + 'c {
    let path = path.to_string();
    config.languages.get(lang).into_iter().flat_map(|l| &l.feed_filenames).map(move |name| format!("{path}{name}"))
}

fn context_with(name: &str, value: Value) -> tera::Context {
    let mut map = serde_json::Map::new();
    map.insert(name.into(), value);
    tera::Context::from_value(Value::Object(map)).unwrap_or_default()
}

/// The same taxonomy in the other languages: taxonomies pair by their place in each
/// language's `taxonomies` list (`topics` in English, `sujets` in French).
fn taxonomy_alternates(shared: &Shared<'_>, tax: usize) -> Value {
    let site = shared.site;
    let t = &site.taxonomies[tax];
    let config = shared.config();
    let place = config.languages.get(&t.lang).and_then(|l| l.taxonomies.iter().position(|c| c.name == t.config.name));
    shared.alternates_by(&t.lang, |l| {
        let name = &config.languages.get(l)?.taxonomies.get(place?)?.name;
        site.taxonomies.iter().find(|o| o.lang == l && &o.config.name == name).map(|o| o.path.clone())
    })
}

/// Marks toggle targets as pages that are not this page's translation.
fn not_counterparts(mut alternates: Value) -> Value {
    for a in alternates.as_array_mut().into_iter().flatten() {
        a["translated"] = Value::Bool(false);
    }
    alternates
}

fn first_template(renderer: &Renderer, names: &[&str]) -> String {
    names.iter().find(|n| renderer.has(n)).unwrap_or(&names[names.len() - 1]).to_string()
}
