package slack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fake Web API answers like Slack: form posts in, JSON out, ok:false
// errors with HTTP 200, 429 with Retry-After, 5xx with an HTML body.

const (
	testBotToken = "xoxb-test-token"
	testAppToken = "xapp-test-token"
	testSecret   = "8f742231b10e8888abcd99yyyzzz85a5"
	testBotUser  = "UBOT0001"
	testBotID    = "BBOT0001"
)

// posted is one chat.postMessage the coach made.
type posted struct {
	Channel string
	Thread  string
	TS      string
	Text    string
	Blocks  string // the blocks JSON as sent
}

// reaction is one reactions.add.
type reaction struct {
	Channel, Timestamp, Name string
}

// upload is one completed three-step file upload.
type upload struct {
	Channel, Thread, Filename, Title, Comment, Content string
}

// failure is a scripted answer to the next call of a method.
type failure struct {
	Status     int    // HTTP status; 0 means 200 with ok:false
	RetryAfter string // Retry-After header for a 429
	Error      string // ok:false error code
}

type fakeSlack struct {
	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	posts     []posted
	reactions []reaction
	uploads   []upload
	joins     []string
	calls     map[string]int
	failures  map[string][]failure
	down      bool // every call answers 503
	ts        int64
	channels  map[string]string // id → name
	users     map[string]string // id → display name
	pending   map[string]upload // file id → started upload
	wsURL     string            // apps.connections.open answer
	postDelay time.Duration
	onPost    func(p posted) // called after each recorded post, outside the lock
}

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{
		t:        t,
		calls:    map[string]int{},
		failures: map[string][]failure{},
		ts:       1732612345000100,
		channels: map[string]string{},
		users:    map[string]string{},
		pending:  map[string]upload{},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the base URL to give as api_url.
func (f *fakeSlack) URL() string { return f.srv.URL + "/api/" }

func (f *fakeSlack) fail(method string, fs ...failure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[method] = append(f.failures[method], fs...)
}

func (f *fakeSlack) setDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

func (f *fakeSlack) callCount(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

func (f *fakeSlack) allPosts() []posted {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]posted(nil), f.posts...)
}

func (f *fakeSlack) allReactions() []reaction {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]reaction(nil), f.reactions...)
}

func (f *fakeSlack) allUploads() []upload {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]upload(nil), f.uploads...)
}

func (f *fakeSlack) allJoins() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.joins...)
}

func (f *fakeSlack) nextTS() string {
	f.ts += 100
	return fmt.Sprintf("%d.%06d", f.ts/1_000_000, f.ts%1_000_000)
}

