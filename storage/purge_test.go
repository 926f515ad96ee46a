package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// secretCase is a case whose every text carries marker: its name, the
// team's answers and their authors' names, reports, notes, the residents'
// page (title, answers, updates). It is committed in several steps, as a
// team answers, so that older copies of its pages are freed on the way.
func secretCase(t *testing.T, db *storage.DB, channel, marker string) {
	t.Helper()
	c := dialogs.Coach{}.NewCase(channel, "slack", "sak-"+marker+"-navn", t0)
	c.State, c.Round, c.Current = dialogs.StateAsking, 1, 1
	c.Residents = &dialogs.ResidentsPage{Code: "r" + marker, Title: marker + " tittel", Open: true, Opened: t0, Next: 1}
	res, err := db.Commit(context.Background(), bot.Change{Channel: channel, Case: c})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 14; i++ {
		was := c.Clone()
		c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: i, Author: "U" + marker, Name: marker + " Nordmann",
			Text: fmt.Sprintf("%s svar %d %s", marker, i, bytes.Repeat([]byte("."), 200)), At: t0, Ref: fmt.Sprintf("%d.1", i)})
		c.Residents.Answers = append(c.Residents.Answers, dialogs.ResidentAnswer{N: i, Text: fmt.Sprintf("%s innbygger %d", marker, i), At: t0})
		c.Residents.Next = i + 1
		if i%4 == 0 {
			c.Reports = append(c.Reports, dialogs.Report{Author: "U" + marker, Name: marker + " Nordmann", Text: marker + " rapport", At: t0})
			c.Notes = append(c.Notes, dialogs.Report{Author: "U" + marker, Text: marker + " notat", At: t0})
			c.Residents.Updates = append(c.Residents.Updates, dialogs.PageUpdate{Text: marker + " oppdatering", At: t0})
		}
		c.Current = min(i+1, 14)
		if res, err = db.Commit(context.Background(), bot.Change{Channel: channel, Base: res.Rev, Case: c, Was: was,
			Outbox: []bot.Outgoing{{Platform: "slack", Channel: channel, Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: marker + " kvittering"}}}}); err != nil {
			t.Fatal(err)
		}
	}
}

// traces says where marker is still found in the raw bytes of the file.
func traces(t *testing.T, path, marker string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte(marker))
}

// After a forget, the raw bytes of the database file and of a backup made
// afterwards hold nothing of the case; the cases kept are whole.
func TestForgetLeavesNoTextInTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "involve.db")
	db := open(t, path)
	secretCase(t, db, "C0KEEP", "BEHOLDMERKE")
	secretCase(t, db, "C0GONE", "GLEMMERKE")
	secretCase(t, db, "C0KEEP2", "BEHOLDTO")
	if n := traces(t, path, "GLEMMERKE"); n == 0 {
		t.Fatal("the marker is not in the file to begin with")
	}
	_, rev, _ := db.Load(context.Background(), "C0GONE")
	if _, err := db.Commit(context.Background(), bot.Change{Channel: "C0GONE", Base: rev, Forget: true, EventID: "EvForget",
		Outbox: []bot.Outgoing{{Platform: "slack", Channel: "C0GONE", Reply: dialogs.Reply{Kind: dialogs.ReplyText, Text: "Glemt."}}}}); err != nil {
		t.Fatal(err)
	}
	if n := traces(t, path, "GLEMMERKE"); n != 0 {
		t.Fatalf("the database file holds %d traces of the forgotten case", n)
	}
	backup := filepath.Join(dir, "backup.db")
	f, err := os.Create(backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if n := traces(t, backup, "GLEMMERKE"); n != 0 {
		t.Fatalf("a backup made after the forget holds %d traces of the forgotten case", n)
	}
	pages, pause := db.LastPurge()
	t.Logf("the purge cleared %d free pages in %v", pages, pause)
	for _, ch := range []string{"C0KEEP", "C0KEEP2"} {
		c, err := db.Case(ch)
		if err != nil || len(c.Answers) != 14 || len(c.Residents.Answers) != 14 || len(c.Reports) != 3 {
			t.Fatalf("%s after the purge: %v", ch, err)
		}
	}
	if n := traces(t, backup, "BEHOLDMERKE"); n == 0 {
		t.Fatal("the backup lacks the case kept")
	}
	db.Close()
	db = open(t, path) // the cleanup checks the file
	if _, err := db.Case("C0KEEP2"); err != nil {
		t.Fatal(err)
	}
}

