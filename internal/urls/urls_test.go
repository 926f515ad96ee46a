package urls

import "testing"

var urlTests = []struct {
	in           string
	secure, http bool
}{
	{"https://involve.example.kommune.no", true, true},
	{"HTTPS://login.microsoftonline.com/x/oauth2/v2.0/token", true, true},
	{"http://127.0.0.1:3000", true, true},
	{"http://[::1]:3000/r/", true, true},
	{"http://localhost:8080", true, true},
	{"http://involve.example.kommune.no", false, true},
	{"http://10.0.0.1", false, true},
	{"ftp://example.no", false, false},
	{"involve.example.kommune.no", false, false},
	{"https://", false, false},
	{"", false, false},
	{"://", false, false},
}

func TestURLs(t *testing.T) {
	for _, tt := range urlTests {
		if got := Secure(tt.in); got != tt.secure {
			t.Errorf("Secure(%q) = %v, want %v", tt.in, got, tt.secure)
		}
		if got := HTTP(tt.in); got != tt.http {
			t.Errorf("HTTP(%q) = %v, want %v", tt.in, got, tt.http)
		}
	}
}
