//! `--lan`: which of this computer's addresses students reach. The server then listens on
//! 127.0.0.1 (the trainer's own pages) and on that one address, nothing else.

use std::net::{IpAddr, UdpSocket};

use anyhow::{Context, Result};

use crate::commands::BadInput;

/// Every address of this computer's network interfaces (loopback included).
fn machine_addresses() -> Result<Vec<IpAddr>> {
    let interfaces =
        if_addrs::get_if_addrs().context("cannot list this computer's network addresses")?;
    let mut ips: Vec<IpAddr> = interfaces.iter().map(if_addrs::Interface::ip).collect();
    ips.sort();
    ips.dedup();
    Ok(ips)
}

/// The address this computer uses towards the rest of the network (its default route), if
/// it has one: no packet is sent, connecting a UDP socket only picks the source address.
fn routed_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind(("0.0.0.0", 0)).ok()?;
    socket.connect(("192.0.2.1", 9)).ok()?;
    Some(socket.local_addr().ok()?.ip())
}

/// An address phones on the local network could reach: not loopback, not unspecified,
/// not link-local (a link-local address needs the interface's scope in the URL).
fn reachable(ip: &IpAddr) -> bool {
    let link_local = match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unicast_link_local(),
    };
    !ip.is_loopback() && !ip.is_unspecified() && !ip.is_multicast() && !link_local
}

fn listed(ips: &[IpAddr]) -> String {
    if ips.is_empty() {
        "none (connect this computer to the classroom's network first)".to_string()
    } else {
        ips.iter()
            .map(IpAddr::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The address students use: `chosen` (`--lan-address`) if it is one of `machine`'s
/// network addresses, else the routed one, else the machine's only network address.
/// The message of an error names the flag and lists the valid addresses.
fn choose(
    chosen: Option<IpAddr>,
    routed: Option<IpAddr>,
    machine: &[IpAddr],
) -> Result<IpAddr, String> {
    let mut valid: Vec<IpAddr> = machine.iter().copied().filter(reachable).collect();
    valid.sort();
    if let Some(ip) = chosen {
        if !reachable(&ip) {
            return Err(format!(
                "--lan-address {ip}: phones on the classroom's network cannot reach a loopback, unspecified, multicast or link-local address; give one of this computer's network addresses: {}",
                listed(&valid)
            ));
        }
        if !machine.contains(&ip) {
            return Err(format!(
                "--lan-address {ip} is not an address of this computer; give one of its network addresses: {}",
                listed(&valid)
            ));
        }
        return Ok(ip);
    }
    if let Some(ip) = routed.filter(|ip| valid.contains(ip)) {
        return Ok(ip);
    }
    match valid.as_slice() {
        [] => Err(
            "--lan: no local network address found on this computer: connect it to the classroom's network (Wi-Fi) and start again, or give the address with --lan-address IP"
                .to_string(),
        ),
        [only] => Ok(*only),
        several => Err(format!(
            "--lan: this computer has several network addresses and none is on its default route: choose the classroom's with --lan-address, one of {}",
            listed(several)
        )),
    }
}

/// The address students use with `--lan` (see [`choose`]); a bad `--lan-address` or no
/// address at all is the user's to fix ([`BadInput`]).
pub fn student_address(chosen: Option<IpAddr>) -> Result<IpAddr> {
    let machine = machine_addresses()?;
    choose(chosen, routed_address(), &machine).map_err(|m| BadInput(m).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn machine() -> Vec<IpAddr> {
        vec![
            ip("127.0.0.1"),
            ip("::1"),
            ip("192.168.1.20"),
            ip("10.0.0.5"),
            ip("fe80::1"),
        ]
    }

    #[test]
    fn a_chosen_address_of_this_computer_is_taken() {
        let m = machine();
        assert_eq!(
            choose(Some(ip("10.0.0.5")), Some(ip("192.168.1.20")), &m),
            Ok(ip("10.0.0.5"))
        );
    }

    #[test]
    fn a_chosen_address_elsewhere_names_the_flag_and_the_valid_ones() {
        let e = choose(Some(ip("203.0.113.9")), None, &machine()).unwrap_err();
        assert!(
            e.starts_with("--lan-address 203.0.113.9 is not an address of this computer"),
            "{e}"
        );
        assert!(e.ends_with("10.0.0.5, 192.168.1.20"), "{e}");
        for unreachable in ["127.0.0.1", "0.0.0.0", "fe80::1"] {
            let e = choose(Some(ip(unreachable)), None, &machine()).unwrap_err();
            assert!(e.contains("cannot reach"), "{e}");
            assert!(e.contains("10.0.0.5, 192.168.1.20"), "{e}");
        }
    }

    #[test]
    fn without_a_choice_the_routed_address_then_the_only_one() {
        let m = machine();
        assert_eq!(
            choose(None, Some(ip("192.168.1.20")), &m),
            Ok(ip("192.168.1.20"))
        );
        // A route through an address the interfaces do not list is not trusted.
        let e = choose(None, Some(ip("172.16.0.1")), &m).unwrap_err();
        assert!(
            e.contains("--lan-address") && e.contains("10.0.0.5, 192.168.1.20"),
            "{e}"
        );
        let one = [ip("127.0.0.1"), ip("192.168.1.20")];
        assert_eq!(choose(None, None, &one), Ok(ip("192.168.1.20")));
    }

    #[test]
    fn no_network_says_so_and_suggests_the_flag() {
        let e = choose(None, None, &[ip("127.0.0.1"), ip("::1")]).unwrap_err();
        assert!(e.contains("no local network address"), "{e}");
        assert!(e.contains("--lan-address"), "{e}");
        let e = choose(Some(ip("192.168.1.20")), None, &[ip("127.0.0.1")]).unwrap_err();
        assert!(e.contains("none (connect this computer"), "{e}");
    }
}
