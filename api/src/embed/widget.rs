//! The widget page: self-contained HTML for an iframe (no wasm, no external requests).

use std::sync::OnceLock;

use base64::Engine;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::snapshot::{escape, Snapshot};
use cc2i_shared::lifecycle::IdeaStatus;

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on white.
    Light,
    /// Light text on near-black.
    Dark,
}

/// Tells the host page (through `widget.js`) how tall the widget is.
const RESIZE_SCRIPT: &str = "(function(){function s(){parent.postMessage({cc2i:'resize',height:Math.ceil(document.body.getBoundingClientRect().height)},'*')}addEventListener('load',s);addEventListener('resize',s);s()})();";

const STYLE: &str = "*{box-sizing:border-box}html,body{margin:0}body{font:16px/1.4 Arial,sans-serif;padding:12px 15px}\
body.light{background:#fff;color:#0b0c0c}body.dark{background:#0b0c0c;color:#fff}\
h1{font-size:19px;margin:0 0 4px;font-weight:700}p{margin:0 0 8px}\
.by{color:#484949}.dark .by{color:#d4d4d4}\
.bar{height:12px;background:#cecece;margin:8px 0}.dark .bar{background:#505a5f}\
.bar span{display:block;height:100%;background:#1d70b8;max-width:100%}.dark .bar span{background:#8fc1ff}\
a{color:#1d70b8;font-weight:700}.dark a{color:#8fc1ff}\
a:focus{outline:3px solid transparent;color:#0b0c0c;background:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}\
.v{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}";

/// The `Content-Security-Policy` of widget pages: framable anywhere, nothing loaded.
pub fn policy() -> &'static str {
    static POLICY: OnceLock<String> = OnceLock::new();
    POLICY.get_or_init(|| {
        let hash = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(RESIZE_SCRIPT.as_bytes()));
        format!(
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors *"
        )
    })
}

/// "12 days left", "Closes today", "Funded"...
pub fn time_line(s: &Snapshot, now: DateTime<Utc>) -> String {
    match s.status {
        IdeaStatus::Open => match s.days_left(now) {
            0 => "Closing".into(),
            1 => "1 day left".into(),
            n => format!("{n} days left"),
        },
        other => other.label().to_string(),
    }
}

fn funders_line(n: i64) -> String {
    match n {
        1 => "1 funding organisation".into(),
        n => format!("{n} funding organisations"),
    }
}

/// The widget page.
pub fn render(
    s: &Snapshot,
    public_url: &str,
    theme: Theme,
    compact: bool,
    now: DateTime<Utc>,
) -> String {
    let title = escape(&s.title);
    let class = match theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let by = if compact {
        String::new()
    } else {
        format!("<p class=\"by\">Proposed by {}</p>", escape(&s.proposer))
    };
    format!(
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{title}: funding – CC2i</title><style>{STYLE}</style></head>\
<body class=\"{class}\"><main id=\"main-content\"><h1>{title}</h1>{by}\
<div class=\"bar\" aria-hidden=\"true\"><span style=\"width:{width}%\"></span></div>\
<p><strong>{percent}% funded</strong> · {funders} · {time}</p>\
<p><a href=\"{link}\" target=\"_blank\" rel=\"noopener\">Pledge on CC2i<span class=\"v\"> (opens in new tab)</span></a></p>\
</main><script>{RESIZE_SCRIPT}</script></body></html>",
        width = s.percent().min(100),
        percent = s.percent(),
        funders = funders_line(s.funders),
        time = escape(&time_line(s, now)),
        link = escape(&format!("{}/ideas/{}", public_url.trim_end_matches('/'), s.id)),
    )
}

/// The script a host page includes once: every `<div data-cc2i-idea="ID">` becomes the
/// widget's iframe, resized to fit by messages from this origin only.
pub fn host_script() -> &'static str {
    "(function(){var s=document.currentScript;if(!s)return;var o=new URL(s.src).origin;var f=[];\
function q(d){var p=[];if(d.getAttribute('data-theme'))p.push('theme='+encodeURIComponent(d.getAttribute('data-theme')));\
if(d.getAttribute('data-compact'))p.push('compact=1');return p.length?'?'+p.join('&'):''}\
function place(){var ds=document.querySelectorAll('div[data-cc2i-idea]');for(var i=0;i<ds.length;i++){var d=ds[i];\
if(d.getAttribute('data-cc2i-placed'))continue;d.setAttribute('data-cc2i-placed','1');var e=document.createElement('iframe');\
e.src=o+'/embed/ideas/'+encodeURIComponent(d.getAttribute('data-cc2i-idea'))+q(d);\
e.title=d.getAttribute('data-title')||'Funding progress on CC2i';e.setAttribute('loading','lazy');\
e.style.cssText='border:0;width:100%;max-width:640px;height:190px;display:block';d.appendChild(e);f.push(e)}}\
addEventListener('message',function(m){if(m.origin!==o||!m.data||m.data.cc2i!=='resize')return;\
for(var i=0;i<f.length;i++){if(f[i].contentWindow===m.source){f[i].style.height=Math.ceil(m.data.height)+'px'}}});\
if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',place)}else{place()}})();\n"
}
