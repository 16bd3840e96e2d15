//! Word (.docx) and OpenDocument (.odt) write-ups through the real binary.
//! The documents are built here with the zip crate from the XML that Word
//! and LibreOffice write (a Dutch Word: style ids `Kop1`, built-in names
//! `heading 1`), so the test needs neither program; what each must become
//! is written out by hand below.

mod common;
use common::T;
use std::io::Write;

fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, body) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn docx(body: &str, custom: &[(&str, &str)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let styles = format!(
        r#"<?xml version="1.0"?><w:styles {W}>
<w:style w:type="paragraph" w:styleId="Standaard"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="MijnKop"><w:name w:val="Mijn kop"/><w:basedOn w:val="Kop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Lijstalinea"><w:name w:val="List Paragraph"/></w:style>
</w:styles>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0"?><w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Geanonimiseerd door de onderzoeker.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#
    );
    let core = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Interview P07</dc:title><dc:creator>Jan Jansen</dc:creator></cp:coreProperties>"#;
    let props: String = custom
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            format!(
                r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{k}"><vt:lpwstr>{v}</vt:lpwstr></property>"#,
                i + 2
            )
        })
        .collect();
    let custom_xml = format!(
        r#"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>"#
    );
    zip_of(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        ("word/document.xml", &document),
        ("word/styles.xml", &styles),
        ("word/footnotes.xml", &footnotes),
        ("docProps/core.xml", core),
        ("docProps/custom.xml", &custom_xml),
    ])
}

fn p(style: Option<&str>, runs: &str) -> String {
    let ppr = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    format!("<w:p>{ppr}{runs}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// A write-up as Word writes one: heading, paragraphs split over runs with
/// tracked changes and a field, a list, a table, a footnote.
fn interview_docx(front_matter: bool) -> Vec<u8> {
    let mut body = String::new();
    if front_matter {
        for line in ["---", "id: P07", "unit: Politie-eenheid II", "---"] {
            body.push_str(&p(None, &r(line)));
        }
    }
    body.push_str(&p(Some("Kop1"), &r("Interview P07 — verslag")));
    body.push_str(&p(
        Some("Standaard"),
        &format!(
            "{}{}<w:del><w:r><w:delText>weggehaald </w:delText></w:r></w:del><w:ins><w:r><w:t>café</w:t></w:r></w:ins>{}{}",
            r("De pakkans is "),
            r("laag &amp; de "),
            r(" sluit om <w:fldSimple/>"),
            r_field(),
        ),
    ));
    // A custom style based on "heading 2" is a level-2 heading too.
    body.push_str(&p(Some("MijnKop"), &r("Aanpak")));
    for item in ["Eerste punt", "Tweede punt"] {
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Lijstalinea"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
            r(item)
        ));
    }
    body.push_str(&format!(
        "<w:tbl><w:tblPr/><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
        p(None, &r("Eenheid")),
        p(None, &r("Zaken")),
        p(None, &r("II")),
        p(None, &r("12")),
    ));
    body.push_str(&p(
        None,
        &format!(
            r#"{}<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>.</w:t></w:r>"#,
            r("Slot")
        ),
    ));
    docx(
        &body,
        &[("unit", "Eenheid uit eigenschappen"), ("wave", "2")],
    )
}

/// A PAGE field: its instruction must not leak, its result stays.
fn r_field() -> String {
    r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>22 uur</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#.to_string()
}

const EXPECTED_BODY: &str = "# Interview P07 — verslag\n\n\
De pakkans is laag & de café sluit om 22 uur\n\n\
## Aanpak\n\n\
- Eerste punt\n\n\
- Tweede punt\n\n\
Eenheid | Zaken\n\n\
II | 12\n\n\
Slot[1].\n\n\
[1] Geanonimiseerd door de onderzoeker.\n";

fn show(t: &T, id: &str) -> serde_json::Value {
    t.json(&["show", id])
}

#[test]
fn a_word_write_up_reads_like_markdown() {
    let t = T::new();
    t.write("P07.docx", interview_docx(true));
    t.ok(&["import", "P07.docx"]);
    let d = show(&t, "P07");
    assert_eq!(d["text"], EXPECTED_BODY);
    // Typed front matter wins over the properties; properties fill the
    // rest; the author's name is never read.
    assert_eq!(d["attributes"]["unit"], "Politie-eenheid II");
    assert_eq!(d["attributes"]["wave"], "2");
    assert_eq!(d["attributes"]["title"], "Interview P07");
    assert!(d["attributes"].get("creator").is_none(), "{d}");
    assert!(!d.to_string().contains("Jan Jansen"), "{d}");
    // Headings became heading units, list items their own units.
    let text = d["text"].as_str().unwrap();
    for leak in [
        "w:",
        "Kop1",
        "Standaard",
        "PAGE",
        "weggehaald",
        "<",
        "fldSimple",
    ] {
        assert!(!text.contains(leak), "{leak:?} leaked into {text:?}");
    }
}

