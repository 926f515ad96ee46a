package teams

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/docx"
)

// fileConsentInvokeActivity is what Teams posts when the person answers a
// file consent card in the personal chat. The value is the example of
// MicrosoftDocs/msteams-docs, msteams-platform/bots/how-to/bots-filesv4.md
// ("Invoke activity when the user accepts the file"), with the context the
// coach put on its card and an upload URL on a test server; the envelope
// is the personal chat's, as in personalMessage.
func fileConsentInvokeActivity(serviceURL, id, action string, context any, uploadURL string) map[string]any {
	value := map[string]any{
		"type":    "fileUpload",
		"action":  action,
		"context": context,
	}
	if action == "accept" {
		value["uploadInfo"] = map[string]any{
			"contentUrl": "https://contoso.sharepoint.com/personal/johnadams_contoso_com/Documents/Applications/file_example.txt",
			"name":       "file_example.txt",
			"uploadUrl":  uploadURL,
			"uniqueId":   "1150D938-8870-4044-9F2C-5BBDEBA70C8C",
			"fileType":   "txt",
			"etag":       "123",
		}
	}
	return map[string]any{
		"name":       "fileConsent/invoke",
		"type":       "invoke",
		"timestamp":  "2024-11-27T09:12:00.000Z",
		"id":         id,
		"channelId":  "msteams",
		"serviceUrl": serviceURL,
		"from":       userAccount(),
		"conversation": map[string]any{
			"conversationType": "personal",
			"tenantId":         testTenant,
			"id":               personalConversation,
		},
		"recipient":   botAccount(),
		"entities":    []any{clientInfo()},
		"channelData": map[string]any{"tenant": map[string]any{"id": testTenant}},
		"locale":      "nb-NO",
		"value":       value,
	}
}

// uploadSink is the OneDrive upload URL: it records each PUT.
type uploadSink struct {
	mu   sync.Mutex
	puts []recordedUpload
	srv  *httptest.Server
}

type recordedUpload struct {
	Method, ContentRange, Authorization string
	ContentLength                       int64
	Body                                []byte
}

