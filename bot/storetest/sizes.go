package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// testSizes runs the cases at the sizes a municipality reaches: a store's
// limits per write (etcd's operations per transaction and bytes per
// request) must not show through bot.Store. Each runs on a channel of its
// own.
func testSizes(t *testing.T, s bot.Store) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, s bot.Store)
	}{
		{"FirstOf500AnswersDeleted", testFirstOf500Deleted},
		{"300RepliesInOneCommit", test300Replies},
		{"DigestOf10000Cases", testDigest10000},
		{"ForgetWith300Undelivered", testForget300},
		{"2000ResidentsAnswers", testResidents2000},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, s) })
	}
}

// text is n characters of Norwegian prose (æ, ø and å take two bytes each).
func text(n int, seed int) string {
	const words = "Vi ønsker benker på torget, og færre biler gjennom sentrum om kvelden. "
	var b strings.Builder
	b.WriteString(fmt.Sprint(seed, ": "))
	for b.Len() < 4*n {
		b.WriteString(words)
	}
	return string([]rune(b.String())[:n])
}

// commitCase commits now over was at base and checks that what is stored
// is exactly now.
func commitCase(t *testing.T, s bot.Store, base bot.Revision, was, now *dialogs.Case, what string) bot.Revision {
	t.Helper()
	r, err := s.Commit(context.Background(), bot.Change{Channel: now.Channel, Base: base, Case: now, Was: was, At: t0})
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	got, rev := load(t, s, now.Channel)
	if rev != r.Rev || !same(got, now) {
		t.Fatalf("%s: stored case differs (rev %d, commit %d)", what, rev, r.Rev)
	}
	return r.Rev
}

// testFirstOf500Deleted: a case grows to 500 answers a hundred at a time;
// deleting its first answer (which moves every later one) leaves exactly
// the 499 others, and the case goes on taking answers after.
func testFirstOf500Deleted(t *testing.T, s bot.Store) {
	c := newCase("CANS")
	c.Answers = nil
	rev := create(t, s, c)
	for i := range 500 {
		c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: 1 + i%14, Author: fmt.Sprintf("U%d", i%7),
			Name: "Kari", Text: text(300, i), At: t0.Add(time.Duration(i) * time.Minute), Ref: fmt.Sprintf("1700.%04d", i)})
		if (i+1)%100 == 0 {
			was, _ := load(t, s, "CANS")
			rev = commitCase(t, s, rev, was, c.Clone(), fmt.Sprintf("answers up to %d", i+1))
		}
	}
	was, _ := load(t, s, "CANS")
	now := was.Clone()
	now.Answers = now.Answers[1:]
	rev = commitCase(t, s, rev, was, now, "delete the first of 500 answers")
	for _, a := range now.Answers {
		if a.Text == was.Answers[0].Text {
			t.Fatal("the deleted answer's text is still in the case")
		}
	}
	// Without Was, and then small steps on top: an answer added, one edited.
	next := now.Clone()
	next.Answers = next.Answers[1:]
	rev = commitCase(t, s, rev, nil, next, "delete the first again, without Was")
	more := next.Clone()
	more.Answers = append(more.Answers, dialogs.Answer{Round: 1, Question: 3, Author: "U1", Text: "Etter slettingen", At: t0})
	more.Answers[200].Text = "Endret"
	commitCase(t, s, rev, next, more, "append and edit after the delete")
	n := 0
	if err := s.Cases(context.Background(), func(c *dialogs.Case) error {
		if c.Channel == "CANS" {
			n = len(c.Answers)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != 499 {
		t.Fatalf("Cases sees %d answers, want 499", n)
	}
}

// checkItems fails unless got are the items of want, committed in order,
// with rising ids, and the outbox holds them in that order.
func checkItems(t *testing.T, s bot.Store, channel string, got, want []bot.Outgoing) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d items came back, %d committed", len(got), len(want))
	}
	for i := range got {
		if got[i].Reply.Text != want[i].Reply.Text || got[i].Reply.Title != want[i].Reply.Title {
			t.Fatalf("item %d came back as %q, committed %q", i, got[i].Reply.Text, want[i].Reply.Text)
		}
		if i > 0 && got[i].ID <= got[i-1].ID {
			t.Fatalf("ids do not rise: item %d has %d after %d", i, got[i].ID, got[i-1].ID)
		}
	}
	var in []bot.Outgoing
	for _, it := range outbox(t, s) {
		if it.Channel == channel {
			in = append(in, it)
		}
	}
	if len(in) != len(want) {
		t.Fatalf("the outbox holds %d items of %s, %d committed", len(in), channel, len(want))
	}
	for i := range in {
		if in[i].ID != got[i].ID || in[i].Reply.Text != want[i].Reply.Text || len(in[i].Reply.Cases) != len(want[i].Reply.Cases) {
			t.Fatalf("outbox item %d: id %d %q, want id %d %q", i, in[i].ID, in[i].Reply.Text, got[i].ID, want[i].Reply.Text)
		}
	}
}

