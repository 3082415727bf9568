package metrics

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
)

// hostList is the Host names the server answers to. A page that rebinds its
// own domain name to this machine sends that name as its Host; it cannot
// send one of these, so it cannot read the metrics.
type hostList map[string]bool

// newHostList allows the --listen address's host and the extra names. A
// loopback address allows localhost too, and localhost the loopback
// addresses; an address for every interface
// (":9810", 0.0.0.0, [::]) allows localhost and every address this machine
// has when it starts.
func newHostList(listen string, extra []string) (hostList, error) {
	l := hostList{}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("--listen %q: give a host and a port such as 127.0.0.1:9810 (or :9810 for every address)", listen)
	}
	switch ip, perr := netip.ParseAddr(host); {
	case host == "" || perr == nil && ip.IsUnspecified():
		l.add("localhost")
		addrs, _ := net.InterfaceAddrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				l.add(n.IP.String())
			}
		}
		l.add("127.0.0.1")
		l.add("::1")
	case strings.EqualFold(host, "localhost"):
		// It listens on a loopback address (the start-up line shows
		// 127.0.0.1): the URL it prints must be answered.
		l.add("localhost")
		l.add("127.0.0.1")
		l.add("::1")
	case perr == nil && ip.IsLoopback():
		l.add("localhost")
		l.add(host)
	default:
		l.add(host)
	}
	for _, h := range extra {
		name := h
		if hh, _, err := net.SplitHostPort(h); err == nil {
			name = hh
		}
		name = strings.Trim(name, "[]")
		if name == "" || strings.ContainsAny(h, "/ *@?#\t\n") {
			return nil, fmt.Errorf("--allowed-host %q: give a host name or address such as prometheus.example.com or 10.0.0.5 (a port is ignored)", h)
		}
		l.add(name)
	}
	return l, nil
}

// norm is a host as compared: lower case, no trailing dot, an IP address in
// its one spelling.
func norm(host string) string {
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.Unmap().WithZone("").String()
	}
	return host
}

func (l hostList) add(host string) { l[norm(host)] = true }

// allows reports whether a request's Host (with or without its port) is one
// of the list. A request without a Host is not.
func (l hostList) allows(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return host != "" && l[norm(host)]
}

func (l hostList) list() []string {
	out := make([]string, 0, len(l))
	for h := range l {
		out = append(out, h)
	}
	slices.Sort(out)
	return out
}
