//! The client's form controls and downloads on a page of its own (a `data:` URL, no server):
//! typing into an input and a textarea, picking an option, reading properties back, and a link's
//! download arriving in the session's download directory. The dashboard's browser test covers
//! navigation, submitting a form and cookies against a real server.

use maturity_browser::{Browser, WAIT};
use serde_json::Value;

/// The page, itself a `data:` URL: `%25` is a `%` in the link's own `data:` URL.
const PAGE: &str = "data:text/html,<title>forms</title>\
    <form><input id=name value=old><textarea id=notes>before</textarea>\
    <select id=answer><option value=no>No<option value=partly>Partly<option value=yes>Yes</select>\
    <button type=button id=press onclick=\"this.textContent='pressed'\">press</button></form>\
    <a id=export download=answers.toml href=\"data:text/plain,control %253D %2522mfa%2522%250A\">Export</a>";

#[test]
fn types_picks_clicks_and_downloads() {
    let browser = Browser::start(800, 600);
    browser.goto(PAGE);
    assert_eq!(browser.title(), "forms");

    let name = browser.find("#name");
    name.fill("new value");
    assert_eq!(name.property("value"), Value::from("new value"));
    name.type_text("!");
    assert_eq!(name.property("value"), Value::from("new value!"));
    assert_eq!(name.attribute("value").as_deref(), Some("old"), "the attribute is the markup's");

    let notes = browser.find("#notes");
    notes.fill("line one\nline two");
    assert_eq!(notes.property("value"), Value::from("line one\nline two"));

    let answer = browser.find("#answer");
    assert_eq!(answer.property("value"), Value::from("no"));
    answer.select("partly");
    assert_eq!(answer.property("value"), Value::from("partly"));
    let picked = browser.find_all("#answer option").iter().filter(|o| o.property("selected") == true).count();
    assert_eq!(picked, 1);

    browser.find("#press").click();
    assert_eq!(browser.find("#press").text(), "pressed");
    assert!(browser.text().contains("pressed"));
    assert!(browser.try_find("#no-such-thing").is_none());

    browser.find("#export").click();
    let saved = browser.wait_for_download("answers.toml", WAIT);
    assert_eq!(saved.parent(), Some(browser.download_dir()));
    let text = std::fs::read_to_string(&saved).unwrap_or_else(|e| panic!("{}: {e}", saved.display()));
    assert_eq!(text, "control = \"mfa\"\n");
}

#[test]
#[should_panic(expected = "no option \"maybe\"")]
fn picking_an_option_that_is_not_there_fails() {
    let browser = Browser::start(800, 600);
    browser.goto(PAGE);
    browser.find("#answer").select("maybe");
}
