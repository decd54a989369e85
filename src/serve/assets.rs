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
    // The charts' CJK font, so Chinese shows as glyphs on a machine without one.
    (
        "fonts/wqy-microhei.ttc",
        "font/collection",
        include_bytes!("../../assets/fonts/wqy-microhei.ttc"),
    ),
];

/// The embedded file at `path` (without the leading `/`): its content type and bytes.
pub fn find(path: &str) -> Option<(&'static str, &'static [u8])> {
    let path = if path.is_empty() { "index.html" } else { path };
    ASSETS
        .iter()
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
                    let rel = path.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
                    if find(&rel).is_none() {
                        missing.push(rel);
                    }
                }
            }
        }
        assert!(missing.is_empty(), "not embedded in src/serve/assets.rs: {missing:?}");
        assert!(find("").is_some());
        assert!(find("../Cargo.toml").is_none());
    }
}
