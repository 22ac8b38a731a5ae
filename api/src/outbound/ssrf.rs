//! Where CC2i may send a request of its own (webhooks, an identity provider's discovery,
//! keys and token endpoint): only `https` to public addresses. Pure rules, checked against
//! every address the host resolves to; the request then connects to a checked address, so a
//! second DNS answer cannot swap it (DNS rebinding).
//!
//! With `CC2I_OUTBOUND_ALLOW_PRIVATE=1` (local development and tests; the old name
//! `CC2I_WEBHOOK_ALLOW_PRIVATE` works too), plain `http` and loopback addresses are allowed
//! too, and nothing else private.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use cc2i_shared::webhook::MAX_URL_CHARS;

/// Host names that reach cloud metadata services or this machine.
const FORBIDDEN_NAMES: [&str; 6] = [
    "metadata.google.internal",
    "metadata.goog",
    "metadata",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.azure.com",
];

/// A URL that passed the shape rules; its addresses still need checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The parsed URL.
    pub url: Url,
    /// The host name or IP literal (without brackets).
    pub host: String,
    /// The port (the scheme's default if none is given).
    pub port: u16,
    /// The address when the host is an IP literal (no DNS needed).
    pub literal: Option<IpAddr>,
}

/// Checks the URL's shape: scheme, userinfo, host, length and forbidden names. An IP
/// literal (in any numeric form the WHATWG parser accepts, like `2130706433` or `0x7f.1`)
/// is checked here too.
pub fn check_url(raw: &str, allow_private: bool) -> Result<Target, String> {
    if raw.chars().count() > MAX_URL_CHARS {
        return Err("must be 2048 characters or fewer".into());
    }
    let url = Url::parse(raw.trim())
        .map_err(|_| "must be a full URL, like https://example.gov.uk/cc2i/events".to_string())?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err("must start with https://".into()),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain a user name or password".into());
    }
    let port = url
        .port_or_known_default()
        .ok_or_else(|| "must name a port this service can reach".to_string())?;
    let (host, literal) = match url.host() {
        None => return Err("must name a host".into()),
        Some(Host::Ipv4(v4)) => (v4.to_string(), Some(IpAddr::V4(v4))),
        Some(Host::Ipv6(v6)) => (v6.to_string(), Some(IpAddr::V6(v6))),
        Some(Host::Domain(name)) => (name.trim_end_matches('.').to_ascii_lowercase(), None),
    };
    if literal.is_none() {
        check_name(&host, allow_private)?;
    }
    let target = Target {
        host,
        port,
        literal,
        url: url.clone(),
    };
    if let Some(ip) = literal {
        check_addresses(&target, &[ip], allow_private)?;
    }
    Ok(target)
}

fn check_name(host: &str, allow_private: bool) -> Result<(), String> {
    if host.is_empty() {
        return Err("must name a host".into());
    }
    let local = host == "localhost" || host.ends_with(".localhost");
    if local && allow_private {
        return Ok(());
    }
    if local
        || FORBIDDEN_NAMES.contains(&host)
        || host.ends_with(".internal")
        || host.ends_with(".local")
        || host.ends_with(".localdomain")
        || !host.contains('.')
    {
        return Err("must be a public host name".into());
    }
    Ok(())
}

/// Checks every address the host resolved to: one forbidden address refuses the URL.
/// Plain `http` (only with `allow_private`) must reach loopback only.
pub fn check_addresses(
    target: &Target,
    addresses: &[IpAddr],
    allow_private: bool,
) -> Result<(), String> {
    if addresses.is_empty() {
        return Err("the host name does not resolve to any address".into());
    }
    for ip in addresses {
        let loopback = is_loopback(*ip);
        if allow_private && loopback {
            continue;
        }
        if target.url.scheme() != "https" {
            return Err("plain http is allowed only to this machine".into());
        }
        if let Some(why) = forbidden(*ip) {
            return Err(format!("must reach a public address ({ip} is {why})"));
        }
    }
    Ok(())
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.is_loopback(),
    }
}