// Retention deletes closed cases as forget does, and leaves no trace of
// them in the file either.
func TestRetentionLeavesNoTextInTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	db := open(t, path)
	secretCase(t, db, "C0OPEN", "AAPENSAK")
	for _, ch := range []string{"C0OLD1", "C0OLD2"} {
		secretCase(t, db, ch, "GAMMEL"+ch)
		c, rev, err := db.Load(context.Background(), ch)
		if err != nil {
			t.Fatal(err)
		}
		was := c.Clone()
		c.State, c.Closed = dialogs.StateClosed, t0
		if _, err := db.Commit(context.Background(), bot.Change{Channel: ch, Base: rev, Case: c, Was: was}); err != nil {
			t.Fatal(err)
		}
	}
	e := bot.New(db, bot.Options{})
	n, err := e.Retain(context.Background(), t0.Add(60*24*time.Hour), 30*24*time.Hour)
	if err != nil || n != 2 {
		t.Fatalf("retention deleted %d: %v", n, err)
	}
	for _, ch := range []string{"C0OLD1", "C0OLD2"} {
		if n := traces(t, path, "GAMMEL"+ch); n != 0 {
			t.Fatalf("the file holds %d traces of %s after retention", n, ch)
		}
	}
	if n := traces(t, path, "AAPENSAK"); n == 0 {
		t.Fatal("the open case is gone")
	}
}

// A forget whose process stopped before the purge leaves the purge owed in
// the file; the next open purges before anything else.
func TestAnOwedPurgeRunsAtOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	db := open(t, path)
	secretCase(t, db, "C0GONE", "UTESTAAENDE")
	db.Close()
	// What the forget's own transaction writes, without the purge after it.
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"cases", "records", "residents", "codes", "refs", "outbox", "nudge"} {
			bk := tx.Bucket([]byte(name))
			if bk == nil {
				continue
			}
			var keys [][]byte
			bk.ForEach(func(k, v []byte) error {
				if bytes.HasPrefix(k, []byte("C0GONE")) || bytes.Contains(v, []byte("C0GONE")) {
					keys = append(keys, bytes.Clone(k))
				}
				return nil
			})
			for _, k := range keys {
				if err := bk.Delete(k); err != nil {
					return err
				}
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("purge"), []byte{1})
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n := traces(t, path, "UTESTAAENDE"); n == 0 {
		t.Fatal("the deleted texts should still be in the free pages here")
	}
	db = open(t, path)
	if n := traces(t, path, "UTESTAAENDE"); n != 0 {
		t.Fatalf("%d traces after the owed purge", n)
	}
}

// BenchmarkForget10000Cases forgets one case in a file of 10,000 cases
// (14 answers, 3 reports and 14 residents' answers each) and reports how
// long the forget's commit takes, purge included, and the pause the purge
// imposes on readers and writers.
func BenchmarkForget10000Cases(b *testing.B) {
	path := filepath.Join(b.TempDir(), "involve.db")
	// Filled without fsync (the filling is not measured), then opened as
	// serve opens it.
	db, err := storage.Open(path, &storage.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	const n = 10000
	for i := range n {
		c := dialogs.Coach{}.NewCase(fmt.Sprintf("C%05d", i), "slack", fmt.Sprintf("sak-%05d", i), t0)
		c.State, c.Round, c.Current = dialogs.StateAsking, 1, 14
		c.Residents = &dialogs.ResidentsPage{Code: fmt.Sprintf("r%09d", i), Open: true, Opened: t0, Next: 15}
		for q := 1; q <= 14; q++ {
			c.Answers = append(c.Answers, dialogs.Answer{Round: 1, Question: q, Author: "U1", Name: "Kari Nordmann",
				Text: fmt.Sprintf("Svar %d på spørsmål %d, med noen setninger om hva teamet tenker.", i, q), At: t0})
			c.Residents.Answers = append(c.Residents.Answers, dialogs.ResidentAnswer{N: q, Text: "Mer lys på torget om kvelden.", At: t0})
		}
		for r := range 3 {
			c.Reports = append(c.Reports, dialogs.Report{Author: "U1", Text: fmt.Sprintf("Rapport %d: beboerne fikk se skissene.", r), At: t0})
		}
		if _, err := db.Commit(context.Background(), bot.Change{Channel: c.Channel, Case: c}); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	if db, err = storage.Open(path, nil); err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	st, _ := db.Stats()
	var pause time.Duration
	pages := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ch := fmt.Sprintf("C%05d", i%n)
		_, rev, err := db.Load(context.Background(), ch)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Commit(context.Background(), bot.Change{Channel: ch, Base: rev, Forget: true}); err != nil {
			b.Fatal(err)
		}
		p, d := db.LastPurge()
		pause += d
		pages += p
	}
	b.StopTimer()
	// For comparison: a copy of the live keys into a fresh file (what a
	// backup does, and what a compaction after each forget would cost).
	start := time.Now()
	if err := db.CopyTo(filepath.Join(b.TempDir(), "copy.db")); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds()), "copy-ms")
	b.ReportMetric(float64(st.FileBytes)/(1<<20), "file-MiB")
	b.ReportMetric(float64(pause.Microseconds())/float64(b.N)/1000, "pause-ms/forget")
	b.ReportMetric(float64(pages)/float64(b.N), "pages-cleared/forget")
}