// test300Replies: one commit queues 300 replies with its event id; all of
// them come back in order, and a redelivery of the event adds none.
func test300Replies(t *testing.T, s bot.Store) {
	rev := create(t, s, newCase("CREP"))
	var items []bot.Outgoing
	for i := range 300 {
		items = append(items, item("CREP", fmt.Sprintf("svar %d: %s", i, text(200, i))))
	}
	r, err := s.Commit(context.Background(), bot.Change{Channel: "CREP", Base: rev, EventID: "Ev300", At: t0, Outbox: items})
	if err != nil || r.Duplicate {
		t.Fatalf("a commit of 300 replies: %+v %v", r.Duplicate, err)
	}
	checkItems(t, s, "CREP", r.Items, items)
	again, err := s.Commit(context.Background(), bot.Change{Channel: "CREP", Base: rev, EventID: "Ev300", At: t0, Outbox: items})
	if err != nil || !again.Duplicate {
		t.Fatalf("the event again: duplicate %v, %v", again.Duplicate, err)
	}
	checkItems(t, s, "CREP", r.Items, items)
	// The next commit's replies come after all 300.
	r2, err := s.Commit(context.Background(), bot.Change{Channel: "CREP", Base: rev, At: t0, Outbox: []bot.Outgoing{item("CREP", "etter")}})
	if err != nil || len(r2.Items) != 1 || r2.Items[0].ID <= r.Items[299].ID {
		t.Fatalf("a reply after the 300: %+v %v", r2.Items, err)
	}
	for _, it := range append(r.Items, r2.Items...) {
		if _, _, err := s.Delivered(context.Background(), it.ID, "CREP", nil); err != nil {
			t.Fatal(err)
		}
	}
	if out := outbox(t, s); len(out) != 0 {
		t.Fatalf("%d items left after every delivery", len(out))
	}
}

// testDigest10000: the coordinator's digest of 10,000 cases, laid out as
// for Slack (45 cases a message), is one commit with the slot's event id.
func testDigest10000(t *testing.T, s bot.Store) {
	cases := make([]dialogs.DigestCase, 10000)
	for i := range cases {
		cases[i] = dialogs.DigestCase{Channel: fmt.Sprintf("C%07d", i), Platform: "slack", Name: fmt.Sprintf("sak-%05d-omregulering-sentrum", i),
			Stage: "spørsmål 9 av 14", Weeks: "3 uker siden siste rapport", Level: "konsultere", Groups: "4 av 6 grupper nådd",
			Latest: "«" + text(120, i) + "»"}
	}
	slot := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	replies := dialogs.Coach{}.Digest(cases, slot, dialogs.DigestLimits{Cases: 45})
	var items []bot.Outgoing
	n := 0
	for _, r := range replies {
		items = append(items, bot.Outgoing{Platform: "slack", Channel: "CDIGEST", Reply: r, Created: t0})
		n += len(r.Cases)
	}
	if n != 10000 || len(items) < 200 {
		t.Fatalf("the digest holds %d cases in %d messages", n, len(items))
	}
	ev := "digest:" + slot.Format(time.RFC3339)
	r, err := s.Commit(context.Background(), bot.Change{Channel: "CDIGEST", EventID: ev, At: t0, Outbox: items})
	if err != nil || r.Duplicate {
		t.Fatalf("the digest of 10,000 cases in %d messages: %v", len(items), err)
	}
	checkItems(t, s, "CDIGEST", r.Items, items)
	if again, err := s.Commit(context.Background(), bot.Change{Channel: "CDIGEST", EventID: ev, At: t0, Outbox: items}); err != nil || !again.Duplicate {
		t.Fatalf("the digest again: duplicate %v, %v", again.Duplicate, err)
	}
	checkItems(t, s, "CDIGEST", r.Items, items)
}

