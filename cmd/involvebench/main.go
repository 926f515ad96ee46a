package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func main() {
	out := flag.String("o", "BENCHMARKS.md", "where `all` writes the report")
	quick := flag.Bool("quick", false, "shorter runs (figures are noisier)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: involvebench [-o FILE] [-quick] all|refs|core|answers|slack|teams|nudge|documents|ops|residents|etcd")
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	r := &report{quick: *quick}
	var err error
	switch flag.Arg(0) {
	case "all":
		for _, f := range []func() error{r.refs, r.core, r.answers, r.slack, r.teams, r.nudge, r.documents, r.ops, r.residents, r.etcd} {
			if err = f(); err != nil {
				break
			}
		}
		if err == nil {
			err = os.WriteFile(*out, r.markdown(), 0o644)
			fmt.Fprintf(os.Stderr, "wrote %s\n", *out)
		}
	case "refs":
		err = r.refs()
	case "core":
		err = r.refs()
		if err == nil {
			err = r.core()
		}
	case "answers":
		err = r.refs()
		if err == nil {
			err = r.answers()
		}
	case "slack":
		err = r.slack()
	case "teams":
		err = r.teams()
	case "nudge":
		err = r.nudge()
	case "documents":
		err = r.documents()
	case "ops":
		err = r.ops()
	case "residents":
		err = r.residents()
	case "etcd":
		err = r.refs()
		if err == nil {
			err = r.etcd()
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "involvebench:", err)
		os.Exit(1)
	}
	if flag.Arg(0) != "all" {
		os.Stdout.Write(r.markdown())
	}
}

// report collects sections of the Markdown report.
type report struct {
	quick    bool
	commit   time.Duration // p50 of an empty durable commit
	rtt      time.Duration // p50 of a loopback HTTP round trip
	sections []section
}

type section struct {
	title string
	intro string
	rows  [][]string // first row is the header
	notes []string
}

func (r *report) add(s section) { r.sections = append(r.sections, s) }

func (r *report) benchtime(normal, quick string) string {
	if r.quick {
		return quick
	}
	return normal
}

