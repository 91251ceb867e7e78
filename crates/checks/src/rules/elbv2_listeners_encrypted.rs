//! Internet-facing load balancers that only accept encrypted traffic, per load balancer.

use maturity_evidence::{Bundle, Listener, ListenerProtocol};

use crate::shared::{internet_facing, prose, walk};
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every internet-facing Application and Network Load Balancer
    /// (`elasticloadbalancing:DescribeLoadBalancers`) of every scanned region of every account,
    /// through its listeners (`elasticloadbalancing:DescribeListeners`). It passes when every
    /// `HTTPS` and `TLS` listener terminates TLS and every `HTTP` listener's default action
    /// redirects to HTTPS; it fails when an `HTTP` listener serves plain HTTP (the message names
    /// the port). Listener rules other than the default action are not collected, so an HTTP
    /// listener whose default action redirects is taken as redirecting everything.
    ///
    /// `TCP`, `UDP`, `TCP_UDP` and `GENEVE` listeners pass bytes through without looking at them
    /// (the targets may well speak TLS), so they are not judged; a load balancer that has only
    /// such listeners is not applicable. Not applicable for an account without internet-facing
    /// load balancers in the scanned regions. Inconclusive for a region whose load balancers could
    /// not be listed and for a load balancer whose listeners could not be read.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Plain HTTP from the internet can be read and changed by anyone on the path: session
    /// cookies, credentials and personal data travel in clear text, and a network attacker can
    /// inject content. Terminating TLS at the load balancer with a certificate from AWS
    /// Certificate Manager costs nothing and renews itself.
    ///
    /// ## How to fix
    /// Add an HTTPS listener with an ACM certificate and a current TLS security policy, then
    /// change the default action of the HTTP listener to a permanent redirect to HTTPS
    /// (`aws elbv2 modify-listener --default-actions Type=redirect,...Protocol=HTTPS,StatusCode=HTTP_301`),
    /// or remove it. For Network Load Balancers, use TLS listeners, or make sure the targets
    /// terminate TLS themselves.
    pub(crate) struct Elbv2ListenersEncrypted {
        id: "elbv2-listeners-encrypted",
        title: "Internet-facing load balancers only serve encrypted traffic or redirect to HTTPS",
        scope: Resource,
        reads: ["account.enabled_regions", "region.elbv2_load_balancers"],
    }
}

/// Whether a listener is judged: the load balancer itself speaks HTTP or TLS on it.
fn judged(listener: &Listener) -> bool {
    matches!(listener.protocol, ListenerProtocol::Http | ListenerProtocol::Https | ListenerProtocol::Tls)
}

/// `HTTP:80`.
fn named(listener: &Listener) -> String {
    match listener.port {
        Some(port) => format!("{}:{port}", listener.protocol),
        None => listener.protocol.to_string(),
    }
}

impl Check for Elbv2ListenersEncrypted {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account(bundle, out, |account, out| {
            let label = account.label();
            let (regions, all_read) = internet_facing::load_balancers(
                account,
                internet_facing::any,
                "whether the internet-facing load balancers encrypt their traffic",
                out,
            );
            if regions.is_empty() {
                if all_read {
                    out.not_applicable(
                        Location::account(&account.account_id),
                        format_args!("Account {label} has no internet-facing load balancer in the scanned regions."),
                    );
                }
                return;
            }
            for edge in regions {
                for lb in edge.load_balancers {
                    let location = Location::resource(&account.account_id, Some(edge.region), &lb.arn);
                    let subject = format!(
                        "internet-facing {} load balancer {} in {} of {label}",
                        lb.load_balancer_type, lb.name, edge.region
                    );
                    let listeners = match lb.listeners.get() {
                        Ok(listeners) => listeners,
                        Err(missing) => {
                            out.inconclusive(
                                location,
                                &format!("whether the {subject} encrypts its traffic"),
                                &missing,
                            );
                            continue;
                        }
                    };
                    let judged: Vec<&Listener> = listeners.iter().filter(|l| judged(l)).collect();
                    if judged.is_empty() {
                        let message = if listeners.is_empty() {
                            format!("The {subject} has no listener.")
                        } else {
                            format!(
                                "The {subject} only has pass-through listeners ({}), whose encryption is up to its targets.",
                                prose::and_list(&listeners.iter().map(named).collect::<Vec<_>>())
                            )
                        };
                        out.not_applicable(location, message);
                        continue;
                    }
                    let plain: Vec<String> = judged
                        .iter()
                        .filter(|l| !l.is_encrypted() && !l.redirects_to_https)
                        .map(|l| named(l))
                        .collect();
                    if plain.is_empty() {
                        let redirects = judged.iter().filter(|l| !l.is_encrypted()).count();
                        let encrypted: Vec<String> =
                            judged.iter().filter(|l| l.is_encrypted()).map(|l| named(l)).collect();
                        let mut message = format!(
                            "The {subject} terminates TLS on {}",
                            if encrypted.is_empty() {
                                "no listener".to_owned()
                            } else {
                                prose::and_list(&encrypted).to_string()
                            }
                        );
                        match redirects {
                            0 => {}
                            1 => message.push_str(" and its HTTP listener redirects to HTTPS"),
                            n => message.push_str(&format!(" and its {n} HTTP listeners redirect to HTTPS")),
                        }
                        message.push('.');
                        out.pass(location, message);
                    } else {
                        out.fail(
                            location,
                            format_args!(
                                "The {subject} serves unencrypted HTTP on {} without redirecting to HTTPS.",
                                prose::and_list(&plain)
                            ),
                        );
                    }
                }
            }
        });
    }
}
