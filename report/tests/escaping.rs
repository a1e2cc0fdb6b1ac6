//! Every text of an agenda is untrusted: a hostile agenda's titles, notes,
//! names and URLs must not add a single element or attribute to the DOM a
//! browser builds from the page, and only http(s) URLs become links.

use scraper::{Html, Selector};
use serde_json::{Value, json};
use union_state::Agenda;
use union_state_report::{ReportOptions, render};

const SCRIPT: &str = "<script>alert('title')</script>";
const BREAKOUT: &str = "\"><img src=x onerror=alert(1)>";
const QUOTE: &str = "' onmouseover='alert(2)";
const JS_URL: &str = "javascript:alert(3)";
const EVIL_URL: &str = "https://example.org/\"><svg/onload=alert(4)>";

fn hostile(n: usize) -> String {
    match n % 3 {
        0 => format!("{SCRIPT} {n}"),
        1 => format!("{BREAKOUT} {n}"),
        _ => format!("{QUOTE} {n}"),
    }
}

/// Every string field named like a text in `v` replaced by `text(n)` for
/// the `n`th, every `url` by a `javascript:` one (ids are left: the format
/// refuses such ids).
fn poison(v: &mut Value, n: &mut usize, text: &dyn Fn(usize) -> String) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match (key.as_str(), &mut *value) {
                    ("url", Value::String(s)) => {
                        *s = if *n % 2 == 0 {
                            JS_URL.to_owned()
                        } else {
                            format!(" JavaScript:alert({n})")
                        };
                        *n += 1;
                    }
                    (
                        "title" | "name" | "note" | "text" | "claimant" | "publisher" | "summary"
                        | "title_ru" | "place",
                        Value::String(s),
                    ) => {
                        *s = text(*n);
                        *n += 1;
                    }
                    _ => poison(value, n, text),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| poison(i, n, text)),
        _ => {}
    }
}

fn hostile_agenda() -> Agenda {
    let mut v: Value = serde_json::from_str(union_state::DATASET_JSON).unwrap();
    let mut n = 0;
    poison(&mut v, &mut n, &hostile);
    assert!(n > 500, "only {n} texts replaced");
    // A source with an http URL that tries to break out of the attribute.
    v["sources"].as_array_mut().unwrap().push(json!({
        "id": "EVIL", "title": SCRIPT, "url": EVIL_URL
    }));
    v["programmes"][0]["sources"]
        .as_array_mut()
        .unwrap()
        .push(json!("EVIL"));
    Agenda::from_json_str(&v.to_string()).unwrap()
}

/// What an injection would have left in the DOM: a script, an image, an
/// event-handler attribute, or a link to a non-web URL.
fn injected(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        if matches!(
            name,
            "script" | "img" | "iframe" | "object" | "embed" | "link" | "base"
        ) {
            found.push(format!("element <{name}>"));
        }
        for (attr, value) in el.value().attrs() {
            if attr.starts_with("on") || attr.contains('"') || attr.contains('\'') {
                found.push(format!("attribute {attr} on <{name}>"));
            }
            let lower = value.trim().to_ascii_lowercase();
            if matches!(attr, "href" | "src" | "xlink:href" | "action")
                && !(lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with('#')
                    || lower.starts_with("url(#"))
            {
                found.push(format!("{attr}={value} on <{name}>"));
            }
        }
    }
    found
}

#[test]
fn the_detector_sees_an_injection() {
    // The check below can fail: a page that pastes a text in unescaped is
    // caught.
    let page = format!(
        "<!DOCTYPE html><title>x</title><p title=\"{BREAKOUT}\">{SCRIPT}</p><a href=\"{JS_URL}\">x</a>"
    );
    let found = injected(&page);
    assert!(found.iter().any(|f| f.contains("<script>")), "{found:?}");
    assert!(found.iter().any(|f| f.contains("<img>")), "{found:?}");
    assert!(found.iter().any(|f| f.contains("onerror")), "{found:?}");
    assert!(found.iter().any(|f| f.contains("javascript")), "{found:?}");
}

#[test]
fn hostile_texts_add_no_element_nor_attribute() {
    let agenda = hostile_agenda();
    for as_of in ["2023-01-09", "2026-12-01"] {
        let mut options = ReportOptions::new(as_of.parse().unwrap());
        options.title = Some(hostile(0));
        options.focus = Some("UP16".parse().unwrap());
        let html = render(&agenda, &options);
        assert_eq!(injected(&html), Vec::<String>::new());
        // The texts are shown, as text.
        let doc = Html::parse_document(&html);
        let text: String = doc.root_element().text().collect();
        for needle in [SCRIPT, BREAKOUT, QUOTE] {
            assert!(text.contains(needle), "{needle} not shown as text");
        }
        // No `javascript:` address is a link; the http one with quotes is,
        // escaped.
        let links = Selector::parse("a[href]").unwrap();
        let hrefs: Vec<&str> = doc
            .select(&links)
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(
            hrefs
                .iter()
                .all(|h| !h.to_ascii_lowercase().contains("javascript"))
        );
        assert!(hrefs.contains(&EVIL_URL));
    }
}

#[test]
fn the_page_loads_nothing_from_outside() {
    let html = render(
        union_state::dataset(),
        &ReportOptions::new("2026-12-01".parse().unwrap()),
    );
    let doc = Html::parse_document(&html);
    assert_eq!(injected(&html), Vec::<String>::new());
    let sel = Selector::parse("script, link, img, iframe, object, embed, [src], [style*='url(']")
        .unwrap();
    assert_eq!(doc.select(&sel).count(), 0);
    let csp = Selector::parse("meta[http-equiv='Content-Security-Policy']").unwrap();
    let policy = doc
        .select(&csp)
        .next()
        .and_then(|m| m.value().attr("content"))
        .unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    // Styles only inline, and they name no address.
    let style: String = doc
        .select(&Selector::parse("style").unwrap())
        .flat_map(|s| s.text())
        .collect();
    assert!(!style.contains("url(") && !style.contains("@import"));
}

/// Every control character: C0, DEL and C1.
fn controls() -> String {
    (0u32..0x20)
        .chain(0x7f..0xa0)
        .filter_map(char::from_u32)
        .collect()
}

/// An agenda's texts may hold control characters, which HTML forbids in
/// text and attributes and XML (the standalone SVGs) forbids outright: the
/// page and the pictures carry U+FFFD in their place, and none but tab,
/// line feed and carriage return.
#[test]
fn control_characters_in_texts_do_not_reach_the_page() {
    let mut v: Value = serde_json::from_str(union_state::DATASET_JSON).unwrap();
    let mut n = 0;
    poison(&mut v, &mut n, &|n| format!("[{}] {n}", controls()));
    let agenda = Agenda::from_json_str(&v.to_string()).unwrap();
    let as_of = "2026-12-01".parse().unwrap();
    let mut options = ReportOptions::new(as_of);
    options.title = Some(controls());
    options.focus = Some("UP16".parse().unwrap());
    for (name, text) in [
        ("page", render(&agenda, &options)),
        ("progress", union_state_report::progress_svg(&agenda, as_of)),
        ("gantt", union_state_report::gantt_svg(&agenda, as_of)),
    ] {
        let bad = text
            .chars()
            .filter(|&c| union_state::export::is_unprintable(c))
            .count();
        assert_eq!(bad, 0, "{name}: {bad} control characters");
        assert!(text.contains('\u{FFFD}'), "{name}");
    }
}