func (r *report) refs() error {
	dir, err := os.MkdirTemp("", "involvebench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	c50, c99, err := emptyCommit(dir, 500)
	if err != nil {
		return err
	}
	h50, h99, err := loopbackRTT(2000)
	if err != nil {
		return err
	}
	r.commit, r.rtt = c50, h50
	r.add(section{
		title: "Physical references",
		intro: "Measured in this run; the figures below are read against them.",
		rows: [][]string{
			{"reference", "p50", "p99"},
			{"empty durable bbolt commit (one fsync)", dur(c50), dur(c99)},
			{"loopback HTTP round trip (kept-alive connection)", dur(h50), dur(h99)},
		},
	})
	return nil
}

// benchSection runs go benchmarks and lays every metric out as a table.
func (r *report) benchSection(title, intro, pkg, pattern, benchtime string, notes ...string) error {
	res, err := goBench(pkg, pattern, benchtime, "-benchmem")
	if err != nil {
		return err
	}
	rows := [][]string{{"benchmark", "figures"}}
	for _, b := range res {
		var fs []string
		for _, m := range b.Metrics {
			fs = append(fs, fmtMetric(m))
		}
		if ns, ok := b.get("ns/op"); ok && r.commit > 0 && strings.Contains(strings.ToLower(b.Name), "endtoend") {
			fs = append(fs, fmt.Sprintf("= %.1f× an empty commit", ns/float64(r.commit.Nanoseconds())))
		}
		rows = append(rows, []string{b.Name, strings.Join(fs, " · ")})
	}
	r.add(section{title: title, intro: intro, rows: rows, notes: notes})
	return nil
}

func (r *report) core() error {
	if err := r.benchSection("Coach core: the dialogue step", "One answer through the pure state machine (target: under 5 µs).",
		"./dialogs", "Step|Document", r.benchtime("2s", "200ms")); err != nil {
		return err
	}
	return r.benchSection("Coach core: one answer end to end", "Handle → dialogue → durable commit (fsync) → replies queued, on a real bbolt file; compare with the empty commit above.",
		"./bot", "AnswerEndToEnd|AnswerToFinishedCase|EmptyCommit", r.benchtime("3000x", "500x"))
}

func (r *report) slack() error {
	return r.benchSection("Slack", "The real HTTP handler over loopback with signed requests against a local fake Web API.",
		"./bot/slack", "SlashCommandAck|AnswersEndToEnd", r.benchtime("5000x", "500x"))
}

func (r *report) teams() error {
	return r.benchSection("Teams", "POST /api/messages over loopback: JWT verified, stored, reply posted to a fake connector.",
		"./bot/teams", "ActivitiesEndToEnd|Validate", r.benchtime("5000x", "500x"))
}

func (r *report) nudge() error {
	if err := r.benchSection("Weekly nudge fan-out", "10,000 active cases: queue the nudge for the slot and deliver every one to an in-process platform; with a 429 (Retry-After 20 ms) on every tenth call, still exactly 10,000 delivered. No send-rate cap in this run.",
		"./bot", "NudgeFanOut", "1x"); err != nil {
		return err
	}
	if err := r.benchSection("Weekly nudge fan-out to Slack, paced", "The Slack sender against the fake Web API: with slack.pace on, the completion time of 10,000 nudges under Slack's documented limits, from a simulated clock (sim-minutes); with pace off, the real throughput over loopback.",
		"./bot/slack", "NudgeFanOut", r.benchtime("2000x", "200x")); err != nil {
		return err
	}
	return r.benchSection("Weekly nudge fan-out to Teams, paced", "The Teams sender against a fake Bot Connector, 10,000 channels: with teams.pace on, the completion time under the Connector's documented limits from a simulated clock (sim-s); with pace off, the real throughput.",
		"./bot/teams", "NudgeFanOut", "1x")
}

func (r *report) documents() error {
	if err := r.benchSection("The plan document", "A finished case (14×2 answers, 20 reports) typeset as a Word document (target: under 5 ms).",
		"./docx", "Document", r.benchtime("500x", "50x")); err != nil {
		return err
	}
	return r.benchSection("The coordinator's digest", "The weekly digest of 10,000 cases, built and laid out for Slack and Teams (target: under 1 s).",
		"./bot", "Digest10000", "1x")
}

func dur(d time.Duration) string {
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%d ns", d.Nanoseconds())
	case d < time.Millisecond:
		return fmt.Sprintf("%.1f µs", float64(d.Nanoseconds())/1e3)
	case d < time.Second:
		return fmt.Sprintf("%.2f ms", float64(d.Nanoseconds())/1e6)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func fmtMetric(m metric) string {
	switch m.Unit {
	case "ns/op":
		return dur(time.Duration(m.Value)) + "/op"
	case "B/op", "allocs/op":
		return fmt.Sprintf("%.0f %s", m.Value, m.Unit)
	}
	if m.Value >= 100 {
		return fmt.Sprintf("%.0f %s", m.Value, m.Unit)
	}
	return fmt.Sprintf("%.3g %s", m.Value, m.Unit)
}

func (r *report) markdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Benchmarks\n\nWritten by `go run ./cmd/involvebench all` on " + time.Now().UTC().Format("2006-01-02 15:04 MST") + ".\n\n")
	b.WriteString("## Machine\n\n")
	for _, l := range machine() {
		b.WriteString("- " + l + "\n")
	}
	b.WriteString("\n")
	for _, s := range r.sections {
		b.WriteString("## " + s.title + "\n\n")
		if s.intro != "" {
			b.WriteString(s.intro + "\n\n")
		}
		for i, row := range s.rows {
			b.WriteString("| " + strings.Join(row, " | ") + " |\n")
			if i == 0 {
				b.WriteString("|" + strings.Repeat("---|", len(row)) + "\n")
			}
		}
		b.WriteString("\n")
		for _, n := range s.notes {
			b.WriteString(n + "\n\n")
		}
	}
	return b.Bytes()
}

func machine() []string {
	out := []string{fmt.Sprintf("%d cores (GOMAXPROCS %d), %s/%s, %s", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				out = append(out, "CPU: "+strings.TrimSpace(strings.SplitN(l, ":", 2)[1]))
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		out = append(out, "Memory: "+strings.Join(strings.Fields(strings.SplitN(string(b), "\n", 2)[0])[1:], " "))
	}
	if v, err := exec.Command("uname", "-sr").Output(); err == nil {
		out = append(out, "Kernel: "+strings.TrimSpace(string(v)))
	}
	if wd, err := os.Getwd(); err == nil {
		if fs, err := exec.Command("df", "-h", "--output=source,fstype", wd).Output(); err == nil {
			lines := strings.Split(strings.TrimSpace(string(fs)), "\n")
			out = append(out, "Database disk: "+strings.Join(strings.Fields(lines[len(lines)-1]), " ")+" ("+filepath.Base(wd)+")")
		}
	}
	return out
}
