package slacktest

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

// The credentials and identity the fake uses unless told otherwise.
const (
	BotToken      = "xoxb-test-token"
	AppToken      = "xapp-test-token"
	SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	BotUserID     = "UBOT0001"
	BotID         = "BBOT0001"
	TeamID        = "T0TEST"
	AppID         = "A0INVOLVE"
)

// Post is one chat.postMessage the fake accepted.
type Post struct {
	Seq     uint64 // the order of this effect among all the fake recorded
	Channel string
	Thread  string // thread_ts ("" at top level)
	TS      string // the ts the fake gave the message
	Text    string
	Blocks  string // the blocks JSON as sent
	// Metadata is the message metadata as sent ("" when none): JSON with
	// event_type and event_payload.
	Metadata string
}

// Reaction is one reactions.add the fake accepted.
type Reaction struct {
	Seq                      uint64
	Channel, Timestamp, Name string
}

// Upload is one completed three-step file upload
// (files.getUploadURLExternal, the upload, files.completeUploadExternal).
type Upload struct {
	Channel, Thread, Filename, Title, Comment, Content string
}

// Failure is a scripted answer to one call of a method.
type Failure struct {
	Status     int    // HTTP status; 0 means 200 with ok:false and Error
	RetryAfter string // the Retry-After header of a 429
	Error      string // the ok:false error code
}

// Server is a fake Slack Web API on a loopback port.
type Server struct {
	// URL is the Web API's base URL, ending in "/": give it as api_url
	// (slack.OptionAPIURL).
	URL string

	srv      *httptest.Server
	botToken string
	appToken string

	mu        sync.Mutex
	seq       uint64
	posts     []Post
	deleted   []Post
	reactions []Reaction
	uploads   []Upload
	joins     []string
	calls     map[string]int
	failures  map[string][]Failure
	down      bool // every call answers 503
	ts        int64
	channels  map[string]string // id → name
	users     map[string]string // id → display name
	pending   map[string]Upload // file id → started upload
	wsURL     string            // what apps.connections.open answers
	delays    map[string]time.Duration
	onPost    func(p Post)
}

// Option configures a Server.
type Option func(*Server)

// WithTokens makes the fake accept these tokens instead of BotToken and AppToken.
func WithTokens(bot, app string) Option {
	return func(s *Server) { s.botToken, s.appToken = bot, app }
}

// WithChannel makes conversations.info and conversations.join know a channel.
func WithChannel(id, name string) Option {
	return func(s *Server) { s.channels[id] = name }
}

// WithUser makes users.info know a user by display name.
func WithUser(id, displayName string) Option {
	return func(s *Server) { s.users[id] = displayName }
}

// NewServer starts a fake Web API. With a non-nil t it is closed when the
// test ends; otherwise call Close.
func NewServer(t testing.TB, opts ...Option) *Server {
	s := &Server{
		botToken: BotToken,
		appToken: AppToken,
		calls:    map[string]int{},
		failures: map[string][]Failure{},
		ts:       1732612345000100,
		channels: map[string]string{},
		users:    map[string]string{},
		pending:  map[string]Upload{},
		delays:   map[string]time.Duration{},
	}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/api/"
	if t != nil {
		t.Cleanup(s.Close)
	}
	return s
}

// Close shuts the server down; later calls fail to connect.
func (s *Server) Close() { s.srv.Close() }

// AddChannel makes conversations.info and conversations.join know a channel.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = name
}

// AddUser makes users.info know a user by display name.
func (s *Server) AddUser(id, displayName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[id] = displayName
}

// Fail scripts the answers to the next calls of method, one per call.
func (s *Server) Fail(method string, fs ...Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], fs...)
}

// SetDown makes every call answer 503 with an HTML body while down is true.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// SetDelay makes every call of method answer d late. The call's effect is
// recorded first, as when Slack did the work but its answer is slow to
// arrive (or never arrives: the client times out, or dies).
func (s *Server) SetDelay(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delays[method] = d
}

// SetSocketURL sets the websocket URL apps.connections.open answers with.
func (s *Server) SetSocketURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wsURL = u
}