/// Why an address is not public, or `None` for a public one.
pub fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], bits: u32) -> bool {
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    const NETS: [([u8; 4], u32, &str); 18] = [
        ([0, 0, 0, 0], 8, "unspecified"),
        ([127, 0, 0, 0], 8, "loopback"),
        ([10, 0, 0, 0], 8, "private"),
        ([172, 16, 0, 0], 12, "private"),
        ([192, 168, 0, 0], 16, "private"),
        ([100, 64, 0, 0], 10, "shared (CGNAT)"),
        ([169, 254, 0, 0], 16, "link-local or cloud metadata"),
        ([192, 0, 0, 0], 24, "reserved for protocols"),
        ([192, 0, 2, 0], 24, "for documentation"),
        ([198, 51, 100, 0], 24, "for documentation"),
        ([203, 0, 113, 0], 24, "for documentation"),
        ([198, 18, 0, 0], 15, "for benchmarking"),
        ([192, 88, 99, 0], 24, "a 6to4 relay"),
        ([224, 0, 0, 0], 4, "multicast"),
        ([240, 0, 0, 0], 4, "reserved"),
        ([255, 255, 255, 255], 32, "broadcast"),
        ([192, 31, 196, 0], 24, "reserved (AS112)"),
        ([192, 52, 193, 0], 24, "reserved (AMT)"),
    ];
    NETS.iter()
        .find(|(net, bits, _)| in_v4(ip, *net, *bits))
        .map(|(_, _, why)| *why)
}