func newUploadSink(t *testing.T) *uploadSink {
	s := &uploadSink{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.puts = append(s.puts, recordedUpload{Method: r.Method, ContentRange: r.Header.Get("Content-Range"),
			Authorization: r.Header.Get("Authorization"), ContentLength: r.ContentLength, Body: body})
		s.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":"01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K","name":"file_example.txt"}`)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *uploadSink) recorded() []recordedUpload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recordedUpload(nil), s.puts...)
}

// exportRig is the coach with the Word typesetter, a case started in the
// test channel, and a fixed adapter clock.
func exportRig(t *testing.T) *coachE2E {
	t.Helper()
	e := newCoachE2EWith(t, nil, bot.Options{Location: osloTZ, Typesetter: docx.Typesetter{}})
	fixed := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	e.adapter.Now = func() time.Time { return fixed }
	e.adapter.AllowLoopbackUploads = true // the upload sink is an httptest server
	su := e.f.serviceURL()
	e.send(channelCreated(su, "f:created-1", testChannel, "sak-grorud-sentrum"))
	e.settle()
	root := promptRef(t, e.caseOf(testChannel), 1)
	e.send(channelMessage(su, "1732698100001", root, "Vi vil at folk skal bli hørt", false))
	e.settle()
	return e
}

// export asks for the export and returns what was posted for it.
func (e *coachE2E) export(id, words string) []recordedPost {
	e.t.Helper()
	before := len(e.f.recorded())
	e.send(channelMessage(e.f.serviceURL(), id, id, "<at>Involve</at> "+words, true))
	e.settle()
	return e.f.recorded()[before:]
}

// consentCard finds the file consent card among posts.
func consentCard(t *testing.T, posts []recordedPost) (recordedPost, map[string]any) {
	t.Helper()
	for _, p := range posts {
		for _, a := range p.Activity.Attachments {
			if a.ContentType == fileConsentType {
				content, _ := a.Content.(map[string]any)
				return p, content
			}
		}
	}
	t.Fatalf("no file consent card among %d posts", len(posts))
	return recordedPost{}, nil
}

func channelPosts(posts []recordedPost) []recordedPost {
	var out []recordedPost
	for _, p := range posts {
		if strings.HasPrefix(p.Conversation, testChannel) {
			out = append(out, p)
		}
	}
	return out
}

func TestExportOffersTheWordFileInThePersonalChat(t *testing.T) {
	e := exportRig(t)
	posts := e.export("1732698200001", "eksport")

	created := e.f.createdConversations()
	if len(created) != 1 {
		t.Fatalf("%d conversations created, want 1", len(created))
	}
	body := created[0]
	members, _ := body["members"].([]any)
	botAcc, _ := body["bot"].(map[string]any)
	cd, _ := body["channelData"].(map[string]any)
	tenant, _ := cd["tenant"].(map[string]any)
	if len(members) != 1 || members[0].(map[string]any)["id"] != testUserID || botAcc["id"] != testBotID ||
		tenant["id"] != testTenant || body["isGroup"] != false {
		t.Errorf("conversation body %v", body)
	}

	p, content := consentCard(t, posts)
	if p.Conversation != personalConversation {
		t.Errorf("consent card posted to %q, want the personal chat", p.Conversation)
	}
	att := p.Activity.Attachments[0]
	if !strings.HasSuffix(att.Name, ".docx") {
		t.Errorf("card names file %q", att.Name)
	}
	if size, _ := content["sizeInBytes"].(float64); size < 1000 {
		t.Errorf("sizeInBytes %v", content["sizeInBytes"])
	}
	if ctx, _ := content["acceptContext"].(map[string]any); ctx["channel"] != testChannel || ctx["user"] != testUserID {
		t.Errorf("acceptContext %v", content["acceptContext"])
	}
	if content["description"] == "" || content["declineContext"] == nil {
		t.Errorf("card content %v", content)
	}

	ch := channelPosts(posts)
	if len(ch) == 0 || !strings.HasPrefix(ch[0].Activity.Text, texts[dialogs.NB].FileSent) ||
		!strings.Contains(ch[0].Activity.Text, "#") {
		t.Fatalf("channel reply %+v, want the note and the Markdown document", ch)
	}
	if ch[0].Activity.TextFormat != "markdown" {
		t.Errorf("channel reply format %q", ch[0].Activity.TextFormat)
	}
}

func TestAcceptedFileIsUploadedAndShown(t *testing.T) {
	e := exportRig(t)
	_, content := consentCard(t, e.export("1732698200001", "eksport"))
	sink := newUploadSink(t)
	before := len(e.f.recorded())

	status := e.post(fileConsentInvokeActivity(e.f.serviceURL(), "f:invoke-accept-1", "accept", content["acceptContext"], sink.srv.URL+"/upload/session-1"),
		"Bearer "+e.f.token())
	if status != http.StatusOK {
		t.Fatalf("invoke answered %d", status)
	}

	// The document as the typesetter makes it of the stored case now.
	co := e.eng.Coach()
	want, err := co.Typesetter.Typeset(co.Document(e.caseOf(testChannel), e.adapter.Now()).Chapter(false))
	if err != nil {
		t.Fatal(err)
	}
	puts := sink.recorded()
	if len(puts) != 1 {
		t.Fatalf("%d uploads, want 1", len(puts))
	}
	up := puts[0]
	n := len(want.Data)
	if up.Method != http.MethodPut || !bytes.Equal(up.Body, want.Data) || up.ContentLength != int64(n) ||
		up.ContentRange != "bytes 0-"+itoa(n-1)+"/"+itoa(n) {
		t.Errorf("upload %s length %d range %q, %d bytes (equal %t); want %d bytes", up.Method, up.ContentLength, up.ContentRange,
			len(up.Body), bytes.Equal(up.Body, want.Data), n)
	}
	if up.Authorization != "" {
		t.Errorf("the bot's token went to the upload URL")
	}

	after := e.f.recorded()[before:]
	if len(after) != 1 || after[0].Conversation != personalConversation || len(after[0].Activity.Attachments) != 1 {
		t.Fatalf("posts after accept: %+v", after)
	}
	info := after[0].Activity.Attachments[0]
	raw, _ := json.Marshal(info.Content)
	if info.ContentType != fileInfoType || info.Name != "file_example.txt" ||
		info.ContentURL != "https://contoso.sharepoint.com/personal/johnadams_contoso_com/Documents/Applications/file_example.txt" ||
		string(raw) != `{"fileType":"txt","uniqueId":"1150D938-8870-4044-9F2C-5BBDEBA70C8C"}` {
		t.Errorf("file info card %+v %s", info, raw)
	}

	// The same invoke again has no second effect.
	e.post(fileConsentInvokeActivity(e.f.serviceURL(), "f:invoke-accept-1", "accept", content["acceptContext"], sink.srv.URL+"/upload/session-1"),
		"Bearer "+e.f.token())
	if len(sink.recorded()) != 1 {
		t.Errorf("a redelivered accept uploaded again")
	}
}

func TestDeclinedFileGetsAKindWord(t *testing.T) {
	e := exportRig(t)
	_, content := consentCard(t, e.export("1732698200001", "eksport"))
	before := len(e.f.recorded())
	if s := e.post(fileConsentInvokeActivity(e.f.serviceURL(), "f:invoke-decline-1", "decline", content["declineContext"], ""),
		"Bearer "+e.f.token()); s != http.StatusOK {
		t.Fatalf("invoke answered %d", s)
	}
	after := e.f.recorded()[before:]
	if len(after) != 1 || after[0].Conversation != personalConversation || after[0].Activity.Text != texts[dialogs.NB].FileDeclined {
		t.Fatalf("posts after decline: %+v", after)
	}
}

func TestExportFallsBackToMarkdownWhenNoPersonalChat(t *testing.T) {
	e := exportRig(t)
	e.f.mu.Lock()
	e.f.refuseCreate = http.StatusForbidden
	e.f.mu.Unlock()
	posts := e.export("1732698200001", "eksport")
	if len(e.f.createdConversations()) != 1 {
		t.Fatalf("the personal chat was not asked for")
	}
	for _, p := range posts {
		if p.Conversation == personalConversation || len(p.Activity.Attachments) > 0 {
			t.Errorf("posted %+v after the 403", p)
		}
	}
	ch := channelPosts(posts)
	if len(ch) == 0 || strings.Contains(ch[0].Activity.Text, texts[dialogs.NB].FileSent) ||
		!strings.HasPrefix(ch[0].Activity.Text, "Her er saken som dokument") {
		t.Fatalf("channel reply %+v, want today's Markdown export", ch)
	}
}

func TestFileConsentRefusals(t *testing.T) {
	e := exportRig(t)
	_, content := consentCard(t, e.export("1732698200001", "eksport"))
	sink := newUploadSink(t)
	good := content["acceptContext"].(map[string]any)
	tampered := map[string]any{}
	for k, v := range good {
		tampered[k] = v
	}
	tampered["channel"] = "19:another@thread.tacv2"
	otherUser := fileConsentInvokeActivity(e.f.serviceURL(), "f:inv-3", "accept", good, sink.srv.URL+"/u")
	otherUser["from"] = map[string]any{"id": "29:1OlaNordmann", "name": "Ola Nordmann"}
	otherTenant := fileConsentInvokeActivity(e.f.serviceURL(), "f:inv-4", "accept", good, sink.srv.URL+"/u")
	otherTenant["conversation"].(map[string]any)["tenantId"] = "00000000-0000-0000-0000-000000000001"
	otherTenant["channelData"] = map[string]any{"tenant": map[string]any{"id": "00000000-0000-0000-0000-000000000001"}}
	before := len(e.f.recorded())

	cases := []struct {
		name   string
		act    map[string]any
		auth   string
		status int
	}{
		{"forged token", fileConsentInvokeActivity(e.f.serviceURL(), "f:inv-1", "accept", good, sink.srv.URL+"/u"), "Bearer forged", http.StatusUnauthorized},
		{"context not the coach's", fileConsentInvokeActivity(e.f.serviceURL(), "f:inv-2", "accept", tampered, sink.srv.URL+"/u"), "", http.StatusOK},
		{"another person", otherUser, "", http.StatusOK},
		{"another tenant", otherTenant, "", http.StatusOK},
	}
	for _, c := range cases {
		auth := c.auth
		if auth == "" {
			auth = "Bearer " + e.f.token()
		}
		if s := e.post(c.act, auth); s != c.status {
			t.Errorf("%s: status %d, want %d", c.name, s, c.status)
		}
	}
	if n := len(sink.recorded()); n != 0 {
		t.Errorf("%d uploads for refused invokes", n)
	}
	if after := e.f.recorded()[before:]; len(after) != 0 {
		t.Errorf("posted %d messages for refused invokes", len(after))
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// A channel post that fails after the card went out is retried as the
// Markdown alone: the file is offered once.
func TestRetriedExportOffersTheFileOnce(t *testing.T) {
	e := exportRig(t)
	e.eng.Backoff = func(int) time.Duration { return 10 * time.Millisecond }
	// The card goes out; the channel reply meets a 503 the first time.
	e.f.failNext(connectorAnswer{}, connectorAnswer{status: http.StatusServiceUnavailable})
	posts := e.export("1732698200001", "eksport")
	cards := 0
	for _, p := range posts {
		if p.Conversation == personalConversation {
			cards++
		}
	}
	ch := channelPosts(posts)
	if cards != 1 || len(ch) == 0 || strings.Contains(ch[0].Activity.Text, texts[dialogs.NB].FileSent) {
		t.Fatalf("%d cards, channel %+v; want one card and the Markdown alone", cards, ch)
	}
}

// "export names" in an English case: the card's context carries the
// names flag and the language, and the upload has the names in it.
func TestAcceptedFileKeepsNamesAndLanguage(t *testing.T) {
	e := exportRig(t)
	e.send(channelMessage(e.f.serviceURL(), "1732698150001", "1732698150001", "<at>Involve</at> lang en", true))
	e.settle()
	_, content := consentCard(t, e.export("1732698200001", "export names"))
	ctx := content["acceptContext"].(map[string]any)
	if ctx["names"] != true || ctx["lang"] != "en" || !strings.HasPrefix(content["description"].(string), "The involvement chapter") {
		t.Fatalf("card %v", content)
	}
	sink := newUploadSink(t)
	e.post(fileConsentInvokeActivity(e.f.serviceURL(), "f:invoke-accept-2", "accept", ctx, sink.srv.URL+"/upload"), "Bearer "+e.f.token())
	co := e.eng.Coach()
	want, err := co.Typesetter.Typeset(co.Document(e.caseOf(testChannel), e.adapter.Now()).Chapter(true))
	if err != nil {
		t.Fatal(err)
	}
	if puts := sink.recorded(); len(puts) != 1 || !bytes.Equal(puts[0].Body, want.Data) {
		t.Fatalf("upload is not the document with names")
	}
}

// An upload that fails, or a case forgotten before the person accepted,
// ends in a short word in the personal chat and no file card.
func TestAcceptedFileThatCannotBeUploaded(t *testing.T) {
	e := exportRig(t)
	_, content := consentCard(t, e.export("1732698200001", "eksport"))
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(refusing.Close)
	before := len(e.f.recorded())
	if s := e.post(fileConsentInvokeActivity(e.f.serviceURL(), "f:invoke-accept-3", "accept", content["acceptContext"], refusing.URL+"/upload"),
		"Bearer "+e.f.token()); s != http.StatusOK {
		t.Fatalf("invoke answered %d", s)
	}
	after := e.f.recorded()[before:]
	if len(after) != 1 || after[0].Activity.Text != texts[dialogs.NB].FileFailed || len(after[0].Activity.Attachments) != 0 {
		t.Fatalf("posts after a failed upload: %+v", after)
	}
}
