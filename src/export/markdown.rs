//! Markdown rendering of a [`Document`]: GitHub-flavoured tables, `|` escaped in cells.

use crate::content::document::{Block, Document};

fn escape(s: &str) -> String {
    s.replace('|', "\\|")
}

fn table(out: &mut String, header: &[String], right: &[bool], rows: &[Vec<String>]) {
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(header.iter().map(|h| escape(h)).collect()));
    let align: Vec<&str> = (0..header.len())
        .map(|i| {
            if right.get(i) == Some(&true) {
                "--:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("|{}|\n", align.join("|")));
    for r in rows {
        out.push_str(&line(r.iter().map(|c| escape(c)).collect()));
    }
    out.push('\n');
}

/// The document as Markdown, ending with one newline.
///
/// ```
/// use layoff_study::content::document::{Block, Document};
/// let mut d = Document::default();
/// d.push(Block::Title("Layoffs".into()));
/// d.push(Block::List(vec!["a | b".into()]));
/// assert_eq!(layoff_study::export::markdown::render(&d), "# Layoffs\n\n- a | b\n");
/// ```
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Title(t) => out.push_str(&format!("# {t}\n\n")),
            Block::Quote(t) => out.push_str(&format!("> {t}\n\n")),
            Block::Heading(t) => out.push_str(&format!("## {t}\n\n")),
            Block::Subheading(t) => out.push_str(&format!("### {t}\n\n")),
            Block::Paragraph(t) => out.push_str(&format!("{t}\n\n")),
            Block::List(items) => {
                for i in items {
                    out.push_str(&format!("- {i}\n"));
                }
                out.push('\n');
            }
            Block::Table {
                header,
                right,
                rows,
            } => table(&mut out, header, right, rows),
            Block::Records {
                caption,
                table,
                file,
                ..
            } => out.push_str(&format!(
                "{caption}: {} rows, sortable in `report.html`; the data in `{file}`.\n\n",
                table.rows.len()
            )),
            Block::Image { file, caption } => {
                out.push_str(&format!("![{caption}]({file})\n\n"));
            }
        }
    }
    let end = out.trim_end_matches('\n').len();
    out.truncate(end);
    out.push('\n');
    out
}

/// The Markdown renderer: a document, or a table as a document of one table.
pub struct Markdown;

impl super::Renderer for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn render(
        &self,
        content: &super::Content<'_>,
        out: &mut dyn std::io::Write,
    ) -> crate::error::Result<()> {
        let text = match content {
            super::Content::Document(d, _) => render(d),
            super::Content::Table(t) => render(&super::table_document(t)),
            other => return Err(super::unsupported("markdown", other)),
        };
        out.write_all(text.as_bytes())
            .map_err(|e| crate::error::Error::Render(format!("writing markdown: {e}")))
    }
}
