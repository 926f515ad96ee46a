package teams

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
)

// BenchmarkActivitiesEndToEnd drives POST /api/messages the way the Bot
// Connector does, several deliveries at once: each activity's token is
// verified, the activity is translated, stored durably by the engine (bbolt,
// fsync), and its reply is posted to the fake Connector. It reports
// activities per second (until every reply was posted), the p50 and p99
// latency of the POST, and the share of the CPU time per activity that
// checking the token takes (as paid, and if every token were new).
//
//	go test -run XXX -bench ActivitiesEndToEnd -cpu 2 ./bot/teams/
func BenchmarkActivitiesEndToEnd(b *testing.B) {
	e := newCoachE2E(b, nil)
	su := e.f.serviceURL()
	auth := "Bearer " + e.f.token()
	e.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	// Cases in 32 channels, each with its first question open.
	const channels = 32
	chans := make([]string, channels)
	for i := range chans {
		chans[i] = fmt.Sprintf("19:bench%02d@thread.tacv2", i)
		id := fmt.Sprint(1732690000000 + i)
		act := channelMessage(su, id, id, "<at>Involve</at> start", true)
		act["conversation"].(map[string]any)["id"] = chans[i] + ";messageid=" + id
		act["channelData"] = teamsChannelData(chans[i])
		e.send(act)
	}
	e.settle()
	before := len(e.f.recorded())

	// Each activity asks for the status in a thread of its own, so each
	// is stored and answered with one post.
	bodies := make([][]byte, b.N)
	for i := range bodies {
		ch := chans[i%channels]
		id := fmt.Sprint(1732700000000 + i)
		act := channelMessage(su, id, id, "<at>Involve</at> status", true)
		act["conversation"].(map[string]any)["id"] = ch + ";messageid=" + id
		act["channelData"] = teamsChannelData(ch)
		bodies[i] = mustJSON(b, act)
	}
	lat := make([]time.Duration, b.N)
	var next, failed atomic.Int64

	b.SetParallelism(8) // 8 deliveries in flight per core
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/messages", bytes.NewReader(bodies[i]))
			req.Header.Set("Content-Type", "application/json; charset=utf-8")
			req.Header.Set("Authorization", auth)
			t0 := time.Now()
			resp, err := e.client.Do(req)
			if err != nil {
				failed.Add(1)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lat[i] = time.Since(t0)
			if resp.StatusCode != http.StatusOK {
				failed.Add(1)
			}
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := e.eng.Settle(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()

	if n := failed.Load(); n > 0 {
		b.Fatalf("%d activities failed", n)
	}
	if got := len(e.f.recorded()) - before; got != b.N {
		b.Fatalf("%d replies posted for %d activities", got, b.N)
	}

	// What checking one token costs with the keys cached: as paid here
	// (the Connector's token was verified once and is remembered), and
	// the full verification of a token not seen before.
	const probes = 200
	probe := func(check func() error) time.Duration {
		t0 := time.Now()
		for range probes {
			if err := check(); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(t0) / probes
	}
	raw := auth[len("Bearer "):]
	// Paid per activity: the handler's check before the body is read, and
	// ParseRequest's with the activity, both from the memory of tokens.
	act := schema.Activity{Type: schema.Message, ServiceURL: su, ChannelID: "msteams"}
	paid := probe(func() error {
		ctx := context.Background()
		if _, err := e.adapter.validator.Validate(ctx, auth); err != nil {
			return err
		}
		_, err := e.adapter.bf.TokenValidator.AuthenticateRequest(ctx, act, auth, e.adapter.bf.CredentialProvider, "")
		return err
	})
	full := probe(func() error { _, err := e.adapter.validator.verify(context.Background(), raw, time.Now()); return err })

	slices.Sort(lat)
	// Shares are of the CPU time available per activity (all cores).
	cpuPerActivity := float64(elapsed) * float64(runtime.GOMAXPROCS(0)) / float64(b.N)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "activities/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(100*float64(paid)/cpuPerActivity, "jwt-%")
	b.ReportMetric(100*float64(full)/cpuPerActivity, "jwt-full-%")
}

// BenchmarkValidate is the token check alone, keys cached: "remembered" is
// the usual case of a token the Connector sent before, "full" the complete
// verification of a new one (RSA signature, claims).
func BenchmarkValidate(b *testing.B) {
	f := newFakeBotFramework(b)
	v := newTestValidator(b, f)
	auth := "Bearer " + f.token()
	if _, err := v.Validate(context.Background(), auth); err != nil {
		b.Fatal(err)
	}
	b.Run("remembered", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := v.Validate(context.Background(), auth); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("full", func(b *testing.B) {
		raw := f.token()
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := v.verify(context.Background(), raw, time.Now()); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
