package teams

import (
	"net/url"
	"testing"
	"time"
)

// A file consent card is good for one use within a day, and its upload
// goes only to Microsoft's file hosts. Each of these was accepted before
// the context carried an issue time and a nonce.
func TestFileConsentOnceWithinADay(t *testing.T) {
	e := exportRig(t)
	_, content := consentCard(t, e.export("1732698200001", "eksport"))
	sink := newUploadSink(t)
	good := content["acceptContext"].(map[string]any)
	if good["nonce"] == "" || good["issued"] == nil {
		t.Fatalf("context without nonce or issue time: %v", good)
	}

	// Accepted once, under a new activity id each time: the second is a
	// replay of the same card, refused.
	e.post(fileConsentInvokeActivity(e.f.serviceURL(), "f:once-1", "accept", good, sink.srv.URL+"/u1"), "Bearer "+e.f.token())
	e.post(fileConsentInvokeActivity(e.f.serviceURL(), "f:once-2", "accept", good, sink.srv.URL+"/u2"), "Bearer "+e.f.token())
	if n := len(sink.recorded()); n != 1 {
		t.Errorf("%d uploads for one card accepted twice, want 1", n)
	}

	// A new card, accepted after more than a day: refused.
	_, content = consentCard(t, e.export("1732698200002", "eksport"))
	later := e.adapter.Now().Add(consentValid + time.Minute)
	e.adapter.Now = func() time.Time { return later }
	e.post(fileConsentInvokeActivity(e.f.serviceURL(), "f:once-3", "accept", content["acceptContext"], sink.srv.URL+"/u3"), "Bearer "+e.f.token())
	if n := len(sink.recorded()); n != 1 {
		t.Errorf("an expired card was uploaded (%d uploads)", n)
	}
}

func TestUploadHosts(t *testing.T) {
	a := &Adapter{}
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://contoso.sharepoint.com/personal/x/_api/v2.0/drive/uploadSession?guid=1", true},
		{"https://contoso-my.sharepoint.com/personal/x", true},
		{"https://agency.sharepoint.us/x", true},
		{"https://graph.microsoft.com/v1.0/me/drive", true},
		{"http://contoso.sharepoint.com/x", false},
		{"https://sharepoint.com/x", false},
		{"https://evil.example/sharepoint.com", false},
		{"https://contoso.sharepoint.com.evil.example/x", false},
		{"https://user@contoso.sharepoint.com/x", false},
		{"http://127.0.0.1:8080/u", false},
	} {
		u, _ := url.Parse(tc.url)
		if got := a.uploadHostOK(u); got != tc.ok {
			t.Errorf("%s: %t, want %t", tc.url, got, tc.ok)
		}
	}
	a.AllowLoopbackUploads = true
	if u, _ := url.Parse("http://127.0.0.1:8080/u"); !a.uploadHostOK(u) {
		t.Error("loopback refused with AllowLoopbackUploads")
	}
}
