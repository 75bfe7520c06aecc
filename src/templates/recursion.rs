//! Template recursion that can never end, refused when the templates load instead of
//! overflowing the stack when a page renders: a loop of `include`s (a template that includes
//! itself, or includes one that includes or extends back to it), and a macro that calls
//! itself (or a loop of macros) outside any `if` or `for`, and imports that lead back to the
//! importing template.
//!
//! Input: the parsed templates and where each came from. Output: nothing, or one error per
//! loop naming the template file. A macro whose self-call sits inside an `if` or `for` (a
//! menu tree) is allowed: it ends when its data does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use tera::ast::{Expr, ExprVal, Node};

use crate::diag::{Diagnostic, Diagnostics};

/// What one template leads to: included and parent templates, and, per macro it defines,
/// the macros it calls unconditionally (`(namespace, name)`).
#[derive(Default)]
struct Edges {
    templates: BTreeSet<String>,
    macro_calls: BTreeMap<String, BTreeSet<(String, String)>>,
}

/// Checks every template of `tera`; `shown` gives a template's file for messages.
pub fn check(tera: &tera::Tera, shown: &BTreeMap<String, (String, PathBuf)>) -> Result<(), Diagnostics> {
    let place = |name: &str| shown.get(name).map_or_else(|| PathBuf::from("templates").join(name), |(_, p)| p.clone());
    let mut diags = Diagnostics::new();
    let mut graph: BTreeMap<&str, Edges> = BTreeMap::new();
    for (name, tpl) in &tera.templates {
        let mut edges = Edges::default();
        edges.templates.extend(tpl.parent.iter().cloned());
        walk(&tpl.ast, None, true, &mut edges);
        for (macro_name, def) in &tpl.macros {
            walk(&def.body, Some(macro_name), true, &mut edges);
        }
        graph.insert(name, edges);
    }
    for start in graph.keys() {
        if let Some(path) =
            cycle(start, |n| graph.get(n.as_str()).map(|e| e.templates.iter().cloned().collect()).unwrap_or_default())
        {
            diags.push(Diagnostic::error(
                place(start),
                0,
                0,
                format!(
                    "the templates include each other in a loop that never ends ({}): remove one `include`",
                    path.join(" -> ")
                ),
            ));
        }
    }
    imports(tera, &place, &mut diags);
    // Macros: `FILE::NAME` nodes; a call's namespace is `self` or an `import … as NS`.
    let callees = |node: &String| -> Vec<String> {
        let Some((file, name)) = node.split_once("::") else { return Vec::new() };
        let (Some(tpl), Some(edges)) = (tera.templates.get(file), graph.get(file)) else { return Vec::new() };
        let calls = edges.macro_calls.get(name).into_iter().flatten();
        calls
            .filter_map(|(ns, callee)| {
                let target = if ns == "self" {
                    Some(file.to_string())
                } else {
                    tpl.imported_macro_files.iter().find(|(_, n)| n == ns).map(|(f, _)| f.clone())
                };
                target.map(|t| format!("{t}::{callee}"))
            })
            .collect()
    };
    for (file, tpl) in &tera.templates {
        for name in tpl.macros.keys() {
            let start = format!("{file}::{name}");
            if let Some(path) = cycle(&start, callees)
                && path.first() == Some(&start)
            {
                diags.push(Diagnostic::error(
                    place(file),
                    0,
                    0,
                    format!(
                        "the macro `{name}` calls itself without an `if` or `for` around the call ({}), so it never \
                         ends: put the call inside a condition",
                        path.join(" -> ")
                    ),
                ));
            }
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// Imports that lead back to the importing template (`import "page.html"` in page.html, or
/// through other templates and their parents): Tera gathers a template's macros by following
/// its imports before it notes the template as done, so such a loop overflows the stack at
/// the first render, whatever the macros do.
fn imports(tera: &tera::Tera, place: &dyn Fn(&str) -> PathBuf, diags: &mut Diagnostics) {
    let of = |n: &String| -> Vec<String> {
        tera.templates
            .get(n)
            .map(|t| t.imported_macro_files.iter().map(|(f, _)| f.clone()).collect())
            .unwrap_or_default()
    };
    for start in tera.templates.keys() {
        // Out of `start` by an import, and back into it by an import; between, parents too.
        let next = |n: &String| -> Vec<String> {
            let mut out = of(n);
            if n != start {
                let parents = tera.templates.get(n).map(|t| t.parents.clone()).unwrap_or_default();
                out.extend(parents.into_iter().filter(|p| p != start));
            }
            out
        };
        if let Some(path) = cycle(start, next) {
            diags.push(Diagnostic::error(
                place(start),
                0,
                0,
                format!(
                    "the templates import each other in a loop ({}): import macros from a file that does not \
                     import this one, and call this file's own macros as `self::NAME`",
                    path.join(" -> ")
                ),
            ));
        }
    }
}

/// A loop through `start`, if there is one: the names along it, `start` first and last.
fn cycle<F: Fn(&String) -> Vec<String>>(start: &str, next: F) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for n in next(&node) {
            if n == start {
                let mut full = path.clone();
                full.push(n);
                return Some(full);
            }
            if seen.insert(n.clone()) {
                let mut p = path.clone();
                p.push(n.clone());
                stack.push((n, p));
            }
        }
    }
    None
}

/// Collects includes (anywhere) and, inside macro `current`, the macro calls made outside any
/// `if` or `for` (`sure`).
fn walk(nodes: &[Node], current: Option<&String>, sure: bool, edges: &mut Edges) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => edges.templates.extend(names.iter().cloned()),
            Node::VariableBlock(_, e) => expr(e, current, sure, edges),
            Node::Set(_, s) => expr(&s.value, current, sure, edges),
            Node::FilterSection(_, f, _) => walk(&f.body, current, sure, edges),
            Node::Block(_, b, _) => walk(&b.body, current, sure, edges),
            Node::Forloop(_, f, _) => {
                expr(&f.container, current, sure, edges);
                walk(&f.body, current, false, edges);
                walk(f.empty_body.as_deref().unwrap_or_default(), current, false, edges);
            }
            Node::If(i, _) => {
                for (n, (_, cond, body)) in i.conditions.iter().enumerate() {
                    expr(cond, current, sure && n == 0, edges);
                    walk(body, current, false, edges);
                }
                walk(i.otherwise.as_ref().map(|(_, b)| b.as_slice()).unwrap_or_default(), current, false, edges);
            }
            _ => {}
        }
    }
}

