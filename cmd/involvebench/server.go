package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// buildBinary builds involvebot into dir, as a deployment would.
func buildBinary(dir string) (string, error) {
	bin := filepath.Join(dir, "involvebot")
	fmt.Fprintln(os.Stderr, "$ go build -o", bin, "./cmd/involvebot")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/oslo-involve/involve/cmd/involvebot").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// server is the real binary running involvebot serve, with Slack in HTTP
// mode against a fake Web API.
type server struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:port
	log    *serverLog
	exited chan error
	ready  time.Duration // from exec to the first /healthz 200
}

// startServer writes a config next to dbPath and starts the binary on it.
func startServer(bin, dbPath, apiURL string) (*server, error) {
	cfg := fmt.Sprintf("[storage]\npath = %q\n\n[http]\nlisten = \"127.0.0.1:0\"\n\n[log]\nformat = \"json\"\n\n"+
		"[slack]\nenabled = true\nmode = \"http\"\napi_url = %q\npace = false\n", dbPath, apiURL)
	cfgPath := dbPath + ".toml"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	log := &serverLog{listen: make(chan string, 1)}
	cmd := exec.Command(bin, "serve", "-config", cfgPath)
	cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN="+slacktest.BotToken,
		"SLACK_SIGNING_SECRET="+slacktest.SigningSecret, "INVOLVE_ADMIN_TOKEN=")
	cmd.Stdout, cmd.Stderr = log, log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, log: log, exited: make(chan error, 1)}
	go func() { s.exited <- cmd.Wait() }()
	select {
	case addr := <-log.listen:
		s.base = "http://" + addr
	case err := <-s.exited:
		return nil, fmt.Errorf("involvebot serve exited: %v\n%s", err, log.tail())
	case <-time.After(60 * time.Second):
		s.kill()
		return nil, fmt.Errorf("involvebot serve did not listen within a minute\n%s", log.tail())
	}
	c := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Millisecond) {
		resp, err := c.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = time.Since(start)
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.kill()
			return nil, fmt.Errorf("/healthz did not answer 200 within 30s\n%s", log.tail())
		}
	}
}

// errNoExit says the server did not exit within stopTimeout of SIGTERM;
// it was killed then.
var errNoExit = errors.New("involvebot serve did not exit after SIGTERM")

// stopTimeout bounds a graceful stop: serve waits 10 s for requests in
// flight and 3 s for the outbox.
const stopTimeout = 30 * time.Second

// stop sends SIGTERM and returns how long the server took to exit.
func (s *server) stop() (time.Duration, error) {
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return 0, err
	}
	select {
	case err := <-s.exited:
		if err != nil {
			return 0, fmt.Errorf("involvebot serve: %v\n%s", err, s.log.tail())
		}
		return time.Since(start), nil
	case <-time.After(stopTimeout):
		s.kill()
		<-s.exited
		return 0, fmt.Errorf("%w within %v\n%s", errNoExit, stopTimeout, s.log.tail())
	}
}

func (s *server) kill() {
	_ = s.cmd.Process.Kill()
}

// memory is what /proc/<pid>/status says of a process's memory, in bytes.
type memory struct {
	RSS  int64 // VmRSS: resident now
	HWM  int64 // VmHWM: the peak of VmRSS
	Anon int64 // RssAnon: the heap, stacks and the like
	File int64 // RssFile: mapped files, the bbolt database among them
}

// memory reads the server's /proc/<pid>/status.
func (s *server) memory() (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	var m memory
	fields := map[string]*int64{"VmRSS:": &m.RSS, "VmHWM:": &m.HWM, "RssAnon:": &m.Anon, "RssFile:": &m.File}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if p, ok := fields[f[0]]; ok && len(f) == 3 && f[2] == "kB" {
			n, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return memory{}, err
			}
			*p = n << 10
		}
	}
	if m.RSS == 0 {
		return m, fmt.Errorf("no VmRSS in /proc/%d/status", s.cmd.Process.Pid)
	}
	return m, sc.Err()
}

// cpu returns the CPU time (user and system) the server has used so far,
// from /proc/<pid>/stat.
func (s *server) cpu() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces: count fields after its ')'.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", s.cmd.Process.Pid)
	}
	var ticks int64
	for _, v := range f[11:13] { // utime, stime (fields 14 and 15)
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, nil // USER_HZ is 100 on Linux
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// serverLog keeps the server's log and reports the address it listens on.
type serverLog struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	line   []byte
	listen chan string
}

func (l *serverLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buf.Len() < 1<<20 {
		l.buf.Write(p)
	}
	l.line = append(l.line, p...)
	for {
		i := bytes.IndexByte(l.line, '\n')
		if i < 0 {
			break
		}
		var rec struct {
			Msg    string `json:"msg"`
			Listen string `json:"listen"`
		}
		if json.Unmarshal(l.line[:i], &rec) == nil && rec.Msg == "involvebot serving" && rec.Listen != "" {
			select {
			case l.listen <- rec.Listen:
			default:
			}
		}
		l.line = l.line[i+1:]
	}
	return len(p), nil
}

func (l *serverLog) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buf.Bytes()
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