fn in_v6(ip: Ipv6Addr, net: [u16; 8], bits: u32) -> bool {
    let mask = if bits == 0 {
        0
    } else {
        u128::MAX << (128 - bits)
    };
    u128::from(ip) & mask == u128::from(Ipv6Addr::from(net)) & mask
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let bits = u128::from(ip);
    if bits == 0 {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    if in_v6(ip, [0, 0, 0, 0, 0, 0xffff, 0, 0], 96) {
        return Some("an IPv4-mapped address");
    }
    if in_v6(ip, [0, 0, 0, 0, 0, 0, 0, 0], 96) {
        return Some("an IPv4-compatible address");
    }
    if in_v6(ip, [0, 0, 0, 0, 0xffff, 0, 0, 0], 96) {
        return Some("an IPv4-translated address");
    }
    if in_v6(ip, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96)
        || in_v6(ip, [0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48)
    {
        return Some("a NAT64 address");
    }
    if in_v6(ip, [0x2002, 0, 0, 0, 0, 0, 0, 0], 16) {
        let s = ip.segments();
        let inner = Ipv4Addr::new(
            (s[1] >> 8) as u8,
            (s[1] & 0xff) as u8,
            (s[2] >> 8) as u8,
            (s[2] & 0xff) as u8,
        );
        return forbidden_v4(inner).map(|_| "a 6to4 address of a non-public IPv4 address");
    }
    const NETS: [([u16; 8], u32, &str); 11] = [
        (
            [0xfc00, 0, 0, 0, 0, 0, 0, 0],
            7,
            "unique-local or cloud metadata",
        ),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, "link-local"),
        ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, "site-local"),
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, "multicast"),
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, "for documentation"),
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, "for documentation"),
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, "a Teredo address"),
        ([0x2001, 0x2, 0, 0, 0, 0, 0, 0], 48, "for benchmarking"),
        ([0x2001, 0x10, 0, 0, 0, 0, 0, 0], 28, "reserved (ORCHID)"),
        ([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28, "reserved (ORCHIDv2)"),
        ([0x0100, 0, 0, 0, 0, 0, 0, 0], 64, "for discarding"),
    ];
    if let Some((_, _, why)) = NETS.iter().find(|(net, n, _)| in_v6(ip, *net, *n)) {
        return Some(why);
    }
    // Everything else outside global unicast (2000::/3) is reserved.
    if !in_v6(ip, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3) {
        return Some("reserved");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFUSED: [&str; 52] = [
        "http://example.gov.uk/hook",
        "http://93.184.216.34/",
        "ftp://example.gov.uk/",
        "file:///etc/passwd",
        "gopher://example.gov.uk/",
        "javascript:alert(1)",
        "not a url",
        "https://",
        "https://user:pass@example.gov.uk/",
        "https://user@example.gov.uk/",
        "https://:pass@example.gov.uk/",
        "https://localhost/",
        "https://api.localhost/",
        "https://127.0.0.1/",
        "https://127.1.2.3:8443/",
        "https://2130706433/",
        "https://0x7f.1/",
        "https://0x7f000001/",
        "https://017700000001/",
        "https://127.1/",
        "https://0.0.0.0/",
        "https://0/",
        "https://10.0.0.1/",
        "https://172.16.0.1/",
        "https://172.31.255.254/",
        "https://192.168.1.1/",
        "https://100.64.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://169.254.0.1/",
        "https://224.0.0.1/",
        "https://239.255.255.250/",
        "https://255.255.255.255/",
        "https://240.0.0.1/",
        "https://192.0.2.10/",
        "https://198.51.100.7/",
        "https://203.0.113.9/",
        "https://198.18.0.1/",
        "https://[::1]/",
        "https://[::]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:8.8.8.8]/",
        "https://[::127.0.0.1]/",
        "https://[fe80::1]/",
        "https://[fc00::1]/",
        "https://[fd00:ec2::254]/",
        "https://[ff02::1]/",
        "https://[64:ff9b::7f00:1]/",
        "https://[2002:7f00:1::]/",
        "https://[2002:a00:1::]/",
        "https://[2001:db8::1]/",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://intranet/",
    ];

    #[test]
    fn refuses_every_non_public_or_malformed_url() {
        let mut long = String::from("https://example.gov.uk/");
        long.push_str(&"a".repeat(MAX_URL_CHARS));
        assert!(check_url(&long, false).is_err());
        for raw in REFUSED {
            assert!(
                check_url(raw, false).is_err(),
                "{raw} should be refused: {:?}",
                check_url(raw, false)
            );
        }
        assert!(REFUSED.len() >= 40);
    }

    #[test]
    fn accepts_public_https_urls() {
        for raw in [
            "https://93.184.216.34/hook",
            "https://8.8.8.8:8443/cc2i?x=1",
            "https://[2606:4700:4700::1111]/events",
            "https://[2002:808:808::]/",
            "https://1.1.1.1/",
            "https://172.32.0.1/",
            "https://100.128.0.1/",
        ] {
            assert!(
                check_url(raw, false).is_ok(),
                "{raw}: {:?}",
                check_url(raw, false)
            );
        }
        let named = check_url("https://Hooks.Example.gov.uk./in", false).expect("public name");
        assert_eq!(named.host, "hooks.example.gov.uk");
        assert_eq!(named.port, 443);
        assert_eq!(named.literal, None);
    }

    #[test]
    fn a_name_is_refused_if_any_address_is_not_public() {
        let target = check_url("https://hooks.example.gov.uk/", false).expect("shape");
        let public: IpAddr = "93.184.216.34".parse().expect("ip");
        let private: IpAddr = "10.1.2.3".parse().expect("ip");
        let metadata: IpAddr = "fd00:ec2::254".parse().expect("ip");
        assert!(check_addresses(&target, &[public], false).is_ok());
        assert!(check_addresses(&target, &[public, private], false).is_err());
        assert!(check_addresses(&target, &[metadata, public], false).is_err());
        assert!(check_addresses(&target, &[], false).is_err());
    }

    #[test]
    fn allow_private_opens_loopback_only() {
        assert!(check_url("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(check_url("http://[::1]:9000/hook", true).is_ok());
        assert!(check_url("http://localhost:9000/hook", true).is_ok());
        assert!(check_url("http://10.0.0.1/", true).is_err());
        assert!(check_url("https://192.168.0.1/", true).is_err());
        assert!(check_url("https://169.254.169.254/", true).is_err());
        let name = check_url("http://hooks.example.gov.uk/", true).expect("shape");
        let public: IpAddr = "93.184.216.34".parse().expect("ip");
        let local: IpAddr = "127.0.0.1".parse().expect("ip");
        assert!(check_addresses(&name, &[public], true).is_err());
        assert!(check_addresses(&name, &[local], true).is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook", false).is_err());
    }
}