#[test]
fn attr_wins_over_front_matter_and_properties() {
    let t = T::new();
    t.write("P08.docx", interview_docx(false));
    t.write("P09.docx", interview_docx(true));
    t.ok(&["import", "P08.docx", "P09.docx", "--attr", "wave=3"]);
    let d = show(&t, "P08");
    assert_eq!(d["attributes"]["unit"], "Eenheid uit eigenschappen");
    assert_eq!(d["attributes"]["wave"], "3");
    assert_eq!(d["text"], EXPECTED_BODY);
    // The typed block set the id of the second file.
    assert_eq!(show(&t, "P07")["attributes"]["wave"], "3");
}

fn odt(content_body: &str, meta: &str, encrypted: bool) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_1"/></office:automatic-styles><office:body><office:text><text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Illustration"/></text:sequence-decls>{content_body}</office:text></office:body></office:document-content>"#
    );
    let manifest = if encrypted {
        r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry></manifest:manifest>"#
    } else {
        r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"/></manifest:manifest>"#
    };
    let meta = format!(
        r#"<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>{meta}</office:meta></office:document-meta>"#
    );
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", &content),
        ("meta.xml", &meta),
    ])
}

#[test]
fn an_odt_write_up_reads_like_markdown() {
    // The first heading as LibreOffice writes a converted HTML <h1>: a
    // paragraph whose automatic style derives from "Heading 1".
    let body = r#"<text:p text:style-name="P1">Interview P07 — verslag</text:p><text:p text:style-name="Standard">De pakkans is <text:span text:style-name="T1">laag &amp; de</text:span><text:s/>café sluit om 22<text:s text:c="2"/>uur<office:annotation><dc:creator>X</dc:creator><text:p>opmerking</text:p></office:annotation></text:p><text:h text:outline-level="2">Aanpak</text:h><text:list text:style-name="L1"><text:list-item><text:p>Eerste punt</text:p></text:list-item><text:list-item><text:p>Tweede punt</text:p></text:list-item></text:list><table:table table:name="T"><table:table-column/><table:table-row><table:table-cell><text:p>Eenheid</text:p></table:table-cell><table:table-cell><text:p>Zaken</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>II</text:p></table:table-cell><table:table-cell><text:p>12</text:p></table:table-cell></table:table-row></table:table><text:p>Slot<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Geanonimiseerd door de onderzoeker.</text:p></text:note-body></text:note>.</text:p>"#;
    let meta = r#"<dc:title>Interview P07</dc:title><meta:initial-creator>Jan Jansen</meta:initial-creator><meta:user-defined meta:name="unit">Politie-eenheid II</meta:user-defined>"#;
    let t = T::new();
    t.write("P07.odt", odt(body, meta, false));
    t.ok(&["import", "P07.odt"]);
    let d = show(&t, "P07");
    // <text:s/> spaces count as spaces; runs of them collapse to one, as
    // in the Word file.
    assert_eq!(d["text"], EXPECTED_BODY);
    assert_eq!(d["attributes"]["unit"], "Politie-eenheid II");
    assert_eq!(d["attributes"]["title"], "Interview P07");
    assert!(!d.to_string().contains("Jan Jansen"), "{d}");
    assert!(
        !d.to_string().contains("opmerking"),
        "comments stay out: {d}"
    );
}

#[test]
fn corrupt_and_protected_files_are_refused_by_name_and_nothing_is_imported() {
    let t = T::new();
    t.write("good.md", "Tekst.\n");
    t.write("ok.docx", interview_docx(false));
    // A truncated zip, an encrypted Word file (an OLE compound file), an
    // encrypted ODT, and a zip that is no Word document.
    let mut cut = interview_docx(false);
    cut.truncate(cut.len() / 2);
    t.write("cut.docx", cut);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 512));
    t.write("locked.docx", ole);
    t.write("locked.odt", odt("<text:p>x</text:p>", "", true));
    t.write("empty.docx", zip_of(&[("x.txt", "x")]));
    let before = t.ok(&["docs"]);
    let err = t.fails(&[
        "import",
        "good.md",
        "ok.docx",
        "cut.docx",
        "locked.docx",
        "locked.odt",
        "empty.docx",
    ]);
    assert!(
        err.contains("cut.docx: the file is not a readable .docx"),
        "{err}"
    );
    assert!(
        err.contains("locked.docx: the file is password-protected"),
        "{err}"
    );
    assert!(
        err.contains("locked.odt: the file is password-protected"),
        "{err}"
    );
    assert!(
        err.contains("empty.docx: the file is not a Word document"),
        "{err}"
    );
    assert_eq!(t.ok(&["docs"]), before, "the batch is untouched");
    let err = t.fails(&["import", "old.doc"]);
    assert!(err.contains("old binary Word file"), "{err}");
}

#[test]
fn a_folder_picks_up_word_and_odt_files() {
    let t = T::new();
    std::fs::create_dir(t.path("in")).unwrap();
    t.write("in/A.docx", interview_docx(false));
    t.write("in/B.odt", odt("<text:p>Tekst B.</text:p>", "", false));
    t.ok(&["import", "in"]);
    let ids: Vec<String> = t
        .json(&["docs"])
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["A", "B"]);
}