// testForget300: forget takes a case with 300 undelivered replies (and a
// dead letter) with it, and queues its own reply.
func testForget300(t *testing.T, s bot.Store) {
	c := newCase("CFGT")
	c.Residents = &dialogs.ResidentsPage{Code: "f0rg3tc0de", Open: true, Opened: t0, Next: 2,
		Answers: []dialogs.ResidentAnswer{{N: 1, Text: "Benker", At: t0}}}
	rev := create(t, s, c)
	var last bot.Committed
	for k := range 3 {
		var items []bot.Outgoing
		for i := range 100 {
			items = append(items, item("CFGT", fmt.Sprintf("%d-%d", k, i)))
		}
		r, err := s.Commit(context.Background(), bot.Change{Channel: "CFGT", Base: rev, At: t0, Outbox: items})
		if err != nil {
			t.Fatal(err)
		}
		last = r
	}
	if err := s.Dead(context.Background(), last.Items[0]); err != nil {
		t.Fatal(err)
	}
	f, err := s.Commit(context.Background(), bot.Change{Channel: "CFGT", Base: rev, Forget: true, EventID: "EvForget", At: t0,
		Outbox: []bot.Outgoing{item("CFGT", "glemt")}})
	if err != nil || f.Rev != 0 || len(f.Items) != 1 {
		t.Fatalf("forget with 300 undelivered replies: %+v %v", f, err)
	}
	if _, _, err := s.Load(context.Background(), "CFGT"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("the case is still there: %v", err)
	}
	checkItems(t, s, "CFGT", f.Items, []bot.Outgoing{item("CFGT", "glemt")})
	if _, err := s.CodeChannel(context.Background(), "f0rg3tc0de"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("the page's code survived forget: %v", err)
	}
	// A dead letter of the forgotten case is not retried back.
	if err := s.Retry(context.Background(), last.Items[0]); err != nil {
		t.Fatal(err)
	}
	checkItems(t, s, "CFGT", f.Items, []bot.Outgoing{item("CFGT", "glemt")})
}

// testResidents2000: one page takes 2,000 answers of 2,000 characters:
// most in one commit, the last ones one at a time as the page adds them;
// one is removed; forget takes them all.
func testResidents2000(t *testing.T, s bot.Store) {
	c := newCase("CRES")
	c.Residents = &dialogs.ResidentsPage{Code: "r3s1d3nts2", Open: true, Opened: t0, Next: 1}
	add := func(p *dialogs.ResidentsPage) {
		p.Answers = append(p.Answers, dialogs.ResidentAnswer{N: p.Next, Text: text(2000, p.Next), Age: "19-66", At: t0})
		p.Next++
	}
	for range 1990 {
		add(c.Residents)
	}
	rev := create(t, s, c)
	got, _ := load(t, s, "CRES")
	if !same(got, c) {
		t.Fatalf("a page of 1,990 answers came back with %d", len(got.Residents.Answers))
	}
	for range 10 {
		was := got
		now := was.Clone()
		add(now.Residents)
		rev = commitCase(t, s, rev, was, now, fmt.Sprintf("answer %d", now.Residents.Next-1))
		got = now
	}
	was := got
	now := was.Clone()
	now.Residents.Answers = append(now.Residents.Answers[:5], now.Residents.Answers[6:]...)
	now.Residents.Removed = []int{6}
	rev = commitCase(t, s, rev, was, now, "remove answer 6")
	if len(now.Residents.Answers) != 1999 {
		t.Fatalf("%d answers", len(now.Residents.Answers))
	}
	if ch, err := s.CodeChannel(context.Background(), "r3s1d3nts2"); err != nil || ch != "CRES" {
		t.Fatalf("code: %q %v", ch, err)
	}
	if _, err := s.Commit(context.Background(), bot.Change{Channel: "CRES", Base: rev, Forget: true, At: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CodeChannel(context.Background(), "r3s1d3nts2"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("the code survived forget: %v", err)
	}
	fresh := newCase("CRES")
	fresh.Residents = &dialogs.ResidentsPage{Code: "n3wc0de000", Open: true, Opened: t0, Next: 1}
	create(t, s, fresh)
	if got, _ := load(t, s, "CRES"); len(got.Residents.Answers) != 0 {
		t.Fatalf("%d answers of the forgotten page came back", len(got.Residents.Answers))
	}
}
