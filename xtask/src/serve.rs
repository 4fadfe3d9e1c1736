//! `cargo xtask serve`: the site over HTTP on 127.0.0.1 with the headers
//! cross-origin isolation needs, `.wasm` as `application/wasm`, and no
//! caching (so a rebuild is seen on reload). axum + tower-http's ServeDir.

use crate::{site, Result};
use axum::http::{HeaderName, HeaderValue};
use axum::response::IntoResponse;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn command(args: &[String]) -> Result {
    let mut port: u16 = 8000;
    let mut dir: Option<PathBuf> = None;
    let mut build = true;
    let mut isolation = Isolation::On;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => port = it.next().and_then(|p| p.parse().ok()).ok_or("--port takes a number from 0 to 65535")?,
            "--dir" => dir = Some(it.next().ok_or("--dir takes a folder")?.into()),
            "--no-build" => build = false,
            "--no-isolation" => isolation = Isolation::Off,
            other => return Err(format!("serve: unknown option {other:?} (options: --port N, --dir DIR, --no-build, --no-isolation)")),
        }
    }
    let dir = match (dir, build) {
        (Some(d), _) => d,
        (None, true) => site::build_site()?,
        (None, false) => site::dist_dir(),
    };
    if !dir.join("index.html").is_file() {
        return Err(format!("{} has no index.html: run `cargo xtask build` first", dir.display()));
    }
    serve(dir, port, isolation)
}

/// Whether to send the security headers (isolation, CSP, frame-ancestors).
/// `Off` behaves like a static host that cannot set headers (to try the
/// page's fallback, and its refusal to autorun in another site's frame).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Isolation {
    On,
    Off,
}

/// The longest path segment answered (a file name on most file systems).
const MAX_SEGMENT: usize = 255;

/// Whether a request path may be handed to the file server: no segment over
/// [`MAX_SEGMENT`] bytes (else the file system's error became a 500), and no
/// path that goes on past a file (`/index.html/` was answered with the page,
/// whose relative URLs then all failed).
fn is_servable(root: &Path, path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    if segments.iter().any(|s| s.len() > MAX_SEGMENT) {
        return false;
    }
    let mut at = root.to_path_buf();
    for (i, segment) in segments.iter().enumerate() {
        if segment.is_empty() || *segment == "." || *segment == ".." {
            continue;
        }
        at.push(segment);
        if at.is_file() && i + 1 < segments.len() {
            return false;
        }
    }
    true
}

fn serve(dir: PathBuf, port: u16, isolation: Isolation) -> Result {
    let csp = site::content_security_policy()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let root = dir.clone();
        let mut app = axum::Router::new().fallback_service(ServeDir::new(&dir)).layer(axum::middleware::from_fn(move |request: axum::extract::Request, next: axum::middleware::Next| {
            let found = is_servable(&root, request.uri().path());
            async move {
                if found {
                    next.run(request).await
                } else {
                    axum::http::StatusCode::NOT_FOUND.into_response()
                }
            }
        }));
        // Off: like a static host that cannot set headers at all (the page's
        // own meta CSP and its service worker are then all it has).
        let mut headers = if isolation == Isolation::On { site::security_headers(&csp) } else { Vec::new() };
        headers.push(("Cache-Control", "no-cache".into()));
        for (name, value) in headers {
            let value = HeaderValue::from_str(&value).map_err(|e| format!("bad header value for {name}: {e}"))?;
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("bad header name {name}: {e}"))?;
            app = app.layer(SetResponseHeaderLayer::overriding(name, value));
        }
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| format!("could not listen on 127.0.0.1:{port}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        // The end-to-end tests read this line to find the port.
        println!("Serving {} at http://{addr}/", dir.display());
        let _ = std::io::stdout().flush();
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("server error: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_past_a_file_and_overlong_segments_are_not_served() {
        let root = std::env::temp_dir().join(format!("corescope-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(root.join("www")).unwrap();
        std::fs::write(root.join("index.html"), "x").unwrap();
        std::fs::write(root.join("www").join("main.js"), "x").unwrap();
        for ok in ["/", "/index.html", "/www/main.js", "/www/", "/no-such-file"] {
            assert!(is_servable(&root, ok), "{ok}");
        }
        for bad in ["/index.html/", "/index.html/www/main.js", "/www/main.js/x"] {
            assert!(!is_servable(&root, bad), "{bad}");
        }
        assert!(!is_servable(&root, &format!("/{}", "a".repeat(256))));
        std::fs::remove_dir_all(root).unwrap();
    }
}
