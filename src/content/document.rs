//! A document model for reports: headings, paragraphs, lists, tables and images, built by
//! the report assembly and rendered by one module per format (Markdown, HTML).

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title.
    Title(String),
    /// A highlighted line under the title.
    Quote(String),
    /// A section heading.
    Heading(String),
    /// A sub-section heading.
    Subheading(String),
    /// A paragraph (inline `**bold**` and `` `code` `` as in Markdown).
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table: header, right-aligned columns, rows of text cells.
    Table {
        /// Column names.
        header: Vec<String>,
        /// True for columns aligned right (numbers).
        right: Vec<bool>,
        /// Rows, each as long as the header.
        rows: Vec<Vec<String>>,
    },
    /// A long table of records (one per event): in HTML sortable by any column, numbers
    /// formatted for reading with the exact value kept for sorting, `http(s)` text as
    /// links; Markdown points to `file`, the CSV file with the same rows.
    Records {
        /// Caption.
        caption: String,
        /// The rows.
        table: crate::content::Table,
        /// The CSV file that holds the same rows.
        file: String,
        /// The HTML table's id, unique in the document.
        id: String,
        /// In HTML, a table folded away under this summary until the reader opens it.
        folded: Option<String>,
    },
    /// An image file beside the document, with its caption.
    Image {
        /// File name, relative to the document.
        file: String,
        /// Caption and alternative text.
        caption: String,
    },
}

/// A document: blocks in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The blocks.
    pub blocks: Vec<Block>,
}

impl Document {
    /// Appends a block.
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }
}