func writeOK(w http.ResponseWriter, v map[string]any) {
	v["ok"] = true
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, code string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": code})
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/upload/") {
		f.serveUpload(w, r)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		http.Error(w, "method", http.StatusMethodNotAllowed)
		return
	}
	_ = r.ParseForm()
	token := r.Form.Get("token")
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		token = strings.TrimPrefix(h, "Bearer ")
	}

	f.mu.Lock()
	f.calls[method]++
	if f.down {
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "<html><body>Service Unavailable</body></html>")
		return
	}
	if fs := f.failures[method]; len(fs) > 0 {
		fl := fs[0]
		f.failures[method] = fs[1:]
		f.mu.Unlock()
		switch {
		case fl.Status == http.StatusTooManyRequests:
			if fl.RetryAfter != "" {
				w.Header().Set("Retry-After", fl.RetryAfter)
			}
			w.WriteHeader(fl.Status)
		case fl.Status != 0:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(fl.Status)
			_, _ = io.WriteString(w, "<html><body>Server Error</body></html>")
		default:
			writeErr(w, fl.Error)
		}
		return
	}
	wantToken := testBotToken
	if method == "apps.connections.open" {
		wantToken = testAppToken
	}
	if token != wantToken {
		f.mu.Unlock()
		writeErr(w, "invalid_auth")
		return
	}
	var after func()
	switch method {
	case "auth.test":
		f.mu.Unlock()
		writeOK(w, map[string]any{"url": "https://oslo-test.slack.com/", "team": "Oslo kommune (test)",
			"user": "involve", "team_id": "T0TEST", "user_id": testBotUser, "bot_id": testBotID})
		return
	case "chat.postMessage":
		ch := r.Form.Get("channel")
		if ch == "" {
			f.mu.Unlock()
			writeErr(w, "channel_not_found")
			return
		}
		if r.Form.Get("text") == "" && r.Form.Get("blocks") == "" {
			f.mu.Unlock()
			writeErr(w, "no_text")
			return
		}
		p := posted{Channel: ch, Thread: r.Form.Get("thread_ts"), TS: f.nextTS(),
			Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks")}
		f.posts = append(f.posts, p)
		delay, hook := f.postDelay, f.onPost
		f.mu.Unlock()
		if delay > 0 {
			time.Sleep(delay)
		}
		if hook != nil {
			after = func() { hook(p) }
		}
		writeOK(w, map[string]any{"channel": p.Channel, "ts": p.TS,
			"message": map[string]any{"type": "message", "subtype": "bot_message", "text": p.Text,
				"ts": p.TS, "bot_id": testBotID, "user": testBotUser, "thread_ts": p.Thread}})
		if after != nil {
			after()
		}
		return
	case "reactions.add":
		rc := reaction{Channel: r.Form.Get("channel"), Timestamp: r.Form.Get("timestamp"), Name: r.Form.Get("name")}
		for _, old := range f.reactions {
			if old == rc {
				f.mu.Unlock()
				writeErr(w, "already_reacted")
				return
			}
		}
		f.reactions = append(f.reactions, rc)
		f.mu.Unlock()
		writeOK(w, map[string]any{})
		return
	case "conversations.join":
		ch := r.Form.Get("channel")
		f.joins = append(f.joins, ch)
		name := f.channels[ch]
		f.mu.Unlock()
		writeOK(w, map[string]any{"channel": map[string]any{"id": ch, "name": name, "is_channel": true, "is_member": true}})
		return
	case "conversations.info":
		ch := r.Form.Get("channel")
		name, ok := f.channels[ch]
		f.mu.Unlock()
		if !ok {
			writeErr(w, "channel_not_found")
			return
		}
		writeOK(w, map[string]any{"channel": map[string]any{"id": ch, "name": name, "is_channel": true, "is_member": true}})
		return
	case "users.info":
		u := r.Form.Get("user")
		name, ok := f.users[u]
		f.mu.Unlock()
		if !ok {
			writeErr(w, "user_not_found")
			return
		}
		writeOK(w, map[string]any{"user": map[string]any{"id": u, "name": strings.ToLower(name),
			"real_name": name, "profile": map[string]any{"display_name": name, "real_name": name}}})
		return
	case "files.getUploadURLExternal":
		n, _ := strconv.Atoi(r.Form.Get("length"))
		if r.Form.Get("filename") == "" || n <= 0 {
			f.mu.Unlock()
			writeErr(w, "invalid_arguments")
			return
		}
		id := fmt.Sprintf("F%04d", len(f.pending)+len(f.uploads)+1)
		f.pending[id] = upload{Filename: r.Form.Get("filename")}
		f.mu.Unlock()
		writeOK(w, map[string]any{"upload_url": f.srv.URL + "/upload/" + id, "file_id": id})
		return
	case "files.completeUploadExternal":
		var files []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		}
		_ = json.Unmarshal([]byte(r.Form.Get("files")), &files)
		if len(files) != 1 {
			f.mu.Unlock()
			writeErr(w, "invalid_arguments")
			return
		}
		up, ok := f.pending[files[0].ID]
		if !ok || up.Content == "" {
			f.mu.Unlock()
			writeErr(w, "file_not_found")
			return
		}
		delete(f.pending, files[0].ID)
		up.Channel, up.Thread = r.Form.Get("channel_id"), r.Form.Get("thread_ts")
		up.Title, up.Comment = files[0].Title, r.Form.Get("initial_comment")
		f.uploads = append(f.uploads, up)
		f.mu.Unlock()
		writeOK(w, map[string]any{"files": []map[string]any{{"id": files[0].ID, "title": files[0].Title}}})
		return
	case "apps.connections.open":
		u := f.wsURL
		f.mu.Unlock()
		writeOK(w, map[string]any{"url": u})
		return
	}
	f.mu.Unlock()
	writeErr(w, "unknown_method")
}

func (f *fakeSlack) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	file, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	b, _ := io.ReadAll(file)
	f.mu.Lock()
	up, ok := f.pending[id]
	if ok {
		up.Content = string(b)
		f.pending[id] = up
	}
	f.mu.Unlock()
	if !ok {
		http.Error(w, "unknown upload", http.StatusNotFound)
		return
	}
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(b)))
}