// OnPost sets a function called with each recorded post, once the answer
// is written (the client may not have read it yet). It runs on the
// request's goroutine, outside the server's lock.
func (s *Server) OnPost(fn func(p Post)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onPost = fn
}

// Calls returns how often method was called, failures included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Deleted returns the posts chat.delete removed, in the order removed.
func (s *Server) Deleted() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.deleted...)
}

// Posts returns the messages posted and not deleted, in order.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// Reactions returns the reactions so far, in order. Adding a reaction
// that is already there is answered already_reacted and not recorded.
func (s *Server) Reactions() []Reaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Reaction(nil), s.reactions...)
}

// Uploads returns the completed file uploads so far, in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Upload(nil), s.uploads...)
}

// Joins returns the channels joined with conversations.join, in order.
func (s *Server) Joins() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.joins...)
}

// nextTS returns a new message ts in Slack's shape ("1732612345.000200").
func (s *Server) nextTS() string {
	s.ts += 100
	return fmt.Sprintf("%d.%06d", s.ts/1_000_000, s.ts%1_000_000)
}

func (s *Server) nextSeq() uint64 {
	s.seq++
	return s.seq
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

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/upload/") {
		s.serveUpload(w, r)
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		http.Error(w, "method", http.StatusMethodNotAllowed)
		return
	}
	_ = r.ParseForm()
	token := r.Form.Get("token")
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		token = strings.TrimPrefix(h, "Bearer ")
	}

	s.mu.Lock()
	s.calls[method]++
	if d := s.delays[method]; d > 0 {
		w = &lateWriter{ResponseWriter: w, delay: d}
	}
	if s.down {
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "<html><body>Service Unavailable</body></html>")
		return
	}
	if fs := s.failures[method]; len(fs) > 0 {
		fl := fs[0]
		s.failures[method] = fs[1:]
		s.mu.Unlock()
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
	want := s.botToken
	if method == "apps.connections.open" {
		want = s.appToken
	}
	if token != want {
		s.mu.Unlock()
		writeErr(w, "invalid_auth")
		return
	}
	// Each case unlocks s.mu itself, before it writes the answer.
	switch method {
	case "auth.test":
		s.mu.Unlock()
		writeOK(w, map[string]any{"url": "https://oslo-test.slack.com/", "team": "Oslo kommune (test)",
			"user": "involve", "team_id": TeamID, "user_id": BotUserID, "bot_id": BotID})
	case "chat.postMessage":
		s.postMessage(w, r)
	case "chat.delete":
		s.deleteMessage(w, r)
	case "reactions.add":
		rc := Reaction{Channel: r.Form.Get("channel"), Timestamp: r.Form.Get("timestamp"), Name: r.Form.Get("name")}
		for _, old := range s.reactions {
			if old.Channel == rc.Channel && old.Timestamp == rc.Timestamp && old.Name == rc.Name {
				s.mu.Unlock()
				writeErr(w, "already_reacted")
				return
			}
		}
		rc.Seq = s.nextSeq()
		s.reactions = append(s.reactions, rc)
		s.mu.Unlock()
		writeOK(w, map[string]any{})
	case "conversations.join":
		ch := r.Form.Get("channel")
		s.joins = append(s.joins, ch)
		name := s.channels[ch]
		s.mu.Unlock()
		writeOK(w, map[string]any{"channel": map[string]any{"id": ch, "name": name, "is_channel": true, "is_member": true}})
	case "conversations.info":
		ch := r.Form.Get("channel")
		name, ok := s.channels[ch]
		s.mu.Unlock()
		if !ok {
			writeErr(w, "channel_not_found")
			return
		}
		writeOK(w, map[string]any{"channel": map[string]any{"id": ch, "name": name, "is_channel": true, "is_member": true}})
	case "users.info":
		u := r.Form.Get("user")
		name, ok := s.users[u]
		s.mu.Unlock()
		if !ok {
			writeErr(w, "user_not_found")
			return
		}
		writeOK(w, map[string]any{"user": map[string]any{"id": u, "name": strings.ToLower(name),
			"real_name": name, "profile": map[string]any{"display_name": name, "real_name": name}}})
	case "files.getUploadURLExternal":
		n, _ := strconv.Atoi(r.Form.Get("length"))
		if r.Form.Get("filename") == "" || n <= 0 {
			s.mu.Unlock()
			writeErr(w, "invalid_arguments")
			return
		}
		id := fmt.Sprintf("F%04d", len(s.pending)+len(s.uploads)+1)
		s.pending[id] = Upload{Filename: r.Form.Get("filename")}
		s.mu.Unlock()
		writeOK(w, map[string]any{"upload_url": s.srv.URL + "/upload/" + id, "file_id": id})
	case "files.completeUploadExternal":
		s.completeUpload(w, r)
	case "conversations.history":
		s.history(w, r)
	case "conversations.replies":
		s.replies(w, r)
	case "apps.connections.open":
		u := s.wsURL
		s.mu.Unlock()
		writeOK(w, map[string]any{"url": u})
	default:
		s.mu.Unlock()
		writeErr(w, "unknown_method")
	}
}

