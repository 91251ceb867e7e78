//! Who may read the dashboard, decided from the address it listens on.
//!
//! The pages show an organization's weaknesses, account by account: a map for an attacker. On a
//! loopback address only this machine's users can connect, so no token is asked (as with any
//! local tool). Anything else (a LAN address, `0.0.0.0`) is reachable by others, so every request
//! must carry an access token, and the server refuses to start when the database holds none,
//! rather than serve the map to the network. `--require-token` asks for tokens on loopback too,
//! for a reverse proxy on the same machine, whose users are not this machine's.
//!
//! Without a token, requests must also name a loopback host (`Host: 127.0.0.1:8480`,
//! `localhost`): a web page in the user's browser cannot then reach the dashboard through a DNS
//! name it rebinds to 127.0.0.1.

use std::net::SocketAddr;

/// What requests must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Nothing: the address is loopback (requests must name a loopback host).
    Loopback,
    /// An access token, as `Authorization: Bearer` or the login form's cookie.
    Token,
}

impl Access {
    /// What a server on `addr` asks for; `require_token` asks for a token on loopback too.
    #[must_use]
    pub fn for_address(addr: SocketAddr, require_token: bool) -> Access {
        if addr.ip().is_loopback() && !require_token { Access::Loopback } else { Access::Token }
    }
}

/// Whether a `Host` header names this machine's loopback interface: `localhost`, `127.x.x.x` or
/// `[::1]`, with or without a port.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(name, _port)| name)
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_go_without_a_token() -> Result<(), std::net::AddrParseError> {
        assert_eq!(Access::for_address("127.0.0.1:8480".parse()?, false), Access::Loopback);
        assert_eq!(Access::for_address("[::1]:8480".parse()?, false), Access::Loopback);
        assert_eq!(Access::for_address("127.0.0.1:8480".parse()?, true), Access::Token);
        assert_eq!(Access::for_address("0.0.0.0:8480".parse()?, false), Access::Token);
        assert_eq!(Access::for_address("[::]:8480".parse()?, false), Access::Token);
        assert_eq!(Access::for_address("192.0.2.2:8480".parse()?, false), Access::Token);
        Ok(())
    }

    #[test]
    fn loopback_hosts() {
        for host in ["localhost", "LOCALHOST:8480", "127.0.0.1", "127.0.0.1:8480", "127.1.2.3:1", "[::1]", "[::1]:8480"]
        {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["", "evil.example", "evil.example:8480", "192.0.2.2:8480", "localhost.evil.example", "[::2]:1"] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
