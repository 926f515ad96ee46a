// Package urls holds the project's few rules about addresses given in the
// configuration: what counts as a secure address, and as loopback.
package urls

import (
	"net"
	"net/url"
	"strings"
)

// Loopback reports whether host (a name or an IP address, without a port)
// is the loopback interface.
func Loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Secure reports whether s is an absolute https URL, or an http URL whose
// host is the loopback interface (for tests, and a proxy on the same host).
func Secure(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return true
	case "http":
		return Loopback(u.Hostname())
	}
	return false
}

// HTTP reports whether s is an absolute http or https URL.
func HTTP(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}
