//! A small, safe subset of Markdown: paragraphs, `## ` headings and `- ` lists. Everything is
//! shown as text, so nothing a proposer writes can become HTML.

use yew::prelude::*;

/// One block of the text.
#[derive(Debug, PartialEq)]
enum Block {
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let flush = |out: &mut Vec<Block>, paragraph: &mut Vec<&str>, list: &mut Vec<String>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
        if !list.is_empty() {
            out.push(Block::List(std::mem::take(list)));
        }
    };
    for line in text.lines().map(str::trim) {
        let heading = line.trim_start_matches('#');
        if line.is_empty() {
            flush(&mut out, &mut paragraph, &mut list);
        } else if line.starts_with('#') && heading.starts_with(' ') {
            flush(&mut out, &mut paragraph, &mut list);
            out.push(Block::Heading(heading.trim().to_owned()));
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            if !paragraph.is_empty() {
                flush(&mut out, &mut paragraph, &mut list);
            }
            list.push(item.trim().to_owned());
        } else {
            if !list.is_empty() {
                flush(&mut out, &mut paragraph, &mut list);
            }
            paragraph.push(line);
        }
    }
    flush(&mut out, &mut paragraph, &mut list);
    out
}

/// The text as GOV.UK paragraphs, small headings and bulleted lists.
pub fn markdown(text: &str) -> Html {
    let block = |block: Block| match block {
        Block::Heading(text) => html! { <h3 class="govuk-heading-s">{ text }</h3> },
        Block::Paragraph(text) => html! { <p class="govuk-body">{ text }</p> },
        Block::List(items) => html! {
            <ul class="govuk-list govuk-list--bullet">
                { for items.into_iter().map(|item| html! { <li>{ item }</li> }) }
            </ul>
        },
    };
    html! { <>{ for blocks(text).into_iter().map(block) }</> }
}