// deleteMessage removes a post as chat.delete does (a bot may delete its
// own messages with chat:write); s.mu is held on entry.
func (s *Server) deleteMessage(w http.ResponseWriter, r *http.Request) {
	ch, ts := r.Form.Get("channel"), r.Form.Get("ts")
	for i, p := range s.posts {
		if p.Channel == ch && p.TS == ts {
			s.posts = append(s.posts[:i:i], s.posts[i+1:]...)
			s.deleted = append(s.deleted, p)
			s.mu.Unlock()
			writeOK(w, map[string]any{"channel": ch, "ts": ts})
			return
		}
	}
	s.mu.Unlock()
	writeErr(w, "message_not_found")
}

// postMessage records a post; s.mu is held on entry.
func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	ch := r.Form.Get("channel")
	if ch == "" {
		s.mu.Unlock()
		writeErr(w, "channel_not_found")
		return
	}
	if r.Form.Get("text") == "" && r.Form.Get("blocks") == "" {
		s.mu.Unlock()
		writeErr(w, "no_text")
		return
	}
	p := Post{Seq: s.nextSeq(), Channel: ch, Thread: r.Form.Get("thread_ts"), TS: s.nextTS(),
		Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks"), Metadata: r.Form.Get("metadata")}
	s.posts = append(s.posts, p)
	hook := s.onPost
	s.mu.Unlock()
	writeOK(w, map[string]any{"channel": p.Channel, "ts": p.TS, "message": p.message(false)})
	if hook != nil {
		hook(p)
	}
}

// completeUpload finishes a three-step upload; s.mu is held on entry.
func (s *Server) completeUpload(w http.ResponseWriter, r *http.Request) {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	_ = json.Unmarshal([]byte(r.Form.Get("files")), &files)
	if len(files) != 1 {
		s.mu.Unlock()
		writeErr(w, "invalid_arguments")
		return
	}
	up, ok := s.pending[files[0].ID]
	if !ok || up.Content == "" {
		s.mu.Unlock()
		writeErr(w, "file_not_found")
		return
	}
	delete(s.pending, files[0].ID)
	up.Channel, up.Thread = r.Form.Get("channel_id"), r.Form.Get("thread_ts")
	up.Title, up.Comment = files[0].Title, r.Form.Get("initial_comment")
	s.uploads = append(s.uploads, up)
	s.mu.Unlock()
	writeOK(w, map[string]any{"files": []map[string]any{{"id": files[0].ID, "title": files[0].Title}}})
}

func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	file, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	b, _ := io.ReadAll(file)
	s.mu.Lock()
	up, ok := s.pending[id]
	if ok {
		up.Content = string(b)
		s.pending[id] = up
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "unknown upload", http.StatusNotFound)
		return
	}
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(b)))
}

// lateWriter waits before the first byte of the answer goes out.
type lateWriter struct {
	http.ResponseWriter
	delay time.Duration
	once  sync.Once
}

func (w *lateWriter) wait() { w.once.Do(func() { time.Sleep(w.delay) }) }

func (w *lateWriter) WriteHeader(code int) {
	w.wait()
	w.ResponseWriter.WriteHeader(code)
}

func (w *lateWriter) Write(b []byte) (int, error) {
	w.wait()
	return w.ResponseWriter.Write(b)
}
