//! The page's files, compiled into the binary: the server needs no folder and no network.

/// (path under `/`, content type, bytes). `index.html` is served at `/` too.
static ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/web/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/app.js"),
    ),
    (
        "charts.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/charts.js"),
    ),
    (
        "community.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/community.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/web/style.css"),
    ),
    (
        "vendor/uPlot.esm.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/vendor/uPlot.esm.js"),
    ),
    (
        "vendor/uPlot.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/web/vendor/uPlot.min.css"),
    ),
    (
        "vendor/uPlot.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/web/vendor/uPlot.LICENSE"),
    ),
];

/// The participatory mode's pages (`assets/web/play/`): phone, projector, trainer, debrief.
static PLAY_ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "play/phone.html",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/web/play/phone.html"),
    ),
    (
        "play/projector.html",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/web/play/projector.html"),
    ),
    (
        "play/trainer.html",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/web/play/trainer.html"),
    ),
    (
        "play/play.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/web/play/play.css"),
    ),
    (
        "play/common.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/common.js"),
    ),
    (
        "play/roles.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/roles.js"),
    ),
    (
        "play/know.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/know.js"),
    ),
    (
        "play/phone.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/phone.js"),
    ),
    (
        "play/projector.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/projector.js"),
    ),
    (
        "play/street.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/street.js"),
    ),
    (
        "play/debrief.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/debrief.js"),
    ),
    (
        "play/watch.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/watch.js"),
    ),
    (
        "play/trainer.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/play/trainer.js"),
    ),
];

/// The charts' CJK font (a TrueType collection, `plot.rs` embeds it too), so Chinese shows
/// as glyphs on a machine without a CJK font. Browsers take single fonts only, so the page
/// gets the collection's first face (WenQuanYi Micro Hei) as a plain TrueType file.
static FONT_COLLECTION: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");
const FONT_PATH: &str = "fonts/wqy-microhei.ttf";

fn page_font() -> &'static [u8] {
    static FACE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    FACE.get_or_init(|| first_face(FONT_COLLECTION).unwrap_or_default())
}

fn be_u32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// The first face of a TrueType collection as a font file of its own: its table directory
/// with each table copied after it (4-byte aligned) and the offsets changed to match.
fn first_face(ttc: &[u8]) -> Option<Vec<u8>> {
    if ttc.get(..4)? != b"ttcf" {
        return None;
    }
    let dir = be_u32(ttc, 12)?;
    let tables = u16::from_be_bytes(ttc.get(dir + 4..dir + 6)?.try_into().ok()?) as usize;
    let mut out = ttc.get(dir..dir + 12 + 16 * tables)?.to_vec();
    for i in 0..tables {
        let record = dir + 12 + 16 * i;
        let (offset, length) = (be_u32(ttc, record + 8)?, be_u32(ttc, record + 12)?);
        let data = ttc.get(offset..offset.checked_add(length)?)?;
        let at = u32::try_from(out.len()).ok()?.to_be_bytes();
        out[12 + 16 * i + 8..12 + 16 * i + 12].copy_from_slice(&at);
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    Some(out)
}

/// The embedded file at `path` (without the leading `/`): its content type and bytes.
pub fn find(path: &str) -> Option<(&'static str, &'static [u8])> {
    let path = if path.is_empty() { "index.html" } else { path };
    if path == FONT_PATH {
        return Some(("font/ttf", page_font()));
    }
    ASSETS
        .iter()
        .chain(PLAY_ASSETS)
        .find(|(p, _, _)| *p == path)
        .map(|(_, kind, bytes)| (*kind, *bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/web");
        let mut missing = Vec::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.file_name().is_some_and(|n| n != "README.md") {
                    let rel = path
                        .strip_prefix(&dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    if find(&rel).is_none() {
                        missing.push(rel);
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "not embedded in src/serve/assets.rs: {missing:?}"
        );
        assert!(find("").is_some());
        assert!(find("../Cargo.toml").is_none());
    }

    #[test]
    fn the_page_font_is_the_collections_first_face_and_has_chinese() {
        use ab_glyph::Font;
        let face = page_font();
        assert!(face.len() > 1_000_000, "{} bytes", face.len());
        let font = ab_glyph::FontRef::try_from_slice(face).expect("not a font");
        let from_collection =
            ab_glyph::FontRef::try_from_slice_and_index(FONT_COLLECTION, 0).unwrap();
        for c in ['社', '区', '共', '治', 'A'] {
            assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c}");
            assert_eq!(font.glyph_id(c), from_collection.glyph_id(c));
        }
        assert!(first_face(b"not a font").is_none());
        assert!(first_face(b"ttcf\0\0\0\0\0\0\0\x01\0\0\xff\xff").is_none());
    }
}
