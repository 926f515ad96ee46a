package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// BenchmarkWriteWhileBackupIsReadSlowly measures the p99 of durable commits
// (an answer's write) while a client reads hot backups slowly, against the
// same writes alone. "snapshot" is /admin/backup as built (a file written
// in a short read transaction, then sent); "read-tx" streams from the read
// transaction to the slow client, as /admin/backup once did, for
// comparison. Run: go test -run - -bench WriteWhileBackup ./cmd/involvebot/
func BenchmarkWriteWhileBackupIsReadSlowly(b *testing.B) {
	for _, mode := range []string{"alone", "snapshot", "read-tx"} {
		b.Run(mode, func(b *testing.B) {
			dir := b.TempDir()
			db, err := storage.Open(filepath.Join(dir, "involve.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			text := strings.Repeat("svar ", 400)
			commit := func(i int) {
				c := dialogs.Coach{}.NewCase(fmt.Sprintf("C%07d", i), "slack", "sak-x", time.Now())
				c.Answers = []dialogs.Answer{{Round: 1, Question: 1, Author: "U1", Text: text, At: time.Now()}}
				if _, err := db.Commit(context.Background(), bot.Change{Channel: c.Channel, Case: c}); err != nil {
					b.Fatal(err)
				}
			}
			for i := range 500 {
				commit(1_000_000 + i)
			}
			s := &server{db: db, log: slog.New(slog.DiscardHandler)}
			srv := httptest.NewServer(http.HandlerFunc(s.backup))
			defer srv.Close()
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			if mode != "alone" {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for ctx.Err() == nil {
						if mode == "snapshot" {
							req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
							resp, err := http.DefaultClient.Do(req)
							if err != nil {
								return
							}
							throttled(ctx, resp.Body, 1<<20)
							resp.Body.Close()
						} else {
							db.Backup(&slowWriter{ctx: ctx, rate: 1 << 20})
						}
					}
				}()
				time.Sleep(50 * time.Millisecond) // let the first backup start
			}
			lat := make([]time.Duration, 0, b.N)
			i := 0
			for b.Loop() {
				start := time.Now()
				commit(i)
				lat = append(lat, time.Since(start))
				i++
			}
			cancel()
			wg.Wait()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-µs")
		})
	}
}

// throttled reads r at about rate bytes per second until it ends or ctx does.
func throttled(ctx context.Context, r io.Reader, rate int) {
	buf := make([]byte, 16<<10)
	for ctx.Err() == nil {
		n, err := r.Read(buf)
		if err != nil {
			return
		}
		time.Sleep(time.Duration(n) * time.Second / time.Duration(rate))
	}
}

// slowWriter accepts about rate bytes per second: a slow client on the
// other end of a stream.
type slowWriter struct {
	ctx  context.Context
	rate int
}

func (w *slowWriter) Write(p []byte) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, err
	}
	time.Sleep(time.Duration(len(p)) * time.Second / time.Duration(w.rate))
	return len(p), nil
}