fn expr(e: &Expr, current: Option<&String>, sure: bool, edges: &mut Edges) {
    value(&e.val, current, sure, edges);
    for f in &e.filters {
        f.args.values().for_each(|a| expr(a, current, sure, edges));
    }
}

fn value(v: &ExprVal, current: Option<&String>, sure: bool, edges: &mut Edges) {
    match v {
        ExprVal::MacroCall(call) => {
            if let (Some(m), true) = (current, sure) {
                edges.macro_calls.entry(m.clone()).or_default().insert((call.namespace.clone(), call.name.clone()));
            }
            call.args.values().for_each(|a| expr(a, current, sure, edges));
        }
        ExprVal::FunctionCall(f) => f.args.values().for_each(|a| expr(a, current, sure, edges)),
        ExprVal::Array(items) => items.iter().for_each(|a| expr(a, current, sure, edges)),
        ExprVal::Math(m) => [&m.lhs, &m.rhs].into_iter().for_each(|a| expr(a, current, sure, edges)),
        ExprVal::Logic(l) => {
            // `a and b`, `a or b`: the right side may not run.
            expr(&l.lhs, current, sure, edges);
            expr(&l.rhs, current, false, edges);
        }
        ExprVal::In(i) => [&i.lhs, &i.rhs].into_iter().for_each(|a| expr(a, current, sure, edges)),
        ExprVal::StringConcat(s) => s.values.iter().for_each(|v| value(v, current, sure, edges)),
        ExprVal::Test(t) => t.args.iter().for_each(|a| expr(a, current, sure, edges)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(templates: &[(&str, &str)]) -> Vec<String> {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        let shown = templates
            .iter()
            .map(|(n, t)| (n.to_string(), (t.to_string(), PathBuf::from("templates").join(n))))
            .collect();
        check(&tera, &shown).err().map(|d| d.sorted().iter().map(ToString::to_string).collect()).unwrap_or_default()
    }

    #[test]
    fn include_loops_are_refused_with_the_template_file() {
        let e = errors(&[("page.html", "{% include \"page.html\" %}")]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("templates/page.html: error: the templates include each other"), "{e:?}");
        let e = errors(&[
            ("base.html", "{% include \"nav.html\" %}{% block b %}{% endblock %}"),
            ("nav.html", "{% if x %}{% include \"page.html\" %}{% endif %}"),
            ("page.html", "{% extends \"base.html\" %}{% block b %}p{% endblock %}"),
        ]);
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(errors(&[("a.html", "{% include \"b.html\" %}"), ("b.html", "b")]).is_empty());
    }

    #[test]
    fn macros_calling_themselves_unconditionally_are_refused_menus_are_not() {
        let e = errors(&[(
            "m.html",
            "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}\
             {% macro tree(items) %}{% for i in items %}{{ self::tree(items=i.children) }}{% endfor %}{% endmacro tree %}",
        )]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("the macro `f` calls itself"), "{e:?}");
        let e = errors(&[
            ("a.html", "{% import \"b.html\" as b %}{% macro f() %}{{ b::g() }}{% endmacro f %}"),
            ("b.html", "{% import \"a.html\" as a %}{% macro g() %}{{ a::f() }}{% endmacro g %}"),
        ]);
        assert_eq!(e.len(), 4, "{e:?}");
    }

    #[test]
    fn imports_leading_back_to_their_template_are_refused() {
        let e = errors(&[("page.html", "{% import \"page.html\" as m %}{% macro f() %}x{% endmacro f %}{{ m::f() }}")]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("templates/page.html: error: the templates import each other in a loop"), "{e:?}");
        let e = errors(&[
            ("base.html", "{% import \"m.html\" as m %}{% block b %}{% endblock %}"),
            ("m.html", "{% extends \"layout.html\" %}{% macro f() %}x{% endmacro f %}"),
            ("layout.html", "{% import \"base.html\" as b %}"),
        ]);
        assert!(
            e.iter().any(|e| e.starts_with("templates/base.html: error: the templates import each other")),
            "{e:?}"
        );
        // Importing a macros file, and a parent that imports its child's macros file, are fine.
        let fine = errors(&[
            ("m.html", "{% macro f() %}x{% endmacro f %}"),
            ("base.html", "{% import \"m.html\" as m %}{% block b %}{% endblock %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block b %}{{ m::f() }}{% endblock %}",
            ),
        ]);
        assert!(fine.is_empty(), "{fine:?}");
    }
}
