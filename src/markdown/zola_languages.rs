//! The languages Zola highlights (its highlighter giallo's built-in grammars and their
//! aliases, Zola 0.22 and 0.23 alike), for the code blocks syntect has no grammar for.
//!
//! Input: a code block's language. Output: whether Zola knows it. Under
//! `error_on_missing_language`, a language Zola knows and syntect lacks (`mermaid`, `toml`)
//! is shown as plain text with a warning, as a site Zola builds must build; a language
//! neither knows stays an error. No failure mode.

/// giallo's built-in grammar names and aliases, sorted (byte order), one space apart.
const KNOWN: &str = "1c 1c-query abap actionscript-3 ada adoc ahk ahk1 ahk2 angular-html angular-ts apache \
    apex apl applescript ara asciidoc asm astro awk ballerina bash bat batch be beancount \
    berry bibtex bicep bird bird2 blade bsl c c# c++ c3 cadence cairo cdc chapel chpl cjs \
    clarity clj clojure closure-templates cmake cmd cobol codeowners codeql coffee \
    coffeescript common-lisp console coq cpp cql crystal cs csharp css csv cts cue cypher d \
    dart dax desktop diff docker dockerfile dotenv dream-maker edge elisp elixir elm \
    emacs-lisp erb erl erlang f f# f03 f08 f18 f77 f90 f95 fennel fish fluent for \
    fortran-fixed-form fortran-free-form fs fsharp fsl ftl gd gdresource gdscript gdshader \
    genie gherkin git-commit git-rebase gjs gleam glimmer-js glimmer-ts glsl gn gnuplot go \
    gql graphql groovy gts hack haml handlebars haskell haxe hbs hcl hjson hlsl hs html \
    html-derivative http hurl hxml hy imba ini jade java javascript jinja jison jl js json \
    json5 jsonc jsonl jsonnet jssm jsx julia just kdl kotlin kql kt kts kusto latex lean \
    lean4 less liquid lisp lit llvm log logo lua luau make makefile markdown marko matlab \
    mbt mbti md mdc mdx mediawiki mermaid mips mipsasm mjs mmd mojo moonbit move mts nar \
    narrat nextflow nextflow-groovy nf nginx nim nix nu nushell objc objective-c \
    objective-cpp ocaml odin openscad org pascal perl perl6 php pkl plain plsql po polar \
    postcss pot potx powerquery powershell prisma prolog properties proto protobuf ps ps1 \
    pug puppet purescript py python ql qml qmldir qss r racket raku razor rb reg regex \
    regexp rel riscv ron rosmsg rs rst ruby rust sas sass scad scala scheme scss sdbl sh \
    shader shaderlab shell shellscript shellsession smalltalk solidity soy sparql spl \
    splunk sql ssh-config stata styl stylus surql surrealql svelte swift system-verilog \
    systemd talon talonscript tasl tcl templ terraform tex text tf tfvars toml tres ts \
    ts-tags tscn tsp tsv tsx turtle twig txt typ typescript typespec typst v vala vb \
    verilog vhdl vim viml vimscript vue vue-html vue-vine vy vyper wasm wenyan wgsl wiki \
    wikitext wit wl wolfram xml xsl yaml yml zenscript zig zsh 文言";

/// Whether Zola highlights `lang` (matched as written).
pub fn zola_knows(lang: &str) -> bool {
    !lang.is_empty() && KNOWN.split(' ').any(|n| n == lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_holds_what_syntect_lacks() {
        let names: Vec<&str> = KNOWN.split(' ').collect();
        assert!(names.len() > 300 && names.windows(2).all(|w| w[0] < w[1]));
        assert!(zola_knows("mermaid") && zola_knows("mmd") && zola_knows("toml") && zola_knows("rs"));
        assert!(!zola_knows("xyz") && !zola_knows("Mermaid"));
    }
}
