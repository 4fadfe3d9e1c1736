//! Where a run was measured, in words a person reads: "Chrome 156 on
//! Linux, 2 logical processors, isolated". In English it is the default
//! label of a run (a label is data: it travels in links and files); the
//! list of runs says it in the page's language.

use crate::i18n::{fill, Lang};
use crate::results::Env;

/// The browser and its major version, from a user agent string.
pub fn browser(user_agent: &str) -> Option<String> {
    let version_after = |token: &str| -> Option<String> {
        let rest = &user_agent[user_agent.find(token)? + token.len()..];
        let major: String = rest.chars().take_while(char::is_ascii_digit).collect();
        (!major.is_empty()).then_some(major)
    };
    // Order matters: Edge and Opera also say Chrome; Chrome also says Safari.
    let known = [
        ("Firefox/", "Firefox"),
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("HeadlessChrome/", "Chrome (headless)"),
        ("Chrome/", "Chrome"),
        ("CriOS/", "Chrome"),
        ("FxiOS/", "Firefox"),
    ];
    for (token, name) in known {
        if let Some(v) = version_after(token) {
            return Some(format!("{name} {v}"));
        }
    }
    if user_agent.contains("Safari/") {
        if let Some(v) = version_after("Version/") {
            return Some(format!("Safari {v}"));
        }
    }
    None
}

/// The operating system, from a user agent string.
pub fn system(user_agent: &str) -> Option<&'static str> {
    let has = |s: &str| user_agent.contains(s);
    let name = if has("Android") {
        "Android"
    } else if has("iPhone") || has("iPad") || has("iPod") {
        "iOS"
    } else if has("Windows") {
        "Windows"
    } else if has("CrOS") {
        "ChromeOS"
    } else if has("Mac OS X") || has("Macintosh") {
        "macOS"
    } else if has("Linux") || has("X11") {
        "Linux"
    } else {
        return None;
    };
    Some(name)
}

/// The whole description, in English: a run's default label.
pub fn describe(env: &Env) -> String {
    describe_in(env, Lang::En)
}

/// The whole description in `lang`.
pub fn describe_in(env: &Env, lang: Lang) -> String {
    let cores = env.hardware_concurrency;
    let values = [
        ("browser", browser(&env.user_agent).unwrap_or_else(|| lang.text("device.unknown_browser").to_string())),
        ("system", system(&env.user_agent).unwrap_or(lang.text("device.unknown_system")).to_string()),
        ("cores", fill(lang.text(if cores == 1 { "device.cores.one" } else { "device.cores" }), &[("n", cores.to_string())])),
        ("isolation", lang.text(if env.cross_origin_isolated { "device.isolated" } else { "device.not_isolated" }).to_string()),
    ];
    fill(lang.text("device"), &values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(ua: &str, cores: u32, isolated: bool) -> Env {
        Env {
            user_agent: ua.into(),
            hardware_concurrency: cores,
            cross_origin_isolated: isolated,
            timer_resolution_ms: 0.005,
            build: String::new(),
            pool_threads: None,
            pool_startup_ms: None,
            pool_ready_at_ms: None,
        }
    }

    #[test]
    fn names_common_browsers() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome 156 on Linux"),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0", "Firefox 153 on Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36 Edg/150.0.0.0", "Edge 150 on Windows"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1", "Safari 18 on iOS"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "Safari 17 on macOS"),
            ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36", "Chrome 130 on Android"),
        ];
        for (ua, words) in cases {
            assert_eq!(format!("{} on {}", browser(ua).unwrap(), system(ua).unwrap()), words, "{ua}");
        }
        assert_eq!((browser("curl/8"), system("curl/8")), (None, None));
    }

    #[test]
    fn describes_cores_and_isolation() {
        let ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
        assert_eq!(describe(&env(ua, 2, true)), "Chrome 156 on Linux, 2 logical processors, isolated");
        assert_eq!(describe(&env(ua, 1, false)), "Chrome 156 on Linux, 1 logical processor, not isolated");
        assert_eq!(describe(&env("curl/8", 4, true)), "an unknown browser on an unknown system, 4 logical processors, isolated");
    }

    #[test]
    fn describes_in_korean() {
        let ua = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";
        assert_eq!(describe_in(&env(ua, 2, true), Lang::Ko), "Linux의 Firefox 153, 논리 프로세서 2개, 격리됨");
        assert_eq!(describe_in(&env("curl/8", 1, false), Lang::Ko), "알 수 없는 시스템의 알 수 없는 브라우저, 논리 프로세서 1개, 격리 안 됨");
    }
}
