//! `cargo xtask serve`: the site over HTTP on 127.0.0.1 with the headers
//! cross-origin isolation needs, `.wasm` as `application/wasm`, and no
//! caching (so a rebuild is seen on reload). axum + tower-http's ServeDir.

use crate::{site, Result};
use axum::http::{HeaderName, HeaderValue};
use std::io::Write;
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

/// Whether to send the cross-origin isolation headers. `Off` behaves like a
/// static host that cannot set headers (to try the page's fallback).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Isolation {
    On,
    Off,
}

fn serve(dir: PathBuf, port: u16, isolation: Isolation) -> Result {
    let csp = site::content_security_policy()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let mut app = axum::Router::new().fallback_service(ServeDir::new(&dir));
        let mut headers = site::security_headers(&csp);
        if isolation == Isolation::Off {
            headers.retain(|(name, _)| !name.starts_with("Cross-Origin-Opener") && !name.starts_with("Cross-Origin-Embedder"));
        }
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
